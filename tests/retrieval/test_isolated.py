"""A full re-index in a child process (retrieval/isolated.py): the child writes, this process switches."""

from __future__ import annotations

import shutil
from collections.abc import Callable

import pytest

from retrieval.core import BriefingCore
from retrieval.errors import CorpusError
from retrieval.records import Progress
from tests.conftest import IRAN_PASSAGE, SAMPLE_QUESTION, CountingEmbedder


def test_an_isolated_full_reindex_is_written_by_a_child_and_served_here(
    make_core: Callable[..., BriefingCore], embedder: object
) -> None:
    counting = CountingEmbedder(embedder)  # type: ignore[arg-type]
    core = make_core(embedder_override=counting)
    core.reindex()
    old = core.generations.pointer()
    counting.encoded.clear()
    seen: list[Progress] = []

    report = core.reindex(full=True, progress=seen.append, isolated=True)

    assert counting.encoded == [], "this process embedded nothing: the child did"
    assert report.full_rebuild_reason == "a full re-index was asked for" and len(report.added) == 2
    assert seen and seen[-1].chunks_done == seen[-1].chunks_total == report.chunks_embedded > 0
    new = core.generations.pointer()
    assert new is not None and old is not None and new[0] != old[0], "a new generation is live"
    assert core.generations.all() == [new[0]], "the old one was dropped"
    assert IRAN_PASSAGE in core.ask(SAMPLE_QUESTION).citations[0].quote
    assert report.chunks_total == len(core.snapshot().catalog) == core.snapshot().index.count()


def test_an_error_in_the_child_reaches_the_caller_and_the_old_index_keeps_serving(
    make_core: Callable[..., BriefingCore],
) -> None:
    core = make_core()
    core.reindex()
    before = (core.generations.pointer(), core.generations.all())
    shutil.rmtree(core.settings.corpus_path)
    with pytest.raises(CorpusError, match="does not exist"):
        core.reindex(full=True, isolated=True)
    assert (core.generations.pointer(), core.generations.all()) == before
    assert IRAN_PASSAGE in core.ask(SAMPLE_QUESTION).citations[0].quote
