"""Who may use the bot where, how often, and who is an admin. Failures are app_commands.CheckFailure
subclasses whose message is polite and safe to show; the tree's error handler sends it ephemerally."""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from typing import Any, TypeVar

import discord
from discord import app_commands
from discord.ext import commands

from retrieval import Settings, valid_question

log = logging.getLogger(__name__)

T = TypeVar("T", bound=Callable[..., Any])


class NotAllowedHere(app_commands.CheckFailure):
    def __init__(self) -> None:
        super().__init__("I am not set up to answer here: ask in one of the channels where the bot is enabled.")


class NotAdmin(app_commands.CheckFailure):
    def __init__(self) -> None:
        super().__init__("Only admins (Manage Server, or an admin role) can use this command.")


class CoolingDown(app_commands.CheckFailure):
    def __init__(self, retry_after: float) -> None:
        self.retry_after = retry_after
        super().__init__(f"One question at a time, please: try again in {math.ceil(retry_after)} s.")


class Gate:
    """Allow-lists, the admin rule and the per-member cooldown, from the settings."""

    def __init__(self, settings: Settings, clock: Callable[[], float] = time.monotonic) -> None:
        self.settings = settings
        self._clock = clock
        self._last_question: dict[int, float] = {}

    def check_place(self, guild_id: int | None, channel_ids: tuple[int | None, ...]) -> None:
        """Raise NotAllowedHere unless the guild and one of the channels (or the parent) are allowed."""
        allowed_guilds = self.settings.allowed_guild_ids
        if allowed_guilds and guild_id not in allowed_guilds:
            raise NotAllowedHere()
        allowed_channels = self.settings.allowed_channel_ids
        if allowed_channels and not any(c in allowed_channels for c in channel_ids if c is not None):
            raise NotAllowedHere()

    def check_interaction_place(self, interaction: discord.Interaction) -> None:
        channel = interaction.channel
        parent = getattr(channel, "parent_id", None)
        self.check_place(interaction.guild_id, (interaction.channel_id, parent))

    def is_admin(self, permissions: discord.Permissions, role_ids: list[int]) -> bool:
        return permissions.manage_guild or any(r in self.settings.admin_role_ids for r in role_ids)

    def check_admin(self, interaction: discord.Interaction) -> None:
        user = interaction.user
        roles = [r.id for r in user.roles] if isinstance(user, discord.Member) else []
        if interaction.guild_id is None or not self.is_admin(interaction.permissions, roles):
            log.info("admin refused user_id=%s command=%s", user.id, _command_name(interaction))
            raise NotAdmin()

    def take_cooldown(self, user_id: int) -> None:
        """Raise CoolingDown if this member asked less than COOLDOWN_SECONDS ago; else start their cooldown."""
        period = self.settings.cooldown_seconds
        if period <= 0:
            return
        now = self._clock()
        last = self._last_question.get(user_id)
        if last is not None and now - last < period:
            raise CoolingDown(period - (now - last))
        self._last_question[user_id] = now
        if len(self._last_question) > 10_000:  # forget members whose cooldown has long passed
            self._last_question = {u: t for u, t in self._last_question.items() if now - t < period}

    def check_question(self, question: str, what: str = "question") -> str:
        """The question (or topic) with its spaces tidied, or QuestionError when empty or too long (before
        deferring)."""
        return valid_question(question, self.settings.max_question_chars, what)


def _command_name(interaction: discord.Interaction) -> str:
    command = interaction.command
    return command.qualified_name if command else "?"


class GatedCog(commands.Cog):
    """A cog whose every command, button and autocomplete first passes the allow-lists (one copy of the rule)."""

    gate: Gate

    async def interaction_check(self, interaction: discord.Interaction) -> bool:  # type: ignore[override]
        self.gate.check_interaction_place(interaction)
        return True


def admin_only() -> Callable[[T], T]:
    """For an admin command: hidden by Discord from members without Manage Server, server-only, and checked
    again when run (a role in ADMIN_ROLE_IDS also counts), since Discord's hiding is only a default."""

    async def predicate(interaction: discord.Interaction) -> bool:
        command = interaction.command
        cog = getattr(command, "binding", None)
        if not isinstance(cog, GatedCog):
            raise NotAdmin()
        cog.gate.check_admin(interaction)
        return True

    def decorator(func: T) -> T:
        func = app_commands.default_permissions(manage_guild=True)(func)
        func = app_commands.guild_only()(func)
        return app_commands.check(predicate)(func)

    return decorator
