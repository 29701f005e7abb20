"""Adding documents by link and refreshing them, through the core with the real model, Chroma and a real HTTP
server on 127.0.0.1: each case ends as a user would expect, and nothing is lost from the index."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from retrieval import Scope
from retrieval.core import BriefingCore
from retrieval.errors import LinkRefusedError, UploadRefusedError
from retrieval.index.embedders import LazyEmbedder
from tests.conftest import REPO, SAMPLE_CORPUS, copy_sample_corpus, make_settings
from tests.local_web import LocalWeb, local_fetcher

FERRY_QUESTION = "how many people a day use the Mayadin ferry crossings?"


@pytest.fixture
def core(tmp_path: Path, embedder: LazyEmbedder) -> BriefingCore:
    copy_sample_corpus(tmp_path / "corpus")
    built = BriefingCore(
        make_settings(tmp_path, max_upload_mb=1), embedder=embedder, fetcher=local_fetcher(1024 * 1024)
    )
    built.reindex()
    return built


def corpus_names(core: BriefingCore) -> set[str]:
    return {p.name for p in core.settings.corpus_path.iterdir()}


def test_a_page_is_saved_with_its_link_title_and_date_and_answers_questions(web: LocalWeb, core: BriefingCore) -> None:
    report = core.add_url(web.url("/chain/1"), by="test")
    assert report.added == ["127-0-0-1-briefing.html"]
    info = core.document_info("127-0-0-1-briefing.html")
    assert info.title == "Mayadin ferry crossings reopen" and info.date == "2017-10-20"
    assert info.url == web.url("/chain/1")
    sidecar = json.loads((core.settings.corpus_path / "127-0-0-1-briefing.html.meta.json").read_text())
    assert sidecar["final_url"] == web.url("/briefing") and sidecar["author"] == "Leila Haddad"
    assert len(sidecar["content_hash"]) == 64 and sidecar["fetched_at"].startswith("20")
    answer = core.ask(FERRY_QUESTION)
    assert not answer.abstained and "900 people a day" in answer.citations[0].quote
    texts = " ".join(chunk.text for chunk in core.snapshot().catalog.chunks)
    for boilerplate in ("cookies", "Share on Facebook", "river_watcher", "Privacy"):
        assert boilerplate not in texts


def test_a_pdf_and_a_text_file_keep_their_own_title_and_date(web: LocalWeb, core: BriefingCore) -> None:
    core.add_url(web.url("/report.pdf"), by="test")
    pdf = core.document_info("127-0-0-1-report.pdf")
    assert (pdf.title, pdf.date) == ("Raqqa reconstruction note", "2017-11-02")
    core.add_url(web.url("/notes.txt"), by="test")
    text = core.document_info("127-0-0-1-notes.txt")
    assert (text.title, text.date) == ("Albu Kamal supply note", "2017-12-02")
    assert "2,300 mines" in core.ask("how many mines were cleared in Raqqa's old city?").citations[0].quote


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/image.png", "image/png"),
        ("/huge", "larger than the 1 MB limit"),
        ("/loop/a", "in a loop"),
        ("/to-loopback", "internal address"),
        ("/no-such-page", "404"),
        ("/slow", "did not answer within 2 s"),
    ],
)
def test_a_refused_link_says_why_and_changes_nothing(
    web: LocalWeb, core: BriefingCore, path: str, expected: str
) -> None:
    files, documents = corpus_names(core), core.sources()
    with pytest.raises(LinkRefusedError, match=expected.replace("/", ".")):
        core.add_url(web.url(path), by="test")
    assert corpus_names(core) == files and core.sources() == documents


def test_the_same_link_twice_is_refused(web: LocalWeb, core: BriefingCore) -> None:
    core.add_url(web.url("/briefing"), by="test")
    with pytest.raises(UploadRefusedError, match=r"already in the corpus as 127-0-0-1-briefing\.html"):
        core.add_url(web.url("/briefing"), by="test")


def test_refresh_reindexes_only_changed_pages_and_keeps_vanished_ones(web: LocalWeb, core: BriefingCore) -> None:
    core.add_url(web.url("/briefing"), by="test")
    core.add_url(web.url("/notes.txt"), by="test")
    quiet = core.refresh_links()
    assert sorted(quiet.unchanged) == ["127-0-0-1-briefing.html", "127-0-0-1-notes.txt"] and quiet.index is None

    web.state.crossings = 1400
    changed = core.refresh_links()
    assert changed.changed == ["127-0-0-1-briefing.html"] and changed.unchanged == ["127-0-0-1-notes.txt"]
    assert changed.index is not None and changed.index.changed == ["127-0-0-1-briefing.html"]
    assert "1,400 people a day" in core.ask(FERRY_QUESTION).citations[0].quote

    web.state.vanished = True
    gone = core.refresh_links()
    assert [g.source for g in gone.gone] == ["127-0-0-1-briefing.html"] and "404" in gone.gone[0].reason
    assert gone.index is None and "1,400 people a day" in core.ask(FERRY_QUESTION).citations[0].quote
    assert "127-0-0-1-briefing.html" in corpus_names(core)


def test_a_link_for_an_audience_is_named_only_to_its_readers(web: LocalWeb, core: BriefingCore) -> None:
    member, analyst = Scope.member(1, None), Scope.member(1, None, role_names=["Analysts"])
    added = core.add_url(web.url("/briefing"), "test", audience=("Analysts",), scope=member)
    assert (added.added, added.documents_total) == ([], len(core.sources(scope=member)))
    assert core.document_info("127-0-0-1-briefing.html").audience == ("analysts",)
    with pytest.raises(UploadRefusedError, match=r"already in the corpus: it is refreshed") as refused:
        core.add_url(web.url("/briefing"), "test", scope=member)
    assert "127-0-0-1" not in str(refused.value)

    web.state.crossings = 1400
    hidden = core.refresh_links(scope=member)
    assert (hidden.checked, hidden.changed) == ([], []) and hidden.index is not None and hidden.index.changed == []
    web.state.vanished = True
    shown = core.refresh_links(scope=analyst)
    assert [g.source for g in shown.gone] == ["127-0-0-1-briefing.html"]
    assert "1,400 people a day" in core.ask(FERRY_QUESTION, scope=analyst).citations[0].quote


def _cli(root: Path, *args: str, allow_private: bool) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": "/usr/bin:/bin",
        "HF_HUB_OFFLINE": "1",
        "HOME": str(root),
        "PYTHONPATH": str(REPO),  # this checkout, whichever one the shared environment installed
        "ALIASES_FILE": str(SAMPLE_CORPUS / "_aliases.txt"),
        "ALLOW_PRIVATE_URLS": "true" if allow_private else "false",
    }
    return subprocess.run(
        [sys.executable, "-m", "retrieval", *args], cwd=root, env=env, capture_output=True, text=True, timeout=300
    )


def test_cli_add_refuses_an_internal_link_by_default_and_adds_it_when_allowed(web: LocalWeb, tmp_path: Path) -> None:
    copy_sample_corpus(tmp_path / "corpus")
    refused = _cli(tmp_path, "add", web.url("/briefing"), allow_private=False)
    assert refused.returncode == 1 and refused.stderr.startswith("error: The link's host '127.0.0.1' is an internal")
    assert refused.stderr.strip().count("\n") == 0
    added = _cli(tmp_path, "add", web.url("/briefing"), "--json", allow_private=True)
    assert added.returncode == 0, added.stderr
    assert "127-0-0-1-briefing.html" in json.loads(added.stdout)["added"]  # with the sample, first index
    missing = _cli(tmp_path, "add", "no-such-file.txt", allow_private=False)
    assert missing.returncode == 1 and "neither a link" in missing.stderr
