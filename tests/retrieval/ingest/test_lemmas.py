"""Dictionary forms: an irregular form is tied to its verb."""

from __future__ import annotations

from retrieval.ingest.lemmas import lemmas, same_lemma


def test_an_irregular_form_is_a_form_of_its_verb() -> None:
    assert "win" in lemmas("won")
    assert same_lemma("take", {"they", "took", "the", "town"})
    assert same_lemma("fall", {"fell"})
    assert not same_lemma("win", {"lost", "title"})
    assert lemmas("Qalamoun") == {"Qalamoun"}  # unknown to the dictionaries: only itself
