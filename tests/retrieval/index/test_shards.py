"""An index in collections of at most SHARD_CHUNKS chunks: every collection stays within its size, answers
equal those of one collection through builds, updates and merges, and a full build that serves nothing lets
go of each full collection's memory before it starts the next (a serving process keeps them open)."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import numpy as np
import pytest

from retrieval.core import BriefingCore
from retrieval.index.embedders import LazyEmbedder
from retrieval.index.store import open_client
from tests.conftest import REPO, make_settings

SHARD = 40
QUESTIONS = [
    "what does Iran want in Deir ez-Zor?",
    "who controls Raqqa?",
    "what did the coalition say about al-Tanf?",
    "what happened at the Tabqa dam?",
]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(REPO / "eval" / "corpus", folder)
    return folder


def _core(root: Path, embedder: LazyEmbedder, corpus: Path, shard_chunks: int) -> BriefingCore:
    settings = make_settings(root, corpus_dir=corpus, shard_chunks=shard_chunks, merge_deltas_at=100.0)
    return BriefingCore(settings, embedder=embedder)


def _collection_sizes(core: BriefingCore) -> list[int]:
    return [int(collection.count()) for collection in core.snapshot().index.shards]


def _answers(core: BriefingCore) -> list[tuple[str, list[tuple[str, str]]]]:
    return [(a.text, [(c.chunk_id, c.quote) for c in a.citations]) for a in map(core.ask, QUESTIONS)]


def _dense_recall(core: BriefingCore) -> list[float]:
    """Each question's share of the exact ten nearest chunks (every stored vector scored) that the index's
    search finds: HNSW is approximate, so one collection and many may each miss a different far neighbour."""
    index = core.snapshot().index
    stored = [shard.get(include=["embeddings"]) for shard in index.shards]
    ids = [i for part in stored for i in part["ids"]]
    matrix = np.vstack([np.asarray(part["embeddings"], dtype=np.float32) for part in stored])
    recalls = []
    for vector in core.embedder.encode(QUESTIONS):
        exact = {ids[i] for i in np.argsort(-(matrix @ vector))[:10]}
        recalls.append(len(exact & {chunk_id for chunk_id, _ in index.query(vector, 10)}) / 10)
    return recalls


def test_collections_stay_within_their_size_and_answer_as_one_collection_through_updates(
    tmp_path: Path, embedder: LazyEmbedder, corpus: Path
) -> None:
    sharded = _core(tmp_path / "sharded", embedder, corpus, SHARD)
    single = _core(tmp_path / "single", embedder, corpus, 0)
    sharded.reindex()
    single.reindex()
    sizes = _collection_sizes(sharded)
    assert len(sizes) > 3 and max(sizes) <= SHARD, sizes
    assert sum(sizes) == len(sharded.snapshot().catalog) and _collection_sizes(single) == [sum(sizes)]
    assert min(_dense_recall(sharded) + _dense_recall(single)) >= 0.9
    assert _answers(sharded) == _answers(single)

    files = sorted(corpus.iterdir())
    changes = [
        lambda: files[0].write_text(files[0].read_text() + "\nThe dam's spillway was repaired in March.\n"),
        lambda: (corpus / "2018-02-new.txt").write_text("Convoy\n\n" + "The Iranian convoy reached Mayadin. " * 60),
        lambda: files[2].unlink(),
    ]
    for change in changes:
        change()
        sharded.reindex()
        single.reindex()
        sizes = _collection_sizes(sharded)
        assert max(sizes) <= SHARD and sum(sizes) == len(sharded.snapshot().catalog), sizes
        assert min(_dense_recall(sharded) + _dense_recall(single)) >= 0.9
        assert _answers(sharded) == _answers(single)
    merged = BriefingCore(sharded.settings.with_overrides(merge_deltas_at=0.0001), embedder=embedder)
    assert merged.compact()
    assert _answers(merged) == _answers(single)


def test_a_chunk_already_stored_is_replaced_where_it_is_not_copied_into_the_last_collection(
    tmp_path: Path, embedder: LazyEmbedder, corpus: Path
) -> None:
    core = _core(tmp_path / "live", embedder, corpus, SHARD)
    core.reindex()
    first = sorted(corpus.iterdir())[0]
    first.write_text(first.read_text() + "\nA correction was issued for this report.\n")
    core.reindex()  # most of its chunks keep their ids: they are in the first collection, not duplicated
    ids = [i for collection in core.snapshot().index.shards for i in collection.get(include=[])["ids"]]
    assert len(ids) == len(set(ids)) == len(core.snapshot().catalog)


def test_a_full_build_that_serves_nothing_lets_go_of_each_full_collection(
    tmp_path: Path, embedder: LazyEmbedder, corpus: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="retrieval.index.store")
    building = _core(tmp_path / "live", embedder, corpus, SHARD)
    building.reindex(full=True)  # as `python -m retrieval index --full`: nothing served from this process
    started = [r for r in caplog.records if r.getMessage().startswith("store collection started")]
    let_go = [r for r in caplog.records if r.getMessage().startswith("store memory let go")]
    assert len(started) >= 3
    assert len(let_go) >= len(started), "each new collection starts after the full one is let go of"

    caplog.clear()
    serving = _core(tmp_path / "live", embedder, corpus, SHARD)
    serving.ask(QUESTIONS[0])  # now serving: an update keeps every collection open
    long_report = " ".join(f"Convoy {n} of the Iranian column reached Mayadin on its day {n}." for n in range(900))
    (corpus / "2018-03-new.txt").write_text("Convoys\n\n" + long_report)  # more chunks than a collection takes
    serving.reindex()
    assert [r for r in caplog.records if r.getMessage().startswith("store collection started")]
    assert not [r for r in caplog.records if r.getMessage().startswith("store memory let go")]
    assert serving.ask(QUESTIONS[0]).citations


def test_a_half_built_generation_is_dropped_with_all_its_collections(
    tmp_path: Path, embedder: LazyEmbedder, corpus: Path
) -> None:
    core = _core(tmp_path / "live", embedder, corpus, SHARD)
    core.reindex()
    live = core.snapshot().index.name
    half_built = core.generations.index("gdeadbeef")  # as a full build killed after its third collection
    half_built.create(core.signature)
    vectors = np.random.default_rng(0).standard_normal((SHARD * 2 + 5, embedder.dimension)).astype(np.float32)
    ids = [f"dead-{n}" for n in range(len(vectors))]
    half_built.add_chunks(ids, vectors, ["text"] * len(ids), [{"doc_id": "dead"}] * len(ids))
    client = open_client(core.settings)
    assert sum("gdeadbeef" in c.name for c in client.list_collections()) == 3

    assert core.generations.drop_inactive() == ["gdeadbeef"]
    names = [c.name for c in client.list_collections()]
    assert not [n for n in names if "gdeadbeef" in n]
    assert [n for n in names if n.startswith(live)], "the live generation's collections stay"
    assert core.ask(QUESTIONS[0]).citations
