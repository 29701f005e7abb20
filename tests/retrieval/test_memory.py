"""What a long-running process keeps: a replaced index version is freed at once, by reference counting."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest

from retrieval.index.embedders import LazyEmbedder
from tests.conftest import SAMPLE_QUESTION, indexed_sample_core


@pytest.fixture
def no_cycle_collector() -> Iterator[None]:
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def test_a_replaced_index_version_is_freed_without_the_cycle_collector(
    tmp_path: Path, embedder: LazyEmbedder, no_cycle_collector: None
) -> None:
    """The bot freezes its start-up heap (bot.freeze_settled_heap): a version kept alive by a cycle or a cache
    would then stay in memory for good. Questions before and after the swap go through the readers' cache."""
    core = indexed_sample_core(tmp_path, embedder)
    core.ask(SAMPLE_QUESTION)
    old = weakref.ref(core.snapshot().catalog)
    (tmp_path / "corpus" / "2017-10-raqqa.txt").write_text(
        "Raqqa after the battle\n\nThe SDF took Raqqa in October 2017 after a four-month battle.\n", encoding="utf-8"
    )
    core.reindex()
    assert core.snapshot().catalog is not old()
    core.ask(SAMPLE_QUESTION)
    assert old() is None
