"""The torch backend: sentence-transformers on the CPU."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import numpy as np

from retrieval.index.embedder import BATCH_SIZE, ModelTokenizer, model_name, pool_spans

log = logging.getLogger(__name__)


class TorchEmbedder:
    """sentence-transformers on the CPU. Imported lazily: torch costs seconds to import."""

    backend = "torch"

    def __init__(self, model_path: Path) -> None:
        from sentence_transformers import SentenceTransformer

        self._model = SentenceTransformer(str(model_path), device="cpu")
        self.model_name = model_name(model_path)
        self.max_tokens = int(self._model.max_seq_length or 256)
        self.dimension = int(self._model.get_embedding_dimension() or 0)
        self._tokens = ModelTokenizer(model_path, self.max_tokens)
        self._lock = threading.Lock()
        self.calls = 0
        self.texts_encoded = 0

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        with self._lock:  # torch's CPU threads are shared; one batch at a time is fastest on 2 cores
            self.calls += 1
            self.texts_encoded += len(texts)
            vectors = self._model.encode(
                texts,
                batch_size=BATCH_SIZE,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        return np.asarray(vectors, dtype=np.float32)

    def encode_with_spans(
        self, texts: list[str], spans: list[list[tuple[int, int]]]
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        """Each text's vector and, from the same pass, a vector per character span of it (late chunking: the
        span's token embeddings in the text's context, mean-pooled and normalised; NaNs for a span cut off)."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32), []
        with self._lock:
            self.calls += 1
            self.texts_encoded += len(texts)
            outputs = self._model.encode(
                texts, batch_size=BATCH_SIZE, output_value="token_embeddings", show_progress_bar=False
            )
        tokens = [np.asarray(item.float().numpy(), dtype=np.float32) for item in outputs]
        pooled = np.stack([t.mean(axis=0) for t in tokens])
        vectors = pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
        offsets = self._tokens.offsets(texts)
        return vectors.astype(np.float32), [
            pool_spans(t, o[: len(t)], s) for t, o, s in zip(tokens, offsets, spans, strict=True)
        ]

    def count_tokens(self, text: str) -> int:
        return self._tokens.count(text)
