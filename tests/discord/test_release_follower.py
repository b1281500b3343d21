"""The running bot's release follower (``bot.discord.syncing``), pinned at its boundaries with
two processes sharing one store (each its own data folder, as on two machines): a leader that
changed its own release reloads it, a correction of the same version is published and
followed, a release on disk the catalog never read is read, a release that cannot be installed
is tried once, the store keeps the newest PUBLISHED_KEPT releases, and a source that went back
is not published."""

from __future__ import annotations

import logging
import shutil

import pytest

from bot.discord.syncing import LEASE, PUBLISHED_KEPT, should_publish
from bot.store import PublishedRelease
from bot.sync.engine import SyncReport
from bot.sync.install import folder_files, release_digest
from tests.discord.harness import CHANNEL_ID, GUILD_ID
from tests.discord.test_release_sync import settings_for, synced_folder, watched_bot
from tests.sync.releases import newer_release, with_malformed_board

KIMI = "|kimi-k3(new)|月之暗面|100.0元|"


def corrected(files: dict[str, bytes], price: str = "90.0元") -> dict[str, bytes]:
    """The same release with kimi-k3's price corrected on its price-tier board."""
    body = files["leaderboard/commerce1.md"].decode()
    assert KIMI in body
    return {**files, "leaderboard/commerce1.md":
            body.replace(KIMI, f"|kimi-k3(new)|月之暗面|{price}|").encode()}


async def two_processes(clib, tmp_path, make_harness):
    database = f"sqlite:///{tmp_path / 'shared.db'}"
    first = await watched_bot(make_harness, settings_for(
        clib, await synced_folder(clib, tmp_path / "a"), database=database))
    second = await watched_bot(make_harness, settings_for(
        clib, await synced_folder(clib, tmp_path / "b"), database=database),
        GUILD_ID + 1, CHANNEL_ID + 1)
    await first.bot.data.release_sync.round()  # leads: publishes v5.11.7
    await second.bot.data.release_sync.round()
    return first, second


async def test_a_leader_that_corrected_its_release_reloads_it_at_its_first_round(
        clib, tmp_path, make_harness):
    """A fresh process (nothing adopted yet) whose first sync updates v5.11.7 in place: the
    folder holds the newest published release, but the catalog was read before the update,
    so it reloads."""
    data = await synced_folder(clib, tmp_path / "data")
    harness = await watched_bot(make_harness, settings_for(clib, data))
    assert harness.bot.catalog.record("kimi-k3").price == 100.0
    clib.files = corrected(clib.files)
    report = await harness.bot.data.release_sync.round()
    assert report is not None and report.status == "updated"
    assert harness.bot.catalog.record("kimi-k3").price == 90.0


async def test_a_correction_of_the_same_version_is_published_and_followed(
        clib, tmp_path, make_harness):
    """The leader's v5.11.7 gets a corrected file: it is published (same version, other
    files) and the other process installs it and serves the corrected price."""
    first, second = await two_processes(clib, tmp_path, make_harness)
    clib.files = corrected(clib.files)
    led = await first.bot.data.release_sync.round()
    assert led is not None and led.status == "updated"
    published = await first.bot.store.published_releases()
    assert (published[0].version, published[0].digest) == ("v5.11.7", led.digest)
    await second.bot.data.release_sync.round()
    assert second.bot.catalog.record("kimi-k3").price == 90.0
    assert release_digest(folder_files(tmp_path / "b" / "v5.11.7")) == led.digest


async def test_a_release_on_disk_that_the_catalog_never_read_is_read_at_start(
        clib, tmp_path, make_harness):
    """A shared volume: another process put v5.11.8 in the folder and published it after
    this process read its catalog. At its first round the release is on disk already, but
    the catalog does not hold it: it reloads rather than adopt it unread."""
    data = await synced_folder(clib, tmp_path / "data")
    harness = await watched_bot(make_harness, settings_for(clib, data))
    clib.files = newer_release(clib.files)
    elsewhere = await synced_folder(clib, tmp_path / "elsewhere")
    shutil.copytree(elsewhere / "v5.11.8", data / "v5.11.8")
    files = folder_files(data / "v5.11.8")
    store = harness.bot.store
    assert await store.acquire_lease(LEASE, "another-process", 600)
    await store.publish_release(PublishedRelease(version="v5.11.8", date=None,
                                                 digest=release_digest(files)), files)
    assert harness.bot.catalog.current.version == "v5.11.7"
    assert await harness.bot.data.release_sync.round() is None
    assert harness.bot.catalog.current.version == "v5.11.8"


async def test_a_release_that_cannot_be_installed_is_tried_once(clib, tmp_path, make_harness,
                                                                caplog):
    """Published whole but malformed (another version of modelbot published it): the
    follower says why once, and does not fetch it from the store round after round."""
    data = await synced_folder(clib, tmp_path / "data")
    harness = await watched_bot(make_harness, settings_for(clib, data))
    files, _line = with_malformed_board(newer_release(clib.files))
    store = harness.bot.store
    assert await store.acquire_lease(LEASE, "another-process", 600)
    await store.publish_release(PublishedRelease(version="v5.11.8", date=None,
                                                 digest=release_digest(files)), files)
    fetched: list[str] = []
    release_files = store.release_files

    async def counted(version: str) -> dict[str, bytes]:
        fetched.append(version)
        return await release_files(version)

    store.release_files = counted  # type: ignore[method-assign]
    with caplog.at_level(logging.ERROR, logger="bot.discord.syncing"):
        for _ in range(3):
            await harness.bot.data.release_sync.round()
    assert caplog.text.count("cannot install release v5.11.8 from the store") == 1
    assert fetched == ["v5.11.8"]
    assert harness.bot.catalog.current.version == "v5.11.7"


async def test_the_store_keeps_the_newest_published_releases(clib, tmp_path, make_harness):
    """The leader publishes four releases one after another: the store keeps the newest
    PUBLISHED_KEPT (3), files included, for processes catching up."""
    data = await synced_folder(clib, tmp_path / "data")
    harness = await watched_bot(make_harness, settings_for(clib, data))
    original = dict(clib.files)
    for number, day in ((7, None), (8, "2026/9/12"), (9, "2026/9/13"), (10, "2026/9/14")):
        if day is not None:
            clib.files = newer_release(original, f"v5.11.{number}", day)
        await harness.bot.data.release_sync.round()
    published = await harness.bot.store.published_releases()
    assert PUBLISHED_KEPT == 3
    assert [r.version for r in published] == ["v5.11.10", "v5.11.9", "v5.11.8"]
    assert await harness.bot.store.release_files("v5.11.8")
    assert harness.bot.catalog.current.version == "v5.11.10"


async def test_a_source_that_went_back_is_not_published(clib, tmp_path, make_harness, caplog):
    """The leader serves v5.11.8; its source goes back to v5.11.7: nothing is published, the
    store's newest stays v5.11.8 and the process keeps serving it."""
    data = await synced_folder(clib, tmp_path / "data")
    harness = await watched_bot(make_harness, settings_for(clib, data))
    original = dict(clib.files)
    clib.files = newer_release(original)
    await harness.bot.data.release_sync.round()
    before = await harness.bot.store.published_releases()
    clib.files = corrected(original)  # an older release, with other files
    with caplog.at_level(logging.WARNING, logger="bot.discord.syncing"):
        report = await harness.bot.data.release_sync.round()
    assert report is not None and report.status == "older"
    assert ("sync: the source offers v5.11.7, older than v5.11.8 held; not followed, still "
            "serving v5.11.8") in caplog.text
    assert await harness.bot.store.published_releases() == before
    assert harness.bot.catalog.current.version == "v5.11.8"


def _report(version: str, digest: str, status: str = "installed") -> SyncReport:
    return SyncReport(release=version, date=None, status=status, directory=".", fetched=[],
                      unchanged=[], skipped=[], kept=[], pruned=[], bytes=0, digest=digest)


@pytest.mark.parametrize(("newest", "report", "publish"), [
    (None, _report("v5.11.7", "a"), True),
    (("v5.11.7", "a"), _report("v5.11.7", "a", "current"), False),
    (("v5.11.7", "a"), _report("v5.11.7", "b", "updated"), True),
    (("v5.11.7", "a"), _report("v5.11.8", "b"), True),
    (("v5.11.10", "a"), _report("v5.11.9", "b"), False),
    (("v5.11.8", "a"), _report("v5.11.7", "", "older"), False),
    (None, _report("v5.11.7", "", "older"), False),
])
def test_what_the_leader_publishes(newest, report, publish):
    """A newer version, or the same version with other files; never an older one."""
    published = None if newest is None else PublishedRelease(
        version=newest[0], date=None, digest=newest[1] * 64)
    report = report.model_copy(update={"digest": report.digest * 64})
    assert should_publish(published, report) is publish
