"""Plain data used by the fake Discord: configuration objects, recorded requests, JSON builders.

Everything here is synchronous and stateless apart from the objects' own fields; the server
(``server.py``) owns the state.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

DISCORD_EPOCH_MS = 1_420_070_400_000

# Permission bits (https://discord.com/developers/docs/topics/permissions).
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
EMBED_LINKS = 1 << 14
ATTACH_FILES = 1 << 15
READ_MESSAGE_HISTORY = 1 << 16
ADD_REACTIONS = 1 << 6
USE_APPLICATION_COMMANDS = 1 << 31
CREATE_PUBLIC_THREADS = 1 << 35
SEND_MESSAGES_IN_THREADS = 1 << 38
MANAGE_GUILD = 1 << 5
ADMINISTRATOR = 1 << 3

DEFAULT_EVERYONE_PERMISSIONS = (
    VIEW_CHANNEL
    | SEND_MESSAGES
    | EMBED_LINKS
    | ATTACH_FILES
    | READ_MESSAGE_HISTORY
    | ADD_REACTIONS
    | USE_APPLICATION_COMMANDS
    | CREATE_PUBLIC_THREADS
    | SEND_MESSAGES_IN_THREADS
)

# Gateway intents that change what the fake delivers.
INTENT_GUILD_MESSAGES = 1 << 9
INTENT_DIRECT_MESSAGES = 1 << 12
INTENT_MESSAGE_CONTENT = 1 << 15

# Message flags.
FLAG_EPHEMERAL = 1 << 6
FLAG_LOADING = 1 << 7


def iso_now() -> str:
    """Current UTC time in the ISO-8601 form Discord uses."""
    return dt.datetime.now(dt.UTC).isoformat()


@dataclass
class FakeUser:
    """A Discord user the fake knows about (the bot itself or a member who uses commands)."""

    id: int
    username: str
    bot: bool = False
    global_name: str | None = None

    def payload(self) -> dict[str, Any]:
        """The user object as Discord sends it."""
        return {
            "id": str(self.id),
            "username": self.username,
            "discriminator": "0",
            "global_name": self.global_name,
            "avatar": None,
            "bot": self.bot,
            "public_flags": 0,
        }


@dataclass
class FakeRole:
    """A guild role; ``permissions`` is the bitfield as an int."""

    id: int
    name: str
    permissions: int = 0
    position: int = 0

    def payload(self) -> dict[str, Any]:
        """The role object as Discord sends it."""
        return {
            "id": str(self.id),
            "name": self.name,
            "permissions": str(self.permissions),
            "position": self.position,
            "color": 0,
            "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
            "hoist": False,
            "managed": False,
            "mentionable": False,
            "icon": None,
            "unicode_emoji": None,
            "flags": 0,
        }


@dataclass
class FakeChannel:
    """A guild channel (type 0 text, 2 voice, 4 category, 5 news, 15 forum...)."""

    id: int
    name: str
    type: int = 0
    parent_id: int | None = None
    position: int = 0

    def payload(self, guild_id: int) -> dict[str, Any]:
        """The channel object as Discord sends it."""
        return {
            "id": str(self.id),
            "type": self.type,
            "guild_id": str(guild_id),
            "name": self.name,
            "position": self.position,
            "parent_id": str(self.parent_id) if self.parent_id else None,
            "permission_overwrites": [],
            "nsfw": False,
            "topic": None,
            "last_message_id": None,
            "rate_limit_per_user": 0,
            "flags": 0,
        }


@dataclass
class FakeMember:
    """A guild member: a user plus the ids of the roles it has (besides @everyone)."""

    user: FakeUser
    roles: list[int] = field(default_factory=list)

    def payload(self, permissions: int | None = None, *, with_user: bool = True) -> dict[str, Any]:
        """The member object; ``permissions`` is added as interactions carry it."""
        data: dict[str, Any] = {
            "roles": [str(r) for r in self.roles],
            "joined_at": "2024-01-01T00:00:00+00:00",
            "deaf": False,
            "mute": False,
            "flags": 0,
            "nick": None,
            "avatar": None,
            "pending": False,
            "premium_since": None,
            "communication_disabled_until": None,
        }
        if with_user:
            data["user"] = self.user.payload()
        if permissions is not None:
            data["permissions"] = str(permissions)
        return data


@dataclass
class FakeGuild:
    """A guild with its channels, roles and members; role ``id == guild id`` is @everyone."""

    id: int
    name: str
    owner_id: int
    channels: list[FakeChannel] = field(default_factory=list)
    roles: list[FakeRole] = field(default_factory=list)
    members: list[FakeMember] = field(default_factory=list)

    def everyone(self) -> FakeRole:
        """The @everyone role (created with default permissions if the config lacks it)."""
        for role in self.roles:
            if role.id == self.id:
                return role
        role = FakeRole(self.id, "@everyone", DEFAULT_EVERYONE_PERMISSIONS)
        self.roles.insert(0, role)
        return role

    def permissions_for(self, role_ids: list[int], user_id: int) -> int:
        """Permissions of a member with these roles (owner and administrator get everything)."""
        if user_id == self.owner_id:
            return (1 << 53) - 1
        value = self.everyone().permissions
        for role in self.roles:
            if role.id in role_ids:
                value |= role.permissions
        return (1 << 53) - 1 if value & ADMINISTRATOR else value

    def member(self, user_id: int) -> FakeMember | None:
        """The configured member with this user id, if any."""
        return next((m for m in self.members if m.user.id == user_id), None)

    def payload(self) -> dict[str, Any]:
        """The full guild object sent in GUILD_CREATE."""
        self.everyone()
        return {
            "id": str(self.id),
            "name": self.name,
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "banner": None,
            "description": None,
            "owner_id": str(self.owner_id),
            "afk_channel_id": None,
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "preferred_locale": "en-US",
            "system_channel_id": None,
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "public_updates_channel_id": None,
            "vanity_url_code": None,
            "application_id": None,
            "max_members": 500000,
            "features": [],
            "roles": [r.payload() for r in self.roles],
            "emojis": [],
            "stickers": [],
            "channels": [c.payload(self.id) for c in self.channels],
            "threads": [],
            "members": [m.payload() for m in self.members],
            "member_count": len(self.members),
            "voice_states": [],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
            "large": False,
            "unavailable": False,
            "joined_at": "2024-01-01T00:00:00+00:00",
        }


@dataclass
class RecordedPart:
    """One part of a multipart request (``payload_json`` or a ``files[n]`` attachment)."""

    name: str
    filename: str | None
    content_type: str | None
    data: bytes


@dataclass
class RecordedRequest:
    """One REST request the client made, with what the fake answered."""

    method: str
    path: str  # relative to /api/v10, e.g. "/interactions/1/tok/callback"
    query: dict[str, str]
    headers: dict[str, str]
    json: Any = None
    parts: list[RecordedPart] = field(default_factory=list)
    at: float = 0.0  # loop.time() when it arrived
    status: int | None = None
    response: Any = None

    @property
    def body(self) -> Any:
        """The JSON payload: the body itself, or ``payload_json`` of a multipart request."""
        if self.json is not None:
            return self.json
        for part in self.parts:
            if part.name == "payload_json":
                return json.loads(part.data)
        return None

    @property
    def files(self) -> list[RecordedPart]:
        """The uploaded files of a multipart request."""
        return [p for p in self.parts if p.filename is not None]


class Signal:
    """Wake coroutines waiting for a condition on state that changes elsewhere in the loop."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def fire(self) -> None:
        """Wake every waiter so that it re-checks its condition."""
        self._event.set()
        self._event = asyncio.Event()

    async def wait_until(self, check: Callable[[], Any], timeout: float, what: str) -> Any:
        """Return ``check()`` once it is truthy; raise ``TimeoutError`` naming ``what`` after ``timeout`` s."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not (result := check()):
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(f"timed out after {timeout:.2f}s waiting for {what}")
            try:
                await asyncio.wait_for(self._event.wait(), remaining)
            except TimeoutError:
                continue
        return result


def find_component(components: list[dict[str, Any]], custom_id: str) -> dict[str, Any] | None:
    """The component with this ``custom_id`` anywhere in a message's component tree."""
    for comp in components:
        if comp.get("custom_id") == custom_id:
            return comp
        nested = comp.get("components") or ([comp["accessory"]] if comp.get("accessory") else [])
        found = find_component(nested, custom_id)
        if found is not None:
            return found
    return None


def custom_ids(components: list[dict[str, Any]]) -> list[str]:
    """Every ``custom_id`` in a component tree (for error messages)."""
    ids: list[str] = []
    for comp in components:
        if "custom_id" in comp:
            ids.append(comp["custom_id"])
        ids.extend(custom_ids(comp.get("components") or []))
    return ids


def infer_option_type(value: Any) -> int:
    """Application-command option type for a Python value (string, integer, boolean, number)."""
    if isinstance(value, bool):
        return 5
    if isinstance(value, int):
        return 4
    if isinstance(value, float):
        return 10
    return 3


def coerce_option_value(option_type: int, value: Any) -> Any:
    """The JSON value Discord sends for an option type (int for 4, float for 10, str ids for 6-9, 11)."""
    if option_type == 4:
        return int(value)
    if option_type == 10:
        return float(value)
    if option_type == 5:
        return value if isinstance(value, bool) else str(value).lower() in {"1", "true", "yes"}
    return str(value)
