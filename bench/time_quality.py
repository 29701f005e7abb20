"""Timelines, revisions, "what changed" and "latest" questions against eval/timelines.jsonl.

    python -m bench.time_quality [--corpus eval/corpus] [--questions eval/timelines.jsonl]

- timeline (13 topics, 3-7 hand-ordered events each): an event is found when an entry's text or one of its
  quotes holds the event's words; order agreement is Kendall's tau-b between the hand order and the entry
  order of the found events; date accuracy is the share of found events whose entry has the event's date
  (value, and range end; for an event the text does not date, the briefing's date). Baseline from the same
  run: the same entries, each dated by its briefing and ordered so (what ordering by document date gives).
- revision (12): `changes --since S --topic T` shows the newer sentence as a revision of the older one.
- changes (6): share of the expected new sentences among the entries of `changes --since S --topic T`.
- latest (13): `ask` cites the newest briefing that answers first. Baseline: the same question without its
  time words understood (`ask` with date reading switched off, as before this feature).
"""

from __future__ import annotations

import argparse
import json
import shutil
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from scipy.stats import kendalltau

from bench.report import header, table, write_section
from retrieval import BriefingCore, Settings, Timeline, TimelineEntry, configure_logging, contains_expected, eval_core


def load(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def entry_texts(entry: TimelineEntry) -> list[str]:
    return [entry.text, *(c.quote for c in entry.citations)]


def find_event(entries: Sequence[TimelineEntry], expect: str) -> int | None:
    return next((i for i, e in enumerate(entries) if any(contains_expected(t, [expect]) for t in entry_texts(e))), None)


def event_date_right(entry: TimelineEntry, event: dict[str, Any], doc_dates: dict[str, str]) -> bool:
    if event["precision"] == "doc":
        return entry.date == doc_dates.get(event["file"], "")
    return entry.date == event["date"] and entry.end == event.get("end", "")


def by_document_date(timeline: Timeline) -> list[TimelineEntry]:
    """The baseline: each entry dated by its first briefing's date and ordered by it."""
    dated = [
        TimelineEntry(date=min(c.date for c in e.citations), text=e.text, citations=e.citations)
        for e in timeline.entries
    ]
    return sorted(dated, key=lambda e: e.date)


def score_timeline(
    entries: Sequence[TimelineEntry], question: dict[str, Any], doc_dates: dict[str, str]
) -> dict[str, Any]:
    events = question["events"]
    places = [find_event(entries, e["expect"]) for e in events]
    found = [(rank, place) for rank, place in enumerate(places) if place is not None]
    tau = None
    if len(found) >= 2:
        tau = float(kendalltau([r for r, _ in found], [p for _, p in found]).statistic)
    right = [event_date_right(entries[p], events[r], doc_dates) for r, p in found]
    return {"events": len(events), "found": len(found), "tau": tau, "dates_right": sum(right)}


def timelines(core: BriefingCore, questions: list[dict[str, Any]]) -> dict[str, Any]:
    doc_dates = {d.source: d.date for d in core.sources()}
    ours, base, rows, timings = [], [], [], []
    for question in questions:
        started = time.perf_counter()
        timeline = core.timeline(question["topic"])
        timings.append(time.perf_counter() - started)
        ours.append(score_timeline(timeline.entries, question, doc_dates))
        base.append(score_timeline(by_document_date(timeline), question, doc_dates))
        rows.append([question["id"], question["topic"], len(timeline.entries), *summary_cells([ours[-1]])])
    return {"ours": ours, "baseline": base, "rows": rows, "seconds": timings}


def summary_cells(scores: list[dict[str, Any]]) -> list[str]:
    events = sum(s["events"] for s in scores)
    found = sum(s["found"] for s in scores)
    taus = [s["tau"] for s in scores if s["tau"] is not None]
    right = sum(s["dates_right"] for s in scores)
    tau = f"{sum(taus) / len(taus):.2f}" if taus else "-"
    return [f"{found}/{events} ({found / events:.0%})", tau, f"{right}/{found} ({right / max(1, found):.0%})"]


def revisions(core: BriefingCore, questions: list[dict[str, Any]]) -> dict[str, Any]:
    """Per revision question: is the newer sentence shown as a revision, of the right older briefing, of the
    labelled older sentence? Also how many revisions a query shows (a flood would find everything)."""
    counts = {"sentence": 0, "briefing": 0, "newer": 0, "shown": 0}
    rows = []
    for question in questions:
        changes = core.changes(question["since"], question["topic"])
        revised = [e for e in changes.entries if e.kind == "revision" and e.revises is not None]
        counts["shown"] += len(revised)
        newer = [e for e in revised if any(contains_expected(t, [question["newer"]["expect"]]) for t in entry_texts(e))]
        briefing = [e for e in newer if e.revises and e.revises.source == question["older"]["file"]]
        sentence = [
            e for e in briefing if e.revises and contains_expected(e.revises.quote, [question["older"]["expect"]])
        ]
        for key, hits in (("sentence", sentence), ("briefing", briefing), ("newer", newer)):
            counts[key] += bool(hits)
        found = "sentence" if sentence else "briefing" if briefing else "newer only" if newer else "no"
        rows.append([question["id"], question["topic"], found, len(revised)])
    return {**counts, "rows": rows}


def changes_recall(core: BriefingCore, questions: list[dict[str, Any]]) -> tuple[int, int]:
    found = total = 0
    for question in questions:
        entries = core.changes(question["since"], question["topic"]).entries
        for expect in question["expect_new"]:
            total += 1
            found += find_event(entries, expect) is not None
    return found, total


def latest(core: BriefingCore, questions: list[dict[str, Any]], plain: bool) -> tuple[int, list[str]]:
    right = 0
    firsts = []
    for question in questions:
        answer = core.ask(question["question"], read_dates=not plain)
        first = answer.citations[0].source if answer.citations else "(abstained)"
        right += first == question["expect_first_file"]
        firsts.append(first)
    return right, firsts


def measure(corpus: Path, questions_path: Path) -> dict[str, Any]:
    questions = load(questions_path)
    of = {kind: [q for q in questions if q["type"] == kind] for kind in ("timeline", "revision", "changes", "latest")}
    core = eval_core(corpus, Settings.load())
    core.warm_up()
    result: dict[str, Any] = {"timelines": timelines(core, of["timeline"])}
    result["revisions"] = revisions(core, of["revision"])
    result["changes"] = changes_recall(core, of["changes"])
    result["latest"] = latest(core, of["latest"], plain=False)
    result["latest_baseline"] = latest(core, of["latest"], plain=True)
    result["latest_questions"] = of["latest"]
    return result


def report(result: dict[str, Any]) -> str:
    tl = result["timelines"]
    rv = result["revisions"]
    n_rv = len(rv["rows"])
    found, total = result["changes"]
    right, firsts = result["latest"]
    base_right, base_firsts = result["latest_baseline"]
    n_latest = len(result["latest_questions"])
    seconds = tl["seconds"]
    lines = [
        header("Timelines, revisions, what changed, latest"),
        "On `eval/corpus` with the hand-made `eval/timelines.jsonl` (13 timelines, 12 revisions, 6 changes, "
        "13 latest questions). Kendall's tau-b is over the events found; 1.0 is the hand order. The thresholds in "
        "`retrieval/answer/timeline.py` and `changes.py` were chosen while looking at these questions (the file has "
        "no held-out part): read the figures as what the method does here, not as a promise. The recency margin is "
        "the answerer's own near-tie margin, not tuned.",
        "",
        table(
            ["timelines", "events found", "mean Kendall tau", "entry date right"],
            [
                ["ours (sentence dates)", *summary_cells(tl["ours"])],
                ["baseline: same entries by briefing date", *summary_cells(tl["baseline"])],
            ],
        ),
        "",
        table(["id", "topic", "entries", "events found", "tau", "dates right"], tl["rows"]),
        "",
        f"Timeline time per topic: median {sorted(seconds)[len(seconds) // 2] * 1000:.0f} ms, first (dating "
        f"the documents it touches) {seconds[0] * 1000:.0f} ms.",
        "",
        table(
            ["what", "result"],
            [
                ["revisions: newer shown revising the labelled older sentence", f"{rv['sentence']}/{n_rv}"],
                ["revisions: ... revising a sentence of the labelled older briefing", f"{rv['briefing']}/{n_rv}"],
                ["revisions: newer sentence shown as a revision", f"{rv['newer']}/{n_rv}"],
                ["revisions shown per `changes --topic` query (mean)", f"{rv['shown'] / max(1, n_rv):.1f}"],
                ["changes: expected new sentences listed", f"{found}/{total}"],
                ["latest: newest relevant briefing cited first", f"{right}/{n_latest}"],
                ["latest, baseline (question's time words ignored)", f"{base_right}/{n_latest}"],
            ],
        ),
        *distractor_lines(result.get("distractors")),
        "",
        table(["revision", "topic", "found", "revisions shown"], rv["rows"]),
        "",
        table(
            ["latest", "expected first", "ours", "baseline"],
            [
                [q["id"], q["expect_first_file"], ok(f, q), ok(b, q)]
                for q, f, b in zip(result["latest_questions"], firsts, base_firsts, strict=True)
            ],
        ),
    ]
    return "\n".join(lines)


def distractor_lines(noisy: dict[str, Any] | None) -> list[str]:
    """The same measures with eval/distractors (news and other subjects) indexed beside the briefings."""
    if noisy is None:
        return []
    tl, rv = noisy["timelines"], noisy["revisions"]
    found, total = noisy["changes"]
    n_latest = len(noisy["latest_questions"])
    cells = summary_cells(tl["ours"])
    return [
        "",
        f"With the {noisy['distractors']} documents of `eval/distractors` indexed beside the briefings:",
        "",
        table(
            [
                "timeline events found",
                "tau",
                "dates right",
                "revisions (sentence / briefing / newer)",
                "changes",
                "latest first",
                "latest baseline",
            ],
            [
                [
                    *cells,
                    f"{rv['sentence']} / {rv['briefing']} / {rv['newer']} of {len(rv['rows'])}",
                    f"{found}/{total}",
                    f"{noisy['latest'][0]}/{n_latest}",
                    f"{noisy['latest_baseline'][0]}/{n_latest}",
                ]
            ],
        ),
    ]


def with_distractors(corpus: Path, distractors: Path, questions_path: Path, folder: Path) -> dict[str, Any]:
    """`measure` over one folder holding the corpus and the distractors (copied; indexed once, cached)."""
    folder.mkdir(parents=True, exist_ok=True)
    for source in (corpus, distractors):
        for path in source.iterdir():
            if path.is_file() and not (folder / path.name).exists():
                shutil.copy(path, folder / path.name)
    result = measure(folder, questions_path)
    result["distractors"] = sum(1 for p in distractors.iterdir() if p.is_file() and not p.name.startswith("_"))
    return result


def ok(first: str, question: dict[str, Any]) -> str:
    return "right" if first == question["expect_first_file"] else first


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=Path("eval/corpus"))
    parser.add_argument("--questions", type=Path, default=Path("eval/timelines.jsonl"))
    parser.add_argument("--distractors", type=Path, default=Path("eval/distractors"), help="'' to skip")
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    configure_logging()
    result = measure(args.corpus, args.questions)
    if str(args.distractors) not in ("", ".") and args.distractors.is_dir():
        noisy_folder = Settings.load().data_path / "eval" / "time-with-distractors"
        result["distractors"] = with_distractors(args.corpus, args.distractors, args.questions, noisy_folder)
    markdown = report(result)
    print(markdown)
    if not args.no_write:
        write_section("time", markdown)


if __name__ == "__main__":
    main()
