"""Dates inside a question: "latest", "current", "now" ask for the newest briefings first; "as of October
2017", "since March", "in 2018", "before 2018" bound the briefings' dates.

Dates are read by the same reader as sentences (retrieval/ingest/event_dates.py), relative to the newest
briefing's date (the corpus's "now": "since March" is the last March before it). The bounds are on the
briefings' own dates, so they become a slice of the date-ordered rows like the `since` option.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from retrieval.ingest.event_dates import RANGE, mentions_in, parse_iso, period_end

_LATEST = re.compile(
    r"\b(?:latest|current(?:ly)?|now|most recent(?:ly)?|newest|today|at present|presently|these days|"
    r"up to date|so far|still|recent(?:ly)?|as of|as at)\b",
    re.I,
)


@dataclass(frozen=True)
class QuestionTime:
    """What the question says about time: bounds on the briefings' dates (ISO days, '' = open) and whether
    it wants the newest briefing's word first."""

    since: str = ""
    until: str = ""
    latest: bool = False
    words: str = ""  # the question's words that said it ("as of October 2017")

    @property
    def bounded(self) -> bool:
        return bool(self.since or self.until)

    @property
    def pins_period(self) -> bool:
        """The question asks what happened in a period ("in 2015"), not how things stood at a time ("as of
        October 2017", "since March"): an answer from other dates must then say the period itself."""
        return self.bounded and not re.match(r"\s*(as of|since|until|before|after|by|from)\b", self.words, re.I)

    def without_words(self, question: str) -> str:
        """The question without the time words read from it (they bound the search; they are not words the
        answer must contain: "as of January 2017" must not make "January" a name the briefings lack)."""
        for words in self.words.split(", ") if self.words else []:
            question = question.replace(words, " ")
        return " ".join(question.split())

    def describe(self) -> str:
        """ "from 2017-03-01 to 2017-03-31", "up to 2017-10-31" ... for notes."""
        if self.since and self.until:
            return f"from {self.since} to {self.until}"
        return f"from {self.since} on" if self.since else f"up to {self.until}" if self.until else ""


def read_question_time(question: str, today: date) -> QuestionTime:
    """The time a question asks about; `today` is the newest briefing's date."""
    since: date | None = None
    until: date | None = None
    words = []
    for mention in mentions_in(question, today):
        start = parse_iso(mention.value)
        end = period_end(mention.value, mention.precision, mention.end_value)
        if start is None or end is None or (mention.precision != RANGE and not _names_a_period(mention.text)):
            continue
        lead = mention.text.split(maxsplit=1)[0].lower()
        words.append(mention.text)
        if lead in ("since", "after", "from"):
            since = start if lead != "after" else end + timedelta(days=1)
        elif lead in ("until", "through", "by", "as"):
            until = end
        elif lead == "before":
            until = start - timedelta(days=1)
        else:
            since, until = start, end
    latest = bool(_LATEST.search(question))
    return QuestionTime(
        since=since.isoformat() if since else "",
        until=until.isoformat() if until else "",
        latest=latest,
        words=", ".join(words),
    )


def _names_a_period(text: str) -> bool:
    """A month, year or day the question names ("in 2018", "as of October 2017"), not a relative phrase
    ("two days later") that only means something inside a briefing."""
    return bool(
        re.search(
            r"\d{4}|January|February|March|April|May|June|July|August|September|October|"
            r"November|December",
            text,
        )
    )
