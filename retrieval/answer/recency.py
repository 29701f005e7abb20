"""Newest first: the order of an answer's citations when the question asks for the current state ("latest",
"now", "as of ...") or when the cited briefings disagree.

The answer's sentences are already the near-ties (all within the answerer's margin of the best one), so
putting the newest briefing's first only breaks near-ties: nothing is dropped, and an older briefing that is
the only one to answer stays cited. When a newer and an older cited sentence say different things about the
same thing (close in meaning, with other figures, or a correction: the rule of retrieval/answer/changes.py),
the answer says that an earlier briefing said otherwise, with both dates.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import cache

import numpy as np

from retrieval.answer.changes import differs, figures
from retrieval.records import Answer, Citation, Passage

SAME_THING_COSINE = 0.5  # two cited sentences this close are about the same thing

QuoteVectors = Callable[[Sequence[Citation]], np.ndarray]  # one unit vector per citation, in their order


def newest_first(answer: Answer, latest: bool, vectors: QuoteVectors, nearby: float = 0.12) -> Answer:
    """The answer with its citations newest first (when `latest`, or when two of them disagree), renumbered,
    and a note naming the earlier briefing that said otherwise. `vectors`: the cited sentences' vectors."""
    if answer.abstained:
        return answer
    if latest:
        answer = _with_newest_passage(answer, nearby)
    if len(answer.citations) < 2:
        return answer
    conflict = disagreement(answer.citations, vectors)
    if not latest and conflict is None:
        return answer
    ordered = sorted(answer.citations, key=lambda c: c.date, reverse=True)
    citations = tuple(replace(c, number=n) for n, c in enumerate(ordered, start=1))
    text = " ".join(f"{_as_sentence(c.quote)} [{c.number}]" for c in citations)
    note = answer.note
    if conflict is not None:
        newer, older = conflict
        said = (
            f"An earlier briefing ({older.title}, {older.date}) said otherwise than the newer one "
            f"({newer.title}, {newer.date}); the newer comes first."
        )
        note = f"{note} {said}".strip()
    return replace(answer, citations=citations, text=text, note=note)


def disagreement(citations: tuple[Citation, ...], vectors: QuoteVectors) -> tuple[Citation, Citation] | None:
    """A (newer, older) pair of cited sentences from briefings of different dates that say different things
    about the same thing, or None."""
    dated = [c for c in citations if c.date]
    figures_of = cache(figures)
    pairs = [
        (a, b) if a.date > b.date else (b, a) for i, a in enumerate(dated) for b in dated[i + 1 :] if a.date != b.date
    ]
    # the text alone rules most pairs out (no correction, no figures on both sides): no sentence is embedded
    pairs = [(newer, older) for newer, older in pairs if differs(newer.quote, older.quote, figures_of=figures_of)]
    if not pairs:
        return None
    involved = list({c.number: c for pair in pairs for c in pair}.values())
    vector_of = dict(zip((c.number for c in involved), vectors(involved), strict=True))
    for newer, older in pairs:
        cosine = float(np.dot(vector_of[newer.number], vector_of[older.number]))
        if cosine >= SAME_THING_COSINE and differs(newer.quote, older.quote, cosine, figures_of=figures_of):
            return newer, older
    return None


def _with_newest_passage(answer: Answer, nearby: float) -> Answer:
    """For a "latest" question: when a briefing newer than every cited one has a passage whose best sentence
    is among the near-ties (within `nearby` of the best sentence's cosine), that sentence joins the citations."""
    if not answer.passages:
        return answer
    newest_cited = max(c.date for c in answer.citations)
    best = max(p.sentence_score for p in answer.passages)
    close: list[Passage] = [p for p in answer.passages if p.sentence_score >= best - nearby and p.date > newest_cited]
    if not close:
        return answer
    passage = max(close, key=lambda p: (p.date, p.sentence_score))
    cited = Citation.of(len(answer.citations) + 1, passage, passage.best_sentence, passage.sentence_score)
    return replace(answer, citations=(*answer.citations, cited))


def _as_sentence(text: str) -> str:
    text = text.strip().lstrip("-").strip()
    return text if text[-1:] in ".!?\"'" else text + "."
