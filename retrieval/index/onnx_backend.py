"""The ONNX embedding backend: the same model as `TorchEmbedder`, run by onnxruntime without torch.

The first use of a model exports it to ONNX with torch (eager attention, opset 17, dynamic batch and
sequence axes), then fuses the graph with onnxruntime's transformer optimizer (offline, pure Python): one
Attention op per layer with packed QKV weights, EmbedLayerNormalization (which reduces the padding mask to
row lengths: rows are padded on the right) and BiasGelu. SkipLayerNormalization is left unfused, and its
session-level fusion disabled: its CPU kernel is about 4.5 times slower than the Add + LayerNormalization
it replaces. The "onnx-int8" backend quantizes that fused graph dynamically: the MatMul and Attention
weights to int8, per channel, constant weights only, and with 7-bit weights (reduce_range), because AVX2
CPUs without VNNI saturate full-range int8 products (mean cosine to torch 0.9885 instead of 0.994).

The files are cached on disk, keyed by a hash of the model's weights and the export settings, and written
atomically. Once cached, this module never imports torch, transformers, sentence-transformers or the
optimizer: tokenizing is the `tokenizers` library, and mean pooling and L2 normalisation are numpy,
matching sentence-transformers' own pipeline. Batches are cut by padded tokens (ONNX_BATCH_TOKENS), not
by count: chunks of 250 tokens two at a time run 10-30% faster than 32 at a time (the attention scores
stay in cache), while short sentences still go 20 or so to a run instead of paying per-run overhead.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import threading
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import onnxruntime as ort  # type: ignore[import-untyped,unused-ignore]
from tokenizers import Encoding, Tokenizer

from retrieval.errors import ConfigError
from retrieval.index.embedder import ONNX_EXPORT_VERSION, ModelTokenizer, model_name, pool_spans

log = logging.getLogger(__name__)

OPSET = 17
EXPORT_VERSION = ONNX_EXPORT_VERSION  # old cache files are then ignored, and indexes built with them refused
ONNX_BATCH_TOKENS = 512  # padded tokens per run: 2 chunks of 250 tokens, or about 20 one-line sentences
SLOW_FUSIONS = ("SkipLayerNormFusion",)  # onnxruntime's own graph fusions that cost time on the CPU
CACHE_ENV = "BRIEFING_ONNX_CACHE"
WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")
INPUT_NAMES = ("input_ids", "attention_mask", "token_type_ids")
DEFAULT_MAX_TOKENS = 512


def default_cache_dir() -> Path:
    """Where exported models live: $BRIEFING_ONNX_CACHE, else ~/.cache/briefing-bot/onnx."""
    override = os.environ.get(CACHE_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    return Path.home() / ".cache" / "briefing-bot" / "onnx"


def weights_digest(model_path: Path) -> str:
    """The first 16 hex characters of the sha256 of the model's weights file."""
    for name in WEIGHT_FILES:
        weights = model_path / name
        if weights.is_file():
            digest = hashlib.sha256()
            with weights.open("rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
            return digest.hexdigest()[:16]
    raise ConfigError(
        f"The model folder {model_path} has no {' or '.join(WEIGHT_FILES)}: the ONNX backend exports "
        "from those weights. Point EMBEDDING_MODEL at a full sentence-transformers folder."
    )


def cache_file(model_path: Path, quantized: bool, cache_dir: Path) -> Path:
    """The cache path for this model's weights and these export settings."""
    variant = "int8" if quantized else "fp32"
    key = f"{weights_digest(model_path)}-opset{OPSET}-v{EXPORT_VERSION}-{variant}"
    return cache_dir / f"{model_name(model_path)}-{key}.onnx"


def read_max_tokens(model_path: Path) -> int:
    """The model's sequence limit: sentence_bert_config.json's max_seq_length, as sentence-transformers reads it."""
    for name, key in (("sentence_bert_config.json", "max_seq_length"), ("tokenizer_config.json", "model_max_length")):
        value = _read_json(model_path / name).get(key)
        if isinstance(value, int) and 0 < value <= 100_000:
            return value
    return DEFAULT_MAX_TOKENS


def read_dimension(model_path: Path) -> int:
    """The width of the vectors: the transformer's hidden size."""
    return _read_config_int(model_path, "hidden_size")


def read_heads(model_path: Path) -> int:
    """The number of attention heads, which the attention fusion needs."""
    return _read_config_int(model_path, "num_attention_heads")


def _read_config_int(model_path: Path, key: str) -> int:
    value = _read_json(model_path / "config.json").get(key)
    if not isinstance(value, int):
        raise ConfigError(f"The model folder {model_path} has no config.json with a {key}.")
    return value


def check_mean_pooling(model_path: Path) -> None:
    """This backend pools by the masked mean: refuse a model configured for another pooling."""
    pooling = _read_json(model_path / "1_Pooling" / "config.json")
    if pooling and not pooling.get("pooling_mode_mean_tokens", False):
        raise ConfigError(
            f"The model {model_name(model_path)} does not use mean pooling, which is all the ONNX backend "
            "implements: set EMBEDDING_BACKEND=torch for this model."
        )


def _read_json(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


@contextmanager
def atomic_target(target: Path) -> Iterator[Path]:
    """A temporary path beside `target`, moved onto it only if the block succeeds."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=".tmp.onnx", dir=target.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        temporary.chmod(0o644)  # mkstemp makes it private; the cache is as readable as any other
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def ensure_onnx(model_path: Path, quantized: bool, cache_dir: Path) -> Path:
    """The cached ONNX file for this model and variant, exporting (and quantizing) it first if missing."""
    target = cache_file(model_path, quantized, cache_dir)
    if target.is_file():
        log.debug("onnx cache hit path=%s", target)
        return target
    started = time.perf_counter()
    if quantized:
        source = ensure_onnx(model_path, False, cache_dir)
        with atomic_target(target) as temporary:
            quantize_int8(source, temporary)
    else:
        with atomic_target(target) as temporary:
            export_fp32(model_path, temporary)
    log.info(
        "onnx export done model=%s quantized=%s path=%s seconds=%.1f",
        model_name(model_path),
        quantized,
        target,
        time.perf_counter() - started,
    )
    return target


def export_fp32(model_path: Path, target: Path) -> None:
    """Export the transformer with torch, then fuse its graph for onnxruntime's CPU kernels."""
    export_torch(model_path, target)
    fuse_transformer(target, read_heads(model_path), read_dimension(model_path))


def export_torch(model_path: Path, target: Path) -> None:
    """Export the transformer (token embeddings out, pooling left to numpy) with torch's ONNX exporter."""
    import torch
    from transformers import AutoModel

    log.info("onnx export start model=%s opset=%d", model_name(model_path), OPSET)
    model = AutoModel.from_pretrained(str(model_path), attn_implementation="eager").eval()

    class TokenEmbeddings(torch.nn.Module):
        def __init__(self, inner: torch.nn.Module) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor) -> Any:
            output = self.inner(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids)
            return output[0]

    ids = torch.full((2, 16), 1000, dtype=torch.long)
    mask = torch.ones_like(ids)
    mask[1, 8:] = 0  # a padded row, so no "the mask is all ones" shortcut can be traced into the graph
    axes = {name: {0: "batch", 1: "sequence"} for name in (*INPUT_NAMES, "token_embeddings")}
    with torch.inference_mode(), warnings.catch_warnings():
        warnings.simplefilter("ignore", torch.jit.TracerWarning)  # shape checks that are constant for BERT
        warnings.simplefilter("ignore", UserWarning)  # aten::index in opset 17: our indices are never negative
        torch.onnx.export(
            TokenEmbeddings(model),
            (ids, mask, torch.zeros_like(ids)),
            str(target),
            input_names=list(INPUT_NAMES),
            output_names=["token_embeddings"],
            dynamic_axes=axes,
            opset_version=OPSET,
            do_constant_folding=True,
            dynamo=False,
        )


def fuse_transformer(path: Path, heads: int, hidden: int) -> None:
    """Rewrite the exported graph in place with onnxruntime's BERT fusions (pure Python, offline)."""
    from onnxruntime.transformers.fusion_options import FusionOptions  # type: ignore[import-untyped,unused-ignore]
    from onnxruntime.transformers.optimizer import optimize_model  # type: ignore[import-untyped,unused-ignore]

    options = FusionOptions("bert")
    options.enable_skip_layer_norm = False  # see the module docstring: slower than what it replaces
    with quiet_onnxruntime():
        model = optimize_model(
            str(path), model_type="bert", num_heads=heads, hidden_size=hidden, opt_level=0, optimization_options=options
        )
        model.save_model_to_file(str(path))
        fused = {name: count for name, count in model.get_fused_operator_statistics().items() if count}
    log.info("onnx fusion done %s", " ".join(f"{name}={count}" for name, count in sorted(fused.items())))
    if not fused.get("Attention"):
        log.warning("onnx fusion found no attention: the graph runs unfused, correct but slower")


def quantize_int8(source: Path, target: Path) -> None:
    """Dynamic int8 quantization of the constant MatMul and fused Attention weights, per channel, 7 bits."""
    from onnx import TensorProto
    from onnxruntime.quantization import QuantType, quantize_dynamic  # type: ignore[import-untyped,unused-ignore]

    log.info("onnx quantize start source=%s", source.name)
    with quiet_onnxruntime():
        quantize_dynamic(
            str(source),
            str(target),
            per_channel=True,
            reduce_range=True,
            weight_type=QuantType.QInt8,
            op_types_to_quantize=["MatMul", "Attention"],
            # The fused ops are outside ONNX's shape inference: their outputs are float.
            extra_options={"MatMulConstBOnly": True, "DefaultTensorType": TensorProto.FLOAT},
        )


@contextmanager
def quiet_onnxruntime() -> Iterator[None]:
    """Drop onnxruntime's export-time chatter below ERROR: the quantizer's per-tensor INFO lines and its
    advice to pre-process (shape inference changes nothing here), the optimizer's per-fusion counts."""

    def keep(record: logging.LogRecord) -> bool:
        return record.levelno >= logging.ERROR or "onnxruntime" not in record.pathname

    root = logging.getLogger()
    # The quantizer logs on the root logger; the optimizer's module loggers only reach its handlers.
    targets: list[logging.Filterer] = [root, *root.handlers]
    if logging.lastResort is not None:
        targets.append(logging.lastResort)
    for target in targets:
        target.addFilter(keep)
    try:
        yield
    finally:
        for target in targets:
            target.removeFilter(keep)


def make_session(path: Path) -> Any:
    """An onnxruntime CPU session using every core, with all graph optimisations but SLOW_FUSIONS."""
    options = ort.SessionOptions()
    options.intra_op_num_threads = os.cpu_count() or 1
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    return ort.InferenceSession(
        str(path), sess_options=options, providers=["CPUExecutionProvider"], disabled_optimizers=list(SLOW_FUSIONS)
    )


def batch_tokenizer(model_path: Path, max_tokens: int) -> tuple[Tokenizer, int]:
    """The model's tokenizer, truncating at the model's limit (padding is per batch, in `pad_batch`), and its pad id."""
    tokenizer = Tokenizer.from_file(str(model_path / "tokenizer.json"))  # its own file says 128 tokens: override
    tokenizer.enable_truncation(max_length=max_tokens)
    tokenizer.no_padding()
    pad_id = next((i for i in map(tokenizer.token_to_id, ("[PAD]", "<pad>")) if i is not None), 0)
    return tokenizer, pad_id


def pad_batch(encodings: list[Encoding], pad_id: int) -> dict[str, np.ndarray]:
    """The model's inputs for a batch, padded to its longest text."""
    width = max(len(item.ids) for item in encodings)
    feeds = {
        "input_ids": np.full((len(encodings), width), pad_id, dtype=np.int64),
        "attention_mask": np.zeros((len(encodings), width), dtype=np.int64),
        "token_type_ids": np.zeros((len(encodings), width), dtype=np.int64),
    }
    for row, item in enumerate(encodings):
        size = len(item.ids)
        feeds["input_ids"][row, :size] = item.ids
        feeds["attention_mask"][row, :size] = item.attention_mask
        feeds["token_type_ids"][row, :size] = item.type_ids
    return feeds


def mean_pool(token_embeddings: np.ndarray, attention_mask: np.ndarray) -> np.ndarray:
    """The L2-normalised mean of the embeddings of the real (unpadded) tokens."""
    mask = attention_mask[:, :, None].astype(np.float32)
    summed = (token_embeddings * mask).sum(axis=1)
    pooled = summed / np.clip(mask.sum(axis=1), 1e-9, None)
    norms = np.linalg.norm(pooled, axis=1, keepdims=True)
    return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)


def plan_batches(lengths: list[int], budget: int = ONNX_BATCH_TOKENS) -> list[list[int]]:
    """Row indices, longest first (less padding), cut so that each padded batch holds at most `budget` tokens."""
    batches: list[list[int]] = []
    for row in sorted(range(len(lengths)), key=lambda i: -lengths[i]):
        if batches and (len(batches[-1]) + 1) * lengths[batches[-1][0]] <= budget:
            batches[-1].append(row)
        else:
            batches.append([row])
    return batches


class OnnxEmbedder:
    """sentence-transformers' model, exported to ONNX and run by onnxruntime on the CPU."""

    def __init__(self, model_path: Path, quantized: bool = False, cache_dir: Path | None = None) -> None:
        check_mean_pooling(model_path)
        self.model_name = model_name(model_path)
        self.backend = "onnx-int8" if quantized else "onnx"
        self.max_tokens = read_max_tokens(model_path)
        self.dimension = read_dimension(model_path)
        self.path = ensure_onnx(model_path, quantized, cache_dir or default_cache_dir())
        self._session = make_session(self.path)
        self._inputs = {item.name for item in self._session.get_inputs()}
        self._tokenizer, self._pad_id = batch_tokenizer(model_path, self.max_tokens)
        self._tokens = ModelTokenizer(model_path, self.max_tokens)
        self._lock = threading.Lock()
        self.calls = 0
        self.texts_encoded = 0
        log.info("onnx embedder ready model=%s backend=%s path=%s", self.model_name, self.backend, self.path)

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        with self._lock:
            self.calls += 1
            self.texts_encoded += len(texts)
            encodings = self._tokenizer.encode_batch(texts)
            vectors = np.empty((len(texts), self.dimension), dtype=np.float32)
            for rows in plan_batches([len(item.ids) for item in encodings]):
                vectors[rows] = self._run([encodings[i] for i in rows])
        return vectors

    def encode_with_spans(
        self, texts: list[str], spans: list[list[tuple[int, int]]]
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        """Each text's vector and, from the same pass, a vector per (start, end) character span of it: the mean
        of the span's token embeddings read in the whole text's context ("late chunking"), normalised. A span
        with no token of its own (cut off by the model's limit) gets NaNs; the caller embeds it alone."""
        vectors = np.empty((len(texts), self.dimension), dtype=np.float32)
        span_vectors: list[np.ndarray] = [np.empty((0, self.dimension), np.float32)] * len(texts)
        if not texts:
            return vectors, span_vectors
        with self._lock:
            self.calls += 1
            self.texts_encoded += len(texts)
            encodings = self._tokenizer.encode_batch(texts)
            for rows in plan_batches([len(item.ids) for item in encodings]):
                batch = [encodings[i] for i in rows]
                token_embeddings, mask = self._token_embeddings(batch)
                vectors[rows] = mean_pool(token_embeddings, mask)
                for k, i in enumerate(rows):
                    span_vectors[i] = pool_spans(token_embeddings[k], batch[k].offsets, spans[i])
        return vectors, span_vectors

    def count_tokens(self, text: str) -> int:
        return self._tokens.count(text)

    def _run(self, encodings: list[Encoding]) -> np.ndarray:
        return mean_pool(*self._token_embeddings(encodings))

    def _token_embeddings(self, encodings: list[Encoding]) -> tuple[np.ndarray, np.ndarray]:
        feeds = pad_batch(encodings, self._pad_id)
        outputs = self._session.run(None, {name: value for name, value in feeds.items() if name in self._inputs})
        return np.asarray(outputs[0], dtype=np.float32), feeds["attention_mask"]
