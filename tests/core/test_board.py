"""The CLiB board parser: every table variant the leaderboard has used, and malformed files."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.board import clean_name, parse_boards, parse_file, parse_price, parse_score
from bot.core.errors import BoardError
from tests.paths import SEED_FILE

FIXTURES = Path(__file__).parent / "fixtures"
DATA = Path(__file__).resolve().parents[2] / "data"


def board_of(name: str):
    """The only board of a fixture file."""
    boards = parse_file(FIXTURES / name)
    assert len(boards) == 1
    return boards[0]


def by_name(board) -> dict:
    """A board's entries keyed by name."""
    return {m.name: m for m in board.models}


# -- the seed board ---------------------------------------------------------------------------


def test_seed_board_title_domains_and_size():
    """The shipped board reads as one table with its heading, six domains and 16 models."""
    (board,) = parse_file(SEED_FILE)
    assert board.title == "（3）20B以上开源大模型排行榜"
    assert board.domains == ["医疗", "教育", "法律", "行政公务", "推理与数学计算", "语言与指令遵从"]
    assert len(board.models) == 16
    assert [m.rank for m in board.models] == list(range(1, 17))


def test_seed_board_first_row_values():
    """DeepSeek-R1's row: name without its link, org, price, total and every domain score."""
    (board,) = parse_file(SEED_FILE)
    first = board.models[0]
    assert (first.rank, first.name, first.org, first.price, first.total) == (
        1, "DeepSeek-R1", "深度求索", 16.0, 86.9)
    assert first.scores == {"医疗": 82.8, "教育": 94.3, "法律": 71.7, "行政公务": 88.6,
                            "推理与数学计算": 92.7, "语言与指令遵从": 91.2}
    assert first.is_new is False


def test_seed_board_new_markers():
    """Exactly the three rows marked (new) on the seed board are new, and lose the marker."""
    (board,) = parse_file(SEED_FILE)
    assert [m.name for m in board.models if m.is_new] == [
        "qwq-32b", "gemma-3-27b-it", "Mistral-Small-24B-Instruct-2501"]
    assert not any("(new)" in m.name or "去体验" in m.name for m in board.models)


def test_seed_board_trailing_whitespace_line_is_ignored():
    """The seed file ends with a whitespace-only line, which ends the table cleanly."""
    text = (SEED_FILE).read_text(encoding="utf-8")
    assert text.splitlines()[-1].strip() == ""
    (board,) = parse_boards(text, "seed.md")
    assert board.models[-1].name == "gemma-2-27b-it"


# -- prices -----------------------------------------------------------------------------------


def test_prices_known_free_and_unknown():
    """16元/16.0元/2.175元 are numbers, 0元 is free (0.0), /元, / and - are unknown (None)."""
    models = by_name(board_of("prices.md"))
    assert models["alpha-pro"].price == 16.0
    assert models["beta-max"].price == 16.0
    assert models["gamma-7b"].price == 2.175
    assert models["delta-free"].price == 0.0
    assert models["delta-free"].price is not None
    assert models["epsilon-x"].price is None
    assert models["zeta-y"].price is None
    assert models["eta-z"].price is None


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("16元", 16.0), ("16.0元", 16.0), ("2.175元", 2.175), ("0元", 0.0), (" 1.26元 ", 1.26),
     ("/元", None), ("/", None), ("-", None), ("", None), ("   ", None)],
)
def test_parse_price_cells(cell, expected):
    """Each price spelling of the boards maps to a float, or None when unknown."""
    assert parse_price(cell) == expected


def test_parse_price_rejects_text():
    """A price that is not a number of 元 is an error, not a silent zero."""
    with pytest.raises(ValueError, match="price"):
        parse_price("很贵")


def test_empty_domain_cell_is_unknown_score():
    """A blank domain cell is a missing score (None), not zero."""
    models = by_name(board_of("prices.md"))
    assert models["eta-z"].scores == {"心理健康": None, "金融": 58.8}


# -- other domain sets, % scores, padded cells -------------------------------------------------


def test_mental_health_and_finance_domains_in_header_order():
    """A board of 心理健康 and 金融 keeps its own headers, in header order."""
    assert board_of("prices.md").domains == ["心理健康", "金融"]
    assert board_of("percent.md").domains == ["金融", "心理健康"]


def test_percent_scores_and_padded_cells():
    """83.2% reads as 83.2; names, orgs and prices padded with spaces are stripped."""
    board = board_of("percent.md")
    first = board.models[0]
    assert first.name == "fin-large"
    assert first.is_new is True
    assert first.org == "钱庄"
    assert first.price == 8.0
    assert first.total == 83.2
    assert first.scores == {"金融": 81.5, "心理健康": 84.9}
    assert board.models[1].total == 77.0


@pytest.mark.parametrize(("cell", "expected"),
                         [("83.2", 83.2), ("83.2%", 83.2), (" 77.0% ", 77.0), ("0", 0.0),
                          ("100", 100.0), ("", None), ("-", None)])
def test_parse_score_cells(cell, expected):
    """Scores are floats with the % dropped; blank or a dash is unknown."""
    assert parse_score(cell) == expected


def test_merged_domain_board():
    """The newer board's merged domains and agent与工具调用 are domains in header order."""
    board = board_of("merged.md")
    assert board.domains == ["医疗与心理健康", "法律与行政公务", "推理与数学计算", "语言与指令遵从",
                             "agent与工具调用"]
    kimi = by_name(board)["kimi-k2"]
    assert kimi.is_new is True
    assert kimi.scores["agent与工具调用"] == 71.8
    assert kimi.scores["医疗与心理健康"] == 73.9


def test_empty_column_is_not_a_domain():
    """The empty header column is ignored: it is neither a domain nor shifts the scores."""
    board = board_of("merged.md")
    assert "" not in board.domains
    first = board.models[0]
    assert first.total == 80.5
    assert first.scores["医疗与心理健康"] == 81.2


def test_full_width_heading_brackets_kept_in_title():
    """The heading's full-width brackets stay part of the title; the #s do not."""
    assert board_of("merged.md").title == "（3）20B以上开源大模型排行榜"
    assert board_of("prices.md").title == "（1）通用大模型排行榜"


def test_name_with_link_and_marker():
    """The ☛[去体验](url) link and the (new) marker are stripped; the marker sets is_new."""
    assert clean_name("qwq-32b(new)☛[去体验](https://easyllm.site/x?type=open-source)") == (
        "qwq-32b", True)
    assert clean_name("DeepSeek-R1☛[去体验](https://easyllm.site)") == ("DeepSeek-R1", False)
    assert clean_name("  gamma-7b  ") == ("gamma-7b", False)


def test_plain_name_without_link():
    """A name cell with no link at all is kept as written."""
    assert by_name(board_of("prices.md"))["gamma-7b"].rank == 3


# -- the old column order -----------------------------------------------------------------------


def test_old_format_columns_by_name():
    """大模型|输出价格|总分|排名|...: columns are found by header, not by position."""
    board = board_of("old_format.md")
    assert board.title == "（2）开源大模型排行榜"
    assert board.domains == ["医疗", "教育", "法律", "行政公务"]
    first = board.models[0]
    assert first.name == "baichuan2-13b-chat"
    assert first.total == 66.0
    assert first.scores == {"医疗": 70.2, "教育": 68.3, "法律": 60.1, "行政公务": 65.4}


def test_old_format_rank_read_from_rank_column():
    """The rank comes from the 排名 cell (a shared 2nd place stays 2), not the row position."""
    board = board_of("old_format.md")
    assert [(m.name, m.rank) for m in board.models] == [
        ("baichuan2-13b-chat", 1), ("chatglm3-6b", 2), ("qwen-14b-chat", 2), ("yi-6b-chat", 4)]


def test_old_format_without_org_column():
    """Without a 机构 column every org is None; prices still parse."""
    board = board_of("old_format.md")
    assert all(m.org is None for m in board.models)
    assert [m.price for m in board.models] == [None, 0.5, 1.0, None]
    assert by_name(board)["chatglm3-6b"].is_new is True


# -- file shapes --------------------------------------------------------------------------------


def test_whitespace_lines_and_prose_after_table():
    """Whitespace-only lines and a note after the table end it; no row is invented."""
    board = board_of("trailing_blank.md")
    assert [m.name for m in board.models] == ["gpt-4o", "glm-4-plus"]
    assert board.models[1].total == 79.4


def test_file_without_trailing_newline():
    """The last row of a file without a final newline is read in full."""
    assert not (FIXTURES / "no_newline.md").read_bytes().endswith(b"\n")
    board = board_of("no_newline.md")
    last = board.models[-1]
    assert (last.name, last.is_new, last.price, last.scores) == (
        "gemma-2-9b-it", True, 0.3, {"医疗": 55.5, "教育": 60.5})


def test_two_tables_under_two_headings():
    """Each table takes the heading above it, its own domains and its own rows."""
    first, second = parse_file(FIXTURES / "two_tables.md")
    assert first.title == "（1）通用大模型排行榜"
    assert second.title == "（2）开源大模型排行榜"
    assert first.domains == ["医疗", "教育"]
    assert second.domains == ["推理与数学计算", "语言与指令遵从"]
    assert [m.name for m in first.models] == ["general-one", "general-two"]
    assert [m.name for m in second.models] == ["open-one", "open-two", "open-three"]
    assert second.models[2].price == 0.0


def test_rows_remember_their_line():
    """Each entry knows its line in the file (1-based), so errors and tools can point at it."""
    first, second = parse_file(FIXTURES / "two_tables.md")
    assert first.models[0].line == 6
    assert second.models[0].line == 14


def test_crlf_and_bom_are_tolerated(tmp_path):
    """A board saved on Windows (BOM, CRLF line ends) reads the same as the original."""
    text = (FIXTURES / "percent.md").read_text(encoding="utf-8")
    path = tmp_path / "windows.md"
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    (board,) = parse_file(path)
    assert board.title == "（2）金融大模型排行榜"
    assert [m.name for m in board.models] == ["fin-large", "fin-small", "mind-care"]


# -- malformed files ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "line", "reason"),
    [
        ("bad_score_text.md", 5, "not a number"),
        ("bad_score_range.md", 6, "outside 0–100"),
        ("bad_duplicate.md", 7, "appears twice"),
        ("bad_no_separator.md", 4, "|---|"),
    ],
)
def test_malformed_file_names_file_and_line(fixture, line, reason):
    """A malformed board raises BoardError reading `file:line: reason` at the offending line."""
    path = FIXTURES / fixture
    with pytest.raises(BoardError) as caught:
        parse_file(path)
    error = caught.value
    assert error.source == str(path)
    assert error.line == line
    assert str(error).startswith(f"{path}:{line}: ")
    assert reason in str(error)


def test_duplicate_names_point_at_the_repeat():
    """A duplicate (names compared case-insensitively) names both lines."""
    with pytest.raises(BoardError) as caught:
        parse_file(FIXTURES / "bad_duplicate.md")
    assert "Model-B" in str(caught.value)
    assert "line 5" in str(caught.value)


def test_bad_score_names_the_cell():
    """The message quotes the bad cell so the user can find it in the row."""
    with pytest.raises(BoardError, match="'高'"):
        parse_file(FIXTURES / "bad_score_text.md")
    with pytest.raises(BoardError, match="'120'"):
        parse_file(FIXTURES / "bad_score_range.md")


def test_parse_boards_names_its_source():
    """Text parsed without a file names the source it was given."""
    with pytest.raises(BoardError) as caught:
        parse_boards("|排名|大模型|总分|\n|-|-|-|\n|1|a|九十|\n", "pasted.md")
    assert str(caught.value).startswith("pasted.md:3: ")


def test_a_file_without_a_leaderboard_table_holds_no_boards():
    """A notes file (a heading and prose, no table) is no board and no error: the loader
    skips it with a warning."""
    assert parse_file(FIXTURES / "bad_no_table.md") == []
    assert parse_boards("just some prose\n", "notes.md") == []


def test_missing_file_is_a_board_error(tmp_path):
    """A file that does not exist is a BoardError naming it, not an OSError."""
    path = tmp_path / "nope.md"
    with pytest.raises(BoardError) as caught:
        parse_file(path)
    assert str(path) in str(caught.value)


def test_non_utf8_file_is_a_board_error(tmp_path):
    """A GBK-encoded file is refused with a BoardError naming the file."""
    path = tmp_path / "gbk.md"
    text = (FIXTURES / "percent.md").read_text(encoding="utf-8").replace("☛", "")
    path.write_bytes(text.encode("gbk"))
    with pytest.raises(BoardError, match="UTF-8") as caught:
        parse_file(path)
    assert str(path) in str(caught.value)


HEADER = "### t\n|排名|大模型|机构|输出价格|总分| |医疗|教育|\n|-|-|-|-|-|-|-|-|\n"


def test_a_row_missing_a_cell_is_an_error_not_a_shift():
    """A short row would move 教育's score under 医疗: refused, naming the line."""
    from bot.core.board import parse_boards
    from bot.core.errors import BoardError

    with pytest.raises(BoardError, match=r"t\.md:5: row has 7 cells"):
        parse_boards(HEADER + "|1|A|x|1元|80| |70|60|\n|2|B|x|2元|79|71|61|\n", "t.md")


def test_uniform_extra_cells_must_be_empty_or_ranks():
    """Rows one cell longer than the header are read only when that cell is empty or a rank."""
    from bot.core.board import parse_boards
    from bot.core.errors import BoardError

    shifted = "### t\n|排名|大模型|机构|输出价格|总分|医疗|教育|\n|-|-|-|-|-|-|-|\n"
    rows = "|1|A|x|1元|80| |70|60|\n|2|B|x|1元|70| |65|50|\n"
    with pytest.raises(BoardError):
        parse_boards(shifted + rows, "t.md")


@pytest.mark.parametrize(("cell", "price"), [
    ("2元/百万tokens", 2.0), ("2元/M", 2.0), ("2元/1M tokens", 2.0),
    ("0.5元/千tokens", 500.0), ("¥0.016/1K tokens", 16.0),
])
def test_prices_per_million_or_per_thousand(cell, price):
    """The unit after a slash is read: per thousand tokens is converted to per million."""
    from bot.core.board import parse_price

    assert parse_price(cell) == pytest.approx(price)


@pytest.mark.parametrize("cell", ["2元/8元", "2元/次", "3/4"])
def test_prices_with_another_unit_are_refused(cell):
    """Two prices in one cell, or a unit that is not tokens, is an error, not a guess."""
    from bot.core.board import parse_price

    with pytest.raises(ValueError):
        parse_price(cell)


def test_a_row_without_its_leading_pipe_stays_in_the_table():
    """GitHub reads "2|B|x|..." as a row: so do we, instead of dropping it and the rest."""
    from bot.core.board import parse_boards

    board = parse_boards(HEADER + "|1|A|x|1元|80| |70|60|\n2|B|x|2元|79| |71|61|\n", "t.md")[0]
    assert [m.name for m in board.models] == ["A", "B"]


def test_a_name_that_is_a_link_keeps_its_text():
    """[GPT-4o](url) is the name GPT-4o; the ☛[去体验](url) link is dropped."""
    from bot.core.board import clean_name

    assert clean_name("[GPT-4o](https://example.com)") == ("GPT-4o", False)
    assert clean_name("qwq-32b(new)☛[去体验](https://x)") == ("qwq-32b", True)


def test_line_numbers_count_only_newlines():
    """A U+2028 in the text before a table does not shift the line an error names."""
    from bot.core.board import parse_boards
    from bot.core.errors import BoardError

    text = "intro\u2028more\n" + HEADER + "|1|A|x|cheap|80| |70|60|\n"
    with pytest.raises(BoardError, match=r"t\.md:5:"):
        parse_boards(text, "t.md")


def test_headless_tables_without_a_single_score_are_named_after_their_file():
    """A total and two domains, or a rank and no score at all: named after the file."""
    (broad,) = parse_boards("|排名|大模型|总分|医疗|法律|\n|-|-|-|-|-|\n|1|a|90|80|70|\n", "all.md")
    assert (broad.title, broad.own_domain) == ("all", None)
    (bare,) = parse_boards("|排名|大模型|\n|-|-|\n|1|a|\n", "bare.md")
    assert (bare.title, bare.domains, bare.own_domain) == ("bare", [], None)


def test_a_windows_file_is_read_like_any_other_and_a_title_may_end_in_x():
    """Line ends of \\r\\n are dropped as line ends, and only those: a title ending in an X
    (MAX榜 X) keeps it."""
    from tests.core.boards import board

    text = board("|1|model-X|OrgX|1元|50|开源|50|50|", title="MAX榜 X")
    (windows,) = parse_boards(text.replace("\n", "\r\n"), "x.md")
    assert windows.title == "MAX榜 X"
    assert [m.name for m in windows.models] == ["model-X"]
