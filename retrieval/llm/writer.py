"""The writer: answers, summaries and follow-up rewrites by the language model, each sentence vetted by
`llm.checks` before anyone sees it, with the extractive answer as the fallback."""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, Literal

import numpy as np

from retrieval.index.catalog import ChunkRecord, passage_of
from retrieval.index.embedder import Embedder
from retrieval.ingest.names import Aliases
from retrieval.llm.chat import chat_model
from retrieval.llm.checks import Checker, Verdict, compose, dropped_note, parse_claims, says_no_answer
from retrieval.llm.prompts import PROMPT_NAMES, PROMPTS_DIR, format_passages, load_prompt
from retrieval.records import Answer, Citation, DocumentInfo, Passage, Summary
from retrieval.search.followup import follow_up
from retrieval.settings import Settings

log = logging.getLogger(__name__)


MAX_SUMMARY_PASSAGES = 12


VECTOR_CACHE_SIZE = 5000


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
