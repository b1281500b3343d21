"""Embeds stay within Discord's limits and make board text inert, whatever the data."""

from __future__ import annotations

from bot.core.board import parse_boards
from bot.core.catalog import Catalog
from bot.core.queries import best, compare, domains, leaderboard, model
from bot.core.requests import (
    BestRequest,
    CompareRequest,
    DomainsRequest,
    LeaderboardRequest,
    ModelRequest,
)
from bot.discord.embeds import render_result
from bot.render.context import RenderContext
from tests.discord.limits import assert_embed_within_limits

DOMAINS = [f"领域{i}-{'长' * 60}" for i in range(30)]


def _huge_catalog() -> Catalog:
    """300 models with 200-character names and 30 long domain names."""
    header = "|排名|大模型|机构|输出价格|总分| |" + "|".join(DOMAINS) + "|"
    sep = "|-|-|-|-|-| |" + "|".join("-" for _ in DOMAINS) + "|"
    rows = []
    for i in range(1, 301):
        name = f"m{i:03d}-" + ("n" * 195)
        scores = "|".join(f"{(i * 7 + j) % 100}" for j in range(len(DOMAINS)))
        rows.append(f"|{i}|{name}|{'机构' * 60}{i % 5}|{i % 13}.5元|{90 - i / 10:.1f}| |{scores}|")
    return Catalog(parse_boards("### 大榜\n" + "\n".join([header, sep, *rows]) + "\n", "x.md"))


def test_every_embed_of_a_huge_board_fits():
    """300 models, 200-character names, 30 domains: every command's embed is within limits."""
    catalog = _huge_catalog()
    names = [e.name for e in catalog.records]
    results = [
        best(catalog, BestRequest(domain=DOMAINS[0], top=25)),
        compare(catalog, CompareRequest(model_a=names[0], model_b=names[1], model_c=names[2],
                                        model_d=names[3])),
        model(catalog, ModelRequest(name=names[5])),
        leaderboard(catalog, LeaderboardRequest(per_page=25)),
        domains(catalog, DomainsRequest()),
    ]
    for result in results:
        for lang in ("en", "zh"):
            embed = render_result(result, RenderContext(lang)).to_dict()
            assert_embed_within_limits(embed)


def test_board_text_cannot_ping_or_format():
    """@everyone, role mentions and markdown in data are escaped in the embed."""
    board = (
        "### t\n|排名|大模型|机构|输出价格|总分| |医疗|\n|-|-|-|-|-| |-|\n"
        "|1|@everyone-**bold**-x|<@&123>|1元|90| |80|\n"
        "|2|plain|<@&123456789012345678>|2元|80| |70|\n"
    )
    catalog = Catalog(parse_boards(board, "t.md"))
    embed = render_result(best(catalog, BestRequest(domain="医疗")), RenderContext("en")).to_dict()
    text = embed["description"] + "".join(f["value"] for f in embed["fields"])
    assert "@everyone" not in text.replace("@\u200beveryone", "")
    assert "**bold**" not in text
    assert "\\*\\*bold\\*\\*" in text
    assert "<@&123456789012345678>" not in text
