"""Every command and option of the command line with empty, blank, huge, malformed and out-of-range values:
one clear line on stderr and a non-zero exit, never a traceback (run through `main(argv)` on an indexed core)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.console import Console

from retrieval.cli import ProgressBar, main
from retrieval.core import BriefingCore
from retrieval.records import FLAT_DOCUMENT_FIELDS, Progress
from tests.conftest import IRAN_PASSAGE, SAMPLE_CORPUS, SAMPLE_QUESTION

QUESTIONS = "questions.jsonl"
NOT_JSON = "not-json.jsonl"
HUGE = "x" * 20_000
USAGE = 2  # argparse: the usage, then one line "... error: ..."
REFUSED = 1  # the core: one line "error: ..."

# (argv, exit code, what the error line must say)
CASES: list[tuple[list[str], int, str]] = [
    ([], USAGE, "required: command"),
    (["frobnicate"], USAGE, "invalid choice"),
    (["--env-file", "missing.env", "stats"], REFUSED, "missing.env does not exist"),
    (["stats", "--env-file", ""], REFUSED, "does not exist"),
    (["index", "--full", "--fast"], USAGE, "unrecognized arguments: --fast"),
    (["sources", "extra"], USAGE, "unrecognized arguments: extra"),
    (["ask"], USAGE, "required: question"),
    (["ask", ""], REFUSED, "Please type a question"),
    (["ask", "  \t "], REFUSED, "Please type a question"),
    (["ask", HUGE], REFUSED, "20,000 characters long"),
    (["--json", "ask", ""], REFUSED, "Please type a question"),
    (["ask", "what does Iran want?", "--since", "2017-13"], REFUSED, "'2017-13' is not a date"),
    (["ask", "what does Iran want?", "--since", "2017-09-31"], REFUSED, "'2017-09-31' is not a date"),
    (["ask", "what does Iran want?", "--since", "2017-00"], REFUSED, "not a date"),
    (["ask", "what does Iran want?", "--since", ""], REFUSED, "'' is not a date"),
    (["ask", "what does Iran want?", "--since", "  "], REFUSED, "not a date"),
    (["ask", "what does Iran want?", "--since", "next tuesday-ish"], REFUSED, "not a date"),
    (["ask", "what does Iran want?", "--since", HUGE], REFUSED, "not a date"),
    (["ask", "what does Iran want?", "--since"], USAGE, "expected one argument"),
    (["ask", "what does Iran want?", "--document", ""], REFUSED, "No indexed document is called ''"),
    (["ask", "what does Iran want?", "--document", "no-such-file.txt"], REFUSED, "No indexed document"),
    (["ask", "what does Iran want?", "--document", HUGE], REFUSED, "No indexed document"),
    (["summary"], USAGE, "one of the arguments --topic --document is required"),
    (["summary", "--topic", "Iran", "--document", "x"], USAGE, "not allowed with argument"),
    (["summary", "--topic", ""], REFUSED, "Please type a topic"),
    (["summary", "--topic", "   "], REFUSED, "Please type a topic"),
    (["summary", "--topic", HUGE], REFUSED, "That topic is 20,000 characters long"),
    (["summary", "--document", ""], REFUSED, "No indexed document is called ''"),
    (["summary", "--document", "no such title"], REFUSED, "No indexed document"),
    (["summary", "--document", HUGE], REFUSED, "No indexed document"),
    (["eval"], USAGE, "required: --corpus, --questions"),
    (["eval", "--corpus", "corpus", "--questions", QUESTIONS, "--k", "0"], USAGE, "from 1 to 100"),
    (["eval", "--corpus", "corpus", "--questions", QUESTIONS, "--k", "-3"], USAGE, "from 1 to 100"),
    (["eval", "--corpus", "corpus", "--questions", QUESTIONS, "--k", "10000000"], USAGE, "from 1 to 100"),
    (["eval", "--corpus", "corpus", "--questions", QUESTIONS, "--k", "five"], USAGE, "from 1 to 100"),
    (["eval", "--corpus", "corpus", "--questions", QUESTIONS, "--baseline", "magic"], USAGE, "invalid choice"),
    (["eval", "--corpus", "no-such-folder", "--questions", QUESTIONS], REFUSED, "does not exist"),
    (["eval", "--corpus", "", "--questions", QUESTIONS], USAGE, "a path is needed"),
    (["eval", "--corpus", "data", "--questions", QUESTIONS], REFUSED, "holds no documents"),
    (["eval", "--corpus", "corpus", "--questions", "missing.jsonl"], REFUSED, "does not exist"),
    (["eval", "--corpus", "corpus", "--questions", NOT_JSON], REFUSED, "is not a question object"),
]


@pytest.fixture
def in_sample_root(sample_core: BriefingCore, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The command line run in the indexed sample core's folder, with its settings."""
    root = sample_core.settings.root
    monkeypatch.chdir(root)
    for key in ("DATA_DIR", "CORPUS_DIR", "CHROMA_HOST", "LLM_BASE_URL", "LLM_MODEL"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("EMBEDDING_BACKEND", sample_core.embedder.backend)
    monkeypatch.setenv("ALIASES_FILE", str(SAMPLE_CORPUS / "_aliases.txt"))
    (root / QUESTIONS).write_text('{"id": "q1", "question": "what does Iran want?", "expect": ["Tehran"]}\n')
    (root / NOT_JSON).write_text("this is not JSON\n")
    return root


@pytest.mark.parametrize(("argv", "code", "says"), CASES, ids=[" ".join(c[0])[:60] or "(nothing)" for c in CASES])
def test_bad_input_gets_one_clear_line_and_a_non_zero_exit(
    in_sample_root: Path, capsys: pytest.CaptureFixture[str], argv: list[str], code: int, says: str
) -> None:
    try:
        returned = main(argv)
    except SystemExit as exit_:  # argparse's usage errors
        returned = int(exit_.code or 0)
    out, err = capsys.readouterr()
    assert returned == code, err
    assert out == ""
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    last = lines[-1]
    assert says in last
    if code == REFUSED:
        assert len(lines) == 1 and last.startswith("error: ")
    else:
        assert lines[0].startswith("usage: ") and ": error: " in last  # the usage (may wrap), then one error line
        assert sum("error" in line for line in lines) == 1
    assert len(last) < 400, "a huge value is cut short in the message"


def test_ask_json_keeps_the_flat_document_fields_beside_the_nested_document(
    in_sample_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ask", SAMPLE_QUESTION, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    for item in (*data["citations"], *data["passages"]):
        assert {k: item[k] for k in FLAT_DOCUMENT_FIELDS} == {k: item["document"][k] for k in FLAT_DOCUMENT_FIELDS}
    assert IRAN_PASSAGE in data["citations"][0]["quote"]
    assert data["citations"][0]["title"] == "Deir Ezzor: Everyone wants it"


@pytest.mark.parametrize("terminal", [False, True])
def test_the_index_progress_bar_shows_documents_and_chunks(terminal: bool) -> None:
    out = io.StringIO()
    bar = ProgressBar(Console(file=out, force_terminal=terminal, width=120))
    for done in (64, 128, 150):
        bar(Progress(documents_done=done // 50, documents_total=3, chunks_done=done, chunks_total=150, elapsed_s=2.0))
    bar.finish()
    shown = out.getvalue()
    assert "150/150" in shown and "3/3 docs" in shown and "75.0/s" in shown
    assert ("64/150 chunks 1/3 docs" in shown) is not terminal, "plain lines only when not a terminal"
