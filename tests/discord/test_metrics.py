"""What /metrics says about the bot's state: the release it serves and its last sync round
(led, failed, followed), read at scrape time from the bot itself."""

from __future__ import annotations

from bot.metrics import Metrics
from tests.discord.test_release_sync import settings_for, synced_folder, watched_bot


def _lines(metrics: Metrics, prefix: str) -> list[str]:
    return [line for line in metrics.text().decode().splitlines() if line.startswith(prefix)]


async def test_the_release_and_each_sync_rounds_outcome_are_shown(clib, tmp_path,
                                                                    make_harness, monkeypatch):
    """Before any round no sync sample; after a round that led, its status ("current"); after
    one against a server that is gone, "failed"; a process without the lease, "following";
    each with the round's end time (a clock the test sets)."""
    import bot.discord.syncing as syncing

    data = await synced_folder(clib, tmp_path / "data")
    database = f"sqlite:///{tmp_path / 'shared.db'}"
    harness = await watched_bot(make_harness, settings_for(clib, data, database=database))
    metrics = Metrics(harness.bot)
    assert _lines(metrics, "modelbot_release_info") == [
        'modelbot_release_info{date="2026-09-08",release="v5.11.7"} 1.0']
    assert _lines(metrics, "modelbot_sync_last_timestamp_seconds") == []
    monkeypatch.setattr(syncing.time, "time", lambda: 1_800_000_000.0)
    await harness.bot.data.release_sync.round()
    assert _lines(metrics, "modelbot_sync_last_timestamp_seconds") == [
        'modelbot_sync_last_timestamp_seconds{outcome="current"} 1.8e+09']
    harness.bot.settings.data.sync_source = "http://127.0.0.1:9"  # nothing listens there
    monkeypatch.setattr(syncing.time, "time", lambda: 1_800_000_060.0)
    await harness.bot.data.release_sync.round()
    assert _lines(metrics, "modelbot_sync_last_timestamp_seconds") == [
        'modelbot_sync_last_timestamp_seconds{outcome="failed"} 1.80000006e+09']
    other = await watched_bot(make_harness, settings_for(clib, tmp_path / "data",
                                                         database=database))
    await other.bot.data.release_sync.round()
    assert _lines(Metrics(other.bot), "modelbot_sync_last_timestamp_seconds") == [
        'modelbot_sync_last_timestamp_seconds{outcome="following"} 1.80000006e+09']
