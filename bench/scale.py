"""Scale: full index, re-index of one changed document, ask latency (with and without filters), HNSW recall,
start-up to first answer and memory while serving, on synthetic corpora of growing size.

    python -m bench.scale [--sizes 1000 4300 10000 100000] [--backend onnx-int8] [--keep DIR]
    python -m bench.scale --again DIR/SIZE     # time ask, changed documents, start-up and serving memory again

Each size runs in its own process (so peak memory is that size's), and writes its figures as it goes to
bench/results/scale-partial-SIZE.json (a size that fails late keeps what it measured). Baselines from the
same run: exact (brute-force numpy) search for recall, Chroma's own `where` filter for the filtered
searches, a full build for the incremental re-index. 4,300 chunks is 1,000 documents: the issue's "one
changed document of 1,000".
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
from contextlib import nullcontext
from pathlib import Path
from typing import Any

import numpy as np

from bench import charts
from bench.chroma_server import ChromaServer, chroma_server
from bench.report import header, table, write_section
from bench.synthetic import ACTORS, AIMS, PLACES, generate
from retrieval import BriefingCore, Progress, Settings, configure_logging, date_key, use_one_arena

RESULTS_DIR = Path(__file__).resolve().parent / "results"
RESULTS_FILE = RESULTS_DIR / "scale.json"
ALIASES = Path(__file__).resolve().parent.parent / "corpus" / "_aliases.txt"
QUESTIONS = [f"what does {a} want in {p}?" for a in ACTORS[:8] for p in PLACES[:5]] + [
    f"who wants to {aim}?" for aim in AIMS
]
SINCE = "2017-09"
LAYOUT = "segments, collections of 25,000"  # how this code stores an index (earlier layouts' rows are kept)
SERVER_LAYOUT = "segments, Chroma server"  # the store in a `chroma run` server of its own (one collection)


class Partial:
    """The figures of one size, saved after each step."""

    def __init__(self, size: int) -> None:
        self.path = RESULTS_DIR / f"scale-partial-{size}.json"
        self.figures: dict[str, float] = {}

    def update(self, figures: dict[str, float]) -> None:
        self.figures.update(figures)
        self.path.write_text(json.dumps(self.figures, indent=1))
        print(json.dumps(figures), file=sys.stderr, flush=True)


class ProgressLog:
    """The build's progress on stderr, at most once a minute."""

    def __init__(self) -> None:
        self._last = 0.0

    def __call__(self, progress: Progress) -> None:
        if time.monotonic() - self._last >= 60:
            self._last = time.monotonic()
            print(f"indexing {progress.chunks_done}/{progress.chunks_total} chunks", file=sys.stderr, flush=True)


def measure(size: int, backend: str, root: Path, server: ChromaServer | None = None) -> dict[str, float]:
    partial = Partial(size)
    corpus = root / "corpus"
    documents = generate(corpus, size)
    store = f"127.0.0.1:{server.port}" if server else None
    core = BriefingCore(settings_for(root, backend, store))
    core.embedder.encode(["warm up"])
    started = time.perf_counter()
    report = core.reindex(full=True, progress=ProgressLog())
    full_s = time.perf_counter() - started
    partial.update(
        {
            "documents": documents,
            "chunks": report.chunks_total,
            "full_index_s": full_s,
            "index_peak_mb": own_peak_mb(),
        }
        | ({"store_server_peak_mb": server.peak_mb()} if server else {})
    )
    partial.update(latencies(core))
    partial.update(where_baseline(core))
    partial.update({"recall@10": recall_at_10(core)})
    partial.update(incremental(core, corpus, full_s))
    partial.update(with_deltas(core))
    partial.update(startup(root, backend, store))
    partial.update(serving(root, backend, store))
    return partial.figures


def measure_in(size: int, backend: str, root: Path, server: bool) -> dict[str, float]:
    """`measure`, with the store in a `chroma run` server of its own when `server`."""
    if not server:
        return measure(size, backend, root)
    with chroma_server(root / "chroma") as running:
        return measure(size, backend, root, running)


def settings_for(root: Path, backend: str, store: str | None = None) -> Settings:
    """The benchmark's settings; `store` "host:port": a Chroma server instead of the embedded store."""
    settings = Settings.from_mapping({}, root).with_overrides(embedding_backend=backend, aliases_file=ALIASES)
    if store:
        host, port = store.split(":")
        settings = settings.with_overrides(chroma_host=host, chroma_port=int(port))
    return settings


def latencies(core: BriefingCore) -> dict[str, float]:
    catalog = core.snapshot().catalog
    some_doc = sorted(catalog.documents)[len(catalog.documents) // 2]
    out = {}
    filters: list[tuple[str, str | None, str | None]] = [
        ("ask", None, None),
        ("ask_since", None, SINCE),
        ("ask_document", some_doc, None),
    ]
    for label, document, since in filters:
        core.ask(QUESTIONS[0], document=document, since=since)
        times = []
        for question in QUESTIONS * 2:
            started = time.perf_counter()
            core.ask(question, document=document, since=since)
            times.append((time.perf_counter() - started) * 1000)
        out[f"{label}_p50_ms"] = float(np.percentile(times, 50))
        out[f"{label}_p95_ms"] = float(np.percentile(times, 95))
    return out


def where_baseline(core: BriefingCore) -> dict[str, float]:
    """Chroma's `where` filter for the same since-date, 40 neighbours: what the filters avoid."""
    collections = core.snapshot().index.shards  # the raw collections, for the baseline only
    vectors = core.embedder.encode(QUESTIONS)
    where = {"date_key": {"$gte": date_key(SINCE)}}
    for collection in collections:
        collection.query(query_embeddings=[vectors[0]], n_results=40, where=where)
    times = []
    for vector in vectors:
        started = time.perf_counter()
        for collection in collections:
            collection.query(query_embeddings=[vector], n_results=40, where=where, include=["distances"])
        times.append((time.perf_counter() - started) * 1000)
    return {"where_p50_ms": float(np.percentile(times, 50)), "where_p95_ms": float(np.percentile(times, 95))}


def recall_at_10(core: BriefingCore) -> float:
    """Chroma's HNSW top 10 against exact search over every chunk vector."""
    snap = core.snapshot()
    ids = snap.catalog.table.chunk_ids
    matrix = np.asarray(snap.catalog.table.chunk_vectors)
    queries = core.embedder.encode(QUESTIONS)
    found = 0
    for query in queries:
        exact = {ids[i] for i in np.argsort(-(matrix @ query))[:10]}
        found += len(exact & {cid for cid, _ in snap.index.query(query, 10)})
    return found / (10 * len(queries))


def incremental(core: BriefingCore, corpus: Path, full_s: float) -> dict[str, float]:
    """One changed document, then ten, each re-indexed end to end (plan, embed, store, delta, switch)."""
    files = sorted(corpus.iterdir())
    pick = random.Random(3)
    out: dict[str, float] = {}
    for label, count in (("one", 1), ("ten", 10)):
        victims = pick.sample(files, count)
        for victim in victims:
            victim.write_text(victim.read_text() + "\nA correction was issued for this report.\n")
        started = time.perf_counter()
        report = core.reindex()
        seconds = time.perf_counter() - started
        assert sorted(report.changed) == sorted(v.name for v in victims), report.changed
        core.wait_for_compaction()
        out |= {f"{label}_changed_s": seconds, f"{label}_changed_share": seconds / full_s}
    return out


def with_deltas(core: BriefingCore) -> dict[str, float]:
    """Ask latency while the deltas are live (before a merge), and the merge's time."""
    parts = len(core.snapshot().catalog.parts)
    figures = {f"delta_{k}": v for k, v in latencies(core).items() if k.startswith("ask_p")}
    merger = BriefingCore(core.settings.with_overrides(merge_deltas_at=1e-9), embedder=core.embedder)
    started = time.perf_counter()
    merged = merger.compact()
    return figures | {"segments_before_merge": parts, "merge_s": time.perf_counter() - started if merged else 0.0}


def startup(root: Path, backend: str, store: str | None = None) -> dict[str, float]:
    """Wall time from starting `python -m retrieval ask` to its printed answer."""
    server = "CHROMA_HOST={}\nCHROMA_PORT={}\n".format(*store.split(":")) if store else ""
    (root / ".env").write_text(f"EMBEDDING_BACKEND={backend}\nALIASES_FILE={ALIASES}\n{server}")
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "retrieval", "ask", QUESTIONS[1]], cwd=root, check=True, capture_output=True, text=True
    )
    return {"startup_to_answer_s": time.perf_counter() - started}


def serving(root: Path, backend: str, store: str | None = None) -> dict[str, float]:
    """Peak resident memory of a process that opens the index and answers every question, filtered or not."""
    through = ["--store", store] if store else []
    run = subprocess.run(
        [sys.executable, "-m", "bench.scale", "--serve", str(root), "--backend", backend, *through],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(run.stdout.strip().splitlines()[-1])


def serve(root: Path, backend: str, store: str | None) -> None:
    core = BriefingCore(settings_for(root, backend, store))
    catalog = core.snapshot().catalog
    documents = sorted(catalog.documents)
    for n, question in enumerate(QUESTIONS * 3):
        core.ask(
            question,
            document=documents[n * 7919 % len(documents)] if n % 3 == 1 else None,
            since=SINCE if n % 3 == 2 else None,
        )
    print(json.dumps({"serving_peak_mb": own_peak_mb()}))


def own_peak_mb() -> float:
    """This process's resident high-water mark (VmHWM). Not getrusage's ru_maxrss: Linux carries that across
    exec, so a process started by a large one reports its parent's size (the first 100k run read 5.7 GB so)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 4300, 10000, 100000], help="none: re-render")
    parser.add_argument("--backend", default="onnx-int8")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--serve", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--keep", type=Path, help="build each size's index under this folder and keep it")
    parser.add_argument("--again", type=Path, help="a kept size's folder: time it again (changes its corpus)")
    parser.add_argument("--record", action="store_true", help="with --again: put the figures in the size's row")
    parser.add_argument(
        "--chroma-server", action="store_true", help="store in a `chroma run` server of its own (rows apart)"
    )
    parser.add_argument("--store", help=argparse.SUPPRESS)
    args = parser.parse_args()
    configure_logging("WARNING")
    if args.serve:
        serve(args.serve, args.backend, args.store)
        return
    if args.again:
        rows: dict[str, dict[str, Any]] = json.loads(RESULTS_FILE.read_text()) if RESULTS_FILE.is_file() else {}
        full_s = float(rows.get(f"{LAYOUT}-{args.again.name}", {}).get("full_index_s", "nan"))
        again = retime(args.again, args.backend, full_s)
        print(json.dumps(again, indent=1))
        if args.record:  # the kept size's row takes these figures (a quieter machine than its first run)
            rows[f"{LAYOUT}-{args.again.name}"] |= again | {"retimed": time.time()}
            RESULTS_FILE.write_text(json.dumps(rows, indent=1))
            render(rows, args.backend)
        return
    if args.one:
        use_one_arena()  # as `python -m retrieval index` does, before the model's and the store's threads
        kept = nullcontext(str(args.keep / str(args.one))) if args.keep else None
        with kept or tempfile.TemporaryDirectory() as root:
            print(json.dumps(measure_in(args.one, args.backend, Path(root), args.chroma_server)))
        return
    stored = RESULTS_FILE.read_text() if RESULTS_FILE.is_file() else "{}"
    results: dict[str, dict[str, Any]] = json.loads(stored)  # earlier runs' sizes are kept
    layout = SERVER_LAYOUT if args.chroma_server else LAYOUT
    for size in args.sizes:
        results[f"{layout}-{size}"] = run_size(size, args.backend, args.keep, layout)
        RESULTS_FILE.write_text(json.dumps(results, indent=1))
    render(results, args.backend)


def retime(root: Path, backend: str, full_s: float) -> dict[str, float]:
    """A kept index timed again: ask, changed documents (each changed one gets a line appended), ask with
    their deltas and the merge, start-up and serving memory. `full_s`: the recorded full build, for shares.
    The kept index is merged first, and the changes' deltas are left for `with_deltas` to time."""
    BriefingCore(settings_for(root, backend).with_overrides(merge_deltas_at=1e-9)).compact()
    core = BriefingCore(settings_for(root, backend).with_overrides(merge_deltas_at=1e9))
    core.embedder.encode(["warm up"])
    figures = latencies(core) | incremental(core, root / "corpus", full_s) | with_deltas(core)
    return figures | startup(root, backend) | serving(root, backend)


def render(results: dict[str, dict[str, Any]], backend: str) -> None:
    current = {k: r for k, r in results.items() if r.get("layout") == LAYOUT} or results
    chart = charts.save(
        charts.latency_by_size_figure(current, "Ask latency against corpus size"),
        "scale-latency",
        "Ask latency against corpus size, with the Chroma where baseline",
    )
    markdown = "\n\n".join([header(f"Scale: synthetic corpora, backend {backend}"), NOTE, report(results), chart])
    print(markdown)
    print(f"\nwritten to {write_section('scale', markdown)}")


def run_size(size: int, backend: str, keep: Path | None, layout: str = LAYOUT) -> dict[str, Any]:
    """One size in its own process; its progress lines pass through to our stderr."""
    kept = ["--keep", str(keep.resolve())] if keep else []
    server = ["--chroma-server"] if layout == SERVER_LAYOUT else []
    run = subprocess.run(
        [sys.executable, "-m", "bench.scale", "--one", str(size), "--backend", backend, *kept, *server],
        stdout=subprocess.PIPE,
        text=True,
        check=False,
    )
    if run.returncode != 0:
        raise SystemExit(f"size {size} failed (exit {run.returncode}); its stderr is above")
    figures: dict[str, Any] = json.loads(run.stdout.strip().splitlines()[-1])
    return figures | {"measured": time.time(), "layout": layout}


NOTE = (
    "Rows measured by earlier runs are kept (bench/results/scale.json); each row's figures come from one run, "
    "except a row re-timed on its kept index (`--again DIR/SIZE --record`, marked *re-timed*): its full index "
    "time, index peak, where baseline and recall are its build's, the rest the re-run's. "
    "Layout `snapshot` rows are the same machine's figures from before issue 17 (each revision rewrote the "
    "whole snapshot, sentences had their own Chroma collection, the corpus was read whole); `segments` rows "
    "are the streamed build with delta segments, tombstones and background merges, all chunks in one Chroma "
    "collection; `segments, collections of 25,000` rows are today's: the same, with the embedded store's "
    "chunks in collections of at most `SHARD_CHUNKS` (25,000), each let go of when full by a build that "
    "serves nothing, in a process that allocates from one arena (`python -m retrieval index` does the same), "
    "and every collection searched per question; `segments, Chroma server` rows are the store in a `chroma "
    "run` server of its own on loopback (`--chroma-server`, one collection): its own peak is the last column, "
    "apart from the index peak. Baselines in the same run: Chroma's `where` filter for the since-date, over "
    "every collection (what the filters avoid), exact search for the HNSW recall, the full build for the "
    "changed documents. Changed documents: re-indexed end to end (scan, embed, "
    "store, delta, switch). Ask with deltas: after the changes, before the merge. Index peak: the resident "
    "high-water mark (VmHWM) of the process that built the index. Start to first answer: "
    "`python -m retrieval ask` as a new process. Serving peak: the high-water mark of a process that opens "
    f"the index and answers {len(QUESTIONS) * 3} questions (a third with a document filter, a third with a "
    "date filter)."
)


def report(results: dict[str, dict[str, Any]]) -> str:
    rows = []
    ordered = sorted(results.values(), key=lambda r: (int(r["chunks"]), str(r.get("layout", "snapshot"))))
    for r in ordered:
        if "where_p50_ms" not in r:
            continue  # measured before the snapshot files: not comparable
        rows.append(
            [
                f"{int(r['chunks']):,} ({int(r['documents']):,} docs)",
                str(r.get("layout", "snapshot")) + (", *re-timed*" if "retimed" in r else ""),
                f"{r['full_index_s']:.0f}",
                f"{r['index_peak_mb']:.0f}",
                f"{r['ask_p50_ms']:.1f} / {r['ask_p95_ms']:.1f}",
                f"{r['ask_since_p50_ms']:.1f} / {r['ask_since_p95_ms']:.1f}",
                f"{r['where_p50_ms']:.1f} / {r['where_p95_ms']:.1f}",
                f"{r['ask_document_p50_ms']:.1f} / {r['ask_document_p95_ms']:.1f}",
                f"{r['recall@10']:.3f}",
                f"{r['one_changed_s']:.1f} ({r['one_changed_share'] * 100:.2f}%)",
                _optional(r, "ten_changed_s", "{:.1f}"),
                _optional(r, "delta_ask_p50_ms", "{:.1f}"),
                _optional(r, "merge_s", "{:.1f}"),
                f"{r['startup_to_answer_s']:.1f}",
                _optional(r, "serving_peak_mb", "{:.0f}"),
                _optional(r, "store_server_peak_mb", "{:.0f}"),
            ]
        )
    headers = [
        "chunks",
        "layout",
        "full index s",
        "index peak MB",
        "ask p50/p95 ms",
        "ask since-date p50/p95 ms",
        "baseline: Chroma where, search only, p50/p95 ms",
        "ask in one document p50/p95 ms",
        "HNSW recall@10 vs exact",
        "1 changed doc s (share of full)",
        "10 changed docs s",
        "ask p50 with deltas ms",
        "merge s",
        "start to first answer s",
        "serving peak MB",
        "Chroma server peak MB",
    ]
    return table(headers, rows)


def _optional(row: dict[str, Any], key: str, form: str) -> str:
    return form.format(row[key]) if key in row else "not measured"


if __name__ == "__main__":
    main()
