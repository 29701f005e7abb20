"""Embedding backends against each other: throughput, query latency and agreement with torch.

    python -m bench.embeddings [--chunks 200] [--queries 50] [--out FILE] [--publish]

The chunks are deterministic briefing-like texts of about 250 tokens (seeded sentences from a small Syria
vocabulary), under the model's 256-token limit so no backend truncates. Each backend is warmed up first;
the ONNX files come from the usual cache (exported on the first run, which the load column shows).
Query latency is timed in blocks of consecutive calls per backend, after a pause: single calls alternating
between backends measured the other backends' still-spinning worker threads, not the backend (on 2 cores:
onnx 10 ms instead of 3.6, torch 100 ms instead of 13).
--publish also writes the section to bench/results/embeddings.md and rebuilds BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bench.ceiling import REPEATS, ROWS, Ceiling, Shape, read_shape
from bench.ceiling import measure as measure_ceiling
from bench.report import header, table, write_section
from retrieval import (
    BATCH_SIZE,
    ONNX_BATCH_TOKENS,
    Embedder,
    ModelTokenizer,
    OnnxEmbedder,
    TorchEmbedder,
    read_max_tokens,
    resolve_model_path,
)

SEED = 20170620
TARGET_TOKENS = (235, 255)
PAUSE_S = 1.0  # before each timed pass or block of queries: the previous backend's spinning threads go idle
PLACES = ["Deir Ezzor", "Raqqa", "Al-Tanf", "Palmyra", "Mayadin", "Al-Bukamal", "Idlib", "Afrin", "Tabqa", "Hasakah"]
ACTORS = ["the SAA", "the SDF", "Hezbollah", "the Tiger Force", "Iranian-backed militias", "the US-led coalition"]
ACTORS += ["Russian advisers", "the PMU", "ISIS", "Turkish-backed rebels", "tribal leaders"]
MONTHS = ["January", "March", "May", "June", "August", "September", "November"]
TEMPLATES = [
    "{actor} advanced on {place} in {month}, cutting the road to {other}.",
    "Sources near {place} report that {actor} moved heavy weapons towards {other} overnight.",
    "The garrison at {place} was resupplied by air while {actor} held the approaches from {other}.",
    "Analysts expect {actor} to push along the Euphrates from {place} to {other} before winter.",
    "{actor} and {other_actor} agreed a local truce around {place} that few expect to last.",
    "Iran wants a land route from Tehran to Damascus through {place}, which {actor} is trying to block.",
    "Casualty figures from {place} in {month} could not be independently confirmed.",
    "Air strikes hit bridges near {place}, slowing {actor}'s crossing towards {other}.",
    "Control of the oil fields east of {place} would give {actor} leverage in any settlement.",
    "The briefing notes that {other_actor} withdrew from {place} after talks with {actor}.",
    "Local councils in {place} complained that {actor} requisitioned grain and fuel in {month}.",
    "A convoy from {other} reached {place} on the third attempt, escorted by {actor}.",
]
QUESTIONS = [
    "What does Iran want in Deir Ezzor?",
    "Who controls Al-Tanf?",
    "When was the siege of Deir ez-Zor broken?",
    "Why does the SAA want to reach the Iraqi border?",
    "What happened near Raqqa in June 2017?",
    "Which forces are advancing along the Euphrates?",
    "Did Hezbollah redeploy to the eastern desert?",
    "What was agreed at Astana about Idlib?",
    "Who holds the Tabqa dam?",
    "What are the US goals in eastern Syria?",
]


@dataclass(frozen=True)
class Options:
    chunks: int
    rounds: int
    queries: int
    out: Path | None
    publish: bool


@dataclass(frozen=True)
class Result:
    backend: str
    load_s: float
    chunks_per_s: float
    tokens_per_s: float
    query_p50_ms: float
    vectors: np.ndarray


def make_sentence(rng: random.Random) -> str:
    place, other = rng.sample(PLACES, 2)
    actor, other_actor = rng.sample(ACTORS, 2)
    text = rng.choice(TEMPLATES).format(
        place=place, other=other, actor=actor, other_actor=other_actor, month=rng.choice(MONTHS)
    )
    return text[0].upper() + text[1:]


def make_chunk(rng: random.Random, tokens: ModelTokenizer) -> str:
    """Sentences until the chunk holds TARGET_TOKENS[0]..TARGET_TOKENS[1] tokens (special tokens included)."""
    sentences: list[str] = []
    while tokens.count(" ".join(sentences)) < TARGET_TOKENS[0]:
        sentence = make_sentence(rng)
        if tokens.count(" ".join([*sentences, sentence])) <= TARGET_TOKENS[1]:
            sentences.append(sentence)
    return " ".join(sentences)


def make_chunks(count: int, tokens: ModelTokenizer) -> list[str]:
    rng = random.Random(SEED)
    return [make_chunk(rng, tokens) for _ in range(count)]


def warm_up(embedder: Embedder, chunks: list[str]) -> None:
    embedder.encode(chunks[:32])
    for question in QUESTIONS:
        embedder.encode([question])


def time_chunks(embedder: Embedder, chunks: list[str]) -> tuple[float, np.ndarray]:
    time.sleep(PAUSE_S)
    started = time.perf_counter()
    vectors = embedder.encode(chunks)
    return time.perf_counter() - started, vectors


def time_query(embedder: Embedder, question: str) -> float:
    started = time.perf_counter()
    embedder.encode([question])
    return (time.perf_counter() - started) * 1000


def best_rounds(
    loaded: dict[str, Embedder], chunks: list[str], rounds: int, shape: Shape
) -> tuple[dict[str, tuple[float, np.ndarray]], Ceiling]:
    """Seconds and vectors of each backend's fastest pass, and the best matmul ceiling measured after each
    round: backends and ceiling interleaved so noise hits them alike."""
    best: dict[str, tuple[float, np.ndarray]] = {}
    ceilings = []
    for round_number in range(1, rounds + 1):
        for name, embedder in loaded.items():
            seconds, vectors = time_chunks(embedder, chunks)
            print(f"round={round_number} backend={name} seconds={seconds:.2f}", file=sys.stderr)
            if name not in best or seconds < best[name][0]:
                best[name] = (seconds, vectors)
        time.sleep(PAUSE_S)
        ceilings.append(measure_ceiling(shape))
    return best, Ceiling(max(c.fp32_gmacs for c in ceilings), max(c.int8_gmacs for c in ceilings))


def query_p50(loaded: dict[str, Embedder], queries: int, rounds: int) -> dict[str, float]:
    """Median single-question latency: per round, each backend answers its share of the questions in one block."""
    latencies: dict[str, list[float]] = {name: [] for name in loaded}
    for round_number in range(rounds):
        for name, embedder in loaded.items():
            time.sleep(PAUSE_S)
            for i in range(round_number, queries, rounds):
                latencies[name].append(time_query(embedder, QUESTIONS[i % len(QUESTIONS)]))
    return {name: statistics.median(values) for name, values in latencies.items()}


def graph_ops(loaded: dict[str, Embedder]) -> str:
    """The op counts of each ONNX backend's cached graph: shows what the export fused and quantized."""
    import onnx

    lines = []
    for name, embedder in loaded.items():
        if isinstance(embedder, OnnxEmbedder):
            graph = onnx.load(str(embedder.path), load_external_data=False).graph
            counts = Counter(node.op_type for node in graph.node)
            lines.append(f"- {name}: " + ", ".join(f"{op} {count}" for op, count in sorted(counts.items())))
    return "ONNX graph ops as cached (onnxruntime adds its own fusions when it loads them):\n\n" + "\n".join(lines)


def measure(
    loaded: dict[str, Embedder], loads: dict[str, float], chunks: list[str], tokens: int, args: Options, shape: Shape
) -> tuple[list[Result], Ceiling]:
    for embedder in loaded.values():
        warm_up(embedder, chunks)
    best, ceiling = best_rounds(loaded, chunks, args.rounds, shape)
    p50 = query_p50(loaded, args.queries, args.rounds)
    results = [
        Result(name, loads[name], len(chunks) / best[name][0], tokens / best[name][0], p50[name], best[name][1])
        for name in loaded
    ]
    return results, ceiling


def load_backend(name: str, model_path: Path) -> tuple[Embedder, float]:
    started = time.perf_counter()
    embedder: Embedder = TorchEmbedder(model_path) if name == "torch" else OnnxEmbedder(model_path, name == "onnx-int8")
    return embedder, time.perf_counter() - started


TARGETS = {"onnx": 1.8, "onnx-int8": 2.5}  # issue #4: chunks/s against the torch path


@dataclass(frozen=True)
class Machine:
    """This CPU's matrix-product ceiling and the model's sizes, to read each speed-up against."""

    ceiling_rates: Ceiling
    shape: Shape
    mean_tokens: float

    def ceiling(self, backend: str) -> float:
        """Chunks/s if the backend's matrix products ran at the measured rate and nothing else took time."""
        return self.ceiling_rates.chunks_per_s(self.shape, self.mean_tokens, quantized=backend == "onnx-int8")

    def columns(self, result: Result, torch_chunks_per_s: float) -> list[str]:
        """The ceiling, the share of it reached, and the share the target would need."""
        ceiling = self.ceiling(result.backend)
        target = TARGETS.get(result.backend)
        needs = f"{target * torch_chunks_per_s / ceiling:.0%}" if target else "–"
        return [f"{target}x" if target else "–", f"{ceiling:.1f}", f"{result.chunks_per_s / ceiling:.0%}", needs]


def report(results: list[Result], counts: list[int], args: Options, machine: Machine) -> str:
    baseline = results[0]
    rows: list[list[object]] = []
    for result in results:
        cosines = (result.vectors * baseline.vectors).sum(axis=1)
        rows.append(
            [
                result.backend + (" (baseline)" if result is baseline else ""),
                f"{result.chunks_per_s:.1f}",
                f"{result.tokens_per_s:.0f}",
                f"{result.chunks_per_s / baseline.chunks_per_s:.2f}x",
                *machine.columns(result, baseline.chunks_per_s),
                f"{result.query_p50_ms:.1f}",
                f"{cosines.mean():.4f}",
                f"{cosines.min():.4f}",
                f"{result.load_s:.1f}",
            ]
        )
    headers = ["backend", "chunks/s", "tokens/s", "vs torch", "target", "matmul ceiling chunks/s", "reached"]
    headers += ["target needs", "query p50 ms", "mean cos", "min cos", "load s"]
    return (
        f"{len(counts)} chunks of {min(counts)}-{max(counts)} tokens (mean {statistics.mean(counts):.0f}) in "
        f"batches of {BATCH_SIZE} (torch) or of at most {ONNX_BATCH_TOKENS} padded tokens (ONNX): the best of "
        f"{args.rounds} interleaved rounds. "
        f"Query latency: the median of {args.queries} single-question calls per backend, in one block per backend "
        "and round. Cosine: to the torch vectors of the same chunks. Load: constructing the backend, including the "
        "ONNX export when the cache was empty.\n\n" + table(headers, rows) + "\n\n" + ceiling_note(machine)
    )


def ceiling_note(machine: Machine) -> str:
    c = machine.ceiling_rates
    return (
        "Matmul ceiling (`bench/ceiling.py`, measured after each round, the best kept): onnxruntime's own MatMul "
        f"runs {c.fp32_gmacs:.0f} billion multiply-adds a second here in fp32, and MatMulInteger (uint8 by int8) "
        f"{c.int8_gmacs:.0f}, on one layer's shapes, {ROWS} token rows at a time, {REPEATS} runs of each timed as "
        "one block. The ceiling divides the model's "
        f"multiply-adds per chunk of {machine.mean_tokens:.0f} tokens by those rates (fp32 for torch and onnx; "
        "for onnx-int8 the attention scores stay fp32), leaving out everything else the graph does, so no "
        'backend reaches 100%. "Target needs": the share of its ceiling a backend would have to reach to run '
        "at its target ratio to torch in this run. Above 100% no faster kernel can meet it on this CPU; only "
        "fewer multiply-adds (a smaller model, shorter chunks) or a CPU with VNNI or AVX-512 int8 would."
    )


def parse_args() -> Options:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chunks", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3, help="timed passes over the chunks; the best counts")
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument("--out", type=Path, help="also write the table to this file")
    parser.add_argument("--publish", action="store_true", help="also write bench/results/embeddings.md")
    namespace = parser.parse_args()
    return Options(namespace.chunks, namespace.rounds, namespace.queries, namespace.out, namespace.publish)


def main() -> None:
    args = parse_args()
    model_path = resolve_model_path("")
    tokenizer = ModelTokenizer(model_path, read_max_tokens(model_path))
    chunks = make_chunks(args.chunks, tokenizer)
    counts = [tokenizer.count(chunk) for chunk in chunks]
    loaded, loads = {}, {}
    for name in ("torch", "onnx", "onnx-int8"):
        loaded[name], loads[name] = load_backend(name, model_path)
    shape = read_shape(model_path)
    tokens = sum(min(c, tokenizer.max_tokens) for c in counts)
    results, ceiling = measure(loaded, loads, chunks, tokens, args, shape)
    machine = Machine(ceiling, shape, statistics.mean(counts))
    body = report(results, counts, args, machine) + "\n\n" + graph_ops(loaded)
    markdown = header("Embeddings: torch against ONNX backends") + "\n" + body + "\n"
    print(markdown)
    if args.out:
        args.out.write_text(markdown, encoding="utf-8")
    if args.publish:
        write_section("embeddings", markdown)


if __name__ == "__main__":
    main()
