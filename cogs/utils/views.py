"""Buttons. Persistent ones (feedback, more sources) are DynamicItems whose custom_id carries the answer's
id in the question log, registered with `bot.add_dynamic_items` at start: a click on a message sent before
a restart still works. Short-lived ones (confirm, pages) are plain Views with a timeout."""

from __future__ import annotations

import asyncio
import logging
import re
from dataclasses import replace
from typing import Any

import discord
from discord import ui

from cogs.utils import render
from cogs.utils.scopes import scope_of
from retrieval import BriefingCore, QuestionLog

log = logging.getLogger(__name__)


def _core(interaction: discord.Interaction) -> BriefingCore:
    """The core of the bot the click arrived at (bot.py's BriefingBot.core)."""
    core = getattr(interaction.client, "core", None)
    if not isinstance(core, BriefingCore):
        raise RuntimeError("the bot has no core")
    return core


def _store(interaction: discord.Interaction) -> QuestionLog:
    """The question log of the bot the click arrived at (bot.py's BriefingBot.question_log)."""
    store = getattr(interaction.client, "question_log", None)
    if not isinstance(store, QuestionLog):
        raise RuntimeError("the bot has no question log")
    return store


async def _reply(interaction: discord.Interaction, **kwargs: Any) -> None:
    try:
        await interaction.response.send_message(ephemeral=True, **kwargs)
    except discord.HTTPException as error:
        log.warning("button reply failed interaction_id=%s status=%s", interaction.id, error.status)


class FeedbackButton(ui.DynamicItem[ui.Button[Any]], template=r"briefing:vote:(?P<answer>\d+):(?P<helpful>[01])"):
    def __init__(self, answer_id: int, helpful: bool) -> None:
        self.answer_id = answer_id
        self.helpful = helpful
        super().__init__(
            ui.Button(
                label="Helpful" if helpful else "Not helpful",
                emoji="👍" if helpful else "👎",
                style=discord.ButtonStyle.secondary,
                custom_id=f"briefing:vote:{answer_id}:{int(helpful)}",
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: ui.Item[Any], match: re.Match[str], /
    ) -> FeedbackButton:
        return cls(int(match["answer"]), match["helpful"] == "1")

    async def callback(self, interaction: discord.Interaction) -> None:
        recorded = await asyncio.to_thread(
            _store(interaction).record_vote, self.answer_id, interaction.user.id, self.helpful
        )
        text = (
            ("Thanks: noted as helpful." if self.helpful else "Thanks: noted as not helpful.")
            if recorded
            else "I no longer have that answer on record."
        )
        await _reply(interaction, content=text)


class MoreSourcesButton(ui.DynamicItem[ui.Button[Any]], template=r"briefing:more:(?P<answer>\d+)"):
    def __init__(self, answer_id: int) -> None:
        self.answer_id = answer_id
        super().__init__(
            ui.Button(
                label="More sources",
                emoji="📚",
                style=discord.ButtonStyle.primary,
                custom_id=f"briefing:more:{answer_id}",
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: ui.Item[Any], match: re.Match[str], /
    ) -> MoreSourcesButton:
        return cls(int(match["answer"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        """The stored sources that the member who pressed may read (whoever asked), numbered afresh."""
        stored = await asyncio.to_thread(_store(interaction).answer, self.answer_id)
        if stored is None:
            await _reply(interaction, content="I no longer have that answer on record.")
            return
        doc_ids = [c.doc_id for c in stored.more_sources]
        readable = await asyncio.to_thread(_core(interaction).readable_documents, doc_ids, scope=scope_of(interaction))
        shown = [c for c in stored.more_sources if c.doc_id in readable]
        first = stored.more_sources[0].number if stored.more_sources else 1
        numbered = [replace(c, number=n) for n, c in enumerate(shown, start=first)]
        await _reply(interaction, embed=render.more_sources_embed(stored.question, numbered))


PERSISTENT_ITEMS = (FeedbackButton, MoreSourcesButton)


def answer_view(answer_id: int, more_sources: bool) -> ui.View:
    view = ui.View(timeout=None)
    if more_sources:
        view.add_item(MoreSourcesButton(answer_id))
    view.add_item(FeedbackButton(answer_id, True))
    view.add_item(FeedbackButton(answer_id, False))
    return view


class OwnedView(ui.View):
    """A short-lived view only the member who ran the command may press."""

    def __init__(self, owner_id: int, timeout: float) -> None:
        super().__init__(timeout=timeout)
        self.owner_id = owner_id

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id == self.owner_id:
            return True
        await _reply(interaction, content="Only the member who ran the command can use these buttons.")
        return False


class ConfirmView(OwnedView):
    """Confirm / Cancel. `confirmed` is True, False, or None when nobody answered in time."""

    def __init__(self, owner_id: int, confirm_label: str, timeout: float = 60.0) -> None:
        super().__init__(owner_id, timeout)
        self.confirmed: bool | None = None
        self.confirm.label = confirm_label

    @ui.button(label="Confirm", style=discord.ButtonStyle.danger)
    async def confirm(self, interaction: discord.Interaction, button: ui.Button[Any]) -> None:
        await self._answer(interaction, True, "Working on it…")

    @ui.button(label="Cancel", style=discord.ButtonStyle.secondary)
    async def cancel(self, interaction: discord.Interaction, button: ui.Button[Any]) -> None:
        await self._answer(interaction, False, "Cancelled.")

    async def _answer(self, interaction: discord.Interaction, confirmed: bool, text: str) -> None:
        self.confirmed = confirmed
        self.stop()
        try:
            await interaction.response.edit_message(content=text, view=None)
        except discord.HTTPException as error:
            log.warning("confirm reply failed interaction_id=%s status=%s", interaction.id, error.status)


class PagerView(OwnedView):
    """Previous / Next over pages of embeds."""

    def __init__(self, owner_id: int, pages: list[discord.Embed], timeout: float = 300.0) -> None:
        super().__init__(owner_id, timeout)
        self.pages = pages
        self.page = 0
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.previous.disabled = self.page == 0
        self.next.disabled = self.page >= len(self.pages) - 1

    @ui.button(label="Previous", emoji="◀️", style=discord.ButtonStyle.secondary)
    async def previous(self, interaction: discord.Interaction, button: ui.Button[Any]) -> None:
        await self._show(interaction, self.page - 1)

    @ui.button(label="Next", emoji="▶️", style=discord.ButtonStyle.secondary)
    async def next(self, interaction: discord.Interaction, button: ui.Button[Any]) -> None:
        await self._show(interaction, self.page + 1)

    async def _show(self, interaction: discord.Interaction, page: int) -> None:
        self.page = max(0, min(page, len(self.pages) - 1))
        self._update_buttons()
        try:
            await interaction.response.edit_message(embed=self.pages[self.page], view=self)
        except discord.HTTPException as error:
            log.warning("page turn failed interaction_id=%s status=%s", interaction.id, error.status)
