"""The bot keeps up with CLiB by itself (``data.sync_minutes``).

Every round, in every process:

1. **Lead**, if this process holds the store's sync lease (``Store.acquire_lease``; the holder
   renews it each round, so one process leads until it stops or dies and its lease runs out):
   run the same sync as ``modelbot sync`` into the data folder, and publish the release, files
   included, in the store when it is not the newest published already.
2. **Follow**, every process: when the newest published release is not the one this process
   serves, install it into its own data folder from the store (unless the folder holds it
   already: a shared volume, or the leader itself), validated as a sync validates, and reload.

So one process downloads, and every process, on this machine or another, switches to the new
release once it is complete and valid. The reload announces the release to the watched
channels of each process's own guilds (``bot.discord.release_news``). A sync or an install that
fails is logged with its reason, and the release in service stays.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from bot.core.datafolder import sync_dir
from bot.core.errors import BoardError, SyncError
from bot.core.release import ReleaseInfo, version_number
from bot.core.upstream import shown
from bot.store import PublishedRelease
from bot.sync.command import error_text, options_of
from bot.sync.download import Got
from bot.sync.engine import SyncOptions, SyncReport, install_files, sync_release
from bot.sync.history import sync_history
from bot.sync.install import folder_files, release_digest

if TYPE_CHECKING:
    from bot.discord.app import ModelBot

log = logging.getLogger(__name__)

LEASE = "release-sync"
PUBLISHED_KEPT = 3
"""Releases (with their files) the store keeps for processes catching up."""


class _LogProgress:
    """A sync's progress as DEBUG lines in the bot's log."""

    def planned(self, files: int) -> None:
        log.debug("syncing %d files", files)

    def received(self, size: int) -> None:
        """Bytes are not logged."""

    def finished(self, got: Got) -> None:
        log.debug("%s: %s (%d bytes)", got.path, got.status, len(got.body))


class ReleaseSync:
    """One process's part in keeping up with CLiB; ``run`` loops, ``round`` is one round."""

    def __init__(self, bot: ModelBot) -> None:
        self.bot = bot
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.rounds = 0
        self._adopted: str | None = None  # the digest of the published release in service
        self._failed: set[str] = set()  # digests of published releases that would not install
        self.leading = False
        """Whether this process held the lease at its last round."""
        self.last: tuple[str, float] | None = None
        """The last round's outcome (``failed``, ``following``, or the sync's status, such as
        ``current``) and when it ended (seconds since the epoch): what /metrics shows."""
        self._changed = asyncio.Condition()
        self._history_added = False  # this round's history sync installed a release

    @property
    def _lease_seconds(self) -> float:
        # the holder renews every round; a dead holder's lease runs out after two rounds
        return max(2 * self.bot.settings.data.sync_minutes * 60, 120.0)

    async def run(self, seconds: float) -> None:
        """Sync every ``seconds`` until cancelled; a failed round is logged, never fatal."""
        await self.bot.serving.wait()  # announcements need the guilds this process serves
        while True:
            try:
                await self.round()
            except Exception:
                log.exception("release sync round failed; still serving %s",
                              self.bot.catalog.current.version)
            await asyncio.sleep(seconds)

    async def round(self) -> SyncReport | None:
        """Lead (when the lease is ours), then follow; the leader's sync report, if any."""
        self._history_added = False
        try:
            report = await self._lead()
            await self._follow((report is not None and report.changed) or self._history_added)
        finally:
            async with self._changed:
                self.rounds += 1
                self._changed.notify_all()
        return report

    async def wait_until(self, predicate: Callable[[], bool]) -> None:
        """Wait for the end of a round after which ``predicate()`` holds (tests, tools)."""
        async with self._changed:
            await self._changed.wait_for(predicate)

    async def stop(self) -> None:
        """Give the lease up (if held), so another process leads at once."""
        if not self.leading:
            return
        self.leading = False
        try:
            await self.bot.store.release_lease(LEASE, self.holder)
        except Exception as error:  # closing: a store already gone changes nothing
            log.debug("could not give up the sync lease: %s", error)

    async def _lead(self) -> SyncReport | None:
        data, store = self.bot.settings.data, self.bot.store
        self.leading = await store.acquire_lease(LEASE, self.holder, self._lease_seconds)
        if not self.leading:
            self.last = ("following", time.time())
            return None
        options = options_of(data)
        try:
            report = await sync_release(options, _LogProgress())
        except SyncError as error:
            self.last = ("failed", time.time())
            log.error("sync from %s failed; still serving %s: %s", shown(options.source),
                      self.bot.catalog.current.version, error_text(error, "en"))
            return None
        self.last = (report.status, time.time())
        if report.status == "older":
            log.warning("sync: the source offers %s, older than %s held; not followed, still "
                        "serving %s", report.release, report.newest,
                        self.bot.catalog.current.version)
            return report
        log.info("sync: release %s %s (%d files downloaded, %d unchanged, %d skipped)",
                 report.release, report.status, len(report.fetched), len(report.unchanged),
                 len(report.skipped))
        if data.history:
            await self._history(options, data.history)
        published = await store.published_releases()
        if should_publish(published[0] if published else None, report):
            files, digest = await asyncio.to_thread(_files_and_digest, report.folder)
            release = PublishedRelease(version=report.release, date=report.date, digest=digest)
            await store.publish_release(release, files, keep=PUBLISHED_KEPT)
            log.info("published release %s for the other processes", report.release)
        return report

    async def _history(self, options: SyncOptions, count: int) -> None:
        """``data.history``: the last releases of the repository beside the newest, in this
        process's folder (the releases already held cost nothing: one conditional request)."""
        try:
            history = await sync_history(options, count, _LogProgress())
        except SyncError as error:
            log.error("history sync from %s failed; the releases held stay: %s",
                      shown(options.source), error_text(error, "en"))
            return
        if history.installed:
            self._history_added = True
            log.info("sync: %d releases of the history installed: %s", len(history.installed),
                     ", ".join(r.release for r in history.installed))

    async def _follow(self, changed_here: bool) -> None:
        """Serve the newest published release. A process that just changed its own folder
        reloads whatever the store says; at start-up a release already on disk is adopted
        without a reload only when the catalog was read from that folder."""
        published = await self.bot.store.published_releases()
        if not published:
            if changed_here:
                await self._reload(None)
            return
        newest = published[0]
        if newest.digest == self._adopted and not changed_here:
            return
        folder = sync_dir(self.bot.settings.data) / newest.version
        _, on_disk = await asyncio.to_thread(_files_and_digest, folder)
        if (on_disk == newest.digest and self._adopted is None and not changed_here
                and self._loaded_from(newest.version, folder)):
            self._adopted = newest.digest  # start-up: the catalog was read from this folder
            return
        if on_disk != newest.digest and (
                newest.digest in self._failed or not await self._install(newest)):
            if changed_here:
                await self._reload(None)
            return
        await self._reload(newest)

    def _loaded_from(self, version: str, folder: Path) -> bool:
        """Whether the catalog in service holds ``version`` as read from ``folder``."""
        return any(r.version == version and r.folder is not None
                   and Path(r.folder) == folder for r in self.bot.catalog.releases)

    async def _reload(self, release: PublishedRelease | None) -> None:
        """Reload once for ``release``: a release that does not load is not tried again."""
        if release is not None:
            self._adopted = release.digest
        try:
            await self.bot.reload()
        except BoardError as error:
            if release is not None:
                self._failed.add(release.digest)
            log.error("release %s is in the data folder but does not load; still serving "
                      "%s: %s", release.version if release else "?",
                      self.bot.catalog.current.version, error)

    async def _install(self, release: PublishedRelease) -> bool:
        """Install a release published by another process; False (logged) when it fails. A
        release that cannot be installed is marked as tried; one incomplete in the store is
        tried again next round."""
        files = await self.bot.store.release_files(release.version)
        if await asyncio.to_thread(release_digest, files) != release.digest:
            log.warning("published release %s is incomplete in the store; waiting for the "
                        "next round", release.version)
            return False
        info = ReleaseInfo(version=release.version, date=release.date)
        try:
            status = await install_files(sync_dir(self.bot.settings.data), info, files)
        except SyncError as error:
            self._failed.add(release.digest)
            log.error("cannot install release %s from the store; still serving %s: %s",
                      release.version, self.bot.catalog.current.version,
                      error_text(error, "en"))
            return False
        log.info("release %s %s from the store", release.version, status)
        return True


def _files_and_digest(folder: Path) -> tuple[dict[str, bytes], str]:
    """(In a worker thread.) A release folder's files and their digest: hashing megabytes
    of boards on the event loop would stall it."""
    files = folder_files(folder)
    return files, release_digest(files)


def should_publish(newest: PublishedRelease | None, report: SyncReport) -> bool:
    """Whether the leader's release goes to the store: a newer version than the newest
    published, or the same version with other files (CLiB corrected one); never an older
    one, and nothing when the source went back."""
    if report.status == "older":
        return False
    if newest is None:
        return True
    mine, theirs = version_number(report.release), version_number(newest.version)
    if mine != theirs:
        return mine > theirs
    return newest.digest != report.digest


def start_release_sync(bot: ModelBot) -> asyncio.Task[None]:
    """Run ``bot.release_sync`` every ``data.sync_minutes``."""
    seconds = bot.settings.data.sync_minutes * 60
    log.info("syncing CLiB from %s every %g minutes", shown(bot.settings.data.sync_source),
             bot.settings.data.sync_minutes)
    return asyncio.create_task(bot.release_sync.run(seconds), name="modelbot-release-sync")
