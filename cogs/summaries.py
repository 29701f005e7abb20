"""/summary topic and /summary document: key sentences of the briefings, cited like an answer."""

from __future__ import annotations

import asyncio
import logging

import discord
from discord import app_commands
from discord.ext import commands

from cogs.ask import document_choices
from cogs.utils import render
from cogs.utils.checks import Gate, GatedCog
from cogs.utils.scopes import scope_of, send_embeds
from retrieval import BriefingCore, Summary

log = logging.getLogger(__name__)


class SummaryCog(
    GatedCog, commands.GroupCog, group_name="summary", group_description="Summaries of the briefings, cited"
):
    def __init__(self, core: BriefingCore, gate: Gate) -> None:
        self.core = core
        self.gate = gate
        super().__init__()

    @app_commands.command(name="topic", description="Key sentences about a topic, across all briefings")
    @app_commands.describe(topic="What the summary should be about")
    async def topic(self, interaction: discord.Interaction, topic: app_commands.Range[str, 1, 6000]) -> None:
        topic = self.gate.check_question(topic, "topic")
        self.gate.take_cooldown(interaction.user.id)
        await interaction.response.defer(thinking=True)
        await _send(interaction, await asyncio.to_thread(self.core.summarize_topic, topic, scope=scope_of(interaction)))

    @app_commands.command(name="document", description="Key sentences of one document")
    @app_commands.describe(document="The document (start typing its title)")
    async def document(self, interaction: discord.Interaction, document: str) -> None:
        # a wrong name (or one the member may not read) is told privately, at once
        await asyncio.to_thread(self.core.document_info, document, scope=scope_of(interaction))
        self.gate.take_cooldown(interaction.user.id)
        await interaction.response.defer(thinking=True)
        summary = await asyncio.to_thread(self.core.summarize_document, document, scope=scope_of(interaction))
        await _send(interaction, summary)

    @document.autocomplete("document")
    async def document_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return await document_choices(self.core, current, scope_of(interaction))


async def _send(interaction: discord.Interaction, summary: Summary) -> None:
    await send_embeds(interaction, render.summary_embeds(summary), private=summary.private)
