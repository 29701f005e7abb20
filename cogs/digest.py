"""The weekly digest: usage (with its chart) and the coverage gaps of the last seven days, posted to
ADMIN_CHANNEL_ID on DIGEST_WEEKDAY (from DIGEST_HOUR_UTC on). Off when ADMIN_CHANNEL_ID is not set.

A small discord.ext.tasks loop wakes every half hour; `tick` decides and sends, with the clock injected so a
test can pick the day. The question log records each digest sent (`claim`), so a restart, or a second copy
of the bot, does not send the same week twice; a failed send releases it for the next wake-up.
"""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import Callable
from datetime import UTC, datetime

import discord
from discord.ext import commands, tasks

from cogs.utils import render
from cogs.utils.scopes import channel_scope
from retrieval import BriefingCore, GapReport, QuestionLog, Scope, Settings, Usage, usage_png

log = logging.getLogger(__name__)

DIGEST_DAYS = 7
DIGEST_HOUR_UTC = 9
WAKE_MINUTES = 30


def utc_now() -> datetime:
    return datetime.now(UTC)


class DigestCog(commands.Cog):
    def __init__(
        self,
        bot: commands.Bot,
        core: BriefingCore,
        settings: Settings,
        question_log: QuestionLog,
        now: Callable[[], datetime] = utc_now,
    ) -> None:
        self.bot = bot
        self.core = core
        self.settings = settings
        self.question_log = question_log
        self.now = now

    async def cog_load(self) -> None:
        if self.settings.admin_channel_id:
            self.wake.start()

    async def cog_unload(self) -> None:
        self.wake.cancel()

    @tasks.loop(minutes=WAKE_MINUTES)
    async def wake(self) -> None:
        try:
            await self.tick()
        except Exception:  # the loop must survive a bad week
            log.exception("digest failed")

    @wake.before_loop
    async def _until_ready(self) -> None:
        await self.bot.wait_until_ready()

    async def tick(self) -> bool:
        """Send this week's digest if it is due and not sent yet; True when sent."""
        now = self.now()
        channel_id = self.settings.admin_channel_id
        if not channel_id or now.weekday() != self.settings.digest_weekday or now.hour < DIGEST_HOUR_UTC:
            return False
        key = f"digest:{now.date().isoformat()}"
        if not await asyncio.to_thread(self.question_log.claim, key):
            return False
        try:
            await self._send(channel_id)
        except Exception as error:
            await asyncio.to_thread(self.question_log.release, key)  # try again at the next wake-up
            if not isinstance(error, discord.HTTPException | LookupError):
                raise
            log.warning("digest not sent channel_id=%d reason=%r", channel_id, str(error))
            return False
        log.info("digest sent channel_id=%d", channel_id)
        return True

    async def _send(self, channel_id: int) -> None:
        channel = self.bot.get_channel(channel_id) or await self.bot.fetch_channel(channel_id)
        if not isinstance(channel, discord.abc.Messageable):
            raise LookupError(f"channel {channel_id} cannot receive messages")
        usage, report, chart = await asyncio.to_thread(self.read, channel_scope(channel))
        await channel.send(
            embed=render.digest_embed(usage), file=discord.File(io.BytesIO(chart), filename=render.USAGE_CHART)
        )
        await channel.send(embed=render.gaps_embed(report))

    def read(self, scope: Scope | None = None) -> tuple[Usage, GapReport, bytes]:
        """The week's usage, its gaps (from the admin channel's server only, nearest documents among what
        everyone there may read) and its chart (blocking: in a worker thread)."""
        usage = self.question_log.usage(DIGEST_DAYS)
        return usage, self.core.gaps(self.question_log, DIGEST_DAYS, scope=scope), usage_png(usage)
