"""Choosing and loading a backend: `load_embedder`, and `LazyEmbedder`, which knows the model's name,
dimension and tokenizer at once and loads the model itself on first encode."""

from __future__ import annotations

import logging
import threading

import numpy as np

from retrieval.errors import ConfigError
from retrieval.index.embedder import Embedder, ModelTokenizer, _model_config, model_name, resolve_model_path
from retrieval.index.torch_backend import TorchEmbedder

log = logging.getLogger(__name__)


def load_embedder(model: str, backend: str) -> Embedder:
    """The embedder for the settings' model and backend."""
    path = resolve_model_path(model)
    log.info("loading embedder model=%s backend=%s", model_name(path), backend)
    if backend == "torch":
        return TorchEmbedder(path)
    from retrieval.index.onnx_backend import OnnxEmbedder

    return OnnxEmbedder(path, quantized=backend == "onnx-int8")


class LazyEmbedder:
    """Knows the model's name, dimension and tokenizer at once; loads the model itself on first encode.

    So listing sources, checking the index's signature or counting tokens never pays for torch's import.
    """

    def __init__(self, model: str, backend: str) -> None:
        self.path = resolve_model_path(model)
        self.model_name = model_name(self.path)
        self.backend = backend
        pooling = _model_config(self.path, "1_Pooling/config.json")
        config = _model_config(self.path, "config.json")
        self.dimension = int(pooling.get("word_embedding_dimension") or config.get("hidden_size") or 0)
        self.max_tokens = int(_model_config(self.path, "sentence_bert_config.json").get("max_seq_length", 256))
        if not self.dimension:
            raise ConfigError(f"Cannot tell the embedding dimension of the model in {self.path}.")
        self._tokens = ModelTokenizer(self.path, self.max_tokens)
        self._loaded: Embedder | None = None
        self._lock = threading.Lock()

    def load(self) -> Embedder:
        with self._lock:
            if self._loaded is None:
                self._loaded = load_embedder(str(self.path), self.backend)
            return self._loaded

    def encode(self, texts: list[str]) -> np.ndarray:
        return self.load().encode(texts)

    def encode_with_spans(
        self, texts: list[str], spans: list[list[tuple[int, int]]]
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        """Late chunking when the backend offers it (ONNX); otherwise each span's text embedded alone."""
        loaded = self.load()
        late = getattr(loaded, "encode_with_spans", None)
        if late is not None:
            result: tuple[np.ndarray, list[np.ndarray]] = late(texts, spans)
            return result
        pieces = [[text[a:b] for a, b in text_spans] for text, text_spans in zip(texts, spans, strict=True)]
        return loaded.encode(texts), [loaded.encode(p) for p in pieces]

    def count_tokens(self, text: str) -> int:
        return self._tokens.count(text)

    def is_common_word(self, word: str) -> bool:
        """True when the model's vocabulary has the word whole (a rough English-dictionary check)."""
        return self._tokens.count(word) <= 3
