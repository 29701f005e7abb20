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

Calibration (`python bench/llm_eval.py [--show]`, eval/corpus in 125 chunks, MiniLM, ~30 s): positives are 41
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
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Literal

import numpy as np

from retrieval.aliases import Aliases
from retrieval.catalog import ChunkRecord, passage_of
from retrieval.embeddings import Embedder
from retrieval.errors import ConfigError
from retrieval.followup import follow_up
from retrieval.models import Answer, Citation, DocumentInfo, Passage, Summary
from retrieval.settings import Settings
from retrieval.text import split_sentences

log = logging.getLogger(__name__)

PROMPTS_DIR = Path(__file__).resolve().parent.parent / "prompts"
PROMPT_NAMES = ("answer", "topic_summary", "document_summary", "rewrite_followup")
NO_ANSWER = "The passages do not answer this question."

LEX_ALONE = 0.75
LEX_MIN = 0.5
COS_MIN = 0.55
MIN_TERMS = 3
MAX_SUMMARY_PASSAGES = 12
MAX_TOKENS = 700
VECTOR_CACHE_SIZE = 5000

NO_VALID_CITATION = "no valid citation"
TOO_SHORT = "too short to check"
NOT_SUPPORTED = "not supported by the cited passage"
FIGURE_NOT_FOUND = "a figure not in the cited passage"

_MARKER = re.compile(r"\[\s*(\d{1,3}(?:\s*[,;]\s*\d{1,3})*)\s*\]")
_LEADING_MARKERS = re.compile(r"^(?:\s*\[\s*\d{1,3}(?:\s*[,;]\s*\d{1,3})*\s*\])+")
_FIGURE = re.compile(r"\d+(?:[.,]\d+)*")
_PASSAGE_TAG = re.compile(r"<\s*/?\s*passages?\b[^>]*>?", re.I)
_NO_ANSWER = re.compile(r"\b(passages|briefings|documents|sources)\b.{0,20}\b(do|does|did)\s*(not|n't)\b", re.I)


# -- the chat model ----------------------------------------------------------------------------------------


def llm_configured(settings: Settings) -> bool:
    """True when a language model is configured (LLM_BASE_URL or LLM_MODEL)."""
    return bool(settings.llm_base_url or settings.llm_model)


def chat_model(settings: Settings) -> Any:
    """The LangChain chat model for the settings; ConfigError when they cannot make one."""
    model, base_url = settings.llm_model, settings.llm_base_url
    if not model:
        raise ConfigError(
            "LLM_BASE_URL is set but LLM_MODEL is empty: set LLM_MODEL to the model the server serves "
            "(e.g. llama3.1:8b for Ollama), or empty LLM_BASE_URL to use extractive answers only."
        )
    if base_url:
        return _openai(settings, model, base_url)
    provider, _, name = model.partition(":")
    if not name or provider == "openai":
        if not settings.llm_api_key:
            raise ConfigError(
                f"LLM_MODEL={model} without LLM_BASE_URL means the hosted OpenAI API, which needs LLM_API_KEY: "
                "set it, or set LLM_BASE_URL to your local server (e.g. http://localhost:11434/v1 for Ollama)."
            )
        return _openai(settings, name or model, None)
    return _other_provider(settings, model)


def _openai(settings: Settings, model: str, base_url: str | None) -> Any:
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(
        base_url=base_url,
        model=model,
        api_key=settings.llm_api_key or "not-needed",  # type: ignore[arg-type]
        timeout=settings.llm_timeout_seconds,
        max_retries=0,
        temperature=0.0,
        max_tokens=MAX_TOKENS,  # type: ignore[call-arg]
    )


def _other_provider(settings: Settings, model: str) -> Any:
    try:
        from langchain.chat_models import init_chat_model  # type: ignore[import-not-found]
    except ImportError:
        raise ConfigError(
            f"LLM_MODEL={model} names another provider, which needs the `langchain` package and that provider's "
            "package: install them, or use an OpenAI-compatible server through LLM_BASE_URL."
        ) from None
    extra = {"api_key": settings.llm_api_key} if settings.llm_api_key else {}
    try:
        return init_chat_model(model, timeout=settings.llm_timeout_seconds, max_retries=0, temperature=0.0, **extra)
    except (ImportError, ValueError) as error:
        raise ConfigError(f"LLM_MODEL={model} cannot be used: {error}") from None


# -- prompts -----------------------------------------------------------------------------------------------


def load_prompt(name: str, directory: Path = PROMPTS_DIR) -> Any:
    """A `ChatPromptTemplate` (system + human) from `prompts/NAME.txt` (sections `[system]` and `[human]`)."""
    from langchain_core.prompts import ChatPromptTemplate

    path = directory / f"{name}.txt"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ConfigError(f"The prompt file {path} cannot be read ({error.strerror}): restore it from git.") from None
    match = re.fullmatch(r"\s*\[system\]\s*\n(.*?)\n\[human\]\s*\n(.*?)\s*", text, re.S)
    if not match:
        raise ConfigError(f"The prompt file {path} must have a `[system]` section, then a `[human]` section.")
    return ChatPromptTemplate.from_messages([("system", match[1].strip()), ("human", match[2].strip())])


def format_passages(passages: Sequence[Passage]) -> str:
    """The passages as numbered, delimited blocks; tags that could close a block are defused."""
    return "\n\n".join(
        f'<passage id="{n}">\ntitle: {_defuse(p.title)}\ndate: {p.date or "undated"}\ntext:\n{_defuse(p.text)}\n'
        "</passage>"
        for n, p in enumerate(passages, start=1)
    )


def _defuse(text: str) -> str:
    return _PASSAGE_TAG.sub(lambda m: m.group().replace("<", "(").replace(">", ")"), text)


# -- parsing and checking the model's text -----------------------------------------------------------------


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


# -- the writer --------------------------------------------------------------------------------------------


class LlmFailure(Exception):
    """The model could not give a usable text; the message is the user-facing reason."""


@dataclass(frozen=True)
class Written:
    """A checked text: what survived, its citations, the note, or the reason to fall back."""

    text: str
    citations: tuple[Citation, ...]
    note: str
    failure: str = ""


def describe_failure(error: BaseException, timeout: float) -> str:
    """A short reason for the user, from whatever the client raised."""
    name = type(error).__name__
    status = getattr(error, "status_code", None)
    if "Timeout" in name or isinstance(error, TimeoutError):
        return f"the language model did not answer within {timeout:g} s"
    if isinstance(status, int):
        return f"the language model returned HTTP {status}"
    if "Connection" in name:
        return "the language model could not be reached"
    if isinstance(error, ValueError) or "Decode" in name or "Validation" in name:
        return "the language model returned an unreadable response"
    return f"the language model failed ({name})"


class AnswerStream:
    """Partial checked texts from `chunks()`, then the final checked `Answer` from `result()`."""

    def __init__(self, run: Iterator[str], finish: Callable[[], Answer]) -> None:
        self._run = run
        self._finish = finish
        self._result: Answer | None = None

    def chunks(self) -> Iterator[str]:
        yield from self._run

    def result(self) -> Answer:
        if self._result is None:
            for _ in self._run:  # drain what was not read
                pass
            self._result = self._finish()
        return self._result


class LlmWriter:
    """Answers, summaries and follow-up rewrites written by the configured language model, checked."""

    def __init__(
        self,
        settings: Settings,
        embedder: Embedder,
        model: Any | None = None,
        aliases: Aliases | None = None,
        prompts_dir: Path = PROMPTS_DIR,
    ) -> None:
        self.settings = settings
        self.embedder = embedder
        self.model = model if model is not None else chat_model(settings)
        self.aliases = aliases if aliases is not None else Aliases.load(settings.aliases_path)
        self.prompts = {name: load_prompt(name, prompts_dir) for name in PROMPT_NAMES}
        self.model_name = settings.llm_model or "model"
        self._vector_cache: dict[str, np.ndarray] = {}
        self._cache_lock = threading.Lock()

    # -- answers -----------------------------------------------------------------------------------

    def answer(self, question: str, fallback: Answer) -> Answer:
        """A checked answer written by the model from `fallback.passages[:TOP_K]`, or `fallback` with a note."""
        if fallback.abstained or not fallback.passages:
            return fallback
        passages = list(fallback.passages[: self.settings.top_k])
        started = time.perf_counter()
        try:
            raw = self._invoke("answer", {"question": question, "passages": format_passages(passages)})
        except LlmFailure as failure:
            return self._fall_back(fallback, str(failure), started)
        written = self._check(raw, passages)
        return self._finish_answer(fallback, written, started)

    def stream_answer(self, question: str, fallback: Answer) -> AnswerStream:
        """Like `answer`, streamed: `chunks()` yields the checked text so far, sentence by sentence, as the
        model writes; `result()` gives the final Answer (the fallback, with a note, if the model failed)."""
        state: dict[str, Any] = {"raw": "", "failure": "", "started": time.perf_counter()}
        if fallback.abstained or not fallback.passages:
            return AnswerStream(iter(()), lambda: fallback)
        passages = list(fallback.passages[: self.settings.top_k])
        values = {"question": question, "passages": format_passages(passages)}

        def run() -> Iterator[str]:
            checker = self._checker(passages)
            verdicts: list[Verdict] = []
            shown = ""
            try:
                for piece in self._stream("answer", values):
                    state["raw"] += piece
                    claims = parse_claims(state["raw"])[:-1]  # the last sentence may still grow
                    verdicts += [checker.check(c) for c in claims[len(verdicts) :]]
                    text = compose(verdicts, passages)[0]
                    if text and text != shown:
                        shown = text
                        yield text
            except LlmFailure as failure:
                state["failure"] = str(failure)
                return
            state["written"] = self._check(state["raw"], passages, checker, verdicts)
            final = state["written"].text
            if final and final != shown and not state["written"].failure:
                yield final

        def finish() -> Answer:
            if state["failure"]:
                return self._fall_back(fallback, state["failure"], state["started"])
            return self._finish_answer(fallback, state["written"], state["started"])

        return AnswerStream(run(), finish)

    def _finish_answer(self, fallback: Answer, written: Written, started: float) -> Answer:
        if written.failure:
            return self._fall_back(fallback, written.failure, started)
        log.info(
            "llm answer model=%s citations=%d note=%r ms=%.0f",
            self.model_name,
            len(written.citations),
            written.note,
            _ms(started),
        )
        return replace(fallback, text=written.text, citations=written.citations, note=written.note)

    def _fall_back(self, fallback: Answer, reason: str, started: float) -> Answer:
        log.warning("llm fallback model=%s reason=%r ms=%.0f", self.model_name, reason, _ms(started))
        return replace(fallback, note=f"Extractive answer: {reason}.")

    # -- summaries ---------------------------------------------------------------------------------

    def summarize(
        self,
        subject: str,
        passages: Sequence[Passage],
        fallback: Summary,
        kind: Literal["topic", "document"] = "topic",
    ) -> Summary:
        """A checked summary of `passages` (numbered [1]..[n]) about `subject`, or `fallback`.

        `fallback` gets a `note` only if the Summary type has that field; the reason is logged either way."""
        if fallback.empty or not passages:
            return fallback
        chosen = list(passages[:MAX_SUMMARY_PASSAGES])
        started = time.perf_counter()
        prompt = "document_summary" if kind == "document" else "topic_summary"
        try:
            raw = self._invoke(prompt, {"subject": subject, "passages": format_passages(chosen)})
        except LlmFailure as failure:
            return self._summary_fallback(fallback, str(failure), started)
        written = self._check(raw, chosen)
        if written.failure:
            return self._summary_fallback(fallback, written.failure, started)
        log.info(
            "llm summary kind=%s citations=%d note=%r ms=%.0f", kind, len(written.citations), written.note, _ms(started)
        )
        summary = replace(fallback, text=written.text, citations=written.citations, empty=False)
        return _with_note(summary, written.note)

    def _summary_fallback(self, fallback: Summary, reason: str, started: float) -> Summary:
        log.warning("llm summary fallback model=%s reason=%r ms=%.0f", self.model_name, reason, _ms(started))
        return _with_note(fallback, f"Extractive summary: {reason}.")

    # -- follow-ups --------------------------------------------------------------------------------

    def rewrite_followup(self, previous_question: str, followup: str) -> str:
        """`followup` rewritten to stand alone, using `previous_question`; a simple rule if the model fails."""
        values = {"previous_question": previous_question, "followup": followup}
        try:
            rewritten = _one_line(self._invoke("rewrite_followup", values))
        except LlmFailure as failure:
            log.warning("llm rewrite fallback reason=%r", str(failure))
            return follow_up(previous_question, followup)
        limit = min(self.settings.max_question_chars, 2 * (len(previous_question) + len(followup)) + 40)
        if not rewritten or len(rewritten) > limit:
            log.warning("llm rewrite fallback reason='unusable rewrite' chars=%d", len(rewritten))
            return follow_up(previous_question, followup)
        return rewritten

    # -- the model ---------------------------------------------------------------------------------

    def _invoke(self, prompt: str, values: dict[str, str]) -> str:
        messages = self.prompts[prompt].format_messages(**values)
        try:
            reply = self.model.invoke(messages)
        except Exception as error:  # any client, any provider: the reason is reported, the fallback used
            raise LlmFailure(describe_failure(error, self.settings.llm_timeout_seconds)) from error
        text = getattr(reply, "text", "")
        if not isinstance(text, str):
            raise LlmFailure("the language model returned an unreadable response")
        if not text.strip():
            raise LlmFailure("the language model returned an empty answer")
        return text

    def _stream(self, prompt: str, values: dict[str, str]) -> Iterator[str]:
        messages = self.prompts[prompt].format_messages(**values)
        received = False
        try:
            for chunk in self.model.stream(messages):
                text = getattr(chunk, "text", "")
                if isinstance(text, str) and text:
                    received = True
                    yield text
        except Exception as error:  # as in _invoke
            raise LlmFailure(describe_failure(error, self.settings.llm_timeout_seconds)) from error
        if not received:
            raise LlmFailure("the language model returned an empty answer")

    def _checker(self, passages: Sequence[Passage]) -> Checker:
        return Checker(passages, self.aliases, self._encode)

    def _encode(self, texts: list[str]) -> np.ndarray:
        """`embedder.encode` with a bounded cache: the same passages come back question after question."""
        with self._cache_lock:
            known = {t: self._vector_cache[t] for t in texts if t in self._vector_cache}
        missing = list(dict.fromkeys(t for t in texts if t not in known))
        if missing:
            known.update(zip(missing, self.embedder.encode(missing), strict=True))
            with self._cache_lock:
                self._vector_cache.update((t, known[t]) for t in missing)
                for old in list(self._vector_cache)[: max(0, len(self._vector_cache) - VECTOR_CACHE_SIZE)]:
                    del self._vector_cache[old]
        return np.stack([known[t] for t in texts])

    def _check(
        self,
        raw: str,
        passages: Sequence[Passage],
        checker: Checker | None = None,
        verdicts: list[Verdict] | None = None,
    ) -> Written:
        """Check every sentence of `raw` (reusing the `verdicts` already made while streaming)."""
        if says_no_answer(raw):
            return Written("", (), "", failure="the language model found no answer in the passages")
        checker = checker or self._checker(passages)
        known = {v.claim: v for v in verdicts or []}
        done = [known.get(c) or checker.check(c) for c in parse_claims(raw)]
        text, citations = compose(done, passages)
        note = dropped_note(done)
        if not citations:
            why = f" ({note})" if note else ""
            return Written("", (), note, failure=f"no sentence of the language model's answer passed the checks{why}")
        return Written(text, citations, note)


# -- helpers -----------------------------------------------------------------------------------------------


def _one_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    line = lines[0] if lines else ""
    line = re.sub(r"^(standalone question|question|rewritten question)\s*:\s*", "", line, flags=re.I)
    return line.strip().strip("\"'`").strip()


def document_passages(info: DocumentInfo, records: Sequence[ChunkRecord]) -> list[Passage]:
    """A document's chunks as Passages (in reading order), for `LlmWriter.summarize(kind="document")`."""
    return [passage_of(r, info) for r in sorted(records, key=lambda r: r.position)]


def _with_note(value: Summary, note: str) -> Summary:
    """`value` with `note` set when the dataclass has a `note` field (Summary may not yet)."""
    if note and "note" in {f.name for f in fields(value)}:
        changes: dict[str, Any] = {"note": note}
        return replace(value, **changes)
    return value


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000
