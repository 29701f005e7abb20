"""Answers the bot gave and the helpful / not helpful votes on them, in SQLite in the data folder.

Each answer gets a row id that its buttons carry in their custom_id, so a click on a message sent before a
restart still finds its answer. The "more sources" of an answer are kept with it for the same reason.
Blocking (sqlite3): the cogs call it through `asyncio.to_thread`. One short-lived connection per call, so
any thread may use the store.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from retrieval import Citation

log = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at REAL NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    abstained INTEGER NOT NULL,
    citations TEXT NOT NULL,
    more_sources TEXT NOT NULL,
    guild_id INTEGER,
    channel_id INTEGER,
    user_id INTEGER
);
CREATE TABLE IF NOT EXISTS votes (
    answer_id INTEGER NOT NULL REFERENCES answers(id),
    user_id INTEGER NOT NULL,
    helpful INTEGER NOT NULL,
    voted_at REAL NOT NULL,
    PRIMARY KEY (answer_id, user_id)
);
"""


@dataclass(frozen=True)
class StoredAnswer:
    id: int
    question: str
    answer: str
    more_sources: tuple[Citation, ...]


@dataclass(frozen=True)
class Vote:
    answer_id: int
    user_id: int
    helpful: bool
    question: str
    answer: str


class FeedbackStore:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._ready = False

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        if not self._ready:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(self.path, timeout=30)) as db:
            if not self._ready:
                db.executescript(SCHEMA)
                self._ready = True
            with db:  # one transaction, committed on success
                yield db

    def record_answer(
        self,
        question: str,
        answer: str,
        abstained: bool,
        citations: tuple[Citation, ...] | list[Citation],
        more_sources: list[Citation],
        guild_id: int | None = None,
        channel_id: int | None = None,
        user_id: int | None = None,
    ) -> int:
        with self._connect() as db:
            cursor = db.execute(
                "INSERT INTO answers (created_at, question, answer, abstained, citations, more_sources, guild_id,"
                " channel_id, user_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    time.time(),
                    question,
                    answer,
                    int(abstained),
                    json.dumps([asdict(c) for c in citations]),
                    json.dumps([asdict(c) for c in more_sources]),
                    guild_id,
                    channel_id,
                    user_id,
                ),
            )
            answer_id = cursor.lastrowid
        assert answer_id is not None
        return answer_id

    def answer(self, answer_id: int) -> StoredAnswer | None:
        with self._connect() as db:
            row = db.execute(
                "SELECT id, question, answer, more_sources FROM answers WHERE id = ?", (answer_id,)
            ).fetchone()
        if row is None:
            return None
        more = tuple(Citation(**item) for item in json.loads(row[3]))
        return StoredAnswer(row[0], row[1], row[2], more)

    def record_vote(self, answer_id: int, user_id: int, helpful: bool) -> bool:
        """Store (or change) a member's vote; False when the answer is unknown."""
        with self._connect() as db:
            if db.execute("SELECT 1 FROM answers WHERE id = ?", (answer_id,)).fetchone() is None:
                return False
            db.execute(
                "INSERT INTO votes (answer_id, user_id, helpful, voted_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (answer_id, user_id) DO UPDATE SET helpful = excluded.helpful, "
                "voted_at = excluded.voted_at",
                (answer_id, user_id, int(helpful), time.time()),
            )
        log.info("feedback answer_id=%d helpful=%s", answer_id, helpful)
        return True

    def votes(self) -> list[Vote]:
        with self._connect() as db:
            rows = db.execute(
                "SELECT v.answer_id, v.user_id, v.helpful, a.question, a.answer FROM votes v "
                "JOIN answers a ON a.id = v.answer_id ORDER BY v.voted_at"
            ).fetchall()
        return [Vote(r[0], r[1], bool(r[2]), r[3], r[4]) for r in rows]

    def totals(self) -> tuple[int, int]:
        """(helpful, not helpful) over all answers."""
        with self._connect() as db:
            row = db.execute(
                "SELECT COALESCE(SUM(helpful), 0), COUNT(*) - COALESCE(SUM(helpful), 0) FROM votes"
            ).fetchone()
        return int(row[0]), int(row[1])
