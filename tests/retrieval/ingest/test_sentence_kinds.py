"""Lines that are not sentences (headings, list items, bylines, captions, boilerplate) and clean quotes."""

from __future__ import annotations

import pytest

from retrieval.ingest.sentences import clean_quote, quoted, split_sentences

PAGE = """## Raqqah's final days
Published 29 January 2018 · Northern Syria desk · 6 min read
Analysis | 15/01/2018
2022/12/21
The east bank and its oil
Three actors want the city:
- **Russia** wants the oil fields;
- Iran wants a corridor. It also wants the crossing:
1. Damascus wants every town back.
Fighters near the dam, pictured in 2004 (Image credit: Reuters)
Photo: a convoy on the Euphrates road
https://example.org/syria/raqqa
Share this post
"We will stay," the commander said. Then he left.
Key points:
By Jane Smith
"""


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("## Raqqah's final days", "heading"),
        ("Published 29 January 2018 · Northern Syria desk · 6 min read", "byline"),
        ("Analysis | 15/01/2018", "byline"),
        ("2022/12/21", "byline"),
        ("The east bank and its oil", "heading"),
        ("Three actors want the city:", "sentence"),
        ("- **Russia** wants the oil fields;", "list_item"),
        ("- Iran wants a corridor.", "list_item"),
        ("It also wants the crossing:", "list_item"),
        ("Damascus wants every town back.", "list_item"),
        ("Fighters near the dam, pictured in 2004 (Image credit: Reuters)", "caption"),
        ("Photo: a convoy on the Euphrates road", "caption"),
        ("https://example.org/syria/raqqa", "boilerplate"),
        ("Share this post", "boilerplate"),
        ('"We will stay," the commander said.', "sentence"),
        ("Then he left.", "sentence"),
        ("Key points:", "heading"),
        ("By Jane Smith", "byline"),
    ],
)
def test_each_line_gets_its_kind(text: str, kind: str) -> None:
    kinds = {s.text: s.kind for s in split_sentences(PAGE)}
    assert kinds[text] == kind


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("## Raqqah's final days", "Raqqah's final days."),
        ("- **Russia** wants the oil fields;", "Russia wants the oil fields."),
        ("* Iran wants a corridor:", "Iran wants a corridor."),
        ("2. The __SDF__ hold the *east* bank,", "The SDF hold the east bank."),
        ("See [the map](https://example.org/map) for the front", "See the map for the front."),
        ("Who holds the dam?", "Who holds the dam?"),
        ('"We will stay," the commander said.', '"We will stay," the commander said.'),
        ("The SDF, the   YPG and 2*3 fighters.", "The SDF, the YPG and 2*3 fighters."),
    ],
)
def test_clean_quote(raw: str, clean: str) -> None:
    assert clean_quote(raw) == clean


def test_a_quote_that_starts_with_a_quotation_mark_is_not_doubled() -> None:
    assert quoted('"We will stay," the commander said.') == "\"'We will stay,' the commander said.\""
    assert quoted("The dam held;") == '"The dam held."'


WRAPPED = """The Americans want Deir-Ezzor to control the border, weaken the
leadership and weaken the Iranian position to slow down or stop
its expansion in the region.

Why it matters
Tabqa controls water for the whole valley.
"""


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("The Americans want Deir-Ezzor to control the border, weaken the", "sentence"),
        ("leadership and weaken the Iranian position to slow down or stop", "sentence"),
        ("Why it matters", "heading"),
        ("Tabqa controls water for the whole valley.", "sentence"),
    ],
)
def test_hard_wrapped_lines_are_not_headings(text: str, kind: str) -> None:
    assert {s.text: s.kind for s in split_sentences(WRAPPED)}[text] == kind
