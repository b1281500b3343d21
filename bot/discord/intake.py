"""Where interactions come in, and where their first answer goes: the one seam between Discord
and the bot's command tree, for the gateway and for the HTTP endpoint alike.

``Intake.receive(data)`` is the entry point: an ``INTERACTION_CREATE`` payload, from the gateway
(the bot's connection state calls it: ``RoutedState``) or POSTed to ``modelbot serve``, goes
through the same checks into the same tree, views and error handler. discord.py parses a payload
inside its gateway loop, where one it cannot read raises and ends the whole connection: the
intake drops and logs those first. It keeps the tasks each interaction starts, so that a
shutdown can let them finish (``drain``), and, once draining, tells newcomers on the gateway
that the bot is restarting instead of starting work it could not finish.

``Intake.answer(data, wait)`` is the HTTP entry: the same, and the interaction's first answer
(a message, a deferral, choices, a modal, a component update) comes back to be the body of the
response to Discord's POST, as Discord's design has it: no call to the callback endpoint.
discord.py sends every interaction response through the webhook adapter of the context it runs
in (``discord.webhook.async_.async_context``); the interaction runs in a context whose adapter
(``FirstAnswer``) hands the first response over instead of POSTing it. Follow-ups, and a first
answer with files (multipart, which a JSON response body cannot carry), go to Discord as usual.
"""

from __future__ import annotations

import asyncio
import contextvars
import json
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import aiohttp
import discord
from discord.state import AutoShardedConnectionState, ConnectionState
from discord.webhook.async_ import AsyncWebhookAdapter, MultipartParameters, async_context

from bot import i18n
from bot.discord.embeds import render_notice
from bot.discord.prefs import reply_language

if TYPE_CHECKING:
    from bot.discord.app import ModelBot

log = logging.getLogger(__name__)

_COMMAND, _COMPONENT, _AUTOCOMPLETE, _MODAL = 2, 3, 4, 5
# What discord.py reads without a default for each kind of interaction (a KeyError otherwise).
_INNER: dict[int, tuple[tuple[str, type | tuple[type, ...]], ...]] = {
    _COMMAND: (("name", str),),
    _AUTOCOMPLETE: (("name", str),),
    _COMPONENT: (("custom_id", str), ("component_type", int)),
    _MODAL: (("custom_id", str), ("components", list)),
}


def _snowflake(value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, str | int):
        return False
    try:
        return 0 <= int(value) < 1 << 64
    except ValueError:
        return False


def _who(data: dict[str, Any]) -> str | None:
    """What is wrong with the user of an interaction, or None: discord.py reads the member (with
    its user) in a server and the user elsewhere, and leaves ``interaction.user`` unset without
    them, which every command needs."""
    if data.get("guild_id") is not None:
        member = data.get("member")
        if not isinstance(member, dict):
            return "a server interaction without member"
        user = member.get("user")
    else:
        user = data.get("user")
    if not isinstance(user, dict) or not _snowflake(user.get("id")):
        return "no user with an id"
    return None


def malformed(data: Any) -> str | None:
    """Why discord.py could not build or route this ``INTERACTION_CREATE``, or None.

    Only the keys discord.py reads without a default are checked, so a payload from a newer
    Discord with fields we do not know still passes."""
    if not isinstance(data, dict):
        return "not an object"
    for key in ("id", "application_id"):
        if not _snowflake(data.get(key)):
            return f"{key} is missing or not a snowflake"
    kind = data.get("type")
    if isinstance(kind, bool) or not isinstance(kind, int):
        return "type is missing or not a number"
    if not isinstance(data.get("token"), str) or not data["token"]:
        return "token is missing"
    for key in ("version", "attachment_size_limit"):
        if key not in data:
            return f"{key} is missing"
    if data.get("guild_id") is not None and not _snowflake(data["guild_id"]):
        return "guild_id is not a snowflake"
    problem = _who(data)
    if problem is not None:
        return problem
    inner = data.get("data")
    if kind in _INNER:
        if not isinstance(inner, dict):
            return "data is missing or not an object"
        for key, expected in _INNER[kind]:
            if not isinstance(inner.get(key), expected) or isinstance(inner.get(key), bool):
                return f"data.{key} is missing or of the wrong type"
        if not isinstance(inner.get("options", []), list):
            return "data.options is not a list"
    return None


def describe(data: Any) -> str:
    """The interaction, as a log may show it: id, type and command; never its token."""
    if not isinstance(data, dict):
        return repr(type(data).__name__)
    inner = data.get("data") if isinstance(data.get("data"), dict) else {}
    name = inner.get("name") or inner.get("custom_id")
    parts = [f"id={str(data.get('id'))[:24]}", f"type={str(data.get('type'))[:8]}"]
    if name is not None:
        parts.append(f"{'/' if 'name' in inner else 'component '}{str(name)[:40]!r}")
    return " ".join(parts)


class RoutedState(ConnectionState):
    """discord.py's connection state, whose ``INTERACTION_CREATE`` parser is the intake: the
    gateway feeds ``Intake.receive`` like the HTTP endpoint does."""

    intake: Intake | None = None

    def parse_interaction_create(self, data: Any) -> None:
        """A gateway ``INTERACTION_CREATE``: to the intake (discord.py's own parser until the
        bot has one)."""
        if self.intake is None:
            self.route(data)
        else:
            self.intake.receive(data)

    def route(self, data: Any) -> None:
        """discord.py's own routing: the interaction into the tree, a view or a modal."""
        super().parse_interaction_create(data)


class ShardedRoutedState(RoutedState, AutoShardedConnectionState):
    """The same, for a bot over several gateway connections."""


def routed_state(base: ConnectionState, options: dict[str, Any]) -> RoutedState:
    """A ``RoutedState`` made like ``base`` (the state discord.py built for the client)."""
    kind = ShardedRoutedState if isinstance(base, AutoShardedConnectionState) else RoutedState
    return kind(dispatch=base.dispatch, handlers=base.handlers, hooks=base.hooks,
                http=base.http, **options)


class FirstAnswer(AsyncWebhookAdapter):
    """discord.py's webhook adapter for one POSTed interaction: its first response becomes
    ``body`` (the HTTP response to Discord) instead of a call to the callback endpoint."""

    def __init__(self, interaction_id: int, application_id: int,
                 stand_in: dict[str, Any] | None = None) -> None:
        super().__init__()
        self.interaction_id = interaction_id
        self.application_id = application_id
        self.stand_in = stand_in
        """What the POST answers when the bot's first response is not ready in time (a
        deferral, empty choices); None: the POST gets 202 and a late answer goes to Discord."""
        self.stood_in = False
        self.body: asyncio.Future[dict[str, Any] | None] = \
            asyncio.get_running_loop().create_future()
        """The first response's JSON, or None when it went to Discord itself (it had files,
        or came after the POST was answered)."""

    def sent_itself(self) -> None:
        """The first response went to Discord's callback endpoint: the POST gets no body."""
        if not self.body.done():
            self.body.set_result(None)

    def too_late(self) -> None:
        """Time is up for the POST: it answers with the stand-in, or without a body."""
        if not self.body.done():
            self.stood_in = self.stand_in is not None
            self.body.set_result(self.stand_in)

    async def create_interaction_response(  # type: ignore[override]
        self, interaction_id: int, token: str, *, session: aiohttp.ClientSession,
        proxy: str | None = None, proxy_auth: aiohttp.BasicAuth | None = None,
        params: MultipartParameters,
    ) -> Any:
        """Hand the first response over; send anything else as discord.py would."""
        if interaction_id == self.interaction_id and self.stood_in:
            return await self._after_stand_in(token, session, proxy, proxy_auth, params)
        if interaction_id != self.interaction_id or self.body.done() or params.files:
            try:
                return await super().create_interaction_response(
                    interaction_id, token, session=session, proxy=proxy,
                    proxy_auth=proxy_auth, params=params)
            finally:
                self.sent_itself()  # files go multipart to the callback: the POST gets a 202
        payload = params.payload or {}
        self.body.set_result(payload)
        return _acknowledged(interaction_id, payload)

    async def _after_stand_in(self, token: str, session: aiohttp.ClientSession,
                              proxy: str | None, proxy_auth: aiohttp.BasicAuth | None,
                              params: MultipartParameters) -> Any:
        """The bot's own first response, after the POST stood in for it: a message (or a
        message update) replaces the "thinking…" Discord shows; a deferral, choices or a modal
        cannot follow a deferral, and are dropped (one log line)."""
        payload = params.payload or {}
        if payload.get("type") in (4, 7):  # a message, or a component's message updated
            multipart = params.multipart
            if multipart:  # files: the edit's payload_json is the message alone
                multipart = [{**part, "value": json.dumps(payload.get("data") or {})}
                             if part.get("name") == "payload_json" else part
                             for part in multipart]
            await self.edit_original_interaction_response(
                self.application_id, token, session=session, proxy=proxy,
                proxy_auth=proxy_auth, payload=None if multipart else payload.get("data"),
                multipart=multipart, files=params.files)
        elif payload.get("type") not in (5, 6):
            log.warning("a late %s after the stand-in deferral of interaction %s: dropped",
                        payload.get("type"), self.interaction_id)
        return _acknowledged(self.interaction_id, payload)


def _acknowledged(interaction_id: int, payload: dict[str, Any]) -> dict[str, Any]:
    """What Discord's callback endpoint answers (``with_response``), minus the message, whose
    id only Discord knows: discord.py reads it to mark the interaction answered."""
    flags = (payload.get("data") or {}).get("flags", 0)
    return {"interaction": {"id": str(interaction_id), "type": payload.get("type"),
                            "response_message_loading": payload.get("type") == 5,
                            "response_message_ephemeral": bool(flags & 64)}}


class Intake:
    """The entry point of interactions into the bot; keeps what each one starts."""

    def __init__(self, state: RoutedState) -> None:
        self.state = state
        state.intake = self
        self._inflight: dict[asyncio.Task[Any], str] = {}
        self.draining = False
        self.refused = 0

    def receive(self, data: Any) -> bool:
        """One ``INTERACTION_CREATE`` into the tree, views or modals; never raises. False:
        dropped, nothing will answer it."""
        problem = malformed(data)
        if problem is not None:
            log.warning("dropped a malformed interaction (%s): %s", problem, describe(data))
            return False
        if self.draining:
            return self._refuse(data)
        label = describe(data)
        try:
            started = _tasks_started_by(lambda: self.state.route(data))
        except Exception as error:  # a shape the check above let through: drop it all the same
            log.warning("dropped a malformed interaction (%s: %s): %s", type(error).__name__,
                        str(error)[:200], label)
            return False
        for task in started:
            self._track(task, label)
        return True

    async def answer(self, data: dict[str, Any], wait: float,
                     stand_in: dict[str, Any] | None = None) -> dict[str, Any] | None:
        """A POSTed interaction (checked by ``malformed`` already) received as the gateway's
        are; its first response, to be the body of the HTTP response, once the bot gives one
        (within ``wait`` seconds). Past ``wait``: ``stand_in`` (a deferral: the bot's answer
        then replaces the "thinking…" message), or None (a late answer goes to Discord's
        callback endpoint). None too when the first response had files (it went there)."""
        first = FirstAnswer(int(data["id"]), int(data.get("application_id") or 0), stand_in)
        context = contextvars.copy_context()
        context.run(async_context.set, first)
        # the tasks it starts inherit the context, and with it ``first``
        if not context.run(self.receive, data):
            return None
        if first.body.done():
            return first.body.result()
        # past ``wait``, the POST is answered without a body (and a late answer goes to the
        # callback endpoint): a timer, not wait_for, which costs a task per interaction
        timer = asyncio.get_running_loop().call_later(wait, first.too_late)
        try:
            return await first.body
        finally:
            timer.cancel()

    def resume(self, data: dict[str, Any]) -> bool:
        """Run an interaction that another replica deferred and could not finish: Discord
        shows "thinking…" already, so its first response replaces that message. False: it
        could not be taken."""
        first = FirstAnswer(int(data["id"]), int(data.get("application_id") or 0),
                            stand_in={"type": 5})
        first.too_late()  # the deferral Discord holds is the stand-in
        context = contextvars.copy_context()
        context.run(async_context.set, first)
        return context.run(self.receive, data)

    def _track(self, task: asyncio.Task[Any], label: str) -> None:
        self._inflight[task] = label
        task.add_done_callback(self._finished)

    def _finished(self, task: asyncio.Task[Any]) -> None:
        self._inflight.pop(task, None)

    def _refuse(self, data: dict[str, Any]) -> bool:
        self.refused += 1
        log.info("refused an interaction while shutting down: %s", describe(data))
        try:
            interaction: discord.Interaction[ModelBot] = discord.Interaction(
                data=data, state=self.state)  # type: ignore[arg-type]
        except Exception as error:
            log.warning("dropped a malformed interaction (%s): %s", type(error).__name__,
                        describe(data))
            return False
        task = asyncio.create_task(_tell_restarting(interaction), name="modelbot-refuse")
        self._track(task, describe(data))
        return True

    async def drain(self, timeout: float, hurry: asyncio.Event | None = None, *,
                    refuse: bool = True) -> None:
        """Wait up to ``timeout`` seconds for the interactions in flight (or until ``hurry`` is
        set), then log what finished and what was cut off. ``refuse``: tell newcomers the bot
        restarts meanwhile (the gateway; over HTTP the load balancer stops sending them, and
        those already on their way are answered)."""
        self.draining = refuse
        loop = asyncio.get_running_loop()
        start = loop.time()
        started = set(self._inflight)  # newcomers told to retry are waited for, not counted
        log.info("draining: %d interactions in flight (waiting at most %g s)", len(started),
                 timeout)
        hurried = asyncio.ensure_future((hurry or asyncio.Event()).wait())
        try:
            while self._inflight and not hurried.done():
                remaining = start + timeout - loop.time()
                if remaining <= 0:
                    break
                await asyncio.wait({*self._inflight, hurried}, timeout=remaining,
                                   return_when=asyncio.FIRST_COMPLETED)
        finally:
            hurried.cancel()
        elapsed = loop.time() - start
        cut = dict(self._inflight)
        log.info("drained: %d of %d interactions finished in %.2f s; %d refused meanwhile",
                 sum(t.done() for t in started), len(started), elapsed, self.refused)
        if cut:
            log.warning("shutting down with %d interactions unanswered: %s", len(cut),
                        ", ".join(sorted(cut.values())[:20]))
            # stopped here rather than failing on the closed HTTP session, logged as bugs
            for task in cut:
                task.cancel()
            await asyncio.wait(cut, timeout=1)


async def _tell_restarting(interaction: discord.Interaction[ModelBot]) -> None:
    """A newcomer during shutdown hears that the bot restarts (no choices for a keystroke)."""
    try:
        if interaction.type is discord.InteractionType.autocomplete:
            await interaction.response.autocomplete([])
            return
        lang = reply_language(interaction.client.settings, None, interaction.locale)
        await interaction.response.send_message(
            embed=render_notice(i18n.t(lang, "discord.restarting"), error=False),
            ephemeral=True, allowed_mentions=discord.AllowedMentions.none())
    except discord.HTTPException as error:
        log.warning("could not tell interaction %s that the bot restarts: %s", interaction.id,
                    error)


def _tasks_started_by(run: Callable[[], None]) -> list[asyncio.Task[Any]]:
    """The tasks ``run`` starts (discord.py starts one per command, autocomplete or press):
    seen by the event loop's task factory, in place only while ``run`` runs."""
    loop = asyncio.get_running_loop()
    previous = loop.get_task_factory()
    started: list[asyncio.Task[Any]] = []

    def factory(loop: asyncio.AbstractEventLoop, coro: Any, **kwargs: Any) -> Any:
        task = previous(loop, coro, **kwargs) if previous is not None else \
            asyncio.Task(coro, loop=loop, **kwargs)
        started.append(task)
        return task

    loop.set_task_factory(factory)
    try:
        run()
    finally:
        loop.set_task_factory(previous)
    return started
