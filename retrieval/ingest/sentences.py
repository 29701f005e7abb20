"""Sentence splitting that knows abbreviations and lines that are not sentences; spans point into the text.

Each sentence gets a `kind` (records.SENTENCE_KINDS) from the line it stands on: a Markdown or short
unpunctuated line is a heading; a line opened by a bullet or a number is a list item; "Published ... · 6 min
read", a lone date or "Analysis | 15/01/2018" is a byline; "(Image credit: ...)" or "Photo: ..." a caption; a
bare link or a share/follow widget boilerplate. `clean_quote` gives the text a reader should see.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from retrieval.ingest.clean import is_boilerplate
from retrieval.records import Sentence

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


def ends_with_abbreviation(text: str, end: int) -> bool:
    """The period ending `text[:end]` closes an abbreviation ("Gen.", "Nov.", "U.S."), not a sentence."""
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
        if match.group().strip() and ends_with_abbreviation(text, match.end()):
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
    kind = sentence_kind(text, begin, begin + len(stripped))
    out.append(Sentence(text=stripped, start=offset + begin, end=offset + begin + len(stripped), kind=kind))


_LIST_MARK = re.compile(r"^(?:[-*+\u2022]|\d{1,2}[.)]|[a-z][.)])\s+")
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s")
_DATE_ONLY = re.compile(
    r"^(?:[A-Z][a-z]+,?\s+)?(?:\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}|\d{1,2}\s+[A-Z][a-z]+\.?\s+\d{4}"
    r"|[A-Z][a-z]+\.?\s+\d{1,2},?\s+\d{4}|[A-Z][a-z]+\s+\d{4})$"
)
_BYLINE = re.compile(
    r"^(?:published|updated|posted|last updated|first published|by)\b.*(?:\d{4}|\bmin read\b|·|\|)"
    r"|\b\d+\s+min(?:ute)?s?\s+read\b|^by\s+[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3}$",
    re.I,
)
_SECTION_DATE = re.compile(r"^[A-Z][\w ]{1,30}\s*[|·]\s*.{0,40}\d{4}\b.{0,20}$")
_CAPTION = re.compile(
    r"\((?:image|photo|picture)(?:\s+credit)?s?:|^(?:image|photo|picture|caption|credit)s?\s*(?:credit)?:"
    r"|\b(?:getty images|afp via getty|reuters/|ap photo)\b",
    re.I,
)
_URL_ONLY = re.compile(r"^(?:<?https?://\S+>?|www\.\S+)$")
_END_MARK = re.compile(r"[.!?]['\")\]]*$")


def sentence_kind(text: str, start: int, end: int) -> str:
    """The kind (records.SENTENCE_KINDS) of the sentence at text[start:end], judged with the line it is on."""
    return sentence_kinds(text, [(start, end)])[0]


def sentence_kinds(text: str, spans: Iterable[tuple[int, int]]) -> list[str]:
    """The kind of each sentence text[start:end]; the sentences of one line share its reading."""
    read: dict[tuple[int, bool], str] = {}
    kinds = []
    for start, end in spans:
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        line_end = len(text) if line_end < 0 else line_end
        line = text[line_start:line_end].strip()
        whole = text[start:end].strip() == line and _stands_apart(text, line_start, line_end)
        if (line_start, whole) not in read:
            read[line_start, whole] = line_kind(line, whole)
        kinds.append(read[line_start, whole])
    return kinds


def _stands_apart(text: str, line_start: int, line_end: int) -> bool:
    """Whether the line stands on its own rather than being one line of a hard-wrapped paragraph: the line
    before ends a sentence, is short or blank, and the line after does not carry on in lower case."""
    before = text[:line_start].rstrip().rsplit("\n", 1)[-1].strip()
    after = text[line_end:].lstrip().split("\n", 1)[0].strip()
    ends = not before or bool(_END_MARK.search(before)) or before.endswith(":") or len(before.split()) <= 8
    return ends and not after[:1].islower()


def line_kind(line: str, whole: bool = True) -> str:
    """The kind of a line of text; `whole` says the sentence is the whole line (not one sentence of many) and
    the line stands apart (a blank line or the edge of the text next to it)."""
    if _URL_ONLY.match(line) or is_boilerplate(line):
        return "boilerplate"
    if _CAPTION.search(line):
        return "caption"
    if _MARKDOWN_HEADING.match(line):
        return "heading"
    if _LIST_MARK.match(line):
        return "list_item"
    if _BYLINE.search(line) or _DATE_ONLY.match(line) or _SECTION_DATE.match(line):
        return "byline"
    if whole and _looks_like_heading(line):
        return "heading"
    return "sentence"


def _looks_like_heading(line: str) -> bool:
    """A short line without sentence punctuation ("The east bank and its oil", "Key points:")."""
    words = line.split()
    if line.endswith(":"):
        return len(words) <= 3
    return 0 < len(words) <= 12 and not _END_MARK.search(line) and not line.endswith((",", ";"))


_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1|(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])")
_LINK = re.compile(r"\[([^\]]+)\]\((?:https?://|/)[^)\s]*\)")


def clean_quote(text: str) -> str:
    """A sentence as a reader should see it quoted: no heading or list marks, no Markdown emphasis, links as
    their words, and ending in one full stop (a list item's ";" or ":" becomes "."; "?" and "!" stay)."""
    text = " ".join(text.split())
    text = _LIST_MARK.sub("", re.sub(r"^#{1,6}\s+", "", text))
    text = _LINK.sub(r"\1", text)
    text = _EMPHASIS.sub(lambda m: m.group(2) or m.group(3), text)
    text = re.sub(r"`([^`]+)`", r"\1", text).strip()
    text = re.sub(r"\s*[;:,]+$", "", text)
    if not text:
        return ""
    return text if _END_MARK.search(text) else text + "."


def quoted(text: str) -> str:
    """`text` cleaned and put in double quotation marks, its own double quotes turned to single ones."""
    return '"' + clean_quote(text).replace('"', "'") + '"'
