"""Messages built from values: the language a locale picks, plurals, prices, the cheaper
line of /best, filter lines, lists with "+N more", the data line, measured figures and the
wording of user errors, each pinned at its boundary in both languages."""

from __future__ import annotations

import datetime as dt

import pytest

from bot import i18n
from bot.core.errors import AmbiguousModel, InvalidOption, NearModel, NoMatch, UnknownModel
from bot.core.results import SourceInfo
from bot.i18n import Money

USD = Money("USD", 7.2)


@pytest.mark.parametrize(("locale", "default", "lang"), [
    ("zh-CN", "en", "zh"), ("zh-TW", "en", "zh"), ("ZH", "en", "zh"),
    ("en-US", "zh", "en"), ("en-GB", "zh", "en"),
    ("fr", "en", "en"), ("fr", "zh", "zh"), (None, "zh", "zh"), ("", "zh", "zh"),
    (None, "en", "en"),
])
def test_a_locale_picks_its_language_and_anything_else_the_default(locale, default, lang):
    """Chinese and English locales of any region pick their catalogue; an unknown or missing
    locale gets the default asked for (a server's language), not English regardless."""
    assert i18n.to_lang(locale, default) == lang


@pytest.mark.parametrize(("count", "says"), [
    (0, "0 models passed the filters."), (1, "1 model passed the filters."),
    (2, "2 models passed the filters."),
])
def test_only_a_count_of_one_is_singular(count, says):
    assert i18n.t("en", "best.considered", count=count) == says


@pytest.mark.parametrize(("change", "says"), [
    (-2, "-2 places"), (-1, "-1 place"), (0, "+0 places"), (1, "+1 place"), (2, "+2 places")])
def test_a_move_of_one_place_either_way_is_singular(change, says):
    assert i18n.t("en", "history.places", change=change) == says


@pytest.mark.parametrize(("value", "en", "zh", "usd"), [
    (0, "free", "免费", "free"),
    (None, "n/a", "未知", "n/a"),
    (1.26, "1.26元", "1.26元", "$0.175"),
    (16, "16元", "16元", "$2.222"),
    (0.001, "0.001元", "0.001元", "$0"),
])
def test_prices_in_both_languages_and_currencies(value, en, zh, usd):
    """A price of 0 reads free and an unknown one says so, in either currency; a USD price is
    the 元 price over cny_per_usd, to three decimals."""
    assert i18n.price(value, "en") == en
    assert i18n.price(value, "zh") == zh
    assert i18n.price(value, "en", USD) == usd


def test_usd_prices_use_the_configured_rate():
    """cny_per_usd is the rate: 10元 is $2 at 5 and $1 at 10."""
    assert i18n.price(10, "en", Money("USD", 5)) == "$2"
    assert i18n.price(10, "en", Money("USD", 10)) == "$1"
    assert i18n.amount(5000, "en", Money("USD", 5)) == "$1,000"


@pytest.mark.parametrize(("value", "says"), [(4.1, "4.1×"), (4.149, "4.1×"), (10, "10.0×"),
                                             (None, "—")])
def test_a_price_ratio_has_one_decimal(value, says):
    assert i18n.ratio(value, "en") == says


def test_the_cheaper_line_says_how_many_times_cheaper_and_how_many_points_less():
    """The winner at 10元 scoring 80, a model at 2元 scoring 78.5: 1.5 points less, at the
    cheaper model's price, 5× cheaper (the winner's price over the cheaper one's)."""
    assert i18n.cheaper("en", "b", 80, 10, 78.5, 2) == (
        "Cheaper and close: b scores 78.5 (1.5 points less) at 2元, 5.0× cheaper.")
    assert i18n.cheaper("zh", "b", 80, 10, 78.5, 2) == (
        "更便宜且接近：b 得分 78.5（低 1.5 分），价格 2元，仅为其 1/5.0。")
    assert i18n.cheaper("en", "b", 80, 10, 78.5, 2, USD).endswith("at $0.278, 5.0× cheaper.")


@pytest.mark.parametrize(("price", "free"), [(0, True), (0.01, False), (0.5, False)])
def test_only_a_price_of_zero_makes_the_cheaper_model_free(price, free):
    line = i18n.cheaper("en", "b", 80, 10, 79, price)
    assert line.endswith("and is free.") is free
    assert ("× cheaper" in line) is not free


def test_the_filters_line_names_each_filter():
    """A budget is "≤" (the rule is "costs at most"), in 元 whatever the currency; a type by
    its name in the reader's language."""
    assert i18n.filters("en", 5, "阿里巴巴", "open") == (
        "Filters: budget ≤ 5元, org = 阿里巴巴, type = open-source")
    assert i18n.filters("zh", 0, None, "commercial") == "筛选：预算 ≤ 0元, 类别 = 商用"
    assert i18n.filters("en") is None


@pytest.mark.parametrize(("kind", "en", "zh"), [
    ("open", "open-source", "开源"), ("commercial", "commercial", "商用"), (None, "—", "—")])
def test_a_category_in_each_language(kind, en, zh):
    assert i18n.category(kind, "en") == en
    assert i18n.category(kind, "zh") == zh


@pytest.mark.parametrize(("count", "says"), [
    (2, "a, b"), (3, "a, b, c"), (4, "a, b, c +1 more"), (6, "a, b, c +3 more")])
def test_a_listing_shows_the_first_names_and_counts_the_rest(count, says):
    """Exactly ``limit`` names: all of them and no "+0 more"; one more: "+1 more"."""
    assert i18n.listing(list("abcdef")[:count], "en") == says


def test_a_chinese_listing_counts_the_rest_in_chinese():
    """"及另外 N 个" (N more besides these), never "等 N 个", which reads as N in all."""
    assert i18n.listing(list("abcd"), "zh") == "a, b, c 及另外 1 个"


@pytest.mark.parametrize(("version", "day", "says"), [
    ("v5.11.7", dt.date(2026, 9, 8), "CLiB v5.11.7 (2026-09-08)"),
    ("v5.11.7", None, "CLiB v5.11.7"),
    (None, dt.date(2026, 9, 8), "CLiB (release unknown)"),
])
def test_a_release_with_and_without_its_date(version, day, says):
    assert i18n.release(version, day, "en") == says


@pytest.mark.parametrize(("source", "says"), [
    (SourceInfo(release="v2", date=None, boards=["b1"], releases=["v2"]), "Data: CLiB v2 · b1"),
    (SourceInfo(release=None, date=None, boards=["b1"], releases=["v2", "v1"]),
     "Data: CLiB v2, v1 · b1"),
    (SourceInfo(release=None, date=None, boards=["b1"], releases=["v2"]),
     "Data: CLiB (release unknown) · b1"),
    (SourceInfo(release="v2", date=None, boards=[], releases=["v2"]), "Data: CLiB v2 · —"),
])
def test_the_data_line_names_the_release_or_releases_and_the_boards(source, says):
    """Several releases are listed when the figures come from more than one; no board -> a
    dash."""
    assert i18n.source_line(source, "en") == says


@pytest.mark.parametrize(("value", "unit", "says"), [
    (51.25, "latency", "51.2 s"), (2920, "tokens", "2,920"), (99.456, "cost_per_1000", "99.46元"),
    (None, "latency", "—"),
])
def test_measured_figures_carry_their_unit(value, unit, says):
    assert i18n.measure(value, unit, "en") == says


def test_applied_filters_read_in_the_readers_language():
    """A type filter is named (open-source / 开源), a Chinese list is separated by "，"."""
    applied = {"org": "阿里巴巴", "type": "open"}
    assert i18n.applied_filters(applied, "en") == " (org = 阿里巴巴, type = open-source)"
    assert i18n.applied_filters(applied, "zh") == "（机构 = 阿里巴巴，类别 = 开源）"
    assert i18n.applied_filters({}, "en") == ""


def test_no_match_on_a_budget_names_the_cheapest_model_at_its_price():
    error = NoMatch(reason="budget", domain="医疗", budget=1, cheapest="x", cheapest_price=1.5,
                    filters={})
    assert i18n.error_message(error, "en") == (
        "No model scored in Medical costs 1元 or less. The cheapest is x at 1.5元.")
    unpriced = NoMatch(reason="budget", domain="医疗", budget=1, cheapest=None, filters={})
    assert i18n.error_message(unpriced, "en") == (
        "No model scored in Medical has a known price within 1元.")


@pytest.mark.parametrize(("value", "key"), [("", "weights_missing"), ("  ", "weights_missing"),
                                            ("x", "weights")])
def test_weights_that_are_blank_say_what_to_give(value, key):
    error = InvalidOption(option="weights", value=value, reason="weights")
    assert i18n.error_message(error, "en") == i18n.t("en", f"invalid_option.{key}", value=value)


def test_one_close_model_is_asked_about_several_are_listed():
    """One suggestion: a question naming it and no list; several: the question "which one"
    and a Candidates line; an unknown model: "Did you mean"."""
    one = NearModel(query="qw", suggestions=["qwq-32b"])
    assert i18n.error_message(one, "en") == (
        "“qw” is not on the loaded boards as such. Did you mean qwq-32b?")
    assert i18n.suggestions_line(one, "en") is None
    two = AmbiguousModel(query="qw", suggestions=["a", "b"])
    assert i18n.error_message(two, "en") == "“qw” fits several models. Which one do you mean?"
    assert i18n.suggestions_line(two, "en") == "Candidates: a, b"
    unknown = UnknownModel(query="zz", suggestions=["a", "b"])
    assert i18n.suggestions_line(unknown, "en") == "Did you mean: a, b?"
    no_match = NoMatch(reason="org", org="x", domain="医疗", filters={}, suggestions=["a"])
    assert i18n.suggestions_line(no_match, "en") is None


def test_the_chinese_command_list_gives_both_names():
    assert i18n.command_list("zh").startswith("/最佳 (/best)、")
    assert i18n.command_list("en").startswith("/best, /compare, ")


@pytest.mark.parametrize(("lang", "says"), [
    ("en", "top must be between 1 and 25, not “99”."),
    ("zh", "数量必须在 1 到 25 之间，而不是“99”。"),
])
def test_an_option_is_named_in_the_readers_language(lang, says):
    """top is 数量 to a Chinese reader."""
    error = InvalidOption(option="top", value="99", reason="range", low=1, high=25)
    assert i18n.error_message(error, lang) == says
