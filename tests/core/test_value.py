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


def test_unpriced_models_are_listed_apart_and_free_is_best_value():
    """Unknown prices never join the frontier; a free model is the best value."""
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
    assert names(result.frontier) == ["free", "twin-a", "twin-b", "pricey"]
    assert result.best_value.name == "free"
    assert result.frontier[0].score_per_yuan is None


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
