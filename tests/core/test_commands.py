"""Commands typed as in Discord: positional and name:value options, quotes, and bad input."""

from __future__ import annotations

import pytest

from bot.core.commands import build_request, parse_command_line
from bot.core.errors import InvalidOption
from bot.core.models import TOTAL
from bot.core.requests import BestRequest, CompareRequest, LeaderboardRequest, ModelRequest


def parse_and_build(text: str):
    """A typed command as the terminal reads it: parsed, then built into its request."""
    command, options = parse_command_line(text)
    return build_request(command, options)


def test_positional_options_in_order():
    """/best 医疗 5: domain then budget, without names."""
    assert parse_command_line("/best 医疗 5") == ("best", {"domain": "医疗", "budget": "5"})


def test_named_options():
    """name:value options are taken by name, in any order."""
    assert parse_command_line("/best budget:5 医疗") == ("best", {"domain": "医疗", "budget": "5"})
    assert parse_command_line("/best 医疗 top:5 org:meta") == (
        "best", {"domain": "医疗", "top": "5", "org": "meta"})


def test_equals_sign_and_command_without_slash():
    """budget=5 works like budget:5, and the leading slash is optional."""
    assert parse_command_line("best 医疗 budget=5") == ("best", {"domain": "医疗", "budget": "5"})


def test_full_width_colon_and_quotes():
    """A Chinese keyboard's full-width colon and curly quotes are understood."""
    assert parse_command_line("/best 医疗 budget：5") == ("best", {"domain": "医疗", "budget": "5"})
    assert parse_command_line("/model “deepseek r1”") == ("model", {"name": "deepseek r1"})


def test_quotes_group_words():
    """Quoted names with spaces stay one option each."""
    assert parse_command_line('/compare "deepseek r1" "qwq 32b"') == (
        "compare", {"model_a": "deepseek r1", "model_b": "qwq 32b"})


def test_single_slot_takes_every_word():
    """/model deepseek r1 names one model: its words are joined."""
    assert parse_command_line("/model deepseek r1") == ("model", {"name": "deepseek r1"})


def test_command_name_is_case_insensitive():
    """/BEST is /best."""
    assert parse_command_line("/BEST 医疗")[0] == "best"


def test_build_best_request():
    """A parsed /best becomes a BestRequest with a float budget and defaults filled in."""
    request = parse_and_build("/best 医疗 budget:5")
    assert isinstance(request, BestRequest)
    assert (request.domain, request.budget, request.top, request.org) == ("医疗", 5.0, 3, None)


def test_best_defaults_to_total():
    """/best alone asks for the total, without a budget."""
    request = parse_and_build("/best")
    assert isinstance(request, BestRequest)
    assert request.domain == TOTAL
    assert request.budget is None


@pytest.mark.parametrize(("text", "value"),
                         [("5", 5.0), ("2.5", 2.5), ("5元", 5.0), ("¥2.5", 2.5), ("0", 0.0),
                          (".5", 0.5)])
def test_budget_spellings(text, value):
    """Budgets may carry 元 or ¥; they become floats."""
    assert build_request("best", {"domain": "医疗", "budget": text}).budget == value


@pytest.mark.parametrize("text", ["-1", "nan", "inf", "-inf", "cheap", "5美元", "1e400"])
def test_bad_budget(text):
    """Negative, NaN, infinite or non-numeric budgets are an InvalidOption naming budget."""
    with pytest.raises(InvalidOption) as caught:
        parse_and_build(f"/best 医疗 budget:{text}")
    assert caught.value.kind == "invalid_option"
    assert caught.value.params["option"] == "budget"
    assert caught.value.params["reason"] == "number"
    assert caught.value.params["value"] == text


@pytest.mark.parametrize(("text", "reason"), [("0", "range"), ("26", "range"), ("-3", "range"),
                                              ("x", "integer")])
def test_top_out_of_range(text, reason):
    """top must be a whole number from 1 to 25."""
    with pytest.raises(InvalidOption) as caught:
        parse_and_build(f"/best 医疗 top:{text}")
    assert caught.value.params["option"] == "top"
    assert caught.value.params["reason"] == reason


def test_top_bounds_accepted():
    """top:1 and top:25 are both fine."""
    assert parse_and_build("/best 医疗 top:1").top == 1
    assert parse_and_build("/best 医疗 top:25").top == 25


def test_unknown_command_suggests_the_near_one():
    """/bset is unknown; /best is suggested and the known commands are listed."""
    with pytest.raises(InvalidOption) as caught:
        parse_command_line("/bset 医疗")
    error = caught.value
    assert error.params["reason"] == "unknown_command"
    assert error.params["value"] == "/bset"
    assert "/best" in error.suggestions
    assert "/compare" in error.params["commands"]


def test_too_many_values():
    """A third loose value for /best (domain, budget) is refused, quoting the extra."""
    with pytest.raises(InvalidOption) as caught:
        parse_command_line("/best 医疗 5 extra")
    assert caught.value.params["reason"] == "too_many"
    assert caught.value.params["value"] == "extra"
    assert caught.value.params["command"] == "best"


def test_too_many_models():
    """/compare takes at most four models."""
    with pytest.raises(InvalidOption) as caught:
        parse_command_line("/compare a b c d e")
    assert caught.value.params["reason"] == "too_many_names"


def test_missing_compare_model():
    """/compare with one model names the missing option model_b."""
    with pytest.raises(InvalidOption) as caught:
        parse_and_build("/compare qwq-32b")
    assert caught.value.params["option"] == "model_b"
    assert caught.value.params["reason"] == "missing"
    assert caught.value.params["command"] == "compare"


def test_compare_request_models_in_order():
    """A /compare request lists its models in the order typed, skipping empty slots."""
    request = parse_and_build("/compare a b model_d:d")
    assert isinstance(request, CompareRequest)
    assert request.models == ["a", "b", "d"]


def test_duplicate_option():
    """An option given twice is refused rather than silently overwritten."""
    with pytest.raises(InvalidOption) as caught:
        parse_command_line("/best 医疗 budget:5 budget:6")
    assert caught.value.params["reason"] == "duplicate"
    assert caught.value.params["option"] == "budget"


def test_unclosed_quote_and_empty_line():
    """An unclosed quote and an empty line are InvalidOption, not a crash."""
    with pytest.raises(InvalidOption) as quote:
        parse_command_line('/model "deepseek r1')
    assert quote.value.params["reason"] == "quotes"
    with pytest.raises(InvalidOption) as empty:
        parse_command_line("   ")
    assert empty.value.params["reason"] == "empty"


def test_unknown_option_from_an_adapter():
    """build_request refuses an option the command does not have."""
    with pytest.raises(InvalidOption) as caught:
        build_request("model", {"name": "r1", "colour": "red"})
    assert caught.value.params["reason"] == "unknown_option"
    assert caught.value.params["option"] == "colour"


def test_none_options_are_left_out():
    """Discord passes unset options as None: they fall back to the defaults."""
    request = build_request("leaderboard", {"domain": None, "page": 2, "budget": None})
    assert isinstance(request, LeaderboardRequest)
    assert (request.domain, request.page, request.budget) == (TOTAL, 2, None)


def test_whitespace_in_names_is_folded():
    """Runs of spaces inside a name fold to one; an over-long name is refused."""
    request = build_request("model", {"name": "deepseek    r1"})
    assert isinstance(request, ModelRequest)
    assert request.name == "deepseek r1"
    with pytest.raises(InvalidOption) as caught:
        build_request("model", {"name": "x" * 500})
    assert caught.value.params["reason"] == "too_long"


def test_a_mistyped_option_is_named_not_taken_for_a_value():
    """``color:red`` on /best is an unknown option, not a budget."""
    from bot.core.commands import parse_command_line
    from bot.core.errors import InvalidOption

    with pytest.raises(InvalidOption) as caught:
        parse_command_line("/best 医疗 color:red")
    assert caught.value.params["reason"] == "unknown_option"
    assert caught.value.params["option"] == "color"


def test_a_model_name_may_hold_a_colon():
    """``/model qwen2.5:72b`` keeps the colon as part of the name."""
    from bot.core.commands import parse_command_line

    assert parse_command_line("/model qwen2.5:72b") == ("model", {"name": "qwen2.5:72b"})


@pytest.mark.parametrize(("line", "expected"), [
    ("/best 医疗 budget 5", ("best", {"domain": "医疗", "budget": "5"})),
    ("/最佳 医疗 预算:5", ("best", {"domain": "医疗", "budget": "5"})),
    ("/最佳 医疗 预算 5 数量 2", ("best", {"domain": "医疗", "budget": "5", "top": "2"})),
    ("/对比 qwq-32b gemma-3-27b-it", ("compare", {"model_a": "qwq-32b",
                                                 "model_b": "gemma-3-27b-it"})),
    ("/成本 qwq-32b 用量:50M 周期:天", ("cost", {"model": "qwq-32b", "tokens": "50M",
                                               "period": "天"})),
])
def test_names_as_people_type_them(line, expected):
    """Option names followed by a space, and the Chinese names Discord shows zh-CN users."""
    from bot.core.commands import parse_command_line

    assert parse_command_line(line) == expected


def test_a_model_named_like_an_option_stays_a_name():
    """Model names never turn into options: ``/model top`` looks for a model called top."""
    from bot.core.commands import parse_command_line

    assert parse_command_line("/model top") == ("model", {"name": "top"})


@pytest.mark.parametrize("name", ["/reload", "/settings", "watch", "/设置", "/订阅变动"])
def test_discord_only_commands_are_refused_as_such(name):
    """The admin commands exist in Discord only: the terminal says so (reason discord_only,
    naming the command as typed) rather than calling them unknown and suggesting another."""
    with pytest.raises(InvalidOption) as caught:
        parse_command_line(f"{name} x")
    assert caught.value.params == {"option": "command", "value": name,
                                   "reason": "discord_only"}


def test_a_command_name_is_quoted_back_cut_to_50_characters():
    """Leading slashes are dropped to find the command, but the name quoted back is what was
    typed, cut to 50 characters (an error message is no place for a paste)."""
    name = "/" * 60 + "reload"
    with pytest.raises(InvalidOption) as caught:
        parse_command_line(name)
    assert caught.value.params["reason"] == "discord_only"
    assert caught.value.params["value"] == "/" * 50


def test_a_space_after_the_colon_takes_the_next_word():
    """``budget: 5`` is budget 5 (people put a space after a colon), and the word after it is
    the next positional option, not the budget."""
    assert parse_command_line("/best budget: 5 医疗") == (
        "best", {"budget": "5", "domain": "医疗"})


def test_an_unknown_option_with_a_space_after_the_colon_quotes_nothing_more():
    """``color: red`` is a mistyped option; its empty value is not filled from the next word."""
    with pytest.raises(InvalidOption) as caught:
        parse_command_line("/best color: red")
    assert caught.value.params["reason"] == "unknown_option"
    assert (caught.value.params["option"], caught.value.params["value"]) == ("color", "")


def test_a_second_name_for_a_one_name_command_is_too_many_not_too_many_names():
    """/model takes one name: with ``name:`` given, a loose word is one value too many (the
    plural "too many names" is for /compare)."""
    with pytest.raises(InvalidOption) as caught:
        parse_command_line("/model name:r1 deepseek")
    assert caught.value.params["reason"] == "too_many"
    assert caught.value.params["limit"] == 1


def test_build_request_takes_a_request_class():
    """The Discord adapter passes the request class itself, not a name."""
    request = build_request(BestRequest, {"domain": "医疗", "budget": "5"})
    assert isinstance(request, BestRequest)
    assert request.budget == 5.0


@pytest.mark.parametrize("text", ["0.0001", "1e-320"])
def test_a_budget_below_a_thousandth_is_too_small(text):
    """A budget that would be shown as 0元 but is not 0 is refused as too small, with the
    smallest accepted budget (0 itself stays allowed: it means free models only)."""
    with pytest.raises(InvalidOption) as caught:
        build_request("best", {"budget": text})
    assert caught.value.params["reason"] == "too_small"
    assert caught.value.params["option"] == "budget"
    assert caught.value.params["low"] == 0.001
