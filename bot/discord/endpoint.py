"""Discord's HTTP interactions endpoint: every interaction POSTed, signed, to one URL.

A request passes the signature check (401 otherwise), carries a JSON object (400 otherwise)
and no more than ``http.max_body`` bytes (413). A PING is answered in the response, as Discord
requires; anything else is handed over (``hand_over``) to the same command tree, views and
error handler the gateway feeds (``bot.discord.intake``), and its first response (a message, a
deferral, choices, a modal, a component update) is the body of the HTTP response. A first
response with files goes to Discord's callback endpoint and the POST gets 202, as it does when
``http.answer_wait`` runs out.

``GET /healthz`` says whether this replica takes interactions (503 while it drains), ``GET
/livez`` whether the process is alive: what load balancers and Kubernetes probes ask.
"""

from __future__ import annotations

import json
import logging
import time
from typing import TYPE_CHECKING, Any, Literal

from aiohttp import web

from bot.discord.intake import describe, malformed
from bot.discord.signature import Verifier

if TYPE_CHECKING:
    from bot.discord.app import ModelBot

log = logging.getLogger(__name__)
PING, PONG = 1, {"type": 1}


class Endpoint:
    """The aiohttp application that serves one bot's interactions."""

    def __init__(self, bot: ModelBot, public_key: str) -> None:
        self.bot = bot
        self.verifier = Verifier(public_key)
        self.state: Literal["starting", "ready", "draining"] = "starting"
        """Whether the replica takes interactions: logged in and listening, not draining."""
        self.answered = 0
        self.refused = 0

    def app(self) -> web.Application:
        """The routes: the interactions path, ``/healthz`` and ``/livez``."""
        http = self.bot.settings.http
        app = web.Application(client_max_size=http.max_body)
        app.router.add_post(http.path, self.interaction)
        app.router.add_get("/healthz", self.health)
        app.router.add_get("/livez", self.alive)
        return app

    async def health(self, request: web.Request) -> web.Response:
        """200 while this replica takes interactions, 503 before it is ready and while it
        drains (a load balancer then sends them elsewhere)."""
        return web.json_response({"status": self.state},
                                 status=200 if self.state == "ready" else 503)

    async def alive(self, request: web.Request) -> web.Response:
        """200 while the process runs (a hung process would not answer at all)."""
        return web.json_response({"status": "alive"})

    async def interaction(self, request: web.Request) -> web.Response:
        """One interaction: check, then answer it (PING) or hand it to the bot."""
        body = await request.read()  # past http.max_body aiohttp answers 413 itself
        headers = request.headers
        if not self.verifier.valid(headers.get("X-Signature-Ed25519"),
                                   headers.get("X-Signature-Timestamp"), body, time.time()):
            self.refused += 1
            return web.Response(status=401, text="invalid request signature")
        try:
            data: Any = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            return web.Response(status=400, text="the body is not JSON")
        if isinstance(data, dict) and data.get("type") == PING:
            return web.json_response(PONG)
        problem = malformed(data)
        if problem is not None:
            log.warning("refused a malformed interaction (%s): %s", problem, describe(data))
            return web.Response(status=400, text=f"not an interaction: {problem}")
        return await self.hand_over(data)

    async def hand_over(self, data: dict[str, Any]) -> web.Response:
        """A verified interaction to the bot; its first response is the HTTP response."""
        first = await self.bot.intake.answer(data, self.bot.settings.http.answer_wait)
        self.answered += 1
        if first is None:  # sent to the callback endpoint (files), or nothing came in time
            return web.Response(status=202)
        body = json.dumps(first, separators=(",", ":"), ensure_ascii=True).encode()
        return web.Response(body=body, content_type="application/json")
