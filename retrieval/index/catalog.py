"""The serving snapshot of an index: its chunk table, its documents and its lexical index, used together.

A catalog is loaded from the snapshot folder the indexer wrote (see snapshots.py: milliseconds, the large
arrays memory-mapped), or, when there is none (an index built elsewhere, a Chroma server shared with
another machine), rebuilt from the store in one pass and then saved. Searches read one catalog from start
to end, so a swap never mixes two versions in one answer. Rows are in reading order (date, document,
position): a document's chunks are one run of rows and "since a date" is a suffix.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import overload

import numpy as np

from retrieval.index.lexical import LexicalIndex
from retrieval.index.segments import LiveSegment, logical_table
from retrieval.index.store import ChromaIndex, StoredChunk, decode_spans, decode_vectors
from retrieval.index.table import ChunkTable, NewRow
from retrieval.ingest.dates import month_words
from retrieval.ingest.loaders import audience_of, document_set
from retrieval.ingest.names import Aliases
from retrieval.ingest.sentences import sentence_kinds
from retrieval.records import QUOTABLE_KINDS, DocumentInfo, Passage

log = logging.getLogger(__name__)

STORE_PAGE = 500  # chunks per request when rebuilding from the store


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

    def sentence_kinds(self, title: str = "") -> list[str]:
        """Each sentence's kind (a heading, a list item, a byline ...), read from the line it stands on; a
        sentence that only repeats the document's `title` ("Deir Ezzor: Everyone wants it.") is a heading."""
        kinds = sentence_kinds(self.text, [(a - self.start, b - self.start) for a, b in self.sentence_spans])
        if title:
            wanted = _letters(title)
            kinds = [
                "heading" if _letters(t) == wanted else k for t, k in zip(self.sentence_texts(), kinds, strict=True)
            ]
        return kinds


def _letters(text: str) -> str:
    return re.sub(r"\W+", "", text.lower())


def lexical_text(title: str, date: str, heading: str, text: str) -> str:
    """What BM25 sees: the document's title and month, the chunk's heading, and its text."""
    return f"{title}\n{month_words(date)}\n{heading}\n{text}"


Stamp = tuple[int, ...]  # a document file's (and its sidecar's) size and modification time, as indexed


class Catalog:
    """Everything about one version of the index that a question needs besides Chroma's nearest neighbours.

    `parts`: the segments it was opened from with their dead rows (empty for a catalog built in memory);
    `stamps`: each document file's size and time when it was indexed (a re-index skips files that match)."""

    def __init__(
        self,
        table: ChunkTable,
        documents: dict[str, DocumentInfo],
        aliases: Aliases,
        lexical: LexicalIndex | None,
        parts: Sequence[LiveSegment] = (),
        stamps: Mapping[str, Stamp] | None = None,
    ) -> None:
        self.table = table
        self.documents = documents
        self.aliases = aliases
        self.lexical = lexical or LexicalIndex.build(table.vocabulary, table.term_offsets, table.term_ids)
        self.parts = list(parts)
        self.stamps = dict(stamps or {})
        self.date_keys = np.asarray(table.date_keys)
        self._row_of = {chunk_id: row for row, chunk_id in enumerate(table.chunk_ids)}
        self._doc_rows = _document_rows(table)
        log.info("catalog ready documents=%d chunks=%d segments=%d", len(documents), len(table), len(self.parts))

    @classmethod
    def of_segments(
        cls,
        parts: Sequence[LiveSegment],
        documents: dict[str, DocumentInfo],
        aliases: Aliases,
        stamps: Mapping[str, Stamp],
    ) -> Catalog:
        """The catalog of the live rows of these segments."""
        table, postings = logical_table(parts)
        return cls(table, documents, aliases, LexicalIndex(postings, len(table)), parts, stamps)

    def without(self, doc_ids: set[str]) -> list[LiveSegment]:
        """This version's segments with the rows of these documents dead too (they are replaced or removed)."""
        next_parts = []
        for part in self.parts:
            names = part.segment.table.doc_ids
            gone = np.array([r for r in range(len(names)) if names[r] in doc_ids], dtype=np.int64)
            next_parts.append(LiveSegment(part.segment, np.union1d(part.dead, gone).astype(np.int64)))
        return [p for p in next_parts if p.live_count]

    def retokenized(self, aliases: Aliases) -> Catalog:
        """The same rows with their BM25 terms folded by these aliases (in memory; a re-index saves them)."""
        table = retokenized(self.table, self.documents, aliases)
        return Catalog(table, self.documents, aliases, None, self.parts, self.stamps)

    def __len__(self) -> int:
        return len(self.table)

    # The views are made on each use, not kept: a catalog that refers to nothing referring back to it is freed
    # the moment a swap drops it, without waiting for (or being frozen away from) the cycle collector.
    @property
    def chunks(self) -> Sequence[ChunkRecord]:
        """Every chunk as a ChunkRecord, in row order, made on demand."""
        return _Rows(self)

    @property
    def by_id(self) -> Mapping[str, ChunkRecord]:
        """Chunk id -> ChunkRecord."""
        return _ById(self)

    @property
    def chunks_of(self) -> Mapping[str, list[ChunkRecord]]:
        """Document id -> its ChunkRecords in reading order (an unknown id: an empty list)."""
        return _ByDocument(self)

    def record(self, row: int) -> ChunkRecord:
        t = self.table
        return ChunkRecord(
            chunk_id=t.chunk_ids[row],
            row=row,
            doc_id=t.doc_ids[row],
            position=int(t.positions[row]),
            heading=t.headings[row],
            text=t.text(row),
            start=int(t.starts[row]),
            sentence_spans=t.spans(row),
            date_key=int(t.date_keys[row]),
        )

    def row_of(self, chunk_id: str) -> int | None:
        return self._row_of.get(chunk_id)

    def rows_of(self, doc_id: str) -> range:
        return self._doc_rows.get(doc_id, range(0))

    def allowed(self, doc_id: str | None, since_key: int, until_key: int = 0) -> range | None:
        """The rows a filter allows (one run of rows, thanks to the reading order), or None when unfiltered.
        `until_key`: only documents dated up to that day (0: no bound)."""
        if doc_id is None and not since_key and not until_key:
            return None
        first = int(np.searchsorted(self.date_keys, since_key, side="left")) if since_key else 0
        last = int(np.searchsorted(self.date_keys, until_key, side="right")) if until_key else len(self)
        rows = range(first, len(self)) if doc_id is None else self.rows_of(doc_id)
        return range(max(rows.start, first), max(min(rows.stop, last), first))

    def in_month(self, month: int) -> np.ndarray:
        """One bool per row: the row's document is dated in `month` (1-12) of any year (undated: False)."""
        return np.asarray((self.date_keys // 100) % 100 == month, dtype=bool)

    def sentence_vectors(self, row: int) -> np.ndarray:
        """The row's sentence vectors as float32."""
        span = self.table.sentence_rows(row)
        return np.asarray(self.table.sentence_vectors[span.start : span.stop], dtype=np.float32)

    def quote_vector(self, chunk_id: str, quote: str) -> np.ndarray | None:
        """The stored vector of the sentence a quote of the chunk is (or starts with: a sentence announcing a
        list is quoted with its items), or None when the chunk or the sentence is not found."""
        row = self.row_of(chunk_id)
        if row is None:
            return None
        texts = [t.strip() for t in self.record(row).sentence_texts()]
        starts = [i for i, t in enumerate(texts) if t and (quote == t or quote.startswith(t + " "))]
        if not starts:
            return None
        vectors = self.sentence_vectors(row)
        best = max(starts, key=lambda i: len(texts[i]))
        return vectors[best] if best < len(vectors) else None

    def document(self, doc_id: str) -> DocumentInfo | None:
        return self.documents.get(doc_id)

    # -- building ----------------------------------------------------------------------------------

    @classmethod
    def from_store(cls, index: ChromaIndex, aliases: Aliases, dimension: int) -> Catalog:
        """Rebuild from what the store holds (ids, texts, metadata, chunk and sentence vectors)."""
        stored = list(index.iter_chunks())
        documents = _documents(stored)
        rows = []
        for lo in range(0, len(stored), STORE_PAGE):
            page = stored[lo : lo + STORE_PAGE]
            chunk_vectors = index.chunk_vectors([c.chunk_id for c in page])
            for chunk in page:
                spans = tuple(decode_spans(str(chunk.metadata.get("sentences", "[]"))))
                vectors = decode_vectors(str(chunk.metadata.get("sentence_vectors", "")), dimension)
                usable = vectors if vectors is not None and len(vectors) == len(spans) else None
                rows.append(_stored_row(chunk, spans, chunk_vectors, usable, documents, aliases, dimension))
        log.info("catalog rebuilt from the store chunks=%d", len(rows))
        return cls(ChunkTable.build(rows, dimension).in_reading_order(), documents, aliases, None)


def retokenized(table: ChunkTable, documents: Mapping[str, DocumentInfo], aliases: Aliases) -> ChunkTable:
    """The table with every row's BM25 terms recomputed with these aliases."""
    terms = []
    for row in range(len(table)):
        info = documents[table.doc_ids[row]]
        terms.append(aliases.terms(lexical_text(info.title, info.date, table.headings[row], table.text(row))))
    return table.with_terms(terms)


def _stored_row(
    chunk: StoredChunk,
    spans: tuple[tuple[int, int], ...],
    chunk_vectors: dict[str, np.ndarray],
    sentence_vectors: np.ndarray | None,
    documents: dict[str, DocumentInfo],
    aliases: Aliases,
    dimension: int,
) -> NewRow:
    meta = chunk.metadata
    info = documents[str(meta["doc_id"])]
    heading = str(meta.get("heading", ""))
    vector = chunk_vectors.get(chunk.chunk_id, np.zeros(dimension, dtype=np.float32))
    return NewRow(
        chunk_id=chunk.chunk_id,
        doc_id=info.doc_id,
        position=int(meta.get("position", 0)),
        heading=heading,
        start=int(meta.get("start", 0)),
        date_key=int(meta.get("date_key", 0)),
        text=chunk.text,
        spans=spans if sentence_vectors is not None else (),
        vector=vector,
        sentence_vectors=sentence_vectors if sentence_vectors is not None else np.zeros((0, dimension)),
        terms=aliases.terms(lexical_text(info.title, info.date, heading, chunk.text)),
    )


def _document_rows(table: ChunkTable) -> dict[str, range]:
    first: dict[str, int] = {}
    last: dict[str, int] = {}
    for row, doc_id in enumerate(table.doc_ids):
        first.setdefault(doc_id, row)
        last[doc_id] = row
    runs = {d: range(first[d], last[d] + 1) for d in first}
    if sum(len(r) for r in runs.values()) != len(table):
        raise ValueError("the chunk table is not in reading order: a document's rows are not contiguous")
    return runs


def _documents(stored: list[StoredChunk]) -> dict[str, DocumentInfo]:
    counts: dict[str, int] = defaultdict(int)
    first: dict[str, dict] = {}
    hashes: dict[str, set[str]] = defaultdict(set)
    for chunk in stored:
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
            doc_set=str(meta.get("set", "")) or document_set(doc_id),
            audience=audience_of(str(meta.get("audience", ""))),
            supersedes=str(meta.get("supersedes", "")),
        )
        for doc_id, meta in first.items()
    }


class _Rows(Sequence[ChunkRecord]):
    """`catalog.chunks`: every chunk as a ChunkRecord, made on demand."""

    def __init__(self, catalog: Catalog) -> None:
        self._catalog = catalog

    def __len__(self) -> int:
        return len(self._catalog)

    @overload
    def __getitem__(self, index: int) -> ChunkRecord: ...
    @overload
    def __getitem__(self, index: slice) -> list[ChunkRecord]: ...
    def __getitem__(self, index: int | slice) -> ChunkRecord | list[ChunkRecord]:
        if isinstance(index, slice):
            return [self._catalog.record(r) for r in range(len(self))[index]]
        if not -len(self) <= index < len(self):
            raise IndexError(index)
        return self._catalog.record(index % len(self))


class _ById(Mapping[str, ChunkRecord]):
    """`catalog.by_id`: chunk id -> ChunkRecord."""

    def __init__(self, catalog: Catalog) -> None:
        self._catalog = catalog

    def __getitem__(self, chunk_id: str) -> ChunkRecord:
        row = self._catalog.row_of(chunk_id)
        if row is None:
            raise KeyError(chunk_id)
        return self._catalog.record(row)

    def __contains__(self, chunk_id: object) -> bool:
        return isinstance(chunk_id, str) and self._catalog.row_of(chunk_id) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(self._catalog.table.chunk_ids)

    def __len__(self) -> int:
        return len(self._catalog)


class _ByDocument(Mapping[str, list[ChunkRecord]]):
    """`catalog.chunks_of`: document id -> its ChunkRecords in reading order (an unknown id: an empty list)."""

    def __init__(self, catalog: Catalog) -> None:
        self._catalog = catalog

    def __getitem__(self, doc_id: str) -> list[ChunkRecord]:
        return [self._catalog.record(r) for r in self._catalog.rows_of(doc_id)]

    def __iter__(self) -> Iterator[str]:
        return iter(self._catalog.documents)

    def __len__(self) -> int:
        return len(self._catalog.documents)


def passage_of(
    record: ChunkRecord,
    info: DocumentInfo,
    scores: tuple[float, float, float] = (0.0, 0.0, 0.0),
    sentence_scores: Sequence[float] = (),
) -> Passage:
    """A chunk as a Passage: `scores` are (fused, dense, lexical); the best sentence is the best-scored one."""
    score, dense, lexical = scores
    texts = record.sentence_texts()
    kinds = record.sentence_kinds(info.title)
    scored = zip(sentence_scores, texts, kinds, strict=False)
    quotable = [(score, text) for score, text, kind in scored if kind in QUOTABLE_KINDS]
    best = max(quotable)[1] if quotable else ""
    return Passage(
        chunk_id=record.chunk_id,
        document=info,
        heading=record.heading,
        text=record.text,
        position=record.position,
        score=float(score),
        dense_score=float(dense),
        lexical_score=float(lexical),
        sentence_score=float(max(sentence_scores, default=0.0)),
        sentence_scores=tuple(float(s) for s in sentence_scores),
        best_sentence=best,
        sentences=tuple(texts),
        sentence_kinds=tuple(kinds),
    )
