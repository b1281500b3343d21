"""Name resolution on the seed board: exact, alias, normalised, fuzzy, and never a wrong guess."""

from __future__ import annotations

import pytest

from bot.core.catalog import load_catalog
from bot.core.errors import AmbiguousModel, UnknownModel
from bot.core.resolve import Resolver

SEED_NAMES = {
    "DeepSeek-R1", "qwq-32b", "qwq-32b-preview", "DeepSeek-R1-Distill-Qwen-32B",
    "qwen2.5-72b-instruct", "qwen2.5-32b-instruct", "deepseek-chat-v3",
    "DeepSeek-R1-Distill-Llama-70B", "Meta-Llama-3.1-405B-Instruct", "Llama-3.3-70B-Instruct",
    "Llama-3.3-70B-Instruct-fp8", "Llama-3.1-Nemotron-70B-Instruct-fp8", "Hermes-3-Llama-3.1-405B",
    "gemma-3-27b-it", "Mistral-Small-24B-Instruct-2501", "gemma-2-27b-it",
}
ALIBABA = {"qwq-32b", "qwq-32b-preview", "qwen2.5-72b-instruct", "qwen2.5-32b-instruct"}


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.fixture(scope="module")
def resolver(catalog):
    return catalog.resolver


RESOLVED = "resolved"
AMBIGUOUS = "ambiguous"
UNKNOWN = "unknown"

# (query, status, expected): a name when resolved, the candidates that must be offered when
# ambiguous, None when unknown.
TABLE = [
    # exact, any case
    ("DeepSeek-R1", RESOLVED, "DeepSeek-R1"),
    ("deepseek-r1", RESOLVED, "DeepSeek-R1"),
    ("DEEPSEEK-R1", RESOLVED, "DeepSeek-R1"),
    ("qwq-32b", RESOLVED, "qwq-32b"),
    ("QWQ-32B-PREVIEW", RESOLVED, "qwq-32b-preview"),
    ("Qwen2.5-72B-Instruct", RESOLVED, "qwen2.5-72b-instruct"),
    ("Llama-3.3-70B-Instruct", RESOLVED, "Llama-3.3-70B-Instruct"),
    ("llama-3.3-70b-instruct-fp8", RESOLVED, "Llama-3.3-70B-Instruct-fp8"),
    ("meta-llama-3.1-405b-instruct", RESOLVED, "Meta-Llama-3.1-405B-Instruct"),
    ("  gemma-2-27b-it  ", RESOLVED, "gemma-2-27b-it"),
    # separators folded
    ("qwq_32b", RESOLVED, "qwq-32b"),
    ("QWQ 32B", RESOLVED, "qwq-32b"),
    ("deepseek_r1", RESOLVED, "DeepSeek-R1"),
    ("deepseek.r1", RESOLVED, "DeepSeek-R1"),
    ("qwq32bpreview", RESOLVED, "qwq-32b-preview"),
    ("DeepSeek R1 Distill Qwen 32B", RESOLVED, "DeepSeek-R1-Distill-Qwen-32B"),
    ("Meta Llama 3.1 405B", RESOLVED, "Meta-Llama-3.1-405B-Instruct"),
    # weak words left out, strong ones respected
    ("deepseek r1", RESOLVED, "DeepSeek-R1"),
    ("qwq 32b preview", RESOLVED, "qwq-32b-preview"),
    ("gemma3 27b", RESOLVED, "gemma-3-27b-it"),
    ("qwen2.5-72b", RESOLVED, "qwen2.5-72b-instruct"),
    ("gemma-2-27b", RESOLVED, "gemma-2-27b-it"),
    ("llama 3.3 70b", RESOLVED, "Llama-3.3-70B-Instruct"),
    ("llama 3.3 70b fp8", RESOLVED, "Llama-3.3-70B-Instruct-fp8"),
    ("llama 3.1 405b", RESOLVED, "Meta-Llama-3.1-405B-Instruct"),
    # typos
    ("gemma-3-27b-ti", RESOLVED, "gemma-3-27b-it"),
    ("deepsek r1", RESOLVED, "DeepSeek-R1"),
    ("qwen2.5-72b-instrcut", RESOLVED, "qwen2.5-72b-instruct"),
    ("llama-3.3-70b-instrct", RESOLVED, "Llama-3.3-70B-Instruct"),
    ("gemma-3-27b-iit", RESOLVED, "gemma-3-27b-it"),
    # nicknames from aliases.toml
    ("r1", RESOLVED, "DeepSeek-R1"),
    ("ds-r1", RESOLVED, "DeepSeek-R1"),
    ("DS R1", RESOLVED, "DeepSeek-R1"),
    ("Deepseek_Reasoner", RESOLVED, "DeepSeek-R1"),
    ("v3", RESOLVED, "deepseek-chat-v3"),
    ("deepseek-v3", RESOLVED, "deepseek-chat-v3"),
    ("qwq", RESOLVED, "qwq-32b"),
    ("nemotron", RESOLVED, "Llama-3.1-Nemotron-70B-Instruct-fp8"),
    ("hermes", RESOLVED, "Hermes-3-Llama-3.1-405B"),
    ("mistral-small", RESOLVED, "Mistral-Small-24B-Instruct-2501"),
    ("llama-70b", RESOLVED, "Llama-3.3-70B-Instruct"),
    ("gemma 3", RESOLVED, "gemma-3-27b-it"),
    # words of the name, organisations (Chinese and aliases.toml's other names)
    ("深度求索 r1", RESOLVED, "DeepSeek-R1"),
    ("alibaba qwq", RESOLVED, "qwq-32b"),
    ("google gemma 3", RESOLVED, "gemma-3-27b-it"),
    ("r1 distill qwen", RESOLVED, "DeepSeek-R1-Distill-Qwen-32B"),
    ("r1 distill llama", RESOLVED, "DeepSeek-R1-Distill-Llama-70B"),
    ("deepseek chat", RESOLVED, "deepseek-chat-v3"),
    ("mistral small 2501", RESOLVED, "Mistral-Small-24B-Instruct-2501"),
    ("qwq preview", RESOLVED, "qwq-32b-preview"),
    # several fit: say so, with the candidates
    ("阿里巴巴", AMBIGUOUS, ALIBABA),
    ("gemma", AMBIGUOUS, {"gemma-2-27b-it", "gemma-3-27b-it"}),
    ("llama", AMBIGUOUS, {"Llama-3.3-70B-Instruct", "Meta-Llama-3.1-405B-Instruct"}),
    ("deepseek", AMBIGUOUS, {"DeepSeek-R1", "deepseek-chat-v3"}),
    ("qwen", AMBIGUOUS, {"qwen2.5-72b-instruct", "qwen2.5-32b-instruct"}),
    ("gemma 27b", AMBIGUOUS, {"gemma-2-27b-it", "gemma-3-27b-it"}),
    ("谷歌 gemma", AMBIGUOUS, {"gemma-2-27b-it", "gemma-3-27b-it"}),
    ("deepseek r1 distill", AMBIGUOUS,
     {"DeepSeek-R1-Distill-Qwen-32B", "DeepSeek-R1-Distill-Llama-70B"}),
    ("32b", AMBIGUOUS, {"qwq-32b", "qwen2.5-32b-instruct"}),
    ("70b", AMBIGUOUS, {"Llama-3.3-70B-Instruct"}),
    ("405b", AMBIGUOUS, {"Meta-Llama-3.1-405B-Instruct", "Hermes-3-Llama-3.1-405B"}),
    # a wrong guess is worse than "not found": numbers and strong words must agree
    ("qwen2.5-7b-instruct", UNKNOWN, None),
    ("llama 3.1 8b", UNKNOWN, None),
    ("gpt-4o", UNKNOWN, None),
    ("claude 3.5 sonnet", UNKNOWN, None),
    ("gemma-2-9b-it", UNKNOWN, None),
    ("qwen2.5 7b", UNKNOWN, None),
    ("deepseek-r1-0528", UNKNOWN, None),
    ("deepseek r1 7b", UNKNOWN, None),
    ("deepseek-r1-distill-qwen-14b", UNKNOWN, None),
    ("gemma-3-4b-it", UNKNOWN, None),
    ("qwen3-32b", UNKNOWN, None),
    ("qwq 72b", UNKNOWN, None),
    ("mistral-7b", UNKNOWN, None),
    ("qwen2.5-72b-instruct-fp8", UNKNOWN, None),
    ("Llama-3.3-70B-Instruct-fp16", UNKNOWN, None),
    ("v2", UNKNOWN, None),
    ("", UNKNOWN, None),
]


@pytest.mark.parametrize(("query", "status", "expected"), TABLE)
def test_resolution_table(resolver, query, status, expected):
    """Each query resolves to the expected model, is ambiguous with it, or is unknown."""
    result = resolver.resolve(query)
    assert result.status == status, (query, result)
    if status == RESOLVED:
        assert result.name == expected
        assert result.candidates == []
    elif status == AMBIGUOUS:
        assert result.name is None
        assert expected <= set(result.candidates), (query, result.candidates)
        assert len(result.candidates) >= 2
    else:
        assert result.name is None
        assert result.candidates == []


def test_table_is_large_enough():
    """The table keeps at least 45 queries, covering all three outcomes."""
    assert len(TABLE) >= 45
    assert {status for _, status, _ in TABLE} == {RESOLVED, AMBIGUOUS, UNKNOWN}


def test_table_names_are_on_the_board(catalog):
    """Every expected name in the table is a real name on the seed board."""
    assert {e.name for e in catalog.entries} == SEED_NAMES
    for _, status, expected in TABLE:
        if status == RESOLVED:
            assert expected in SEED_NAMES
        elif status == AMBIGUOUS:
            assert expected <= SEED_NAMES


@pytest.mark.parametrize(
    ("query", "family"),
    [("阿里巴巴", ALIBABA), ("gemma", {"gemma-2-27b-it", "gemma-3-27b-it"}),
     ("qwen", {"qwen2.5-72b-instruct", "qwen2.5-32b-instruct", "DeepSeek-R1-Distill-Qwen-32B"})],
)
def test_ambiguous_candidates_stay_in_the_family(resolver, query, family):
    """Candidates of an ambiguous query are only models the query could mean."""
    assert set(resolver.resolve(query).candidates) <= family


def test_alibaba_alone_offers_every_alibaba_model(resolver):
    """An organisation alone is ambiguous between exactly that organisation's models."""
    assert set(resolver.resolve("阿里巴巴").candidates) == ALIBABA
    assert set(resolver.resolve("alibaba").candidates) == ALIBABA


def test_deepseek_r1_is_not_a_distill(resolver):
    """`deepseek r1` picks DeepSeek-R1 even though the distills share every query word."""
    for query in ("deepseek r1", "DeepSeek R1", "深度求索 r1", "deepsek r1"):
        assert resolver.resolve(query).name == "DeepSeek-R1", query


def test_full_name_beats_its_fp8_twin(resolver):
    """The full name of a model picks it, not the -fp8 build that extends it."""
    assert resolver.resolve("Llama-3.3-70B-Instruct").name == "Llama-3.3-70B-Instruct"
    assert resolver.resolve("Llama 3.3 70B Instruct").name == "Llama-3.3-70B-Instruct"


def test_numbers_only_never_pick_one_model(resolver):
    """A bare size or version (`70b`, `v2`) names no model: listed or suggested, never resolved."""
    seventy = resolver.resolve("70b")
    assert seventy.status == AMBIGUOUS
    assert all("70B" in name for name in seventy.candidates)
    v2 = resolver.resolve("v2")
    assert v2.status == UNKNOWN
    assert v2.suggestions == ["gemma-2-27b-it"]


# -- suggestions for unknown names --------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "near"),
    [
        ("qwen2.5-7b-instruct", "qwen2.5-72b-instruct"),
        ("gemma-2-9b-it", "gemma-2-27b-it"),
        ("deepseek-r1-0528", "DeepSeek-R1"),
        ("llama 3.1 8b", "Llama-3.3-70B-Instruct"),
        ("qwq 72b", "qwq-32b"),
    ],
)
def test_unknown_query_suggests_near_names(resolver, query, near):
    """An unknown name is not guessed, but the near names are offered as suggestions."""
    result = resolver.resolve(query)
    assert result.status == UNKNOWN
    assert near in result.suggestions
    assert 1 <= len(result.suggestions) <= 3
    assert set(result.suggestions) <= SEED_NAMES


def test_unrelated_name_has_no_suggestions(resolver):
    """A name that looks like nothing on the board gets no made-up suggestions."""
    assert resolver.resolve("gpt-4o").suggestions == []
    assert resolver.resolve("claude 3.5 sonnet").suggestions == []


def test_catalog_raises_user_errors(catalog):
    """Catalog.resolve_model turns outcomes into UnknownModel/AmbiguousModel for the adapters."""
    assert catalog.resolve_model("deepseek r1").name == "DeepSeek-R1"
    with pytest.raises(UnknownModel) as unknown:
        catalog.resolve_model("qwen2.5-7b-instruct")
    assert unknown.value.params["query"] == "qwen2.5-7b-instruct"
    assert "qwen2.5-72b-instruct" in unknown.value.suggestions
    with pytest.raises(AmbiguousModel) as ambiguous:
        catalog.resolve_model("gemma")
    assert set(ambiguous.value.suggestions) == {"gemma-2-27b-it", "gemma-3-27b-it"}


def test_alias_to_a_missing_model_is_ignored():
    """An alias whose target is on no board does not resolve (and does not crash)."""
    resolver = Resolver(["alpha-7b", "beta-13b"], aliases={"a": "alpha-7b", "ghost": "gone-1b"})
    assert resolver.resolve("a").name == "alpha-7b"
    assert resolver.resolve("ghost").status == UNKNOWN


def test_equal_twins_are_ambiguous():
    """Two names that normalise to the same key are ambiguous, never a coin toss."""
    resolver = Resolver(["Foo-7B", "foo_7b"])
    result = resolver.resolve("foo 7b")
    assert result.status == AMBIGUOUS
    assert set(result.candidates) == {"Foo-7B", "foo_7b"}


# -- autocomplete ---------------------------------------------------------------------------------


def test_complete_empty_gives_top_of_board(resolver):
    """With nothing typed, autocomplete lists the board from the top: DeepSeek-R1 first."""
    names = resolver.complete("")
    assert names[0] == "DeepSeek-R1"
    assert names[:4] == ["DeepSeek-R1", "qwq-32b", "qwq-32b-preview",
                         "DeepSeek-R1-Distill-Qwen-32B"]
    assert len(names) == len(SEED_NAMES)


def test_complete_never_exceeds_25():
    """Discord accepts at most 25 choices: autocomplete never returns more."""
    names = [f"model-{i}-{size}b" for i in range(40) for size in (7,)]
    resolver = Resolver(names)
    assert len(resolver.complete("")) == 25
    assert len(resolver.complete("model")) == 25
    assert resolver.complete("")[0] == "model-0-7b"


def test_complete_respects_limit(resolver):
    """A smaller limit is honoured."""
    assert len(resolver.complete("", limit=5)) == 5
    assert len(resolver.complete("l", limit=3)) <= 3


@pytest.mark.parametrize(
    ("prefix", "first"),
    [
        ("gem", {"gemma-3-27b-it", "gemma-2-27b-it"}),
        ("qw", {"qwq-32b", "qwq-32b-preview", "qwen2.5-72b-instruct", "qwen2.5-32b-instruct"}),
        ("Llama-3.3", {"Llama-3.3-70B-Instruct", "Llama-3.3-70B-Instruct-fp8"}),
        ("deepseek", {"DeepSeek-R1", "DeepSeek-R1-Distill-Qwen-32B", "deepseek-chat-v3",
                      "DeepSeek-R1-Distill-Llama-70B"}),
        ("mistral", {"Mistral-Small-24B-Instruct-2501"}),
    ],
)
def test_complete_prefix_ranks_matching_names_first(resolver, prefix, first):
    """Names that start with what was typed come before every other name."""
    names = resolver.complete(prefix)
    assert set(names[: len(first)]) == first, names


def test_complete_typed_in_full_puts_that_name_first(resolver):
    """A complete name typed out is the first choice, above its longer twin."""
    assert resolver.complete("Llama-3.3-70B-Instruct")[0] == "Llama-3.3-70B-Instruct"
    assert resolver.complete("qwq-32b")[0] == "qwq-32b"


def test_complete_gibberish_offers_nothing(resolver):
    """Typing something unlike any name offers no misleading choices."""
    assert resolver.complete("zzzzzz") == []


@pytest.mark.parametrize(
    ("query", "offered"),
    [
        ("llama 3.1 70b", "Llama-3.1-Nemotron-70B-Instruct-fp8"),
        ("Meta-Llama-3.1-70B-Instruct", "Llama-3.1-Nemotron-70B-Instruct-fp8"),
        ("llama 3", "Hermes-3-Llama-3.1-405B"),
    ],
)
def test_a_fine_tune_is_offered_never_picked(resolver, query, offered):
    """A name of another lineage (nemotron, hermes, distill) the query does not mention is
    offered for confirmation, not taken as the answer."""
    result = resolver.resolve(query)
    assert result.status == AMBIGUOUS, result
    assert result.name is None
    assert offered in result.candidates


def test_naming_the_lineage_resolves(resolver):
    """Mentioning the fine-tune's own word picks it."""
    assert resolver.resolve("hermes 405b").name == "Hermes-3-Llama-3.1-405B"
    assert resolver.resolve("nemotron 70b").name == "Llama-3.1-Nemotron-70B-Instruct-fp8"


@pytest.mark.parametrize(
    ("typed", "models"),
    [
        ("深度", {"DeepSeek-R1", "deepseek-chat-v3"}),
        ("alibaba", {"qwq-32b", "qwen2.5-72b-instruct"}),
        ("阿里", {"qwq-32b", "qwen2.5-32b-instruct"}),
    ],
)
def test_autocomplete_finds_models_by_organisation(resolver, typed, models):
    """Typing an organisation (or its alias) offers its models."""
    assert models <= set(resolver.complete(typed)[:6])
