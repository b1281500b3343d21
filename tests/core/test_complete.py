"""Autocomplete (``Completer.complete``), rule by rule: what is typed so far finds names that
start with it, have its words (the last one half typed, any one misspelt), contain a Chinese
word, or belong to an organisation it names; numbers typed must agree; at most ``limit``
names, ties in board order; gibberish finds nothing."""

from __future__ import annotations

import pytest

from bot.core.complete import Completer
from bot.core.names import NameIndex


def completer(names: list[str], **prepared: object) -> Completer:
    """Autocomplete over ``names``, prepared as a catalog prepares them."""
    return Completer(NameIndex(names, **prepared))


NAMES = [
    "alpha-7b-chat", "alpha-72b-chat", "alpha-7b-base", "beta-7b", "gamma-pro-13b",
    "gamma-lite-13b", "delta-instruct", "deepseek-r1", "deepseek-v3", "qwen2.5-7b-instruct",
    "qwen2.5-72b-instruct", "doubao-seed-1-6", "kimi-k2", "通义千问-max", "ERNIE-4.5-turbo",
]
ORGS = {"deepseek-r1": "深度求索", "deepseek-v3": "深度求索", "qwen2.5-7b-instruct": "阿里巴巴",
        "qwen2.5-72b-instruct": "阿里巴巴", "通义千问-max": "阿里巴巴", "ERNIE-4.5-turbo": "百度"}


@pytest.fixture(scope="module")
def resolver() -> Completer:
    return completer(NAMES, orgs=ORGS, org_aliases={
        "阿里巴巴": ["alibaba", "阿里"], "深度求索": ["deepseek"], "百度": ["baidu"]})


@pytest.mark.parametrize(("typed", "offered"), [
    ("alp", ["alpha-7b-chat", "alpha-72b-chat", "alpha-7b-base"]),
    ("alpha 72", ["alpha-72b-chat", "alpha-7b-chat", "alpha-7b-base"]),
    ("alpha 7", ["alpha-7b-chat", "alpha-7b-base", "alpha-72b-chat"]),
    ("7b", ["alpha-7b-chat", "alpha-7b-base", "beta-7b", "qwen2.5-7b-instruct"]),
    ("72", ["alpha-72b-chat", "qwen2.5-72b-instruct"]),
    ("13", ["gamma-pro-13b", "gamma-lite-13b"]),
    ("chat alpha", ["alpha-7b-chat", "alpha-7b-base", "alpha-72b-chat"]),
    ("alpha ch", ["alpha-7b-chat", "alpha-72b-chat", "alpha-7b-base"]),
    ("gama", ["gamma-pro-13b", "gamma-lite-13b"]),
    ("deepsek", ["deepseek-r1", "deepseek-v3"]),
    ("seek", ["deepseek-r1", "deepseek-v3"]),
    ("千问", ["通义千问-max"]),
    ("alibaba", ["qwen2.5-7b-instruct", "qwen2.5-72b-instruct", "通义千问-max"]),
    ("阿里", ["qwen2.5-7b-instruct", "qwen2.5-72b-instruct", "通义千问-max"]),
    ("baidu", ["ERNIE-4.5-turbo"]),
    ("doubao 1.6", ["doubao-seed-1-6"]),
    ("delta instr", ["delta-instruct"]),
    ("qwen 7", ["qwen2.5-7b-instruct", "qwen2.5-72b-instruct"]),
    ("instruct", ["delta-instruct", "qwen2.5-7b-instruct", "qwen2.5-72b-instruct"]),
    ("zzz", []),
    ("1.6", []),
])
def test_what_each_kind_of_typing_offers(resolver, typed, offered):
    """Prefixes, numbers (agreeing first), words in any order, a half-typed last word, typos,
    fragments, Chinese words, organisations and their aliases, dashed versions."""
    assert resolver.complete(typed, limit=6) == offered


def test_nothing_typed_offers_the_most_popular_names_first():
    popular = completer(["a", "b", "c"], popularity=["c", "a", "b"])
    assert popular.complete("") == ["c", "a", "b"]
    assert popular.complete("   ", limit=2) == ["c", "a"]
    assert completer(["a", "b"]).complete("") == ["a", "b"]


def test_many_names_starting_alike_are_offered_in_board_order_up_to_the_limit():
    """100 names start with model-: the first ones of the board, as many as asked; a longer
    prefix narrows them."""
    many = completer([f"model-{i}" for i in range(100)] + ["other-model-x"])
    assert many.complete("model", limit=5) == [f"model-{i}" for i in range(5)]
    assert many.complete("model-9", limit=5) == ["model-9", "model-90", "model-91", "model-92",
                                                 "model-93"]
    assert len(many.complete("model")) == 25
    assert many.complete("x") == ["other-model-x"]


def test_a_typed_word_no_name_has_is_passed_over():
    """fam x: no name has both, so the names having fam are offered."""
    family = completer(["fam-aa", "fam-bb", "fam-cc", "zeta-chat", "zeta-base", "omega-chat"])
    assert family.complete("fam x") == ["fam-aa", "fam-bb", "fam-cc"]
    assert family.complete("zeta chat") == ["zeta-chat", "zeta-base"]
    assert family.complete("chat") == ["zeta-chat", "omega-chat"]


def test_a_typed_number_no_name_has_only_lowers_them(resolver):
    """qwen 9 or gamma 7: no such model, yet the family is still offered (autocomplete
    helps; the command says "not found" if that is sent)."""
    assert resolver.complete("qwen 9") == ["qwen2.5-7b-instruct", "qwen2.5-72b-instruct"]
    assert resolver.complete("gamma 7") == ["gamma-pro-13b", "gamma-lite-13b"]


def test_a_name_whose_numbers_disagree_is_offered_after_one_whose_numbers_agree():
    """deepseek v3: deepseek-v3.2 spells the words more closely, but its version is 3.2, not
    3, so deepseek-chat-v3 comes first (the penalty outweighs a closer spelling)."""
    offered = completer(["deepseek-v3.2", "deepseek-chat-v3"]).complete("deepseek v3")
    assert offered == ["deepseek-chat-v3", "deepseek-v3.2"]


def test_a_word_no_name_has_is_passed_over_wherever_it_is_typed(resolver):
    """xyzzy qwen: the unknown word first does not stop the words after it from counting."""
    assert resolver.complete("xyzzy qwen", limit=6) == ["qwen2.5-7b-instruct",
                                                         "qwen2.5-72b-instruct"]


def test_numbers_alone_name_nothing(resolver):
    """xyzzy 7: the only word names nothing, and a number alone names no model, so nothing is
    offered (not every 7b model)."""
    assert resolver.complete("xyzzy 7", limit=6) == []


def test_a_dotted_version_agrees_with_a_dashed_one():
    """doubao 1.6 agrees with doubao-seed-pro-1-6 (the board writes versions with a dash),
    not with doubao-1-5, whatever the board order."""
    assert completer(["doubao-1-5", "doubao-seed-pro-1-6"]).complete("doubao 1.6") == [
        "doubao-seed-pro-1-6", "doubao-1-5"]


def test_names_whose_numbers_disagree_keep_their_spelling_order():
    """zeta chat 9: no name has a 9, so both are lowered alike, and the one spelling the typed
    words more closely still comes first (the penalty is subtracted, not a flat score)."""
    assert completer(["zeta-7b", "zeta-chat-7b"]).complete("zeta chat 9") == [
        "zeta-chat-7b", "zeta-7b"]


def test_a_version_typed_with_a_space_finds_the_name_having_every_word():
    """gemini 3 1 flash (a phone keyboard's 3.1): on the shipped boards the one name with all
    of gemini, 3.1 and flash comes first, before the other gemini flashes."""
    from bot.core.catalog import load_catalog

    offered = load_catalog().completer.complete("gemini 3 1 flash", limit=5)
    assert offered[0] == "gemini-3.1-flash-lite-preview"
