"""Dates inside a question: "latest", "current", "now" ask for the newest briefings first; "as of October
2017", "since March", "in 2018", "before 2018" bound the briefings' dates.

Dates are read by the same reader as sentences (retrieval/ingest/event_dates.py), relative to the newest
briefing's date (the corpus's "now": "since March" is the last March before it). The bounds are on the
briefings' own dates, so they become a slice of the date-ordered rows like the `since` option. A month
named without a year as a period ("what happened in March?", "the mid-January airdrops") is no fixed year:
it means briefings dated that month in any year the corpus covers (`QuestionTime.month`).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from retrieval.ingest.event_dates import RANGE, mentions_in, parse_iso, period_end
from retrieval.ingest.names import MONTHS

_LATEST = re.compile(
    r"\b(?:latest|current(?:ly)?|now|most recent(?:ly)?|newest|today|at present|presently|these days|"
    r"up to date|so far|still|recent(?:ly)?|as of|as at)\b",
    re.I,
)


# a month as typed (full name or the abbreviations the folding knows) -> as the date reader reads it
_MONTHS = {m.lower(): m for m in calendar.month_name[1:]} | {short: full.title() for short, full in MONTHS.items()}
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
# a month as people type it ("oct 2017", "january 2017", "5 june", "Sept 2018"), beside a day or a year
_TYPED_MONTH = re.compile(
    rf"\b(?P<month>{_MONTH_NAMES})\.?(?=\s+(?:(?P<day>\d{{1,2}}(?:st|nd|rd|th)?)\b|(?:19|20)\d\d\b))"
    rf"|(?<=\d\s)(?P<after>{_MONTH_NAMES})\b\.?",
    re.I,
)


# a month's full name that is no English word besides, anywhere ("in mid september")
_MONTH_WORD = re.compile(r"\b(?:january|february|april|june|july|september|october|november|december)\b", re.I)


def spelled_months(question: str) -> str:
    """Months typed in lower case or shortened, beside a day or a year, spelt out as the date reader reads
    them: "at the end of oct 2017" -> "at the end of October 2017", "on 5 june" -> "on 5 June"; a full name
    that is no other word, anywhere ("in mid september"). "may" is a month only when capitalised ("it may 2
    ..." is no date), "march" only beside a year or after a day ("march 20 km" is a verb)."""

    def spelled(match: re.Match[str]) -> str:
        typed = match.group("month") or match.group("after")
        verb = typed.lower() in ("march", "mar") and match.group("day")
        if typed == "may" or verb:
            return match.group()
        return _MONTHS[typed.lower()]

    return _MONTH_WORD.sub(lambda m: _MONTHS[m.group().lower()], _TYPED_MONTH.sub(spelled, question))


REPORTING_DAYS = 31  # a briefing written up to this long after a period may report it


@dataclass(frozen=True)
class QuestionTime:
    """What the question says about time: bounds on the briefings' dates (ISO days, '' = open) and whether
    it wants the newest briefing's word first."""

    since: str = ""
    until: str = ""
    latest: bool = False
    words: str = ""  # the question's words that said it ("as of October 2017")
    month: int = 0  # a month named without a year ("in March"): briefings dated that month, any year (0: none)

    @property
    def bounded(self) -> bool:
        return bool(self.since or self.until or self.month)

    @property
    def pins_period(self) -> bool:
        """The question asks what happened in a period ("in 2015"), not how things stood at a time ("as of
        October 2017", "since March"): an answer from other dates must then say the period itself."""
        return self.bounded and not re.match(r"\s*(as of|since|until|before|after|by|from)\b", self.words, re.I)

    @property
    def reported_until(self) -> str:
        """The last briefing date searched: for a period the question asks about ("in August 2017"), a month
        past its end, since briefings report events after them; else `until`."""
        if not self.until or not self.pins_period:
            return self.until
        end = parse_iso(self.until)
        return (end + timedelta(days=REPORTING_DAYS)).isoformat() if end else self.until

    def searched(self) -> str:
        """`describe`, with the month after a period that was searched too: "from 2017-08-01 to 2017-08-31 or
        in the month after"."""
        extra = " or in the month after" if self.reported_until != self.until else ""
        return self.describe() + extra

    def without_words(self, question: str) -> str:
        """The question without the time words read from it (they bound the search; they are not words the
        answer must contain: "as of January 2017" must not make "January" a name the briefings lack)."""
        for words in self.words.split(", ") if self.words else []:
            question = question.replace(words, " ")
        return " ".join(question.split())

    def describe(self) -> str:
        """ "from 2017-03-01 to 2017-03-31", "up to 2017-10-31", "in March of any year" ... for notes."""
        if self.month:
            return f"in {calendar.month_name[self.month]} of any year"
        if self.since and self.until:
            return f"from {self.since} to {self.until}"
        return f"from {self.since} on" if self.since else f"up to {self.until}" if self.until else ""


def read_question_time(question: str, today: date) -> QuestionTime:
    """The time a question asks about; `today` is the newest briefing's date. Periods it names ("in 2018",
    "late Sept 2017 ... in October") span from the first to the last; a month named without a year takes
    the year of a period the question dates ("Sept 2017 ... October": October 2017), else any year."""
    since: date | None = None
    until: date | None = None
    periods: list[tuple[date, date, bool]] = []  # (start, end, named without a year)
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
            periods.append((start, end, month_without_year(mention.text, start, end)))
    span, month = period_span(periods)
    if span is not None:
        since, until = span
    return QuestionTime(
        since=since.isoformat() if since else "",
        until=until.isoformat() if until else "",
        latest=bool(_LATEST.search(question)),
        words=", ".join(words),
        month=month if since is None and until is None else 0,
    )


def period_span(periods: list[tuple[date, date, bool]]) -> tuple[tuple[date, date] | None, int]:
    """The days the named periods cover, first to last, and the month (1-12) when every period is the same
    month named without a year (any year: no span). A yearless month beside a dated period takes its year,
    or the next when the month comes before the dated one's ("September 2017 ... in January": 2018)."""
    dated = [(start, end) for start, end, yearless in periods if not yearless]
    months = {start.month for start, _, yearless in periods if yearless}
    if not dated:
        return None, months.pop() if len(months) == 1 else 0
    anchor = dated[0][0]
    for month in months:
        year = anchor.year + (month < anchor.month)
        dated.append((date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])))
    return (min(s for s, _ in dated), max(e for _, e in dated)), 0


def month_without_year(text: str, start: date, end: date) -> bool:
    """The question's words name one month and no year ("in March", "mid-January", "on 5 June"): the
    reader's year (the last such month before the newest briefing) is a guess, not what was asked."""
    return not re.search(r"\d{4}", text) and (start.year, start.month) == (end.year, end.month)


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
