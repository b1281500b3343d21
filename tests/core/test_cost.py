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
    assert result.output_only
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
