"""What answers quote, on the briefings plus the news distractors: how often a quote is not a sentence
(a heading, a title, a byline, a caption, a link) and how often the printed text keeps raw marks.

    python -m bench.quotes

Every question of eval/questions.jsonl and eval/distractor_questions_*.jsonl is asked of one index over
eval/corpus + eval/distractors. The baseline, in the same run, answers from the same search results with
every line treated as a sentence and printed as before (the previous behaviour). The checks on the quotes
do not use the sentence kinds the answer is built with: they look at the quoted line itself.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from bench.report import header, table, write_section
from retrieval import Answer, BriefingCore, Settings, clean_quote, configure_logging, eval_core

REPO = Path(__file__).resolve().parent.parent
CHECKS: dict[str, Callable[[str, str], bool]] = {
    # (the quote, the whole line of the document it stands on) -> the problem is there
    "heading or title line": lambda q, line: (
        line.lstrip().startswith("#")
        or (
            q == line.strip()
            and len(q.split()) <= 12
            and not re.search(r"[.!?][\"')\]]*$", q)
            and not re.match(r"\s*(?:[-*+\u2022]|\d+[.)])\s", line)  # a list item is quotable
        )
    ),
    "byline or dateline": lambda q, line: bool(
        re.search(r"\bmin read\b|^\W*(published|updated|posted)\b|^\W*by [A-Z]|^[\w ]{1,20}\s*[|·]\s*\d", line, re.I)
    ),
    "photo caption": lambda q, line: bool(re.search(r"image credit|^\W*photo:|\(photo|getty images", line, re.I)),
    "bare link": lambda q, line: bool(re.fullmatch(r"\W*(https?://|www\.)\S+\W*", line.strip())),
}
PRINTED: dict[str, Callable[[str], bool]] = {
    "Markdown marks": lambda text: bool(re.search(r"\*\*|__|(^|\s)#{1,6}\s|\]\(http", text)),
    "';.' or ':.' endings": lambda text: bool(re.search(r"[;:,]\.(?=[\s\"]|$)", text)),
    "doubled quotation marks": lambda text: '""' in text,
}


def old_printed(quote: str) -> str:
    """How a quote was printed before: list dash stripped, a full stop added, the rest raw."""
    text = quote.strip().lstrip("-").strip()
    return text if text[-1:] in ".!?\"'" else text + "."


def questions() -> list[str]:
    paths = [REPO / "eval" / "questions.jsonl", *sorted((REPO / "eval").glob("distractor_questions_*.jsonl"))]
    return [json.loads(line)["question"] for p in paths for line in p.read_text().splitlines() if line.strip()]


def line_of(core: BriefingCore, chunk_id: str, quote: str) -> str:
    record = core.snapshot().catalog.by_id[chunk_id]
    at = record.text.find(quote)
    if at < 0:
        return quote
    start = record.text.rfind("\n", 0, at) + 1
    end = record.text.find("\n", at)
    return record.text[start : end if end >= 0 else len(record.text)]


def baseline_answer(core: BriefingCore, question: str) -> Answer:
    """The same search, every line a candidate sentence (no kinds): what was quoted before."""
    snap = core.snapshot()
    result = core.search(question, core.settings.top_k * 2)
    plain = replace(result, passages=[replace(p, sentence_kinds=()) for p in result.passages])
    return core.answerer.answer(question, plain, snap.catalog, core.settings.top_k)


def measure(core: BriefingCore, asked: list[str]) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {name: {} for name in ("project", "baseline")}
    for question in asked:
        for name, answer in (("project", core.ask(question)), ("baseline", baseline_answer(core, question))):
            tally = counts[name]
            tally["answers"] = tally.get("answers", 0) + (not answer.abstained)
            for citation in answer.citations:
                tally["quotes"] = tally.get("quotes", 0) + 1
                line = line_of(core, citation.chunk_id, citation.quote)
                printed = clean_quote(citation.quote) if name == "project" else old_printed(citation.quote)
                printed = f'"{printed}"' if name == "baseline" else f'"{printed.replace(chr(34), chr(39))}"'
                for check, failed in CHECKS.items():
                    tally[check] = tally.get(check, 0) + failed(citation.quote, line)
                for check, shown in PRINTED.items():
                    tally[check] = tally.get(check, 0) + shown(printed)
    return counts


def report(counts: dict[str, dict[str, int]], asked: int, documents: int) -> str:
    rows = []
    for name, tally in counts.items():
        quotes = tally.get("quotes", 0) or 1
        cells = [f"{tally.get(c, 0)} ({tally.get(c, 0) / quotes * 100:.1f}%)" for c in [*CHECKS, *PRINTED]]
        rows.append([name, tally.get("answers", 0), tally.get("quotes", 0), *cells])
    return "\n\n".join(
        [
            header(f"Quoted text: sentences only, printed clean ({asked} questions, {documents} documents)"),
            "Counts of quotes (share of all quotes). The first four columns look at the line a quote stands on in "
            "its document; the last three at the quote as printed. Baseline: same search, every line a candidate "
            "sentence, printed as before; same run.",
            table(["system", "answers", "quotes", *CHECKS, *PRINTED], rows),
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--no-write", action="store_true", help="print the section without writing it")
    args = parser.parse_args()
    configure_logging("WARNING")
    asked = questions()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        shutil.copytree(REPO / "eval" / "corpus", folder)
        for path in (REPO / "eval" / "distractors").iterdir():
            shutil.copy(path, folder / path.name)
        settings = Settings.load().with_overrides(data_dir=Path(tmp) / "data")
        core = eval_core(folder, settings)
        counts = measure(core, asked)
        documents = len(core.sources())
    markdown = report(counts, len(asked), documents)
    print(markdown)
    if not args.no_write:
        print(f"\nwritten to {write_section('quotes', markdown)}")


if __name__ == "__main__":
    main()
