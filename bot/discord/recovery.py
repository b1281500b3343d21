"""One replica's claims on the interactions it serves (``bot.store.claims``), and the follow-ups
it finishes for replicas that died.

``claim`` runs before an interaction has any effect; ``settle`` records its first response;
while a claim is unfinished its owner renews the lease (``run``). ``run`` also takes over the
unfinished claims of replicas whose lease ran out: it asks Discord what became of each
interaction (``GET .../messages/@original``) and, where a deferral still shows "thinking…",
runs the command again as a follow-up. An interaction that was answered, or never
acknowledged (Discord has dropped it), is only marked done.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import discord

from bot.discord.intake import describe
from bot.discord.payload import AUTOCOMPLETE

if TYPE_CHECKING:
    from bot.discord.app import ModelBot

log = logging.getLogger(__name__)

TOKEN_SECONDS = 15 * 60
"""How long Discord takes follow-ups for an interaction: older claims are left alone."""


class Claims:
    """The claims of one replica (``owner``), on the bot's shared store."""

    def __init__(self, bot: ModelBot, owner: str, clock: Callable[[], float]) -> None:
        self.bot = bot
        self.owner = owner
        self.clock = clock
        self._tasks: set[asyncio.Task[Any]] = set()
        self.finished = 0
        """Follow-ups this replica finished for replicas that died."""

    @property
    def lease(self) -> float:
        return self.bot.settings.http.claim_lease

    async def claim(self, data: dict[str, Any], keep: float) -> bool:
        """Claim the interaction; False for a duplicate. A store that fails does not stop the
        interaction (logged): an answer beats none. A keystroke's choices (autocomplete)
        change nothing a repeat could double: not worth a write to the store."""
        if data.get("type") == AUTOCOMPLETE:
            return True
        try:
            return await self.bot.store.claim_interaction(
                int(data["id"]), self.owner, self.clock(), self.lease, keep,
                _dumps(data))
        except Exception as error:
            log.warning("cannot claim interaction %s, answering it unclaimed: %s",
                        data.get("id"), error)
            return True

    def settle(self, data: dict[str, Any], *, deferred: bool) -> None:
        """Record the first response (in the background): ``answered``, or ``deferred`` and
        then ``done`` once the interaction's work has ended."""
        if data.get("type") == AUTOCOMPLETE:
            return
        self._spawn(self._settle(int(data["id"]), data, deferred))

    async def _settle(self, key: int, data: dict[str, Any], deferred: bool) -> None:
        store = self.bot.store
        try:
            if not deferred:
                await store.settle_interaction(key, self.owner, "answered", self.clock())
                return
            # the payload stays: another replica needs it should this one die now
            await store.settle_interaction(key, self.owner, "deferred",
                                           self.clock() + self.lease, _dumps(data))
            work = _work_of(self.bot, key)
            if work:
                await asyncio.wait(work)
            await store.settle_interaction(key, self.owner, "done", self.clock())
        except Exception as error:
            log.warning("cannot record interaction %s in the store: %s", key, error)

    def _spawn(self, coro: Any) -> None:
        task = asyncio.create_task(coro, name="modelbot-claim")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def run(self) -> None:
        """Renew this replica's leases and finish what dead replicas left, every third of a
        lease, until cancelled."""
        while True:
            try:
                await self.round()
            except Exception as error:  # the loop must outlive a store that is away a while
                log.warning("claims round failed: %s", error)
            await asyncio.sleep(self.lease / 3)

    async def round(self) -> int:
        """One round: renew, take over, finish; how many were taken over."""
        store, now = self.bot.store, self.clock()
        await store.renew_claims(self.owner, now + self.lease)
        taken = await store.take_over_claims(self.owner, now, self.lease,
                                             now - TOKEN_SECONDS + 60)
        for key, payload in taken:
            self._spawn(self._finish(key, payload))
        return len(taken)

    async def _finish(self, key: int, payload: str) -> None:
        """Finish an interaction a dead replica claimed: a follow-up where "thinking…" shows."""
        store = self.bot.store
        try:
            data = json.loads(payload)
            interaction: discord.Interaction = discord.Interaction(
                data=data, state=self.bot.connection)
            try:
                original = await interaction.original_response()
            except discord.NotFound:  # never acknowledged: Discord has dropped it
                log.info("interaction %s was never answered by its replica; too late now",
                         key)
                await store.settle_interaction(key, self.owner, "done", self.clock())
                return
            if not original.flags.loading or interaction.type not in (
                    discord.InteractionType.application_command,):
                await store.settle_interaction(key, self.owner, "done", self.clock())
                return
            log.info("finishing %s, deferred by a replica that stopped", describe(data))
            await store.settle_interaction(key, self.owner, "deferred",
                                           self.clock() + self.lease, payload)
            if not self.bot.intake.resume(data):  # its answer replaces "thinking…"
                return
            await store.settle_interaction(key, self.owner, "done", self.clock())
            self.finished += 1
        except Exception as error:
            log.warning("could not finish interaction %s for a stopped replica: %s", key,
                        error)

    async def close(self) -> None:
        """Let the claims being recorded finish (briefly); cancel the rest."""
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=2)
        for task in list(self._tasks):
            task.cancel()
            with contextlib.suppress(BaseException):
                await task


def _dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False)


def _work_of(bot: ModelBot, key: int) -> set[asyncio.Task[Any]]:
    """The tasks the bot runs for interaction ``key`` (``Intake`` labels them by id)."""
    inflight = getattr(bot.intake, "_inflight", {})
    prefix = f"id={key} "
    return {task for task, label in inflight.items() if f"{label} ".startswith(prefix)}
