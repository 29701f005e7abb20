"""Serving from snapshot files: the manifest, the chunk table, the fallback to the store, revisions, filters."""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from retrieval.core import BriefingCore
from retrieval.index.embedders import LazyEmbedder
from retrieval.index.table import ChunkTable, NewRow, ragged_take
from retrieval.search import hybrid as search
from retrieval.settings import Settings
from tests.conftest import IRAN_PASSAGE, REPO, SAMPLE_QUESTION

JUNE = "2017-06-deir-ezzor-everyone-wants-it.txt"


def _folders(core: BriefingCore) -> list[str]:
    return sorted(p.name for p in core.snapshots.root.iterdir() if p.name != "segments")


def _row(n: int, doc: str, date_key: int, terms: list[str], sentences: int = 2) -> NewRow:
    rng = np.random.default_rng(n)
    return NewRow(
        chunk_id=f"{doc}#{n}",
        doc_id=doc,
        position=n,
        heading="",
        start=100 * n,
        date_key=date_key,
        text=f"text {n} é",
        spans=tuple((100 * n, 100 * n + 3) for _ in range(sentences)),
        vector=rng.normal(size=4).astype(np.float32),
        sentence_vectors=rng.normal(size=(sentences, 4)).astype(np.float16),
        terms=terms,
    )


def test_ragged_take_keeps_each_items_values() -> None:
    offsets = np.array([0, 2, 2, 5])
    data = np.array([10, 11, 20, 21, 22])
    new_offsets, taken = ragged_take(offsets, data, np.array([2, 0, 1]))
    assert new_offsets.tolist() == [0, 3, 5, 5] and taken.tolist() == [20, 21, 22, 10, 11]


def test_a_table_survives_take_concat_save_and_load(tmp_path: Path) -> None:
    first = ChunkTable.build([_row(0, "b", 20170601, ["iran", "want"]), _row(1, "a", 20170101, ["raqqa"])], 4)
    second = ChunkTable.build([_row(2, "c", 20171001, ["iran", "convoy"], sentences=0)], 4)
    joined = first.take(np.array([1])).concat(second).in_reading_order()
    assert joined.chunk_ids == ["a#1", "c#2"]
    assert sorted(joined.vocabulary) == ["convoy", "iran", "raqqa"], "terms only the dropped row used are gone"
    assert joined.terms(0) == ["raqqa"] and joined.terms(1) == ["iran", "convoy"]
    joined.save(tmp_path)
    loaded = ChunkTable.load(tmp_path)
    assert loaded.chunk_ids == joined.chunk_ids and loaded.text(0) == "text 1 é"
    assert loaded.terms(1) == ["iran", "convoy"] and loaded.spans(1) == ()
    assert np.array_equal(loaded.chunk_vectors[1], second.chunk_vectors[0])
    assert np.array_equal(loaded.sentence_vectors[: len(loaded.sentence_rows(0))], first.sentence_vectors[2:4])
    assert isinstance(loaded.chunk_vectors, np.memmap), "large columns are memory-mapped"


def test_the_manifest_names_each_document_its_hash_chunks_and_the_settings(
    make_core: Callable[..., BriefingCore],
) -> None:
    core = make_core()
    core.reindex()
    snap = core.snapshot()
    assert _folders(core) == [f"{snap.generation}-r1"]
    manifest = json.loads((core.snapshots.folder(snap.generation, 1) / "manifest.json").read_text())
    assert manifest["signature"] == core.signature.as_metadata()
    [segment] = manifest["segments"]
    assert segment["dead"] == [], "a full build is one segment with every row live"
    listing = json.loads((core.snapshots.segments / segment["name"] / "documents.json").read_text())
    june = listing[JUNE]
    assert june["content_hash"] == snap.catalog.documents[JUNE].content_hash
    assert len(june["stamp"]) == 4, "the file's and its sidecar's size and time"
    assert manifest["chunks"] == len(snap.catalog) == snap.index.count()


def test_a_new_process_loads_the_snapshot_and_never_reads_the_chunks_from_the_store(
    make_core: Callable[..., BriefingCore], embedder: LazyEmbedder, caplog: pytest.LogCaptureFixture
) -> None:
    core = make_core()
    core.reindex()
    expected = core.ask(SAMPLE_QUESTION)
    with caplog.at_level(logging.INFO):
        restarted = BriefingCore(core.settings, embedder=embedder)
        answer = restarted.ask(SAMPLE_QUESTION)
    assert "snapshot loaded" in caplog.text and "rebuilt from the store" not in caplog.text
    assert [c.quote for c in answer.citations] == [c.quote for c in expected.citations]


def test_without_snapshot_files_the_catalog_is_rebuilt_from_the_store_and_saved(
    make_core: Callable[..., BriefingCore], embedder: LazyEmbedder
) -> None:
    core = make_core()
    core.reindex()
    expected = core.ask(SAMPLE_QUESTION)
    shutil.rmtree(core.snapshots.root)
    restarted = BriefingCore(core.settings, embedder=embedder)
    answer = restarted.ask(SAMPLE_QUESTION)
    assert [c.quote for c in answer.citations] == [c.quote for c in expected.citations]
    assert [(c.score, c.chunk_id) for c in answer.citations] == [(c.score, c.chunk_id) for c in expected.citations]
    assert _folders(restarted) == [f"{restarted.snapshot().generation}-r1"], "saved for the next start"


def test_an_incremental_reindex_writes_the_next_revision_and_prunes_the_old(
    make_core: Callable[..., BriefingCore],
) -> None:
    core = make_core()
    core.reindex()
    generation = core.snapshot().generation
    assert core.reindex().unchanged and _folders(core) == [f"{generation}-r1"], "nothing changed: nothing written"
    path = core.settings.corpus_path / JUNE
    path.write_text(path.read_text() + "\nThe Iranians also want a land bridge to the Mediterranean.\n")
    core.reindex()
    core.wait_for_compaction()
    revision = core.snapshot().revision
    assert revision > 1 and core.generations.pointer() == (generation, revision)
    assert _folders(core) == [f"{generation}-r{revision}"]
    assert "land bridge" in core.ask("does Iran want a land bridge?").citations[0].quote


def test_a_changed_alias_file_refolds_names_and_the_next_reindex_saves_it(
    make_core: Callable[..., BriefingCore], embedder: LazyEmbedder, tmp_path: Path
) -> None:
    aliases = tmp_path / "aliases.txt"
    shutil.copy(REPO / "corpus" / "_aliases.txt", aliases)
    core = make_core(aliases_file=aliases)
    core.reindex()
    aliases.write_text(aliases.read_text() + "\nDeir ez-Zor = Zorville\n")
    restarted = BriefingCore(core.settings, embedder=embedder)
    assert restarted.snapshot().catalog.lexical.knows("deirezzor")
    answer = restarted.ask("what does Iran want in Zorville?")
    assert IRAN_PASSAGE in answer.citations[0].quote, "the new variant folds to the same name"
    report = restarted.reindex()
    assert report.unchanged and restarted.snapshot().revision == 2, "the re-folded terms are saved"


@pytest.fixture
def eval_core(tmp_path: Path, embedder: LazyEmbedder) -> BriefingCore:
    corpus = tmp_path / "corpus"
    shutil.copytree(REPO / "eval" / "corpus", corpus)
    settings = Settings.from_mapping({}, tmp_path).with_overrides(aliases_file=REPO / "corpus" / "_aliases.txt")
    core = BriefingCore(settings, embedder=embedder)
    core.reindex()
    return core


def test_filters_answer_only_from_the_allowed_rows_by_either_dense_path(
    eval_core: BriefingCore, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalog = eval_core.snapshot().catalog
    dates = sorted(info.date for info in catalog.documents.values())
    since = dates[len(dates) // 2]
    exact = eval_core.search("what does Iran want in Deir ez-Zor?", 10, since=since)
    assert exact.passages and all(p.date >= since for p in exact.passages)
    monkeypatch.setattr(search, "EXACT_SEARCH_ROWS", 0)  # force Chroma's HNSW, widened, then filtered
    approximate = eval_core.search("what does Iran want in Deir ez-Zor?", 10, since=since)
    assert [p.chunk_id for p in approximate.passages] == [p.chunk_id for p in exact.passages]
    document = exact.passages[0].doc_id
    inside = eval_core.search("what does Iran want?", 5, document=document)
    assert inside.passages and {p.doc_id for p in inside.passages} == {document}


def test_orphans_left_in_the_store_are_swept_before_the_switch(make_core: Callable[..., BriefingCore]) -> None:
    core = make_core()
    core.reindex()
    snap = core.snapshot()
    vector = np.asarray(snap.catalog.table.chunk_vectors[0])
    snap.index.add_chunks(["orphan#0"], vector[None, :], ["left by a killed re-index"], [{"doc_id": "gone.txt"}])
    path = core.settings.corpus_path / JUNE
    path.write_text(path.read_text() + "\nA correction was issued.\n")
    core.reindex()
    assert core.snapshot().index.count() == len(core.snapshot().catalog)
    assert "orphan#0" not in {c.chunk_id for c in core.snapshot().index.iter_chunks()}


def test_a_segment_without_its_document_records_is_rebuilt_from_the_store(
    make_core: Callable[..., BriefingCore], embedder: LazyEmbedder
) -> None:
    core = make_core()
    core.reindex()
    expected = core.ask(SAMPLE_QUESTION)
    [part] = core.snapshot().catalog.parts
    (part.segment.folder / "documents.json").unlink()
    restarted = BriefingCore(core.settings, embedder=embedder)
    answer = restarted.ask(SAMPLE_QUESTION)
    assert [c.quote for c in answer.citations] == [c.quote for c in expected.citations]
    assert restarted.snapshot().catalog.parts, "the rebuilt files are saved and served"
    assert restarted.reindex().unchanged, "and the next update reads them"
