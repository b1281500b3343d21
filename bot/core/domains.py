"""Domain names: the board's own headers are canonical; English and short aliases point at them.

A merged domain of a newer board (``医疗与心理健康``) answers to the names of its parts (``医疗``,
``medical``), found by splitting the header on ``与``/``和``/``&``, so boards with domains this
registry has never seen still get sensible aliases. A per-benchmark board answers to its topic
without the suite's prefix when no other board has that topic (``注册会计师`` ->
``CFLUE-注册会计师``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.core.errors import UnknownDomain
from bot.core.models import TOTAL


@dataclass(frozen=True)
class DomainName:
    """What the registry knows of one domain: its English name and its aliases."""

    canonical: str
    english: str
    aliases: tuple[str, ...] = ()


KNOWN_DOMAINS: tuple[DomainName, ...] = (
    DomainName(TOTAL, "Overall", ("overall", "total", "综合", "all", "总")),
    DomainName("医疗", "Medical", ("medical", "medicine", "health", "healthcare", "医学", "med")),
    DomainName("教育", "Education", ("education", "edu", "teaching", "教学")),
    DomainName("法律", "Law", ("law", "legal", "法务")),
    DomainName(
        "行政公务",
        "Administration",
        ("admin", "administration", "government", "civil-service", "gov", "行政", "公务"),
    ),
    DomainName("心理健康", "Mental health", ("mental-health", "mental", "psychology", "心理")),
    DomainName("金融", "Finance", ("finance", "financial", "fin", "财经")),
    DomainName(
        "推理与数学计算",
        "Reasoning & math",
        ("reasoning", "math", "maths", "mathematics", "推理", "数学", "计算", "数学计算"),
    ),
    DomainName(
        "语言与指令遵从",
        "Language & instructions",
        ("language", "instruction", "instructions", "instruction-following", "指令遵从", "语言",
         "指令"),
    ),
    DomainName(
        "agent与工具调用",
        "Agents & tool use",
        ("agent", "agents", "tools", "tool-use", "tool", "function-calling", "工具调用", "工具"),
    ),
    DomainName("coding", "Coding", ("code", "programming", "编程", "代码", "编码")),
    DomainName("医疗与心理健康", "Medical & mental health", ("medical-and-mental-health",)),
    DomainName("法律与行政公务", "Law & administration", ("law-and-administration",)),
    # ReLE's two halves of the total (通用能力.md, 专业能力.md)
    DomainName("通用能力", "General ability", ("general", "通用")),
    DomainName("专业能力", "Professional ability", ("professional", "专业")),
    # the abilities of the 2023-2024 boards (分类能力|信息抽取|阅读理解|数据分析|指令遵从|算术运算)
    DomainName("分类能力", "Classification", ("classification", "classify", "分类", "文本分类")),
    DomainName(
        "信息抽取",
        "Information extraction",
        ("extraction", "information-extraction", "info-extraction", "抽取"),
    ),
    DomainName(
        "阅读理解", "Reading comprehension", ("reading", "reading-comprehension", "comprehension",
                                          "mrc"),
    ),
    DomainName("数据分析", "Data analysis", ("data-analysis", "analysis", "tableqa", "表格问答")),
    DomainName("指令遵从", "Instruction following", ("ifeval",)),
    DomainName("算术运算", "Arithmetic", ("arithmetic", "算术")),
)
_BY_CANONICAL = {d.canonical.casefold(): d for d in KNOWN_DOMAINS}
_ABILITY = "能力"  # 信息抽取能力 is 信息抽取: the older boards add "ability" to some headers


def _known(domain: str) -> DomainName | None:
    """The registry's entry for a header, also when the header adds 能力 (信息抽取能力)."""
    key = domain.casefold()
    return _BY_CANONICAL.get(key) or _BY_CANONICAL.get(key.removesuffix(_ABILITY))
_PART_SPLIT = re.compile(r"\s*(?:与|和|及|&|/|、|\band\b)\s*", re.IGNORECASE)


def fold(text: str) -> str:
    """Case, spaces, ``-``, ``_`` and ``.`` folded away, full-width forms made plain (every
    request is NFKC-normalised, so "2025高考化学（图形题）" arrives with ASCII parentheses):
    how names are compared loosely."""
    return re.sub(r"[\s\-_.·]+", "", unicodedata.normalize("NFKC", text).casefold())


def english_name(domain: str) -> str:
    """The English label of a domain; a domain the registry does not know keeps its own name."""
    known = _known(domain)
    if known:
        return known.english
    parts = [p for p in _PART_SPLIT.split(domain) if p]
    if len(parts) > 1 and all(_known(p) for p in parts):
        return " & ".join(_known(p).english for p in parts)  # type: ignore[union-attr]
    return domain


def aliases_of(domain: str) -> tuple[str, ...]:
    """The registry's aliases of ``domain`` (its English name first)."""
    known = _known(domain)
    names: list[str] = []
    if known:
        names += [known.english.casefold(), *known.aliases]
    return tuple(dict.fromkeys(names))


def parts_of(domain: str) -> tuple[str, ...]:
    """The parts a merged header names (医疗与心理健康 -> 医疗, 心理健康); empty if not merged."""
    parts = tuple(p for p in _PART_SPLIT.split(domain) if p)
    return parts if len(parts) > 1 else ()


_BENCHMARK = re.compile(r"^(?P<suite>[A-Za-z][\w.]*)-(?P<topic>.+)$")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def topic_of(domain: str) -> str | None:
    """The topic a per-benchmark board names after its suite: ``CFLUE-注册会计师`` ->
    ``注册会计师``, ``MMLU-anatomy`` -> ``anatomy``; None for other names and for short tails
    (``BFCL-V3`` is no topic ``V3``)."""
    match = _BENCHMARK.match(domain.strip())
    if match is None:
        return None
    topic = match.group("topic").strip()
    return topic if len(_CJK.findall(topic)) >= 2 or len(topic) >= 4 else None


def _unique_topics(domains: Iterable[str]) -> dict[str, str]:
    """Folded topic -> domain, for topics that only one domain has (``CMB-临床`` and
    ``CFLUE-临床`` would leave ``临床`` to nobody)."""
    found: dict[str, list[str]] = {}
    for domain in domains:
        topic = topic_of(domain)
        if topic is not None:
            found.setdefault(fold(topic), []).append(domain)
    return {key: names[0] for key, names in found.items() if len(names) == 1}


@dataclass(frozen=True)
class DomainInfo:
    """One queryable domain of a catalog with every name it answers to."""

    canonical: str
    english: str
    aliases: tuple[str, ...]


class DomainIndex:
    """Resolves what a user types to one of the catalog's own domain headers."""

    def __init__(self, domains: Iterable[str]) -> None:
        ordered = list(dict.fromkeys([TOTAL, *domains]))
        self.domains: tuple[str, ...] = tuple(ordered)
        # Three priorities: the header itself, the registry's aliases, the aliases of its parts.
        exact: dict[str, str] = {}
        alias: dict[str, str] = {}
        part: dict[str, str] = {}
        infos: list[DomainInfo] = []
        for domain in ordered:
            exact.setdefault(domain.casefold(), domain)
            exact.setdefault(fold(domain), domain)
            names = list(aliases_of(domain))
            for name in names:
                alias.setdefault(fold(name), domain)
            part_names: list[str] = []
            for piece in parts_of(domain):
                part_names += [piece, *aliases_of(piece)]
            for name in part_names:
                part.setdefault(fold(name), domain)
            infos.append(
                DomainInfo(domain, english_name(domain), tuple(dict.fromkeys(names + part_names)))
            )
        self._exact, self._alias, self._part = exact, alias, part
        self._topic = _unique_topics(ordered)
        self.infos: tuple[DomainInfo, ...] = tuple(infos)
        self._choices = {
            name: info.canonical
            for info in infos
            for name in (info.canonical, info.english, *info.aliases)
        }

    def resolve(self, query: str) -> str:
        """The canonical header for ``query``; raises ``UnknownDomain`` with suggestions."""
        text = query.strip()
        key = fold(text)
        if key:
            for table in (self._exact, self._alias, self._part, self._topic):
                found = table.get(text.casefold()) or table.get(key)
                if found:
                    return found
        raise UnknownDomain(query=query, suggestions=self.suggest(text))

    def suggest(self, query: str, limit: int = 3) -> list[str]:
        """Canonical domains whose names look like ``query``, best first."""
        if not query:
            return list(self.domains[:limit])
        found = process.extract(
            query.casefold(), list(self._choices), scorer=fuzz.WRatio, limit=limit * 4,
            score_cutoff=50, processor=str.casefold,
        )
        out = list(dict.fromkeys(self._choices[name] for name, _, _ in found))
        return out[:limit]

    def complete(self, query: str, limit: int = 25) -> list[DomainInfo]:
        """Domains for autocomplete: all in board order when empty, else ranked by likeness."""
        if not query.strip():
            return list(self.infos[:limit])
        order: Sequence[str] = self.suggest(query, limit=limit)
        by_name = {i.canonical: i for i in self.infos}
        return [by_name[d] for d in order]
