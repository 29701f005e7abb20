"""What the terminal shows: answers, refusals and summaries at two widths, the width of the terminal, and a
reader that closes the pipe early (`ask ... | head`)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from retrieval.cli import format_answer, format_summary, output_width
from retrieval.core import BriefingCore
from retrieval.records import Answer, Citation, DocumentInfo, Summary
from tests.conftest import REPO

DEIR = ("a.txt", "Deir Ezzor: Everyone wants it", "2017-06-20")
CONOCO = ("b.txt", "SDF takes the Conoco gas field", "2017-09-26")
IRAN = "The Iranians want Deir Ezzor so they can re-establish a direct route from Tehran to Damascus."


def cite(number: int, document: tuple[str, str, str], quote: str, url: str = "") -> Citation:
    doc_id, title, when = document
    return Citation(number, DocumentInfo(doc_id, title, when, doc_id, url), quote, 0.71, f"c{number}")


EXTRACTIVE = Answer(
    question="what do Iran, the US and the SDF want in Deir ez-Zor?",
    text=f"{IRAN} [1] The Americans want Deir-Ezzor to control the Syrian-Iraqi border. [2] "
    '"We will not leave the fields," an SDF commander said. [3]',
    citations=(
        cite(1, DEIR, IRAN),
        cite(2, DEIR, "- The Americans want **Deir-Ezzor** to control the Syrian-Iraqi border;"),
        cite(3, CONOCO, '"We will not leave the fields," an SDF commander said.', "https://example.org/conoco"),
    ),
    abstained=False,
    passages_searched=59,
    elapsed_ms=41.6,
    filters=('only documents dated from June 2017 on (from "June 2017")',),
)
WRITTEN = Answer("what does Iran want?", "Iran wants a land route to Damascus [1].", (cite(1, DEIR, IRAN),), False,
                 passages_searched=12, elapsed_ms=900)  # fmt: skip
REFUSAL = Answer(
    "who won the world cup?",
    "The briefings do not answer this question.",
    (),
    True,
    reason="no passage is close to the question (best match 0.31)",
    nearest_documents=(DocumentInfo(*DEIR[:3], "a.txt", "", "", 3, "h"),),
    passages_searched=40,
    elapsed_ms=30,
)
SUMMARY = Summary(
    "SDF takes the Conoco gas field",
    "On September 23, the SDF said it had captured the Conoco gas plant. [1] "
    "The SDF regards the fields as a source of income. [2]",
    (
        cite(1, CONOCO, "On September 23, the SDF said it had captured the Conoco gas plant."),
        cite(2, CONOCO, "The SDF regards the fields as a source of income."),
    ),
)

EXPECTED = {
    ("extractive", 100): """\
Q: what do Iran, the US and the SDF want in Deir ez-Zor?

Filter: only documents dated from June 2017 on (from "June 2017")

The Iranians want Deir Ezzor so they can re-establish a direct route from Tehran to Damascus. [1]
The Americans want Deir-Ezzor to control the Syrian-Iraqi border. [2] "We will not leave the
fields," an SDF commander said. [3]

Sources:
[1, 2] Deir Ezzor: Everyone wants it (2017-06-20) - a.txt
[3] SDF takes the Conoco gas field (2017-09-26) - b.txt
    https://example.org/conoco

(59 passages searched in 42 ms)""",
    ("extractive", 60): """\
Q: what do Iran, the US and the SDF want in Deir ez-Zor?

Filter: only documents dated from June 2017 on (from "June
  2017")

The Iranians want Deir Ezzor so they can re-establish a
direct route from Tehran to Damascus. [1] The Americans want
Deir-Ezzor to control the Syrian-Iraqi border. [2] "We will
not leave the fields," an SDF commander said. [3]

Sources:
[1, 2] Deir Ezzor: Everyone wants it (2017-06-20) - a.txt
[3] SDF takes the Conoco gas field (2017-09-26) - b.txt
    https://example.org/conoco

(59 passages searched in 42 ms)""",
    ("written", 60): """\
Q: what does Iran want?

Iran wants a land route to Damascus [1].

Sources:
[1] Deir Ezzor: Everyone wants it (2017-06-20) - a.txt
    "The Iranians want Deir Ezzor so they can re-establish a
     direct route from Tehran to Damascus."

(12 passages searched in 900 ms)""",
    ("written", 100): """\
Q: what does Iran want?

Iran wants a land route to Damascus [1].

Sources:
[1] Deir Ezzor: Everyone wants it (2017-06-20) - a.txt
    "The Iranians want Deir Ezzor so they can re-establish a direct route from Tehran to Damascus."

(12 passages searched in 900 ms)""",
    ("refusal", 60): """\
Q: who won the world cup?

The briefings do not answer this: no passage comes close.

Nearest documents:
  - Deir Ezzor: Everyone wants it (2017-06-20) - a.txt

(40 passages searched in 30 ms)""",
    ("summary", 60): """\
Summary: SDF takes the Conoco gas field

On September 23, the SDF said it had captured the Conoco gas
plant. [1] The SDF regards the fields as a source of
income. [2]

Sources:
[1, 2] SDF takes the Conoco gas field (2017-09-26) - b.txt""",
}


@pytest.mark.parametrize(("kind", "width"), list(EXPECTED))
def test_rendered_text(kind: str, width: int) -> None:
    rendered = {
        "extractive": lambda: format_answer(EXTRACTIVE, width),
        "written": lambda: format_answer(WRITTEN, width),
        "refusal": lambda: format_answer(REFUSAL, width),
        "summary": lambda: format_summary(SUMMARY, width),
    }[kind]()
    assert rendered == EXPECTED[(kind, width)]
    assert all(len(line) <= width for line in rendered.splitlines())


def test_verbose_keeps_the_reason_and_scores() -> None:
    refusal = format_answer(REFUSAL, 100, verbose=True)
    assert "The briefings do not answer this: no passage is close to the question (best match 0.31)." in refusal
    answer = format_answer(EXTRACTIVE, 100, verbose=True)
    assert answer.count("score 0.71") == 3 and "\"'We will not leave the fields,' an SDF commander said.\"" in answer


def test_the_width_is_the_terminals_and_100_in_a_pipe(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "72")
    assert output_width() == 72
    monkeypatch.delenv("COLUMNS")
    script = "from retrieval.cli import output_width; print(output_width())"
    piped = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, check=True)
    assert piped.stdout.strip() == "100"


def test_a_reader_closing_the_pipe_early_is_not_an_error(sample_core: BriefingCore, tmp_path: Path) -> None:
    settings = sample_core.settings
    env_file = tmp_path / "env"
    env_file.write_text(
        f"CORPUS_DIR={settings.corpus_path}\nDATA_DIR={settings.data_path}\nALIASES_FILE={settings.aliases_path}\n"
        f"EMBEDDING_BACKEND={sample_core.embedder.backend}\n"
    )
    command = [sys.executable, "-m", "retrieval", "sources", "--env-file", str(env_file)]
    keys = ("CORPUS_DIR", "DATA_DIR", "ALIASES_FILE", "EMBEDDING_BACKEND")
    env = {k: v for k, v in os.environ.items() if k not in keys}
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO, env=env)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # like `head` that has read what it wanted, before anything is written
    errors = process.stderr.read().decode()
    assert process.wait(timeout=120) == 0, errors
    assert "BrokenPipeError" not in errors and "Traceback" not in errors
