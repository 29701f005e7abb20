"""Who is asking, as the core's `Scope` (server, channel, roles), and how a scoped result is delivered.

Every command, button and mention builds the scope of the member who sent it, from that interaction or
message (roles are read each time, so a change of roles counts from the next question). In a thread the
channel is the thread's parent (channels map to document sets in corpus/_scopes.toml). A result that shows
a document with an audience (`private`) is sent to its reader only: the deferred public message is deleted
and the result sent ephemerally; what the bot posts in public (threads) is read with `without_roles()`, and
what it posts by itself in a channel (the admin channel's reports and digest) with `channel_scope`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

import discord

from retrieval import DocumentInfo, Scope

log = logging.getLogger(__name__)

_ROLE_MENTION = re.compile(r"<@&(\d+)>")


def _roles(user: discord.abc.User | discord.Member) -> tuple[list[int], list[str]]:
    if not isinstance(user, discord.Member):
        return [], []
    roles = [r for r in user.roles if not r.is_default()]
    return [r.id for r in roles], [r.name for r in roles]


def _place(channel: object) -> int | None:
    """The channel that maps to sets: a thread's parent, else the channel itself."""
    if isinstance(channel, discord.Thread):
        return channel.parent_id
    channel_id = getattr(channel, "id", None)
    return channel_id if isinstance(channel_id, int) else None


def scope_of(interaction: discord.Interaction) -> Scope:
    """The scope of the member who sent this interaction (command, autocomplete or button)."""
    ids, names = _roles(interaction.user)
    channel = _place(interaction.channel) if interaction.channel is not None else interaction.channel_id
    return Scope.member(interaction.guild_id, channel, ids, names)


def scope_of_message(message: discord.Message) -> Scope:
    ids, names = _roles(message.author)
    return Scope.member(message.guild.id if message.guild else None, _place(message.channel), ids, names)


def admin_scope(interaction: discord.Interaction) -> Scope:
    """An admin's scope for library commands: every set of the server (no channel narrowing), their roles."""
    ids, names = _roles(interaction.user)
    return Scope.member(interaction.guild_id, None, ids, names)


def channel_scope(channel: object) -> Scope:
    """What everyone who reads a channel may read: its server's sets as the channel narrows them, and no roles
    (who reads a channel is not known from roles). The bot's own reports there (the admin channel) use it."""
    guild = getattr(channel, "guild", None)
    return Scope.member(guild.id if guild is not None else None, _place(channel))


def shows_restricted(documents: Sequence[DocumentInfo]) -> bool:
    return any(d.audience for d in documents)


def audience_option(value: str | None) -> tuple[str, ...]:
    """/upload's audience option: role mentions, ids or names, separated by commas."""
    parts = [_ROLE_MENTION.sub(r"\1", part).strip() for part in (value or "").split(",")]
    return tuple(p for p in parts if p)


async def send_embeds(
    interaction: discord.Interaction,
    embeds: Sequence[discord.Embed],
    *,
    private: bool,
    view: discord.ui.View | None = None,
) -> None:
    """After a public defer: edit the original with the result, or, for a private result, delete it and send
    the result ephemerally (only the member who asked sees it)."""
    if not private:
        if view is None:
            await interaction.edit_original_response(content=None, embed=embeds[0])
        else:
            await interaction.edit_original_response(content=None, embed=embeds[0], view=view)
        for extra in embeds[1:]:
            await interaction.followup.send(embed=extra)
        return
    await interaction.delete_original_response()
    if view is None:
        await interaction.followup.send(embed=embeds[0], ephemeral=True)
    else:
        await interaction.followup.send(embed=embeds[0], view=view, ephemeral=True)
    for extra in embeds[1:]:
        await interaction.followup.send(embed=extra, ephemeral=True)
    log.info("result sent privately interaction_id=%s", interaction.id)
