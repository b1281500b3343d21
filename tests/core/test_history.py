"""/history, /changes and release: on the core, against three real releases (v3.6, v5.8 and
v5.11.7); expected figures come from the files through a parser of the tests' own."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core.board import parse_boards
from bot.core.catalog import Catalog
from bot.core.commands import build_request, parse_command_line
from bot.core.errors import InvalidOption, UnknownModel
from bot.core.queries import execute
from bot.core.release import Release, ReleaseInfo, read_release_notes
from tests.core.history_data import SEED, V58, V58_README, history_catalog, rank_by

SCORING = ["v5.0", "v5.6", "v5.7"]
"""The releases between v3.6 and v5.8 whose notes (in v5.8's README) say the scoring changed."""


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return history_catalog()


def ask(catalog: Catalog, line: str):
    return execute(catalog, build_request(*parse_command_line(line)))


# -- /history ---------------------------------------------------------------------------------


def test_a_model_that_left_the_board_has_its_whole_history(catalog):
    """gemma-3-27b-it: on v3.6 and v5.8, gone from v5.11.7 (a gap, newest first)."""
    result = ask(catalog, "/history gemma-3-27b-it")
    assert [(p.release, p.listed) for p in result.points] == [
        ("v5.11.7", False), ("v5.8", True), ("v3.6", True)]
    assert result.listed == 2
    gone, v58, v36 = result.points
    assert gone.score is None and gone.rank is None and gone.price is None
    new, old = V58["gemma-3-27b-it"], SEED["gemma-3-27b-it"]
    assert (v58.score, v58.price) == (new["总分"], new["price"])
    assert (v58.rank, v58.ranked) == rank_by(V58, "gemma-3-27b-it", "总分")
    assert (v36.score, v36.price) == (old["总分"], old["price"])
    assert (v36.rank, v36.ranked) == rank_by(SEED, "gemma-3-27b-it", "总分")
    assert v58.date == dt.date(2025, 11, 3) and v58.boards == ["alldata"]


def test_the_change_is_against_the_release_it_was_last_on_and_marks_scoring_changes(catalog):
    """v5.8 against v3.6: the score, price and rank moves, and v5.0, v5.6 and v5.7 named (their
    notes say the scoring changed); the oldest appearance has no change."""
    _, v58, v36 = ask(catalog, "/history gemma-3-27b-it").points
    old, new = SEED["gemma-3-27b-it"], V58["gemma-3-27b-it"]
    assert v58.previous == "v3.6"
    assert v58.score_change == pytest.approx(new["总分"] - old["总分"])
    assert v58.price_change == pytest.approx(new["price"] - old["price"])
    assert v58.rank_change == rank_by(SEED, "gemma-3-27b-it", "总分")[0] - v58.rank
    assert v58.scoring_changed == SCORING
    assert v36.previous is None and v36.score_change is None and v36.scoring_changed == []


def test_a_change_across_releases_without_scoring_notes_is_not_marked(catalog):
    """gpt-oss-120b from v5.8 to v5.11.7: 3.26元 -> 1.35元, no note of a scoring change held."""
    newest, _, _ = ask(catalog, "/history gpt-oss-120b").points
    current = catalog.current.by_name["gpt-oss-120b"]
    assert newest.previous == "v5.8" and newest.scoring_changed == []
    assert newest.price_change == pytest.approx(current.price - V58["gpt-oss-120b"]["price"])
    assert newest.score_change == pytest.approx(current.total - V58["gpt-oss-120b"]["总分"])


@pytest.mark.parametrize("name, rank", [("GLM-4.5", 12), ("claude-4-sonnet", 12),
                                         ("qwen3-max-preview", 14), ("step-3", 31)])
def test_tied_scores_share_a_rank_and_the_next_skips(catalog, name, rank):
    """v5.8's totals: GLM-4.5 and claude-4-sonnet tie at 66.9 (both #12); the next is #14."""
    point = ask(catalog, f'/history "{name}"').points[1]
    assert (point.release, point.rank) == ("v5.8", rank)
    assert point.rank == rank_by(V58, name, "总分")[0]


def test_a_domain_is_read_in_each_release_under_that_release_s_name(catalog):
    """医疗 is 医疗 in v3.6 and 医疗与心理健康 in v5.8: each point ranks by its own release's."""
    result = ask(catalog, "/history gemma-3-27b-it 医疗")
    _, v58, v36 = result.points
    assert (v58.domain, v36.domain) == ("医疗与心理健康", "医疗")
    assert v58.score == V58["gemma-3-27b-it"]["医疗与心理健康"]
    assert (v58.rank, v58.ranked) == rank_by(V58, "gemma-3-27b-it", "医疗与心理健康")
    assert (v36.rank, v36.ranked) == rank_by(SEED, "gemma-3-27b-it", "医疗")


def test_history_errors_name_what_is_wrong(catalog):
    with pytest.raises(UnknownModel):
        ask(catalog, "/history no-such-model-xyz")
    with pytest.raises(Exception) as caught:
        ask(catalog, "/history gemma-3-27b-it astrology")
    assert caught.value.kind == "unknown_domain"


def test_words_that_are_no_domain_but_complete_the_name_are_the_name(catalog):
    """/history gpt-oss 120b: one model (as /model reads it), not gpt-oss in a domain "120b";
    /history gpt-oss-120b 医疗 keeps its domain."""
    result = ask(catalog, "/history gpt-oss 120b")
    assert (result.name, result.domain) == ("gpt-oss-120b", "总分")
    assert ask(catalog, "/history gpt-oss-120b 医疗").domain == "医疗与心理健康"


def test_history_names_every_release_its_figures_come_from(catalog):
    source = ask(catalog, "/history gemma-3-27b-it").source
    assert source.releases == ["v5.8", "v3.6"] and source.release is None
    assert "alldata (v5.8)" in source.boards


# -- release: on the query commands -------------------------------------------------------------


def _best_within(rows, column: str, budget: float) -> str:
    affordable = [(n, r) for n, r in rows.items()
                  if r["price"] is not None and r["price"] <= budget and r.get(column) is not None]
    return max(affordable, key=lambda item: (item[1][column], -item[1]["price"]))[0]


@pytest.mark.parametrize("budget", [3.2, 3.19])
def test_best_answers_from_the_release_named_with_its_budget_boundary(catalog, budget):
    """v5.8's best 医疗 within 3.2元 is ERNIE-4.5-Turbo-32K (3.2元, 91.6); within 3.19元 it is
    not: the budget keeps price <= budget, in the release asked for."""
    result = ask(catalog, f"/best 医疗 budget:{budget} release:v5.8")
    assert result.results[0].name == _best_within(V58, "医疗与心理健康", budget)
    assert (result.results[0].name == "ERNIE-4.5-Turbo-32K") is (budget == 3.2)
    assert (result.source.release, result.source.date) == ("v5.8", dt.date(2025, 11, 3))


@pytest.mark.parametrize("line, release", [
    ("/best release:v5.8", "v5.8"), ("/leaderboard release:5.8", "v5.8"),
    ("/value release:v3.6", "v3.6"), ("/recommend 医疗:1 release:v3.6", "v3.6"),
    ("/domains release:v3.6", "v3.6"), ("/best", "v5.11.7"),
])
def test_every_ranking_names_the_release_it_answers_from(catalog, line, release):
    assert ask(catalog, line).source.release == release


def test_a_release_s_ranking_is_that_release_s_alone(catalog):
    """/leaderboard release:v5.8 lists v5.8's 87 models by their v5.8 totals, no others."""
    result = ask(catalog, "/leaderboard release:v5.8 per_page:25")
    assert result.count == len(V58)
    assert [i.score for i in result.results] == sorted(
        (r["总分"] for r in V58.values()), reverse=True)[:25]


def test_a_model_card_comes_from_the_release_named_or_an_older_one(catalog):
    """gemma-3-27b-it: v5.8's figures by default (its newest listing), v3.6's when asked;
    gpt-oss-120b did not exist by v3.6."""
    assert ask(catalog, "/model gemma-3-27b-it").model.total == V58["gemma-3-27b-it"]["总分"]
    card = ask(catalog, "/model gemma-3-27b-it release:v3.6").model
    assert (card.total, card.release) == (SEED["gemma-3-27b-it"]["总分"], "v3.6")
    with pytest.raises(UnknownModel):
        ask(catalog, "/model gpt-oss-120b release:v3.6")


def test_cost_and_compare_take_their_figures_from_the_release_named(catalog):
    """gpt-oss-120b cost 3.26元 in v5.8 and 1.35元 in v5.11.7: /cost and /compare say the
    release's price and name the release."""
    old = ask(catalog, "/cost gpt-oss-120b 1M release:v5.8")
    assert old.model.price == V58["gpt-oss-120b"]["price"]
    assert old.model.monthly_cost == pytest.approx(V58["gpt-oss-120b"]["price"])
    assert old.source.release == "v5.8"
    new = ask(catalog, "/cost gpt-oss-120b 1M")
    assert new.model.price == catalog.current.by_name["gpt-oss-120b"].price
    both = ask(catalog, "/compare gpt-oss-120b gpt-oss-20b release:v5.8")
    assert [m.price for m in both.models] == [V58["gpt-oss-120b"]["price"],
                                              V58["gpt-oss-20b"]["price"]]
    assert both.same_release and both.source.release == "v5.8"


@pytest.mark.parametrize("line", ["/best release:v9", "/model qwq-32b release:latest",
                                  "/compare a b release:v5.9", "/changes v5.9"])
def test_an_unknown_release_lists_the_releases_held(catalog, line):
    with pytest.raises(InvalidOption) as caught:
        ask(catalog, line)
    assert caught.value.params["reason"] == "unknown_release"
    assert caught.value.params["releases"] == "v5.11.7, v5.8, v3.6"


# -- /changes ---------------------------------------------------------------------------------


def test_changes_default_to_the_newest_against_the_one_before(catalog):
    result = ask(catalog, "/changes")
    assert (result.older.release, result.newer.release) == ("v5.8", "v5.11.7")
    current = {r.name for r in catalog.current.records}
    assert set(result.added) == current - set(V58)
    assert set(result.removed) == set(V58) - current
    prices = {c.name: (c.old_price, c.new_price) for c in result.prices}
    assert prices["gpt-oss-120b"] == (V58["gpt-oss-120b"]["price"],
                                      catalog.current.by_name["gpt-oss-120b"].price)
    assert result.scoring_changed == []
    assert (result.models_before, result.models_after) == (len(V58), len(current))


def test_changes_between_two_named_releases_in_either_order(catalog):
    """v3.6 to v5.8: gemma-3-27b-it is the one model both list; its move is the biggest; the
    scoring changes between are named; domains and boards new and gone are listed."""
    forward = ask(catalog, "/changes v3.6 v5.8")
    assert ask(catalog, "/changes from:v5.8 to:v3.6") == forward
    assert forward.scoring_changed == SCORING
    (move,) = forward.overall.scores
    assert (move.name, move.old, move.new) == (
        "gemma-3-27b-it", SEED["gemma-3-27b-it"]["总分"], V58["gemma-3-27b-it"]["总分"])
    (rank,) = forward.overall.ranks
    assert (rank.old_rank, rank.new_rank) == (rank_by(SEED, "gemma-3-27b-it", "总分")[0],
                                              rank_by(V58, "gemma-3-27b-it", "总分")[0])
    assert "医疗与心理健康" in forward.new_domains and "医疗" in forward.dropped_domains
    # a domain new to or gone from the release is listed as such, not as a leader change
    # from or to nobody
    leaders = {c.domain for c in forward.leaders}
    assert leaders and not leaders & {*forward.new_domains, *forward.dropped_domains}
    assert forward.new_boards == ["alldata"]
    assert [d.domain for d in forward.domains] == ["教育", "推理与数学计算", "语言与指令遵从"]


def test_changes_to_an_older_release_compare_it_with_the_one_before_it(catalog):
    result = ask(catalog, "/changes to:v5.8")
    assert (result.older.release, result.newer.release) == ("v3.6", "v5.8")


@pytest.mark.parametrize("line, reason", [("/changes v5.8 v5.8", "same_release"),
                                          ("/changes to:v3.6", "oldest_release")])
def test_changes_refuse_what_cannot_be_compared(catalog, line, reason):
    with pytest.raises(InvalidOption) as caught:
        ask(catalog, line)
    assert caught.value.params["reason"] == reason


def test_changes_with_one_release_held_say_so():
    with pytest.raises(InvalidOption) as caught:
        ask(Catalog(releases=[history_catalog().current]), "/changes")
    assert caught.value.params["reason"] == "one_release"


def test_the_biggest_moves_are_capped_and_biggest_first():
    """Seven models whose totals all move: the five biggest, biggest first, ties by name."""
    def release(version: str, totals: list[float]) -> Release:
        rows = "\n".join(f"|{i}|m{i}|o|1元|{t}|" for i, t in enumerate(totals, 1))
        text = f"### 榜\n|排名|大模型|机构|输出价格|总分|\n|-|-|-|-|-|\n{rows}\n"
        return Release(ReleaseInfo(version=version), parse_boards(text, f"{version}.md"))
    catalog = Catalog(releases=[release("v1", [50, 50, 50, 50, 50, 50, 50]),
                                release("v2", [51, 57, 44, 53, 50, 60, 46])])
    moves = ask(catalog, "/changes").overall.scores
    assert [(m.name, m.change) for m in moves] == [
        ("m6", 10), ("m2", 7), ("m3", -6), ("m7", -4), ("m4", 3)]


def test_two_releases_of_the_same_board_changed_nothing():
    """The same board as v1 and v2: nothing moved, and the text says so."""
    from bot.render.context import RenderContext
    from bot.render.text import format_result

    text = "### 榜\n|排名|大模型|机构|输出价格|总分|\n|-|-|-|-|-|\n|1|m|o|1元|50|\n"
    catalog = Catalog(releases=[Release(ReleaseInfo(version=v), parse_boards(text, "b.md"))
                                for v in ("v1", "v2")])
    result = ask(catalog, "/changes")
    assert result.empty
    assert "Nothing moved." in format_result(result, RenderContext())
    assert not ask(history_catalog(), "/changes").empty


# -- release notes ------------------------------------------------------------------------------


def test_the_notes_name_the_releases_whose_scoring_changed():
    info = read_release_notes(V58_README.read_text(encoding="utf-8"))
    assert (info.version, info.date) == ("v5.8", dt.date(2025, 11, 3))
    assert sorted(info.scoring_changes) == SCORING


@pytest.mark.parametrize("text, flagged", [
    ("- [2025/1/2] v1.1版本\n  - 修改权重\n", ["v1.1"]),
    ("- [2025/1/2] v1.1版本：优化计分方式\n", ["v1.1"]),
    ("- [2025/1/2] v1.1版本\n  - 新增大模型：x\n\n计分方式：见下文\n", []),
    ("- [2025/1/2] v1.1版本\n  - 新增大模型\n- [2025/1/1] v1.0版本\n  - 计入总分\n", ["v1.0"]),
])
def test_a_scoring_word_counts_only_inside_its_own_note(text, flagged):
    """A note is its line and the indented lines under it: the README's text after the notes
    (which explains the scoring of today) marks no release."""
    assert list(read_release_notes(text).scoring_changes) == flagged


def test_scoring_changes_between_two_releases_exclude_the_older_and_include_the_newer():
    """From v5.5 to v5.6 the v5.6 change counts; from v5.6 to v5.7 only v5.7's does."""
    board = parse_boards("### 榜\n|排名|大模型|机构|输出价格|总分|\n|-|-|-|-|-|\n|1|m|o|1元|50|\n",
                         "b.md")
    notes = ("v5.6", "v5.7")
    v55, v56, v57 = (Release(ReleaseInfo(version=v, scoring_changes=notes if v == "v5.7" else ()),
                             board) for v in ("v5.5", "v5.6", "v5.7"))
    catalog = Catalog(releases=[v55, v56, v57])
    assert catalog.scoring_changed(v55, v56) == ["v5.6"]
    assert catalog.scoring_changed(v56, v57) == ["v5.7"]
    assert catalog.scoring_changed(v55, v57) == ["v5.6", "v5.7"]
    assert ask(catalog, "/changes v5.6 v5.7").scoring_changed == ["v5.7"]
    assert ask(catalog, "/history m").points[0].scoring_changed == ["v5.7"]
