"""The matcher: the larger sentence model's cosines, kept per text, and a clear error when it is missing."""

from __future__ import annotations

from pathlib import Path

import pytest

from retrieval.errors import ConfigError
from retrieval.index.matcher import SentenceMatcher, default_matcher_path

QUESTION = "how many PMU members were killed in the strike?"
RESTATES = "An air strike hit PMU positions at al-Hari on the border."
ANSWERS = "The PMU said 22 of its members were killed."


def test_the_sentence_that_answers_is_nearer_than_one_restating_the_topic(matcher: SentenceMatcher) -> None:
    restates, answers = matcher.cosines(QUESTION, [RESTATES, ANSWERS])
    assert answers > restates
    assert matcher.cosines(QUESTION, []) == []


def test_vectors_are_kept_per_text(matcher: SentenceMatcher) -> None:
    first = matcher.cosines(QUESTION, [ANSWERS, RESTATES])
    encoded = matcher.texts_encoded
    again = matcher.cosines(QUESTION, [RESTATES, ANSWERS])
    assert matcher.texts_encoded == encoded
    assert again == pytest.approx(first[::-1])


def test_the_oldest_vectors_are_dropped_past_the_cache_size(matcher: SentenceMatcher) -> None:
    small = SentenceMatcher(str(matcher.path), cache_size=3)
    first = small.cosines(QUESTION, [ANSWERS, RESTATES])
    small.cosines("an unrelated question about football?", [RESTATES])  # QUESTION, the oldest, is dropped
    assert small.texts_encoded == 4
    assert small.cosines(QUESTION, [ANSWERS, RESTATES]) == pytest.approx(first)  # QUESTION encoded again
    assert small.texts_encoded == 5


def test_a_missing_model_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="scripts/setup"):
        SentenceMatcher(str(tmp_path))
    assert default_matcher_path().name == "all-mpnet-base-v2"
