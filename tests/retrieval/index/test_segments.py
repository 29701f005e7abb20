"""Segments seen as one table: the views give what a materialised table of the live rows would, and the
indexer's pipeline never holds more than a few batches (counted, not timed)."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np

from retrieval.core import BriefingCore
from retrieval.index.embedders import LazyEmbedder
from retrieval.index.indexer import QUEUE_BATCHES
from retrieval.index.lexical import LexicalIndex
from retrieval.index.segments import LiveSegment, Segment, logical_table
from retrieval.index.table import ChunkTable, NewRow, TableWriter, ragged_take
from tests.conftest import REPO, make_settings


def _row(n: int, doc: str, date_key: int, rng: np.random.Generator) -> NewRow:
    sentences = int(rng.integers(0, 4))
    return NewRow(
        chunk_id=f"{doc}#{n}",
        doc_id=doc,
        position=n,
        heading=f"h{n}",
        start=10 * n,
        date_key=date_key,
        text=f"chunk {n} of {doc} é",
        spans=tuple((10 * n + i, 10 * n + i + 1) for i in range(sentences)),
        vector=rng.normal(size=4).astype(np.float32),
        sentence_vectors=rng.normal(size=(sentences, 4)).astype(np.float16),
        terms=[f"w{int(t)}" for t in rng.integers(0, 12, size=int(rng.integers(1, 6)))],
    )


def _segment(folder: Path, rows: list[NewRow]) -> Segment:
    writer = TableWriter(folder, 4)
    for lo in range(0, len(rows), 3):
        writer.append(ChunkTable.build(rows[lo : lo + 3], 4))
    return Segment.finish(writer)


def test_the_view_of_live_rows_equals_a_materialised_table(tmp_path: Path) -> None:
    rng = np.random.default_rng(5)
    docs = [(f"d{i}", 20170000 + 100 * int(rng.integers(1, 12)) + 1) for i in range(9)]
    rows = [[_row(n, d, k, rng) for d, k in docs[s * 3 : s * 3 + 3] for n in range(3)] for s in range(3)]
    segments = [_segment(tmp_path / f"s{s}", rows[s]) for s in range(3)]
    dead = [np.array([0, 4]), np.array([], dtype=np.int64), np.array([8])]
    table, postings = logical_table([LiveSegment(s, d) for s, d in zip(segments, dead, strict=True)])
    live = [r for s in range(3) for i, r in enumerate(rows[s]) if i not in set(dead[s].tolist())]
    expected = ChunkTable.build(live, 4).in_reading_order()
    assert table.chunk_ids == expected.chunk_ids and table.doc_ids == expected.doc_ids
    assert np.array_equal(table.date_keys, expected.date_keys)
    for row in range(len(expected)):
        assert table.text(row) == expected.text(row) and table.spans(row) == expected.spans(row)
        assert table.terms(row) == expected.terms(row)
        span = table.sentence_rows(row)
        assert np.array_equal(
            table.sentence_vectors[span.start : span.stop],
            expected.sentence_vectors[expected.sentence_rows(row).start : expected.sentence_rows(row).stop],
        )
    picked = np.array([5, 0, 3, len(expected) - 1])
    assert np.array_equal(table.chunk_vectors[picked], expected.chunk_vectors[picked])
    assert np.array_equal(np.asarray(table.chunk_vectors), expected.chunk_vectors)
    got = ragged_take(table.sentence_offsets, table.sentence_vectors, picked)
    want = ragged_take(expected.sentence_offsets, expected.sentence_vectors, picked)
    assert np.array_equal(got[0], want[0]) and np.array_equal(got[1], want[1])
    ours, fresh = (
        LexicalIndex(postings, len(table)),
        LexicalIndex.build(expected.vocabulary, expected.term_offsets, expected.term_ids),
    )
    for terms in (["w1"], ["w2", "w3", "w2"], ["w11", "nowhere"]):
        assert np.array_equal(ours.scores(terms), fresh.scores(terms))
    assert ours.sorted_vocabulary == fresh.sorted_vocabulary


def test_the_pipeline_holds_a_few_batches_whatever_the_corpus_size(tmp_path: Path, embedder: LazyEmbedder) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(REPO / "eval" / "corpus", corpus)
    core = BriefingCore(make_settings(tmp_path, corpus_dir=corpus), embedder=embedder)
    core.indexer.batch_chunks = 4
    report = core.reindex()
    catalog = core.snapshot().catalog
    largest_document = max(info.chunk_count for info in catalog.documents.values())
    per_batch = core.indexer.batch_chunks - 1 + largest_document
    held = core.indexer.high_water
    assert report.chunks_embedded == len(catalog) > 10 * per_batch, "the corpus is many batches long"
    assert held.largest_batch <= per_batch
    assert held.chunks_in_flight <= (2 * QUEUE_BATCHES + 3) * per_batch, "loaded, queued, embedding, writing"
    assert held.chunks_in_flight < len(catalog) / 3
