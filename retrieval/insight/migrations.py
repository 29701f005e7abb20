"""The question log's schema, one small migration at a time (the way simonw/llm does it).

Each migration is a function of a connection; `migrate` applies, in order, those whose name is not yet in the
`_migrations` table, and records each one. A file written before migrations existed (the answers and votes
tables of the first feedback store) takes the first migration as a no-op and gains the later ones. Never edit
or reorder a migration that has shipped: add a new one at the end.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable

log = logging.getLogger(__name__)

Migration = Callable[[sqlite3.Connection], None]


def m001_answers_and_votes(db: sqlite3.Connection) -> None:
    """The first feedback store's tables, as it created them (hence IF NOT EXISTS)."""
    db.execute(
        """CREATE TABLE IF NOT EXISTS answers (
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
        )"""
    )
    db.execute(
        """CREATE TABLE IF NOT EXISTS votes (
            answer_id INTEGER NOT NULL REFERENCES answers(id),
            user_id INTEGER NOT NULL,
            helpful INTEGER NOT NULL,
            voted_at REAL NOT NULL,
            PRIMARY KEY (answer_id, user_id)
        )"""
    )


def m002_question_log(db: sqlite3.Connection) -> None:
    """The question log's columns (why a question was declined, how long it took, where it came from) and a
    table of the file's own values (the voters' key)."""
    db.execute("ALTER TABLE answers ADD COLUMN reason TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE answers ADD COLUMN latency_ms REAL")
    db.execute("ALTER TABLE answers ADD COLUMN origin TEXT NOT NULL DEFAULT 'discord'")
    db.execute("CREATE INDEX IF NOT EXISTS answers_created_at ON answers (created_at)")
    db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


MIGRATIONS: tuple[Migration, ...] = (m001_answers_and_votes, m002_question_log)


def applied(db: sqlite3.Connection) -> list[str]:
    """The names of the migrations applied to this database, in the order they were applied."""
    db.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at REAL NOT NULL)")
    return [row[0] for row in db.execute("SELECT name FROM _migrations ORDER BY rowid")]


def migrate(db: sqlite3.Connection, migrations: tuple[Migration, ...] = MIGRATIONS) -> list[str]:
    """Apply the migrations not yet applied, each in its own transaction with its record (so two processes
    opening the file at once apply each one once); the names applied now."""
    applied(db)
    db.commit()
    new: list[str] = []
    for migration in migrations:
        name = migration.__name__
        db.execute("BEGIN IMMEDIATE")  # DDL too: the migration and its record commit together, or neither
        try:
            if db.execute("SELECT 1 FROM _migrations WHERE name = ?", (name,)).fetchone() is None:
                migration(db)
                db.execute("INSERT INTO _migrations (name, applied_at) VALUES (?, ?)", (name, time.time()))
                new.append(name)
                log.info("migration applied name=%s", name)
            db.commit()
        except BaseException:
            db.rollback()
            raise
    return new
