"""The extractive answer: the sentences of the top passages that answer the question, each cited.

Nothing is invented: every sentence of the answer is a sentence of a briefing. Before answering, the
question must pass an abstention check, because a similarity score alone cannot tell "not in the
briefings" (near-topic questions score as high as paraphrased answerable ones). The check combines:

1. the best sentence cosine (below `min_sentence_score` nothing is close enough);
2. names in the question that appear nowhere in the corpus (a place or actor the briefings never mention);
3. the answer type: a "how many" question needs a number in the answer, a "when" question a date;
4. coverage: the share of the question's content words found in the best passages, required unless the
   best sentence is very close (`confident_score`).

Calibration: the thresholds were set on the tuning part of eval/questions.jsonl (never the held-out third)
by `python -m retrieval eval`, picking the lowest `min_sentence_score` that keeps false abstentions on
answerable questions at or under 5%; see BENCHMARKS.md for the figures the current values give.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from retrieval.index.catalog import Catalog
from retrieval.ingest.sentences import clean_quote
from retrieval.records import QUOTABLE_KINDS, Answer, Citation, DocumentInfo, Passage
from retrieval.search.hybrid import SearchResult

_NUMBER = re.compile(
    r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|"
    r"thousand|million|dozen|dozens|hundreds|thousands|several|a few)\b",
    re.I,
)
_DATE_WORD = re.compile(
    r"\b(19|20)\d\d\b|\b(january|february|march|april|may|june|july|august|september|october|november|december|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|week|month|year|yesterday|today|since|until)\b",
    re.I,
)
_COUNT_QUESTION = re.compile(
    r"\bhow (many|much|far|close|long|big|large|often)\b|\bwhat (number|percentage|share|distance)\b", re.I
)
_WHEN_QUESTION = re.compile(r"^\s*(when|what date|what day|since when)\b", re.I)


@dataclass(frozen=True)
class AbstentionPolicy:
    min_sentence_score: float = 0.40
    confident_score: float = 0.62
    min_coverage: float = 0.34
    max_sentences: int = 4
    sentence_margin: float = 0.12
    overlap_weight: float = 0.1
    passage_weight: float = 0.1


@dataclass(frozen=True)
class ScoredSentence:
    text: str
    score: float
    passage: Passage


class Answerer:
    def __init__(self, policy: AbstentionPolicy, is_common_word: Callable[[str], bool]) -> None:
        self.policy = policy
        self._is_common_word = is_common_word

    def answer(
        self, question: str, result: SearchResult, catalog: Catalog, top_k: int, mask: np.ndarray | None = None
    ) -> Answer:
        """`mask`: the rows the reader may read (None: all); a word counts as known only if they may read it."""
        top = result.passages[:top_k]
        sentences = self._ranked_sentences(question, result.query.terms, top, catalog)
        reason = self.abstention_reason(question, result, catalog, sentences, mask)
        if reason:
            return Answer(
                question=question,
                text="The briefings do not answer this question.",
                citations=(),
                abstained=True,
                reason=reason,
                nearest_documents=_nearest_documents(top, catalog),
                passages=tuple(result.passages),
                passages_searched=result.searched,
            )
        chosen = self._choose(sentences)
        citations = tuple(Citation.of(n, s.passage, s.text, s.score) for n, s in enumerate(chosen, start=1))
        text = " ".join(f"{_as_sentence(s.text)} [{n}]" for n, s in enumerate(chosen, start=1))
        return Answer(
            question=question,
            text=text,
            citations=citations,
            abstained=False,
            passages=tuple(result.passages),
            passages_searched=result.searched,
        )

    def abstention_reason(
        self,
        question: str,
        result: SearchResult,
        catalog: Catalog,
        sentences: list[ScoredSentence],
        mask: np.ndarray | None = None,
    ) -> str:
        """Why the briefings do not answer the question, or '' when they do."""
        policy = self.policy
        if not sentences:
            return "no passage of the briefings matches the question"
        best = sentences[0]
        if best.score < policy.min_sentence_score:
            return f"no passage is close to the question (best match {best.score:.2f})"
        unknown = self.unknown_names(question, catalog, mask)
        if unknown:
            return f"the briefings never mention {', '.join(unknown)}"
        if _COUNT_QUESTION.search(question) and not any(_NUMBER.search(s.text) for s in sentences[:3]):
            return "the closest passages give no figure"
        if _WHEN_QUESTION.search(question) and not any(_DATE_WORD.search(s.text) for s in sentences[:3]):
            return "the closest passages give no date"
        coverage = _coverage(result.query.terms, result.passages[:3], catalog)
        if coverage < policy.min_coverage and best.score < policy.confident_score:
            return f"the closest passages cover few of the question's words ({coverage:.0%})"
        return ""

    def unknown_names(self, question: str, catalog: Catalog, mask: np.ndarray | None = None) -> list[str]:
        """Name-like words of the question (capitalised mid-sentence, rare, or years) absent from the corpus
        (from the rows of `mask` when given: what the reader may read)."""
        capitalised = {w.lower() for w in re.findall(r"(?<![.?!]\s)(?<!^)\b[A-Z][\w'-]+", question.strip())}
        unknown = []
        for term in catalog.aliases.terms(question):
            if catalog.lexical.knows(term, mask) or catalog.aliases.is_name(term) or _near_known(term, catalog, mask):
                continue
            is_year = bool(re.fullmatch(r"(19|20)\d\d", term))
            if is_year or term in capitalised or (term.isalpha() and not self._is_common_word(term)):
                unknown.append(term)
        return unknown

    def _ranked_sentences(
        self, question: str, terms: list[str], passages: list[Passage], catalog: Catalog
    ) -> list[ScoredSentence]:
        """The passages' sentences by cosine to the question, nudged by shared words and by the answer type
        (a figure for "how many", a date for "when")."""
        seen: set[tuple[str, str]] = set()
        ranked: list[ScoredSentence] = []
        wanted = set(terms)
        needs = _NUMBER if _COUNT_QUESTION.search(question) else _DATE_WORD if _WHEN_QUESTION.search(question) else None
        for passage in passages:
            kinds = passage.sentence_kinds or ("sentence",) * len(passage.sentences)
            for text, score, kind in zip(passage.sentences, passage.sentence_scores, kinds, strict=True):
                key = (passage.doc_id, text)
                if key in seen or len(text) < 20 or kind not in QUOTABLE_KINDS:
                    continue
                seen.add(key)
                overlap = len(wanted & catalog.aliases.term_set(text)) / len(wanted) if wanted else 0.0
                bonus = 0.05 if needs is not None and needs.search(text) else 0.0
                bonus += self.policy.overlap_weight * overlap + self.policy.passage_weight * passage.score
                ranked.append(ScoredSentence(text, score + bonus, passage))
        ranked.sort(key=lambda s: s.score, reverse=True)
        return ranked

    def _choose(self, sentences: list[ScoredSentence]) -> list[ScoredSentence]:
        best = sentences[0].score
        chosen = [sentences[0]]
        for sentence in sentences[1:]:
            if len(chosen) >= self.policy.max_sentences or sentence.score < best - self.policy.sentence_margin:
                break
            if not any(_near_duplicate(sentence.text, c.text) for c in chosen):
                chosen.append(sentence)
        return chosen


def _coverage(terms: list[str], passages: list[Passage], catalog: Catalog) -> float:
    wanted = set(terms)
    if not wanted:
        return 1.0
    found: set[str] = set()
    for passage in passages:
        found |= catalog.aliases.term_set(passage.text)
    return len(wanted & found) / len(wanted)


def _near_known(term: str, catalog: Catalog, mask: np.ndarray | None = None) -> bool:
    """Another form of a corpus word counts as known: the same stem ("parachuting" ~ "parachute",
    "shootdown" ~ "shooting") or a typo (one edit away), for words of 5+ letters."""
    if len(term) < 5:
        return False
    vocabulary = catalog.lexical.sorted_vocabulary
    stem = term[: max(5, min(len(term) - 4, 6))]
    at = bisect.bisect_left(vocabulary, stem)
    while at < len(vocabulary) and vocabulary[at].startswith(stem):
        if mask is None or catalog.lexical.knows(vocabulary[at], mask):
            return True
        at += 1
    return len(term) >= 6 and any(
        abs(len(w) - len(term)) <= 1 and _one_edit(term, w) and (mask is None or catalog.lexical.knows(w, mask))
        for w in vocabulary
    )


def _one_edit(a: str, b: str) -> bool:
    if a == b:
        return True
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _near_duplicate(a: str, b: str) -> bool:
    wa, wb = set(a.lower().split()), set(b.lower().split())
    return len(wa & wb) / max(1, min(len(wa), len(wb))) > 0.8


def _as_sentence(text: str) -> str:
    return clean_quote(text)


def _nearest_documents(passages: list[Passage], catalog: Catalog) -> tuple[DocumentInfo, ...]:
    doc_ids = list(dict.fromkeys(p.doc_id for p in passages))[:3]
    return tuple(catalog.documents[d] for d in doc_ids if d in catalog.documents)
