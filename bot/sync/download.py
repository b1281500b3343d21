"""Downloading one release's files: a bounded number at a time, with timeouts, retries and
conditional requests.

A request that fails for a reason that may pass (a 5xx or 429 answer, a refused or broken
connection, a timeout) is tried again after ``retry_delay`` seconds, doubled each time, up to
``retries`` more times; then it is a ``SyncError``. Any other answer than 200, 304 or 404 is a
``SyncError`` at once. A 404 is reported as ``missing`` (READMEs link to files that moved). A
validator (ETag / Last-Modified) is sent only when the caller holds the body it stands for, so
a 304 always comes with the file it means.
"""

from __future__ import annotations

import asyncio
import logging
import os
from dataclasses import dataclass
from typing import Literal, Protocol

import aiohttp

from bot.core.errors import SyncError
from bot.sync.state import Remembered

log = logging.getLogger(__name__)

MAX_BYTES = 5 * 1024 * 1024
"""A board is some kilobytes; a file larger than this is refused."""
_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True)
class FetchPolicy:
    """How files are fetched: ``timeout`` seconds to connect and between two pieces of data,
    ``retries`` further tries after ``retry_delay`` seconds (doubled each time), ``jobs`` files
    at a time."""

    timeout: float = 20.0
    retries: int = 2
    retry_delay: float = 1.0
    jobs: int = 8
    max_bytes: int = MAX_BYTES


@dataclass(frozen=True)
class Got:
    """What one file's request gave: ``fetched`` (a new body), ``unchanged`` (a 304: ``body`` is
    the copy already held) or ``missing`` (a 404)."""

    path: str
    url: str
    status: Literal["fetched", "unchanged", "missing"]
    body: bytes = b""
    etag: str | None = None
    last_modified: str | None = None


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
    """A failure that another try may not meet: its ``kind`` and ``reason``."""

    def __init__(self, kind: str, reason: str) -> None:
        super().__init__(reason)
        self.kind, self.reason = kind, reason


class Downloader:
    """Fetches files over one aiohttp session, ``policy.jobs`` at a time."""

    def __init__(self, session: aiohttp.ClientSession, policy: FetchPolicy,
                 progress: Progress | None = None) -> None:
        self.session = session
        self.policy = policy
        self.progress: Progress = progress or NoProgress()
        self._slots = asyncio.Semaphore(max(1, policy.jobs))

    async def get(self, path: str, url: str, *, remembered: Remembered | None = None,
                  cached: bytes | None = None, missing_ok: bool = True) -> Got:
        """Fetch ``url`` (the release's ``path``); conditional when ``cached`` is the body
        ``remembered`` describes. Raises ``SyncError`` once every try has failed."""
        headers = {}
        if cached is not None and remembered is not None:
            if remembered.etag:
                headers["If-None-Match"] = remembered.etag
            if remembered.last_modified:
                headers["If-Modified-Since"] = remembered.last_modified
        tries = self.policy.retries + 1
        for attempt in range(1, tries + 1):
            try:
                async with self._slots:  # a waiting retry holds no slot
                    got = await self._once(path, url, headers, cached, remembered, missing_ok)
            except _Transient as problem:
                if attempt == tries:
                    raise _final(problem, path, url, tries, self.policy.timeout) from None
                log.info("%s: %s; trying again (%d of %d)", url, problem.reason, attempt + 1,
                         tries)
                await asyncio.sleep(self.policy.retry_delay * 2 ** (attempt - 1))
                continue
            return got
        raise AssertionError("unreachable")  # pragma: no cover

    async def _once(self, path: str, url: str, headers: dict[str, str], cached: bytes | None,
                    remembered: Remembered | None, missing_ok: bool) -> Got:
        seconds = self.policy.timeout
        timeout = aiohttp.ClientTimeout(total=None, sock_connect=seconds, sock_read=seconds)
        try:
            async with self.session.get(url, headers=headers, timeout=timeout) as response:
                status = response.status
                if status == 304 and cached is not None and remembered is not None:
                    return Got(path, url, "unchanged", cached,
                               response.headers.get("ETag") or remembered.etag,
                               response.headers.get("Last-Modified") or remembered.last_modified)
                if status == 404 and missing_ok:
                    return Got(path, url, "missing")
                if status in _RETRY_STATUS:
                    raise _Transient("status", str(status))
                if status != 200:
                    raise SyncError("status", file=path, url=url, status=status)
                body = await self._body(response, path)
                return Got(path, url, "fetched", body, response.headers.get("ETag"),
                           response.headers.get("Last-Modified"))
        except aiohttp.ClientConnectorError as error:
            raise _Transient("unreachable", _reason(error.os_error)) from None
        except TimeoutError:
            raise _Transient("timeout", f"no answer within {seconds:g} s") from None
        except aiohttp.ClientError as error:  # a dropped connection, a cut-off body
            raise _Transient("dropped", str(error) or type(error).__name__) from None

    async def _body(self, response: aiohttp.ClientResponse, path: str) -> bytes:
        body = bytearray()
        async for chunk in response.content.iter_chunked(65536):
            body += chunk
            self.progress.received(len(chunk))
            if len(body) > self.policy.max_bytes:
                raise SyncError("too_large", file=path,
                                limit=self.policy.max_bytes // (1024 * 1024))
        expected = response.content_length
        if expected is not None and len(body) != expected:
            raise _Transient("dropped", f"got {len(body)} of {expected} bytes")
        return bytes(body)


def _reason(error: OSError) -> str:
    """``Connection refused`` rather than asyncio's ``Connect call failed (...)``."""
    if error.errno:
        return os.strerror(error.errno)
    return error.strerror or str(error) or type(error).__name__


def _final(problem: _Transient, path: str, url: str, tries: int, timeout: float) -> SyncError:
    """The ``SyncError`` for a failure that every try met."""
    if problem.kind == "status":
        return SyncError("status", file=path, url=url, status=int(problem.reason), tries=tries)
    if problem.kind == "timeout":
        return SyncError("timeout", file=path, url=url, seconds=timeout, tries=tries)
    return SyncError(problem.kind, file=path, url=url, reason=problem.reason, tries=tries)
