"""Which sentence of the top passages answers the question: a small learned ranker over readable features.

The sentence cosine alone often prefers a sentence that restates the question's topic ("an air strike hit
PMU positions at al-Hari") over the one that answers it ("The PMU said 22 of its members were killed"). The
ranker adds what the question asks for: the kind of answer (a figure beside what is counted, a date, a
name), the question's words weighted by rarity, its names, the focus actor, and the passage's own rank.
Its weights are fitted on the tuning part of eval/questions.jsonl (a sentence is positive when it holds an
expected answer) by `python -m bench.train_answerability`, out-of-fold figures in BENCHMARKS.md; without
weights, the answerer falls back to cosine plus fixed nudges.

Two rankers are fitted on the same sentences: the judging ranker (JUDGING_FEATURES), a logistic regression
whose best sentence and score answerability reads, and the quote ranker, which also reads the matcher's
cosines and the sentence before (QUOTING_ONLY) and chooses what an answer quotes once the question is answered:
a conditional logit, its weights making each question's answering sentences the likeliest among its own
candidates.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from itertools import pairwise
from pathlib import Path

from retrieval.answer.answerability import (
    SECTION_LABEL,
    WEIGHTS_FILE,
    asked_action,
    coverage,
    document_words,
    fact_given,
    load_weights,
    names_share,
    names_someone,
    says_word,
    type_found,
)
from retrieval.answer.lists import announces_list
from retrieval.index.catalog import Catalog
from retrieval.records import Passage
from retrieval.search.question import QuestionAnalysis, actors_in, asked_part

# a question asking for a judgement rather than for an event: why, what it meant, what was expected, how likely
ASKS_JUDGEMENT = re.compile(
    r"\b(?:why|how come|expect\w*|mean|meant|means|think|thought|likely|purpose|point|downside|upside|"
    r"significance|implications?|judge\w*|assess\w*|predict\w*|forecast\w*|anticipat\w*|outlook|verdict|"
    r"rated?|say about|risks?|lessons?)\b",
    re.I,
)
# a sentence speaking as a judgement: a forecast, an inference, what something shows or suggests (one opening or
# standing in an "Analysis:" paragraph is read by `in_judgement`)
JUDGES = re.compile(
    r"\b(?:we|our|likely|unlikely|probably|appears?|suggest\w*|shows?|means?|"
    r"reflects?|judge\w*|assess\w*|expect\w*|will|would|could|might|cannot|risk)\b",
    re.I,
)

# a sentence opening a briefing's account of events
EVENT_LEAD = re.compile(r"(?:Recent Development|Background):")
# a sentence opening a briefing's judgement
JUDGEMENT_LEAD = re.compile(r"(?:Analysis|Assessment):")


@dataclass(frozen=True)
class SentenceFeatures:
    cosine: float  # of the sentence to the question
    cosine_gap: float  # how far below the best cosine among the candidates
    passage_rank: float  # 0 for the best passage, 1 for the next, ...
    passage_score: float  # the passage's fused search score
    overlap: float  # share of the question's words in the sentence
    rare_overlap: float  # ... weighted by rarity (IDF)
    context_overlap: float  # ... in the sentence and its neighbours
    answer_kind: float  # 1 when it holds the kind of answer asked for (figure beside the counted thing, date)
    names_someone: float  # 1 when it names a person or group the question did not (for "who" questions)
    focus_lead: float  # 1 when the question's focus actor is the sentence's first actor
    announces_list: float  # 1 when it announces a list whose items follow (answer/lists.py)
    length: float  # characters / 100
    reports_fact: float = 1.0  # 0 for a plan or forecast giving the figure, date or name a question on what
    # happened asks for ("Orbitra plans a constellation of 648 satellites"; answerability.fact_given)
    phrase_overlap: float = 0.0  # share of the question's pairs of adjacent words said together in the sentence
    # ("pre-war output" as a phrase, not the two words apart)
    doc_names: float = 1.0  # share of the question's names in the sentence's document (answerability.names_share)
    verb_said: float = 0.0  # 1 when the sentence says the verb the question asks about ("what was destroyed")
    judges: float = 0.0  # 1 when the sentence gives a judgement (an analysis, a forecast, what something shows)
    judgement_asked: float = 0.0  # 1 when it does and the question asks for one ("why", "what did it mean")
    leads: float = 0.0  # 1 when it opens a briefing's account of events ("Recent Development: On May 18, ..."),
    # which restates the event a question names more often than it answers it
    opens_judgement: float = 0.0  # 1 when it opens a briefing's "Analysis:" or "Assessment:" paragraph, whose first
    # sentence states the briefing's judgement ("Analysis: The push was a race, and the pro-regime side won it.")
    follows_echo: float = 0.0  # the question's words, weighted by rarity, in the sentence before it in its passage:
    # the sentence after one restating the asked event often answers ("Russia said its aircraft had been ...")
    matched: float = 0.0  # the matcher's cosine of the sentence to the question (index/matcher.py)
    matched_gap: float = 0.0  # how far below the best matcher cosine among the candidates
    asked_matched: float = 0.0  # the matcher's cosine of the sentence to the question proper (question.asked_part):
    # the scene a question sets ("Sept 2017, when the SDF took the plant: what was Daesh doing?") draws the
    # sentences that restate it, the question proper the one that answers
    asked_matched_gap: float = 0.0  # how far below the best of those among the candidates
    asked_overlap: float = 0.0  # the question proper's words, weighted by rarity, in the sentence

    def vector(self, names: Sequence[str] | None = None) -> list[float]:
        return [float(getattr(self, name)) for name in names or self.names()]

    @staticmethod
    def names() -> list[str]:
        return [f.name for f in fields(SentenceFeatures)]


MATCHED_FEATURES = ("matched", "matched_gap", "asked_matched", "asked_matched_gap")
# what the judging ranker reads: the features of the index model and the words. Its best sentence and score are
# what answerability reads, and the matcher's cosines, read there too, let topical sentences of unanswerable
# questions look like answers (tuning, out of fold: 86.9 -> 84.5 of them declined)
# follows_echo, read there too, let a news piece's sentence after one naming the question's actor pass for the
# briefings' (a football result for "what did Iran do in Deir ez-Zor in 2018?": tests/retrieval/answer/test_trust.py)
QUOTING_ONLY = (*MATCHED_FEATURES, "follows_echo", "opens_judgement", "asked_overlap")
JUDGING_FEATURES = tuple(name for name in SentenceFeatures.names() if name not in QUOTING_ONLY)


@dataclass(frozen=True)
class SentenceRanker:
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    features: tuple[str, ...] = JUDGING_FEATURES  # the SentenceFeatures it reads, in order

    @classmethod
    def load(cls, path: Path = WEIGHTS_FILE, part: str = "ranker") -> SentenceRanker | None:
        """The ranker saved as `part`: "ranker" judges, "quote_ranker" chooses the quotes (None when absent or
        for features this code lacks)."""
        data = load_weights(path).get(part) or {}
        names = tuple(data.get("features") or ())
        if not names or not set(names) <= set(SentenceFeatures.names()):
            return None
        return cls(tuple(data["mean"]), tuple(data["scale"]), tuple(data["coef"]), data["intercept"], names)

    @property
    def reads_matcher(self) -> bool:
        return any(name in MATCHED_FEATURES for name in self.features)

    def logit(self, features: SentenceFeatures) -> float:
        return self.intercept + sum(
            c * (x - m) / (s or 1.0)
            for c, x, m, s in zip(self.coef, features.vector(self.features), self.mean, self.scale, strict=True)
        )

    def probability(self, features: SentenceFeatures) -> float:
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, self.logit(features)))))


def sentence_features(
    analysis: QuestionAnalysis,
    candidates: list[tuple[str, float, Passage, int, int]],
    catalog: Catalog,
    matched: Sequence[float] | None = None,
    asked_matched: Sequence[float] | None = None,
) -> list[SentenceFeatures]:
    """Features of each candidate (text, cosine, passage, passage rank, index of the sentence in it);
    `matched`: the matcher's cosine of each (None: the cosine stands in), `asked_matched` its cosine to the
    question proper (None: `matched`)."""
    aliases = catalog.aliases
    terms = [t for t in dict.fromkeys(analysis.terms) if not t.isdigit()]
    asked_words = aliases.term_set(asked_part(analysis.text))
    asked_terms = [t for t in terms if t in asked_words] or terms
    idf = {t: catalog.lexical.idf(t) for t in terms}
    wanted = set(terms)
    best = max((c[1] for c in candidates), default=0.0)
    focus = list(analysis.focus)
    pairs = word_pairs(analysis.terms)
    doc_names: dict[str, float] = {}  # per document: its share of the question's names
    verb = asked_action(analysis)
    judgement = bool(ASKS_JUDGEMENT.search(analysis.typed))
    out = []
    for text, cosine, passage, rank, at in candidates:
        words = aliases.term_set(text)
        if passage.doc_id not in doc_names:
            doc_names[passage.doc_id] = names_share(analysis, document_words(passage, catalog), catalog)
        judges = bool(JUDGES.search(text)) or in_judgement(passage.sentences, at)
        neighbours = set(words)
        for other in passage.sentences[max(0, at - 1) : at + 2]:
            neighbours |= aliases.term_set(other)
        out.append(
            SentenceFeatures(
                cosine=cosine,
                cosine_gap=best - cosine,
                passage_rank=float(rank),
                passage_score=passage.score,
                overlap=len(wanted & words) / len(wanted) if wanted else 0.0,
                rare_overlap=coverage(terms, idf, words),
                context_overlap=coverage(terms, idf, neighbours),
                answer_kind=float(bool(analysis.answer_type) and type_found(analysis, [text], catalog, True)),
                names_someone=float(analysis.answer_type == "who" and names_someone(text, analysis, catalog)),
                focus_lead=float(bool(focus) and actors_in(aliases.words(text))[:1] == focus),
                announces_list=float(announces_list(passage.sentences, at)),
                length=len(text) / 100,
                reports_fact=float(fact_given(analysis, [text], catalog)),
                phrase_overlap=len(pairs & word_pairs(aliases.terms(text))) / len(pairs) if pairs else 0.0,
                doc_names=doc_names[passage.doc_id],
                verb_said=float(bool(verb) and says_word(words, verb)),
                judges=float(judges),
                judgement_asked=float(judges and judgement),
                leads=float(bool(EVENT_LEAD.match(text))),
                opens_judgement=float(bool(JUDGEMENT_LEAD.match(text))),
                follows_echo=coverage(terms, idf, aliases.term_set(passage.sentences[at - 1])) if at > 0 else 0.0,
                asked_overlap=coverage(asked_terms, idf, words),
            )
        )
    return with_matched(out, matched if matched is not None else [c[1] for c in candidates], asked_matched)


def in_judgement(sentences: Sequence[str], at: int) -> bool:
    """The sentence at `at` stands in a briefing's "Analysis:" or "Assessment:" paragraph (the last label at or
    before it in the passage)."""
    for text in reversed(sentences[: at + 1]):
        label = SECTION_LABEL.match(text)
        if label:
            return label.group(1).lower() in ("analysis", "assessment", "outlook")
    return False


def word_pairs(terms: Sequence[str]) -> set[tuple[str, str]]:
    """The pairs of adjacent folded words (stop words dropped, so "output of oil" pairs "output" and "oil")."""
    return set(pairwise(terms))


def with_matched(
    features: list[SentenceFeatures], matched: Sequence[float], asked: Sequence[float] | None = None
) -> list[SentenceFeatures]:
    """The features with the matcher's cosine of each sentence to the question and to the question proper
    (`asked`; None: the question's), each with its gap to the best of them."""
    asked = matched if asked is None else asked
    best, best_asked = max(matched, default=0.0), max(asked, default=0.0)
    return [
        replace(f, matched=m, matched_gap=best - m, asked_matched=a, asked_matched_gap=best_asked - a)
        for f, m, a in zip(features, matched, asked, strict=True)
    ]
