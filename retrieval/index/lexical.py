"""Lexical search: BM25 over folded words (see aliases.py), as numpy postings saved beside the chunk table.

The formula is bm25s's default (Lucene's): idf = ln(1 + (N - df + 0.5) / (df + 0.5)) and
tf / (tf + k1 (1 - b + b |d| / avgdl)), k1 = 1.5, b = 0.75; tests/retrieval/index/test_lexical.py checks
the scores against bm25s itself. It is built here from the table's term ids with a few vectorised numpy calls
(bm25s wants Python lists of lists) and saved as three arrays that are memory-mapped on load. A query sums the
postings of its terms with one `bincount`. Kept instead of bm25s's own saved, memory-mapped index because it
builds several times faster and is no larger, with queries as fast to a few hundredths of a millisecond
(`python -m bench.lexical`, the "BM25" section of BENCHMARKS.md).
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

K1 = 1.5
B = 0.75
FILES = ("bm25_indptr", "bm25_rows", "bm25_weights")


class LexicalIndex:
    """BM25 postings: for term t, rows[indptr[t]:indptr[t+1]] and their weights."""

    def __init__(self, vocabulary: list[str], size: int, indptr: np.ndarray, rows: np.ndarray, weights: np.ndarray):
        self.size = size
        self._terms = vocabulary
        self._ids = {term: i for i, term in enumerate(vocabulary)}
        self._indptr = indptr
        self._rows = rows
        self._weights = weights

    @classmethod
    def build(cls, vocabulary: list[str], term_offsets: np.ndarray, term_ids: np.ndarray) -> LexicalIndex:
        """Postings for rows whose terms are term_ids[term_offsets[i]:term_offsets[i+1]] (ids into `vocabulary`)."""
        size = len(term_offsets) - 1
        lengths = np.diff(term_offsets).astype(np.float64)
        row_of_token = np.repeat(np.arange(size, dtype=np.int64), np.diff(term_offsets))
        keys = np.asarray(term_ids, dtype=np.int64) * max(size, 1) + row_of_token
        pairs, tf = np.unique(keys, return_counts=True)  # sorted by term, then row
        terms, rows = np.divmod(pairs, max(size, 1))
        df = np.bincount(terms, minlength=len(vocabulary))
        idf = np.log(1.0 + (size - df + 0.5) / (df + 0.5))
        average = float(lengths.mean()) if size and lengths.sum() else 1.0
        norm = K1 * ((1 - B) + B * lengths[rows] / average)
        weights = (idf[terms] * tf / (tf + norm)).astype(np.float32)
        indptr = np.zeros(len(vocabulary) + 1, dtype=np.int64)
        np.cumsum(df, out=indptr[1:])
        return cls(vocabulary, size, indptr, rows.astype(np.int32), weights)

    def save(self, folder: Path) -> None:
        for name, array in zip(FILES, (self._indptr, self._rows, self._weights), strict=True):
            np.save(folder / f"{name}.npy", array, allow_pickle=False)

    @classmethod
    def load(cls, folder: Path, vocabulary: list[str], size: int) -> LexicalIndex:
        indptr, rows, weights = (np.load(folder / f"{name}.npy", mmap_mode="r") for name in FILES)
        return cls(vocabulary, size, np.asarray(indptr), rows, weights)

    @functools.cached_property
    def sorted_vocabulary(self) -> list[str]:
        return sorted(self._ids)

    def knows(self, term: str, mask: np.ndarray | None = None) -> bool:
        """Whether any row (any row the mask allows) has the term."""
        if term not in self._ids:
            return False
        if mask is None:
            return True
        t = self._ids[term]
        return bool(mask[np.asarray(self._rows[int(self._indptr[t]) : int(self._indptr[t + 1])])].any())

    def idf(self, term: str) -> float:
        """The BM25 inverse document frequency of a term over rows (an unknown term gets the highest)."""
        i = self._ids.get(term)
        df = 0 if i is None else int(self._indptr[i + 1] - self._indptr[i])
        return float(np.log(1.0 + (self.size - df + 0.5) / (df + 0.5)))

    def scores(self, terms: list[str]) -> np.ndarray:
        """The BM25 score of every row for the terms (a repeated term counts again, as in bm25s)."""
        ids = [self._ids[t] for t in terms if t in self._ids]
        if not ids or not self.size:
            return np.zeros(self.size, dtype=np.float32)
        bounds = [(int(self._indptr[i]), int(self._indptr[i + 1])) for i in ids]
        rows = np.concatenate([self._rows[a:b] for a, b in bounds])
        weights = np.concatenate([self._weights[a:b] for a, b in bounds])
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
