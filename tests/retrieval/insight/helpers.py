"""Shared by the insight tests (the log, gaps, charts) and the Discord and bench tests that use them: questions
whose topics are known, and a PNG's size read from its header."""

from __future__ import annotations

import struct

TOPICS = {
    "hospital": [
        "What is the budget for the new hospital in Aleppo?",
        "How much funding does the Aleppo hospital project get?",
        "What does the Aleppo hospital reconstruction cost?",
        "Who pays for rebuilding the hospital in Aleppo?",
    ],
    "football": [
        "When is the next football match of the national team?",
        "Who won the national football team's last game?",
        "What was the score of the football team's match?",
    ],
    "pound": [
        "What is the exchange rate of the Syrian pound?",
        "How much is the Syrian pound worth against the dollar?",
    ],
    "vaccine": ["Which vaccine was given to the children in the camps?"],
}


def png_size(data: bytes) -> tuple[int, int]:
    """(width, height) of a PNG, after checking its signature and header chunk."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height
