"""Hybrid retrieval: dense (Chroma) + lexical (BM25 over folded names) + a sentence-level signal, fused.

Each candidate chunk gets three scores: the cosine of its vector to the question, its BM25 score on folded
words, and the best cosine of any of its sentences (embedded at index time) to the question. Each score is
min-max normalised over the candidate set and the three are mixed with fixed weights (weighted fusion beat
reciprocal-rank fusion on data of this kind: shared/notes/retrieval-findings.md). The weights were chosen on
the tuning two thirds of eval/questions.jsonl (lexical-heavy mixes won: folded names and dates carry much of
the signal in briefings); the held-out third was never used for it. Maximal marginal
relevance then keeps near-copies (overlapping chunks of one paragraph) from filling the top places.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np

from retrieval.index.catalog import Catalog, passage_of
from retrieval.index.embedder import Embedder
from retrieval.index.lexical import top_rows
from retrieval.index.store import ChromaIndex
from retrieval.index.table import ragged_take
from retrieval.records import Passage

log = logging.getLogger(__name__)

EXACT_SEARCH_ROWS = 20_000  # a filter allowing at most this many rows is searched exactly (~3 ms at 384 dims)
# A scope allowing at least this share of the rows is searched like the whole index (HNSW, a few more
# neighbours, the hidden ones dropped): on a busy machine a 10,000-row exact search cost more than HNSW
# (bench/scopes.py), and the candidates stay those of the unscoped search minus what the reader may not read.
SCOPE_HNSW_SHARE = 0.5


@dataclass(frozen=True)
class SearchWeights:
    dense: float = 0.15
    lexical: float = 0.45
    sentence: float = 0.4
    # 0.15, not 0.25: a weaker push away from a chunk's neighbours let the passage holding the answer into the top
    # five more often (tuning part, 2026-12-05: hit@5 90.5 -> 91.8, paraphrase hit@5 81.1 -> 83.8; 0.1 and 0
    # within one question of it)
    diversity: float = 0.15
    candidates: int = 40


@dataclass(frozen=True)
class Query:
    text: str
    vector: np.ndarray
    terms: list[str]


@dataclass(frozen=True)
class SearchResult:
    query: Query
    passages: list[Passage]
    searched: int


class Searcher:
    def __init__(self, index: ChromaIndex, embedder: Embedder, weights: SearchWeights | None = None) -> None:
        self._index = index
        self._embedder = embedder
        self.weights = weights or SearchWeights()

    def query(self, text: str, catalog: Catalog) -> Query:
        return Query(text, self._embedder.encode([text])[0], catalog.aliases.terms(text))

    def search(
        self,
        query: Query,
        catalog: Catalog,
        k: int,
        doc_id: str | None = None,
        since_key: int = 0,
        until_key: int = 0,
        mask: RowSet | np.ndarray | None = None,
        month: int = 0,
    ) -> SearchResult:
        """The `k` best passages for the query, most relevant first, within the optional filters. `mask` (the
        rows of the reader's scope, search/scopes.py; or one bool per row) is applied before ranking: rows
        outside it are never candidates. `month` (1-12): only documents dated in that month of any year."""
        subset = RowSet(mask) if isinstance(mask, np.ndarray) else mask
        if month:
            subset = RowSet(catalog.in_month(month) & (subset.mask if subset is not None else True))
        allowed, part = _within(catalog.allowed(doc_id, since_key, until_key), subset, len(catalog))
        bm25 = catalog.lexical.scores(query.terms)
        rows = self._candidates(query, catalog, bm25, allowed, part)
        if not rows:
            return SearchResult(query, [], 0)
        matrix = np.asarray(catalog.table.chunk_vectors[rows], dtype=np.float32)
        dense = matrix @ query.vector
        lexical = bm25[rows]
        per_sentence = self._sentence_scores(query, catalog, rows)
        best_sentence = np.array([s.max() if len(s) else d for s, d in zip(per_sentence, dense, strict=True)])
        w = self.weights
        fused = w.dense * _minmax(dense) + w.lexical * _minmax(lexical) + w.sentence * _minmax(best_sentence)
        order = _mmr(fused, matrix, k, w.diversity)
        passages = []
        for i in order:
            record = catalog.record(rows[i])
            scores = (float(fused[i]), float(dense[i]), float(lexical[i]))
            passages.append(passage_of(record, catalog.documents[record.doc_id], scores, per_sentence[i].tolist()))
        return SearchResult(query, passages, len(rows))

    def _candidates(
        self, query: Query, catalog: Catalog, bm25: np.ndarray, allowed: Allowed, part: Part | None
    ) -> list[int]:
        """Rows worth scoring: the best by dense similarity and the best by BM25, within the filter."""
        if allowed is not None and not len(allowed):
            return []
        lexical_rows = [row for row, _ in top_rows(bm25, self.weights.candidates, allowed)]
        return list(dict.fromkeys(self._dense_rows(query, catalog, allowed, part) + lexical_rows))

    def _dense_rows(self, query: Query, catalog: Catalog, allowed: Allowed, part: Part | None) -> list[int]:
        """Chroma's HNSW for the whole index or a wide filter (asking for more neighbours the narrower it is);
        exact numpy search over a narrow filter's rows (a run of rows is a slice of the memory-mapped
        vectors, no copy; a scope's rows a slice of its vectors, gathered once). Never Chroma's `where`."""
        wanted = self.weights.candidates
        narrow = allowed is not None and len(allowed) <= EXACT_SEARCH_ROWS
        if allowed is not None and narrow and part is None:
            return _exact(catalog.table.chunk_vectors, query.vector, allowed, wanted)
        if narrow and part is not None and part[2] - part[1] < len(catalog) * SCOPE_HNSW_SHARE:
            subset, lo, hi = part
            if len(subset) > EXACT_SEARCH_ROWS:  # a large scope's vectors are not kept: gather these rows only
                return _exact(catalog.table.chunk_vectors, query.vector, subset.rows[lo:hi], wanted)
            return _exact_rows(
                subset.vectors(catalog.table.chunk_vectors)[lo:hi], query.vector, subset.rows[lo:hi], wanted
            )
        share = len(allowed) / len(catalog) if allowed is not None else 1.0
        k = min(len(catalog), int(wanted / share * 1.5) if allowed is not None else wanted)
        rows = [r for r in (catalog.row_of(cid) for cid, _ in self._index.query(query.vector, k)) if r is not None]
        if allowed is None:
            return rows[:wanted]
        inside = [r for r in rows if _contains(allowed, r)][:wanted]
        if len(inside) < wanted // 2:  # the filter's rows are rare among the neighbours: search them exactly
            return _exact(catalog.table.chunk_vectors, query.vector, allowed, wanted)
        return inside

    @staticmethod
    def _sentence_scores(query: Query, catalog: Catalog, rows: list[int]) -> list[np.ndarray]:
        offsets, vectors = ragged_take(catalog.table.sentence_offsets, catalog.table.sentence_vectors, np.array(rows))
        scores = vectors.astype(np.float32) @ query.vector
        return [scores[offsets[i] : offsets[i + 1]] for i in range(len(rows))]


Allowed = range | np.ndarray | None  # a run of rows, sorted row numbers (a scope's), or every row


class RowSet:
    """The rows a reader may read (search/scopes.py): a mask over every row and the sorted row numbers. Their
    chunk vectors are gathered once, on the first exact search, and kept: a scattered set of rows is then as
    cheap to search exactly as a run of rows (a slice of one contiguous array), whatever the filter."""

    def __init__(self, mask: np.ndarray) -> None:
        self.mask = mask
        self.rows = np.flatnonzero(mask)
        self._vectors: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.rows)

    def span(self, run: range | None) -> tuple[int, int]:
        """Where the rows inside `run` (None: all) are in `rows`: rows[lo:hi]."""
        if run is None:
            return 0, len(self.rows)
        return int(np.searchsorted(self.rows, run.start)), int(np.searchsorted(self.rows, run.stop))

    def vectors(self, chunk_vectors: np.ndarray) -> np.ndarray:
        if self._vectors is None:  # two threads may both gather once: the same values, no harm
            self._vectors = np.ascontiguousarray(chunk_vectors[self.rows], dtype=np.float32)
        return self._vectors


Part = tuple[RowSet, int, int]  # a scope's rows within a filter: subset.rows[lo:hi]


def _within(run: range | None, subset: RowSet | None, size: int) -> tuple[Allowed, Part | None]:
    """The rows both the filter (a run) and the scope allow; the run itself when the scope allows all of it."""
    if subset is None:
        return run, None
    lo, hi = subset.span(run)
    if hi - lo == (len(run) if run is not None else size):
        return run, None
    return subset.rows[lo:hi], (subset, lo, hi)


def _contains(allowed: range | np.ndarray, row: int) -> bool:
    if isinstance(allowed, range):
        return row in allowed
    at = int(np.searchsorted(allowed, row))
    return at < len(allowed) and int(allowed[at]) == row


def _exact(vectors: np.ndarray, query: np.ndarray, rows: range | np.ndarray, k: int) -> list[int]:
    """The `k` allowed rows with the highest cosine to the query, by brute force."""
    if isinstance(rows, range):
        return [int(r) + rows.start for r in _best(np.asarray(vectors[rows.start : rows.stop]) @ query, k)]
    return _exact_rows(np.asarray(vectors[rows]), query, rows, k)


def _exact_rows(vectors: np.ndarray, query: np.ndarray, rows: np.ndarray, k: int) -> list[int]:
    """The same over gathered vectors: vectors[i] is row rows[i]."""
    return [int(rows[i]) for i in _best(vectors @ query, k)]


def _best(scores: np.ndarray, k: int) -> np.ndarray:
    k = min(k, len(scores))
    if k <= 0:
        return np.zeros(0, dtype=np.int64)
    best = np.argpartition(-scores, k - 1)[:k]
    return best[np.argsort(-scores[best], kind="stable")]


def _minmax(values: np.ndarray) -> np.ndarray:
    values = np.asarray(values, dtype=np.float32)
    spread = float(values.max() - values.min()) if len(values) else 0.0
    if spread < 1e-9:
        return np.ones_like(values) if len(values) and values.max() > 0 else np.zeros_like(values)
    return (values - values.min()) / spread


def _mmr(relevance: np.ndarray, vectors: np.ndarray, k: int, diversity: float) -> list[int]:
    """Greedy maximal marginal relevance: relevance minus `diversity` times the closest pick's cosine (each
    pick's cosines to the candidates only: k rows of the similarity matrix, not all of it)."""
    closest = np.full(len(relevance), -np.inf)
    available = np.ones(len(relevance), dtype=bool)
    chosen: list[int] = []
    for _ in range(min(k, len(relevance))):
        marginal = relevance - diversity * np.where(np.isfinite(closest), closest, 0.0)
        best = int(np.argmax(np.where(available, marginal, -np.inf)))
        chosen.append(best)
        available[best] = False
        closest = np.maximum(closest, vectors @ vectors[best])
    return chosen
