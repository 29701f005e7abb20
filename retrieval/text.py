"""Plain-text helpers: Unicode clean-up, web boilerplate removal, sentence splitting, date parsing."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from retrieval.models import Sentence

_CHAR_MAP = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00a0": " ",
        "\u2007": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u200a": " ",
        "\u3000": " ",
        "\u200b": "",
        "\u200c": "",
        "\u200d": "",
        "\ufeff": "",
        "\u00ad": "",
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2212": "-",
        "\r": "",
    }
)
_BULLET_LINE = re.compile(r"^[ \t]*[\u2022\u2023\u2043\u25aa\u25cf\u25e6\u2219\u00b7\u25a0\u25a1*\u2013\u2014-][ \t]+")
_HASHTAG_LINE = re.compile(r"^\s*(#[^\s#]+\s*){1,20}$")

# Lines that web-page exports append (blog "sidebar" widgets, share buttons). Matched whole, case-insensitively.
BOILERPLATE_LINES = frozenset(
    {
        "featured posts",
        "recent posts",
        "search by tags",
        "no tags yet.",
        "no tags yet",
        "follow us",
        "facebook basic square",
        "twitter basic square",
        "google+ basic square",
        "linkedin basic square",
        "instagram basic square",
        "share this post",
        "share on facebook",
        "share on twitter",
        "archive",
        "subscribe",
        "back to top",
        "read more",
        "related posts",
        "leave a comment",
        "all posts",
        "log in to comment",
        "see all",
    }
)


def normalize_unicode(text: str) -> str:
    """NFKC, straight quotes, plain spaces and hyphens, no zero-width characters."""
    return unicodedata.normalize("NFKC", text.translate(_CHAR_MAP)).translate(_CHAR_MAP)


def is_boilerplate(line: str) -> bool:
    stripped = _BULLET_LINE.sub("", line).strip().lower()
    return stripped in BOILERPLATE_LINES


def hashtags(line: str) -> tuple[str, ...]:
    """The tags of a line made only of #hashtags ("#Syria #ISIS"), else ()."""
    if not _HASHTAG_LINE.match(line) or line.lstrip().startswith("# "):
        return ()
    return tuple(tag.lstrip("#").lower() for tag in line.split())


def clean_text(text: str) -> tuple[str, tuple[str, ...]]:
    """Cleaned text and the hashtags found on tag-only lines (which are removed)."""
    lines: list[str] = []
    tags: list[str] = []
    for raw in normalize_unicode(text).split("\n"):
        line = re.sub(r"[ \t]+", " ", raw).strip()
        if is_boilerplate(line):
            continue
        found = hashtags(line)
        if found:
            tags.extend(found)
            continue
        lines.append(_BULLET_LINE.sub("- ", line))
    cleaned = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return cleaned, tuple(dict.fromkeys(tags))


_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "gen",
        "lt",
        "col",
        "maj",
        "capt",
        "sgt",
        "adm",
        "sen",
        "rep",
        "gov",
        "pres",
        "prof",
        "jr",
        "sr",
        "vs",
        "etc",
        "approx",
        "no",
        "nos",
        "fig",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "inc",
        "ltd",
        "co",
        "corp",
        "dept",
        "est",
        "mt",
        "ft",
    ]
)
_SENTENCE_END = re.compile(r"[.!?]+[\"')\]]*(?=\s+[\"'(\[]?[A-Z0-9-])|\n+")


def _ends_with_abbreviation(text: str, end: int) -> bool:
    match = re.search(r"(\b[\w.]+)\.$", text[:end])
    if not match:
        return False
    word = match.group(1).lower()
    return word in _ABBREVIATIONS or bool(re.fullmatch(r"(?:[a-z]\.)*[a-z]", word))


def split_sentences(text: str, offset: int = 0) -> list[Sentence]:
    """Sentences with their character spans (relative to `offset`). Line breaks always end a sentence."""
    sentences: list[Sentence] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end() if match.group().strip() else match.start()
        if match.group().strip() and _ends_with_abbreviation(text, match.end()):
            continue
        _append_sentence(sentences, text, start, end, offset)
        start = match.end()
    _append_sentence(sentences, text, start, len(text), offset)
    return sentences


def _append_sentence(out: list[Sentence], text: str, start: int, end: int, offset: int) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if len(re.sub(r"\W", "", stripped)) < 2:
        return
    lead = len(piece) - len(piece.lstrip())
    begin = start + lead
    out.append(Sentence(text=stripped, start=offset + begin, end=offset + begin + len(stripped)))


_MONTHS = {
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
    return _MONTHS[match.group("mon").lower().rstrip(".")]


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
        year, month, day = match.groups()
        if day:
            return date(int(year), int(month), int(day)).isoformat()
        return f"{year}-{int(month):02d}" if month else year
    found = dates_in_text(value)
    return found[0] if found else ""


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
