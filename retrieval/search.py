"""Hybrid retrieval: dense (Chroma) + lexical (bm25s over folded names) + a sentence-level signal, fused.

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

from retrieval.catalog import Catalog, ChunkRecord, passage_of
from retrieval.embeddings import Embedder
from retrieval.lexical import top_rows
from retrieval.models import Passage
from retrieval.store import ChromaIndex

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SearchWeights:
    dense: float = 0.15
    lexical: float = 0.45
    sentence: float = 0.4
    diversity: float = 0.25
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
        self, query: Query, catalog: Catalog, k: int, doc_id: str | None = None, since_key: int = 0
    ) -> SearchResult:
        """The `k` best passages for the query, most relevant first, within the optional filters."""
        bm25 = catalog.lexical.scores(query.terms)
        candidates = self._candidates(query, catalog, bm25, doc_id, since_key)
        if not candidates:
            return SearchResult(query, [], 0)
        records = [catalog.by_id[c] for c in candidates if c in catalog.by_id]
        chunk_vectors = self._index.chunk_vectors([r.chunk_id for r in records])
        records = [r for r in records if r.chunk_id in chunk_vectors]
        matrix = np.stack([chunk_vectors[r.chunk_id] for r in records])
        dense = matrix @ query.vector
        lexical = bm25[[r.row for r in records]]
        per_sentence = self._sentence_scores(query, records)
        best_sentence = np.array([s.max() if len(s) else d for s, d in zip(per_sentence, dense, strict=True)])
        w = self.weights
        fused = w.dense * _minmax(dense) + w.lexical * _minmax(lexical) + w.sentence * _minmax(best_sentence)
        order = _mmr(fused, matrix, k, w.diversity)
        passages = [
            passage_of(
                records[i],
                catalog.documents[records[i].doc_id],
                (float(fused[i]), float(dense[i]), float(lexical[i])),
                [float(s) for s in per_sentence[i]],
            )
            for i in order
        ]
        return SearchResult(query, passages, len(records))

    def _candidates(
        self, query: Query, catalog: Catalog, bm25: np.ndarray, doc_id: str | None, since_key: int
    ) -> list[str]:
        w = self.weights
        mask = catalog.mask(doc_id, since_key)
        if doc_id is not None:
            dense_ids = [c.chunk_id for c in catalog.chunks_of.get(doc_id, []) if c.date_key >= since_key]
        else:
            widen = 8 if since_key else 1
            hits = self._index.query(query.vector, min(w.candidates * widen, len(catalog)))
            dense_ids = [cid for cid, _ in hits if cid in catalog.by_id and catalog.by_id[cid].date_key >= since_key]
            dense_ids = dense_ids[: w.candidates]
        lexical_ids = [catalog.chunks[row].chunk_id for row, _ in top_rows(bm25, w.candidates, mask)]
        return list(dict.fromkeys(dense_ids + lexical_ids))

    def _sentence_scores(self, query: Query, records: list[ChunkRecord]) -> list[np.ndarray]:
        ids = [sid for r in records for sid in r.sentence_ids()]
        vectors = self._index.sentence_vectors(ids)
        out = []
        for record in records:
            rows = [vectors[s] for s in record.sentence_ids() if s in vectors]
            out.append(np.stack(rows) @ query.vector if rows else np.zeros(0, dtype=np.float32))
        return out


def _minmax(values: np.ndarray) -> np.ndarray:
    values = np.asarray(values, dtype=np.float32)
    spread = float(values.max() - values.min()) if len(values) else 0.0
    if spread < 1e-9:
        return np.ones_like(values) if len(values) and values.max() > 0 else np.zeros_like(values)
    return (values - values.min()) / spread


def _mmr(relevance: np.ndarray, vectors: np.ndarray, k: int, diversity: float) -> list[int]:
    """Greedy maximal marginal relevance: relevance minus `diversity` times the closest pick's cosine."""
    similarity = vectors @ vectors.T
    closest = np.full(len(relevance), -np.inf)
    available = np.ones(len(relevance), dtype=bool)
    chosen: list[int] = []
    for _ in range(min(k, len(relevance))):
        marginal = relevance - diversity * np.where(np.isfinite(closest), closest, 0.0)
        best = int(np.argmax(np.where(available, marginal, -np.inf)))
        chosen.append(best)
        available[best] = False
        closest = np.maximum(closest, similarity[best])
    return chosen
