"""Numbers as each language writes them: token counts grouped by 万/亿 in Chinese and by
k/M/B/T in English, each unit from exactly its own size; sums of money."""

from __future__ import annotations

import pytest

from bot import i18n
from bot.i18n import Money


@pytest.mark.parametrize(("value", "zh", "en"), [
    (9_999, "9999", "10k"),
    (100, "100", "100"),
    (5_000, "5000", "5k"),
    (10_000, "1万", "10k"),
    (99_999_999, "10000万", "100M"),
    (100_000_000, "1亿", "100M"),
    (150_000_000, "1.5亿", "150M"),
    (999, "999", "999"),
    (1_000, "1000", "1k"),
    (1_000_000, "100万", "1M"),
    (1_000_000_000, "10亿", "1B"),
    (1_000_000_000_000, "10000亿", "1T"),
    (0, "0", "0"),
])
def test_token_counts_take_a_unit_from_exactly_its_size(value, zh, en):
    """1万 is 10,000 tokens and 1亿 is 100,000,000: a count equal to a unit's size is written in
    that unit, one token fewer in the unit below."""
    assert i18n.tokens(value, "zh") == zh
    assert i18n.tokens(value, "en") == en


@pytest.mark.parametrize(("value", "cny", "usd"), [
    (999.994, "999.99元", "$138.89"),
    (1_000, "1,000元", "$138.89"),
    (1_234.5, "1,234.5元", "$171.46"),
    (2_212.5, "2,212.5元", "$307.29"),
    (1_234_567.891, "1,234,567.89元", "$171,467.76"),
    (0.5, "0.5元", "$0.07"),
    (None, "n/a", "n/a"),
])
def test_sums_of_money_keep_their_cents(value, cny, usd):
    """A monthly bill: two decimals without trailing zeros at any size (a saving of 2,212.5元
    once read 2,212元), in the currency shown (1,000元 is $138.89)."""
    assert i18n.amount(value, "en") == cny
    assert i18n.amount(value, "en", Money("USD", 7.2)) == usd


@pytest.mark.parametrize(("value", "digits", "text"), [
    (1000, 0, "1000"), (100, 3, "100"), (2.50, 3, "2.5"), (1.2649, 3, "1.265"), (0, 3, "0"),
    (-0.0001, 2, "0"), (None, 3, "—"),
])
def test_numbers_lose_trailing_zeros_of_decimals_only(value, digits, text):
    """1.50 is 1.5 but 1000 stays 1000 (it once read 1: /cost of 5000 tokens said 5)."""
    assert i18n.number(value, "en", digits) == text
