"""Lists in briefings: a sentence that announces a list and the items that follow it, quoted as one.

Two shapes are read: a sentence ending with ":" followed by bullets, numbers or ";"-ended lines ("... for
three reasons:" / "- Relieve its besieged garrison;"), and a sentence counting what it announces followed
by sentences opening with "First", "Second", ... ("Al-Tanf serves three purposes for Washington. First, it
is a training base ..."). A quote of the announcing sentence carries its items, so it holds the answer
when they do. Asked for a list ("list each actor's aims"), a quote of one bullet under a heading carries the
bullets around it (`items_around`), and a brief sentence announcing what follows ("Other actors are watching.")
the sentences that tell it (`told_after`).
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
BULLET = re.compile(r"^\s*(?:[-*\u2022]|\d+[.)])\s")  # a marked item only (LIST_ITEM also takes "First, ...")


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


def told_after(sentences: Sequence[str], at: int) -> list[str]:
    """The sentences that tell what a brief opening sentence `at` announces ("Other actors are watching."
    followed by what Turkey, Damascus and Russia are doing): at most EXPLAINED follow; none for a longer one
    or one that names someone."""
    words = sentences[at].split()
    names = any(word[:1].isupper() for word in words[1:])  # "Russia waits." says something of its own
    if (
        len(words) > BRIEF_OPENING
        or names
        or not sentences[at].rstrip().endswith(".")
        or LIST_ITEM.match(sentences[at])
    ):
        return []
    told: list[str] = []
    for following in sentences[at + 1 : at + 1 + EXPLAINED]:
        if LIST_ITEM.match(following):
            break  # a bullet list of its own, quoted by `items_around` when asked for
        told.append(following.strip())
    return told


BRIEF_OPENING = 5  # words of a sentence that only announces what the next ones tell
EXPLAINED = 2  # sentences quoted after such an opening


def items_around(sentences: Sequence[str], at: int) -> list[str]:
    """The run of bullet or numbered items that sentence `at` belongs to (at most MAX_LIST_ITEMS, from the
    first), or [] when it is no such item."""
    if not BULLET.match(sentences[at]):
        return []
    start = at
    while start > 0 and BULLET.match(sentences[start - 1]):
        start -= 1
    end = at
    while end + 1 < len(sentences) and BULLET.match(sentences[end + 1]):
        end += 1
    run = [s.strip() for s in sentences[start : end + 1]]
    return run[:MAX_LIST_ITEMS] if at - start < MAX_LIST_ITEMS else [sentences[at].strip()]
