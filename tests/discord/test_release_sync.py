"""The running bot keeps up with CLiB: it syncs from the test server, switches to a new release
once it is complete and valid, and announces it once per watched channel (offline Discord
harness); with several processes one syncs and the others install the result from the store."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest

from bot import Settings
from bot.core.datafolder import load_data
from bot.sync.download import FetchPolicy
from bot.sync.engine import SyncOptions, sync_release
from bot.sync.install import folder_files, release_digest
from tests.discord.harness import CHANNEL_ID, GUILD_ID
from tests.sync.releases import NEW_MODEL, newer_release, with_malformed_board

DEADLINE = 20.0  # seconds a test waits for the bot before it fails (never a pause)


async def synced_folder(clib, folder: Path) -> Path:
    """``folder`` holding v5.11.7 as modelbot sync leaves it."""
    await sync_release(SyncOptions(source=clib.base, directory=folder,
                                   policy=FetchPolicy(retry_delay=0)))
    return folder


def settings_for(clib, data: Path, *, minutes: float = 0.0, database: str | None = None
                 ) -> Settings:
    return Settings(
        data={"dir": data, "sync_source": clib.base, "sync_minutes": minutes,
              "sync_retry_delay": 0, "sync_timeout": 5},
        database_url=database or "sqlite:///:memory:", discord={"cooldown_rate": 1000})


async def watched_bot(make_harness, settings: Settings, guild: int = GUILD_ID,
                      channel: int = CHANNEL_ID):
    harness = await make_harness(settings, catalog=load_data(settings.data))
    await harness.guild_create(guild, (channel,))
    await harness.bot.store.add_watch(guild, channel)
    return harness


def channel_posts(harness, start: int, channel: int = CHANNEL_ID) -> list[dict]:
    return [r.json for r in harness.fake.requests[start:]
            if r.method == "POST" and r.path == f"/channels/{channel}/messages"]


def field(embed: dict, prefix: str) -> str:
    found = [f["value"] for f in embed["fields"] if f["name"].startswith(prefix)]
    assert found, f"no field {prefix!r} in {[f['name'] for f in embed['fields']]}"
    return found[0]


async def test_a_new_release_is_synced_switched_to_and_announced_once(
        clib, tmp_path, make_harness):
    """With data.sync_minutes set, the bot's own loop picks up v5.11.8 from the server,
    serves it, and the watched channel gets exactly one announcement of it."""
    data = await synced_folder(clib, tmp_path / "data")
    harness = await watched_bot(make_harness, settings_for(clib, data, minutes=0.001))
    bot, sync = harness.bot, harness.bot.data.release_sync
    await asyncio.wait_for(sync.wait_until(lambda: sync.rounds >= 1), DEADLINE)
    assert bot.catalog.current.version == "v5.11.7"
    start = len(harness.fake.requests)

    clib.files = newer_release(clib.files)
    await asyncio.wait_for(
        sync.wait_until(lambda: bot.catalog.current.version == "v5.11.8"), DEADLINE)
    await harness.settle_background()
    rounds = sync.rounds
    await asyncio.wait_for(sync.wait_until(lambda: sync.rounds >= rounds + 2), DEADLINE)
    await harness.settle_background()

    posts = channel_posts(harness, start)
    assert len(posts) == 1, posts
    embed = posts[0]["embeds"][0]
    assert embed["title"] == "New CLiB release: v5.11.8"
    assert embed["description"].startswith("Released 2026-09-12.")
    # the /changes digest of v5.11.8 against v5.11.7 (bot.discord.release_news)
    assert field(embed, "New models (1)") == NEW_MODEL
    assert "Overall: qwen3.7-max → qwen4-max" in field(embed, "New leaders")
    assert "kimi-k3 100元 → 80元" in field(embed, "Price changes")
    assert field(embed, "Left the board (1)") == "gpt-5.2"
    assert posts[0]["allowed_mentions"] == {"parse": []}
    assert (await harness.slash("best", {"domain": "overall"})).embed["title"].startswith(
        "Best for Overall")
    assert bot.catalog.record(NEW_MODEL).total == 78.1


async def test_a_malformed_release_is_not_served(clib, tmp_path, make_harness, caplog):
    """v5.11.8 with a malformed board: the bot keeps serving v5.11.7, logs why, posts
    nothing, and leaves no v5.11.8 folder."""
    data = await synced_folder(clib, tmp_path / "data")
    harness = await watched_bot(make_harness, settings_for(clib, data))
    await harness.bot.data.release_sync.round()
    start = len(harness.fake.requests)
    clib.files, line = with_malformed_board(newer_release(clib.files))
    with caplog.at_level(logging.ERROR, logger="bot.discord.syncing"):
        await harness.bot.data.release_sync.round()
    await harness.settle_background()
    assert harness.bot.catalog.current.version == "v5.11.7"
    assert f"still serving v5.11.7: leaderboard/commerce2.md:{line}: malformed board" \
        in caplog.text
    assert channel_posts(harness, start) == []
    assert not (data / "v5.11.8").exists()


async def test_an_unreachable_source_keeps_the_release_in_service(tmp_path, clib,
                                                                  make_harness, caplog):
    """A round against a server that is gone logs the reason and changes nothing."""
    data = await synced_folder(clib, tmp_path / "data")
    settings = settings_for(clib, data)
    settings.data.sync_source = "http://127.0.0.1:9"  # the discard port: nothing listens
    harness = await watched_bot(make_harness, settings)
    before = harness.bot.catalog
    with caplog.at_level(logging.ERROR, logger="bot.discord.syncing"):
        assert await harness.bot.data.release_sync.round() is None
    assert harness.bot.catalog is before
    assert "sync from http://127.0.0.1:9 failed; still serving v5.11.7: Cannot reach" \
        in caplog.text


async def test_one_process_syncs_and_the_other_installs_the_result(clib, tmp_path,
                                                                   make_harness):
    """Two shard processes on two machines (each its own data folder) share one store: the
    lease holder downloads, the other installs the release from the store; each announces in
    its own guild, once."""
    database = f"sqlite:///{tmp_path / 'shared.db'}"
    first_dir = await synced_folder(clib, tmp_path / "a")
    second_dir = await synced_folder(clib, tmp_path / "b")
    first = await watched_bot(make_harness, settings_for(clib, first_dir, database=database))
    other_guild, other_channel = GUILD_ID + 1, CHANNEL_ID + 1
    second = await watched_bot(make_harness, settings_for(clib, second_dir, database=database),
                               other_guild, other_channel)
    await first.bot.data.release_sync.round()
    await second.bot.data.release_sync.round()
    clib.files = newer_release(clib.files)
    clib.requests.clear()
    start = len(first.fake.requests)

    led = await first.bot.data.release_sync.round()
    followed = await second.bot.data.release_sync.round()
    await first.settle_background()
    await second.settle_background()

    assert led is not None and led.release == "v5.11.8" and followed is None
    assert clib.asked("README.md") == 1  # only the leader asked the server
    assert first.bot.catalog.current.version == second.bot.catalog.current.version == "v5.11.8"
    assert release_digest(folder_files(second_dir / "v5.11.8")) == led.digest
    assert len(channel_posts(first, start, CHANNEL_ID)) == 1
    assert len(channel_posts(first, start, other_channel)) == 1

    await first.bot.close()  # the leader stops: its lease is given up, the other leads
    again = await second.bot.data.release_sync.round()
    assert again is not None and again.status == "current"


async def test_a_restarted_bot_does_not_announce_a_release_again(clib, tmp_path,
                                                                 make_harness):
    """The store remembers which release each channel heard of: a new process that switches
    to the same release (a restart, a second replica) posts nothing."""
    database = f"sqlite:///{tmp_path / 'shared.db'}"
    data = await synced_folder(clib, tmp_path / "data")
    first = await watched_bot(make_harness, settings_for(clib, data, database=database))
    await first.bot.data.release_sync.round()
    clib.files = newer_release(clib.files)
    start = len(first.fake.requests)
    await first.bot.data.release_sync.round()
    await first.settle_background()
    assert len(channel_posts(first, start)) == 1
    await first.bot.close()

    old = tmp_path / "old"  # a replica that still served v5.11.7 switches now
    restarted = await watched_bot(make_harness, settings_for(
        clib, await _copy_without(data, old, "v5.11.8"), database=database))
    start = len(restarted.fake.requests)
    await restarted.bot.data.release_sync.round()
    await restarted.settle_background()
    assert restarted.bot.catalog.current.version == "v5.11.8"
    assert channel_posts(restarted, start) == []


async def _copy_without(source: Path, target: Path, release: str) -> Path:
    import shutil

    shutil.copytree(source, target, ignore=shutil.ignore_patterns(release, ".sync"))
    return target


@pytest.mark.parametrize("minutes", [0.0])
async def test_no_sync_loop_unless_asked(clib, tmp_path, make_harness, minutes):
    """data.sync_minutes = 0 (the default): the bot never asks the source."""
    data = await synced_folder(clib, tmp_path / "data")
    clib.requests.clear()
    harness = await watched_bot(make_harness, settings_for(clib, data, minutes=minutes))
    await harness.slash("about")
    assert harness.bot.data.syncer is None and clib.requests == []


@pytest.mark.parametrize(("minutes", "lease"), [(5.0, 600.0), (1.5, 180.0), (0.5, 120.0)])
async def test_the_sync_lease_outlasts_two_rounds_and_two_minutes(
        clib, tmp_path, make_harness, minutes, lease):
    """The leader renews its lease every round; a dead leader's runs out after two rounds,
    never sooner than two minutes (a slow sync must not lose it halfway)."""
    from bot.discord.syncing import ReleaseSync

    harness = await make_harness(settings_for(clib, tmp_path, minutes=minutes))
    assert ReleaseSync(harness.bot.data)._lease_seconds == lease


async def test_the_sync_loop_waits_data_sync_minutes_between_rounds(
        clib, tmp_path, make_harness, monkeypatch):
    """data.sync_minutes is minutes: 2 means a round every 120 seconds."""
    from bot.discord import syncing

    harness = await make_harness(settings_for(clib, tmp_path))
    harness.bot.settings.data.sync_minutes = 2.0
    asked: list[float] = []

    async def run(seconds: float) -> None:
        asked.append(seconds)

    monkeypatch.setattr(harness.bot.data.release_sync, "run", run)
    await syncing.start_release_sync(harness.bot.data)
    assert asked == [120.0]


async def test_a_release_published_incomplete_is_not_installed(clib, tmp_path, make_harness,
                                                                caplog):
    """Another process holds the lease and published v5.11.8, but a file is missing from the
    store: the follower keeps serving v5.11.7, installs nothing and says why."""
    from bot.discord.syncing import LEASE
    from bot.store import PublishedRelease

    data = await synced_folder(clib, tmp_path / "data")
    clib.files = newer_release(clib.files)
    newer = await synced_folder(clib, tmp_path / "elsewhere")
    files = folder_files(newer / "v5.11.8")
    harness = await watched_bot(make_harness, settings_for(clib, data))
    store = harness.bot.store
    assert await store.acquire_lease(LEASE, "another-process", 600)
    dropped = sorted(name for name in files if name.endswith(".md") and name != "README.md")[0]
    await store.publish_release(
        PublishedRelease(version="v5.11.8", date=None, digest=release_digest(files)),
        {name: body for name, body in files.items() if name != dropped})

    with caplog.at_level(logging.WARNING, logger="bot.discord.syncing"):
        assert await harness.bot.data.release_sync.round() is None
    assert harness.bot.catalog.current.version == "v5.11.7"
    assert not (data / "v5.11.8").exists()
    assert "published release v5.11.8 is incomplete in the store" in caplog.text
