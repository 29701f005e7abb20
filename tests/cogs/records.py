"""Builders of core records for the Discord layer's tests (a citation, an answer)."""

from __future__ import annotations

from retrieval.records import FLAT_DOCUMENT_FIELDS, Answer, Citation, DocumentInfo


def citation(
    n: int, quote: str = "The Iranians want a direct route from Tehran to Damascus.", **kw: object
) -> Citation:
    """Citation `n` of a made-up document; `kw` may set the document's fields (title=...) or the citation's."""
    document = {"doc_id": f"doc-{n}.txt", "title": f"Document {n}", "date": "2017-06-20", "source": f"doc-{n}.txt"}
    document.update({k: str(v) for k, v in kw.items() if k in FLAT_DOCUMENT_FIELDS})
    values: dict[str, object] = {"number": n, "quote": quote, "score": 0.7, "chunk_id": f"c{n}"}
    values.update({k: v for k, v in kw.items() if k not in FLAT_DOCUMENT_FIELDS})
    return Citation(document=DocumentInfo(**{"url": "", **document}), **values)  # type: ignore[arg-type]


def answer(text: str, citations: tuple[Citation, ...], **kw: object) -> Answer:
    values: dict[str, object] = {"question": "what does Iran want?", "passages_searched": 42, "elapsed_ms": 123.0}
    values.update(kw)
    return Answer(text=text, citations=citations, abstained=False, **values)  # type: ignore[arg-type]
