"""Timelines, what changed, and answers that know the date, on a small corpus of dated briefings."""

from __future__ import annotations

from pathlib import Path

import pytest

from retrieval.core import BriefingCore
from retrieval.errors import QuestionError
from tests.time_corpus import indexed_time_core

TOPIC = "the Tabqa dam and town"


@pytest.fixture(scope="module")
def time_core(tmp_path_factory: pytest.TempPathFactory, embedder: object) -> BriefingCore:
    return indexed_time_core(tmp_path_factory.mktemp("time"), embedder)


def test_a_timeline_is_in_the_order_things_happened_with_their_own_dates(time_core: BriefingCore) -> None:
    timeline = time_core.timeline(TOPIC)
    dates = [e.date for e in timeline.entries]
    assert dates == sorted(dates)
    assert dates[:2] == ["2017-03-21", "2017-03-26"]  # not the briefings' dates (2017-03-27)
    assert timeline.entries[0].end == "2017-03-22"
    assert "2017-06-19" in dates
    stated = [e for e in timeline.entries if e.date_stated]
    assert len(stated) >= 8 and all(not e.text.startswith("Our March estimate") for e in stated)


def test_an_event_told_by_two_briefings_is_one_entry_citing_both(time_core: BriefingCore) -> None:
    entries = [e for e in time_core.timeline(TOPIC).entries if e.date == "2017-03-26"]
    assert len(entries) == 1
    assert {c.doc_id for c in entries[0].citations} == {"2017-03-tabqa-airlift.md", "2017-05-tabqa-taken.md"}
    numbers = [c.number for e in time_core.timeline(TOPIC).entries for c in e.citations]
    assert numbers == list(range(1, len(numbers) + 1))


def test_a_timeline_keeps_to_since_and_until_on_the_event_dates(time_core: BriefingCore) -> None:
    timeline = time_core.timeline(TOPIC, since="2017-04", until="2017-05")
    dates = [e.date for e in timeline.entries]
    assert {"2017-04-02", "2017-05-10"} <= set(dates) and all("2017-04" <= d <= "2017-05-31" for d in dates)
    assert (timeline.since, timeline.until) == ("2017-04", "2017-05")


def test_a_topic_the_briefings_never_date_gives_an_empty_timeline_with_a_note(time_core: BriefingCore) -> None:
    timeline = time_core.timeline("the 2018 football world cup final")
    assert not timeline.entries and "no dated development" in timeline.note


def test_what_changed_shows_new_developments_and_a_revised_figure_side_by_side(time_core: BriefingCore) -> None:
    changes = time_core.changes("2017-05", TOPIC)
    revised = {e.text: e.revises.quote for e in changes.entries if e.kind == "revision" and e.revises}
    figure = next(e for e in changes.entries if "300 ISIS fighters" in e.text)
    assert figure.revises is not None and "800 ISIS fighters" in figure.revises.quote
    assert figure.when == "2017-05-12 revises 2017-03-27"
    correction = "Our March estimate that the town would fall within two weeks was wrong: it took seven weeks."
    assert revised[correction] == "We expect the SDF to take Tabqa town within two weeks."
    assert len(revised) == 2
    new = [e.text for e in changes.entries if e.kind == "new"]
    assert any("June 16" in t for t in new) and any("April 2" in t for t in new)
    assert not any("March 26" in e.text for e in changes.entries)  # said before 2017-05: not new
    assert all(c.date >= "2017-05" for e in changes.entries for c in e.citations)


def test_what_changed_without_a_topic_lists_developments_since_then(time_core: BriefingCore) -> None:
    changes = time_core.changes("2017-06-01")
    assert changes.entries and all(e.date >= "2017-06" for e in changes.entries)
    assert all(c.date >= "2017-06" for e in changes.entries for c in e.citations)
    assert any("June 19" in e.text for e in changes.entries)


def test_a_briefing_that_supersedes_another_revises_what_it_retells(time_core: BriefingCore) -> None:
    changes = time_core.changes("2017-06-21", TOPIC)
    entry = next(e for e in changes.entries if "June 17" in e.text)
    assert entry.kind == "revision" and entry.revises is not None
    assert entry.revises.quote == "On June 16, the first turbine of the Tabqa dam was running again."
    assert entry.when == "2017-06-25 revises 2017-06-20"
    assert time_core.document_info("2017-06-tabqa-dam-repairs-corrected.md").supersedes == (
        "2017-06-tabqa-dam-repairs.md"
    )


def test_what_changed_needs_a_readable_date(time_core: BriefingCore) -> None:
    with pytest.raises(QuestionError, match="not a date"):
        time_core.changes("the other day")


def test_a_latest_question_cites_the_newest_briefing_first_and_says_the_older_differs(
    time_core: BriefingCore,
) -> None:
    answer = time_core.ask("how many ISIS fighters defend Tabqa now?")
    assert answer.citations[0].doc_id == "2017-05-tabqa-taken.md"
    assert [c.number for c in answer.citations] == list(range(1, len(answer.citations) + 1))
    assert "2017-03-27" in answer.note and "2017-05-12" in answer.note
    plain = time_core.ask("how many ISIS fighters defend Tabqa now?", read_dates=False)
    assert plain.citations[0].doc_id == "2017-03-tabqa-airlift.md"  # what recency changes


def test_as_of_a_month_answers_from_the_briefings_up_to_then(time_core: BriefingCore) -> None:
    answer = time_core.ask("As of April 2017, how many ISIS fighters defend Tabqa?")
    assert {c.doc_id for c in answer.citations} == {"2017-03-tabqa-airlift.md"}
    assert "800" in answer.text and not answer.note


def test_a_filter_that_leaves_nothing_falls_back_to_all_briefings_and_says_so(time_core: BriefingCore) -> None:
    answer = time_core.ask("As of January 2017, how many ISIS fighters defend Tabqa town?")
    assert not answer.abstained and "answer draws on all of them" in answer.note


def test_briefings_of_the_period_on_the_topic_but_without_the_fact_are_the_answer(time_core: BriefingCore) -> None:
    """June's briefings discuss Tabqa town but give no figure of its defenders: the answer says so, rather than
    quoting May's figure as if it were June's."""
    june = time_core.ask("How many ISIS fighters defended Tabqa town in June 2017?")
    assert june.abstained and june.text.endswith("but give no figure for ISIS fighters.") and not june.note
    assert june.citations and all(c.date.startswith("2017-06") for c in june.citations)
    may = time_core.ask("How many ISIS fighters defended Tabqa town in May 2017?")
    assert not may.abstained and "300" in may.citations[0].quote


def test_recency_never_buries_the_only_briefing_that_answers(time_core: BriefingCore) -> None:
    answer = time_core.ask("what is the latest on the helicopters that moved SDF fighters across Lake Assad?")
    assert answer.citations[0].doc_id == "2017-03-tabqa-airlift.md"
    assert "helicopters" in answer.citations[0].quote


def test_sentence_dates_are_read_once_per_document_and_kept(time_core: BriefingCore, tmp_path: Path) -> None:
    dates = time_core.snapshot().dates
    first = dates.document("2017-05-tabqa-taken.md")
    assert dates.document("2017-05-tabqa-taken.md") is first
    by_text = {s.text: s.date for s in first}
    assert by_text["On May 10, the SDF announced that it had taken Tabqa town and the Tabqa dam."].value == "2017-05-10"
    undated = by_text["The coalition now estimates that only about 300 ISIS fighters had defended Tabqa town."]
    assert (undated.value, undated.stated) == ("2017-05-12", False)
