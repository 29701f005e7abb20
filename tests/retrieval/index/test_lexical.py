"""Our numpy BM25 gives bm25s's scores (the formula the fusion weights were tuned with)."""

from __future__ import annotations

import bm25s
import numpy as np

from retrieval.core import BriefingCore
from retrieval.index.catalog import lexical_text
from retrieval.index.lexical import LexicalIndex
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
