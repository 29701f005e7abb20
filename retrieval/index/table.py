"""The chunk table: every chunk of an index as row-aligned columns, saved as plain files and memory-mapped.

One row per chunk, ordered by (date, document, position), so that a date filter ("since September 2017") is
a suffix of the rows and a document filter a short run of them: filtered searches slice arrays instead of
asking Chroma for a `where` filter. The columns:

    chunk_ids, doc_ids, headings       lists of str (JSON)
    positions, starts, date_keys       int arrays
    text_offsets + text_bytes          the chunk texts, UTF-8, ragged (decoded per row on demand)
    sentence_offsets + sentence_spans  each chunk's sentences as document character spans, ragged
    chunk_vectors                      float32, one per chunk (the same vectors as Chroma's)
    sentence_vectors                   float16, one per sentence (the sentence signal and the quotes)
    term_offsets + term_ids            each chunk's folded BM25 terms as ids into `vocabulary`, ragged

The large arrays are memory-mapped on load, so opening a 100,000-chunk table costs milliseconds and
resident memory grows only with the rows a question touches. A table is written into a fresh folder and
never changed after; `take` and `concat` build the next one (an incremental re-index keeps the unchanged
rows and adds the new).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

LIST_COLUMNS = ("chunk_ids", "doc_ids", "headings")
ARRAY_COLUMNS = (
    "positions",
    "starts",
    "date_keys",
    "text_offsets",
    "text_bytes",
    "sentence_offsets",
    "sentence_spans",
    "chunk_vectors",
    "sentence_vectors",
    "term_offsets",
    "term_ids",
)
MAPPED = {"text_bytes", "chunk_vectors", "sentence_vectors", "term_ids"}


def ragged_take(offsets: np.ndarray, data: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The items of `rows` of a ragged column (item i is data[offsets[i]:offsets[i+1]]), as a new one."""
    rows = np.asarray(rows, dtype=np.int64)
    starts = offsets[rows]
    lengths = offsets[rows + 1] - starts
    new_offsets = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum(lengths, out=new_offsets[1:])
    index = np.repeat(starts - new_offsets[:-1], lengths) + np.arange(new_offsets[-1], dtype=np.int64)
    return new_offsets, np.asarray(data[index])


def ragged(items: Sequence[np.ndarray], dtype: type, width: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Offsets and flat data of a ragged column from its items (each an array of `width` columns, or flat)."""
    offsets = np.zeros(len(items) + 1, dtype=np.int64)
    np.cumsum([len(item) for item in items], out=offsets[1:])
    shape: tuple[int, ...] = (0, width) if width else (0,)
    data = np.concatenate([np.asarray(i, dtype=dtype).reshape((-1, *shape[1:])) for i in items]) if items else None
    return offsets, data if data is not None and len(data) else np.zeros(shape, dtype=dtype)


@dataclass(frozen=True)
class ChunkTable:
    chunk_ids: list[str]
    doc_ids: list[str]
    headings: list[str]
    positions: np.ndarray
    starts: np.ndarray
    date_keys: np.ndarray
    text_offsets: np.ndarray
    text_bytes: np.ndarray
    sentence_offsets: np.ndarray
    sentence_spans: np.ndarray
    chunk_vectors: np.ndarray
    sentence_vectors: np.ndarray
    term_offsets: np.ndarray
    term_ids: np.ndarray
    vocabulary: list[str]

    def __len__(self) -> int:
        return len(self.chunk_ids)

    @property
    def dimension(self) -> int:
        return int(self.chunk_vectors.shape[1])

    def text(self, row: int) -> str:
        return bytes(self.text_bytes[self.text_offsets[row] : self.text_offsets[row + 1]]).decode("utf-8")

    def sentence_rows(self, row: int) -> range:
        return range(int(self.sentence_offsets[row]), int(self.sentence_offsets[row + 1]))

    def spans(self, row: int) -> tuple[tuple[int, int], ...]:
        lo, hi = self.sentence_offsets[row], self.sentence_offsets[row + 1]
        return tuple((int(a), int(b)) for a, b in self.sentence_spans[lo:hi])

    def terms(self, row: int) -> list[str]:
        ids = self.term_ids[self.term_offsets[row] : self.term_offsets[row + 1]]
        return [self.vocabulary[i] for i in ids]

    # -- building the next table -------------------------------------------------------------------

    @classmethod
    def build(cls, rows: Sequence[NewRow], dimension: int) -> ChunkTable:
        """A table of new rows (in the given order), with its own vocabulary."""
        vocabulary: dict[str, int] = {}
        term_items = [np.array([vocabulary.setdefault(t, len(vocabulary)) for t in r.terms], np.int32) for r in rows]
        text_offsets, text_bytes = ragged([np.frombuffer(r.text.encode(), np.uint8) for r in rows], np.uint8)
        sentence_offsets, spans = ragged([np.array(r.spans, np.int64).reshape(-1, 2) for r in rows], np.int64, 2)
        _, sentence_vectors = ragged([r.sentence_vectors for r in rows], np.float16, dimension)
        term_offsets, term_ids = ragged(term_items, np.int32)
        chunk_vectors = np.stack([r.vector for r in rows]).astype(np.float32) if rows else np.zeros((0, dimension))
        return cls(
            chunk_ids=[r.chunk_id for r in rows],
            doc_ids=[r.doc_id for r in rows],
            headings=[r.heading for r in rows],
            positions=np.array([r.position for r in rows], dtype=np.int32),
            starts=np.array([r.start for r in rows], dtype=np.int64),
            date_keys=np.array([r.date_key for r in rows], dtype=np.int64),
            text_offsets=text_offsets,
            text_bytes=text_bytes,
            sentence_offsets=sentence_offsets,
            sentence_spans=spans,
            chunk_vectors=chunk_vectors.astype(np.float32),
            sentence_vectors=sentence_vectors,
            term_offsets=term_offsets,
            term_ids=term_ids,
            vocabulary=list(vocabulary),
        )

    def take(self, rows: np.ndarray) -> ChunkTable:
        """The given rows, in the given order, as a new table (the vocabulary is kept whole)."""
        rows = np.asarray(rows, dtype=np.int64)
        text_offsets, text_bytes = ragged_take(self.text_offsets, self.text_bytes, rows)
        sentence_offsets, spans = ragged_take(self.sentence_offsets, self.sentence_spans, rows)
        _, sentence_vectors = ragged_take(self.sentence_offsets, self.sentence_vectors, rows)
        term_offsets, term_ids = ragged_take(self.term_offsets, self.term_ids, rows)
        listed = rows.tolist()
        return replace(
            self,
            chunk_ids=[self.chunk_ids[r] for r in listed],
            doc_ids=[self.doc_ids[r] for r in listed],
            headings=[self.headings[r] for r in listed],
            positions=self.positions[rows],
            starts=self.starts[rows],
            date_keys=self.date_keys[rows],
            text_offsets=text_offsets,
            text_bytes=text_bytes,
            sentence_offsets=sentence_offsets,
            sentence_spans=spans,
            chunk_vectors=np.asarray(self.chunk_vectors[rows]),
            sentence_vectors=sentence_vectors,
            term_offsets=term_offsets,
            term_ids=term_ids,
        )

    def concat(self, other: ChunkTable) -> ChunkTable:
        """This table's rows followed by `other`'s; the vocabularies are merged and unused terms dropped."""
        vocabulary = dict(zip(self.vocabulary, range(len(self.vocabulary)), strict=True))
        remap = np.array([vocabulary.setdefault(t, len(vocabulary)) for t in other.vocabulary], dtype=np.int32)
        term_ids = np.concatenate([np.asarray(self.term_ids), remap[np.asarray(other.term_ids)]]).astype(np.int32)
        joined = replace(
            self,
            chunk_ids=self.chunk_ids + other.chunk_ids,
            doc_ids=self.doc_ids + other.doc_ids,
            headings=self.headings + other.headings,
            positions=np.concatenate([self.positions, other.positions]),
            starts=np.concatenate([self.starts, other.starts]),
            date_keys=np.concatenate([self.date_keys, other.date_keys]),
            text_offsets=_join_offsets(self.text_offsets, other.text_offsets),
            text_bytes=np.concatenate([np.asarray(self.text_bytes), np.asarray(other.text_bytes)]),
            sentence_offsets=_join_offsets(self.sentence_offsets, other.sentence_offsets),
            sentence_spans=np.concatenate([self.sentence_spans, other.sentence_spans]),
            chunk_vectors=np.concatenate([np.asarray(self.chunk_vectors), np.asarray(other.chunk_vectors)]),
            sentence_vectors=np.concatenate([np.asarray(self.sentence_vectors), np.asarray(other.sentence_vectors)]),
            term_offsets=_join_offsets(self.term_offsets, other.term_offsets),
            term_ids=term_ids,
            vocabulary=list(vocabulary),
        )
        return joined.compact_vocabulary()

    def compact_vocabulary(self) -> ChunkTable:
        """Drop terms no row uses (so "is this word in the corpus?" stays true after removals)."""
        used, inverse = np.unique(np.asarray(self.term_ids), return_inverse=True)
        if len(used) == len(self.vocabulary):
            return self
        return replace(
            self, term_ids=inverse.astype(np.int32).reshape(-1), vocabulary=[self.vocabulary[i] for i in used.tolist()]
        )

    def in_reading_order(self) -> ChunkTable:
        """The rows sorted by (date, document, position): the order every saved table has."""
        dates, positions = self.date_keys.tolist(), self.positions.tolist()
        order = sorted(range(len(self)), key=lambda r: (dates[r], self.doc_ids[r], positions[r]))
        if order == list(range(len(self))):
            return self
        return self.take(np.array(order, dtype=np.int64))

    def with_terms(self, term_lists: Sequence[Sequence[str]]) -> ChunkTable:
        """The same rows with new BM25 terms (the alias file changed)."""
        vocabulary: dict[str, int] = {}
        items = [np.array([vocabulary.setdefault(t, len(vocabulary)) for t in terms], np.int32) for terms in term_lists]
        offsets, ids = ragged(items, np.int32)
        return replace(self, term_offsets=offsets, term_ids=ids, vocabulary=list(vocabulary))

    # -- files -------------------------------------------------------------------------------------

    def save(self, folder: Path) -> None:
        writer = TableWriter(folder, self.dimension)
        writer.append(self)
        writer.finish()

    @classmethod
    def load(cls, folder: Path) -> ChunkTable:
        meta = json.loads((folder / "columns.json").read_text(encoding="utf-8"))
        arrays = {name: _read_column(folder, name, meta["arrays"][name]) for name in ARRAY_COLUMNS}
        lists: dict[str, list[str]] = {name: meta[name] for name in (*LIST_COLUMNS, "vocabulary")}
        return cls(**lists, **arrays)  # type: ignore[arg-type]  # the columns by name


class TableWriter:
    """Writes a table into a folder batch by batch: the large columns go straight to their files, so memory
    holds one batch of them at a time (the short per-row columns and the vocabulary are kept until `finish`)."""

    def __init__(self, folder: Path, dimension: int) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.dimension = dimension
        self.rows = 0
        self.largest_append = 0  # the most rows one `append` brought (what the writer held at once)
        self._lists: dict[str, list[str]] = {name: [] for name in LIST_COLUMNS}
        self._vocabulary: dict[str, int] = {}
        self._small: dict[str, list[np.ndarray]] = {name: [] for name in SMALL_COLUMNS}
        self._lengths: dict[str, list[np.ndarray]] = {name: [] for name in RAGGED}
        self._files = {name: (folder / f"{name}.bin").open("wb") for name in STREAMED}
        self._counts = dict.fromkeys(STREAMED, 0)

    def append(self, batch: ChunkTable) -> None:
        """Add a batch's rows after those written so far."""
        for name in LIST_COLUMNS:
            self._lists[name].extend(getattr(batch, name))
        for name in SMALL_COLUMNS:
            self._small[name].append(np.asarray(getattr(batch, name)))
        for offsets_name in RAGGED:
            self._lengths[offsets_name].append(np.diff(np.asarray(getattr(batch, offsets_name))))
        ids = np.asarray(batch.term_ids)
        used = np.unique(ids).tolist()  # a view's vocabulary may hold words only dead rows use
        remap = np.zeros(len(batch.vocabulary), dtype=np.int32)
        remap[used] = [self._vocabulary.setdefault(batch.vocabulary[i], len(self._vocabulary)) for i in used]
        streamed = {
            "text_bytes": np.asarray(batch.text_bytes, np.uint8),
            "sentence_spans": np.asarray(batch.sentence_spans, np.int64).reshape(-1, 2),
            "chunk_vectors": np.asarray(batch.chunk_vectors, np.float32).reshape(-1, self.dimension),
            "sentence_vectors": np.asarray(batch.sentence_vectors, np.float16).reshape(-1, self.dimension),
            "term_ids": remap[ids] if len(ids) else np.zeros(0, np.int32),
        }
        for name, array in streamed.items():
            self._files[name].write(np.ascontiguousarray(array).tobytes())
            self._counts[name] += len(array)
        self.rows += len(batch)
        self.largest_append = max(self.largest_append, len(batch))

    def discard(self) -> None:
        """Close and delete what was written (nothing was added)."""
        for handle in self._files.values():
            handle.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def finish(self) -> ChunkTable:
        """Close the files, write the short columns and the column list, flush to disk; the table, mapped. The
        writer lets go of what it kept before the table is read back, so the two are never held at once."""
        meta: dict = {name: values for name, values in self._lists.items()}
        meta["vocabulary"] = list(self._vocabulary)
        self._lists, self._vocabulary = {name: [] for name in LIST_COLUMNS}, {}
        meta["arrays"] = {}
        for name, handle in self._files.items():
            handle.flush()
            os.fsync(handle.fileno())
            handle.close()
            meta["arrays"][name] = _shape_of(name, self._counts[name], self.dimension)
        for name in SMALL_COLUMNS:
            meta["arrays"][name] = _write_column(self.folder, name, _joined(self._small[name], SMALL_COLUMNS[name]))
        for name in RAGGED:
            offsets = np.zeros(self.rows + 1, dtype=np.int64)
            np.cumsum(_joined(self._lengths[name], np.int64), out=offsets[1:])
            meta["arrays"][name] = _write_column(self.folder, name, offsets)
        with (self.folder / "columns.json").open("w", encoding="utf-8") as listing:
            json.dump(meta, listing, ensure_ascii=False)  # written piece by piece, not as one string
        del meta
        return ChunkTable.load(self.folder)


SMALL_COLUMNS: dict[str, type] = {"positions": np.int32, "starts": np.int64, "date_keys": np.int64}
RAGGED = {"text_offsets": "text_bytes", "sentence_offsets": "sentence_spans", "term_offsets": "term_ids"}
STREAMED = ("text_bytes", "sentence_spans", "chunk_vectors", "sentence_vectors", "term_ids")
DTYPES = {
    "text_bytes": "uint8",
    "sentence_spans": "int64",
    "chunk_vectors": "float32",
    "sentence_vectors": "float16",
    "term_ids": "int32",
}


def _shape_of(name: str, count: int, dimension: int) -> dict:
    width = {"sentence_spans": [2], "chunk_vectors": [dimension], "sentence_vectors": [dimension]}.get(name, [])
    return {"dtype": DTYPES[name], "shape": [count, *width]}


def _joined(parts: list[np.ndarray], dtype: type) -> np.ndarray:
    return np.concatenate(parts).astype(dtype) if parts else np.zeros(0, dtype=dtype)


def _write_column(folder: Path, name: str, array: np.ndarray) -> dict:
    with (folder / f"{name}.bin").open("wb") as handle:
        handle.write(np.ascontiguousarray(array).tobytes())
        handle.flush()
        os.fsync(handle.fileno())
    return {"dtype": str(array.dtype), "shape": list(array.shape)}


def _read_column(folder: Path, name: str, spec: dict) -> np.ndarray:
    """A column's file: the large ones memory-mapped, the short ones read."""
    shape, dtype = tuple(spec["shape"]), np.dtype(spec["dtype"])
    if not shape[0]:
        return np.zeros(shape, dtype=dtype)
    if name in MAPPED:
        return np.memmap(folder / f"{name}.bin", dtype=dtype, mode="r", shape=shape)
    return np.fromfile(folder / f"{name}.bin", dtype=dtype).reshape(shape)


@dataclass(frozen=True)
class NewRow:
    """One freshly embedded chunk, as the indexer hands it over."""

    chunk_id: str
    doc_id: str
    position: int
    heading: str
    start: int
    date_key: int
    text: str
    spans: tuple[tuple[int, int], ...]
    vector: np.ndarray
    sentence_vectors: np.ndarray
    terms: list[str]


def _join_offsets(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    return np.concatenate([first, second[1:] + first[-1]]).astype(np.int64)
