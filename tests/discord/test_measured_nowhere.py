"""A model no board scores, in Discord (real discord.py, offline): in v4.2's 总分, 2025高考数学
and two price boards, gemini-2.5-pro is "/%" on every board that lists it; its card, /compare,
/cost and /history name no board for it and give it no rank, and /leaderboard leaves it out.
With 医疗与心理健康.md beside them, SenseChat-Turbo-1202 has exactly one real score there and
names that board alone, not 总分 or 2025高考数学 where it is still "/%"."""

from __future__ import annotations

import pytest

from bot.core.catalog import load_catalog
from tests.discord.limits import assert_embed_within_limits
from tests.release_parts import PARTIAL, v42_part

NOWHERE, ONE = "gemini-2.5-pro", "SenseChat-Turbo-1202"
GAOKAO, MEDICAL = "2025高考数学", "医疗与心理健康"
BOARDS = ("2025高考数学", "总分", "（3）20B以上开源大模型排行榜",
          "（1）输出价格30元及以上商用大模型排行榜")



def seen(embed: dict) -> str:
    parts = [embed.get("title", ""), embed.get("description", "")]
    parts += [f"{f['name']}\n{f['value']}" for f in embed.get("fields", [])]
    return "\n".join(parts)


def footer_boards(embed: dict) -> str:
    return embed["footer"]["text"].split(" · ")[1]


@pytest.fixture
async def v42(make_harness, tmp_path):
    return await make_harness(catalog=load_catalog(v42_part(tmp_path, PARTIAL)))


async def test_the_card_of_a_model_scored_nowhere(v42):
    reply = await v42.slash("model", {"name": NOWHERE})
    embed = reply.embed
    assert "No score on any board: not ranked in CLiB v4.2" in embed["description"]
    assert footer_boards(embed) == "—"
    for board in BOARDS:
        assert board not in seen(embed) and board not in embed["footer"]["text"]
    assert_embed_within_limits(embed)
    chinese = await v42.slash("model", {"name": NOWHERE}, locale="zh-CN")
    assert "v4.2 的榜单上没有任何得分：不参与排名" in chinese.embed["description"]


async def test_compare_cost_and_history_name_no_board_for_it(v42):
    pair = (await v42.slash("compare", {"model_a": NOWHERE, "model_b": ONE})).embed
    assert footer_boards(pair) == "—"
    assert "#" not in seen(pair)
    bill = (await v42.slash("cost", {"model": NOWHERE, "tokens": "1M"})).embed
    assert GAOKAO not in bill["footer"]["text"] and "总分" not in bill["footer"]["text"]
    told = (await v42.slash("history", {"model": NOWHERE})).embed
    assert footer_boards(told) == "—"
    for board in BOARDS:
        assert board not in seen(told)


async def test_the_leaderboard_leaves_it_out(v42):
    last = (await v42.slash("leaderboard", {"page": 11})).embed
    assert last["footer"]["text"].startswith("Page 11/11 · 110 models · ")
    assert NOWHERE + "**" not in last["description"] and ONE not in last["description"]
    assert "#110" in last["description"] and "#111" not in last["description"]


async def test_one_real_score_names_that_board_alone(make_harness, tmp_path):
    folder = v42_part(tmp_path, (*PARTIAL, f"{MEDICAL}.md"))
    harness = await make_harness(catalog=load_catalog(folder))
    embed = (await harness.slash("model", {"name": ONE})).embed
    assert "No total score: not ranked in CLiB v4.2" in embed["description"]
    assert footer_boards(embed) == MEDICAL
    assert "总分" not in seen(embed) and GAOKAO not in seen(embed)
    assert "Also on" not in seen(embed)
    pair = (await harness.slash("compare", {"model_a": NOWHERE, "model_b": ONE})).embed
    assert footer_boards(pair) == MEDICAL
