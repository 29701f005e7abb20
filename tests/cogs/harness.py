"""Running the real bot against the fake Discord: a bot per test, a file server for attachments."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Coroutine
from pathlib import Path
from typing import Any

from aiohttp import web

from bot import BriefingBot, build_bot
from retrieval.core import BriefingCore
from tests.fake_discord import FakeDiscord
from tests.fake_discord.server import InteractionEvent

ADMIN = "32"  # Manage Server
EPHEMERAL = 64


def run(coro: Coroutine[Any, Any, None]) -> None:
    asyncio.run(coro)


def new_bot(fake: FakeDiscord, core: BriefingCore, data_dir: Path | None = None, **overrides: Any) -> BriefingBot:
    """A fresh BriefingBot over `core`, syncing to the fake's guild, without cooldown or the corpus watcher
    unless asked."""
    settings = core.settings.with_overrides(
        discord_token=fake.token,
        discord_guild_ids=overrides.pop("discord_guild_ids", (fake.guild.id,)),
        cooldown_seconds=overrides.pop("cooldown_seconds", 0.0),
        watch_corpus=overrides.pop("watch_corpus", False),
        **({"data_dir": data_dir} if data_dir else {}),
        **overrides,
    )
    return build_bot(settings, core, guild_ready_timeout=0.05)


def embeds_of(event: InteractionEvent) -> list[dict[str, Any]]:
    return list(event.data.get("embeds") or [])


def text_of(event: InteractionEvent) -> str:
    return str(event.data.get("content") or "")


class FileServer:
    """Serves attachment bytes on 127.0.0.1 (the fake Discord has no CDN) and counts downloads."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.downloads: list[str] = []
        self.port = 0

    def add(self, key: str, data: bytes) -> str:
        self.files[key] = data
        return f"http://127.0.0.1:{self.port}/files/{key}"

    async def _serve(self, request: web.Request) -> web.Response:
        key = request.match_info["key"]
        self.downloads.append(key)
        if key not in self.files:
            return web.Response(status=404)
        return web.Response(body=self.files[key], content_type="application/octet-stream")

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[FileServer]:
        app = web.Application()
        app.router.add_get("/files/{key}", self._serve)
        runner = web.AppRunner(app, handle_signals=False)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        sockets = getattr(server, "sockets", None)
        assert sockets
        self.port = sockets[0].getsockname()[1]
        try:
            yield self
        finally:
            await runner.cleanup()


def attachment_option(
    files: FileServer, key: str, filename: str, data: bytes, size: int | None = None
) -> dict[str, Any]:
    """`options` and `resolved` for a slash command's attachment option named `file`."""
    url = files.add(key, data)
    snowflake = str(1_000_000 + len(files.files))
    attachment = {
        "id": snowflake,
        "filename": filename,
        "size": len(data) if size is None else size,
        "url": url,
        "proxy_url": url,
        "content_type": "application/octet-stream",
    }
    return {"options": {"file": snowflake}, "resolved": {"attachments": {snowflake: attachment}}}
