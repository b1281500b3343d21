"""A malformed board stops the load with ``FILE:LINE: reason``: the file, the line to fix and
what is wrong with it, each exactly (the bot prints it and exits 2; /reload shows it)."""

from __future__ import annotations

import pytest

from bot.core.board import parse_boards, parse_file
from bot.core.errors import BoardError

T = "### t\n|排名|大模型|总分|\n|-|-|-|\n"
RELE = "|类别|机构|大模型|【医疗】准确率|{}|排名（准确率）|\n|-|-|-|-|-|-|\n"


@pytest.mark.parametrize(("text", "line", "reason"), [
    ("### t\n|排名|大模型|总分|\n|1|a|90|\n", 3,
     "a table header must be followed by a |---| row"),
    (T + "\nprose\n", 2, "table 't' has no rows"),
    (T + "|1|a|\n", 4, "row has 2 cells but the header has 3"),
    (T + "|1|a|90|x|\n", 4, "row has 4 cells but the header has 3"),
    (T + "|1|a|90|\n|2|(new)|80|\n", 5, "the model name is empty"),
    (T + "|-1|a|90|\n", 4, "rank: Input should be greater than or equal to 0"),
    (T + "|1|a|90|\n|2|A|80|\n", 5, "model name 'A' appears twice (first on line 4)"),
    (T + "|1|a|high|\n", 4, "score 'high' is not a number"),
    (T + "|1|a|101|\n", 4, "score '101' is outside 0–100"),
    ("### t\n|排名|大模型|输出价格|总分|\n|-|-|-|-|\n|1|a|cheap|90|\n", 4,
     "price 'cheap' is not a number of 元"),
    ("### t\n|排名|大模型|输出价格|总分|\n|-|-|-|-|\n|1|a|2元/次|90|\n", 4,
     "price '2元/次': not per million tokens"),
    ("### t\n|排名|大模型|总分|总分|\n|-|-|-|-|\n|1|a|90|90|\n", 2, "column '总分' appears twice"),
    ("### t\n|排名|大模型|医疗|医疗|\n|-|-|-|-|\n|1|a|90|90|\n", 2,
     "domain column '医疗' appears twice"),
    (RELE.format("平均耗时") + "|商用|A|a|80%|slow|1|\n", 3,
     "time 'slow' is not a number of seconds"),
    (RELE.format("平均消耗token") + "|商用|A|a|80%|many|1|\n", 3,
     "token count 'many' is not a number"),
    (RELE.format("花费/千次（元）") + "|商用|A|a|80%|-3|1|\n", 3, "cost '-3' is not a number >= 0"),
])
def test_each_fault_names_its_file_line_and_reason(text, line, reason):
    with pytest.raises(BoardError) as caught:
        parse_boards(text, "boards/t.md")
    error = caught.value
    assert (error.source, error.line, error.reason) == ("boards/t.md", line, reason)
    assert str(error) == f"boards/t.md:{line}: {reason}"


def test_a_file_that_cannot_be_read_names_the_file_alone(tmp_path):
    """No line to point at: ``FILE: reason``."""
    missing = tmp_path / "gone.md"
    with pytest.raises(BoardError) as caught:
        parse_file(missing)
    assert (caught.value.source, caught.value.line) == (str(missing), None)
    assert str(caught.value) == f"{missing}: No such file or directory"
    latin = tmp_path / "latin.md"
    latin.write_bytes("|排名|".encode("gb18030"))
    with pytest.raises(BoardError) as caught:
        parse_file(latin)
    assert str(caught.value) == f"{latin}: not UTF-8 text (invalid continuation byte)"


def test_a_file_read_with_a_byte_order_mark_and_crlf(tmp_path):
    """What Windows editors write reads the same."""
    path = tmp_path / "win.md"
    path.write_bytes("\ufeff### t\r\n|排名|大模型|总分|\r\n|-|-|-|\r\n|1|a|90|\r\n".encode())
    (board,) = parse_file(path)
    assert (board.title, board.source, board.line) == ("t", str(path), 2)
    assert [(m.name, m.total, m.line) for m in board.models] == [("a", 90.0, 4)]


def test_a_table_without_a_name_column_or_anything_that_ranks_is_no_leaderboard():
    """No 大模型 column, or neither a rank nor a total: not a leaderboard, not an error; a
    header row without a separator is an error only when it names a model column."""
    assert parse_boards("|名称|说明|\n|-|-|\n|a|b|\n", "t.md") == []
    assert parse_boards("|大模型|机构|\n|-|-|\n|a|b|\n", "t.md") == []
    assert parse_boards("|说明|备注|\n|a|b|\n", "t.md") == []
    (board,) = parse_boards("|大模型|总分|\n|-|-|\n|a|90|\n", "t.md")
    assert [(m.name, m.rank) for m in board.models] == [("a", 1)]


def test_a_table_with_no_rows_at_the_end_of_the_file():
    """A header and its separator as the file's last lines: a table without rows."""
    with pytest.raises(BoardError) as caught:
        parse_boards("### t\n|排名|大模型|总分|\n|-|-|-|", "t.md")
    assert str(caught.value) == "t.md:2: table 't' has no rows"


def test_an_indented_table_is_a_table():
    """Markdown allows a table indented by up to three spaces."""
    (board,) = parse_boards("### t\n   |排名|大模型|总分|\n   |-|-|-|\n   |1|a|90|\n", "t.md")
    assert (board.line, [m.name for m in board.models]) == (2, ["a"])


def test_what_was_measured_belongs_to_a_board_of_one_score_only():
    """A total and two domains: the time column belongs to none of them; a total alone (or a
    domain alone) owns it, wherever the column stands."""
    several = parse_boards("### t\n|排名|大模型|总分|医疗|法律|平均耗时|\n|-|-|-|-|-|-|\n"
                           "|1|a|90|80|70|5s|\n", "t.md")
    assert several[0].models[0].measures is None
    first = parse_boards("|平均耗时|大模型|医疗|排名|\n|-|-|-|-|\n|7s|a|80|1|\n", "t.md")
    assert first[0].models[0].measures is not None
    assert first[0].models[0].measures.latency == 7.0
    total = parse_boards("|排名|大模型|总分|平均耗时|\n|-|-|-|-|\n|1|a|80|9s|\n", "t.md")
    assert total[0].models[0].measures.latency == 9.0


# -- cells and rows at their edges ------------------------------------------------------------


def test_text_without_a_file_is_named_text_and_its_headless_table_leaderboard():
    (board,) = parse_boards("|排名|大模型|总分|医疗|\n|-|-|-|-|\n|1|a|90|80|\n")
    assert board.title == "leaderboard" and board.source == "<text>"
    with pytest.raises(BoardError, match=r"^<text>:3: "):
        parse_boards("|排名|大模型|总分|\n|-|-|-|\n|1|a|high|\n")


def test_a_row_without_its_trailing_pipe_keeps_its_last_cell():
    (board,) = parse_boards("### t\n|排名|大模型|总分|\n|-|-|-|\n|1|a|90\n|2|b|80|\n", "t.md")
    assert [(m.name, m.total) for m in board.models] == [("a", 90.0), ("b", 80.0)]


def test_empty_cells_past_the_header_are_harmless_but_one_rank_past_it_is_not():
    """A trailing empty cell is nothing; a single row with one more cell holding a number is
    no column of ranks (one row cannot show one), so it is an error."""
    (board,) = parse_boards("### t\n|排名|大模型|总分|\n|-|-|-|\n|1|a|90||\n", "t.md")
    assert board.models[0].total == 90.0
    with pytest.raises(BoardError, match="row has 4 cells but the header has 3"):
        parse_boards("### t\n|排名|大模型|总分|\n|-|-|-|\n|1|a|90|1|\n", "t.md")


@pytest.mark.parametrize(("header", "role_of_third"), [
    ("|排名|大模型|输出 价格|", "price"), ("|排名|大模型|总 分|", "total"),
    ("|排名|大模型|【医疗】 准确 率|", "医疗"), ("|排名|大模型|输出价格（元/百万token）|", "price"),
    ("|排名|大模型|总分(%)|", "total"),
])
def test_headers_with_spaces_or_a_unit_name_their_column(header, role_of_third):
    text = "### t\n" + header + "\n|-|-|-|\n|1|a|5|\n"
    (board,) = parse_boards(text, "t.md")
    entry = board.models[0]
    found = {"price": entry.price, "total": entry.total}.get(role_of_third,
                                                             entry.scores.get(role_of_third))
    assert found == 5.0


@pytest.mark.parametrize(("cell", "name"), [
    ("**gpt-x**", "gpt-x"), ("`code-1`", "code-1"), ("_lean_", "lean"),
    ("[GPT-4o](https://x.invalid)", "GPT-4o"), ("m1 (new)", "m1"), ("m2（New）", "m2"),
])
def test_names_lose_their_markdown_and_new_marker(cell, name):
    from bot.core.board import clean_name

    assert clean_name(cell)[0] == name


@pytest.mark.parametrize("cell", ["N/A", "- -", "/ %", "暂 无"])
def test_unknown_measures_however_spaced(cell):
    from bot.core.board import parse_amount, parse_duration

    assert parse_duration(cell) is None
    assert parse_amount(cell, "cost") is None


@pytest.mark.parametrize(("title", "family"), [
    ("开源模型榜", "open"), ("商用模型榜", "commercial"), ("闭源模型榜", "commercial"),
    ("开源与商用", None), ("综合榜", None),
])
def test_a_heading_names_the_category_of_its_models(title, family):
    from bot.core.board import family_of

    assert family_of(title) == family
