"""/ask, its buttons and autocomplete, and questions by mention, through the real client and the fake Discord."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from cogs.ask import RecentQuestions
from retrieval.core import BriefingCore
from retrieval.insight.questionlog import QuestionLog
from tests.cogs.harness import EPHEMERAL, embeds_of, new_bot, run
from tests.cogs.limits import assert_message_within_limits
from tests.conftest import IRAN_PASSAGE, SAMPLE_QUESTION
from tests.fake_discord import fake_discord, running_bot
from tests.fake_discord.models import FakeUser
from tests.fake_discord.server import InteractionRecord

ANSWER_TIMEOUT = 60.0


async def asked(fake, question: str, **kw: object) -> InteractionRecord:  # type: ignore[no-untyped-def]
    return await fake.send_slash_command("ask", {"question": question, **kw})


def test_ask_defers_then_edits_the_original_with_a_cited_embed(sample_core: BriefingCore) -> None:
    async def body() -> None:
        async with fake_discord() as fake, running_bot(fake, new_bot(fake, sample_core)):
            record = await asked(fake, SAMPLE_QUESTION)
            edit = await record.wait_for("edit", timeout=ANSWER_TIMEOUT)
            first = record.events[0]
            assert (first.kind, first.type) == ("callback", 5) and first.at < 3.0
            assert first.ok
            embed = embeds_of(edit)[0]
            assert IRAN_PASSAGE in embed["description"]  # the quote once, in the answer; its field gives the source
            assert (
                embed["fields"][0]["name"].startswith("[1")
                and "Deir Ezzor: Everyone wants it (2017-06-20)" in embed["fields"][0]["name"]
            )
            assert embed["fields"][0]["value"] == "📄 2017-06-deir-ezzor-everyone-wants-it.txt"
            assert "[1]" in embed["description"]
            assert "passages searched" in embed["footer"]["text"]
            assert edit.body["allowed_mentions"] == {"parse": []}
            assert_message_within_limits(edit.body)
            ids = [c["custom_id"] for row in edit.body["components"] for c in row["components"]]
            assert [i.rsplit(":", 2)[0] if "vote" in i else i.rsplit(":", 1)[0] for i in ids] == [
                "briefing:more",
                "briefing:vote",
                "briefing:vote",
            ]

    run(body())


def test_off_corpus_question_is_not_answered_and_nearest_documents_are_listed(sample_core: BriefingCore) -> None:
    async def body() -> None:
        async with fake_discord() as fake, running_bot(fake, new_bot(fake, sample_core)):
            record = await asked(fake, "who won the 2018 World Cup?")
            embed = embeds_of(await record.wait_for("edit", timeout=ANSWER_TIMEOUT))[0]
            assert "do not answer" in embed["description"]
            assert embed["fields"][0]["name"] == "Nearest documents"

    run(body())


def test_everyone_in_a_question_pings_nobody(sample_core: BriefingCore) -> None:
    async def body() -> None:
        async with fake_discord() as fake, running_bot(fake, new_bot(fake, sample_core)):
            record = await asked(fake, "@everyone what does Iran want in Deir ez-Zor? <@&123456789012345678>")
            edit = await record.wait_for("edit", timeout=ANSWER_TIMEOUT)
            assert edit.body["allowed_mentions"] == {"parse": []}
            assert "@everyone" not in str(edit.body)
            assert "@\u200beveryone" in embeds_of(edit)[0]["title"]

    run(body())


def test_a_3000_character_question_is_refused_politely_without_deferring(sample_core: BriefingCore) -> None:
    async def body() -> None:
        async with fake_discord() as fake, running_bot(fake, new_bot(fake, sample_core)):
            record = await asked(fake, "why " * 749 + "why?")  # 3,000 characters
            reply = await record.wait_for("callback", timeout=10)
            assert reply.type == 4 and reply.data["flags"] == EPHEMERAL
            assert "3,000 characters" in reply.data["content"] and "1,000" in reply.data["content"]
            assert reply.data["allowed_mentions"] == {"parse": []}
            assert len(record.events) == 1

    run(body())


def test_bad_options_are_refused(sample_core: BriefingCore) -> None:
    async def body() -> None:
        async with fake_discord() as fake, running_bot(fake, new_bot(fake, sample_core)):
            bad_date = await asked(fake, SAMPLE_QUESTION, since="next tuesday-ish")
            reply = await bad_date.wait_for("callback", timeout=10)
            assert reply.type == 4 and reply.data["flags"] == EPHEMERAL
            assert "not a date" in reply.data["content"]
            unknown = await asked(fake, SAMPLE_QUESTION, document="no-such-file.txt")
            told = await unknown.wait_for("callback", timeout=10)  # privately, before deferring
            assert told.type == 4 and told.data["flags"] == EPHEMERAL
            assert "No indexed document is called 'no-such-file.txt'" in told.data["content"]
            since = await asked(fake, SAMPLE_QUESTION, since="2017-09")
            embed = embeds_of(await since.wait_for("edit", timeout=ANSWER_TIMEOUT))[0]
            assert all("2017-06" not in f["name"] for f in embed.get("fields", []))

    run(body())


def test_cooldown_per_member(sample_core: BriefingCore) -> None:
    async def body() -> None:
        async with fake_discord() as fake, running_bot(fake, new_bot(fake, sample_core, cooldown_seconds=30.0)):
            first = await asked(fake, SAMPLE_QUESTION)
            await first.wait_for("callback", timeout=10)
            second = await asked(fake, SAMPLE_QUESTION)
            reply = await second.wait_for("callback", timeout=10)
            assert reply.type == 4 and reply.data["flags"] == EPHEMERAL
            assert "try again in" in reply.data["content"]
            other = await fake.send_slash_command("ask", {"question": SAMPLE_QUESTION}, user=FakeUser(5, "other"))
            assert (await other.wait_for("callback", timeout=10)).type == 5
            await first.wait_for("edit", timeout=ANSWER_TIMEOUT)
            await other.wait_for("edit", timeout=ANSWER_TIMEOUT)

    run(body())


def test_document_autocomplete_offers_indexed_documents(sample_core: BriefingCore) -> None:
    async def body() -> None:
        async with fake_discord() as fake, running_bot(fake, new_bot(fake, sample_core)):
            record = await fake.send_autocomplete("ask", {"question": "x", "document": "siege"}, focused="document")
            reply = await record.wait_for("callback", timeout=10)
            assert reply.type == 8
            choices = reply.data["choices"]
            assert [c["value"] for c in choices] == ["2017-09-prime-source-deir-ez-zor-siege-broken.txt"]
            everything = await fake.send_autocomplete("ask", {"question": "x", "document": ""}, focused="document")
            assert 2 <= len((await everything.wait_for("callback", timeout=10)).data["choices"]) <= 25
            scoped = await fake.send_slash_command(
                "ask", {"question": SAMPLE_QUESTION, "document": choices[0]["value"]}
            )
            embed = embeds_of(await scoped.wait_for("edit", timeout=ANSWER_TIMEOUT))[0]
            assert all("(2017-09" in f["name"] for f in embed.get("fields", []))

    run(body())


def test_more_sources_and_feedback_buttons(sample_core: BriefingCore, tmp_path: Path) -> None:
    async def body() -> None:
        async with fake_discord() as fake, running_bot(fake, new_bot(fake, sample_core, data_dir=tmp_path)):
            record = await asked(fake, SAMPLE_QUESTION)
            edit = await record.wait_for("edit", timeout=ANSWER_TIMEOUT)
            ids = [c["custom_id"] for row in edit.body["components"] for c in row["components"]]
            more = await fake.click_button(record, ids[0])
            reply = await more.wait_for("callback", timeout=10)
            assert reply.type == 4 and reply.data["flags"] == EPHEMERAL
            fields = reply.data["embeds"][0]["fields"]
            assert fields and fields[0]["name"].startswith(f"[{sample_core.settings.top_k + 1}]")
            vote = await fake.click_button(record, ids[2])
            thanks = await vote.wait_for("callback", timeout=10)
            assert thanks.type == 4 and thanks.data["flags"] == EPHEMERAL and "not helpful" in thanks.data["content"]

    run(body())
    votes = QuestionLog(tmp_path / "feedback.sqlite3").votes()
    assert [(v.helpful, v.question) for v in votes] == [(False, SAMPLE_QUESTION)]
    assert IRAN_PASSAGE in votes[0].answer


def test_feedback_buttons_still_record_after_a_restart(sample_core: BriefingCore, tmp_path: Path) -> None:
    async def body() -> None:
        async with fake_discord() as fake:
            async with running_bot(fake, new_bot(fake, sample_core, data_dir=tmp_path)):
                record = await asked(fake, SAMPLE_QUESTION)
                edit = await record.wait_for("edit", timeout=ANSWER_TIMEOUT)
            ids = [c["custom_id"] for row in edit.body["components"] for c in row["components"]]
            async with running_bot(fake, new_bot(fake, sample_core, data_dir=tmp_path)):  # a new process, same data
                vote = await fake.click_button(record, ids[1])
                thanks = await vote.wait_for("callback", timeout=10)
                assert thanks.type == 4 and "helpful" in thanks.data["content"]
                more = await fake.click_button(record, ids[0])
                assert (await more.wait_for("callback", timeout=10)).data["embeds"][0]["fields"]

    run(body())
    votes = QuestionLog(tmp_path / "feedback.sqlite3").votes()
    assert [(v.helpful, v.question) for v in votes] == [(True, SAMPLE_QUESTION)]


def test_a_mention_is_answered_in_a_thread_and_a_follow_up_uses_its_context(sample_core: BriefingCore) -> None:
    async def body() -> None:
        async with fake_discord() as fake, running_bot(fake, new_bot(fake, sample_core)):
            bot_id = fake.bot_user.id
            message = await fake.send_message_create(f"<@{bot_id}> {SAMPLE_QUESTION}")
            thread_id = int(message["id"])  # the fake gives a thread opened on a message the message's id
            answer = await fake.wait_for_channel_message(thread_id, timeout=ANSWER_TIMEOUT)
            thread = fake.thread(thread_id)
            assert thread is not None and thread["name"] == SAMPLE_QUESTION
            assert IRAN_PASSAGE in answer["embeds"][0]["description"]
            sent = fake.requests_to("POST", rf"/channels/{thread_id}/messages")[0].body
            assert sent["allowed_mentions"] == {"parse": []}
            await fake.send_message_create(f"<@{bot_id}> and what about Russia?", channel_id=thread_id)
            follow = await fake.wait_for_channel_message(thread_id, count=2, timeout=ANSWER_TIMEOUT)
            assert follow["embeds"][0]["title"] == "what does Russia want in Deir ez-Zor?"
            await fake.send_message_create("no mention here, the bot stays quiet")
            assert len(fake.channel_messages) == 2

    run(body())


def test_no_token_in_any_log(sample_core: BriefingCore, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)

    async def body() -> None:
        async with fake_discord(token="secret-token-abc123") as fake, running_bot(fake, new_bot(fake, sample_core)):
            record = await asked(fake, SAMPLE_QUESTION)
            await record.wait_for("edit", timeout=ANSWER_TIMEOUT)

    run(body())
    assert "secret-token-abc123" not in caplog.text
    assert "ask abstained=False" in caplog.text


def test_the_thread_questions_are_bounded_and_the_least_recently_used_go_first() -> None:
    recent = RecentQuestions(size=3)
    for thread in range(3):
        recent.remember(thread, f"question {thread}")
    assert recent.get(0) == "question 0"  # used: now the most recent
    recent.remember(3, "question 3")
    assert len(recent) == 3
    assert recent.get(1) is None, "the least recently used thread was forgotten"
    assert [recent.get(t) for t in (0, 2, 3)] == ["question 0", "question 2", "question 3"]
