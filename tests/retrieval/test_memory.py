"""What a process keeps in memory: a replaced index version is freed at once, by reference counting, and
indexing from the command line never opens the version it built."""

from __future__ import annotations

import gc
import logging
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest

from retrieval.core import BriefingCore
from retrieval.index.embedders import LazyEmbedder
from tests.conftest import SAMPLE_QUESTION, copy_sample_corpus, indexed_sample_core, make_settings


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


def test_indexing_with_nothing_served_points_at_the_new_version_without_opening_it(
    tmp_path: Path, embedder: LazyEmbedder, caplog: pytest.LogCaptureFixture
) -> None:
    """`python -m retrieval index` builds and exits: holding the new catalog beside what it built would only
    raise its memory peak. The version opens on the first question, and the report's count is the manifest's."""
    copy_sample_corpus(tmp_path / "corpus")
    core = BriefingCore(make_settings(tmp_path), embedder=embedder)
    with caplog.at_level(logging.INFO, logger="retrieval"):
        report = core.reindex(full=True)
    assert report.chunks_total > 0
    assert not [r for r in caplog.records if r.getMessage().startswith(("catalog ready", "snapshot loaded"))]
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="retrieval"):
        assert core.ask(SAMPLE_QUESTION).citations
    assert len(core.snapshot().catalog) == report.chunks_total
    assert [r for r in caplog.records if r.getMessage().startswith("snapshot loaded")]
