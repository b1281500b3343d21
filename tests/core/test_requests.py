"""Options validated into requests, and the one InvalidOption each mistake becomes: which
option, what was given, why (the reason the message explains) and the bounds it must keep."""

from __future__ import annotations

import pytest

from bot.core.commands import build_request, parse_command_line, request_class
from bot.core.errors import InvalidOption
from bot.core.requests import (
    BestRequest,
    CostRequest,
    RecommendRequest,
    clean_text,
    parse_budget,
    parse_kind,
)


def refused(command: str, options: dict) -> dict:
    with pytest.raises(InvalidOption) as caught:
        build_request(command, options)
    assert caught.value.kind == "invalid_option"
    return caught.value.params


@pytest.mark.parametrize(("command", "options", "params"), [
    ("best", {"budget": "abc"}, {"option": "budget", "value": "abc", "reason": "number"}),
    ("best", {"budget": "-1"}, {"option": "budget", "value": "-1", "reason": "number"}),
    ("best", {"budget": "nan"}, {"option": "budget", "value": "nan", "reason": "number"}),
    ("best", {"budget": True}, {"option": "budget", "value": "True", "reason": "number"}),
    ("best", {"budget": [5]}, {"option": "budget", "value": "[5]", "reason": "number"}),
    ("best", {"budget": "1000000.01"}, {"option": "budget", "value": "1000000.01",
                                        "reason": "range", "low": 0, "high": 1_000_000}),
    ("best", {"budget": 1_000_001}, {"option": "budget", "value": "1000001", "reason": "range",
                                     "low": 0, "high": 1_000_000}),
    ("best", {"top": "0"}, {"option": "top", "value": "0", "reason": "range", "low": 1,
                            "high": 25}),
    ("best", {"top": "26"}, {"option": "top", "value": "26", "reason": "range", "low": 1,
                             "high": 25}),
    ("best", {"top": "x"}, {"option": "top", "value": "x", "reason": "integer", "low": 1,
                            "high": 25}),
    ("best", {"domain": "x" * 201}, {"option": "domain", "value": "x" * 80,
                                     "reason": "too_long"}),
    ("best", {"domain": " \t "}, {"option": "domain", "value": "", "reason": "empty"}),
    ("best", {"domain": 5}, {"option": "domain", "value": "5", "reason": "invalid"}),
    ("best", {"type": "weird"}, {"option": "type", "value": "weird", "reason": "kind"}),
    ("best", {"colour": "red"}, {"option": "colour", "value": "red",
                                 "reason": "unknown_option"}),
    ("leaderboard", {"per_page": "26"}, {"option": "per_page", "value": "26",
                                         "reason": "range", "low": 1, "high": 25}),
    ("leaderboard", {"page": "0"}, {"option": "page", "value": "0", "reason": "range",
                                    "low": 1, "high": 10_000}),
    ("recommend", {"top": "26"}, {"option": "top", "value": "26", "reason": "range", "low": 1,
                                  "high": 25}),
    ("cost", {"model": "a", "tokens": "1M", "period": "fortnight"},
     {"option": "period", "value": "fortnight", "reason": "period"}),
    ("compare", {"model_a": "a"}, {"option": "model_b", "value": "", "reason": "missing"}),
])
def test_each_mistake_names_its_option_and_reason(command, options, params):
    """The message is built from these: the option, what was typed, why, and the bounds."""
    assert refused(command, options) == {**params, "command": command, "limit": 200}


@pytest.mark.parametrize(("budget", "value"), [
    ("0", 0.0), ("1000000", 1_000_000.0), ("5元", 5.0), ("￥3", 3.0), ("¥ 2.5 元", 2.5),
    ("4 RMB", 4.0), ("1e2", 100.0), ("+7", 7.0), (3, 3.0), (2.5, 2.5), ("", None), ("  ", None),
    (None, None),
])
def test_budgets_as_people_write_them(budget, value):
    """Both ends of the range are budgets; currency marks and exponents are read."""
    assert parse_budget(budget) == value


def test_a_budget_over_the_most_is_a_range_error_with_both_bounds():
    """pydantic names only the bound crossed; the error names both."""
    from pydantic_core import PydanticCustomError

    with pytest.raises(PydanticCustomError) as caught:
        parse_budget(1_000_000.5)
    assert caught.value.type == "less_than_equal"
    assert caught.value.context == {"ge": 0, "le": 1_000_000}


@pytest.mark.parametrize(("text", "kind"), [
    ("open", "open"), ("Open Source", "open"), ("open_source", "open"), ("OSS", "open"),
    ("开源", "open"), ("commercial", "commercial"), ("closed", "commercial"),
    ("proprietary", "commercial"), ("商用", "commercial"), ("商业", "commercial"),
    ("闭源", "commercial"), ("any", None), ("ALL", None), ("全部", None), ("不限", None),
    ("", None), ("  ", None), (None, None),
])
def test_type_words(text, kind):
    """Every word for open or commercial; any/all for no filter; nothing for no filter."""
    assert parse_kind(text) == kind
    assert BestRequest(type=text).type == kind


def test_clean_text_folds_full_width_and_drops_what_hides_text():
    """NFKC folds full-width letters; controls separate words; bidi marks and zero-width
    spaces go; runs of spaces fold."""
    assert clean_text("ｑｗｑ－３２ｂ") == "qwq-32b"
    assert clean_text("a\tb\nc\x00d") == "a b c d"
    assert clean_text("ab\u200bc\u202e\ufeffd") == "abcd"
    assert clean_text("  a   b  ") == "a b"


def test_requests_hold_cleaned_text_and_defaults():
    request = RecommendRequest(weights="医疗=2", org="  ｍｅｔａ ")
    assert (request.org, request.top, request.budget, request.type) == ("meta", 3, None, None)
    assert RecommendRequest(org="   ").org is None
    assert CostRequest(model="x", tokens="1M").period == "month"


# -- command lines ----------------------------------------------------------------------------


@pytest.mark.parametrize(("line", "params"), [
    ("", {"option": "command", "value": "", "reason": "empty"}),
    ("  \t ", {"option": "command", "value": "", "reason": "empty"}),
    ('/best "abc', {"option": "command", "value": '/best "abc', "reason": "quotes"}),
    ("/best 医疗 5 6", {"option": "command", "value": "6", "reason": "too_many",
                        "command": "best", "limit": 2}),
    ("/compare a b c d e f", {"option": "command", "value": "e f",
                              "reason": "too_many_names", "command": "compare", "limit": 4}),
    ("/best budget:5 budget:6", {"option": "budget", "value": "6", "reason": "duplicate"}),
    ("/best color:red", {"option": "color", "value": "red", "reason": "unknown_option",
                         "command": "best", "options": "domain, budget, top, org, type, release"}),
])
def test_command_line_mistakes(line, params):
    with pytest.raises(InvalidOption) as caught:
        parse_command_line(line)
    assert caught.value.params == params


def test_a_line_of_2000_characters_is_read_and_one_more_is_refused():
    """The longest line read is 2,000 characters; past it the error quotes the first 40."""
    longest = "/model " + "x" * 1993
    assert parse_command_line(longest) == ("model", {"name": "x" * 1993})
    with pytest.raises(InvalidOption) as caught:
        parse_command_line(longest + "y")
    assert caught.value.params == {"option": "command", "value": longest[:40] + "…",
                                   "reason": "too_long", "limit": 2000}


def test_an_unknown_command_lists_the_commands_and_suggests_the_nearest():
    """/bset: the commands are listed and /best suggested; nothing is suggested for gibberish,
    and at most two for a name near several."""
    with pytest.raises(InvalidOption) as caught:
        parse_command_line("/bset 医疗")
    assert caught.value.params == {
        "option": "command", "value": "/bset", "reason": "unknown_command",
        "commands": "/best, /compare, /model, /leaderboard, /value, /recommend, /cost, "
                    "/domains, /about, /history, /changes"}
    assert caught.value.suggestions == ["/best"]
    with pytest.raises(InvalidOption) as caught:
        request_class("zzzzqqq")
    assert caught.value.suggestions == []
    with pytest.raises(InvalidOption) as caught:
        request_class("/" + "q" * 60)
    assert caught.value.params["value"] == "/" + "q" * 49


@pytest.mark.parametrize(("name", "command"), [
    ("best", "best"), ("/best", "best"), (" /BEST ", "best"), ("/最佳", "best"),
    ("对比", "compare"), ("/成本", "cost"), ("领域", "domains"), ("/关于", "about"),
])
def test_command_names_in_english_and_chinese(name, command):
    assert request_class(name).command == command


def test_option_names_in_chinese_and_spaced_values():
    """预算:5 as Discord shows it to Chinese users; ``budget 5`` as people type it; option
    names in any case, with - for _."""
    assert parse_command_line("/最佳 医疗 预算:5") == ("best", {"domain": "医疗", "budget": "5"})
    assert parse_command_line("/best 医疗 budget 5") == ("best",
                                                          {"domain": "医疗", "budget": "5"})
    assert parse_command_line("/leaderboard PER-PAGE:3 医疗")[1] == {"per_page": "3",
                                                                      "domain": "医疗"}


def test_an_option_value_may_hold_a_colon_and_a_quoted_phrase_is_a_value():
    """name:qwen2.5:72b names qwen2.5:72b; " top:5" quoted with its space is the domain typed,
    not the option top."""
    assert parse_command_line("/model name:qwen2.5:72b") == ("model", {"name": "qwen2.5:72b"})
    assert parse_command_line('/best " top:5"') == ("best", {"domain": " top:5"})


def test_too_many_values_quote_the_first_80_characters_of_the_rest():
    line = "/best 医疗 5 " + "y" * 100
    with pytest.raises(InvalidOption) as caught:
        parse_command_line(line)
    assert caught.value.params["value"] == "y" * 80


def test_the_smallest_budget_shown_is_accepted():
    """0.001元 is the smallest budget that reads as more than 0元: it is a budget, not too
    small (only what lies strictly between 0 and it is refused)."""
    assert parse_budget("0.001") == 0.001
    assert refused("best", {"budget": "0.0009"})["reason"] == "too_small"


@pytest.mark.parametrize("budget", ["-0", "-0.0", -0.0])
def test_a_budget_of_minus_zero_is_zero(budget):
    """-0 is 0, and is shown as 0 (never as "-0.0元")."""
    value = parse_budget(budget)
    assert value == 0.0
    assert str(value) == "0.0"
