"""Answers on the sample corpus, with the real model and a real Chroma on disk."""

from __future__ import annotations

import re

import pytest

from retrieval.answer.extractive import _topic_names, _topic_shown
from retrieval.core import BriefingCore
from retrieval.errors import DocumentNotFoundError, QuestionError
from retrieval.ingest.sentences import clean_quote
from retrieval.search.question import QuestionAnalysis
from tests.conftest import IRAN_PASSAGE, SAMPLE_QUESTION


def test_sample_question_cites_the_iran_passage_first(sample_core: BriefingCore) -> None:
    answer = sample_core.ask(SAMPLE_QUESTION)
    assert not answer.abstained
    first = answer.citations[0]
    assert IRAN_PASSAGE in first.quote
    assert first.doc_id == "2017-06-deir-ezzor-everyone-wants-it.txt"
    assert first.title == "Deir Ezzor: Everyone wants it"
    assert first.date == "2017-06-20"
    assert IRAN_PASSAGE in answer.text
    assert "[1]" in answer.text


def test_every_answer_sentence_is_a_cited_quote(sample_core: BriefingCore) -> None:
    answer = sample_core.ask(SAMPLE_QUESTION)
    assert not answer.abstained and answer.citations, "an answer, not an abstention"
    sentences = [s for s in re.split(r"\s*\[\d+\]\s*", answer.text) if s]
    markers = [int(n) for n in re.findall(r"\[(\d+)\]", answer.text)]
    assert markers == [c.number for c in answer.citations] == list(range(1, len(answer.citations) + 1))
    assert len(sentences) == len(answer.citations), "one marker after each sentence, nothing uncited"
    for sentence, citation in zip(sentences, answer.citations, strict=True):
        assert sentence == clean_quote(citation.quote), "the quote itself"


@pytest.mark.parametrize(
    "question",
    [
        "what does Iran want in Deir Ezzor?",
        "what does Iran want in Dayr az-Zawr?",
        "What do the Iranians want in Deir-Ezzor",
    ],
)
def test_other_spellings_find_the_same_passage(sample_core: BriefingCore, question: str) -> None:
    answer = sample_core.ask(question)
    assert not answer.abstained
    assert IRAN_PASSAGE in answer.citations[0].quote


def test_spelling_is_folded_for_the_lexical_search(sample_core: BriefingCore) -> None:
    catalog = sample_core.snapshot().catalog
    assert catalog.aliases.terms("Dayr az-Zawr") == catalog.aliases.terms("Deir ez-Zor") == ["deirezzor"]
    assert catalog.lexical.search(["deirezzor", "iran"], 3)


@pytest.mark.parametrize(
    "question",
    [
        "who won the 2018 World Cup?",
        "What is a good recipe for lemon cake?",
        "What is happening in Idlib?",
    ],
)
def test_off_corpus_questions_get_not_in_the_briefings(sample_core: BriefingCore, question: str) -> None:
    answer = sample_core.ask(question)
    assert answer.abstained
    assert answer.citations == ()
    assert "do not answer" in answer.text
    assert answer.reason
    assert answer.nearest_documents


def test_questions_are_validated(sample_core: BriefingCore) -> None:
    with pytest.raises(QuestionError, match="empty"):
        sample_core.ask("   ")
    with pytest.raises(QuestionError, match="characters long"):
        sample_core.ask("why " * 1000)
    with pytest.raises(DocumentNotFoundError):
        sample_core.ask(SAMPLE_QUESTION, document="no-such-briefing.txt")
    with pytest.raises(QuestionError, match="date"):
        sample_core.ask(SAMPLE_QUESTION, since="last tuesday-ish")


def test_document_and_date_filters(sample_core: BriefingCore) -> None:
    only_september = sample_core.ask("what does Iran want?", since="2017-09")
    assert {c.doc_id for c in only_september.citations} <= {"2017-09-prime-source-deir-ez-zor-siege-broken.txt"}
    only_june = sample_core.search("Iran", k=10, document="Deir Ezzor: Everyone wants it")
    assert only_june.passages
    assert {p.doc_id for p in only_june.passages} == {"2017-06-deir-ezzor-everyone-wants-it.txt"}


def test_top_passages_are_not_near_copies(sample_core: BriefingCore) -> None:
    result = sample_core.search(SAMPLE_QUESTION, k=5)
    texts = [p.text for p in result.passages]
    assert len(set(texts)) == len(texts)
    for i, a in enumerate(result.passages):
        for b in result.passages[i + 1 :]:
            assert not (a.doc_id == b.doc_id and a.position == b.position)


def test_summaries_are_cited_in_reading_order(sample_core: BriefingCore) -> None:
    topic = sample_core.summarize_topic("US-Russia deconfliction")
    assert not topic.empty
    assert any("deconfliction" in c.quote.lower() or "de-confliction" in c.quote.lower() for c in topic.citations)
    assert len({c.quote for c in topic.citations}) == len(topic.citations)
    document = sample_core.summarize_document("2017-06-deir-ezzor-everyone-wants-it.txt")
    assert document.citations and {c.doc_id for c in document.citations} == {"2017-06-deir-ezzor-everyone-wants-it.txt"}
    text = sample_core.snapshot().catalog.chunks_of["2017-06-deir-ezzor-everyone-wants-it.txt"]
    full = " ".join(c.text for c in text)
    positions = [full.find(c.quote) for c in document.citations]
    assert positions == sorted(positions) and -1 not in positions


def test_off_topic_summary_is_empty(sample_core: BriefingCore) -> None:
    assert sample_core.summarize_topic("chocolate cake recipes").empty


@pytest.mark.parametrize(
    ("question", "document"),
    [
        (SAMPLE_QUESTION, "everyone wants it"),
        ("why does everyone want Deir Ezzor?", "everyone wants it"),
        ("what is the final showdown between the US and Iran?", "siege broken"),
    ],
)
def test_titles_and_headings_are_never_quoted(sample_core: BriefingCore, question: str, document: str) -> None:
    answer = sample_core.ask(question, document=document)
    titles = {c.title.lower().rstrip(".") for c in answer.citations}
    assert answer.citations and all(c.quote.lower().rstrip(".") not in titles for c in answer.citations)
    summary = sample_core.summarize_document(document)
    assert all(c.quote.lower().rstrip(".") != c.title.lower() for c in summary.citations)


def test_a_refusal_names_no_word_of_a_name_of_several_words_alone() -> None:
    """ "The Deir Ezzor Military Council": briefings holding "military" but never "Military Council" discuss
    Deir ez-Zor, not "Military"."""
    analysis = QuestionAnalysis(
        text="what was the Deir Ezzor Military Council up to?",
        typed="what was the Deir Ezzor Military Council up to?",
        names=("deirezzor", "military", "council"),
        name_runs=("military council",),
    )
    assert _topic_names(analysis, {"deirezzor", "military"}) == ["deirezzor"]
    assert _topic_names(analysis, {"deirezzor", "military", "council", "military council"}) == [
        "military council",
        "deirezzor",
    ]


def test_a_refusal_shows_a_name_joined_by_of_whole() -> None:
    """ "The briefings discuss Bank of England", as the question wrote it, not "Bank and England"."""
    asked = QuestionAnalysis(text="did the Bank of England raise rates?", typed="", names=("bank", "england"))
    assert _topic_shown(asked, ["bank", "england"]) == "Bank of England"
    apart = QuestionAnalysis(text="did England's bank raise rates?", typed="", names=("bank", "england"))
    assert _topic_shown(apart, ["bank", "england"]) == "Bank and England"


def test_a_refusal_names_no_month() -> None:
    """ "At the end of May 2017": the briefings discuss Iraq, not "May"; "what did May say" names someone."""
    as_month = QuestionAnalysis(text="at the end of May 2017, who held the border?", typed="", names=("may", "iraq"))
    assert _topic_names(as_month, {"may", "iraq"}) == ["iraq"]
    as_name = QuestionAnalysis(text="what did May say about the vote?", typed="", names=("may",))
    assert _topic_names(as_name, {"may"}) == ["may"]


def test_a_refusal_names_no_adjective_of_a_people() -> None:
    """ "Which Canadian pension fund led Tessellate's round?": the briefings discuss Tessellate, not "Canadian and
    Tessellate"; a people's name as a noun ("what did the Syrians say?") or a person's name is kept."""
    fund = QuestionAnalysis(
        text="Which Canadian pension fund led Tessellate's round?", typed="", names=("canadian", "tessellate")
    )
    assert _topic_names(fund, {"canadian", "tessellate"}) == ["tessellate"]
    backed = QuestionAnalysis(text="what did the Iranian-backed units want?", typed="", names=("iranian",))
    assert _topic_names(backed, {"iranian"}) == []
    person = QuestionAnalysis(text="what did Haider al-Abadi say?", typed="", names=("haider", "abadi"))
    assert _topic_names(person, {"haider", "abadi"}) == ["haider", "abadi"]
    people = QuestionAnalysis(text="what did the Syrians say?", typed="", names=("syrians",))
    assert _topic_names(people, {"syrians"}) == ["syrians"]
