"""One sync: read the README, fetch what it links to (and, with ``all_boards``, what the
listing of ``leaderboard/`` names), validate, install, remember, prune."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import aiohttp
from pydantic import BaseModel, ConfigDict

from bot.core.errors import BoardError, SyncError
from bot.core.release import BOARDS_FOLDER, ReleaseInfo, read_release_notes
from bot.sync.download import Downloader, FetchPolicy, Got, Progress
from bot.sync.install import folder_lock, install_release, prune, release_digest
from bot.sync.links import (
    README,
    board_path,
    default_listing,
    listing_names,
    readme_links,
    url_of,
)
from bot.sync.state import (
    STATE_FOLDER,
    ListingMemo,
    Remembered,
    SyncState,
    cached_body,
    digest,
    load_state,
)
from bot.sync.state import save_state as _save_state

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SyncOptions:
    """What to sync from where: ``source`` (the raw root of the repository), ``directory``
    (the data folder the release goes into), ``all_boards`` (also the boards the README does
    not link, from ``listing``), ``keep`` (prune to the newest N releases)."""

    source: str
    directory: Path
    all_boards: bool = False
    listing: str | None = None
    keep: int | None = None
    policy: FetchPolicy = field(default_factory=FetchPolicy)


class Skipped(BaseModel):
    """A file the README links to that the server does not have (404)."""

    model_config = ConfigDict(frozen=True)
    file: str
    reason: str


class SyncReport(BaseModel):
    """What a sync did: ``installed`` a new release, ``updated`` one already there, or found
    the release ``current``; which files were fetched, unchanged (304), skipped (404) or kept
    from the copy already there, and which releases were pruned."""

    release: str
    date: dt.date | None
    status: Literal["installed", "updated", "current"]
    directory: str
    fetched: list[str]
    unchanged: list[str]
    skipped: list[Skipped]
    kept: list[str]
    pruned: list[str]
    bytes: int
    digest: str

    @property
    def folder(self) -> Path:
        """Where the release lies."""
        return Path(self.directory) / self.release


async def sync_release(options: SyncOptions, progress: Progress | None = None) -> SyncReport:
    """Sync the release ``options.source`` names into ``options.directory``. Raises
    ``SyncError`` (nothing written, the releases already there untouched)."""
    directory = options.directory
    created = not directory.exists()
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise SyncError("disk", path=str(directory), reason=error.strerror or str(error)) from None
    try:
        return await _sync_into(options, progress)
    except BaseException:
        # a folder this sync made for nothing holds only its lock: leave no trace
        if created and [p.name for p in directory.iterdir()] == [STATE_FOLDER]:
            shutil.rmtree(directory, ignore_errors=True)
        raise


async def _sync_into(options: SyncOptions, progress: Progress | None) -> SyncReport:
    directory = options.directory
    with folder_lock(directory):
        state = await asyncio.to_thread(load_state, directory)
        headers = {"User-Agent": "modelbot-sync (+https://github.com/jeinlee1991/chinese-llm-benchmark)"}
        async with aiohttp.ClientSession(headers=headers) as session:
            downloader = Downloader(session, options.policy, progress)
            info, readme, names = await _read_readme(downloader, options, state)
            if options.all_boards:
                names = list(dict.fromkeys([*names, *await _listing(downloader, options, state)]))
            if progress is not None:
                progress.planned(len(names) + 1)
                progress.finished(readme)
            gots = [readme, *await _fetch_boards(downloader, options, state, names)]
        return await asyncio.to_thread(_finish, options, state, info, gots)


async def _read_readme(downloader: Downloader, options: SyncOptions, state: SyncState
                       ) -> tuple[ReleaseInfo, Got, list[str]]:
    """The README (its release and its board links)."""
    url = url_of(options.source, README)
    remembered = state.files.get(url)
    cached = await asyncio.to_thread(cached_body, options.directory, remembered)
    got = await downloader.get(README, url, remembered=remembered, cached=cached)
    if got.status == "missing":
        raise SyncError("readme_missing", url=url, source=options.source)
    try:
        text = got.body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SyncError("not_text", file=README) from None
    try:  # in a thread: the README is upstream's text, and the loop serves meanwhile
        info = await asyncio.to_thread(read_release_notes, text, README)
    except BoardError as error:  # a version or date no release can have
        raise SyncError("malformed", file=README, line=error.line, reason=error.reason) from None
    if info is None or info.version is None:
        raise SyncError("no_version", file=README)
    return info, got, readme_links(text, options.source)


async def _listing(downloader: Downloader, options: SyncOptions, state: SyncState) -> list[str]:
    """The board file names the listing of ``leaderboard/`` gives (remembered with its
    validators, so an unchanged listing costs a 304)."""
    url = options.listing or default_listing(options.source)
    if url is None:
        raise SyncError("no_listing", source=options.source)
    memo = state.listings.get(url)
    remembered = None
    if memo is not None:
        remembered = Remembered(etag=memo.etag, last_modified=memo.last_modified, sha256="",
                                file="")
    got = await downloader.get("leaderboard/", url, remembered=remembered,
                               cached=b"" if memo is not None else None, missing_ok=False)
    if got.status == "unchanged" and memo is not None:
        names = memo.names
    else:
        try:
            names = listing_names(got.body)
        except ValueError as error:
            raise SyncError("listing", url=url, reason=str(error)) from None
    state.listings[url] = ListingMemo(etag=got.etag, last_modified=got.last_modified,
                                      names=names)
    return names


async def _fetch_boards(downloader: Downloader, options: SyncOptions, state: SyncState,
                        names: Sequence[str]) -> list[Got]:
    """Every board, concurrently; the first failure cancels the rest and is raised."""

    async def one(name: str) -> Got:
        path = board_path(name)
        url = url_of(options.source, path)
        remembered = state.files.get(url)
        cached = await asyncio.to_thread(cached_body, options.directory, remembered)
        got = await downloader.get(path, url, remembered=remembered, cached=cached)
        downloader.progress.finished(got)
        return got

    try:
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(one(name)) for name in names]
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


def _finish(options: SyncOptions, state: SyncState, info: ReleaseInfo, gots: list[Got]
            ) -> SyncReport:
    """(In a worker thread.) Install, remember the validators, prune; the report."""
    assert info.version is not None
    present = {g.path: g.body for g in gots if g.status != "missing"}
    if not any(p.startswith(BOARDS_FOLDER + "/") for p in present):
        raise SyncError("no_boards", release=info.version)
    status, release = install_release(options.directory, info, present, {g.path for g in gots})
    for got in gots:
        if got.status != "missing":
            state.files[got.url] = Remembered(
                etag=got.etag, last_modified=got.last_modified, sha256=digest(got.body),
                file=f"{info.version}/{got.path}")
    try:
        _save_state(options.directory, state)
    except OSError as error:  # the release is in place: only the next sync pays for it
        log.warning("could not save the sync state in %s: %s", options.directory, error)
    pruned = prune(options.directory, options.keep) if options.keep else []
    skipped = [Skipped(file=g.path, reason="404") for g in gots if g.status == "missing"]
    for item in skipped:
        log.info("%s: not found (404), skipped", item.file)
    return SyncReport(
        release=info.version, date=info.date, status=status,
        directory=str(options.directory),
        fetched=[g.path for g in gots if g.status == "fetched"],
        unchanged=[g.path for g in gots if g.status == "unchanged"],
        skipped=skipped, kept=sorted(set(release) - set(present)), pruned=pruned,
        bytes=sum(len(g.body) for g in gots if g.status == "fetched"),
        digest=release_digest(release),
    )


async def install_files(directory: Path, info: ReleaseInfo, files: dict[str, bytes]) -> str:
    """Install a release received whole (from the store: another process synced it) exactly
    as given, validated as a sync validates; returns the status. Raises ``SyncError``."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise SyncError("disk", path=str(directory), reason=error.strerror or str(error)) from None

    def install() -> str:
        with folder_lock(directory):
            return install_release(directory, info, files)[0]

    return await asyncio.to_thread(install)
