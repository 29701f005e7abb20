"""Our numpy BM25 gives bm25s's scores (the formula the fusion weights were tuned with)."""

from __future__ import annotations

from pathlib import Path

import bm25s
import numpy as np
import pytest

from retrieval.core import BriefingCore
from retrieval.index.catalog import lexical_text
from retrieval.index.lexical import LexicalIndex, Postings, write_postings
from retrieval.index.table import ragged


def test_scores_match_bm25s_on_the_sample_corpus(sample_core: BriefingCore) -> None:
    catalog = sample_core.snapshot().catalog
    documents = [catalog.documents[c.doc_id] for c in catalog.chunks]
    term_lists = [
        catalog.aliases.terms(lexical_text(d.title, d.date, c.heading, c.text))
        for d, c in zip(documents, catalog.chunks, strict=True)
    ]
    vocabulary: dict[str, int] = {}
    ids = [[vocabulary.setdefault(t, len(vocabulary)) for t in terms] for terms in term_lists]
    reference = bm25s.BM25()
    reference.index(bm25s.tokenization.Tokenized(ids=ids, vocab=vocabulary), show_progress=False)
    offsets, flat = ragged([np.array(i, dtype=np.int32) for i in ids], np.int32)
    ours = LexicalIndex.build(list(vocabulary), offsets, flat)
    for query in (["iran", "want"], ["iran", "iran", "hezbollah"], ["deirezzor", "siege", "broken"]):
        assert np.allclose(ours.scores(query), reference.get_scores(query), atol=1e-5)
    assert not ours.scores(["nowhere"]).any() and not ours.knows("nowhere")


@pytest.mark.parametrize(("block_rows", "range_postings"), [(7, 25), (64, 1), (10_000, 10_000_000)])
def test_written_postings_equal_the_built_ones_and_hold_one_block_or_range(
    tmp_path: Path, block_rows: int, range_postings: int
) -> None:
    rng = np.random.default_rng(3)
    vocabulary = [f"w{i}" for i in range(40)]
    lengths = rng.integers(0, 30, size=300)
    offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    ids = rng.zipf(1.6, size=int(offsets[-1])).clip(1, 40).astype(np.int32) - 1

    held = write_postings(tmp_path, vocabulary, offsets, lambda lo, hi: ids[lo:hi].copy(), block_rows, range_postings)

    built, written = Postings.build(vocabulary, offsets, ids), Postings.load(tmp_path, vocabulary)
    for name in ("indptr", "rows", "tf", "lengths"):
        assert np.array_equal(getattr(built, name), getattr(written, name)), name
    block_tokens = max(int(offsets[min(lo + block_rows, 300)] - offsets[lo]) for lo in range(0, 300, block_rows))
    largest_term = int(np.diff(built.indptr).max())
    assert held <= max(block_tokens, range_postings + largest_term)
    if block_rows < 300 and range_postings < len(built.rows):
        assert held < len(built.rows), "never the whole postings at once"
    assert not list(tmp_path.glob("*.tmp")), "the scratch files are removed"
