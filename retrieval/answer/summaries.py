"""Extractive summaries: the key sentences, in reading order, without repeats, each cited.

A topic summary takes the sentences of the passages retrieved for the topic that are close to it and about
it: each must hold one of the topic's words (folded, by stem) and come from a document that names every name
of the topic (a summary of "US-Russia deconfliction" quotes no sentence from a piece that never names
Russia); for one actor's aims or view, only that actor's sentences. A document
summary takes the sentences closest to the document's own centre (the mean of its sentence vectors), with
a small preference for early sentences, where briefings put their point. Both drop near-repeats.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from retrieval.answer.answerability import VIEW_VERB, about_other_actor, document_words
from retrieval.index.catalog import Catalog
from retrieval.ingest.sentences import clean_quote
from retrieval.records import QUOTABLE_KINDS, Citation, DocumentInfo, Passage, Summary
from retrieval.search.question import QuestionAnalysis, actors_in


@dataclass(frozen=True)
class KeySentence:
    doc_id: str
    start: int
    text: str
    score: float
    chunk_id: str


class Summarizer:
    def __init__(self, max_sentences: int = 6, min_topic_score: float = 0.35) -> None:
        self.max_sentences = max_sentences
        self.min_topic_score = min_topic_score

    def topic(
        self, topic: str, passages: list[Passage], catalog: Catalog, analysis: QuestionAnalysis | None = None
    ) -> Summary:
        candidates: dict[tuple[str, int], KeySentence] = {}
        for passage in passages:
            record = catalog.by_id[passage.chunk_id]
            if analysis is not None and not about_topic_document(analysis, passage, catalog):
                continue
            for (start, _), text, score, kind in zip(
                record.sentence_spans,
                passage.sentences,
                passage.sentence_scores,
                passage.sentence_kinds or record.sentence_kinds(),
                strict=True,
            ):
                if analysis is not None and not about_topic(analysis, text, catalog):
                    continue
                if score >= self.min_topic_score and len(text) >= 20 and kind in QUOTABLE_KINDS:
                    candidates.setdefault(
                        (record.doc_id, start), KeySentence(record.doc_id, start, text, score, record.chunk_id)
                    )
        picked = self._pick(list(candidates.values()))
        return _summary(topic, picked, catalog)

    def document(self, info: DocumentInfo, catalog: Catalog) -> Summary:
        sentences, vectors = self._document_sentences(catalog, info.doc_id)
        if not sentences:
            return _summary(info.title, [], catalog)
        matrix = np.stack(vectors)
        centre = matrix.mean(axis=0)
        centre /= np.linalg.norm(centre) or 1.0
        position_bonus = 0.05 * (1 - np.arange(len(sentences)) / max(1, len(sentences)))
        scores = matrix @ centre + position_bonus
        scored = [
            KeySentence(s.doc_id, s.start, s.text, float(score), s.chunk_id)
            for s, score in zip(sentences, scores, strict=True)
        ]
        return _summary(info.title, self._pick(scored), catalog)

    @staticmethod
    def _document_sentences(catalog: Catalog, doc_id: str) -> tuple[list[KeySentence], list[np.ndarray]]:
        seen: set[int] = set()
        sentences: list[KeySentence] = []
        kept: list[np.ndarray] = []
        for record in catalog.chunks_of.get(doc_id, []):
            vectors = catalog.sentence_vectors(record.row)
            title = catalog.documents[doc_id].title if doc_id in catalog.documents else ""
            spans, texts, kinds = record.sentence_spans, record.sentence_texts(), record.sentence_kinds(title)
            for vector, (start, _), text, kind in zip(vectors, spans, texts, kinds, strict=True):
                if start in seen or len(text) < 20 or kind not in QUOTABLE_KINDS:
                    continue
                seen.add(start)
                sentences.append(KeySentence(record.doc_id, start, text, 0.0, record.chunk_id))
                kept.append(vector)
        return sentences, kept

    def _pick(self, candidates: list[KeySentence]) -> list[KeySentence]:
        """The best sentences without near-repeats, then put back in reading order."""
        picked: list[KeySentence] = []
        for sentence in sorted(candidates, key=lambda s: s.score, reverse=True):
            if len(picked) >= self.max_sentences:
                break
            if not any(_repeats(sentence.text, p.text) for p in picked):
                picked.append(sentence)
        return sorted(picked, key=lambda s: (s.doc_id, s.start))


def about_topic_document(analysis: QuestionAnalysis, passage: Passage, catalog: Catalog) -> bool:
    """The passage's document names every name of the topic."""
    return not analysis.names or all(n in document_words(passage, catalog) for n in analysis.names)


def about_topic(analysis: QuestionAnalysis, text: str, catalog: Catalog) -> bool:
    """The sentence holds one of the topic's words (or another form of it) and gives no other actor's aims;
    for an actor's aims or view ("Iran's aims"), it is that actor's: it names the actor first and speaks of
    aims, wants or fears."""
    if analysis.view and analysis.focus:
        lead = actors_in(catalog.aliases.words(text))[:1]
        return lead == list(analysis.focus) and bool(VIEW_VERB.search(text))
    words = catalog.aliases.term_set(text)
    terms = [t for t in analysis.terms if not t.isdigit()]
    holds = not terms or any(t in words or (len(t) >= 5 and any(w.startswith(t[:5]) for w in words)) for t in terms)
    return holds and not about_other_actor(analysis, text, catalog)


def _repeats(a: str, b: str) -> bool:
    wa, wb = set(a.lower().split()), set(b.lower().split())
    return len(wa & wb) / max(1, min(len(wa), len(wb))) > 0.6


def _summary(subject: str, picked: list[KeySentence], catalog: Catalog) -> Summary:
    ordered = sorted(picked, key=lambda s: (catalog.documents[s.doc_id].date, s.doc_id, s.start))
    citations = tuple(
        Citation(
            number=n,
            document=catalog.documents[s.doc_id],
            quote=s.text,
            score=round(s.score, 3),
            chunk_id=s.chunk_id,
        )
        for n, s in enumerate(ordered, start=1)
    )
    text = " ".join(f"{clean_quote(c.quote)} [{c.number}]" for c in citations)
    return Summary(
        subject=subject, text=text or "The briefings say nothing about this.", citations=citations, empty=not citations
    )
