"""The resolver's rules at their boundaries: a bare number is its own size, never a bigger
one; every number of the query answers one number of the name; two equally good fits are
ambiguous, never a guess; and each step says which it was."""

from __future__ import annotations

import pytest

from bot.core.catalog import load_catalog
from bot.core.complete import Completer
from bot.core.names import NameIndex
from bot.core.resolve import Resolver
from tests.paths import SEED_DIR

RESOLVED, AMBIGUOUS, UNKNOWN = "resolved", "ambiguous", "unknown"


def resolver_of(names: list[str], **prepared: object) -> Resolver:
    """A resolver over ``names``, prepared as a catalog prepares them."""
    return Resolver(NameIndex(names, **prepared))


@pytest.fixture(scope="module")
def resolver():
    return load_catalog(SEED_DIR).resolver


SIZES = resolver_of(["Qwen2.5-7B-Instruct", "Qwen2.5-72B-Instruct", "other-1b"])


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
    twins = resolver_of(["gemmo-ab", "gemmo-ac", "other"])
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


# -- the resolver's small rules, one by one ---------------------------------------------------


def test_dashed_versions_pair_short_plain_numbers():
    """doubao-seed-1-6 is version 1.6; numbers of three digits or with a size letter never
    pair up."""
    from bot.core.names import _dashed_versions, tokenize

    assert _dashed_versions(tokenize("doubao-seed-1-6")) == {"1.6": ("1", "6")}
    assert _dashed_versions(tokenize("m-12-34")) == {"12.34": ("12", "34")}
    assert _dashed_versions(tokenize("a-123-4")) == {}
    assert _dashed_versions(tokenize("a-12-345")) == {}
    assert _dashed_versions(tokenize("a-1-6b")) == {}
    assert _dashed_versions(tokenize("a-b-6")) == {}


def test_a_date_costs_what_one_number_does_and_a_glued_vendor_what_a_weak_word_does():
    """2026-01-23 left out costs one number, not three; 2025-7-28 (no two-digit month) and a
    year without month and day are plain numbers; 阿里 glued to a name costs little."""
    from bot.core.names import _leftover_costs, tokenize

    assert _leftover_costs(tokenize("qwen3-max-2026-01-23"), set()) == (
        0.1, 0.04, 0.35, 0.04, 0.0, 0.0)
    assert _leftover_costs(tokenize("m-2025-7-28"), set()) == (0.1, 0.04, 0.04, 0.04)
    assert _leftover_costs(tokenize("m-2025-07"), set()) == (0.1, 0.04, 0.04)
    assert _leftover_costs(tokenize("m-2025-07-28-x"), set()) == (0.1, 0.04, 0.0, 0.0, 0.1)
    assert _leftover_costs(tokenize("m-2025-07-282"), set()) == (0.1, 0.04, 0.04, 0.04)
    assert _leftover_costs(tokenize("阿里qwen-max"), {"阿里"}) == (0.02, 0.1, 0.35)


def test_a_variant_is_left_open_only_when_another_fit_leaves_out_other_words():
    from bot.core.resolve import _variant_left_open

    plain = {"scout": frozenset({"scout"}), "maverick": frozenset({"maverick"}),
             "both": frozenset({"scout", "maverick"}), "bare": frozenset()}
    assert _variant_left_open("scout", ["scout", "maverick"], plain)
    assert not _variant_left_open("scout", ["scout", "both"], plain)  # only a worse fit
    assert not _variant_left_open("bare", ["bare", "scout"], plain)  # leaves nothing out
    assert _variant_left_open("scout", ["scout", "unlisted"], plain)
    assert not _variant_left_open("unlisted", ["unlisted", "scout"], plain)


def test_chinese_characters_from_u3400_to_ufaff_are_han():
    from bot.core.names import is_han

    assert is_han("\u3400") and is_han("\ufaff") and is_han("\ufaff\ufaff")
    assert is_han("通义") and not is_han("\u33ff") and not is_han("\ufb00")
    assert not is_han("qwen") and not is_han("")


def test_a_folded_name_is_matched_before_its_words():
    """deepseek chat is deepseek-chat (its folded form), not ambiguous with deepseek-base
    (both are "deepseek" once the weak words go)."""
    resolver = resolver_of(["deepseek-chat", "deepseek-base"])
    result = resolver.resolve("deepseek chat")
    assert (result.status, result.name, result.method) == (RESOLVED, "deepseek-chat",
                                                           "normalized")


def test_two_names_that_fold_alike_are_ambiguous():
    result = resolver_of(["gpt-4o", "gpt4o", "other"]).resolve("GPT 4o")
    assert (result.status, result.candidates) == (AMBIGUOUS, ["gpt-4o", "gpt4o"])


def test_dated_versions_of_one_model_are_for_the_user_to_pick():
    """qwen3 max names two dated releases: ambiguous; with the year, one."""
    dated = resolver_of(["qwen3-max-2026-01-23", "qwen3-max-2025-09-05"])
    assert dated.resolve("qwen3 max").status == AMBIGUOUS
    assert dated.resolve("qwen3 max 2026").name == "qwen3-max-2026-01-23"


def test_nicknames_match_in_any_case_and_with_any_separators():
    resolver = resolver_of(["DeepSeek-R1", "other"], aliases={"DS-R1": "DeepSeek-R1"})
    for typed in ("ds-r1", "DS R1", "ds_r1", "dsr1", "Ds.R1"):
        result = resolver.resolve(typed)
        assert (result.status, result.name, result.method) == (RESOLVED, "DeepSeek-R1",
                                                               "alias"), typed


def test_a_query_with_no_word_at_all_is_unknown_with_suggestions():
    resolver = resolver_of(["qwq-32b", "gemma-2-9b"])
    assert resolver.resolve("---").status == UNKNOWN
    far = resolver.resolve("claude sonnet")
    assert (far.status, far.suggestions) == (UNKNOWN, [])
    near = resolver.resolve("qwq-33b")
    assert near.status == UNKNOWN and near.suggestions == ["qwq-32b"]


@pytest.mark.parametrize(("query", "name"), [
    ("model 560", "model-560m"), ("big 1", "big-1t"), ("tiny 300", "tiny-300k"),
    ("model 7", "model-7b"),
])
def test_a_bare_number_stands_for_its_size_in_b_m_k_or_t(query, name):
    resolver = resolver_of(["model-560m", "model-7b", "big-1t", "tiny-300k"])
    assert resolver.resolve(query).name == name


def test_a_preview_is_left_out_at_a_price_a_date_is_not():
    """glm 9: the dated release, not the preview (another stage of the model)."""
    result = resolver_of(["glm-9-preview", "glm-9-0905"]).resolve("glm 9")
    assert (result.status, result.name) == (RESOLVED, "glm-9-0905")


def test_a_dotted_version_does_not_excuse_the_numbers_after_it():
    """doubao seed 1.6 99: 1.6 agrees with 1-6, but 99 agrees with nothing."""
    assert resolver_of(["doubao-seed-1-6", "x"]).resolve("doubao seed 1.6 99").status == UNKNOWN
    assert resolver_of(["doubao-seed-1-6", "x"]).resolve("doubao seed 1.6").status == RESOLVED


def test_a_fragment_inside_the_first_word_of_the_vocabulary_is_found():
    # abcde sorts first
    assert Completer(NameIndex(["abcde-x", "zz-y"])).complete("bcd") == ["abcde-x"]


def test_fits_leaving_out_the_same_words_are_no_variant_of_each_other():
    from bot.core.resolve import _variant_left_open

    plain = {"a": frozenset({"x"}), "b": frozenset({"x"})}
    assert not _variant_left_open("a", ["a", "b"], plain)


@pytest.mark.parametrize(("query", "org_aliases"), [
    ("deepseek", None), ("深度求索", {"DeepSeek": ["深度求索"]}),
], ids=["board-spelling", "alias"])
def test_an_organisation_alone_offers_all_of_its_models(query, org_aliases):
    """Words naming the organisation, as the board spells it or by an alias, ask for its
    models, all of them: the distill too, though its name has more words."""
    names = ["DeepSeek-R1", "DeepSeek-V3", "deepseek-r1-distill-qwen-32b", "qwen3-32b"]
    orgs = dict.fromkeys(names[:3], "DeepSeek") | {"qwen3-32b": "阿里巴巴"}
    result = resolver_of(names, orgs=orgs, org_aliases=org_aliases).resolve(query)
    assert result.status == AMBIGUOUS
    assert sorted(result.candidates) == sorted(names[:3])
