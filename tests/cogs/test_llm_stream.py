"""With a language model configured, /ask streams the checked answer into the deferred message."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from retrieval.core import BriefingCore
from retrieval.index.embedders import LazyEmbedder
from tests.cogs.harness import embeds_of, new_bot, run, text_of
from tests.conftest import SAMPLE_QUESTION, copy_sample_corpus, make_settings
from tests.fake_discord import fake_discord, running_bot
from tests.fake_llm import FakeLlmServer, Reply, good_answer


@pytest.fixture
def llm_server() -> Iterator[FakeLlmServer]:
    with FakeLlmServer() as server:
        yield server


@pytest.fixture
def llm_core(tmp_path: Path, embedder: LazyEmbedder, llm_server: FakeLlmServer) -> BriefingCore:
    copy_sample_corpus(tmp_path / "corpus")
    settings = make_settings(tmp_path, llm_base_url=llm_server.base_url, llm_model="fake-model")
    core = BriefingCore(settings, embedder=embedder)
    core.reindex()
    return core


def test_the_checked_answer_streams_into_the_message_then_the_cited_embed(
    llm_core: BriefingCore, llm_server: FakeLlmServer
) -> None:
    extractive = llm_core.ask(SAMPLE_QUESTION)
    text = good_answer(extractive)
    pieces = tuple(text[i : i + 40] for i in range(0, len(text), 40))
    llm_server.script(Reply(chunks=pieces, chunk_delay=0.25))

    async def body() -> None:
        async with fake_discord() as fake, running_bot(fake, new_bot(fake, llm_core)):
            record = await fake.send_slash_command("ask", {"question": SAMPLE_QUESTION})
            final = await record.wait_for(lambda e: e.kind == "edit" and bool(embeds_of(e)), timeout=60)
            assert (record.events[0].kind, record.events[0].type) == ("callback", 5)
            streamed = [text_of(e) for e in record.edits if not embeds_of(e)]
            assert streamed, "partial answers were shown while the model wrote"
            assert all(a.rstrip(" …") in b for a, b in itertools.pairwise(streamed)), "in order, growing"
            assert all("[" in part for part in streamed), "only checked, cited sentences are shown"
            embed = embeds_of(final)[0]
            assert embed["description"].startswith("Iran wants Deir Ezzor")
            assert "written by fake-model" in embed["footer"]["text"]
            assert "direct route from Tehran to Damascus" in embed["fields"][0]["value"]
            assert final.body["allowed_mentions"] == {"parse": []}
            assert final.body.get("content") in (None, "")
            footer_seconds = float(re.findall(r"([0-9.]+) s", embed["footer"]["text"])[0])
            assert footer_seconds >= streaming_seconds, "the footer times the whole streamed answer"
            stats = await fake.send_slash_command("stats")
            fields = {f["name"]: f["value"] for f in embeds_of(await stats.wait_for("edit", timeout=60))[0]["fields"]}
            questions = next(v for k, v in fields.items() if k.startswith("Questions (last"))
            assert questions == "1", "/stats counts the streamed answer"
            p50, _p95 = (float(v.replace(",", "")) for v in re.findall(r"([0-9,.]+) ms", fields["Latency p50 / p95"]))
            assert p50 >= footer_seconds * 1000 - 6, "and its time is in the percentiles (the footer rounds to 10 ms)"

    streaming_seconds = 0.25 * len(pieces)
    run(body())
    assert llm_server.requests[-1]["stream"] is True


def test_follow_ups_are_rewritten_by_the_model_when_one_is_configured(
    llm_core: BriefingCore, llm_server: FakeLlmServer, tmp_path: Path, embedder: LazyEmbedder
) -> None:
    llm_server.script(Reply(content="What does Russia want in Deir ez-Zor?"))
    assert llm_core.rewrite_followup(SAMPLE_QUESTION, "and Moscow?") == "What does Russia want in Deir ez-Zor?"
    assert "and Moscow?" in llm_server.requests[-1]["messages"][1]["content"]
    plain = BriefingCore(make_settings(tmp_path), embedder=embedder)  # no model: the rule
    assert plain.rewrite_followup(SAMPLE_QUESTION, "and Russia?") == "what does Russia want in Deir ez-Zor?"
