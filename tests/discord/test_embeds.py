"""Embeds stay within Discord's limits and make board text inert, whatever the data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.core.board import parse_boards
from bot.core.catalog import Catalog, load_catalog
from bot.core.commands import build_request
from bot.core.diff import diff_catalogs
from bot.core.queries import best, compare, domains, execute, leaderboard, model
from bot.core.release import Release, ReleaseInfo
from bot.core.requests import (
    AboutRequest,
    BestRequest,
    CompareRequest,
    CostRequest,
    DomainsRequest,
    LeaderboardRequest,
    ModelRequest,
    RecommendRequest,
    Request,
    ValueRequest,
)
from bot.discord.embeds import render_reload, render_result
from bot.render.context import RenderContext
from tests.core.boards import board as rules_board
from tests.core.boards import catalog as rules_catalog
from tests.discord.limits import assert_embed_within_limits
from tests.paths import SEED_DIR

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


# ---- what each embed says, pinned on a small catalog whose every figure is stated here

ROWS = """
|1|alpha|orgA|16元|90|开源|80|70|
|2|beta|orgB|8元|88|开源|79|60|
|3|gamma|orgC|4元|70|商用|60|50|
|4|delta|orgD|-|60|商用|50|40|
|5|zeta|orgE|2元|10|开源|10|10|
"""
# 金融 is scored by two models only; omega is on the 医疗 board alone (no price, no total)
FINANCE = "### 金融\n|排名|大模型|金融|\n|-|-|-|\n|1|alpha|70|\n|2|gamma|65|\n"
MEDICAL = "### 医疗\n|排名|大模型|医疗|\n|-|-|-|\n|1|omega|85|\n"


def small() -> Catalog:
    """Six models: five on 规则测试榜 (gamma and alpha also on 金融), omega on 医疗 only."""
    return rules_catalog(ROWS, extra=(FINANCE, MEDICAL))


def two_releases() -> Catalog:
    """v1 (oldie, alpha) and the current v2 (the rows above)."""
    old = rules_board("|1|oldie|orgZ|3元|50|开源|40|30|\n|2|alpha|orgA|16元|80|开源|70|60|",
                      title="旧榜")
    return Catalog(releases=[
        Release(ReleaseInfo(version="v1", date=dt.date(2025, 1, 1)),
                tuple(parse_boards(old, "old.md"))),
        Release(ReleaseInfo(version="v2", date=dt.date(2026, 1, 1)),
                tuple(parse_boards(rules_board(ROWS), "new.md"))),
    ])


def embed_of(catalog: Catalog, kind: type[Request], lang: str = "en",
             **options: object) -> dict:
    """The embed a command's result renders to, as Discord receives it."""
    return render_result(execute(catalog, build_request(kind, options)),
                         RenderContext(lang)).to_dict()


def fields(embed: dict) -> dict[str, str]:
    return {f["name"]: f["value"] for f in embed.get("fields", [])}


def test_the_model_card_ranks_each_domain_among_the_models_scored_there():
    """gamma is #3 by total of the 5 models of the release with a total, and #2 of the 2
    models scored in Finance: each domain's "of N" counts that domain's models."""
    embed = embed_of(small(), ModelRequest, name="gamma")
    assert embed["description"].splitlines()[0] == "#3 of 5 by total in CLiB (release unknown)"
    shown = fields(embed)
    assert shown["Finance"] == "**65.0** · #2/2"
    assert shown["Law"] == "**50.0** · #3/5"
    assert "Strongest: Finance\nWeakest: Law\nAlso on: 金融" in shown["\u200b"]


@pytest.mark.parametrize("name, release", [
    ("alpha", "Release: CLiB v2 (2026-01-01)"),
    ("oldie", "From the older release CLiB v1 (2025-01-01); rankings use v2."),
])
def test_the_model_card_says_whether_its_release_is_the_current_one(name, release):
    embed = embed_of(two_releases(), ModelRequest, name=name)
    assert embed["description"].splitlines()[1] == release


def test_best_numbers_runners_up_from_2_and_counts_every_model_that_passed():
    """top:2 shows the winner and one runner-up, `2.`; the note counts all six that passed."""
    embed = embed_of(small(), BestRequest, domain="医疗", top=2)
    shown = fields(embed)
    assert shown["Runners-up"].startswith("`2.` **alpha** · orgA · 80.0 · 16元")
    assert shown["\u200b"] == "6 models passed the filters."


@pytest.mark.parametrize("options, filters", [
    ({"type": "open"}, "Filters: type = open-source"),
    ({"org": "orgB"}, "Filters: org = orgB"),
])
def test_best_names_the_filters_it_applied(options, filters):
    """The budget is in the title; the type and the organisation are named below."""
    embed = embed_of(small(), BestRequest, domain="法律", **options)
    assert fields(embed)["\u200b"].splitlines()[0] == filters


def test_ranks_of_several_kinds_each_say_what_they_are_of():
    """omega's #1 is on 医疗, the domain's own board; alpha is not on it, and 规则测试榜 ranks
    by total (alpha's #1 there is no 医疗 rank): alpha is #2 by 医疗 among the release's
    models. Each rank says what it is of (README: never a rank beside another board's title)."""
    board = embed_of(small(), LeaderboardRequest, domain="医疗")
    lines = board["description"].splitlines()
    assert lines[0].endswith("· #1 on 医疗") and "**omega**" in lines[0]
    assert lines[1].endswith("· #2 by Medical in the release") and "**alpha**" in lines[1]
    assert "规则测试榜" not in board["description"]
    best = fields(embed_of(small(), BestRequest, domain="医疗"))
    assert best["Rank"] == "#1 on 医疗"
    # the winner is on 医疗's board, the runners-up are not: each says what its rank is of
    assert best["Runners-up"].splitlines()[0].endswith("· #2 by Medical in the release")


def test_ranks_on_one_board_name_it_once():
    """法律 has no board of its own: bare ranks (by 法律 among the release's models), and one
    line saying so; on 金融's own board, one line naming it."""
    board = embed_of(small(), LeaderboardRequest, domain="法律")
    lines = board["description"].splitlines()
    assert lines[0] == "`1.` **alpha** · orgA · 70.0 · 16元 · #1"
    assert lines[-1] == ("Rank: by Law score among all the models of CLiB (release unknown); "
                         "no board of its own ranks it.")
    finance = embed_of(small(), LeaderboardRequest, domain="金融")["description"].splitlines()
    assert finance[-1] == "Board rank: the rank on “金融”."
    best = fields(embed_of(small(), BestRequest, domain="法律"))
    assert best["Runners-up"].splitlines()[0] == "`2.` **beta** · orgB · 60.0 · 8元 · #2"


def test_the_leaderboard_names_every_filter():
    embed = embed_of(small(), LeaderboardRequest, domain="法律", budget=10.0, type="open")
    assert embed["description"].splitlines()[0] == \
        "Filters: budget ≤ 10元, type = open-source"


def test_compare_gives_each_trophy_to_its_own_winner():
    """beta scores more, zeta is cheaper, beta gives more score per 元: the total's and the
    value's trophies go to beta, the price's to zeta."""
    shown = fields(embed_of(small(), CompareRequest, model_a="beta", model_b="zeta"))
    assert shown["Total"] == "🏆 88.0 · beta\n▫️ 10.0 · zeta"
    assert shown["Price"] == "▫️ 8元 · beta\n🏆 2元 · zeta"
    assert shown["Score per 元"] == "🏆 11.0 · beta\n▫️ 5.0 · zeta"


def test_compare_names_its_best_value_inertly():
    """The note under a comparison that names the most score per 元 escapes the name, as
    every other board text in an embed (the terminal prints it as the board has it)."""
    catalog = rules_catalog(ROWS + "|6|x-*y*-z|orgF|1元|40|开源|30|20|")
    embed = embed_of(catalog, CompareRequest, model_a="x-*y*-z", model_b="beta")
    assert "Most score per 元: x-\\*y\\*-z" in embed["description"].splitlines()


def test_compare_across_releases_says_so_and_within_one_does_not():
    mixed = embed_of(two_releases(), CompareRequest, model_a="oldie", model_b="beta")
    assert "different releases (v1, v2)" in mixed["description"]
    same = embed_of(two_releases(), CompareRequest, model_a="alpha", model_b="beta")
    assert "different releases" not in same["description"]


def test_value_lists_the_unpriced_models_and_the_filters():
    """Without a budget delta (no price) is listed apart; with filters they are named."""
    plain = fields(embed_of(small(), ValueRequest, domain="法律"))
    assert plain["Price unknown"] == "**delta** · 40.0"
    filtered = embed_of(small(), ValueRequest, budget=10.0, type="open")
    assert filtered["description"].splitlines()[0] == \
        "Filters: budget ≤ 10元, type = open-source"


def test_recommend_says_that_one_model_was_left_out():
    """omega has no Law score: the one model left out is said, in the singular."""
    shown = fields(embed_of(small(), RecommendRequest, weights="医疗=1 法律=1"))
    assert shown["\u200b"].splitlines()[-1] == \
        "1 model lacks a score in one of these domains and was left out."


def test_cost_per_week_is_billed_per_month():
    """10M a week is 43.45M a month: the title says the volume asked, the bill the month's."""
    embed = embed_of(small(), CostRequest, model="alpha", tokens="10M", period="week")
    assert embed["title"] == "alpha: 10M output tokens a week"
    assert embed["description"] == \
        "About **695.24元** a month (43.45M output tokens at 16元 per million)."


def test_about_lists_the_releases_when_there_are_two():
    shown = fields(embed_of(two_releases(), AboutRequest))
    assert shown["Releases"].splitlines() == ["CLiB v2 (2026-01-01) · 5 models · **current**",
                                              "CLiB v1 (2025-01-01) · 2 models"]
    assert "Releases" not in fields(embed_of(small(), AboutRequest))


def test_the_reload_report_says_what_changed_and_the_counts():
    """beta moves from #2 to #1 and costs 6元 instead of 8元; zeta leaves."""
    after = rules_catalog(ROWS.replace("|1|alpha|", "|2|alpha|").replace("|2|beta|orgB|8元|",
                                                                          "|1|beta|orgB|6元|")
                          .replace("|5|zeta|orgE|2元|10|开源|10|10|\n", ""))
    embed = render_reload(diff_catalogs(rules_catalog(ROWS), after), "en").to_dict()
    assert embed["description"] == "1 board, 4 models (was 5)."
    shown = fields(embed)
    assert shown["Removed (1)"] == "zeta"
    assert "beta: #2 → #1" in shown["Moved (2)"]
    assert shown["Price changes (1)"] == "beta: 8元 → 6元"


def test_a_free_model_close_to_the_winner_is_offered_as_free():
    """free scores 79 for nothing against alpha's 80 at 16元: the tip says it is free."""
    cheap = rules_catalog("|1|alpha|orgA|16元|90|开源|80|70|\n|2|free|orgF|0元|89|开源|79|60|")
    tip = fields(embed_of(cheap, BestRequest, domain="医疗"))["💡"]
    assert tip == "Cheaper and close: **free** scores 79.0 (1.0 points less) and is free."


def test_models_new_to_the_board_are_marked_on_the_card_and_in_rankings():
    marked = rules_catalog(ROWS.replace("|beta|", "|beta(new)|"))
    assert embed_of(marked, ModelRequest, name="beta")["title"] == "beta · new in this release"
    assert embed_of(marked, ModelRequest, name="alpha")["title"] == "alpha"
    lines = embed_of(marked, LeaderboardRequest)["description"].splitlines()
    assert lines[1].startswith("`2.` **beta** 🆕 · orgB")
    assert lines[0].startswith("`1.` **alpha** · orgA")


def test_a_model_without_an_organisation_shows_a_dash():
    line = embed_of(small(), LeaderboardRequest, domain="医疗")["description"].splitlines()[0]
    assert line.startswith("`1.` **omega** · — · 85.0 · n/a")


def test_domains_list_up_to_ten_names_each():
    """语言与指令遵从 answers to ten names: all ten are listed."""
    embed = embed_of(load_catalog(SEED_DIR), DomainsRequest)
    language = next(f["value"] for f in embed["fields"] if f["name"].startswith("语言与指令遵从"))
    assert language.count("`") == 20


@pytest.mark.parametrize("domain, colour", [("医疗", 0x57F287), ("法律", 0xED4245),
                                            ("总分", 0x5865F2)])
def test_each_domain_has_its_own_colour(domain, colour):
    assert embed_of(small(), BestRequest, domain=domain)["color"] == colour
    assert embed_of(small(), LeaderboardRequest, domain=domain)["color"] == colour


@pytest.mark.parametrize("a, b, ratio", [("alpha", "beta", "2.0×"), ("beta", "gamma", "2.0×"),
                                         ("beta", "zeta", "4.0×")])
def test_compare_states_the_price_ratio_however_small(a, b, ratio):
    embed = embed_of(small(), CompareRequest, model_a=a, model_b=b)
    assert f"Price ratio (highest / lowest): {ratio}" in embed["description"].splitlines()


def test_value_lists_what_the_frontier_beats_under_its_own_heading():
    """dear costs 10元 for 65 points: beta scores more for less, so dear is beaten."""
    shown = fields(embed_of(rules_catalog(ROWS + "|6|dear|orgF|10元|65|开源|50|40|"),
                            ValueRequest))
    assert shown["Beaten on both score and price"] == "**dear** · 65.0 · 10元 · 6.5/元"
    frontier = "Frontier of the paid models (no other scores more for less), cheapest first"
    assert "dear" not in shown[frontier]


def test_a_reload_that_changed_nothing_says_so():
    embed = render_reload(diff_catalogs(small(), small()), "en").to_dict()
    assert fields(embed) == {"\u200b": "Nothing changed."}


RELE = "平均耗时|平均消耗token|花费/千次（元）|排名（准确率）|"
# a data folder as the bot reads it: two boards that disagree on alpha's price, a notes file
# without a table, and ReLE boards of what the release measured (overall and medical)
FOLDER = {
    "a.md": "### 总榜\n|排名|大模型|机构|输出价格|总分|\n|-|-|-|-|-|\n"
            "|1|alpha|orgA|16元|90|\n|2|beta|orgB|8元|80|\n",
    "b.md": "### 价格榜\n|排名|大模型|机构|输出价格|总分|\n|-|-|-|-|-|\n|1|alpha|orgA|15元|90|\n",
    "notes.md": "# Notes\n\nnothing here\n",
    "m.md": "### 医疗\n|类别|机构|大模型|【医疗】准确率|" + RELE + "\n"
            "|-|-|-|-|-|-|-|-|\n|商用|orgA|alpha|80|41s|707|59.2|1|\n"
            "|商用|orgB|beta|70|30s|500|10|2|\n",
    "t.md": "### 总分\n|类别|机构|大模型|【总分】准确率|" + RELE + "\n"
            "|-|-|-|-|-|-|-|-|\n|商用|orgA|alpha|90|80s|1200|172.4|1|\n"
            "|商用|orgB|beta|80|20s|300|5|2|\n",
}


def folder(path: Path, *leave_out: str) -> Catalog:
    """The catalog of FOLDER written to ``path``, without the files ``leave_out``."""
    for name, text in FOLDER.items():
        if name not in leave_out:
            (path / name).write_text(text, encoding="utf-8")
    return load_catalog(path)


@pytest.fixture
def folder_catalog(tmp_path) -> Catalog:
    return folder(tmp_path)


SKIPPED = ("⚠️", "Skipped (no leaderboard table): notes.md")
DISAGREE = ("Boards disagree (1); the precedence rule chose",
            "alpha · Price: 15元 (价格榜) over 16元 (总榜)")


@pytest.mark.parametrize("leave_out, listed", [
    ((), [SKIPPED, DISAGREE]),
    (("b.md",), [SKIPPED]),       # no second price: nothing to disagree on
    (("notes.md",), [DISAGREE]),  # nothing skipped
    (("b.md", "notes.md"), []),
])
def test_about_lists_the_skipped_files_and_the_disagreements(tmp_path, leave_out, listed):
    """Each listed when there is one, whether or not the other is."""
    shown = fields(embed_of(folder(tmp_path, *leave_out), AboutRequest))
    for name, value in [SKIPPED, DISAGREE]:
        assert shown.get(name) == (value if (name, value) in listed else None), name


def test_compare_shows_what_the_release_measured_overall(folder_catalog):
    shown = fields(embed_of(folder_catalog, CompareRequest, model_a="alpha", model_b="beta"))
    assert shown["Avg latency (Overall)"] == "▫️ 80 s · alpha\n▫️ 20 s · beta"
    assert shown["Tokens per answer (Overall)"] == "▫️ 1,200 · alpha\n▫️ 300 · beta"
    assert shown["Cost per 1,000 calls (Overall)"] == "▫️ 172.4元 · alpha\n▫️ 5元 · beta"


def test_the_card_shows_each_domains_own_measures_and_every_other_board(folder_catalog):
    shown = fields(embed_of(folder_catalog, ModelRequest, name="alpha"))
    assert shown["Medical"] == ("**80.0** · #1/2\nAvg latency 41 s · Tokens per answer 707 · "
                                "Cost per 1,000 calls 59.2元")
    assert shown["Total"].endswith("Avg latency 80 s · Tokens per answer 1,200 · "
                                   "Cost per 1,000 calls 172.4元")
    assert shown["\u200b"].splitlines()[-1] == "Also on: 医疗, 总分, 价格榜"
