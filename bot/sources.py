"""Fetching board files from URLs into the data directory, politely: conditional requests with
the last ETag and Last-Modified, a timeout per request, and nothing written unless the new file
parses. A failed fetch keeps the old file (and so the old catalog) and is only logged."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import re
from pathlib import Path
from typing import Literal

import aiohttp
from pydantic import BaseModel

from bot.core.board import parse_boards
from bot.core.errors import BoardError
from bot.store import FetchState, Store
from bot.sync.state import write_atomically

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


async def fetch_one(
    session: aiohttp.ClientSession, url: str, data_dir: Path, store: Store, timeout: float
) -> FetchOutcome:
    """Fetch one URL; write its board when it changed and parses."""
    state = await store.get_fetch_state(url) or FetchState(url=url)
    path = file_for(url, data_dir)
    headers = {}
    # Ask "has it changed?" only when this data directory still holds what was fetched: a new
    # machine sharing the store, or a deleted file, needs the whole board again.
    if await asyncio.to_thread(_holds, path, state.sha256):
        if state.etag:
            headers["If-None-Match"] = state.etag
        if state.last_modified:
            headers["If-Modified-Since"] = state.last_modified
    try:
        async with session.get(url, headers=headers,
                               timeout=aiohttp.ClientTimeout(total=timeout)) as response:
            if response.status == 304:
                return FetchOutcome(url=url, status="unchanged", detail="304")
            if response.status != 200:
                return FetchOutcome(url=url, status="failed", detail=f"HTTP {response.status}")
            body = bytearray()
            async for chunk in response.content.iter_chunked(65536):  # the whole body
                body += chunk
                if len(body) > MAX_BYTES:
                    break
            etag = response.headers.get("ETag")
            modified = response.headers.get("Last-Modified")
    except TimeoutError:
        return FetchOutcome(url=url, status="failed", detail=f"timed out after {timeout:g} s")
    except aiohttp.ClientError as error:
        return FetchOutcome(url=url, status="failed", detail=str(error) or type(error).__name__)
    if len(body) > MAX_BYTES:
        return FetchOutcome(url=url, status="failed", detail="larger than 5 MiB")
    digest = hashlib.sha256(body).hexdigest()
    fresh = FetchState(url=url, etag=etag, last_modified=modified, sha256=digest)
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
    """Fetch every URL (one after the other: a handful of small files) and log failures."""
    outcomes = []
    for url in urls:
        outcome = await fetch_one(session, url, data_dir, store, timeout)
        if outcome.status == "failed":
            log.warning("fetching %s failed, keeping the old board: %s", url, outcome.detail)
        else:
            log.info("fetched %s: %s", url, outcome.status)
        outcomes.append(outcome)
    return outcomes
