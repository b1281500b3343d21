"""A fake Discord on loopback for the real ``modelbot run`` process: REST and the gateway.

REST: the routes of ``tests.discord.harness.FakeDiscord`` (login, application info, command
sync, interaction callbacks, webhook follow-ups), recorded in ``fake.rest.requests``, plus
``GET /gateway/bot`` and rate limits (429, shaped as Discord sends them) injected on demand.

Gateway: a websocket at ``/gateway`` (and ``/resume``, the ``resume_gateway_url`` it hands out)
that speaks Discord's protocol, v10, JSON text frames (the bot asks for zlib-stream and takes
plain text, as Discord's gateway may send it): HELLO with the heartbeat interval; IDENTIFY ->
READY and GUILD_CREATE; HEARTBEAT -> HEARTBEAT_ACK; dispatches with per-session sequence numbers,
kept for replay; RESUME of a known session -> the missed dispatches, then RESUMED; RESUME of an
unknown one -> INVALID_SESSION(false). Tests drive the rest: dispatch INTERACTION_CREATE, send
RECONNECT or INVALID_SESSION, close with a code, drop the TCP connection, or go silent.

Every change is announced on a ``Pulse``; tests wait on it with a deadline, never a bare sleep.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from aiohttp import WSMsgType, web

from tests.discord.harness import (
    APP_ID,
    BOT_USER,
    CHANNEL_ID,
    EVERYONE_PERMS,
    GUILD_ID,
    USER_ID,
    Reply,
    in_guild,
    message_payload,
)
from tests.discord.harness import FakeDiscord as FakeRest

T = TypeVar("T")

DISPATCH, HEARTBEAT, IDENTIFY, RESUME, RECONNECT, INVALID_SESSION, HELLO = 0, 1, 2, 6, 7, 9, 10
HEARTBEAT_ACK = 11
_ORIGINAL = re.compile(r"/webhooks/\d+/([^/]+)/messages/@original")
GUILDS_INTENT = 1 << 0


class Pulse:
    """Wakes waiters whenever something happens; ``until`` re-checks a condition by a deadline."""

    def __init__(self) -> None:
        self._event = asyncio.Event()
        self.context: Callable[[], str] = lambda: ""
        """What to show when a wait fails (the bot's log, say)."""
        self.abort: Callable[[], str | None] = lambda: None
        """A reason to stop waiting at once (the bot died), or None."""

    def notify(self) -> None:
        # a fresh event per notification: every waiter holds the one it checked against, so
        # none can clear a wake-up meant for another (several tasks may wait at once)
        self._event.set()
        self._event = asyncio.Event()

    async def until(self, condition: Callable[[], T | None], timeout: float, what: str) -> T:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            event = self._event
            value = condition()
            if value:
                return value
            reason = self.abort()
            if reason:
                raise AssertionError(f"{reason} while waiting for {what}\n{self.context()}")
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise AssertionError(f"timed out after {timeout:g} s waiting for {what}\n"
                                     f"{self.context()}")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), remaining)


@dataclass(eq=False)
class Session:
    """A gateway session: what IDENTIFY started and RESUME continues."""

    id: str
    shard: list[int] | None
    seq: int = 0
    frames: list[dict] = field(default_factory=list)

    def frame(self, event: str, data: Any) -> dict:
        """The next dispatch of this session, kept for replay."""
        self.seq += 1
        frame = {"op": DISPATCH, "t": event, "s": self.seq, "d": data}
        self.frames.append(frame)
        return frame


@dataclass(eq=False)
class Connection:
    """One websocket connection from the bot."""

    number: int
    path: str
    query: dict[str, str]
    ws: web.WebSocketResponse
    request: web.Request
    received: list[dict] = field(default_factory=list)
    session: Session | None = None
    sent_seq: int | None = None
    """The sequence number of the last dispatch sent on this connection."""
    silent: bool = False
    """No HEARTBEAT_ACK, nothing at all: a zombie connection."""
    deaf: bool = False
    """The bot's close frame is never answered (a network that died)."""
    client_close_code: int | None = None
    """The code of the close frame the bot sent, if it closed the connection."""
    server_close_code: int | None = None
    ended: bool = False

    def ops(self, op: int) -> list[dict]:
        return [m["d"] for m in self.received if m.get("op") == op]

    @property
    def identify(self) -> dict | None:
        found = self.ops(IDENTIFY)
        return found[0] if found else None

    @property
    def resume(self) -> dict | None:
        found = self.ops(RESUME)
        return found[0] if found else None

    @property
    def heartbeats(self) -> int:
        return len(self.ops(HEARTBEAT))

    def __repr__(self) -> str:
        return (f"<Connection {self.number} {self.path} ops={[m.get('op') for m in self.received]}"
                f" client_close={self.client_close_code} server_close={self.server_close_code}"
                f" ended={self.ended}>")


def guild_payload(guild_id: int = GUILD_ID) -> dict:
    """A GUILD_CREATE for a small guild, as much of it as discord.py reads."""
    return {
        "id": str(guild_id), "name": "test guild", "icon": None, "splash": None,
        "discovery_splash": None, "owner_id": str(USER_ID), "afk_channel_id": None,
        "afk_timeout": 300, "verification_level": 0, "default_message_notifications": 0,
        "explicit_content_filter": 0, "mfa_level": 0, "system_channel_id": None,
        "system_channel_flags": 0, "rules_channel_id": None, "vanity_url_code": None,
        "description": None, "banner": None, "premium_tier": 0, "preferred_locale": "en-US",
        "public_updates_channel_id": None, "nsfw_level": 0, "premium_progress_bar_enabled": False,
        "features": [], "emojis": [], "stickers": [], "application_id": None,
        "roles": [{"id": str(guild_id), "name": "@everyone", "permissions": str(EVERYONE_PERMS),
                   "position": 0, "color": 0, "hoist": False, "managed": False,
                   "mentionable": False, "flags": 0}],
        "joined_at": "2026-01-01T00:00:00+00:00", "large": False, "unavailable": False,
        "member_count": 2, "voice_states": [], "members": [], "presences": [],
        "channels": [{"id": str(CHANNEL_ID), "type": 0, "name": "general", "position": 0,
                      "permission_overwrites": [], "nsfw": False, "parent_id": None,
                      "flags": 0}],
        "threads": [], "stage_instances": [], "guild_scheduled_events": [],
        "soundboard_sounds": [],
    }


class FakeDiscord:
    """Discord's REST API and gateway, as much as the bot uses, on 127.0.0.1."""

    def __init__(self, *, token: str, heartbeat_ms: int = 1000, guilds: tuple[int, ...] = (
            GUILD_ID,)) -> None:
        self.token = token
        self.heartbeat_ms = heartbeat_ms
        self.guilds = guilds
        self.rest = FakeRest()
        self.pulse = Pulse()
        self.connections: list[Connection] = []
        self.sessions: dict[str, Session] = {}
        self.gateway_bot_requests = 0
        self.rate_limited: list[tuple[str, str]] = []
        self.unauthorized: list[str] = []
        self._limits: list[list[Any]] = []
        self._holds: list[tuple[Callable[[str], bool], asyncio.Event]] = []
        self.held: list[str] = []
        """Paths of the requests kept waiting by ``hold`` (until released)."""
        self._ids = itertools.count(700000000000000000)
        self.app = web.Application()
        self.app.router.add_get("/gateway", self._gateway)
        self.app.router.add_get("/resume", self._gateway)
        self.app.router.add_get("/api/v10/gateway/bot", self._gateway_bot)
        self.app.router.add_route("*", "/{tail:.*}", self._rest)
        self._runner: web.AppRunner | None = None
        self.port = 0

    # -- lifecycle ----------------------------------------------------------------------------

    async def start(self) -> None:
        self._runner = web.AppRunner(self.app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        for _, release in self._holds:
            release.set()
        for conn in self.connections:
            if not conn.ended and conn.request.transport is not None:
                conn.request.transport.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def base(self) -> str:
        """The REST base URL, for ``discord.api_base``."""
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def ws_url(self) -> str:
        """The gateway URL, for ``discord.gateway_url``."""
        return f"ws://127.0.0.1:{self.port}/gateway"

    # -- REST ---------------------------------------------------------------------------------

    def rate_limit(self, pattern: str, *, times: int = 1, retry_after: float = 0.25) -> None:
        """Answer the next ``times`` requests whose path (after /api/v10) matches with a 429."""
        self._limits.append([re.compile(pattern), times, retry_after])

    def hold(self, matches: Callable[[str], bool]) -> asyncio.Event:
        """Keep every request whose path (after /api/v10) ``matches`` waiting, unanswered, until
        the returned event is set: the bot's work is then in flight for as long as a test
        needs, with no timing involved."""
        release = asyncio.Event()
        self._holds.append((matches, release))
        return release

    def _authorized(self, request: web.Request) -> bool:
        return request.headers.get("Authorization") == f"Bot {self.token}"

    async def _rest(self, request: web.Request) -> web.StreamResponse:
        path = request.path.removeprefix("/api/v10")
        try:
            for matches, release in self._holds:
                if not release.is_set() and matches(path):
                    self.held.append(path)
                    self.pulse.notify()
                    await release.wait()
            for rule in self._limits:
                if rule[1] > 0 and rule[0].fullmatch(path):
                    rule[1] -= 1
                    await request.read()
                    self.rate_limited.append((request.method, path))
                    body = {"message": "You are being rate limited.", "retry_after": rule[2],
                            "global": False}
                    # discord.py retries a 429 only when it looks like Discord's: JSON with
                    # retry_after and a Via header (without Via it takes it for a Cloudflare ban)
                    return web.Response(status=429, body=json.dumps(body).encode(), headers={
                        "Content-Type": "application/json", "Via": "1.1 google",
                        "Retry-After": str(math.ceil(rule[2])), "X-RateLimit-Scope": "user"})
            original = _ORIGINAL.fullmatch(path)
            if request.method == "GET" and original:
                return self._original(original.group(1))
            if path == "/users/@me" and not self._authorized(request):
                self.unauthorized.append(path)
                return web.Response(status=401, body=b'{"message": "401: Unauthorized", '
                                    b'"code": 0}', headers={"Content-Type": "application/json"})
            return await self.rest._handle(request)
        except ConnectionResetError:  # the bot gave up on a held request and went away
            return web.Response(status=499)
        finally:
            self.pulse.notify()

    def _original(self, token: str) -> web.Response:
        """``GET /webhooks/{app}/{token}/messages/@original``, from what the bot sent: 404
        (Unknown Webhook) before any callback, the "thinking…" message (flag LOADING) after a
        deferral that no follow-up or edit has replaced, the message otherwise."""
        sent = [r for r in self.rest.requests if f"/{token}/" in r.path]
        callbacks = [r for r in sent if r.path.endswith("/callback")]
        if not callbacks:
            return web.Response(status=404, body=b'{"message": "Unknown Webhook", '
                                b'"code": 10015}', headers={"Content-Type": "application/json"})
        first = callbacks[0]
        replaced = any(r.path.startswith("/webhooks/") and r.method in ("POST", "PATCH")
                       for r in sent)
        loading = first.json.get("type") == 5 and not replaced
        data = (first.json.get("data") or {}) | ({"flags": 128} if loading else {})
        message = message_payload(getattr(first, "message_id", None) or 1, data)
        return web.Response(body=json.dumps(message).encode(),
                            headers={"Content-Type": "application/json"})

    async def _gateway_bot(self, request: web.Request) -> web.Response:
        self.gateway_bot_requests += 1
        self.pulse.notify()
        if not self._authorized(request):
            return web.Response(status=401, body=b'{"message": "401: Unauthorized", "code": 0}',
                                headers={"Content-Type": "application/json"})
        body = {"url": self.ws_url, "shards": 1,
                "session_start_limit": {"total": 1000, "remaining": 999, "reset_after": 0,
                                        "max_concurrency": 1}}
        return web.Response(body=json.dumps(body).encode(),
                            headers={"Content-Type": "application/json"})

    # -- gateway ------------------------------------------------------------------------------

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True, autoclose=False, max_msg_size=0)
        await ws.prepare(request)
        conn = Connection(len(self.connections), request.path, dict(request.query), ws, request)
        self.connections.append(conn)
        await self._send(conn, {"op": HELLO, "d": {"heartbeat_interval": self.heartbeat_ms}})
        self.pulse.notify()
        try:
            while True:
                msg = await ws.receive()
                if msg.type is WSMsgType.TEXT:
                    payload = json.loads(msg.data)
                    conn.received.append(payload)
                    await self._on_frame(conn, payload)
                    self.pulse.notify()
                elif msg.type is WSMsgType.CLOSE:
                    conn.client_close_code = int(msg.data)
                    self.pulse.notify()
                    if conn.deaf:
                        continue  # until the bot gives up on the TCP connection
                    await ws.close(code=int(msg.data))
                    break
                elif msg.type in (WSMsgType.CLOSING, WSMsgType.CLOSED, WSMsgType.ERROR):
                    break
        finally:
            conn.ended = True
            self.pulse.notify()
        return ws

    async def _on_frame(self, conn: Connection, payload: dict) -> None:
        op, data = payload.get("op"), payload.get("d")
        if op == HEARTBEAT:
            if not conn.silent:
                await self._send(conn, {"op": HEARTBEAT_ACK})
        elif op == IDENTIFY:
            if not isinstance(data, dict) or data.get("token") != self.token:
                await self.close(conn, 4004)  # Authentication failed
                return
            session = Session(id=f"session-{len(self.sessions) + 1}", shard=data.get("shard"))
            self.sessions[session.id] = session
            conn.session = session
            shard_id, shard_count = session.shard or (0, 1)
            guilds = [g for g in self.guilds if (g >> 22) % shard_count == shard_id]
            ready = {
                "v": 10, "user": BOT_USER, "session_id": session.id,
                "resume_gateway_url": f"ws://127.0.0.1:{self.port}/resume",
                "guilds": [{"id": str(g), "unavailable": True} for g in guilds],
                "application": {"id": str(APP_ID), "flags": 0}, "private_channels": [],
                "relationships": [], "geo_ordered_rtc_regions": [],
            }
            if session.shard is not None:
                ready["shard"] = session.shard
            await self._deliver(conn, session.frame("READY", ready))
            for guild in guilds:
                await self._deliver(conn, session.frame("GUILD_CREATE", guild_payload(guild)))
        elif op == RESUME:
            session = self.sessions.get((data or {}).get("session_id", ""))
            if session is None or (data or {}).get("token") != self.token:
                await self._send(conn, {"op": INVALID_SESSION, "d": False})
                return
            conn.session = session
            seen = (data or {}).get("seq") or 0
            for frame in list(session.frames):
                if frame["s"] > seen:
                    await self._deliver(conn, frame)
            await self._deliver(conn, session.frame("RESUMED", {}))

    async def _send(self, conn: Connection, payload: dict) -> bool:
        if conn.ended or conn.ws.closed:
            return False
        try:
            await conn.ws.send_str(json.dumps(payload))
        except (ConnectionError, RuntimeError):
            return False
        return True

    async def _deliver(self, conn: Connection, frame: dict) -> None:
        if await self._send(conn, frame):
            conn.sent_seq = frame["s"]

    # -- what tests drive ---------------------------------------------------------------------

    def live(self, session: Session | None = None) -> Connection | None:
        """The open connection (of ``session``) that most recently started, if any."""
        for conn in reversed(self.connections):
            if not conn.ended and conn.session is not None and (
                    session is None or conn.session is session):
                return conn
        return None

    async def wait_ready(self, timeout: float = 10.0, *, after: int = 0) -> Connection:
        """The first connection numbered ``after`` or later whose IDENTIFY or RESUME was
        answered."""
        return await self.pulse.until(
            lambda: next((c for c in self.connections[after:]
                          if c.session is not None and not c.ended), None),
            timeout, "the bot to identify or resume")

    async def dispatch(self, session: Session, event: str, data: Any, *,
                       deliver: bool = True) -> dict:
        """A dispatch in ``session``: sent on its live connection, or only kept for replay."""
        frame = session.frame(event, data)
        conn = self.live(session)
        if deliver and conn is not None:
            await self._deliver(conn, frame)
        return frame

    async def send_op(self, conn: Connection, op: int, data: Any = None) -> None:
        await self._send(conn, {"op": op, "d": data})

    async def close(self, conn: Connection, code: int) -> None:
        """Close the connection from Discord's side with ``code``."""
        conn.server_close_code = code
        await conn.ws.close(code=code, message=b"closed by the fake gateway")

    def drop(self, conn: Connection) -> None:
        """Cut the TCP connection without a close frame."""
        transport = conn.request.transport
        assert transport is not None
        transport.close()

    # -- interactions -------------------------------------------------------------------------

    def interaction(self, name: str, options: dict[str, Any] | None = None, *,
                    permissions: int = EVERYONE_PERMS, locale: str = "en-US",
                    user_id: int = USER_ID) -> dict:
        """An INTERACTION_CREATE for ``/name``, option types taken from the synced commands."""
        command = next((c for c in self.rest.commands if c["name"] == name), None)
        types = {o["name"]: o["type"] for o in (command or {}).get("options", [])}
        interaction_id = next(self._ids)
        user = {"id": str(user_id), "username": "user", "discriminator": "0",
                "global_name": None, "avatar": None}
        return in_guild(user, permissions) | {
            "id": str(interaction_id), "application_id": str(APP_ID), "type": 2,
            "token": f"itoken-{interaction_id}", "version": 1, "attachment_size_limit": 8388608,
            "locale": locale, "channel_id": str(CHANNEL_ID), "entitlements": [],
            "app_permissions": str(EVERYONE_PERMS),
            "data": {"id": (command or {}).get("id", str(APP_ID + 100)), "name": name, "type": 1,
                     "options": [{"name": k, "type": types.get(k, 3), "value": v}
                                 for k, v in (options or {}).items()]},
        }

    def reply(self, interaction: dict) -> Reply:
        """What the bot sent for ``interaction`` so far (its callback and follow-ups)."""
        token = interaction["token"]
        return Reply([r for r in self.rest.requests if f"/{token}" in r.path])

    async def answer(self, interaction: dict, timeout: float = 10.0) -> Reply:
        """Wait for the bot's answer to ``interaction``: its message, deferred or not."""

        def done() -> Reply | None:
            reply = self.reply(interaction)
            callbacks = reply.callbacks
            if not callbacks or (callbacks[0].get("type") == 5 and not reply.followups):
                return None
            return reply

        return await self.pulse.until(done, timeout,
                                      f"the answer to /{interaction['data']['name']}")

    async def command(self, name: str, options: dict[str, Any] | None = None, *,
                      timeout: float = 10.0, **kwargs: Any) -> Reply:
        """Run ``/name`` on the live connection and return the bot's answer."""
        conn = self.live()
        assert conn is not None and conn.session is not None, self.connections
        interaction = self.interaction(name, options, **kwargs)
        await self.dispatch(conn.session, "INTERACTION_CREATE", interaction)
        return await self.answer(interaction, timeout)
