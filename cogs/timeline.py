"""/timeline topic [since] [until] and /changes since [topic]: developments in date order, what is new, cited."""

from __future__ import annotations

import asyncio
import logging

import discord
from discord import app_commands

from cogs.utils import render
from cogs.utils.checks import Gate, GatedCog
from cogs.utils.scopes import scope_of, send_embeds
from cogs.utils.views import PagerView
from retrieval import BriefingCore

log = logging.getLogger(__name__)


class TimelineCog(GatedCog):
    def __init__(self, core: BriefingCore, gate: Gate) -> None:
        self.core = core
        self.gate = gate

    @app_commands.command(name="timeline", description="What happened on a topic, in date order, cited")
    @app_commands.describe(
        topic="What the timeline is about",
        since="Only developments from this date on (2017-09 or 2017-09-15)",
        until="Only developments up to this date (2017-12)",
    )
    async def timeline(
        self,
        interaction: discord.Interaction,
        topic: app_commands.Range[str, 1, 6000],
        since: str | None = None,
        until: str | None = None,
    ) -> None:
        topic = self.gate.check_question(topic)
        for date in (since, until):
            if date:
                self.core.check_since(date)
        self.gate.take_cooldown(interaction.user.id)
        await interaction.response.defer(thinking=True)
        result = await asyncio.to_thread(
            self.core.timeline, topic, since or None, until or None, scope=scope_of(interaction)
        )
        footer = f"{len(result.entries)} developments · {result.elapsed_ms / 1000:.2f} s"
        pages = render.timeline_pages(f"Timeline: {topic}", result.entries, footer, result.note)
        await _send_pages(interaction, pages, result.private)

    @app_commands.command(name="changes", description="What briefings since a date say that earlier ones did not")
    @app_commands.describe(since="The date to compare from (2017-10 or 2017-10-01)", topic="Only this topic")
    async def changes(self, interaction: discord.Interaction, since: str, topic: str | None = None) -> None:
        self.core.check_since(since)
        self.gate.take_cooldown(interaction.user.id)
        await interaction.response.defer(thinking=True)
        result = await asyncio.to_thread(self.core.changes, since, topic or None, scope=scope_of(interaction))
        title = f"What changed since {result.since}" + (f": {topic}" if topic else "")
        footer = f"{len(result.entries)} new or revised · {result.elapsed_ms / 1000:.2f} s"
        pages = render.timeline_pages(title, result.entries, footer, result.note)
        await _send_pages(interaction, pages, result.private)


async def _send_pages(interaction: discord.Interaction, pages: list[discord.Embed], private: bool) -> None:
    """The first page with a pager when there are more; only to the asker when it cites a restricted briefing."""
    view = PagerView(interaction.user.id, pages) if len(pages) > 1 else None
    await send_embeds(interaction, pages[:1], private=private, view=view)
