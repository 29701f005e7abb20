"""Sentence vectors from the chunk pass ("late") against a separate sentence pass, written to BENCHMARKS.md.

    python -m bench.sentence_vectors [--questions eval/questions.jsonl] [--distractors eval/distractors]

For each corpus (the evaluation briefings, and the briefings plus the distractor news) and each way of making
the sentence vectors, a fresh index is built in a temporary folder (timed, with the embedding calls counted)
and the evaluation run on it. The separate pass is the baseline from the same run.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.report import header, table, write_section
from retrieval import PROJECT, Settings, configure_logging, eval_core, evaluate, load_questions

MODES = ("separate", "late")
METRICS = ("hit@1", "hit@k", "mrr@10", "answer_support", "false_abstention", "right_abstention")


@dataclass(frozen=True)
class Run:
    corpus: str
    mode: str
    build_s: float
    chunks: int
    texts_embedded: int
    splits: dict[str, Any]


def combined_corpus(parts: list[Path], target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for folder in parts:
        for path in folder.iterdir():
            if path.is_file():
                shutil.copy(path, target / path.name)
    return target


def measure(name: str, corpus: Path, mode: str, questions: Path, work: Path) -> Run:
    settings = Settings.load().with_overrides(data_dir=work / f"{name}-{mode}", sentence_vectors=mode)
    started = time.perf_counter()
    core = eval_core(corpus, settings)
    build_s = time.perf_counter() - started
    loaded = getattr(core.embedder, "load", lambda: core.embedder)()
    embedded = int(getattr(loaded, "texts_encoded", 0))
    report = evaluate(core, load_questions(questions), 5, [])
    return Run(name, mode, build_s, core.stats().chunks, embedded, report["splits"])


def measure_all(questions: Path, corpus: Path, distractors: Path) -> list[Run]:
    runs = []
    with tempfile.TemporaryDirectory(prefix="sentence-vectors-") as tmp:
        work = Path(tmp)
        noisy = combined_corpus([corpus, distractors], work / "noisy-corpus")
        for name, folder in (("briefings", corpus), ("with distractors", noisy)):
            for mode in MODES:
                runs.append(measure(name, folder, mode, questions, work))
                print(f"measured corpus={name} mode={mode} build={runs[-1].build_s:.1f}s", flush=True)
    return runs


def pct(value: Any) -> str:
    return "-" if value is None else f"{value * 100:.1f}"


def render(runs: list[Run]) -> str:
    build = table(
        ["corpus", "sentence vectors", "chunks", "texts embedded", "index build (s)"],
        [[r.corpus, r.mode, r.chunks, r.texts_embedded, f"{r.build_s:.1f}"] for r in runs],
    )
    quality_headers = ["corpus", "sentence vectors", "hit@1", "hit@5", "MRR@10", "support", "wrongly abst.", "rightly"]
    parts = [
        header("Sentence vectors: late chunking against a separate pass"),
        "Late = each sentence's vector is the mean of its tokens' embeddings in the chunk pass (then normalised); "
        "separate = each sentence embedded alone (the baseline, same run). Fresh indexes, backend as configured. "
        "Figures in per cent.",
        "### Index build\n\n" + build,
    ]
    for split in ("heldout", "tuning", "all"):
        rows = [[r.corpus, r.mode, *(pct(r.splits[split][PROJECT][m]) for m in METRICS)] for r in runs]
        parts.append(f"### Quality, {split}\n\n" + table(quality_headers, rows))
    return "\n\n".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--questions", type=Path, default=Path("eval/questions.jsonl"))
    parser.add_argument("--corpus", type=Path, default=Path("eval/corpus"))
    parser.add_argument("--distractors", type=Path, default=Path("eval/distractors"))
    args = parser.parse_args()
    configure_logging("WARNING")
    markdown = render(measure_all(args.questions, args.corpus, args.distractors))
    print(markdown)
    print(f"\nwritten to {write_section('sentence_vectors', markdown)}")


if __name__ == "__main__":
    main()
