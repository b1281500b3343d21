"""/history, /changes and release: in Discord: the embed and chart, pages turned under the
chart, the releases offered as you type, a release named on every query command, and a
release not held refused privately."""

from __future__ import annotations

import pytest

from bot.core.board import parse_boards
from bot.core.catalog import Catalog
from bot.core.release import Release, ReleaseInfo
from tests.core.history_data import V58, history_catalog, rank_by
from tests.discord.test_respond import buttons
from tests.discord.test_translator import registered

QUERIES = ("best", "compare", "model", "leaderboard", "value", "recommend", "cost", "domains")


@pytest.fixture
async def three(make_harness):
    return await make_harness(catalog=history_catalog())


def many_releases(count: int) -> Catalog:
    """``count`` releases v1.0, v1.1, ...: one model whose total climbs a point a release."""
    releases = []
    for index in range(count):
        text = (f"### 榜\n|排名|大模型|机构|输出价格|总分|\n|-|-|-|-|-|\n"
                f"|1|solo|o|1元|{30 + index}|\n|2|other|o|2元|40|\n")
        releases.append(Release(ReleaseInfo(version=f"v1.{index}"), parse_boards(text, "b.md")))
    return Catalog(releases=releases)


async def test_history_sends_its_embed_and_chart(three):
    reply = await three.slash("history", {"model": "gemma-3-27b-it"})
    assert reply.callback["type"] == 5  # drawing the chart: deferred first
    assert reply.embed["image"]["url"] == "attachment://history.png"
    follow = next(r for r in reply.requests if r.path.startswith("/webhooks/"))
    assert follow.files[0][0] == "history.png"
    fields = {f["name"]: f["value"] for f in reply.embed["fields"]}
    assert fields["v5.11.7 · 2026-09-08"] == "*not in this release*"
    rank, ranked = rank_by(V58, "gemma-3-27b-it", "总分")
    assert fields["v5.8 · 2025-11-03"].startswith(
        f"**{V58['gemma-3-27b-it']['总分']}** · #{rank} of {ranked} · 1.45元")
    assert "since v3.6 †" in fields["v5.8 · 2025-11-03"]
    assert "v5.0, v5.6, v5.7 say the scoring changed" in reply.embed["description"]
    assert reply.message.get("components") in (None, [])  # three releases: one page


async def test_history_in_chinese(three):
    reply = await three.slash("history", {"model": "gemma-3-27b-it", "domain": "医疗"},
                              locale="zh-CN")
    assert reply.embed["title"] == "gemma-3-27b-it 的历史 · 医疗与心理健康"
    assert "本版本未列出" in reply.text


@pytest.mark.parametrize("count, pages", [(8, 1), (9, 2), (60, 8)])
async def test_a_long_history_turns_pages_under_its_chart(make_harness, count, pages):
    """Eight releases fit one embed; a ninth needs a second page; the chart stays shown."""
    harness = await make_harness(catalog=many_releases(count))
    reply = await harness.slash("history", {"model": "solo"})
    assert reply.embed["image"]["url"] == "attachment://history.png"
    assert len(reply.embed["fields"]) == min(count, 8)
    assert reply.embed["fields"][0]["name"] == f"v1.{count - 1}"  # newest first
    if pages == 1:
        assert reply.message.get("components") in (None, [])
        return
    assert f"Page 1 of {pages} · {count} releases" in reply.embed["footer"]["text"]
    nxt = buttons(reply.message)[1]
    turned = await harness.component(reply, nxt["custom_id"])
    edited = turned.callback
    assert edited["type"] == 7
    embed = edited["data"]["embeds"][0]
    assert embed["fields"][0]["name"] == f"v1.{count - 9}"
    assert embed["image"]["url"] == "attachment://history.png"
    assert f"Page 2 of {pages}" in embed["footer"]["text"]


async def test_changes_embed(three):
    reply = await three.slash("changes", {"from": "v3.6", "to": "v5.8"})
    assert reply.embed["title"] == "What changed from CLiB v3.6 to CLiB v5.8 (2025-11-03)"
    assert "⚠ The release notes of v5.0, v5.6, v5.7" in reply.embed["description"]
    names = [f["name"] for f in reply.embed["fields"]]
    assert "Biggest moves in the total" in names
    default = await three.slash("changes")
    prices = next(f for f in default.embed["fields"] if f["name"].startswith("Price changes"))
    assert "gpt-oss-120b 3.26元 → 1.35元" in prices["value"]


async def test_the_releases_held_are_offered_as_you_type(three):
    every = await three.autocomplete("best", {"release": ""}, "release")
    assert [c["value"] for c in every] == ["v5.11.7", "v5.8", "v3.6"]
    assert every[0]["name"] == "v5.11.7 · 2026-09-08"
    fives = await three.autocomplete("changes", {"from": "5."}, "from")
    assert [c["value"] for c in fives] == ["v5.11.7", "v5.8"]


async def test_every_query_command_has_a_release_option_in_both_languages(three, fake):
    commands = {c["name"]: c for c in registered(fake)}
    for name in QUERIES:
        option = next(o for o in commands[name]["options"] if o["name"] == "release")
        assert option["autocomplete"] and option["name_localizations"]["zh-CN"] == "版本"
    assert commands["history"]["name_localizations"]["zh-CN"] == "历史"
    assert commands["changes"]["name_localizations"]["zh-CN"] == "变动"


async def test_a_query_answers_from_the_release_named(three):
    reply = await three.slash("best", {"domain": "医疗", "budget": 3.2, "release": "v5.8"})
    assert "ERNIE-4.5-Turbo-32K" in reply.embed["description"] + reply.text
    assert "v5.8 (2025-11-03)" in reply.embed["footer"]["text"]
    newest = await three.slash("best", {"domain": "医疗", "budget": 3.2})
    assert "v5.11.7" in newest.embed["footer"]["text"]


async def test_a_release_not_held_is_refused_privately(three):
    reply = await three.slash("leaderboard", {"release": "v9.9"})
    assert reply.ephemeral
    assert "No release “v9.9” is held. Releases held: v5.11.7, v5.8, v3.6." in reply.text
