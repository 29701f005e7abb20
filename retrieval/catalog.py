"""An in-memory snapshot of the index: chunk texts and metadata, documents, and the lexical index.

Built from the store in one pass when the core opens the index, and rebuilt after a re-index; searches
read one snapshot from start to end, so a swap never mixes two versions in one answer.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from retrieval.aliases import Aliases
from retrieval.lexical import LexicalIndex
from retrieval.models import DocumentInfo, Passage
from retrieval.store import StoredChunk, decode_spans
from retrieval.text import month_words

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ChunkRecord:
    chunk_id: str
    row: int
    doc_id: str
    position: int
    heading: str
    text: str
    start: int
    sentence_spans: tuple[tuple[int, int], ...]
    date_key: int

    def sentence_ids(self) -> list[str]:
        return [f"{self.chunk_id}/{n}" for n in range(len(self.sentence_spans))]

    def sentence_texts(self) -> list[str]:
        return [self.text[a - self.start : b - self.start] for a, b in self.sentence_spans]


class Catalog:
    """Everything about the index that is cheap to hold in memory."""

    def __init__(self, stored: Iterable[StoredChunk], aliases: Aliases) -> None:
        self.aliases = aliases
        ordered = sorted(stored, key=lambda c: (str(c.metadata.get("doc_id")), int(c.metadata.get("position", 0))))
        self.chunks: list[ChunkRecord] = [_record(row, c) for row, c in enumerate(ordered)]
        self.by_id = {c.chunk_id: c for c in self.chunks}
        self.documents = _documents(ordered)
        self.chunks_of: dict[str, list[ChunkRecord]] = defaultdict(list)
        for chunk in self.chunks:
            self.chunks_of[chunk.doc_id].append(chunk)
        self.lexical = LexicalIndex([aliases.terms(self._lexical_text(c)) for c in self.chunks])
        self.date_keys = np.array([c.date_key for c in self.chunks], dtype=np.int64)
        log.info("catalog loaded documents=%d chunks=%d", len(self.documents), len(self.chunks))

    def _lexical_text(self, chunk: ChunkRecord) -> str:
        """What BM25 sees: the document's title and month, the heading, and the chunk's text."""
        info = self.documents[chunk.doc_id]
        return f"{info.title}\n{month_words(info.date)}\n{chunk.heading}\n{chunk.text}"

    def __len__(self) -> int:
        return len(self.chunks)

    def document(self, doc_id: str) -> DocumentInfo | None:
        return self.documents.get(doc_id)

    def find_document(self, name: str) -> DocumentInfo | None:
        """A document by id, file name or title (case-insensitive)."""
        wanted = name.strip().lower()
        for info in self.documents.values():
            if wanted in (info.doc_id.lower(), info.source.lower(), info.title.lower()):
                return info
        return None

    def mask(self, doc_id: str | None, since_key: int) -> np.ndarray | None:
        """1.0 for the rows a filter allows, or None when nothing is filtered."""
        if doc_id is None and not since_key:
            return None
        allowed = self.date_keys >= since_key if since_key else np.ones(len(self.chunks), dtype=bool)
        if doc_id is not None:
            in_doc = np.zeros(len(self.chunks), dtype=bool)
            in_doc[[c.row for c in self.chunks_of.get(doc_id, [])]] = True
            allowed &= in_doc
        return allowed.astype(np.float32)


def _record(row: int, stored: StoredChunk) -> ChunkRecord:
    meta = stored.metadata
    return ChunkRecord(
        chunk_id=stored.chunk_id,
        row=row,
        doc_id=str(meta["doc_id"]),
        position=int(meta.get("position", 0)),
        heading=str(meta.get("heading", "")),
        text=stored.text,
        start=int(meta.get("start", 0)),
        sentence_spans=tuple(decode_spans(str(meta.get("sentences", "[]")))),
        date_key=int(meta.get("date_key", 0)),
    )


def _documents(ordered: list[StoredChunk]) -> dict[str, DocumentInfo]:
    counts: dict[str, int] = defaultdict(int)
    first: dict[str, dict] = {}
    hashes: dict[str, set[str]] = defaultdict(set)
    for chunk in ordered:
        doc_id = str(chunk.metadata["doc_id"])
        counts[doc_id] += 1
        first.setdefault(doc_id, chunk.metadata)
        hashes[doc_id].add(str(chunk.metadata.get("content_hash", "")))
    return {
        doc_id: DocumentInfo(
            doc_id=doc_id,
            title=str(meta.get("title", doc_id)),
            date=str(meta.get("date", "")),
            source=str(meta.get("source", doc_id)),
            url=str(meta.get("url", "")),
            publisher=str(meta.get("publisher", "")),
            chunk_count=counts[doc_id],
            # Two versions of one document (a re-index killed half way) read as "changed": the next run mends it.
            content_hash=next(iter(hashes[doc_id])) if len(hashes[doc_id]) == 1 else "",
        )
        for doc_id, meta in first.items()
    }


def passage_of(
    record: ChunkRecord,
    info: DocumentInfo,
    scores: tuple[float, float, float] = (0.0, 0.0, 0.0),
    sentence_scores: Sequence[float] = (),
) -> Passage:
    """A chunk as a Passage: `scores` are (fused, dense, lexical); the best sentence is the best-scored one."""
    score, dense, lexical = scores
    texts = record.sentence_texts()
    best = texts[int(np.argmax(sentence_scores))] if len(sentence_scores) else ""
    return Passage(
        chunk_id=record.chunk_id,
        doc_id=record.doc_id,
        title=info.title,
        date=info.date,
        source=info.source,
        url=info.url,
        heading=record.heading,
        text=record.text,
        position=record.position,
        score=float(score),
        dense_score=float(dense),
        lexical_score=float(lexical),
        sentence_score=float(max(sentence_scores, default=0.0)),
        best_sentence=best,
        sentence_scores=tuple(float(s) for s in sentence_scores),
        sentences=tuple(texts),
    )
