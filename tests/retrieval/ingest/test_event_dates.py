"""Dates inside sentences: absolute, partial, ranges, relative to the document or to the day before."""

from __future__ import annotations

from datetime import date

import pytest

from retrieval.ingest.event_dates import date_sentences, mentions_in, period_end


def values(sentence: str, doc_date: date) -> list[tuple[str, str, str]]:
    return [(m.value, m.precision, m.end_value) for m in mentions_in(sentence, doc_date)]


@pytest.mark.parametrize(
    ("sentence", "doc_date", "expected"),
    [
        ("On Sunday the 18th of June 2017, a US jet shot down a Su-22.", date(2017, 6, 20), ("2017-06-18", "day", "")),
        ("On September 3-5, the army advanced.", date(2017, 9, 6), ("2017-09-03", "range", "2017-09-05")),
        ("They met on 5 September 2017 in Astana.", date(2017, 9, 20), ("2017-09-05", "day", "")),
        ("Fighting resumed in mid-June 2017.", date(2017, 7, 1), ("2017-06", "month", "")),
        ("ISIS recaptured Palmyra in December.", date(2017, 1, 24), ("2016-12", "month", "")),
        ("We expect them to arrive by mid-August.", date(2017, 7, 25), ("2017-08", "month", "")),
        ("The siege had lasted since January.", date(2017, 9, 12), ("2017-01", "month", "")),
        ("A ground assault is unlikely before early 2018.", date(2017, 12, 14), ("2018", "year", "")),
        ("Strikes will continue in July and August.", date(2017, 6, 19), ("2017-07-01", "range", "2017-08-31")),
        ("Clashes flared last week near the dam.", date(2017, 6, 12), ("2017-06-05", "range", "2017-06-12")),
        ("On Sunday, the convoy left the border.", date(2017, 9, 1), ("2017-08-27", "day", "")),
        ("The goal is to finish in the first half of 2017.", date(2017, 1, 24), ("2017-01-01", "range", "2017-06-30")),
    ],
)
def test_a_sentence_gets_the_date_it_states(sentence: str, doc_date: date, expected: tuple[str, str, str]) -> None:
    assert values(sentence, doc_date)[0] == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "The garrison, estimated at roughly 7,000 troops including the 104th Brigade, holds the airport.",
        "The coalition has declared a 55 km deconfliction zone around the base.",
        "Between 2,000 and 2,500 fighters remain, and 22 of its members were killed.",
        "The PMU may try to cross the border.",
        "The survey turned up 60,000 Maya structures in the forest.",  # no day 0 of May (it raised)
    ],
)
def test_numbers_that_are_not_dates_give_nothing(sentence: str) -> None:
    assert mentions_in(sentence, date(2017, 6, 1)) == []


def test_relative_days_count_from_the_day_a_sentence_opened_with() -> None:
    sentences = [
        "On March 2, the council announced a handover to forces that captured al-Bab on February 23.",
        "Two days later, US troops patrolled the outskirts.",
        "The move angered Ankara.",
    ]
    dated = date_sentences(sentences, "2017-03-08")
    assert [(d.value, d.stated) for d in dated] == [("2017-03-02", True), ("2017-03-04", True), ("2017-03-08", False)]


def test_a_since_bound_is_not_the_event_date_when_another_mention_is() -> None:
    dated = date_sentences(["Since 2014 the town was held by ISIS; it fell on October 14."], "2017-10-15")
    assert (dated[0].value, dated[0].precision) == ("2017-10-14", "day")


def test_an_undated_document_leaves_sentences_undated() -> None:
    dated = date_sentences(["On March 2, something happened."], "")
    assert dated[0].value == "" and not dated[0].stated


def test_period_end_is_the_last_day_of_the_period() -> None:
    assert period_end("2016-02", "month") == date(2016, 2, 29)
    assert period_end("2017", "year") == date(2017, 12, 31)
    assert period_end("2017-09-03", "range", "2017-09-05") == date(2017, 9, 5)


def test_a_sentence_with_only_a_since_bound_takes_the_document_date() -> None:
    dated = date_sentences(["The town has been held by ISIS since 2014."], "2017-10-15")
    assert (dated[0].value, dated[0].stated, len(dated[0].mentions)) == ("2017-10-15", False, 1)


def test_a_month_that_names_a_briefing_is_not_when_something_happened() -> None:
    dated = date_sentences(["Our March estimate that the town would fall within two weeks was wrong."], "2017-05-12")
    assert (dated[0].value, dated[0].stated) == ("2017-05-12", False)
    assert [(m.value, m.relation) for m in dated[0].mentions] == [("2017-03", "about")]
