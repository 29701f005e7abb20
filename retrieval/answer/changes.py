"""What changed since a date: what briefings dated from then on say that earlier ones did not, and revisions.

Each sentence of a newer briefing (on the topic when one is given: close to it, as in timelines, plus a
short correction right after such a sentence; without one: sentences that tell a development dated from
`since` on) is paired with the older sentence it is most likely about: the closest in meaning (a short
sentence read with the one before it), nudged towards older sentences on the topic, towards judgements,
and towards briefings of a month it names ("our June assessment"). Nothing close: it is new. Close, and
it revises the older one: a revision, shown side by side ("2017-10-30 revises 2017-06-28: ..."). It
revises when it says it corrects ("was wrong", "no longer", "longer than ... we had expected"), when
both give figures (dates aside) that differ, when it reports what an older forecast about the same thing
expected, or when its briefing's `supersedes` metadata names the older briefing. Close otherwise: a
restatement, left out. An older sentence is revised once: by an outright correction, else the closest.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from retrieval.answer.dated import DatedSentence, SentenceDates
from retrieval.answer.timeline import Candidate, candidates
from retrieval.ingest.dates import date_key
from retrieval.ingest.event_dates import mentions_in
from retrieval.records import Changes, Passage, TimelineEntry

_CORRECTION = re.compile(
    r"\b(?:was|were|proved|turned out to be) (?:wrong|mistaken|premature|too \w+)|\bno longer\b|\brevers\w+|"
    r"\brevis\w+|\bcorrect(?:ed|ion)\b|\bcontrary to\b|\b(?:earlier|later|longer|shorter|faster|slower|sooner)"
    r" than (?:our|we|the|expected|forecast)|\bis dead\b|\boverturn\w*|\bunderestimat\w+|\boverestimat\w+|"
    r"\bhas shifted\b|\bthat assumption\b|\bour \w+ (?:assessment|estimate|judgement|judgment|view)\b",
    re.I,
)
_FORECAST = re.compile(r"\b(?:we expect|expected|will|would|likely|unlikely|our (?:central )?estimate)\b", re.I)
_FIGURE = re.compile(r"\d[\d,.]*")
_ANY_DAY = date(2000, 1, 1)  # figures() needs only the spans of dates, not their values


def differs(
    newer: str,
    older: str,
    cosine: float = 1.0,
    figures_cosine: float = 0.6,
    figures_of: Callable[[str], frozenset[str]] | None = None,
) -> bool:
    """Whether a newer sentence, about the same thing as an older one (`cosine` apart), says something else:
    it corrects ("was wrong", "no longer", "longer than ... we had expected"), or, when the two are at least
    `figures_cosine` close, both give figures (dates aside) and the figures differ. With the default `cosine`
    of 1.0: whether the two could differ at any closeness. `figures_of`: `figures`, or a memo of it."""
    if _CORRECTION.search(newer):
        return True
    if cosine < figures_cosine:
        return False
    read = figures_of or figures
    new_figures = read(newer)
    old_figures = read(older) if new_figures else frozenset()
    return bool(new_figures and old_figures and new_figures != old_figures)


def figures(text: str) -> frozenset[str]:
    """The numbers a sentence gives, leaving out the ones inside its dates ("On March 26", "in 2017")."""
    if not _FIGURE.search(text):  # no digit, no figure: the date reader (slow) is not needed
        return frozenset()
    for mention in sorted(mentions_in(text, _ANY_DAY), key=lambda m: -m.start):
        text = text[: mention.start] + " " + text[mention.end :]
    return frozenset(f.rstrip(".,") for f in _FIGURE.findall(text))


def _judgement_nudge(text: str) -> float:
    return 0.1 if _FORECAST.search(text) else 0.0


def _months_named(sentence: DatedSentence) -> set[str]:
    """The months (YYYY-MM) a sentence names, as in "our June assessment" or "we had expected in June"."""
    return {m.value[:7] for m in sentence.date.mentions if m.precision == "month"}


def _with_corrections(fresh: list[Candidate], dates: SentenceDates) -> list[Candidate]:
    """The candidates plus any correction right after one ("... That assumption no longer holds."): short
    corrections lean on the sentence before them, so they score low against a topic on their own."""
    have = {(c.sentence.doc_id, c.sentence.start) for c in fresh}
    added = []
    for candidate in fresh:
        sentences = dates.document(candidate.sentence.doc_id)
        after = next((s for s in sentences if s.start > candidate.sentence.start), None)
        if after is not None and (after.doc_id, after.start) not in have and _CORRECTION.search(after.text):
            have.add((after.doc_id, after.start))
            added.append(Candidate(after, candidate.score))
    return fresh + added


@dataclass(frozen=True)
class ChangesPolicy:
    min_score: float = 0.3  # a sentence's cosine to the topic, to count
    same_cosine: float = 0.72  # an older sentence this close says the same thing (not new)
    revision_cosine: float = 0.45  # an older sentence this close, corrected or with other figures: revised
    correction_cosine: float = 0.35  # ... this close is enough for a sentence that says it corrects
    outcome_cosine: float = 0.6  # an older forecast this close to what a newer briefing reports: revised
    topic_nudge: float = 0.3  # pairing: weight of an older sentence's closeness to the topic
    month_nudge: float = 0.1  # pairing: "our June assessment" points at the briefings of that June
    max_entries: int = 50


@dataclass(frozen=True)
class _Found:
    sentence: DatedSentence
    score: float
    older: DatedSentence | None
    older_cosine: float


class ChangesFinder:
    def __init__(self, policy: ChangesPolicy | None = None) -> None:
        self.policy = policy or ChangesPolicy()

    def find(
        self,
        since: str,
        topic: str,
        newer: Sequence[Passage] | None,
        older: Sequence[Passage] | None,
        dates: SentenceDates,
        readable: Container[str] | None = None,
    ) -> Changes:
        """`newer`/`older`: passages retrieved for the topic from briefings dated from `since` on / before it
        (None without a topic: every sentence of the newer briefings that tells a development since then,
        against every sentence of the older ones). `readable`: the documents the reader may read (None: all);
        no other document is read, compared against or named."""
        since_key = date_key(since)
        fresh, pool = self._sentences(since_key, newer, older, dates, readable)
        found = [self._nearest_older(candidate, pool, dates) for candidate in fresh]
        kept = self._once_per_older([f for f in found if self._kind(f, dates)], dates)
        kept = sorted(kept, key=lambda f: -f.score)[: self.policy.max_entries]
        kept.sort(key=lambda f: (dates.catalog.documents[f.sentence.doc_id].date, f.sentence.doc_id, f.sentence.start))
        return Changes(since=since, topic=topic, entries=tuple(self._entries(kept, dates)))

    def _once_per_older(self, found: list[_Found], dates: SentenceDates) -> list[_Found]:
        """An older sentence is revised once: by the newer one that corrects it outright, else by the closest;
        the others that pointed at it are shown as new."""
        best: dict[tuple[str, int], tuple[bool, float]] = {}
        for item in found:
            if item.older is not None and self._kind(item, dates) == "revision":
                key = (item.older.doc_id, item.older.start)
                best[key] = max(best.get(key, (False, -1.0)), self._strength(item, dates))
        out = []
        for item in found:
            key = (item.older.doc_id, item.older.start) if item.older is not None else ("", -1)
            if key in best and self._strength(item, dates) < best[key]:
                item = _Found(item.sentence, item.score, None, 0.0)  # shown as new
            out.append(item)
        return out

    def _strength(self, item: _Found, dates: SentenceDates) -> tuple[bool, float]:
        return self._revises(item, dates), item.older_cosine

    def _nearest_older(self, candidate: Candidate, pool: list[Candidate], dates: SentenceDates) -> _Found:
        """The older sentence a newer one is most likely about: the closest in meaning, nudged towards the
        ones on the topic and towards judgements (a revision revises an assessment or a forecast)."""
        if not pool:
            return _Found(candidate.sentence, candidate.score, None, 0.0)
        matrix = np.stack([dates.meaning(c.sentence) for c in pool])
        cosines = matrix @ dates.meaning(candidate.sentence)
        named = _months_named(candidate.sentence)
        documents = dates.catalog.documents
        nudges = np.array(
            [
                self.policy.topic_nudge * c.score
                + _judgement_nudge(c.sentence.text)
                + (self.policy.month_nudge if documents[c.sentence.doc_id].date[:7] in named else 0.0)
                for c in pool
            ]
        )
        best = int(np.argmax(cosines + nudges))
        return _Found(candidate.sentence, candidate.score, pool[best].sentence, float(cosines[best]))

    def _sentences(
        self,
        since_key: int,
        newer: Sequence[Passage] | None,
        older: Sequence[Passage] | None,
        dates: SentenceDates,
        readable: Container[str] | None = None,
    ) -> tuple[list[Candidate], list[Candidate]]:
        documents = {d: i for d, i in dates.catalog.documents.items() if readable is None or d in readable}
        is_new = {d: date_key(info.date) >= since_key for d, info in documents.items()}
        if newer is not None:
            fresh = [c for c in candidates(newer, dates, self.policy.min_score) if is_new.get(c.sentence.doc_id)]
            pool = [c for c in candidates(older or [], dates, self.policy.min_score * 0.8)]
            return _with_corrections(fresh, dates), [c for c in pool if not is_new.get(c.sentence.doc_id)]
        fresh = [
            Candidate(s, 1.0)
            for d in documents
            if is_new[d]
            for s in dates.document(d)
            if s.date.stated and s.key >= since_key and len(s.text) >= 25
        ]
        pool = [Candidate(s, 0.0) for d in documents if not is_new[d] for s in dates.document(d) if len(s.text) >= 25]
        return fresh, pool

    def _kind(self, found: _Found, dates: SentenceDates) -> str:
        """ "new", "revision", or "" (an older briefing already said it)."""
        if found.older is None:
            return "new"
        if found.older_cosine >= self.policy.correction_cosine and _CORRECTION.search(found.sentence.text):
            return "revision"  # says outright that an older judgement was wrong
        if found.older_cosine < self.policy.revision_cosine:
            return "new"
        if self._revises(found, dates):
            return "revision"
        reported = not _FORECAST.search(found.sentence.text)
        if reported and found.older_cosine >= self.policy.outcome_cosine and _FORECAST.search(found.older.text):
            return "revision"  # what happened, against what an older briefing expected about the same thing
        return "new" if found.older_cosine < self.policy.same_cosine else ""

    @staticmethod
    def _revises(found: _Found, dates: SentenceDates) -> bool:
        assert found.older is not None
        documents = dates.catalog.documents
        supersedes = documents[found.sentence.doc_id].supersedes.lower()
        older = documents[found.older.doc_id]
        if supersedes and supersedes in (older.doc_id.lower(), older.source.lower(), older.title.lower()):
            return True
        return differs(found.sentence.text, found.older.text, found.older_cosine)

    def _entries(self, kept: list[_Found], dates: SentenceDates) -> list[TimelineEntry]:
        out = []
        number = 0
        for found in kept:
            kind = self._kind(found, dates)
            number += 1
            citation = dates.citation(number, found.sentence, found.score)
            revises = None
            if kind == "revision" and found.older is not None:
                number += 1
                revises = dates.citation(number, found.older, found.older_cosine)
            date = found.sentence.date
            out.append(
                TimelineEntry(
                    date=date.value,
                    text=found.sentence.text,
                    citations=(citation,),
                    end=date.end_value,
                    date_stated=date.stated,
                    kind=kind,
                    revises=revises,
                )
            )
        return out
