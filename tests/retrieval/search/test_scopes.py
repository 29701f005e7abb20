"""Scopes in the core: the policy file, scope -> readable documents and rows, and every read method kept in scope."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from retrieval.cli import main
from retrieval.core import NOT_ANSWERED_IN_SCOPE, BriefingCore
from retrieval.errors import ConfigError, DocumentNotFoundError, UploadRefusedError
from retrieval.evaluation.evaluate import evaluate, load_questions
from retrieval.index.embedders import LazyEmbedder
from retrieval.records import Changes, Timeline
from retrieval.search.scopes import Scope, ScopePolicy
from tests.conftest import SAMPLE_QUESTION
from tests.scoped_corpus import (
    ANALYSTS,
    GENERAL,
    IRAQ,
    IRAQ_CHANNEL,
    IRAQ_FACT,
    IRAQ_QUESTION,
    OTHER_SERVER,
    SECRET_FACT,
    SECRET_FILE,
    SECRET_QUESTION,
    SECRET_TITLE,
    SERVER,
    YEMEN_FACT,
    YEMEN_QUESTION,
    scoped_core,
    write_scoped_corpus,
)

MEMBER = Scope.member(SERVER, GENERAL)
ANALYST = Scope.member(SERVER, GENERAL, [ANALYSTS])
ANALYST_BY_NAME = Scope.member(SERVER, GENERAL, [], ["analysts"])


@pytest.fixture(scope="module")
def core(tmp_path_factory: pytest.TempPathFactory, embedder: LazyEmbedder) -> BriefingCore:
    return scoped_core(tmp_path_factory.mktemp("scoped-core"), embedder)


def doc_ids(answer: object) -> set[str]:
    citations = getattr(answer, "citations", ())
    passages = getattr(answer, "passages", ())
    nearest = getattr(answer, "nearest_documents", ())
    return {c.doc_id for c in citations} | {p.doc_id for p in passages} | {d.doc_id for d in nearest}


# -- the policy file ---------------------------------------------------------------------------------------


def test_policy_maps_servers_and_narrows_channels() -> None:
    policy = ScopePolicy.from_mapping(
        {"servers": {"1": {"sets": ["Default", "iraq"], "channels": {"2": ["iraq", "yemen"]}}, "3": {"sets": ["y"]}}}
    )
    assert policy.sets_for(Scope.member(1, 5)) == {"default", "iraq"}
    assert policy.sets_for(Scope.member(1, 2)) == {"iraq"}, "a channel narrows its server's sets, never widens"
    assert policy.sets_for(Scope.member(3, 2)) == {"y"}, "another server's channel id means nothing here"
    assert policy.sets_for(Scope.member(9, 2)) == {"default"}, "a server not listed sees the default set"
    assert policy.sets_for(Scope.member(None, None)) == {"default"}, "a direct message: the default set"
    assert policy.sets_for(Scope.everything()) is None
    assert ScopePolicy().sets_for(Scope.member(1, 2)) is None, "without the file, sets are not restricted"


@pytest.mark.parametrize(
    "text",
    ['servers = "x"', "[servers.abc]\nsets = []", "[servers.1]\nsets = 3", "default_sets = [1]", "not toml ["],
)
def test_a_broken_policy_file_is_a_clear_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "_scopes.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=r"_scopes\.toml cannot be read"):
        ScopePolicy.load(path)


def test_the_command_line_scope_options() -> None:
    assert Scope.preview(None).unrestricted
    preview = Scope.preview(["Analysts", "42"], SERVER, GENERAL)
    assert preview.roles == {"analysts", "42"} and not preview.every_set and not preview.every_audience
    assert Scope.preview([]).every_set and not Scope.preview([]).every_audience


# -- reads in scope ----------------------------------------------------------------------------------------


def test_documents_carry_their_set_and_audience(core: BriefingCore) -> None:
    documents = {d.doc_id: d for d in core.sources()}
    assert documents[SECRET_FILE].audience == (str(ANALYSTS), "analysts")
    assert documents[SECRET_FILE].doc_set == "default"
    assert documents["iraq/2017-08-mosul-dam.txt"].doc_set == "iraq"
    assert documents["yemen/2017-11-red-sea-ports.txt"].doc_set == "yemen"


def test_a_member_without_the_role_never_gets_the_restricted_document(core: BriefingCore) -> None:
    answer = core.ask(SECRET_QUESTION, scope=MEMBER)
    assert answer.abstained and answer.text == NOT_ANSWERED_IN_SCOPE
    assert SECRET_FILE not in doc_ids(answer) and SECRET_FACT not in answer.text
    assert SECRET_FILE not in {d.doc_id for d in core.sources(scope=MEMBER)}
    summary = core.summarize_topic("the safehouse in Mayadin", scope=MEMBER)
    assert all(c.doc_id != SECRET_FILE for c in summary.citations)
    result = core.search(SECRET_QUESTION, 50, scope=MEMBER)
    assert SECRET_FILE not in {p.doc_id for p in result.passages} and result.searched < len(core.snapshot().catalog)
    assert core.stats(scope=MEMBER).documents == core.stats().documents - 2  # not the analysts' nor Yemen's
    assert core.readable_documents([SECRET_FILE, "yemen/2017-11-red-sea-ports.txt"], scope=MEMBER) == set()


def test_timelines_and_changes_read_only_what_the_scope_may_read(core: BriefingCore) -> None:
    def cited(result: Timeline | Changes) -> set[str]:
        entries = result.entries
        docs = {c.doc_id for e in entries for c in e.citations}
        return docs | {e.revises.doc_id for e in entries if e.revises is not None}

    analyst_view = core.timeline("Kestrel and the network in Mayadin", scope=ANALYST)
    assert SECRET_FILE in cited(analyst_view) and analyst_view.private, "the analyst sees it, privately"
    member_view = core.timeline("Kestrel and the network in Mayadin", scope=MEMBER)
    assert SECRET_FILE not in cited(member_view) and not member_view.private
    assert SECRET_FACT not in str(member_view)
    for topic in ("the safehouse in Mayadin", None):
        changes = core.changes("2017-09-15", topic=topic, scope=MEMBER)
        assert SECRET_FILE not in cited(changes) and SECRET_FACT not in str(changes)
    assert SECRET_FILE in cited(core.changes("2017-09-15", topic="the safehouse in Mayadin", scope=ANALYST))


def test_an_unreadable_document_is_not_found_with_the_same_message_as_a_missing_one(core: BriefingCore) -> None:
    for name in (SECRET_FILE, SECRET_TITLE):
        for call in (
            lambda n: core.ask(SECRET_QUESTION, document=n, scope=MEMBER),
            lambda n: core.summarize_document(n, scope=MEMBER),
            lambda n: core.document_info(n, scope=MEMBER),
        ):
            with pytest.raises(DocumentNotFoundError) as hidden:
                call(name)
            with pytest.raises(DocumentNotFoundError) as missing:
                call("nothing-like-it.txt")
            shown = str(hidden.value).replace(repr(name), "?")
            assert all(word not in shown for word in (SECRET_TITLE, SECRET_FILE, "Kestrel")), shown
            assert shown.endswith(str(missing.value).split(". ")[-1]), "the same kind of message as a missing one"
    assert core.document_info(SECRET_TITLE, scope=ANALYST).doc_id == SECRET_FILE


def test_a_word_only_the_restricted_document_holds_reads_as_unknown(core: BriefingCore) -> None:
    snap = core.snapshot()
    mask = snap.scopes.readable(MEMBER, core.scope_policy()).mask
    question = "What did Kestrel and Zorblax say about the Euphrates?"
    assert core.answerer.read(question, snap.catalog, mask).unknown == ("kestrel", "zorblax")
    assert core.answerer.read(question, snap.catalog).unknown == ("zorblax",)
    hidden = core.ask("What did Kestrel report?", scope=MEMBER)
    assert hidden.abstained and "kestrel" not in hidden.text.lower()
    assert not core.ask("What did Kestrel report?", scope=ANALYST).abstained


def test_the_role_by_id_or_by_name_gets_the_same_answer_as_with_scoping_off(core: BriefingCore) -> None:
    unscoped = core.ask(SECRET_QUESTION)
    assert SECRET_FACT in unscoped.text and unscoped.private
    for scope in (ANALYST, ANALYST_BY_NAME):
        scoped = core.ask(SECRET_QUESTION, scope=scope)
        assert (scoped.text, scoped.citations) == (unscoped.text, unscoped.citations)
    for question in (SAMPLE_QUESTION, IRAQ_QUESTION, "What does the US want on the Euphrates?"):
        unscoped = core.ask(question)
        scoped = core.ask(question, scope=ANALYST)  # may read all but the Yemen set, which has nothing on these
        # the same quotes; as the search's scores are normalised over the passages the reader may read, two that
        # score alike may swap places, and one at the margin below the best may be quoted by one and not the other
        assert scoped.abstained == unscoped.abstained, question
        shorter, longer = sorted(([c.quote for c in a.citations] for a in (scoped, unscoped)), key=len)
        assert set(shorter) <= set(longer) and len(longer) - len(shorter) <= 1, question
        assert scoped.citations[0].quote == unscoped.citations[0].quote, question


def test_a_scope_that_reads_everything_searches_exactly_as_unscoped(core: BriefingCore) -> None:
    snap = core.snapshot()
    policy = ScopePolicy()
    assert snap.scopes.readable(Scope.member(SERVER, GENERAL, [ANALYSTS]), policy).mask is None
    assert snap.scopes.readable(MEMBER, core.scope_policy()) is snap.scopes.readable(MEMBER, core.scope_policy())
    mask = snap.scopes.readable(MEMBER, core.scope_policy()).mask
    assert mask is not None and not mask[snap.catalog.rows_of(SECRET_FILE).start]


def test_the_mask_is_applied_before_ranking_even_when_the_best_rows_are_outside(core: BriefingCore) -> None:
    snap = core.snapshot()
    query = snap.searcher.query(SECRET_QUESTION, snap.catalog)
    best = snap.searcher.search(query, snap.catalog, 3).passages[0]
    assert best.doc_id == SECRET_FILE
    mask = np.ones(len(snap.catalog), dtype=bool)
    mask[snap.catalog.rows_of(SECRET_FILE).start : snap.catalog.rows_of(SECRET_FILE).stop] = False
    result = snap.searcher.search(query, snap.catalog, 40, mask=mask)
    assert result.passages and SECRET_FILE not in {p.doc_id for p in result.passages}
    assert result.searched == int(mask.sum())
    narrowed = snap.searcher.search(query, snap.catalog, 5, doc_id=SECRET_FILE, mask=mask)
    assert narrowed.passages == [], "a filter and a scope together: only what both allow"


def test_channel_sets_and_servers(core: BriefingCore) -> None:
    iraq = Scope.member(SERVER, IRAQ_CHANNEL)
    assert IRAQ_FACT in core.ask(IRAQ_QUESTION, scope=iraq).text
    assert doc_ids(core.ask(SAMPLE_QUESTION, scope=iraq)) <= {"iraq/2017-08-mosul-dam.txt"}
    other = Scope.member(OTHER_SERVER, None)
    assert YEMEN_FACT in core.ask(YEMEN_QUESTION, scope=other).text
    assert [d.doc_id for d in core.sources(scope=other)] == ["yemen/2017-11-red-sea-ports.txt"]
    assert YEMEN_FACT not in core.ask(YEMEN_QUESTION, scope=ANALYST).text
    operator = core.ask("who won the 2018 World Cup?")
    assert operator.text == "The briefings do not answer this question.", "the operator's wording is unchanged"


def test_the_policy_file_is_read_again_when_it_changes(tmp_path: Path, embedder: LazyEmbedder) -> None:
    core = scoped_core(tmp_path, embedder)
    iraq = Scope.member(SERVER, IRAQ_CHANNEL)
    assert {d.doc_id for d in core.sources(scope=iraq)} == {"iraq/2017-08-mosul-dam.txt"}
    scopes = core.settings.corpus_path / "_scopes.toml"
    scopes.write_text(scopes.read_text().replace(f'{IRAQ_CHANNEL} = ["iraq"]', f'{IRAQ_CHANNEL} = ["default"]'))
    assert "iraq/2017-08-mosul-dam.txt" not in {d.doc_id for d in core.sources(scope=iraq)}


def test_uploads_go_to_a_set_of_the_admins_server_with_an_audience(tmp_path: Path, embedder: LazyEmbedder) -> None:
    core = scoped_core(tmp_path, embedder)
    admin = Scope.member(SERVER, None)
    text = b"---\ntitle: Tal Afar note\ndate: 2017-08-30\n---\nIraqi forces retook Tal Afar in eleven days.\n"
    assert core.upload_sets(admin) == ["default", "iraq"]
    with pytest.raises(UploadRefusedError, match="not a document set this server can use"):
        core.add_document("tal-afar.txt", text, "test", doc_set="yemen", scope=admin)
    with pytest.raises(UploadRefusedError, match="not a document set"):
        core.add_document("tal-afar.txt", text, "test", scope=Scope.member(OTHER_SERVER, None))
    report = core.add_document("tal-afar.txt", text, "test", doc_set="iraq", audience=("Analysts",), scope=admin)
    assert report.added == [] and report.documents_total == 3, "the report names only what the admin may read"
    assert (core.settings.corpus_path / "iraq" / "tal-afar.txt.meta.json").is_file()
    (core.settings.corpus_path / "iraq" / "2017-08-mosul-dam.txt").write_text(IRAQ + "A second grouting began.\n")
    other = core.reindex(scope=Scope.member(OTHER_SERVER, None))
    assert (other.changed, other.unchanged, other.documents_total) == ([], ["yemen/2017-11-red-sea-ports.txt"], 1)
    info = core.document_info("iraq/tal-afar.txt")
    assert (info.doc_set, info.audience) == ("iraq", ("analysts",))
    with pytest.raises(DocumentNotFoundError):
        core.remove_document("iraq/tal-afar.txt", "test", scope=Scope.member(OTHER_SERVER, None))
    with pytest.raises(DocumentNotFoundError):
        core.remove_document("iraq/tal-afar.txt", "test", scope=admin)  # an admin without the role cannot see it
    core.remove_document("iraq/tal-afar.txt", "test", scope=Scope.member(SERVER, None, [ANALYSTS], ["Analysts"]))
    assert not (core.settings.corpus_path / "iraq" / "tal-afar.txt").exists()


def test_the_command_line_previews_a_members_view(
    core: BriefingCore, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = core.settings.root
    env = root / "preview.env"
    env.write_text(
        f"CORPUS_DIR={core.settings.corpus_path}\nDATA_DIR={core.settings.data_path}\n"
        f"ALIASES_FILE={core.settings.aliases_path}\nEMBEDDING_BACKEND=torch\n"
    )
    assert main(["--env-file", str(env), "ask", SECRET_QUESTION, "--roles", "1,2", "--server", str(SERVER)]) == 0
    assert "briefings you can read do not answer" in capsys.readouterr().out
    assert main(["--env-file", str(env), "ask", SECRET_QUESTION, "--roles", "Analysts"]) == 0
    assert SECRET_FACT in " ".join(capsys.readouterr().out.split()), "the text is wrapped to the terminal"
    assert main(["--env-file", str(env), "ask", SECRET_QUESTION]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert SECRET_FACT in out, "without options the command line reads everything"
    assert main(["--env-file", str(env), "--json", "sources", "--server", str(OTHER_SERVER)]) == 0
    assert [d["doc_id"] for d in json.loads(capsys.readouterr().out)] == ["yemen/2017-11-red-sea-ports.txt"]
    assert main(["--env-file", str(env), "summary", "--document", SECRET_TITLE, "--roles", ""]) == 1
    assert "No indexed document is called" in capsys.readouterr().err
    assert main(["--env-file", str(env), "sources", "--channel", "5"]) == 1
    assert "--channel needs --server" in capsys.readouterr().err


def test_the_evaluation_takes_a_scope(core: BriefingCore, tmp_path: Path) -> None:
    questions = tmp_path / "q.jsonl"
    questions.write_text(json.dumps({"id": "s", "question": SECRET_QUESTION, "expect": [SECRET_FACT]}) + "\n")
    loaded = load_questions(questions)
    assert evaluate(core, loaded, 5, [])["rows"][0]["project"]["rank"] == 1
    assert evaluate(core, loaded, 5, [], MEMBER)["rows"][0]["project"]["rank"] is None


def test_a_sub_folder_corpus_without_a_policy_file_restricts_no_set(tmp_path: Path, embedder: LazyEmbedder) -> None:
    write_scoped_corpus(tmp_path / "corpus")
    (tmp_path / "corpus" / "_scopes.toml").unlink()
    from tests.conftest import make_settings

    core = BriefingCore(make_settings(tmp_path), embedder=embedder)
    core.reindex()
    assert YEMEN_FACT in core.ask(YEMEN_QUESTION, scope=MEMBER).text
    assert SECRET_FACT not in core.ask(SECRET_QUESTION, scope=MEMBER).text, "audiences apply without the file"
