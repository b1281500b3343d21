"""Reloads are atomic for commands in flight: every answer comes from one catalog, a failed
reload loses nothing, and concurrent reloads end on the newest data."""

from __future__ import annotations

import asyncio
import re
import shutil
from pathlib import Path

import pytest

from bot import Settings
from bot.core.errors import BoardError
from tests.discord.harness import ADMIN_PERMS
from tests.paths import DATA, SEED_DIR

SEED = "leaderboard-20b-open-source.md"
QWQ_ROW = ("|qwq-32b(new)☛[去体验](https://easyllm.site/static/modelcompare.html?type=open-source)"
           "|阿里巴巴|6元|")
# A 17th model on version B, so that an answer that mixed the two versions would show it.
EXTRA_ROW = "|17|extra-model-b|测试|0.5元|10.0| |10.0|10.0|10.0|10.0|10.0|10.0|"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    for name in (SEED, "aliases.toml"):
        shutil.copy((SEED_DIR if name == SEED else DATA) / name, tmp_path / name)
    return tmp_path


def _versions(board: Path) -> tuple[str, str]:
    a = board.read_text(encoding="utf-8")
    b = a.replace(QWQ_ROW, "|qwq-32b(new)|阿里巴巴|3元|").rstrip() + "\n" + EXTRA_ROW + "\n"
    assert b != a
    return a, b


def _version_of(reply) -> str:
    """A (qwq-32b at 6元, 16 models) or B (3元, 17 models); anything else is a mixed answer."""
    text = reply.text
    price = re.search(r"\*\*qwq-32b\*\*.*?([\d.]+)元", text).group(1)
    count = re.search(r"(\d+) models passed the filters", text).group(1)
    return {("6", "16"): "A", ("3", "17"): "B"}[(price, count)]


async def test_answers_during_reloads_each_come_from_one_catalog(make_harness, data_dir):
    """Commands run while the data flips between two versions and reloads run in between: each
    answer is wholly version A or wholly version B, never a mix."""
    harness = await make_harness(Settings(data={"dir": data_dir},
                                          discord={"cooldown_rate": 1000}))
    board = data_dir / SEED
    a, b = _versions(board)

    async def flip(n: int) -> None:
        for i in range(n):
            board.write_text(b if i % 2 == 0 else a, encoding="utf-8")
            await harness.bot.data.reload()

    async def ask(n: int) -> list[str]:
        versions = []
        for _ in range(n):
            reply = await harness.slash("best", {"domain": "医疗"})
            versions.append(_version_of(reply))
        return versions

    _, seen = await asyncio.gather(flip(6), ask(12))
    assert set(seen) <= {"A", "B"}
    assert await ask(1) == ["A"]  # the last flip wrote version A back


async def test_a_failed_reload_loses_nothing(make_harness, data_dir):
    """A malformed second board: the reload raises, the catalog is the same object with every
    model, commands keep their answers, and the files are left as they were."""
    harness = await make_harness(Settings(data={"dir": data_dir},
                                          discord={"cooldown_rate": 1000}))
    bot = harness.bot
    before = bot.catalog
    names = [e.name for e in before.records]
    broken = data_dir / "zz-new-board.md"
    broken.write_text("## new\n|排名|大模型|总分|\n|---|---|---|\n|1|x|101|\n", encoding="utf-8")
    seed_text = (data_dir / SEED).read_bytes()
    answer_before = await harness.slash("best", {"domain": "医疗"})

    reloading = asyncio.ensure_future(bot.data.reload())
    during = await harness.slash("best", {"domain": "医疗"})  # while the worker thread parses
    with pytest.raises(BoardError, match=r"zz-new-board\.md:4"):
        await reloading
    assert bot.catalog is before
    assert [e.name for e in bot.catalog.records] == names
    assert during.embed == answer_before.embed
    assert (await harness.slash("best", {"domain": "医疗"})).embed == answer_before.embed
    assert (data_dir / SEED).read_bytes() == seed_text and broken.exists()

    report = await harness.slash("reload", permissions=ADMIN_PERMS)
    assert "zz-new-board.md:4" in report.text and bot.catalog is before


async def test_concurrent_reloads_end_on_the_newest_data(make_harness, data_dir):
    """Two reloads at once (the watcher and an admin) queue on the lock; both succeed and the
    catalog ends on what the files say."""
    harness = await make_harness(Settings(data={"dir": data_dir},
                                          discord={"cooldown_rate": 1000}))
    board = data_dir / SEED
    _, b = _versions(board)
    board.write_text(b, encoding="utf-8")
    first, second = await asyncio.gather(harness.bot.data.reload(), harness.bot.data.reload())
    assert first.added == ["extra-model-b"] and second.empty
    assert len(harness.bot.catalog.records) == 17
