"""Sentence splitting that knows abbreviations; spans point into the original text."""

from __future__ import annotations

import re

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
