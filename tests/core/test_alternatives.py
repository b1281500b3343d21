"""Cheaper alternatives: /best's "cheaper and close" model and /cost's best-value choices.

/best offers the best model within 3 points of the winner that costs strictly less, under the
same filters as the ranking (budget, org, type, what the server hides). /cost offers up to three
models of the total's value frontier that cost strictly less than the model asked about, under
its type and what the server hides, best total first.
"""

from __future__ import annotations

import pytest

from bot.core.queries import best, cost
from bot.core.requests import BestRequest, CostRequest
from bot.core.scope import EVERYTHING, Scope
from tests.core.boards import catalog, names


def cheaper(cat, scope: Scope = EVERYTHING, **options) -> str | None:
    """The name of /best 医疗's cheaper alternative, or None."""
    found = best(cat, BestRequest(domain="医疗", **options), scope).cheaper
    return found.name if found else None


# -- /best ------------------------------------------------------------------------------------


def test_the_same_price_is_not_cheaper():
    """A model 0.1 points behind at the winner's own price is no cheaper alternative; one a
    cent cheaper is."""
    same = catalog("|1|winner|A|5元|90|商用|90|80|\n|2|twin|B|5元|89|商用|89.9|80|")
    assert cheaper(same) is None
    cent = catalog("|1|winner|A|5元|90|商用|90|80|\n|2|twin|B|4.99元|89|商用|89.9|80|")
    assert cheaper(cent) == "twin"


def test_exactly_three_points_behind_is_close_and_a_hair_more_is_not():
    """87.0 against 90.0 is within 3 points; 86.9 is not, however cheap."""
    close = catalog("|1|winner|A|5元|90|商用|90|80|\n|2|close|B|1元|80|商用|87|80|")
    assert cheaper(close) == "close"
    far = catalog("|1|winner|A|5元|90|商用|90|80|\n|2|far|B|0元|80|商用|86.9|80|")
    assert cheaper(far) is None


def test_the_best_scoring_cheaper_model_is_offered_not_the_cheapest():
    """Among cheaper models within 3 points the best score wins, then the lower price."""
    cat = catalog("""
        |1|winner|A|5元|90|商用|90|80|
        |2|dear-twin|B|6元|89|商用|89.5|80|
        |3|better|C|4元|88|商用|89|80|
        |4|cheapest|D|0元|87|商用|88|80|
    """)
    result = best(cat, BestRequest(domain="医疗"))
    assert result.cheaper is not None
    assert (result.cheaper.name, result.cheaper.score, result.cheaper.price) == (
        "better", 89.0, 4.0)


def test_the_winner_itself_is_never_its_own_alternative():
    """A winner alone on the board (or the cheapest of all) has no cheaper alternative."""
    assert cheaper(catalog("|1|winner|A|5元|90|商用|90|80|")) is None
    cat = catalog("|1|winner|A|1元|90|商用|90|80|\n|2|dear|B|9元|89|商用|89|80|")
    assert cheaper(cat) is None


def test_an_unknown_price_is_never_cheaper_nor_beaten_on_price():
    """A model of unknown price is never "cheaper"; a winner of unknown price has no cheaper
    alternative (nothing is known to cost less)."""
    cat = catalog("|1|winner|A|5元|90|商用|90|80|\n|2|unknown|B|/|89|商用|89|80|")
    assert cheaper(cat) is None
    cat = catalog("|1|unknown|A|/|90|商用|90|80|\n|2|cheap|B|1元|89|商用|89|80|")
    assert best(cat, BestRequest(domain="医疗")).results[0].name == "unknown"
    assert cheaper(cat) is None


def test_a_model_past_the_three_points_stops_the_search():
    """A cheaper model far behind is not offered even when an equally priced one is close."""
    cat = catalog("""
        |1|winner|A|5元|90|商用|90|80|
        |2|close-same-price|B|5元|89|商用|89|80|
        |3|far-cheap|C|1元|80|商用|80|80|
    """)
    assert cheaper(cat) is None


ALTERNATIVES = catalog("""
    |1|winner|OrgA|5元|90|商用|90|80|
    |2|other-org|OrgB|1元|89|商用|89.5|80|
    |3|open-one|orga|2元|88|开源|89|80|
    |4|same-org|ORGA|3元|87|商用|88|80|
""")


def test_the_alternative_without_filters():
    """Unfiltered, the best cheaper model within 3 points: other-org."""
    assert cheaper(ALTERNATIVES) == "other-org"


def test_the_alternative_respects_org():
    """org:OrgA: the alternative is OrgA's (any spelling), never another organisation's."""
    assert cheaper(ALTERNATIVES, org="OrgA") == "open-one"


def test_the_alternative_respects_type():
    """type:commercial: the open model is no alternative."""
    assert cheaper(ALTERNATIVES, org="OrgA", type="commercial") == "same-org"


def test_the_alternative_respects_hidden_organisations():
    """A server hiding OrgB is not offered OrgB's model."""
    assert cheaper(ALTERNATIVES, Scope.of(orgs=["orgb"])) == "open-one"


def test_the_alternative_respects_hidden_boards():
    """A server hiding a board is not offered a model that board lists."""
    cat = catalog(
        "|1|winner|A|5元|90|商用|90|80|\n|2|hidden|B|1元|89|商用|89|80|\n"
        "|3|shown|C|2元|88|商用|88|80|",
        extra=("### 藏起来的榜\n|排名|大模型|医疗|\n|-|-|-|\n|1|hidden|89|\n",),
    )
    assert cheaper(cat) == "hidden"
    assert cheaper(cat, Scope.of(boards=["藏起来的榜"])) == "shown"


def test_the_alternative_respects_the_budget():
    """Under a budget the winner is the best within it and the alternative is cheaper still."""
    cat = catalog("""
        |1|dear|A|20元|95|商用|95|80|
        |2|winner|B|5元|90|商用|90|80|
        |3|alt|C|4元|88|商用|88|80|
    """)
    result = best(cat, BestRequest(domain="医疗", budget=5))
    assert result.results[0].name == "winner"
    assert result.cheaper is not None and result.cheaper.name == "alt"


# -- /cost ------------------------------------------------------------------------------------

COST = catalog("""
    |1|top|A|16元|90|商用|90|80|
    |2|mid|B|6元|85|开源|85|80|
    |3|twin|C|6元|85|开源|85|80|
    |4|dominated|D|7元|84|商用|84|80|
    |5|low|E|1元|70|开源|70|80|
    |6|free|F|0元|60|商用|60|80|
    |7|unpriced|G|/|95|商用|95|80|
    |8|nocat|H|0.5元|65||65|80|
""")
# the total's frontier: free 60@0, nocat 65@0.5, low 70@1, mid and twin 85@6 (an exact tie),
# top 90@16; dominated (84@7) and unpriced are not on it


def alternatives(model: str, scope: Scope = EVERYTHING, **options) -> list[str]:
    result = cost(COST, CostRequest(model=model, tokens="1M", **options), scope)
    return names(result.alternatives)


def test_cost_offers_the_best_three_cheaper_frontier_models():
    """For top (16元): mid and twin (85, tied, by board rank), then low; never dominated."""
    assert alternatives("top") == ["mid", "twin", "low"]


def test_cost_alternatives_cost_strictly_less():
    """For mid (6元): its exact twin at 6元 is not cheaper; the frontier below it is."""
    assert alternatives("mid") == ["low", "nocat", "free"]


def test_cost_of_the_cheapest_model_has_no_alternative():
    """Nothing costs less than free."""
    assert alternatives("free") == []


def test_cost_of_a_model_off_the_frontier():
    """dominated (7元) is offered the frontier models cheaper than 7元, best total first."""
    assert alternatives("dominated") == ["mid", "twin", "low"]


def test_cost_of_a_model_of_unknown_price_offers_the_best_of_the_frontier():
    """No monthly cost, no saving; the alternatives are the frontier's best three."""
    result = cost(COST, CostRequest(model="unpriced", tokens="1M"))
    assert result.model.monthly_cost is None
    assert names(result.alternatives) == ["top", "mid", "twin"]
    assert all(a.saving is None for a in result.alternatives)


def test_cost_alternatives_respect_type():
    """type:open keeps open models only (nocat, of no stated category, is left out)."""
    assert alternatives("top", type="open") == ["mid", "twin", "low"]
    assert alternatives("mid", type="open") == ["low"]
    # among commercial models alone, dominated (84@7) is on the frontier
    assert alternatives("top", type="commercial") == ["dominated", "free"]


def test_cost_alternatives_respect_hidden_organisations():
    """What the server hides is never offered; the frontier is drawn without it (so
    dominated, beaten only by the hidden mid and twin, joins it)."""
    assert alternatives("top", Scope.of(orgs=["b", "C"])) == ["dominated", "low", "nocat"]


def test_cost_savings_are_against_the_asked_model():
    """Each alternative's saving is the asked model's monthly cost less its own."""
    result = cost(COST, CostRequest(model="top", tokens="10M"))
    assert result.model.monthly_cost == pytest.approx(160.0)
    assert [(a.monthly_cost, a.saving) for a in result.alternatives] == [
        (pytest.approx(60.0), pytest.approx(100.0)), (pytest.approx(60.0), pytest.approx(100.0)),
        (pytest.approx(10.0), pytest.approx(150.0))]


def test_the_alternatives_price_board_is_named_among_the_sources():
    """The cheaper model's price comes from a price-tier board: the answer names it."""
    tier = "### 输出价格1元以下\n|排名|大模型|输出价格|总分|\n|-|-|-|-|\n|1|alt|0.5元|88|\n"
    cat = catalog("|1|winner|A|5元|90|商用|90|80|\n|2|alt|B|1元|88|商用|88|80|", extra=(tier,))
    result = best(cat, BestRequest(domain="医疗", top=1))
    assert result.cheaper is not None and result.cheaper.price == 0.5
    assert result.source.boards == ["规则测试榜", "输出价格1元以下"]
