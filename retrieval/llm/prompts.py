"""The prompts (files in `prompts/`) and the numbered, delimited passages they are given."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from retrieval.errors import ConfigError
from retrieval.records import Passage

log = logging.getLogger(__name__)


PROMPTS_DIR = Path(__file__).resolve().parents[2] / "prompts"


PROMPT_NAMES = ("answer", "topic_summary", "document_summary", "rewrite_followup")


_PASSAGE_TAG = re.compile(r"<\s*/?\s*passages?\b[^>]*>?", re.I)


def load_prompt(name: str, directory: Path = PROMPTS_DIR) -> Any:
    """A `ChatPromptTemplate` (system + human) from `prompts/NAME.txt` (sections `[system]` and `[human]`)."""
    from langchain_core.prompts import ChatPromptTemplate

    path = directory / f"{name}.txt"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ConfigError(f"The prompt file {path} cannot be read ({error.strerror}): restore it from git.") from None
    match = re.fullmatch(r"\s*\[system\]\s*\n(.*?)\n\[human\]\s*\n(.*?)\s*", text, re.S)
    if not match:
        raise ConfigError(f"The prompt file {path} must have a `[system]` section, then a `[human]` section.")
    return ChatPromptTemplate.from_messages([("system", match[1].strip()), ("human", match[2].strip())])


def format_passages(passages: Sequence[Passage]) -> str:
    """The passages as numbered, delimited blocks; tags that could close a block are defused."""
    return "\n\n".join(
        f'<passage id="{n}">\ntitle: {_defuse(p.title)}\ndate: {p.date or "undated"}\ntext:\n{_defuse(p.text)}\n'
        "</passage>"
        for n, p in enumerate(passages, start=1)
    )


def _defuse(text: str) -> str:
    return _PASSAGE_TAG.sub(lambda m: m.group().replace("<", "(").replace(">", ")"), text)
