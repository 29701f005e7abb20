"""The evaluation metrics on hand-made cases with known figures, and the eval command end to end."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from retrieval.errors import ConfigError
from retrieval.evaluation.evaluate import Metrics, Outcome, Question, contains_expected, first_hit, load_questions
from tests.conftest import SAMPLE_CORPUS


def q(qid: str, expect: tuple[str, ...], qtype: str = "direct") -> Question:
    return Question(qid, f"question {qid}", expect, qtype)


def test_matching_folds_case_unicode_and_white_space() -> None:
    assert contains_expected("The Iranians want a  direct\nroute from Tehran", ["DIRECT ROUTE from tehran"])
    assert contains_expected("the SDF\u2019s advance", ["SDF's advance"])
    assert not contains_expected("a direct road", ["direct route"])


def test_first_hit_is_the_rank_of_the_first_matching_passage() -> None:
    passages = ["nothing here", "the route from Tehran to Damascus", "route from Tehran to Damascus again"]
    assert first_hit(passages, ["route from Tehran"]) == 2
    assert first_hit(passages, ["Raqqa"]) is None


def test_metrics_on_a_known_case() -> None:
    metrics = Metrics()
    metrics.add(q("a", ("x",)), Outcome(rank=1, abstained=False, supported=True), k=5)
    metrics.add(q("b", ("x",)), Outcome(rank=2, abstained=False, supported=False), k=5)
    metrics.add(q("c", ("x",)), Outcome(rank=6, abstained=False, supported=True), k=5)
    metrics.add(q("d", ("x",)), Outcome(rank=None, abstained=True, supported=False), k=5)
    metrics.add(q("e", (), "unanswerable"), Outcome(rank=None, abstained=True, supported=False), k=5)
    metrics.add(q("f", (), "unanswerable"), Outcome(rank=None, abstained=False, supported=False), k=5)
    figures = metrics.summary()
    assert figures["answerable"] == 4 and figures["unanswerable"] == 2
    assert figures["hit@1"] == 0.25
    assert figures["hit@k"] == 0.5  # ranks 1 and 2 are within 5; rank 6 is not
    assert figures["mrr@10"] == round((1 + 0.5 + 1 / 6) / 4, 4)
    assert figures["answer_support"] == 0.5
    assert figures["false_abstention"] == 0.25
    assert figures["right_abstention"] == 0.5


def test_mrr_of_a_single_hit_at_rank_two_is_one_half() -> None:
    metrics = Metrics()
    metrics.add(q("a", ("x",)), Outcome(rank=2, abstained=False, supported=False), k=5)
    assert metrics.summary()["mrr@10"] == 0.5
    beyond = Metrics()
    beyond.add(q("a", ("x",)), Outcome(rank=11, abstained=False, supported=False), k=5)
    assert beyond.summary()["mrr@10"] == 0.0


def test_held_out_third_is_fixed_by_the_question_text() -> None:
    questions = load_questions(Path(__file__).resolve().parents[3] / "eval" / "questions.jsonl")
    held = [x for x in questions if x.heldout]
    assert 0.25 < len(held) / len(questions) < 0.42
    assert [x.heldout for x in questions] == [
        x.heldout for x in load_questions(Path(__file__).resolve().parents[3] / "eval" / "questions.jsonl")
    ]


def test_a_broken_questions_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "q.jsonl"
    bad.write_text('{"id": "1", "question": "ok", "expect": []}\nnot json\n')
    with pytest.raises(ConfigError, match="line 2"):
        load_questions(bad)


def test_the_eval_command_end_to_end(tmp_path: Path) -> None:
    questions = tmp_path / "questions.jsonl"
    rows = [
        {
            "id": "q1",
            "question": "what does Iran want in Deir ez-Zor?",
            "expect": ["route from Tehran to Damascus"],
            "type": "direct",
        },
        {
            "id": "q2",
            "question": "what does Iran want in Dayr az-Zawr?",
            "expect": ["route from Tehran to Damascus"],
            "type": "alias",
        },
        {"id": "q3", "question": "who won the 2018 World Cup?", "expect": [], "type": "unanswerable"},
    ]
    questions.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    env = {
        **os.environ,
        "HF_HUB_OFFLINE": "1",
        "DATA_DIR": str(tmp_path / "data"),
        "ALIASES_FILE": str(SAMPLE_CORPUS / "_aliases.txt"),
    }
    command = [
        sys.executable,
        "-m",
        "retrieval",
        "--json",
        "eval",
        "--corpus",
        str(SAMPLE_CORPUS),
        "--questions",
        str(questions),
        "--baseline",
        "dense",
        "--baseline",
        "bm25",
        "--baseline",
        "langchain-naive",
    ]
    run = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert report["systems"] == ["project", "dense", "bm25", "langchain-naive"]
    project = report["splits"]["all"]["project"]
    assert project["hit@1"] == 1.0 and project["right_abstention"] == 1.0
    assert project["per_type"]["alias"]["hit@k"] == 1.0
    assert {r["id"]: r["project"]["abstained"] for r in report["rows"]} == {"q1": False, "q2": False, "q3": True}
    assert report["splits"]["all"]["dense"]["right_abstention"] == 0.0, "baselines never abstain"
    assert (tmp_path / "data" / "eval").is_dir(), "indexed into its own store"
    assert not (tmp_path / "data" / "chroma").exists(), "never into the bot's index"
    again = subprocess.run(
        [*command[:3], *command[4:]],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert again.returncode == 0 and "hit@1" in again.stdout, "the table form; the cached index is reused"
    assert len(list((tmp_path / "data" / "eval").iterdir())) == 1


def test_the_baseline_names_offered_are_the_baselines_defined() -> None:
    from retrieval.evaluation.baselines import BASELINES
    from retrieval.evaluation.evaluate import BASELINE_NAMES

    assert sorted(BASELINES) == sorted(BASELINE_NAMES)


def test_extra_folders_are_merged_into_one_corpus_of_links(tmp_path: Path) -> None:
    from retrieval.evaluation.evaluate import merged_corpus

    briefings, distractors = tmp_path / "briefings", tmp_path / "distractors"
    briefings.mkdir()
    distractors.mkdir()
    (briefings / "a.txt").write_text("a briefing")
    (briefings / "_aliases.txt").write_text("Iran = Tehran")
    (distractors / "b.md").write_text("a distractor")
    merged = merged_corpus(briefings, [distractors], tmp_path / "merged")
    assert sorted(p.name for p in merged.iterdir()) == ["a.txt", "b.md"]  # document ids unchanged
    assert (merged / "b.md").read_text() == "a distractor"
    assert merged_corpus(briefings, [distractors], tmp_path / "merged") == merged  # same folder next time
    (distractors / "a.txt").write_text("same name")
    with pytest.raises(ConfigError, match=r"a\.txt is in both"):
        merged_corpus(briefings, [distractors], tmp_path / "merged")
