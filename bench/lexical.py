"""BM25: our numpy postings (retrieval/index/lexical.py) against bm25s's own index, saved and memory-mapped.

    python -m bench.lexical [--chunks 10000 100000] [--queries 200]

Synthetic term lists (Zipf-distributed ids over a 40,000-term vocabulary, 60 to 140 terms a chunk, as the
folded chunk texts are): for each size, the time to build from term ids, the size saved on disk, the time to
load (memory-mapped), the time of one query (3 to 6 terms: every row's score), and the largest score
difference between the two (the same formula). bm25s is the baseline; our index is kept only if it is faster
or smaller. Writes the "lexical" section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import itertools
import shutil
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import bm25s
import numpy as np

from bench.report import header, table, write_section
from retrieval import LexicalIndex, LivePostings, Postings

VOCABULARY = 40_000
SEED = 11
ROUNDS = 2


@dataclass
class Figures:
    build_s: float
    disk_mb: float
    load_s: float
    query_ms: tuple[float, float]  # p50, p95


def term_lists(chunks: int, rng: np.random.Generator) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Vocabulary, row offsets and flat term ids of `chunks` synthetic rows."""
    lengths = rng.integers(60, 141, size=chunks)
    offsets = np.zeros(chunks + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    ids = (rng.zipf(1.3, size=int(offsets[-1])) - 1) % VOCABULARY
    return [f"t{i}" for i in range(VOCABULARY)], offsets, ids.astype(np.int32)


def queries(count: int, rng: np.random.Generator) -> list[list[str]]:
    return [[f"t{int(t)}" for t in rng.integers(0, 2_000, size=rng.integers(3, 7))] for _ in range(count)]


def folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1_048_576


def timed_queries(score: object, asked: list[list[str]]) -> tuple[float, float]:
    times = []
    for terms in asked:
        started = time.perf_counter()
        score(terms)  # type: ignore[operator]
        times.append((time.perf_counter() - started) * 1000)
    return float(np.percentile(times, 50)), float(np.percentile(times, 95))


def measure_numpy(
    vocabulary: list[str], offsets: np.ndarray, ids: np.ndarray, folder: Path, asked: list[list[str]]
) -> tuple[Figures, LexicalIndex]:
    started = time.perf_counter()
    built = Postings.build(vocabulary, offsets, ids)
    build_s = time.perf_counter() - started
    folder.mkdir()
    built.save(folder)
    started = time.perf_counter()
    loaded = LexicalIndex([LivePostings(Postings.load(folder, vocabulary))], len(offsets) - 1)
    load_s = time.perf_counter() - started
    return Figures(build_s, folder_mb(folder), load_s, timed_queries(loaded.scores, asked)), loaded


def measure_bm25s(
    vocabulary: list[str], offsets: np.ndarray, ids: np.ndarray, folder: Path, asked: list[list[str]]
) -> tuple[Figures, bm25s.BM25]:
    started = time.perf_counter()
    rows = [ids[a:b].tolist() for a, b in itertools.pairwise(offsets)]  # what bm25s takes
    model = bm25s.BM25()
    model.index(
        bm25s.tokenization.Tokenized(ids=rows, vocab={t: i for i, t in enumerate(vocabulary)}), show_progress=False
    )
    build_s = time.perf_counter() - started
    del rows
    model.save(str(folder), show_progress=False)
    started = time.perf_counter()
    loaded = bm25s.BM25.load(str(folder), mmap=True, show_progress=False)
    load_s = time.perf_counter() - started
    return Figures(build_s, folder_mb(folder), load_s, timed_queries(loaded.get_scores, asked)), loaded


def measure(sizes: list[int], count: int) -> dict[int, tuple[Figures, Figures, float]]:
    """For each size: (numpy figures, bm25s figures, largest score difference); the best of `ROUNDS` runs,
    after a warm-up run at 1,000 chunks (imports, first-call compilation) that is not reported."""
    once(1_000, 10)
    return {chunks: best(once(chunks, count) for _ in range(ROUNDS)) for chunks in sizes}


def best(runs: Iterable[tuple[Figures, Figures, float]]) -> tuple[Figures, Figures, float]:
    done = list(runs)
    return _fastest([r[0] for r in done]), _fastest([r[1] for r in done]), max(r[2] for r in done)


def _fastest(figures: list[Figures]) -> Figures:
    return Figures(
        build_s=min(f.build_s for f in figures),
        disk_mb=figures[0].disk_mb,
        load_s=min(f.load_s for f in figures),
        query_ms=min((f.query_ms for f in figures), key=lambda q: q[0]),
    )


def once(chunks: int, count: int) -> tuple[Figures, Figures, float]:
    rng = np.random.default_rng(SEED)
    vocabulary, offsets, ids = term_lists(chunks, rng)
    asked = queries(count, rng)
    root = Path(tempfile.mkdtemp(prefix="bench-lexical-"))
    try:
        ours, ours_index = measure_numpy(vocabulary, offsets, ids, root / "numpy", asked)
        theirs, their_index = measure_bm25s(vocabulary, offsets, ids, root / "bm25s", asked)
        difference = max(float(np.abs(ours_index.scores(q) - their_index.get_scores(q)).max()) for q in asked[:20])
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return ours, theirs, difference


def report(results: dict[int, tuple[Figures, Figures, float]], count: int) -> str:
    rows: list[list[object]] = []
    for chunks, (ours, theirs, difference) in results.items():
        for name, figures in (("bm25s, saved and memory-mapped (baseline)", theirs), ("numpy postings (ours)", ours)):
            rows.append(
                [
                    f"{chunks:,}",
                    name,
                    f"{figures.build_s:.2f} s",
                    f"{figures.disk_mb:.1f} MB",
                    f"{figures.load_s * 1000:.0f} ms",
                    f"{figures.query_ms[0]:.2f} ms",
                    f"{figures.query_ms[1]:.2f} ms",
                    f"{difference:.1e}" if name.startswith("numpy") else "–",
                ]
            )
    return "\n".join(
        [
            header("BM25: numpy postings against bm25s's own index"),
            "Synthetic term lists (Zipf ids over a 40,000-term vocabulary, 60-140 terms a chunk). Build: from "
            "term ids (for bm25s including the Python lists of lists it takes); disk: the saved files; load: "
            f"memory-mapped; query: one question of 3-6 terms scoring every row, p50/p95 over {count} queries; "
            "score difference: the largest between the two on 20 queries (the same formula). Best of "
            f"{ROUNDS} runs after an unreported warm-up.\n",
            table(
                ["chunks", "index", "build", "disk", "load", "query p50", "query p95", "score difference"],
                rows,
            ),
            "",
            verdict(results),
        ]
    )


def verdict(results: dict[int, tuple[Figures, Figures, float]]) -> str:
    """Which index wins, size by size (ours is kept only if it is faster to build or smaller)."""
    parts = []
    for chunks, (ours, theirs, _) in results.items():
        parts.append(
            f"at {chunks:,} chunks the numpy postings build {theirs.build_s / ours.build_s:.1f}x faster, take "
            f"{ours.disk_mb / theirs.disk_mb * 100:.0f}% of bm25s's disk and answer a query in "
            f"{ours.query_ms[0]:.2f} ms against {theirs.query_ms[0]:.2f} ms (p50)"
        )
    return "Verdict: " + "; ".join(parts) + "."


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--chunks", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    results = measure(args.chunks, args.queries)
    markdown = report(results, args.queries)
    print(markdown)
    write_section("lexical", markdown)


if __name__ == "__main__":
    main()
