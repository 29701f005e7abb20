"""A document's date, found as a reader would: metadata, the page's own metadata, a dateline, a date line,
the file name; never an event the body reports. And the title is never the dateline."""

from __future__ import annotations

from pathlib import Path

import pytest

from retrieval.ingest.doc_dates import dates_in_line, document_date, file_name_date, html_page_date
from retrieval.ingest.loaders import load_document

BODY = "\n\nThe offensive began on 3 March 2015, and the town changed hands twice in 2016."
LONG = BODY + "\n\nThe front then settled along the river." * 8


@pytest.mark.parametrize(
    ("text", "expected", "source"),
    [
        ("Analysis | 15/01/2018\nRaqqa's water" + BODY, "2018-01-15", "dateline"),
        ("2022/12/21\nLira steadies" + BODY, "2022-12-21", "dateline"),
        ("18 June 2017\nAl-Tanf garrison" + BODY, "2017-06-18", "dateline"),
        ("Jun 18 2017 · Border watch" + BODY, "2017-06-18", "dateline"),
        ("Weekly note\n2017-06-18" + BODY, "2017-06-18", "dateline"),
        ("MONDAY 18 APRIL 2016 — ASIA & PACIFIC" + BODY, "2016-04-18", "dateline"),
        ("# Afrin\nPublished 29 January 2018 · Updated 31 January 2018 · Desk" + BODY, "2018-01-29", "dateline"),
        ("# Avdiivka\n*Updated: 4 Feb 2017 · Regional desk · By Iryna Bondar*" + BODY, "2017-02-04", "dateline"),
        ("# Results\n**2019-09-10 · Politics**" + BODY, "2019-09-10", "dateline"),
        ("KYIV, 27 May 2018 - The final was played before 61,000 people.", "2018-05-27", "dateline"),
        ("AMMAN, March 2, 2019 — Jordan reopened the crossing.", "2019-03-02", "dateline"),
        ("06/28/2017 | Gulf desk" + BODY, "2017-06-28", "dateline"),
        ("Briefing note 04.11.2019" + BODY, "2019-11-04", "dateline"),
        ("11th of December 2017\nPutin at Hmeimim" + BODY, "2017-12-11", "dateline"),
        ("Five years on" + LONG + "\n\nPosted 15 March 2016", "2016-03-15", "date line"),
        ("Five years on" + LONG + "\n\n20 May 2019", "2019-05-20", "date line"),
        ("Why the Euphrates matters" + LONG, "", ""),
        ("After the 15 March 2011 protests: a decade of war" + BODY, "", ""),
    ],
)
def test_date_from_the_text(text: str, expected: str, source: str) -> None:
    found = document_date(text)
    assert (found.date, found.source) == (expected, source)


@pytest.mark.parametrize(
    ("metadata", "page", "name", "expected", "source"),
    [
        ("2017-08-15", "2019-01-01", "x.txt", "2017-08-15", "metadata"),
        ("December 19, 2019", "", "x.txt", "2019-12-19", "metadata"),
        ("04/05/2020", "", "x.txt", "2020-05-04", "metadata"),
        ("2017-09-31", "2017-09-30", "x.txt", "2017-09-30", "page"),
        ("", "", "2017-09-22-bridgehead.txt", "2017-09-22", "file name"),
        ("", "", "a-2016-04-kumamoto.txt", "2016-04", "file name"),
        ("", "", "20180312-ghouta.txt", "2018-03-12", "file name"),
        ("", "", "notes.txt", "", ""),
    ],
)
def test_date_from_metadata_and_file_name(metadata: str, page: str, name: str, expected: str, source: str) -> None:
    found = document_date("Why the Euphrates matters" + BODY, metadata, page, name)
    assert (found.date, found.source) == (expected, source)


@pytest.mark.parametrize(
    ("line", "dates"),
    [
        ("15/01/2018", ["2018-01-15"]),
        ("2022/12/21", ["2022-12-21"]),
        ("2017-06-18T07:45:00Z", ["2017-06-18"]),
        ("18.06.2017", ["2017-06-18"]),
        ("06/18/2017", ["2017-06-18"]),
        ("18 June 2017 and Jun 19 2017 and June 20, 2017", ["2017-06-18", "2017-06-19", "2017-06-20"]),
        ("Sept 2017", ["2017-09"]),
        ("2017-09-31 or 31/09/2017 or 2017-13-01", []),
    ],
)
def test_formats(line: str, dates: list[str]) -> None:
    assert [iso for _, iso in dates_in_line(line)] == dates
    assert file_name_date("x") == ""


def test_html_page_metadata() -> None:
    html = '<html><head><meta property="article:published_time" content="2018-04-14T09:30:00Z"></head><body>x</body>'
    assert html_page_date(html) == "2018-04-14"
    assert html_page_date("<html><body><p>The strikes of April 2017.</p></body></html>") == ""


@pytest.mark.parametrize(
    ("content", "name", "title", "date"),
    [
        ("Analysis | 15/01/2018\nRaqqa's water network\n\nEngineers say the stations will take a year.",
         "a.txt", "Raqqa's water network", "2018-01-15"),
        ("2022/12/21\nLira steadies after a volatile week\n\nThe currency lost 44% of its value in 2021.",
         "b.txt", "Lira steadies after a volatile week", "2022-12-21"),
        ("MONDAY, 12 FEBRUARY 2018\n# Games diary: wind\n\nThe Games opened on 9 February 2018 in the cold.",
         "c.md", "Games diary: wind", "2018-02-12"),
    ],
)  # fmt: skip
def test_the_loader_dates_and_titles_a_page(tmp_path: Path, content: str, name: str, title: str, date: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    document = load_document(path, name, 1_000_000)
    assert (document.title, document.date) == (title, date)
