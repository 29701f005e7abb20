"""Main-text extraction of web pages: trafilatura (what the loader uses) against today's hand-written cleaner.

    python -m bench.extraction [--pages eval/pages] [--distractors eval/distractors]

Two sets of HTML pages:
- `eval/pages/`: saved pages written for this benchmark with navigation, cookie banners, share buttons,
  newsletter boxes, related links, comments and sidebars; `labels.json` marks each page's body lines (and the
  lines that are neither, like bylines, captions and footnotes) by hand; every other line is boilerplate.
- `eval/distractors/*.html`: the evaluation corpus's news pages, labelled by rule: the lines inside `<article>`
  are body, except share buttons (boilerplate) and kicker, byline, date and tag lines (neither); every line
  outside `<article>` is boilerplate. The page's own title counts as kept when the extractor returns it as
  the title (the loader keeps it as the document's title, which is indexed with every chunk).

A page's lines are its text split at block elements (paragraphs, list items, headings, table cells, divs).
Figures: the share of boilerplate lines left in the extracted text, and of body lines lost from it. The
baseline is today's cleaner (BeautifulSoup: drop script/style/nav/header/footer/aside/form, take <article>,
<main> or <body>, then the boilerplate line rules), kept here verbatim from the loader it replaced.
"""

from __future__ import annotations

import argparse
import json
import re
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench.report import header, table, write_section
from retrieval import clean_text, extract_web_page, scan_corpus

BLOCKS = {
    "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "tr", "table", "section",
    "article", "aside", "header", "footer", "nav", "main", "form", "blockquote", "pre", "figure", "figcaption",
    "dt", "dd", "br", "button", "label", "span",
}  # fmt: skip
ARTICLE_SHARE = re.compile(r"share|social", re.I)
SHARE_TEXT = re.compile(r"^(share|tweet)\b", re.I)
ARTICLE_NEUTRAL = re.compile(r"kicker|meta|byline|dateline|tags|author|time|pubdate|info", re.I)
SAMPLE_PAGE = Path("corpus/2017-09-prime-source-deir-ez-zor-siege-broken.txt")
SAMPLE_BOILERPLATE = ("Featured Posts", "Recent Posts", "Search By Tags", "No tags yet", "Follow Us", "Basic Square")


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("\u2018", "'")
    text = text.replace("\u201c", '"').replace("\u201d", '"').replace("\u2013", "-").replace("\u2014", "-")
    return " ".join(text.split()).lower()


def page_lines(html: str) -> list[str]:
    """The page's visible text split at block elements (head, script and style left out)."""
    import lxml.html

    root = lxml.html.document_fromstring(html)
    for element in root.xpath("//script|//style|//head|//noscript"):
        element.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag in BLOCKS:
            element.text = "\n" + (element.text or "")
            element.tail = "\n" + (element.tail or "")
    return [" ".join(line.split()) for line in root.text_content().split("\n") if line.strip()]


def rule_labels(html: str) -> tuple[list[str], list[str]]:
    """Body and neutral lines of an evaluation-corpus page, by the rule in the module docstring."""
    import lxml.html

    root = lxml.html.document_fromstring(html)
    article = root.find(".//article")
    if article is None:
        return [], []
    body: list[str] = []
    neutral: list[str] = []
    for element in article.iter():
        if not isinstance(element.tag, str) or element.tag not in {"p", "li", "h1", "h2", "h3", "h4", "td", "th"}:
            continue
        classes = " ".join(a.get("class", "") for a in [element, *element.iterancestors()] if a is not article)
        text = " ".join(element.text_content().split())
        if not text or ARTICLE_SHARE.search(classes) or SHARE_TEXT.match(text):
            continue
        dated = element.find(".//time") is not None or element.find(".//*[@class='author']") is not None
        (neutral if dated or ARTICLE_NEUTRAL.search(classes) else body).append(text)
    for element in article.xpath(
        ".//*[contains(@class,'kicker') or contains(@class,'meta') or contains(@class,'tags')]"
    ):
        neutral.append(" ".join(element.text_content().split()))
    return body, neutral


@dataclass
class Score:
    body: int = 0
    body_lost: int = 0
    boilerplate: int = 0
    boilerplate_left: int = 0
    seconds: float = 0.0
    worst: list[tuple[str, float, float]] = field(default_factory=list)

    def add(self, name: str, body: int, lost: int, boilerplate: int, left: int) -> None:
        self.body += body
        self.body_lost += lost
        self.boilerplate += boilerplate
        self.boilerplate_left += left
        self.worst.append((name, lost / max(body, 1), left / max(boilerplate, 1)))


def score_page(output: str, lines: list[str], body: list[str], neutral: list[str]) -> tuple[int, int, int, int]:
    """(body lines, body lines lost, boilerplate lines, boilerplate lines left) for one extracted text."""
    out_lines = {fold(line) for line in output.split("\n") if line.strip()}
    whole = fold(output)
    body_folded = [fold(line) for line in body]
    labelled = set(body_folded) | {fold(line) for line in neutral}
    lost = sum(1 for line in body_folded if line not in whole)
    boilerplate = [
        fold(line) for line in lines if fold(line) not in labelled and not _inside_label(fold(line), labelled)
    ]
    left = sum(1 for line in boilerplate if line in out_lines or (len(line) >= 40 and line in whole))
    return len(body_folded), lost, len(boilerplate), left


def _inside_label(line: str, labelled: set[str]) -> bool:
    """A fragment of a labelled line (an inline element split off by the line splitter) is not boilerplate."""
    return len(line) >= 3 and any(line in label for label in labelled)


def todays_cleaner(html: str) -> str:
    """The loader's HTML path before trafilatura (BeautifulSoup and the boilerplate line rules), verbatim."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "nav", "header", "footer", "aside", "form", "noscript", "iframe"]):
        tag.decompose()
    body = soup.find("article") or soup.find("main") or soup.body or soup
    return clean_text(body.get_text("\n"))[0]


def trafilatura_text(precision: bool) -> Callable[[str], str]:
    def extract(html: str) -> str:
        page = extract_web_page(html, precision=precision)
        return clean_text(f"{page.title}\n{page.text}", drop_boilerplate=False)[0]

    return extract


EXTRACTORS: dict[str, Callable[[str], str]] = {
    "today's cleaner (BeautifulSoup + line rules)": todays_cleaner,
    "trafilatura, favour precision (the loader)": trafilatura_text(True),
    "trafilatura, default": trafilatura_text(False),
}


def load_set(folder: Path, labelled: bool) -> list[tuple[str, str, list[str], list[str]]]:
    """(name, html, body lines, neutral lines) per page."""
    labels = json.loads((folder / "labels.json").read_text(encoding="utf-8")) if labelled else {}
    pages = []
    for path in sorted(folder.glob("*.html")):
        html = path.read_text(encoding="utf-8")
        if labelled:
            body, neutral = labels[path.name]["body"], labels[path.name].get("neutral", [])
        else:
            body, neutral = rule_labels(html)
        pages.append((path.name, html, body, neutral))
    return pages


def measure(pages: list[tuple[str, str, list[str], list[str]]]) -> dict[str, Score]:
    scores: dict[str, Score] = {}
    for label, extract in EXTRACTORS.items():
        for page in pages:  # imports and lazy set-up (date parsers) are not timed: a warm pass first
            extract(page[1])
        score = scores[label] = Score()
        for name, html, body, neutral in pages:
            started = time.perf_counter()
            output = extract(html)
            score.seconds += time.perf_counter() - started
            score.add(name, *score_page(output, page_lines(html), body, neutral))
    return scores


def sample_page_check() -> tuple[int, int]:
    """(sample page's boilerplate phrases left, its lines) through the loader: the saved-as-text blog page."""
    documents, _ = scan_corpus(SAMPLE_PAGE.parent, 10**8)
    text = next(d.text for d in documents if d.doc_id == SAMPLE_PAGE.name)
    return sum(phrase.lower() in text.lower() for phrase in SAMPLE_BOILERPLATE), len(text.splitlines())


def rows(scores: dict[str, Score], pages: int) -> list[list[object]]:
    out: list[list[object]] = []
    for label, s in scores.items():
        worst = max(s.worst, key=lambda w: w[1] + w[2])
        out.append(
            [
                label,
                f"{s.boilerplate_left / max(s.boilerplate, 1):.1%} ({s.boilerplate_left}/{s.boilerplate})",
                f"{s.body_lost / max(s.body, 1):.1%} ({s.body_lost}/{s.body})",
                f"{1000 * s.seconds / max(pages, 1):.1f}",
                f"{worst[0]}: {worst[2]:.0%} left, {worst[1]:.0%} lost",
            ]
        )
    return out


def report(sets: dict[str, tuple[int, dict[str, Score]]], sample: tuple[int, int]) -> str:
    headers = ["extractor", "boilerplate lines left", "body lines lost", "ms/page", "worst page"]
    parts = [header("Web-page main text: trafilatura against today's cleaner")]
    for title, (count, scores) in sets.items():
        parts += [f"\n**{title}** ({count} pages)\n", table(headers, rows(scores, count))]
    parts.append(
        "\nThe loader favours precision: both settings score alike on these sets, and on a page whose article is "
        "one short paragraph the default kept the navigation with it (tests/retrieval/ingest/test_loaders.py)."
    )
    left, lines = sample
    parts.append(
        f"\nThe sample blog page saved as text (`{SAMPLE_PAGE}`) still goes through the line rules (plain text "
        f"has no markup for trafilatura to read): {left} of its {len(SAMPLE_BOILERPLATE)} sidebar phrases left "
        f"in its {lines} cleaned lines, as before."
    )
    return "\n".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=Path, default=Path("eval/pages"))
    parser.add_argument("--distractors", type=Path, default=Path("eval/distractors"))
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    sets = {}
    for title, folder, labelled in (
        ("Saved pages with boilerplate, labelled by hand (eval/pages)", args.pages, True),
        ("The evaluation corpus's HTML pages, labelled by rule (eval/distractors)", args.distractors, False),
    ):
        pages = load_set(folder, labelled)
        sets[title] = (len(pages), measure(pages))
    markdown = report(sets, sample_page_check())
    print(markdown)
    if not args.no_write:
        print(f"\nwritten to {write_section('extraction', markdown)}")


if __name__ == "__main__":
    main()
