"""/gaps [days] (admins): what members asked that the briefings could not answer, grouped by topic."""

from __future__ import annotations

import asyncio
import logging

import discord
from discord import app_commands

from cogs.utils import render
from cogs.utils.checks import Gate, GatedCog, admin_only
from cogs.utils.scopes import admin_scope
from retrieval import DEFAULT_DAYS, BriefingCore, QuestionLog

log = logging.getLogger(__name__)


class GapsCog(GatedCog):
    def __init__(self, core: BriefingCore, gate: Gate, question_log: QuestionLog) -> None:
        self.core = core
        self.gate = gate
        self.question_log = question_log

    @app_commands.command(name="gaps", description="Declined and 'not helpful' questions, grouped by topic (admins)")
    @app_commands.describe(days=f"How far back to look (default {DEFAULT_DAYS} days)")
    @admin_only()
    async def gaps(
        self, interaction: discord.Interaction, days: app_commands.Range[int, 1, 366] = DEFAULT_DAYS
    ) -> None:
        await interaction.response.defer(thinking=True, ephemeral=True)
        report = await asyncio.to_thread(self.core.gaps, self.question_log, days, scope=admin_scope(interaction))
        await interaction.edit_original_response(embed=render.gaps_embed(report))
