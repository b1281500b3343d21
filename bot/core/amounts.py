"""Parsing what people type for weights (``医疗=2 法律=1``) and token volumes (``50M``,
``2.5亿``): small grammars with clear errors that show the accepted form."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping

from bot.core.domains import DomainIndex
from bot.core.errors import InvalidOption, UnknownDomain

MAX_WEIGHT = 100.0
MAX_TOKENS = 1e15  # a quadrillion tokens a period is past any real budget

_ITEM_SPLIT = re.compile(r"[,，;；、\s]+")
_PAIR = re.compile(r"^(?P<name>.+?)\s*[=:：＝]\s*(?P<weight>[^=:：＝]+)$")
_TOKENS = re.compile(
    r"^(?P<number>\d+(?:\.\d+)?|\.\d+)\s*(?P<unit>[kmbt]|万|亿|千|百万|千万|十亿|thousand|million|"
    r"billion|trillion)?\s*(?:tokens?|tok)?$",
    re.IGNORECASE,
)
_UNITS = {
    None: 1, "k": 1e3, "千": 1e3, "thousand": 1e3, "万": 1e4, "m": 1e6, "百万": 1e6,
    "million": 1e6, "千万": 1e7, "亿": 1e8, "b": 1e9, "十亿": 1e9, "billion": 1e9, "t": 1e12,
    "trillion": 1e12,
}


def _is_domain(name: str, domains: DomainIndex) -> bool:
    try:
        domains.resolve(name)
    except UnknownDomain:
        return False
    return True


def _items(text: str, domains: DomainIndex) -> list[str]:
    """``name[=weight]`` items. Commas always separate; spaces separate too, except inside a
    domain name of several words ("mental health:3", "reasoning & math"), found longest first.
    """
    items: list[str] = []
    for chunk in re.split(r"[,，;；、]+", text):
        words = chunk.split()
        while words:
            # the longest run of words that makes one item: a domain name, or a name=weight
            for size in range(len(words), 0, -1):
                head = " ".join(words[:size])
                match = _PAIR.match(head)
                if match and " " in match.group("weight"):
                    continue  # a pair ends with its weight: "math:2 law" is two items
                name = match.group("name") if match else head
                if size == 1 or (_is_domain(name, domains) and (
                        match or not any(_PAIR.match(w) for w in words[:size]))):
                    items.append(head)
                    words = words[size:]
                    break
    return items


def parse_weights(text: str, domains: DomainIndex) -> dict[str, float]:
    """``医疗=2 法律=1``, ``medical:2, law:1`` or bare names (weight 1) -> {domain: weight}.

    Domain names resolve like everywhere else (Chinese, English, aliases); a name that is no
    domain raises ``UnknownDomain``; anything else malformed raises ``InvalidOption`` whose
    message shows the accepted form.
    """
    tight = re.sub(r"\s*([=:：＝])\s*", r"\1", text.strip())  # "医疗 = 2" is one pair
    items = _items(tight, domains)
    if not items:
        raise InvalidOption(option="weights", value=text, reason="weights")
    pairs: list[tuple[str, float, str]] = []
    for item in items:
        match = _PAIR.match(item)
        name, raw = (match.group("name"), match.group("weight")) if match else (item, "1")
        try:
            pairs.append((name, float(raw), item))
        except ValueError:
            raise InvalidOption(option="weights", value=item, reason="weights") from None
    return _resolved(pairs, domains)


def resolve_weights(weights: Mapping[str, float], domains: DomainIndex) -> dict[str, float]:
    """Saved weights ({domain: weight}, as /settings keeps them) checked against the loaded
    domains as typed ones are: a domain a new release no longer has is an ``UnknownDomain``."""
    return _resolved([(name, weight, f"{name}={weight:g}") for name, weight in weights.items()],
                     domains)


def _resolved(pairs: Iterable[tuple[str, float, str]], domains: DomainIndex) -> dict[str, float]:
    """(name, weight, as typed) -> {canonical domain: weight}, every weight in range."""
    weights: dict[str, float] = {}
    typed: dict[str, str] = {}
    for name, weight, item in pairs:
        if not math.isfinite(weight) or weight <= 0 or weight > MAX_WEIGHT:
            raise InvalidOption(option="weights", value=item, reason="weight_range",
                                high=MAX_WEIGHT)
        domain = domains.resolve(name)
        if domain in weights:
            # "医疗=2 医疗=1" (or 医疗 and 心理健康, one merged domain): the domain is twice
            raise InvalidOption(option="weights", value=item, reason="weighted_twice",
                                domain=domain, first=typed[domain])
        weights[domain] = weight
        typed[domain] = item
    return weights


def format_weights(weights: dict[str, float]) -> str:
    """The canonical text of a weight map (``医疗=2 法律=1``), the form ``parse_weights`` reads."""
    return " ".join(f"{d}={w:g}" for d, w in weights.items())


def parse_tokens(text: str | float | int) -> float:
    """``50M``, ``2.5亿``, ``3000万``, ``1.2B``, ``500k``, ``1e9`` or a plain number -> tokens."""
    if isinstance(text, bool):
        raise InvalidOption(option="tokens", value=str(text), reason="tokens")
    if isinstance(text, int | float):
        value = float(text)
    else:
        cleaned = text.strip().replace(",", "").replace("_", "").replace(" ", "")
        match = _TOKENS.match(cleaned)
        if match:
            value = float(match.group("number")) * _UNITS[
                (match.group("unit") or "").casefold() or None
            ]
        else:
            try:
                value = float(cleaned)
            except ValueError:
                raise InvalidOption(option="tokens", value=text[:40], reason="tokens") from None
    if not math.isfinite(value) or value <= 0 or value > MAX_TOKENS:
        raise InvalidOption(option="tokens", value=str(text)[:40], reason="tokens")
    return value
