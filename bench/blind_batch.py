"""One batch of new questions against the bot as it is, before anything is tuned on them.

    python -m bench.blind_batch [--prefix qd] [--questions eval/questions.jsonl]

A batch written by someone who never saw the bot's answers (eval/README.md) is the one test the tuned rules
and weights have not been fitted to, in either part of the hash split: run this when a batch joins the set, at
the commit before any change looks at it. The section names the commit. Run later, it measures the batch after
tuning, which is no longer blind. Figures with the distractors, per part of the split and per question.
"""

from __future__ import annotations

import argparse
import subprocess
from pathlib import Path
from typing import Any

from bench.report import REPO, header, table, write_section
from retrieval import PROJECT, Settings, configure_logging, eval_core, evaluate, load_questions

COLUMNS = ["hit@1", "hit@k", "answer_support", "false_abstention", "right_abstention"]
HEADINGS = ["hit@1", "hit@5", "support", "wrongly declined", "rightly declined"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--prefix", default="qd", help="the batch: question ids starting with this")
    parser.add_argument("--questions", type=Path, default=Path("eval/questions.jsonl"))
    parser.add_argument("--k", type=int, default=5)
    args = parser.parse_args()
    configure_logging("WARNING")
    batch = [q for q in load_questions(args.questions) if q.qid.startswith(args.prefix)]
    if not batch:
        raise SystemExit(f"No question id in {args.questions} starts with {args.prefix!r}.")
    core = eval_core(Path("eval/corpus"), Settings.load(), extra=[Path("eval/distractors")])
    report = evaluate(core, batch, args.k, baselines=[])
    markdown = render(report, args.prefix, commit(), {q.qid for q in batch if q.answerable})
    print(markdown)
    print(f"\nwritten to {write_section(f'blind-batch-{args.prefix}', markdown)}")


def commit() -> str:
    run = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True)
    return run.stdout.strip() or "unknown"


def render(report: dict[str, Any], prefix: str, at: str, answerable: set[str]) -> str:
    splits = report["splits"]
    rows = [
        [split, m["answerable"], m["unanswerable"], *(_pct(m[c]) for c in COLUMNS)]
        for split, m in ((s, splits[s][PROJECT]) for s in ("all", "tuning", "heldout") if s in splits)
    ]
    outcomes = [
        [r["id"], r["type"], "held-out" if r["heldout"] else "tuning", _outcome(r[PROJECT], r["id"] in answerable)]
        for r in report["rows"]
    ]
    return "\n\n".join(
        [
            header(f"Blind batch: the {prefix} questions against the bot at commit {at}"),
            f"{report['questions']} questions (ids {prefix}...), eval/corpus + eval/distractors, figures in per cent. "
            "Measured at the commit named above, before any change was tuned on these questions.",
            table(["part", "answerable", "unanswerable", *HEADINGS], rows),
            table(["id", "type", "part", "outcome"], outcomes),
        ]
    )


def _outcome(result: dict[str, Any], answerable: bool) -> str:
    if answerable:
        if result["abstained"]:
            return "answerable, declined"
        return f"answered, {'supported' if result['supported'] else 'not supported'} (hit at {result['rank']})"
    return "declined" if result["abstained"] else "unanswerable, answered"


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.1f}"


if __name__ == "__main__":
    main()
