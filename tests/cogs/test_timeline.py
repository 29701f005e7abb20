"""/timeline and /changes through the real client and the fake Discord: deferred, paged, cited, refused politely."""

from __future__ import annotations

import pytest

from retrieval.core import BriefingCore
from tests.cogs.harness import EPHEMERAL, embeds_of, new_bot, run
from tests.cogs.limits import assert_message_within_limits
from tests.fake_discord import fake_discord, running_bot
from tests.time_corpus import indexed_time_core

TIMEOUT = 60.0
TOPIC = "the Tabqa dam and town"


@pytest.fixture(scope="module")
def time_core(tmp_path_factory: pytest.TempPathFactory, embedder: object) -> BriefingCore:
    return indexed_time_core(tmp_path_factory.mktemp("time-cog"), embedder)


def test_timeline_pages_its_entries_in_date_order(time_core: BriefingCore) -> None:
    async def body() -> None:
        async with fake_discord() as fake, running_bot(fake, new_bot(fake, time_core)):
            record = await fake.send_slash_command("timeline", {"topic": TOPIC})
            first = await record.wait_for("callback", timeout=10)
            assert first.type == 5 and first.at < 3.0
            edit = await record.wait_for("edit", timeout=TIMEOUT)
            assert_message_within_limits(edit.body)
            page = embeds_of(edit)[0]
            assert page["title"] == f"Timeline: {TOPIC}" and "page 1/2" in page["footer"]["text"]
            names = [f["name"] for f in page["fields"]]
            assert names[:2] == ["2017-03-21 to 2017-03-22", "2017-03-26"] and names == sorted(names)
            assert "Tabqa airlift (2017-03-27)" in page["fields"][1]["value"]
            assert "Tabqa taken (2017-05-12)" in page["fields"][1]["value"]  # one event, both briefings
            assert edit.body["allowed_mentions"] == {"parse": []}
            buttons = [c for row in edit.body["components"] for c in row["components"]]
            turn = await fake.click_button(record, next(b["custom_id"] for b in buttons if b["label"] == "Next"))
            second = await turn.wait_for("callback", timeout=10)
            assert second.type == 7
            later = second.data["embeds"][0]
            assert "page 2/2" in later["footer"]["text"] and later["fields"][-1]["name"] == "2017-06-19"

    run(body())


def test_changes_shows_a_revision_beside_the_older_briefing(time_core: BriefingCore) -> None:
    async def body() -> None:
        async with fake_discord() as fake, running_bot(fake, new_bot(fake, time_core)):
            record = await fake.send_slash_command("changes", {"since": "2017-05", "topic": TOPIC})
            edit = await record.wait_for("edit", timeout=TIMEOUT)
            page = embeds_of(edit)[0]
            assert page["title"] == f"What changed since 2017-05: {TOPIC}"
            revision = next(f for f in page["fields"] if "revises" in f["name"])
            assert revision["name"] == "2017-05-12 revises 2017-03-27"
            assert (
                "300 ISIS fighters" in revision["value"] and "Earlier: > The coalition estimates" in revision["value"]
            )
            assert_message_within_limits(edit.body)

    run(body())


def test_a_date_the_bot_cannot_read_is_refused_before_deferring(time_core: BriefingCore) -> None:
    async def body() -> None:
        async with fake_discord() as fake, running_bot(fake, new_bot(fake, time_core)):
            for name, options in (("changes", {"since": "a while ago"}), ("timeline", {"topic": TOPIC, "until": "?"})):
                record = await fake.send_slash_command(name, options)
                reply = await record.wait_for("callback", timeout=10)
                assert reply.type == 4 and reply.data["flags"] == EPHEMERAL
                assert "not a date" in reply.data["content"] and len(record.events) == 1

    run(body())
