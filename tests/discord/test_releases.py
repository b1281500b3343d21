"""The bundled data in Discord: the current release answers, every embed names its release and
boards in the footer, `type` narrows rankings, older releases say so."""

from __future__ import annotations

import pytest

from bot.core.catalog import load_catalog
from tests.discord.limits import assert_embed_within_limits


@pytest.fixture
async def bundled(make_harness):
    """A bot over the bundled data (v5.11.7 current, the seed as v3.6)."""
    return await make_harness(catalog=load_catalog())


async def test_best_names_the_release_and_the_boards(bundled):
    """/best 医疗 budget:5 answers from v5.11.7; the footer names release and boards; the board
    rank says which board it is on."""
    reply = await bundled.slash("best", {"domain": "医疗", "budget": 5.0})
    embed = reply.embed
    assert "Doubao-Seed-2.0-lite" in embed["description"]
    assert "#7 on 医疗与心理健康" in embed["description"]
    footer = embed["footer"]["text"]
    assert "CLiB v5.11.7 (2026-09-08)" in footer and "医疗与心理健康" in footer
    rank = next(f for f in embed["fields"] if f["name"] == "Rank")["value"]
    assert rank == "#7 on 医疗与心理健康"
    assert_embed_within_limits(embed)


async def test_type_narrows_a_ranking_in_discord(bundled):
    """type: open (the choice's value) leaves only open-source models and says so."""
    reply = await bundled.slash("best", {"domain": "coding", "type": "open", "top": 5})
    embed = reply.embed
    assert "deepseek-v4-pro-0424" in embed["description"]
    notes = embed["fields"][-1]["value"]
    assert "type = open-source" in notes
    chinese = await bundled.slash("leaderboard", {"type": "commercial"}, locale="zh-CN")
    assert "类别 = 商用" in chinese.embed["description"]


async def test_an_older_release_is_named_on_the_model_card(bundled):
    """qwq-32b is only in v3.6: the card says so and names the release rankings use."""
    reply = await bundled.slash("model", {"name": "qwq-32b"})
    embed = reply.embed
    assert "From the older release CLiB v3.6; rankings use v5.11.7." in embed["description"]
    assert "CLiB v3.6" in embed["footer"]["text"]


async def test_the_model_card_shows_what_the_release_measured(bundled):
    """kimi-k3: latency, tokens and cost per 1,000 calls under the total and 医疗与心理健康."""
    reply = await bundled.slash("model", {"name": "kimi-k3"})
    fields = {f["name"]: f["value"] for f in reply.embed["fields"]}
    assert "Avg latency 80 s" in fields["Total"] and "172.4元" in fields["Total"]
    assert "Avg latency 41 s" in fields["Medical & mental health"]
    assert fields["Type"] == "open-source"
    assert_embed_within_limits(reply.embed)


async def test_compare_across_releases_names_no_winner(bundled):
    """qwq-32b (v3.6) against kimi-k3 (v5.11.7): no trophies, and the reason is given."""
    reply = await bundled.slash("compare", {"model_a": "qwq-32b", "model_b": "kimi-k3"})
    embed = reply.embed
    assert "different releases (v3.6, v5.11.7)" in embed["description"]
    assert not any("🏆" in f["value"] for f in embed["fields"]
                   if f["name"] not in ("Price",))
    assert "CLiB v5.11.7, v3.6" in embed["footer"]["text"]


async def test_about_lists_releases_and_boards(bundled):
    """/about names both releases, marks the current one, and lists its boards."""
    reply = await bundled.slash("about")
    fields = {f["name"]: f["value"] for f in reply.embed["fields"]}
    assert "CLiB v5.11.7 (2026-09-08)" in fields["Releases"]
    assert "**current**" in fields["Releases"] and "CLiB v3.6" in fields["Releases"]
    assert "leaderboard/alldata.md" in fields["Board"]
    assert_embed_within_limits(reply.embed)
