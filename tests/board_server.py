"""A board served over HTTP on loopback, for the fetch tests (a pytest plugin: the ``server``
fixture is available to every test)."""

from __future__ import annotations

import asyncio
import gzip

import pytest
from aiohttp import web

from tests.paths import SEED_FILE

SEED = SEED_FILE.read_text(encoding="utf-8")


class BoardServer:
    """Serves one board with an ETag; each test sets how it answers."""

    def __init__(self) -> None:
        self.body = SEED.encode()
        self.etag: str | None = '"v1"'  # None: no ETag sent
        self.last_modified: str | None = None  # a Last-Modified to send and honour
        self.status = 200
        self.hang = asyncio.Event()  # set = answer; clear = never answer (a timeout)
        self.hang.set()
        self.pieces = 1  # send the body in this many writes, as a slow network delivers it
        self.gzip = False  # compress the body (Content-Encoding: gzip), as GitHub does
        self.redirect: str | None = None  # answer 302 to this Location
        self.requests: list[dict[str, str]] = []
        self.app = web.Application()
        self.app.router.add_get("/board.md", self.board)

    async def board(self, request: web.Request) -> web.StreamResponse:
        self.requests.append(dict(request.headers))
        await self.hang.wait()
        if self.redirect is not None:
            return web.Response(status=302, headers={"Location": self.redirect})
        if self.status != 200:
            return web.Response(status=self.status, text="server error")
        if self.etag is not None and request.headers.get("If-None-Match") == self.etag:
            return web.Response(status=304)
        # If-Modified-Since counts only without If-None-Match, as HTTP says
        if (self.last_modified is not None and "If-None-Match" not in request.headers
                and request.headers.get("If-Modified-Since") == self.last_modified):
            return web.Response(status=304)
        headers = {}
        if self.etag is not None:
            headers["ETag"] = self.etag
        if self.last_modified is not None:
            headers["Last-Modified"] = self.last_modified
        if self.gzip:
            headers["Content-Encoding"] = "gzip"
            return web.Response(body=gzip.compress(self.body), headers=headers)
        if self.pieces == 1:
            return web.Response(body=self.body, headers=headers)
        response = web.StreamResponse(headers=headers)
        await response.prepare(request)
        size = -(-len(self.body) // self.pieces)
        for start in range(0, len(self.body), size):
            await response.write(self.body[start:start + size])
            # a pause between pieces, as between network packets; the reader must wait for
            # the rest whatever the pause (this only makes a reader that does not more likely
            # to be caught)
            await asyncio.sleep(0.02)
        await response.write_eof()
        return response


@pytest.fixture
async def server():
    board = BoardServer()
    runner = web.AppRunner(board.app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    board.url = f"http://127.0.0.1:{port}/board.md"
    yield board
    board.hang.set()
    await runner.cleanup()


