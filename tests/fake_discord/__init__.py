"""A fake Discord (REST + gateway) on 127.0.0.1 for end-to-end tests of the real discord.py client.

Public API::

    from tests.fake_discord import FakeDiscord, fake_discord, running_bot, loopback_only
"""

from .loopback_guard import LoopbackGuard, NonLoopbackConnectionError, loopback_guard, loopback_only
from .models import FakeChannel, FakeGuild, FakeMember, FakeRole, FakeUser, RecordedPart, RecordedRequest
from .server import FakeDiscord, InteractionEvent, InteractionRecord, fake_discord, running_bot

__all__ = [
    "FakeChannel",
    "FakeDiscord",
    "FakeGuild",
    "FakeMember",
    "FakeRole",
    "FakeUser",
    "InteractionEvent",
    "InteractionRecord",
    "LoopbackGuard",
    "NonLoopbackConnectionError",
    "RecordedPart",
    "RecordedRequest",
    "fake_discord",
    "loopback_guard",
    "loopback_only",
    "running_bot",
]
