"""Rules at the bottom of the scale and at the edges of the tie-breaks: scores of 0 (a score,
not an unknown), two free models, ties whose board ranks differ from the home board's, models
skipped twice, and the small grammar edges of command lines."""

from __future__ import annotations

import pytest

from bot.core.board import parse_boards
from bot.core.commands import parse_command_line, request_class
from bot.core.diff import diff_catalogs
from bot.core.errors import InvalidOption
from bot.core.queries import best, compare, cost, execute, recommend, value
from bot.core.requests import (
    BestRequest,
    CompareRequest,
    CostRequest,
    RecommendRequest,
    ValueRequest,
)
from bot.core.scope import Scope
from tests.core.boards import catalog, names

# -- a score of 0 is a score ------------------------------------------------------------------


def test_a_model_scoring_0_is_more_than_3_points_behind_one_scoring_3_5():
    """The 3-point rule at the bottom of the scale: 0 is 3.5 behind 3.5, so a cheaper model
    scoring 0 is no alternative; one scoring 0.5 is."""
    far = catalog("|1|winner|A|5元|3.5|商用|3.5|1|\n|2|zero|B|1元|0|商用|0|1|")
    assert best(far, BestRequest(domain="医疗")).cheaper is None
    close = catalog("|1|winner|A|5元|3.5|商用|3.5|1|\n|2|half|B|1元|0.5|商用|0.5|1|")
    assert best(close, BestRequest(domain="医疗")).cheaper.name == "half"


def test_a_free_model_scoring_0_does_not_dominate_a_paid_one_scoring_more():
    """free at 0 points, cheap at 0.5 points for 1元: cheap on the frontier and the best
    value, free apart; a paid model scoring 0 is never the best value over one scoring more a
    元."""
    result = value(catalog("|1|free|A|0元|0|商用|0|1|\n|2|cheap|B|1元|0.5|商用|0.5|1|"),
                   ValueRequest(domain="医疗"))
    assert names(result.frontier) == ["cheap"]
    assert names(result.free) == ["free"]
    assert result.best_value.name == "cheap"
    paid = value(catalog("|1|zero|A|1元|0|商用|0|1|\n|2|some|B|10元|1|商用|1|1|"),
                 ValueRequest(domain="医疗"))
    assert names(paid.frontier) == ["zero", "some"]
    assert paid.best_value.name == "some"  # 0.1 a 元 beats 0 a 元


def test_a_weighted_score_of_0_ranks_last():
    result = recommend(catalog("|1|zero|A|1元|0|商用|0|0|\n|2|half|B|1元|0.5|商用|0.5|0.5|"),
                       RecommendRequest(weights="医疗=1 法律=1"))
    assert [(i.name, i.score) for i in result.results] == [("half", 0.5), ("zero", 0.0)]
    assert result.results[1].scores == {"医疗": 0.0, "法律": 0.0}


def test_of_two_free_models_compare_names_no_best_value():
    """Score per 元 compares paid models: two free ones have none, the total still wins."""
    cat = catalog("|1|zero|A|0元|0|商用|0|0|\n|2|half|B|0元|0.5|商用|0.5|0.5|")
    result = compare(cat, CompareRequest(model_a="zero", model_b="half"))
    assert (result.best_value, result.total_winner) == (None, "half")


def test_two_free_models_tied_on_the_frontier():
    """An exact tie of two free models: both listed apart, the better rank first; no paid
    model, no best value."""
    result = value(catalog("|2|second|A|0元|50|商用|50|1|\n|1|first|B|0元|50|商用|50|1|"),
                   ValueRequest(domain="医疗"))
    assert names(result.free) == ["first", "second"]
    assert (result.frontier, result.best_value) == ([], None)


# -- tie-breaks whose ranks differ from the home board's --------------------------------------

OWN = "### 医疗榜\n|排名|大模型|医疗|\n|-|-|-|\n|1|second|60|\n|2|first|60|\n"
TWINS = catalog("|1|first|A|3元|90|商用|50|1|\n|2|second|B|3元|80|商用|50|1|", extra=(OWN,))


def test_frontier_ties_go_by_the_rank_on_the_scores_board():
    """An exact tie on the frontier is listed by 医疗榜's rank (second first), not the home's."""
    assert names(value(TWINS, ValueRequest(domain="医疗")).frontier) == ["second", "first"]


def test_a_worse_model_at_the_same_price_is_dominated_whatever_its_rank():
    """worse ranks first on the board but scores less at the same price: off the frontier."""
    result = value(catalog("|1|worse|A|2元|79|商用|79|1|\n|2|better|B|2元|80|商用|80|1|"),
                   ValueRequest(domain="医疗"))
    assert names(result.frontier) == ["better"]
    assert names(result.others) == ["worse"]


def test_cost_alternatives_tied_on_the_total_go_by_the_total_boards_rank():
    """Two alternatives at the same price and total: the total board's rank decides."""
    totals = "### 总分\n|排名|大模型|总分|\n|-|-|-|\n|1|second|70|\n|2|first|70|\n|3|dear|90|\n"
    cat = catalog("|1|first|A|3元|70|商用|1|1|\n|2|second|B|3元|70|商用|1|1|\n"
                  "|3|dear|C|9元|90|商用|1|1|", extra=(totals,))
    assert names(cost(cat, CostRequest(model="dear", tokens="1M")).alternatives) == [
        "second", "first"]


def test_the_cost_of_an_unpriced_model_names_its_own_board():
    """No price board for it: its home board is named as the source of its line."""
    cat = catalog("|1|a|A|3元|70|商用|1|1|",
                  extra=("### 别的榜\n|排名|大模型|总分|\n|-|-|-|\n|1|lonely|60|\n|2|x|50|\n"
                         "|3|y|40|\n",))
    result = cost(cat, CostRequest(model="lonely", tokens="1M"))
    assert result.model.board == "别的榜"
    assert "别的榜" in result.source.boards


# -- counting ---------------------------------------------------------------------------------


def test_recommend_counts_every_model_it_skips_and_says_which_are_new():
    cat = catalog("|1|a|A|1元|90|商用|90||\n|2|b|B|1元|80|商用||80|\n"
                  "|3|c(new)|C|1元|70|商用|70|70|")
    result = recommend(cat, RecommendRequest(weights="医疗=1 法律=1"))
    assert (names(result.results), result.skipped) == (["c"], 2)
    assert result.results[0].is_new is True


def test_execute_applies_the_servers_scope():
    cat = catalog("|1|a|A|1元|90|商用|90|90|\n|2|b|B|1元|80|商用|80|80|")
    shown = execute(cat, BestRequest(), Scope.of(orgs=["a"]))
    assert names(shown.results) == ["b"]


def test_a_new_model_anywhere_does_not_stop_the_comparison():
    """A model added at the top: the moves and price changes of the models after it are still
    found."""
    before = catalog("|1|a|A|1元|90|商用|90|90|\n|2|b|B|1元|80|商用|80|80|\n"
                     "|3|c|C|1元|70|商用|70|70|")
    after = catalog("|1|new|N|1元|99|商用|99|99|\n|2|a|A|1元|90|商用|90|90|\n"
                    "|3|b|B|2元|80|商用|80|80|\n|4|c|C|1元|70|商用|70|70|")
    diff = diff_catalogs(before, after)
    assert diff.added == ["new"]
    assert [m.name for m in diff.moved] == ["a", "b", "c"]
    assert [p.name for p in diff.prices] == ["b"]


# -- boards: unnamed trailing columns ---------------------------------------------------------


@pytest.mark.parametrize(("tails", "reads"), [
    (["", ""], True),            # empty cells past the header: harmless
    (["1", "2"], True),          # a column of ranks
    (["1", "1"], True),          # ranks may tie
    (["1", "2", "2", "4"], True),
    (["2", "3"], False),         # ranks start at 1
    (["1", "3", "2"], False),    # ranks never go down (scores, a shifted column, do)
    (["1", "x"], False),         # not numbers
    (["1|2", "2|3"], False),     # more than one extra cell
])
def test_cells_past_the_header_must_be_empty_or_one_column_of_ranks(tails, reads):
    rows = "".join(f"|m{i}|{80 - i}|{tail}|\n" for i, tail in enumerate(tails))
    text = "### t\n|大模型|总分|\n|-|-|\n" + rows
    if reads:
        (board,) = parse_boards(text, "t.md")
        assert [m.name for m in board.models] == [f"m{i}" for i in range(len(tails))]
    else:
        with pytest.raises(Exception, match="cells but the header has 2"):
            parse_boards(text, "t.md")


def test_a_headless_board_with_a_price_column_is_named_after_its_file():
    """One domain and a price: a ranking of models, not the domain's own board."""
    (board,) = parse_boards("|排名|大模型|输出价格|医疗|\n|-|-|-|-|\n|1|a|1元|80|\n", "tier5.md")
    assert board.title == "tier5"
    (own,) = parse_boards("|排名|大模型|医疗|\n|-|-|-|\n|1|a|80|\n", "whatever.md")
    assert own.title == "医疗"


# -- command lines ----------------------------------------------------------------------------


def test_an_unknown_command_suggests_at_most_two_from_60_up():
    for typed, near in (("co", ["/compare", "/recommend"]), ("ab", ["/about", "/best"])):
        with pytest.raises(InvalidOption) as caught:
            request_class(typed)
        assert caught.value.suggestions == near
    with pytest.raises(InvalidOption):
        request_class("Xbest")


def test_an_unclosed_quote_quotes_the_first_80_characters():
    line = '/model "' + "x" * 100
    with pytest.raises(InvalidOption) as caught:
        parse_command_line(line)
    assert caught.value.params == {"option": "command", "value": line[:80], "reason": "quotes"}


def test_a_score_of_0_ranks_below_one_of_0_5_everywhere():
    cat = catalog("|1|zero|A|1元|0|商用|0|0|\n|2|half|B|2元|0.5|商用|0.5|0.5|")
    assert names(best(cat, BestRequest(domain="医疗")).results) == ["half", "zero"]


def test_a_model_scoring_0_is_dominated_by_a_cheaper_or_equal_one_scoring_more():
    """At the same price, 0.5 beats 0; a pricier model scoring 0 is beaten by a cheaper one
    scoring 0.5."""
    same = value(catalog("|1|half|A|1元|0.5|商用|0.5|1|\n|2|zero|B|1元|0|商用|0|1|"),
                 ValueRequest(domain="医疗"))
    assert (names(same.frontier), names(same.others)) == (["half"], ["zero"])
    dearer = value(catalog("|1|half|A|1元|0.5|商用|0.5|1|\n|2|zero|B|2元|0|商用|0|1|"),
                   ValueRequest(domain="医疗"))
    assert (names(dearer.frontier), names(dearer.others)) == (["half"], ["zero"])


def test_cost_alternatives_with_a_total_of_0_come_last():
    cat = catalog("|1|zero|A|0元|0|商用|0|1|\n|2|half|B|1元|0.5|商用|0.5|1|\n"
                  "|3|dear|C|9元|90|商用|90|1|")
    assert names(cost(cat, CostRequest(model="dear", tokens="1M")).alternatives) == [
        "half", "zero"]


def test_two_tables_under_one_heading_are_two_boards():
    """The second takes the heading with (2), the third (3)."""
    text = ("### 同一标题\n|排名|大模型|总分|\n|-|-|-|\n|1|a|90|\n\n"
            "|排名|大模型|总分|\n|-|-|-|\n|1|b|80|\n\n|排名|大模型|总分|\n|-|-|-|\n|1|c|70|\n")
    boards = parse_boards(text, "t.md")
    assert [b.title for b in boards] == ["同一标题", "同一标题 (2)", "同一标题 (3)"]
    assert [b.models[0].name for b in boards] == ["a", "b", "c"]


def test_a_last_cell_ending_in_an_escaped_pipe_keeps_it():
    (board,) = parse_boards("### t\n|排名|总分|大模型|\n|-|-|-|\n|1|90|x\\|\n", "t.md")
    assert board.models[0].name == "x\\|"


def test_organisations_offered_are_25_by_default():
    rows = "\n".join(f"|{i}|m{i}|org{i:02d}|1元|50|商用|1|1|" for i in range(1, 31))
    assert len(catalog(rows).complete_orgs("")) == 25
