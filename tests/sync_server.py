"""CLiB's repository served over HTTP on 127.0.0.1, for the sync tests (a pytest plugin: the
``clib`` fixture is available to every test).

The server runs its own event loop in a thread, so a test can call ``main(["sync", ...])``
(which runs ``asyncio.run``) while the server answers. It serves a copy of the repository's own
``data/v5.11.7`` laid out as the repository (``README.md``, ``leaderboard/*.md``), with an ETag
and a Last-Modified per file, GitHub's contents API for ``leaderboard/`` at ``listing_url``, and
records every request. Each test sets how it misbehaves: files missing, answers stalled, a
connection dropped mid-file, error statuses, a body sent in many small pieces, every body
gzip-compressed, redirects, 429 with Retry-After, a body that trickles a byte at a time.
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import json
import threading
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from aiohttp import web

from tests.paths import CURRENT_DIR

LAST_MODIFIED = "Tue, 08 Sep 2026 08:00:00 GMT"


@dataclass
class Request:
    """One request the server received."""

    path: str
    status: int
    headers: dict[str, str]


def repository_files(folder: Path = CURRENT_DIR) -> dict[str, bytes]:
    """A release folder's files by their path in the repository."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*.md")) if p.is_file()}


@dataclass
class Commit:
    """A commit of the repository's history: its SHA, date and files."""

    sha: str
    date: str
    files: dict[str, bytes]


@dataclass
class RepoServer:
    """The repository and how the server answers for it; change any field in a test."""

    files: dict[str, bytes] = field(default_factory=repository_files)
    stall: set[str] = field(default_factory=set)  # never answered (until the server stops)
    drop: dict[str, int] = field(default_factory=dict)  # path -> times to cut the body off
    fail: dict[str, list[int]] = field(default_factory=dict)  # path -> statuses to answer first
    pieces: dict[str, int] = field(default_factory=dict)  # path -> pieces its body is sent in
    etags: bool = True  # False: only Last-Modified validates
    gzip: bool = False  # compress every body (Content-Encoding: gzip), as GitHub's raw server
    redirect: dict[str, str] = field(default_factory=dict)  # path -> Location (302)
    retry_after: dict[str, list[str]] = field(default_factory=dict)  # path -> 429 Retry-Afters
    limited: int = 429  # the status of a rate-limited answer (GitHub's secondary limit: 403)
    trickle: dict[str, float] = field(default_factory=dict)  # path -> seconds between bytes
    requests: list[Request] = field(default_factory=list)
    active: int = 0  # file requests being answered now
    peak: int = 0  # the most ever answered at once
    base: str = ""
    # GitHub's history: commits newest first, the commits API paged by `page_size`, raw files
    # at /raw/OWNER/REPO/REF/PATH, the API at /gh; `api_limited` answers the API first with
    # these (status, headers)
    history: list[Commit] = field(default_factory=list)
    page_size: int = 100
    api_limited: list[tuple[int, dict[str, str]]] = field(default_factory=list)

    @property
    def api(self) -> str:
        return f"{self.base}/gh"

    @property
    def raw(self) -> str:
        return f"{self.base}/raw/clib/bench/main"

    @property
    def listing_url(self) -> str:
        return f"{self.base}/api/contents/leaderboard"

    def downloads(self, path: str | None = None) -> list[Request]:
        """Requests answered with a whole file (200), of ``path`` or of any file."""
        return [r for r in self.requests if r.status == 200 and path in (None, r.path)]

    def asked(self, path: str) -> int:
        return sum(1 for r in self.requests if r.path == path)

    # -- the application --------------------------------------------------------------------

    def app(self, released: asyncio.Event) -> web.Application:
        app = web.Application()
        app.router.add_get("/api/contents/leaderboard", self._listing)
        app.router.add_get("/gh/repos/clib/bench/commits", self._commits)
        app.router.add_get("/gh/repos/clib/bench/contents/leaderboard", self._listing_at)
        app.router.add_get("/raw/clib/bench/{ref}/{path:.*}", self._raw)
        app.router.add_get("/{path:.*}", self._file)
        self._released = released
        return app

    def _log(self, request: web.Request, path: str, status: int) -> None:
        self.requests.append(Request(path, status, dict(request.headers)))

    def _encoded(self, request: web.Request, body: bytes, headers: dict[str, str]) -> bytes:
        """The body as sent: gzip-compressed when the server compresses and the client takes
        it (the Content-Length is then the compressed size, as HTTP says)."""
        if self.gzip and "gzip" in request.headers.get("Accept-Encoding", ""):
            headers["Content-Encoding"] = "gzip"
            return gzip.compress(body)
        return body

    async def _listing(self, request: web.Request) -> web.Response:
        entries = [{"name": p.split("/", 1)[1], "path": p, "type": "file",
                    "size": len(body), "download_url": f"{self.base}/{p}"}
                   for p, body in sorted(self.files.items()) if p.startswith("leaderboard/")]
        entries.append({"name": "pic", "path": "leaderboard/pic", "type": "dir"})
        body = json.dumps(entries).encode()
        tag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if request.headers.get("If-None-Match") == tag:
            self._log(request, "leaderboard/", 304)
            return web.Response(status=304)
        self._log(request, "leaderboard/", 200)
        headers = {"ETag": tag, "Content-Type": "application/json"}
        return web.Response(body=self._encoded(request, body, headers), headers=headers)

    def _at(self, ref: str) -> Commit | None:
        if ref == "main" and self.history:
            return self.history[0]
        return next((c for c in self.history if c.sha == ref), None)

    def _api_limited(self, request: web.Request, path: str) -> web.Response | None:
        if not self.api_limited:
            return None
        status, headers = self.api_limited.pop(0)
        self._log(request, path, status)
        return web.Response(status=status, headers=headers,
                            text='{"message": "API rate limit exceeded"}')

    async def _commits(self, request: web.Request) -> web.Response:
        """GitHub's commits API for README.md: newest first, paged, Link rel="next"."""
        limited = self._api_limited(request, "commits")
        if limited is not None:
            return limited
        assert request.query.get("path") == "README.md"
        page = int(request.query.get("page", "1"))
        size = min(self.page_size, int(request.query.get("per_page", "30")))
        items = self.history[(page - 1) * size: page * size]
        body = json.dumps([{"sha": c.sha, "commit": {"committer": {"date": c.date}}}
                           for c in items]).encode()
        tag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        headers = {"ETag": tag, "Content-Type": "application/json"}
        if page * size < len(self.history):
            query = dict(request.query, page=str(page + 1))
            url = f"{self.api}/repos/clib/bench/commits?" + urllib.parse.urlencode(query)
            headers["Link"] = f'<{url}>; rel="next"'
        if request.headers.get("If-None-Match") == tag:
            self._log(request, f"commits?page={page}", 304)
            return web.Response(status=304, headers=headers)
        self._log(request, f"commits?page={page}", 200)
        return web.Response(body=body, headers=headers)

    async def _listing_at(self, request: web.Request) -> web.Response:
        """The contents API's listing of leaderboard/ at a commit (``?ref=SHA``)."""
        limited = self._api_limited(request, "leaderboard/")
        if limited is not None:
            return limited
        commit = self._at(request.query.get("ref", "main"))
        if commit is None:
            self._log(request, "leaderboard/", 404)
            return web.Response(status=404, text='{"message": "No commit found"}')
        entries = [{"name": p.split("/", 1)[1], "path": p, "type": "file", "size": len(b),
                    "sha": hashlib.sha1(b).hexdigest(),
                    "download_url": f"{self.base}/raw/clib/bench/{commit.sha}/{p}"}
                   for p, b in sorted(commit.files.items()) if p.startswith("leaderboard/")]
        self._log(request, f"leaderboard/@{commit.sha[:7]}", 200)
        return web.json_response(entries)

    async def _raw(self, request: web.Request) -> web.Response:
        """A raw file at a commit."""
        commit = self._at(request.match_info["ref"])
        path = request.match_info["path"]
        body = None if commit is None else commit.files.get(path)
        shown = f"{path}@{(commit.sha[:7] if commit else request.match_info['ref'])}"
        statuses = self.fail.get(shown)
        if statuses:
            status = statuses.pop(0)
            self._log(request, shown, status)
            return web.Response(status=status, text="server error")
        if body is None:
            self._log(request, shown, 404)
            return web.Response(status=404, text="404: Not Found")
        tag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if request.headers.get("If-None-Match") == tag:
            self._log(request, shown, 304)
            return web.Response(status=304, headers={"ETag": tag})
        self._log(request, shown, 200)
        return web.Response(body=body, headers={"ETag": tag})

    async def _file(self, request: web.Request) -> web.StreamResponse:
        self.active += 1
        self.peak = max(self.peak, self.active)
        try:
            return await self._answer(request)
        finally:
            self.active -= 1

    async def _answer(self, request: web.Request) -> web.StreamResponse:
        path = request.match_info["path"]
        if path in self.stall:
            self._log(request, path, 0)
            await self._released.wait()
        if path in self.redirect:
            self._log(request, path, 302)
            return web.Response(status=302, headers={"Location": self.redirect[path]})
        waits = self.retry_after.get(path)
        if waits:
            self._log(request, path, self.limited)
            return web.Response(status=self.limited, headers={"Retry-After": waits.pop(0)})
        statuses = self.fail.get(path)
        if statuses:
            status = statuses.pop(0)
            self._log(request, path, status)
            return web.Response(status=status, text="server error")
        body = self.files.get(path)
        if body is None:
            self._log(request, path, 404)
            return web.Response(status=404, text="404: Not Found")
        tag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        headers = {"Last-Modified": LAST_MODIFIED}
        if self.etags:
            headers["ETag"] = tag
        # If-Modified-Since counts only without If-None-Match, as HTTP says
        if (self.etags and request.headers.get("If-None-Match") == tag) or (
                "If-None-Match" not in request.headers
                and request.headers.get("If-Modified-Since") == LAST_MODIFIED):
            self._log(request, path, 304)
            return web.Response(status=304, headers=headers)
        if self.drop.get(path, 0) > 0:
            self.drop[path] -= 1
            self._log(request, path, -1)
            return await self._cut_off(request, self._encoded(request, body, headers), headers)
        self._log(request, path, 200)
        if path in self.trickle:
            return await self._trickle(request, body, headers, self.trickle[path])
        body = self._encoded(request, body, headers)
        return await self._send(request, body, headers, self.pieces.get(path, 1))

    async def _trickle(self, request: web.Request, body: bytes, headers: dict[str, str],
                       pause: float) -> web.StreamResponse:
        """A byte at a time, ``pause`` seconds apart: each read is quick, the file never
        ends (until the client gives up)."""
        response = web.StreamResponse(headers=headers)
        response.content_length = len(body)
        await response.prepare(request)
        for start in range(len(body)):
            await response.write(body[start:start + 1])
            await asyncio.sleep(pause)
        await response.write_eof()
        return response

    async def _send(self, request: web.Request, body: bytes, headers: dict[str, str],
                    pieces: int) -> web.StreamResponse:
        if pieces <= 1:
            return web.Response(body=body, headers=headers)
        response = web.StreamResponse(headers=headers)
        response.content_length = len(body)
        await response.prepare(request)
        size = -(-len(body) // pieces)
        for start in range(0, len(body), size):
            await response.write(body[start:start + size])
            await asyncio.sleep(0.005)  # the server's own pace; the client waits for it
        await response.write_eof()
        return response

    async def _cut_off(self, request: web.Request, body: bytes, headers: dict[str, str]
                       ) -> web.StreamResponse:
        """Promise the whole body, send half, then drop the connection."""
        response = web.StreamResponse(headers=headers)
        response.content_length = len(body)
        await response.prepare(request)
        await response.write(body[: len(body) // 2])
        assert request.transport is not None
        request.transport.close()
        return response


class _Thread:
    """Runs a ``RepoServer`` on its own event loop in a daemon thread."""

    def __init__(self, server: RepoServer) -> None:
        self.server = server
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True, name="clib-server")

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.run_until_complete(self._start())
        self.ready.set()
        self.loop.run_forever()

    async def _start(self) -> None:
        self.released = asyncio.Event()
        self.runner = web.AppRunner(self.server.app(self.released), access_log=None)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.server.base = f"http://127.0.0.1:{port}"

    def start(self) -> None:
        self.thread.start()
        assert self.ready.wait(10), "the test server did not start"

    def stop(self) -> None:
        async def shutdown() -> None:
            self.released.set()
            await self.runner.cleanup()

        asyncio.run_coroutine_threadsafe(shutdown(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.loop.close()


@pytest.fixture
def clib() -> Iterator[RepoServer]:
    """CLiB v5.11.7's repository on 127.0.0.1."""
    server = RepoServer()
    thread = _Thread(server)
    thread.start()
    yield server
    thread.stop()
