"""Follow-up questions made self-contained with the earlier question of the same thread.

The rule (`follow_up`), applied to a question asked in a thread the bot opened for an earlier one:
  1. An elliptical follow-up ("and Russia?", "what about Russia?", "and what about the SDF?", or any
     question of at most three words) names a new subject: it replaces the first name (a capitalised run of
     words) of the earlier question: "what does Iran want in Deir ez-Zor?" + "and what about Russia?" ->
     "what does Russia want in Deir ez-Zor?". If the earlier question names nothing, the new subject is put
     in front of it.
  2. A full follow-up question that names nothing itself ("what happened after the siege?") is asked with
     the earlier question's names added in brackets: "what happened after the siege? (Iran, Deir ez-Zor)".
  3. A full question that names something is asked as it is.
"""

from __future__ import annotations

import re

_NAME = re.compile(r"[A-Z][\w'’-]*(?:\s+(?:[a-z]{1,3}-)?[A-Z][\w'’-]*)*")
_ELLIPTICAL = re.compile(
    r"^(?:(?:and|but|also|so)\s+)?(?:(?:what|how)\s+about\s+|and\s+)?(?P<subject>.+?)\s*[?.!]*$", re.IGNORECASE
)
_ABOUT = re.compile(r"^(?:(?:and|but|also|so)\s+)?(?:what|how)\s+about\s+|^and\s+", re.IGNORECASE)
_NOT_NAMES = {
    "what", "who", "whom", "whose", "where", "when", "why", "how", "which", "does", "do", "did", "is", "are",
    "was", "were", "can", "could", "should", "will", "would", "has", "have", "had", "and", "but", "so", "the",
    "a", "an", "in", "on", "of", "tell", "give", "show", "list", "explain", "summarize", "summarise", "i", "also",
}  # fmt: skip


def names(question: str) -> list[str]:
    """Capitalised runs of words ("Iran", "Deir ez-Zor"), leaving out capitalised question words."""
    found = []
    for match in _NAME.finditer(question):
        words = match.group().split()
        while words and words[0].lower() in _NOT_NAMES:
            words = words[1:]
        if words:
            found.append(" ".join(words))
    return found


def follow_up(previous: str, question: str) -> str:
    """The follow-up `question` made self-contained with the thread's `previous` question (rule above)."""
    question = " ".join(question.split())
    previous = " ".join(previous.split())
    if not previous or not question:
        return question
    elliptical = bool(_ABOUT.match(question)) or len(question.rstrip("?.! ").split()) <= 3
    if elliptical:
        match = _ELLIPTICAL.match(question)
        subject = match["subject"] if match else question
        earlier = names(previous)
        if earlier:
            return previous.replace(earlier[0], subject, 1)
        return f"{subject}: {previous}"
    if names(question):
        return question
    earlier = names(previous)
    return f"{question} ({', '.join(earlier)})" if earlier else question


