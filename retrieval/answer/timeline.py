"""A topic's timeline: the developments the briefings tell about it, in the order they happened.

The candidates are the sentences of the passages retrieved for the topic that are close to it (by their
cosine to the topic, as in summaries) and that state when something happened (retrieval/answer/dated.py).
A sentence dated after its own briefing is a forecast, not a development, and is left out; so is a
sentence dated only by its briefing, unless it is very close to the topic. Two sentences from different
briefings that tell the same event (the same date, and close in meaning or in words) become one entry
citing both. Entries are ordered by date (the start of a month, year or range counts), then by how
precise the date is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz

from retrieval.answer.dated import DatedSentence, SentenceDates
from retrieval.ingest.event_dates import period_end
from retrieval.records import Citation, Passage, Timeline, TimelineEntry

_FORECAST = re.compile(r"\b(?:will|would|expect\w*|likely|unlikely|may|might|could|should|probably)\b", re.I)
_PRECISION_ORDER = {"day": 0, "range": 1, "month": 2, "year": 3}


@dataclass(frozen=True)
class TimelinePolicy:
    min_score: float = 0.3  # a sentence's cosine to the topic, to be a candidate
    on_topic_score: float = 0.7  # ... above which it needs none of the topic's words
    undated_score: float = 0.55  # a sentence that states no date needs this much to stand in with its briefing's
    same_event_cosine: float = 0.6  # two same-day sentences this close are one event
    same_event_words: float = 70.0  # ... or this alike in words (rapidfuzz token set ratio)
    max_entries: int = 50


@dataclass
class _Group:
    first: DatedSentence
    score: float
    members: list[tuple[DatedSentence, float]] = field(default_factory=list)


@dataclass(frozen=True)
class Candidate:
    sentence: DatedSentence
    score: float


def candidates(passages: Sequence[Passage], dates: SentenceDates, min_score: float) -> list[Candidate]:
    """The passages' sentences at least `min_score` close to the question, each once, with its date."""
    best: dict[tuple[str, int], Candidate] = {}
    for passage in passages:
        record = dates.catalog.by_id[passage.chunk_id]
        for (start, _), score in zip(record.sentence_spans, passage.sentence_scores, strict=True):
            sentence = dates.at(passage.doc_id, start)
            if sentence is None or score < min_score or len(sentence.text) < 25:
                continue
            key = (sentence.doc_id, sentence.start)
            if key not in best or best[key].score < score:
                best[key] = Candidate(sentence, float(score))
    return list(best.values())


class TimelineBuilder:
    def __init__(self, policy: TimelinePolicy | None = None) -> None:
        self.policy = policy or TimelinePolicy()

    def build(
        self, topic: str, passages: Sequence[Passage], dates: SentenceDates, since_key: int = 0, until_key: int = 0
    ) -> Timeline:
        found = [c for c in candidates(passages, dates, self.policy.min_score) if self._development(c, dates)]
        found = on_topic(found, topic, dates, self.policy)
        found = [c for c in found if _within(c.sentence, since_key, until_key)]
        groups = self._merge(sorted(found, key=lambda c: -c.score), dates)
        groups = sorted(groups, key=lambda g: -g.score)[: self.policy.max_entries]
        return Timeline(topic=topic, entries=tuple(entries(sorted(groups, key=_order), dates)))

    def _development(self, candidate: Candidate, dates: SentenceDates) -> bool:
        sentence = candidate.sentence
        info = dates.catalog.documents.get(sentence.doc_id)
        if not sentence.date.stated:  # only a close one that tells something done, not a forecast
            close = candidate.score >= self.policy.undated_score and bool(sentence.date.value)
            return close and not _FORECAST.search(sentence.text)
        return info is None or not info.date or sentence.key <= _day_key(info.date)

    def _merge(self, ranked: list[Candidate], dates: SentenceDates) -> list[_Group]:
        groups: list[_Group] = []
        for candidate in ranked:
            home = next((g for g in groups if self._same_event(g, candidate.sentence, dates)), None)
            if home is None:
                groups.append(_Group(candidate.sentence, candidate.score, [(candidate.sentence, candidate.score)]))
            else:
                home.members.append((candidate.sentence, candidate.score))
        return groups

    def _same_event(self, group: _Group, b: DatedSentence, dates: SentenceDates) -> bool:
        """Another briefing's sentence with the same stated date, close in meaning or in words (two sentences
        of one briefing are two things it says)."""
        a = group.first
        if any(m.doc_id == b.doc_id for m, _ in group.members):
            return False
        if (a.date.value, a.date.precision) != (b.date.value, b.date.precision) or not (
            a.date.stated and b.date.stated
        ):
            return False
        cosine = float(np.dot(dates.vector(a), dates.vector(b)))
        words = fuzz.token_set_ratio(a.text.lower(), b.text.lower())
        return cosine >= self.policy.same_event_cosine or words >= self.policy.same_event_words


def on_topic(found: list[Candidate], topic: str, dates: SentenceDates, policy: TimelinePolicy) -> list[Candidate]:
    """The candidates very close to the topic, or sharing one of its words (names folded: "Raqqah" is
    "Raqqa"): a sentence about another town's battle can be close in meaning without being on the topic."""
    aliases = dates.catalog.aliases
    terms = set(aliases.terms(topic))
    return [c for c in found if c.score >= policy.on_topic_score or terms & aliases.term_set(c.sentence.text)]


def entries(groups: Sequence[_Group], dates: SentenceDates) -> list[TimelineEntry]:
    """The groups as entries, their citations numbered in order across the timeline."""
    out: list[TimelineEntry] = []
    number = 0
    for group in groups:
        cited: list[Citation] = []
        for sentence, score in sorted(group.members, key=lambda m: (dates.catalog.documents[m[0].doc_id].date, -m[1])):
            number += 1
            cited.append(dates.citation(number, sentence, score))
        first = group.first.date
        out.append(
            TimelineEntry(
                date=first.value,
                text=group.first.text,
                citations=tuple(cited),
                end=first.end_value,
                date_stated=first.stated,
            )
        )
    return out


def _order(group: _Group) -> tuple[int, int, str, int]:
    """By date (a period's start), the more precise first, then in reading order (a stable tie-break)."""
    first = group.first
    return first.key, _PRECISION_ORDER.get(first.date.precision, 4), first.doc_id, first.start


def _within(sentence: DatedSentence, since_key: int, until_key: int) -> bool:
    if since_key and sentence.end_key < since_key:
        return False
    return not until_key or sentence.key <= until_key


def _day_key(iso: str) -> int:
    """The last day of an ISO date's period as a YYYYMMDD integer (0 when unreadable)."""
    last = period_end(iso, "")
    return int(last.strftime("%Y%m%d")) if last else 0
