"""Small updates stay small: a change writes a delta segment and tombstones, answers equal a full rebuild's
through many revisions and merges, unchanged files are not read, and kill -9 during a delta write or a
merge leaves the previous version serving."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from retrieval.core import BriefingCore
from retrieval.index.embedders import LazyEmbedder
from tests.conftest import REPO, make_settings

QUESTIONS = [
    "what does Iran want in Deir ez-Zor?",
    "who controls Raqqa?",
    "what did the coalition say about al-Tanf?",
    "how many crates of spare parts did the convoy carry?",
    "what happened at the Tabqa dam?",
]
TERMS = ["iran", "raqqa", "convoy", "crates", "tabqa", "dam"]


def _core(root: Path, embedder: LazyEmbedder, corpus: Path, **overrides: object) -> BriefingCore:
    return BriefingCore(make_settings(root, corpus_dir=corpus, **overrides), embedder=embedder)


def _answers(core: BriefingCore) -> list[tuple[str, list[tuple[str, str]]]]:
    return [(a.text, [(c.chunk_id, c.quote) for c in a.citations]) for a in map(core.ask, QUESTIONS)]


def _bm25_by_chunk(core: BriefingCore) -> dict[str, list[float]]:
    catalog = core.snapshot().catalog
    scores = [catalog.lexical.scores([term]) for term in TERMS]
    return {chunk_id: [float(s[row]) for s in scores] for row, chunk_id in enumerate(catalog.table.chunk_ids)}


def _same_as_a_full_rebuild(core: BriefingCore, tmp_path: Path, embedder: LazyEmbedder, step: int) -> None:
    rebuilt = _core(tmp_path / f"rebuilt-{step}", embedder, core.settings.corpus_path)
    rebuilt.reindex()
    catalog, fresh = core.snapshot().catalog, rebuilt.snapshot().catalog
    assert sorted(catalog.table.chunk_ids) == sorted(fresh.table.chunk_ids)
    assert catalog.documents == fresh.documents
    assert _bm25_by_chunk(core) == _bm25_by_chunk(rebuilt), "BM25 counts only live rows: same scores, same bits"
    assert catalog.lexical.sorted_vocabulary == fresh.lexical.sorted_vocabulary
    assert _answers(core) == _answers(rebuilt)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(REPO / "eval" / "corpus", folder)
    return folder


def test_changes_through_many_revisions_and_merges_answer_as_a_full_rebuild(
    tmp_path: Path, embedder: LazyEmbedder, corpus: Path
) -> None:
    core = _core(tmp_path / "live", embedder, corpus, merge_deltas_at=100.0)  # merged only when told below
    core.reindex()
    files = sorted(corpus.iterdir())
    steps = [
        lambda: (corpus / "2018-01-new-convoy.txt").write_text(
            "Convoy report\n\nThe Iranian convoy carried 40 crates of spare parts to the Deir ez-Zor power station."
        ),
        lambda: files[3].write_text(files[3].read_text() + "\nThe dam's spillway was repaired in March.\n"),
        lambda: files[5].unlink(),
        lambda: files[3].write_text(files[3].read_text().replace("spillway", "turbine hall")),
        lambda: (corpus / "2018-01-new-convoy.txt").unlink(),
    ]
    for step, change in enumerate(steps):
        change()
        report = core.reindex()
        assert report.added or report.changed or report.removed
        assert len(core.snapshot().catalog.parts) >= 1
        _same_as_a_full_rebuild(core, tmp_path, embedder, step)
    assert len(core.snapshot().catalog.parts) > 1, "the updates were deltas"
    merged = BriefingCore(core.settings.with_overrides(merge_deltas_at=0.0001), embedder=embedder)
    assert merged.compact()
    assert len(merged.snapshot().catalog.parts) == 1 and not len(merged.snapshot().catalog.parts[0].dead)
    _same_as_a_full_rebuild(merged, tmp_path, embedder, len(steps))


def test_one_changed_document_writes_only_its_rows_and_tombstones(
    tmp_path: Path, embedder: LazyEmbedder, corpus: Path
) -> None:
    core = _core(tmp_path / "live", embedder, corpus)
    core.reindex()
    base = core.snapshot().catalog.parts[0].segment
    base_files = {p.name: p.stat().st_mtime_ns for p in base.folder.iterdir()}
    victim = sorted(corpus.iterdir())[2]
    old_rows = len(core.snapshot().catalog.rows_of(victim.name))
    victim.write_text(victim.read_text() + "\nA correction was issued for this report.\n")
    core.reindex()
    parts = core.snapshot().catalog.parts
    assert len(parts) == 2 and parts[0].segment.name == base.name
    assert parts[0].segment is base, "the new version reuses the base as loaded: only the delta is read"
    assert set(parts[1].segment.table.doc_ids) == {victim.name}, "the delta holds only the changed document"
    assert len(parts[0].dead) == old_rows and {base.table.doc_ids[r] for r in parts[0].dead} == {victim.name}
    assert {p.name: p.stat().st_mtime_ns for p in base.folder.iterdir()} == base_files, "the base is not rewritten"
    manifest = core.snapshots.folder(core.snapshot().generation, core.snapshot().revision) / "manifest.json"
    assert manifest.stat().st_size < 2000


def test_a_file_whose_size_and_time_match_is_not_read_again(
    tmp_path: Path, embedder: LazyEmbedder, corpus: Path
) -> None:
    core = _core(tmp_path / "live", embedder, corpus)
    core.reindex()
    path = sorted(corpus.iterdir())[0]
    before = path.stat()
    text = path.read_text()
    path.write_text(text.replace("the", "THE", 1))  # same size: only the stamp can tell
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.name in core.reindex().unchanged, "matching stamps: the file was not read"
    os.utime(path, None)
    assert path.name in core.reindex().changed, "a new time: hashed, and the content did change"


def test_merges_run_in_the_background_after_an_update(tmp_path: Path, embedder: LazyEmbedder, corpus: Path) -> None:
    core = _core(tmp_path / "live", embedder, corpus, merge_deltas_at=0.01)
    core.reindex()
    victim = sorted(corpus.iterdir())[4]
    victim.write_text(victim.read_text() + "\nAn addendum.\n")
    core.reindex()
    core.wait_for_compaction(120)
    snap = core.snapshot()
    assert len(snap.catalog.parts) == 1 and snap.revision == 3, "update at r2, merged at r3"
    assert sorted(p.name for p in core.snapshots.segments.iterdir()) == [snap.catalog.parts[0].segment.name]


KILL_SCRIPT = """
import sys
from retrieval.core import BriefingCore
from retrieval.settings import Settings
core = BriefingCore(Settings.load())
if sys.argv[1] == "merge":
    core.compact()
else:
    core.reindex()
    core.wait_for_compaction()
"""

STATE_SCRIPT = """
import json, sys
from retrieval.core import BriefingCore
from retrieval.settings import Settings
core = BriefingCore(Settings.load())
print(json.dumps({"pointer": core.generations.pointer(), "answer": core.ask(sys.argv[1]).text,
                  "chunks": len(core.snapshot().catalog)}))
"""


def _env(root: Path, corpus: Path, merge_at: float) -> dict[str, str]:
    return {
        **os.environ,
        "EMBEDDING_BACKEND": "torch",  # the test embedder's
        "HF_HUB_OFFLINE": "1",
        "DATA_DIR": str(root / "data"),
        "CORPUS_DIR": str(corpus),
        "ALIASES_FILE": str(REPO / "corpus" / "_aliases.txt"),
        "MERGE_DELTAS_AT": str(merge_at),
    }


def _state(root: Path, corpus: Path) -> dict:
    run = subprocess.run(
        [sys.executable, "-c", STATE_SCRIPT, QUESTIONS[0]],
        cwd=root,
        env=_env(root, corpus, 100.0),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout.strip().splitlines()[-1])


def _kill_when_writing(root: Path, corpus: Path, what: str, merge_at: float) -> None:
    """Run an update or a merge in its own process and kill -9 it once a segment is half written."""
    segments = root / "data" / "snapshots" / "briefings" / "segments"
    process = subprocess.Popen(
        [sys.executable, "-c", KILL_SCRIPT, what], cwd=root, env=_env(root, corpus, merge_at), stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 300
    while process.poll() is None and time.monotonic() < deadline:
        if any(p.name.startswith(".tmp-") and any(p.iterdir()) for p in segments.iterdir()):
            break
        time.sleep(0.002)
    process.send_signal(signal.SIGKILL)
    process.wait(30)
    assert process.returncode == -signal.SIGKILL, "killed while writing"


@pytest.mark.parametrize("what", ["update", "merge"])
def test_kill_9_while_writing_a_delta_or_merging_leaves_the_previous_version_serving(
    tmp_path: Path, embedder: LazyEmbedder, corpus: Path, what: str
) -> None:
    root = tmp_path / "live"
    core = _core(root, embedder, corpus, merge_deltas_at=100.0)
    core.reindex()
    if what == "merge":  # deltas to merge
        for path in sorted(corpus.iterdir())[:12]:
            path.write_text(path.read_text() + "\nA late addendum.\n")
        core.reindex()
    before = _state(root, corpus)
    for path in sorted(corpus.iterdir())[12:30]:
        path.write_text(path.read_text() + "\nAnother addendum was issued.\n")
    _kill_when_writing(root, corpus, what, 0.0001)
    after = _state(root, corpus)
    assert after == before, "the pointer, the answer and the rows are the previous version's"
    restarted = BriefingCore(core.settings.with_overrides(merge_deltas_at=0.0001), embedder=embedder)
    restarted.reindex()
    restarted.wait_for_compaction(300)
    restarted.compact()
    snap = restarted.snapshot()
    live = [p.segment.name for p in snap.catalog.parts]
    assert sorted(p.name for p in restarted.snapshots.segments.iterdir()) == live, "leftovers are pruned"
    assert np.asarray(snap.catalog.table.chunk_vectors).shape[0] == snap.index.count()
