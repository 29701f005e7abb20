"""Scoped asks against unscoped ones on synthetic corpora: the cost of "who may read what" (issue 14).

    python -m bench.scopes [--sizes 10000] [--backend onnx-int8] [--keep DIR] [--rounds 3]
    python -m bench.scopes --reuse DIR/100000     # on an index kept by `python -m bench.scale --keep DIR`

The synthetic corpus (bench/synthetic.py) is laid out like a team's: every tenth document in the sub-folder
`a/` (set "a": a tenth of the corpus), every hundredth with a sidecar giving it an audience (role
"analysts": a hundredth of the corpus), and a `_scopes.toml` mapping server 1 to both sets and its channel
11 to set "a" only. Each question is asked once per scope in turn, round after round (interleaved, so the
shared machine's load falls on all alike; the scope asked first rotates, as the first ask of a question warms
the memory-mapped pages for the next ones); the baseline is the unscoped ask of the same run. A scope's first
ask (resolving its documents and gathering its rows' vectors) is timed apart. The answers of a reader who
may read everything, and of a member without the role whose unscoped answer cites nothing hidden from them,
are checked to be the same as unscoped.

`--reuse ROOT` measures on an index another run kept (`python -m bench.scale --sizes 100000 --keep DIR` leaves
ROOT = DIR/100000 with `corpus/`, `.env` and `data/`) without building or re-indexing anything, and without
writing into ROOT. Sets and audiences are document metadata that the indexer records in the catalog (the set
from a document's folder, the audience from its sidecar); putting files into `a/` and writing sidecars would
change a tenth of the document ids and re-embed them (about 10,000 chunks at 100,000: a long rebuild on this
machine), and would change the kept corpus that bench.scale's own figures describe. So the option gives the
same documents the same labels in memory instead: after the kept index is opened, every tenth document (in
name order) is put in set "a" and every hundredth (the sixth of each hundred) given the audience "analysts",
exactly the documents `lay_out` would move or give a sidecar, in the catalog the scopes are resolved from
(search/scopes.py). The policy is read from a `_scopes.toml` in a temporary folder given as CORPUS_DIR (asks
read nothing else from the corpus). The search then sees the row masks a re-indexed copy would give; one
difference: there the rows of set "a" would be contiguous (one sub-folder), here they are every tenth
document's, interleaved. A scope's rows are gathered once into one contiguous array on its first exact search
(search/hybrid.py RowSet), so only the "first ask" column should feel it. The kept index must have been built
with the same --backend (onnx-int8 by default in both benchmarks).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from contextlib import nullcontext
from dataclasses import replace
from pathlib import Path

import numpy as np

from bench.report import header, table, write_section
from bench.scale import QUESTIONS, ProgressLog, settings_for
from bench.synthetic import generate
from retrieval import Answer, BriefingCore, Scope, configure_logging

RESULTS_FILE = Path(__file__).resolve().parent / "results" / "scopes.json"
SERVER, CHANNEL_A, ROLE = 1, 11, "analysts"
SCOPES: dict[str, Scope | None] = {
    "unscoped (baseline)": None,
    "member who may read everything": Scope.member(SERVER, None, (), [ROLE]),
    "channel of set a (a tenth)": Scope.member(SERVER, CHANNEL_A, (), [ROLE]),
    "member without the role (a hundredth hidden)": Scope.member(SERVER, None),
    "channel of set a, without the role": Scope.member(SERVER, CHANNEL_A),
}
POLICY = f"""[servers.{SERVER}]
sets = ["default", "a"]
[servers.{SERVER}.channels]
{CHANNEL_A} = ["a"]
"""


def lay_out(corpus: Path, size: int) -> int:
    """The synthetic corpus with a set of a tenth and an audience of a hundredth (a kept one is reused)."""
    if (corpus / "_scopes.toml").is_file():
        return sum(1 for p in corpus.rglob("*.txt"))
    documents = generate(corpus, size)
    (corpus / "a").mkdir(exist_ok=True)
    for number, path in enumerate(sorted(p for p in corpus.glob("*.txt"))):
        if number % 10 == 0:
            path = path.rename(corpus / "a" / path.name)
        if number % 100 == 5:
            path.with_name(path.name + ".meta.json").write_text(json.dumps({"audience": [ROLE]}))
    (corpus / "_scopes.toml").write_text(POLICY)
    return documents


def measure(size: int, backend: str, root: Path, rounds: int) -> dict[str, object]:
    documents = lay_out(root / "corpus", size)
    core = BriefingCore(settings_for(root, backend))
    report = core.reindex(progress=ProgressLog())
    return {"documents": documents, "chunks": report.chunks_total} | timed(core, rounds)


def measure_kept(root: Path, backend: str, rounds: int) -> dict[str, object]:
    """On an index kept by bench.scale, the sets and audience laid on in memory (see the module's doc)."""
    if not (root / "data").is_dir():
        raise SystemExit(f"{root} holds no kept index (no data/ folder): see bench/scale.py --keep")
    with tempfile.TemporaryDirectory() as policy:
        (Path(policy) / "_scopes.toml").write_text(POLICY)
        core = BriefingCore(settings_for(root, backend).with_overrides(corpus_dir=Path(policy)))
        documents = relabel(core)
        figures = timed(core, rounds)
    return {"documents": documents, "chunks": len(core.snapshot().catalog), "reused": str(root)} | figures


def relabel(core: BriefingCore) -> int:
    """What `lay_out` does to the files, done to the live catalog's records: set "a" for every tenth document
    in name order, the audience for the sixth of each hundred. Before any scoped ask (scopes are cached)."""
    documents = core.snapshot().catalog.documents
    for number, doc_id in enumerate(sorted(documents)):
        if number % 10 == 0:
            documents[doc_id] = replace(documents[doc_id], doc_set="a")
        elif number % 100 == 5:
            documents[doc_id] = replace(documents[doc_id], audience=(ROLE,))
    return len(documents)


def timed(core: BriefingCore, rounds: int) -> dict[str, object]:
    """Each scope's ask latencies (interleaved rounds), first ask, readable chunks, and same-answer counts."""
    first = {label: first_ask(core, scope) for label, scope in SCOPES.items()}
    times: dict[str, list[float]] = {label: [] for label in SCOPES}
    order = list(SCOPES.items())
    for _ in range(rounds):
        for n, question in enumerate(QUESTIONS):
            # each scope goes first as often as the others: the first ask of a question pays for the pages of
            # the memory-mapped table it touches, the next ones find them warm
            for label, scope in order[n % len(order) :] + order[: n % len(order)]:
                started = time.perf_counter()
                core.ask(question, scope=scope)
                times[label].append((time.perf_counter() - started) * 1000)
    readable = {label: core.stats(scope=scope).chunks for label, scope in SCOPES.items()}
    return {
        "rounds": rounds,
        "scopes": {
            label: {
                "chunks": readable[label],
                "p50_ms": float(np.percentile(values, 50)),
                "p95_ms": float(np.percentile(values, 95)),
                "first_ms": first[label],
            }
            for label, values in times.items()
        },
        "same_answers": same_answers(core),
    }


def first_ask(core: BriefingCore, scope: Scope | None) -> float:
    started = time.perf_counter()
    core.ask(QUESTIONS[-1], scope=scope)
    return (time.perf_counter() - started) * 1000


def same_answers(core: BriefingCore) -> dict[str, list[int]]:
    """[same, compared] for the reader of everything, and for the member without the role on the questions
    whose unscoped answer cites only what they may read, and on those whose every passage they may read."""
    everything = Scope.member(SERVER, None, (), [ROLE])
    member = Scope.member(SERVER, None)
    counts = {"reads everything": [0, 0], "without the role, cited readable": [0, 0]}
    counts["without the role, all passages readable"] = [0, 0]
    for question in QUESTIONS:
        unscoped = core.ask(question)
        counts["reads everything"][0] += same(unscoped, core.ask(question, scope=everything))
        counts["reads everything"][1] += 1
        scoped = core.ask(question, scope=member)
        cited = [c.doc_id for c in unscoped.citations] + [d.doc_id for d in unscoped.nearest_documents]
        for label, shown in (("cited", cited), ("all passages", [p.doc_id for p in unscoped.passages])):
            if core.readable_documents(shown, scope=member) == set(shown):
                key = f"without the role, {label} readable"
                counts[key][0] += same(unscoped, scoped)
                counts[key][1] += 1
    return counts


def same(a: Answer, b: Answer) -> bool:
    return (a.text, a.citations) == (b.text, b.citations)


def report(results: dict[str, dict]) -> str:
    rows = []
    for _, r in sorted(results.items(), key=lambda item: int(item[0])):
        base = r["scopes"]["unscoped (baseline)"]["p50_ms"]
        kept = " (kept index, labels in memory)" if r.get("reused") else ""
        for label, s in r["scopes"].items():
            rows.append(
                [
                    f"{int(r['chunks']):,}{kept}",
                    label,
                    f"{s['chunks']:,}",
                    f"{s['p50_ms']:.1f} / {s['p95_ms']:.1f}",
                    f"{(s['p50_ms'] / base - 1) * 100:+.1f}%",
                    f"{s['first_ms']:.0f}",
                ]
            )
    headers = ["chunks", "reader", "chunks readable", "ask p50/p95 ms", "p50 vs unscoped", "first ask ms"]
    same_rows = [
        f"- {int(r['chunks']):,} chunks: "
        + "; ".join(
            f"{who}: {n} of {total} answers identical to unscoped" for who, (n, total) in r["same_answers"].items()
        )
        for _, r in sorted(results.items(), key=lambda item: int(item[0]))
    ]
    return table(headers, rows) + "\n\nSame answer with scoping on as off:\n\n" + "\n".join(same_rows)


NOTE = (
    f"{len(QUESTIONS)} questions per scope and round, interleaved; the baseline is the unscoped ask of the same "
    'run; the scope asked first rotates. "first ask": a scope\'s first question, which resolves its '
    "documents and gathers its rows' vectors "
    "(cached per scope and index version afterwards). Rows measured by earlier runs are kept "
    "(bench/results/scopes.json). At 100,000 chunks the index kept by `python -m bench.scale --sizes 100000 "
    "--keep DIR` is measured with `python -m bench.scopes --reuse DIR/100000`: nothing is rebuilt, the set and "
    'the audience are given to the same documents in memory (rows marked "kept index"; see bench/scopes.py).'
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[10000], help="chunks; none: re-render only")
    parser.add_argument("--backend", default="onnx-int8")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="build each size's index under this folder and keep it")
    parser.add_argument("--reuse", type=Path, help="a kept index's folder (bench.scale --keep DIR: DIR/SIZE)")
    args = parser.parse_args()
    configure_logging("WARNING")
    results: dict[str, dict] = json.loads(RESULTS_FILE.read_text()) if RESULTS_FILE.is_file() else {}
    if args.reuse:
        root = args.reuse.resolve()
        measured = measure_kept(root, args.backend, args.rounds)
        key = root.name if root.name.isdigit() else str(measured["chunks"])
        results[key] = measured | {"measured": time.time()}
        RESULTS_FILE.write_text(json.dumps(results, indent=1))
    for size in [] if args.reuse else args.sizes:
        kept = nullcontext(str(args.keep / str(size))) if args.keep else None
        with kept or tempfile.TemporaryDirectory() as folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            results[str(size)] = measure(size, args.backend, Path(folder), args.rounds) | {"measured": time.time()}
        RESULTS_FILE.write_text(json.dumps(results, indent=1))
    markdown = "\n\n".join(
        [header(f"Scopes: scoped against unscoped asks, backend {args.backend}"), NOTE, report(results)]
    )
    print(markdown)
    print(f"\nwritten to {write_section('scopes', markdown)}")


if __name__ == "__main__":
    main()
