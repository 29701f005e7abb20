"""The catalog's lookups over an indexed version."""

from __future__ import annotations

import numpy as np

from retrieval.core import BriefingCore


def test_a_quote_gets_the_stored_vector_of_the_sentence_it_is_or_starts_with(sample_core: BriefingCore) -> None:
    catalog = sample_core.snapshot().catalog
    record = next(r for r in catalog.chunks if len(r.sentence_spans) >= 2)
    first, second = (t.strip() for t in record.sentence_texts()[:2])
    vectors = catalog.sentence_vectors(record.row)
    np.testing.assert_array_equal(catalog.quote_vector(record.chunk_id, second), vectors[1])
    with_items = f"{first} First, the items that follow a list's opening."  # a list's opening, quoted with items
    np.testing.assert_array_equal(catalog.quote_vector(record.chunk_id, with_items), vectors[0])


def test_a_quote_the_chunk_does_not_hold_has_no_stored_vector(sample_core: BriefingCore) -> None:
    catalog = sample_core.snapshot().catalog
    record = catalog.chunks[0]
    assert catalog.quote_vector(record.chunk_id, "A sentence no briefing holds.") is None
    assert catalog.quote_vector("no-such-document.md::0", record.sentence_texts()[0].strip()) is None
