"""A reload holds the event loop for the swap only: reading the files, building the catalog
and comparing it with the one in service run in a worker thread, and the replaced catalog is
freed there one container at a time (freed at once, a catalog of 900 boards held the
interpreter lock 76 ms; compared on the loop, 90-150 ms: ``benchmarks/healthz.py``). Checked
by the thread each step ran in, never timed."""

from __future__ import annotations

import asyncio
import shutil
import sys
import threading
import weakref
from pathlib import Path

import pytest

import bot.discord.data_service as data_service
import bot.discord.syncing as syncing
from bot import Settings
from tests.discord.harness import ADMIN_PERMS
from tests.discord.test_release_follower import corrected, two_processes
from tests.paths import DATA, SEED_DIR

SEED = "leaderboard-20b-open-source.md"


@pytest.fixture
async def harness(make_harness, tmp_path: Path):
    for name in (SEED, "aliases.toml"):
        shutil.copy((SEED_DIR if name == SEED else DATA) / name, tmp_path / name)
    return await make_harness(Settings(data={"dir": tmp_path},
                                       discord={"cooldown_rate": 1000}))


def _in_stack(name: str) -> bool:
    frame = sys._getframe()
    while frame is not None and frame.f_code.co_name != name:
        frame = frame.f_back  # type: ignore[assignment]
    return frame is not None


async def test_reading_and_comparing_run_in_a_worker_thread(harness, tmp_path, monkeypatch):
    threads: dict[str, int] = {}
    load, compare = data_service.load_data, data_service.diff_catalogs

    def spy_load(data):  # type: ignore[no-untyped-def]
        threads["load"] = threading.get_ident()
        return load(data)

    def spy_compare(old, new):  # type: ignore[no-untyped-def]
        threads["compare"] = threading.get_ident()
        return compare(old, new)

    monkeypatch.setattr(data_service, "load_data", spy_load)
    monkeypatch.setattr(data_service, "diff_catalogs", spy_compare)
    board = tmp_path / SEED
    board.write_text(board.read_text(encoding="utf-8").replace(
        "|16|gemma-2-27b-it", "|16|gemma-2-27b-it-renamed"), encoding="utf-8")
    reply = await harness.slash("reload", permissions=ADMIN_PERMS)
    fields = {f["name"]: f["value"] for f in reply.embed["fields"]}
    assert fields["Added (1)"] == "gemma-2-27b-it-renamed"  # the comparison still answers
    assert set(threads) == {"load", "compare"}
    assert threading.get_ident() not in threads.values()  # the loop's thread


async def test_the_replaced_catalog_is_freed_off_the_loop_one_container_at_a_time(harness):
    data = harness.bot.data
    freed: list[tuple[int, bool]] = []
    weakref.finalize(data.catalog, lambda: freed.append(
        (threading.get_ident(), _in_stack("drop_one_by_one"))))
    await data.reload()
    await asyncio.gather(*list(data._announcements))
    assert len(freed) == 1
    thread, one_by_one = freed[0]
    assert thread != threading.get_ident() and one_by_one


async def test_a_release_sync_hashes_releases_in_worker_threads(clib, tmp_path, make_harness,
                                                                monkeypatch):
    """The leader publishing a release and a follower checking and installing it hash every
    file of it (megabytes for hundreds of boards): never on the loop."""
    first, second = await two_processes(clib, tmp_path, make_harness)
    threads: list[int] = []
    digest = syncing.release_digest

    def spy(files):  # type: ignore[no-untyped-def]
        threads.append(threading.get_ident())
        return digest(files)

    monkeypatch.setattr(syncing, "release_digest", spy)
    clib.files = corrected(clib.files)
    await first.bot.data.release_sync.round()  # publishes the corrected release
    await second.bot.data.release_sync.round()  # checks its folder, installs, reloads
    assert second.bot.catalog.record("kimi-k3").price == 90.0
    assert len(threads) >= 3 and threading.get_ident() not in threads
