"""Domains: the board's headers are canonical; English and short names point at them."""

from __future__ import annotations

import pytest

from bot.core.domains import DomainIndex, aliases_of, english_name, parts_of
from bot.core.errors import UnknownDomain

SEED_DOMAINS = ["医疗", "教育", "法律", "行政公务", "推理与数学计算", "语言与指令遵从"]
MERGED_DOMAINS = ["医疗与心理健康", "法律与行政公务", "推理与数学计算", "语言与指令遵从",
                  "agent与工具调用"]


@pytest.fixture(scope="module")
def seed():
    return DomainIndex(SEED_DOMAINS)


@pytest.fixture(scope="module")
def merged():
    return DomainIndex(MERGED_DOMAINS)


@pytest.mark.parametrize(
    ("query", "domain"),
    [
        ("医疗", "医疗"),
        ("medical", "医疗"),
        ("Medical", "医疗"),
        ("MEDICINE", "医疗"),
        ("health", "医疗"),
        (" 医疗 ", "医疗"),
        ("education", "教育"),
        ("law", "法律"),
        ("legal", "法律"),
        ("admin", "行政公务"),
        ("government", "行政公务"),
        ("civil-service", "行政公务"),
        ("civil service", "行政公务"),
        ("math", "推理与数学计算"),
        ("reasoning", "推理与数学计算"),
        ("推理", "推理与数学计算"),
        ("数学", "推理与数学计算"),
        ("instruction", "语言与指令遵从"),
        ("指令遵从", "语言与指令遵从"),
        ("language", "语言与指令遵从"),
        ("overall", "总分"),
        ("total", "总分"),
        ("Total", "总分"),
        ("总分", "总分"),
    ],
)
def test_seed_domain_names(seed, query, domain):
    """Chinese headers, English names and short aliases resolve to the board's header."""
    assert seed.resolve(query) == domain


def test_total_is_queryable_and_first(seed):
    """总分 is a domain of every catalog, listed before the board's own domains."""
    assert seed.domains == ("总分", *SEED_DOMAINS)
    assert [info.english for info in seed.infos][:2] == ["Overall", "Medical"]


@pytest.mark.parametrize(
    ("query", "domain"),
    [
        ("医疗与心理健康", "医疗与心理健康"),
        ("医疗", "医疗与心理健康"),
        ("medical", "医疗与心理健康"),
        ("health", "医疗与心理健康"),
        ("心理健康", "医疗与心理健康"),
        ("mental", "医疗与心理健康"),
        ("法律与行政公务", "法律与行政公务"),
        ("法律", "法律与行政公务"),
        ("legal", "法律与行政公务"),
        ("law", "法律与行政公务"),
        ("行政公务", "法律与行政公务"),
        ("admin", "法律与行政公务"),
        ("agent", "agent与工具调用"),
        ("Agent与工具调用", "agent与工具调用"),
        ("tools", "agent与工具调用"),
        ("工具调用", "agent与工具调用"),
        ("function-calling", "agent与工具调用"),
        ("math", "推理与数学计算"),
    ],
)
def test_merged_domains_answer_to_their_parts(merged, query, domain):
    """A merged header of a newer board answers to the names of each of its parts."""
    assert merged.resolve(query) == domain


def test_exact_header_beats_a_merged_part():
    """With both an old 医疗 board and a merged board loaded, 医疗 is the 医疗 column."""
    both = DomainIndex([*SEED_DOMAINS, *MERGED_DOMAINS])
    assert both.resolve("医疗") == "医疗"
    assert both.resolve("medical") == "医疗"
    assert both.resolve("心理健康") == "医疗与心理健康"
    assert both.resolve("医疗与心理健康") == "医疗与心理健康"


def test_mental_health_and_finance_board():
    """A board of 心理健康 and 金融 answers to their English names."""
    index = DomainIndex(["心理健康", "金融"])
    assert index.resolve("finance") == "金融"
    assert index.resolve("mental") == "心理健康"
    assert index.resolve("psychology") == "心理健康"


def test_domain_of_another_board_is_unknown(merged):
    """教育 is not on the merged board: it is unknown there, not mapped to something else."""
    with pytest.raises(UnknownDomain) as caught:
        merged.resolve("教育")
    assert caught.value.params["query"] == "教育"


@pytest.mark.parametrize(
    ("query", "suggested"),
    [("medcal", "医疗"), ("lawyer", "法律"), ("reasonning", "推理与数学计算"),
     ("educaton", "教育")],
)
def test_unknown_domain_suggests_near_ones(seed, query, suggested):
    """A misspelt domain raises UnknownDomain that suggests the domain that was meant."""
    with pytest.raises(UnknownDomain) as caught:
        seed.resolve(query)
    error = caught.value
    assert error.kind == "unknown_domain"
    assert error.params["query"] == query
    assert suggested in error.suggestions
    assert len(error.suggestions) <= 3
    assert set(error.suggestions) <= set(seed.domains)


def test_blank_domain_is_unknown(seed):
    """An empty domain is refused, with the first domains as suggestions."""
    with pytest.raises(UnknownDomain) as caught:
        seed.resolve("   ")
    assert caught.value.suggestions == ["总分", "医疗", "教育"]


def test_english_names_of_merged_domains():
    """Merged headers get English labels built from their parts; unknown headers keep theirs."""
    assert english_name("医疗") == "Medical"
    assert english_name("总分") == "Overall"
    assert english_name("医疗与心理健康") == "Medical & mental health"
    assert english_name("agent与工具调用") == "Agents & tool use"
    assert english_name("古诗词") == "古诗词"


def test_parts_of_merged_header():
    """A merged header splits on 与; a plain header has no parts."""
    assert parts_of("医疗与心理健康") == ("医疗", "心理健康")
    assert parts_of("医疗") == ()


def test_complete_lists_domains(seed):
    """Autocomplete lists every domain when empty, and ranks a typed one first."""
    assert [info.canonical for info in seed.complete("")] == ["总分", *SEED_DOMAINS]
    assert seed.complete("med")[0].canonical == "医疗"


# -- the domains of older and newer real boards -----------------------------------------------

OLDEST = ["分类能力", "信息抽取能力", "阅读理解能力", "数据分析能力"]  # the 2023 boards


@pytest.mark.parametrize(
    ("headers", "query", "domain"),
    [
        (["分类能力", "信息抽取", "阅读理解", "数据分析", "指令遵从", "算术运算"], "classification",
         "分类能力"),
        (["分类能力", "信息抽取", "阅读理解", "数据分析", "指令遵从", "算术运算"], "extraction",
         "信息抽取"),
        (["分类能力", "信息抽取", "阅读理解", "数据分析", "指令遵从", "算术运算"],
         "reading comprehension", "阅读理解"),
        (["分类能力", "信息抽取", "阅读理解", "数据分析", "指令遵从", "算术运算"], "arithmetic",
         "算术运算"),
        (["分类能力", "信息抽取", "阅读理解", "数据分析", "指令遵从", "算术运算"], "ifeval",
         "指令遵从"),
        # the 2023 headers add 能力 (ability): the same names find them
        (OLDEST, "extraction", "信息抽取能力"),
        (OLDEST, "data analysis", "数据分析能力"),
        (["通用能力", "专业能力"], "general", "通用能力"),
    ],
)
def test_older_board_abilities_have_english_names(headers, query, domain):
    """The abilities of the 2023-2024 boards answer to their English names."""
    assert DomainIndex(headers).resolve(query) == domain


def test_ability_suffix_shares_the_english_label():
    """信息抽取能力 is labelled like 信息抽取; an unknown header keeps its own name."""
    assert english_name("信息抽取能力") == english_name("信息抽取") == "Information extraction"
    assert english_name("BFCL-V3") == "BFCL-V3"


def test_suggestions_ignore_case():
    """A lower-case query is suggested the upper-case header it nearly names."""
    index = DomainIndex(["医疗与心理健康", "BFCL-V3", "coding"])
    with pytest.raises(UnknownDomain) as raised:
        index.resolve("bfcl")
    assert raised.value.suggestions[0] == "BFCL-V3"


@pytest.mark.parametrize(("query", "domain"), [
    ("注册会计师", "CFLUE-注册会计师"),
    ("cflue-注册会计师", "CFLUE-注册会计师"),
    ("anatomy", "MMLU-anatomy"),
    ("BFCL-V3", "BFCL-V3"),
])
def test_a_benchmark_answers_to_its_topic(query, domain):
    """A per-benchmark board answers to its topic without the suite's prefix."""
    index = DomainIndex(["医疗与心理健康", "CFLUE-注册会计师", "CFLUE-税务师", "MMLU-anatomy",
                         "BFCL-V3", "CMB-临床", "CFLUE-临床"])
    assert index.resolve(query) == domain


def test_a_topic_two_benchmarks_share_answers_to_neither():
    """临床 is a topic of CMB and of CFLUE: it resolves to neither, and both are suggested;
    a short tail (V3) is no topic."""
    index = DomainIndex(["CMB-临床", "CFLUE-临床", "BFCL-V3"])
    with pytest.raises(UnknownDomain) as raised:
        index.resolve("临床")
    assert set(raised.value.suggestions[:2]) == {"CMB-临床", "CFLUE-临床"}
    with pytest.raises(UnknownDomain):
        index.resolve("v3")


@pytest.mark.parametrize(("header", "english"), [
    ("医疗与法律", "Medical & Law"), ("医疗与心理健康", "Medical & mental health"),
    ("烹饪", "烹饪"), ("医疗与烹饪", "医疗与烹饪"), ("信息抽取能力", "Information extraction"),
    ("总分", "Overall"), ("Coding", "Coding"),
])
def test_english_names(header, english):
    """A known domain's own name; a merged header of known parts joins theirs; anything
    else keeps its own header."""
    assert english_name(header) == english


def test_aliases_and_parts():
    assert aliases_of("医疗") == ("medical", "medicine", "health", "healthcare", "医学", "med")
    assert aliases_of("医疗与心理健康") == ("medical & mental health", "medical-and-mental-health")
    assert aliases_of("烹饪") == ()
    assert parts_of("医疗与心理健康") == ("医疗", "心理健康")
    assert parts_of("法律/行政公务") == ("法律", "行政公务")
    assert parts_of("医疗") == ()


def test_a_domain_answers_to_its_header_in_any_case_and_with_separators():
    index = DomainIndex(["医疗", "agent与工具调用", "Coding Plus"])
    for typed in ("AGENT与工具调用", "agent-与工具调用", "Agent与工具调用 "):
        assert index.resolve(typed) == "agent与工具调用"
    assert index.resolve("coding plus") == index.resolve("CodingPlus") == "Coding Plus"


def test_domain_suggestions_are_few_distinct_and_near():
    index = DomainIndex(["医疗", "医疗与法律", "医疗与烹饪", "教育"])
    near = index.suggest("medcal")
    assert near[0] == "医疗" and len(near) == len(set(near)) <= 3
    assert index.suggest("x" * 30) == []
    assert index.suggest("") == ["总分", "医疗", "医疗与法律"]
    assert len(index.suggest("医疗", limit=2)) == 2
    assert [i.canonical for i in index.complete("", limit=2)] == ["总分", "医疗"]


def test_a_domain_typed_exactly_beats_one_it_folds_to():
    """ab and a-b are two domains: a-b typed is a-b, not ab."""
    index = DomainIndex(["ab", "a-b"])
    assert index.resolve("a-b") == "a-b"
    assert index.resolve("AB") == "ab"


def test_domain_autocomplete_stops_at_25_and_ranks_by_likeness():
    index = DomainIndex([f"领域{i:02d}" for i in range(30)])
    assert len(index.complete("")) == 25
    assert len(index.complete("领域", limit=5)) == 5
    assert len(index.complete("领域")) > 3


@pytest.mark.parametrize(("domain", "topic"), [
    ("CFLUE-注册会计师", "注册会计师"), ("CMB-临床", "临床"), ("MMLU-math", "math"),
    ("MMLU-anatomy", "anatomy"), ("CMB-医", None), ("MMLU-law", None), ("BFCL-V3", None),
    ("医疗", None),
])
def test_a_benchmark_boards_topic_has_two_chinese_characters_or_four_letters(domain, topic):
    """A per-benchmark board is also found by its topic (临床 for CMB-临床) when the topic is
    a word: two Chinese characters, or four letters; a shorter tail (V3, law, 医) is no topic."""
    from bot.core.domains import topic_of

    assert topic_of(domain) == topic
