"""File locks: one re-index at a time, and the embedded store's one writer process."""

from __future__ import annotations

import fcntl
import json
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from retrieval.errors import IndexBusyError

log = logging.getLogger(__name__)


class FileLock:
    """An exclusive lock file naming who holds it and since when (flock: released when the process dies)."""

    def __init__(self, path: Path, busy: str) -> None:
        self.path = path
        self._busy = busy  # message template with {since} and {by}
        self._held: int | None = None

    def acquire(self, by: str) -> None:
        """Take the lock until `release` (or the end of the process); IndexBusyError when someone has it."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            message = self._busy_message(fd)
            os.close(fd)
            raise IndexBusyError(message) from None
        os.ftruncate(fd, 0)
        started = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        os.pwrite(fd, json.dumps({"by": by, "since": started, "pid": os.getpid()}).encode(), 0)
        self._held = fd

    def release(self) -> None:
        if self._held is not None:
            os.close(self._held)  # closing releases the lock
            self._held = None

    @property
    def held(self) -> bool:
        return self._held is not None

    @contextmanager
    def hold(self, by: str) -> Iterator[None]:
        self.acquire(by)
        try:
            yield
        finally:
            self.release()

    def _busy_message(self, fd: int) -> str:
        try:
            holder = json.loads(os.pread(fd, 4096, 0).decode() or "{}")
        except (OSError, ValueError):
            holder = {}
        return self._busy.format(since=holder.get("since", "an unknown time"), by=holder.get("by", "another process"))


def reindex_lock(data: Path) -> FileLock:
    """One re-index at a time, across threads and processes."""
    return FileLock(
        data / "index.lock",
        "A re-index is already running (since {since}, started by {by}). Try again when it has finished.",
    )


def store_lock(data: Path) -> FileLock:
    """The embedded store has one writer process: the bot holds this while it runs."""
    return FileLock(
        data / "store.lock",
        "The embedded index is in use by {by} (since {since}); a second process must not write to it. "
        "Re-index from Discord with /reindex, stop the bot first, or run Chroma as a server (set CHROMA_HOST) "
        "so that several processes can share the index.",
    )
