"""Loading and cleaning documents; bad files are skipped with a reason, never fatal."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from retrieval.core import BriefingCore
from retrieval.errors import CorpusError
from retrieval.ingest.loaders import (
    file_stamp,
    is_document_path,
    load_document,
    scan_corpus,
    scan_corpus_files,
    scan_files,
)
from retrieval.records import Document
from tests.conftest import SAMPLE_CORPUS

BOILERPLATE = ["Featured Posts", "Recent Posts", "Search By Tags", "Follow Us", "Facebook Basic Square", "No tags yet"]


def test_sample_metadata_comes_from_front_matter() -> None:
    doc = load_document(SAMPLE_CORPUS / "2017-09-prime-source-deir-ez-zor-siege-broken.txt", "a", 10**7)
    assert doc.title.startswith("As pro-regime forces break years-long ISIS siege")
    assert doc.date == "2017-09-06"
    assert doc.publisher.startswith("Prime Source")
    assert "iran" in doc.tags
    assert not doc.text.startswith("As pro-regime forces break"), "the title line is not repeated in the body"
    assert "\u2019" not in doc.text and "\u2022" not in doc.text and "\u00a0" not in doc.text


def test_boilerplate_tail_is_in_no_chunk(sample_core: BriefingCore) -> None:
    chunks = sample_core.snapshot().catalog.chunks
    assert chunks
    for chunk in chunks:
        for phrase in BOILERPLATE:
            assert phrase.lower() not in chunk.text.lower()
        assert "#Syria" not in chunk.text


def test_no_chunk_exceeds_the_model_limit(sample_core: BriefingCore) -> None:
    limit = sample_core.settings.chunk_tokens
    assert limit < sample_core.embedder.max_tokens, "the chunk limit leaves room under what the model reads"
    counts = [sample_core.embedder.count_tokens(chunk.text) for chunk in sample_core.snapshot().catalog.chunks]
    assert len(counts) >= 5
    assert max(counts) <= limit
    assert max(counts) > limit * 3 // 4, "the chunks are filled up to the limit: the limit is what bounds them"
    words = [f"word{i}" for i in range(1_500)]  # a run-on text with no sentence end, many times the limit
    run_on = Document("run-on.txt", "run-on.txt", "Run-on", "", " ".join(words), content_hash="y")
    pieces = sample_core.chunker.split(run_on)
    assert len(pieces) > 5
    assert all(sample_core.embedder.count_tokens(p.text) <= limit for p in pieces)
    assert {w for p in pieces for w in p.text.split()} == set(words), "nothing is lost between chunks"


def test_a_long_document_is_split_at_sentences_with_overlap(make_core: Callable[..., BriefingCore]) -> None:
    core = make_core()
    text = " ".join(f"Sentence number {i} says the convoy moved {i} km east of Mayadin." for i in range(200))
    chunks = core.chunker.split(Document("long.txt", "long.txt", "Long", "", text, content_hash="x"))
    assert len(chunks) > 5
    for chunk in chunks:
        assert core.embedder.count_tokens(chunk.text) <= core.settings.chunk_tokens
        assert chunk.text.startswith("Sentence number") and chunk.text.endswith(".")
        assert text[chunk.start : chunk.end] == chunk.text
    assert chunks[1].start < chunks[0].end, "consecutive chunks overlap"


def _write_bad_files(corpus: Path) -> None:
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (corpus / "windows.txt").write_bytes(
        "The SDF\u2019s advance on Raqqa \u2013 \u201cslow but steady\u201d \u2013 continued in July 2017.".encode(
            "cp1252"
        )
    )
    (corpus / "corrupt.pdf").write_bytes(b"%PDF-1.4\n1 0 obj <<>> garbage garbage\n%%EOF")
    with (corpus / "huge.txt").open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    (corpus / "notes.xlsx").write_bytes(b"PK\x03\x04")


def test_bad_files_are_skipped_with_a_reason_and_the_rest_indexed(make_core: Callable[..., BriefingCore]) -> None:
    core = make_core(max_file_mb=20)
    _write_bad_files(core.settings.corpus_path)
    report = core.reindex()
    reasons = {s.source: s.reason for s in report.skipped}
    assert "empty" in reasons["empty.txt"]
    assert "binary" in reasons["binary.txt"]
    assert "PDF" in reasons["corrupt.pdf"]
    assert "50.0 MB" in reasons["huge.txt"] and "MAX_FILE_MB" in reasons["huge.txt"]
    assert "unsupported" in reasons["notes.xlsx"]
    assert "windows.txt" not in reasons
    indexed = {d.doc_id for d in core.sources()}
    assert {"windows.txt", "2017-06-deir-ezzor-everyone-wants-it.txt"} <= indexed
    windows = core.snapshot().catalog.chunks_of["windows.txt"][0].text
    assert "SDF's advance on Raqqa" in windows and '"slow but steady"' in windows


def test_html_and_docx_are_read(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(
        "<html><head><title>Al-Tanf update</title><meta name='date' content='2017-07-02'></head><body>"
        "<nav>Home | About</nav><article><p>The garrison at Al-Tanf was reinforced by coalition advisers.</p>"
        "</article><footer>Follow Us</footer><script>var x=1;</script></body></html>",
        encoding="utf-8",
    )
    docs, skipped = scan_corpus(tmp_path, 10**7)
    assert not skipped
    page = docs[0]
    assert page.title == "Al-Tanf update" and page.date == "2017-07-02"
    assert "reinforced by coalition advisers" in page.text
    assert "Home | About" not in page.text and "var x" not in page.text


def test_the_scan_finds_files_in_sub_folders_in_path_order_and_skips_linked_folders(tmp_path: Path) -> None:
    corpus, elsewhere = tmp_path / "corpus", tmp_path / "elsewhere"
    for name in ("b.txt", "a b/x.txt", "a/x.txt", "a/_aliases.txt", "a/notes.xyz", ".hidden/y.md"):
        (corpus / name).parent.mkdir(parents=True, exist_ok=True)
        (corpus / name).write_text("text")
    (elsewhere / "z.txt").parent.mkdir(parents=True)
    (elsewhere / "z.txt").write_text("text")
    (corpus / "linked").symlink_to(elsewhere, target_is_directory=True)
    (corpus / "c.txt").symlink_to(elsewhere / "z.txt")
    files, skipped = scan_files(corpus)
    expected = sorted(p for p in corpus.rglob("*") if is_document_path(p))  # what the scan used to do
    assert [path for _, path in files] == expected
    assert [doc_id for doc_id, _ in files] == [".hidden/y.md", "a/x.txt", "a b/x.txt", "b.txt", "c.txt"]
    assert [s.source for s in skipped] == ["a/notes.xyz"]


def test_a_scanned_files_stamp_is_its_and_its_sidecars_size_and_time(tmp_path: Path) -> None:
    (tmp_path / "with.txt").write_text("text")
    (tmp_path / "with.txt.meta.json").write_text('{"title": "With a sidecar"}')
    (tmp_path / "without.txt").write_text("other text")
    files, _ = scan_corpus_files(tmp_path)
    assert [(f.doc_id, f.has_sidecar) for f in files] == [("with.txt", True), ("without.txt", False)]
    assert [f.stamp() for f in files] == [file_stamp(f.path) for f in files]
    assert files[1].stamp()[2:] == (-1, -1)


def test_a_missing_corpus_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="does not exist"):
        scan_corpus(tmp_path / "nope", 10)


def _cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": "/usr/bin:/bin",
        "HF_HUB_OFFLINE": "1",
        "DATA_DIR": str(root / "data"),
        "CORPUS_DIR": str(root / "corpus"),
        "ALIASES_FILE": str(SAMPLE_CORPUS / "_aliases.txt"),
        "MAX_FILE_MB": "20",
        "HOME": str(root),
    }
    return subprocess.run(
        [sys.executable, "-m", "retrieval", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture
def cli_root(tmp_path: Path) -> Path:
    """A folder outside the repository: the installed package must work from anywhere."""
    return tmp_path


def test_cli_index_reports_warnings_and_exits_0(cli_root: Path) -> None:
    from tests.conftest import copy_sample_corpus

    copy_sample_corpus(cli_root / "corpus")
    _write_bad_files(cli_root / "corpus")
    run = _cli(cli_root, "index")
    assert run.returncode == 0, run.stderr
    assert "warning: skipped huge.txt" in run.stdout and "warning: skipped corrupt.pdf" in run.stdout
    asked = _cli(cli_root, "--json", "ask", "what does Iran want in Deir ez-Zor?")
    assert asked.returncode == 0, asked.stderr
    assert "direct route from Tehran to Damascus" in json.loads(asked.stdout)["citations"][0]["quote"]


def test_cli_fails_with_one_line_when_the_corpus_is_missing(cli_root: Path) -> None:
    run = _cli(cli_root, "index")
    assert run.returncode == 1
    assert run.stderr.strip().count("\n") == 0
    assert run.stderr.startswith("error: The corpus folder") and "CORPUS_DIR" in run.stderr


def test_cli_ask_before_index_says_what_to_do(cli_root: Path) -> None:
    run = _cli(cli_root, "ask", "anything?")
    assert run.returncode == 1
    assert "python -m retrieval index" in run.stderr
