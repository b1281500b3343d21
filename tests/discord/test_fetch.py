"""The bot's periodic fetch: an updated board reloads the catalog; a 304 does not."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot import Settings
from tests.board_server import SEED
from tests.paths import ALIASES


async def test_the_bot_reloads_and_announces_after_a_fetch(server, tmp_path, make_harness_cls):
    """bot.data.fetch_boards: an updated board reloads the catalog; an unchanged one does not."""
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(ALIASES, data / "aliases.toml")
    (data / "local.md").write_text(SEED.replace("qwq-32b(new)", "local-only-model"),
                                   encoding="utf-8")
    harness = await make_harness_cls(data, server.url)
    bot = harness.bot
    before = bot.catalog
    outcomes = await bot.data.fetch_boards()
    assert [o.status for o in outcomes] == ["updated"]
    assert bot.catalog is not before
    assert bot.catalog.record("qwq-32b").price == 6.0
    again = bot.catalog
    await bot.data.fetch_boards()
    assert bot.catalog is again  # 304: no reload


@pytest.fixture
async def make_harness_cls(make_harness):
    async def build(data: Path, url: str):
        return await make_harness(Settings(
            data={"dir": data, "sources": [url], "fetch_minutes": 0},
            database_url="sqlite:///:memory:", discord={"cooldown_rate": 1000}))

    return build
