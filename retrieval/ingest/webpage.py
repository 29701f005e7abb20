"""Main text of a web page (the one adapter to trafilatura): the article without navigation, cookie banners,
share buttons, related links and comments, and the page's own title, date and author."""

from __future__ import annotations

import logging
from dataclasses import dataclass

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class WebPage:
    text: str
    title: str = ""
    date: str = ""
    author: str = ""


def extract_web_page(html: str, precision: bool = True) -> WebPage:
    """The page's main text (headings, paragraphs, list items and tables as lines) and its metadata. When
    trafilatura finds no main text, its baseline (every paragraph-like block) is used instead. `precision`
    favours leaving boilerplate out over keeping every body line (chosen by `python -m bench.extraction`)."""
    import trafilatura

    document = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_links=False,
        include_images=False,
        deduplicate=False,
        favor_precision=precision,
    )
    fields = document.as_dict() if isinstance(document, trafilatura.settings.Document) else document or {}
    text = str(fields.get("text") or "").strip()
    if not text:
        log.info("no main text found: falling back to trafilatura's baseline")
        _, text, _ = trafilatura.baseline(html)
    return WebPage(text, *(str(fields.get(key) or "").strip() for key in ("title", "date", "author")))
