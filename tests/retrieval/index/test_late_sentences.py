"""An index whose sentence vectors come from the chunk pass (SENTENCE_VECTORS=late) answers like the other."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from retrieval.core import BriefingCore
from retrieval.index.embedders import LazyEmbedder
from retrieval.settings import Settings
from tests.conftest import IRAN_PASSAGE, SAMPLE_QUESTION, copy_sample_corpus, make_settings

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def onnx_embedder() -> LazyEmbedder:
    return LazyEmbedder("", "onnx-int8")


def _core(root: Path, embedder: LazyEmbedder, mode: str) -> BriefingCore:
    copy_sample_corpus(root / "corpus")
    core = BriefingCore(make_settings(root, sentence_vectors=mode), embedder=embedder)
    core.reindex()
    return core


def test_late_sentence_vectors_skip_the_second_pass_and_answer_the_same(
    tmp_path: Path, onnx_embedder: LazyEmbedder
) -> None:
    loaded = onnx_embedder.load()
    before = loaded.texts_encoded  # type: ignore[attr-defined]
    late = _core(tmp_path / "late", onnx_embedder, "late")
    late_catalog = late.snapshot().catalog
    embedded = loaded.texts_encoded - before  # type: ignore[attr-defined]
    assert embedded == len(late_catalog), "each chunk read once; no sentence embedded on its own"
    separate = _core(tmp_path / "separate", onnx_embedder, "separate")
    assert late.signature != separate.signature, "switching rebuilds the index"
    for core in (late, separate):
        answer = core.ask(SAMPLE_QUESTION)
        assert not answer.abstained
        assert IRAN_PASSAGE in answer.citations[0].quote
    a, b = late_catalog.table.sentence_vectors, separate.snapshot().catalog.table.sentence_vectors
    assert a.shape[1] == b.shape[1] and not np.isnan(np.asarray(a, dtype=np.float32)).any()


def test_the_setting_is_checked(tmp_path: Path) -> None:
    from retrieval.errors import ConfigError

    with pytest.raises(ConfigError, match="SENTENCE_VECTORS"):
        Settings.from_mapping({"SENTENCE_VECTORS": "sideways"}, tmp_path)


def test_a_switch_is_a_full_rebuild(tmp_path: Path, onnx_embedder: LazyEmbedder) -> None:
    core = _core(tmp_path, onnx_embedder, "separate")
    switched = BriefingCore(make_settings(tmp_path, sentence_vectors="late"), embedder=onnx_embedder)
    report = switched.reindex()
    assert report.full_rebuild_reason, "another sentence-vector setting is another index"
    assert core.signature.chunker != switched.signature.chunker
