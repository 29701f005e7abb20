"""/stats: what is indexed, with which model and store; from the question log, how many questions, how many
declined, the votes and how fast, with the usage chart attached; uptime."""

from __future__ import annotations

import asyncio
import io
import logging
import time

import discord
from discord import app_commands

from cogs.utils import render
from cogs.utils.checks import Gate, GatedCog
from cogs.utils.scopes import scope_of
from retrieval import DEFAULT_DAYS, BriefingCore, QuestionLog, Scope, Stats, Usage, usage_png

log = logging.getLogger(__name__)


class StatsCog(GatedCog):
    def __init__(self, core: BriefingCore, gate: Gate, question_log: QuestionLog) -> None:
        self.core = core
        self.gate = gate
        self.question_log = question_log
        self.started = time.monotonic()

    @app_commands.command(name="stats", description="Documents, model, questions, declined, feedback, latency, chart")
    @app_commands.describe(days=f"The period the usage figures and chart cover (default {DEFAULT_DAYS} days)")
    async def stats(
        self, interaction: discord.Interaction, days: app_commands.Range[int, 1, 366] = DEFAULT_DAYS
    ) -> None:
        await interaction.response.defer(thinking=True)
        # counts of what everyone here may read: the reply is public
        scope = scope_of(interaction).without_roles()
        stats, usage, chart = await asyncio.to_thread(self.read, days, scope)
        embed = render.stats_embed(stats, time.monotonic() - self.started, usage)
        chart_file = discord.File(io.BytesIO(chart), filename=render.USAGE_CHART)
        await interaction.edit_original_response(embed=embed, attachments=[chart_file])

    def read(self, days: int, scope: Scope | None = None) -> tuple[Stats, Usage, bytes]:
        """The index's figures, the log's usage over `days` days and its chart (blocking: in a worker thread)."""
        usage = self.question_log.usage(days)
        return self.core.stats(usage, scope=scope), usage, usage_png(usage)
