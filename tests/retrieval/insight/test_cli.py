"""The command line's `stats` (usage from the question log, in a new process's terms), `stats --plot`,
`gaps` and `ask --log`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from retrieval.cli import main
from retrieval.core import BriefingCore
from retrieval.insight.questionlog import LOG_FILE, QuestionLog
from retrieval.records import Answer
from tests.conftest import SAMPLE_CORPUS, SAMPLE_QUESTION
from tests.retrieval.insight.helpers import TOPICS, png_size


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Settings for the command line: a fresh data folder (no index), the test model's backend."""
    monkeypatch.chdir(tmp_path)
    for key, value in {
        "DATA_DIR": str(tmp_path / "data"),
        "CORPUS_DIR": str(tmp_path / "corpus"),
        "EMBEDDING_BACKEND": "torch",
        "ALIASES_FILE": str(SAMPLE_CORPUS / "_aliases.txt"),
    }.items():
        monkeypatch.setenv(key, value)
    return tmp_path / "data"


def test_stats_reads_the_question_log_and_plots_it(
    env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = QuestionLog(env / LOG_FILE)
    for ms in (100.0, 200.0, 300.0):
        log.record(Answer("q?", "a", (), False, elapsed_ms=ms))
    log.record_vote(log.record(Answer("off?", "no", (), True, reason="x", elapsed_ms=400.0)), 1, False)
    assert main(["stats", "--json", "--days", "7"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["questions_answered"], data["latency_p50_ms"]) == (4, 250.0)
    assert data["usage"]["declined"] == 1 and data["usage"]["unhelpful_votes"] == 1
    assert len(data["usage"]["per_day"]) == 7
    chart = tmp_path / "usage.png"
    assert main(["stats", "--plot", str(chart)]) == 0
    text = capsys.readouterr().out
    assert "questions answered: 4" in text and "1 declined (25%)" in text and f"chart: {chart}" in text
    assert png_size(chart.read_bytes()) == (900, 700)
    assert main(["stats", "--plot", str(tmp_path / "no-such-folder" / "x.png")]) == 1
    assert capsys.readouterr().err.startswith("error: cannot write the chart to")


def test_gaps_lists_topics_largest_first(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = QuestionLog(env / LOG_FILE)
    for question in TOPICS["hospital"] + TOPICS["vaccine"]:
        log.record(Answer(question, "no", (), True, reason="nothing close"))
    assert main(["gaps", "--days", "3", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [g["size"] for g in data["gaps"]] == [4, 1] and data["questions_considered"] == 5
    assert len(data["gaps"][0]["examples"]) == 3 and data["gaps"][0]["nearest_documents"] == []  # no index
    assert main(["gaps"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("2 topics from 5 declined") and "1. aleppo, hospital  (4 questions" in text
    with pytest.raises(SystemExit) as bad_usage:
        main(["gaps", "--days", "0"])
    assert bad_usage.value.code == 2 and "days must be between 1 and 3660" in capsys.readouterr().err


def test_ask_logs_only_with_log(sample_core: BriefingCore, monkeypatch: pytest.MonkeyPatch) -> None:
    root = sample_core.settings.root
    monkeypatch.chdir(root)
    monkeypatch.setenv("EMBEDDING_BACKEND", "torch")
    monkeypatch.setenv("ALIASES_FILE", str(SAMPLE_CORPUS / "_aliases.txt"))
    log = QuestionLog.for_settings(sample_core.settings)
    before = [q.id for q in log.questions()]
    assert main(["ask", SAMPLE_QUESTION]) == 0
    assert [q.id for q in log.questions()] == before
    assert main(["ask", SAMPLE_QUESTION, "--log"]) == 0
    [logged] = [q for q in log.questions() if q.id not in before]
    assert (logged.question, logged.origin, logged.declined, logged.guild_id) == (SAMPLE_QUESTION, "cli", False, None)
    assert logged.latency_ms and logged.cited_documents
