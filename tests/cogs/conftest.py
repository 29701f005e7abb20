"""Fixtures for the Discord layer: the loopback guard on every test, indexed cores shared per module."""

from __future__ import annotations

import pytest

from retrieval.core import BriefingCore
from retrieval.index.embedders import LazyEmbedder
from tests.conftest import indexed_sample_core
from tests.fake_discord.loopback_guard import guarded

loopback_guard = pytest.fixture(guarded, autouse=True, name="loopback_guard")


@pytest.fixture(scope="module")
def library_core(tmp_path_factory: pytest.TempPathFactory, embedder: LazyEmbedder) -> BriefingCore:
    """An indexed core this module may change (re-index, upload, remove)."""
    return indexed_sample_core(tmp_path_factory.mktemp("library"), embedder)
