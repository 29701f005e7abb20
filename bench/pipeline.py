"""Index throughput against the bare model on the same chunks, and warm `ask` latency.

    python -m bench.pipeline [--corpus corpus] [--rounds 3] [--questions 40] [--backend onnx-int8]
    python -m bench.pipeline --synthetic-chunks 10000 --rounds 1      # a synthetic corpus (bench/synthetic.py)

The baseline is the bare model encoding exactly the chunks the pipeline produced, in the same run; the
pipeline's overhead is loading, cleaning, splitting, the sentence vectors and writing to Chroma.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bench.report import header, table, write_section
from bench.synthetic import generate
from retrieval import BriefingCore, LazyEmbedder, Settings

QUESTIONS = [
    "what does Iran want in Deir ez-Zor?",
    "what does Iran want in Dayr az-Zawr?",
    "why does the Syrian leadership want Deir Ezzor?",
    "what did the US say about the final battle against ISIS?",
    "who won the 2018 World Cup?",
    "what happened to the deconfliction mechanism?",
    "where did the SDF make progress?",
    "what do the Americans want?",
]


def build_once(corpus: Path, embedder: LazyEmbedder, root: Path) -> tuple[float, BriefingCore]:
    settings = Settings.from_mapping({}, root).with_overrides(
        corpus_dir=corpus, aliases_file=corpus / "_aliases.txt", data_dir=root / "data"
    )
    core = BriefingCore(settings, embedder=embedder)
    started = time.perf_counter()
    core.reindex(full=True)
    return time.perf_counter() - started, core


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=Path("corpus"))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--questions", type=int, default=40)
    parser.add_argument("--backend", default="onnx-int8", help="the embedding backend (default: the default)")
    parser.add_argument("--synthetic-chunks", type=int, help="index a synthetic corpus of about this many chunks")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus, label = args.corpus, str(args.corpus)
        if args.synthetic_chunks:
            corpus, label = Path(tmp) / "corpus", f"synthetic, {args.synthetic_chunks:,} chunks"
            generate(corpus, args.synthetic_chunks)
        figures = measure(corpus, args.rounds, args.questions, args.backend)
    markdown = report(figures, label, args.rounds, args.backend)
    print(markdown)
    print(f"\nwritten to {write_section('pipeline', markdown)}")


@dataclass
class Figures:
    index_times: list[float]
    bare_times: list[float]
    documents: int
    chunks: int
    tokens: int
    latencies: list[float]


def measure(corpus: Path, rounds: int, questions: int, backend: str) -> Figures:
    """Index the corpus `rounds` times, embed its chunks with the bare model as often, and time `ask`."""
    embedder = LazyEmbedder("", backend)
    embedder.encode(["warm up the model"])
    with tempfile.TemporaryDirectory() as tmp:
        builds = [build_once(corpus.resolve(), embedder, Path(tmp) / f"r{i}") for i in range(rounds)]
        core = builds[-1][1]
        catalog = core.snapshot().catalog
        texts = [c.text for c in catalog.chunks]
        bare_times = []
        for _ in range(rounds):
            started = time.perf_counter()
            embedder.encode(texts)
            bare_times.append(time.perf_counter() - started)
        return Figures(
            index_times=[seconds for seconds, _ in builds],
            bare_times=bare_times,
            documents=len(catalog.documents),
            chunks=len(texts),
            tokens=sum(embedder.count_tokens(t) for t in texts),
            latencies=ask_latencies(core, questions),
        )


def report(figures: Figures, corpus: str, rounds: int, backend: str) -> str:
    index_s, bare_s = statistics.median(figures.index_times), statistics.median(figures.bare_times)
    chunks, tokens, latencies = figures.chunks, figures.tokens, figures.latencies
    rows = [
        ["bare model, same chunks (baseline)", chunks, f"{chunks / bare_s:.1f}", f"{tokens / bare_s:.0f}", "-"],
        [
            "full index pipeline",
            chunks,
            f"{chunks / index_s:.1f}",
            f"{tokens / index_s:.0f}",
            f"{(index_s / bare_s - 1) * 100:+.0f}% ({index_s / bare_s:.2f}x)",
        ],
    ]
    ask_rows = [
        [
            "ask (retrieval + extractive answer), warm",
            len(latencies),
            f"{np.percentile(latencies, 50):.1f}",
            f"{np.percentile(latencies, 95):.1f}",
        ]
    ]
    return "\n\n".join(
        [
            header(f"Pipeline: index throughput and ask latency ({corpus}, backend {backend})"),
            f"{figures.documents} documents, {chunks} chunks, {tokens} tokens; median of {rounds} rounds.",
            table(["what", "chunks", "chunks/s", "tokens/s", "time vs baseline"], rows),
            "Over the bare model the pipeline also loads, cleans and splits the files (a thread, beside the "
            "embedding), pools each sentence's vector from the chunk pass, folds the BM25 terms and writes each "
            "batch to Chroma and the segment files (a second thread), then builds the BM25 postings: that is its "
            "overhead. The bare model encodes the same chunk texts in batches of its own.",
            table(["what", "questions", "p50 ms", "p95 ms"], ask_rows),
        ]
    )


def ask_latencies(core: BriefingCore, count: int) -> list[float]:
    core.ask(QUESTIONS[0])
    latencies = []
    for i in range(count):
        started = time.perf_counter()
        core.ask(QUESTIONS[i % len(QUESTIONS)])
        latencies.append((time.perf_counter() - started) * 1000)
    return latencies


if __name__ == "__main__":
    main()
