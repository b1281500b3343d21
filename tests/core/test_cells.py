"""The parser's cell rules at their edges: percent signs, unknown prices and measures, columns
given twice, and the ReLE columns that measure time, tokens or money rather than a score."""

from __future__ import annotations

import pytest

from bot.core.board import (
    parse_amount,
    parse_boards,
    parse_category,
    parse_duration,
    parse_price,
    parse_score,
)
from bot.core.errors import BoardError

# ReLE's per-domain board, as CLiB v5 writes it.
RELE = ("|类别|机构|大模型|【医疗】准确率|平均耗时|平均消耗token|花费/千次（元）|排名（准确率）|\n"
        "|---|---|---|---|---|---|---|---|\n")


def one_board(text: str, source: str = "t.md"):
    (board,) = parse_boards(text, source)
    return board


@pytest.mark.parametrize(("cell", "score"), [
    ("83.2", 83.2), ("83.2%", 83.2), ("83.2％", 83.2), (" 83.2 ％ ", 83.2), ("0", 0.0),
    ("100", 100.0), ("100%", 100.0), ("0%", 0.0),
])
def test_scores_with_a_half_or_full_width_percent_sign(cell, score):
    """``%`` and the full-width ``％`` a Chinese IME types are the same sign."""
    assert parse_score(cell) == score


@pytest.mark.parametrize("cell", ["", "-", "/", "/%", "—", "暂无", "N/A", "null", "%"])
def test_unknown_scores_are_none_never_zero(cell):
    """A dash, a slash (``/%`` too) or 暂无 is a score not measured: None."""
    assert parse_score(cell) is None


@pytest.mark.parametrize("cell", ["100.01", "-0.1", "101%", "inf", "nan", "1e3"])
def test_scores_outside_0_to_100_are_refused(cell):
    """0 and 100 are the bounds, both included."""
    with pytest.raises(ValueError, match="score"):
        parse_score(cell)


@pytest.mark.parametrize("cell", ["暂无", "未知", "N/A", "na", "NULL", "none", "—", "–", "--",
                                  "/ 元", " / "])
def test_unknown_prices(cell):
    """Every way a board says it does not know the price is None, never 0."""
    assert parse_price(cell) is None


@pytest.mark.parametrize(("cell", "price"), [
    ("¥2", 2.0), ("￥2.5", 2.5), ("3 RMB", 3.0), ("4cny", 4.0), ("5元/百万tokens", 5.0),
    ("5元/M", 5.0), ("0.006元/千token", 6.0), ("0.002元/1k tokens", 2.0), ("5元/1M", 5.0),
])
def test_prices_with_a_currency_sign_or_a_unit(cell, price):
    """Currency signs and words; per million is the board's unit, per thousand is x 1,000."""
    assert parse_price(cell) == pytest.approx(price)


def test_a_zanwu_price_on_a_board_is_unknown_and_the_model_still_loads():
    """暂无 in the price column: the model is on the board with an unknown price."""
    board = one_board("### t\n|排名|大模型|输出价格|总分|\n|-|-|-|-|\n"
                      "|1|a|暂无|90|\n|2|b|3元|80|\n")
    assert [(m.name, m.price) for m in board.models] == [("a", None), ("b", 3.0)]
    assert board.has_price


def test_full_width_percent_scores_on_a_board():
    """A board written with ％ reads the same as one written with %."""
    half = one_board("### t\n|排名|大模型|总分|医疗|\n|-|-|-|-|\n|1|a|90.5%|80%|\n")
    full = one_board("### t\n|排名|大模型|总分|医疗|\n|-|-|-|-|\n|1|a|90.5％|80％|\n")
    assert full.models[0].total == half.models[0].total == 90.5
    assert full.models[0].scores == half.models[0].scores == {"医疗": 80.0}


@pytest.mark.parametrize("header", [
    "|排名|大模型|输出价格|价格|总分|", "|排名|大模型|输出价格|输出价格(元/百万token)|总分|",
    "|排名|大模型|大模型|输出价格|总分|", "|排名|排名|大模型|输出价格|总分|",
    "|排名|大模型|总分|总分|", "|排名|大模型|机构|厂商|总分|",
])
def test_a_column_given_twice_stops_the_load(header):
    """Two price (or name, rank, total, organisation) columns: which one is meant cannot be
    known, so the board is refused at its header line, never read from either."""
    columns = header.count("|") - 1
    text = ("### t\n" + header + "\n|" + "|".join("-" for _ in range(columns)) + "|\n|"
            + "|".join(["1", "a", "3元", "3元", "90"][:columns]) + "|\n")
    with pytest.raises(BoardError, match=r"^t\.md:2: column .* appears twice"):
        parse_boards(text, "t.md")


def test_a_domain_column_given_twice_stops_the_load():
    """医疗 twice, or 医疗 and 【医疗】准确率 (the same domain): refused at the header."""
    for header in ("|排名|大模型|医疗|医疗|", "|排名|大模型|医疗|【医疗】准确率|"):
        text = "### t\n" + header + "\n|-|-|-|-|\n|1|a|80|81|\n"
        with pytest.raises(BoardError, match=r"^t\.md:2: domain column .* appears twice"):
            parse_boards(text, "t.md")


def test_a_time_column_is_never_a_score():
    """``【医疗】平均耗时`` and ``平均耗时`` are what was measured, not domains: a board of
    医疗 keeps 医疗 as its only domain and the seconds as its latency."""
    board = one_board(RELE.replace("平均耗时", "【医疗】平均耗时")
                      + "|商用|甲|a|91.6%|51s|2920|99.0|1|\n")
    assert board.domains == ["医疗"]
    entry = board.models[0]
    assert entry.scores == {"医疗": 91.6}
    assert entry.measures is not None
    assert (entry.measures.latency, entry.measures.tokens, entry.measures.cost_per_1000) == (
        51.0, 2920.0, 99.0)
    assert entry.category == "commercial"


@pytest.mark.parametrize("cell", ["/", "/%", "-", ""])
def test_a_measure_not_taken_is_none_never_zero(cell):
    """``/``, ``/%``, ``-`` or nothing in a time, token or cost column: not measured."""
    board = one_board(RELE + f"|开源|甲|a|80%|{cell}|{cell}|{cell}|1|\n")
    assert board.models[0].measures is None
    assert parse_duration(cell) is None
    assert parse_amount(cell, "cost") is None


def test_one_measure_taken_and_the_others_not():
    """Each measure is read on its own."""
    board = one_board(RELE + "|开源|甲|a|80%|/|1,234|/|1|\n")
    measures = board.models[0].measures
    assert measures is not None
    assert (measures.latency, measures.tokens, measures.cost_per_1000) == (None, 1234.0, None)


@pytest.mark.parametrize(("cell", "seconds"), [
    ("51s", 51.0), ("2.5", 2.5), ("1m20s", 80.0), ("2min", 120.0), ("800ms", 0.8),
    ("1分20秒", 80.0), ("3秒", 3.0), ("1500毫秒", 1.5), ("0s", 0.0),
])
def test_durations(cell, seconds):
    """Seconds, minutes and milliseconds as the boards write them."""
    assert parse_duration(cell) == pytest.approx(seconds)


@pytest.mark.parametrize("cell", ["fast", "s", "1h", "-5s"])
def test_durations_that_are_no_duration(cell):
    with pytest.raises(ValueError, match="time"):
        parse_duration(cell)


@pytest.mark.parametrize(("cell", "amount"), [("2920", 2920.0), ("1,234.5", 1234.5),
                                              ("15.6元", 15.6), ("0", 0.0)])
def test_amounts(cell, amount):
    assert parse_amount(cell, "cost") == amount


@pytest.mark.parametrize("cell", ["-1", "many", "inf", "nan"])
def test_amounts_that_are_no_amount(cell):
    with pytest.raises(ValueError, match="cost"):
        parse_amount(cell, "cost")


def test_measures_of_a_board_of_several_domains_are_ignored():
    """A board scoring two domains cannot say which one a time column belongs to: no
    measures, and the time column is no domain either."""
    board = one_board("### t\n|排名|大模型|医疗|法律|平均耗时|\n|-|-|-|-|-|\n|1|a|80|70|5s|\n")
    assert board.domains == ["医疗", "法律"]
    assert board.models[0].measures is None


def test_a_repeated_measure_column_is_read_for_no_domain():
    """Two time columns (a board measuring two domains): neither is read."""
    board = one_board("### t\n|排名|大模型|医疗|平均耗时|平均耗时|\n|-|-|-|-|-|\n"
                      "|1|a|80|5s|6s|\n")
    assert board.models[0].measures is None


@pytest.mark.parametrize(("cell", "category"), [
    ("开源", "open"), ("商用", "commercial"), ("闭源", "commercial"), ("Open", "open"),
    ("open source", "open"), (" 商 用 ", "commercial"), ("CLOSED", "commercial"), ("", None),
    ("混合", None),
])
def test_categories(cell, category):
    """开源/商用 and their English names; anything else is not known."""
    assert parse_category(cell) == category


@pytest.mark.parametrize("suffix", ["(元)", "（元）", "[元]", "【元/百万token】", "/百万token"])
def test_a_column_named_with_a_unit_after_it_keeps_its_role(suffix):
    """输出价格(元), 输出价格[元], 总分/100...: a unit after the name in any bracket (or after a
    slash) still names the price, total or rank column, never a new domain."""
    board = one_board(f"### t\n|排名{suffix}|大模型|输出价格{suffix}|总分{suffix}|医疗|\n"
                      "|-|-|-|-|-|\n|1|a|16|90|80|\n")
    assert board.has_price
    assert (board.models[0].rank, board.models[0].price, board.models[0].total) == (1, 16.0, 90.0)
    assert board.domains == ["医疗"]


def test_a_name_that_only_starts_like_a_role_is_a_domain():
    """总分差 or 价格敏感度 are columns of their own (no bracket or slash after 总分 or 价格)."""
    board = one_board("### t\n|排名|大模型|总分|总分差|价格敏感度|\n|-|-|-|-|-|\n|1|a|90|5|70|\n")
    assert not board.has_price
    assert board.domains == ["总分差", "价格敏感度"]
    assert board.models[0].scores == {"总分差": 5.0, "价格敏感度": 70.0}
