"""When a document was written, found the way a reader finds it.

In order of trust: the metadata the author gave (front matter, a sidecar); the page's own metadata (an HTML
page's published-time meta tags or <time> element, read by htmldate); a dateline or "Published ..." line at
the top ("Analysis | 15/01/2018", "MONDAY 18 APRIL 2016 — ASIA", "*Updated: 4 Feb 2017 · Regional desk*",
"KYIV, 27 May 2018 -"); a date standing on a line of its own elsewhere ("Posted on 18 June 2017" at the foot);
and last a date in the file name ("2017-06-race-to-the-border.txt" -> 2017-06). A date inside a sentence of
the body is an event the document reports, not when it was written, and never counts.

The formats read: 2017-06-18, 2017/06/18, 18/06/2017 and 18.06.2017 (day first, as briefings write them;
month first only when the day-first reading is impossible), 18 June 2017, 18th of June 2017, Jun 18 2017,
June 18, 2017, Monday 18 June 2017, June 2017, and ISO timestamps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from retrieval.ingest.dates import MONTH_NUMBERS, normalize_date
from retrieval.ingest.sentences import line_kind

HEAD_LINES = 8  # non-empty lines at the top where a dateline or byline stands
_MONTH_NAMES = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec"
)
_MONTH_NUMBER = MONTH_NUMBERS  # month names and abbreviations -> 1..12
_Y = r"(?P<y>(?:19|20)\d\d)"
_MON = rf"(?P<mon>{_MONTH_NAMES})\.?"
_PATTERNS = (
    re.compile(rf"(?<![\d/.-]){_Y}[-/.](?P<m>[01]?\d)[-/.](?P<d>[0-3]?\d)(?![\d/])"),
    re.compile(rf"(?<![\d/.-])(?P<a>[0-3]?\d)[/.-](?P<b>[0-3]?\d)[/.-]{_Y}(?!\d)"),
    re.compile(rf"\b(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?:\s+of)?\s+{_MON},?\s+{_Y}\b", re.I),
    re.compile(rf"\b{_MON}\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s+{_Y}\b", re.I),
    re.compile(rf"\b{_MON},?\s+{_Y}\b", re.I),
)
_PUBLISHED = re.compile(r"\b(?:published|posted|written|issued|dated?|first published|released)\b", re.I)
_UPDATED = re.compile(r"\b(?:updated|modified|revised|edited)\b", re.I)
_DATELINE = re.compile(r"^[A-Z][A-Za-z .'-]{1,30},\s*")
_FILE_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)[-_.]?([01]\d)(?:[-_.]?([0-3]\d))?(?!\d)")
_MARKS = re.compile(r"^[*_>#\s]+|[*_\s]+$")


@dataclass(frozen=True)
class FoundDate:
    """A document's date (ISO, or '' when none was found) and where it came from."""

    date: str
    source: str  # "metadata", "page", "dateline", "date line", "file name" or "" when undated


def document_date(
    text: str, metadata_date: str = "", page_date: str = "", file_name: str = "", page_guess: str = ""
) -> FoundDate:
    """The date a document was written: see the module's docstring for the order of the clues. `page_guess` is
    a date an extractor found somewhere in a web page (trafilatura's): trusted after the text's own date lines,
    before the file name."""
    for value, source in ((metadata_date, "metadata"), (page_date, "page")):
        iso = _valid(value)
        if iso:
            return FoundDate(iso, source)
    lines = [_MARKS.sub("", line) for line in text.splitlines() if line.strip()]
    found = _head_date(lines[:HEAD_LINES]) or _date_line(lines[HEAD_LINES:])
    if found:
        return found
    guess = _valid(page_guess)
    if guess:
        return FoundDate(guess, "page")
    iso = file_name_date(file_name)
    return FoundDate(iso, "file name" if iso else "")


def _valid(value: str) -> str:
    """A metadata value as an ISO date: ISO forms first, then any format of dates_in_line ("04/05/2020")."""
    if not value.strip():
        return ""
    try:
        iso = normalize_date(value)
    except ValueError:  # a day the calendar does not have
        iso = ""
    found = dates_in_line(value)
    return iso or (found[0][1] if found else "")


def is_dateline(line: str) -> bool:
    """Whether a line near the top of a page dates it (so it is not the page's title)."""
    line = _MARKS.sub("", line.strip())
    return bool(dates_in_line(line)) and _is_date_line(line, top=True)


def _head_date(lines: list[str]) -> FoundDate | None:
    """A dateline, byline or date line among the first lines; "published" beats "updated" when both show."""
    candidates: list[tuple[int, str]] = []
    for line in lines:
        dates = dates_in_line(line)
        if not dates or not _is_date_line(line, top=True):
            continue
        rank = 0 if _PUBLISHED.search(line) else 2 if _UPDATED.search(line) else 1
        candidates.append((rank, _published_of(line, dates)))
    if not candidates:
        return None
    return FoundDate(min(candidates, key=lambda c: c[0])[1], "dateline")


def _date_line(lines: list[str]) -> FoundDate | None:
    """A line further down that is only a date, or says when the document was published."""
    for line in lines:
        dates = dates_in_line(line)
        if dates and _is_date_line(line, top=False):
            return FoundDate(_published_of(line, dates), "date line")
    return None


def _is_date_line(line: str, top: bool) -> bool:
    """A line that dates the document rather than an event: a byline or lone date, a "Published" line, or at
    the top, a dateline ("KYIV, 27 May 2018 -") or a short masthead ("MONDAY 18 APRIL 2016 — ASIA")."""
    if line_kind(line) == "byline" or (_PUBLISHED.match(line) or _UPDATED.match(line)):
        return True
    if not top:
        return False
    if _DATELINE.match(line) and dates_in_line(line)[0][0] <= 40:
        return True
    return len(_without_dates(line).split()) <= 4 and not re.search(r"[.!?]$", line)


def _without_dates(line: str) -> str:
    for pattern in _PATTERNS:
        line = pattern.sub(" ", line)
    return re.sub(r"[^\w\s]", " ", line)


def _published_of(line: str, dates: list[tuple[int, str]]) -> str:
    """The date after "Published" when the line also gives an update date, else the first one."""
    match = _PUBLISHED.search(line)
    if match:
        after = [iso for position, iso in dates if position >= match.start()]
        if after:
            return after[0]
    return dates[0][1]


def dates_in_line(line: str) -> list[tuple[int, str]]:
    """(position, ISO date) of every date written in the line, in reading order; a month and year alone
    gives YYYY-MM. Impossible dates (2017-09-31) are skipped."""
    found: dict[int, str] = {}
    taken: list[range] = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(line):
            if any(match.start() in span for span in taken):
                continue
            iso = _iso(match)
            if iso:
                found[match.start()] = iso
                taken.append(range(match.start(), match.end()))
    return sorted(found.items())


def _iso(match: re.Match[str]) -> str:
    groups = match.groupdict()
    year = int(groups["y"])
    if groups.get("a"):
        day, month = int(groups["a"]), int(groups["b"])
        if month > 12 >= day:  # only month first can be right (06/18/2017)
            day, month = month, day
        if not 1 <= day <= 31:
            return ""
    else:
        month = int(groups["m"]) if groups.get("m") else _MONTH_NUMBER[groups["mon"].lower()]
        day = int(groups["d"]) if groups.get("d") else 0
    if not 1 <= month <= 12:
        return ""
    if not day:
        return f"{year}-{month:02d}"
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return ""


def file_name_date(name: str) -> str:
    """The date a file name starts with or holds ("2017-06-18-x.txt", "a-2016-04-y.html", "20170618.pdf")."""
    match = _FILE_DATE.search(name)
    if not match:
        return ""
    year, month, day = match.groups()
    if not 1 <= int(month) <= 12:
        return ""
    if day:
        try:
            return date(int(year), int(month), int(day)).isoformat()
        except ValueError:
            pass
    return f"{year}-{month}"


def html_page_date(html: str) -> str:
    """The publication date an HTML page declares in its metadata (meta tags, <time>, structured data), by
    htmldate without its extensive search of the visible text; '' when it declares none."""
    from htmldate import find_date

    try:
        found = find_date(html, extensive_search=False, original_date=True, outputformat="%Y-%m-%d")
    except (ValueError, TypeError):
        return ""
    return found or ""
