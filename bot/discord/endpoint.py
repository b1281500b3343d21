"""Discord's HTTP interactions endpoint: every interaction POSTed, signed, to one URL.

What a request goes through, cheapest refusal first, so that what the endpoint cannot serve
costs it little:

1. headers: a signature and a fresh, plain timestamp (401 otherwise), a declared length
   within ``http.max_body`` (413), a free reading slot (``http.max_reading``; 503): nothing
   unauthenticated is read before this;
2. the body, at most ``http.max_body`` bytes within ``http.read_timeout`` seconds in all (413,
   408), then its signature (401; the body is dropped at once), JSON (400, also when nested
   too deep to parse), an interaction discord.py can read (400 and one warning line);
3. a PING is answered; beyond ``http.max_inflight`` interactions waiting for their first
   response, a newcomer waits in line at most ``http.queue_wait`` seconds (from its arrival)
   for room, then is told that the bot is busy (an answer in the response body: an answer in
   time beats one Discord no longer takes);
4. a claim on the interaction id in the shared store (``bot.store.claims``): a second delivery
   of the same id is acknowledged and not run again (autocomplete, which changes nothing, is
   not claimed);
5. the hand-over to the bot (``Intake.answer``, one call), within what is left of
   ``http.answer_wait``: the interaction's first response (a message, a deferral, choices, a
   modal, a component update) is the body of the HTTP response, as Discord designed it. A
   first response with files goes to Discord's callback endpoint (the POST gets 202). If none
   is ready in time, the endpoint answers for the bot with a deferral (no choices for a
   keystroke), and the command's answer replaces the "thinking…" message when it comes,
   rather than arriving too late.

``GET /healthz`` says whether this replica takes interactions (503 while it drains), ``GET
/livez`` whether the process is alive, ``GET /metrics`` what it did (``bot.metrics``).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import socket
import time
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal

from aiohttp import web
from aiohttp.web_protocol import RequestPayloadError

from bot.discord import payload as checks
from bot.discord.admission import Admission
from bot.discord.http_server import LimitedRunner
from bot.discord.intake import describe, malformed
from bot.discord.recovery import Claims
from bot.discord.signature import MAX_SKEW, Verifier, fresh
from bot.metrics import Metrics, Outcome

if TYPE_CHECKING:
    from bot.discord.app import ModelBot

log = logging.getLogger(__name__)
PONG = {"type": 1}
SIGNATURE, TIMESTAMP = "X-Signature-Ed25519", "X-Signature-Timestamp"
# What the endpoint answers for the bot when its first response is not out in time.
_STAND_IN = {checks.COMMAND: 5, checks.MODAL: 5, checks.COMPONENT: 6}


class Endpoint:
    """The aiohttp application that serves one bot's interactions."""

    def __init__(self, bot: ModelBot, public_key: str, *,
                 clock: Callable[[], float] = time.time, owner: str | None = None) -> None:
        self.bot = bot
        self.verifier = Verifier(public_key)
        self.clock = clock
        """Seconds since the epoch: signatures' freshness and claims (tests set it)."""
        self.state: Literal["starting", "ready", "draining"] = "starting"
        """Whether the replica takes interactions: logged in and listening, not draining."""
        self.answered = 0
        self.refused = 0
        self.reading = 0
        self.metrics = Metrics(bot)
        self.admission = Admission(lambda: self.bot.settings.http.max_inflight,
                                   self.metrics.in_flight.set)
        self.claims = Claims(bot, owner or f"{socket.gethostname()}:{os.getpid()}:"
                             f"{uuid.uuid4().hex[:8]}", clock)
        self._keeper: asyncio.Task[None] | None = None

    def app(self) -> web.Application:
        """The routes: the interactions path, ``/healthz``, ``/livez`` and ``/metrics``; the
        claims' lease keeper runs while the application does."""
        http = self.bot.settings.http
        app = web.Application(client_max_size=http.max_body)
        app.router.add_post(http.path, self.interaction)
        app.router.add_get("/healthz", self.health)
        app.router.add_get("/livez", self.alive)
        app.router.add_get("/metrics", self.metrics.handle)
        app.on_startup.append(self._start)
        app.on_cleanup.append(self._stop)
        return app

    def runner(self, **kwargs: Any) -> LimitedRunner:
        """The app's runner, with the connection and header limits of ``http``."""
        http = self.bot.settings.http
        return LimitedRunner(self.app(), max_connections=http.max_connections,
                             header_timeout=http.header_timeout,
                             on_shed=lambda: self.metrics.count("-", "shed"), **kwargs)

    async def _start(self, app: web.Application) -> None:
        self._keeper = asyncio.create_task(self.claims.run(), name="modelbot-claims")

    async def _stop(self, app: web.Application) -> None:
        if self._keeper is not None:
            self._keeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._keeper
        await self.claims.close()

    async def health(self, request: web.Request) -> web.Response:
        """200 while this replica takes interactions, 503 before it is ready and while it
        drains (a load balancer then sends them elsewhere)."""
        return web.json_response({"status": self.state},
                                 status=200 if self.state == "ready" else 503)

    async def alive(self, request: web.Request) -> web.Response:
        """200 while the process runs (a hung process would not answer at all)."""
        return web.json_response({"status": "alive"})

    def _done(self, status: int, text: str, outcome: Outcome, command: str = "-",
              start: float | None = None) -> web.Response:
        self.metrics.count(command, outcome, None if start is None else
                           asyncio.get_running_loop().time() - start)
        return web.Response(status=status, text=text)

    async def interaction(self, request: web.Request) -> web.Response:
        """One interaction: check, then answer it (PING), refuse it, or hand it to the bot."""
        start = asyncio.get_running_loop().time()
        http = self.bot.settings.http
        headers = request.headers
        signature, timestamp = headers.get(SIGNATURE), headers.get(TIMESTAMP)
        if not fresh(signature, timestamp, self.clock()):
            self.refused += 1
            return _closing(self._done(401, "invalid request signature", "refused"))
        if request.content_length is not None and request.content_length > http.max_body:
            return _closing(self._done(413, "the body is too large", "refused"))
        if self.reading >= http.max_reading:
            return _closing(self._done(503, "busy: try again", "shed"))
        self.reading += 1
        try:
            body = await _read(request, http.max_body, http.read_timeout)
        finally:
            self.reading -= 1
        if isinstance(body, web.Response):
            self.metrics.count("-", "refused")
            return body
        if not self.verifier.valid(signature, timestamp, body, self.clock()):
            del body  # an unauthenticated body is not kept a moment longer
            self.refused += 1
            return self._done(401, "invalid request signature", "refused")
        data = _parse(body)
        del body
        if data is _NOT_JSON:
            return self._done(400, "the body is not JSON", "refused")
        if isinstance(data, dict) and data.get("type") == checks.PING:
            return web.json_response(PONG)
        problem = malformed(data) or checks.unreadable(data)
        if problem is not None:
            log.warning("refused a malformed interaction (%s): %s", problem, describe(data))
            return self._done(400, f"not an interaction this bot serves: {problem}", "refused",
                              self.metrics.command_of(data))
        return await self._admit(data, start)

    async def _admit(self, data: dict[str, Any], start: float) -> web.Response:
        """Shed, claim, then hand over: what a signed, readable interaction goes through."""
        http = self.bot.settings.http
        command = self.metrics.command_of(data)
        loop = asyncio.get_running_loop()
        if not await self.admission.enter(http.queue_wait - (loop.time() - start)):
            log.info("busy (%d interactions in flight): told %s to try again", self.in_flight,
                     describe(data))
            self.metrics.count(command, "shed", loop.time() - start)
            return web.json_response(checks.busy_answer(data, self.bot.settings.language))
        try:
            if not await self.claims.claim(data, keep=2 * MAX_SKEW + 60):
                log.info("interaction %s was delivered again: not run twice", data["id"])
                self.metrics.count(command, "duplicate", loop.time() - start)
                return web.Response(status=202)
            wait = http.answer_wait - (loop.time() - start)
            if wait <= 0.05:  # the claim took all the time there was: say so while it counts
                self.metrics.count(command, "shed", loop.time() - start)
                return web.json_response(checks.busy_answer(data, self.bot.settings.language))
            return await self._hand_over(data, command, wait, start)
        finally:
            self.admission.leave()

    @property
    def in_flight(self) -> int:
        """Interactions admitted and not yet answered."""
        return self.admission.taken

    async def _hand_over(self, data: dict[str, Any], command: str, wait: float,
                         start: float) -> web.Response:
        stand_in = _stand_in(data)
        try:
            first = await self.bot.intake.answer(data, wait, stand_in)
        except Exception:  # a bug: aiohttp logs it and answers 500; counted here
            self.metrics.count(command, "error")
            raise
        seconds = asyncio.get_running_loop().time() - start
        if first is stand_in:
            log.warning("no first response to %s within %.2f s: answered with %s",
                        describe(data), seconds,
                        "no choices" if stand_in["type"] == 8 else "a deferral")
        self.answered += 1
        if first is None:  # it went to Discord's callback endpoint (files): a message
            self.claims.settle(data, deferred=False)
            self.metrics.count(command, "answered", seconds)
            return web.Response(status=202)
        self.claims.settle(data, deferred=first.get("type") in checks.DEFERRED)
        self.metrics.count(command, "answered" if first is not stand_in or stand_in["type"] != 8
                           else "error", seconds)
        return web.json_response(first)


def _stand_in(data: dict[str, Any]) -> dict[str, Any]:
    """What the endpoint answers for the bot when its first response is not out in time."""
    kind = _STAND_IN.get(int(data["type"]))
    return {"type": 8, "data": {"choices": []}} if kind is None else {"type": kind}


def _closing(response: web.Response) -> web.Response:
    """The response, and the connection closed after it: the body was not read."""
    response.force_close()
    return response


async def _read(request: web.Request, limit: int, timeout: float) -> bytes | web.Response:
    """The body, or the response that refuses it: more than ``limit`` bytes (413), not all
    there within ``timeout`` seconds (408), or broken framing (400)."""
    chunks: list[bytes] = []
    size = 0
    try:
        async with asyncio.timeout(timeout):
            while chunk := await request.content.readany():
                size += len(chunk)
                if size > limit:
                    return _closing(web.Response(status=413, text="the body is too large"))
                chunks.append(chunk)
    except TimeoutError:
        log.warning("refused a request whose body took over %g s (%d bytes came)", timeout,
                    size)
        return _closing(web.Response(status=408, text="the body took too long"))
    except (RequestPayloadError, ConnectionError) as error:
        log.warning("refused a request with a broken body: %s", type(error).__name__)
        return _closing(web.Response(status=400, text="the body is malformed"))
    return b"".join(chunks)


_NOT_JSON = object()


def _parse(body: bytes) -> Any:
    """The JSON in ``body``, or ``_NOT_JSON``: not JSON, not UTF-8, or nested deeper than the
    parser goes (Python's recursion limit)."""
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return _NOT_JSON
