"""Cleaning, sentence splitting, dates and name folding."""

from __future__ import annotations

import pytest

from retrieval.errors import ConfigError
from retrieval.ingest.clean import clean_text
from retrieval.ingest.dates import date_key, dates_in_text, normalize_date
from retrieval.ingest.names import Aliases
from retrieval.ingest.sentences import split_sentences
from tests.conftest import SAMPLE_CORPUS


def test_clean_text_normalises_and_drops_boilerplate() -> None:
    raw = "It\u2019s \u201cquoted\u201d.\u00a0Yes.\n\n  \u2022 First point\n #Syria #ISIS\nFeatured Posts\nFollow Us\n"
    text, tags = clean_text(raw)
    assert text == 'It\'s "quoted". Yes.\n\n- First point'
    assert tags == ("syria", "isis")


def test_a_markdown_heading_is_not_a_hashtag_line() -> None:
    text, tags = clean_text("# Raqqa front\nThe SDF advanced.")
    assert text.startswith("# Raqqa front") and tags == ()


def test_sentences_keep_spans_and_respect_abbreviations() -> None:
    text = "The U.S. sent advisers to Al-Tanf. Gen. Smith disagreed!\nA new line starts here"
    sentences = split_sentences(text, offset=10)
    assert [s.text for s in sentences] == [
        "The U.S. sent advisers to Al-Tanf.",
        "Gen. Smith disagreed!",
        "A new line starts here",
    ]
    for sentence in sentences:
        assert text[sentence.start - 10 : sentence.end - 10] == sentence.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("On Sunday the 18th of June 2017, a jet", ["2017-06-18"]),
        ("on September 3, 2017 and 2017-09-05", ["2017-09-05", "2017-09-03"]),
        ("in September 2017", ["2017-09"]),
        ("no date here", []),
    ],
)
def test_dates_in_text(text: str, expected: list[str]) -> None:
    assert dates_in_text(text) == expected


def test_normalize_date_and_keys() -> None:
    assert normalize_date("2017-9-6") == "2017-09-06"
    assert normalize_date("2017-09") == "2017-09"
    assert normalize_date("September 2017") == "2017-09"
    assert normalize_date("soon") == ""
    assert date_key("2017-09") == 20170901 < date_key("2017-09-06") == 20170906
    assert date_key("") == 0


def test_aliases_fold_every_spelling() -> None:
    aliases = Aliases.load(SAMPLE_CORPUS / "_aliases.txt")
    for spelling in ["Deir ez-Zor", "Deir Ezzor", "Deir-Ezzor", "Dayr az-Zawr", "DEIR EZ ZOR", "Déir ez-Zór"]:
        assert aliases.words(spelling) == ["deirezzor"], spelling
    assert aliases.words("Raqqah") == aliases.words("Raqqa") == ["raqqa"]
    assert {aliases.words(n)[0] for n in ["ISIS", "ISIL", "Daesh", "Islamic State"]} == {"isis"}
    assert aliases.words("the Syrian Democratic Forces") == ["the", "sdf"]
    assert aliases.words("Syrian Arab Army") == ["saa"]
    # the United States by its capital's short name, as analysts type it ("working on DC to slow the exit")
    assert aliases.words("DC") == aliases.words("Washington DC") == aliases.words("Washington") == ["unitedstates"]
    assert aliases.terms("What do the Iranians want?") == ["iran", "want"]
    # the SDF and the coalition by the descriptions news and analysts use for them
    for description in ["Kurdish-led alliance", "Kurdish-led force", "Kurdish-Arab fighters"]:
        assert aliases.words(f"the {description}") == ["the", "sdf"], description
    assert aliases.words("the US-led alliance") == aliases.words("the US-led coalition") == ["the", "coalition"]


def test_a_broken_alias_line_is_a_clear_error() -> None:
    with pytest.raises(ConfigError, match="line 2"):
        Aliases.parse("Raqqa = Raqqah\nthis line has no equals sign")


def test_a_names_possessive_folds_like_the_name() -> None:
    aliases = Aliases.parse("Russia = Moscow, the Kremlin\nUnited States = US, Washington\nHama = Hamah")
    assert aliases.terms("Moscow's jets and the Kremlin's view") == ["russia", "jet", "russia", "view"]
    assert aliases.terms("Washington\u2019s soldiers") == aliases.terms("Washington soldiers")
    assert aliases.words("Hamas and Hama's council") == ["hamas", "and", "hama", "council"]  # a name ending in s
    assert aliases.terms("the group's view") == aliases.terms("the groups view")  # other words as before


def test_a_variant_written_in_the_possessive_matches_the_text_it_names() -> None:
    aliases = Aliases.parse("SAA = Syrian army, Assad's army, Assad\u2019s forces\nAssad = al-Assad")
    assert aliases.terms("Assad's army advanced") == ["saa", "advanced"]
    assert aliases.terms("Assad\u2019s forces and Assad's view") == ["saa", "assad", "view"]


def test_the_alias_digest_changes_with_the_way_names_are_folded(monkeypatch: pytest.MonkeyPatch) -> None:
    from retrieval.index import snapshots

    aliases = Aliases.parse("Russia = Moscow")
    before = snapshots.aliases_digest(aliases)
    monkeypatch.setattr(snapshots, "FOLDING_VERSION", snapshots.FOLDING_VERSION + 1)
    assert snapshots.aliases_digest(aliases) != before  # a saved index's BM25 terms are then re-folded
