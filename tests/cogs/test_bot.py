"""The bot's start-up and shut-down (bot.py): it claims the embedded store, and it stops its warm-up on close."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
from collections.abc import Callable

import numpy as np
import pytest

from retrieval.core import BriefingCore
from retrieval.errors import IndexBusyError
from retrieval.index.embedders import LazyEmbedder
from tests.cogs.harness import new_bot, run
from tests.conftest import REPO, SAMPLE_CORPUS
from tests.fake_discord import fake_discord, running_bot


def index_command(core: BriefingCore, *args: str) -> subprocess.CompletedProcess[str]:
    """`python -m retrieval index ...` as a second process, over the core's corpus and data folder."""
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),  # this checkout's code, whatever is installed
        "HF_HUB_OFFLINE": "1",
        "DATA_DIR": str(core.settings.data_path),
        "CORPUS_DIR": str(core.settings.corpus_path),
        "ALIASES_FILE": str(SAMPLE_CORPUS / "_aliases.txt"),
        "EMBEDDING_BACKEND": core.embedder.backend,
    }
    command = [sys.executable, "-m", "retrieval", "index", *args]
    return subprocess.run(
        command, cwd=core.settings.root, env=env, capture_output=True, text=True, timeout=600, check=False
    )


def test_while_the_bot_runs_a_reindex_from_another_process_is_refused_and_changes_nothing(
    make_core: Callable[..., BriefingCore],
) -> None:
    core = make_core()
    core.reindex()
    before = (core.generations.pointer(), core.generations.all(), sorted(core.snapshots.root.iterdir()))
    refused: list[subprocess.CompletedProcess[str]] = []

    async def body() -> None:
        async with fake_discord() as fake, running_bot(fake, new_bot(fake, core)):
            refused.append(await asyncio.to_thread(index_command, core, "--full"))

    run(body())
    run_ = refused[0]
    assert run_.returncode == 1, run_.stdout + run_.stderr
    assert "Traceback" not in run_.stderr and len(run_.stderr.strip().splitlines()) == 1
    assert "in use by the Discord bot" in run_.stderr
    assert "/reindex" in run_.stderr and "CHROMA_HOST" in run_.stderr, "it says what to do instead"
    assert (core.generations.pointer(), core.generations.all(), sorted(core.snapshots.root.iterdir())) == before
    after_close = index_command(core)
    assert after_close.returncode == 0, after_close.stderr
    assert "2 unchanged" in after_close.stdout, "the bot gave the store up when it closed"


class BlockingEmbedder:
    """The real embedder, whose encode waits for `release` (a warm-up that takes as long as the test wants)."""

    def __init__(self, inner: LazyEmbedder) -> None:
        self._inner = inner
        self.model_name, self.backend = inner.model_name, inner.backend
        self.dimension, self.max_tokens = inner.dimension, inner.max_tokens
        self.release = threading.Event()
        self.started = threading.Event()

    def encode(self, texts: list[str]) -> np.ndarray:
        self.started.set()
        self.release.wait(60)
        return self._inner.encode(texts)

    def count_tokens(self, text: str) -> int:
        return self._inner.count_tokens(text)


def test_closing_the_bot_cancels_a_warm_up_still_running(sample_core: BriefingCore, embedder: LazyEmbedder) -> None:
    slow = BlockingEmbedder(embedder)
    core = BriefingCore(sample_core.settings, embedder=slow)  # type: ignore[arg-type]
    tasks: list[asyncio.Task[None] | None] = []

    async def body() -> None:
        async with fake_discord() as fake:
            bot = new_bot(fake, core)
            async with running_bot(fake, bot):
                assert await asyncio.to_thread(slow.started.wait, 30), "the warm-up is encoding"
                tasks.append(bot._warm_up_task)
            task = tasks[0]
            assert task is not None and task.cancelled(), "close() cancelled the warm-up"
            slow.release.set()

    try:
        run(body())
    finally:
        slow.release.set()


def test_a_second_bot_on_the_same_store_does_not_start(sample_core: BriefingCore, embedder: LazyEmbedder) -> None:
    first = BriefingCore(sample_core.settings, embedder=embedder)
    assert first.claim_store(by="the first bot")
    second = BriefingCore(sample_core.settings, embedder=embedder)

    async def body() -> None:
        async with fake_discord() as fake:
            with pytest.raises(IndexBusyError, match="in use by the first bot"):
                async with running_bot(fake, new_bot(fake, second)):
                    pass

    try:
        run(body())
    finally:
        first.release_store()
    assert not second.store_lock.held
