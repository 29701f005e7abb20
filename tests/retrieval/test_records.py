"""Records nest: a passage and a citation carry their document's record (the catalog's own), not copies."""

from __future__ import annotations

from dataclasses import asdict

from retrieval.core import BriefingCore
from retrieval.records import Citation
from tests.conftest import SAMPLE_QUESTION


def test_passages_and_citations_carry_the_catalogs_document_record(sample_core: BriefingCore) -> None:
    answer = sample_core.ask(SAMPLE_QUESTION)
    documents = sample_core.snapshot().catalog.documents
    assert answer.citations and answer.passages
    for record in (*answer.citations, *answer.passages):
        assert record.document is documents[record.document.doc_id], "the one record, not a copy"
        assert (record.doc_id, record.title, record.date, record.source, record.url) == (
            record.document.doc_id,
            record.document.title,
            record.document.date,
            record.document.source,
            record.document.url,
        )
    summary = sample_core.summarize_topic("Iran in Deir ez-Zor")
    assert all(c.document is documents[c.doc_id] for c in summary.citations)


def test_a_citation_reads_back_from_its_dict_nested_or_flat(sample_core: BriefingCore) -> None:
    citation = sample_core.ask(SAMPLE_QUESTION).citations[0]
    assert Citation.from_dict(asdict(citation)) == citation
    flat = {**{k: v for k, v in asdict(citation).items() if k != "document"}, "title": citation.title}
    flat |= {"doc_id": citation.doc_id, "date": citation.date, "source": citation.source, "url": citation.url}
    old = Citation.from_dict(flat)  # as the feedback store saved it before records nested
    assert (old.title, old.date, old.quote, old.number) == (citation.title, citation.date, citation.quote, 1)
