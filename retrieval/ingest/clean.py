"""Unicode clean-up for the loaders, and the boilerplate line rules for web pages saved as plain text."""

from __future__ import annotations

import re
import unicodedata

_CHAR_MAP = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00a0": " ",
        "\u2007": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u200a": " ",
        "\u3000": " ",
        "\u200b": "",
        "\u200c": "",
        "\u200d": "",
        "\ufeff": "",
        "\u00ad": "",
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2212": "-",
        "\r": "",
    }
)


_BULLET_LINE = re.compile(r"^[ \t]*[\u2022\u2023\u2043\u25aa\u25cf\u25e6\u2219\u00b7\u25a0\u25a1*\u2013\u2014-][ \t]+")


_HASHTAG_LINE = re.compile(r"^\s*(#[^\s#]+\s*){1,20}$")


# Lines that web-page exports append (blog "sidebar" widgets, share buttons). Matched whole, case-insensitively.
BOILERPLATE_LINES = frozenset(
    {
        "featured posts",
        "recent posts",
        "search by tags",
        "no tags yet.",
        "no tags yet",
        "follow us",
        "facebook basic square",
        "twitter basic square",
        "google+ basic square",
        "linkedin basic square",
        "instagram basic square",
        "share this post",
        "share on facebook",
        "share on twitter",
        "archive",
        "subscribe",
        "back to top",
        "read more",
        "related posts",
        "leave a comment",
        "all posts",
        "log in to comment",
        "see all",
    }
)


def normalize_unicode(text: str) -> str:
    """NFKC, straight quotes, plain spaces and hyphens, no zero-width characters."""
    return unicodedata.normalize("NFKC", text.translate(_CHAR_MAP)).translate(_CHAR_MAP)


def is_boilerplate(line: str) -> bool:
    stripped = _BULLET_LINE.sub("", line).strip().lower()
    return stripped in BOILERPLATE_LINES


def hashtags(line: str) -> tuple[str, ...]:
    """The tags of a line made only of #hashtags ("#Syria #ISIS"), else ()."""
    if not _HASHTAG_LINE.match(line) or line.lstrip().startswith("# "):
        return ()
    return tuple(tag.lstrip("#").lower() for tag in line.split())


def clean_text(text: str, drop_boilerplate: bool = True) -> tuple[str, tuple[str, ...]]:
    """Cleaned text and the hashtags found on tag-only lines (which are removed). `drop_boilerplate` applies
    the line rules for web pages saved as text (a blog's sidebar widgets); a web page read as HTML gets its
    main text from trafilatura instead (webpage.py), so those rules are not applied to it."""
    lines: list[str] = []
    tags: list[str] = []
    for raw in normalize_unicode(text).split("\n"):
        line = re.sub(r"[ \t]+", " ", raw).strip()
        if drop_boilerplate and is_boilerplate(line):
            continue
        found = hashtags(line)
        if found:
            tags.extend(found)
            continue
        lines.append(_BULLET_LINE.sub("- ", line))
    cleaned = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return cleaned, tuple(dict.fromkeys(tags))
