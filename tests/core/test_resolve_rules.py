"""The resolver's rules at their boundaries: a bare number is its own size, never a bigger
one; every number of the query answers one number of the name; two equally good fits are
ambiguous, never a guess; and each step says which it was."""

from __future__ import annotations

import pytest

from bot.core.catalog import load_catalog
from bot.core.resolve import Resolver
from tests.paths import SEED_DIR

RESOLVED, AMBIGUOUS, UNKNOWN = "resolved", "ambiguous", "unknown"


@pytest.fixture(scope="module")
def resolver():
    return load_catalog(SEED_DIR).resolver


SIZES = Resolver(["Qwen2.5-7B-Instruct", "Qwen2.5-72B-Instruct", "other-1b"])


@pytest.mark.parametrize(("query", "name"), [
    ("qwen2.5 7 instruct", "Qwen2.5-7B-Instruct"),
    ("qwen2.5 72 instruct", "Qwen2.5-72B-Instruct"),
    ("qwen 2.5 7", "Qwen2.5-7B-Instruct"),
    ("qwen2.5 7b", "Qwen2.5-7B-Instruct"),
    ("qwen2.5 72b", "Qwen2.5-72B-Instruct"),
])
def test_a_bare_number_is_its_own_size_never_a_bigger_one(query, name):
    """``7`` may stand for ``7b`` but never for ``72b``; with both on the board each query
    gets its own size."""
    result = SIZES.resolve(query)
    assert (result.status, result.name) == (RESOLVED, name), result


def test_a_bare_number_on_a_board_with_only_the_bigger_size_is_unknown(resolver):
    """The seed board has qwen2.5-72b-instruct but no 7B: ``qwen2.5 7 instruct`` is not found
    (suggestions only), never the 72B model."""
    result = resolver.resolve("qwen2.5 7 instruct")
    assert result.status == UNKNOWN
    assert result.name is None
    assert resolver.resolve("qwen 7").status == UNKNOWN


@pytest.mark.parametrize("query", [
    "qwen2.5 7b 7b", "qwen2.5 7 7", "qwen2.5-7b-instruct 7b", "qwen2.5 2.5 7b",
])
def test_a_number_given_twice_must_be_in_the_name_twice(query):
    """Each number of the name answers one number of the query: a repeated number finds
    nothing rather than the model that has it once."""
    assert SIZES.resolve(query).status == UNKNOWN


def test_two_equally_close_spellings_are_ambiguous_never_a_guess():
    """``gemmo-ad`` is one letter from gemmo-ab and from gemmo-ac: both offered, neither
    picked; a typo close to one name alone resolves to it."""
    twins = Resolver(["gemmo-ab", "gemmo-ac", "other"])
    result = twins.resolve("gemmo-ad")
    assert result.status == AMBIGUOUS
    assert result.candidates == ["gemmo-ab", "gemmo-ac"]
    typo = twins.resolve("gemo-ab")
    assert (typo.status, typo.name) == (RESOLVED, "gemmo-ab")


def test_two_names_that_fit_the_words_equally_are_ambiguous():
    """``qwen2.5 instruct`` fits the 7B and the 72B model alike: the user picks."""
    result = SIZES.resolve("qwen2.5 instruct")
    assert result.status == AMBIGUOUS
    assert set(result.candidates) == {"Qwen2.5-7B-Instruct", "Qwen2.5-72B-Instruct"}


@pytest.mark.parametrize(("query", "method"), [
    ("DeepSeek-R1", "exact"), ("r1", "alias"), ("qwq_32b", "normalized"),
    ("deepseek r1", "normalized"),
    ("r1 distill qwen", "tokens"), ("gemma-3-27b-ti", "fuzzy"),
])
def test_each_step_of_resolution_says_which_it_was(resolver, query, method):
    """Exact, then nicknames, then folded case and separators, then words, then spelling."""
    assert resolver.resolve(query).method == method
