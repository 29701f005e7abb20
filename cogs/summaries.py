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
        await _send(interaction, await asyncio.to_thread(self.core.summarize_topic, topic))

    @app_commands.command(name="document", description="Key sentences of one document")
    @app_commands.describe(document="The document (start typing its title)")
    async def document(self, interaction: discord.Interaction, document: str) -> None:
        await asyncio.to_thread(self.core.document_info, document)  # a wrong name is told privately, at once
        self.gate.take_cooldown(interaction.user.id)
        await interaction.response.defer(thinking=True)
        await _send(interaction, await asyncio.to_thread(self.core.summarize_document, document))

    @document.autocomplete("document")
    async def document_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return await document_choices(self.core, current)


async def _send(interaction: discord.Interaction, summary: Summary) -> None:
    embeds = render.summary_embeds(summary)
    await interaction.edit_original_response(embed=embeds[0])
    for extra in embeds[1:]:
        await interaction.followup.send(embed=extra)
