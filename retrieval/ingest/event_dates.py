"""Dates inside sentences: when the thing a sentence tells happened, with its precision.

A sentence such as "On September 3-5, government forces ..." states its own date; "Two days later, ..."
states one relative to the date mentioned before it; "last week" or "on Sunday" one relative to the
document's date. `date_sentences` reads a document's sentences in order and gives each one a
`SentenceDate`: the date it states (day, month, year or range) or, when it states none, the document's
date marked `stated=False`.

How: regular expressions find candidate spans (a month name with a day, a year with a vague part, a
relative phrase), and dateparser turns their core into a date (`DateDataParser`, English only, relative to
the document's date). What dateparser does not model is done here: the year of a month named without one
(the nearest such month to the document's date, the past preferred unless the wording looks ahead), day
ranges ("March 21-22", "October 26 and 27"), month pairs ("in July and August"), vague parts widened as
eval/TIME.md labels them ("mid-June" -> month, "early 2018" -> year), and "N days later" counted from the
date mentioned just before. Measured on eval/date_mentions.jsonl by `python -m bench.dates`.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from dateparser.date import DateDataParser
from dateutil.relativedelta import relativedelta

DAY, MONTH, YEAR, RANGE = "day", "month", "year", "range"

_MONTH_NAMES = "January|February|March|April|May|June|July|August|September|October|November|December"
_MON = rf"(?:{_MONTH_NAMES}|Sept?\.|Jan\.|Feb\.|Aug\.|Oct\.|Nov\.|Dec\.)"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_YEAR = r"(?:19[5-9]\d|20[0-4]\d)(?!\d|,\d)"
_DAYNUM = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
}  # fmt: skip
_COUNT = r"(?i:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|\d{1,2})"
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}
_LEAD = r"(?:(?:[Oo]n|[Bb]y|[Ii]n|[Ss]ince|[Uu]ntil|[Tt]hrough|[Ff]rom|[Bb]efore|[Aa]fter|[Dd]uring|[Aa]s of)\s+)?"
_NAMES_A_PAPER = re.compile(  # "our June assessment": the month names a briefing, not when something happened
    r"\s+(?:assessment|estimate|brief(?:ing)?|report|forecast|judge?ment|view|update|edition|issue)s?\b", re.I
)
_FUTURE_CUE = re.compile(
    r"\b(by|before|until|expect\w*|will|would|could|may|might|likely|plan\w*|due|next|coming|forecast|aim\w*)\b"
    r"[^.]{0,60}$",
    re.I,
)


@dataclass(frozen=True)
class DateMention:
    """One date a sentence states: `start`/`end` index the sentence; `value` is YYYY-MM-DD, YYYY-MM or YYYY
    (a range's start day for `precision == "range"`, with `end_value` its last day)."""

    text: str
    start: int
    end: int
    value: str
    precision: str
    end_value: str = ""
    relation: str = ""  # "since", "until", "about" ("our June assessment") or "" (the event happened then)


@dataclass(frozen=True)
class SentenceDate:
    """The date of one sentence: the first event date it states, or the document's date (`stated=False`)."""

    value: str
    precision: str
    end_value: str = ""
    stated: bool = True
    mentions: tuple[DateMention, ...] = ()


@dataclass
class _Context:
    """What a mention is resolved against: the document's date and the last day mentioned before it."""

    base: date
    anchor: date
    parser: DateDataParser
    earliest: date | None = None  # the first day of the events told so far ("the first week")
    leading: bool = False  # the anchor was the day a sentence opens with (not one in a side clause)
    before: str = ""  # the sentence's text before the mention (for future cues)


@dataclass(frozen=True)
class _Found:
    value: str
    precision: str
    end_value: str = ""
    anchor: date | None = None


_Handler = Callable[[re.Match[str], _Context], "_Found | None"]


def parse_iso(value: str) -> date | None:
    """The first day of an ISO date, month or year ('' and nonsense: None)."""
    parts = value.split("-") if value else []
    try:
        numbers = [int(p) for p in parts[:3]]
        return date(*[*numbers, 1, 1][:3]) if numbers else None
    except ValueError:
        return None


def period_end(value: str, precision: str, end_value: str = "") -> date | None:
    """The last day of the period a date stands for."""
    if end_value:
        return parse_iso(end_value)
    start = parse_iso(value)
    if start is None:
        return None
    if precision == YEAR or len(value) == 4:
        return date(start.year, 12, 31)
    if precision == MONTH or len(value) == 7:
        return date(start.year, start.month, calendar.monthrange(start.year, start.month)[1])
    return start


def new_parser(base: date) -> DateDataParser:
    """dateparser's parser, English only, reading relative words against `base` (a document's date)."""
    settings = {
        "RELATIVE_BASE": datetime(base.year, base.month, base.day),
        "PREFER_DATES_FROM": "past",
        "RETURN_TIME_AS_PERIOD": True,
        "PREFER_DAY_OF_MONTH": "first",
    }
    return DateDataParser(languages=["en"], settings=settings)


def _parsed(ctx: _Context, text: str) -> tuple[date, str] | None:
    data = ctx.parser.get_date_data(text)
    if data.date_obj is None:
        return None
    return data.date_obj.date(), data.period or DAY


def _month_number(name: str) -> int:
    parsed = datetime.strptime(name.rstrip(".")[:3], "%b")
    return parsed.month


def _nearest_year(month: int, day: int, ctx: _Context) -> int:
    """The year of a month (and day) named without one: the most recent such date up to the document's, or,
    when the words before it look ahead ("by", "expected", "will"), the nearest one either way."""
    looks_ahead = bool(_FUTURE_CUE.search(ctx.before)) and not ctx.before.rstrip().lower().endswith("since")
    candidates = [
        date(y, month, min(day, calendar.monthrange(y, month)[1])) for y in range(ctx.base.year - 1, ctx.base.year + 2)
    ]
    if looks_ahead:
        return min(candidates, key=lambda c: abs((c - ctx.base).days)).year
    return max(c for c in candidates if c <= ctx.base).year


def _day(ctx: _Context, month_name: str, day_text: str, year_text: str | None) -> date | None:
    month, day = _month_number(month_name), int(re.sub(r"\D", "", day_text))
    if not 1 <= day <= 31:  # "60,000 Maya structures": no day of May
        return None
    year = int(year_text) if year_text else _nearest_year(month, day, ctx)
    try:  # the pattern read day, month and year already: only whether such a day exists is left
        return date(year, month, day)
    except ValueError:
        return None


def _month_value(ctx: _Context, month_name: str, year_text: str | None) -> str:
    month = _month_number(month_name)
    year = int(year_text) if year_text else _nearest_year(month, 1, ctx)
    return f"{year}-{month:02d}"


# -- the handlers, one per kind of mention ---------------------------------------------------------------


def _day_range(m: re.Match[str], ctx: _Context) -> _Found | None:
    first = _day(ctx, m["mon"], m["d1"], m["y"])
    if first is None:
        return None
    last = first.replace(day=int(m["d2"])) if int(m["d2"]) > first.day else None
    if last is None or (last - first).days > 31:
        return None
    return _Found(first.isoformat(), RANGE, last.isoformat(), anchor=first)


def _single_day(m: re.Match[str], ctx: _Context) -> _Found | None:
    found = _day(ctx, m["mon"], m["d"], m["y"])
    return _Found(found.isoformat(), DAY, anchor=found) if found else None


def _month_pair(m: re.Match[str], ctx: _Context) -> _Found | None:
    first = parse_iso(_month_value(ctx, m["mon1"], m["y"]))
    second_month = _month_number(m["mon2"])
    if first is None:
        return None
    year = first.year if second_month >= first.month else first.year + 1
    last = date(year, second_month, calendar.monthrange(year, second_month)[1])
    return _Found(first.isoformat(), RANGE, last.isoformat())


def _month(m: re.Match[str], ctx: _Context) -> _Found | None:
    return _Found(_month_value(ctx, m["mon"], m["y"]), MONTH)


def _half_year(m: re.Match[str], ctx: _Context) -> _Found | None:
    year = int(m["y"])
    if m["half"].lower() == "first":
        return _Found(f"{year}-01-01", RANGE, f"{year}-06-30")
    return _Found(f"{year}-07-01", RANGE, f"{year}-12-31")


def _year(m: re.Match[str], ctx: _Context) -> _Found | None:
    return _Found(m["y"], YEAR)


def _this_year(m: re.Match[str], ctx: _Context) -> _Found | None:
    shift = {"last": -1, "previous": -1, "next": 1, "coming": 1}.get((m["which"] or "").lower(), 0)
    return _Found(str(ctx.base.year + shift), YEAR)


def _later(m: re.Match[str], ctx: _Context) -> _Found | None:
    count = _count(m["n"])
    unit = m["unit"].lower().rstrip("s")
    days = count * _UNIT_DAYS[unit]
    found = ctx.anchor + timedelta(days=days)
    if unit in ("day", "week"):
        return _Found(found.isoformat(), DAY, anchor=found)
    return _Found(found.strftime("%Y-%m"), MONTH) if unit == "month" else _Found(str(found.year), YEAR)


def _count(word: str) -> int:
    return int(word) if word.isdigit() else NUMBER_WORDS.get(word.lower(), 0)


def _same_day(m: re.Match[str], ctx: _Context) -> _Found | None:
    shift = 1 if m["which"].lower() in ("next", "following") else 0
    found = ctx.anchor + timedelta(days=shift)
    return _Found(found.isoformat(), DAY, anchor=found)


def _first_week(m: re.Match[str], ctx: _Context) -> _Found | None:
    start = ctx.earliest or ctx.anchor
    return _Found(start.isoformat(), RANGE, (start + timedelta(days=6)).isoformat())


def _past_period(m: re.Match[str], ctx: _Context) -> _Found | None:
    unit = m["unit"].lower()
    days = _UNIT_DAYS[unit]
    if m["which"].lower() == "last" and unit != "day":
        parsed = _parsed(ctx, f"last {unit}")
        if parsed and unit == "month":
            return _Found(parsed[0].strftime("%Y-%m"), MONTH)
    return _Found((ctx.base - timedelta(days=days)).isoformat(), RANGE, ctx.base.isoformat())


def _next_period(m: re.Match[str], ctx: _Context) -> _Found | None:
    count, unit = _count(m["n"]), m["unit"].lower().rstrip("s")
    step = relativedelta(months=count) if unit == "month" else relativedelta(days=count * _UNIT_DAYS[unit])
    return _Found(ctx.base.isoformat(), RANGE, (ctx.base + step).isoformat())


def _relative_day(m: re.Match[str], ctx: _Context) -> _Found | None:
    parsed = _parsed(ctx, m["word"])
    if parsed is None:
        return None
    return _Found(parsed[0].isoformat(), DAY, anchor=parsed[0])


_PATTERNS: tuple[tuple[re.Pattern[str], _Handler], ...] = tuple(
    (re.compile(pattern), handler)
    for pattern, handler in (
        (
            rf"{_LEAD}(?:the (?:night|morning|evening|weekend) of\s+)?(?P<mon>{_MON})\s+(?P<d1>[0-3]?\d)"
            rf"(?:st|nd|rd|th)?\s*(?:-|–|and|to)\s*(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?\b(?:,?\s+(?P<y>{_YEAR}))?",
            _day_range,
        ),
        (
            rf"{_LEAD}(?:(?:the )?(?:night|morning|evening|afternoon) of\s+)?(?:{_WEEKDAY},?\s+)?(?:the\s+)?"
            rf"(?P<d>{_DAYNUM})\s+(?:of\s+)?(?P<mon>{_MON})(?:,?\s+(?P<y>{_YEAR}))?",
            _single_day,
        ),
        (
            rf"{_LEAD}(?:the (?:night|morning|evening|afternoon) of\s+)?(?:{_WEEKDAY},?\s+)?(?P<mon>{_MON})\s+"
            rf"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\b(?!\s*(?:km|kilomet|mile|percent|%|,\d))(?:,?\s+(?P<y>{_YEAR}))?",
            _single_day,
        ),
        (
            rf"{_LEAD}(?:the\s+)?(?:(?:early|mid|late|end of|beginning of|start of)[- ])?(?P<mon1>{_MON})"
            rf"\s+(?:and|to|-|through)\s+(?P<mon2>{_MON})(?:,?\s+(?:of\s+)?(?P<y>{_YEAR}))?",
            _month_pair,
        ),
        (
            rf"{_LEAD}(?:the\s+)?(?:(?:early|mid|late|the end of|end of|the beginning of|beginning of|"
            rf"the start of|start of|the middle of|middle of)[- ]|(?:early|late)\s+)?(?P<mon>{_MON})"
            rf"(?:,?\s+(?:of\s+)?(?P<y>{_YEAR}))?(?![\w-])",
            _month,
        ),
        (rf"{_LEAD}the (?P<half>first|second) half of (?P<y>{_YEAR})", _half_year),
        (
            rf"{_LEAD}(?:the\s+)?(?:(?:early|mid|late|end of|beginning of|start of|middle of|first months of|"
            rf"(?:early |late )?(?:spring|summer|autumn|fall|winter)(?: and (?:spring|summer|autumn|fall|winter))? of)"
            rf"[- ]\s*)?(?P<y>{_YEAR})",
            _year,
        ),
        (
            r"(?:(?:[Ee]arlier|[Ll]ater)\s+(?:in\s+)?(?:the|this)\s+year|(?:[Tt]he\s+)?end of (?:the|this) year"
            r"|(?P<which>[Tt]his|[Ll]ast|[Nn]ext|[Pp]revious|[Cc]oming) year)",
            _this_year,
        ),
        (
            rf"\b(?P<n>{_COUNT})\s+(?P<unit>days?|weeks?|months?|years?)\s+(?:later|afterwards|after(?=\s*[,.;]))",
            _later,
        ),
        (r"(?:[Oo]n\s+)?(?:[Tt]he\s+)?(?P<which>same|next|following) day\b", _same_day),
        (r"(?:[Ii]n|[Dd]uring)\s+the first week\b(?:\s+of the (?:assault|offensive|operation|battle))?", _first_week),
        (
            r"(?:[Dd]uring\s+|[Ii]n\s+|[Oo]ver\s+)?(?:the )?(?P<which>[Pp]ast|[Ll]ast) (?P<unit>week|month)\b",
            _past_period,
        ),
        (r"(?:[Ww]ithin|[Oo]ver|[Ii]n) the (?:next|coming) (?P<n>\w+) (?P<unit>days?|weeks?|months?)\b", _next_period),
        (rf"\b(?:[Oo]n\s+|[Ll]ast\s+)?(?P<word>{_WEEKDAY}|[Yy]esterday)\b(?!\s+the\b)", _relative_day),
    )
)


def mentions_in(sentence: str, doc_date: date) -> list[DateMention]:
    """The date mentions of one sentence read on its own (relative ones against the document's date)."""
    return _read(sentence, _Context(doc_date, doc_date, new_parser(doc_date)))


def _read(sentence: str, ctx: _Context) -> list[DateMention]:
    """The sentence's mentions, left to right; `ctx` keeps the last day mentioned (for "two days later")."""
    spans: list[tuple[int, int, re.Match[str], _Handler]] = []
    for pattern, handler in _PATTERNS:
        for match in pattern.finditer(sentence):
            start, end = match.span()
            if not any(s < end and start < e for s, e, _, _ in spans):
                spans.append((start, end, match, handler))
    mentions: list[DateMention] = []
    for start, end, match, handler in sorted(spans, key=lambda s: s[0]):
        ctx.before = sentence[:start] + match.group(0).split(maxsplit=1)[0] + " "  # with its "by", "since"
        found = handler(match, ctx)
        if found is None:
            continue
        text = match.group(0)
        relation = "about" if _NAMES_A_PAPER.match(sentence, end) else _relation(text)
        mentions.append(DateMention(text, start, end, found.value, found.precision, found.end_value, relation))
        if found.anchor is not None:
            opener = sentence[:start].rstrip()
            _move_anchor(ctx, found.anchor, opens=len(opener) <= 25 or opener.endswith(":"))
    return mentions


def _move_anchor(ctx: _Context, day: date, opens: bool) -> None:
    """Later relative days count from the last day a sentence opened with ("On March 2, ... on February 23.
    Two days later" is March 4), or from the last day mentioned when no sentence opened with one yet."""
    ctx.earliest = min(ctx.earliest or day, day)
    if opens or not ctx.leading:
        ctx.anchor, ctx.leading = day, opens


def _relation(text: str) -> str:
    word = text.split(maxsplit=1)[0].lower() if text.strip() else ""
    return {"since": "since", "until": "until", "through": "until", "before": "until"}.get(word, "")


def sentence_date(mentions: Sequence[DateMention], doc_date: str) -> SentenceDate:
    """The sentence's event date: its first day (or day range) that is not a "since"/"until" bound ("held
    since 2014" says when a state began, not that something happened then; "our June assessment was wrong:
    the siege was broken on September 5" happened on the day), else its first month or year, else the
    document's date (stated=False)."""
    events = [m for m in mentions if not m.relation]
    event = next((m for m in events if m.precision in (DAY, RANGE)), events[0] if events else None)
    if event is None:
        return SentenceDate(doc_date, _precision_of(doc_date), stated=False, mentions=tuple(mentions))
    return SentenceDate(event.value, event.precision, event.end_value, True, tuple(mentions))


def date_sentences(sentences: Sequence[str], doc_date: str) -> list[SentenceDate]:
    """Each sentence's date, reading the document in order ("two days later" counts from the day before)."""
    base = parse_iso(doc_date)
    if base is None:
        return [SentenceDate(doc_date, _precision_of(doc_date), stated=False) for _ in sentences]
    ctx = _Context(base, base, new_parser(base))
    return [sentence_date(_read(sentence, ctx), doc_date) for sentence in sentences]


def _precision_of(value: str) -> str:
    return {4: YEAR, 7: MONTH}.get(len(value), DAY)
