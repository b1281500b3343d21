"""The data watcher: a changed board is loaded once it settles; a broken one is logged and the
old catalog keeps serving; off unless data.watch_seconds is set."""

from __future__ import annotations

import asyncio
import logging
import shutil
from pathlib import Path

import pytest

from bot import Settings
from bot.discord import watcher
from bot.discord.watcher import data_files, snapshot
from tests.paths import DATA, SEED_DIR

SEED = "leaderboard-20b-open-source.md"
QWQ_ROW = ("|qwq-32b(new)☛[去体验](https://easyllm.site/static/modelcompare.html?type=open-source)"
           "|阿里巴巴|6元|")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    for name in (SEED, "aliases.toml"):
        shutil.copy((SEED_DIR if name == SEED else DATA) / name, tmp_path / name)
    return tmp_path


def _settings(data_dir: Path, seconds: float) -> Settings:
    return Settings(data={"dir": data_dir, "watch_seconds": seconds},
                    discord={"cooldown_rate": 1000})


def _track_reloads(bot) -> asyncio.Queue:
    """A queue that receives the outcome of every reload the watcher starts."""
    outcomes: asyncio.Queue = asyncio.Queue()
    original = bot.data.reload

    async def reload():
        try:
            diff = await original()
        except Exception as error:
            outcomes.put_nowait(error)
            raise
        outcomes.put_nowait(diff)
        return diff

    bot.data.reload = reload
    return outcomes


def test_the_watched_files_are_the_boards_and_the_aliases(data_dir):
    """*.md of the data directory in name order, then the nickname file; sizes and times."""
    (data_dir / "b-extra.md").write_text("x", encoding="utf-8")
    (data_dir / "notes.txt").write_text("not a board", encoding="utf-8")
    settings = _settings(data_dir, 1).data
    assert [p.name for p in data_files(settings)] == ["b-extra.md", SEED, "aliases.toml"]
    shot = snapshot(settings)
    assert shot[str(data_dir / "b-extra.md")][1] == 1
    (data_dir / "aliases.toml").unlink()
    assert str(data_dir / "aliases.toml") not in snapshot(settings)
    assert snapshot(_settings(data_dir / "missing", 1).data) == {}


async def test_off_by_default(make_harness, data_dir):
    """watch_seconds = 0 (the default) starts no watcher."""
    harness = await make_harness(_settings(data_dir, 0))
    assert harness.bot.data.watcher is None
    assert not [t for t in asyncio.all_tasks() if t.get_name() == "modelbot-data-watcher"]


async def test_a_changed_board_is_loaded(make_harness, data_dir):
    """A new price in the board file reaches the answers without /reload."""
    harness = await make_harness(_settings(data_dir, 0.02))
    outcomes = _track_reloads(harness.bot)
    board = data_dir / SEED
    board.write_text(board.read_text(encoding="utf-8").replace(QWQ_ROW, "|qwq-32b|阿里巴巴|3元|"),
                     encoding="utf-8")
    diff = await asyncio.wait_for(outcomes.get(), 10)
    assert [p.name for p in diff.prices] == ["qwq-32b"]
    card = await harness.slash("model", {"name": "qwq-32b"})
    assert {f["name"]: f["value"] for f in card.embed["fields"]}["Price"] == "3元"


async def test_a_broken_board_is_logged_and_the_old_catalog_serves(make_harness, data_dir,
                                                                    caplog):
    """The error names file and line at ERROR; answers come from the boards loaded before;
    the next change that parses is loaded."""
    harness = await make_harness(_settings(data_dir, 0.02))
    bot = harness.bot
    before = bot.catalog
    outcomes = _track_reloads(bot)
    board = data_dir / SEED
    good = board.read_text(encoding="utf-8")
    board.write_text(good.replace("77.2", "seventy-seven"), encoding="utf-8")
    error = await asyncio.wait_for(outcomes.get(), 10)
    assert f"{SEED}:5" in str(error)
    assert bot.catalog is before
    logged = [r for r in caplog.records if r.name == "bot.discord.watcher"
              and r.levelno == logging.ERROR]
    assert logged and f"{SEED}:5" in logged[0].getMessage()
    still = await harness.slash("best", {"domain": "医疗"})
    assert "DeepSeek-R1" in still.embed["description"]

    board.write_text(good.replace("|16|gemma-2-27b-it", "|16|gemma-2-27b-it-renamed"),
                     encoding="utf-8")
    diff = await asyncio.wait_for(outcomes.get(), 10)
    assert diff.added == ["gemma-2-27b-it-renamed"]
    assert bot.catalog is not before


async def test_a_change_is_loaded_once_it_has_settled(make_harness, data_dir, monkeypatch):
    """A file still being written (different at each look) is not loaded; once two looks agree
    it is loaded once, and not again while nothing changes."""
    looks = [{"a": (1, 1)}, {"a": (2, 5)}, {"a": (3, 9)}, {"a": (3, 9)}]  # then unchanged
    seen: list[int] = []
    loop = asyncio.get_running_loop()
    enough = asyncio.Event()

    def scripted(settings):
        index = len(seen)
        seen.append(index)
        if index >= len(looks) + 3:
            loop.call_soon_threadsafe(enough.set)
        return looks[min(index, len(looks) - 1)]

    monkeypatch.setattr(watcher, "snapshot", scripted)
    harness = await make_harness(_settings(data_dir, 0.001))
    reloads_at: list[int] = []
    original = harness.bot.data.reload

    async def counting():
        reloads_at.append(len(seen) - 1)
        return await original()

    harness.bot.data.reload = counting
    await asyncio.wait_for(enough.wait(), 10)
    assert reloads_at == [3]  # the first look equal to the one before it (looks 2 and 3)


async def test_closing_the_bot_stops_the_watcher(make_harness, data_dir):
    """close() cancels the watcher task."""
    harness = await make_harness(_settings(data_dir, 0.02))
    task = harness.bot.data.watcher
    assert task is not None and not task.done()
    await harness.bot.close()
    await asyncio.wait({task}, timeout=5)
    assert task.cancelled()
