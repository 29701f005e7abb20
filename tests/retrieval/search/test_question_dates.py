"""Time words in questions: bounds on the briefings' dates and the wish for the newest first."""

from __future__ import annotations

from datetime import date

import pytest

from retrieval.search.question_dates import read_question_time, spelled_months

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


@pytest.mark.parametrize(
    ("question", "month"),
    [
        ("What happened in March?", 3),
        ("why did the UN stop the airdrops to the city mid-January", 1),
        ("were any contractors killed in the February fight near the gas plant", 2),
    ],
)
def test_a_month_without_a_year_means_that_month_in_any_year(question: str, month: int) -> None:
    when = read_question_time(question, TODAY)
    assert (when.since, when.until, when.month) == ("", "", month)  # no year silently assumed
    assert when.bounded and when.pins_period
    assert when.describe().endswith("of any year")


@pytest.mark.parametrize(
    ("question", "since", "until"),
    [
        # a month without a year takes the year the question gives another period, the periods span
        ("In September 2017 did the US decide anything, and did it act in November?", "2017-09-01", "2017-11-30"),
        ("what was expected in September 2017 and what happened in January?", "2017-09-01", "2018-01-31"),
        ("what did Turkey object to in 2016 and again in 2018?", "2016-01-01", "2018-12-31"),
    ],
)
def test_periods_named_together_span_from_the_first_to_the_last(question: str, since: str, until: str) -> None:
    when = read_question_time(question, TODAY)
    assert (when.since, when.until, when.month) == (since, until, 0)


def test_since_a_month_without_a_year_still_means_the_last_such_month() -> None:
    when = read_question_time("What has happened in Hajin since March?", TODAY)
    assert (when.since, when.month) == ("2018-03-01", 0)


def test_two_months_without_a_year_bound_nothing() -> None:
    when = read_question_time("what happened in March and in May?", TODAY)
    assert not when.bounded


@pytest.mark.parametrize(
    ("typed", "spelled"),
    [
        (
            "how many fighters were left at the end of oct 2017",
            "how many fighters were left at the end of October 2017",
        ),
        ("troops in the garrison in january 2017", "troops in the garrison in January 2017"),
        ("the assault in Sept 2018", "the assault in September 2018"),
        ("what happened on 5 june?", "what happened on 5 June?"),
        ("in mid-oct 2017", "in mid-October 2017"),
        ("could the regime march 20 km?", "could the regime march 20 km?"),  # a verb beside a figure
        ("a march 2017 offensive", "a March 2017 offensive"),
        ("they may 2 times", "they may 2 times"),  # "may" is a month only when capitalised
        ("the march on Raqqa", "the march on Raqqa"),  # no day or year beside it
        ("jets bombed them in mid september", "jets bombed them in mid September"),  # no other word: anywhere
        ("an august body", "an august body"),
    ],
)
def test_months_typed_in_lower_case_or_shortened_are_spelt_out(typed: str, spelled: str) -> None:
    assert spelled_months(typed) == spelled


def test_a_shortened_month_bounds_the_briefings_dates() -> None:
    when = read_question_time(spelled_months("how many fighters were left at the end of oct 2017"), date(2018, 12, 1))
    assert (when.since, when.until) == ("2017-10-01", "2017-10-31")


@pytest.mark.parametrize(
    ("question", "reported_until"),
    [
        ("who attacked the group from the other side in August 2017?", "2017-10-01"),  # a month past August
        ("what happened in Raqqa in 2017?", "2018-01-31"),
        ("how many fighters held the town as of October 2017?", "2017-10-31"),  # how things stood then
        ("what did the SDF say before 2018?", "2017-12-31"),
        ("what does Iran want in Deir ez-Zor?", ""),
    ],
)
def test_briefings_written_a_month_after_a_period_may_report_it(question: str, reported_until: str) -> None:
    assert read_question_time(question, TODAY).reported_until == reported_until


def test_the_note_on_a_period_names_the_month_after_it_that_was_searched_too() -> None:
    assert read_question_time("what happened in Raqqa in August 2017?", TODAY).searched() == (
        "from 2017-08-01 to 2017-08-31 or in the month after"
    )
    assert read_question_time("what was the plan before 2018?", TODAY).searched() == "up to 2017-12-31"
