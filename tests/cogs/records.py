"""Builders of core records for the Discord layer's tests (a citation, an answer)."""

from __future__ import annotations

from retrieval.records import Answer, Citation


def citation(
    n: int, quote: str = "The Iranians want a direct route from Tehran to Damascus.", **kw: object
) -> Citation:
    values: dict[str, object] = {
        "number": n,
        "doc_id": f"doc-{n}.txt",
        "title": f"Document {n}",
        "date": "2017-06-20",
        "source": f"doc-{n}.txt",
        "url": "",
        "quote": quote,
        "score": 0.7,
        "chunk_id": f"c{n}",
    }
    values.update(kw)
    return Citation(**values)  # type: ignore[arg-type]


def answer(text: str, citations: tuple[Citation, ...], **kw: object) -> Answer:
    values: dict[str, object] = {"question": "what does Iran want?", "passages_searched": 42, "elapsed_ms": 123.0}
    values.update(kw)
    return Answer(text=text, citations=citations, abstained=False, **values)  # type: ignore[arg-type]
