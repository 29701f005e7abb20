"""End-to-end tests of the fake Discord with a tiny real discord.py bot defined here.

Each test drives its own event loop with ``asyncio.run`` (no pytest-asyncio needed).
"""

from __future__ import annotations

import asyncio
import io
import socket
import time
import zlib
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

import aiohttp
import discord
import pytest
from discord import app_commands
from discord.ext import commands

from .loopback_guard import LoopbackGuard, NonLoopbackConnectionError
from .server import FakeDiscord, InteractionEvent, fake_discord, running_bot

TOPICS = ["markets", "macro", "media", "mergers", "weather"]
EXTERNAL = ("93.184.216.34", 443)


def run(coro: Coroutine[Any, Any, None]) -> None:
    """Run one async test body in a fresh event loop."""
    asyncio.run(coro)


class VoteView(discord.ui.View):
    """One button that counts clicks and rewrites the message (callback type 7)."""

    def __init__(self) -> None:
        super().__init__(timeout=60)
        self.votes = 0

    @discord.ui.button(label="Yes", custom_id="vote:yes", style=discord.ButtonStyle.success)
    async def yes(self, interaction: discord.Interaction, button: discord.ui.Button[VoteView]) -> None:
        """Count the vote and edit the message in the same callback."""
        self.votes += 1
        await interaction.response.edit_message(content=f"Votes: {self.votes}", view=self)


class TinyBot(commands.Bot):
    """A minimal bot exercising defer/edit, autocomplete, buttons, slow answers and mentions."""

    def __init__(self, guild_id: int) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned, intents=discord.Intents.default(), guild_ready_timeout=0.05
        )
        self.guild_obj = discord.Object(id=guild_id)
        self.errors: list[BaseException] = []
        self.threads_seen: list[int] = []
        self.tree.error(self.on_app_command_error)
        _register_commands(self.tree, self.guild_obj)

    async def setup_hook(self) -> None:
        """Sync the guild commands at login."""
        await self.tree.sync(guild=self.guild_obj)

    async def on_message(self, message: discord.Message) -> None:
        """Answer a mention in the channel and open a thread on the answer."""
        if self.user is None or message.author.id == self.user.id or self.user not in message.mentions:
            return
        reply = await message.channel.send(f"pong: {message.content}", allowed_mentions=discord.AllowedMentions.none())
        await reply.create_thread(name="briefing")

    async def on_thread_create(self, thread: discord.Thread) -> None:
        """Remember threads announced by THREAD_CREATE."""
        self.threads_seen.append(thread.id)

    async def on_app_command_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        """Record the error; try to tell the user, which itself fails after a 10062."""
        self.errors.append(getattr(error, "original", error))
        if isinstance(error, app_commands.MissingPermissions):
            await interaction.response.send_message("You need Manage Server.", ephemeral=True)
            return
        try:
            await interaction.response.send_message("Something went wrong.", ephemeral=True)
        except discord.HTTPException as exc:
            self.errors.append(exc)


def _register_commands(tree: app_commands.CommandTree[Any], guild: discord.Object) -> None:
    """Add the test commands to ``tree`` for ``guild``."""

    @tree.command(name="echo", description="Echo text in an embed", guild=guild)
    async def echo(interaction: discord.Interaction, text: str) -> None:
        await interaction.response.defer(thinking=True)
        embed = discord.Embed(title="Echo", description=text)
        await interaction.edit_original_response(embed=embed, allowed_mentions=discord.AllowedMentions.none())

    async def topic_choices(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=t.title(), value=t) for t in TOPICS if t.startswith(current.lower())]

    @tree.command(name="topic", description="Pick a topic", guild=guild)
    @app_commands.autocomplete(name=topic_choices)
    async def topic(interaction: discord.Interaction, name: str) -> None:
        await interaction.response.send_message(f"Topic: {name}")

    @tree.command(name="vote", description="Start a vote", guild=guild)
    async def vote(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("Votes: 0", view=VoteView())

    @tree.command(name="slow", description="Answer after a delay", guild=guild)
    async def slow(interaction: discord.Interaction, seconds: float = 3.5, defer: bool = False) -> None:
        if defer:
            await interaction.response.defer()
        await asyncio.sleep(seconds)
        if defer:
            await interaction.edit_original_response(content=f"done after {seconds}s")
        else:
            await interaction.response.send_message(f"done after {seconds}s")

    brief = app_commands.Group(name="brief", description="Briefings", guild_ids=[guild.id])

    @brief.command(name="show", description="Show recent briefings")
    async def show(interaction: discord.Interaction, days: int) -> None:
        await interaction.response.send_message(f"{days + 1} days")  # int arithmetic proves the option type

    tree.add_command(brief)

    @tree.command(name="report", description="Followups with a file", guild=guild)
    async def report(interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True)
        await interaction.followup.send("report attached", file=discord.File(io.BytesIO(b"a,b\n1,2\n"), "report.csv"))
        await interaction.followup.send("private note", ephemeral=True)

    @tree.command(name="where", description="Global command: where was I used?")
    async def where(interaction: discord.Interaction) -> None:
        place = "DM" if interaction.guild is None else f"guild {interaction.guild.id}"
        await interaction.response.send_message(f"{place} by {interaction.user.name}")

    @tree.command(name="admin", description="Managers only", guild=guild)
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.checks.has_permissions(manage_guild=True)
    async def admin(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("admin ok", ephemeral=True)


async def with_bot(body: Callable[[FakeDiscord, TinyBot], Awaitable[None]], **config: Any) -> None:
    """Start a fake, run TinyBot against it, run ``body``, and check no unknown route was hit."""
    async with fake_discord(**config) as fake:
        bot = TinyBot(fake.guild.id)
        async with running_bot(fake, bot):
            await body(fake, bot)
        unknown = [
            f"{r.method} {r.path}" for r in fake.requests if r.response == {"message": "404: Not Found", "code": 0}
        ]
        assert not unknown, f"bot called routes the fake does not implement: {unknown}"


def test_login_identify_and_sync() -> None:
    async def body(fake: FakeDiscord, bot: TinyBot) -> None:
        put = fake.requests_to("PUT", rf"^/applications/{fake.application_id}/guilds/{fake.guild.id}/commands$")
        assert len(put) == 1 and put[0].status == 200
        assert sorted(c["name"] for c in put[0].json) == ["admin", "brief", "echo", "report", "slow", "topic", "vote"]
        sent_admin = next(c for c in put[0].json if c["name"] == "admin")
        assert sent_admin["default_member_permissions"] == 32  # an int on the wire from discord.py 2.7.1
        admin = fake.command("admin", fake.guild.id)
        assert admin is not None and admin["default_member_permissions"] == "32"  # Discord answers a string
        assert fake.identifies[0]["intents"] == discord.Intents.default().value
        assert fake.compressions == ["zstd-stream"]
        assert bot.user is not None and bot.user.id == fake.bot_user.id
        assert bot.get_guild(fake.guild.id) is not None
        assert all(r.headers["Authorization"] == f"Bot {fake.token}" for r in fake.requests)

    run(with_bot(body))


def test_wrong_token_raises_login_failure() -> None:
    async def scenario() -> None:
        async with fake_discord() as fake:
            with pytest.raises(discord.LoginFailure):
                async with running_bot(fake, TinyBot(fake.guild.id), token="not-the-token"):
                    pass
            assert [(r.method, r.path, r.status) for r in fake.requests] == [("GET", "/users/@me", 401)]
            assert fake.identifies == [] and fake.gateway_connections == 0

    run(scenario())


def test_echo_defers_then_edits_original_with_embed() -> None:
    async def body(fake: FakeDiscord, bot: TinyBot) -> None:
        record = await fake.send_slash_command("echo", {"text": "hello <@1> @everyone"})
        edit = await record.wait_for("edit")
        first = record.events[0]
        assert (first.kind, first.type, first.status) == ("callback", 5, 200)
        assert first.request.query == {"with_response": "1"}
        assert first.at < edit.at < 2.0
        assert edit.status == 200 and edit.request.path.endswith("/messages/@original")
        assert edit.body["embeds"][0]["description"] == "hello <@1> @everyone"
        assert edit.body["embeds"][0]["title"] == "Echo"
        assert edit.body["allowed_mentions"] == {"parse": []}
        assert record.original is not None and not record.original["flags"] & 128  # loading flag cleared
        assert [e.kind for e in record.events] == ["callback", "edit"]

    run(with_bot(body))


def test_autocomplete_returns_choices() -> None:
    async def body(fake: FakeDiscord, bot: TinyBot) -> None:
        record = await fake.send_autocomplete("topic", {"name": "m"}, focused="name")
        callback = await record.wait_for("callback")
        assert callback.type == 8 and callback.status == 200
        assert [c["value"] for c in callback.data["choices"]] == ["markets", "macro", "media", "mergers"]
        assert record.payload["data"]["options"] == [{"name": "name", "value": "m", "type": 3, "focused": True}]

    run(with_bot(body))


def test_button_click_updates_message() -> None:
    async def body(fake: FakeDiscord, bot: TinyBot) -> None:
        record = await fake.send_slash_command("vote")
        reply = await record.wait_for("callback")
        assert reply.type == 4 and reply.data["content"] == "Votes: 0"
        assert reply.response["interaction"]["response_message_id"] == str(record.original_id)
        click = await fake.click_button(record, "vote:yes")
        update = await click.wait_for("callback")
        assert (update.type, update.status, update.data["content"]) == (7, 200, "Votes: 1")
        assert record.message is not None and record.message["content"] == "Votes: 1"
        with pytest.raises(ValueError, match="vote:no"):
            await fake.click_button(record, "vote:no")

    run(with_bot(body))


def test_answer_after_expiry_gets_10062() -> None:
    async def body(fake: FakeDiscord, bot: TinyBot) -> None:
        record = await fake.send_slash_command("slow")  # sleeps 3.5 s, then replies
        late = await record.wait_for("callback", timeout=6.0)
        assert late.status == 404 and late.response == {"message": "Unknown interaction", "code": 10062}
        assert late.at >= 3.5
        retry = await record.wait_for("callback", count=2)
        assert retry.status == 404  # the error handler's own reply fails the same way
        await asyncio.sleep(0.05)
        codes = [getattr(e, "code", None) for e in bot.errors]
        assert codes == [10062, 10062] and isinstance(bot.errors[0], discord.NotFound)

    run(with_bot(body))


def test_shorter_expiry_is_configurable() -> None:
    async def body(fake: FakeDiscord, bot: TinyBot) -> None:
        record = await fake.send_slash_command("slow", {"seconds": 0.4})
        late = await record.wait_for("callback")
        assert late.status == 404 and 0.4 <= late.at < 1.5
        deferred = await fake.send_slash_command("slow", {"seconds": 0.4, "defer": True})
        edit = await deferred.wait_for("edit")
        assert deferred.callbacks[0].status == 200 and edit.status == 200  # defer in time, edit later is fine

    run(with_bot(body, interaction_expiry=0.2))


def test_reconnect_resume_during_slow_command() -> None:
    async def body(fake: FakeDiscord, bot: TinyBot) -> None:
        slow = await fake.send_slash_command("slow", {"seconds": 1.0, "defer": True})
        assert (await slow.wait_for("callback")).type == 5
        await fake.request_reconnect(wait=False)
        missed = await fake.send_slash_command("echo", {"text": "sent while reconnecting"})
        await fake.wait_until_resumed()
        assert (fake.gateway_connections, fake.resumes, len(fake.identifies)) == (2, 1, 1)
        assert fake.connection_paths == ["/", "/resume/"]
        resume = next(m for m in fake.gateway_received if m["op"] == 6)
        assert resume["d"]["session_id"] == fake.session_id
        edit = await slow.wait_for("edit", timeout=3.0)
        assert edit.body["content"] == "done after 1.0s"
        await missed.wait_for("edit")
        assert [e.kind for e in missed.events] == ["callback", "edit"]  # replayed exactly once
        after = await fake.send_slash_command("echo", {"text": "after"})
        assert (await after.wait_for("edit")).body["embeds"][0]["description"] == "after"

    run(with_bot(body))


def test_heartbeats_keep_their_rhythm() -> None:
    async def body(fake: FakeDiscord, bot: TinyBot) -> None:
        await asyncio.sleep(1.05)
        gaps = [b - a for a, b in zip(fake.heartbeats[1:], fake.heartbeats[2:], strict=False)]
        assert len(gaps) >= 3, fake.heartbeats
        assert 0.17 <= sum(gaps) / len(gaps) <= 0.3 and all(0.1 <= g <= 0.6 for g in gaps), gaps
        assert bot.latency < 1.0  # every heartbeat was ACKed

    run(with_bot(body, heartbeat_interval_ms=200))


def test_mention_gets_channel_reply_and_thread() -> None:
    async def body(fake: FakeDiscord, bot: TinyBot) -> None:
        await fake.send_message_create("no mention here")
        sent = await fake.send_message_create(f"<@{fake.bot_user.id}> status?")
        reply = await fake.wait_for_channel_message(fake.channel_id)
        assert reply["content"] == f"pong: <@{fake.bot_user.id}> status?"
        thread_req = await fake.wait_for_request("POST", rf"/messages/{reply['id']}/threads$")
        assert thread_req.status == 201 and thread_req.body["name"] == "briefing"
        await asyncio.sleep(0.05)
        assert bot.threads_seen == [int(reply["id"])] and fake.thread(int(reply["id"])) is not None
        assert len(fake.channel_messages) == 1 and sent["mentions"][0]["id"] == str(fake.bot_user.id)

    run(with_bot(body))


def test_permission_check_uses_member_permissions() -> None:
    async def body(fake: FakeDiscord, bot: TinyBot) -> None:
        denied = await (await fake.send_slash_command("admin", member_permissions="0")).wait_for("callback")
        assert (denied.data["content"], denied.data["flags"]) == ("You need Manage Server.", 64)
        allowed = await (await fake.send_slash_command("admin", member_permissions=str(32))).wait_for("callback")
        assert allowed.data["content"] == "admin ok" and allowed.data["flags"] == 64
        assert isinstance(bot.errors[0], app_commands.MissingPermissions)

    run(with_bot(body))


def test_zlib_stream_and_text_frames_for_raw_clients() -> None:
    async def scenario() -> None:
        async with fake_discord() as fake, aiohttp.ClientSession() as session:
            async with session.ws_connect(fake.gateway_url + "?v=10&encoding=json&compress=zlib-stream") as ws:
                frame = await ws.receive()
                assert frame.type == aiohttp.WSMsgType.BINARY and frame.data.endswith(b"\x00\x00\xff\xff")
                assert b'"heartbeat_interval": 1000' in zlib.decompressobj().decompress(frame.data)
            async with session.ws_connect(fake.gateway_url + "?v=10&encoding=json") as ws:
                hello = await ws.receive_json()
                assert hello["op"] == 10
            assert fake.compressions == ["zlib-stream", None]

    run(scenario())


def test_loopback_guard_refuses_external_connect(loopback_guard: LoopbackGuard) -> None:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    started = time.monotonic()
    try:
        with pytest.raises(NonLoopbackConnectionError):
            sock.connect(EXTERNAL)
        with pytest.raises(NonLoopbackConnectionError):
            sock.connect_ex(EXTERNAL)
    finally:
        sock.close()
    with pytest.raises(NonLoopbackConnectionError):
        socket.getaddrinfo("discord.com", 443)
    assert time.monotonic() - started < 0.1  # refused locally, no timeout on the wire
    assert [(b.what, b.target) for b in loopback_guard.blocked] == [
        ("connect", EXTERNAL),
        ("connect_ex", EXTERNAL),
        ("getaddrinfo", ("discord.com", 443)),
    ]
    loopback_guard.blocked.clear()


def test_loopback_guard_blocks_asyncio_and_allows_loopback(loopback_guard: LoopbackGuard) -> None:
    async def scenario() -> None:
        with pytest.raises(OSError):
            await asyncio.wait_for(asyncio.open_connection(*EXTERNAL), 1.0)
        server = await asyncio.start_server(lambda r, w: w.close(), "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        _reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.close()
        server.close()
        await server.wait_closed()

    run(scenario())
    assert [b.target for b in loopback_guard.blocked] == [EXTERNAL]
    loopback_guard.blocked.clear()


def test_event_kind_typos_are_rejected() -> None:
    async def body(fake: FakeDiscord, bot: TinyBot) -> None:
        record = await fake.send_slash_command("echo", {"text": "x"})
        with pytest.raises(ValueError, match="unknown event kind"):
            await record.wait_for("edits")
        matched: InteractionEvent = await record.wait_for(lambda e: e.kind == "edit" and e.ok)
        assert matched.body["embeds"][0]["description"] == "x"

    run(with_bot(body))


def test_subcommand_options_are_typed_from_the_synced_definition() -> None:
    async def body(fake: FakeDiscord, bot: TinyBot) -> None:
        record = await fake.send_slash_command("brief", {"days": "6"}, subcommand="show")
        reply = await record.wait_for("callback")
        assert reply.data["content"] == "7 days"
        assert record.payload["data"]["options"] == [
            {"name": "show", "type": 1, "options": [{"name": "days", "value": 6, "type": 4}]}
        ]

    run(with_bot(body))


def test_followups_with_attachment_and_ephemeral_flag() -> None:
    async def body(fake: FakeDiscord, bot: TinyBot) -> None:
        record = await fake.send_slash_command("report")
        second = await record.wait_for("followup", count=2)
        first = record.followups[0]
        assert record.callbacks[0].type == 5 and record.callbacks[0].data["flags"] == 64
        assert first.request.query.get("wait") == "1" and first.status == 200
        assert first.body["content"] == "report attached"
        assert [(f.filename, f.data) for f in first.request.files] == [("report.csv", b"a,b\n1,2\n")]
        assert first.response["attachments"][0]["filename"] == "report.csv"
        assert second.body["flags"] == 64 and second.body["content"] == "private note"
        assert [e.kind for e in record.events] == ["callback", "followup", "followup"]

    run(with_bot(body))


def test_plain_text_frames_when_compression_is_off() -> None:
    async def body(fake: FakeDiscord, bot: TinyBot) -> None:
        assert fake.compressions == [None]
        record = await fake.send_slash_command("echo", {"text": "plain"})
        assert (await record.wait_for("edit")).body["embeds"][0]["description"] == "plain"

    run(with_bot(body, compression=False))


def test_injected_error_reaches_the_bot() -> None:
    async def body(fake: FakeDiscord, bot: TinyBot) -> None:
        fake.inject_error("POST", r"^/channels/\d+/messages$", 403, {"message": "Missing Permissions", "code": 50013})
        await fake.send_message_create(f"<@{fake.bot_user.id}> hi")
        failed = await fake.wait_for_request("POST", r"^/channels/\d+/messages$")
        assert failed.status == 403 and fake.channel_messages == []
        await fake.send_message_create(f"<@{fake.bot_user.id}> again")
        assert (await fake.wait_for_channel_message())["content"].endswith("again")

    run(with_bot(body))


def test_dm_interaction_on_a_global_command() -> None:
    async def body(fake: FakeDiscord, bot: TinyBot) -> None:
        dm = await (await fake.send_slash_command("where", dm=True)).wait_for("callback")
        assert dm.data["content"] == f"DM by {fake.user.username}"
        in_guild = await (await fake.send_slash_command("where")).wait_for("callback")
        assert in_guild.data["content"] == f"guild {fake.guild.id} by {fake.user.username}"

    run(with_bot(body))


def test_auto_sharded_bot_connects_through_gateway_bot() -> None:
    async def scenario() -> None:
        async with fake_discord() as fake:
            bot = commands.AutoShardedBot(
                command_prefix="!", intents=discord.Intents.default(), guild_ready_timeout=0.05
            )
            async with running_bot(fake, bot):
                assert fake.identifies[0]["shard"] == [0, 1]
                assert bot.get_guild(fake.guild.id) is not None
            assert len(fake.requests_to("GET", r"^/gateway/bot$")) == 1  # shard count and url come from here

    run(scenario())
