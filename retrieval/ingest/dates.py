"""Dates in text: reading the dates a document mentions, normalising typed dates, sort keys."""

from __future__ import annotations

import re
from datetime import date

MONTH_NUMBERS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}


_MONTH = (
    r"(?P<mon>january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?"
)


_DATE_PATTERNS = (
    re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]?\d)-(?P<d>[0-3]?\d)\b"),
    re.compile(rf"\b(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?: of)? {_MONTH},? (?P<y>(?:19|20)\d\d)\b", re.I),
    re.compile(rf"\b{_MONTH} (?P<d>[0-3]?\d)(?:st|nd|rd|th)?,? (?P<y>(?:19|20)\d\d)\b", re.I),
)


_MONTH_YEAR = re.compile(rf"\b{_MONTH},? (?P<y>(?:19|20)\d\d)\b", re.I)


def _month_number(match: re.Match[str]) -> int:
    if match.groupdict().get("m"):
        return int(match.group("m"))
    return MONTH_NUMBERS[match.group("mon").lower().rstrip(".")]


def dates_in_text(text: str) -> list[str]:
    """ISO dates (YYYY-MM-DD, or YYYY-MM when no day is given) mentioned in the text."""
    found: list[str] = []
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            try:
                found.append(date(int(match.group("y")), _month_number(match), int(match.group("d"))).isoformat())
            except ValueError:
                continue
    if not found:
        found = [f"{m.group('y')}-{_month_number(m):02d}" for m in _MONTH_YEAR.finditer(text)]
    return found


def normalize_date(value: str) -> str:
    """An ISO date (YYYY, YYYY-MM or YYYY-MM-DD) from a metadata value, or '' when none is recognisable."""
    value = value.strip()
    match = re.fullmatch(r"((?:19|20)\d\d)(?:-(\d\d?))?(?:-(\d\d?))?(?:[T ].*)?", value)
    if match:
        return _valid_iso(*match.groups())
    found = dates_in_text(value)
    return found[0] if found else ""


def _valid_iso(year: str, month: str | None, day: str | None) -> str:
    """YYYY, YYYY-MM or YYYY-MM-DD, or '' when the month or the day does not exist (2017-13, 2017-09-31)."""
    try:
        valid = date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return ""
    return valid.isoformat() if day else valid.isoformat()[:7] if month else year


def date_key(iso: str) -> int:
    """A sortable integer for an ISO date, partial dates at the start of their period (0 when unknown)."""
    parts = [int(p) for p in iso.split("-")] if iso else []
    if not parts:
        return 0
    year, month, day = [*parts, 1, 1][:3]
    return year * 10000 + month * 100 + day


def month_words(iso: str) -> str:
    """ "2017-09-06" -> "September 2017" (what a question says when it means a document's date)."""
    parts = iso.split("-")
    if len(parts) < 2 or not parts[1].isdigit() or not 1 <= int(parts[1]) <= 12:
        return parts[0] if parts and parts[0].isdigit() else ""
    return f"{date(2000, int(parts[1]), 1).strftime('%B')} {parts[0]}"
