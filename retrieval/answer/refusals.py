"""A refusal in one plain sentence for a reader ("The briefings do not answer this: no passage comes close."),
the internal reason and its scores kept for --json and -v."""

from __future__ import annotations

import re

from retrieval.records import Answer

FILTER_REASON = "the filter leaves no passage"  # the answer's text already says what the filter left out
NOT_ANSWERED_IN_SCOPE = "The briefings you can read do not answer this question."  # a member's scoped refusal
_PLAIN = {
    "no passage is close to the question": "no passage comes close",
    "no passage of the briefings matches the question": "no passage matches it",
}
_FIGURES = re.compile(r"\s*\([^()]*\d[^()]*\)")


def plain_reason(reason: str) -> str:
    """The reason without raw scores ("(best match 0.31)", "(20%)") and in plain words."""
    reason = _FIGURES.sub("", reason).strip().rstrip(".")
    reason = _PLAIN.get(reason, reason)
    return re.sub(r"^the briefings\b", "they", reason)


def refusal_text(answer: Answer, verbose: bool = False) -> str:
    """What a reader sees when the briefings do not answer: one sentence (the raw reason when `verbose`)."""
    if not answer.reason or answer.reason == FILTER_REASON:
        return answer.text
    if answer.citations:  # "The briefings discuss X [1] but give no figure for Y": what they do say, cited
        return answer.text + (f" ({answer.reason.rstrip('.')}.)" if verbose else "")
    reason = answer.reason.rstrip(".") if verbose else plain_reason(answer.reason)
    briefings = "The briefings you can read" if answer.text == NOT_ANSWERED_IN_SCOPE else "The briefings"
    return f"{briefings} do not answer this: {reason}."
