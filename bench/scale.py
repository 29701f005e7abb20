"""Scale: full index, re-index of one changed document, ask latency (with and without filters), HNSW recall,
start-up to first answer and memory, on synthetic corpora of growing size.

    python -m bench.scale [--sizes 1000 10000 100000] [--backend onnx-int8]

Each size runs in its own process (so peak memory is that size's). Baselines from the same run: exact
(brute-force numpy) search for recall, a full build for the incremental re-index.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from bench.report import header, table, write_section
from bench.synthetic import ACTORS, AIMS, PLACES, generate
from retrieval.core import BriefingCore
from retrieval.logs import configure_logging
from retrieval.settings import Settings

RESULTS_FILE = Path(__file__).resolve().parent / "results" / "scale.json"
QUESTIONS = [f"what does {a} want in {p}?" for a in ACTORS[:8] for p in PLACES[:5]] + [
    f"who wants to {aim}?" for aim in AIMS
]


def measure(size: int, backend: str, root: Path) -> dict[str, float]:
    corpus = root / "corpus"
    documents = generate(corpus, size)
    settings = Settings.from_mapping({}, root).with_overrides(
        embedding_backend=backend, aliases_file=Path(__file__).resolve().parent.parent / "corpus" / "_aliases.txt"
    )
    core = BriefingCore(settings)
    core.embedder.encode(["warm up"])
    started = time.perf_counter()
    report = core.reindex(full=True)
    full_s = time.perf_counter() - started
    peak_index_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result: dict[str, float] = {
        "documents": documents,
        "chunks": report.chunks_total,
        "full_index_s": full_s,
        "index_peak_mb": peak_index_mb,
    }
    result.update(latencies(core))
    result["recall@10"] = recall_at_10(core)
    result.update(incremental(core, corpus, full_s))
    result.update(startup(root, backend))
    return result


def latencies(core: BriefingCore) -> dict[str, float]:
    catalog = core.snapshot().catalog
    some_doc = sorted(catalog.documents)[len(catalog.documents) // 2]
    out = {}
    filters: list[tuple[str, str | None, str | None]] = [
        ("ask", None, None),
        ("ask_since", None, "2017-09"),
        ("ask_document", some_doc, None),
    ]
    for label, document, since in filters:
        core.ask(QUESTIONS[0], document=document, since=since)
        times = []
        for question in QUESTIONS:
            started = time.perf_counter()
            core.ask(question, document=document, since=since)
            times.append((time.perf_counter() - started) * 1000)
        out[f"{label}_p50_ms"] = float(np.percentile(times, 50))
        out[f"{label}_p95_ms"] = float(np.percentile(times, 95))
    return out


def recall_at_10(core: BriefingCore) -> float:
    """Chroma's HNSW top 10 against exact search over every stored chunk vector."""
    snap = core.snapshot()
    ids = [c.chunk_id for c in snap.catalog.chunks]
    vectors = snap.index.chunk_vectors(ids)
    matrix = np.stack([vectors[i] for i in ids])
    queries = core.embedder.encode(QUESTIONS)
    found = 0
    for query in queries:
        exact = {ids[i] for i in np.argsort(-(matrix @ query))[:10]}
        found += len(exact & {cid for cid, _ in snap.index.query(query, 10)})
    return found / (10 * len(queries))


def incremental(core: BriefingCore, corpus: Path, full_s: float) -> dict[str, float]:
    victim = sorted(corpus.iterdir())[random.Random(3).randrange(len(list(corpus.iterdir())))]
    victim.write_text(victim.read_text() + "\nA correction was issued for this report.\n")
    started = time.perf_counter()
    report = core.reindex()
    seconds = time.perf_counter() - started
    assert report.changed == [victim.name], report.changed
    return {"one_changed_s": seconds, "one_changed_share": seconds / full_s}


def startup(root: Path, backend: str) -> dict[str, float]:
    """Wall time from process start to the first printed answer, and that process's peak memory."""
    env_file = root / ".env"
    env_file.write_text(
        f"EMBEDDING_BACKEND={backend}\nALIASES_FILE={Path(__file__).resolve().parent.parent}/corpus/_aliases.txt\n"
    )
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "retrieval", "ask", QUESTIONS[1]], cwd=root, check=True, capture_output=True, text=True
    )
    seconds = time.perf_counter() - started
    return {
        "startup_to_answer_s": seconds,
        "serving_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--backend", default="onnx-int8")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    configure_logging("WARNING")
    if args.one:
        with tempfile.TemporaryDirectory() as tmp:
            print(json.dumps(measure(args.one, args.backend, Path(tmp))))
        return
    stored = RESULTS_FILE.read_text() if RESULTS_FILE.is_file() else "{}"
    results: dict[str, dict[str, float]] = json.loads(stored)  # earlier runs' sizes are kept
    for size in args.sizes:
        run = subprocess.run(
            [sys.executable, "-m", "bench.scale", "--one", str(size), "--backend", args.backend],
            capture_output=True,
            text=True,
            check=False,
        )
        if run.returncode != 0:
            raise SystemExit(f"size {size} failed (exit {run.returncode}):\n{run.stderr[-4000:]}")
        results[str(size)] = json.loads(run.stdout.strip().splitlines()[-1])
        results[str(size)]["measured"] = time.time()
        print(results[str(size)], flush=True)
        RESULTS_FILE.write_text(json.dumps(results, indent=1))
    rows = []
    for size, r in sorted(results.items(), key=lambda item: int(item[0])):
        rows.append(
            [
                size,
                int(r["chunks"]),
                f"{r['full_index_s']:.0f}",
                f"{r['index_peak_mb']:.0f}",
                f"{r['ask_p50_ms']:.1f} / {r['ask_p95_ms']:.1f}",
                f"{r['ask_since_p50_ms']:.1f} / {r['ask_since_p95_ms']:.1f}",
                f"{r['ask_document_p50_ms']:.1f} / {r['ask_document_p95_ms']:.1f}",
                f"{r['recall@10']:.3f}",
                f"{r['one_changed_s']:.1f} ({r['one_changed_share'] * 100:.1f}%)",
                f"{r['startup_to_answer_s']:.1f}",
                f"{r['serving_peak_mb']:.0f}",
            ]
        )
    markdown = "\n\n".join(
        [
            header(f"Scale: synthetic corpora, backend {args.backend}"),
            "Rows measured by earlier runs are kept (bench/results/scale.json); each row's figures come from one run.",
            table(
                [
                    "target chunks",
                    "chunks",
                    "full index s",
                    "index peak MB",
                    "ask p50/p95 ms",
                    "since-filter p50/p95 ms",
                    "document-filter p50/p95 ms",
                    "HNSW recall@10 vs exact",
                    "1 changed doc s (share of full)",
                    "start to first answer s",
                    "serving peak MB",
                ],
                rows,
            ),
        ]
    )
    print(markdown)
    print(f"\nwritten to {write_section('scale', markdown)}")


if __name__ == "__main__":
    main()
