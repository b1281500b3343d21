"""One record per model and release: the precedence rule, disagreements, and answers that do not
depend on file names or the order files are read in."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.board import parse_boards
from bot.core.catalog import Catalog
from bot.core.merge import merge_boards
from bot.core.queries import model
from bot.core.requests import ModelRequest

# A broad board of every model (no heading), a price-tier board, an open-source board and two
# per-domain boards, disagreeing on purpose.
ALL = """|排名|大模型|机构|输出价格|总分| |医疗|教育|
|---|---|---|---|---|-|---|---|
|1|alpha|甲|10元|80%| |70%|90%|
|2|beta|乙|5元|70%| |60%|80%|
|3|gamma|丙|/|60%| |50%|/|
|4|delta|丁|1元|50%| |40%|30%|
"""
TIER = """##### （1）输出价格5元及以上商用大模型排行榜
|排名|大模型|机构|输出价格|总分| |医疗|教育|
|---|---|---|---|---|-|---|---|
|1|alpha|甲|12元|80%| |70%|90%|
|2|beta|乙|5元|70%| |60%|80%|
"""
OPEN = """##### （3）20B以上开源大模型排行榜
|排名|大模型|机构|输出价格|总分| |医疗|教育|
|---|---|---|---|---|-|---|---|
|1|gamma|丙|3元|60%| |50%|/|
|2|delta|丁|1元|50%| |40%|30%|
"""
MEDICAL = """
|类别|机构|大模型|【医疗】准确率|平均耗时|平均消耗token|花费/千次（元）|排名（准确率）|
|---|---|-----|---|---|---|---|---|
|商用|乙|beta|75.5%|12s|900|3.5|1|
|商用|甲|alpha|71.0%|/|/|/|2|
|开源|丙|gamma|/%|/|/|/|3|
"""
TOTAL_BOARD = """
|类别|机构|大模型|【总分】准确率|平均耗时|平均消耗token|花费/千次（元）|排名（准确率）|
|---|---|-----|---|---|---|---|---|
|商用|甲|alpha|81.0%|20s|2000|40.0|1|
|开源|乙|beta|69.0%|/|/|/|2|
"""
FILES = {"all.md": ALL, "tier.md": TIER, "open.md": OPEN, "med.md": MEDICAL,
         "total.md": TOTAL_BOARD}


def _boards(names: dict[str, str] | None = None, order: list[str] | None = None) -> list:
    names = names or {k: k for k in FILES}
    return [b for key in (order or list(FILES)) for b in parse_boards(FILES[key], names[key])]


@pytest.fixture(scope="module")
def records() -> dict:
    found, _ = merge_boards(_boards(), "v9")
    return {r.name: r for r in found}


def test_a_domains_own_board_gives_its_score_and_what_it_measured(records):
    """医疗 comes from the board of 医疗 alone (75.5, not the broad board's 60), with its rank
    there, its measured latency, tokens and cost per 1,000 calls."""
    beta = records["beta"]
    assert beta.scores["医疗"] == 75.5
    assert beta.sources["医疗"] == "医疗" and beta.rank_in("医疗") == 1
    assert (beta.measures["医疗"].latency, beta.measures["医疗"].tokens,
            beta.measures["医疗"].cost_per_1000) == (12.0, 900.0, 3.5)


def test_the_total_comes_from_the_total_board(records):
    """The total board (【总分】准确率) beats the broad board: alpha 81.0, beta 69.0."""
    assert (records["alpha"].total, records["beta"].total) == (81.0, 69.0)
    assert records["alpha"].sources["总分"] == "总分"
    assert records["alpha"].measures["总分"].cost_per_1000 == 40.0


def test_an_unknown_value_never_hides_a_known_one(records):
    """gamma's own 医疗 cell is "/%" (not measured): the broad board's 50 stands; its unknown
    price on the broad board is filled by the open-source board's 3元; a domain no board
    scores stays out of its scores."""
    gamma = records["gamma"]
    assert gamma.scores["医疗"] == 50.0 and gamma.sources["医疗"] == "all"
    assert gamma.price == 3.0
    assert "教育" not in gamma.scores
    assert "医疗" not in gamma.measures


def test_a_price_tier_board_gives_the_price(records):
    """alpha costs 12元 on the price-tier board and 10元 on the broad board: the tier wins."""
    assert records["alpha"].price == 12.0
    assert records["alpha"].sources["price"] == "（1）输出价格5元及以上商用大模型排行榜"


def test_without_an_own_board_the_broadest_board_decides(records):
    """教育 has no board of its own: the board with the most models gives it."""
    assert records["alpha"].sources["教育"] == "all"
    assert records["alpha"].rank == 1 and records["alpha"].board == "all"


def test_category_from_the_column_then_the_boards_heading(records):
    """类别 decides (beta: 商用 on the broader of the two boards with the column); delta, in no
    类别 column, is open because an open-source board lists it."""
    assert records["beta"].category == "commercial"
    assert records["gamma"].category == "open"
    assert records["delta"].category == "open"
    assert records["delta"].sources["category"] == "（3）20B以上开源大模型排行榜"


def test_a_commercial_tier_board_does_not_make_an_open_model_commercial():
    """商用 tier boards list open models' paid APIs too: an open-source board outranks them."""
    boards = [*parse_boards(TIER.replace("beta", "delta"), "tier.md"),
              *parse_boards(OPEN, "open.md")]
    found, _ = merge_boards(boards)
    assert {r.name: r.category for r in found}["delta"] == "open"


def test_disagreements_are_kept_with_the_chosen_value():
    """Every figure two boards give differently is listed with the value chosen and the others."""
    _, disagreements = merge_boards(_boards(), "v9")
    seen = {(d.model, d.figure): d for d in disagreements}
    assert set(seen) == {("alpha", "price"), ("alpha", "总分"), ("alpha", "医疗"),
                         ("beta", "医疗"), ("beta", "总分"), ("beta", "category")}
    category = seen[("beta", "category")]
    assert (category.chosen.value, category.chosen.board) == ("commercial", "医疗")
    assert [(c.value, c.board) for c in category.others] == [("open", "总分")]
    price = seen[("alpha", "price")]
    assert price.chosen.value == 12.0
    assert price.chosen.board == "（1）输出价格5元及以上商用大模型排行榜"
    assert [(c.value, c.board) for c in price.others] == [(10.0, "all")]


def test_a_headless_board_of_one_domain_is_named_after_its_domain():
    """ReLE's per-domain files have no heading: the board is named by what it scores, not by
    the file, so a renamed file names the same board."""
    (board,) = parse_boards(MEDICAL, "whatever-name.md")
    assert board.title == "医疗"
    (total,) = parse_boards(TOTAL_BOARD, "x.md")
    assert total.title == "总分"
    (broad,) = parse_boards(ALL, "alldata.md")
    assert broad.title == "alldata"  # several domains: nothing else names it


def _figures(catalog: Catalog) -> dict:
    out = {}
    for record in catalog.records:
        card = model(catalog, ModelRequest(name=record.name)).model
        out[card.name] = card.model_dump(exclude={"sources", "also_on", "board"})
    return out


@settings(max_examples=25, deadline=None)
@given(order=st.permutations(list(FILES)), stems=st.permutations([f"f{i}" for i in range(5)]))
def test_answers_do_not_depend_on_file_names_or_order(order, stems):
    """Any order of the files and any names for them give the same card for every model."""
    reference = _figures(Catalog(_boards()))
    names = dict(zip(FILES, (f"{s}.md" for s in stems), strict=True))
    shuffled = Catalog(_boards(names, order))
    assert _figures(shuffled) == reference


def test_every_pair_of_file_orders_gives_the_same_disagreements():
    """The disagreements found are the same whatever order the files are read in."""
    first = None
    for order in itertools.islice(itertools.permutations(FILES), 0, 120, 7):
        _, found = merge_boards(_boards(order=list(order)))
        key = sorted((d.model, d.figure, d.chosen.value) for d in found)
        first = first or key
        assert key == first


# -- "broadest first" and the other precedence rules, at their ties ---------------------------


def _home(*boards: str) -> dict:
    """Each model's home board when these boards (whole files' texts) make one release."""
    parsed = [b for i, text in enumerate(boards) for b in parse_boards(text, f"b{i}.md")]
    found, _ = merge_boards(parsed)
    return {r.name: r.board for r in found}


def test_more_models_make_a_board_broader():
    """Two models against one: the two-model board is home, whatever its columns."""
    small = "### 少\n|排名|大模型|输出价格|总分|医疗|法律|\n|-|-|-|-|-|-|\n|1|a|1元|90|90|90|\n"
    big = "### 多\n|排名|大模型|医疗|\n|-|-|-|\n|1|a|80|\n|2|b|70|\n"
    assert _home(small, big)["a"] == "多"


@pytest.mark.parametrize(("columns", "home"), [
    ("|医疗|法律|", "二"),           # two domains against a domain, a price and a total: three
    ("|医疗|法律|教育|", "一"),      # three against three: the title decides
    ("|医疗|法律|教育|金融|", "一"),  # four domains: more columns
])
def test_with_as_many_models_more_columns_then_the_title_decide(columns, home):
    """A price column and a total count as columns like a domain; on a tie the title in
    Unicode order (一 U+4E00 before 二 U+4E8C)."""
    width = columns.count("|") - 1
    one = (f"### 一\n|排名|大模型{columns}\n|-|-" + "|-" * width + "|\n"
           + "|1|a" + "|50" * width + "|\n")
    two = "### 二\n|排名|大模型|输出价格|总分|医疗|\n|-|-|-|-|-|\n|1|a|1元|90|90|\n"
    assert _home(one, two)["a"] == home
    assert _home(two, one)["a"] == home


@pytest.mark.parametrize("title", ["输出价格5元以上", "5元以下", "price under 5", "价格档"])
def test_a_heading_that_names_a_price_tier_gives_the_price(title):
    """价格, 元 or price in the heading of a board with a price column: its price wins over
    the broader board's."""
    broad = ("### 总榜\n|排名|大模型|输出价格|总分|\n|-|-|-|-|\n|1|a|9元|90|\n|2|b|1元|80|\n"
             "|3|c|2元|70|\n")
    tier = f"### {title}\n|排名|大模型|输出价格|总分|\n|-|-|-|-|\n|1|a|7元|91|\n"
    parsed = [*parse_boards(broad, "a.md"), *parse_boards(tier, "b.md")]
    found, _ = merge_boards(parsed)
    record = {r.name: r for r in found}["a"]
    assert (record.price, record.sources["price"]) == (7.0, title)
    plain = tier.replace(f"### {title}", "### 另一个榜")
    found, _ = merge_boards([*parse_boards(broad, "a.md"), *parse_boards(plain, "b.md")])
    assert {r.name: r.price for r in found}["a"] == 9.0


def test_a_commercial_heading_makes_a_model_commercial_when_nothing_else_says():
    """No 类别 column and no open-source board: a 商用 board's heading decides."""
    board = "### 商用大模型排行榜\n|排名|大模型|总分|\n|-|-|-|\n|1|a|90|\n"
    found, _ = merge_boards(parse_boards(board, "c.md"))
    assert (found[0].category, found[0].sources["category"]) == ("commercial",
                                                                  "商用大模型排行榜")
    neither = board.replace("商用大模型排行榜", "大模型排行榜")
    found, _ = merge_boards(parse_boards(neither, "c.md"))
    assert found[0].category is None and "category" not in found[0].sources


def test_an_organisation_spelled_in_another_case_is_no_disagreement():
    """OrgA and orga are one spelling; the home board's is kept."""
    one = "### 一\n|排名|大模型|机构|总分|\n|-|-|-|-|\n|1|a|OrgA|90|\n|2|b|x|80|\n"
    two = "### 二\n|排名|大模型|机构|总分|\n|-|-|-|-|\n|1|a|orga|90|\n"
    found, disagreements = merge_boards([*parse_boards(one, "1.md"), *parse_boards(two, "2.md")])
    assert {r.name: r.org for r in found}["a"] == "OrgA"
    assert disagreements == []
    other = two.replace("orga", "OrgB")
    _, disagreements = merge_boards([*parse_boards(one, "1.md"), *parse_boards(other, "2.md")])
    assert [(d.model, d.figure, d.chosen.value, [c.value for c in d.others])
            for d in disagreements] == [("a", "org", "OrgA", ["OrgB"])]


def test_a_model_new_on_any_board_is_new_and_lists_every_board():
    one = "### 一\n|排名|大模型|总分|\n|-|-|-|\n|1|a|90|\n|2|b|80|\n"
    two = "### 二\n|排名|大模型|总分|\n|-|-|-|\n|1|a(new)|90|\n"
    found, _ = merge_boards([*parse_boards(one, "1.md"), *parse_boards(two, "2.md")], "v1")
    record = {r.name: r for r in found}["a"]
    assert (record.is_new, record.boards, record.release) == (True, ("一", "二"), "v1")
    assert {r.name: r.is_new for r in found}["b"] is False


def test_a_board_of_one_domain_with_a_price_column_is_not_that_domains_own_board():
    """A price tier scoring 医疗 alone is a ranking of models, not 医疗's own board: the
    broader board's 医疗 score stands."""
    broad = ("### 总榜\n|排名|大模型|总分|医疗|法律|\n|-|-|-|-|-|\n|1|a|90|80|70|\n"
             "|2|b|80|70|60|\n|3|c|70|60|50|\n")
    tier = "### 5元以下\n|排名|大模型|输出价格|医疗|\n|-|-|-|-|\n|1|a|3元|99|\n"
    found, _ = merge_boards([*parse_boards(broad, "a.md"), *parse_boards(tier, "b.md")])
    record = {r.name: r for r in found}["a"]
    assert (record.scores["医疗"], record.sources["医疗"]) == (80.0, "总榜")
    (tier_board,) = parse_boards(tier, "b.md")
    assert tier_board.own_domain is None
