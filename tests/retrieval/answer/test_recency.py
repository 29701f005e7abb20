"""When two cited briefings disagree: the text rules most pairs out before any sentence is embedded."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from retrieval.answer.recency import QuoteVectors, disagreement
from retrieval.index.embedders import LazyEmbedder
from retrieval.records import Citation, DocumentInfo
from tests.conftest import CountingEmbedder


def embedded(embedder: CountingEmbedder) -> QuoteVectors:
    def vectors(citations: Sequence[Citation]) -> np.ndarray:
        return embedder.encode([c.quote for c in citations])

    return vectors


def cited(number: int, date: str, quote: str) -> Citation:
    document = DocumentInfo(doc_id=f"{date}.md", title=f"Briefing of {date}", date=date, source="", url="")
    return Citation(number=number, document=document, quote=quote, score=0.8, chunk_id=f"{date}.md::0")


def test_two_briefings_giving_other_figures_for_the_same_thing_disagree(embedder: LazyEmbedder) -> None:
    older = cited(1, "2017-03-27", "Around 800 ISIS fighters defend Tabqa.")
    newer = cited(2, "2017-05-12", "Around 300 ISIS fighters defend Tabqa.")
    assert disagreement((older, newer), embedded(CountingEmbedder(embedder))) == (newer, older)


def test_sentences_without_figures_or_corrections_are_never_embedded(embedder: LazyEmbedder) -> None:
    counting = CountingEmbedder(embedder)
    older = cited(1, "2017-03-27", "ISIS fighters defend Tabqa with mines and tunnels.")
    newer = cited(2, "2017-05-12", "ISIS fighters defend Tabqa from the dam.")
    same_day = cited(3, "2017-05-12", "Around 300 fighters remain, by one count.")
    assert disagreement((older, newer, same_day), embedded(counting)) is None
    assert counting.encoded == []


def test_dates_are_not_figures(embedder: LazyEmbedder) -> None:
    older = cited(1, "2017-03-27", "The airlift began on 22 March 2017 near Tabqa.")
    newer = cited(2, "2017-05-12", "The airlift near Tabqa began on 21 March 2017.")
    assert disagreement((older, newer), embedded(CountingEmbedder(embedder))) is None
