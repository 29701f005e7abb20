"""Incremental re-indexing against a real Chroma on disk, counting the real encoder's work."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest

from retrieval.core import BriefingCore
from retrieval.errors import IndexBusyError, IndexMismatchError
from retrieval.index.embedders import LazyEmbedder
from retrieval.records import Progress
from tests.conftest import CountingEmbedder

JUNE = "2017-06-deir-ezzor-everyone-wants-it.txt"
SEPTEMBER = "2017-09-prime-source-deir-ez-zor-siege-broken.txt"


@pytest.fixture
def counting(embedder: LazyEmbedder) -> CountingEmbedder:
    return CountingEmbedder(embedder)


def _stored_ids(core: BriefingCore) -> list[str]:
    return [c.chunk_id for c in core.snapshot().index.iter_chunks()]


def test_indexing_twice_adds_nothing(make_core: Callable[..., BriefingCore], counting: CountingEmbedder) -> None:
    core = make_core(counting)
    first = core.reindex()
    ids = _stored_ids(core)
    counting.encoded.clear()
    second = core.reindex()
    assert second.unchanged == sorted([JUNE, SEPTEMBER]) and not second.added and not second.changed
    assert counting.encoded == []
    assert _stored_ids(core) == ids and len(ids) == len(set(ids)) == first.chunks_total == second.chunks_total


def test_only_the_changed_file_is_re_embedded(
    make_core: Callable[..., BriefingCore], counting: CountingEmbedder
) -> None:
    core = make_core(counting)
    core.reindex()
    path = core.settings.corpus_path / JUNE
    path.write_text(path.read_text() + "\nThe Iranians also want a land bridge to the Mediterranean.\n")
    counting.encoded.clear()
    report = core.reindex()
    assert report.changed == [JUNE] and report.unchanged == [SEPTEMBER]
    june_chunks = core.snapshot().catalog.chunks_of[JUNE]
    assert report.chunks_embedded == len(june_chunks)
    september_text = {c.text for c in core.snapshot().catalog.chunks_of[SEPTEMBER]}
    assert not september_text & set(counting.encoded), "unchanged documents are not re-embedded"
    assert all(c.text in counting.encoded for c in june_chunks)
    ids = _stored_ids(core)
    assert len(ids) == len(set(ids)) == len(core.snapshot().catalog)
    assert "land bridge to the Mediterranean" in core.ask("does Iran want a land bridge?").citations[0].quote


def test_a_deleted_file_leaves_the_index(make_core: Callable[..., BriefingCore]) -> None:
    core = make_core()
    core.reindex()
    (core.settings.corpus_path / SEPTEMBER).unlink()
    report = core.reindex()
    assert report.removed == [SEPTEMBER]
    assert [d.doc_id for d in core.sources()] == [JUNE]
    assert all(c.metadata["doc_id"] == JUNE for c in core.snapshot().index.iter_chunks())
    generations = core.generations
    assert generations.all() == [generations.active()], "no orphaned collections"


def test_progress_is_reported(make_core: Callable[..., BriefingCore]) -> None:
    seen: list[Progress] = []
    make_core().reindex(progress=seen.append)
    assert seen and seen[-1].documents_done == seen[-1].documents_total == 2
    assert seen[-1].chunks_done == seen[-1].chunks_total > 0


def test_changed_chunker_settings_need_a_full_reindex(make_core: Callable[..., BriefingCore], tmp_path) -> None:
    core = make_core()
    core.reindex()
    other = make_core(chunk_tokens=120)
    with pytest.raises(IndexMismatchError, match=r"chunker .*Re-index with `python -m retrieval index --full`"):
        other.ask("what does Iran want?")
    report = other.reindex()
    assert "chunker" in report.full_rebuild_reason
    assert not other.ask("what does Iran want in Deir ez-Zor?").abstained
    assert len(other.generations.all()) == 1


def test_a_second_reindex_at_the_same_time_is_refused(make_core: Callable[..., BriefingCore]) -> None:
    core = make_core()
    entered, release = threading.Event(), threading.Event()

    def slow_progress(_: Progress) -> None:
        entered.set()
        release.wait(30)

    worker = threading.Thread(target=core.reindex, kwargs={"progress": slow_progress, "by": "bot command /reindex"})
    worker.start()
    try:
        assert entered.wait(60)
        with pytest.raises(IndexBusyError, match=r"already running \(since .* UTC, started by bot command /reindex\)"):
            core.reindex(by="command line")
    finally:
        release.set()
        worker.join(60)
    assert core.reindex().unchanged
