"""How much resident memory embedded Chroma's own vector index takes, alone, at each corpus size.

Random unit vectors of the model's dimension go into a Chroma collection on disk with the project's HNSW
settings (`retrieval.index.store.HNSW`), in batches, with a chunk's text and a metadata blob of the size the
indexer writes (its sentence vectors); nothing else of the project is loaded. The figure is the process's
resident high-water mark (VmHWM) before and after, each size in a process of its own: what the embedded
store adds to any process that builds or serves an index of that size.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from bench.report import header, table, write_section
from retrieval import HNSW

DIMENSION = 384
BATCH = 500
METADATA_BYTES = 7_000  # a chunk's sentence vectors, float16 and base64 (about nine sentences)


def peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def fill(size: int, folder: Path) -> dict[str, float]:
    import base64

    import chromadb
    from chromadb.config import Settings as ChromaSettings

    client = chromadb.PersistentClient(path=str(folder), settings=ChromaSettings(anonymized_telemetry=False))
    configuration: Any = {"hnsw": HNSW}
    collection = client.create_collection("memory", configuration=configuration, embedding_function=None)
    before = peak_mb()
    rng = np.random.default_rng(0)
    started = time.perf_counter()
    for lo in range(0, size, BATCH):
        vectors = rng.standard_normal((BATCH, DIMENSION)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        blob = base64.b64encode(rng.bytes(METADATA_BYTES)).decode("ascii")
        collection.upsert(
            ids=[f"c{lo + i}" for i in range(BATCH)],
            embeddings=vectors,
            documents=["word " * 200] * BATCH,
            metadatas=[{"doc": f"d{(lo + i) // 4}", "sentences": blob} for i in range(BATCH)],
        )
    return {"size": size, "before_mb": before, "after_mb": peak_mb(), "seconds": time.perf_counter() - started}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        with tempfile.TemporaryDirectory() as folder:
            print(json.dumps(fill(args.one, Path(folder))))
        return
    rows = []
    for size in args.sizes:
        run = subprocess.run(
            [sys.executable, "-m", "bench.store_memory", "--one", str(size)], capture_output=True, text=True, check=True
        )
        rows.append(json.loads(run.stdout.strip().splitlines()[-1]))
    write(rows)


def write(rows: list[dict[str, float]]) -> None:
    body = table(
        ["vectors", "process before MB", "process after MB", "added by Chroma MB", "per vector KB", "insert s"],
        [
            [
                f"{int(r['size']):,}",
                f"{r['before_mb']:.0f}",
                f"{r['after_mb']:.0f}",
                f"{r['after_mb'] - r['before_mb']:.0f}",
                f"{(r['after_mb'] - r['before_mb']) * 1024 / r['size']:.2f}",
                f"{r['seconds']:.0f}",
            ]
            for r in rows
        ],
    )
    note = (
        "Embedded Chroma keeps its HNSW index (every vector and its links) in the memory of the process that "
        f"opens the collection. HNSW settings: {HNSW}. A float32 vector alone is {DIMENSION * 4 / 1024:.1f} KB."
    )
    markdown = "\n\n".join([header("Store memory: embedded Chroma's vector index alone"), note, body])
    print(markdown)
    print(f"\nwritten to {write_section('store-memory', markdown)}")


if __name__ == "__main__":
    main()
