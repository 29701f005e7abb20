"""`timeline` and `changes` on the command line: readable text, --json in the `ask` citation shape, errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, SAMPLE_CORPUS
from tests.time_corpus import indexed_time_core


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory, embedder: object) -> Path:
    """A folder outside the repository with the time corpus indexed (by the torch backend)."""
    folder = tmp_path_factory.mktemp("cli-time")
    indexed_time_core(folder, embedder)
    return folder


def cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": "/usr/bin:/bin",
        "HF_HUB_OFFLINE": "1",
        "HOME": str(root),
        "PYTHONPATH": str(REPO),  # this checkout's code, wherever the package is installed from
        "DATA_DIR": str(root / "data"),
        "CORPUS_DIR": str(root / "corpus"),
        "ALIASES_FILE": str(SAMPLE_CORPUS / "_aliases.txt"),
        "EMBEDDING_BACKEND": "torch",
    }
    return subprocess.run(
        [sys.executable, "-m", "retrieval", *args], cwd=root, env=env, capture_output=True, text=True, timeout=300
    )


def test_timeline_json_has_dated_entries_with_ask_citations(root: Path) -> None:
    run = cli(root, "timeline", "the Tabqa dam and town", "--since", "2017-03", "--json")
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["topic"] == "the Tabqa dam and town"
    entries = data["entries"]
    assert [e["date"] for e in entries] == sorted(e["date"] for e in entries)
    assert entries[0]["date"] == "2017-03-21" and entries[0]["end"] == "2017-03-22"
    merged = next(e for e in entries if e["date"] == "2017-03-26")
    assert len(merged["citations"]) == 2
    citation = merged["citations"][0]
    flat = {"number", "doc_id", "title", "date", "source", "url", "quote", "score", "chunk_id"}
    assert set(citation) == flat | {"document"}, "the citation objects of ask --json"
    assert "revises" not in merged


def test_changes_prints_the_revision_beside_the_older_figure(root: Path) -> None:
    run = cli(root, "changes", "--since", "2017-05", "--topic", "the Tabqa dam and town")
    assert run.returncode == 0, run.stderr
    assert "2017-05-12 revises 2017-03-27" in run.stdout
    assert "earlier: The coalition estimates that about 800 ISIS fighters defend Tabqa town." in run.stdout
    as_json = json.loads(cli(root, "--json", "changes", "--since", "2017-05", "--topic", "the Tabqa dam").stdout)
    revision = next(e for e in as_json["entries"] if e.get("revises"))
    assert revision["kind"] == "revision" and "800" in revision["revises"]["quote"]


def test_a_date_the_cli_cannot_read_is_one_line_and_exit_1(root: Path) -> None:
    run = cli(root, "timeline", "the Tabqa dam", "--until", "soonish")
    assert run.returncode == 1
    assert run.stderr.startswith("error: 'soonish' is not a date") and run.stderr.count("\n") == 1
    missing = cli(root, "changes")
    assert missing.returncode == 2 and "--since" in missing.stderr
