"""/stats: what is indexed, with which model and store, how many questions and how fast, uptime."""

from __future__ import annotations

import asyncio
import logging
import time

import discord
from discord import app_commands

from cogs.utils import render
from cogs.utils.checks import Gate, GatedCog
from cogs.utils.feedback import FeedbackStore
from retrieval import BriefingCore

log = logging.getLogger(__name__)


class StatsCog(GatedCog):
    def __init__(self, core: BriefingCore, gate: Gate, feedback: FeedbackStore) -> None:
        self.core = core
        self.gate = gate
        self.feedback = feedback
        self.started = time.monotonic()

    @app_commands.command(name="stats", description="Documents, chunks, model, questions answered, latency, uptime")
    async def stats(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True)
        stats = await asyncio.to_thread(self.core.stats)
        totals = await asyncio.to_thread(self.feedback.totals)
        embed = render.stats_embed(stats, time.monotonic() - self.started, totals)
        await interaction.edit_original_response(embed=embed)
