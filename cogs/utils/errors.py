"""The one error handler for application commands (installed as `tree.on_error` by bot.py)."""

from __future__ import annotations

import logging

import discord
from discord import app_commands

from cogs.utils import render
from retrieval import BriefingError

log = logging.getLogger(__name__)

UNKNOWN_INTERACTION = 10062
APOLOGY = "Sorry, something went wrong on my side while doing that. It has been logged; please try again later."


def user_message(error: Exception) -> str | None:
    """What to tell the user for an expected error, or None for a bug (apologise and log)."""
    original = error.original if isinstance(error, app_commands.CommandInvokeError) else error
    if isinstance(original, BriefingError):
        return str(original)
    if isinstance(error, app_commands.CommandOnCooldown):
        return f"Please wait: try again in {error.retry_after:.0f} s."
    if isinstance(error, app_commands.CheckFailure):
        return str(error) or "You cannot use this command here."
    if isinstance(error, app_commands.TransformerError | app_commands.CommandSignatureMismatch):
        return "I could not read that command's options: please try again."
    return None


def is_expired(error: BaseException) -> bool:
    original = error.original if isinstance(error, app_commands.CommandInvokeError) else error
    return isinstance(original, discord.NotFound) and original.code == UNKNOWN_INTERACTION


async def on_app_command_error(interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
    command = interaction.command.qualified_name if interaction.command else "?"
    if is_expired(error):
        log.warning("interaction expired command=%s interaction_id=%s (not retried)", command, interaction.id)
        return
    message = user_message(error)
    if message is None:
        log.error("command failed command=%s interaction_id=%s", command, interaction.id, exc_info=error)
        message = APOLOGY
    else:
        log.info("command refused command=%s reason=%s", command, type(getattr(error, "original", error)).__name__)
    await reply_privately(interaction, message)


async def reply_privately(interaction: discord.Interaction, message: str) -> None:
    """Ephemeral when nothing was sent yet; otherwise replace the deferred or sent original."""
    content = render.fit_content(message)
    try:
        if not interaction.response.is_done():
            await interaction.response.send_message(content, ephemeral=True)
        else:
            await interaction.edit_original_response(content=content, embeds=[], view=None)
    except discord.HTTPException as failure:
        log.warning("could not send the error reply interaction_id=%s status=%s", interaction.id, failure.status)
