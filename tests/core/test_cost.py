"""/cost: the monthly output-token bill and the cheaper best-value alternatives."""

from __future__ import annotations

import pytest

from bot.core.amounts import parse_tokens
from bot.core.catalog import load_catalog
from bot.core.errors import InvalidOption, UnknownModel
from bot.core.queries import cost
from bot.core.requests import CostRequest
from tests.paths import SEED_DIR


@pytest.fixture(scope="module")
def seed():
    return load_catalog(SEED_DIR)


@pytest.mark.parametrize("text,tokens", [
    ("50M", 50e6), ("2.5亿", 2.5e8), ("3000万", 3e7), ("1.2B", 1.2e9), ("500k", 5e5),
    ("1e9", 1e9), ("1200000", 1.2e6), ("50 million", 5e7), ("1,000,000", 1e6), (7, 7.0),
])
def test_token_volumes_as_people_write_them(text, tokens):
    """Latin and Chinese units, plain numbers, separators."""
    assert parse_tokens(text) == pytest.approx(tokens)


@pytest.mark.parametrize("text", ["lots", "-5M", "0", "nan", "1e30", "", "5X"])
def test_bad_volumes_are_refused(text):
    """Anything that is not a positive, finite, sane volume is an InvalidOption."""
    with pytest.raises(InvalidOption):
        parse_tokens(text)


def test_monthly_cost_and_alternatives(seed):
    """qwq-32b at 6元/M for 50M tokens a month: 300元; cheaper frontier models save money."""
    result = cost(seed, CostRequest(model="qwq-32b", tokens="50M"))
    assert result.model.monthly_cost == pytest.approx(300.0)
    names = [a.name for a in result.alternatives]
    assert names == ["DeepSeek-R1-Distill-Qwen-32B", "Mistral-Small-24B-Instruct-2501"]
    first = result.alternatives[0]
    assert first.monthly_cost == pytest.approx(1.26 * 50)
    assert first.saving == pytest.approx(300 - 63)


@pytest.mark.parametrize("period,factor", [("day", 365 / 12), ("week", 365 / 12 / 7),
                                           ("month", 1), ("year", 1 / 12), ("天", 365 / 12)])
def test_periods_scale_to_a_month(seed, period, factor):
    """A daily volume costs about 30.4 times as much a month."""
    result = cost(seed, CostRequest(model="qwq-32b", tokens="1M", period=period))
    assert result.monthly_tokens == pytest.approx(1e6 * factor)


def test_the_most_expensive_model_gets_every_frontier_alternative(seed):
    """DeepSeek-R1 (16元) is on the frontier itself; the three best cheaper ones are offered."""
    result = cost(seed, CostRequest(model="deepseek r1", tokens="2.5亿", period="day"))
    assert [a.name for a in result.alternatives] == [
        "qwq-32b", "DeepSeek-R1-Distill-Qwen-32B", "Mistral-Small-24B-Instruct-2501"]


def test_unknown_model_and_period(seed):
    """An unknown model or period is a user error."""
    with pytest.raises(UnknownModel):
        cost(seed, CostRequest(model="gpt-4o", tokens="1M"))
    with pytest.raises(ValueError):
        CostRequest(model="qwq-32b", tokens="1M", period="fortnight")


def test_a_spaced_m_is_not_a_month():
    """``50 M`` must not read as 50 tokens a month: "m" is no period."""
    with pytest.raises(ValueError):
        CostRequest(model="qwq-32b", tokens="50", period="M")


@pytest.mark.parametrize("unit,factor", [
    ("", 1), ("k", 1e3), ("K", 1e3), ("千", 1e3), ("thousand", 1e3), ("万", 1e4),
    ("m", 1e6), ("M", 1e6), ("百万", 1e6), ("million", 1e6), ("千万", 1e7), ("亿", 1e8),
    ("b", 1e9), ("B", 1e9), ("十亿", 1e9), ("billion", 1e9), ("t", 1e12), ("T", 1e12),
    ("trillion", 1e12), ("Million", 1e6),
])
def test_every_token_unit_is_worth_exactly_its_power_of_ten(unit, factor):
    """3 of each unit, and the same with a space and a ``tokens`` word after it."""
    assert parse_tokens(f"3{unit}") == 3 * factor
    assert parse_tokens(f"3 {unit} tokens") == 3 * factor
    assert parse_tokens(f"0.5{unit}tok") == 0.5 * factor


@pytest.mark.parametrize("text,tokens", [
    ("1.5亿", 1.5e8), ("2千万", 2e7), ("3十亿", 3e9), ("2T", 2e12), ("4百万", 4e6),
    (".5M", 5e5), ("1_000", 1e3), ("12 345", 12345.0), (2.5, 2.5),
])
def test_token_volumes_with_fractions_and_separators(text, tokens):
    """Fractions of a unit and digit separators; a number passed as a number is taken as is."""
    assert parse_tokens(text) == tokens


@pytest.mark.parametrize("text", [True, False, "1e16", 1e16, "3亿亿", "M", "5 apples", "-1"])
def test_volumes_that_are_no_volume(text):
    """A boolean, more than a quadrillion tokens, a unit alone or twice: refused."""
    with pytest.raises(InvalidOption) as caught:
        parse_tokens(text)
    assert caught.value.params["option"] == "tokens"
    assert caught.value.params["reason"] == "tokens"


def test_a_quadrillion_tokens_is_the_most_accepted():
    """1e15 is accepted; anything more is not a volume anyone budgets."""
    assert parse_tokens("1000T") == 1e15
    with pytest.raises(InvalidOption):
        parse_tokens("1000.1T")


@pytest.mark.parametrize("period,factor", [
    ("day", 365 / 12), ("week", 365 / 12 / 7), ("month", 1.0), ("year", 1 / 12),
])
def test_the_monthly_bill_is_price_times_monthly_tokens(seed, period, factor):
    """qwq-32b at 6元 per million: 2M tokens a period cost 6 x 2 x (periods a month) 元."""
    result = cost(seed, CostRequest(model="qwq-32b", tokens="2M", period=period))
    assert result.tokens == 2e6
    assert result.period == period
    assert result.monthly_tokens == pytest.approx(2e6 * factor)
    assert result.model.monthly_cost == pytest.approx(6 * 2 * factor)
    assert result.model.price == 6.0
    for alternative in result.alternatives:
        assert alternative.monthly_cost == pytest.approx(alternative.price * 2 * factor)
        assert alternative.saving == pytest.approx(6 * 2 * factor - alternative.monthly_cost)


@pytest.mark.parametrize("word,period", [
    ("daily", "day"), ("d", "day"), ("日", "day"), ("每天", "day"), ("weekly", "week"),
    ("w", "week"), ("周", "week"), ("每周", "week"), ("星期", "week"), ("monthly", "month"),
    ("mo", "month"), ("月", "month"), ("每月", "month"), ("yearly", "year"), ("annual", "year"),
    ("y", "year"), ("年", "year"), ("每年", "year"), ("DAY", "day"), (" Week ", "week"),
])
def test_period_words(word, period):
    """Every spelling of a period, in any case, names it."""
    assert CostRequest(model="x", tokens="1", period=word).period == period


def test_cost_names_the_board_its_price_comes_from(seed):
    """The cost line of a model carries the board its price comes from, and its release."""
    result = cost(seed, CostRequest(model="qwq-32b", tokens="1M"))
    assert result.model.board == "（3）20B以上开源大模型排行榜"
    assert result.source.boards == ["（3）20B以上开源大模型排行榜"]
    assert result.model.rank == 2 and result.model.total == 83.9


@pytest.mark.parametrize(("text", "value"), [
    (True, "True"), ("lots", "lots"), ("x" * 50, "x" * 40), ("0", "0"), ("-5M", "-5M"),
    (0, "0"), (float("inf"), "inf"), ("1001T", "1001T"), ("nan", "nan"),
])
def test_a_refused_volume_quotes_at_most_40_characters(text, value):
    with pytest.raises(InvalidOption) as caught:
        parse_tokens(text)
    assert caught.value.params == {"option": "tokens", "value": value, "reason": "tokens"}


@pytest.mark.parametrize(("text", "tokens"), [
    ("0.5", 0.5), (".5", 0.5), ("1", 1.0), ("1_000_000", 1e6), ("1 000 000", 1e6),
    ("1,5M", 15e6), ("2e3", 2e3), ("1e15", 1e15),
])
def test_volumes_below_one_and_with_separators(text, tokens):
    """Any positive volume; commas, underscores and spaces separate digits."""
    assert parse_tokens(text) == tokens


def test_a_huge_volume_quotes_its_first_40_characters():
    with pytest.raises(InvalidOption) as caught:
        parse_tokens("9" * 50)
    assert caught.value.params["value"] == "9" * 40
