"""One sync: read the README, fetch what it links to and what the listing of ``leaderboard/``
names (GitHub's contents API for a GitHub source, a given listing elsewhere), merge with the
copies of the release already held (``bot.sync.richness``), validate, install, remember,
prune, and say what changed. A source that offers an older release than the newest held is
reported and not followed; a README that claims an unbounded version or a future date is
refused."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from bot.core.collector import let_go
from bot.core.errors import SyncError
from bot.core.history_results import ChangesResult
from bot.core.release import BOARDS_FOLDER, ReleaseInfo
from bot.sync.changes import FirstRelease, read_folder, served_changes
from bot.sync.claims import checked_claim
from bot.sync.download import (
    Downloader,
    FetchPolicy,
    Got,
    Progress,
    all_or_first_error,
    open_session,
    shown,
)
from bot.sync.held import held_copies, newest_held
from bot.sync.held import previous_folder as _previous_folder
from bot.sync.install import (
    folder_files,
    folder_lock,
    install_release,
    prune,
    release_digest,
)
from bot.sync.links import (
    README,
    board_path,
    default_listing,
    listing_names,
    readme_links,
    url_of,
)
from bot.sync.richness import merge_copies
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
    (the data folder the release goes into), ``all_boards`` (insist on the listing of
    ``leaderboard/``: refuse when there is none), ``listing`` (its URL; GitHub's contents API by
    default for a GitHub source), ``keep`` (prune to the newest N releases), ``held`` (other
    folders whose copies of a release count as already held: the bundled data)."""

    source: str
    directory: Path
    all_boards: bool = False
    listing: str | None = None
    keep: int | None = None
    policy: FetchPolicy = field(default_factory=FetchPolicy)
    held: tuple[Path, ...] = ()
    history: bool = False  # an older release on purpose (``--history``): installed beside

    @property
    def listing_url(self) -> str | None:
        """The listing of ``leaderboard/`` this sync reads, if any."""
        return self.listing or default_listing(self.source)


class Skipped(BaseModel):
    """A file the README links to that the server does not have (404); ``kept`` when the copy
    already held is kept instead."""

    model_config = ConfigDict(frozen=True)
    file: str
    reason: str
    kept: bool = False


Status = Literal["installed", "updated", "current", "kept", "older"]


class SyncReport(BaseModel):
    """What a sync did: ``installed`` a new release, ``updated`` one already there, found the
    release ``current``, ``kept`` a richer copy already held (nothing installed), or found the
    source at an ``older`` release than the newest held (nothing installed); which files were
    fetched, unchanged (304), skipped (404), kept from the copy already there or ``merged``
    from another copy held, and which releases were pruned."""

    release: str
    date: dt.date | None
    status: Status
    directory: str
    fetched: list[str]
    unchanged: list[str]
    skipped: list[Skipped]
    kept: list[str]
    pruned: list[str]
    bytes: int
    digest: str
    merged: list[str] = Field(default_factory=list)
    newest: str | None = None
    listing: str | None = None
    previous: str | None = None
    changes: ChangesResult | None = Field(
        default=None, description="the /changes digest of the release served before against "
        "the one served now, when this sync changed what the bot answers from")
    first: FirstRelease | None = Field(
        default=None, description="the release served now when nothing was served before")

    @property
    def folder(self) -> Path:
        """Where the release lies."""
        return Path(self.directory) / self.release

    @property
    def changed(self) -> bool:
        """Whether the folder now holds something it did not."""
        return self.status in ("installed", "updated")


async def sync_release(options: SyncOptions, progress: Progress | None = None) -> SyncReport:
    """Sync the release ``options.source`` names into ``options.directory``. Raises
    ``SyncError`` (nothing written, the releases already there untouched)."""
    if options.all_boards and options.listing_url is None:
        raise SyncError("no_listing", source=shown(options.source))  # before any download
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
        async with open_session() as session:
            downloader = Downloader(session, options.policy, progress)
            info, readme, names = await _read_readme(downloader, options, state)
            newest = None if options.history else await asyncio.to_thread(
                newest_held, options, info)
            if newest is not None:
                return _older(options, info, newest, readme)
            listed, note = await _listed(downloader, options, state)
            names = list(dict.fromkeys([*names, *listed]))
            if len(names) > options.policy.max_files:
                raise SyncError("too_many_files", release=info.version, count=len(names),
                                limit=options.policy.max_files)
            if progress is not None:
                progress.planned(len(names) + 1)
                progress.finished(readme)
            gots = [readme, *await _fetch_boards(downloader, options, state, names,
                                                 info.version or "")]
        report = await asyncio.to_thread(_finish, options, state, info, gots)
        return report.model_copy(update={"listing": note})


async def _read_readme(downloader: Downloader, options: SyncOptions, state: SyncState
                       ) -> tuple[ReleaseInfo, Got, list[str]]:
    """The README (its release and its board links)."""
    url = url_of(options.source, README)
    remembered = state.files.get(url)
    cached = await asyncio.to_thread(cached_body, options.directory, remembered)
    got = await downloader.get(README, url, remembered=remembered, cached=cached)
    if got.status == "missing":
        raise SyncError("readme_missing", url=shown(url), source=shown(options.source))
    try:
        text = got.body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SyncError("not_text", file=README) from None
    # both read the whole README: off the event loop, which a bot's sync shares
    info = await asyncio.to_thread(checked_claim, text)
    links = await asyncio.to_thread(readme_links, text, options.source)
    return info, got, links


async def _listed(downloader: Downloader, options: SyncOptions, state: SyncState
                  ) -> tuple[list[str], str | None]:
    """The boards the listing names, and a note when it could not be read (only ``--all``
    makes that a failure: the README's links and the copy held still count)."""
    if options.listing_url is None:
        return [], None
    try:
        return await _listing(downloader, options, state), None
    except SyncError as error:
        if options.all_boards or error.kind in ("too_large", "release_too_large"):
            raise
        log.warning("listing of leaderboard/ not read (%s); the README's links only",
                    error.kind)
        return [], error.kind


async def _listing(downloader: Downloader, options: SyncOptions, state: SyncState) -> list[str]:
    """The board file names the listing of ``leaderboard/`` gives (remembered with its
    validators, so an unchanged listing costs a 304)."""
    url = options.listing_url
    assert url is not None
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
            raise SyncError("listing", url=shown(url), reason=str(error)) from None
    state.listings[url] = ListingMemo(etag=got.etag, last_modified=got.last_modified,
                                      names=names)
    return names


async def _fetch_boards(downloader: Downloader, options: SyncOptions, state: SyncState,
                        names: Sequence[str], version: str) -> list[Got]:
    """Every board, concurrently; the first failure cancels the rest and is raised. A board
    that answers 404 keeps the copy the release folder holds."""

    async def one(name: str) -> Got:
        path = board_path(name)
        url = url_of(options.source, path)
        remembered = state.files.get(url)
        cached = await asyncio.to_thread(cached_body, options.directory, remembered)
        got = await downloader.get(path, url, remembered=remembered, cached=cached)
        if got.status == "missing":
            held = await asyncio.to_thread(_held_file, options.directory / version / path)
            got = _keep_if_missing(got, {path: held} if held is not None else {})
        downloader.progress.finished(got)
        return got

    return await all_or_first_error(one(name) for name in names)


def _older(options: SyncOptions, info: ReleaseInfo, newest: str, readme: Got) -> SyncReport:
    """The report of a source that went back to an older release: nothing is installed."""
    assert info.version is not None
    log.warning("the source offers %s, older than %s already held: not installed",
                info.version, newest)
    return SyncReport(release=info.version, date=info.date, status="older",
                      directory=str(options.directory), fetched=[], unchanged=[], skipped=[],
                      kept=[], pruned=[], bytes=len(readme.body) * (readme.status == "fetched"),
                      digest="", newest=newest)


def _finish(options: SyncOptions, state: SyncState, info: ReleaseInfo, gots: list[Got]
            ) -> SyncReport:
    """(In a worker thread.) Merge with the copies held, install, remember the validators,
    prune; the report."""
    assert info.version is not None
    target = options.directory / info.version
    try:
        before = folder_files(target)
        held = [before, *held_copies(options, info.version)]
    except OSError as error:
        raise SyncError("disk", path=str(target), reason=error.strerror or str(error)) from None
    gots = [_keep_if_missing(g, before) for g in gots]
    present = {g.path: g.body for g in gots if g.body or g.status != "missing"}
    if not any(p.startswith(BOARDS_FOLDER + "/") for p in present):
        raise SyncError("no_boards", release=info.version)
    merged = merge_copies(present, [h for h in held if h])
    previous = _previous_folder(options, info.version)
    # a release of the history is no news: ``sync_history`` says what changed once, at the end
    changing = (not options.history and not merged.kept
                and release_digest(merged.files) != release_digest(before))
    served = read_folder(previous) if changing else None  # what the bot answered from
    status, release = install_release(options.directory, info, merged.files)
    if merged.kept:
        status = "kept"
    after = read_folder(target) if changing and status in ("installed", "updated") else None
    changes, first = served_changes(served, after) if after is not None else (None, None)
    for got in gots:
        if got.status in ("fetched", "unchanged"):
            state.files[got.url] = Remembered(
                etag=got.etag, last_modified=got.last_modified, sha256=digest(got.body),
                file=f"{info.version}/{got.path}")
    try:
        _save_state(options.directory, state)
    except OSError as error:  # the release is in place: only the next sync pays for it
        log.warning("could not save the sync state in %s: %s", options.directory, error)
    pruned = prune(options.directory, options.keep) if options.keep else []
    skipped = [Skipped(file=g.path, reason="404", kept=g.status == "kept")
               for g in gots if g.status in ("missing", "kept")]
    for item in skipped:
        log.info("%s: not found (404), %s", item.file,
                 "the copy held is kept" if item.kept else "skipped")
    report = SyncReport(
        release=info.version, date=info.date, status=status,
        directory=str(options.directory),
        fetched=[g.path for g in gots if g.status == "fetched"],
        unchanged=[g.path for g in gots if g.status == "unchanged"],
        skipped=skipped, kept=sorted(p for p in set(release) - set(present)
                                     if before.get(p) == release[p]),
        merged=sorted(p for p in merged.taken if before.get(p) != release.get(p)),
        pruned=pruned, bytes=sum(len(g.body) for g in gots if g.status == "fetched"),
        digest=release_digest(release), previous=str(previous) if previous else None,
        changes=changes, first=first,
    )
    catalogs = [served, after]
    del served, after
    let_go(catalogs)  # freed at once, a catalog of 900 boards held the interpreter lock 76 ms
    return report


def _held_file(path: Path) -> bytes | None:
    """The copy of a file the release folder holds, if any."""
    try:
        return path.read_bytes() if path.is_file() else None
    except OSError:
        return None


def _keep_if_missing(got: Got, before: dict[str, bytes]) -> Got:
    """A file that answered 404 keeps the copy the folder holds."""
    if got.status == "missing" and got.path in before:
        return Got(got.path, got.url, "kept", before[got.path])
    return got


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
