"""A release synced with --all: dozens of per-benchmark boards become domains; /domains pages
them with buttons, and domain autocomplete and resolution find them by their topic."""

from __future__ import annotations

import pytest

from benchmarks.manyboards import write_data_dir
from bot import Settings
from bot.core.catalog import load_catalog
from tests.discord.harness import OTHER_USER_ID

BOARDS = 72  # the release's 12 files and 60 per-benchmark boards


@pytest.fixture
async def many(make_harness, tmp_path):
    data = write_data_dir(tmp_path / "data", BOARDS)
    return await make_harness(Settings(data={"dir": data}, discord={"cooldown_rate": 1000}),
                              catalog=load_catalog(data))


def buttons(message: dict) -> list[dict]:
    return message["components"][0]["components"]


async def test_domains_come_in_pages_with_buttons(many):
    """/domains: the first 20 domains, the page and the count, Previous greyed out; Next shows
    the next 20; only the person who asked may turn; the last page greys out Next."""
    count = len(many.bot.catalog.domains.infos)
    assert count > 60
    reply = await many.slash("domains")
    first = reply.embed
    assert len(first["fields"]) == 20
    assert f"Page 1 of 4 · {count} domains" in first["description"]
    assert first["fields"][0]["name"].startswith("总分 · Overall")
    assert [b["disabled"] for b in buttons(reply.message)] == [True, False]
    _previous, following = reply.custom_ids()

    refused = await many.component(reply, following, user_id=OTHER_USER_ID)
    assert refused.ephemeral and "Only the person who ran the command" in refused.text

    turned = await many.component(reply, following)
    page = turned.callback["data"]
    assert turned.callback["type"] == 7
    assert f"Page 2 of 4 · {count} domains" in page["embeds"][0]["description"]
    seen = {f["name"] for f in first["fields"]}
    assert not seen & {f["name"] for f in page["embeds"][0]["fields"]}
    assert [b["disabled"] for b in page["components"][0]["components"]] == [False, False]
    for _ in range(2):  # each page's own Next (a button names the page it shows)
        _previous, following = turned.custom_ids()
        turned = await many.component(turned, following)
    last = turned.callback["data"]
    assert f"Page 4 of 4 · {count} domains" in last["embeds"][0]["description"]
    assert len(last["embeds"][0]["fields"]) == count - 60
    assert [b["disabled"] for b in last["components"][0]["components"]] == [False, True]


async def test_few_domains_need_no_pages(harness):
    """The seed board's domains fit one embed: no buttons."""
    reply = await harness.slash("domains")
    assert reply.message.get("components") in (None, [])
    assert "Page" not in reply.embed["description"]


async def test_domains_pages_in_chinese(many):
    """A Chinese client sees the page line in Chinese."""
    reply = await many.slash("domains", locale="zh-CN")
    assert "第 1/4 页" in reply.embed["description"]


async def test_autocomplete_finds_a_benchmark_by_its_topic(many):
    """注册会计师 -> CFLUE-注册会计师 first; cflue lists every CFLUE board first."""
    choices = await many.autocomplete("best", {"domain": "注册会计师"}, "domain")
    assert choices[0]["value"] == "CFLUE-注册会计师"
    cflue = {d for d in many.bot.catalog.domains.domains if d.startswith("CFLUE-")}
    assert len(cflue) > 5
    choices = await many.autocomplete("best", {"domain": "cflue"}, "domain")
    assert {c["value"] for c in choices[:len(cflue)]} == cflue


async def test_a_benchmark_answers_to_its_topic(many):
    """/best 注册会计师 ranks CFLUE-注册会计师."""
    reply = await many.slash("best", {"domain": "注册会计师"})
    assert "CFLUE-注册会计师" in reply.embed["title"]
