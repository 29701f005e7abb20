"""The ONNX backend against the torch one, on the real packaged model, with a real export into a temp cache."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from retrieval.index import onnx_backend as embeddings_onnx
from retrieval.index.embedder import Embedder, pool_spans, resolve_model_path
from retrieval.index.onnx_backend import OnnxEmbedder, cache_file
from retrieval.index.torch_backend import TorchEmbedder

REPO = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.slow  # exports the model twice (about 10 s) and loads torch

TEXTS = [
    "What did the briefing say about Deir Ezzor in June 2017?",
    "The Syrian Arab Army broke the siege of Deir ez-Zor after three years.",
    "Iran wants a land route from Tehran to Damascus through Al-Bukamal.",
    "US-backed SDF forces advanced on Raqqa from the north and east.",
    "Hezbollah fighters were redeployed from Qalamoun to the eastern desert.",
    "Russian air strikes hit ISIS positions near Palmyra overnight.",
    "The Tiger Force pushed along the Euphrates towards Mayadin.",
    "Al-Tanf remains a US garrison inside a 55-kilometre deconfliction zone.",
    "Turkey launched Operation Olive Branch against the YPG in Afrin.",
    "Who controls the T2 pumping station?",
    "The Iraqi PMU secured the border crossing at Al-Qaim in November.",
    "Supply convoys reached the besieged airbase by the Panorama road.",
    "Tribal leaders in Hasakah negotiated with both Damascus and the SDF.",
    "Idlib's de-escalation zone was agreed at Astana by Russia, Iran and Turkey.",
    "The dam at Tabqa changed hands in May 2017.",
    "Analysts expected a race for the oil fields east of the river.",
    "Casualty figures could not be independently confirmed.",
    "Raqqa",
    "siege",
    "Deir Ezzor: everyone wants it. This Syrian city could become a bigger flashpoint than Al-Tanf. "
    "The Syrian leadership wants to relieve its garrison, restore sovereignty over the Iraqi border and "
    "gain a springboard east of the Euphrates, while Iran wants a direct route to Lebanon.",
]
LONG_TEXT = " ".join(
    f"Paragraph {i}: convoys moved from Palmyra to Deir Ezzor while the SDF pressed on Raqqa and the coalition "
    "struck bridges over the Euphrates near Mayadin."
    for i in range(40)
)


@pytest.fixture(scope="session")
def model_path() -> Path:
    return resolve_model_path("")


@pytest.fixture(scope="session")
def onnx_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("onnx-cache")


@pytest.fixture(scope="session")
def torch_embedder(model_path: Path) -> TorchEmbedder:
    return TorchEmbedder(model_path)


@pytest.fixture(scope="session")
def onnx_fp32(model_path: Path, onnx_cache: Path) -> OnnxEmbedder:
    return OnnxEmbedder(model_path, cache_dir=onnx_cache)


@pytest.fixture(scope="session")
def onnx_int8(model_path: Path, onnx_cache: Path) -> OnnxEmbedder:
    return OnnxEmbedder(model_path, quantized=True, cache_dir=onnx_cache)


def cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.asarray((a * b).sum(axis=1))


@pytest.mark.parametrize(
    ("fixture", "backend", "threshold"), [("onnx_fp32", "onnx", 0.999), ("onnx_int8", "onnx-int8", 0.99)]
)
def test_vectors_match_torch(
    request: pytest.FixtureRequest, torch_embedder: TorchEmbedder, fixture: str, backend: str, threshold: float
) -> None:
    embedder: OnnxEmbedder = request.getfixturevalue(fixture)
    vectors = embedder.encode(TEXTS)
    expected = torch_embedder.encode(TEXTS)

    assert isinstance(embedder, Embedder)
    assert embedder.backend == backend
    assert (embedder.dimension, embedder.max_tokens) == (384, 256)
    assert embedder.model_name == torch_embedder.model_name
    assert vectors.shape == (len(TEXTS), 384)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    similarity = cosines(vectors, expected)
    assert similarity.mean() >= threshold, similarity
    assert similarity.min() >= threshold - 0.02, similarity


@pytest.mark.parametrize("fixture", ["onnx_fp32", "onnx_int8"])
def test_long_text_is_truncated_like_torch(
    request: pytest.FixtureRequest, torch_embedder: TorchEmbedder, fixture: str
) -> None:
    embedder: OnnxEmbedder = request.getfixturevalue(fixture)
    assert embedder.count_tokens(LONG_TEXT) > 2 * embedder.max_tokens
    batch = [LONG_TEXT, "Raqqa", LONG_TEXT[:300]]  # mixed lengths: padding must not leak into the long one
    similarity = cosines(embedder.encode(batch), torch_embedder.encode(batch))
    assert similarity.min() >= (0.999 if embedder.backend == "onnx" else 0.98), similarity
    # Only the first 256 tokens count: what comes after them changes nothing.
    tail_changed = embedder.encode([LONG_TEXT + " The ceasefire collapsed."])
    assert float(cosines(tail_changed, embedder.encode([LONG_TEXT]))[0]) > 0.99999


def test_encode_edge_cases_and_counters(onnx_fp32: OnnxEmbedder, torch_embedder: TorchEmbedder) -> None:
    calls, texts = onnx_fp32.calls, onnx_fp32.texts_encoded
    assert onnx_fp32.encode([]).shape == (0, 384)
    many = [f"Briefing {i} on Idlib." for i in range(70)]  # more than one batch
    vectors = onnx_fp32.encode(many)
    assert vectors.shape == (70, 384)
    np.testing.assert_allclose(vectors[5], onnx_fp32.encode([many[5]])[0], atol=1e-5)  # order kept
    padded = onnx_fp32.encode(["Raqqa", LONG_TEXT])[0]  # padded to 256 tokens in that batch
    np.testing.assert_allclose(padded, onnx_fp32.encode(["Raqqa"])[0], atol=1e-5)
    assert (onnx_fp32.calls, onnx_fp32.texts_encoded) == (
        calls + 4,
        texts + 74,
    )  # the empty call returns before counting
    for text in ("Deir Ezzor", LONG_TEXT):  # counts are not truncated: the chunker checks them
        assert onnx_fp32.count_tokens(text) == torch_embedder.count_tokens(text)
    assert onnx_fp32.count_tokens("Raqqa") == len(torch_embedder._model.tokenizer("Raqqa")["input_ids"])


def test_cached_export_is_reused(
    onnx_fp32: OnnxEmbedder,
    onnx_int8: OnnxEmbedder,
    model_path: Path,
    onnx_cache: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(*args: object) -> None:
        raise AssertionError("exported again although the cache holds the file")

    monkeypatch.setattr(embeddings_onnx, "export_fp32", refuse)
    monkeypatch.setattr(embeddings_onnx, "quantize_int8", refuse)
    files = {path: path.stat().st_mtime_ns for path in onnx_cache.iterdir()}
    for quantized in (False, True):
        again = OnnxEmbedder(model_path, quantized=quantized, cache_dir=onnx_cache)
        assert again.path == cache_file(model_path, quantized, onnx_cache)
        assert again.encode(["Raqqa"]).shape == (1, 384)
    assert {path: path.stat().st_mtime_ns for path in onnx_cache.iterdir()} == files
    assert sorted(path.suffix for path in files) == [".onnx", ".onnx"]  # no temp files left behind


def test_batches_are_cut_by_padded_tokens() -> None:
    assert embeddings_onnx.plan_batches([], budget=512) == []
    # Longest first; a batch grows while its rows times its longest row stay within the budget.
    assert embeddings_onnx.plan_batches([10, 250, 240, 9, 600], budget=512) == [[4], [1, 2], [0, 3]]
    assert embeddings_onnx.plan_batches([8] * 70, budget=512) == [list(range(64)), list(range(64, 70))]


def graph_ops(path: Path) -> Counter[str]:
    import onnx

    return Counter(node.op_type for node in onnx.load(str(path)).graph.node)


def test_cached_graphs_are_fused_and_quantized(onnx_fp32: OnnxEmbedder, onnx_int8: OnnxEmbedder) -> None:
    fp32, int8 = graph_ops(onnx_fp32.path), graph_ops(onnx_int8.path)
    # One Attention per layer (MiniLM-L6 has 6), one EmbedLayerNormalization, a BiasGelu per layer; no
    # SkipLayerNormalization, whose CPU kernel is slower than Add + LayerNormalization.
    assert (fp32["Attention"], fp32["EmbedLayerNormalization"], fp32["BiasGelu"]) == (6, 1, 6), fp32
    assert fp32["SkipLayerNormalization"] == 0
    assert (int8["QAttention"], int8["Attention"], int8["MatMulInteger"], int8["MatMul"]) == (6, 0, 18, 0), int8


def test_cache_key_depends_on_weights_and_settings(model_path: Path, tmp_path: Path) -> None:
    fp32, int8 = cache_file(model_path, False, tmp_path), cache_file(model_path, True, tmp_path)
    assert fp32 != int8
    assert fp32.parent == tmp_path
    assert "opset17" in fp32.name
    copy = tmp_path / "other-model"
    copy.mkdir()
    (copy / "model.safetensors").write_bytes(b"other weights")
    assert cache_file(copy, False, tmp_path).name.split("-")[-4] != fp32.name.split("-")[-4]


def test_default_cache_dir_honours_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("BRIEFING_ONNX_CACHE", str(tmp_path))
    assert embeddings_onnx.default_cache_dir() == tmp_path
    monkeypatch.delenv("BRIEFING_ONNX_CACHE")
    assert embeddings_onnx.default_cache_dir() == Path.home() / ".cache" / "briefing-bot" / "onnx"


def test_cached_backend_never_imports_torch(onnx_fp32: OnnxEmbedder, onnx_int8: OnnxEmbedder, onnx_cache: Path) -> None:
    script = (
        "import sys\n"
        "from retrieval.index.embedders import load_embedder\n"
        "for backend in ('onnx', 'onnx-int8'):\n"
        "    assert load_embedder('', backend).encode(['Deir Ezzor']).shape == (1, 384)\n"
        "heavy = {'torch', 'transformers', 'sentence_transformers', 'sympy'}\n"
        "heavy |= {'onnxruntime.transformers', 'onnxruntime.quantization'}  # export time only\n"
        "heavy = sorted(heavy & set(sys.modules))\n"
        "print('heavy=' + ','.join(heavy))\n"
    )
    env = {**os.environ, "BRIEFING_ONNX_CACHE": str(onnx_cache), "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "heavy=", result.stdout


def test_the_command_line_with_an_onnx_backend_never_imports_torch(
    tmp_path: Path, onnx_int8: OnnxEmbedder, onnx_cache: Path
) -> None:
    """Start-up stays fast: the core, the CLI and a query on the ONNX path load no torch or transformers."""
    script = (
        "import sys\n"
        "from retrieval.cli import build_parser\n"
        "from retrieval.core import BriefingCore\n"
        "from retrieval.settings import Settings\n"
        "core = BriefingCore(Settings.load())\n"
        "core.embedder.encode(['what does Iran want?'])\n"
        "print(sorted(m for m in ('torch', 'transformers', 'sentence_transformers') if m in sys.modules))\n"
    )
    env = {
        **os.environ,
        "EMBEDDING_BACKEND": "onnx-int8",
        "BRIEFING_ONNX_CACHE": str(onnx_cache),  # exported already by the onnx_int8 fixture
        "DATA_DIR": str(tmp_path),
        "HF_HUB_OFFLINE": "1",
    }
    run = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().splitlines()[-1] == "[]"


def test_the_index_records_the_onnx_export_version() -> None:
    """Another export gives other vectors: an index built with one is refused by the next (full re-index)."""
    from retrieval.index import onnx_backend as embeddings_onnx
    from retrieval.index.embedder import ONNX_EXPORT_VERSION, index_backend

    assert index_backend("torch") == "torch"
    assert index_backend("onnx-int8") == f"onnx-int8/export-v{ONNX_EXPORT_VERSION}"
    assert embeddings_onnx.EXPORT_VERSION == ONNX_EXPORT_VERSION, "the cache key and the index agree"


# -- late chunking: sentence vectors from the chunk pass ------------------------------------------------


def test_pool_spans_averages_the_tokens_inside_each_span_and_skips_special_tokens() -> None:
    tokens = np.array([[9.0, 9.0], [1.0, 0.0], [3.0, 0.0], [0.0, 2.0], [9.0, 9.0]], dtype=np.float32)
    offsets = [(0, 0), (0, 3), (4, 7), (8, 12), (0, 0)]  # [CLS], three words, [SEP]
    pooled = pool_spans(tokens, offsets, [(0, 7), (8, 12), (20, 30)])
    assert np.allclose(pooled[0], [1.0, 0.0]), "mean of (1,0) and (3,0), normalised; never the [CLS] row"
    assert np.allclose(pooled[1], [0.0, 1.0])
    assert np.isnan(pooled[2]).all(), "a span with no token of its own is marked for embedding alone"


def test_late_sentence_vectors_come_from_the_same_pass_and_stay_close_to_separate_ones(
    onnx_int8: OnnxEmbedder,
) -> None:
    text = TEXTS[-1]
    first = text.index(" This Syrian")
    spans = [(0, first), (first + 1, text.index(" The Syrian")), (text.index("The Syrian"), len(text))]
    calls = onnx_int8.calls
    vectors, per_text = onnx_int8.encode_with_spans([text, TEXTS[1]], [spans, [(0, len(TEXTS[1]))]])
    assert onnx_int8.calls == calls + 1, "one model pass for the chunks and their sentences"
    assert per_text[0].shape == (3, onnx_int8.dimension) and per_text[1].shape == (1, onnx_int8.dimension)
    assert np.allclose(vectors, onnx_int8.encode([text, TEXTS[1]]), atol=1e-5), "the chunk vectors are unchanged"
    alone = onnx_int8.encode([text[a:b] for a, b in spans])
    similarity = cosines(per_text[0], alone)
    assert (similarity > 0.6).all(), similarity  # in context, yet about the same thing
    assert np.allclose(np.linalg.norm(per_text[0], axis=1), 1.0, atol=1e-5)
    mixed = per_text[0] @ alone.T
    assert (mixed.argmax(axis=1) == np.arange(3)).all(), "each sentence is nearest to its own text"


def test_torch_and_onnx_late_sentence_vectors_agree(torch_embedder: TorchEmbedder, onnx_fp32: OnnxEmbedder) -> None:
    text = TEXTS[-1]
    spans = [[(0, text.index(" This")), (text.index("The Syrian"), len(text))]]
    torch_chunks, torch_spans = torch_embedder.encode_with_spans([text], spans)
    onnx_chunks, onnx_spans = onnx_fp32.encode_with_spans([text], spans)
    assert cosines(torch_chunks, onnx_chunks).min() > 0.999
    assert cosines(torch_spans[0], onnx_spans[0]).min() > 0.999
