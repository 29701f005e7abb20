"""Shared fixtures: the real embedding model (loaded once), sample corpora, cores on a temporary Chroma."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from retrieval.core import BriefingCore
from retrieval.index.embedders import LazyEmbedder
from retrieval.index.matcher import SentenceMatcher
from retrieval.settings import Settings
from tests.local_web import LocalWeb

REPO = Path(__file__).resolve().parent.parent
SAMPLE_CORPUS = REPO / "corpus"
SAMPLE_QUESTION = "what does Iran want in Deir ez-Zor?"
IRAN_PASSAGE = "direct route from Tehran to Damascus"


class CountingEmbedder:
    """The real embedder, counting what it is asked to encode (to prove incremental re-indexing)."""

    def __init__(self, inner: LazyEmbedder) -> None:
        self._inner = inner
        self.model_name = inner.model_name
        self.backend = inner.backend
        self.dimension = inner.dimension
        self.max_tokens = inner.max_tokens
        self.encoded: list[str] = []

    def encode(self, texts: list[str]) -> np.ndarray:
        self.encoded.extend(texts)
        return self._inner.encode(texts)

    def count_tokens(self, text: str) -> int:
        return self._inner.count_tokens(text)

    def is_common_word(self, word: str) -> bool:
        return self._inner.is_common_word(word)


@pytest.fixture(scope="session")
def embedder() -> LazyEmbedder:
    model = LazyEmbedder("", "torch")
    model.load()
    return model


@pytest.fixture(scope="session")
def matcher() -> SentenceMatcher:
    """The real matcher model, shared by the tests' cores (each core would load its own copy)."""
    return SentenceMatcher()


def copy_sample_corpus(target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for path in SAMPLE_CORPUS.iterdir():
        if path.is_file():
            shutil.copy(path, target / path.name)
    return target


def make_settings(root: Path, **overrides: object) -> Settings:
    base = Settings.from_mapping({}, root)
    return base.with_overrides(**{"aliases_file": SAMPLE_CORPUS / "_aliases.txt", **overrides})


@pytest.fixture
def make_core(tmp_path: Path, embedder: LazyEmbedder, matcher: SentenceMatcher) -> Callable[..., BriefingCore]:
    """A core over a fresh copy of the sample corpus in tmp_path (index not built yet)."""

    def build(embedder_override: object | None = None, **overrides: object) -> BriefingCore:
        copy_sample_corpus(tmp_path / "corpus")
        settings = make_settings(tmp_path, **overrides)
        return BriefingCore(settings, embedder=embedder_override or embedder, matcher=matcher)  # type: ignore[arg-type]

    return build


def indexed_sample_core(root: Path, embedder: LazyEmbedder, matcher: SentenceMatcher | None = None) -> BriefingCore:
    """A core over a copy of the sample corpus in `root`, indexed."""
    copy_sample_corpus(root / "corpus")
    core = BriefingCore(make_settings(root), embedder=embedder, matcher=matcher)
    core.reindex()
    return core


@pytest.fixture(scope="session")
def sample_core(
    tmp_path_factory: pytest.TempPathFactory, embedder: LazyEmbedder, matcher: SentenceMatcher
) -> BriefingCore:
    """One indexed core over the sample corpus, shared by read-only tests."""
    return indexed_sample_core(tmp_path_factory.mktemp("sample"), embedder, matcher)


@pytest.fixture
def web() -> Iterator[LocalWeb]:
    """A local HTTP server on 127.0.0.1 serving the test pages (tests/local_web.py)."""
    with LocalWeb().running() as server:
        yield server
