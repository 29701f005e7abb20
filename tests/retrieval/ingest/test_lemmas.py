"""Dictionary forms: an irregular form is tied to its verb."""

from __future__ import annotations

from retrieval.ingest.lemmas import can_be_noun, can_be_verb, lemmas, participle, same_lemma


def test_an_irregular_form_is_a_form_of_its_verb() -> None:
    assert "win" in lemmas("won")
    assert same_lemma("take", {"they", "took", "the", "town"})
    assert same_lemma("fall", {"fell"})
    assert not same_lemma("win", {"lost", "title"})
    assert lemmas("Qalamoun") == {"Qalamoun"}  # unknown to the dictionaries: only itself


def test_a_word_can_be_a_noun_a_verb_or_both() -> None:
    assert can_be_noun("eruption") and not can_be_verb("eruption")
    assert can_be_verb("announce") and not can_be_noun("announce")
    assert can_be_noun("stop") and can_be_verb("stop")
    assert can_be_noun("Qalamoun")  # unknown to the dictionaries (a name): read as a noun, as before


def test_a_participle_is_told_from_a_plural_noun() -> None:
    assert participle("killed") and participle("taken") and participle("ringing")
    assert not participle("troops") and not participle("kill") and not participle("border")
