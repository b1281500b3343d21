"""Amounts in a sentence: budgets and prices (``5块``, ``¥5``, ``不超过5元``, ``under 5 yuan``,
``5元/百万token``), token volumes (``5000万``, ``50M tokens``), how many (``前5``, ``top 3``).

Every pattern is a run of literals and bounded classes (no nested repetition), so finding
them is linear in the sentence. A lower bound (``5元以上``, ``more than 5 yuan``) and a price
in another currency (``$5``) are found too, so that they are refused rather than read as a
budget the sentence did not give.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

QuantityKind = Literal["budget", "tokens", "top", "lower_bound", "currency", "number"]

_DIGITS = "零〇一二两三四五六七八九"
_HAN_NUMBER = re.compile(
    rf"(?<![{_DIGITS}十百千万亿])[{_DIGITS}十][{_DIGITS}十百千]{{0,6}}[万亿]?"
    r"(?=(?:块|元|毛|角|万|亿|名|款|个token|token))"
)
_HAN_VALUES = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_HAN_UNITS = {"十": 10, "百": 100, "千": 1000}

_NOT_AFTER = r"(?<![a-z0-9.\-_/])"  # a number inside a model name (gpt-5.5, k3) is not an amount


def _number(name: str = "num") -> str:
    return rf"(?P<{name}>\d{{1,12}}(?:\.\d{{1,6}})?)"


_NUMBER = _number()
_TOKEN_WORD = r"(?:个\s*)?(?:output\s*)?(?:tokens?|tok)"
_PER_MILLION = (rf"(?:\s*(?:/|每|per|一|a)\s*(?:(?P<per>百万|1m|m|million|千|1k|k|thousand)"
                rf"(?=\s*{_TOKEN_WORD}|[^a-z]|$)\s*{_TOKEN_WORD}?|{_TOKEN_WORD}))?")
_MONEY = re.compile(
    rf"(?:[¥￥]\s*{_number('sign')}|{_NOT_AFTER}{_NUMBER}\s*(?P<unit>元钱|元|块钱|块|毛钱|毛|角|rmb|cny|"
    rf"yuan|kuai)(?![a-z]))(?:(?<=块)(?P<cents>[1-9一二三四五六七八九])(?![\d.万亿kmb个名]))?{_PER_MILLION}"
    r"(?:\s*(?:max|at most|tops|以内|以下|之内|封顶)(?![a-z]))?",
)
_FOREIGN = re.compile(
    rf"(?:[$€£]\s*\d|{_NOT_AFTER}\d{{1,12}}(?:\.\d+)?\s*(?:usd|dollars?|bucks|美元|美金|刀|eur|euros?)"
    r"(?![a-z]))"
)
# A bare number after a budget word (预算5, budget 5, under 5) or before 以内/以下.
_BARE_BUDGET = re.compile(
    rf"(?:(?:预算|budget|价格|price|不超过|不高于|低于|少于|小于|最多|under|below|less than|"
    rf"at most|max|within|up to|<=?|≤)\s*(?:是|在|为|:|of|is)?\s*{_NOT_AFTER}{_NUMBER}"
    rf"(?![\d.a-z%]|\s*(?:[万亿kmb]|个|名|token|billion|million))"
    rf"|{_NOT_AFTER}{_number('within')}\s*(?:以内|以下|之内))"
)
_LOWER_BEFORE = re.compile(r"(?:(?<!不)(?:超过|高于|大于|多于)|不低于|至少|起码|more than|"
                           r"over|above|at least|greater than|>=?|≥)\s*(?:是|在)?\s*$")
_LOWER_AFTER = re.compile(r"^\s*(?:以上|起步|起|多)")
_TOKENS = re.compile(
    rf"{_NOT_AFTER}{_NUMBER}\s*(?:(?P<unit>千万|百万|万|亿|thousand|million|billion|mn|bn|k|m)"
    rf"(?=\s*{_TOKEN_WORD}|[^a-z]|$)\s*{_TOKEN_WORD}?|(?P<unit2>b)\s*{_TOKEN_WORD}|\s*{_TOKEN_WORD})"
    r"(?![a-z])"
)
_TOKEN_UNITS = {"": 1.0, "k": 1e3, "thousand": 1e3, "千": 1e3, "万": 1e4, "m": 1e6, "mn": 1e6,
                "million": 1e6, "百万": 1e6, "千万": 1e7, "亿": 1e8, "b": 1e9, "bn": 1e9,
                "billion": 1e9}
_TOP = re.compile(
    rf"(?:top\s*|前\s*){_NUMBER}(?!\d)(?:\s*(?:名|个|款))?"
    rf"|{_NOT_AFTER}(?P<count>[2-9]|1\d|2[0-5])\s*(?:个模型|款模型|个|款|名)(?!\s*token)"
)
_PER_UNIT = {None: 1.0, "百万": 1.0, "1m": 1.0, "m": 1.0, "million": 1.0,
             "千": 1000.0, "1k": 1000.0, "k": 1000.0, "thousand": 1000.0}
_SUBUNIT = {"毛": 0.1, "毛钱": 0.1, "角": 0.1}


@dataclass(frozen=True)
class Quantity:
    """One amount found in the sentence, with where it is."""

    kind: QuantityKind
    value: float
    start: int
    end: int
    text: str


def han_to_digits(text: str) -> str:
    """Chinese numerals before a unit as digits: 五块 -> 5块, 五千万token -> 50000000token."""
    return _HAN_NUMBER.sub(lambda m: _format(_han_value(m.group(0))), text)


def _format(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


def _han_value(text: str) -> float:
    total, section, digit = 0.0, 0.0, 0.0
    for char in text:
        if char in _HAN_VALUES:
            digit = _HAN_VALUES[char]
        elif char in _HAN_UNITS:
            section += (digit or 1) * _HAN_UNITS[char]
            digit = 0
        else:  # 万 or 亿 closes a section
            total += (section + digit) * (1e4 if char == "万" else 1e8)
            section = digit = 0
    return total + section + digit


def find_quantities(text: str) -> list[Quantity]:
    """Every amount of ``text`` (lower-case, numerals as digits), in order, not overlapping:
    money first (a price per million tokens names a million), then token volumes, budgets
    given as bare numbers and counts."""
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    def add(kind: QuantityKind, value: float, match: re.Match[str]) -> None:
        found.append(Quantity(kind, value, match.start(), match.end(), match.group(0).strip()))
        taken.append((match.start(), match.end()))

    for match in _FOREIGN.finditer(text):
        add("currency", 0.0, match)
    for match in _MONEY.finditer(text):
        if free(match.start(), match.end()):
            add(_bound(text, match), _money(match), match)
    for match in _BARE_BUDGET.finditer(text):
        if free(match.start(), match.end()):
            add(_bound(text, match), float(match.group("num") or match.group("within")), match)
    for match in _TOKENS.finditer(text):
        if free(match.start(), match.end()):
            unit = (match.group("unit") or match.group("unit2") or "").casefold()
            add("tokens", float(match.group("num")) * _TOKEN_UNITS[unit], match)
    for match in _TOP.finditer(text):
        if free(match.start(), match.end()):
            add("top", float(match.group("num") or match.group("count")), match)
    return sorted(found, key=lambda q: q.start)


def _money(match: re.Match[str]) -> float:
    value = float(match.group("num") or match.group("sign"))
    unit = match.group("unit")
    if unit in _SUBUNIT:
        value *= _SUBUNIT[unit]
    elif match.group("cents"):  # 两块五: 2.5
        cents = match.group("cents")
        value += (int(cents) if cents.isdigit() else _HAN_VALUES[cents]) / 10
    return value * _PER_UNIT.get(match.group("per"), 1.0)


def _bound(text: str, match: re.Match[str]) -> QuantityKind:
    """``budget`` for an upper limit or a plain price; ``lower_bound`` for 5元以上 and the like
    (the commands filter by a highest price only)."""
    before = text[max(0, match.start() - 16):match.start()]
    after = text[match.end():match.end() + 4]
    if _LOWER_BEFORE.search(before) or _LOWER_AFTER.match(after):
        return "lower_bound"
    return "budget"


def format_tokens(value: float) -> str:
    """A token volume in the short form ``parse_tokens`` reads back: 50M, 1.5B, 800k."""
    for unit, size in (("B", 1e9), ("M", 1e6), ("k", 1e3)):
        if value >= size and round(value / size, 3) * size == value:
            return f"{value / size:g}{unit}"
    return f"{value:g}" if value < 1e15 else str(int(value))
