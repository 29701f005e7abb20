"""render.py: Discord's limits, clean splitting and cutting, escaping of Markdown and mentions."""

from __future__ import annotations

from typing import Any

import pytest

from cogs.utils import render
from retrieval.records import Answer, DocumentInfo, IndexReport, Progress, SkippedFile, Stats, Summary, Usage
from tests.cogs.limits import assert_embed_within_limits, embed_length
from tests.cogs.records import answer, citation


def test_a_short_answer_is_one_embed_with_one_field_per_citation() -> None:
    cited = answer(
        "Iran wants a road [1]. Russia wants the oil [2].",
        (citation(1), citation(2, "Russia **wants** oil, 2*3 of it.")),
    )
    embeds = render.answer_embeds(cited)
    assert len(embeds) == 1
    data = embeds[0].to_dict()
    assert data["description"] == "Iran wants a road [1]. Russia wants the oil [2]."
    assert [f["name"] for f in data["fields"]] == ["[1] Document 1 (2017-06-20)", "[2] Document 2 (2017-06-20)"]
    assert "direct route from Tehran to Damascus" in data["fields"][0]["value"]
    assert "Russia wants oil, 2\\*3 of it." in data["fields"][1]["value"]  # Markdown marks cleaned, the rest escaped
    assert "doc-1.txt" in data["fields"][0]["value"]
    assert data["footer"]["text"] == "42 passages searched · 0.12 s"


def test_a_link_is_used_when_the_citation_has_a_url() -> None:
    _, value = render.citation_field(citation(1, url="https://example.org/post"))
    assert "[doc-1.txt](https://example.org/post)" in value
    _, unsafe = render.citation_field(citation(1, url="javascript:alert(1)"))
    assert "javascript" not in unsafe


def test_a_long_answer_is_split_into_messages_within_every_limit() -> None:
    sentences = " ".join(
        f"Sentence number {i} says something fairly long about the siege of the city [1]." for i in range(300)
    )
    quotes = [citation(n, "word " * 400 + f"end{n}.") for n in range(1, 41)]
    embeds = render.answer_embeds(answer(sentences, tuple(quotes)))
    assert len(embeds) > 2
    for embed in embeds:
        data: dict[str, Any] = dict(embed.to_dict())
        assert_embed_within_limits(data)
        assert embed_length(data) <= 6000
    descriptions = " ".join(e.description or "" for e in embeds)
    assert descriptions.split() == render.escape(sentences).split()  # nothing lost, split between sentences
    for embed in embeds:
        for part in (embed.description or "").split("\n"):
            assert not part or part.endswith(".")
    names = [f.name for e in embeds for f in e.fields]
    assert names == [f"[{n}] Document {n} (2017-06-20)" for n in range(1, 41)]  # every citation, in order
    for n, field in enumerate((f for e in embeds for f in e.fields), start=1):
        quote, where = (field.value or "").split("\n")
        assert quote.startswith("> word") and quote.endswith("…")  # a 2,000-character quote, cut at a word
        assert where == f"📄 doc-{n}.txt"


def test_a_quote_longer_than_a_field_is_cut_at_a_word_with_an_ellipsis() -> None:
    name, value = render.citation_field(citation(1, "alpha " * 400, title="T" * 300))
    assert len(name) <= 256 and name.endswith("…")
    assert len(value) <= 1024
    quote_line = value.split("\n")[0]
    assert quote_line.endswith("alpha…")


@pytest.mark.parametrize("limit", [5, 10, 50, 100])
def test_split_never_exceeds_the_limit_and_keeps_every_word(limit: int) -> None:
    text = "One two three. Four five six seven!\n\nEight nine ten eleven twelve thirteen fourteen. " * 7
    pieces = render.split(text, limit)
    assert all(len(p) <= limit for p in pieces)
    assert "".join(pieces).replace(" ", "").replace("\n", "") == text.replace(" ", "").replace("\n", "")


def test_split_and_cut_never_leave_half_an_escape() -> None:
    escaped = render.escape("*" * 50)
    for piece in render.split(escaped, 7):
        assert not piece.endswith("\\")
    assert not render.cut(escaped, 8).removesuffix("…").endswith("\\")


def test_mentions_and_markdown_are_made_inert() -> None:
    text = render.escape("@everyone look at **this** and @here and <@123456789012345678> `code` > quote")
    assert "@everyone" not in text and "@here" not in text
    assert "\\*\\*this\\*\\*" in text
    assert "\\`code\\`" in text
    question = answer("Nothing [1].", (citation(1, "ping @everyone now"),), question="@everyone what?")
    data = render.answer_embeds(question)[0].to_dict()
    assert "@everyone" not in str(data)


def test_an_abstention_says_so_and_lists_the_nearest_documents() -> None:
    nearest = (DocumentInfo("a.txt", "Deir Ezzor: Everyone wants it", "2017-06-20", "a.txt", "", "", 3, "h"),)
    abstained = Answer(
        question="who won the 2018 World Cup?",
        text="The briefings do not answer this question.",
        citations=(),
        abstained=True,
        reason="the briefings never mention 2018",
        nearest_documents=nearest,
    )
    data = render.answer_embeds(abstained)[0].to_dict()
    assert "do not answer" in data["description"]
    assert "never mention 2018" in data["description"]
    assert data["fields"][0]["name"] == "Nearest documents"
    assert "Deir Ezzor: Everyone wants it (2017-06-20)" in data["fields"][0]["value"]


def test_more_sources_and_summaries_are_cited_the_same_way() -> None:
    more = render.more_sources_embed("q", [citation(6), citation(7)]).to_dict()
    assert [f["name"][:3] for f in more["fields"]] == ["[6]", "[7]"]
    assert render.more_sources_embed("q", []).description == "No further passages matched."
    summary = Summary("US-Russia deconfliction", "A [1]. B [2].", (citation(1), citation(2)))
    data = render.summary_embeds(summary)[0].to_dict()
    assert data["title"] == "Summary: US-Russia deconfliction"
    assert len(data["fields"]) == 2


def test_sources_are_paginated() -> None:
    docs = [DocumentInfo(f"d{i}.txt", f"Title {i}", "2017-01-01", f"d{i}.txt", "", "", i, "h") for i in range(23)]
    pages = render.sources_embeds(docs)
    assert len(pages) == 3
    assert pages[0].footer.text == "Page 1 of 3"
    assert "**Title 0** (2017-01-01) · 0 chunks · d0.txt" in (pages[0].description or "")
    assert sum((p.description or "").count("\n") + 1 for p in pages) == 23
    assert "Nothing is indexed" in (render.sources_embeds([])[0].description or "")


def test_document_choices_keep_the_order_and_stop_at_25() -> None:
    docs = [DocumentInfo(f"d{i}.txt", f"Title {i}", "2017-01-01", f"d{i}.txt", "", "", 1, "h") for i in range(40)]
    chosen = render.document_choices(docs)
    assert [c.value for c in chosen] == [f"d{i}.txt" for i in range(25)]
    long = [DocumentInfo("x.txt", "L" * 300, "", "x.txt", "", "", 1, "h")]
    assert len(render.document_choices(long)[0].name) <= 100


def test_report_lists_every_skipped_file_with_its_reason_within_2000_chars() -> None:
    report = IndexReport(
        added=["a.txt"],
        skipped=[SkippedFile("broken.pdf", "the PDF cannot be read"), SkippedFile("empty.txt", "it is empty")],
        chunks_embedded=3,
        chunks_total=10,
        elapsed_s=1.5,
    )
    text = render.report_text(report)
    assert "1 added, 0 changed, 0 removed, 0 unchanged, 2 skipped" in text
    assert "broken.pdf: the PDF cannot be read" in text and "empty.txt: it is empty" in text
    huge = IndexReport(skipped=[SkippedFile(f"file-{i}.pdf", "unreadable " * 5) for i in range(500)])
    text = render.report_text(huge)
    assert len(text) <= 2000 and "more" in text.splitlines()[-1]


def test_progress_and_stats() -> None:
    assert "reading the corpus" in render.progress_text(None)
    text = render.progress_text(Progress(3, 10, 30, 100, 3.0))
    assert text == "Re-indexing: 30% embedded, about 7.0 s left.", "a share, never counts (they are not scoped)"
    assert render.progress_text(Progress(10, 10, 100, 100, 3.0)) == "Re-indexing: 100% embedded."
    stats = Stats(2, 12, "all-MiniLM-L6-v2", "torch", "embedded", 5, 80.0, 200.0)
    usage = Usage(30, 5, 2, 3, 1, 80.0, 200.0, ())
    data = render.stats_embed(stats, 3725.0, usage).to_dict()
    values = {f["name"]: f["value"] for f in data["fields"]}
    assert values["Documents"] == "2" and values["Chunks"] == "12"
    assert values["Questions (last 30 days)"] == "5" and values["Declined"] == "2 (40%)"
    assert values["Latency p50 / p95"] == "80 ms / 200 ms"
    assert values["Uptime"] == "1 h 2 min"
    assert values["Feedback"] == "3 helpful, 1 not helpful (75% helpful)"
    assert data["image"]["url"] == "attachment://usage.png"
    assert "image" not in render.stats_embed(stats, 1.0).to_dict()


def test_content_and_thread_names_are_cut() -> None:
    assert len(render.fit_content("x " * 3000)) <= 2000
    assert len(render.thread_name("why " * 100)) <= 100
    assert render.thread_name("   ") == "Question"
