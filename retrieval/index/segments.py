"""Segments: an index version as a few immutable tables on disk, seen as one table in reading order.

A full build writes one segment. A small change writes a delta segment holding only the new rows, and the
version's manifest lists the rows of older segments that are dead (tombstones: the chunks of a changed or
removed document). `logical_table` presents the live rows of all segments as one `ChunkTable` in reading
order (date, document, position) without copying the large columns: the per-row columns (ids, dates, offsets)
are gathered into memory, the vectors, texts and term ids are views that map a row to its segment's
memory-mapped file. A version with one segment and no tombstones is that segment's table itself, with no
view in between. When deltas grow, `merge` writes the live rows into one new segment, batch by batch.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, cast

import numpy as np

from retrieval.index.lexical import LivePostings, Postings, read_int32, write_postings
from retrieval.index.table import ChunkTable, TableWriter

log = logging.getLogger(__name__)

MERGE_BATCH_ROWS = 2048  # rows copied at a time when merging segments
MERGE_SHARE = 0.1  # merge once delta rows and tombstones pass this share of the live rows
MAX_SEGMENTS = 8
NO_ROWS = np.zeros(0, dtype=np.int64)


@dataclass(frozen=True)
class Segment:
    """One immutable table of rows and its BM25 postings, saved in its own folder."""

    name: str
    folder: Path
    table: ChunkTable
    postings: Postings

    def __len__(self) -> int:
        return len(self.table)

    @classmethod
    def load(cls, folder: Path) -> Segment:
        table = ChunkTable.load(folder)
        return cls(folder.name, folder, table, Postings.load(folder, table.vocabulary))

    @classmethod
    def finish(cls, writer: TableWriter) -> Segment:
        """Close a written table, build and save its postings."""
        table = writer.finish()
        ids_file = writer.folder / "term_ids.bin"
        held = write_postings(
            writer.folder,
            table.vocabulary,
            table.term_offsets,
            lambda lo, hi: read_int32(ids_file, lo, hi),
        )
        log.debug("postings written folder=%s rows=%d most_held=%d", writer.folder.name, len(table), held)
        return cls(writer.folder.name, writer.folder, table, Postings.load(writer.folder, table.vocabulary))


@dataclass(frozen=True)
class LiveSegment:
    """A segment as one version of the index uses it: with the rows that are dead in that version."""

    segment: Segment
    dead: np.ndarray  # sorted physical row numbers

    @property
    def live_count(self) -> int:
        return len(self.segment) - len(self.dead)

    def live_mask(self) -> list[bool]:
        """One flag per physical row: live in this version."""
        live = np.ones(len(self.segment), dtype=bool)
        live[np.asarray(self.dead, dtype=np.int64)] = False
        return live.tolist()


def logical_table(parts: Sequence[LiveSegment]) -> tuple[ChunkTable, list[LivePostings]]:
    """The live rows of the segments as one table in reading order, and each segment's postings numbered
    as its rows."""
    if not parts:
        raise ValueError("a table needs at least one segment")
    if in_reading_order(parts):
        return parts[0].segment.table, [LivePostings(parts[0].segment.postings)]
    seg, local = _reading_order(parts)
    logical: list[LivePostings] = []
    for s, part in enumerate(parts):
        numbers = np.full(len(part.segment), -1, dtype=np.int64)
        mine = np.flatnonzero(seg == s)
        numbers[local[mine]] = mine
        logical.append(LivePostings(part.segment.postings, numbers))
    return _gathered([p.segment.table for p in parts], seg, local), logical


def copy_live_rows(
    parts: Sequence[LiveSegment],
    writer: TableWriter,
    terms: Callable[[ChunkTable], Sequence[Sequence[str]]] | None = None,
    batch_rows: int = MERGE_BATCH_ROWS,
) -> None:
    """Append the live rows of the segments, in reading order, to a new segment's writer, a batch of rows at
    a time (a merge). `terms`: new BM25 terms for a batch's rows (the alias file changed)."""
    table, _ = logical_table(parts)
    for start in range(0, len(table), batch_rows):
        batch = table.take(np.arange(start, min(start + batch_rows, len(table)), dtype=np.int64))
        writer.append(batch.with_terms(terms(batch)) if terms else batch)


def merge_due(parts: Sequence[LiveSegment], share: float = MERGE_SHARE, most: int = MAX_SEGMENTS) -> bool:
    """Whether the deltas have grown enough to merge: more than `most` segments, or more than `share` of the
    rows outside the first segment's live ones (delta rows and tombstones)."""
    if not parts:
        return False
    live = sum(p.live_count for p in parts)
    outside = sum(len(p.dead) for p in parts) + sum(len(p.segment) for p in parts[1:])
    return len(parts) > most or outside > share * max(live, 1)


def live_chunk_ids(parts: Sequence[LiveSegment]) -> set[str]:
    """The chunk ids of the live rows of these segments."""
    return {
        chunk_id for part in parts for chunk_id in itertools.compress(part.segment.table.chunk_ids, part.live_mask())
    }


def in_reading_order(parts: Sequence[LiveSegment]) -> bool:
    """Whether these are one segment whose rows are all live and already in reading order (no merge needed)."""
    return len(parts) == 1 and not len(parts[0].dead) and _in_reading_order(parts[0].segment.table)


def _in_reading_order(table: ChunkTable) -> bool:
    """Whether the rows are sorted by (date, document, position): one look at each pair of neighbours."""
    dates, positions, docs = np.asarray(table.date_keys), np.asarray(table.positions), table.doc_ids
    for row in range(1, len(table)):
        before = (int(dates[row - 1]), docs[row - 1], int(positions[row - 1]))
        if before > (int(dates[row]), docs[row], int(positions[row])):
            return False
    return True


def _sort_keys(tables: Sequence[ChunkTable]) -> list[np.ndarray]:
    """(date, document, position) of every row of the tables in turn, the document as its rank by name."""
    doc_ids = np.array([d for t in tables for d in t.doc_ids], dtype=object)
    _, doc_rank = np.unique(doc_ids, return_inverse=True) if len(doc_ids) else (None, np.zeros(0, np.int64))
    dates = np.concatenate([np.asarray(t.date_keys, np.int64) for t in tables]) if tables else np.zeros(0)
    positions = np.concatenate([np.asarray(t.positions, np.int64) for t in tables]) if tables else np.zeros(0)
    return [dates, np.asarray(doc_rank, np.int64).reshape(-1), positions]


def _reading_order(parts: Sequence[LiveSegment]) -> tuple[np.ndarray, np.ndarray]:
    """For each live row in reading order: its segment and its row there."""
    tables = [p.segment.table for p in parts]
    seg_all = np.concatenate([np.full(len(t), s, dtype=np.int64) for s, t in enumerate(tables)])
    local_all = np.concatenate([np.arange(len(t), dtype=np.int64) for t in tables])
    alive = np.ones(len(seg_all), dtype=bool)
    start = 0
    for part in parts:
        alive[start + np.asarray(part.dead, np.int64)] = False
        start += len(part.segment)
    keys = _sort_keys(tables)
    order = np.lexsort(keys[::-1])
    order = order[alive[order]]
    return seg_all[order], local_all[order]


def _gathered(tables: Sequence[ChunkTable], seg: np.ndarray, local: np.ndarray) -> ChunkTable:
    """The table of the given rows: short columns gathered, long ones viewed."""
    vocabulary: dict[str, int] = {}
    remaps = [np.array([vocabulary.setdefault(w, len(vocabulary)) for w in t.vocabulary], np.int32) for t in tables]
    pairs = list(zip(seg.tolist(), local.tolist(), strict=True))
    first = tables[0]

    def short(name: str) -> np.ndarray:
        out = np.zeros(len(seg), dtype=np.asarray(getattr(first, name)).dtype)
        for s, table in enumerate(tables):
            mine = seg == s
            out[mine] = np.asarray(getattr(table, name))[local[mine]]
        return out

    text = _RaggedView([t.text_offsets for t in tables], [t.text_bytes for t in tables], seg, local)
    sentences = _RaggedView([t.sentence_offsets for t in tables], [t.sentence_vectors for t in tables], seg, local)
    spans = _RaggedView([t.sentence_offsets for t in tables], [t.sentence_spans for t in tables], seg, local)
    terms = _RaggedView([t.term_offsets for t in tables], [t.term_ids for t in tables], seg, local, remaps)
    return replace(
        first,
        chunk_ids=[tables[s].chunk_ids[r] for s, r in pairs],
        doc_ids=[tables[s].doc_ids[r] for s, r in pairs],
        headings=[tables[s].headings[r] for s, r in pairs],
        positions=short("positions"),
        starts=short("starts"),
        date_keys=short("date_keys"),
        text_offsets=text.offsets,
        text_bytes=_as_array(text),
        sentence_offsets=sentences.offsets,
        sentence_spans=np.asarray(spans),
        chunk_vectors=_as_array(_RowsView([t.chunk_vectors for t in tables], seg, local)),
        sentence_vectors=_as_array(sentences),
        term_offsets=terms.offsets,
        term_ids=_as_array(terms),
        vocabulary=list(vocabulary),
    )


def _as_array(view: _RowsView | _RaggedView) -> np.ndarray:
    """A view where the table expects an array: it answers the indexing the table and the search use (an int,
    a slice, an array of row numbers) and np.asarray, with the same results as the array would."""
    return cast(np.ndarray, view)


class _RowsView:
    """A per-row column over segments: row r is parts[seg[r]][local[r]]."""

    def __init__(self, parts: Sequence[np.ndarray], seg: np.ndarray, local: np.ndarray) -> None:
        self._parts = parts
        self._seg = seg
        self._local = local
        self.dtype = np.asarray(parts[0][:0]).dtype
        self.shape = (len(seg), *parts[0].shape[1:])
        self.ndim = len(self.shape)

    def __len__(self) -> int:
        return len(self._seg)

    def __getitem__(self, key: Any) -> np.ndarray:
        if isinstance(key, (int, np.integer)):
            return np.asarray(self._parts[int(self._seg[key])][int(self._local[key])])
        rows = np.arange(len(self), dtype=np.int64)[key] if isinstance(key, slice) else np.asarray(key, np.int64)
        return _gather(self._parts, self._seg[rows], self._local[rows], self.shape[1:], self.dtype)

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        whole = self[slice(None)]
        return whole if dtype is None else whole.astype(dtype)


class _RaggedView:
    """The flat data of a ragged column over segments (row r's items are a run of its segment's data), with
    the logical offsets; `remaps` translate each segment's values (term ids into the merged vocabulary)."""

    def __init__(
        self,
        offsets: Sequence[np.ndarray],
        parts: Sequence[np.ndarray],
        seg: np.ndarray,
        local: np.ndarray,
        remaps: Sequence[np.ndarray] | None = None,
    ) -> None:
        self._parts = parts
        self._remaps = remaps
        starts = np.zeros(len(seg), dtype=np.int64)
        lengths = np.zeros(len(seg), dtype=np.int64)
        for s, part_offsets in enumerate(offsets):
            mine = seg == s
            physical = np.asarray(part_offsets, np.int64)
            starts[mine] = physical[local[mine]]
            lengths[mine] = physical[local[mine] + 1] - starts[mine]
        self.offsets = np.zeros(len(seg) + 1, dtype=np.int64)
        np.cumsum(lengths, out=self.offsets[1:])
        self._starts = starts
        self._seg = seg
        self.dtype = np.asarray(parts[0][:0]).dtype
        self.shape = (int(self.offsets[-1]), *parts[0].shape[1:])
        self.ndim = len(self.shape)

    def __len__(self) -> int:
        return self.shape[0]

    def __getitem__(self, key: Any) -> np.ndarray:
        if isinstance(key, (int, np.integer)):
            return self._take(np.array([int(key) % len(self)]))[0]
        if isinstance(key, slice):
            lo, hi, step = key.indices(len(self))
            row = int(np.searchsorted(self.offsets, lo, side="right")) - 1
            if step == 1 and 0 <= row < len(self._seg) and hi <= self.offsets[row + 1]:
                s, at = int(self._seg[row]), int(self._starts[row] + lo - self.offsets[row])
                return self._mapped(s, np.asarray(self._parts[s][at : at + max(hi - lo, 0)]))
            return self._take(np.arange(lo, hi, step, dtype=np.int64))
        return self._take(np.asarray(key, np.int64))

    def _take(self, items: np.ndarray) -> np.ndarray:
        rows = np.searchsorted(self.offsets, items, side="right") - 1
        physical = self._starts[rows] + items - self.offsets[rows]
        return _gather(self._parts, self._seg[rows], physical, self.shape[1:], self.dtype, self._remaps)

    def _mapped(self, s: int, values: np.ndarray) -> np.ndarray:
        return self._remaps[s][values] if self._remaps is not None and len(values) else values

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        whole = self._take(np.arange(len(self), dtype=np.int64))
        return whole if dtype is None else whole.astype(dtype)


def _gather(
    parts: Sequence[np.ndarray],
    seg: np.ndarray,
    physical: np.ndarray,
    width: tuple[int, ...],
    dtype: np.dtype,
    remaps: Sequence[np.ndarray] | None = None,
) -> np.ndarray:
    """parts[seg[i]][physical[i]] for each i: one slice when the items are a run of one segment."""
    if not len(seg):
        return np.zeros((0, *width), dtype=dtype)
    one = int(seg[0])
    if (seg == one).all():
        first, last = int(physical[0]), int(physical[-1])
        run = last - first + 1 == len(physical) and bool((np.diff(physical) == 1).all())
        values = np.asarray(parts[one][first : last + 1] if run else parts[one][physical])
        return remaps[one][values] if remaps is not None else values
    out = np.zeros((len(seg), *width), dtype=dtype)
    for s in np.unique(seg).tolist():
        mine = seg == s
        values = np.asarray(parts[s][physical[mine]])
        out[mine] = remaps[s][values] if remaps is not None else values
    return out
