"""/value: the Pareto frontier of score against price, computed by hand from the seed board."""

from __future__ import annotations

import pytest

from bot.core.board import parse_boards
from bot.core.catalog import Catalog, load_catalog
from bot.core.errors import NoMatch
from bot.core.queries import value
from bot.core.requests import ValueRequest
from tests.paths import SEED_DIR


@pytest.fixture(scope="module")
def seed() -> Catalog:
    return load_catalog(SEED_DIR)


def names(items):
    return [item.name for item in items]


def test_total_frontier_on_the_seed_board(seed):
    """By total: Mistral 61.8@1.02 < Distill-Qwen 77.1@1.26 < qwq 83.9@6 < R1 86.9@16."""
    result = value(seed, ValueRequest())
    assert names(result.frontier) == [
        "Mistral-Small-24B-Instruct-2501", "DeepSeek-R1-Distill-Qwen-32B", "qwq-32b",
        "DeepSeek-R1",
    ]
    assert len(result.frontier) + len(result.others) == 16
    assert result.unpriced == []
    # every model off the frontier is beaten on both counts by one on it
    for other in result.others:
        assert any(f.price <= other.price and f.score >= other.score for f in result.frontier)


def test_medical_frontier_within_a_budget(seed):
    """医疗 within 5元: Mistral 46.9@1.02, Distill-Qwen 70.4@1.26; nothing over 5元 appears."""
    result = value(seed, ValueRequest(domain="medical", budget=5))
    assert result.domain == "医疗"
    assert names(result.frontier) == ["Mistral-Small-24B-Instruct-2501",
                                      "DeepSeek-R1-Distill-Qwen-32B"]
    assert all(item.price <= 5 for item in result.frontier + result.others)
    assert result.best_value.name == "DeepSeek-R1-Distill-Qwen-32B"
    assert result.best_value.score_per_yuan == pytest.approx(70.4 / 1.26)


def test_unpriced_and_free_models_are_listed_apart_and_the_best_value_is_paid():
    """Unknown prices never join the frontier; nor do free ones (no score per 元 at 0元):
    they are listed apart and the best value is the paid model with the most score per 元."""
    board = (
        "### t\n|排名|大模型|机构|输出价格|总分| |医疗|\n|-|-|-|-|-| |-|\n"
        "|1|top|a|/|95| |90|\n"
        "|2|pricey|a|10元|90| |85|\n"
        "|3|free|b|0元|60| |55|\n"
        "|4|twin-a|c|2元|70| |65|\n"
        "|5|twin-b|c|2元|70| |65|\n"
    )
    result = value(Catalog(parse_boards(board, "t.md")), ValueRequest())
    assert names(result.unpriced) == ["top"]
    assert names(result.frontier) == ["twin-a", "twin-b", "pricey"]
    assert names(result.free) == ["free"]
    assert result.best_value.name == "twin-a"
    assert result.free[0].score_per_yuan is None


def test_a_budget_below_every_price_names_the_cheapest(seed):
    """Nothing within 0.5元: no_match naming the cheapest model."""
    with pytest.raises(NoMatch) as caught:
        value(seed, ValueRequest(budget=0.5))
    assert caught.value.params["cheapest"] == "Mistral-Small-24B-Instruct-2501"


def test_a_budget_leaves_unknown_prices_out():
    """Models with unknown price are left out when a budget is given (never taken for free)."""
    board = ("### t\n|排名|大模型|机构|输出价格|总分| |医疗|\n|-|-|-|-|-| |-|\n"
             "|1|top|a|/|95| |90|\n|2|cheap|b|1元|60| |55|\n")
    catalog = Catalog(parse_boards(board, "t.md"))
    assert names(value(catalog, ValueRequest()).unpriced) == ["top"]
    assert value(catalog, ValueRequest(budget=5)).unpriced == []


# -- the frontier at its boundaries -----------------------------------------------------------


def _value(rows: str, **options):
    from tests.core.boards import catalog

    return value(catalog(rows), ValueRequest(domain="医疗", **options))


def test_same_score_at_a_higher_price_is_dominated():
    """pricier scores what cheap does for more money: off the frontier, among the rest."""
    result = _value("|1|cheap|A|2元|80|商用|80|70|\n|2|pricier|B|3元|80|商用|80|70|")
    assert names(result.frontier) == ["cheap"]
    assert names(result.others) == ["pricier"]


def test_same_price_with_a_lower_score_is_dominated():
    """worse costs what better does and scores less: off the frontier."""
    result = _value("|1|better|A|2元|80|商用|80|70|\n|2|worse|B|2元|79.9|商用|79.9|70|")
    assert names(result.frontier) == ["better"]
    assert names(result.others) == ["worse"]


def test_an_exact_tie_in_price_and_score_keeps_both_in_board_order():
    """Two models at the same price and score are both on the frontier, the better board rank
    first; the next model up must score more than both."""
    result = _value("""
        |2|tie-b|B|2元|80|商用|80|70|
        |1|tie-a|A|2元|80|商用|80|70|
        |3|up|C|3元|80.1|商用|80.1|70|
        |4|flat|D|4元|80.1|商用|80.1|70|
    """)
    assert names(result.frontier) == ["tie-a", "tie-b", "up"]
    assert names(result.others) == ["flat"]


def test_cheaper_and_worse_stays_on_the_frontier():
    """A cheaper model that scores less is not beaten on both counts: it stays on."""
    result = _value("|1|dear|A|9元|90|商用|90|70|\n|2|cheap|B|1元|60|商用|60|70|")
    assert names(result.frontier) == ["cheap", "dear"]
    assert result.others == []


def test_a_free_model_is_listed_apart_from_the_paid_frontier():
    """Free at 50 and paid at 90: the paid one on the frontier, the free one apart."""
    result = _value("|1|paid|A|1元|90|商用|90|70|\n|2|free|B|0元|50|商用|50|70|")
    assert names(result.frontier) == ["paid"]
    assert names(result.free) == ["free"]


def test_best_value_is_the_most_score_per_yuan_not_the_best_score():
    """good-deal: 60 points at 1元 (60 a 元) beats top: 90 points at 10元 (9 a 元)."""
    result = _value("|1|top|A|10元|90|商用|90|70|\n|2|good-deal|B|1元|60|商用|60|70|")
    assert result.best_value.name == "good-deal"
    assert result.best_value.score_per_yuan == pytest.approx(60.0)
    assert [i.score_per_yuan for i in result.frontier] == [pytest.approx(60.0),
                                                           pytest.approx(9.0)]


def test_best_value_is_the_most_score_per_yuan_not_the_cheapest():
    """cheapest: 10 points at 0.5元 (20 a 元) loses to mid: 60 at 1元 (60 a 元)."""
    result = _value("""
        |1|top|A|10元|90|商用|90|70|
        |2|mid|B|1元|60|商用|60|70|
        |3|cheapest|C|0.5元|10|商用|10|70|
    """)
    assert names(result.frontier) == ["cheapest", "mid", "top"]
    assert result.best_value.name == "mid"


def test_a_free_model_is_never_the_best_value():
    """Score per 元 is undefined at 0元: free is a price, not a win. The best value is the paid
    model with the most score per 元 (60 at 0.1元, 600 a 元), even beside a free one."""
    result = _value("""
        |1|top|A|10元|90|商用|90|70|
        |2|good-deal|B|0.1元|60|商用|60|70|
        |3|free|C|0元|10|商用|10|70|
    """)
    assert result.best_value.name == "good-deal"
    assert result.best_value.score_per_yuan == pytest.approx(600.0)
    assert names(result.free) == ["free"]


def test_best_value_comes_from_the_frontier_within_the_budget():
    """top (9 a 元) is the best value until a budget of 5元 leaves it out: then mid."""
    rows = "|1|top|A|10元|90|商用|90|70|\n|2|mid|B|5元|20|商用|20|70|"
    assert _value(rows).best_value.name == "top"
    within = _value(rows, budget=5)
    assert names(within.frontier) == ["mid"]
    assert within.best_value.name == "mid"


def test_an_unpriced_model_is_never_the_best_value():
    """Without a budget the unpriced model is listed apart; the best value is a priced one."""
    result = _value("|1|unknown|A|/|99|商用|99|70|\n|2|paid|B|5元|20|商用|20|70|")
    assert names(result.unpriced) == ["unknown"]
    assert result.best_value.name == "paid"


def test_no_priced_model_no_best_value():
    """Only unknown prices: no frontier and no best value."""
    result = _value("|1|unknown|A|/|99|商用|99|70|")
    assert result.frontier == [] and result.best_value is None
