"""Name resolution on the seed board: exact, alias, normalised, fuzzy, and never a wrong guess."""

from __future__ import annotations

import pytest

from bot.core.catalog import load_catalog
from bot.core.complete import Completer
from bot.core.errors import AmbiguousModel, NearModel, UnknownModel
from bot.core.names import NameIndex, tokenize
from bot.core.resolve import Resolver
from tests.paths import SEED_DIR

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
    return load_catalog(SEED_DIR)


@pytest.fixture(scope="module")
def resolver(catalog):
    return catalog.resolver


@pytest.fixture(scope="module")
def completer(catalog):
    return catalog.completer


def names_of(names, **given):
    """A resolver over ``names`` alone (nicknames, organisations as given)."""
    return Resolver(NameIndex(names, **given))


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
    assert {e.name for e in catalog.records} == SEED_NAMES
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
    resolver = names_of(["alpha-7b", "beta-13b"], aliases={"a": "alpha-7b", "ghost": "gone-1b"})
    assert resolver.resolve("a").name == "alpha-7b"
    assert resolver.resolve("ghost").status == UNKNOWN


def test_equal_twins_are_ambiguous():
    """Two names that normalise to the same key are ambiguous, never a coin toss."""
    resolver = names_of(["Foo-7B", "foo_7b"])
    result = resolver.resolve("foo 7b")
    assert result.status == AMBIGUOUS
    assert set(result.candidates) == {"Foo-7B", "foo_7b"}


# -- autocomplete ---------------------------------------------------------------------------------


def test_complete_empty_gives_top_of_board(completer):
    """With nothing typed, autocomplete lists the board from the top: DeepSeek-R1 first."""
    names = completer.complete("")
    assert names[0] == "DeepSeek-R1"
    assert names[:4] == ["DeepSeek-R1", "qwq-32b", "qwq-32b-preview",
                         "DeepSeek-R1-Distill-Qwen-32B"]
    assert len(names) == len(SEED_NAMES)


def test_complete_never_exceeds_25():
    """Discord accepts at most 25 choices: autocomplete never returns more."""
    names = [f"model-{i}-{size}b" for i in range(40) for size in (7,)]
    completer = Completer(NameIndex(names))
    assert len(completer.complete("")) == 25
    assert len(completer.complete("model")) == 25
    assert completer.complete("")[0] == "model-0-7b"


def test_complete_respects_limit(completer):
    """A smaller limit is honoured."""
    assert len(completer.complete("", limit=5)) == 5
    assert len(completer.complete("l", limit=3)) <= 3


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
def test_complete_prefix_ranks_matching_names_first(completer, prefix, first):
    """Names that start with what was typed come before every other name."""
    names = completer.complete(prefix)
    assert set(names[: len(first)]) == first, names


def test_complete_typed_in_full_puts_that_name_first(completer):
    """A complete name typed out is the first choice, above its longer twin."""
    assert completer.complete("Llama-3.3-70B-Instruct")[0] == "Llama-3.3-70B-Instruct"
    assert completer.complete("qwq-32b")[0] == "qwq-32b"


def test_complete_gibberish_offers_nothing(completer):
    """Typing something unlike any name offers no misleading choices."""
    assert completer.complete("zzzzzz") == []


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
def test_autocomplete_finds_models_by_organisation(completer, typed, models):
    """Typing an organisation (or its alias) offers its models."""
    assert models <= set(completer.complete(typed)[:6])


# -- names from the real boards of other eras ----------------------------------------------------


def _status(resolver: Resolver, query: str) -> tuple[str, str | None]:
    result = resolver.resolve(query)
    return result.status, result.name


def test_tokens_split_chinese_from_latin_and_keep_glued_numbers():
    """A vendor glued to a name (百度ERNIE) and a number glued to a word (360zhinao) are tokens of
    their own, so the name's words are still found."""
    assert tokenize("百度ERNIE-3.5-8K") == ["百度", "ernie", "3.5", "8k"]
    assert tokenize("360zhinao2-o1") == ["360", "zhinao", "2", "o", "1"]
    assert tokenize("讯飞星火v3.5(spark-max)") == ["讯飞星火", "v", "3.5", "spark", "max"]
    assert tokenize("qwen2.5-72b") == ["qwen", "2.5", "72b"]


def test_glued_chinese_vendor_is_the_organisation_not_the_model():
    """Old boards write 智谱GLM4 and 百度ERNIE-3.5-8K: "ernie 3.5" finds the model, while
    "智谱" alone names the organisation and picks none of its models."""
    resolver = names_of(["智谱GLM4", "智谱GLM-4-Air", "百度ERNIE-3.5-8K", "GLM-4.5"],
                        orgs={"GLM-4.5": "智谱AI"}, org_aliases={"智谱AI": ["智谱", "zhipu"]})
    assert _status(resolver, "ernie 3.5") == (RESOLVED, "百度ERNIE-3.5-8K")
    assert _status(resolver, "glm4") == (RESOLVED, "智谱GLM4")
    assert resolver.resolve("智谱").status == AMBIGUOUS


def test_a_match_by_organisation_alone_is_never_picked():
    """"moonshot" is 月之暗面's other name: it finds moonshot-v1-8k by its own name, and with only
    kimi-k3 on the boards it suggests kimi-k3 rather than answering with it."""
    both = names_of(["kimi-k3", "moonshot-v1-8k"], orgs={"kimi-k3": "月之暗面"},
                    org_aliases={"月之暗面": ["moonshot"]})
    assert _status(both, "moonshot") == (RESOLVED, "moonshot-v1-8k")
    alone = names_of(["kimi-k3", "qwen3-8b"], orgs={"kimi-k3": "月之暗面"},
                     org_aliases={"月之暗面": ["moonshot"]})
    result = alone.resolve("moonshot")
    assert (result.status, result.suggestions) == (UNKNOWN, ["kimi-k3"])


def test_chinese_family_name_lists_the_family():
    """混元 (an other name of 腾讯) lists the hunyuan models; 混元 t1 picks hunyuan-t1."""
    resolver = names_of(["hunyuan-t1-20250711", "hunyuan-turbos-20250716", "hunyuan-large"],
                        orgs=dict.fromkeys(["hunyuan-t1-20250711", "hunyuan-turbos-20250716",
                                            "hunyuan-large"], "腾讯"),
                        org_aliases={"腾讯": ["tencent", "混元"]})
    assert resolver.resolve("混元").status == AMBIGUOUS
    assert _status(resolver, "混元 t1") == (RESOLVED, "hunyuan-t1-20250711")


def test_a_chinese_word_inside_a_longer_one():
    """Chinese has no spaces: 通义千问 is found in 阿里通义千问 and 星火 in 讯飞星火v3.5."""
    resolver = names_of(["阿里通义千问", "讯飞星火v3.5", "讯飞星火v3", "文心一言v2.2"])
    assert _status(resolver, "通义千问") == (RESOLVED, "阿里通义千问")
    assert _status(resolver, "星火 v3.5") == (RESOLVED, "讯飞星火v3.5")


@pytest.mark.parametrize(
    ("names", "query"),
    [
        # the sizes differ and the query names none: not the 0.3B just because it is shortest
        (["ERNIE-4.5-0.3B", "ERNIE-4.5-21B-A3B", "ERNIE-4.5-Turbo-32K"], "ernie 4.5"),
        # the variant word differs: "llama 4" is Scout or Maverick
        (["Llama-4-Scout-17B-16E-Instruct", "Llama-4-Maverick-17B-128E-Instruct-FP8"], "llama 4"),
        # a dated snapshot is one version, as close as qwen3.8-flash
        (["qwen-flash-2025-07-28", "qwen3.8-flash", "qwen-flash-think-2025-07-28"], "qwen flash"),
    ],
)
def test_a_family_query_is_left_to_the_user(names, query):
    """When the query names the family and the candidates differ in size or variant, it is
    ambiguous, with every one of them offered."""
    result = names_of(names).resolve(query)
    assert result.status == AMBIGUOUS, result
    assert set(names[:2]) <= set(result.candidates)


def test_naming_the_size_or_variant_resolves():
    """The same names resolve once the query says which."""
    ernie = names_of(["ERNIE-4.5-0.3B", "ERNIE-4.5-21B-A3B", "ERNIE-4.5-Turbo-32K"])
    assert _status(ernie, "ernie 4.5 0.3b") == (RESOLVED, "ERNIE-4.5-0.3B")
    assert _status(ernie, "ernie 4.5 turbo") == (RESOLVED, "ERNIE-4.5-Turbo-32K")
    llama = names_of(["Llama-4-Scout-17B-16E-Instruct", "Llama-4-Maverick-17B-128E-Instruct-FP8"])
    assert _status(llama, "llama 4 scout") == (RESOLVED, "Llama-4-Scout-17B-16E-Instruct")


def test_another_tier_is_offered_never_picked():
    """GLM-4.5-Flash is not GLM-4.5 and gpt-4o-mini is not gpt-4o: alone on the boards they are
    suggested, not answered; a release stage (preview) is the same model and resolves."""
    result = names_of(["GLM-4.5-Flash", "qwen3-8b"]).resolve("glm 4.5")
    assert (result.status, result.suggestions) == (UNKNOWN, ["GLM-4.5-Flash"])
    assert names_of(["gpt-4o-mini", "o4-mini"]).resolve("gpt 4o").status == UNKNOWN
    assert _status(names_of(["gpt-4o-mini", "gpt-4o"]), "gpt 4o") == (RESOLVED, "gpt-4o")
    assert _status(names_of(["gemini-3.1-pro-preview", "gemini-3.5-flash"]),
                   "gemini 3.1 pro") == (RESOLVED, "gemini-3.1-pro-preview")


def test_a_dotted_version_matches_a_dashed_one():
    """doubao-seed-1-6 writes version 1.6 with a dash; "doubao seed 1.6" agrees with it, and
    "1.6" still never matches 1.5."""
    resolver = names_of(["doubao-seed-1-6-250615", "doubao-seed-1-6-thinking-250715",
                         "Doubao-1.5-lite-32k-250115"])
    assert _status(resolver, "doubao seed 1.6") == (RESOLVED, "doubao-seed-1-6-250615")
    assert _status(resolver, "doubao seed 1.6 thinking") == (
        RESOLVED, "doubao-seed-1-6-thinking-250715")
    assert resolver.resolve("doubao 1.6 lite").status == UNKNOWN


def test_a_version_label_must_be_in_the_name():
    """"deepseek v3" is not DeepSeek-R1-0528-Qwen3-8B, whose 3 belongs to Qwen3: with no V3 on
    the boards the query is unknown, and deepseek-chat-v3 is found when it is there."""
    names = ["DeepSeek-R1-0528", "DeepSeek-R1-0528-Qwen3-8B", "DeepSeek-V3.1-Think"]
    assert names_of(names).resolve("deepseek v3").status == UNKNOWN
    assert _status(names_of([*names, "deepseek-chat-v3"]), "deepseek v3") == (
        RESOLVED, "deepseek-chat-v3")


def test_a_family_name_alone_picks_no_version():
    """"grok" or "kimi" names a family: with several versions on the boards, each is offered."""
    grok = names_of(["grok-4-0709", "grok-3-mini", "gpt-4o"]).resolve("grok")
    assert grok.status == AMBIGUOUS
    assert {"grok-4-0709", "grok-3-mini"} <= set(grok.candidates)
    kimi = names_of(["kimi-latest-8k", "kimi-k3", "kimi-k2-0711-preview"]).resolve("kimi")
    assert kimi.status == AMBIGUOUS
    assert {"kimi-latest-8k", "kimi-k3"} <= set(kimi.candidates)


def test_a_weak_word_the_query_names_prefers_the_names_having_it():
    """"deepseek chat" is the chat model even when DeepSeek-R1 fits as well once chat is
    skipped."""
    resolver = names_of(["DeepSeek-R1", "deepseek-chat-v3", "DeepSeek-V3.1"])
    assert _status(resolver, "deepseek chat") == (RESOLVED, "deepseek-chat-v3")


@pytest.mark.parametrize("query", ["qwen2-57b-instruct", "gemma 34b"])
def test_folding_never_joins_numbers_into_a_guess(query):
    """qwen2-57b folds like qwen2.5-7b, gemma 34b like gemma-3-4b: numbers still disagree."""
    from bot.core.board import parse_boards
    from bot.core.catalog import Catalog

    board = ("### t\n|排名|大模型|机构|输出价格|总分|\n|-|-|-|-|-|\n"
             "|1|qwen2.5-7b-instruct|a|1元|80|\n|2|gemma-3-4b-it|g|1元|70|\n")
    result = Catalog(parse_boards(board, "t.md")).resolver.resolve(query)
    assert result.status == "unknown", result


@pytest.mark.parametrize(("query", "board_name"), [
    ("Qwen-8B-Chat", "Qwen-1_8B-Chat"),  # 1_8B is 1.8B, not 8B
    ("internlm2-chat-8b", "internlm2-chat-1_8b"),
    ("openbuddy-mixtral-8bx8", "openbuddy-mixtral-7bx8"),  # 8bx8 is not 7bx8
])
def test_sizes_written_unusually_still_disagree(query, board_name):
    """Underscore decimals and mixture-of-experts sizes keep their numbers apart."""
    from bot.core.board import parse_boards
    from bot.core.catalog import Catalog

    board = f"### t\n|排名|大模型|机构|输出价格|总分|\n|-|-|-|-|-|\n|1|{board_name}|a|1元|80|\n"
    result = Catalog(parse_boards(board, "t.md")).resolver.resolve(query)
    assert result.status != "resolved", result


def test_each_number_of_a_name_answers_one_number_of_the_query():
    """7bx7 asks for two sevens; 7bx8 has one: not a match."""
    from bot.core.board import parse_boards
    from bot.core.catalog import Catalog

    board = "### t\n|排名|大模型|机构|输出价格|总分|\n|-|-|-|-|-|\n|1|mixtral-7bx8|a|1元|80|\n"
    resolver = Catalog(parse_boards(board, "t.md")).resolver
    assert resolver.resolve("mixtral 7bx7").status != "resolved"
    assert resolver.resolve("mixtral 7bx8").name == "mixtral-7bx8"


@pytest.mark.parametrize(("query", "board_name"), [
    ("Baichuan3-Air", "baichuan3"),  # the query names a tier the board's model lacks
    ("360gpt1-pro", "360gpt2-o1"),
])
def test_a_close_spelling_never_drops_a_variant_the_query_names(query, board_name):
    """A typo match may not throw away pro/air/fp8/...: that is another model."""
    from bot.core.board import parse_boards
    from bot.core.catalog import Catalog

    board = f"### t\n|排名|大模型|机构|输出价格|总分|\n|-|-|-|-|-|\n|1|{board_name}|a|1元|80|\n"
    result = Catalog(parse_boards(board, "t.md")).resolver.resolve(query)
    assert result.status != "resolved", result


def test_a_close_spelling_with_another_family_word_is_not_a_typo():
    """R1-Distill-Llama-7B spelled close to R1-Distill-Qwen-7B: llama is no typo of qwen."""
    from bot.core.board import parse_boards
    from bot.core.catalog import Catalog

    board = ("### t\n|排名|大模型|机构|输出价格|总分|\n|-|-|-|-|-|\n"
             "|1|DeepSeek-R1-Distill-Qwen-7B|a|1元|80|\n")
    resolver = Catalog(parse_boards(board, "t.md")).resolver
    assert resolver.resolve("DeepSeek-R1-Distill-Llama-7B").status != "resolved"
    assert resolver.resolve("DeepSeek-R1-Distill-Qwne-7B").name == "DeepSeek-R1-Distill-Qwen-7B"


# -- families, organisations and sizes the boards do not state -------------------------------


def test_a_family_with_one_model_on_the_boards_resolves(resolver):
    """"mistral" and "glm" name a family; with one model of it on the boards, that is the
    model (as "nemotron" is), whatever its tier. A version in the query, or a second model of
    the family, leaves it open as before."""
    assert resolver.resolve("mistral").name == "Mistral-Small-24B-Instruct-2501"
    assert resolver.resolve("Mistral").name == "Mistral-Small-24B-Instruct-2501"
    assert _status(names_of(["GLM-4.5-Flash", "qwen3-8b"]), "glm") == (RESOLVED, "GLM-4.5-Flash")
    assert names_of(["GLM-4.5-Flash", "qwen3-8b"]).resolve("glm 4.5").status == UNKNOWN
    assert names_of(["GLM-4.5-Air", "GLM-4.5-Flash"]).resolve("glm").status == AMBIGUOUS
    assert resolver.resolve("mistral-7b").status == UNKNOWN


@pytest.mark.parametrize("query", ["deepseek", "DeepSeek", "深度求索"])
def test_an_organisation_offers_every_model_of_it(resolver, query):
    """A query that only names an organisation offers all of its models (it offered 2 of
    深度求索's 4, leaving out the distills), and nothing else."""
    assert resolver.resolve(query).status == AMBIGUOUS
    assert set(resolver.resolve(query).candidates) == {
        "DeepSeek-R1", "deepseek-chat-v3", "DeepSeek-R1-Distill-Qwen-32B",
        "DeepSeek-R1-Distill-Llama-70B"}


@pytest.mark.parametrize("query", ["DeepSeek R1 671B", "deepseek-r1-671b"])
def test_a_size_beyond_the_family_asks_about_its_unsized_model(resolver, query):
    """DeepSeek R1 671B: no name states 671B, the family's stated sizes (32B, 70B) are
    smaller, and DeepSeek-R1 states none: it is asked about, not guessed, and not "not found"."""
    result = resolver.resolve(query)
    assert (result.status, result.candidates) == (AMBIGUOUS, ["DeepSeek-R1"])


def test_a_size_within_the_family_is_still_unknown(resolver):
    """deepseek r1 7b is a distill the boards lack, smaller than those they have: unknown."""
    assert resolver.resolve("deepseek r1 7b").status == UNKNOWN
    assert names_of(["DeepSeek-R1", "DeepSeek-R1-Distill-Qwen-32B"]).resolve(
        "deepseek r1 14b").status == UNKNOWN


@pytest.mark.parametrize("query, name", [
    ("deepseek 满血", "DeepSeek-R1"),
    ("r1-32b", "DeepSeek-R1-Distill-Qwen-32B"),
    ("DeepSeek R1 671B", "DeepSeek-R1"),
])
def test_one_close_model_is_asked_about_by_name(catalog, query, name):
    """When one model comes close but the rules do not let it be taken, the answer is
    "Did you mean X?", not "fits several models" with a list of one."""
    from bot import i18n

    with pytest.raises(NearModel) as caught:
        catalog.resolve_model(query)
    assert caught.value.kind == "unknown_model"  # the contract's kinds: unknown, with a suggestion
    assert caught.value.suggestions == [name]
    assert i18n.error_message(caught.value, "en") == (
        f"“{query}” is not on the loaded boards as such. Did you mean {name}?")
    assert i18n.error_message(caught.value, "zh").endswith(f"你是指 {name} 吗？")
    assert i18n.suggestions_line(caught.value, "en") is None
