"""The dictionary forms an English word may be an inflection of ("won" -> win, "took" -> take, "fell" -> fall),
from LemmInflect's dictionaries: the one adapter over that library. A question asks "did they win"
where a briefing says "won"; the first five letters, a typo ratio or the embedding model's near match of single
words do not tie an irregular form to its verb."""

from __future__ import annotations

from lemminflect import getAllLemmas


def lemmas(word: str) -> frozenset[str]:
    """The word's dictionary forms, of any word class, with the word itself ("won" -> {"won", "win"})."""
    return frozenset(form for forms in getAllLemmas(word).values() for form in forms) | {word}


def same_lemma(word: str, words: set[str] | frozenset[str]) -> bool:
    """Whether one of `words` is a form of the same dictionary word ("win" and "won", "take" and "took")."""
    wanted = lemmas(word)
    return any(wanted & lemmas(other) for other in words)
