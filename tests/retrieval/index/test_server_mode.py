"""The same index-and-ask against a real `chroma run` server on a loopback port."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bench.chroma_server import chroma_server as run_chroma_server
from retrieval.core import BriefingCore
from tests.conftest import IRAN_PASSAGE, SAMPLE_QUESTION


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[int]:
    try:
        with run_chroma_server(tmp_path) as server:
            yield server.port
    except RuntimeError as error:
        pytest.fail(str(error))


def test_index_and_ask_through_a_chroma_server(make_core: Callable[..., BriefingCore], chroma_server: int) -> None:
    core = make_core(chroma_host="127.0.0.1", chroma_port=chroma_server)
    report = core.reindex()
    assert report.chunks_total > 0
    assert not (core.settings.data_path / "chroma").exists(), "server mode writes nothing to the embedded store"
    answer = core.ask(SAMPLE_QUESTION)
    assert IRAN_PASSAGE in answer.citations[0].quote
    again = make_core(chroma_host="127.0.0.1", chroma_port=chroma_server)
    assert [d.doc_id for d in again.sources()] == [d.doc_id for d in core.sources()]
    assert core.stats().store_mode == f"server 127.0.0.1:{chroma_server}"


def test_a_reader_process_follows_a_reindex_done_by_another_process(
    make_core: Callable[..., BriefingCore], chroma_server: int
) -> None:
    """The bot and the re-indexing run apart (what server mode is for): the bot keeps answering through a full
    re-index that drops its generation, and answers from the new one after it."""
    writer = make_core(chroma_host="127.0.0.1", chroma_port=chroma_server)
    writer.reindex()
    reader = make_core(chroma_host="127.0.0.1", chroma_port=chroma_server, data_dir=Path("reader-data"))
    assert IRAN_PASSAGE in reader.ask(SAMPLE_QUESTION).citations[0].quote
    old = reader.snapshot().generation
    path = writer.settings.corpus_path / "2017-06-deir-ezzor-everyone-wants-it.txt"
    path.write_text(path.read_text() + "\nThe Iranian convoy carried 40 crates of spare parts for the power station.\n")
    writer.reindex(full=True)
    assert writer.generations.all() == [writer.snapshot().generation] != [old], "the old generation was dropped"
    answer = reader.ask("how many crates of spare parts did the Iranian convoy carry?")  # no wait: the retry path
    assert any("40 crates" in c.quote for c in answer.citations)
    assert reader.snapshot().generation == writer.snapshot().generation
    assert (reader.settings.data_path / "snapshots").is_dir(), "the reader rebuilt and saved its own snapshot"
