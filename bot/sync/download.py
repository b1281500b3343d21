"""Downloading files, one HTTP client for the whole project: ``modelbot sync`` and the running
bot's board fetcher (``bot.sources``) both fetch through ``Downloader``.

Upstream bytes are treated as hostile. Every file has a deadline for the whole transfer (not
only between two reads), a size limit on what is received and on what it decodes to, and a
``Downloader`` also counts what a whole sync receives (``max_total`` bytes). Bodies are asked
for compressed (``Accept-Encoding: gzip``, as GitHub's raw file server sends text) and decoded
here: the received length is checked against the Content-Length that was sent, then the body
is decompressed with the same size limit, so a small gzip bomb is refused. A redirect is
followed only within the host the file was asked from.

A request that fails for a reason that may pass (a 5xx or 429 answer, a refused or broken
connection, a timeout) is tried again after ``retry_delay`` seconds, doubled each time, or
after the server's ``Retry-After``, up to ``retries`` more times; then it is a ``SyncError``.
Any other answer than 200, 304 or 404 is a ``SyncError`` at once. A 404 is reported as
``missing``. A validator is sent only when the caller holds the body it stands for, and only
an ETag (a tag of the content): Last-Modified alone says nothing of what a file holds, so
without an ETag the file is downloaded and compared by its hash.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import math
import os
import socket
import urllib.parse
import zlib
from collections.abc import Awaitable, Callable, Coroutine, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, TypeVar

import aiohttp

from bot.core.errors import SyncError
from bot.core.upstream import shown
from bot.sync.state import Remembered

log = logging.getLogger(__name__)

MAX_BYTES = 5 * 1024 * 1024
"""A board is some kilobytes; a file larger than this is refused."""
MAX_TOTAL = 32 * 1024 * 1024
"""All files of one sync together (CLiB's ~600 boards are some megabytes in all)."""
MAX_FILES = 1000
"""Boards one release may have (CLiB's leaderboard folder holds about 600; GitHub's contents
API lists at most 1,000 files of a folder)."""
USER_AGENT = "modelbot-sync (+https://github.com/jeinlee1991/chinese-llm-benchmark)"
_sleep: Callable[[float], Awaitable[None]] = asyncio.sleep  # the tests record the waits
_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
_REDIRECT_STATUS = frozenset({301, 302, 303, 307, 308})
_DECODERS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS,
             "deflate": zlib.MAX_WBITS}


@dataclass(frozen=True)
class FetchPolicy:
    """How files are fetched: ``timeout`` seconds to connect and between two pieces of data,
    ``deadline`` seconds for a whole file, ``retries`` further tries after ``retry_delay``
    seconds (doubled each time; a server's Retry-After up to ``max_retry_after``), ``jobs``
    files at a time, ``max_bytes`` per file, ``max_total`` per sync, ``max_files`` boards per
    release, ``redirects`` hops within the host."""

    timeout: float = 20.0
    retries: int = 2
    retry_delay: float = 1.0
    jobs: int = 8
    max_bytes: int = MAX_BYTES
    deadline: float = 120.0
    max_total: int = MAX_TOTAL
    max_files: int = MAX_FILES
    max_retry_after: float = 120.0
    redirects: int = 5
    api: str = "https://api.github.com"
    token: str | None = field(default=None, repr=False)  # sent to ``api`` only, never shown


@dataclass(frozen=True)
class Got:
    """What one file's request gave: ``fetched`` (a new body), ``unchanged`` (a 304: ``body`` is
    the copy already held), ``missing`` (a 404) or ``kept`` (a 404 for a file the folder still
    holds: ``body`` is that copy)."""

    path: str
    url: str
    status: Literal["fetched", "unchanged", "missing", "kept"]
    body: bytes = b""
    etag: str | None = None
    last_modified: str | None = None
    link: str | None = None  # the Link header (GitHub's API pages by it)


class Progress(Protocol):
    """Receives what a sync does, as it does it (a progress bar, log lines)."""

    def planned(self, files: int) -> None:
        """The number of files this sync will ask for is known."""

    def received(self, size: int) -> None:
        """``size`` more bytes arrived."""

    def finished(self, got: Got) -> None:
        """One file is done (reported by the caller, which knows the plan)."""


class NoProgress:
    """A ``Progress`` that shows nothing."""

    def planned(self, files: int) -> None:
        """Nothing to show."""

    def received(self, size: int) -> None:
        """Nothing to show."""

    def finished(self, got: Got) -> None:
        """Nothing to show."""


class _Transient(Exception):
    """A failure that another try may not meet: its ``kind``, ``reason`` and the wait the
    server asked for (Retry-After), if any."""

    def __init__(self, kind: str, reason: str, wait: float | None = None) -> None:
        super().__init__(reason)
        self.kind, self.reason, self.wait = kind, reason, wait


def open_session(**kwargs: object) -> aiohttp.ClientSession:
    """The HTTP client every download uses: bodies are decoded here, not by aiohttp, so the
    received length can be checked against what the server sent."""
    return aiohttp.ClientSession(
        headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
        auto_decompress=False, **kwargs)  # type: ignore[arg-type]


def host_of(url: str) -> tuple[str, str]:
    """The scheme and host (with port) a URL names, for the same-host rule of redirects."""
    parts = urllib.parse.urlsplit(url)
    return parts.scheme.lower(), (parts.netloc.rpartition("@")[2]).lower()


class Downloader:
    """Fetches files over one session, ``policy.jobs`` at a time, counting what all of them
    receive against ``policy.max_total``."""

    def __init__(self, session: aiohttp.ClientSession, policy: FetchPolicy,
                 progress: Progress | None = None) -> None:
        if session.auto_decompress:  # the length check needs the body as it was sent
            raise TypeError("a Downloader needs a session from open_session()")
        self.session = session
        self.policy = policy
        self.progress: Progress = progress or NoProgress()
        self.received = 0
        self._slots = asyncio.Semaphore(max(1, policy.jobs))

    async def get(self, path: str, url: str, *, remembered: Remembered | None = None,
                  cached: bytes | None = None, missing_ok: bool = True) -> Got:
        """Fetch ``url`` (the release's ``path``); conditional when ``cached`` is the body
        ``remembered`` describes and it has an ETag. Raises ``SyncError`` once every try has
        failed."""
        headers = {}
        if self.policy.token and url.startswith(self.policy.api.rstrip("/") + "/"):
            headers["Authorization"] = f"Bearer {self.policy.token}"
        if cached is not None and remembered is not None and remembered.etag:
            headers["If-None-Match"] = remembered.etag
        tries = self.policy.retries + 1
        for attempt in range(1, tries + 1):
            try:
                async with self._slots:  # a waiting retry holds no slot
                    got = await self._once(path, url, headers, cached, remembered, missing_ok)
            except _Transient as problem:
                if attempt == tries:
                    raise _final(problem, path, url, tries, self.policy) from None
                wait = self.policy.retry_delay * 2 ** (attempt - 1)
                if problem.wait is not None:
                    if problem.wait > self.policy.max_retry_after:
                        raise SyncError("rate_limited", file=path, url=shown(url),
                                        seconds=problem.wait) from None
                    wait = problem.wait
                log.info("%s: %s; trying again in %g s (%d of %d)", shown(url), problem.reason,
                         wait, attempt + 1, tries)
                await _sleep(wait)
                continue
            return got
        raise AssertionError("unreachable")  # pragma: no cover

    async def _once(self, path: str, url: str, headers: dict[str, str], cached: bytes | None,
                    remembered: Remembered | None, missing_ok: bool) -> Got:
        scope = asyncio.timeout(self.policy.deadline)
        try:
            async with scope:
                return await self._follow(path, url, headers, cached, remembered, missing_ok)
        except aiohttp.ClientConnectorError as error:
            if _unresolved(error.os_error):
                host = urllib.parse.urlsplit(url).hostname or "?"
                raise _Transient("unresolved", host) from None
            raise _Transient("unreachable", _reason(error.os_error)) from None
        except TimeoutError:
            if scope.expired():  # a server that trickles is cut off as well as a silent one
                raise _Transient("deadline", f"not done within {self.policy.deadline:g} s"
                                 ) from None
            raise _Transient("timeout", f"no answer within {self.policy.timeout:g} s") from None
        except aiohttp.ClientError as error:  # a dropped connection, a cut-off body
            raise _Transient("dropped", str(error) or type(error).__name__) from None

    async def _follow(self, path: str, url: str, headers: dict[str, str],
                      cached: bytes | None, remembered: Remembered | None,
                      missing_ok: bool) -> Got:
        """One try: the request, and the redirects within the host."""
        seconds = self.policy.timeout
        timeout = aiohttp.ClientTimeout(total=None, sock_connect=seconds, sock_read=seconds)
        target = url
        for _hop in range(self.policy.redirects + 1):
            async with self.session.get(target, headers=headers, timeout=timeout,
                                        allow_redirects=False) as response:
                status = response.status
                if status in _REDIRECT_STATUS:
                    target = self._redirect(path, url, target, response)
                    continue
                if status == 304 and cached is not None and remembered is not None:
                    return Got(path, url, "unchanged", cached,
                               response.headers.get("ETag") or remembered.etag,
                               response.headers.get("Last-Modified") or remembered.last_modified)
                if status == 404 and missing_ok:
                    return Got(path, url, "missing")
                # GitHub's rate limits answer 403 or 429 with a Retry-After, or with
                # X-RateLimit-Remaining: 0 and the time the window resets
                if status in _RETRY_STATUS or (status == 403 and _limited(response)):
                    raise _Transient("status", str(status), _retry_after(response))
                if status != 200:
                    raise SyncError("status", file=path, url=shown(url), status=status)
                body = await self._body(response, path)
                return Got(path, url, "fetched", body, response.headers.get("ETag"),
                           response.headers.get("Last-Modified"), response.headers.get("Link"))
        raise SyncError("redirects", file=path, url=shown(url), count=self.policy.redirects)

    def _redirect(self, path: str, url: str, current: str,
                  response: aiohttp.ClientResponse) -> str:
        """Where a redirect leads; a ``SyncError`` when it leaves the host ``url`` names."""
        location = response.headers.get("Location", "")
        target = urllib.parse.urljoin(current, location)
        if not location or host_of(target) != host_of(url):
            raise SyncError("redirect", file=path, url=shown(url), target=shown(target))
        return target

    async def _body(self, response: aiohttp.ClientResponse, path: str) -> bytes:
        """The body as sent (its length checked), then decoded, within the limits."""
        encoding = response.headers.get("Content-Encoding", "identity").strip().lower()
        if encoding not in ("", "identity") and encoding not in _DECODERS:
            raise SyncError("encoding", file=path, encoding=encoding[:40])
        raw = bytearray()
        async for chunk in response.content.iter_chunked(65536):
            raw += chunk
            self.progress.received(len(chunk))
            if len(raw) > self.policy.max_bytes:
                raise self._too_large(path)
            self._count(len(chunk), path)
        expected = response.content_length
        if expected is not None and len(raw) != expected:
            raise _Transient("dropped", f"got {len(raw)} of {expected} bytes")
        if encoding in ("", "identity"):
            return bytes(raw)
        return self._decoded(bytes(raw), encoding, path)

    def _decoded(self, raw: bytes, encoding: str, path: str) -> bytes:
        """Decompress at most ``max_bytes``: more is refused before it is made."""
        decoder = zlib.decompressobj(_DECODERS[encoding])
        try:
            body = decoder.decompress(raw, self.policy.max_bytes + 1)
        except zlib.error as error:
            raise SyncError("encoding", file=path, encoding=f"{encoding} ({error})") from None
        if len(body) > self.policy.max_bytes or decoder.unconsumed_tail:
            raise self._too_large(path)
        if not decoder.eof:  # a compressed stream cut short is a broken download
            raise _Transient("dropped", f"the {encoding} body ends early")
        return body

    def _count(self, size: int, path: str) -> None:
        self.received += size
        if self.received > self.policy.max_total:
            raise SyncError("release_too_large", file=path,
                            limit=self.policy.max_total // (1024 * 1024))

    def _too_large(self, path: str) -> SyncError:
        return SyncError("too_large", file=path, limit=_mib(self.policy.max_bytes))


def _mib(count: int) -> str:
    """A limit in MiB as a person reads it (``5``, ``0.01``)."""
    return f"{count / (1024 * 1024):.3g}"


def _limited(response: aiohttp.ClientResponse) -> bool:
    """A 403 that is GitHub's rate limit (primary or secondary), not a refusal."""
    headers = response.headers
    return "Retry-After" in headers or headers.get("X-RateLimit-Remaining", "").strip() == "0"


def _reset_wait(response: aiohttp.ClientResponse) -> float | None:
    """The seconds until ``X-RateLimit-Reset`` (epoch seconds) when no request is left."""
    if response.headers.get("X-RateLimit-Remaining", "").strip() != "0":
        return None
    value = response.headers.get("X-RateLimit-Reset", "").strip()
    if not value.isdigit() or len(value) > 12:
        return None
    import time

    return max(0.0, float(value) - time.time())


def _retry_after(response: aiohttp.ClientResponse) -> float | None:
    """The seconds a Retry-After header asks for (a number or an HTTP date), else the time
    until GitHub's rate limit resets, or None."""
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return _reset_wait(response)
    if value.isdigit() and len(value) <= 9:
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None or when.tzinfo is None:
        return None
    import datetime as dt

    seconds = (when - dt.datetime.now(dt.UTC)).total_seconds()
    return max(0.0, seconds) if math.isfinite(seconds) else None


def _unresolved(error: OSError) -> bool:
    """A host name that does not resolve (no network, no such host): getaddrinfo's errors
    are negative numbers that ``os.strerror`` calls "Unknown error -2"."""
    return isinstance(error, socket.gaierror) or (error.errno is not None and error.errno < 0)


def _reason(error: OSError) -> str:
    """``Connection refused`` rather than asyncio's ``Connect call failed (...)``."""
    if error.errno:
        return os.strerror(error.errno)
    return error.strerror or str(error) or type(error).__name__


def _final(problem: _Transient, path: str, url: str, tries: int,
           policy: FetchPolicy) -> SyncError:
    """The ``SyncError`` for a failure that every try met."""
    url = shown(url)
    if problem.kind == "status":
        return SyncError("status", file=path, url=url, status=int(problem.reason), tries=tries)
    if problem.kind == "timeout":
        return SyncError("timeout", file=path, url=url, seconds=policy.timeout, tries=tries)
    if problem.kind == "unresolved":
        return SyncError("unresolved", file=path, url=url, host=problem.reason, tries=tries)
    if problem.kind == "deadline":
        return SyncError("deadline", file=path, url=url, seconds=policy.deadline, tries=tries)
    return SyncError(problem.kind, file=path, url=url, reason=problem.reason, tries=tries)


_T = TypeVar("_T")


async def all_or_first_error(jobs: Iterable[Coroutine[Any, Any, _T]]) -> list[_T]:
    """The results of ``jobs`` run concurrently, in order; the first failure cancels the rest
    and is raised (a ``SyncError`` before any other: it says what the user can act on)."""
    try:
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(job) for job in jobs]
    except BaseExceptionGroup as grouped:
        raise _first(grouped) from None
    return [t.result() for t in tasks]


def _first(grouped: BaseExceptionGroup) -> BaseException:
    """The first ``SyncError`` of a group (else its first exception)."""
    for error in grouped.exceptions:
        if isinstance(error, BaseExceptionGroup):
            return _first(error)
        if isinstance(error, SyncError):
            return error
    return grouped.exceptions[0]
