"""No-match messages name every filter that applied: the organisation and what the server hides
as well as the budget and the domain, on every ranking command, in both languages. A message
that leaves one out says something false ("no model costs 5元 or less": eight do)."""

from __future__ import annotations

import pytest

from bot import i18n
from bot.core.catalog import load_catalog
from bot.core.commands import build_request, parse_command_line
from bot.core.errors import NoMatch
from bot.core.queries import execute
from bot.core.scope import EVERYTHING, Scope
from tests.paths import SEED_DIR


def parse_and_build(text: str):
    """A typed command as the terminal reads it: parsed, then built into its request."""
    command, options = parse_command_line(text)
    return build_request(command, options)


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(SEED_DIR)


def _refusal(catalog, command: str, scope: Scope = EVERYTHING) -> NoMatch:
    with pytest.raises(NoMatch) as caught:
        execute(catalog, parse_and_build(command), scope)
    return caught.value


RANKINGS = ["/best 医疗 budget:5 org:alibaba", "/leaderboard 医疗 budget:5 org:alibaba",
            "/value 医疗 budget:5 org:alibaba", "/recommend 医疗=1 budget:5 org:alibaba"]


@pytest.mark.parametrize("command", RANKINGS, ids=lambda c: c.split()[0])
def test_a_budget_refusal_names_the_organisation(catalog, command):
    """/best 医疗 budget:5 org:alibaba: eight models cost 5元 or less, none of them Alibaba's;
    the message says "org = 阿里巴巴" and offers Alibaba's cheapest."""
    error = _refusal(catalog, command)
    assert i18n.error_message(error, "en") == (
        "No model scored in Medical (org = 阿里巴巴) costs 5元 or less. "
        "The cheapest is qwq-32b at 6元. [CLiB v3.6]")
    assert i18n.error_message(error, "zh") == (
        "医疗领域（机构 = 阿里巴巴）没有价格不超过 5元 的模型。最便宜的是 qwq-32b，价格 6元。"
        "（数据版本：CLiB v3.6）")


@pytest.mark.parametrize("command", ["/best 医疗 budget:1.1", "/leaderboard 医疗 budget:1.1",
                                     "/value 医疗 budget:1.1", "/recommend 医疗=1 budget:1.1"],
                         ids=lambda c: c.split()[0])
def test_a_budget_refusal_names_what_the_server_hides(catalog, command):
    """Only Mistral's model costs 1.1元 or less, and this server hides Mistral: the message
    says the server's hidden models were left out (it once said none costs that little)."""
    error = _refusal(catalog, command, Scope.of(["mistral"]))
    message = i18n.error_message(error, "en")
    assert message.startswith("No model scored in Medical (without the models this server "
                              "hides) costs 1.1元 or less."), message
    assert "（不含本服务器隐藏的模型）" in i18n.error_message(error, "zh")


def test_a_hidden_refusal_names_the_organisation(catalog):
    """org:alibaba on a server that hides Alibaba: hidden, and for that organisation."""
    error = _refusal(catalog, "/best 医疗 org:alibaba", Scope.of(["阿里巴巴"]))
    assert i18n.error_message(error, "en") == (
        "Every model scored in Medical (org = 阿里巴巴) is hidden by this server’s settings "
        "(/settings unhide). [CLiB v3.6]")


def test_with_no_filter_but_the_budget_the_message_is_as_before(catalog):
    error = _refusal(catalog, "/best 医疗 budget:1")
    assert i18n.error_message(error, "en") == (
        "No model scored in Medical costs 1元 or less. "
        "The cheapest is Mistral-Small-24B-Instruct-2501 at 1.02元. [CLiB v3.6]")


def test_a_new_filter_is_named_without_new_code():
    """The message code takes the filters as a mapping: a filter the core adds later (a model
    size class, say) reads "size = 20B+" with no change here; one with a message of its own
    uses it; the type names its category in the reader's language."""
    assert i18n.applied_filters({"size": "20B+"}, "en") == " (size = 20B+)"
    assert i18n.applied_filters({"type": "open"}, "en") == " (type = open-source)"
    assert i18n.applied_filters({"type": "commercial"}, "zh") == "（类别 = 商用）"
    assert i18n.applied_filters({"org": "阿里巴巴", "type": "open", "hidden": ""}, "en") == \
        " (org = 阿里巴巴, type = open-source, without the models this server hides)"
    assert i18n.applied_filters({"org": "阿里巴巴"}, "zh") == "（机构 = 阿里巴巴）"
    assert i18n.applied_filters({}, "en") == ""
