"""``data.history`` in the running bot: the leader's round installs the last N releases of the
repository beside the newest (loopback GitHub: tests/sync/history_releases.py), the catalog
is reloaded with them, and the next round fetches nothing."""

from __future__ import annotations

import shutil

from bot import Settings
from bot.core.datafolder import load_data
from tests.paths import SEED_DIR
from tests.sync.history_releases import history_commits


async def test_the_bot_keeps_the_history_it_is_asked_for(clib, tmp_path, make_harness):
    clib.history = history_commits()
    settings = Settings(
        data={"dir": tmp_path / "data", "sync_source": clib.raw, "sync_api": clib.api,
              "history": 3, "sync_retry_delay": 0, "sync_timeout": 5},
        database_url="sqlite:///:memory:", discord={"cooldown_rate": 1000})
    shutil.copytree(SEED_DIR, tmp_path / "data" / "v3.6")  # a folder to start from
    harness = await make_harness(settings, catalog=load_data(settings.data))
    bot = harness.bot
    report = await bot.data.release_sync.round()
    assert report is not None and report.release == "v5.11.8"
    assert [r.version for r in bot.catalog.releases][:3] == ["v5.11.8", "v5.11.7", "v5.11.6"]
    assert bot.catalog.current.version == "v5.11.8"
    clib.requests.clear()
    await bot.data.release_sync.round()
    assert clib.downloads() == []


async def test_without_history_only_the_newest_is_synced(clib, tmp_path, make_harness):
    clib.history = history_commits()
    settings = Settings(
        data={"dir": tmp_path / "data", "sync_source": clib.raw, "sync_api": clib.api,
              "sync_retry_delay": 0, "sync_timeout": 5},
        database_url="sqlite:///:memory:", discord={"cooldown_rate": 1000})
    shutil.copytree(SEED_DIR, tmp_path / "data" / "v3.6")  # a folder to start from
    harness = await make_harness(settings, catalog=load_data(settings.data))
    await harness.bot.data.release_sync.round()
    assert sorted(p.name for p in (tmp_path / "data").glob("v*")) == ["v3.6", "v5.11.8"]
    assert not [r for r in clib.requests if r.path.startswith("commits")]
