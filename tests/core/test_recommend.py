"""/recommend: weighted scores over several domains; the weights grammar."""

from __future__ import annotations

import pytest

from bot.core.amounts import format_weights, parse_weights
from bot.core.board import parse_boards
from bot.core.catalog import Catalog, load_catalog
from bot.core.errors import InvalidOption, NoMatch, UnknownDomain
from bot.core.queries import recommend
from bot.core.requests import RecommendRequest
from bot.core.scope import Scope
from tests.paths import SEED_DIR


@pytest.fixture(scope="module")
def seed() -> Catalog:
    return load_catalog(SEED_DIR)


@pytest.mark.parametrize("text", ["医疗=2 法律=1", "medical:2, law:1", "医疗：2，法律：1",
                                  "health=2;legal=1", " 医疗 = 2 , law=1 "])
def test_weights_in_every_accepted_form(seed, text):
    """Chinese or English names, = or :, commas, semicolons or spaces."""
    assert parse_weights(text, seed.domains) == {"医疗": 2.0, "法律": 1.0}


def test_a_bare_domain_weighs_one(seed):
    """``math`` alone means math=1."""
    assert parse_weights("math 医疗=3", seed.domains) == {"推理与数学计算": 1.0, "医疗": 3.0}


@pytest.mark.parametrize("text,reason", [
    ("医疗=x", "weights"), ("医疗=0", "weight_range"), ("医疗=-1", "weight_range"),
    ("医疗=1000", "weight_range"), ("医疗=nan", "weight_range"), ("", "weights"),
    ("医疗=1 medical=2", "weighted_twice"),
])
def test_bad_weights_say_what_is_accepted(seed, text, reason):
    """Malformed weights raise InvalidOption with a reason the message explains."""
    with pytest.raises(InvalidOption) as caught:
        parse_weights(text, seed.domains)
    assert caught.value.params["reason"] == reason


def test_an_unknown_domain_in_weights_is_named(seed):
    """``cooking=2`` is an unknown domain with suggestions, not a silent zero."""
    with pytest.raises(UnknownDomain):
        parse_weights("cooking=2", seed.domains)


def test_format_weights_reads_back(seed):
    """The stored form of weights parses to the same weights."""
    weights = {"医疗": 2.0, "法律": 1.5}
    assert parse_weights(format_weights(weights), seed.domains) == weights


def test_weighted_winner_and_contributions(seed):
    """医疗=2 法律=1 within 10元: qwq-32b (77.2*2+62.8)/3 = 72.4, contributions add up."""
    result = recommend(seed, RecommendRequest(weights="医疗=2 法律=1", budget=10))
    top = result.results[0]
    assert top.name == "qwq-32b"
    assert top.score == pytest.approx((77.2 * 2 + 62.8) / 3, abs=1e-3)
    assert top.contributions["医疗"] == pytest.approx(77.2 * 2 / 3)
    assert sum(top.contributions.values()) == pytest.approx(top.score, abs=1e-3)
    assert [i.name for i in result.results] == ["qwq-32b", "qwq-32b-preview",
                                                "qwen2.5-32b-instruct"]
    assert all(i.price <= 10 for i in result.results)


def test_models_missing_a_weighted_domain_are_skipped_and_counted():
    """A model without a 法律 score is left out and counted, never scored as zero."""
    board = ("### t\n|排名|大模型|机构|输出价格|总分| |医疗|法律|\n|-|-|-|-|-| |-|-|\n"
             "|1|a|x|1元|90| |90|-|\n|2|b|x|1元|80| |70|70|\n")
    result = recommend(Catalog(parse_boards(board, "t.md")),
                       RecommendRequest(weights="医疗=1 法律=1"))
    assert [i.name for i in result.results] == ["b"]
    assert result.skipped == 1


def test_hidden_organisations_leave_the_ranking(seed):
    """A scope hiding 阿里巴巴 removes the qwq and qwen models."""
    result = recommend(seed, RecommendRequest(weights="医疗=2 法律=1", top=25),
                       Scope.of(orgs=["阿里巴巴"]))
    assert not [i for i in result.results if i.org == "阿里巴巴"]


def test_no_weights_at_all_is_a_clear_error(seed):
    """Without weights (and no server default) the user is told the form."""
    with pytest.raises(InvalidOption):
        recommend(seed, RecommendRequest())


def test_budget_below_everything(seed):
    """A budget nothing meets names the cheapest model."""
    with pytest.raises(NoMatch):
        recommend(seed, RecommendRequest(weights="医疗", budget=0.5))


def test_budget_below_everything_names_the_weighted_domain():
    """/recommend coding budget:10 says no coding model is that cheap, not no Overall model."""
    board = ("### t\n|排名|大模型|机构|输出价格|总分| |coding|\n|-|-|-|-|-| |-|\n"
             "|1|a|x|36元|90| |73.3|\n|2|b|x|31.5元|80| |57.6|\n")
    with pytest.raises(NoMatch) as raised:
        recommend(Catalog(parse_boards(board, "t.md")), RecommendRequest(weights="coding",
                                                                          budget=10))
    assert raised.value.params["domain"] == "coding"
    assert raised.value.suggestions == ["b"]


@pytest.mark.parametrize(("text", "weights"), [
    ("mental health:3", {"心理健康": 3.0}),
    ("mental health 医疗=2", {"心理健康": 1.0, "医疗": 2.0}),
    ("reasoning & math:2 law", {"推理与数学计算": 2.0, "法律": 1.0}),
])
def test_domain_names_of_several_words(text, weights):
    """An English domain name with spaces stays one name, found longest first."""
    from bot.core.domains import DomainIndex

    index = DomainIndex(["医疗", "心理健康", "法律", "推理与数学计算"])
    assert parse_weights(text, index) == weights


@pytest.mark.parametrize(("text", "params"), [
    ("", {"option": "weights", "value": "", "reason": "weights"}),
    (" , ; ", {"option": "weights", "value": " , ; ", "reason": "weights"}),
    ("医疗=x", {"option": "weights", "value": "医疗=x", "reason": "weights"}),
    ("医疗=0", {"option": "weights", "value": "医疗=0", "reason": "weight_range", "high": 100.0}),
    ("医疗=100.5", {"option": "weights", "value": "医疗=100.5", "reason": "weight_range",
                   "high": 100.0}),
    ("医疗=inf", {"option": "weights", "value": "医疗=inf", "reason": "weight_range",
                 "high": 100.0}),
    ("医疗=1 health=2", {"option": "weights", "value": "health=2", "reason": "weighted_twice",
                        "domain": "医疗", "first": "医疗=1"}),
])
def test_each_weights_mistake_says_which_item_and_why(seed, text, params):
    with pytest.raises(InvalidOption) as caught:
        parse_weights(text, seed.domains)
    assert caught.value.params == params


def test_weights_from_0_to_100():
    """A weight just above 0 and exactly 100 are accepted."""
    from bot.core.domains import DomainIndex

    index = DomainIndex(["医疗", "法律"])
    assert parse_weights("医疗=100 法律=0.01", index) == {"医疗": 100.0, "法律": 0.01}
    assert parse_weights("医疗 = 2 ， 法律 ： 3", index) == {"医疗": 2.0, "法律": 3.0}
    assert format_weights({"医疗": 2.0, "法律": 0.5}) == "医疗=2 法律=0.5"
