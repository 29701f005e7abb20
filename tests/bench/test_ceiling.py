"""The matmul ceiling's arithmetic and the one-op sessions it times."""

from __future__ import annotations

import numpy as np
import pytest

from bench.ceiling import ROWS, Ceiling, Shape, matmul_session

MINILM = Shape(layers=6, hidden=384, intermediate=1536)


def test_minilm_multiply_adds_per_token() -> None:
    assert MINILM.linear_macs_per_token() == 6 * (4 * 384 * 384 + 2 * 384 * 1536) == 10_616_832
    assert MINILM.attention_macs_per_token(256) == 6 * 2 * 256 * 384
    assert MINILM.layers * sum(k * n for k, n in MINILM.products()) == MINILM.linear_macs_per_token()


def test_int8_ceiling_keeps_attention_at_the_fp32_rate() -> None:
    ceiling = Ceiling(fp32_gmacs=100.0, int8_gmacs=200.0)
    fp32 = ceiling.chunks_per_s(MINILM, 250, quantized=False)
    int8 = ceiling.chunks_per_s(MINILM, 250, quantized=True)
    assert fp32 == pytest.approx(100e9 / ((10_616_832 + 6 * 2 * 250 * 384) * 250))
    assert fp32 < int8 < 2 * fp32  # twice the linear rate, not twice the chunks


@pytest.mark.parametrize("quantized", [False, True])
def test_timed_session_computes_the_product(quantized: bool) -> None:
    session = matmul_session(8, 4, quantized)
    rng = np.random.default_rng(5)
    x = rng.integers(0, 255, (ROWS, 8), dtype=np.uint8) if quantized else rng.standard_normal((ROWS, 8), np.float32)
    (y,) = session.run(None, {"x": x})
    assert y.shape == (ROWS, 4)
    assert y.dtype == (np.int32 if quantized else np.float32)
