"""The extractive answer: the sentences of the top passages that answer the question, each cited.

Nothing is invented: every sentence of the answer is a sentence of a briefing. The question is read first
(retrieval/search/question.py: typos in names, names, years, the kind of answer, the focus actor); the
passages' sentences are ranked by cosine to the question, nudged by shared words and the answer type; a
sentence giving another actor's aims is dropped when the question asks about one actor's. Whether the best
sentences answer at all is decided in answerability.py (rules, then a small learned scorer), with a reason a
user can read. When the topic is covered but the asked fact is not, the answer says so and shows what the
briefings do say (abstained, with those citations).

A sentence announcing a list ("... for three reasons:") is quoted with its items, as one quote. The answer
quotes the best sentence and the others that fit the question as well (same focus, the asked kind of
answer) and score within the margin of it. Two learned rankers (answer/ranking.py) order the sentences: the
judging one, whose order answerability reads, and, once the question is answered, the quote ranker, which
also reads the matcher's cosines (index/matcher.py) and chooses what is quoted.

Calibration: the weights and thresholds are chosen by k-fold cross-validation on the tuning part of
eval/questions.jsonl with the distractors (never the held-out third) by `python -m bench.train_answerability`;
see BENCHMARKS.md for the out-of-fold and held-out figures.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from retrieval.answer.answerability import (
    ADJECTIVE_ENDINGS,
    Answerability,
    Scorer,
    Signals,
    Verdict,
    WordVectors,
    about_other_actor,
    document_words,
    names_share,
    type_found,
)
from retrieval.answer.lists import LIST_ITEM, items_around, list_items, told_after
from retrieval.answer.ranking import SentenceFeatures, SentenceRanker, sentence_features, with_matched
from retrieval.index.catalog import Catalog
from retrieval.index.matcher import SentenceMatcher
from retrieval.ingest.sentences import clean_quote
from retrieval.records import QUOTABLE_KINDS, Answer, Citation, DocumentInfo, Passage
from retrieval.search.hybrid import SearchResult
from retrieval.search.question import MAY_AS_MONTH, QuestionAnalysis, QuestionReader, asked_part

MAX_READERS = 16  # question readers kept for the live catalog: one per reader's scope
MATCHED = 12  # candidate sentences the matcher reads again (the nearest by the index model's cosine)


@dataclass(frozen=True)
class AbstentionPolicy:
    min_sentence_score: float = 0.30
    confident_score: float = 0.62
    min_coverage: float = 0.34
    max_sentences: int = 4
    sentence_margin: float = 0.12
    overlap_weight: float = 0.1
    passage_weight: float = 0.1
    type_bonus: float = 0.05
    ranker_margin: float = 1.0  # further sentences within this many logits of the best (with a ranker)
    min_passage_score: float = 0.0  # no passage's cosine to the question this high: nothing is answered
    min_action_match: float = 0.0  # a typed answer's sentences saying the asked action less well: declined
    min_counted_match: float = 0.0  # no figure's sentence saying what "how many" counts this well: declined
    min_focus_near: float = 0.0  # 1 / the rank by which a sentence must name the actor whose view is asked


@dataclass(frozen=True)
class ScoredSentence:
    text: str
    score: float
    passage: Passage
    cosine: float = 0.0
    features: SentenceFeatures | None = field(default=None, compare=False, repr=False)  # what a ranker read


class Answerer:
    def __init__(
        self,
        policy: AbstentionPolicy,
        is_common_word: Callable[[str], bool],
        scorer: Scorer | None = None,
        ranker: SentenceRanker | None = None,
        word_vectors: WordVectors | None = None,
        matcher: SentenceMatcher | None = None,
        quote_ranker: SentenceRanker | None = None,
    ) -> None:
        self.policy = policy
        self.ranker = ranker  # judges: its best sentence is what answerability reads
        self.quote_ranker = quote_ranker  # chooses the quotes of an answer (reads the matcher too); else `ranker`
        self.matcher = matcher
        self.is_common_word = is_common_word
        self.word_vectors = word_vectors
        self.answerability = Answerability(
            policy.min_sentence_score,
            scorer,
            policy.min_passage_score,
            policy.min_action_match,
            word_vectors,
            policy.min_counted_match,
            policy.min_focus_near,
        )
        self._readers: OrderedDict[tuple[int, int], tuple[Catalog, np.ndarray | None, QuestionReader]] = OrderedDict()
        self._readers_lock = threading.Lock()

    def read(self, question: str, catalog: Catalog, mask: np.ndarray | None = None) -> QuestionAnalysis:
        """What the question asks, read against this catalog's words (readers of the latest catalog only, one
        per mask); `mask`: the rows the reader may read (None: all), so a word counts as known only if they may
        read it."""
        with self._readers_lock:
            if any(entry[0] is not catalog for entry in self._readers.values()):
                self._readers.clear()  # a new version is live: the old one's readers would keep it in memory
            key = (id(catalog), id(mask))
            cached = self._readers.get(key)
            if cached is None or cached[1] is not mask:
                cached = (catalog, mask, QuestionReader(catalog, self.is_common_word, mask))
                self._readers[key] = cached
                while len(self._readers) > MAX_READERS:
                    self._readers.popitem(last=False)
        return cached[2].read(question)

    def answer(
        self,
        question: str,
        result: SearchResult,
        catalog: Catalog,
        top_k: int,
        analysis: QuestionAnalysis | None = None,
        mask: np.ndarray | None = None,
    ) -> Answer:
        analysis = analysis or self.read(question, catalog, mask)
        top = result.passages[:top_k]
        sentences, verdict = self.assess(analysis, top, catalog)
        notes = " ".join(analysis.notes)
        if verdict.reason:
            return self._declined(question, analysis, result, catalog, top, sentences, verdict, notes)
        if self.quote_ranker is not None:
            sentences = _typed_first(analysis, self.requoted(analysis, sentences), catalog)
        chosen, quotes = _quoted(self._choose(analysis, sentences, catalog), analysis.asks_list)
        citations = tuple(
            Citation.of(n, s.passage, q, s.cosine) for n, (s, q) in enumerate(zip(chosen, quotes, strict=True), start=1)
        )
        text = " ".join(f"{_as_sentence(q)} [{n}]" for n, q in enumerate(quotes, start=1))
        return Answer(
            question=question,
            text=f"{notes} {text}" if notes else text,
            citations=citations,
            abstained=False,
            passages=by_best_sentence(result.passages, sentences, top_k),
            passages_searched=result.searched,
        )

    def assess(
        self, analysis: QuestionAnalysis, top: list[Passage], catalog: Catalog
    ) -> tuple[list[ScoredSentence], Verdict]:
        """The ranked sentences of the top passages and whether they answer the question."""
        sentences, _, verdict = self.judged(analysis, top, catalog)
        return sentences, verdict

    def judged(
        self, analysis: QuestionAnalysis, top: list[Passage], catalog: Catalog
    ) -> tuple[list[ScoredSentence], Signals | None, Verdict]:
        """`assess` with the signals its verdict read (for tuning)."""
        sentences = _typed_first(analysis, self.ranked_sentences(analysis, top, catalog), catalog)
        candidates, signals = self.signals(analysis, sentences, top, catalog)
        return sentences, signals, self.answerability.verdict(analysis, candidates, signals)

    def signals(
        self, analysis: QuestionAnalysis, sentences: list[ScoredSentence], top: list[Passage], catalog: Catalog
    ) -> tuple[list[tuple[str, float, Passage]], Signals | None]:
        candidates = [(s.text, s.cosine, s.passage) for s in sentences]
        if not candidates:
            return candidates, None
        best_logit = sentences[0].score if self.ranker is not None else 0.0
        return candidates, self.answerability.signals(analysis, candidates, top, catalog, best_logit)

    def _declined(
        self,
        question: str,
        analysis: QuestionAnalysis,
        result: SearchResult,
        catalog: Catalog,
        top: list[Passage],
        sentences: list[ScoredSentence],
        verdict: Verdict,
        notes: str,
    ) -> Answer:
        citations: tuple[Citation, ...] = ()
        text = "The briefings do not answer this question."
        if verdict.covered and sentences:
            related = sentences[:2]
            citations = tuple(
                Citation.of(n, s.passage, _with_list_items(s, analysis.asks_list), s.cosine)
                for n, s in enumerate(related, start=1)
            )
            marks = " ".join(f"[{n}]" for n in range(1, len(citations) + 1))
            held = set().union(*(document_words(s.passage, catalog) for s in related))
            topic = _topic_shown(analysis, _topic_names(analysis, held)[:2]) or "related matters"
            missing = f"give {verdict.missing}" if verdict.missing.startswith("no ") else verdict.missing
            text = f"The briefings discuss {topic} {marks} but {missing or 'do not say what was asked'}."
        return Answer(
            question=question,
            text=f"{notes} {text}" if notes else text,
            citations=citations,
            abstained=True,
            reason=verdict.reason,
            nearest_documents=_nearest_documents(top, catalog),
            passages=by_best_sentence(result.passages, sentences, len(top)),
            passages_searched=result.searched,
        )

    def ranked_sentences(
        self, analysis: QuestionAnalysis, passages: list[Passage], catalog: Catalog, quoting: bool = False
    ) -> list[ScoredSentence]:
        """The passages' sentences by the judging ranker (`quoting`: by the quote ranker), else by cosine to the
        question nudged by shared words and by the answer type (a figure for "how many", a date for "when");
        another actor's aims are left out when the question asks about one actor's."""
        candidates = self.candidates(analysis, passages, catalog)
        features: list[SentenceFeatures | None] = [None] * len(candidates)
        if self.ranker is not None:
            matched = self.matched_pair(analysis, candidates) if self.ranker.reads_matcher else (None, None)
            read = sentence_features(analysis, candidates, catalog, *matched)
            features = list(read)
            scores = [self.ranker.logit(f) for f in read]
        else:
            scores = [
                self._nudged(analysis, text, cosine, passage, catalog) for text, cosine, passage, _, _ in candidates
            ]
        ranked = [
            ScoredSentence(text, score, passage, cosine, f)
            for (text, cosine, passage, _, _), score, f in zip(candidates, scores, features, strict=True)
        ]
        ranked.sort(key=lambda s: s.score, reverse=True)
        return self.requoted(analysis, ranked) if quoting else ranked

    def requoted(self, analysis: QuestionAnalysis, sentences: list[ScoredSentence]) -> list[ScoredSentence]:
        """The judged sentences ordered by the quote ranker, their features read once with the matcher's cosines
        added; as they are without a quote ranker."""
        read = [s.features for s in sentences]
        if self.quote_ranker is None or not sentences or any(f is None for f in read):
            return sentences
        pairs = [(s.text, s.cosine) for s in sentences]
        features = with_matched([f for f in read if f is not None], *self.matched_pair(analysis, pairs))
        ranked = [
            replace(s, score=self.quote_ranker.logit(f), features=f) for s, f in zip(sentences, features, strict=True)
        ]
        ranked.sort(key=lambda s: s.score, reverse=True)
        return ranked

    def matched(self, analysis: QuestionAnalysis, candidates: Sequence[tuple[Any, ...]], text: str = "") -> list[float]:
        """The matcher's cosine of each candidate (text, cosine, ...) to the question (or to `text`): of the
        MATCHED nearest by the index model's cosine (the others get the least of theirs); without a matcher, the
        cosine itself."""
        if self.matcher is None or not candidates:
            return [c[1] for c in candidates]
        nearest = sorted(range(len(candidates)), key=lambda i: candidates[i][1], reverse=True)[:MATCHED]
        cosines = self.matcher.cosines(text or analysis.text, [candidates[i][0] for i in nearest])
        out = [min(cosines)] * len(candidates)
        for i, cosine in zip(nearest, cosines, strict=True):
            out[i] = cosine
        return out

    def matched_pair(
        self, analysis: QuestionAnalysis, candidates: Sequence[tuple[Any, ...]]
    ) -> tuple[list[float], list[float]]:
        """The matcher's cosines of each candidate to the question and to the question proper, without the scene
        it sets (question.asked_part); the sentences are encoded once, for the first."""
        return self.matched(analysis, candidates), self.matched(analysis, candidates, asked_part(analysis.text))

    @staticmethod
    def quotes_focus(analysis: QuestionAnalysis, quote: str, catalog: Catalog) -> bool:
        """False when the quote gives another actor's aims or view than the one the question asks about."""
        return not about_other_actor(analysis, quote, catalog)

    def candidates(
        self, analysis: QuestionAnalysis, passages: list[Passage], catalog: Catalog
    ) -> list[tuple[str, float, Passage, int, int]]:
        """The passages' sentences that may be quoted: (text, cosine, passage, passage rank, index in it);
        not headings, repeats, or another actor's aims when the question asks about one actor's."""
        seen: set[tuple[str, str]] = set()
        out = []
        for rank, passage in enumerate(passages):
            kinds = passage.sentence_kinds or ("sentence",) * len(passage.sentences)
            for at, (text, cosine) in enumerate(zip(passage.sentences, passage.sentence_scores, strict=True)):
                key = (passage.doc_id, text)
                if key in seen or len(text) < 20 or kinds[at] not in QUOTABLE_KINDS or _is_heading(text, passage):
                    continue
                seen.add(key)
                if not about_other_actor(analysis, _with_announcer(text, passage, at), catalog):
                    out.append((text, cosine, passage, rank, at))
        return out

    def _nudged(
        self, analysis: QuestionAnalysis, text: str, cosine: float, passage: Passage, catalog: Catalog
    ) -> float:
        """Cosine nudged by shared words, the passage's score and the answer type (without a ranker)."""
        policy = self.policy
        wanted = set(analysis.terms)
        overlap = len(wanted & catalog.aliases.term_set(text)) / len(wanted) if wanted else 0.0
        bonus = policy.type_bonus if analysis.answer_type and type_found(analysis, [text], catalog, True) else 0.0
        return cosine + bonus + policy.overlap_weight * overlap + policy.passage_weight * passage.score

    def _choose(
        self, analysis: QuestionAnalysis, sentences: list[ScoredSentence], catalog: Catalog
    ) -> list[ScoredSentence]:
        """The best sentence and the others that fit the question as well and score close to it."""
        best = sentences[0].score
        margin = self.policy.ranker_margin if self.ranker is not None else self.policy.sentence_margin
        chosen = [sentences[0]]
        names_held: dict[str, bool] = {}  # per briefing: its words are gathered once, not once per sentence

        def holds_a_name(passage: Passage) -> bool:
            if passage.doc_id not in names_held:
                names_held[passage.doc_id] = names_share(analysis, document_words(passage, catalog), catalog) > 0
            return names_held[passage.doc_id]

        for sentence in sentences[1:]:
            if len(chosen) >= self.policy.max_sentences or sentence.score < best - margin:
                break
            if analysis.answer_type and not type_found(analysis, [sentence.text], catalog):
                continue
            if analysis.names and not holds_a_name(sentence.passage):
                continue  # a briefing naming nothing the question names: a volcano's eruption for an airbase strike
            if not any(_near_duplicate(sentence.text, c.text) for c in chosen):
                chosen.append(sentence)
        return chosen


def _topic_names(analysis: QuestionAnalysis, held: set[str]) -> list[str]:
    """The question's names that the cited briefings hold, for "The briefings discuss ...": a name of several
    words whole ("Skyward Airways", not "Skyward and Airways"), then single names not part of one (held or not:
    "Military" of "Military Council" is no name the briefings discuss), without a name's adjective beside it
    ("Iraqi" beside "Iraq"), nor "May" written as a month ("at the end of May 2017"), nor a people's adjective
    before what it qualifies ("which Canadian pension fund": Canadian; "Iranian-backed units")."""
    if MAY_AS_MONTH.search(analysis.text):
        held = held - {"may"}
    held = {name for name in held if not _as_demonym(name, analysis.text)}
    runs = [run for run in analysis.name_runs if run in held]
    in_runs = {word for run in analysis.name_runs for word in run.split()}  # "Military" alone is no name held
    names: list[str] = []
    for name in (n for n in analysis.names if n in held and n not in in_runs and len(n) > 2):  # not "al" alone
        longer = next((n for n in names if n.startswith(name) or name.startswith(n)), None)
        if longer is None:
            names.append(name)
        elif len(name) < len(longer):  # the country, not its adjective
            names[names.index(longer)] = name
    return runs + names


def _as_demonym(name: str, text: str) -> bool:
    """The text writes the name as a people's adjective before a word it qualifies ("Canadian pension fund",
    "Iranian-backed"): a name ending as such adjectives do, followed by a word in lower case."""
    qualifies = re.search(rf"\b{re.escape(name)}[\s-]+(?-i:[a-z])", text, re.I)
    return name.endswith(ADJECTIVE_ENDINGS) and qualifies is not None


def _topic_shown(analysis: QuestionAnalysis, names: list[str]) -> str:
    """The topic names as the question wrote them: "Bank of England" whole where it wrote two of them so, not
    "Bank and England"; else joined by "and"."""
    shown = analysis.shown(names)
    if len(shown) == 2 and re.search(rf"\b{re.escape(shown[0])} of (?:the )?{re.escape(shown[1])}\b", analysis.text):
        return f"{shown[0]} of {shown[1]}"
    return " and ".join(shown)


def _typed_first(analysis: QuestionAnalysis, sentences: list[ScoredSentence], catalog: Catalog) -> list[ScoredSentence]:
    """For a "how many" or "when" question, the first of the best three sentences of the best sentence's
    document that gives a figure (beside what is counted, else any) or a date leads: the answer's first quote
    then holds what was asked."""
    if not analysis.answer_type or not sentences:
        return sentences
    head = [(n, s) for n, s in enumerate(sentences[:3]) if s.passage.doc_id == sentences[0].passage.doc_id]
    for strict in (True, False):
        for n, sentence in head:
            if type_found(analysis, [sentence.text], catalog, counted=strict):
                return [sentence, *sentences[:n], *sentences[n + 1 :]]
    return sentences


def by_best_sentence(passages: list[Passage], sentences: list[ScoredSentence], top_k: int) -> tuple[Passage, ...]:
    """The passages with the first `top_k` reordered by their best sentence's rank for this question (the
    sentence ranker reads what the question asks for, which the search does not); a passage with no quotable
    sentence follows those that have one, and the rest keep the search's order."""
    head = passages[:top_k]
    rank: dict[str, int] = {}
    for n, sentence in enumerate(sentences):
        rank.setdefault(sentence.passage.chunk_id, n)
    ordered = sorted(range(len(head)), key=lambda i: (rank.get(head[i].chunk_id, len(sentences)), i))
    return tuple([head[i] for i in ordered] + list(passages[top_k:]))


def _is_heading(text: str, passage: Passage) -> bool:
    """A heading or a title, not a sentence: "# ...", the document's title, or a short line without final
    punctuation that is not a list item."""
    text = text.strip()
    if text.startswith("#") or text.rstrip(".") == passage.title.strip().rstrip("."):
        return True
    return len(text) < 120 and text[-1:] not in ".!?:;\"')\u201d" and not LIST_ITEM.match(text)


def _with_announcer(text: str, passage: Passage, at: int) -> str:
    """A list item with the sentence that announces its list (whose actor the item speaks for)."""
    if not LIST_ITEM.match(text):
        return text
    for earlier in reversed(passage.sentences[:at]):
        if not LIST_ITEM.match(earlier):
            return f"{earlier} {text}" if earlier.rstrip().endswith(":") else text
    return text


def _with_list_items(sentence: ScoredSentence, whole_list: bool = False) -> str:
    """A sentence announcing a list ("... for three reasons:") with the items that follow it in its
    passage, as one quote (with `whole_list`, a bullet with the bullets around it); any other sentence as it
    is."""
    return quote_with_items(sentence.text, sentence.passage, whole_list)


def _quoted(chosen: list[ScoredSentence], whole_list: bool) -> tuple[list[ScoredSentence], list[str]]:
    """The chosen sentences and their quotes, without a quote that an earlier one already holds (two bullets
    of one list, quoted whole)."""
    kept: list[ScoredSentence] = []
    quotes: list[str] = []
    for sentence in chosen:
        quote = _with_list_items(sentence, whole_list)
        if not any(quote in earlier for earlier in quotes):
            kept.append(sentence)
            quotes.append(quote)
    return kept, quotes


def quote_with_items(sentence: str, passage: Passage, whole_list: bool = False) -> str:
    """What the answer quotes for a sentence of the passage: a sentence announcing a list ("... for three
    reasons:", "... serves three purposes. First, ...") with its items (retrieval/answer/lists.py); with
    `whole_list` (the question asks for a list), a bullet with the bullets around it, and a brief sentence
    announcing what follows with the sentences that tell it ("Other actors are watching. Turkey ...")."""
    text = sentence.strip()
    sentences = [s.strip() for s in passage.sentences]
    if text not in sentences:
        return text
    at = sentences.index(text)
    items = items_around(sentences, at) if whole_list else []
    told = told_after(sentences, at) if whole_list else []
    return " ".join(items) if items else " ".join([text, *(list_items(sentences, at) or told)])


def _near_duplicate(a: str, b: str) -> bool:
    wa, wb = set(a.lower().split()), set(b.lower().split())
    return len(wa & wb) / max(1, min(len(wa), len(wb))) > 0.8


def _as_sentence(text: str) -> str:
    return clean_quote(text)


def _nearest_documents(passages: list[Passage], catalog: Catalog) -> tuple[DocumentInfo, ...]:
    doc_ids = list(dict.fromkeys(p.doc_id for p in passages))[:3]
    return tuple(catalog.documents[d] for d in doc_ids if d in catalog.documents)
