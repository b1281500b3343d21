"""The question reader's rules, each at its boundary: amounts as people write them, what is
refused rather than guessed, names only as sure as typed ones, size limits, and which lines are
commands and which are questions."""

from __future__ import annotations

import pytest

from bot.core.catalog import Catalog, load_catalog
from bot.core.errors import InvalidOption
from bot.core.questions import MAX_QUESTION, NotUnderstood, understand
from bot.core.questions.entry import read_line
from bot.core.questions.quantities import format_tokens
from tests.paths import DATA, SEED_DIR


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(DATA)


@pytest.fixture(scope="module")
def seed() -> Catalog:
    return load_catalog(SEED_DIR)


def read(catalog: Catalog, question: str) -> str:
    return understand(catalog, question).reading.text


def refused(catalog: Catalog, question: str) -> NotUnderstood:
    with pytest.raises(NotUnderstood) as caught:
        understand(catalog, question)
    return caught.value


@pytest.mark.parametrize("said, budget", [
    ("5块以内", "5"), ("5块钱以内", "5"), ("¥5", "5"), ("￥5", "5"), ("不超过5元", "5"),
    ("under 5 yuan", "5"), ("5元/百万token", "5"), ("5元每百万token", "5"), ("五块以内", "5"),
    ("两块五以内", "2.5"), ("5毛以内", "0.5"), ("0.005元/千token", "5"), ("预算3", "3"),
    ("3以内", "3"), ("budget: 2.5", "2.5"), ("10 yuan per million tokens max", "10"),
    ("低于1元", "1"), ("below 7 rmb", "7"), ("十块以内", "10"),
])
def test_budgets_as_people_write_them(catalog, said, budget):
    assert read(catalog, f"医疗 {said} 最好的模型") == f"/best 医疗 budget:{budget}"


@pytest.mark.parametrize("said", ["5元以上", "超过5元", "more than 5 yuan", "at least 5 yuan",
                                  "不低于5元", "over 5 yuan", "高于5块"])
def test_a_lowest_price_is_refused_not_read_as_a_budget(catalog, said):
    error = refused(catalog, f"医疗 {said} 最好的模型")
    assert error.params["reason"] == "lower_bound"


@pytest.mark.parametrize("said", ["$5", "5 dollars", "5美元", "5 usd", "€5"])
def test_a_price_in_another_currency_is_refused(catalog, said):
    assert refused(catalog, f"best medical model under {said}").params["reason"] == "currency"


@pytest.mark.parametrize("said, tokens, period", [
    ("一个月5000万token", "50M", "month"), ("每月5千万", "50M", "month"),
    ("一个月五千万token", "50M", "month"), ("50M tokens a month", "50M", "month"),
    ("每天2.5亿token", "250M", "day"), ("1.5b tokens per year", "1.5B", "year"),
    ("500k tokens weekly", "500k", "week"), ("100万token每天", "1M", "day"),
])
def test_token_volumes_and_periods(catalog, said, tokens, period):
    assert read(catalog, f"kimi-k3 {said} 多少钱") == \
        f"/cost kimi-k3 tokens:{tokens} period:{period}"


def test_a_volume_without_a_period_takes_the_commands_default(catalog):
    assert read(catalog, "kimi-k3 5000万token") == "/cost kimi-k3 tokens:50M"


def test_a_size_in_a_name_is_no_token_volume(catalog):
    """27b after a model's words is its size: the name, not 27 billion tokens."""
    assert read(catalog, "qwen3.5 27b 怎么样") == "/model Qwen3.5-27B"


@pytest.mark.parametrize("said, top", [("前5名", "5"), ("前五名", "5"), ("top 3", "3"),
                                       ("3个", "3"), ("前25", "25")])
def test_how_many(catalog, said, top):
    assert read(catalog, f"医疗{said}最好的模型") == f"/best 医疗 top:{top}"


def test_one_model_is_no_count(catalog):
    """推荐一个模型: "a model", not top:1."""
    assert read(catalog, "医疗推荐一个模型") == "/best 医疗"


@pytest.mark.parametrize("question, both", [
    ("文心一言和通义千问哪个好", "百度, 阿里巴巴"), ("开源还是商用哪个好", "open, commercial"),
    ("1块到5块之间最好的", "1元, 5块"), ("免费的，或者5块以内的", "0元, 5块以内"),
])
def test_two_values_where_a_command_takes_one_are_refused(catalog, question, both):
    error = refused(catalog, question)
    assert error.params["reason"] == "conflict" and error.params["unread"] == both
    assert error.suggestions


def test_the_same_value_twice_is_said_once(catalog):
    assert read(catalog, "医疗 5块以内，5元以内最好的") == "/best 医疗 budget:5"


@pytest.mark.parametrize("said", ["免费", "free"])
def test_free_is_a_budget_of_nothing(catalog, said):
    assert read(catalog, f"{said} coding models ranking") == "/leaderboard coding budget:0"


def test_a_count_past_the_commands_limit_is_the_commands_error(catalog):
    with pytest.raises(InvalidOption) as caught:
        understand(catalog, "医疗前26名")
    assert caught.value.params["option"] == "top"


def test_common_words_map_only_to_domains_the_release_has(catalog, seed):
    """写代码 is coding where the release has coding; on the 2025 board it is not read."""
    assert read(catalog, "写代码最好的模型") == "/best coding"
    assert refused(seed, "写代码最好的模型").params["reason"] == "unread"
    assert read(seed, "看病最好的模型") == "/best 医疗"


@pytest.mark.parametrize("question", ["kimi-k9 怎么样", "max 怎么样", "flash 怎么样",
                                      "27b 怎么样", "the best small model", "gpt-5 vs gpt-5.5"])
def test_a_name_the_resolver_would_not_take_typed_is_not_guessed(catalog, question):
    assert refused(catalog, question).params["reason"] == "unread"


def test_a_family_is_named_as_typed_and_the_command_asks_which(catalog):
    """kimi fits several models: read as typed (/model kimi), the command then asks which."""
    assert read(catalog, "kimi 怎么样") == "/model kimi"
    assert catalog.resolver.resolve("kimi").status == "ambiguous"


def test_a_company_that_is_a_family_too(catalog):
    """deepseek alone is the company; beside another model it is a family to compare."""
    assert read(catalog, "deepseek最好的模型") == "/best org:深度求索"
    assert read(catalog, "deepseek 和 qwen 哪个好") == "/compare deepseek qwen"


def test_the_first_intent_said_comes_first(catalog):
    assert [r.text for r in understand(catalog, "医疗最便宜又最好的").readings][:2] == \
        ["/value 医疗", "/best 医疗"]
    assert [r.text for r in understand(catalog, "医疗最好又便宜的").readings][:2] == \
        ["/best 医疗", "/value 医疗"]


def test_the_next_readings_keep_what_was_said(catalog):
    texts = [r.text for r in understand(catalog, "医疗5块以内最好的").readings]
    assert texts == ["/best 医疗 budget:5", "/value 医疗 budget:5", "/leaderboard 医疗 budget:5"]


def test_combined_over_several_domains_is_no_overall_domain(catalog):
    assert read(catalog, "医疗、法律综合最好的") == '/recommend weights:"医疗 法律"'
    assert read(catalog, "医疗综合最好的") == "/best 医疗"


def test_chat_markup_full_width_and_emoji_are_ignored(catalog):
    assert read(catalog, "<@123456789> ｍｅｄｉｃａｌ 🏥 最好的 <:pog:123456>") == "/best 医疗"


def test_a_question_up_to_the_limit_is_read_and_one_past_it_is_refused(catalog):
    assert MAX_QUESTION == 500  # as docs/questions.md says
    head = "医疗最好"
    assert read(catalog, head + "的" * (MAX_QUESTION - len(head))) == "/best 医疗"
    error = refused(catalog, head + "的" * (MAX_QUESTION - len(head) + 1))
    assert error.params["reason"] == "too_long" and error.suggestions


@pytest.mark.parametrize("hostile", [
    "5" * 100_000, "医疗" * 300_000, "(" * 2000, "5元" * 240, "a-" * 240, "¥" * 490 + "5",
    "kimi-k3 " * 60, "\u200b" * 10_000 + "医疗最好",
])
def test_hostile_input_gets_an_answer_or_a_refusal(catalog, hostile):
    """Never a crash or a hang: read, or refused (too long when it is)."""
    try:
        understanding = understand(catalog, hostile)
    except NotUnderstood as error:
        assert (error.params["reason"] == "too_long") is (len(hostile) > MAX_QUESTION)
    except InvalidOption as error:  # a command's own limit (too many names to compare...)
        assert error.params["option"]
    else:
        assert understanding.readings


@pytest.mark.parametrize("value, text", [(5e7, "50M"), (1.5e9, "1.5B"), (5e5, "500k"),
                                         (1e6, "1M"), (123, "123")])
def test_token_volumes_are_shown_as_the_cost_command_reads_them(value, text):
    assert format_tokens(value) == text


@pytest.mark.parametrize("line, question", [
    ("/best 医疗", False), ("best 医疗", False), ("最佳 医疗", False), ("", False),
    ("best model for coding", True), ("医疗最好的", True), ("hello", True),
])
def test_which_lines_are_commands_and_which_are_questions(catalog, line, question):
    assert read_line(catalog, line).question is question


def test_a_malformed_command_keeps_its_own_error(catalog):
    """best 医疗 budget:abc is a command with a bad budget, not a question."""
    asked = read_line(catalog, "best 医疗 budget:abc")
    assert not asked.question and asked.command == "best"
    assert isinstance(asked.error, InvalidOption) and asked.error.params["option"] == "budget"


def test_a_sentence_starting_with_a_commands_name_that_cannot_be_read(catalog):
    asked = read_line(catalog, "best model for writing poems")
    assert asked.question and isinstance(asked.error, NotUnderstood)
    assert asked.understood is None
