"""The one error handler, allow-lists and command sync, through the real client and the fake Discord."""

from __future__ import annotations

import asyncio
import logging

import pytest

from retrieval.core import BriefingCore
from tests.cogs.harness import EPHEMERAL, new_bot, run
from tests.conftest import SAMPLE_QUESTION
from tests.fake_discord import fake_discord, running_bot


def test_an_expired_interaction_is_logged_and_not_retried(
    sample_core: BriefingCore, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)

    async def body() -> None:
        async with fake_discord(interaction_expiry=0.0) as fake, running_bot(fake, new_bot(fake, sample_core)):
            record = await fake.send_slash_command("ask", {"question": SAMPLE_QUESTION})
            failed = await record.wait_for("callback", timeout=10)
            assert failed.status == 404 and failed.response["code"] == 10062
            await asyncio.sleep(0.5)
            assert len(record.events) == 1  # no second reply attempted

    run(body())
    assert "interaction expired command=ask" in caplog.text
    assert "Traceback" not in caplog.text


def test_allow_lists_refuse_politely_elsewhere(sample_core: BriefingCore) -> None:
    async def body() -> None:
        async with fake_discord() as fake:
            bot = new_bot(fake, sample_core, allowed_channel_ids=(fake.channel_id + 1000,))
            async with running_bot(fake, bot):
                record = await fake.send_slash_command("ask", {"question": SAMPLE_QUESTION})
                reply = await record.wait_for("callback", timeout=10)
                assert reply.type == 4 and reply.data["flags"] == EPHEMERAL
                assert "not set up to answer here" in reply.data["content"]
                await fake.send_message_create(f"<@{fake.bot_user.id}> {SAMPLE_QUESTION}")
                await asyncio.sleep(0.5)
                assert fake.channel_messages == []  # mentions elsewhere are ignored quietly

    run(body())


def test_commands_sync_globally_without_guild_ids(sample_core: BriefingCore) -> None:
    async def body() -> None:
        async with fake_discord() as fake:
            bot = new_bot(fake, sample_core)
            bot.settings = bot.settings.with_overrides(discord_guild_ids=())
            async with running_bot(fake, bot):
                names = {c["name"] for c in fake.commands[None]}
                commands = {"ask", "summary", "timeline", "changes", "sources", "reindex", "upload", "remove", "stats"}
                assert names == commands | {"gaps"}
                assert fake.guild.id not in fake.commands

    run(body())
