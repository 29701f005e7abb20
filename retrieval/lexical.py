"""The bm25s adapter: lexical search over folded words (see aliases.py), kept in memory beside the store."""

from __future__ import annotations

import functools
import logging

import numpy as np

log = logging.getLogger(__name__)


class LexicalIndex:
    """BM25 over pre-folded term lists. Row i of the index is the i-th document given to `build`."""

    def __init__(self, term_lists: list[list[str]]) -> None:
        import bm25s

        logging.getLogger("bm25s").setLevel(logging.WARNING)  # bm25s sets DEBUG on import
        self.size = len(term_lists)
        self._vocabulary: dict[str, int] = {}
        self._retriever = bm25s.BM25()
        if self.size:
            ids = [[self._vocabulary.setdefault(t, len(self._vocabulary)) for t in terms] for terms in term_lists]
            tokenized = bm25s.tokenization.Tokenized(ids=ids, vocab=self._vocabulary)
            self._retriever.index(tokenized, show_progress=False)

    @property
    def vocabulary(self) -> frozenset[str]:
        return frozenset(self._vocabulary)

    @functools.cached_property
    def sorted_vocabulary(self) -> list[str]:
        return sorted(self._vocabulary)

    def knows(self, term: str) -> bool:
        return term in self._vocabulary

    def scores(self, terms: list[str]) -> np.ndarray:
        """The BM25 score of every row for the terms (zeros when no term is known)."""
        known = [t for t in terms if t in self._vocabulary]
        if not known or not self.size:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._retriever.get_scores(known), dtype=np.float32)

    def search(self, terms: list[str], k: int, mask: np.ndarray | None = None) -> list[tuple[int, float]]:
        """The best `k` rows for the terms, as (row, score) with score > 0; `mask` limits rows (1 = allowed)."""
        return top_rows(self.scores(terms), k, mask)


def top_rows(scores: np.ndarray, k: int, mask: np.ndarray | None = None) -> list[tuple[int, float]]:
    """The `k` highest positive scores as (row, score), best first, among the rows `mask` allows."""
    if mask is not None:
        scores = scores * mask
    k = min(k, len(scores))
    if k <= 0:
        return []
    rows = np.argpartition(-scores, k - 1)[:k]
    rows = rows[np.argsort(-scores[rows])]
    return [(int(r), float(scores[r])) for r in rows if scores[r] > 0]
