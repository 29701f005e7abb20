"""Optional answers and summaries written by a language model, checked against the passages they cite.

Off by default: with neither LLM_BASE_URL nor LLM_MODEL set, `llm_configured` is False and the core keeps
its extractive answers. The model is reached through LangChain's chat-model interface:

- LLM_BASE_URL set: `ChatOpenAI` against that OpenAI-compatible server (hosted API, Ollama, vLLM, llama.cpp);
  LLM_MODEL is passed as it is (Ollama tags such as `llama3.1:8b` included);
- no LLM_BASE_URL, LLM_MODEL `gpt-4o-mini` or `openai:gpt-4o-mini`: the hosted OpenAI API (LLM_API_KEY needed);
- no LLM_BASE_URL, LLM_MODEL `provider:model` (e.g. `anthropic:claude-...`): LangChain's `init_chat_model`,
  only if the `langchain` package and the provider's package are installed (else a ConfigError says so).

The prompts are files in `prompts/`. The passages go in numbered [1]..[n] between <passages> delimiters,
with any delimiter-like tag in a document defused, and the system prompt says they are data.

Nobody sees a sentence of the model's text before it passes the checks (streamed text included):

1. every [n] must name a passage that was given (others are removed; a sentence left without any is dropped);
2. every sentence must carry a citation, and have at least MIN_TERMS content words (so "HACKED [1]" fails);
3. every figure in the sentence (5,000; 55; 2017) must occur in the passages it cites;
4. support: with `lex` the share of the sentence's content words (names folded by `Aliases`, light stemming)
   found in the cited passage and `cos` the cosine between the sentence and the passage's closest sentence,
   a citation holds when  lex >= LEX_ALONE  or  (lex >= LEX_MIN and cos >= COS_MIN).
   When several passages are cited, the ones that fail are removed; if none holds alone, their union is tried.

Failing sentences are dropped and counted in `note`. When nothing is left, or the model times out, fails
(HTTP error, non-JSON body), answers empty, or says the passages do not answer, the extractive answer is
returned with a note saying why. When the core abstains the model is never asked.

Calibration (`python -m bench.llm_eval [--show]`, eval/corpus in 125 chunks, MiniLM, ~30 s): positives are 41
hand-written, LLM-style paraphrases of facts in eval/corpus (listed in the script), each paired with the chunk
that states it; negatives are the same sentences paired with the most similar chunk of another document
(hard) and with a random chunk of another document, and 556 corpus sentences of 6+ content words paired
with a random chunk of another document. With LEX_ALONE=0.75, LEX_MIN=0.5, COS_MIN=0.55:

    pairs                                    n   accepted      lex p10/p50/p90   cos p10/p50/p90
    paraphrase, its own chunk               41   40 (97.6%)    0.79/0.89/1.00    0.62/0.81/0.90
    paraphrase, best chunk of another doc   41    5 (12.2%)    0.14/0.36/0.67    0.38/0.57/0.70
    paraphrase, random chunk of another     41    0 (0.0%)     0.00/0.15/0.30    0.21/0.33/0.51
    corpus sentence, random other chunk    556    4 (0.7%)     0.00/0.15/0.33    0.24/0.38/0.52

Of the 5 "hard" acceptances, 2 are the same fact told by another briefing (Damascus needs the eastern fields
for electricity; al-Omar is Syria's largest oil field), 2 are near (the Albu Kamal land route; a 1,500-fighter
estimate for another pocket) and 1 is wrong; the rejected paraphrase turned "uninhabitable" into "cannot be
lived in". Looser settings admit more wrong pairs for no gain on the positives (LEX_MIN=0.4, COS_MIN=0.5:
24% hard, 2.2% random; LEX_MIN=0.34, COS_MIN=0.45: 34%, 3.4%), and LEX_ALONE between 0.67 and 0.8 changes
nothing on this set. The check catches citations to the wrong passage, not subtle misreadings of the right
one: that is what the numbers rule and the prompt are for.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from retrieval.ingest.names import Aliases
from retrieval.ingest.sentences import split_sentences
from retrieval.records import Citation, Passage

log = logging.getLogger(__name__)


NO_ANSWER = "The passages do not answer this question."


LEX_ALONE = 0.75


LEX_MIN = 0.5


COS_MIN = 0.55


MIN_TERMS = 3


NO_VALID_CITATION = "no valid citation"


TOO_SHORT = "too short to check"


NOT_SUPPORTED = "not supported by the cited passage"


FIGURE_NOT_FOUND = "a figure not in the cited passage"


_MARKER = re.compile(r"\[\s*(\d{1,3}(?:\s*[,;]\s*\d{1,3})*)\s*\]")


_LEADING_MARKERS = re.compile(r"^(?:\s*\[\s*\d{1,3}(?:\s*[,;]\s*\d{1,3})*\s*\])+")


_FIGURE = re.compile(r"\d+(?:[.,]\d+)*")


_NO_ANSWER = re.compile(r"\b(passages|briefings|documents|sources)\b.{0,20}\b(do|does|did)\s*(not|n't)\b", re.I)


@dataclass(frozen=True)
class Claim:
    """One sentence of the model's text: its words without markers, the [n] it carries, what preceded it."""

    body: str
    markers: tuple[int, ...]
    separator: str = " "


@dataclass(frozen=True)
class Verdict:
    claim: Claim
    cited: tuple[int, ...] = ()
    quotes: dict[int, str] = field(default_factory=dict)
    scores: dict[int, float] = field(default_factory=dict)
    reason: str = ""


def parse_claims(text: str) -> list[Claim]:
    """The sentences of `text`, each with its markers; markers that open a sentence belong to the one before."""
    claims: list[Claim] = []
    previous_end = 0
    for sentence in split_sentences(text):
        gap = text[previous_end : sentence.start]
        previous_end = sentence.end
        raw = sentence.text
        lead = _LEADING_MARKERS.match(raw)
        if lead and claims:
            last = claims[-1]
            claims[-1] = replace(last, markers=last.markers + _numbers(lead.group()))
            raw = raw[lead.end() :]
        body = " ".join(_MARKER.sub(" ", raw).split())
        body = re.sub(r"\s+([.,;:!?])", r"\1", body)
        if len(re.sub(r"\W", "", body)) < 2:
            continue
        claims.append(Claim(body, _numbers(raw), "\n" if "\n" in gap and claims else " "))
    return claims


def _numbers(text: str) -> tuple[int, ...]:
    found = [int(n) for group in _MARKER.findall(text) for n in re.split(r"\s*[,;]\s*", group)]
    return tuple(dict.fromkeys(found))


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "ly", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    return word[:6]


def _figures(text: str) -> set[str]:
    return {f.replace(",", "").rstrip(".") for f in _FIGURE.findall(text)}


@dataclass(frozen=True)
class Support:
    lexical: float
    cosine: float
    figures_ok: bool
    quote: str


class Checker:
    """Checks claims against the numbered passages they cite (see the module docstring for the rule)."""

    def __init__(self, passages: Sequence[Passage], aliases: Aliases, encode: Callable[[list[str]], np.ndarray]):
        self.passages = list(passages)
        self.aliases = aliases
        self._encode = encode
        self._sentences = [list(p.sentences) or [s.text for s in split_sentences(p.text)] for p in self.passages]
        self._stems = [{_stem(t) for t in aliases.terms(f"{p.title} {p.text}")} for p in self.passages]
        self._figures = [_figures(p.text) for p in self.passages]
        self._vectors: dict[int, np.ndarray] = {}

    def check(self, claim: Claim) -> Verdict:
        valid = tuple(n for n in claim.markers if 1 <= n <= len(self.passages))
        if not valid:
            return Verdict(claim, reason=NO_VALID_CITATION)
        stems = {_stem(t) for t in self.aliases.terms(claim.body)}
        if len(stems) < MIN_TERMS:
            return Verdict(claim, reason=TOO_SHORT)
        vector = self._encode([claim.body])[0]
        supports = {n: self._support(claim.body, stems, vector, [n - 1]) for n in valid}
        kept = tuple(n for n in valid if _holds(supports[n]))
        if not kept:
            union = self._support(claim.body, stems, vector, [n - 1 for n in valid])
            if not _holds(union):
                reason = FIGURE_NOT_FOUND if _holds(replace(union, figures_ok=True)) else NOT_SUPPORTED
                return Verdict(claim, reason=reason)
            kept = valid
        return Verdict(
            claim,
            cited=kept,
            quotes={n: supports[n].quote for n in kept},
            scores={n: round(supports[n].cosine, 3) for n in kept},
        )

    def _support(self, body: str, stems: set[str], vector: np.ndarray, indexes: list[int]) -> Support:
        found = set().union(*(self._stems[i] for i in indexes))
        figures = set().union(*(self._figures[i] for i in indexes))
        best_cos, quote = -1.0, ""
        for i in indexes:
            vectors = self._passage_vectors(i)
            if len(vectors) == 0:
                continue
            scores = vectors @ vector
            j = int(np.argmax(scores))
            if float(scores[j]) > best_cos:
                best_cos, quote = float(scores[j]), self._sentences[i][j]
        return Support(len(stems & found) / len(stems), best_cos, _figures(body) <= figures, quote)

    def _passage_vectors(self, index: int) -> np.ndarray:
        """The sentence vectors of one passage, encoded the first time it is cited."""
        if index not in self._vectors:
            sentences = self._sentences[index]
            self._vectors[index] = self._encode(sentences) if sentences else np.zeros((0, 1), dtype=np.float32)
        return self._vectors[index]


def _holds(support: Support) -> bool:
    lexical, cosine = support.lexical, support.cosine
    return support.figures_ok and (lexical >= LEX_ALONE or (lexical >= LEX_MIN and cosine >= COS_MIN))


def compose(verdicts: Sequence[Verdict], passages: Sequence[Passage]) -> tuple[str, tuple[Citation, ...]]:
    """The kept sentences with their markers renumbered 1..m in order of first use, and their citations."""
    renumber: dict[int, int] = {}
    citations: list[Citation] = []
    parts: list[str] = []
    for verdict in verdicts:
        if verdict.reason:
            continue
        for n in verdict.cited:
            if n not in renumber:
                renumber[n] = len(renumber) + 1
                citations.append(Citation.of(renumber[n], passages[n - 1], verdict.quotes[n], verdict.scores[n]))
        markers = "".join(f"[{renumber[n]}]" for n in verdict.cited)
        separator = verdict.claim.separator if parts else ""
        parts.append(f"{separator}{verdict.claim.body} {markers}")
    return "".join(parts), tuple(citations)


def dropped_note(verdicts: Sequence[Verdict]) -> str:
    """'2 sentences dropped: no valid citation; 1 sentence dropped: ...' ('' when none was dropped)."""
    counts: dict[str, int] = {}
    for verdict in verdicts:
        if verdict.reason:
            counts[verdict.reason] = counts.get(verdict.reason, 0) + 1
    return "; ".join(f"{n} sentence{'s' if n > 1 else ''} dropped: {reason}" for reason, n in counts.items())


def says_no_answer(text: str) -> bool:
    """True when the model said the passages do not answer (and cited nothing)."""
    return not _MARKER.search(text) and bool(_NO_ANSWER.search(text))
