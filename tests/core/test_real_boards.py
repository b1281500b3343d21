"""Table shapes taken from the real CLiB / ReLE repository (short excerpts in fixtures/real/):
ReLE's per-domain boards, the 2024 all-scores table whose header leaves out its rank column,
and a README whose model-information table sits above the leaderboards."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.board import parse_boards, parse_file
from bot.core.catalog import Aliases, Catalog, load_catalog
from bot.core.errors import BoardError
from tests.paths import ALIASES

REAL = Path(__file__).parent / "fixtures" / "real"
DATA = Path(__file__).resolve().parents[2] / "data"


def _only(name: str):
    (board,) = parse_file(REAL / name)
    return board


# -- ReLE per-domain boards: 类别|机构|大模型|【domain】准确率|平均耗时|...|排名（准确率） --


def test_bracketed_score_header_names_the_domain():
    """【医疗与心理健康】准确率 is the score of 医疗与心理健康; time, tokens, cost and 类别 are not
    domains."""
    board = _only("rele_domain_metrics.md")
    assert board.domains == ["医疗与心理健康"]
    first = board.models[0]
    assert (first.name, first.org, first.rank, first.price, first.total) == (
        "ERNIE-4.5-Turbo-32K", "百度", 1, None, None)
    assert first.scores == {"医疗与心理健康": 91.6}


def test_metrics_board_ranks_markers_and_unknown_scores():
    """The rank comes from 排名（准确率）, (new) is a marker, and a `/%` score is unknown."""
    models = {m.name: m for m in _only("rele_domain_metrics.md").models}
    assert models["doubao-seed-1-6-251015"].is_new is True
    assert models["Baichuan4-Turbo"].rank == 37
    assert models["Llama-4-Maverick-17B-128E-Instruct-FP8"].scores == {"医疗与心理健康": None}


def test_bracketed_total_header_is_the_total():
    """【总分】准确率 is the board's total, not a domain called 【总分】准确率."""
    text = ("|类别|机构|大模型|【总分】准确率|平均耗时|平均消耗token|花费/千次（元）"
            "|排名（准确率）|\n"
            "|---|---|---|---|---|---|---|---|\n"
            "|商用|豆包|doubao-seed-1-6-thinking-250715|71.7%|37s|2162|15.6|1|\n"
            "|商用|360|360zhinao2-o1|52.9%|/|/|/|60|\n")
    (board,) = parse_boards(text, "总分.md")
    assert board.domains == []
    assert [(m.name, m.total, m.rank) for m in board.models] == [
        ("doubao-seed-1-6-thinking-250715", 71.7, 1), ("360zhinao2-o1", 52.9, 60)]


# -- the all-scores table: 类别 ... 综合能力, and a rank column the header does not name ----------


def test_unnamed_trailing_rank_column_is_ignored():
    """Every row has one cell more than the header: the unnamed last column is left out, 综合能力
    is the total and 类别 (开源/商用) is not a domain."""
    board = _only("alldata_unnamed_rank.md")
    assert board.domains == ["分类能力", "信息抽取", "阅读理解", "数据分析", "指令遵从", "算术运算"]
    first = board.models[0]
    assert (first.name, first.total, first.rank) == ("gpt-4o", 94.3, 1)
    assert first.scores["算术运算"] == 95.7
    assert board.models[1].is_new is True


def test_one_long_row_is_still_an_error():
    """Only a header short by the same count on every row is forgiven; one long row is not."""
    text = ("|排名|大模型|总分|\n|---|---|---|\n|1|a|90|\n|2|b|80|surprise|\n")
    with pytest.raises(BoardError, match=r"^t\.md:4: row has 4 cells"):
        parse_boards(text, "t.md")


# -- a whole README: the model-information table is not a leaderboard --------------------------


def test_model_information_table_is_skipped():
    """|model|producer|open-source|price_input|... ranks nothing: skipped, not a score error; the
    leaderboard below it reads, its 价格（输出） column as the price."""
    (board,) = parse_file(REAL / "readme_with_model_info.md")
    assert board.title == "（1）输出价格100元及以上商用大模型排行榜"
    assert [m.name for m in board.models] == ["gpt-4-turbo", "讯飞4.0Ultra", "阿里qwen-max",
                                              "智谱GLM4"]
    assert board.models[0].price == 217.0
    assert board.models[3].rank == 5


def test_every_real_excerpt_loads_into_one_catalog(tmp_path):
    """The excerpts load together (with the shipped nicknames) and their domains are queryable by
    their English names."""
    for path in REAL.glob("*.md"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    catalog = load_catalog(tmp_path, aliases_path=ALIASES)
    assert catalog.resolve_domain("medical") == "医疗与心理健康"
    assert catalog.resolve_domain("classification") == "分类能力"
    assert catalog.resolve_domain("arithmetic") == "算术运算"


# -- organisations: a model's primary board may have no 机构 column ------------------------------


def test_organisation_comes_from_any_board():
    """A model first listed on a board without 机构 still has the organisation another board
    gives it: its nicknames find it and the org filter knows the organisation."""
    old = ("### old\n|大模型|总分|排名|\n|---|---|---|\n"
           "|hunyuan-large|86.3|1|\n|hunyuan-turbo|87.1|2|\n")
    new = ("### new\n|排名|大模型|机构|输出价格|总分|\n|-|-|-|-|-|\n"
           "|1|hunyuan-large|腾讯|12元|80.6|\n|2|hunyuan-turbo|腾讯|9.6元|80.8|\n")
    catalog = Catalog([*parse_boards(old, "a.md"), *parse_boards(new, "b.md")],
                      aliases=Aliases(orgs={"腾讯": ["tencent", "混元"]}))
    # the primary entry's board has no 机构: the organisation comes from the other board
    assert catalog.record("hunyuan-large").org == "腾讯"
    assert catalog.resolve_model("混元 large").name == "hunyuan-large"
    assert catalog.resolve_org("tencent") == "腾讯"
