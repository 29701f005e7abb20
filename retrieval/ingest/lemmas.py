"""The dictionary forms an English word may be an inflection of ("won" -> win, "took" -> take, "fell" -> fall),
and the word classes it can take, from LemmInflect's dictionaries: the one adapter over that library. A question
asks "did they win" where a briefing says "won"; the first five letters, a typo ratio or the embedding model's
near match of single words do not tie an irregular form to its verb. Questions are read without a tagger: the
classes a word can take tell the noun heading a name's phrase ("when did the Kilauea eruption stop": eruption)
from the verb asked about ("when did the SAA announce full control": announce)."""

from __future__ import annotations

from lemminflect import getAllLemmas


def lemmas(word: str) -> frozenset[str]:
    """The word's dictionary forms, of any word class, with the word itself ("won" -> {"won", "win"})."""
    return frozenset(form for forms in getAllLemmas(word).values() for form in forms) | {word}


def same_lemma(word: str, words: set[str] | frozenset[str]) -> bool:
    """Whether one of `words` is a form of the same dictionary word ("win" and "won", "take" and "took")."""
    wanted = lemmas(word)
    return any(wanted & lemmas(other) for other in words)


def word_classes(word: str) -> frozenset[str]:
    """The universal part-of-speech tags the word can take ("NOUN", "VERB", "ADJ", ...); none when unknown."""
    return frozenset(getAllLemmas(word))


def can_be_noun(word: str) -> bool:
    """A noun, or a word the dictionaries do not know (a name, a typo): read as the rules read it before."""
    classes = word_classes(word)
    return not classes or "NOUN" in classes


def can_be_verb(word: str) -> bool:
    return "VERB" in word_classes(word)


def participle(word: str) -> bool:
    """A verb's past or present participle ("killed", "taken", "ringing"), not a plural noun ("troops")."""
    verbs = getAllLemmas(word).get("VERB", ())
    return bool(verbs) and word not in verbs and word.endswith(("ed", "en", "ing", "wn", "t"))


def past_tense(word: str) -> bool:
    """A verb's past form ("killed", "took"), not its present ("leads", "takes") nor a word that is no verb."""
    verbs = getAllLemmas(word).get("VERB", ())
    return bool(verbs) and word not in verbs and not word.endswith(("s", "ing"))
