"""The command line: `python -m retrieval index|add|ask|summary|timeline|changes|sources|stats|gaps|eval`.

Readable output by default, `--json` for scripts. Exit 0 on success; otherwise 1 (or 2 for bad usage) with
one line on stderr that says what is wrong and what to do.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import shutil
import sys
import textwrap
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, TaskID, TextColumn, TimeRemainingColumn
from rich.progress import Progress as RichProgress

from retrieval.answer.refusals import refusal_text
from retrieval.core import BriefingCore
from retrieval.errors import BriefingError, UploadRefusedError
from retrieval.index.heap import use_one_arena
from retrieval.ingest.sentences import clean_quote, quoted
from retrieval.insight.chart import usage_png
from retrieval.insight.questionlog import DEFAULT_DAYS, QuestionLog
from retrieval.logs import configure_logging
from retrieval.records import (
    FLAT_DOCUMENT_FIELDS,
    Answer,
    Changes,
    Citation,
    GapReport,
    IndexReport,
    Passage,
    Progress,
    Summary,
    Timeline,
    TimelineEntry,
    Usage,
    sources_once,
)
from retrieval.search.scopes import add_scope_arguments, scope_from_arguments
from retrieval.settings import Settings

log = logging.getLogger(__name__)
WIDTH = 100


def common_options(defaults: bool) -> argparse.ArgumentParser:
    """--json, --env-file and -v, accepted before the command and after it (`ask "..." --json`). The copy on
    each command leaves an option unset unless given there, so it never overrides one given before."""
    options = argparse.ArgumentParser(add_help=False)
    suppress = None if defaults else argparse.SUPPRESS
    options.add_argument("--json", action="store_true", default=False if defaults else suppress, help="print JSON")
    options.add_argument(
        "--env-file", type=Path, default=suppress, help="settings file (default: .env in the current folder)"
    )
    options.add_argument(
        "-v", "--verbose", action="store_true", default=False if defaults else suppress, help="log what happens"
    )
    return options


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m retrieval", description="Cited answers from the briefings.", parents=[common_options(True)]
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_CommandParser)
    index = commands.add_parser("index", help="index the corpus folder (only what changed)")
    index.add_argument("--full", action="store_true", help="rebuild everything")
    ask = commands.add_parser("ask", help="answer a question with citations")
    ask.add_argument("question")
    ask.add_argument("--document", help="only this document (file name, title, or part of either)")
    ask.add_argument("--since", help="only documents dated from this day on (2017-09, Sept 2017, last month)")
    ask.add_argument("--log", action="store_true", help="add the question to the question log (as the bot does)")
    add_scope_arguments(ask)
    summary = commands.add_parser("summary", help="summarise a topic or a document")
    target = summary.add_mutually_exclusive_group(required=True)
    target.add_argument("--topic")
    target.add_argument("--document")
    add_scope_arguments(summary)
    add = commands.add_parser("add", help="add a document by link (http/https) or from a file, and index it")
    add.add_argument("source", metavar="URL_OR_FILE")
    timeline = commands.add_parser("timeline", help="the developments on a topic in date order, cited")
    timeline.add_argument("topic")
    timeline.add_argument("--since", help="only developments from this date on (2017-09)")
    timeline.add_argument("--until", help="only developments up to this date (2017-12)")
    changes = commands.add_parser("changes", help="what briefings dated from a date on say that earlier ones did not")
    changes.add_argument("--since", required=True, help="the date to compare from (2017-10 or 2017-10-01)")
    changes.add_argument("--topic", help="only this topic")
    add_scope_arguments(timeline)
    add_scope_arguments(changes)
    add_scope_arguments(commands.add_parser("sources", help="list the indexed documents"))
    stats = commands.add_parser("stats", help="index statistics and usage from the question log")
    stats.add_argument("--days", type=_days, default=DEFAULT_DAYS, help=f"usage period (default {DEFAULT_DAYS})")
    stats.add_argument("--plot", type=Path, metavar="FILE.png", help="also draw the usage chart into this file")
    add_scope_arguments(stats)
    gaps = commands.add_parser("gaps", help="declined and 'not helpful' questions grouped by topic")
    gaps.add_argument("--days", type=_days, default=DEFAULT_DAYS, help=f"period (default {DEFAULT_DAYS})")
    from retrieval.evaluation.evaluate import add_eval_arguments

    add_eval_arguments(commands.add_parser("eval", help="measure answer quality on a question set"))
    return parser


def _days(raw: str) -> int:
    try:
        days = int(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{raw!r} is not a whole number of days") from None
    if not 1 <= days <= 3660:
        raise argparse.ArgumentTypeError("days must be between 1 and 3660")
    return days


class _CommandParser(argparse.ArgumentParser):
    """A sub-command's parser: it takes the common options too (added to every command in one place)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["parents"] = [*kwargs.get("parents", []), common_options(False)]
        super().__init__(*args, **kwargs)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    configure_logging(logging.INFO if args.verbose else logging.WARNING)
    try:
        settings = Settings.load(env_file=args.env_file)
        if args.command == "eval":
            from retrieval.evaluation.evaluate import run_eval_command

            return run_eval_command(args, settings)
        if args.command == "index":
            use_one_arena()  # before any other thread starts: a full build's peak stays that of one collection
        core = BriefingCore(settings)
        output = COMMANDS[args.command](core, args)
    except BriefingError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    code = _print(json.dumps(output, indent=2, ensure_ascii=False) if args.json else output)
    core.wait_for_compaction()  # an update may have started a merge of the index's deltas: let it finish
    return code


def _print(text: str) -> int:
    """Print to stdout; a reader that stops early (`ask ... | head`) is not an error."""
    try:
        print(text)
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so the exit's flush does not fail
    return 0


def _index(core: BriefingCore, args: argparse.Namespace) -> Any:
    bar = None if args.json else ProgressBar()
    report = core.reindex(full=args.full, progress=bar, by="command line")
    if bar:
        bar.finish()
    return asdict(report) if args.json else format_report(report)


def _add(core: BriefingCore, args: argparse.Namespace) -> Any:
    source: str = args.source
    bar = None if args.json else ProgressBar()
    if "://" in source:
        with download_progress(not args.json) as fetching:
            report = core.add_url(source, by="command line", progress=bar, fetch_progress=fetching)
    else:
        path = Path(source)
        if not path.is_file():
            raise UploadRefusedError(f"{source} is neither a link (http:// or https://) nor a file.")
        report = core.add_document(path.name, path.read_bytes(), by="command line", progress=bar)
    if bar:
        bar.finish()
    return asdict(report) if args.json else format_report(report)


def _ask(core: BriefingCore, args: argparse.Namespace) -> Any:
    answer = core.ask(args.question, document=args.document, since=args.since, scope=scope_from_arguments(args))
    if args.log:
        QuestionLog.for_settings(core.settings).record(answer, origin="cli")
    return _answer_json(answer) if args.json else format_answer(answer, output_width(), args.verbose)


def _summary(core: BriefingCore, args: argparse.Namespace) -> Any:
    scope = scope_from_arguments(args)
    if args.topic is not None:
        result = core.summarize_topic(args.topic, scope=scope)
    else:
        result = core.summarize_document(args.document, scope=scope)
    if args.json:
        return _with_flat_documents(asdict(result), result.citations)
    return format_summary(result, output_width(), args.verbose)


def _timeline(core: BriefingCore, args: argparse.Namespace) -> Any:
    timeline = core.timeline(args.topic, since=args.since, until=args.until, scope=scope_from_arguments(args))
    return timeline_json(timeline) if args.json else format_timeline(timeline)


def _changes(core: BriefingCore, args: argparse.Namespace) -> Any:
    changes = core.changes(args.since, topic=args.topic, scope=scope_from_arguments(args))
    return timeline_json(changes) if args.json else format_changes(changes)


def _sources(core: BriefingCore, args: argparse.Namespace) -> Any:
    documents = core.sources(scope=scope_from_arguments(args))
    if args.json:
        return [asdict(d) for d in documents]
    width = output_width()
    lines = [f"{len(documents)} documents"]
    for d in documents:
        lines += _wrap(f"  {d.date or 'undated':10}  {d.chunk_count:4} chunks  {d.title}", width, "", " " * 27)
        lines += _wrap(d.doc_id, width, " " * 27)
    return "\n".join(lines)


def _stats(core: BriefingCore, args: argparse.Namespace) -> Any:
    usage = QuestionLog.for_settings(core.settings).usage(args.days)
    stats = core.stats(usage, scope=scope_from_arguments(args))
    if args.plot:
        _write_plot(args.plot, usage)
    if args.json:
        return {**asdict(stats), "usage": asdict(usage)}
    lines = [f"{key.replace('_', ' ')}: {value}" for key, value in asdict(stats).items()]
    return "\n".join([*lines, *format_usage(usage), *([f"chart: {args.plot}"] if args.plot else [])])


def _write_plot(path: Path, usage: Usage) -> None:
    try:
        path.write_bytes(usage_png(usage))
    except OSError as error:
        raise BriefingError(f"cannot write the chart to {path}: {error.strerror or error}") from None


def _gaps(core: BriefingCore, args: argparse.Namespace) -> Any:
    report = core.gaps(QuestionLog.for_settings(core.settings), args.days)
    return asdict(report) if args.json else format_gaps(report)


COMMANDS: dict[str, Callable[[BriefingCore, argparse.Namespace], Any]] = {
    "index": _index,
    "add": _add,
    "ask": _ask,
    "summary": _summary,
    "timeline": _timeline,
    "changes": _changes,
    "sources": _sources,
    "stats": _stats,
    "gaps": _gaps,
}


def _answer_json(answer: Answer) -> dict[str, Any]:
    data = _with_flat_documents(asdict(answer), answer.citations, answer.passages)
    data["passages"] = [
        {k: v for k, v in p.items() if k not in ("sentence_scores", "sentences")} for p in data["passages"]
    ]
    return data


def output_width() -> int:
    """The terminal's width; WIDTH when the output is not a terminal (a pipe, a file)."""
    return max(40, shutil.get_terminal_size((WIDTH, 24)).columns)


def _with_flat_documents(
    data: dict[str, Any], citations: Sequence[Citation], passages: Sequence[Passage] = ()
) -> dict[str, Any]:
    """Each citation's and passage's document fields at its top level too (doc_id, title, date, source, url),
    beside the nested "document", as scripts read them before records nested."""
    for key, records in (("citations", citations), ("passages", passages)):
        if key in data:
            data[key] = [
                {**{name: getattr(record, name) for name in FLAT_DOCUMENT_FIELDS}, **item}
                for record, item in zip(records, data[key], strict=True)
            ]
    return data


def _wrap(text: str, width: int, indent: str = "", more: str | None = None) -> list[str]:
    """`text` wrapped within `width` (words never split, except one longer than a whole line; a citation
    marker stays with the word before it)."""
    more = indent if more is None else more
    glued = re.sub(r" (?=\[\d[\d, -]*\])", "\u00a0", text)
    lines = textwrap.wrap(glued, width, initial_indent=indent, subsequent_indent=more, break_on_hyphens=False)
    return [line.replace("\u00a0", " ") for line in lines] or [""]


def _source_lines(numbers: str, citation: Citation, width: int) -> list[str]:
    """ "[n] title (date) - file" within the width, and the link on a line of its own (never cut)."""
    head = f"[{numbers}] {citation.title} ({citation.date or 'undated'}) - {citation.source}"
    return _wrap(head, width, "", "    ") + ([f"    {citation.url}"] if citation.url else [])


def _source_list(citations: tuple[Citation, ...], text: str, width: int, verbose: bool) -> list[str]:
    """When the text already quotes every citation (an extractive answer, a summary), each source once with
    its numbers; otherwise (a written answer) each citation with its quote. Scores under -v."""
    if not verbose and all(clean_quote(c.quote) in text for c in citations):
        return [line for numbers, c in sources_once(citations) for line in _source_lines(numbers, c, width)]
    lines = []
    for citation in citations:
        lines += _source_lines(str(citation.number), citation, width)
        lines += _wrap(quoted(citation.quote), width, "    ", "     ")
        lines += [f"    score {citation.score:.2f}"] if verbose else []
    return lines


def format_answer(answer: Answer, width: int = WIDTH, verbose: bool = False) -> str:
    lines = [*_wrap(f"Q: {answer.question}", width, "", "   "), ""]
    lines += [*_wrap("Filter: " + "; ".join(answer.filters), width, "", "  "), ""] if answer.filters else []
    if answer.abstained:
        lines += _wrap(refusal_text(answer, verbose), width)
        if answer.citations:  # what the briefings do say on the topic
            lines += ["", "Related:", *_source_list(answer.citations, answer.text, width, verbose)]
        elif answer.nearest_documents:
            lines += ["", "Nearest documents:"]
            for d in answer.nearest_documents:
                lines += _wrap(f"- {d.title} ({d.date or 'undated'}) - {d.source}", width, "  ", "    ")
    else:
        lines += _wrap(answer.text, width)
        lines += _wrap(f"({answer.note})", width) if answer.note else []
        lines += ["", "Sources:", *_source_list(answer.citations, answer.text, width, verbose)]
    lines += ["", f"({answer.passages_searched} passages searched in {answer.elapsed_ms:.0f} ms)"]
    return "\n".join(lines)


def format_summary(summary: Summary, width: int = WIDTH, verbose: bool = False) -> str:
    """The summary, then each source document once with the numbers of its sentences."""
    lines = [*_wrap(f"Summary: {summary.subject}", width, "", "  "), "", *_wrap(summary.text, width)]
    lines += _wrap(f"({summary.note})", width) if summary.note else []
    if summary.citations:
        lines += ["", "Sources:", *_source_list(summary.citations, summary.text, width, verbose)]
    return "\n".join(lines)


def format_usage(usage: Usage) -> list[str]:
    helpful = usage.helpful_share
    return [
        f"last {usage.days} days: {usage.questions} questions, {usage.declined} declined "
        f"({100 * usage.declined_share:.0f}%), {usage.helpful_votes} helpful and {usage.unhelpful_votes} "
        f"not helpful votes" + (f" ({100 * helpful:.0f}% helpful)" if helpful is not None else "")
    ]


def format_gaps(report: GapReport) -> str:
    if not report.gaps:
        return f"No declined or 'not helpful' questions in the last {report.days} days."
    lines = [
        f"{len(report.gaps)} topics from {report.questions_considered} declined or 'not helpful' questions "
        f"in the last {report.days} days (largest first):"
    ]
    for number, gap in enumerate(report.gaps, 1):
        lines += [
            "",
            f"{number}. {gap.label}  ({gap.size} questions: {gap.declined} declined, {gap.unhelpful} not helpful)",
        ]
        lines += [f'     "{textwrap.shorten(q, WIDTH - 7)}"' for q in gap.examples]
        if gap.nearest_documents:
            lines.append(
                "   nearest: " + "; ".join(f"{d.title} ({d.date or 'undated'})" for d in gap.nearest_documents)
            )
    return "\n".join(lines)


def timeline_json(result: Timeline | Changes) -> dict[str, Any]:
    """A timeline or changes as JSON: entries {date, text, citations[, end][, kind][, revises]}, the
    citations shaped as in `ask --json`."""
    data = asdict(result)
    for record, entry in zip(result.entries, data["entries"], strict=True):
        _with_flat_documents(entry, record.citations)
        if record.revises is not None:
            entry["revises"] = _with_flat_documents({"citations": [entry["revises"]]}, [record.revises])["citations"][0]
        for key in ("end", "kind", "revises"):
            if not entry[key]:
                del entry[key]
    return data


def _entry_lines(entry: TimelineEntry) -> list[str]:
    lines = [entry.when]
    lines += textwrap.wrap(entry.text, WIDTH, initial_indent="  ", subsequent_indent="  ", break_on_hyphens=False)
    if entry.revises is not None:
        lines += textwrap.wrap(
            f"earlier: {entry.revises.quote}",
            WIDTH,
            initial_indent="  ",
            subsequent_indent="    ",
            break_on_hyphens=False,
        )
    cited = [*entry.citations, *([entry.revises] if entry.revises else [])]
    lines += [f"  [{c.number}] {c.title} ({c.date or 'undated'}) - {c.source}" for c in cited]
    return lines


def format_timeline(timeline: Timeline) -> str:
    bounds = [f"from {timeline.since}"] * bool(timeline.since) + [f"to {timeline.until}"] * bool(timeline.until)
    lines = [f"Timeline: {timeline.topic}" + (f" ({' '.join(bounds)})" if bounds else ""), ""]
    lines += [line for entry in timeline.entries for line in [*_entry_lines(entry), ""]]
    lines += [timeline.note] if timeline.note else []
    return "\n".join(lines).rstrip()


def format_changes(changes: Changes) -> str:
    about = f" on {changes.topic}" if changes.topic else ""
    lines = [f"What changed since {changes.since}{about}", ""]
    lines += [line for entry in changes.entries for line in [*_entry_lines(entry), ""]]
    lines += [changes.note] if changes.note else []
    return "\n".join(lines).rstrip()


def format_report(report: IndexReport) -> str:
    lines = [
        f"Indexed {report.documents_total} documents ({report.chunks_total} chunks) in {report.elapsed_s:.1f} s: "
        f"{len(report.added)} added, {len(report.changed)} changed, {len(report.removed)} removed, "
        f"{len(report.unchanged)} unchanged, {len(report.skipped)} skipped; {report.chunks_embedded} chunks embedded."
    ]
    if report.full_rebuild_reason:
        lines.append(f"Full rebuild: {report.full_rebuild_reason}.")
    for skipped in report.skipped:
        lines.append(f"warning: skipped {skipped.source}: {skipped.reason}")
    return "\n".join(lines)


@contextmanager
def download_progress(show: bool) -> Iterator[Callable[[int, int | None], None] | None]:
    """A rich progress bar on stderr for a link's download (bytes read of the size announced, if any), shown
    from the first byte and cleared at the end, so a refused link prints only its one error line."""
    if not show:
        yield None
        return
    from rich.console import Console
    from rich.progress import DownloadColumn, Progress, TransferSpeedColumn

    bar = Progress(
        *Progress.get_default_columns(),
        DownloadColumn(),
        TransferSpeedColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    task = bar.add_task("fetching", total=None, start=False)

    def update(done: int, total: int | None) -> None:
        if not bar.live.is_started:
            bar.start()
            bar.start_task(task)
        bar.update(task, completed=done, total=total)

    try:
        yield update
    finally:
        if bar.live.is_started:
            bar.stop()


class ProgressBar:
    """The indexer's progress as a rich progress bar on stderr (documents, chunks, rate, time left); when stderr
    is not a terminal (a log, a pipe), one plain line per update instead of a bar redrawn in place."""

    def __init__(self, console: Console | None = None) -> None:
        self.console = console or Console(stderr=True)
        self._bar = RichProgress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("chunks  {task.fields[documents]}  {task.fields[rate]}"),
            TimeRemainingColumn(),
            console=self.console,
        )
        self._task: TaskID | None = None

    def __call__(self, progress: Progress) -> None:
        documents = f"{progress.documents_done}/{progress.documents_total} docs"
        rate = f"{progress.rate:.1f}/s"
        if not self.console.is_terminal:
            self.console.print(
                f"{progress.chunks_done}/{progress.chunks_total} chunks {documents} {rate}", highlight=False
            )
            return
        if self._task is None:
            self._bar.start()
            self._task = self._bar.add_task("Indexing", total=progress.chunks_total, documents="", rate="")
        self._bar.update(
            self._task, completed=progress.chunks_done, total=progress.chunks_total, documents=documents, rate=rate
        )

    def finish(self) -> None:
        if self._task is not None:
            self._bar.stop()
