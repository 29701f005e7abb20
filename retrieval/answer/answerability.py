"""Does the chosen sentence answer what was asked? Signals, rules and a small learned scorer.

A similarity score alone cannot tell "not in the briefings": in a noisy corpus some passage always shares
the question's words. So the question's own constraints are checked against the sentence that would be
quoted and its context (its passage, its document's title and date):

1. rules, each with a reason a user can read, in this order: a name the corpus never has; a practical how-to
   ("how do I reset ..."; briefings give no instructions); no sentence close, or no passage close as a whole
   (its chunk vector; the floor is chosen by cross-validation); a view asked of someone who is no government
   or armed group ("what does Cardiff want") and whom the answer's briefing never names; an actor's view asked
   where the passages give
   only other actors' views, or where none of the best sentences (nor one beside them) names that actor (how
   near the top: chosen by cross-validation); a year the passages do not cover; what happened in a period
   ("the October 2018 launch") asked of briefings all written before it; what a period came to by its end
   ("by the end of 2019") asked of briefings written over a month before it ended; a figure or a date asked
   where the closest sentences give none; for "how many X", figures only of other things (no figure has X
   beside it, nor a near form by the embedding model: "advisers" for "how many US advisers";
   the floor chosen by cross-validation); a figure, date or name given, but not about what was asked (the
   question's action words, "killed", in none of the sentences that give one, nor a near form by the
   embedding model; the floor chosen by cross-validation). These two read only sentences of briefings that
   hold some of the question's names: Kenya's census does not answer "what's the population of Cardiff?";
2. a logistic scorer over `Signals` (best cosine, IDF-weighted coverage of the question's words by the best
   sentence and by its passage, the rarest missing word, names, years, answer type, focus, the asked action
   and, for "when did ...", its verb; for "did they actually ...", a report, not a plan or a first count; for
   "how did Iran react ...", a sentence with Iran saying or doing something in reply). Its
   weights and threshold are in `answerability.json`, written by `python -m bench.train_answerability`, which
   fits them on the tuning two thirds of eval/questions.jsonl by k-fold cross-validation (the held-out third
   is never read) and reports the out-of-fold figures.

A "no" when the topic is covered is still useful: the answer says what the briefings do say ("The briefings
discuss Khasham [1] but give no figure for this."), abstained, with the related citations.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np
from rapidfuzz import fuzz, process

from retrieval.answer.lists import COUNTED_THINGS
from retrieval.index.catalog import Catalog
from retrieval.ingest.event_dates import parse_iso
from retrieval.ingest.lemmas import can_be_noun, lemmas, same_lemma
from retrieval.records import Passage
from retrieval.search.question import (
    ACTORS,
    AFFILIATION,
    AUXILIARIES,
    CALENDAR,
    PASSIVE_AUXILIARIES,
    QuestionAnalysis,
    actors_in,
    asks_measure,
    same_actor,
)

WEIGHTS_FILE = Path(__file__).with_name("answerability.json")

NUMBER = re.compile(
    r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|"
    r"thousand|million|dozen|dozens|hundreds|thousands|several|a few|half|double|tripled?)\b",
    re.I,
)
DATE_WORD = re.compile(
    r"\b(19|20)\d\d\b|\b(january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|day|days|week|weeks|month|months|year|years|"
    r"spring|summer|autumn|winter|yesterday|today|since|until)\b",
    re.I,
)
VIEW_VERB = re.compile(
    r"\b(wants?|aims?|(?<!own )(?<!\d )goals?|objectives?|interests?|intends?|seeks?|hopes?|fears?|views?|"
    r"opposes?|priority|priorities|strategy|plans?|ambitions?|purpose|would like|is trying|tries)\b",
    re.I,
)
# dates are not figures: "June 17-18", "18 June 2017", "2017", "the 18th"
_DATES = re.compile(
    r"\b(?:19|20)\d\d\b|\b\d{1,2}(?:st|nd|rd|th)?(?:\s*[-\u2013]\s*\d{1,2})?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
    r"[a-z]*\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?"
    r"(?:\s*[-\u2013]\s*\d{1,2})?\b|\bthe \d{1,2}(?:st|nd|rd|th)\b",
    re.I,
)
MONEY_QUESTION = re.compile(
    r"\b(cost|costs|costing|money|fine|fined|price|paid|pay|pays|paying|raise|raised|spend|spends|spending|spent|"
    r"budget|worth|profit|revenue|funding|funded)\b",
    re.I,
)
MONEY = re.compile(
    r"[$\u20ac\u00a3\u00a5]|\b(dollars?|euros?|pounds?|yen|rials?|lira|liras|usd|eur|gbp|bn|m)\b"
    r"|\b(million|billion|trillion)\b",
    re.I,
)
# a sentence speaking of a plan, an expectation or a forecast rather than of what happened ("which would bring",
# "is due to launch", "could raise up to", "on track to enter service"), or of what has not happened ("did not
# announce a landing date"); "May" the month is not "may"
FORECAST = re.compile(
    r"\b(?:will|would|could|might|(?-i:may)|expects?|expected|plans?|planned|aims? to|due to|scheduled|on track|"
    r"set to|forecasts?|intends? to|hopes? to|yet to|did not|has not|have not|had not|not yet)\b",
    re.I,
)
FORECAST_REASON = "the closest passages give only what was planned or expected, not what happened"
HOW_TO_REASON = "it asks how to do something; the briefings report and assess, they give no instructions"
PERIOD_NAMES_REASON = "no briefing dated in the period asked about names all it asks about"
_TYPE_WORDS = {"count": "no figure", "when": "no date", "who": "no name"}
ACTION_DEPTH = 10  # the best sentences whose figures, dates or names are checked against the asked action
COUNTED_DEPTH = 5  # the best sentences of which one must give a figure of what "how many" counts
KIND_DEPTH = 3  # for "which X": the best sentences searched for the first that speaks of an X
FOCUS_DEPTH = 5  # for one actor's view: the best sentences searched for one naming the actor (or beside one)
_TYPE_KINDS = {"count": "figures", "when": "dates", "who": "names"}
# words that frame a typed question rather than say what it asks about
FRAME_WORDS = frozenset(
    {"many", "much", "long", "far", "date", "day", "time", "name", "number", "often", "big", "large", "old"}
    | {"wide", "deep", "tall", "heavy", "full", "small", "fast"}  # "how wide": the answer may say "16 km across"
    | {"exactly", "roughly", "approximately"}
    | {"get", "got", "gotten", "getting"}  # "how many got hurt": the hurt, not the getting
    | {"allegedly", "reportedly", "supposedly", "apparently", "actually", "really"}  # how sure, not what happened
)


# verbs that say how many there were, not what happened to them ("how many fighters were left": "remain";
# "were estimated", "were believed"): a figure of what is counted answers them in any words
STATE_WORDS = frozenset(
    {"left", "remaining", "remained", "estimated", "believed", "thought", "reported", "said", "known", "expected"}
    | {"present", "there", "counted", "recorded", "registered", "listed", "put", "numbered"}
)


# words that place or time what a question asks about ("near Hajin", "in late October", "since September"): no
# sentence needs to say them to give the asked figure, date or name
PLACING_WORDS = frozenset(
    {"near", "late", "early", "since", "during", "after", "before", "between", "around", "across", "along", "toward"}
    | {"towards", "within", "inside", "outside", "behind", "beyond", "against", "via", "ago", "later", "earlier"}
)


def action_words(analysis: QuestionAnalysis) -> tuple[str, ...]:
    """The question's words beyond its names, years, months, what it counts and the words framing or placing
    it: what it asks the figure, date or name about ("how many soldiers were killed retaking Mayadin?": killed,
    retaking; "how many SDF fighters died near Hajin in late October?": died)."""
    counted = set(analysis.counted[: len(_counted_parts(analysis))])  # "SDF fighters", not the "died" after them
    unread = {typed for typed, *_ in analysis.unread}  # "how far is Suhna": a name, checked as names are
    words = tuple(
        t
        for t in dict.fromkeys(analysis.terms)
        if t not in analysis.names
        and t not in unread
        and t not in counted
        and t not in FRAME_WORDS
        and t not in PLACING_WORDS
        and t not in CALENDAR
        and t.isalpha()
    )
    acting = tuple(t for t in words if t not in analysis.heads)  # "the Kilauea eruption end": end, not eruption
    return acting or words


class WordVectors:
    """Single words embedded with the model (memoised): near matches between a question's words and a
    sentence's ("take" ~ "took")."""

    def __init__(self, encode: Callable[[list[str]], np.ndarray], size: int = 50_000) -> None:
        self._encode = encode
        self._size = size
        self._vectors: dict[str, np.ndarray] = {}

    def vectors(self, words: list[str]) -> np.ndarray:
        """One row per word (safe when another thread clears the memo meanwhile: rows are gathered locally)."""
        found: dict[str, np.ndarray] = {}
        missing = []
        for word in dict.fromkeys(words):
            vector = self._vectors.get(word)
            if vector is None:
                missing.append(word)
            else:
                found[word] = vector
        if missing:
            if len(self._vectors) + len(missing) > self._size:
                self._vectors.clear()
            for word, vector in zip(missing, self._encode(missing), strict=True):
                found[word] = self._vectors[word] = np.asarray(vector, dtype=np.float32)
        return np.stack([found[w] for w in words])

    def best_match(self, wanted: tuple[str, ...] | list[str], words: list[str]) -> float:
        """The highest cosine between a wanted word and one of `words`."""
        return float((self.vectors(list(wanted)) @ self.vectors(words).T).max())


@dataclass(frozen=True)
class Signals:
    """What the scorer reads, for the best sentence of an answer and its context."""

    best_score: float  # cosine of the best sentence to the question
    sentence_coverage: float  # IDF-weighted share of the question's words in the best sentence
    passage_coverage: float  # ... in the best sentence's passage and its document's title
    top_coverage: float  # ... in the top three passages together
    missing_idf: float  # the highest IDF among the question's words absent from the top three passages
    names_found: float  # share of the question's names in the best sentence's document (1 when none)
    years_found: float  # share of the question's years in the best passages or their dates (1 when none)
    type_found: float  # the answer type (figure, date) in the best sentences (1 when no type)
    focus_found: float  # the focus actor in the best sentences (1 when no focus)
    typo_count: float  # words read as another spelling
    doc_coverage: float  # IDF-weighted share of the question's words in the best sentence's document
    doc_missing_idf: float  # the highest IDF among the question's words absent from that document
    who_found: float  # for "who" questions, a name (capitalised words) in the best sentences (1 otherwise)
    answer_logit: float  # the sentence ranker's score of the best sentence (0 without a ranker)
    passage_cosine: float  # the best cosine of a top-three passage (the chunk vector) to the question
    action_match: float  # how well the sentences giving the asked figure, date or name say what was asked (1: do)
    focus_near: float  # for one actor's view: 1 / the rank of the first best sentence naming that actor, or beside
    # one that does (0 when none of the best FOCUS_DEPTH does; 1 for other questions)
    counted_match: float  # for "how many X": how well a best sentence giving a figure says every word of X
    fact_given: float  # for a past "when" or "how many": a best sentence giving the date or figure reports it, not
    # only a plan or a forecast (1 for other questions)
    holder_found: float  # for "what does X want" where X is no actor: X in the best sentence's document (else 1)
    outcome_given: float  # for a question on how something ended: a best sentence reports the asked action, not
    # a plan, a threat or a first count (1 for other questions)
    verb_match: float  # for "when": as action_match, for the verb asked about alone ("did New York City lift": lift)
    reaction_shown: float  # for how one actor reacted or what it said: a best sentence names that actor with a word
    # of saying or reacting ("Moscow relayed the warnings", "Baghdad said"); 1 for other questions
    period_names: float = 1.0  # searched among the briefings of the period the question names only: the share of its
    # names in the documents of the passages found (1 when searched over all dates)
    counted_action: float = 1.0  # for "how many X were <verb>": one clause giving a figure says both, X beside the
    # figure and the verb (1 for other questions)
    kind_named: float = 1.0  # for "which X": 0 when the first of the best sentences that speaks of an X does not
    # name it ("one Asian airline said", "led by a Canadian pension fund"), else 1

    def vector(self) -> list[float]:
        return [float(getattr(self, f.name)) for f in fields(self)]

    @staticmethod
    def names() -> list[str]:
        return [f.name for f in fields(Signals)]


@dataclass(frozen=True)
class Scorer:
    """A logistic model over `Signals` (standardised) with its decision threshold."""

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    threshold: float

    @classmethod
    def load(cls, path: Path = WEIGHTS_FILE) -> Scorer | None:
        data = load_weights(path).get("scorer") or {}
        if data.get("features") != Signals.names():
            return None  # weights for other signals: re-run the training script
        return cls(tuple(data["mean"]), tuple(data["scale"]), tuple(data["coef"]), data["intercept"], data["threshold"])

    def contributions(self, signals: Signals) -> list[float]:
        return [
            c * (x - m) / (s or 1.0)
            for c, x, m, s in zip(self.coef, signals.vector(), self.mean, self.scale, strict=True)
        ]

    def probability(self, signals: Signals) -> float:
        z = self.intercept + sum(self.contributions(signals))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def tuned_margin(default: float = 1.0, path: Path = WEIGHTS_FILE) -> float:
    """The margin (in the ranker's logits) for further answer sentences chosen by the training script."""
    return float((load_weights(path).get("policy") or {}).get("ranker_margin", default))


def tuned_action_floor(default: float = 0.0, path: Path = WEIGHTS_FILE) -> float:
    """The near-match cosine below which a typed answer is not about the asked action (0: no check)."""
    return float((load_weights(path).get("policy") or {}).get("min_action_match", default))


def tuned_counted_floor(default: float = 0.0, path: Path = WEIGHTS_FILE) -> float:
    """How well a figure's sentence must say what "how many" counts, chosen by the training script (0: no check)."""
    return float((load_weights(path).get("policy") or {}).get("min_counted_match", default))


def tuned_focus_floor(default: float = 0.0, path: Path = WEIGHTS_FILE) -> float:
    """1 / the rank by which a sentence must name the actor whose view is asked (0: no check), chosen by the
    training script."""
    return float((load_weights(path).get("policy") or {}).get("min_focus_near", default))


def tuned_passage_floor(default: float = 0.0, path: Path = WEIGHTS_FILE) -> float:
    """The passage cosine below which nothing is answered, chosen by the training script (0: no floor)."""
    return float((load_weights(path).get("policy") or {}).get("min_passage_score", default))


def load_weights(path: Path = WEIGHTS_FILE) -> dict[str, Any]:
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


@dataclass(frozen=True)
class Verdict:
    """'' when the sentences answer the question; else why not, and whether the topic is covered (then
    the answer shows what the briefings do say)."""

    reason: str = ""
    covered: bool = False
    missing: str = ""  # what the answer says is missing ("no figure", "not in 2015", ...)


class Answerability:
    def __init__(
        self,
        min_sentence_score: float,
        scorer: Scorer | None,
        min_passage_score: float = 0.0,
        min_action_match: float = 0.0,
        word_vectors: WordVectors | None = None,
        min_counted_match: float = 0.0,
        min_focus_near: float = 0.0,
    ) -> None:
        self.min_focus_near = min_focus_near
        self.min_sentence_score = min_sentence_score
        self.min_passage_score = min_passage_score
        self.min_action_match = min_action_match
        self.min_counted_match = min_counted_match
        self.word_vectors = word_vectors
        self.scorer = scorer

    def signals(
        self,
        analysis: QuestionAnalysis,
        sentences: list[tuple[str, float, Passage]],
        passages: list[Passage],
        catalog: Catalog,
        best_logit: float = 0.0,
    ) -> Signals:
        """`sentences` are the ranked candidate sentences (text, cosine, passage), best first; `best_logit`
        is the sentence ranker's score of the first (how likely it holds an answer)."""
        terms = [t for t in dict.fromkeys(analysis.terms) if not t.isdigit()]
        idf = {t: catalog.lexical.idf(t) for t in terms}
        best_text, _, best_passage = sentences[0]
        aliases = catalog.aliases
        context = aliases.term_set(best_passage.text) | aliases.term_set(best_passage.title)
        top: set[str] = set()
        for passage in passages[:3]:
            top |= aliases.term_set(passage.text) | aliases.term_set(passage.title)
        missing = [idf[t] for t in terms if not _has(top, t)]
        # asked for a list, its items follow the sentence announcing it ("Other actors are watching. Turkey ...")
        head = [
            f"{text} {_sentence_after(text, passage)}" if analysis.asks_list else text
            for text, _, passage in sentences[:3]
            if passage.doc_id == best_passage.doc_id
        ]
        document = document_words(best_passage, catalog)
        acting = about_names(analysis, sentences[:ACTION_DEPTH], catalog)  # sentences of briefings on the names
        counting = about_names(analysis, sentences[:COUNTED_DEPTH], catalog)
        return Signals(
            best_score=max(score for _, score, _ in sentences),
            sentence_coverage=coverage(terms, idf, aliases.term_set(best_text)),
            passage_coverage=coverage(terms, idf, context),
            top_coverage=coverage(terms, idf, top),
            missing_idf=max(missing, default=0.0),
            names_found=names_share(analysis, document, catalog),
            years_found=_share(analysis.years, _years_of([p for _, _, p in sentences[:3]])),
            type_found=float(type_found(analysis, [t for t, _, _ in sentences[:3]], catalog)),
            focus_found=float(focus_found(analysis, [text for text, _, _ in sentences], catalog)),
            typo_count=float(len(analysis.corrections)),
            doc_coverage=coverage(terms, idf, document),
            doc_missing_idf=max((idf[t] for t in terms if not _has(document, t)), default=0.0),
            who_found=float(analysis.answer_type != "who" or any(names_someone(t, analysis, catalog) for t in head)),
            answer_logit=best_logit,
            passage_cosine=max(p.dense_score for p in passages[:3]) if passages else 0.0,
            action_match=self.action_match(analysis, acting, catalog),
            focus_near=focus_rank(analysis, sentences[:FOCUS_DEPTH], catalog),
            counted_match=self.counted_match(analysis, counting, catalog),
            fact_given=float(fact_given(analysis, [t for t, _, _ in sentences[:3]], catalog)),
            verb_match=self.verb_match(analysis, acting, catalog),
            holder_found=float(all(t in document for t in analysis.holder)),
            outcome_given=float(outcome_given(analysis, [t for t, _, _ in sentences[:3]], catalog)),
            reaction_shown=float(reaction_shown(analysis, since_asked(analysis, sentences[:FOCUS_DEPTH]), catalog)),
            period_names=period_names(analysis, passages, catalog),
            counted_action=self.counted_action(analysis, counting, catalog),
            kind_named=float(kind_named(analysis, sentences[:KIND_DEPTH], catalog)),
        )

    def action_match(self, analysis: QuestionAnalysis, texts: list[str], catalog: Catalog) -> float:
        """For "how many", "when" and "who": whether the sentences that give a figure, a date or a name say
        what the question asks about them ("how many soldiers were killed": "killed", not "available"). 1
        when one of them has a word of the question's own (beyond its names, what it counts and its frame
        words: its action), or when there is nothing to check; else the best cosine of an action word to a
        word of those sentences (the embedding model's near matches: "died" for "killed"), 0 without vectors."""
        return self._says(analysis, texts, catalog, action_words(analysis))

    def verb_match(self, analysis: QuestionAnalysis, texts: list[str], catalog: Catalog) -> float:
        """For "when did ...": `action_match` for the verb asked about alone, when the question shows it ("when
        did New York City lift the emergency": a sentence dating the emergency's declaration has "emergency",
        not "lift"). A date dates an event, which the verb names; a figure's sentence may say its action in
        other words ("placed into orbit" for "how many did they put into orbit"), so other questions get 1."""
        verb = analysis.verb if analysis.verb not in FRAME_WORDS and analysis.answer_type == "when" else ""
        return self._says(analysis, texts, catalog, (verb,) if verb else ())

    def _says(self, analysis: QuestionAnalysis, texts: list[str], catalog: Catalog, actions: tuple[str, ...]) -> float:
        """How well the sentences giving the asked figure, date or name say one of `actions` (see action_match)."""
        if analysis.answer_type not in ("count", "when", "who"):
            return 1.0
        if analysis.answer_type == "who":
            typed = [t for t in texts if names_someone(t, analysis, catalog)]
        else:
            typed = [t for t in texts if type_found(analysis, [t], catalog)]
        if not typed or not actions:
            return 1.0
        words = sorted({w for t in typed for w in catalog.aliases.term_set(t) if w.isalpha()})
        if any(_has_as_typed(set(words), a) for a in actions):
            return 1.0
        if self.word_vectors is None or not words:
            return 0.0
        return self.word_vectors.best_match(actions, words)

    def counted_match(self, analysis: QuestionAnalysis, texts: list[str], catalog: Catalog) -> float:
        """For "how many X": is a figure given about X? Over the figures of the sentences (with the few words
        beside each: `beside_figures`), the best of how well each says every word of X that is not a name (1
        for a word it has, else the best cosine of the word to one of its words by the embedding model: "died"
        ~ "killed"; the weakest word counts): "how many US advisers were at ..." wants "advisers", not only
        "US". 1 when there is nothing to check."""
        nouns = counted_nouns(analysis, catalog) if analysis.answer_type == "count" else []
        if not nouns:
            return 1.0
        typed = [text for text in texts if type_found(analysis, [text], catalog)]
        return max((score for text in typed for score in self._figures_of(analysis, text, nouns, catalog)), default=0.0)

    def counted_action(self, analysis: QuestionAnalysis, texts: list[str], catalog: Catalog) -> float:
        """For "how many X were <verb>" ("how many civilians were killed"): whether one sentence gives a figure of
        X and says the verb, not one sentence a figure of X ("93,000 civilians remain") and another the verb.
        Over the clauses giving a figure, the best of min(how well the words beside a figure say X, how well the
        clause says the verb), each 1 for a word it has, else the best cosine by the embedding model: "fighters
        killed at 41 or more, with others captured" gives no figure of those captured. 1 when the question
        shows no verb or counts nothing."""
        verb = analysis.verb
        nouns = counted_nouns(analysis, catalog) if analysis.answer_type == "count" else []
        if not nouns or not verb or verb in FRAME_WORDS or verb in STATE_WORDS:
            return 1.0
        best = 0.0
        clauses = [clause for text in texts for clause in CLAUSE_BREAK.split(text)]
        for text in clauses:
            if not type_found(analysis, [text], catalog):
                continue
            said = self._said(verb, catalog.aliases.term_set(text))
            for counted in self._figures_of(analysis, text, nouns, catalog):
                best = max(best, min(counted, said))
        return best

    def _figures_of(self, analysis: QuestionAnalysis, text: str, nouns: list[str], catalog: Catalog) -> list[float]:
        """For each figure of the text, how well the few words beside it say every word of `nouns` (the weakest
        word counting)."""
        figures = beside_figures(_unasked_figures(_DATES.sub(" ", text), analysis))
        return [min(self._said(n, catalog.aliases.term_set(near)) for n in nouns) for near in figures]

    def _said(self, word: str, words: set[str] | frozenset[str]) -> float:
        """1 when `words` have the word (as typed, or another form of it), else its best cosine to one of them."""
        return 1.0 if _has_as_typed(words, word) else self._best_match(word, sorted(w for w in words if w.isalpha()))

    def _best_match(self, word: str, words: list[str]) -> float:
        if self.word_vectors is None or not words:
            return 0.0
        return self.word_vectors.best_match([word], words)

    def verdict(
        self, analysis: QuestionAnalysis, sentences: list[tuple[str, float, Passage]], signals: Signals | None
    ) -> Verdict:
        if not sentences or signals is None:
            return Verdict("no passage of the briefings matches the question")
        if analysis.unknown:
            return Verdict(f"the briefings never mention {', '.join(analysis.shown(analysis.unknown))}")
        if analysis.how_to:
            return Verdict(HOW_TO_REASON)
        if signals.best_score < self.min_sentence_score:
            return Verdict(f"no passage comes close to the question (best match {signals.best_score:.2f})")
        if signals.passage_cosine < self.min_passage_score:
            return Verdict(f"no passage is about the question (best passage match {signals.passage_cosine:.2f})")
        if signals.names_found == 0:
            return Verdict("the closest passages are about something else")  # nothing related to show
        if signals.period_names < 1:  # then asked of all briefings, which must say the period when it asks of events
            return Verdict(PERIOD_NAMES_REASON)
        if signals.holder_found < 1:
            holder = " ".join(analysis.shown(analysis.holder))
            return Verdict(
                f"the closest passages say nothing of {_of(holder)} view", True, f"say nothing of {_of(holder)} view"
            )
        if signals.focus_found < 1:
            actor = analysis.actors_shown()
            return Verdict(
                f"the closest passages give other actors' views, not {_of(actor)}", True, f"not {_of(actor)} view"
            )
        if signals.focus_near < self.min_focus_near:
            actor = analysis.actors_shown()
            return Verdict(f"the closest passage does not speak of {actor}", True, lacking(analysis, "focus_near"))
        if signals.years_found == 0:
            years = ", ".join(analysis.years)
            return Verdict(f"the closest passages are not about {years}", True, f"nothing for {years}")
        if written_before(analysis, [passage for _, _, passage in sentences[:3]]):
            period = period_shown(analysis.asked_when)
            said = f"were written before {period}"
            if any(passage.date >= analysis.asked_from for _, _, passage in sentences[:3]):
                said += f" or never name {analysis.asked_from[:4]}"
            return Verdict(f"the closest briefings {said}", True, said)
        if written_before_the_end(analysis, [passage for _, _, passage in sentences[:3]]):
            day = _day_shown(analysis.period_end)
            return Verdict(
                f"the closest briefings were written before {day}, when the period asked about ends",
                True,
                f"were written before {day}, when the period asked about ends",
            )
        if signals.who_found < 1:
            return Verdict("the closest passages name no one", True, "no name")
        if signals.type_found < 1:
            missing = _TYPE_WORDS[analysis.answer_type]
            asked = counted_shown(analysis)
            lacks = f"{missing} for {asked}" if asked else missing
            return Verdict(f"the closest passages give {lacks}", True, lacks)
        forecast_of_other_things = signals.fact_given < 1 and signals.counted_match < 1  # no figure of them either
        if signals.counted_match < self.min_counted_match or forecast_of_other_things:
            return _other_figures(analysis, signals)
        if signals.fact_given < 1:
            return Verdict(FORECAST_REASON, True, "say only what was planned or expected")
        if signals.action_match < self.min_action_match:
            action = _action_shown(analysis)
            return Verdict(
                f"the closest passages give {_TYPE_KINDS[analysis.answer_type]}, but not about {action}",
                True,
                lacking(analysis, "action_match"),
            )
        if self.scorer is not None:
            probability = self.scorer.probability(signals)
            if probability < self.scorer.threshold:
                weakest = weakest_signal(self.scorer, signals)
                lacks = lacking(analysis, weakest)
                if lacks:  # "give no date about 'stop'", "say nothing of Iran's view of this"
                    said = f"give {lacks}" if lacks.startswith("no ") else lacks
                    return Verdict(f"the closest passages {said} (p={probability:.2f})", True, lacks)
                label = SIGNAL_LABELS.get(weakest, "the signals are weak together")
                return Verdict(f"the closest passages do not hold what was asked ({label}; p={probability:.2f})", True)
        return Verdict()


def _of(name: str) -> str:
    """A name's possessive: "Iran's", "the Americans'"."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def lacking(analysis: QuestionAnalysis, signal: str) -> str:
    """What a declined answer says the briefings lack, when its weakest signal says it ("give no date about
    'stop'", "no figure for ISIS fighters", "say nothing of Iran's view of this"); "" when it does not."""
    if signal in ("action_match", "verb_match") and analysis.answer_type in _TYPE_WORDS:
        action = _action_shown(analysis, verb=signal == "verb_match")
        return f"{_TYPE_WORDS[analysis.answer_type]} about {action}" if action else ""
    if signal == "counted_match" and counted_shown(analysis):
        return f"no figure for {counted_shown(analysis)}"
    if signal == "counted_action" and counted_shown(analysis):
        if asks_measure(analysis.text):  # "what was the score when Iran played Spain": no figure for score
            return f"no figure for {counted_shown(analysis)}"
        verb = analysis.verb
        said = verb if verb.endswith(("ed", "en")) else f"with '{verb}'"  # "fighters killed", "... with 'capture'"
        return f"no figure for {counted_shown(analysis)} {said}"
    if signal == "kind_named" and analysis.kind:
        return f"do not name the {' '.join(analysis.kind)}"  # "do not name the aircraft type"
    if signal == "outcome_given":
        return "say only what was planned, threatened or first counted, not how it ended"
    if signal == "reaction_shown" and analysis.focus:
        return f"say nothing of how {analysis.actors_shown()} reacted"
    if signal == "focus_near" and analysis.focus:
        return f"say nothing of {_of(analysis.actors_shown())} view of this"
    return ""


def kind_named(analysis: QuestionAnalysis, sentences: list[tuple[str, float, Passage]], catalog: Catalog) -> bool:
    """For "which X": the first of the best sentences that speaks of an X names it, or the list it announces
    follows ("which Canadian pension fund led the round?": not when the best sentence gives the round and the
    next says "The round was led by a Canadian pension fund"); true when none speaks of one."""
    speaks_of_kind = _kind_pattern(analysis)
    for text, _, passage in sentences:
        if speaks_of_kind.search(text):
            return not kind_unnamed(analysis, text) or listed_next(analysis, text, passage, catalog)
    return True


def _kind_forms(analysis: QuestionAnalysis) -> str:
    """The asked kind's words in either number, as alternatives of a pattern ("fund|funds"; "" without a kind)."""
    forms = {f for word in analysis.kind for f in (word, _singular_of(word), f"{_singular_of(word)}s")}
    return "|".join(sorted(map(re.escape, forms)))


def _kind_pattern(analysis: QuestionAnalysis) -> re.Pattern[str]:
    """The asked kind's words; a pattern that never matches without a kind."""
    kinds = _kind_forms(analysis)
    return re.compile(rf"\b(?:{kinds})\b" if kinds else r"(?!)", re.I)


def kind_unnamed(analysis: QuestionAnalysis, text: str) -> bool:
    """For "which X": the text speaks of an X without its name ("one Asian airline said it would add a
    surcharge", "a strip of about 20 villages west of Manbij"), or opens on Xs it does not name ("Government
    units that crossed ..."); not "a Russian general, Igor Konashenkov", "three villages, including Tal Saman"."""
    kinds = _kind_forms(analysis)
    if not kinds:
        return False
    no_name = rf"(?:{kinds})\b(?!,?\s+(?:{_INTRODUCING}\s+)?(?-i:[A-Z]))"
    unnamed = rf"\b{_INDEFINITE}\s+(?:(?!the\b)[\w-]+\s+){{0,3}}?{no_name}"
    if any(not _named_before(text[: match.start()]) for match in re.finditer(unnamed, text, re.I)):
        return True
    opening = rf"(?:(?-i:[A-Z])[\w-]*\s+){{0,2}}{no_name}"  # "Government units", "Iranian-backed Iraqi units"
    label = SECTION_LABEL.match(text)
    return re.match(opening, text[label.end() :].lstrip() if label else text, re.I) is not None


def listed_next(analysis: QuestionAnalysis, text: str, passage: Passage, catalog: Catalog) -> bool:
    """For a list asked for: the sentence after `text` in its passage names the items `text` announces
    ("Three outside powers have now placed markers around the town. Turkey wants ...")."""
    following = _sentence_after(text, passage)
    return analysis.asks_list and bool(following) and names_someone(following, analysis, catalog)


def _sentence_after(text: str, passage: Passage) -> str:
    """The sentence after `text` in its passage ("" when it is the passage's last or not in it)."""
    at = passage.sentences.index(text) if text in passage.sentences else -1
    return passage.sentences[at + 1] if 0 <= at < len(passage.sentences) - 1 else ""


def _named_before(text: str) -> bool:
    """ "Cathay, an Asian airline": a name and a comma just before; not "Separately, one faction"."""
    match = re.search(r"\b([A-Z][\w'-]*),\s*$", text)
    return match is not None and can_be_noun(match.group(1).lower())


_INDEFINITE = (
    r"(?:a|an|one|two|three|four|five|six|several|some|another|unnamed|unidentified|undisclosed"
    r"|(?:(?:about|around|roughly|nearly|some|more than|at least|over)\s+)?(?:\d[\d,]*\d|\d))"  # "about 20"
)
_INTRODUCING = r"(?:including|such as|among them|notably|namely)"  # "villages, including Tal Saman"
# the labels of a briefing's paragraphs ("Recent Development: On May 18, ...", "Analysis: ...")
SECTION_LABEL = re.compile(r"(Analysis|Assessment|Recent Development|Background|Outlook):", re.I)


def _action_shown(analysis: QuestionAnalysis, verb: bool = False) -> str:
    """The asked action as a reply says it: "'stop'", "'killed' or 'retaking'"; with `verb`, the verb asked
    about ("'rebuild'") when the question shows one."""
    words = [f"'{w}'" for w in ((analysis.verb,) if verb and analysis.verb else action_words(analysis))]
    words = words[:SHOWN_ACTIONS]
    return " or ".join(words) if len(words) < 3 else f"{', '.join(words[:-1])} or {words[-1]}"


SHOWN_ACTIONS = 3  # the asked action's words a reply names: "'regulator', 'fine' or 'card'", not all five


def type_found(analysis: QuestionAnalysis, texts: list[str], catalog: Catalog, counted: bool = False) -> bool:
    """A figure for "how many" (not a date; a sum for "how much money"; with `counted`, beside what is
    counted: "7,000 troops"), a date for "when"; other questions have no type to check."""
    if analysis.answer_type == "count":
        money = bool(MONEY_QUESTION.search(analysis.text))
        nouns = analysis.counted if counted or asks_measure(analysis.text) else ()
        return any(_has_figure(_unasked_figures(t, analysis), nouns, catalog, money) for t in texts)
    if analysis.answer_type == "when":
        return any(DATE_WORD.search(t) for t in texts)
    return True


IRREGULAR_PLURALS = frozenset({"people", "children", "men", "women", "police", "personnel", "staff", "aircraft"})


def _other_figures(analysis: QuestionAnalysis, signals: Signals) -> Verdict:
    """Declined: the figures given are not of what was counted."""
    counted = counted_shown(analysis) or "what was asked"
    return Verdict(
        f"the closest passages give no figure for {counted}, only of other things (best match "
        f"{signals.counted_match:.2f})",
        True,
        lacking(analysis, "counted_match"),
    )


def fact_given(analysis: QuestionAnalysis, texts: list[str], catalog: Catalog) -> bool:
    """For a "when", "how many" or "who" question about what happened (`QuestionAnalysis.what_happened`: "When
    did gas start flowing?", "Who won the final?", not one about a plan, a forecast or what was announced): some
    sentence giving a date, a figure (of what is counted, when one does) or a name reports it, rather than
    saying what would, could or was expected to happen ("start deliveries in October 2022", "could raise up to
    1.4 billion", "will play in the final"); a sentence with the asked action in the past ("lasted", "raised")
    reports. True for other questions, and when no sentence gives a date or figure (`type_found` decides
    then)."""
    if analysis.answer_type not in ("count", "when", "who") or not analysis.what_happened:
        return True
    if analysis.answer_type == "who":
        typed = [t for t in texts if names_someone(t, analysis, catalog)]
    else:
        typed = [t for t in texts if type_found(analysis, [t], catalog, counted=True)]  # a figure of what is counted
    typed = typed or [t for t in texts if type_found(analysis, [t], catalog)]
    actions = action_words(analysis)  # "start" (did ... start), or already in the past: "killed" (were killed)
    past = {f"{a}ed" for a in actions} | {f"{a}d" for a in actions} | {a for a in actions if a.endswith("ed")}
    return not typed or any(not FORECAST.search(t) or past & _reported_words(t) for t in typed)


# a participle of what is still to happen: "to be launched in batches", "will be completed"
TO_BE_DONE = re.compile(r"\b(?:to|will|would|could|might|may|should|must)\s+be\s+([a-z]+)", re.I)


def _reported_words(text: str) -> set[str]:
    """The words of `text`, less the participles of what is still to happen."""
    return set(re.findall(r"[a-z]+", text.lower())) - {w.lower() for w in TO_BE_DONE.findall(text)}


# verbs that ask what came of something, not for an action a sentence must say: "what did the offensive actually
# achieve", "did anything actually happen to them"
VAGUE_VERBS = frozenset({"happen", "happened", "achieve", "achieved", "accomplish", "accomplished", "do", "done"})
# a plan, a threat or a first count: not how it ended
NOT_OUTCOME = re.compile(
    r"\b(?:threat\w*|pledge\w*|promise\w*|vow\w*|so far|to date|up to|as of|"
    # an attempt: "working with a registrar to take down the servers" does not say they were taken down
    r"(?:working|trying|tried|seeking|sought|attempting|attempted)(?: [\w-]+){0,4}? to|"
    r"first (?:\w+ )?(?:hours?|days?|weeks?|months?)|earlier this year|since)\b",
    re.I,
)


def outcome_given(analysis: QuestionAnalysis, texts: list[str], catalog: Catalog) -> bool:
    """For a question on how something ended ("did Iraq end up taking Iran to court?", "how many visitors did
    the fair get in total?"): one of `texts` says the asked action without a plan, a threat, a forecast or a
    first count ("has threatened to take the issue to court", "20,000 visitors on the first two days"). The
    action is the asked verb when the question shows one ("did the number of arrivals actually pass 400,000": a
    sentence on arrivals that never says they passed it is no outcome), else its action words."""
    if not analysis.outcome:
        return True
    # "did the fair get", "what did it achieve": any action word
    verb = analysis.verb if analysis.verb not in FRAME_WORDS | VAGUE_VERBS else ""
    actions = (verb,) if verb else action_words(analysis)  # "actually pass 400,000": pass
    for text in texts:
        words = set(catalog.aliases.term_set(text))
        said = not actions or any(_has_as_typed(words, a) for a in actions)
        if said and not FORECAST.search(text) and not _first_count(text, analysis):
            return True
    return False


def _first_count(text: str, analysis: QuestionAnalysis) -> bool:
    """A plan, a threat or a first count in the text ("during the first 24 hours"), beyond what the question
    asks itself ("over the whole first week": "in the first week" is what was asked)."""
    asked = analysis.text.lower()
    return any(match.group().lower() not in asked for match in NOT_OUTCOME.finditer(text))


def about_names(analysis: QuestionAnalysis, sentences: list[tuple[str, float, Passage]], catalog: Catalog) -> list[str]:
    """The sentences whose briefing holds some of the question's names (all of them when it names none): a
    figure about Kenya does not answer "what's the population of Cardiff?"."""
    return [text for text, _, passage in sentences if names_share(analysis, document_words(passage, catalog), catalog)]


FIGURE_REACH = 4  # words on either side of a figure that may say what it counts (2-8 compared out-of-fold)


def beside_figures(text: str) -> list[str]:
    """The words around each figure of the text ("about 17,000 fighters are committed to the operation"), not
    the whole sentence, nor past a comma or a colon: in "500 fighters, supported by T-72 tanks" no figure
    counts tanks (a model's name, "T-72", is no figure)."""
    words = text.split()
    return [
        " ".join(_clause_around(words, i))
        for i, word in enumerate(words)
        if NUMBER.search(word) and not DESIGNATION.match(word)
    ]


def _clause_around(words: list[str], at: int) -> list[str]:
    """The words within FIGURE_REACH of `at` that are in its clause (not past a comma, semicolon or colon)."""
    start, end = at, at
    while start > max(0, at - FIGURE_REACH) and not words[start - 1].endswith(_CLAUSE_ENDS):
        start -= 1
    while end < min(len(words) - 1, at + FIGURE_REACH) and not words[end].endswith(_CLAUSE_ENDS):
        end += 1
    return words[start : end + 1]


_CLAUSE_ENDS = (",", ";", ":")
CLAUSE_BREAK = re.compile(rf"[{''.join(_CLAUSE_ENDS)}]\s")  # a clause ends there; not inside "1,300"
DESIGNATION = re.compile(r"\b[A-Za-z]+-\d[\w-]*")  # a model's name, not a count: "T-72 tanks", "Su-22", "S-300"


def written_before_the_end(analysis: QuestionAnalysis, passages: list[Passage]) -> bool:
    """A question on what a period came to by its end ("how many children had received the vaccine by the end
    of 2019?", "how many were killed over the whole of 2017?") whose best sentences all come from briefings
    written more than a month before the period ends: they cannot know its total."""
    end = parse_iso(analysis.period_end)
    if end is None or not passages:
        return False
    written = [parse_iso(passage.date) for passage in passages]
    return all(day is not None and day < end - END_GRACE for day in written)


END_GRACE = timedelta(days=31)  # a briefing of the period's last month may report its total


def _day_shown(iso: str) -> str:
    day = parse_iso(iso)
    return f"{day.day} {day:%B %Y}" if day else iso


def period_shown(asked_when: str) -> str:
    """The period asked about as "written before ..." says it: "2019", not "in 2019"; "November 2019", not "after
    the November 2019" (the words read up to the date of "after the November 2019 price hike"); "May 2018", not
    "May 2018, after the February" (a second time read with it: "in May 2018, after the February hold")."""
    shown = re.sub(r"^(?:(?:in|on|at|during|by|after|since|from)\s+)+", "", asked_when, flags=re.I)
    shown = re.sub(r",\s+(?!\d).*$", "", shown)  # "March 23, 2018" keeps its year
    return re.sub(r"^the\s+(?=(?:\d{1,2}\s+)?(?:[A-Za-z]+\s+)?(?:\d{1,2},?\s+)?\d{4}$)", "", shown, flags=re.I)


def written_before(analysis: QuestionAnalysis, passages: list[Passage]) -> bool:
    """A question about what happened in a period ("How many satellites did the October 2018 launch put into
    orbit?"), answered from briefings of any date, whose best sentences all come from briefings dated before
    the period starts: they can only say what was expected then."""
    if not (analysis.what_happened and analysis.asked_from and passages):
        return False
    return all(passage.date and not _may_report(passage, analysis.asked_from) for passage in passages)


def _may_report(passage: Passage, since: str) -> bool:
    """Whether a briefing may report what happened from `since` (an ISO day): written since then, and within a
    year of it or naming its year (a 2021 piece on the lira never naming 2018 does not report a September 2018
    meeting; one of early 2019 may recount "the September meeting")."""
    year = since[:4]
    a_year_on = f"{int(year) + 1}{since[4:]}"
    return passage.date >= since and (passage.date < a_year_on or year in f"{passage.title} {passage.text}")


def _is_plural(word: str) -> bool:
    word = word.lower().strip("'\u2019")
    return word in IRREGULAR_PLURALS or (len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")))


def _counted_parts(analysis: QuestionAnalysis, whole_run: bool = False) -> list[str]:
    """The words of what is counted as typed: "how many" takes a plural, so they end with the first one
    ("people a day use the ferries": people; "ISIS fighters defended Tabqa town": ISIS fighters), or with
    `whole_run` the plurals right after it ("police officers")."""
    parts = analysis.counted_text.split()
    end = next((n for n, p in enumerate(parts) if _is_plural(p) and not _names_a_group(parts, n)), len(parts) - 1)
    while whole_run and end + 1 < len(parts) and _is_plural(parts[end + 1]):
        end += 1
    return parts[: end + 1]


def _names_a_group(parts: list[str], at: int) -> bool:
    """A capitalised plural in the name of those counted, not what is counted: "Forces" in "Tiger Forces troops"
    (the troops), "Units" in "Popular Mobilization Units fighters"; "US Marines" counts the Marines."""
    following = parts[at + 1 : at + 2]
    return parts[at][:1].isupper() and bool(following) and _is_plural(following[0]) and following[0].islower()


COPULAS = frozenset({"were", "was", "are", "is"})


def counted_shown(analysis: QuestionAnalysis) -> str:
    """What is counted, as a reply says it ("give no figure for ISIS fighters", "for inflation rate"; "how many of
    the 13 men": "for the 13 men"; "how many were the regime's own soldiers": not "for were the ..."); "" when
    the question names nothing counted ("how many did it actually commit")."""
    parts = _counted_parts(analysis, whole_run=True)
    if parts and parts[0].lower() in COPULAS:
        parts = parts[1:]
    elif parts and parts[0].lower() in AUXILIARIES | PASSIVE_AUXILIARIES:
        return ""
    shown = re.sub(r"^of\s+", "", " ".join(parts), flags=re.I)
    return f"{shown} rate" if shown and re.search(rf"\b{re.escape(shown)} rate\b", analysis.text, re.I) else shown


def counted_nouns(analysis: QuestionAnalysis, catalog: Catalog) -> list[str]:
    """The words of what a "how many" question counts that a figure about it must say: not names, nor a
    compound saying who they are ("Kurdish-led", "Iranian backed": which a sentence says by a name)."""
    aliases = catalog.aliases
    parts = _counted_parts(analysis)
    # "kurdish led fighters" typed without its hyphen: the word that says who leads or backs them, and that word
    compound = {n for n in range(1, len(parts) - 1) if parts[n].lower() in AFFILIATION and "-" not in parts[n - 1]}
    kept = [p for n, p in enumerate(parts) if "-" not in p and n not in compound and n + 1 not in compound]
    return [
        w
        for w in aliases.terms(" ".join(kept))
        if w.isalpha() and not any(n in analysis.names or aliases.is_name(n) for n in (w, f"{w}s"))  # "unitedstate"
    ]


# a figure as a question states it: digits ("400,000", "38.7C": 38.7) or a cardinal written out ("six days")
STATED_FIGURE = re.compile(
    r"\d[\d,.]*\d|\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|"
    r"fifty|hundred|thousand|million)\b",
    re.I,
)


def _unasked_figures(text: str, analysis: QuestionAnalysis) -> str:
    """The text without the figures that cannot answer "how many": the counts of what it announces
    (`_without_list_counts`) and the figures the question states itself ("how many fighters were killed in the
    six days of fighting": "the town fell after six days" gives no figure of them)."""
    stated = {m.group().lower() for m in STATED_FIGURE.finditer(analysis.text)}
    if stated:
        text = STATED_FIGURE.sub(lambda m: " " if m.group().lower() in stated else m.group(), text)
    return _without_list_counts(text, analysis)


def _without_list_counts(text: str, analysis: QuestionAnalysis) -> str:
    """The text without the counts of what it announces ("for three reasons", "three purposes"): not a
    figure about the asked thing, unless that is what is asked ("how many reasons ...")."""
    asked = set(analysis.counted)

    def keep(match: re.Match[str]) -> str:
        return match.group() if any(_singular_of(w) in asked for w in match.group().lower().split()) else " "

    return COUNTED_THINGS.sub(keep, text)


def _singular_of(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _has_figure(text: str, counted: tuple[str, ...], catalog: Catalog, money: bool = False) -> bool:
    if not NUMBER.search(_DATES.sub(" ", DESIGNATION.sub(" ", text))):
        return False
    if money and not MONEY.search(text):
        return False
    if not counted:
        return True
    words = catalog.aliases.term_set(text)
    return any(_has(words, w) for w in counted)


def focus_found(analysis: QuestionAnalysis, texts: list[str], catalog: Catalog) -> bool:
    """For a question about one actor's view: some sentence is that actor's (names it first)."""
    focus = analysis.focus
    if not (analysis.view and focus):
        return True
    return any(actors_in(catalog.aliases.words(t))[:1] == list(focus) for t in texts)


# a name used to describe a group ("Kurdish-led", "Iranian-backed", "Assad's troops"), not to name it
DESCRIBING_NAME = re.compile(
    r"\b([A-Z][\w']*)-[a-z]+\b|\b([A-Z]\w*)['\u2019]s (?:\w+ )?(?:troops|forces|army|fighters|soldiers|men|"
    r"militias|militiamen|militia|proxies|allies|partners|backers|jets|units|movement|side|camp|party)\b"
    r"|\b([A-Z][a-z]+(?:ish|ian|an|i|ese))-([A-Z][a-z]+)\b"  # two peoples joined: "the Kurdish-Arab alliance"
)


def names_share(analysis: QuestionAnalysis, words: set[str], catalog: Catalog) -> float:
    """The share of the question's names among `words` (1 when it has none). A name the question uses only to
    describe ("the Kurdish-led group", "Iranian-backed militias", "Assad's troops": who leads, backs or
    commands them, while the briefings may call them by their own name) counts when there and is not wanted
    when not. The Syrian government and its army are one actor here, as in the focus (`same_actor`)."""
    described = {
        w
        for match in DESCRIBING_NAME.finditer(analysis.text)
        for group in match.groups()
        if group
        for w in catalog.aliases.terms(group)
    }
    described -= set(catalog.aliases.terms(DESCRIBING_NAME.sub(" ", analysis.text)))
    in_runs = {t for run in analysis.name_runs for t in run.split()}  # a name of several words counts whole
    wanted = [n for n in analysis.names if (n in words or n not in described) and n not in in_runs]
    acting = {same_actor(w) for w in words}  # "the regime" is found where the briefing says "the SAA"
    folded = tuple(same_actor(n) if same_actor(n) in acting else n for n in wanted)
    found = [n in words or n in acting or _as_adjective(n, words) for n in folded + analysis.name_runs]
    found += [any(w in words for w in unread) for unread in analysis.unread]  # "Hajeen": hajin will do
    return sum(found) / len(found) if found else 1.0


DEMONYM_ENDINGS = ("ish", "i", "ian", "an", "n", "ese")  # "Kurds" in a briefing that says "Kurdish": kurd -> kurdish
# the endings that mark a word as a people's adjective by themselves (not "i" or "an": Abadi, Tehran)
ADJECTIVE_ENDINGS = ("ian", "ean", "ese", "ish")  # Canadian, European, Lebanese, Turkish
DROPPED_ENDINGS = ("on", "ey", "a", "e")  # a name's ending its adjective drops: lebanon -> lebanese, turkey -> turkish


def _as_adjective(name: str, words: set[str]) -> bool:
    """The briefing names a people by its adjective ("the Kurds": "Kurdish-led"; "Iraq": "Iraqi"; "Lebanon":
    "Lebanese")."""
    if " " in name or len(name) < 4:
        return False
    stems = [name] + [name[: -len(end)] for end in DROPPED_ENDINGS if name.endswith(end) and len(name) - len(end) >= 4]
    return any(stem + ending in words for stem in stems for ending in DEMONYM_ENDINGS)


def period_names(analysis: QuestionAnalysis, passages: list[Passage], catalog: Catalog) -> float:
    """Searched among the briefings of the period the question names only: the share of its names in the
    passages' documents, beyond those of what it counts ("how many ISIS fighters defended Tabqa in June": a June
    briefing on Tabqa that never names ISIS still discusses the topic, and says it gives no figure). 1 when
    searched over all dates."""
    if not analysis.within_period:
        return 1.0
    topic = replace(analysis, names=tuple(n for n in analysis.names if n not in analysis.counted))
    one_per_briefing = {p.doc_id: p for p in passages}.values()  # a briefing's words are gathered once
    return names_share(topic, set().union(*(document_words(p, catalog) for p in one_per_briefing)), catalog)


def focus_rank(analysis: QuestionAnalysis, sentences: list[tuple[str, float, Passage]], catalog: Catalog) -> float:
    """For a question about one actor's view: 1 / the rank of the first of `sentences` that names the actor or
    sits beside one that does (the answer quotes the best first, so the actor should be near the top); 0 when
    none does. 1 for other questions."""
    for rank, (text, _, passage) in enumerate(sentences, start=1):
        if focus_near(analysis, text, passage, catalog):
            return 1.0 / rank
    return 0.0


# a word of saying or reacting: what an actor's reaction is reported with
REACTION_WORD = re.compile(
    r"\b(said|says|say|saying|warned|warns|condemned|condemns|accused|accuses|welcomed|welcomes|protested|protests|"
    r"complained|complains|responded|responds|reacted|denied|denies|called|calls|demanded|demands|announced|"
    r"announces|insisted|rejected|rejects|praised|criticised|criticized|threatened|threatens|declared|described|"
    r"told|stated|claimed|claims|disputed|disputes|dismissed|dismisses|blamed|blames|vowed|vows|urged|urges|asked|"
    r"suspend\w*|halted|retaliat\w*|relayed|answered|replied|withdrew|retreated|counterattack\w*|statement|"
    r"protest|comment|comments|commented|acknowledged|acknowledges|admitted|admits|confirmed|confirms)\b",
    re.I,
)


def reaction_shown(analysis: QuestionAnalysis, texts: list[str], catalog: Catalog) -> bool:
    """For a question on how one actor reacted or what it said ("how did Iran react when coalition jets stranded
    the convoy?"): one of the best sentences names that actor (by any of its names) with a word of saying or
    reacting, the actor named before it (the one who reacts, not one the reaction speaks of: "the coalition
    disputed the claim, saying ISIL holds a pocket by the Iraqi border" is not how Iraq responded). A sentence
    on the event alone, or on the actor doing something else, does not answer it. True for other questions."""
    focus = analysis.focus
    if not (analysis.reaction and focus):
        return True
    for text in texts:
        for reacting in REACTION_WORD.finditer(text):  # the actor named before the word is the one reacting
            named = {same_actor(a) for a in actors_in(catalog.aliases.words(text[: reacting.start()]))}
            if named & focus:
                return True
    return False


def since_asked(analysis: QuestionAnalysis, sentences: list[tuple[str, float, Passage]]) -> list[str]:
    """The sentences of briefings written since the period asked about began, when briefings of any date may
    answer (`asked_from`): how Israel reacted to a December 2018 announcement is not "Israel has not commented"
    in a June 2018 briefing on another strike. All of them otherwise, and those of undated documents."""
    since = analysis.asked_from
    return [text for text, _, passage in sentences if not since or not passage.date or passage.date >= since]


def focus_near(analysis: QuestionAnalysis, text: str, passage: Passage, catalog: Catalog) -> bool:
    """For a question about one actor's view: the sentence that would be quoted first, or one beside it, names
    that actor (by any of its names: "Tehran" for Iran). True for other questions."""
    focus = analysis.focus
    if not (analysis.view and focus):
        return True
    sentences = [s.strip() for s in passage.sentences]
    at = sentences.index(text.strip()) if text.strip() in sentences else -1
    near = sentences[max(0, at - 1) : at + 2] if at >= 0 else [text]
    return any(focus & set(actors_in(catalog.aliases.words(s))) for s in near)


def document_words(passage: Passage, catalog: Catalog) -> set[str]:
    """The folded words of the passage's whole document (title and text), with its runs of words joined by
    spaces ("premier league"), where a question's name of several words is looked for (`Aliases.run_set`)."""
    words = set(catalog.aliases.run_set(passage.title))
    for record in catalog.chunks_of[passage.doc_id]:
        words |= catalog.aliases.run_set(record.text)
    return words


def names_someone(text: str, analysis: QuestionAnalysis, catalog: Catalog) -> bool:
    """Two capitalised words in a row (a person's or a group's name) that are not a name the question gave
    nor a place or actor of the alias file, or one named by what it is ("General Suheil"); else, unless the
    question asks for a person (`QuestionAnalysis.person`), a government or armed group it does not name."""
    aliases = catalog.aliases
    for match in re.finditer(r"\b([A-Z][\w'-]+(?:\s+(?:al-|bin\s)?[A-Z][\w'-]+)+)", text):
        if not text[: match.start()].strip(" -*\u2022"):
            continue  # a sentence's first words ("Recent Development:") are capitalised anyway
        words = [w for w in aliases.terms(match.group(1)) if w not in analysis.names and not aliases.is_name(w)]
        if len(words) >= 2:
            return True
    for match in _TITLED_NAME.finditer(text):  # one word named by what it is: "the firm Trevi", "General Suheil"
        words = [w for w in aliases.terms(match.group(1)) if w not in analysis.names and not aliases.is_name(w)]
        if words:
            return True
    if analysis.person:
        return False  # a person is asked for: a government or an armed group is no answer
    # a government or armed group the question does not name ("Hezbollah and Iraqi units took part")
    asked = {same_actor(a) for a in analysis.actors}
    return any(actor not in asked for actor in actors_in(aliases.words(text)))


_TITLED_NAME = re.compile(  # the title in any case, the name capitalised ("General Suheil", not "general staff")
    r"\b(?i:firm|company|contractor|group|militia|brigade|general|colonel|commander|leader|minister|president|"
    r"spokesman|spokeswoman|envoy|sheikh|emir)\s+([A-Z][\w'-]+)"
)


def about_other_actor(analysis: QuestionAnalysis, text: str, catalog: Catalog) -> bool:
    """A sentence giving another actor's aims or view, when the question asks one actor's (and does not
    compare actors): it names actors, none of them the focus, or its first actor is another's and it
    speaks of aims ("Washington wants to prevent ... Iran")."""
    focus = analysis.focus
    if not (analysis.view and focus):
        return False
    named = actors_in(catalog.aliases.words(text))
    if not named:
        return False
    if not focus & set(named):
        return True
    return named[0] not in focus and bool(VIEW_VERB.search(text))


def asked_action(analysis: QuestionAnalysis) -> str:
    """The verb the question asks about when it names an action ("what was destroyed": destroyed), '' for a
    frame word or a vague one ("what did it do")."""
    verb = analysis.verb
    return "" if not verb or verb in FRAME_WORDS or verb in VAGUE_VERBS else verb


def says_word(words: set[str] | frozenset[str], term: str) -> bool:
    """`words` hold the term, a word of its stem or a form of the same dictionary word ("took" for "take")."""
    return _has(words, term) or same_lemma(term, words)


def _has(words: set[str] | frozenset[str], term: str) -> bool:
    if term in words:
        return True
    if len(term) < 5:
        return False
    stem = term[:5]
    return any(w.startswith(stem) for w in words)


TYPED_WORD_SCORE = 85.0  # rapidfuzz ratio at which a question's word is read as a sentence's ("garison")


# the words reports use for one kind of casualty: "how many died" is answered by "were killed", "how many got
# hurt" by "wounding six" (the embedding model's cosines of single words put "died" and "killed" at 0.75 and
# "hurt" and "wounding" at 0.57, below words that do not mean the same)
CASUALTY_WORDS = (
    frozenset({"kill", "die", "dead", "death", "fatality"}),
    frozenset({"wound", "injure", "injury", "hurt"}),
)


def _has_as_typed(words: set[str] | frozenset[str], term: str) -> bool:
    """`_has`, or a word of `words` the term is a typo of ("garison" for "garrison"): the question's ordinary
    words are not read for typos, so a figure's sentence is checked against them as typed; or a form of the
    same dictionary word ("won" for "win", "took" for "take"), or a word for the same casualties ("killed" for
    "died")."""
    if says_word(words, term) or _same_casualty(term, words):
        return True
    if len(term) < 5:  # short words are too near each other by letters to be read as typos
        return False
    return process.extractOne(term, words, scorer=fuzz.ratio, score_cutoff=TYPED_WORD_SCORE) is not None


def _same_casualty(term: str, words: set[str] | frozenset[str]) -> bool:
    group = next((g for g in CASUALTY_WORDS if lemmas(term) & g), None)
    return group is not None and any(lemmas(word) & group for word in words)


def coverage(terms: list[str], idf: dict[str, float], words: set[str] | frozenset[str]) -> float:
    total = sum(idf[t] for t in terms)
    if total <= 0:
        return 1.0
    return sum(idf[t] for t in terms if _has(words, t)) / total


def _share(wanted: tuple[str, ...], words: set[str] | frozenset[str]) -> float:
    if not wanted:
        return 1.0
    return sum(w in words for w in wanted) / len(wanted)


def _years_of(passages: list[Passage]) -> set[str]:
    years: set[str] = set()
    for passage in passages:
        years |= set(re.findall(r"\b(?:19|20)\d\d\b", f"{passage.date} {passage.title} {passage.text}"))
    return years


HIGHER_IS_WORSE = frozenset({"missing_idf", "doc_missing_idf", "typo_count"})


SIGNAL_LABELS = {  # what a declined answer says of its weakest signal
    "best_score": "no sentence is close",
    "sentence_coverage": "the best sentence lacks the question's key words",
    "passage_coverage": "its passage lacks the question's key words",
    "top_coverage": "the passages lack the question's key words",
    "missing_idf": "a key word of the question is in none of them",
    "names_found": "the names asked about are missing",
    "years_found": "the years asked about are missing",
    "type_found": "the kind of answer asked for is missing",
    "focus_found": "the actor asked about is missing",
    "typo_count": "several words were read as other spellings",
    "doc_coverage": "the document lacks the question's key words",
    "doc_missing_idf": "a key word of the question is not in the document",
    "who_found": "no one is named",
    "answer_logit": "no sentence reads like an answer to it",
    "passage_cosine": "no passage is close to the question",
    "action_match": "the figure, date or name given is not about what was asked",
    "verb_match": "the figure, date or name given is not about the asked action",
    "focus_near": "the best sentence does not name the actor asked about",
    "counted_match": "the figure given is not of what was counted",
    "fact_given": "only a plan or a forecast is given",
    "outcome_given": "only a plan, a threat or a first count is given, not how it ended",
    "reaction_shown": "no sentence gives the actor's reaction",
    "period_names": "no briefing of the period names all it asks about",
    "counted_action": "no sentence gives a figure of what was counted with the asked action",
    "kind_named": "the best sentence does not name what was asked for",
}


def weakest_signal(scorer: Scorer, signals: Signals) -> str:
    """The reason a declined answer gives: the signal that counted most against it, among those whose label is
    true of this question ("" when none is)."""
    # a signal is the reason only when its label is true of this question: lower than usual for a signal of
    # which more speaks for an answer, higher than usual for one of which more speaks against (HIGHER_IS_WORSE)
    names, values, parts = Signals.names(), signals.vector(), scorer.contributions(signals)
    rows = zip(names, values, scorer.mean, parts, strict=True)
    true_of_it = [
        n
        for n, (name, value, mean, part) in enumerate(rows)
        if part < 0 and (value > mean if name in HIGHER_IS_WORSE else value < mean)
    ]
    if not true_of_it:
        return ""
    return names[min(true_of_it, key=parts.__getitem__)]


__all__ = ["ACTORS", "Answerability", "Scorer", "Signals", "Verdict", "WordVectors"]
