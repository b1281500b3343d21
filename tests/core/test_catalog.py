"""The catalog over several boards: titles told apart, a model's board found by its title."""

from __future__ import annotations

from bot.core.board import parse_boards
from bot.core.catalog import Catalog
from bot.core.queries import model
from bot.core.requests import ModelRequest

HEAD = "### 同名榜单\n|排名|大模型|机构|输出价格|总分| |医疗|\n|-|-|-|-|-| |-|\n"


def test_two_files_with_one_heading_stay_two_boards():
    """The second board with a repeated title is named after its file; the card's home board is
    that board, and its domain rank is among every model of the release."""
    first = parse_boards(HEAD + "|1|a|x|1元|90| |90|\n|2|b|x|1元|80| |80|\n|3|c|x|1元|70| |70|\n",
                         "one.md")
    second = parse_boards(HEAD + "|1|z|y|1元|60| |60|\n", "two.md")
    catalog = Catalog([*first, *second])
    assert [b.title for b in catalog.boards] == ["同名榜单", "同名榜单 (two)"]
    card = model(catalog, ModelRequest(name="z")).model
    assert card.board == "同名榜单 (two)"
    assert card.board_size == 1 and card.domain_ranks == {"医疗": 4}


OLD = ("### 旧榜\n|排名|大模型|机构|输出价格|总分| |医疗|\n|-|-|-|-|-| |-|\n"
       "|1|Llama-3.3-70B-Instruct|meta|4元|70| |70|\n")
NEW = ("### 新榜\n|排名|大模型|输出价格|总分| |医疗与心理健康|\n|-|-|-|-| |-|\n"
       "|1|Llama-3.3-70B-Instruct|4元|88| |88|\n|2|qwen3-32b|2元|80| |80|\n")


def test_compare_takes_each_score_from_the_board_that_has_it():
    """A model's score in a newer board's domain counts in /compare as it does in /best, and a
    domain only one of them is scored in has no winner."""
    from bot.core.queries import compare
    from bot.core.requests import CompareRequest

    catalog = Catalog([*parse_boards(OLD, "a.md"), *parse_boards(NEW, "b.md")])
    result = compare(catalog, CompareRequest(model_a="llama-3.3-70b-instruct",
                                             model_b="qwen3-32b"))
    rows = {row.domain: row for row in result.domains}
    assert rows["医疗与心理健康"].scores == [88.0, 80.0]
    assert rows["医疗与心理健康"].winner == "Llama-3.3-70B-Instruct"
    assert rows["医疗"].scores == [70.0, None] and rows["医疗"].winner is None


def test_organisation_filters_reach_boards_without_an_org_column():
    """org:meta and a hidden meta both apply to the board that has no 机构 column."""
    from bot.core.queries import best
    from bot.core.requests import BestRequest
    from bot.core.scope import Scope

    catalog = Catalog([*parse_boards(OLD, "a.md"), *parse_boards(NEW, "b.md")])
    mine = best(catalog, BestRequest(domain="医疗与心理健康", org="meta"))
    assert [i.name for i in mine.results] == ["Llama-3.3-70B-Instruct"]
    assert mine.results[0].org == "meta"
    hidden = best(catalog, BestRequest(domain="医疗与心理健康"), Scope.of(orgs=["meta"]))
    assert [i.name for i in hidden.results] == ["qwen3-32b"]


def test_a_new_leader_by_price_is_a_leader_change():
    """Equal scores are ranked by price in /best; the diff names the same leader /best does."""
    from bot.core.diff import diff_catalogs

    head = "### t\n|排名|大模型|机构|输出价格|总分|\n|-|-|-|-|-|\n"
    old = Catalog(parse_boards(head + "|1|A|x|5元|80|\n|2|B|y|6元|79|\n", "t.md"))
    new = Catalog(parse_boards(head + "|1|A|x|5元|80|\n|2|B|y|2元|80|\n", "t.md"))
    leaders = {c.domain: (c.old, c.new) for c in diff_catalogs(old, new).leaders}
    assert leaders["总分"] == ("A", "B")


def test_spellings_tied_by_aliases_are_one_organisation():
    """aliases.toml ties 智谱 to 智谱AI: org: either finds both boards' models, a board's own
    spelling is never taken over by another organisation's alias, and hiding one hides both."""
    from bot.core.catalog import Aliases
    from bot.core.queries import best
    from bot.core.requests import BestRequest
    from bot.core.scope import Scope

    head = "### t\n|排名|大模型|机构|输出价格|总分|\n|-|-|-|-|-|\n"
    board = head + ("|1|GLM-4.5|智谱AI|8元|90|\n|2|GLM-4|智谱|5元|80|\n"
                    "|3|doubao-pro|字节跳动|2元|85|\n|4|doubao-lite|豆包|1元|70|\n|5|other|x|1元|60|\n")
    catalog = Catalog(parse_boards(board, "t.md"), aliases=Aliases(orgs={
        "智谱AI": ["智谱", "zhipu"], "字节跳动": ["bytedance", "豆包"], "豆包": ["doubao"]}))
    for query in ("智谱AI", "智谱", "zhipu"):
        found = best(catalog, BestRequest(org=query, top=5)).results
        assert {i.name for i in found} == {"GLM-4.5", "GLM-4"}, query
    assert {i.name for i in best(catalog, BestRequest(org="bytedance", top=5)).results} == {
        "doubao-pro", "doubao-lite"}
    hidden = Scope.of(catalog.org_spellings(["智谱"]))
    names = {i.name for i in best(catalog, BestRequest(top=5), hidden).results}
    assert not names & {"GLM-4.5", "GLM-4"}
