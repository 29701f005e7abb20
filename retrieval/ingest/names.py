"""Name folding: one spelling for the many ways a place, group or actor is written.

The alias file (`corpus/_aliases.txt` by default) has one entity per line:

    Deir ez-Zor = Deir Ezzor, Deir-Ezzor, Dayr az-Zawr, Deir al-Zour

Every variant, and the name before `=`, folds to one token. Folding also lower-cases, strips accents and
apostrophes, and ignores spaces and hyphens inside a name ("Deir ez Zor" = "Deir-ez-Zor" = "Deirezzor"), so
the lexical search and the answer checks see the same word whatever the spelling.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from retrieval.errors import ConfigError

log = logging.getLogger(__name__)

MAX_NAME_WORDS = 6
RUN_WORDS = 4  # the longest name of several capitalised words looked for whole (`Aliases.run_set`)
# how names are folded (Aliases.words); part of the alias digest, so a change re-folds the saved BM25 terms
FOLDING_VERSION = 2  # 2: possessives of names fold too ("Washington's" -> the United States' token)
_POSSESSIVE = re.compile(r"(?<=\w)['\u2019]s\b")
STOPWORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "him",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "s",
        "t",
        "don",
        "say",
        "says",
        "said",
        "tell",
        "told",
        "know",
        "whats",
        "wat",
        "re",
        "ve",
        "ll",
        "d",
        "m",
        "please",
        "give",
        "show",
        "explain",
        "describe",
        "list",
        "briefing",
        "briefings",
    ]
)
_WORD = re.compile(r"[a-z0-9]+")
# Month abbreviations fold to the full name, so "Sept 2017" matches "September 2017".
MONTHS = {
    "jan": "january",
    "feb": "february",
    "mar": "march",
    "apr": "april",
    "jun": "june",
    "jul": "july",
    "aug": "august",
    "sep": "september",
    "sept": "september",
    "oct": "october",
    "nov": "november",
    "dec": "december",
}


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def raw_words(text: str) -> list[str]:
    """Lower-case ASCII words; apostrophes join ("Assad's" -> "assads"), hyphens and spaces separate."""
    text = _strip_accents(text).lower().replace("'", "").replace("\u2019", "")
    return _WORD.findall(text)


def squash(name: str) -> str:
    """The spelling-insensitive key of a name: its words run together."""
    return "".join(raw_words(name))


@dataclass(frozen=True)
class Aliases:
    """Variant -> canonical token, keyed by the squashed spelling."""

    canonical_of: dict[str, str] = field(default_factory=dict)
    display_of: dict[str, str] = field(default_factory=dict)
    _term_sets: dict[str, frozenset[str]] = field(default_factory=dict, compare=False, repr=False)
    _run_sets: dict[str, frozenset[str]] = field(default_factory=dict, compare=False, repr=False)
    spelled: dict[str, str] = field(default_factory=dict, compare=False, repr=False)  # key -> as written

    @classmethod
    def load(cls, path: Path) -> Aliases:
        if not path.is_file():
            log.warning("aliases file missing path=%s: names are folded without aliases", path)
            return cls()
        return cls.parse(path.read_text(encoding="utf-8"), str(path))

    @classmethod
    def parse(cls, text: str, origin: str = "aliases") -> Aliases:
        canonical_of: dict[str, str] = {}
        display_of: dict[str, str] = {}
        spelled: dict[str, str] = {}
        for number, line in enumerate(text.splitlines(), start=1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            if "=" not in line:
                raise ConfigError(f"{origin} line {number}: write `Name = variant, variant`, not {line!r}.")
            name, variants = line.split("=", 1)
            token = squash(name)
            if not token:
                raise ConfigError(f"{origin} line {number}: the name before `=` is empty.")
            display_of[token] = name.strip()
            for variant in [name, *variants.split(",")]:
                key = squash(_POSSESSIVE.sub("", variant))  # "Assad's army" as a text's words fold it
                if key:
                    canonical_of[key] = token
                    spelled.setdefault(key, variant.strip())
        return cls(canonical_of, display_of, spelled=spelled)

    def words(self, text: str) -> list[str]:
        """Folded words: every known name (of up to MAX_NAME_WORDS words) replaced by its canonical token, its
        possessive too ("Washington's", "the Kremlin's": the "'s" is dropped, not joined as `raw_words` would)."""
        words = raw_words(_POSSESSIVE.sub("", text))
        out: list[str] = []
        i = 0
        while i < len(words):
            for length in range(min(MAX_NAME_WORDS, len(words) - i), 0, -1):
                token = self.canonical_of.get("".join(words[i : i + length]))
                if token:
                    out.append(token)
                    i += length
                    break
            else:
                out.append(MONTHS.get(words[i], words[i]))
                i += 1
        return out

    def terms(self, text: str) -> list[str]:
        """Folded content words: `words` without stop words, with a light plural fold."""
        return [singular(w) for w in self.words(text) if w not in STOPWORDS]

    def term_set(self, text: str) -> frozenset[str]:
        """`terms` as a set, memoised: answers compare the same passages' sentences again and again."""
        cached = self._term_sets.get(text)
        if cached is None:
            if len(self._term_sets) > 200_000:
                self._term_sets.clear()
            cached = self._term_sets[text] = frozenset(self.terms(text))
        return cached

    def run_set(self, text: str) -> frozenset[str]:
        """`term_set` with every run of two to RUN_WORDS terms joined by spaces ("premier league"), memoised:
        where a question's name of several words is looked for whole."""
        cached = self._run_sets.get(text)
        if cached is None:
            if len(self._run_sets) > 50_000:
                self._run_sets.clear()
            terms = self.terms(text)
            runs = {" ".join(terms[i : i + n]) for n in range(2, RUN_WORDS + 1) for i in range(len(terms) - n + 1)}
            cached = self._run_sets[text] = frozenset(terms) | runs
        return cached

    def is_name(self, token: str) -> bool:
        return token in self.display_of


def singular(word: str) -> str:
    """The light plural fold of terms ("militias" -> "militia", "forces" -> "force")."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word
