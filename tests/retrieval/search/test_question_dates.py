"""Time words in questions: bounds on the briefings' dates and the wish for the newest first."""

from __future__ import annotations

from datetime import date

import pytest

from retrieval.search.question_dates import read_question_time

TODAY = date(2018, 12, 21)  # the newest briefing's date


@pytest.mark.parametrize(
    ("question", "since", "until", "latest"),
    [
        ("As of October 2017, who controls the al-Omar oil field?", "", "2017-10-31", True),
        ("As of the end of October 2017, what is the status of Raqqa?", "", "2017-10-31", True),
        ("What did the coalition say in 2018 about Hajin?", "2018-01-01", "2018-12-31", False),
        ("What has happened in Hajin since March?", "2018-03-01", "", False),
        ("What was the plan before 2018?", "", "2017-12-31", False),
        ("What is the current plan for US troops in Syria?", "", "", True),
        ("What is the latest estimate of ISIS fighters in the Hajin pocket?", "", "", True),
        ("What does Iran want in Deir ez-Zor?", "", "", False),
        ("How many fighters did the PMU lose two days later?", "", "", False),
    ],
)
def test_a_question_says_which_briefings_it_means(question: str, since: str, until: str, latest: bool) -> None:
    when = read_question_time(question, TODAY)
    assert (when.since, when.until, when.latest) == (since, until, latest)
    assert when.bounded == bool(since or until)
