"""Answer quality on the project's evaluation set, beside the baselines, written to BENCHMARKS.md.

    python -m bench.eval_quality [--corpus eval/corpus] [--questions eval/questions.jsonl] [--k 5]
    python -m bench.eval_quality --render     # tables and charts again from bench/results/eval.json

Runs the same evaluation as `python -m retrieval eval ... --baseline langchain-naive --baseline dense
--baseline bm25`, then checks the targets on the held-out third. The figures are kept in
bench/results/eval.json, and drawn (quality per system, hit@5 per question type) into bench/results/.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from bench import charts
from bench.report import RESULTS, header, table, write_section
from retrieval import PROJECT, Settings, configure_logging, eval_core, evaluate, load_questions

BASELINES = ["langchain-naive", "dense", "bm25"]
EVAL_FILE = RESULTS / "eval.json"
COLUMNS = ["hit@1", "hit@k", "mrr@10", "answer_support", "false_abstention", "right_abstention"]


def pct(value: Any) -> str:
    return "-" if value is None else f"{value * 100:.1f}"


def split_table(split: dict[str, Any]) -> str:
    rows = [[name, m["answerable"], m["unanswerable"], *(pct(m[c]) for c in COLUMNS)] for name, m in split.items()]
    return table(
        [
            "system",
            "answerable",
            "unanswerable",
            "hit@1",
            "hit@5",
            "MRR@10",
            "support",
            "wrongly abstained",
            "rightly abstained",
        ],
        rows,
    )


def type_table(split: dict[str, Any], metric: str) -> str:
    types = sorted({t for m in split.values() for t in m["per_type"] if t != "unanswerable"})
    rows = [[name, *(pct(m["per_type"].get(t, {}).get(metric)) for t in types)] for name, m in split.items()]
    return table(["system", *types], rows)


def targets(held: dict[str, Any], overall: dict[str, Any]) -> list[list[str]]:
    ours = held[PROJECT]
    rows = []
    for name in BASELINES:
        for metric in ("hit@k", "mrr@10"):
            gap = ours[metric] - held[name][metric]
            rows.append([f"held-out {metric} beats {name}", f"{gap * 100:+.1f} points", "met" if gap > 0 else "missed"])
        for qtype in ("alias", "paraphrase"):
            gap = ours["per_type"][qtype]["hit@k"] - held[name]["per_type"][qtype]["hit@k"]
            rows.append(
                [
                    f"held-out hit@5 on {qtype} >= {name} + 10",
                    f"{gap * 100:+.1f} points",
                    "met" if gap >= 0.10 else f"missed by {(0.10 - gap) * 100:.1f}",
                ]
            )
    everything = overall[PROJECT]
    checks = [
        ("unanswerable rightly abstained >= 80%", everything["right_abstention"], 0.80, True),
        ("answerable wrongly abstained <= 5%", everything["false_abstention"], 0.05, False),
        ("answer support >= 85%", everything["answer_support"], 0.85, True),
    ]
    for label, value, goal, at_least in checks:
        met = value >= goal if at_least else value <= goal
        rows.append(
            [f"all questions: {label}", pct(value), "met" if met else f"missed by {abs(value - goal) * 100:.1f}"]
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=Path("eval/corpus"))
    parser.add_argument("--questions", type=Path, default=Path("eval/questions.jsonl"))
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--render", action="store_true", help="no evaluation: render the figures of the last run")
    args = parser.parse_args()
    configure_logging("WARNING")
    if not args.render:
        EVAL_FILE.write_text(json.dumps(measure(args.corpus, args.questions, args.k), indent=1))
    markdown = render(json.loads(EVAL_FILE.read_text()))
    print(markdown)
    print(f"\nwritten to {write_section('eval', markdown)}")


def measure(corpus: Path, questions: Path, k: int) -> dict[str, Any]:
    """Evaluate the project and the baselines: the section's header and the report's splits."""
    settings = Settings.load()
    core = eval_core(corpus, settings)
    report = evaluate(core, load_questions(questions), k, BASELINES)
    title = f"Answer quality ({corpus}, {report['questions']} questions, backend {settings.embedding_backend})"
    return {"header": header(title), "splits": report["splits"]}


def render(measured: dict[str, Any]) -> str:
    """The section: tables, targets and charts, from `measure`'s figures."""
    splits = measured["splits"]
    parts = [
        measured["header"],
        "Same run, same source text. Held-out = the third of the questions chosen by a hash of the question "
        "text, never used to tune weights or thresholds. Figures in per cent.",
        "### Held-out third\n\n" + split_table(splits["heldout"]),
        chart_links(splits),
        "Held-out hit@5 by question type:\n\n" + type_table(splits["heldout"], "hit@k"),
        "### Tuning two thirds\n\n" + split_table(splits["tuning"]),
        "### All questions\n\n" + split_table(splits["all"]),
        "All questions, hit@5 by type:\n\n" + type_table(splits["all"], "hit@k"),
        "All questions, answer support by type:\n\n" + type_table(splits["all"], "answer_support"),
        "### Targets\n\n" + table(["target", "figure", "status"], targets(splits["heldout"], splits["all"])),
    ]
    return "\n\n".join(parts)


def chart_links(splits: dict[str, Any]) -> str:
    """Draw the held-out quality per system and the hit@5 per question type (all questions); their links."""
    by_system = charts.quality_by_system_figure(splits["heldout"], "Held-out third: answer quality per system")
    by_type = charts.quality_by_type_figure(splits["all"], "hit@k", "All questions: hit@5 per question type")
    return "\n\n".join(
        [
            charts.save(by_system, "eval-systems", "Held-out answer quality per system"),
            charts.save(by_type, "eval-types", "hit@5 per question type and system"),
        ]
    )


if __name__ == "__main__":
    main()
