"""A small noisy corpus: the two sample briefings, one evaluation briefing and news articles on other subjects."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from retrieval.core import BriefingCore
from retrieval.index.embedders import LazyEmbedder
from tests.conftest import REPO, copy_sample_corpus, make_settings

NOISY_EXTRA = (
    "eval/corpus/2017-09-hizballah-border-operation-convoy.txt",
    "eval/distractors/a-2017-06-cup-final-cardiff.txt",
    "eval/distractors/a-2018-05-euroleague-final-four-belgrade.txt",
    "eval/distractors/c-2018-06-iran-beat-morocco.txt",
    "eval/distractors/c-2022-03-tehran-derby-persepolis-esteghlal.md",
)


# news with figures and dates: a launch report written before the launch asked about, a census of another place
FIGURES_EXTRA = (
    "eval/distractors/a-2017-06-cup-final-cardiff.txt",
    "eval/distractors/b-2018-06-orbitra-constellation-launch.txt",
    "eval/distractors/a-2019-11-kenya-census-nairobi-population.md",
    "eval/distractors/a-2018-05-kilauea-lava-fissures.html",
)


def indexed_core(root: Path, extra: tuple[str, ...], embedder: LazyEmbedder) -> BriefingCore:
    """A core indexed over the sample briefings and `extra` (paths in the repository)."""
    copy_sample_corpus(root / "corpus")
    for name in extra:
        shutil.copy(REPO / name, root / "corpus" / Path(name).name)
    core = BriefingCore(make_settings(root), embedder=embedder)
    core.reindex()
    return core


@pytest.fixture(scope="session")
def noisy_core(tmp_path_factory: pytest.TempPathFactory, embedder: LazyEmbedder) -> BriefingCore:
    """One indexed core over the noisy corpus, shared by read-only tests."""
    return indexed_core(tmp_path_factory.mktemp("noisy"), NOISY_EXTRA, embedder)


@pytest.fixture(scope="session")
def figures_core(tmp_path_factory: pytest.TempPathFactory, embedder: LazyEmbedder) -> BriefingCore:
    """One indexed core over the sample briefings and news with figures and dates, shared by read-only tests."""
    return indexed_core(tmp_path_factory.mktemp("figures"), FIGURES_EXTRA, embedder)
