"""The question log: what it keeps, retention, asker ids, usage figures, and the schema's migrations."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest

from retrieval.insight.migrations import MIGRATIONS, applied, migrate
from retrieval.insight.questionlog import DAY_S, QuestionLog
from retrieval.records import Answer
from tests.cogs.records import answer, citation

NOON = datetime(2026, 11, 30, 12, 0, tzinfo=UTC).timestamp()  # a Monday


class Clock:
    def __init__(self, now: float = NOON) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def declined(question: str, ms: float = 50.0) -> Answer:
    return Answer(
        question, "The briefings do not answer this.", (), True, reason="no passage close enough", elapsed_ms=ms
    )


def test_keeps_answers_votes_and_more_sources_across_restarts(tmp_path: Path) -> None:
    path = tmp_path / "data" / "feedback.sqlite3"
    log = QuestionLog(path)
    answer_id = log.record(answer("a [1]", (citation(1),), question="q?"), [citation(6)], "discord", 1, 2, 3)
    assert log.record_vote(answer_id, 42, True)
    assert log.record_vote(answer_id, 42, False)  # a member changes their vote
    assert not log.record_vote(answer_id + 100, 42, True)
    again = QuestionLog(path)  # a restarted bot
    stored = again.answer(answer_id)
    assert stored is not None and stored.question == "q?" and stored.more_sources == (citation(6),)
    assert [(v.answer_id, v.helpful, v.question, v.answer) for v in again.votes()] == [
        (answer_id, False, "q?", "a [1]")
    ]
    assert again.totals() == (0, 1)


def test_a_row_holds_what_the_log_promises(tmp_path: Path) -> None:
    clock = Clock()
    log = QuestionLog(tmp_path / "log.sqlite3", clock=clock)
    first = log.record(
        answer("a [1] [2]", (citation(1), citation(2), citation(1, chunk_id="c9")), elapsed_ms=80.0),
        [],
        "discord",
        10,
        20,
        30,
    )
    second = log.record(declined("who won the cup?"), [], "cli")
    log.record_vote(first, 1, True)
    log.record_vote(first, 2, False)
    log.record_vote(second, 1, False)
    rows = log.questions()
    assert [(q.id, q.question, q.declined, q.reason, q.latency_ms, q.origin) for q in rows] == [
        (first, "what does Iran want?", False, "", 80.0, "discord"),
        (second, "who won the cup?", True, "no passage close enough", 50.0, "cli"),
    ]
    assert rows[0].cited_documents == ("doc-1.txt", "doc-2.txt")
    assert (rows[0].guild_id, rows[0].channel_id, rows[0].asked_at) == (10, 20, NOON)
    assert (rows[0].helpful_votes, rows[0].unhelpful_votes, rows[0].found_unhelpful) == (1, 1, False)
    assert (rows[1].helpful_votes, rows[1].unhelpful_votes, rows[1].found_unhelpful) == (0, 1, True)


def test_asker_and_voter_ids_are_kept_only_with_log_user_ids(tmp_path: Path) -> None:
    private = QuestionLog(tmp_path / "private.sqlite3")
    row = private.record(answer("a", ()), [], "discord", 1, 2, user_id=123456789)
    private.record_vote(row, 123456789, True)
    private.record_vote(row, 123456789, False)  # the same member: still one vote
    assert private.questions()[0].user_id is None
    votes = private.votes()
    assert len(votes) == 1 and votes[0].user_id != 123456789
    with closing(sqlite3.connect(tmp_path / "private.sqlite3")) as db:
        assert db.execute("SELECT COUNT(*) FROM answers WHERE user_id IS NOT NULL").fetchone() == (0,)
        assert db.execute("SELECT COUNT(*) FROM votes WHERE user_id = 123456789").fetchone() == (0,)
    kept = QuestionLog(tmp_path / "kept.sqlite3", log_user_ids=True)
    row = kept.record(answer("a", ()), [], "discord", 1, 2, user_id=123456789)
    kept.record_vote(row, 123456789, True)
    assert kept.questions()[0].user_id == 123456789 and kept.votes()[0].user_id == 123456789
    turned_off = QuestionLog(tmp_path / "kept.sqlite3")
    assert turned_off.questions()[0].user_id == 123456789  # reading changes nothing
    turned_off.record(answer("b", ()), [], "discord", 1, 2, user_id=5)
    assert [q.user_id for q in turned_off.questions()] == [None, None]  # writing forgets the kept ids


def test_rows_past_retention_are_deleted_with_their_votes(tmp_path: Path) -> None:
    clock = Clock()
    log = QuestionLog(tmp_path / "log.sqlite3", retention_days=90, clock=clock)
    old = log.record(declined("an old question"))
    log.record_vote(old, 1, False)
    clock.now += 89 * DAY_S
    recent = log.record(declined("a recent question"))
    assert [q.question for q in log.questions()] == ["an old question", "a recent question"]
    clock.now += 2 * DAY_S  # the first is now 91 days old
    assert log.purge() == 1
    assert [q.id for q in log.questions()] == [recent]
    assert log.votes() == [] and log.answer(old) is None
    assert not log.record_vote(old, 1, True)
    clock.now += 91 * DAY_S
    log.record(declined("a new one"))  # recording purges too
    assert [q.question for q in log.questions()] == ["a new one"]


def test_usage_per_day_with_shares_and_percentiles(tmp_path: Path) -> None:
    clock = Clock(NOON - 3 * DAY_S)
    log = QuestionLog(tmp_path / "log.sqlite3", clock=clock)
    log.record(declined("long ago", ms=1.0))  # outside a 3-day window
    clock.now = NOON - 2 * DAY_S
    for ms in (100.0, 200.0, 300.0):
        row = log.record(answer("a", (), elapsed_ms=ms))
    log.record_vote(row, 7, True)
    log.record(declined("no idea", ms=400.0))
    clock.now = NOON
    log.record_vote(log.record(answer("b", (), elapsed_ms=50.0)), 7, False)
    usage = log.usage(3)
    assert [(d.day, d.questions, d.declined) for d in usage.per_day] == [
        ("2026-11-28", 4, 1),
        ("2026-11-29", 0, 0),
        ("2026-11-30", 1, 0),
    ]
    first = usage.per_day[0]
    assert (first.helpful_votes, first.unhelpful_votes, first.latency_p50_ms) == (1, 0, 250.0)
    assert usage.per_day[1].latency_p50_ms is None
    assert (usage.questions, usage.declined, usage.helpful_votes, usage.unhelpful_votes) == (5, 1, 1, 1)
    assert usage.declined_share == pytest.approx(0.2) and usage.helpful_share == pytest.approx(0.5)
    assert usage.latency_p50_ms == 200.0 and usage.latency_p95_ms == pytest.approx(380.0)


def test_claim_is_once_only_until_released(tmp_path: Path) -> None:
    log = QuestionLog(tmp_path / "log.sqlite3")
    assert log.claim("digest:2026-11-30") and not log.claim("digest:2026-11-30")
    assert not QuestionLog(tmp_path / "log.sqlite3").claim("digest:2026-11-30")  # another process
    log.release("digest:2026-11-30")
    assert log.claim("digest:2026-11-30")


# -- migrations ------------------------------------------------------------------------------------

FIRST_STORE_SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    id INTEGER PRIMARY KEY AUTOINCREMENT, created_at REAL NOT NULL, question TEXT NOT NULL, answer TEXT NOT NULL,
    abstained INTEGER NOT NULL, citations TEXT NOT NULL, more_sources TEXT NOT NULL, guild_id INTEGER,
    channel_id INTEGER, user_id INTEGER
);
CREATE TABLE IF NOT EXISTS votes (
    answer_id INTEGER NOT NULL REFERENCES answers(id), user_id INTEGER NOT NULL, helpful INTEGER NOT NULL,
    voted_at REAL NOT NULL, PRIMARY KEY (answer_id, user_id)
);
"""


def test_a_file_from_before_migrations_is_upgraded_and_nothing_is_lost(tmp_path: Path) -> None:
    path = tmp_path / "feedback.sqlite3"
    with closing(sqlite3.connect(path)) as db:  # what the first feedback store wrote
        db.executescript(FIRST_STORE_SCHEMA)
        db.execute(
            "INSERT INTO answers VALUES (7, ?, 'old q?', 'old a [1]', 0, ?, '[]', 1, 2, 3)",
            (NOON - DAY_S, '[{"doc_id": "d.txt"}]'),
        )
        db.execute("INSERT INTO votes VALUES (7, 3, 0, ?)", (NOON - DAY_S,))
        db.commit()
    log = QuestionLog(path, log_user_ids=True, clock=Clock())
    [row] = log.questions()
    assert (row.id, row.question, row.declined, row.cited_documents, row.user_id) == (7, "old q?", False, ("d.txt",), 3)
    assert (row.reason, row.latency_ms, row.origin, row.unhelpful_votes) == ("", None, "discord", 1)
    assert log.record_vote(7, 3, True) and log.totals() == (1, 0)
    new = log.record(declined("new q?"))
    assert new == 8 and log.questions()[1].reason == "no passage close enough"
    with closing(sqlite3.connect(path)) as db:
        assert applied(db) == [m.__name__ for m in MIGRATIONS]
        assert migrate(db) == []  # applied once only


def test_migrations_apply_in_order_once_and_a_failed_one_leaves_no_trace(tmp_path: Path) -> None:
    calls: list[str] = []

    def m001_a(db: sqlite3.Connection) -> None:
        calls.append("a")
        db.execute("CREATE TABLE a (x)")

    def m002_b(db: sqlite3.Connection) -> None:
        calls.append("b")
        db.execute("CREATE TABLE b (x)")
        raise RuntimeError("half done")

    with closing(sqlite3.connect(tmp_path / "m.sqlite3")) as db:
        with pytest.raises(RuntimeError):
            migrate(db, (m001_a, m002_b))
        assert applied(db) == ["m001_a"]
        assert db.execute("SELECT name FROM sqlite_master WHERE name = 'b'").fetchone() is None  # rolled back

        def m002_b_fixed(db: sqlite3.Connection) -> None:
            calls.append("b fixed")
            db.execute("CREATE TABLE b (x)")

        assert migrate(db, (m001_a, m002_b_fixed)) == ["m002_b_fixed"]
        assert calls == ["a", "b", "b fixed"]
        assert applied(db) == ["m001_a", "m002_b_fixed"]
