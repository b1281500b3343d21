"""The HTTP server under the interactions endpoint, with limits aiohttp does not set itself:
a cap on open connections (a new one beyond it is closed at once), a deadline for a request's
headers (aiohttp's idle timer, which also runs while headers trickle in), and a malformed
request logged as one warning line instead of aiohttp's traceback."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError
from aiohttp.web_protocol import RequestHandler, RequestPayloadError

log = logging.getLogger("bot.discord.http")


class _OneLine(logging.LoggerAdapter):
    """aiohttp's server logger: what a client sent wrong is a warning of one line (the
    client's doing, not ours); anything else keeps its traceback (a bug of ours)."""

    def exception(self, msg: object, *args: object, exc_info: Any = True,
                  **kwargs: Any) -> None:
        error = exc_info if isinstance(exc_info, BaseException) else None
        if isinstance(error, HttpProcessingError | RequestPayloadError | ConnectionError):
            self.warning("refused a malformed HTTP request: %s: %s", type(error).__name__,
                         str(error).splitlines()[0][:200] if str(error) else "")
            return
        self.error(msg, *args, exc_info=exc_info, **kwargs)


class LimitedRunner(web.AppRunner):
    """An ``AppRunner`` whose server closes connections beyond ``max_connections`` at once and
    any whose request headers take longer than ``header_timeout`` seconds."""

    def __init__(self, app: web.Application, *, max_connections: int, header_timeout: float,
                 on_shed: Callable[[], None] = lambda: None, **kwargs: Any) -> None:
        # aiohttp's keep-alive timer runs from the connection's start and from the end of each
        # response until the next request's headers are complete: a slow sender is cut off
        # after refusing a body, aiohttp reads on for up to lingering_time (10 s) so the client
        # sees the answer rather than a reset: a second is enough, and caps what a client
        # refused can still make the server read
        super().__init__(app, keepalive_timeout=header_timeout, lingering_time=1.0,
                         logger=_OneLine(log, {}), **kwargs)
        self.max_connections = max_connections
        self._on_shed = on_shed

    async def _make_server(self) -> Any:
        server = await super()._make_server()
        made = server.connection_made

        def connection_made(handler: RequestHandler, transport: Any) -> None:
            made(handler, transport)
            if len(server.connections) > self.max_connections:
                self._on_shed()
                log.debug("closed a connection beyond http.max_connections (%d)",
                          self.max_connections)
                transport.abort()

        server.connection_made = connection_made
        return server
