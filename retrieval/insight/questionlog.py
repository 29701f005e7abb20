"""The question log: every question the bot answered or declined (and the CLI's, with `--log`), its latency,
the documents it cited and the helpful / not helpful votes on it, in SQLite in the data folder.

Each answer gets a row id that its buttons carry in their custom_id, so a click on a message sent before a
restart still finds its answer; the answer's "more sources" are kept with it for the same reason. Rows older
than LOG_RETENTION_DAYS are deleted. The asker's id is stored only with LOG_USER_IDS=true; a voter is kept as
a one-way key (a keyed hash, the key random per file) so a member's second click changes their vote.
Blocking (sqlite3): the bot calls it through `asyncio.to_thread`. One short-lived connection per call, so any
thread (and another process: the command line) may use the file.
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

from retrieval.insight.migrations import migrate
from retrieval.records import Answer, Citation, LoggedQuestion, StoredAnswer, Usage, UsageDay, Vote
from retrieval.settings import Settings

log = logging.getLogger(__name__)

LOG_FILE = "feedback.sqlite3"
DEFAULT_DAYS = 30  # the period /stats, /gaps and their commands look at unless told
DAY_S = 86_400.0
_QUESTION_COLUMNS = (
    "a.id, a.created_at, a.question, a.abstained, a.reason, a.latency_ms, a.citations, a.origin, a.guild_id,"
    " a.channel_id, a.user_id, COALESCE(SUM(v.helpful), 0), COUNT(v.helpful) - COALESCE(SUM(v.helpful), 0)"
)


class QuestionLog:
    def __init__(
        self,
        path: Path,
        retention_days: int = 90,
        log_user_ids: bool = False,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.path = path
        self.retention_days = retention_days
        self.log_user_ids = log_user_ids
        self._clock = clock
        self._ready = False
        self._voter_key = b""

    @classmethod
    def for_settings(cls, settings: Settings, clock: Callable[[], float] = time.time) -> QuestionLog:
        """The log in DATA_DIR with LOG_RETENTION_DAYS and LOG_USER_IDS."""
        return cls(settings.data_path / LOG_FILE, settings.log_retention_days, settings.log_user_ids, clock)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        if not self._ready:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(self.path, timeout=30)) as db:
            if not self._ready:
                migrate(db)
                self._voter_key = _voter_key(db)
                self._ready = True
            with db:  # one transaction, committed on success
                yield db

    # -- writing -------------------------------------------------------------------------------------

    def record(
        self,
        answer: Answer,
        more_sources: list[Citation] | tuple[Citation, ...] = (),
        origin: str = "discord",
        guild_id: int | None = None,
        channel_id: int | None = None,
        user_id: int | None = None,
    ) -> int:
        """Log an answer (or a declined question); its row id. Rows past the retention period go first."""
        now = self._clock()
        with self._connect() as db:
            self._purge(db, now)
            cursor = db.execute(
                "INSERT INTO answers (created_at, question, answer, abstained, citations, more_sources, guild_id,"
                " channel_id, user_id, reason, latency_ms, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    now,
                    answer.question,
                    answer.text,
                    int(answer.abstained),
                    json.dumps([asdict(c) for c in answer.citations]),
                    json.dumps([asdict(c) for c in more_sources]),
                    guild_id,
                    channel_id,
                    user_id if self.log_user_ids else None,
                    answer.reason,
                    answer.elapsed_ms,
                    origin,
                ),
            )
            answer_id = cursor.lastrowid
        assert answer_id is not None
        log.info("question logged id=%d declined=%s origin=%s", answer_id, answer.abstained, origin)
        return answer_id

    def record_vote(self, answer_id: int, user_id: int, helpful: bool) -> bool:
        """Store (or change) a member's vote; False when the answer is unknown (or past retention)."""
        with self._connect() as db:
            if db.execute("SELECT 1 FROM answers WHERE id = ?", (answer_id,)).fetchone() is None:
                return False
            db.execute(
                "INSERT INTO votes (answer_id, user_id, helpful, voted_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (answer_id, user_id) DO UPDATE SET helpful = excluded.helpful, "
                "voted_at = excluded.voted_at",
                (answer_id, self._voter(user_id), int(helpful), self._clock()),
            )
        log.info("feedback answer_id=%d helpful=%s", answer_id, helpful)
        return True

    def purge(self) -> int:
        """Delete the rows older than the retention period (and their votes), and the askers' ids unless
        LOG_USER_IDS; how many questions went. Each `record` does it too."""
        with self._connect() as db:
            return self._purge(db, self._clock())

    def _purge(self, db: sqlite3.Connection, now: float) -> int:
        cutoff = now - self.retention_days * DAY_S
        db.execute("DELETE FROM votes WHERE answer_id IN (SELECT id FROM answers WHERE created_at < ?)", (cutoff,))
        removed = db.execute("DELETE FROM answers WHERE created_at < ?", (cutoff,)).rowcount
        if removed:
            log.info("question log purged rows=%d retention_days=%d", removed, self.retention_days)
        if not self.log_user_ids:  # ids kept by an older store, or while LOG_USER_IDS was true
            db.execute("UPDATE answers SET user_id = NULL WHERE user_id IS NOT NULL")
        return removed

    def _voter(self, user_id: int) -> int:
        if self.log_user_ids:
            return user_id
        digest = hashlib.blake2b(str(user_id).encode(), key=self._voter_key, digest_size=7).digest()
        return int.from_bytes(digest, "big")

    def claim(self, key: str) -> bool:
        """Set a once-only flag (a digest sent for a day): True if this call set it, False if it was set."""
        with self._connect() as db:
            cursor = db.execute("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)", (key, str(self._clock())))
            return cursor.rowcount == 1

    def release(self, key: str) -> None:
        """Clear a flag set by `claim` (the work it stood for failed)."""
        with self._connect() as db:
            db.execute("DELETE FROM meta WHERE key = ?", (key,))

    # -- reading -------------------------------------------------------------------------------------

    def answer(self, answer_id: int) -> StoredAnswer | None:
        with self._connect() as db:
            row = db.execute(
                "SELECT id, question, answer, more_sources FROM answers WHERE id = ?", (answer_id,)
            ).fetchone()
        if row is None:
            return None
        more = tuple(Citation.from_dict(item) for item in json.loads(row[3]))
        return StoredAnswer(row[0], row[1], row[2], more)

    def votes(self) -> list[Vote]:
        with self._connect() as db:
            rows = db.execute(
                "SELECT v.answer_id, v.user_id, v.helpful, a.question, a.answer FROM votes v "
                "JOIN answers a ON a.id = v.answer_id ORDER BY v.voted_at"
            ).fetchall()
        return [Vote(r[0], r[1], bool(r[2]), r[3], r[4]) for r in rows]

    def totals(self) -> tuple[int, int]:
        """(helpful, not helpful) votes over the whole log."""
        with self._connect() as db:
            row = db.execute(
                "SELECT COALESCE(SUM(helpful), 0), COUNT(*) - COALESCE(SUM(helpful), 0) FROM votes"
            ).fetchone()
        return int(row[0]), int(row[1])

    def questions(self, days: int | None = None) -> list[LoggedQuestion]:
        """The logged questions of the last `days` days (all kept ones when None), oldest first."""
        since = self._clock() - days * DAY_S if days else 0.0
        with self._connect() as db:
            rows = db.execute(
                f"SELECT {_QUESTION_COLUMNS} FROM answers a LEFT JOIN votes v ON v.answer_id = a.id "
                "WHERE a.created_at >= ? GROUP BY a.id ORDER BY a.created_at, a.id",
                (since,),
            ).fetchall()
        return [_logged(row) for row in rows]

    def usage(self, days: int) -> Usage:
        """Questions per day, declined, votes and latency percentiles over the last `days` days (UTC)."""
        today = datetime.fromtimestamp(self._clock(), UTC).date()
        first = today - timedelta(days=days - 1)
        start = datetime(first.year, first.month, first.day, tzinfo=UTC).timestamp()
        rows = [q for q in self.questions(days + 1) if q.asked_at >= start]
        by_day: dict[str, list[LoggedQuestion]] = {(first + timedelta(days=i)).isoformat(): [] for i in range(days)}
        for row in rows:
            by_day.setdefault(datetime.fromtimestamp(row.asked_at, UTC).date().isoformat(), []).append(row)
        p50, p95 = _percentiles(rows)
        return Usage(
            days=days,
            questions=len(rows),
            declined=sum(q.declined for q in rows),
            helpful_votes=sum(q.helpful_votes for q in rows),
            unhelpful_votes=sum(q.unhelpful_votes for q in rows),
            latency_p50_ms=p50 or 0.0,
            latency_p95_ms=p95 or 0.0,
            per_day=tuple(_day(day, items) for day, items in sorted(by_day.items())),
        )


def _voter_key(db: sqlite3.Connection) -> bytes:
    """This file's random key for voters' one-way keys (made on first use)."""
    with db:
        db.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('voter_key', ?)", (secrets.token_hex(16),))
        row = db.execute("SELECT value FROM meta WHERE key = 'voter_key'").fetchone()
    return bytes.fromhex(row[0])


def _logged(row: tuple) -> LoggedQuestion:  # type: ignore[type-arg]
    # a citation's document is nested ("document": {...}); rows written before records nested have it flat
    cited = tuple(dict.fromkeys((c.get("document") or c)["doc_id"] for c in json.loads(row[6])))
    return LoggedQuestion(
        id=row[0],
        asked_at=row[1],
        question=row[2],
        declined=bool(row[3]),
        reason=row[4],
        latency_ms=row[5],
        cited_documents=cited,
        origin=row[7],
        guild_id=row[8],
        channel_id=row[9],
        user_id=row[10],
        helpful_votes=int(row[11]),
        unhelpful_votes=int(row[12]),
    )


def _percentiles(rows: list[LoggedQuestion]) -> tuple[float | None, float | None]:
    latencies = [q.latency_ms for q in rows if q.latency_ms is not None]
    if not latencies:
        return None, None
    p50, p95 = np.percentile(np.array(latencies), [50, 95])
    return float(p50), float(p95)


def _day(day: str, rows: list[LoggedQuestion]) -> UsageDay:
    p50, p95 = _percentiles(rows)
    return UsageDay(
        day=day,
        questions=len(rows),
        declined=sum(q.declined for q in rows),
        helpful_votes=sum(q.helpful_votes for q in rows),
        unhelpful_votes=sum(q.unhelpful_votes for q in rows),
        latency_p50_ms=p50,
        latency_p95_ms=p95,
    )
