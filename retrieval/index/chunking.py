"""The text-splitting adapter: LangChain's recursive splitter, measured in the embedding model's tokens.

Splits prefer paragraph breaks, then line breaks, then sentence ends, then clause marks, so a chunk rarely
starts mid-sentence. Chunks overlap by about `chunk_overlap_tokens`. Every chunk is checked against the
model's limit (special tokens included): nothing is ever silently cut by the model.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from retrieval.ingest.sentences import split_sentences
from retrieval.records import Chunk, Document

SEPARATORS = ["\n\n", "\n", r"(?<=[.!?])\s+", r";\s+", r",\s+", r"\s+", ""]
if TYPE_CHECKING:
    from langchain_text_splitters import RecursiveCharacterTextSplitter

_HEADING = re.compile(r"^(#{1,6}\s+.+|[A-Z][^.!?\n]{2,60}:)$")


@dataclass(frozen=True)
class ChunkerConfig:
    chunk_tokens: int
    overlap_tokens: int
    max_tokens: int

    def signature(self) -> str:
        return f"recursive-v1/{self.chunk_tokens}/{self.overlap_tokens}"


class Chunker:
    def __init__(self, config: ChunkerConfig, count_tokens: Callable[[str], int]) -> None:
        self.config = config
        self._count_tokens = count_tokens

    @functools.cached_property
    def _splitter(self) -> RecursiveCharacterTextSplitter:
        """Imported on first use: answering questions never needs LangChain (half a second of start-up)."""
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        return RecursiveCharacterTextSplitter(
            separators=SEPARATORS,
            is_separator_regex=True,
            keep_separator="end",
            chunk_size=self.config.chunk_tokens,
            chunk_overlap=self.config.overlap_tokens,
            length_function=self._count_tokens,
            strip_whitespace=True,
        )

    def split(self, document: Document) -> list[Chunk]:
        """The document's chunks, each with its span, heading and sentences."""
        chunks: list[Chunk] = []
        cursor = 0
        for position, piece in enumerate(self._splitter.split_text(document.text)):
            start = document.text.find(piece, cursor)
            if start < 0:  # the splitter strips and re-joins; fall back to a search from the top
                start = max(document.text.find(piece), 0)
            end = start + len(piece)
            cursor = start + 1
            chunks.append(self._chunk(document, position, start, end))
        return chunks

    def _chunk(self, document: Document, position: int, start: int, end: int) -> Chunk:
        text = document.text[start:end]
        tokens = self._count_tokens(text)
        if tokens > self.config.max_tokens:
            raise ValueError(f"chunk {position} of {document.doc_id} has {tokens} tokens, over the model's limit")
        digest = hashlib.sha1(f"{document.doc_id}\0{document.content_hash}".encode()).hexdigest()[:16]
        return Chunk(
            chunk_id=f"{digest}-{position:05d}",
            doc_id=document.doc_id,
            position=position,
            start=start,
            end=end,
            heading=heading_before(document.text, start) or document.title,
            text=text,
            sentences=tuple(split_sentences(text, offset=start)),
            token_count=tokens,
        )


def heading_before(text: str, start: int) -> str:
    """The last heading-like line that starts at or before `start` (Markdown `#` or a short `Label:` line)."""
    for line in reversed(text[: start + 1].splitlines()[-200:]):
        stripped = line.strip()
        if _HEADING.match(stripped):
            return stripped.lstrip("#").strip().rstrip(":")
        label = re.match(r"^([A-Z][A-Za-z ]{2,40}):\s", stripped)
        if label:
            return label.group(1)
    return ""
