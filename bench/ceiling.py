"""What this CPU can do at most: the model's multiply-adds at onnxruntime's own measured GEMM rates.

    python -m bench.ceiling

The embedding targets are ratios to the torch path, so whether they can be met depends on how close torch
already runs to the machine. This measures onnxruntime's fp32 MatMul and its int8 MatMulInteger (uint8
activations, int8 weights, as the int8 backend runs them) on the shapes of one transformer layer, 512 token
rows at a time, and turns the model's multiply-adds per chunk into chunks per second. The ceiling counts
only the matrix products: layer norms, GELU, softmax, quantizing activations and tokenizing are left out,
so no backend can reach it.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

ROWS = 512  # padded tokens per run, as the ONNX backends batch them
REPEATS = 100


@dataclass(frozen=True)
class Shape:
    """The transformer's sizes, from its config.json."""

    layers: int
    hidden: int
    intermediate: int

    def linear_macs_per_token(self) -> int:
        """Q, K, V and output projections plus the two feed-forward products, all layers."""
        return self.layers * (4 * self.hidden * self.hidden + 2 * self.hidden * self.intermediate)

    def attention_macs_per_token(self, sequence: int) -> int:
        """Scores (QK^T) and the weighted sum of values, all layers: these stay in fp32 in the int8 graph."""
        return self.layers * 2 * sequence * self.hidden

    def products(self) -> list[tuple[int, int]]:
        """(K, N) of the weight matrices one layer multiplies by, as the fused graph packs them (Q, K and V
        in one product)."""
        h, i = self.hidden, self.intermediate
        return [(h, 3 * h), (h, h), (h, i), (i, h)]


@dataclass(frozen=True)
class Ceiling:
    fp32_gmacs: float  # multiply-adds per second, in billions
    int8_gmacs: float

    def chunks_per_s(self, shape: Shape, tokens: float, quantized: bool) -> float:
        linear = shape.linear_macs_per_token() * tokens
        attention = shape.attention_macs_per_token(round(tokens)) * tokens
        linear_rate = self.int8_gmacs if quantized else self.fp32_gmacs
        seconds = linear / (linear_rate * 1e9) + attention / (self.fp32_gmacs * 1e9)
        return 1 / seconds


def read_shape(model_path: Path) -> Shape:
    config = json.loads((model_path / "config.json").read_text(encoding="utf-8"))
    return Shape(config["num_hidden_layers"], config["hidden_size"], config["intermediate_size"])


def matmul_session(k: int, n: int, quantized: bool) -> Any:
    """A one-op onnxruntime session: [ROWS, k] times a constant [k, n], threaded as the backends are."""
    import onnxruntime as ort  # type: ignore[import-untyped,unused-ignore]
    from onnx import TensorProto, helper, numpy_helper

    rng = np.random.default_rng(0)
    if quantized:
        weight = numpy_helper.from_array(rng.integers(-63, 64, (k, n), dtype=np.int8), "w")
        node = helper.make_node("MatMulInteger", ["x", "w"], ["y"])
        types = (TensorProto.UINT8, TensorProto.INT32)
    else:
        weight = numpy_helper.from_array(rng.standard_normal((k, n), dtype=np.float32), "w")
        node = helper.make_node("MatMul", ["x", "w"], ["y"])
        types = (TensorProto.FLOAT, TensorProto.FLOAT)
    graph = helper.make_graph(
        [node],
        "gemm",
        [helper.make_tensor_value_info("x", types[0], [ROWS, k])],
        [helper.make_tensor_value_info("y", types[1], [ROWS, n])],
        initializer=[weight],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], ir_version=8)
    options = ort.SessionOptions()
    options.intra_op_num_threads = os.cpu_count() or 1
    return ort.InferenceSession(model.SerializeToString(), sess_options=options, providers=["CPUExecutionProvider"])


def layer_gmacs(shape: Shape, quantized: bool) -> float:
    """Multiply-adds per second over one layer's products, each run REPEATS times back to back and timed as
    one block, as the backends' passes are: the best single run would catch the CPU's short bursts."""
    rng = np.random.default_rng(1)
    seconds = 0.0
    macs = 0
    for k, n in shape.products():
        session = matmul_session(k, n, quantized)
        x = rng.integers(0, 255, (ROWS, k), dtype=np.uint8) if quantized else rng.standard_normal((ROWS, k), np.float32)
        session.run(None, {"x": x})
        started = time.perf_counter()
        for _ in range(REPEATS):
            session.run(None, {"x": x})
        seconds += time.perf_counter() - started
        macs += REPEATS * ROWS * k * n
    return macs / seconds / 1e9


def measure(shape: Shape) -> Ceiling:
    return Ceiling(layer_gmacs(shape, quantized=False), layer_gmacs(shape, quantized=True))


def main() -> None:
    from retrieval import resolve_model_path

    shape = read_shape(resolve_model_path(""))
    ceiling = measure(shape)
    print(f"fp32 {ceiling.fp32_gmacs:.1f} GMAC/s, int8 {ceiling.int8_gmacs:.1f} GMAC/s")
    for tokens in (128, 245):
        fp32 = ceiling.chunks_per_s(shape, tokens, quantized=False)
        int8 = ceiling.chunks_per_s(shape, tokens, quantized=True)
        print(f"{tokens} tokens: at most {fp32:.1f} chunks/s in fp32, {int8:.1f} in int8")


if __name__ == "__main__":
    main()
