"""The README's ranking rules at their boundaries, on every command that applies them.

Budget (``price <= budget``; an unknown price is never within one), type, organisation, what a
server hides, and the order (score descending, then price ascending with unknown last, then the
rank on the board the score comes from): /best, /leaderboard, /value and /recommend each apply
them, so each is checked, not only the first.
"""

from __future__ import annotations

import pytest

from bot.core.errors import NoMatch
from bot.core.queries import best, leaderboard, recommend, value
from bot.core.requests import BestRequest, LeaderboardRequest, RecommendRequest, ValueRequest
from bot.core.scope import EVERYTHING, Scope
from tests.core.boards import catalog, names

RANKINGS = ("best", "leaderboard", "value", "recommend")


def ranked(cat, command: str, scope: Scope = EVERYTHING, domain: str = "医疗",
           **options) -> list[str]:
    """The models a ranking command shows, in its order (/value: the paid frontier cheapest
    first, then the rest in ranking order, the free models, the models of unknown price)."""
    if command == "best":
        return names(best(cat, BestRequest(domain=domain, top=25, **options), scope).results)
    if command == "leaderboard":
        result = leaderboard(cat, LeaderboardRequest(domain=domain, per_page=25, **options),
                             scope)
        return names(result.results)
    if command == "value":
        result = value(cat, ValueRequest(domain=domain, **options), scope)
        return (names(result.frontier) + names(result.others) + names(result.free)
                + names(result.unpriced))
    assert command == "recommend"
    result = recommend(cat, RecommendRequest(weights=domain, top=25, **options), scope)
    return names(result.results)


# -- budget -----------------------------------------------------------------------------------

BUDGET = catalog("""
    |1|at-budget|OrgA|5元|80|商用|80|70|
    |2|over-budget|OrgB|5.01元|90|商用|90|80|
    |3|unpriced|OrgC|/|95|开源|95|90|
    |4|cheap|OrgD|1元|60|开源|60|50|
    |5|no-category|OrgE|2元|70||70|60|
""")


@pytest.mark.parametrize("command", RANKINGS)
def test_a_price_equal_to_the_budget_is_within_it(command):
    """budget:5 keeps the 5元 model and drops the 5.01元 one and the one of unknown price."""
    shown = ranked(BUDGET, command, budget=5)
    assert "at-budget" in shown
    assert "over-budget" not in shown
    assert "unpriced" not in shown
    assert sorted(shown) == ["at-budget", "cheap", "no-category"]


@pytest.mark.parametrize("command", RANKINGS)
def test_a_price_a_cent_over_the_budget_is_not(command):
    """budget:4.99 drops the 5元 model; budget:5.01 takes the 5.01元 one in."""
    assert "at-budget" not in ranked(BUDGET, command, budget=4.99)
    assert "over-budget" in ranked(BUDGET, command, budget=5.01)


@pytest.mark.parametrize("command", RANKINGS)
def test_without_a_budget_every_model_competes(command):
    """No budget: the model of unknown price is shown too (on /value, listed apart)."""
    assert sorted(ranked(BUDGET, command)) == [
        "at-budget", "cheap", "no-category", "over-budget", "unpriced"]


@pytest.mark.parametrize("command", RANKINGS)
def test_an_unknown_price_is_never_within_a_budget(command):
    """Not even under a budget above every known price (nor under 0: see the next test)."""
    assert sorted(ranked(BUDGET, command, budget=1000)) == [
        "at-budget", "cheap", "no-category", "over-budget"]


@pytest.mark.parametrize("command", RANKINGS)
def test_a_budget_of_zero_keeps_the_free_models_only(command):
    """budget:0 is a real budget: a 0元 model passes, a 0.01元 one and an unknown price do not."""
    cat = catalog("""
        |1|unpriced|A|/|95|商用|95|90|
        |2|cent|B|0.01元|90|商用|90|90|
        |3|free|C|0元|50|开源|50|50|
    """)
    assert ranked(cat, command, budget=0) == ["free"]


@pytest.mark.parametrize("command", RANKINGS)
def test_nothing_within_the_budget_names_the_cheapest_known_price(command):
    """budget:0.5 has no answer: the error names the cheapest model of known price (1元), never
    the one whose price is unknown, and the domain asked about."""
    with pytest.raises(NoMatch) as caught:
        ranked(BUDGET, command, budget=0.5)
    error = caught.value
    assert error.params["reason"] == "budget"
    assert error.params["budget"] == 0.5
    assert error.params["domain"] == "医疗"
    assert (error.params["cheapest"], error.params["cheapest_price"]) == ("cheap", 1.0)
    assert error.suggestions == ["cheap"]
    assert error.details == {"cheapest": {"name": "cheap", "price": 1.0}}


@pytest.mark.parametrize("command", RANKINGS)
def test_the_cheapest_is_named_by_price_then_board_rank(command):
    """Two models at the same lowest price: the better board rank is named."""
    cat = catalog("""
        |1|dear|A|9元|95|商用|95|90|
        |3|second|B|2元|80|商用|80|80|
        |2|first|C|2元|70|商用|70|80|
    """)
    with pytest.raises(NoMatch) as caught:
        ranked(cat, command, budget=1)
    assert caught.value.params["cheapest"] == "first"


@pytest.mark.parametrize("command", RANKINGS)
def test_nothing_priced_names_no_cheapest(command):
    """Every price unknown: the budget error names no model."""
    cat = catalog("|1|a|A|/|95|商用|95|90|\n|2|b|B|-|80|商用|80|80|")
    with pytest.raises(NoMatch) as caught:
        ranked(cat, command, budget=100)
    assert caught.value.params["cheapest"] is None
    assert caught.value.suggestions == []
    assert caught.value.details == {}


def test_best_counts_the_models_within_the_budget_including_the_boundary():
    """/best says how many models passed: a price equal to the budget counts, an unknown one
    does not; with an organisation, type or hidden organisation, the same rule."""
    assert best(BUDGET, BestRequest(domain="医疗", budget=5)).considered == 3
    assert best(BUDGET, BestRequest(domain="医疗", budget=4.99)).considered == 2
    assert best(BUDGET, BestRequest(domain="医疗")).considered == 5
    hidden = Scope.of(orgs=["OrgE"])
    assert best(BUDGET, BestRequest(domain="医疗", budget=5), hidden).considered == 2
    assert best(BUDGET, BestRequest(domain="医疗", budget=5, type="commercial")).considered == 1
    assert best(BUDGET, BestRequest(domain="医疗", budget=5, org="OrgA")).considered == 1


def test_leaderboard_counts_and_pages_the_models_within_the_budget():
    """The count and the pages are those of the models within the budget."""
    result = leaderboard(BUDGET, LeaderboardRequest(domain="医疗", budget=5, per_page=2))
    assert (result.count, result.pages) == (3, 2)
    assert names(result.turn_to(2).results) == ["cheap"]


def test_recommend_counts_the_models_within_the_budget():
    """/recommend's ``considered`` is the number within the budget (the boundary included)."""
    assert recommend(BUDGET, RecommendRequest(weights="医疗", budget=5)).considered == 3


def test_value_lists_unknown_prices_apart_only_without_a_budget():
    """Without a budget the model of unknown price is listed apart, never on the frontier;
    with any budget it is left out altogether."""
    free = value(BUDGET, ValueRequest(domain="医疗"))
    assert names(free.unpriced) == ["unpriced"]
    assert "unpriced" not in names(free.frontier) + names(free.others)
    assert value(BUDGET, ValueRequest(domain="医疗", budget=1000)).unpriced == []


# -- type, organisation, hidden ---------------------------------------------------------------


@pytest.mark.parametrize("command", RANKINGS)
def test_type_keeps_one_category_and_leaves_out_models_of_no_stated_category(command):
    """type:open and type:commercial each keep their models; no-category is in neither."""
    assert sorted(ranked(BUDGET, command, type="open")) == ["cheap", "unpriced"]
    assert sorted(ranked(BUDGET, command, type="commercial")) == ["at-budget", "over-budget"]


@pytest.mark.parametrize("command", RANKINGS)
def test_type_and_budget_together(command):
    """type:commercial budget:5: only the commercial model priced exactly at 5元."""
    assert ranked(BUDGET, command, type="commercial", budget=5) == ["at-budget"]


@pytest.mark.parametrize("command", RANKINGS)
def test_org_keeps_one_organisation_in_any_case(command):
    """org:orgb (any case) keeps OrgB's model only."""
    assert ranked(BUDGET, command, org="orgb") == ["over-budget"]


@pytest.mark.parametrize("command", RANKINGS)
def test_a_hidden_organisation_is_left_out(command):
    """A server hiding OrgB and OrgC (any case) sees neither of their models."""
    shown = ranked(BUDGET, command, Scope.of(orgs=["orgb", "OrgC"]))
    assert sorted(shown) == ["at-budget", "cheap", "no-category"]


HIDDEN_BOARD = catalog(
    "|1|on-both|A|3元|90|商用|90|80|\n|2|main-only|B|2元|80|商用|80|70|",
    extra=("### 第二榜\n|排名|大模型|机构|医疗|\n|-|-|-|-|\n|1|on-both|A|89|\n",),
)


@pytest.mark.parametrize("command", RANKINGS)
def test_a_model_listed_on_a_hidden_board_is_left_out(command):
    """Hiding a board (any case) hides every model it lists, wherever else they are listed."""
    assert sorted(ranked(HIDDEN_BOARD, command)) == ["main-only", "on-both"]
    assert ranked(HIDDEN_BOARD, command, Scope.of(boards=["第二榜"])) == ["main-only"]


@pytest.mark.parametrize("command", ["best", "leaderboard", "value"])
def test_filters_that_leave_nothing_say_which(command):
    """An organisation without a model in the domain, a type nobody has, a server hiding every
    model: a NoMatch naming that reason."""
    cat = catalog("|1|a|A|3元|90|商用|90|80|\n|2|b|B|2元|80|商用|80|70|")
    solo = catalog("|1|a|A|3元|90|商用|90|80|\n|2|b|B|2元|80|商用||70|")
    with pytest.raises(NoMatch) as caught:
        ranked(solo, command, domain="医疗", org="B")
    assert caught.value.params["reason"] == "org"
    with pytest.raises(NoMatch) as caught:
        ranked(cat, command, type="open")
    assert caught.value.params["reason"] == "kind"
    with pytest.raises(NoMatch) as caught:
        ranked(cat, command, Scope.of(orgs=["A", "B"]))
    assert caught.value.params["reason"] == "hidden"


# -- order ------------------------------------------------------------------------------------

ORDER = catalog("""
    |1|dear|A|8元|85|商用|80|60|
    |2|unknown|B|/|84|商用|80|60|
    |3|cheap|C|2元|83|商用|80|60|
    |5|late|D|3元|82|商用|70|60|
    |4|early|E|3元|81|商用|70|60|
    |6|free|F|0元|80|商用|70|60|
    |7|low|G|0元|79|商用|69.9|60|
""")
# 医疗: three at 80 (2元, 8元, unknown), three at 70 (0元, and two at 3元 ranked 4 and 5)
IN_ORDER = ["cheap", "dear", "unknown", "free", "early", "late", "low"]


@pytest.mark.parametrize("command", ["best", "leaderboard", "recommend"])
def test_equal_scores_go_by_price_unknown_last_then_by_board_rank(command):
    """Score descending; on a tie the cheaper first and an unknown price after every known
    one (never as if free); on the same price the better board rank, not the row order."""
    assert ranked(ORDER, command) == IN_ORDER


def test_value_lists_the_rest_in_ranking_order():
    """/value: the paid frontier cheapest first; the rest in the ranking order, ties
    included; the free models apart, in the ranking order."""
    result = value(ORDER, ValueRequest(domain="医疗"))
    assert names(result.frontier) == ["cheap"]
    assert names(result.others) == ["dear", "early", "late"]
    assert names(result.free) == ["free", "low"]
    assert names(result.unpriced) == ["unknown"]


def test_best_top_cuts_the_ordered_ranking():
    """top:N keeps the first N of that order."""
    assert names(best(ORDER, BestRequest(domain="医疗", top=4)).results) == IN_ORDER[:4]
    assert names(best(ORDER, BestRequest(domain="医疗", top=1)).results) == ["cheap"]


def test_leaderboard_pages_follow_the_order():
    """Page 2 of 3 models a page starts where page 1 stopped."""
    result = leaderboard(ORDER, LeaderboardRequest(domain="医疗", per_page=3, page=2))
    assert (result.pages, result.page) == (3, 2)
    assert names(result.results) == IN_ORDER[3:6]


def test_recommend_breaks_ties_of_the_weighted_score_by_price_then_rank():
    """Equal weighted scores over two domains: cheaper first, unknown price last, then rank."""
    result = recommend(ORDER, RecommendRequest(weights="医疗=1 法律=1", top=25))
    assert names(result.results) == IN_ORDER
    assert [i.score for i in result.results[:3]] == [70.0, 70.0, 70.0]


def _two_boards():
    """Two models equal in 医疗 score and price, ranked 1 and 2 on the home board but the other
    way round on 医疗's own board, which the 医疗 score comes from."""
    own = "### 医疗榜\n|排名|大模型|医疗|\n|-|-|-|\n|1|second-home|75|\n|2|first-home|75|\n"
    return catalog("|1|first-home|A|3元|90|商用|70|60|\n|2|second-home|B|3元|80|商用|70|60|",
                   extra=(own,))


@pytest.mark.parametrize("command", ["best", "leaderboard"])
def test_the_rank_that_breaks_a_tie_is_the_one_on_the_scores_board(command):
    """The tie goes to the better rank on the board the score comes from (医疗榜), not to the
    better rank on the home board."""
    assert ranked(_two_boards(), command) == ["second-home", "first-home"]


def test_the_rank_shown_is_the_one_on_the_scores_board():
    """A ranked item carries the rank and the board its score comes from."""
    top = best(_two_boards(), BestRequest(domain="医疗")).results[0]
    assert (top.name, top.rank, top.board, top.score) == ("second-home", 1, "医疗榜", 75.0)
    total = best(_two_boards(), BestRequest()).results[0]
    assert (total.name, total.rank, total.board, total.score) == (
        "first-home", 1, "规则测试榜", 90.0)


@pytest.mark.parametrize("command", ["best", "recommend"])
def test_a_budget_nothing_meets_names_the_other_filters_that_applied(command):
    """Over budget under a type filter on a server hiding a model: the NoMatch names the type
    (its value) and that hiding left models out (no value), so the message can say the answer
    was narrowed before the budget."""
    cat = catalog("|1|a|A|3元|90|商用|90|80|\n|2|b|B|2元|80|商用|80|70|\n"
                  "|3|c|C|1元|70|开源|70|60|")
    with pytest.raises(NoMatch) as caught:
        ranked(cat, command, Scope.of(orgs=["B"]), budget=1, type="commercial")
    assert caught.value.params["reason"] == "budget"
    assert caught.value.params["filters"] == {"type": "commercial", "hidden": ""}
