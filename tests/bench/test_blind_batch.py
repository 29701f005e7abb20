from __future__ import annotations

from bench.blind_batch import render
from retrieval import PROJECT


def test_the_section_names_the_commit_and_each_questions_outcome() -> None:
    summary = {
        "answerable": 1,
        "unanswerable": 2,
        "hit@1": 1.0,
        "hit@k": 1.0,
        "answer_support": 0.0,
        "false_abstention": 0.0,
        "right_abstention": 0.5,
    }
    report = {
        "questions": 3,
        "splits": {"all": {PROJECT: summary}},
        "rows": [
            {
                "id": "qd01",
                "type": "direct",
                "heldout": False,
                PROJECT: {"rank": 1, "abstained": False, "supported": False},
            },
            {
                "id": "qd02",
                "type": "off_domain",
                "heldout": True,
                PROJECT: {"rank": None, "abstained": True, "supported": False},
            },
            {
                "id": "qd03",
                "type": "near_topic",
                "heldout": False,
                PROJECT: {"rank": None, "abstained": False, "supported": False},
            },
        ],
    }
    markdown = render(report, "qd", "abc1234", {"qd01"})
    assert "at commit abc1234" in markdown
    assert "| all | 1 | 2 | 100.0 | 100.0 | 0.0 | 0.0 | 50.0 |" in markdown
    assert "| qd01 | direct | tuning | answered, not supported (hit at 1) |" in markdown
    assert "| qd02 | off_domain | held-out | declined |" in markdown
    assert "| qd03 | near_topic | tuning | unanswerable, answered |" in markdown
