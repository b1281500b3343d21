"""Answering through Discord: when an answer gets page buttons, what a press shows (whatever
page its button names), and the which-model menu's pick, in the reader's language."""

from __future__ import annotations

import pytest

from bot.core.board import parse_boards
from bot.core.catalog import Catalog
from bot.store import GuildPrefs
from tests.discord.harness import GUILD_ID, Harness, Reply

# 24 domain columns: with the total, 25 domains, two pages of /domains (20 a page)
DOMAINS = [f"领域{i:02d}" for i in range(24)]


def wide_catalog() -> Catalog:
    header = "|排名|大模型|机构|输出价格|总分|" + "|".join(DOMAINS) + "|"
    separator = "|" + "|".join("-" for _ in range(5 + len(DOMAINS))) + "|"
    row = "|1|solo|o|1元|90|" + "|".join("50" for _ in DOMAINS) + "|"
    return Catalog(parse_boards("\n".join(["### 宽榜", header, separator, row]) + "\n", "w.md"))


def buttons(message: dict) -> list[dict]:
    return message["components"][0]["components"]


def stale(reply: Reply, page: int) -> str:
    """Make the reply's Next button name ``page`` (as on a message sent before a reload left
    fewer pages) and return its custom_id; Discord only sends what the message holds."""
    button = buttons(reply.message)[1]
    prefix, _page, key = button["custom_id"].rsplit(":", 2)
    button["custom_id"] = f"{prefix}:{page}:{key}"
    return str(button["custom_id"])


@pytest.mark.parametrize("budget, paged", [(6.0, False), (7.0, True), (None, True)])
async def test_only_an_answer_longer_than_one_page_gets_buttons(harness, budget, paged):
    """Ten models within 6元 fill exactly one page of ten: no buttons; twelve within 7元 do
    not fit: Previous and Next."""
    options = {} if budget is None else {"budget": budget}
    reply = await harness.slash("leaderboard", options)
    if paged:
        assert [b["disabled"] for b in buttons(reply.message)] == [True, False]
        assert "Page 1/2" in reply.embed["footer"]["text"]
    else:
        assert reply.message.get("components") in (None, [])
        assert "Page 1/1 · 10 models" in reply.embed["footer"]["text"]


async def test_domains_of_one_page_get_no_buttons_and_of_two_pages_do(make_harness, harness):
    """The seed board's 7 domains: no buttons; 25 domains: two pages."""
    few = await harness.slash("domains")
    assert few.message.get("components") in (None, [])
    wide = await make_harness(catalog=wide_catalog())
    many = await wide.slash("domains")
    assert "Page 1 of 2 · 25 domains" in many.embed["description"]
    assert [b["disabled"] for b in buttons(many.message)] == [True, False]


@pytest.mark.parametrize("page, shown, previous, following", [
    (9, 2, 1, 3),   # past the end: the last page, whose Previous is page 1
    (0, 1, 0, 2),   # before the start: the first page, whose Next is page 2
])
async def test_a_press_naming_a_page_out_of_range_shows_the_nearest_page(
        make_harness, page, shown, previous, following):
    """A stale button naming page 9 of 2 (or 0): the nearest page, with buttons for that
    page (not for the page the button named)."""
    h: Harness = await make_harness(catalog=wide_catalog())
    reply = await h.slash("domains")
    turned = await h.component(reply, stale(reply, page))
    data = turned.callback["data"]
    assert f"Page {shown} of 2 · 25 domains" in data["embeds"][0]["description"]
    ids = [b["custom_id"] for b in buttons(data)]
    assert [int(i.split(":")[3]) for i in ids] == [previous, following]
    assert [b["disabled"] for b in buttons(data)] == [shown == 1, shown == 2]


@pytest.mark.parametrize("locale, labels", [("zh-CN", ["上一页", "下一页"]),
                                            ("en-US", ["Previous", "Next"])])
async def test_page_buttons_speak_the_readers_language(harness, locale, labels):
    """On the first page and on the page a press turns to."""
    reply = await harness.slash("leaderboard", locale=locale)
    assert [b["label"] for b in buttons(reply.message)] == labels
    turned = await harness.component(reply, reply.custom_ids()[1], locale=locale)
    assert [b["label"] for b in buttons(turned.callback["data"])] == labels


@pytest.mark.parametrize("locale, said", [("zh-CN", "已选择 gemma-3-27b-it。"),
                                          ("en-US", "Picked gemma-3-27b-it.")])
async def test_the_pick_is_confirmed_in_the_readers_language(harness, locale, said):
    reply = await harness.slash("model", {"name": "gemma"}, locale=locale)
    select = reply.message["components"][0]["components"][0]
    value = next(o["value"] for o in select["options"] if o["label"] == "gemma-3-27b-it")
    picked = await harness.component(reply, select["custom_id"], values=[value], locale=locale)
    assert picked.callback["data"]["content"] == said


async def test_the_pick_is_confirmed_in_the_servers_language_as_the_menu_was(harness):
    """The server chose Chinese: the menu asked in Chinese, and "Picked" follows suit for an
    English client (then the card, in Chinese too)."""
    await harness.bot.store.set_prefs(GuildPrefs(guild_id=GUILD_ID, language="zh"))
    reply = await harness.slash("model", {"name": "gemma"}, locale="en-US")
    select = reply.message["components"][0]["components"][0]
    assert select["placeholder"] == "请选择你指的模型"
    value = next(o["value"] for o in select["options"] if o["label"] == "gemma-3-27b-it")
    picked = await harness.component(reply, select["custom_id"], values=[value])
    assert picked.callback["data"]["content"] == "已选择 gemma-3-27b-it。"
    assert "价格" in picked.text
