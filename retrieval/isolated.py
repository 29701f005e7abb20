"""A full re-index in a child process, so that the process serving questions (the bot) never stalls.

Chroma's native code holds the interpreter lock while it writes: a full build of 10,000 chunks in the bot's
own process blocked its event loop for up to 1.8 s at a time. Here the bot's core keeps the locks (it is the
embedded store's one writer) and a child started with 'spawn' writes the new generation and its snapshot
folder on the bot's behalf, sending progress back through a queue; the bot then makes that version live
(a pointer write and memory-mapped files) and the child drops the older versions (Chroma's deletes hold the
interpreter lock as well), then exits. The child never writes to the version the bot serves: it creates new
collections, and drops old ones only once the bot has moved off them. It runs at a lower priority than the
bot; if the bot dies, the child stops at its next progress report.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue as queues
from collections.abc import Callable
from multiprocessing.process import BaseProcess
from multiprocessing.queues import Queue
from pathlib import Path
from typing import Any

from retrieval.core import BriefingCore
from retrieval.errors import BriefingError
from retrieval.index.embedder import Embedder
from retrieval.index.heap import use_one_arena
from retrieval.index.indexer import ProgressCallback
from retrieval.logs import configure_logging
from retrieval.records import IndexReport, Progress
from retrieval.settings import Settings

log = logging.getLogger(__name__)

POLL_S = 0.5  # how often the parent looks whether the child is still alive
CHILD_NICENESS = 10  # the re-index yields the CPU to the process serving questions
Built = tuple[IndexReport, tuple[str, int, Path] | None]


def build_in_child(
    settings: Settings,
    embedder: Embedder,
    reason: str,
    progress: ProgressCallback | None,
    switch: Callable[[str, int, Path], None],
) -> Built:
    """Build a new generation in a child process with the same settings and embedder, `switch` to it here,
    then let the child drop the older generations (Chroma's deletes hold the interpreter lock too); the report
    and the built version, as `BriefingCore.build` returns them. The caller holds the write locks."""
    model = str(getattr(embedder, "path", "") or settings.embedding_model)
    child_settings = settings.with_overrides(embedding_model=model, embedding_backend=embedder.backend)
    context = multiprocessing.get_context("spawn")
    messages: Queue[tuple[str, Any]] = context.Queue()
    orders: Queue[str] = context.Queue()
    process = context.Process(
        target=_child,
        args=(child_settings, reason, messages, orders, os.getpid()),
        name="briefing-reindex",
        daemon=True,
    )
    process.start()
    log.info("reindex child started pid=%s reason=%r", process.pid, reason)
    try:
        built = _follow(process, messages, progress, "done")
        if built[1] is not None:
            try:
                switch(*built[1])
            except BaseException:
                orders.put("stop")
                raise
            orders.put("drop")
            _follow(process, messages, None, "dropped")
        return built
    finally:
        if process.is_alive():
            process.kill()
        process.join(30)
        messages.close()
        orders.close()


def _follow(
    process: BaseProcess, messages: Queue[tuple[str, Any]], progress: ProgressCallback | None, until: str
) -> Any:
    """Pass the child's progress on until it sends `until` with its value (or an error, or dies)."""
    while True:
        try:
            kind, value = messages.get(timeout=POLL_S if process.is_alive() else 2 * POLL_S)
        except queues.Empty:
            if process.is_alive():
                continue
            raise RuntimeError(
                f"the re-index process stopped (exit code {process.exitcode}) before it finished; "
                "the old index keeps serving"
            ) from None
        if kind == "progress" and progress is not None:
            progress(value)
        elif kind == "error":
            raise value
        elif kind == until:
            return value


def _child(settings: Settings, reason: str, messages: Queue[tuple[str, Any]], orders: Queue[str], parent: int) -> None:
    """The child's work: `BriefingCore.build` for a new generation, on the parent's behalf (no locks)."""
    use_one_arena()  # before the model's and the store's threads: its peak stays that of one collection
    configure_logging(settings.log_level)
    os.nice(CHILD_NICENESS)  # on a busy machine, serving questions comes first

    def report(value: Progress) -> None:
        if os.getppid() != parent:  # the parent died: it no longer holds the locks, so stop writing
            raise SystemExit(3)
        messages.put(("progress", value))

    core = BriefingCore(settings)
    try:
        built = core.build(None, reason, report)
    except BriefingError as error:
        messages.put(("error", error))
        return
    except Exception as error:  # reported to the parent as a failure, the old index keeps serving
        log.exception("reindex child failed")
        messages.put(("error", RuntimeError(f"the re-index failed: {type(error).__name__}: {error}")))
        return
    messages.put(("done", built))
    if built[1] is not None and _order(orders, parent) == "drop":  # the parent now serves the new version
        try:
            messages.put(("dropped", core.drop_older(built[1][2])))
        except Exception as error:  # the next re-index drops them; the new version is live either way
            log.exception("reindex child could not drop the older versions")
            messages.put(("dropped", f"not dropped: {error}"))


def _order(orders: Queue[str], parent: int) -> str:
    """The parent's next order, or "stop" if the parent died meanwhile."""
    while os.getppid() == parent:
        try:
            return orders.get(timeout=POLL_S)
        except queues.Empty:
            continue
    return "stop"
