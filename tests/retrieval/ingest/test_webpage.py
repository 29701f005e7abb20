"""Web pages read as HTML: trafilatura's main text keeps the body and drops the boilerplate around it."""

from __future__ import annotations

import json
from pathlib import Path

from retrieval.ingest.loaders import load_document
from tests.conftest import REPO

PAGES = REPO / "eval" / "pages"


def test_a_saved_blog_page_keeps_its_body_and_loses_its_sidebars(tmp_path: Path) -> None:
    name = "wix-blog-deir-ez-zor-siege.html"
    document = load_document(PAGES / name, name, 10**7)
    assert document.title.startswith("As pro-regime forces break years-long ISIS siege")
    assert document.date == "2017-09-06"
    body = json.loads((PAGES / "labels.json").read_text(encoding="utf-8"))[name]["body"]
    for line in body[1:]:  # the first is the title, kept as the document's title
        assert line in document.text
    for boilerplate in ("Featured Posts", "Follow Us", "Basic Square", "uses cookies", "Log in to comment", "Wix"):
        assert boilerplate not in document.text


def test_comments_and_share_buttons_are_not_body(tmp_path: Path) -> None:
    name = "wordpress-tanf-garrison.html"
    document = load_document(PAGES / name, name, 10**7)
    assert document.title == "Al-Tanf: what the garrison protects, and from whom" and document.date == "2017-07-14"
    assert "On 8 June, a US F-15 shot down an armed drone" in document.text
    for boilerplate in ("desert_fox", "Leave a Reply", "Share this", "Recent Posts", "Proudly powered"):
        assert boilerplate not in document.text
