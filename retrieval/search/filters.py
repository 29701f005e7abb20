"""The filters a person types: a date to search from ("2017-09", "Sept 2017", "15 September 2017", "last
month"), read with dateparser relative to today; what a filter left out, said plainly; the filter an answer
applied, described for the reader."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from datetime import date, datetime

from retrieval.errors import QuestionError
from retrieval.records import DocumentInfo

MAX_DATE_CHARS = 40  # a `since` longer than this is not a date
_ISO_LIKE = re.compile(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?")
_YEAR = re.compile(r"(?:19|20)\d\d")
_LEAD_WORDS = re.compile(r"^(?:since|from|after|as of|starting|beginning)\s+", re.I)
_EXAMPLES = "write it like 2017-09, Sept 2017, 15 September 2017 or last month"


def read_since(typed: str, today: date) -> str:
    """The ISO day, month or year `typed` means (relative dates from `today`), or QuestionError in one line."""
    text = _LEAD_WORDS.sub("", " ".join(typed.split())).strip(" .")
    shown = typed if len(typed) <= MAX_DATE_CHARS else typed[:MAX_DATE_CHARS] + "…"
    if not text or len(typed) > MAX_DATE_CHARS:
        raise QuestionError(f"{shown!r} is not a date I can read: {_EXAMPLES}.")
    iso = text if _YEAR.fullmatch(text) else _strict_iso(text, shown) or _parsed(text, today)
    if not iso:
        raise QuestionError(f"{shown!r} is not a date I can read: {_EXAMPLES}.")
    return iso


def _strict_iso(text: str, shown: str) -> str:
    """YYYY-MM or YYYY-MM-DD checked against the calendar ('' when `text` is not of that form)."""
    match = _ISO_LIKE.fullmatch(text)
    if not match:
        return ""
    year, month, day = int(match.group(1)), int(match.group(2)), match.group(3)
    if not 1 <= month <= 12:
        raise QuestionError(f"{shown!r} is not a date: there is no month {month}; {_EXAMPLES}.")
    if day is None:
        return f"{year}-{month:02d}"
    days = calendar.monthrange(year, month)[1]
    if not 1 <= int(day) <= days:
        raise QuestionError(f"{shown!r} is not a date: {calendar.month_name[month]} {year} has {days} days.")
    return f"{year}-{month:02d}-{int(day):02d}"


def _parsed(text: str, today: date) -> str:
    from dateparser.date import DateDataParser

    parser = DateDataParser(
        languages=["en"],
        settings={
            "RELATIVE_BASE": datetime(today.year, today.month, today.day),
            "PREFER_DATES_FROM": "past",
            "DATE_ORDER": "DMY",
            "PREFER_DAY_OF_MONTH": "first",
        },
    )
    data = parser.get_date_data(text)
    found = data.date_obj
    if found is None:
        return ""
    if data.period == "year":
        return str(found.year)
    if data.period == "quarter":
        return f"{found.year}-{(found.month - 1) // 3 * 3 + 1:02d}"
    if data.period == "month":
        return f"{found.year}-{found.month:02d}"
    return found.date().isoformat()


def date_words(iso: str) -> str:
    """'2017-09-06' -> '6 September 2017', '2017-09' -> 'September 2017', '2017' -> '2017'."""
    parts = [int(p) for p in iso.split("-")]
    if len(parts) == 3:
        return f"{parts[2]} {calendar.month_name[parts[1]]} {parts[0]}"
    if len(parts) == 2:
        return f"{calendar.month_name[parts[1]]} {parts[0]}"
    return str(parts[0])


def describe_filters(document: DocumentInfo | None, since: str, typed_since: str = "") -> tuple[str, ...]:
    """The filters an answer applied, as phrases a reader understands."""
    phrases = []
    if document is not None:
        phrases.append(f'only "{document.title}" ({document.doc_id})')
    if since:
        typed = f' (from "{typed_since.strip()}")' if typed_since and typed_since.strip() != since else ""
        phrases.append(f"only documents dated from {date_words(since)} on{typed}")
    return tuple(phrases)


def nothing_left(document: DocumentInfo | None, since: str, documents: Iterable[DocumentInfo]) -> str:
    """Why a filter leaves no passage, with the nearest dates ("No briefing is dated from 1 January 2019 on;
    the newest is dated 6 September 2017.")."""
    if document is not None:
        when = f"dated {date_words(document.date)}" if document.date else "undated"
        return f'"{document.title}" is {when}, so nothing in it is dated from {date_words(since)} on.'
    dated = sorted(d.date for d in documents if d.date)
    if not dated:
        return f"No briefing is dated from {date_words(since)} on: no document has a date."
    return f"No briefing is dated from {date_words(since)} on; the newest is dated {date_words(dated[-1])}."
