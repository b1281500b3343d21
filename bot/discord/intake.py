"""Interactions as they come in from the gateway, before discord.py reads them.

discord.py parses an ``INTERACTION_CREATE`` inside its gateway loop: a payload it cannot read
raises there and ends the whole connection (and the process). ``Intake`` stands in front of that
parser: it drops and logs what discord.py could not read, keeps the tasks each interaction
starts so that a shutdown can let them finish (``drain``), and, once draining, answers newcomers
that the bot is restarting instead of starting work it could not finish.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

import discord

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


class Intake:
    """Guards discord.py's ``INTERACTION_CREATE`` parser and keeps what it starts."""

    def __init__(self, bot: ModelBot) -> None:
        parsers = cast("dict[str, Callable[[Any], None]]", bot._connection.parsers)
        self._parse = parsers["INTERACTION_CREATE"]
        parsers["INTERACTION_CREATE"] = self.receive
        self._inflight: dict[asyncio.Task[Any], str] = {}
        self.draining = False
        self.refused = 0

    def receive(self, data: Any) -> None:
        """Parse one ``INTERACTION_CREATE`` as discord.py would, never raising."""
        problem = malformed(data)
        if problem is not None:
            log.warning("dropped a malformed interaction (%s): %s", problem, describe(data))
            return
        if self.draining:
            self._refuse(data)
            return
        before = asyncio.all_tasks()
        try:
            self._parse(data)
        except Exception as error:  # a shape the check above let through: drop it all the same
            log.warning("dropped a malformed interaction (%s: %s): %s", type(error).__name__,
                        str(error)[:200], describe(data))
        for task in asyncio.all_tasks() - before:
            self._track(task, describe(data))

    def _track(self, task: asyncio.Task[Any], label: str) -> None:
        self._inflight[task] = label
        task.add_done_callback(self._finished)

    def _finished(self, task: asyncio.Task[Any]) -> None:
        self._inflight.pop(task, None)

    def _refuse(self, data: dict[str, Any]) -> None:
        self.refused += 1
        log.info("refused an interaction while shutting down: %s", describe(data))
        state = cast("Any", self._parse).__self__  # the connection state the parser belongs to
        try:
            interaction: discord.Interaction = discord.Interaction(data=data, state=state)
        except Exception as error:
            log.warning("dropped a malformed interaction (%s): %s", type(error).__name__,
                        describe(data))
            return
        task = asyncio.create_task(_tell_restarting(interaction), name="modelbot-refuse")
        self._track(task, describe(data))

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


async def _tell_restarting(interaction: discord.Interaction) -> None:
    """A newcomer during shutdown hears that the bot restarts (no choices for a keystroke)."""
    try:
        if interaction.type is discord.InteractionType.autocomplete:
            await interaction.response.autocomplete([])
            return
        lang = reply_language(cast("ModelBot", interaction.client).settings, None,
                              interaction.locale)
        await interaction.response.send_message(
            embed=render_notice(i18n.t(lang, "discord.restarting"), error=False),
            ephemeral=True, allowed_mentions=discord.AllowedMentions.none())
    except discord.HTTPException as error:
        log.warning("could not tell interaction %s that the bot restarts: %s", interaction.id,
                    error)
