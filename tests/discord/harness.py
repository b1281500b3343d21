"""Drive the real discord.py offline: gateway frames in, Discord's HTTP side on loopback.

``FakeDiscord`` is a small aiohttp application on 127.0.0.1 that answers the REST routes the bot
uses (login, application info, command sync, interaction callbacks, webhook follow-ups) and
records every request. ``Harness`` logs a bot built by ``create_bot`` in against it, feeds
READY and INTERACTION_CREATE frames through ``DiscordWebSocket.received_message`` exactly as the
gateway would, waits for discord.py's own invoker tasks, and hands back what the bot sent.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
from dataclasses import dataclass, field
from typing import Any

import discord
from aiohttp import web
from discord.gateway import DiscordWebSocket

APP_ID = 900000000000000001
BOT_ID = APP_ID
GUILD_ID = 900000000000000002
CHANNEL_ID = 900000000000000003
USER_ID = 900000000000000004
OTHER_USER_ID = 900000000000000005
MANAGE_GUILD = 1 << 5
EVERYONE_PERMS = (1 << 10) | (1 << 11) | (1 << 31)  # view channel, send messages, use commands
ADMIN_PERMS = EVERYONE_PERMS | MANAGE_GUILD
BOT_PERMS = EVERYONE_PERMS | (1 << 14) | (1 << 15)  # embed links, attach files: what the bot needs

BOT_USER = {"id": str(BOT_ID), "username": "modelbot", "discriminator": "0", "global_name": None,
            "avatar": None, "bot": True, "flags": 0, "verified": True, "mfa_enabled": False}


def in_guild(user: dict, permissions: int) -> dict:
    """The fields an interaction from a member in the test guild's #general carries."""
    return {
        "guild_id": str(GUILD_ID), "guild_locale": "en-US", "context": 0,
        "authorizing_integration_owners": {"0": str(GUILD_ID)},
        "channel": {"id": str(CHANNEL_ID), "type": 0, "guild_id": str(GUILD_ID),
                    "name": "general", "position": 0, "permission_overwrites": [],
                    "nsfw": False, "parent_id": None, "flags": 0},
        "member": {"user": user, "roles": [], "joined_at": "2026-01-01T00:00:00+00:00",
                   "deaf": False, "mute": False, "permissions": str(permissions),
                   "flags": 0, "nick": None, "avatar": None},
    }


@dataclass
class Recorded:
    """One HTTP request the bot sent."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    json: Any
    files: list[tuple[str, bytes]] = field(default_factory=list)
    message_id: int | None = None  # the id of the message this request created, if any
    inline: bool = False
    """Not a request the bot sent: the first answer in its response to Discord's POST (HTTP
    interactions), recorded as Discord takes it, in place of a callback."""


def _json(data: Any, status: int = 200) -> web.Response:
    # discord.py compares the content type with == "application/json": no charset suffix
    return web.Response(status=status, body=json.dumps(data).encode(),
                        headers={"Content-Type": "application/json"})


def message_payload(message_id: int, body: dict[str, Any] | None, *, flags: int = 0) -> dict:
    """A message object as Discord returns it for what the bot sent."""
    body = body or {}
    return {
        "id": str(message_id), "channel_id": str(CHANNEL_ID), "type": 0,
        "content": body.get("content") or "", "author": BOT_USER,
        "embeds": body.get("embeds") or [], "components": body.get("components") or [],
        "attachments": [], "timestamp": "2026-01-01T00:00:00+00:00", "edited_timestamp": None,
        "tts": False, "mention_everyone": False, "mentions": [], "mention_roles": [],
        "pinned": False, "flags": body.get("flags", flags), "application_id": str(APP_ID),
    }


class FakeDiscord:
    """Discord's REST API, as much of it as the bot uses, on loopback."""

    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self._ids = itertools.count(950000000000000000)
        self.app = web.Application()
        self.app.router.add_route("*", "/{tail:.*}", self._handle)
        self.runner: web.AppRunner | None = None
        self.port = 0
        self.commands: list[dict] = []
        self.reject_token = False
        self._failures: list[list[Any]] = []

    async def start(self) -> None:
        self.runner = web.AppRunner(self.app, access_log=None)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        if self.runner:
            await self.runner.cleanup()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    async def _read(self, request: web.Request) -> tuple[Any, list[tuple[str, bytes]]]:
        files: list[tuple[str, bytes]] = []
        if request.content_type.startswith("multipart/"):
            payload = None
            reader = await request.multipart()
            async for part in reader:
                if part.name == "payload_json":
                    payload = json.loads(await part.text())
                else:
                    files.append((part.filename or part.name or "", await part.read()))
            return payload, files
        if request.can_read_body:
            text = await request.text()
            return (json.loads(text) if text else None), files
        return None, files

    def answered_inline(self, interaction: dict, body: dict) -> Recorded:
        """Discord taking ``body``, the bot's response to the POST of ``interaction``, as the
        interaction's first answer: recorded like a callback (``inline``), and given the id of
        the message it creates."""
        path = f"/interactions/{interaction['id']}/{interaction['token']}/callback"
        record = Recorded("POST", path, {}, {}, body, inline=True)
        if body.get("type") in (4, 5):
            record.message_id = next(self._ids)
        self.requests.append(record)
        return record

    def sent(self, since: int = 0) -> list[Recorded]:
        """The requests the bot itself sent to Discord (answers inline left out)."""
        return [r for r in self.requests[since:] if not r.inline]

    def fail(self, pattern: str, status: int, body: dict, *, times: int = 1,
             headers: dict[str, str] | None = None) -> None:
        """Answer the next ``times`` requests whose path (after /api/v10) matches ``pattern``
        with ``status`` and ``body``, as Discord answers when it fails or refuses."""
        self._failures.append([re.compile(pattern), times, status, body, headers or {}])

    def _failure(self, path: str) -> web.Response | None:
        for rule in self._failures:
            if rule[1] > 0 and rule[0].fullmatch(path):
                rule[1] -= 1
                return web.Response(status=rule[2], body=json.dumps(rule[3]).encode(),
                                    headers={"Content-Type": "application/json", **rule[4]})
        return None

    async def _handle(self, request: web.Request) -> web.Response:
        body, files = await self._read(request)
        path = request.path.removeprefix("/api/v10")
        record = Recorded(request.method, path, dict(request.query), dict(request.headers),
                          body, files)
        self.requests.append(record)
        failure = self._failure(path)
        if failure is not None:
            return failure
        method = request.method
        if method == "GET" and path == "/users/@me":
            if self.reject_token:
                return _json({"message": "401: Unauthorized", "code": 0}, status=401)
            return _json(BOT_USER)
        if method == "GET" and path == "/oauth2/applications/@me":
            return _json({"id": str(APP_ID), "name": "modelbot", "icon": None,
                          "description": "", "bot_public": True,
                          "bot_require_code_grant": False, "verify_key": "0" * 64,
                          "owner": BOT_USER | {"bot": False}, "flags": 0, "team": None})
        if method == "PUT" and re.fullmatch(r"/applications/\d+(/guilds/\d+)?/commands", path):
            self.commands = [
                c | {"id": str(next(self._ids)), "application_id": str(APP_ID), "version": "1",
                     "default_member_permissions": c.get("default_member_permissions")}
                for c in body
            ]
            return _json(self.commands)
        match = re.fullmatch(r"/interactions/(\d+)/([^/]+)/callback", path)
        if method == "POST" and match:
            kind = body["type"]
            if kind in (1, 8):
                return web.Response(status=204)
            data = body.get("data") or {}
            message_id = record.message_id = next(self._ids)
            flags = data.get("flags", 0)
            return _json({
                "interaction": {"id": match.group(1), "type": 2,
                                "response_message_id": str(message_id),
                                "response_message_loading": kind == 5,
                                "response_message_ephemeral": bool(flags & 64)},
                "resource": {"type": kind, "message": message_payload(message_id, data)},
            })
        if method == "POST" and re.fullmatch(r"/channels/\d+/messages", path):
            record.message_id = next(self._ids)
            return _json(message_payload(record.message_id, body))
        if re.fullmatch(r"/webhooks/\d+/[^/]+(/messages/[^/]+)?", path):
            record.message_id = next(self._ids)
            return _json(message_payload(record.message_id, body))
        return _json({"message": "404: Not Found", "code": 0}, status=404)


@dataclass
class Reply:
    """What the bot sent for one interaction: its callback(s) and follow-ups."""

    requests: list[Recorded]

    @property
    def callbacks(self) -> list[dict]:
        return [r.json for r in self.requests if r.path.endswith("/callback")]

    @property
    def callback(self) -> dict:
        assert self.callbacks, f"no interaction callback among {[r.path for r in self.requests]}"
        return self.callbacks[0]

    @property
    def followups(self) -> list[dict]:
        return [r.json for r in self.requests
                if r.path.startswith("/webhooks/") and r.method == "POST"]

    @property
    def message(self) -> dict:
        """The message the user sees: the callback's data, or the first follow-up (after a
        deferral, or after the which-model menu said what was picked)."""
        data = self.callback.get("data") or {}
        if self.callback["type"] in (5, 7) and self.followups:
            return self.followups[0]
        return data

    @property
    def embed(self) -> dict:
        embeds = self.message.get("embeds") or []
        assert embeds, f"no embed in {self.message}"
        return embeds[0]

    @property
    def ephemeral(self) -> bool:
        return bool(self.message.get("flags", 0) & 64)

    @property
    def text(self) -> str:
        """Every string of the first embed, joined: what a reader would see."""
        e = self.embed
        parts = [e.get("title", ""), e.get("description", "")]
        parts += [f"{f['name']}\n{f['value']}" for f in e.get("fields", [])]
        parts.append((e.get("footer") or {}).get("text", ""))
        return "\n".join(p for p in parts if p)

    def custom_ids(self) -> list[str]:
        out = []
        for row in self.message.get("components") or []:
            for item in row.get("components", []):
                if "custom_id" in item:
                    out.append(item["custom_id"])
        return out

    @property
    def message_id(self) -> int:
        """The id Discord gave the message this reply created."""
        for r in self.requests:
            if r.message_id is not None and r.method == "POST":
                return r.message_id
        raise AssertionError("the reply created no message")


class Harness:
    """A logged-in bot fed gateway frames; every call returns what the bot sent back."""

    def __init__(self, bot: discord.Client, fake: FakeDiscord) -> None:
        self.bot = bot
        self.fake = fake
        self._ids = itertools.count(800000000000000000)
        self._seq = itertools.count(1)
        self.ws: DiscordWebSocket | None = None

    async def start(self) -> None:
        await self.bot.login("test-token")
        ws = DiscordWebSocket(socket=None, loop=asyncio.get_running_loop())  # type: ignore[arg-type]
        ws._discord_parsers = self.bot._connection.parsers
        ws._dispatch = self.bot.dispatch
        ws.shard_id = None
        self.ws = ws
        await self.frame("READY", {
            "v": 10, "user": BOT_USER, "guilds": [], "session_id": "session",
            "resume_gateway_url": "wss://127.0.0.1", "application": {"id": str(APP_ID),
                                                                      "flags": 0},
            "private_channels": [], "relationships": [],
        })

    async def guild_create(self, guild_id: int = GUILD_ID,
                           channel_ids: tuple[int, ...] = (CHANNEL_ID,)) -> None:
        """Tell the bot it is in ``guild_id`` with these text channels (as on connect)."""
        await self.frame("GUILD_CREATE", {
            "id": str(guild_id), "name": f"guild {guild_id % 1000}", "icon": None,
            "owner_id": str(USER_ID), "roles": [{"id": str(guild_id), "name": "@everyone",
                                                 "permissions": str(BOT_PERMS),
                                                 "position": 0, "color": 0, "hoist": False,
                                                 "managed": False, "mentionable": False}],
            "emojis": [], "stickers": [], "features": [], "member_count": 2,
            "members": [], "presences": [], "voice_states": [], "threads": [],
            "stage_instances": [], "guild_scheduled_events": [], "large": False,
            "unavailable": False, "mfa_level": 0, "verification_level": 0,
            "default_message_notifications": 0, "explicit_content_filter": 0,
            "premium_tier": 0, "preferred_locale": "en-US", "nsfw_level": 0,
            "system_channel_flags": 0, "afk_timeout": 300,
            "channels": [{"id": str(c), "type": 0, "guild_id": str(guild_id),
                          "name": f"channel-{c % 1000}", "position": i,
                          "permission_overwrites": [], "nsfw": False, "parent_id": None,
                          "flags": 0} for i, c in enumerate(channel_ids)],
        })

    async def frame(self, event: str, data: dict) -> None:
        assert self.ws is not None
        await self.ws.received_message(json.dumps({"op": 0, "t": event, "s": next(self._seq),
                                                   "d": data}))

    async def _settle(self, before: set[asyncio.Task]) -> None:
        """Wait for the tasks discord.py started for the frame (never for view timeouts)."""
        for _ in range(200):
            pending = [
                t for t in asyncio.all_tasks() - before
                if t is not asyncio.current_task() and not t.done()
                and not t.get_name().startswith(("discord-ui-view-timeout", "Task-"))
            ]
            if not pending:
                await asyncio.sleep(0)
                return
            await asyncio.wait(pending, timeout=10)
        raise AssertionError("interaction tasks did not finish")

    def _payload(self, kind: int, data: dict, *, user_id: int, locale: str, permissions: int,
                 message: dict | None = None, guild: bool = True) -> dict:
        user = {"id": str(user_id), "username": f"user{user_id % 100}", "discriminator": "0",
                "global_name": None, "avatar": None}
        payload: dict[str, Any] = {
            "id": str(next(self._ids)), "application_id": str(APP_ID), "type": kind,
            "token": f"tok{next(self._ids)}", "version": 1, "attachment_size_limit": 8388608,
            "locale": locale, "data": data, "entitlements": [],
            "app_permissions": str(ADMIN_PERMS),
            "channel_id": str(CHANNEL_ID),
        }
        if guild:
            payload |= in_guild(user, permissions)
        else:
            payload |= {"user": user, "context": 1,
                        "authorizing_integration_owners": {"1": str(user_id)},
                        "channel": {"id": str(CHANNEL_ID), "type": 1, "recipients": [user]}}
        if message is not None:
            payload["message"] = message
        return payload

    def payload(self, kind: int, data: dict, *, user_id: int = USER_ID, locale: str = "en-US",
                permissions: int = EVERYONE_PERMS, guild: bool = True) -> dict:
        """An interaction of type ``kind`` as Discord sends it (over the gateway or POSTed to
        the HTTP endpoint), from a member of the test guild unless ``guild`` is False."""
        return self._payload(kind, data, user_id=user_id, locale=locale,
                             permissions=permissions, guild=guild)

    def _options(self, name: str, options: dict[str, Any], focused: str | None) -> list[dict]:
        group, _, sub = name.partition(" ")
        command = self.bot.tree.get_command(group)  # type: ignore[attr-defined]
        if sub and command is not None:  # "/settings budget": a subcommand inside its group
            inner = command.get_command(sub)
            return [{"name": sub, "type": 1,
                     "options": self._typed(inner, options, focused) if inner else []}]
        if command is None:  # a forged command name: send strings
            return [{"name": k, "type": 3, "value": v} for k, v in options.items()]
        return self._typed(command, options, focused)

    @staticmethod
    def _typed(command: Any, options: dict[str, Any], focused: str | None) -> list[dict]:
        out = []
        # options are named as Discord names them (a renamed parameter by its display name)
        params = {p.display_name: p for p in getattr(command, "parameters", [])}
        for key, value in options.items():
            param = params.get(key)
            kind = param.type.value if param else 3
            item = {"name": key, "type": kind, "value": str(value) if kind == 7 else value}
            if key == focused:
                item["focused"] = True
            out.append(item)
        return out

    @staticmethod
    def _resolved(options: list[dict]) -> dict:
        """Discord sends the objects behind channel options alongside their ids."""
        channels = {}
        for option in options:
            for item in [option, *option.get("options", [])]:
                if item.get("type") == 7:
                    channels[item["value"]] = {
                        "id": item["value"], "type": 0, "name": "channel",
                        "guild_id": str(GUILD_ID), "permissions": str(ADMIN_PERMS),
                        "parent_id": None, "position": 0, "nsfw": False,
                        "permission_overwrites": [], "flags": 0}
        return {"channels": channels} if channels else {}

    async def settle_background(self) -> None:
        """Wait for the bot's background announcements to finish."""
        pending = [t for t in asyncio.all_tasks() if t.get_name() == "modelbot-announce"]
        if pending:
            await asyncio.wait(pending, timeout=10)

    async def _send(self, payload: dict) -> Reply:
        start = len(self.fake.requests)
        before = set(asyncio.all_tasks())
        await self.frame("INTERACTION_CREATE", payload)
        await self._settle(before)
        return Reply(self.fake.requests[start:])

    async def slash(self, name: str, options: dict[str, Any] | None = None, *,
                    user_id: int = USER_ID, locale: str = "en-US",
                    permissions: int = EVERYONE_PERMS, guild: bool = True) -> Reply:
        """Run ``/name`` (``"settings budget"`` for a subcommand) as a user would."""
        built = self._options(name, options or {}, None)
        data: dict[str, Any] = {"id": str(APP_ID + 100), "name": name.partition(" ")[0],
                                "type": 1, "options": built}
        if resolved := self._resolved(built):
            data["resolved"] = resolved
        if guild:
            data["guild_id"] = str(GUILD_ID)
        return await self._send(self._payload(2, data, user_id=user_id, locale=locale,
                                              permissions=permissions, guild=guild))

    async def autocomplete(self, name: str, options: dict[str, Any], focused: str, *,
                           locale: str = "en-US", permissions: int = EVERYONE_PERMS,
                           guild: bool = True) -> list[dict]:
        """Type into option ``focused`` (of ``"settings unhide"``, say) and return the choices
        the bot offers."""
        data = {"id": str(APP_ID + 100), "name": name.partition(" ")[0], "type": 1,
                "options": self._options(name, options, focused)}
        reply = await self._send(self._payload(4, data, user_id=USER_ID, locale=locale,
                                               permissions=permissions, guild=guild))
        callback = reply.callback
        assert callback["type"] == 8, callback
        return callback["data"]["choices"]

    async def raw(self, kind: int, data: Any, *, permissions: int = EVERYONE_PERMS,
                  guild: bool = True, user_id: int = USER_ID, **fields: Any) -> Reply:
        """Send an interaction of type ``kind`` with ``data`` exactly as given (a forged or
        stale one, say), other fields as a real one has them unless ``fields`` replace them."""
        payload = self._payload(kind, data, user_id=user_id, locale="en-US",
                                permissions=permissions, guild=guild)
        return await self._send(payload | fields)

    async def component(self, reply: Reply, custom_id: str, *, values: list[str] | None = None,
                        user_id: int = USER_ID, locale: str = "en-US",
                        guild: bool = True) -> Reply:
        """Press a button (or pick from a select) on the message ``reply`` produced (in the
        test guild, or in a DM with ``guild=False``)."""
        message = message_payload(reply.message_id, reply.message)
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": 2}
        if values is not None:
            data = {"custom_id": custom_id, "component_type": 3, "values": values}
        return await self._send(self._payload(3, data, user_id=user_id, locale=locale,
                                              permissions=EVERYONE_PERMS, message=message,
                                              guild=guild))
