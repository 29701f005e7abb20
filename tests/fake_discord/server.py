"""A fake Discord (REST under /api/v10 + gateway websocket) on 127.0.0.1 for the real discord.py client.

Typical use inside an ``async`` test body::

    async with fake_discord() as fake, running_bot(fake, make_bot()) as bot:
        record = await fake.send_slash_command("echo", {"text": "hi"})
        edit = await record.wait_for("edit")

See ``/work/shared/notes/discord-fake.md`` for the surface and the pitfalls this mirrors.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import secrets
import time
import zlib
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import discord
import discord.gateway
import discord.http
import yarl
from aiohttp import WSMsgType, web

from .models import (
    DISCORD_EPOCH_MS,
    FLAG_EPHEMERAL,
    FLAG_LOADING,
    INTENT_DIRECT_MESSAGES,
    INTENT_GUILD_MESSAGES,
    INTENT_MESSAGE_CONTENT,
    FakeChannel,
    FakeGuild,
    FakeMember,
    FakeRole,
    FakeUser,
    RecordedPart,
    RecordedRequest,
    Signal,
    coerce_option_value,
    custom_ids,
    find_component,
    infer_option_type,
    iso_now,
)

try:  # discord.py asks for zstd-stream when zstandard is importable, zlib-stream otherwise
    import zstandard
except ImportError:  # pragma: no cover - zstandard is in the project venv
    zstandard = None  # type: ignore[assignment]

API_PREFIX = "/api/v10"
RESUME_PATH = "/resume/"
ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024

UNKNOWN_INTERACTION = {"message": "Unknown interaction", "code": 10062}
ALREADY_ACKNOWLEDGED = {"message": "Interaction has already been acknowledged.", "code": 40060}
UNKNOWN_WEBHOOK = {"message": "Unknown Webhook", "code": 10015}
UNKNOWN_MESSAGE = {"message": "Unknown Message", "code": 10008}
UNKNOWN_CHANNEL = {"message": "Unknown Channel", "code": 10003}
INVALID_WEBHOOK_TOKEN = {"message": "Invalid Webhook Token", "code": 50027}
UNAUTHORIZED = {"message": "401: Unauthorized", "code": 0}
NOT_FOUND = {"message": "404: Not Found", "code": 0}
INVALID_FORM_BODY = {"message": "Invalid Form Body", "code": 50035}

EventKind = str  # "callback" | "edit" | "get" | "delete" | "followup" | "followup_edit" | "followup_delete"
EVENT_KINDS = frozenset({"callback", "edit", "get", "delete", "followup", "followup_edit", "followup_delete"})


REC_KEY = web.RequestKey("rec", RecordedRequest)
JSON_KEY = web.ResponseKey("json", object)


def json_response(obj: Any, status: int = 200) -> web.Response:
    """A JSON answer whose Content-Type is exactly ``application/json`` (discord.py compares with ==)."""
    resp = web.Response(body=json.dumps(obj).encode(), status=status, content_type="application/json")
    resp[JSON_KEY] = obj
    return resp


# --------------------------------------------------------------------------- interaction records


@dataclass
class InteractionEvent:
    """Something the bot sent for one interaction token, in arrival order."""

    kind: EventKind
    at: float  # seconds since the interaction was dispatched
    status: int
    body: Any  # the JSON payload (``payload_json`` for multipart)
    request: RecordedRequest
    response: Any = None  # what the fake answered (message object, error JSON...)

    @property
    def type(self) -> int | None:
        """Callback type (4 reply, 5 defer, 6 deferred update, 7 update, 8 choices, 9 modal)."""
        return self.body.get("type") if isinstance(self.body, dict) else None

    @property
    def data(self) -> dict[str, Any]:
        """The ``data`` of a callback, or the body itself for webhook edits/followups."""
        if not isinstance(self.body, dict):
            return {}
        return self.body.get("data") or {} if self.kind == "callback" else self.body

    @property
    def ok(self) -> bool:
        """True when the fake accepted the request (2xx)."""
        return 200 <= self.status < 300


EventMatcher = EventKind | Callable[[InteractionEvent], bool] | None


@dataclass
class InteractionRecord:
    """One dispatched interaction and everything the bot sent back for its token."""

    id: int
    token: str
    type: int
    payload: dict[str, Any]
    dispatched_at: float
    events: list[InteractionEvent] = field(default_factory=list)
    acknowledged: bool = False
    original_id: int | None = None
    followup_ids: list[int] = field(default_factory=list)
    _signal: Signal = field(default_factory=Signal, repr=False)
    _messages: dict[int, dict[str, Any]] = field(default_factory=dict, repr=False)

    def add(self, event: InteractionEvent) -> None:
        """Append an event and wake waiters (used by the server)."""
        self.events.append(event)
        self._signal.fire()

    def of_kind(self, kind: EventKind) -> list[InteractionEvent]:
        """Events of one kind, in arrival order."""
        return [e for e in self.events if e.kind == kind]

    @property
    def callbacks(self) -> list[InteractionEvent]:
        """POST /interactions/{id}/{token}/callback requests (accepted or not)."""
        return self.of_kind("callback")

    @property
    def edits(self) -> list[InteractionEvent]:
        """PATCH /webhooks/{app}/{token}/messages/@original requests."""
        return self.of_kind("edit")

    @property
    def followups(self) -> list[InteractionEvent]:
        """POST /webhooks/{app}/{token} requests."""
        return self.of_kind("followup")

    @property
    def original(self) -> dict[str, Any] | None:
        """The current state of the original response message, if any."""
        return self._messages.get(self.original_id) if self.original_id else None

    @property
    def message(self) -> dict[str, Any] | None:
        """The message a user would click on: the original response, else the last followup."""
        if self.original is not None:
            return self.original
        return self._messages.get(self.followup_ids[-1]) if self.followup_ids else None

    async def wait_for(self, what: EventMatcher = None, *, count: int = 1, timeout: float = 5.0) -> InteractionEvent:
        """Wait until ``count`` events match ``what`` (a kind, a predicate, or None = any); return the last of them."""
        match = _event_matcher(what)

        def check() -> InteractionEvent | None:
            hits = [e for e in self.events if match(e)]
            return hits[count - 1] if len(hits) >= count else None

        return await self._signal.wait_until(check, timeout, f"{count} x {what!r} on interaction {self.id}")


def _event_matcher(what: EventMatcher) -> Callable[[InteractionEvent], bool]:
    """Turn a kind name / predicate / None into a predicate."""
    if what is None:
        return lambda _e: True
    if isinstance(what, str):
        if what not in EVENT_KINDS:
            raise ValueError(f"unknown event kind {what!r}; expected one of {sorted(EVENT_KINDS)}")
        return lambda e: e.kind == what
    return what


# --------------------------------------------------------------------------- gateway plumbing


@dataclass
class _Connection:
    """One gateway websocket, with its own transport compressor."""

    ws: web.WebSocketResponse
    index: int
    path: str
    compress: str | None
    compressor: Any
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    def encode(self, payload: dict[str, Any]) -> bytes | str:
        """Serialize (and compress, keeping the stream context) one gateway message."""
        raw = json.dumps(payload)
        if self.compress == "zlib-stream":
            return self.compressor.compress(raw.encode()) + self.compressor.flush(zlib.Z_SYNC_FLUSH)
        if self.compress == "zstd-stream":
            return self.compressor.compress(raw.encode()) + self.compressor.flush(zstandard.COMPRESSOBJ_FLUSH_BLOCK)
        return raw

    async def send(self, payload: dict[str, Any]) -> None:
        """Send one message; the lock keeps compression order equal to wire order."""
        async with self.lock:
            data = self.encode(payload)
            if isinstance(data, bytes):
                await self.ws.send_bytes(data)
            else:
                await self.ws.send_str(data)


def _make_compressor(kind: str | None) -> Any:
    """A per-connection stream compressor for ``zlib-stream`` / ``zstd-stream`` (None for TEXT frames)."""
    if kind == "zlib-stream":
        return zlib.compressobj()
    if kind == "zstd-stream" and zstandard is not None:
        return zstandard.ZstdCompressor().compressobj()
    return None


@dataclass
class _Session:
    """A gateway session: sequence numbers and every dispatched event, for RESUME replay."""

    id: str
    intents: int
    seq: int = 0
    events: list[dict[str, Any]] = field(default_factory=list)
    live: _Connection | None = None


# --------------------------------------------------------------------------- the fake


class FakeDiscord:
    """Fake Discord REST API + gateway on 127.0.0.1 (ephemeral port) that records what a bot does."""

    def __init__(
        self,
        *,
        token: str = "fake-bot-token",
        bot_id: int = 900_000_000_000_000_001,
        bot_name: str = "Briefing Bot",
        application_id: int | None = None,
        guilds: list[FakeGuild] | None = None,
        users: list[FakeUser] | None = None,
        heartbeat_interval_ms: int = 1000,
        interaction_expiry: float = 3.0,
        webhook_token_ttl: float = 15 * 60.0,
        compression: bool = True,
    ) -> None:
        self.token = token
        self.bot_user = FakeUser(bot_id, bot_name, bot=True)
        self.application_id = application_id or bot_id
        self.user = (users or [FakeUser(910_000_000_000_000_001, "tester")])[0]
        self.users = {u.id: u for u in [self.bot_user, *(users or [self.user])]}
        self.guilds = guilds or [self.default_guild()]
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.interaction_expiry = interaction_expiry
        self.webhook_token_ttl = webhook_token_ttl
        self.compression = compression

        self.requests: list[RecordedRequest] = []
        self.commands: dict[int | None, list[dict[str, Any]]] = {}
        self.interactions: dict[str, InteractionRecord] = {}
        self.messages: dict[int, dict[str, Any]] = {}
        self.channel_messages: list[dict[str, Any]] = []
        self.heartbeats: list[float] = []
        self.identifies: list[dict[str, Any]] = []
        self.gateway_received: list[dict[str, Any]] = []
        self.gateway_connections = 0
        self.connection_paths: list[str] = []
        self.compressions: list[str | None] = []
        self.resumes = 0
        self.reconnects_requested = 0

        self._ids = 0
        self._command_ids: dict[tuple[int | None, str], int] = {}
        self._channels: dict[int, dict[str, Any]] = {}
        self._sessions: dict[str, _Session] = {}
        self._session: _Session | None = None
        self._open: set[web.WebSocketResponse] = set()
        self._injected: list[tuple[str, re.Pattern[str], int, Any]] = []
        self._signal = Signal()
        self._runner: web.AppRunner | None = None
        self._saved: tuple[str, yarl.URL] | None = None
        self.port = 0
        self._index_channels()

    # ---------------------------------------------------------------- configuration helpers

    def default_guild(self) -> FakeGuild:
        """One guild owned by nobody we use, with #general, an 'Editors' role, the bot and the tester."""
        gid = 920_000_000_000_000_001
        return FakeGuild(
            id=gid,
            name="Fake Guild",
            owner_id=999,
            channels=[FakeChannel(gid + 1, "general")],
            roles=[FakeRole(gid + 2, "Editors", permissions=0, position=1)],
            members=[FakeMember(self.bot_user), FakeMember(self.user)],
        )

    @property
    def guild(self) -> FakeGuild:
        """The first configured guild (the default target of the helpers)."""
        return self.guilds[0]

    @property
    def channel_id(self) -> int:
        """The first text channel of the first guild."""
        return next(c.id for c in self.guild.channels if c.type == 0)

    def _index_channels(self) -> None:
        """Map every configured channel id to its payload (threads and DMs are added later)."""
        for guild in self.guilds:
            guild.everyone()
            for channel in guild.channels:
                self._channels[channel.id] = channel.payload(guild.id)

    def next_id(self) -> int:
        """A fresh, increasing snowflake carrying the current time."""
        self._ids += 1
        return ((int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22) | (self._ids & 0x3FFFFF)

    # ---------------------------------------------------------------- lifecycle

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT``."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def gateway_url(self) -> str:
        """``ws://127.0.0.1:PORT/`` (the url handed to DEFAULT_GATEWAY and /gateway)."""
        return f"ws://127.0.0.1:{self.port}/"

    async def start(self) -> None:
        """Start the aiohttp app on 127.0.0.1 with an ephemeral port."""
        app = web.Application(middlewares=[self._middleware], client_max_size=64 * 1024 * 1024)
        self._add_routes(app)
        self._runner = web.AppRunner(app, handle_signals=False, shutdown_timeout=1.0)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self.port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        """Close open gateway sockets and stop the server."""
        for ws in list(self._open):
            with contextlib.suppress(Exception):
                await ws.close(code=1001, message=b"fake Discord stopping")
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    def install(self) -> None:
        """Point discord.py's REST base and default gateway at this fake."""
        if self._saved is None:
            self._saved = (discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY)
        discord.http.Route.BASE = self.base_url + API_PREFIX
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(self.gateway_url)

    def uninstall(self) -> None:
        """Restore the REST base and gateway url that ``install()`` replaced."""
        if self._saved is not None:
            discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = self._saved
            self._saved = None

    # ---------------------------------------------------------------- recording

    def _add_routes(self, app: web.Application) -> None:
        """Register the REST surface discord.py uses, the gateway, and a recording 404 fallback."""
        r, p = app.router, API_PREFIX
        r.add_get("/", self._gateway)
        r.add_get(RESUME_PATH, self._gateway)
        r.add_get(p + "/users/@me", self._get_me)
        r.add_post(p + "/users/@me/channels", self._create_dm)
        r.add_get(p + "/oauth2/applications/@me", self._get_app)
        r.add_get(p + "/gateway", self._get_gateway)
        r.add_get(p + "/gateway/bot", self._get_gateway)
        for path in ("/applications/{app}/commands", "/applications/{app}/guilds/{guild}/commands"):
            r.add_put(p + path, self._put_commands)
            r.add_get(p + path, self._get_commands)
        r.add_post(p + "/interactions/{iid}/{token}/callback", self._callback)
        r.add_post(p + "/webhooks/{app}/{token}", self._followup)
        r.add_route("*", p + "/webhooks/{app}/{token}/messages/{mid}", self._webhook_message)
        c = p + r"/channels/{cid:\d+}"
        r.add_get(c, self._get_channel)
        r.add_get(c + "/messages", self._channel_history)
        r.add_post(c + "/messages", self._post_message)
        r.add_route("*", c + r"/messages/{mid:\d+}", self._channel_message)
        r.add_post(c + r"/messages/{mid:\d+}/threads", self._thread_from_message)
        r.add_post(c + "/threads", self._thread_without_message)
        r.add_post(c + "/typing", self._no_content)
        r.add_route("*", c + r"/messages/{mid:\d+}/reactions/{tail:.*}", self._no_content)
        r.add_route("*", p + "/{tail:.*}", self._unknown_route)

    @web.middleware
    async def _middleware(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        """Record every REST request, enforce the bot token, apply injected errors."""
        if not request.path.startswith(API_PREFIX):
            return await handler(request)
        rec = await self._record(request)
        try:
            resp = self._auth_failure(rec) or self._take_injected(rec) or await handler(request)
        except web.HTTPException as exc:  # e.g. 405 from the router
            rec.status = exc.status
            self._signal.fire()
            raise
        rec.status = resp.status
        rec.response = resp.get(JSON_KEY)
        self._signal.fire()
        return resp

    async def _record(self, request: web.Request) -> RecordedRequest:
        """Parse a request (JSON or multipart) into a RecordedRequest and append it to ``requests``."""
        rec = RecordedRequest(
            method=request.method,
            path=request.path[len(API_PREFIX) :],
            query=dict(request.query),
            headers={
                k: v
                for k, v in request.headers.items()
                if k.lower() in {"authorization", "content-type", "x-audit-log-reason"}
            },
            at=asyncio.get_running_loop().time(),
        )
        if request.content_type == "application/json" and request.can_read_body:
            rec.json = json.loads(await request.text() or "null")
        elif request.content_type.startswith("multipart/"):
            rec.parts = await _read_parts(request)
        request[REC_KEY] = rec
        self.requests.append(rec)
        return rec

    def _auth_failure(self, rec: RecordedRequest) -> web.Response | None:
        """401 for bot-authenticated routes called without ``Bot <token>`` (webhooks need no token)."""
        if rec.path.startswith(("/interactions/", "/webhooks/")):
            return None
        if rec.headers.get("Authorization") == f"Bot {self.token}":
            return None
        return json_response(UNAUTHORIZED, 401)

    def inject_error(self, method: str, path_regex: str, status: int = 500, body: Any = None, times: int = 1) -> None:
        """Make the next ``times`` requests matching ``method`` and ``path_regex`` fail with ``status``."""
        payload = body if body is not None else {"message": f"{status}: injected", "code": 0}
        for _ in range(times):
            self._injected.append((method.upper(), re.compile(path_regex), status, payload))

    def _take_injected(self, rec: RecordedRequest) -> web.Response | None:
        """Consume the first injected error that matches this request, if any."""
        for i, (method, pattern, status, body) in enumerate(self._injected):
            if method in (rec.method, "*") and pattern.search(rec.path):
                del self._injected[i]
                return json_response(body, status)
        return None

    async def wait_for_request(
        self, method: str | None = None, path_regex: str | None = None, *, count: int = 1, timeout: float = 5.0
    ) -> RecordedRequest:
        """Wait until ``count`` answered requests match method/path regex; return the last of them."""
        pattern = re.compile(path_regex) if path_regex else None

        def check() -> RecordedRequest | None:
            hits = [
                r
                for r in self.requests
                if r.status is not None
                and (method is None or r.method == method.upper())
                and (pattern is None or pattern.search(r.path))
            ]
            return hits[count - 1] if len(hits) >= count else None

        return await self._signal.wait_until(check, timeout, f"{count} x {method} {path_regex}")

    def requests_to(self, method: str, path_regex: str) -> list[RecordedRequest]:
        """Recorded requests matching a method and a path regex."""
        pattern = re.compile(path_regex)
        return [r for r in self.requests if r.method == method.upper() and pattern.search(r.path)]

    # ---------------------------------------------------------------- login, gateway info, commands

    async def _get_me(self, request: web.Request) -> web.Response:
        """GET /users/@me: the bot user."""
        return json_response({**self.bot_user.payload(), "verified": True, "mfa_enabled": False, "flags": 0})

    async def _get_app(self, request: web.Request) -> web.Response:
        """GET /oauth2/applications/@me: the application (fields AppInfo requires)."""
        return json_response(
            {
                "id": str(self.application_id),
                "name": self.bot_user.username,
                "description": "",
                "icon": None,
                "bot_public": True,
                "bot_require_code_grant": False,
                "owner": self.user.payload(),
                "verify_key": "0" * 64,
                "flags": 0,
                "summary": "",
                "team": None,
            }
        )

    async def _get_gateway(self, request: web.Request) -> web.Response:
        """GET /gateway and /gateway/bot (AutoShardedBot asks the latter)."""
        limit = {"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1}
        return json_response({"url": self.gateway_url, "shards": 1, "session_start_limit": limit})

    async def _put_commands(self, request: web.Request) -> web.Response:
        """PUT (bulk overwrite) global or guild commands: store them in ``commands`` and answer with ids."""
        guild = request.match_info.get("guild")
        scope = int(guild) if guild else None
        body = request[REC_KEY].json or []
        self.commands[scope] = [self._command_object(cmd, scope) for cmd in body]
        return json_response(self.commands[scope])

    async def _get_commands(self, request: web.Request) -> web.Response:
        """GET the commands last synced for that scope."""
        guild = request.match_info.get("guild")
        return json_response(self.commands.get(int(guild) if guild else None, []))

    def _command_object(self, cmd: dict[str, Any], scope: int | None) -> dict[str, Any]:
        """A synced command as Discord returns it (ids stay stable across syncs)."""
        key = (scope, cmd["name"])
        cid = self._command_ids.setdefault(key, self.next_id())
        out = {"type": 1, "description": "", **cmd, "id": str(cid), "application_id": str(self.application_id)}
        out.setdefault("version", str(cid))
        if out.get("default_member_permissions") is not None:  # discord.py sends an int, Discord answers a string
            out["default_member_permissions"] = str(out["default_member_permissions"])
        if scope is not None:
            out["guild_id"] = str(scope)
        return out

    def command(self, name: str, guild_id: int | None = None) -> dict[str, Any] | None:
        """The synced command with this name: the guild's first, then the global one."""
        for scope in (guild_id, None) if guild_id else (None,):
            for cmd in self.commands.get(scope, []):
                if cmd["name"] == name:
                    return cmd
        return None

    # ---------------------------------------------------------------- gateway

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        """A gateway connection: HELLO, then IDENTIFY/RESUME/heartbeats until it closes."""
        ws = web.WebSocketResponse(max_msg_size=0)
        await ws.prepare(request)
        compress = request.query.get("compress") if self.compression else None
        conn = _Connection(ws, self.gateway_connections, request.path, compress, _make_compressor(compress))
        self.gateway_connections += 1
        self.connection_paths.append(request.path)
        self.compressions.append(compress)
        self._open.add(ws)
        self._signal.fire()
        try:
            await conn.send({"op": 10, "d": {"heartbeat_interval": self.heartbeat_interval_ms}, "s": None, "t": None})
            async for msg in ws:
                if msg.type == WSMsgType.TEXT:
                    await self._on_gateway_message(conn, json.loads(msg.data))
        finally:
            self._open.discard(ws)
            if self._session is not None and self._session.live is conn:
                self._session.live = None
            self._signal.fire()
        return ws

    async def _on_gateway_message(self, conn: _Connection, msg: dict[str, Any]) -> None:
        """Dispatch one client payload by opcode."""
        self.gateway_received.append(msg)
        op = msg.get("op")
        if op == 1:
            self.heartbeats.append(asyncio.get_running_loop().time())
            await conn.send({"op": 11, "d": None, "s": None, "t": None})
        elif op == 2:
            await self._identify(conn, msg["d"])
        elif op == 6:
            await self._resume(conn, msg["d"])
        elif op == 8:
            await self._request_members(conn, msg["d"])
        self._signal.fire()

    async def _identify(self, conn: _Connection, data: dict[str, Any]) -> None:
        """IDENTIFY: new session, READY, one GUILD_CREATE per guild (close 4004 on a wrong token)."""
        self.identifies.append(data)
        if data.get("token") != self.token:
            await conn.ws.close(code=4004, message=b"Authentication failed.")
            return
        session = _Session(id=secrets.token_hex(16), intents=int(data.get("intents", 0)))
        self._sessions[session.id] = session
        self._session = session
        session.live = conn
        ready = self._ready_payload(session)
        if "shard" in data:  # AutoShardedClient identifies with [shard_id, shard_count]
            ready["shard"] = data["shard"]
        await self.dispatch("READY", ready)
        for guild in self.guilds:
            await self.dispatch("GUILD_CREATE", guild.payload())

    def _ready_payload(self, session: _Session) -> dict[str, Any]:
        """The READY event data."""
        return {
            "v": 10,
            "user": {**self.bot_user.payload(), "verified": True, "mfa_enabled": False, "flags": 0},
            "guilds": [{"id": str(g.id), "unavailable": True} for g in self.guilds],
            "session_id": session.id,
            "resume_gateway_url": f"ws://127.0.0.1:{self.port}{RESUME_PATH}",
            "application": {"id": str(self.application_id), "flags": 0},
            "private_channels": [],
            "relationships": [],
        }

    async def _resume(self, conn: _Connection, data: dict[str, Any]) -> None:
        """RESUME: replay the events after the client's ``seq``, then RESUMED (op 9 if unknown)."""
        self.resumes += 1
        session = self._sessions.get(data.get("session_id", ""))
        if session is None or data.get("token") != self.token:
            await conn.send({"op": 9, "d": False, "s": None, "t": None})
            return
        last_seen = data.get("seq") or 0
        for event in [e for e in session.events if e["s"] > last_seen]:
            await conn.send(event)
        session.live = conn
        self._session = session
        await self.dispatch("RESUMED", {})

    async def _request_members(self, conn: _Connection, data: dict[str, Any]) -> None:
        """REQUEST_GUILD_MEMBERS: answer one GUILD_MEMBERS_CHUNK with the configured members."""
        guild = self._guild(int(data["guild_id"]))
        members = [m.payload() for m in guild.members] if guild else []
        chunk = {"guild_id": data["guild_id"], "members": members, "chunk_index": 0, "chunk_count": 1}
        if data.get("nonce"):
            chunk["nonce"] = data["nonce"]
        await self.dispatch("GUILD_MEMBERS_CHUNK", chunk)

    async def dispatch(self, event: str, data: dict[str, Any]) -> int:
        """Send a DISPATCH (op 0) on the session; kept for RESUME replay. Returns its sequence number."""
        session = self._require_session()
        session.seq += 1
        payload = {"op": 0, "t": event, "s": session.seq, "d": data}
        session.events.append(payload)
        if session.live is not None:
            try:
                await session.live.send(payload)
            except (ConnectionError, RuntimeError):
                session.live = None  # the client will RESUME and get it replayed
        return session.seq

    def _require_session(self) -> _Session:
        """The current gateway session (raises if no client has identified)."""
        if self._session is None:
            raise RuntimeError("no gateway session: has the bot connected (running_bot)?")
        return self._session

    async def wait_for_identify(self, timeout: float = 10.0) -> dict[str, Any]:
        """Wait until a client has sent IDENTIFY; return its payload."""
        return await self._signal.wait_until(
            lambda: self.identifies[-1] if self.identifies else None, timeout, "IDENTIFY"
        )

    async def request_reconnect(self, *, wait: bool = True, timeout: float = 10.0) -> None:
        """Send op 7 (RECONNECT); with ``wait``, return once the client has RESUMEd on a new connection.

        Events dispatched meanwhile are buffered and replayed on RESUME (after the client's seq).
        """
        session = self._require_session()
        conn, session.live = session.live, None
        self.reconnects_requested += 1
        if conn is not None:
            await conn.send({"op": 7, "d": None, "s": None, "t": None})
        if wait:
            await self.wait_until_resumed(timeout=timeout)

    async def wait_until_resumed(self, count: int | None = None, *, timeout: float = 10.0) -> None:
        """Wait until ``count`` RESUMEs (default: one per op 7 sent) were accepted and a connection is live."""
        wanted = self.reconnects_requested if count is None else count
        session = self._require_session()
        await self._signal.wait_until(
            lambda: self.resumes >= wanted and session.live is not None, timeout, f"{wanted} RESUME(s)"
        )

    @property
    def session_id(self) -> str | None:
        """The current gateway session id (None before IDENTIFY)."""
        return self._session.id if self._session else None

    @property
    def intents(self) -> int:
        """Intents of the current session (0 before IDENTIFY)."""
        return self._session.intents if self._session else 0

    # ---------------------------------------------------------------- interactions: dispatch side

    async def send_slash_command(
        self,
        name: str,
        options: dict[str, Any] | list[dict[str, Any]] | None = None,
        *,
        subcommand: str | None = None,
        user: FakeUser | None = None,
        member_permissions: str | int | None = None,
        roles: list[int] | None = None,
        channel_id: int | None = None,
        guild_id: int | None = None,
        dm: bool = False,
        resolved: dict[str, Any] | None = None,
        locale: str = "en-US",
    ) -> InteractionRecord:
        """Dispatch INTERACTION_CREATE type 2 for ``/name [subcommand] options`` and return its record.

        ``options`` is ``{name: value}`` (types come from the synced command, else from the Python
        value) or raw option dicts. ``member_permissions`` defaults to what the member's roles grant.
        """
        data = self._command_data(name, options, subcommand, guild_id, dm)
        if resolved:
            data["resolved"] = resolved
        return await self._dispatch_interaction(
            2,
            data,
            user=user,
            member_permissions=member_permissions,
            roles=roles,
            channel_id=channel_id,
            guild_id=guild_id,
            dm=dm,
            locale=locale,
        )

    async def send_autocomplete(
        self,
        name: str,
        options: dict[str, Any] | list[dict[str, Any]],
        *,
        focused: str | None = None,
        subcommand: str | None = None,
        user: FakeUser | None = None,
        channel_id: int | None = None,
        guild_id: int | None = None,
        roles: list[int] | None = None,
    ) -> InteractionRecord:
        """Dispatch INTERACTION_CREATE type 4; mark ``focused`` (or keep raw ``focused: True`` options).

        The bot is expected to answer a callback of type 8 whose ``data.choices`` lists the choices.
        ``roles`` overrides the member's configured roles (as for commands and buttons).
        """
        data = self._command_data(name, options, subcommand, guild_id, False)
        if focused is not None:
            for opt in _leaf_options(data):
                if opt["name"] == focused:
                    opt["focused"] = True
                    opt["type"] = opt.get("type", 3)
                    opt["value"] = str(opt["value"])
        return await self._dispatch_interaction(
            4, data, user=user, channel_id=channel_id, guild_id=guild_id, roles=roles
        )

    async def click_button(
        self,
        target: InteractionRecord | dict[str, Any] | int,
        custom_id: str,
        *,
        user: FakeUser | None = None,
        component_type: int = 2,
        values: list[str] | None = None,
        member_permissions: str | int | None = None,
        roles: list[int] | None = None,
    ) -> InteractionRecord:
        """Dispatch a component interaction (type 3) on a message the bot sent; return its record.

        ``target`` is a record (its ``message``), a message dict or a message id. The component must
        exist on the message's current version (ValueError otherwise, listing the custom ids seen).
        For select menus pass ``component_type`` (3, 5-8) and ``values``.
        """
        message = self._message_for(target)
        components = message.get("components") or []
        if find_component(components, custom_id) is None:
            raise ValueError(f"no component {custom_id!r} on message {message['id']}; has {custom_ids(components)}")
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": component_type}
        if values is not None:
            data["values"] = values
        guild_id = int(message["guild_id"]) if message.get("guild_id") else None
        return await self._dispatch_interaction(
            3,
            data,
            user=user,
            member_permissions=member_permissions,
            roles=roles,
            channel_id=int(message["channel_id"]),
            guild_id=guild_id,
            dm=guild_id is None,
            message=message,
        )

    def _message_for(self, target: InteractionRecord | dict[str, Any] | int) -> dict[str, Any]:
        """Resolve a click target to the stored (current) message."""
        if isinstance(target, InteractionRecord):
            message = target.message
            if message is None:
                raise ValueError(f"interaction {target.id} produced no message to click on")
            return message
        mid = int(target["id"]) if isinstance(target, dict) else int(target)
        if mid not in self.messages:
            raise ValueError(f"unknown message {mid}")
        return self.messages[mid]

    def _command_data(
        self,
        name: str,
        options: dict[str, Any] | list[dict[str, Any]] | None,
        subcommand: str | None,
        guild_id: int | None,
        dm: bool,
    ) -> dict[str, Any]:
        """The ``data`` of a command interaction, typed from the synced definition when there is one."""
        gid = None if dm else (guild_id or self.guild.id)
        definition = self.command(name, gid)
        path = subcommand.split() if subcommand else []
        leaf_def = _sub_definition(definition, path)
        opts = _typed_options(options, leaf_def)
        for part, kind in reversed(list(zip(path, _sub_kinds(len(path)), strict=True))):
            opts = [{"name": part, "type": kind, "options": opts}]
        data: dict[str, Any] = {
            "id": definition["id"] if definition else str(self.next_id()),
            "name": name,
            "type": 1,
            "options": opts,
        }
        if definition and definition.get("guild_id"):
            data["guild_id"] = definition["guild_id"]
        return data

    async def _dispatch_interaction(
        self,
        itype: int,
        data: dict[str, Any],
        *,
        user: FakeUser | None = None,
        member_permissions: str | int | None = None,
        roles: list[int] | None = None,
        channel_id: int | None = None,
        guild_id: int | None = None,
        dm: bool = False,
        locale: str = "en-US",
        message: dict[str, Any] | None = None,
    ) -> InteractionRecord:
        """Build, register and dispatch one INTERACTION_CREATE."""
        user = user or self.user
        self.users.setdefault(user.id, user)
        iid, token = self.next_id(), "itok_" + secrets.token_urlsafe(24)
        payload: dict[str, Any] = {
            "id": str(iid),
            "application_id": str(self.application_id),
            "type": itype,
            "token": token,
            "version": 1,
            "data": data,
            "locale": locale,
            "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,
            "app_permissions": str((1 << 53) - 1),
            "entitlements": [],
        }
        if dm:
            payload.update(self._dm_context(user))
        else:
            payload.update(self._guild_context(user, guild_id, channel_id, member_permissions, roles))
        if not dm:
            payload["guild_locale"] = locale
        if message is not None:
            payload["message"] = message
        record = InteractionRecord(
            iid, token, itype, payload, asyncio.get_running_loop().time(), _messages=self.messages
        )
        self.interactions[token] = record
        await self.dispatch("INTERACTION_CREATE", payload)
        return record

    def _guild_context(
        self,
        user: FakeUser,
        guild_id: int | None,
        channel_id: int | None,
        member_permissions: str | int | None,
        roles: list[int] | None,
    ) -> dict[str, Any]:
        """Guild, channel and member parts of an interaction payload."""
        guild = self._guild(guild_id or self.guild.id)
        if guild is None:
            raise ValueError(f"unknown guild {guild_id}")
        channel = self._channels[channel_id or self.channel_id]
        configured = guild.member(user.id)
        role_ids = roles if roles is not None else (configured.roles if configured else [])
        member = FakeMember(user, role_ids)
        perms = int(member_permissions) if member_permissions is not None else guild.permissions_for(role_ids, user.id)
        return {
            "guild_id": str(guild.id),
            "guild": {"id": str(guild.id), "locale": "en-US", "features": []},
            "channel_id": channel["id"],
            "channel": channel,
            "member": member.payload(perms),
            "context": 0,
            "authorizing_integration_owners": {"0": str(guild.id)},
        }

    def _dm_context(self, user: FakeUser) -> dict[str, Any]:
        """Channel and user parts of an interaction in the bot's DM with ``user``."""
        channel = self._dm_channel(user)
        return {
            "channel_id": channel["id"],
            "channel": channel,
            "user": user.payload(),
            "context": 1,
            "authorizing_integration_owners": {"0": str(user.id)},
        }

    def _guild(self, guild_id: int) -> FakeGuild | None:
        """The configured guild with this id."""
        return next((g for g in self.guilds if g.id == guild_id), None)

    # ---------------------------------------------------------------- interactions: REST side

    def _elapsed(self, record: InteractionRecord) -> float:
        """Seconds since the interaction was dispatched."""
        return asyncio.get_running_loop().time() - record.dispatched_at

    def _event(
        self, record: InteractionRecord, kind: EventKind, request: web.Request, resp: web.Response
    ) -> web.Response:
        """Record an interaction event for this answer and return the answer."""
        rec: RecordedRequest = request[REC_KEY]
        record.add(InteractionEvent(kind, self._elapsed(record), resp.status, rec.body, rec, resp.get(JSON_KEY)))
        return resp

    async def _callback(self, request: web.Request) -> web.Response:
        """POST /interactions/{id}/{token}/callback: 10062 after expiry, 40060 when repeated."""
        record = self.interactions.get(request.match_info["token"])
        if record is None or str(record.id) != request.match_info["iid"]:
            return json_response(UNKNOWN_INTERACTION, 404)
        if self._elapsed(record) > self.interaction_expiry:
            resp = json_response(UNKNOWN_INTERACTION, 404)
        elif record.acknowledged:
            resp = json_response(ALREADY_ACKNOWLEDGED, 400)
        else:
            resp = self._acknowledge(record, request[REC_KEY])
        return self._event(record, "callback", request, resp)

    def _acknowledge(self, record: InteractionRecord, rec: RecordedRequest) -> web.Response:
        """Apply a first callback and answer the InteractionCallbackResponse JSON."""
        body = rec.body or {}
        ctype, data = body.get("type"), body.get("data") or {}
        flags = int(data.get("flags") or 0)
        if ctype not in (4, 5, 6, 7, 8, 9):
            return json_response(INVALID_FORM_BODY, 400)
        message = self._callback_message(record, ctype, data, rec)
        record.acknowledged = True
        interaction: dict[str, Any] = {
            "id": str(record.id),
            "type": record.type,
            "response_message_loading": ctype == 5,
            "response_message_ephemeral": bool(flags & FLAG_EPHEMERAL),
        }
        resource: dict[str, Any] = {"type": ctype}
        if message is not None:
            interaction["response_message_id"] = message["id"]
            resource["message"] = message
        return json_response({"interaction": interaction, "resource": resource})

    def _callback_message(
        self, record: InteractionRecord, ctype: Any, data: dict[str, Any], rec: RecordedRequest
    ) -> dict[str, Any] | None:
        """The message a callback creates (4, 5) or updates (6, 7), stored as the original response."""
        if ctype in (4, 5):
            msg_type = 20 if record.type == 2 else 0
            message = self._new_message(int(record.payload["channel_id"]), data, rec, msg_type=msg_type, webhook=True)
            if ctype == 5:
                message["flags"] = int(message["flags"]) | FLAG_LOADING
            message["interaction_metadata"] = self._interaction_metadata(record)
        elif ctype in (6, 7) and "message" in record.payload:
            message = self.messages[int(record.payload["message"]["id"])]
            if ctype == 7:
                _apply_edit(message, data, rec)
        else:
            return None
        record.original_id = int(message["id"])
        return message

    def _interaction_metadata(self, record: InteractionRecord) -> dict[str, Any]:
        """``interaction_metadata`` of a response message."""
        user = record.payload.get("member", {}).get("user") or record.payload.get("user")
        return {
            "id": str(record.id),
            "type": record.type,
            "user": user,
            "authorizing_integration_owners": record.payload.get("authorizing_integration_owners", {}),
        }

    def _webhook_record(self, request: web.Request) -> tuple[InteractionRecord | None, web.Response | None]:
        """The record behind a webhook token, or the error Discord would give (10015, 50027)."""
        record = self.interactions.get(request.match_info["token"])
        if record is None or request.match_info["app"] != str(self.application_id):
            return None, json_response(UNKNOWN_WEBHOOK, 404)
        if self._elapsed(record) > self.webhook_token_ttl:
            return record, json_response(INVALID_WEBHOOK_TOKEN, 401)
        if not record.acknowledged:
            return record, json_response(UNKNOWN_WEBHOOK, 404)
        return record, None

    async def _followup(self, request: web.Request) -> web.Response:
        """POST /webhooks/{app}/{token}[?wait=1]: a followup message (204 without ``wait``)."""
        record, error = self._webhook_record(request)
        if record is None:
            return error or json_response(UNKNOWN_WEBHOOK, 404)
        if error is not None:
            return self._event(record, "followup", request, error)
        rec: RecordedRequest = request[REC_KEY]
        message = self._new_message(int(record.payload["channel_id"]), rec.body or {}, rec, msg_type=0, webhook=True)
        message["interaction_metadata"] = self._interaction_metadata(record)
        record.followup_ids.append(int(message["id"]))
        wait = rec.query.get("wait", "").lower() in {"1", "true"}
        resp = json_response(message) if wait else web.Response(status=204)
        return self._event(record, "followup", request, resp)

    async def _webhook_message(self, request: web.Request) -> web.Response:
        """GET/PATCH/DELETE /webhooks/{app}/{token}/messages/{@original|id}."""
        record, error = self._webhook_record(request)
        original = request.match_info["mid"] == "@original"
        kind = _webhook_event_kind(request.method, original)
        if record is None:
            return error or json_response(UNKNOWN_WEBHOOK, 404)
        if error is not None:
            return self._event(record, kind, request, error)
        mid = record.original_id if original else int(request.match_info["mid"])
        message = self.messages.get(mid) if mid else None
        if message is None:
            return self._event(record, kind, request, json_response(UNKNOWN_MESSAGE, 404))
        return self._event(record, kind, request, self._apply_method(request, message))

    def _apply_method(self, request: web.Request, message: dict[str, Any]) -> web.Response:
        """Answer GET with the message, apply PATCH, drop the message on DELETE."""
        rec: RecordedRequest = request[REC_KEY]
        if request.method == "PATCH":
            _apply_edit(message, rec.body or {}, rec)
        elif request.method == "DELETE":
            self.messages.pop(int(message["id"]), None)
            return web.Response(status=204)
        return json_response(message)

    # ---------------------------------------------------------------- channels, messages, threads

    def _new_message(
        self,
        channel_id: int,
        body: dict[str, Any],
        rec: RecordedRequest,
        *,
        msg_type: int = 0,
        webhook: bool = False,
        author: FakeUser | None = None,
    ) -> dict[str, Any]:
        """Create and store a message object from a send payload."""
        channel = self._channels.get(channel_id, {})
        author = author or self.bot_user
        mid = self.next_id()
        message: dict[str, Any] = {
            "id": str(mid),
            "channel_id": str(channel_id),
            "author": author.payload(),
            "content": body.get("content") or "",
            "timestamp": iso_now(),
            "edited_timestamp": None,
            "tts": bool(body.get("tts")),
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": _attachments(body, rec),
            "embeds": body.get("embeds") or [],
            "components": body.get("components") or [],
            "pinned": False,
            "type": msg_type,
            "flags": int(body.get("flags") or 0),
        }
        if channel.get("guild_id"):
            message["guild_id"] = channel["guild_id"]
        if webhook:
            message["webhook_id"] = str(self.application_id)
            message["application_id"] = str(self.application_id)
        if body.get("message_reference"):
            message["message_reference"] = body["message_reference"]
        self.messages[mid] = message
        return message

    def _channel_or_404(self, request: web.Request) -> tuple[int, web.Response | None]:
        """The channel id of the route, or a 404 Unknown Channel answer."""
        cid = int(request.match_info["cid"])
        return cid, None if cid in self._channels else json_response(UNKNOWN_CHANNEL, 404)

    async def _get_channel(self, request: web.Request) -> web.Response:
        """GET /channels/{id}."""
        cid, error = self._channel_or_404(request)
        return error or json_response(self._channels[cid])

    async def _post_message(self, request: web.Request) -> web.Response:
        """POST /channels/{id}/messages: record it in ``channel_messages`` and answer the message."""
        cid, error = self._channel_or_404(request)
        if error is not None:
            return error
        rec: RecordedRequest = request[REC_KEY]
        message = self._new_message(
            cid, rec.body or {}, rec, msg_type=19 if (rec.body or {}).get("message_reference") else 0
        )
        self.channel_messages.append(message)
        return json_response(message)

    async def _channel_history(self, request: web.Request) -> web.Response:
        """GET /channels/{id}/messages: stored messages of the channel, newest first."""
        cid, error = self._channel_or_404(request)
        limit = int(request.query.get("limit", "50"))
        found = [m for m in self.messages.values() if m["channel_id"] == str(cid)]
        return error or json_response(list(reversed(found))[:limit])

    async def _channel_message(self, request: web.Request) -> web.Response:
        """GET/PATCH/DELETE /channels/{id}/messages/{mid}."""
        message = self.messages.get(int(request.match_info["mid"]))
        if message is None or message["channel_id"] != request.match_info["cid"]:
            return json_response(UNKNOWN_MESSAGE, 404)
        return self._apply_method(request, message)

    async def _thread_from_message(self, request: web.Request) -> web.Response:
        """POST /channels/{id}/messages/{mid}/threads: thread id = message id; dispatch THREAD_CREATE."""
        message = self.messages.get(int(request.match_info["mid"]))
        if message is None or message["channel_id"] != request.match_info["cid"]:
            return json_response(UNKNOWN_MESSAGE, 404)
        thread = await self._create_thread(
            int(message["id"]), int(request.match_info["cid"]), request[REC_KEY].body or {}, 11
        )
        message["thread"] = thread
        return json_response(thread, 201)

    async def _thread_without_message(self, request: web.Request) -> web.Response:
        """POST /channels/{id}/threads: a thread not attached to a message."""
        cid, error = self._channel_or_404(request)
        if error is not None:
            return error
        body = request[REC_KEY].body or {}
        thread = await self._create_thread(self.next_id(), cid, body, int(body.get("type") or 11))
        return json_response(thread, 201)

    async def _create_thread(self, tid: int, parent_id: int, body: dict[str, Any], ttype: int) -> dict[str, Any]:
        """Store a thread channel and dispatch THREAD_CREATE (newly_created) for it."""
        parent = self._channels[parent_id]
        thread = {
            "id": str(tid),
            "type": ttype,
            "guild_id": parent.get("guild_id"),
            "parent_id": str(parent_id),
            "owner_id": str(self.bot_user.id),
            "name": body.get("name", "thread"),
            "last_message_id": None,
            "message_count": 0,
            "member_count": 1,
            "rate_limit_per_user": body.get("rate_limit_per_user") or 0,
            "flags": 0,
            "thread_metadata": {
                "archived": False,
                "auto_archive_duration": body.get("auto_archive_duration") or 1440,
                "archive_timestamp": iso_now(),
                "locked": False,
                "create_timestamp": iso_now(),
            },
            "member": {"id": str(tid), "user_id": str(self.bot_user.id), "join_timestamp": iso_now(), "flags": 0},
        }
        self._channels[tid] = thread
        if self._session is not None:
            await self.dispatch("THREAD_CREATE", {**thread, "newly_created": True})
        return thread

    async def _create_dm(self, request: web.Request) -> web.Response:
        """POST /users/@me/channels: the DM channel with ``recipient_id``."""
        uid = int((request[REC_KEY].json or {}).get("recipient_id", 0))
        user = self.users.get(uid) or FakeUser(uid, f"user{uid}")
        return json_response(self._dm_channel(user))

    def _dm_channel(self, user: FakeUser) -> dict[str, Any]:
        """The (stable) DM channel between the bot and ``user``."""
        for channel in self._channels.values():
            if channel["type"] == 1 and channel["recipients"][0]["id"] == str(user.id):
                return channel
        cid = self.next_id()
        self._channels[cid] = {"id": str(cid), "type": 1, "recipients": [user.payload()], "last_message_id": None}
        return self._channels[cid]

    def messages_in(self, channel_id: int) -> list[dict[str, Any]]:
        """Messages the bot posted with POST /channels/{channel_id}/messages, in order."""
        return [m for m in self.channel_messages if m["channel_id"] == str(channel_id)]

    def thread(self, thread_id: int) -> dict[str, Any] | None:
        """A thread the bot created."""
        channel = self._channels.get(thread_id)
        return channel if channel and channel["type"] in (10, 11, 12) else None

    async def wait_for_channel_message(
        self, channel_id: int | None = None, *, count: int = 1, timeout: float = 5.0
    ) -> dict[str, Any]:
        """Wait until the bot has posted ``count`` channel messages (in ``channel_id`` if given); return the last."""

        def check() -> dict[str, Any] | None:
            found = self.channel_messages if channel_id is None else self.messages_in(channel_id)
            return found[count - 1] if len(found) >= count else None

        return await self._signal.wait_until(check, timeout, f"{count} channel message(s) in {channel_id}")

    async def _no_content(self, request: web.Request) -> web.Response:
        """204 for typing indicators and reactions."""
        return web.Response(status=204)

    async def _unknown_route(self, request: web.Request) -> web.Response:
        """Recorded 404 for anything the fake does not implement (check ``requests`` for surprises)."""
        return json_response(NOT_FOUND, 404)

    # ---------------------------------------------------------------- user messages (MESSAGE_CREATE)

    async def send_message_create(
        self,
        content: str,
        *,
        mentions: list[FakeUser] | None = None,
        channel_id: int | None = None,
        author: FakeUser | None = None,
        dm: bool = False,
        reference: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Dispatch MESSAGE_CREATE for a user's message and return the message object.

        ``<@id>`` mentions of known users in ``content`` are added to ``mentions``. As on Discord,
        without the MESSAGE_CONTENT intent the bot receives an empty content unless it is
        mentioned or the message is a DM, and nothing at all without GUILD_MESSAGES/DIRECT_MESSAGES.
        """
        author = author or self.user
        self.users.setdefault(author.id, author)
        cid = int(self._dm_channel(author)["id"]) if dm else (channel_id or self.channel_id)
        message = self._new_message(cid, {"content": content}, RecordedRequest("", "", {}, {}), author=author)
        mentioned = _mentioned(content, self.users, mentions or [])
        message["mentions"] = [u.payload() for u in mentioned]
        if reference:
            message["message_reference"] = reference
        if message.get("guild_id"):
            guild = self._guild(int(message["guild_id"]))
            member = guild.member(author.id) if guild else None
            message["member"] = (member or FakeMember(author)).payload(with_user=False)
        if self._delivers(message, mentioned):
            await self.dispatch("MESSAGE_CREATE", self._as_seen_by_bot(message, mentioned))
        return message

    def _delivers(self, message: dict[str, Any], mentioned: list[FakeUser]) -> bool:
        """Whether the session's intents let MESSAGE_CREATE through at all."""
        needed = INTENT_GUILD_MESSAGES if message.get("guild_id") else INTENT_DIRECT_MESSAGES
        return bool(self.intents & needed)

    def _as_seen_by_bot(self, message: dict[str, Any], mentioned: list[FakeUser]) -> dict[str, Any]:
        """Blank the content when the MESSAGE_CONTENT intent is missing (unless mention or DM)."""
        if self.intents & INTENT_MESSAGE_CONTENT or not message.get("guild_id") or self.bot_user in mentioned:
            return message
        return {**message, "content": "", "embeds": [], "attachments": [], "components": []}


# --------------------------------------------------------------------------- module helpers


async def _read_parts(request: web.Request) -> list[RecordedPart]:
    """Read every part of a multipart body."""
    reader = await request.multipart()
    parts: list[RecordedPart] = []
    while (part := await reader.next()) is not None:
        data = await part.read(decode=False)  # type: ignore[union-attr]
        parts.append(RecordedPart(part.name or "", part.filename, part.headers.get("Content-Type"), bytes(data)))  # type: ignore[union-attr]
    return parts


def _attachments(body: dict[str, Any], rec: RecordedRequest) -> list[dict[str, Any]]:
    """Attachment objects for the files of a multipart send (matched by index to ``body.attachments``)."""
    declared = {str(a.get("id")): a for a in body.get("attachments") or []}
    out: list[dict[str, Any]] = []
    for index, part in enumerate(rec.files):
        meta = declared.get(str(index), {})
        out.append(
            {
                "id": str(index + 1),
                "filename": meta.get("filename") or part.filename,
                "description": meta.get("description"),
                "content_type": part.content_type,
                "size": len(part.data),
                "url": f"http://127.0.0.1/attachments/{index}/{part.filename}",
                "proxy_url": f"http://127.0.0.1/attachments/{index}/{part.filename}",
            }
        )
    return out


def _apply_edit(message: dict[str, Any], body: dict[str, Any], rec: RecordedRequest) -> None:
    """Apply an edit payload to a stored message (content, embeds, components, attachments, flags)."""
    for key in ("content", "embeds", "components"):
        if key in body:
            message[key] = body[key] if body[key] is not None else ([] if key != "content" else "")
    if "attachments" in body or rec.files:
        kept = [a for a in body.get("attachments") or [] if "filename" in a and "size" in a]
        message["attachments"] = kept + _attachments(body, rec)
    flags = int(message.get("flags") or 0) & ~FLAG_LOADING
    if body.get("flags") is not None:
        flags = (flags & FLAG_EPHEMERAL) | int(body["flags"])
    message["flags"] = flags
    message["edited_timestamp"] = iso_now()


def _webhook_event_kind(method: str, original: bool) -> EventKind:
    """Event kind of a webhook-message request: get / edit / delete, or followup_edit / followup_delete."""
    verb = {"GET": "get", "DELETE": "delete"}.get(method, "edit")
    return verb if original or verb == "get" else f"followup_{verb}"


def _mentioned(content: str, users: dict[int, FakeUser], explicit: list[FakeUser]) -> list[FakeUser]:
    """Users mentioned explicitly or by ``<@id>`` / ``<@!id>`` in the content (known users only)."""
    found = list(explicit)
    for match in re.finditer(r"<@!?(\d+)>", content):
        user = users.get(int(match.group(1)))
        if user is not None and user not in found:
            found.append(user)
    return found


def _sub_kinds(depth: int) -> list[int]:
    """Option types for a subcommand path: [1] or [2 (group), 1 (subcommand)]."""
    return [2] * (depth - 1) + [1] if depth else []


def _sub_definition(definition: dict[str, Any] | None, path: list[str]) -> dict[str, Any] | None:
    """Follow a subcommand path inside a synced command definition."""
    node = definition
    for name in path:
        if node is None:
            return None
        node = next((o for o in node.get("options") or [] if o.get("name") == name), None)
    return node


def _typed_options(
    options: dict[str, Any] | list[dict[str, Any]] | None, definition: dict[str, Any] | None
) -> list[dict[str, Any]]:
    """Option dicts with ``type`` taken from the definition (or inferred from the value)."""
    if options is None:
        return []
    items = list(options.items()) if isinstance(options, dict) else [(o["name"], o) for o in options]
    declared = {o["name"]: o.get("type") for o in (definition or {}).get("options") or []}
    out: list[dict[str, Any]] = []
    for name, raw in items:
        opt = dict(raw) if isinstance(raw, dict) else {"name": name, "value": raw}
        opt.setdefault("type", declared.get(name) or infer_option_type(opt.get("value")))
        if "value" in opt:
            opt["value"] = coerce_option_value(opt["type"], opt["value"])
        out.append(opt)
    return out


def _leaf_options(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The value options of a command payload (below any subcommand/group)."""
    opts = data.get("options") or []
    while opts and opts[0].get("type") in (1, 2):
        opts = opts[0].get("options") or []
    return opts


# --------------------------------------------------------------------------- context managers


@contextlib.asynccontextmanager
async def fake_discord(**config: Any) -> AsyncIterator[FakeDiscord]:
    """Start a FakeDiscord (``config`` goes to its constructor), install it, and tear both down after."""
    fake = FakeDiscord(**config)
    await fake.start()
    fake.install()
    try:
        yield fake
    finally:
        fake.uninstall()
        await fake.stop()


@contextlib.asynccontextmanager
async def running_bot(
    fake: FakeDiscord, bot: discord.Client, token: str | None = None, *, timeout: float = 10.0
) -> AsyncIterator[discord.Client]:
    """Log ``bot`` in against ``fake``, connect it, wait for IDENTIFY and ``ready``; close it after.

    Login errors (e.g. ``discord.LoginFailure``) propagate after the bot's HTTP session is closed.
    """
    try:
        await bot.login(token if token is not None else fake.token)
    except BaseException:
        await bot.close()
        raise
    task = asyncio.create_task(bot.connect(reconnect=True), name="fake-discord-bot-connect")
    try:
        await _wait_ready(fake, bot, task, timeout)
        yield bot
    finally:
        await bot.close()
        await _finish(task)


async def _wait_ready(fake: FakeDiscord, bot: discord.Client, task: asyncio.Task[None], timeout: float) -> None:
    """Wait for IDENTIFY and the bot's ready, failing fast if the connect task dies."""
    ready = asyncio.ensure_future(_identified_and_ready(fake, bot))
    done, _ = await asyncio.wait({ready, task}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    if ready not in done:
        ready.cancel()
        if task in done:
            task.result()
            raise RuntimeError("bot.connect() returned before the bot was ready")
        raise TimeoutError(f"bot not ready after {timeout}s (identifies={len(fake.identifies)})")
    ready.result()


async def _identified_and_ready(fake: FakeDiscord, bot: discord.Client) -> None:
    """IDENTIFY seen by the fake, then ``bot.wait_until_ready()``."""
    await fake.wait_for_identify()
    await bot.wait_until_ready()


async def _finish(task: asyncio.Task[None]) -> None:
    """Await the connect task after close (cancel it if it lingers)."""
    with contextlib.suppress(asyncio.CancelledError, TimeoutError, discord.ConnectionClosed):
        await asyncio.wait_for(task, 5.0)
