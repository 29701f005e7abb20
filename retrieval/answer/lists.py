"""Lists in briefings: a sentence that announces a list and the items that follow it, quoted as one.

Two shapes are read: a sentence ending with ":" followed by bullets, numbers or ";"-ended lines ("... for
three reasons:" / "- Relieve its besieged garrison;"), and a sentence counting what it announces followed
by sentences opening with "First", "Second", ... ("Al-Tanf serves three purposes for Washington. First, it
is a training base ..."). A quote of the announcing sentence carries its items, so it holds the answer
when they do.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

LIST_ITEM = re.compile(
    r"^\s*(?:[-*\u2022]|\d+[.)]|\(?[a-z]\)|(?:first|second|third|fourth|fifth|finally|lastly)\b)", re.I
)
ORDINAL_ITEM = re.compile(r"^\s*(?:first|second|third|fourth|fifth|finally|lastly)\b", re.I)
FIRST_ITEM = re.compile(r"^\s*first(?:ly)?\b", re.I)
# "three purposes", "two main reasons", "several factors": a sentence counting what it announces
COUNTED_THINGS = re.compile(
    r"\b(?:two|three|four|five|six|several|\d)\s+(?:\w+\s+)?(?:reasons|purposes|factors|aims|goals|objectives|"
    r"axes|ways|points|priorities|options|lessons|judgments|elements|changes|risks|scenarios|things|steps|"
    r"interests|motives|consequences|problems|questions|tasks|phases|stages)\b",
    re.I,
)
MAX_LIST_ITEMS = 6


def announces_list(sentences: Sequence[str], at: int) -> bool:
    """Whether sentence `at` announces a list whose items follow it: it ends with ":", or it counts what it
    announces and the next sentence opens with "First"."""
    text = sentences[at].rstrip()
    if text.endswith(":"):
        return True
    following = sentences[at + 1] if at + 1 < len(sentences) else ""
    return bool(COUNTED_THINGS.search(text) and FIRST_ITEM.match(following))


def list_items(sentences: Sequence[str], at: int) -> list[str]:
    """The items of the list sentence `at` announces (none when it announces none)."""
    if not announces_list(sentences, at):
        return []
    colon = sentences[at].rstrip().endswith(":")
    items: list[str] = []
    for following in sentences[at + 1 :]:
        item = following.strip()
        is_item = (LIST_ITEM.match(item) or item.endswith(";")) if colon else ORDINAL_ITEM.match(item)
        if len(items) >= MAX_LIST_ITEMS or not is_item:
            break
        items.append(item)
    return items
