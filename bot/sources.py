"""Fetching board files from URLs into the data directory, politely, through the same
downloader as ``modelbot sync`` (``bot.sync.download``: compressed bodies, a deadline, size
limits, redirects within the host): a conditional request with the last ETag, a change found
by the hash of the content (Last-Modified alone proves nothing), and nothing written unless the
new file parses. A failed fetch keeps the old file (and so the old catalog) and is only
logged."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import re
from pathlib import Path
from typing import Literal

import aiohttp
from pydantic import BaseModel

from bot import i18n
from bot.core.board import parse_boards
from bot.core.errors import BoardError, SyncError
from bot.core.upstream import shown
from bot.store import FetchState, Store
from bot.sync.download import Downloader, FetchPolicy
from bot.sync.state import Remembered, write_atomically

log = logging.getLogger(__name__)
MAX_BYTES = 5 * 1024 * 1024  # a board is a few kilobytes; refuse anything absurd


class FetchOutcome(BaseModel):
    """What one URL gave: ``updated`` (a new file written), ``unchanged`` or ``failed``."""

    url: str
    status: Literal["updated", "unchanged", "failed"]
    detail: str | None = None
    path: str | None = None


def file_for(url: str, data_dir: Path) -> Path:
    """Where a URL's board is kept: a readable stem plus a hash so two URLs never collide."""
    stem = re.sub(r"[^\w.-]+", "-", url.rsplit("/", 1)[-1].removesuffix(".md"))[:60] or "board"
    digest = hashlib.sha256(url.encode()).hexdigest()[:8]
    return data_dir / f"fetched-{stem}-{digest}.md"


def _holds(path: Path, sha256: str | None) -> bool:
    """Whether ``path`` exists and holds the body whose hash is ``sha256``."""
    if sha256 is None:
        return False
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest() == sha256
    except OSError:
        return False


def _held(path: Path, sha256: str | None) -> bytes | None:
    """The body ``path`` holds when its hash is ``sha256``, else None."""
    return path.read_bytes() if _holds(path, sha256) else None


def _detail(error: SyncError, timeout: float) -> str:
    """A failed fetch in a log line's words."""
    if error.kind == "status":
        return f"HTTP {error.params['status']}"
    if error.kind in ("timeout", "deadline"):
        return f"timed out after {timeout:g} s"
    if error.kind == "too_large":
        return "larger than 5 MiB"
    params = {k: v for k, v in error.params.items()}
    return i18n.t("en", f"sync.error.{error.kind}", **params)


async def fetch_one(
    session: aiohttp.ClientSession, url: str, data_dir: Path, store: Store, timeout: float
) -> FetchOutcome:
    """Fetch one URL (through the sync's downloader: ``session`` from ``open_session``);
    write its board when its content changed and it parses."""
    state = await store.get_fetch_state(url) or FetchState(url=url)
    path = file_for(url, data_dir)
    # Ask "has it changed?" only when this data directory still holds what was fetched: a new
    # machine sharing the store, or a deleted file, needs the whole board again.
    held = await asyncio.to_thread(_held, path, state.sha256)
    remembered = None if held is None else Remembered(
        etag=state.etag, last_modified=state.last_modified, sha256=state.sha256 or "",
        file=path.name)
    policy = FetchPolicy(timeout=timeout, deadline=timeout, retries=0, max_bytes=MAX_BYTES,
                         max_total=MAX_BYTES)
    try:
        got = await Downloader(session, policy).get(path.name, url, remembered=remembered,
                                                    cached=held, missing_ok=False)
    except SyncError as error:
        return FetchOutcome(url=url, status="failed", detail=_detail(error, timeout))
    if got.status == "unchanged":
        return FetchOutcome(url=url, status="unchanged", detail="304")
    body = got.body
    digest = hashlib.sha256(body).hexdigest()
    fresh = FetchState(url=url, etag=got.etag, last_modified=got.last_modified, sha256=digest)
    if digest == state.sha256 and path.is_file():
        await store.set_fetch_state(fresh)
        return FetchOutcome(url=url, status="unchanged", detail="same content", path=str(path))
    try:
        # off the event loop: a board of megabytes takes a second to check
        await asyncio.to_thread(parse_boards, body.decode("utf-8-sig"), url)
    except UnicodeDecodeError:
        return FetchOutcome(url=url, status="failed", detail="not UTF-8 text")
    except BoardError as error:
        return FetchOutcome(url=url, status="failed", detail=str(error))
    await asyncio.to_thread(write_atomically, path, bytes(body))
    await store.set_fetch_state(fresh)
    return FetchOutcome(url=url, status="updated", path=str(path))


async def fetch_all(
    session: aiohttp.ClientSession, urls: list[str], data_dir: Path, store: Store,
    timeout: float,
) -> list[FetchOutcome]:
    """Fetch every URL (one after the other: a handful of small files) and log failures;
    ``session`` comes from ``bot.sync.download.open_session``."""
    outcomes = []
    for url in urls:
        outcome = await fetch_one(session, url, data_dir, store, timeout)
        if outcome.status == "failed":
            log.warning("fetching %s failed, keeping the old board: %s", shown(url),
                        outcome.detail)
        else:
            log.info("fetched %s: %s", shown(url), outcome.status)
        outcomes.append(outcome)
    return outcomes
