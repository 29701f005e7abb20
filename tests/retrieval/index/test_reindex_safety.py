"""A re-index never leaves the team without answers: swaps, crashes (kill -9) and a second writer process."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from retrieval.core import BriefingCore
from retrieval.records import Progress
from tests.conftest import IRAN_PASSAGE, REPO, SAMPLE_CORPUS, SAMPLE_QUESTION

NEW_FACT = "The Iranian convoy carried 40 crates of spare parts for the Deir ez-Zor power station."
NEW_QUESTION = "how many crates of spare parts did the Iranian convoy carry for the power station?"


def _add_fact(core: BriefingCore) -> None:
    path = core.settings.corpus_path / "2017-06-deir-ezzor-everyone-wants-it.txt"
    path.write_text(path.read_text() + "\n" + NEW_FACT + "\n")


def _cites_new_fact(core: BriefingCore) -> bool:
    answer = core.ask(NEW_QUESTION)
    return any("40 crates" in c.quote for c in answer.citations)


def test_questions_during_a_full_reindex_use_the_old_index_until_the_swap(
    make_core: Callable[..., BriefingCore],
) -> None:
    core = make_core()
    core.reindex()
    _add_fact(core)
    paused, release = threading.Event(), threading.Event()

    def pause(_: Progress) -> None:
        paused.set()
        release.wait(60)

    errors: list[BaseException] = []
    worker = threading.Thread(target=lambda: _run(core, errors, pause))
    worker.start()
    try:
        assert paused.wait(120)
        for _ in range(3):
            assert IRAN_PASSAGE in core.ask(SAMPLE_QUESTION).citations[0].quote
        assert not _cites_new_fact(core), "the half-built index is not visible"
    finally:
        release.set()
        worker.join(120)
    assert not errors
    assert _cites_new_fact(core), "after the swap the new content answers"


def _run(core: BriefingCore, errors: list[BaseException], pause: Callable[[Progress], None]) -> None:
    try:
        core.reindex(full=True, progress=pause)
    except BaseException as error:  # reported to the test thread
        errors.append(error)


def _env(root: Path) -> dict[str, str]:
    return {
        **os.environ,
        "HF_HUB_OFFLINE": "1",
        "DATA_DIR": str(root / "data"),
        "CORPUS_DIR": str(root / "corpus"),
        "ALIASES_FILE": str(SAMPLE_CORPUS / "_aliases.txt"),
    }


def _cli(root: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "retrieval", *args],
        cwd=root,
        env=_env(root),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


CHECK_SCRIPT = """
import json, sys
from retrieval.core import BriefingCore
from retrieval.settings import Settings
core = BriefingCore(Settings.load())
before = [c.quote for c in core.ask(sys.argv[1]).citations]
chunks_before = len(core.snapshot().catalog)
report = core.reindex()
core.wait_for_compaction()
new_fact = [c.quote for c in core.ask(sys.argv[2]).citations]
catalog = core.snapshot().catalog
mixed = [d for d, cs in catalog.chunks_of.items() if len({c.position for c in cs}) != len(cs)]
print(json.dumps({"before": before, "chunks_before": chunks_before, "new_fact": new_fact, "mixed": mixed,
                  "generations": core.generations.all(), "active": core.generations.active(),
                  "snapshots": sorted(p.name for p in core.snapshots.root.iterdir() if p.name != "segments"),
                  "segments": sorted(p.name for p in core.snapshots.segments.iterdir()),
                  "live_segments": sorted(p.segment.name for p in catalog.parts),
                  "pointer": core.generations.pointer(),
                  "second_run_unchanged": len(core.reindex().unchanged)}))
"""


@pytest.fixture
def larger_corpus(make_core: Callable[..., BriefingCore]) -> BriefingCore:
    """The sample corpus plus the evaluation corpus, indexed by a separate process (as a bot would have)."""
    core = make_core()
    for path in (REPO / "eval" / "corpus").iterdir():
        shutil.copy(path, core.settings.corpus_path / path.name)
    assert _cli(core.settings.root, "index").wait(600) == 0
    return core


def _kill_during_index(root: Path, full: bool, at_share: float) -> None:
    """Start `index`, and kill -9 it once its progress bar shows `at_share` of the chunks embedded."""
    process = _cli(root, "index", *(["--full"] if full else []))
    assert process.stderr is not None
    buffer = ""
    while process.poll() is None:
        buffer += process.stderr.read(1)
        done = re.findall(r"(\d+)/(\d+) chunks", buffer[-200:])
        if done and int(done[-1][0]) >= at_share * int(done[-1][1]):
            break
    process.send_signal(signal.SIGKILL)
    process.wait(30)
    assert process.returncode == -signal.SIGKILL, "the re-index was killed before it finished"


def _after_restart(root: Path) -> dict:
    """A fresh process (a restarted bot): answers first, then re-indexes, then answers again."""
    run = subprocess.run(
        [sys.executable, "-c", CHECK_SCRIPT, SAMPLE_QUESTION, NEW_QUESTION],
        cwd=root,
        env=_env(root),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(("full", "at_share"), [(True, 0.0), (True, 0.5), (False, 0.3)])
def test_a_reindex_killed_half_way_leaves_the_old_index_serving(
    larger_corpus: BriefingCore, full: bool, at_share: float
) -> None:
    root = larger_corpus.settings.root
    _add_fact(larger_corpus)
    for path in sorted(larger_corpus.settings.corpus_path.glob("2018-*.txt")):
        path.write_text(path.read_text() + "\nA late addendum was issued for this report.\n")
    _kill_during_index(root, full, at_share)
    state = _after_restart(root)
    assert IRAN_PASSAGE in state["before"][0], "the old index still answers after the crash"
    assert any("40 crates" in quote for quote in state["new_fact"]), "the next re-index succeeded"
    assert state["mixed"] == [], "no document is left with chunks of two versions"
    assert state["generations"] == [state["active"]], "the half-built generation was cleaned up"
    generation, revision = state["pointer"]
    assert state["snapshots"] == [f"{generation}-r{revision}"], "no half-written or stale snapshot folder is left"
    assert state["segments"] == state["live_segments"], "no half-written or unused segment is left"
    assert state["second_run_unchanged"] > 30


def test_a_second_process_cannot_write_while_the_bot_holds_the_embedded_index(
    make_core: Callable[..., BriefingCore],
) -> None:
    core = make_core()
    core.reindex()
    core.claim_store(by="the bot (test)")
    try:
        process = _cli(core.settings.root, "index", "--full")
        _, stderr = process.communicate(timeout=120)
        assert process.returncode == 1
        assert "in use by the bot (test)" in stderr and "CHROMA_HOST" in stderr
        assert core.reindex().unchanged, "the holder itself may still re-index"
    finally:
        core.store_lock.release()
