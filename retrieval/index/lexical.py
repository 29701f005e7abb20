"""Lexical search: BM25 over folded words (see aliases.py), as numpy postings saved beside each table segment.

The formula is bm25s's default (Lucene's): idf = ln(1 + (N - df + 0.5) / (df + 0.5)) and
tf / (tf + k1 (1 - b + b |d| / avgdl)), k1 = 1.5, b = 0.75; tests/retrieval/index/test_lexical.py checks
the scores against bm25s itself. Each segment of the index (segments.py) keeps its own postings: for each
term the rows that hold it and how often, and each row's length. The weights are worked out at query time
from the rows that are live now, so N, df and the average length are those of the current corpus: a delta
segment and the tombstones of the rows it replaces give the same scores, to the last bit, as a full rebuild
(Lucene counts deleted documents until a merge; we do not need to). A query touches only its terms'
postings, a few thousand numbers, summed with one `bincount`. Kept instead of bm25s's own saved index
because it builds several times faster and is no larger (`python -m bench.lexical`, BENCHMARKS.md).
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np

log = logging.getLogger(__name__)

K1 = 1.5
B = 0.75
FILES = ("bm25_indptr", "bm25_rows", "bm25_tf", "bm25_lengths")
BLOCK_ROWS = 2048  # rows counted at a time when building postings
RANGE_POSTINGS = 500_000  # postings put in term order at a time when writing them to files


@dataclass(frozen=True)
class Postings:
    """One segment's postings, by its own vocabulary: term t is in rows[indptr[t]:indptr[t+1]], tf times each;
    `lengths` is each row's number of terms."""

    vocabulary: list[str]
    indptr: np.ndarray
    rows: np.ndarray
    tf: np.ndarray
    lengths: np.ndarray

    @classmethod
    def build(
        cls, vocabulary: list[str], term_offsets: np.ndarray, term_ids: np.ndarray, block_rows: int = BLOCK_ROWS
    ) -> Postings:
        """Postings for rows whose terms are term_ids[term_offsets[i]:term_offsets[i+1]] (ids into `vocabulary`).
        Two passes over blocks of rows, a counting sort: the first counts each term's rows, the second puts
        each block's (row, tf) pairs in their places. Memory holds the postings and one block, not a copy of
        every token: a quarter of the transient peak of sorting them all at once (100,000 chunks)."""
        offsets = np.asarray(term_offsets, dtype=np.int64)
        lengths = np.diff(offsets).astype(np.int32)
        blocks = [(lo, min(lo + block_rows, len(lengths))) for lo in range(0, len(lengths), block_rows)]
        df = np.zeros(len(vocabulary), dtype=np.int64)
        for lo, hi in blocks:
            df += np.bincount(
                _block_pairs(term_ids[offsets[lo] : offsets[hi]], lengths[lo:hi], lo)[0], minlength=len(vocabulary)
            )
        indptr = np.zeros(len(vocabulary) + 1, dtype=np.int64)
        np.cumsum(df, out=indptr[1:])
        rows = np.zeros(int(indptr[-1]), dtype=np.int32)
        tf = np.zeros(int(indptr[-1]), dtype=np.int32)
        cursor = indptr[:-1].copy()
        for lo, hi in blocks:
            term, row, count = _block_pairs(term_ids[offsets[lo] : offsets[hi]], lengths[lo:hi], lo)
            first = np.searchsorted(term, term, side="left")  # pairs come sorted by term, then row
            places = cursor[term] + np.arange(len(term)) - first
            rows[places], tf[places] = row, count
            cursor += np.bincount(term, minlength=len(vocabulary))
        return cls(vocabulary, indptr, rows, tf, lengths)

    def save(self, folder: Path) -> None:
        for name, array in zip(FILES, (self.indptr, self.rows, self.tf, self.lengths), strict=True):
            np.save(folder / f"{name}.npy", array, allow_pickle=False)

    @classmethod
    def load(cls, folder: Path, vocabulary: list[str]) -> Postings:
        indptr, rows, tf, lengths = (np.load(folder / f"{name}.npy", mmap_mode="r") for name in FILES)
        return cls(vocabulary, np.asarray(indptr), rows, tf, np.asarray(lengths))


def write_postings(
    folder: Path,
    vocabulary: list[str],
    term_offsets: np.ndarray,
    read_ids: Callable[[int, int], np.ndarray],
    block_rows: int = BLOCK_ROWS,
    range_postings: int = RANGE_POSTINGS,
) -> int:
    """`Postings.build(...).save(folder)` with bounded memory, for a segment of any size; `read_ids(lo, hi)`
    gives term ids lo..hi of the rows (read from the file, not mapped, so they leave no resident pages).

    An external counting sort: one pass sorts each block of rows' (term, row, tf) pairs and appends them
    to scratch files; then, a range of terms at a time (about `range_postings` postings), each block's
    pairs for the range are read back, put in term order (a stable sort keeps rows ascending) and appended
    to the postings files. Memory holds one block or one range, never the whole postings; returns the most
    postings it held at once."""
    offsets = np.asarray(term_offsets, dtype=np.int64)
    lengths = np.diff(offsets).astype(np.int32)
    blocks = [(lo, min(lo + block_rows, len(lengths))) for lo in range(0, len(lengths), block_rows)]
    scratch = [folder / f"bm25_pairs_{name}.tmp" for name in ("term", "row", "tf")]
    df = np.zeros(len(vocabulary), dtype=np.int64)
    block_sizes, held = [], 0
    with _appending(scratch) as files:
        for lo, hi in blocks:
            pairs = _block_pairs(read_ids(int(offsets[lo]), int(offsets[hi])), lengths[lo:hi], lo)
            for handle, values in zip(files, pairs, strict=True):
                handle.write(np.ascontiguousarray(values, dtype=np.int32).tobytes())
            df += np.bincount(pairs[0], minlength=len(vocabulary))
            block_sizes.append(len(pairs[0]))
            held = max(held, len(pairs[0]))
    indptr = np.zeros(len(vocabulary) + 1, dtype=np.int64)
    np.cumsum(df, out=indptr[1:])
    bounds = _term_ranges(indptr, range_postings)
    starts = np.concatenate([[0], np.cumsum(block_sizes)]).astype(np.int64)
    cuts = [np.searchsorted(read_int32(scratch[0], starts[b], starts[b + 1]), bounds) for b in range(len(blocks))]
    np.save(folder / "bm25_indptr.npy", indptr, allow_pickle=False)
    np.save(folder / "bm25_lengths.npy", lengths, allow_pickle=False)
    with _npy_appending(folder, ("bm25_rows", "bm25_tf"), int(indptr[-1])) as (rows_file, tf_file):
        for r in range(len(bounds) - 1):
            term, row, tf = (
                np.concatenate(
                    [read_int32(path, starts[b] + cut[r], starts[b] + cut[r + 1]) for b, cut in enumerate(cuts)]
                )
                for path in scratch
            )
            order = np.argsort(term, kind="stable")  # blocks are in row order: rows stay ascending per term
            rows_file.write(row[order].tobytes())
            tf_file.write(tf[order].tobytes())
            held = max(held, len(term))
    for path in scratch:
        path.unlink()
    return held


def _term_ranges(indptr: np.ndarray, range_postings: int) -> np.ndarray:
    """Term-id bounds [0, ..., vocabulary size] of ranges holding about `range_postings` postings each (a
    term with more gets a range of its own)."""
    targets = np.arange(range_postings, int(indptr[-1]), range_postings)
    inner = np.unique(np.searchsorted(indptr, targets, side="right") - 1)
    return np.unique(np.concatenate([[0], inner[inner > 0], [len(indptr) - 1]])).astype(np.int64)


def read_int32(path: Path, lo: int | np.integer, hi: int | np.integer) -> np.ndarray:
    """Values lo..hi of a raw int32 file, read (not mapped)."""
    return np.fromfile(path, dtype=np.int32, count=int(hi - lo), offset=int(lo) * 4)


@contextlib.contextmanager
def _appending(paths: Sequence[Path]) -> Iterator[Sequence[BinaryIO]]:
    handles: list[BinaryIO] = [path.open("wb") for path in paths]
    try:
        yield handles
    finally:
        for handle in handles:
            handle.close()


@contextlib.contextmanager
def _npy_appending(folder: Path, names: Sequence[str], length: int) -> Iterator[Sequence[BinaryIO]]:
    """`.npy` files of `length` int32 values, open to append their data in order after the header."""
    handles: list[BinaryIO] = []
    for name in names:
        header = np.lib.format.open_memmap(folder / f"{name}.npy", mode="w+", dtype=np.int32, shape=(length,))
        offset = header.offset
        del header
        opened = (folder / f"{name}.npy").open("r+b")
        opened.seek(offset)
        handles.append(opened)
    try:
        yield handles
    finally:
        for handle in handles:
            handle.flush()
            os.fsync(handle.fileno())
            handle.close()


def _block_pairs(ids: np.ndarray, lengths: np.ndarray, lo: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The (term, row, tf) of rows lo.. whose term ids are `ids` and term counts `lengths`, sorted by term
    then row."""
    keys = np.asarray(ids, dtype=np.int64) * len(lengths) + np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
    pairs, counts = np.unique(keys, return_counts=True)
    term, row = np.divmod(pairs, len(lengths))
    return term, (row + lo).astype(np.int32), counts.astype(np.int32)


@dataclass(frozen=True)
class LivePostings:
    """A segment's postings as the index sees them: `logical[r]` is physical row r's row in the index, or -1
    when the row is dead (replaced or removed); None when every row is live and the numbering is the same."""

    postings: Postings
    logical: np.ndarray | None = None


class LexicalIndex:
    """BM25 over the live rows of one or more segments, numbered as the index's (logical) rows."""

    def __init__(self, parts: Sequence[LivePostings], size: int) -> None:
        self.size = size
        self._parts = list(parts)
        self._lengths = np.zeros(size, dtype=np.int64)
        for part in self._parts:
            lengths = np.asarray(part.postings.lengths, dtype=np.int64)
            if part.logical is None:
                self._lengths[: len(lengths)] = lengths
            else:
                live = part.logical >= 0
                self._lengths[part.logical[live]] = lengths[live]
        self._average = float(self._lengths.sum()) / size if size and self._lengths.any() else 1.0
        self._where: dict[str, list[tuple[int, int]]] = {}
        for p, part in enumerate(self._parts):
            for t, term in enumerate(part.postings.vocabulary):
                self._where.setdefault(term, []).append((p, t))

    @classmethod
    def build(cls, vocabulary: list[str], term_offsets: np.ndarray, term_ids: np.ndarray) -> LexicalIndex:
        """The index of one segment whose rows are all live."""
        return cls([LivePostings(Postings.build(vocabulary, term_offsets, term_ids))], len(term_offsets) - 1)

    def _postings(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """The live rows (logical numbers) that hold the term, and how often."""
        rows: list[np.ndarray] = []
        counts: list[np.ndarray] = []
        for p, t in self._where.get(term, ()):
            part = self._parts[p]
            lo, hi = int(part.postings.indptr[t]), int(part.postings.indptr[t + 1])
            found, tf = np.asarray(part.postings.rows[lo:hi]), np.asarray(part.postings.tf[lo:hi])
            if part.logical is not None:
                found = part.logical[found]
                tf = tf[found >= 0]
                found = found[found >= 0]
            rows.append(found.astype(np.int64))
            counts.append(tf)
        if not rows:
            return np.zeros(0, np.int64), np.zeros(0, np.int32)
        return (rows[0], counts[0]) if len(rows) == 1 else (np.concatenate(rows), np.concatenate(counts))

    @functools.cached_property
    def sorted_vocabulary(self) -> list[str]:
        """The words of the live rows, sorted."""
        return sorted(self._live_terms)

    @functools.cached_property
    def _live_terms(self) -> set[str]:
        live: set[str] = set()
        for part in self._parts:
            vocabulary = part.postings.vocabulary
            if part.logical is None:
                live.update(vocabulary)
                continue
            counts = np.diff(part.postings.indptr)
            term_of = np.repeat(np.arange(len(vocabulary), dtype=np.int64), counts)
            live_rows = part.logical[np.asarray(part.postings.rows)] >= 0
            alive = np.bincount(term_of, weights=live_rows, minlength=len(counts))
            live.update(vocabulary[t] for t in np.flatnonzero(alive).tolist())
        return live

    def knows(self, term: str, mask: np.ndarray | None = None) -> bool:
        """Whether any live row (any row the mask allows) has the term."""
        if term not in self._where:
            return False
        if mask is None:
            return term in self._live_terms
        return bool(mask[self._postings(term)[0]].any())

    def idf(self, term: str) -> float:
        """The BM25 inverse document frequency of a term over live rows (an unknown term gets the highest)."""
        df = len(self._postings(term)[0]) if term in self._where else 0
        return float(np.log(1.0 + (self.size - df + 0.5) / (df + 0.5)))

    def scores(self, terms: list[str]) -> np.ndarray:
        """The BM25 score of every row for the terms (a repeated term counts again, as in bm25s)."""
        if not self.size:
            return np.zeros(0, dtype=np.float32)
        all_rows: list[np.ndarray] = []
        all_weights: list[np.ndarray] = []
        for term in terms:
            rows, tf = self._postings(term)
            if not len(rows):
                continue
            idf = np.log(1.0 + (self.size - len(rows) + 0.5) / (len(rows) + 0.5))
            norm = K1 * ((1 - B) + B * self._lengths[rows] / self._average)
            all_rows.append(rows)
            all_weights.append(idf * tf / (tf + norm))
        if not all_rows:
            return np.zeros(self.size, dtype=np.float32)
        rows, weights = np.concatenate(all_rows), np.concatenate(all_weights)
        return np.bincount(rows, weights=weights, minlength=self.size).astype(np.float32)

    def search(self, terms: list[str], k: int, rows: range | None = None) -> list[tuple[int, float]]:
        """The best `k` rows for the terms, as (row, score) with score > 0; `rows` limits the search."""
        return top_rows(self.scores(terms), k, rows)


def top_rows(scores: np.ndarray, k: int, rows: range | np.ndarray | None = None) -> list[tuple[int, float]]:
    """The `k` highest positive scores as (row, score), best first, within the rows (a run, or row numbers)."""
    offset = 0
    picked: np.ndarray | None = None
    if isinstance(rows, range):
        scores, offset = scores[rows.start : rows.stop], rows.start
    elif rows is not None:
        picked = np.asarray(rows, dtype=np.int64)
        scores = scores[picked]
    k = min(k, len(scores))
    if k <= 0:
        return []
    best = np.argpartition(-scores, k - 1)[:k]
    best = best[np.argsort(-scores[best], kind="stable")]
    found = [(int(r), float(scores[r])) for r in best if scores[r] > 0]
    return [(int(picked[r]), s) for r, s in found] if picked is not None else [(r + offset, s) for r, s in found]
