"""Retrieval quality per embedding backend on the project's evaluation set, against the torch path.

    python -m bench.backend_quality [--corpus eval/corpus] [--questions eval/questions.jsonl]

The default backend is the fastest whose figures stay within one point of torch (bench/results/embeddings.md
has the speeds).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from bench.report import header, table, write_section
from retrieval import PROJECT, Settings, configure_logging, eval_core, evaluate, load_questions

BACKENDS = ["torch", "onnx", "onnx-int8"]
METRICS = ["hit@1", "hit@k", "mrr@10", "answer_support", "right_abstention", "false_abstention"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=Path("eval/corpus"))
    parser.add_argument("--questions", type=Path, default=Path("eval/questions.jsonl"))
    args = parser.parse_args()
    configure_logging("WARNING")
    questions = load_questions(args.questions)
    markdown = report(measure(args.corpus, questions), len(questions))
    print(markdown)
    print(f"\nwritten to {write_section('backends', markdown)}")


def measure(corpus: Path, questions: list[Any]) -> dict[str, dict[str, float]]:
    """The project's figures on all questions, per backend."""
    figures = {}
    for backend in BACKENDS:
        core = eval_core(corpus, Settings.load().with_overrides(embedding_backend=backend))
        figures[backend] = evaluate(core, questions, 5, [])["splits"]["all"][PROJECT]
        print(backend, {m: figures[backend][m] for m in METRICS}, flush=True)
    return figures


def report(figures: dict[str, dict[str, float]], questions: int) -> str:
    rows = []
    for backend in BACKENDS:
        cells = []
        for metric in METRICS:
            value, base = figures[backend][metric], figures["torch"][metric]
            cells.append(f"{value * 100:.1f} ({(value - base) * 100:+.1f})")
        rows.append([backend, *cells])
    return "\n\n".join(
        [
            header(f"Answer quality per embedding backend ({questions} questions, all splits)"),
            "Per cent; in brackets the difference to the torch path in points.",
            table(["backend", "hit@1", "hit@5", "MRR@10", "support", "rightly abstained", "wrongly abstained"], rows),
        ]
    )


if __name__ == "__main__":
    main()
