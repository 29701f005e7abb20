"""Dates people type for --since and the slash option, what an empty filter says, how a filter is described."""

from __future__ import annotations

from datetime import date

import pytest

from retrieval.errors import QuestionError
from retrieval.records import DocumentInfo
from retrieval.search.filters import describe_filters, nothing_left, read_since

TODAY = date(2026, 12, 2)


@pytest.mark.parametrize(
    ("typed", "reading"),
    [
        ("2017-09", "2017-09"),
        ("2017-9", "2017-09"),
        ("2017-09-15", "2017-09-15"),
        ("2017", "2017"),
        ("Sept 2017", "2017-09"),
        ("sept. 2017", "2017-09"),
        ("September 2017", "2017-09"),
        ("15 September 2017", "2017-09-15"),
        ("Sep 15, 2017", "2017-09-15"),
        ("15/09/2017", "2017-09-15"),
        ("since 15 September 2017", "2017-09-15"),
        ("last month", "2026-11"),
        ("last year", "2025"),
        ("yesterday", "2026-12-01"),
        ("2 weeks ago", "2026-11-18"),
        ("Q3 2017", "2017-07"),
    ],
)
def test_dates_people_type(typed: str, reading: str) -> None:
    assert read_since(typed, TODAY) == reading


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("2017-09-31", "'2017-09-31' is not a date: September 2017 has 30 days."),
        ("2017-02-29", "'2017-02-29' is not a date: February 2017 has 28 days."),
        ("2017-13", "'2017-13' is not a date: there is no month 13;"),
        ("banana", "'banana' is not a date I can read: write it like 2017-09, Sept 2017,"),
        ("", "'' is not a date I can read"),
        ("x" * 300, "is not a date I can read"),
    ],
)
def test_other_input_is_refused_in_one_line(typed: str, message: str) -> None:
    with pytest.raises(QuestionError) as raised:
        read_since(typed, TODAY)
    assert message in str(raised.value) and "\n" not in str(raised.value) and len(str(raised.value)) < 200


def info(doc_id: str, title: str, when: str) -> DocumentInfo:
    return DocumentInfo(doc_id, title, when, doc_id, "", "", 1, "h")


DOCUMENTS = [info("a.txt", "Deir Ezzor: Everyone wants it", "2017-06-20"), info("b.txt", "Siege broken", "2017-09-06")]


@pytest.mark.parametrize(
    ("document", "since", "message"),
    [
        (None, "2019-01-01", "No briefing is dated from 1 January 2019 on; the newest is dated 6 September 2017."),
        (None, "2019-01", "No briefing is dated from January 2019 on; the newest is dated 6 September 2017."),
        (DOCUMENTS[0], "2017-09", '"Deir Ezzor: Everyone wants it" is dated 20 June 2017, so nothing in it is dated '
                                  "from September 2017 on."),
        (info("c.txt", "Notes", ""), "2017", '"Notes" is undated, so nothing in it is dated from 2017 on.'),
    ],
)  # fmt: skip
def test_an_empty_filter_says_what_is_there(document: DocumentInfo | None, since: str, message: str) -> None:
    assert nothing_left(document, since, DOCUMENTS) == message


def test_filters_are_described_for_the_reader() -> None:
    assert describe_filters(None, "") == ()
    assert describe_filters(DOCUMENTS[1], "2017-09", "Sept 2017") == (
        'only "Siege broken" (b.txt)',
        'only documents dated from September 2017 on (from "Sept 2017")',
    )
    assert describe_filters(None, "2017-09-15", "2017-09-15") == ("only documents dated from 15 September 2017 on",)
