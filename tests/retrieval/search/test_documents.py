"""A document named the way people type it: file name without extension, part of a title, a near miss."""

from __future__ import annotations

from pathlib import Path

import pytest

from retrieval.errors import AmbiguousDocumentError, DocumentNotFoundError
from retrieval.ingest.loaders import scan_corpus
from retrieval.records import DocumentInfo
from retrieval.search.documents import rank_documents, resolve_document

EVAL_CORPUS = Path(__file__).resolve().parents[3] / "eval" / "corpus"
ASSESSMENTS = {"2017-06-deir-ez-zor-front-june-assessment.md", "2017-10-deir-ez-zor-front-october-assessment.md"}


@pytest.fixture(scope="module")
def documents() -> list[DocumentInfo]:
    return [DocumentInfo.of(d, 1) for d in scan_corpus(EVAL_CORPUS, 10_000_000)[0]]


@pytest.mark.parametrize(
    ("typed", "doc_id"),
    [
        ("2017-09-conoco-gas-field.md", "2017-09-conoco-gas-field.md"),
        ("2017-06-race-to-the-border", "2017-06-race-to-the-border.txt"),
        ("SDF takes the Conoco gas field", "2017-09-conoco-gas-field.md"),
        ("race to the border", "2017-06-race-to-the-border.txt"),
        ("Deir Ezzor everyone wants", "2017-06-deir-ezzor-everyone-wants-it.txt"),
        ("tabqa airlift", "2017-03-tabqa-airlift.md"),
        ("deir ezor everyone want it", "2017-06-deir-ezzor-everyone-wants-it.txt"),
        ("sukhna falls", "2017-08-sukhnah-falls.txt"),
        ("operation rondup", "2018-05-operation-roundup.md"),
        ("june asessment", "2017-06-deir-ez-zor-front-june-assessment.md"),
    ],
)
def test_what_people_type_finds_the_document(documents: list[DocumentInfo], typed: str, doc_id: str) -> None:
    assert resolve_document(typed, documents).doc_id == doc_id


@pytest.mark.parametrize(
    ("typed", "candidates"),
    [
        ("assessment", ASSESSMENTS),
        ("conoco", {"2017-09-conoco-gas-field.md", "2018-02-khasham-clash-conoco.txt"}),
    ],
)
def test_several_matches_ask_which_one(documents: list[DocumentInfo], typed: str, candidates: set[str]) -> None:
    with pytest.raises(AmbiguousDocumentError, match="did you mean") as raised:
        resolve_document(typed, documents)
    assert {d.doc_id for d in raised.value.candidates} == candidates  # type: ignore[attr-defined]
    assert "\n" not in str(raised.value) and all(c in str(raised.value) for c in candidates)


def test_nothing_close_is_a_plain_not_found(documents: list[DocumentInfo]) -> None:
    with pytest.raises(DocumentNotFoundError, match="No indexed document is called 'kittens'") as raised:
        resolve_document("kittens", documents)
    assert not isinstance(raised.value, AmbiguousDocumentError) and "Did you mean" not in str(raised.value)
    with pytest.raises(DocumentNotFoundError) as long:
        resolve_document("raqqa " * 1000, documents)
    assert len(str(long.value)) < 150


def test_autocomplete_ranks_with_the_same_matching(documents: list[DocumentInfo]) -> None:
    assert [d.doc_id for d in rank_documents("sukhna", documents)] == ["2017-08-sukhnah-falls.txt"]
    hajin = [d.doc_id for d in rank_documents("hajin", documents)]
    assert hajin[:4] == [
        "2018-12-hajin-falls-us-withdrawal.txt",
        "2018-11-daesh-sandstorm-counterattack.txt",
        "2018-09-hajin-offensive-launched.txt",
        "2018-03-afrin-diverts-sdf-hajin-pause.txt",
    ]
    newest = rank_documents("", documents, limit=3)
    assert [d.date for d in newest] == sorted((d.date for d in documents), reverse=True)[:3]
