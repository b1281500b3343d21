"""User-facing text in English and Chinese, shared by the terminal and Discord.

One catalogue per language (``en.py``, ``zh.py``), keyed by message id, with named placeholders
filled in after lookup. A key missing from Chinese falls back to English. Numbers, prices and
domain names are formatted here so every surface writes them the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise
from typing import Any, Literal

from bot.core.domains import english_name
from bot.core.errors import NearModel, NoMatch, UserError
from bot.core.results import CostResult, ModelCard, SourceInfo
from bot.i18n import en, zh

Lang = Literal["en", "zh"]
LANGS: tuple[Lang, ...] = ("en", "zh")
_CATALOGUES: dict[str, dict[str, str]] = {"en": en.MESSAGES, "zh": zh.MESSAGES}


def to_lang(locale: str | None, default: Lang = "en") -> Lang:
    """Map a locale (``zh-CN``, ``zh-TW``, ``en-US``, ``zh``) to a catalogue; others -> default."""
    if not locale:
        return default
    key = str(locale).casefold()
    if key.startswith("zh"):
        return "zh"
    if key.startswith("en"):
        return "en"
    return default


_PLURAL = re.compile(r"\{(?P<name>\w+):(?P<one>[^{}|]*)\|(?P<other>[^{}]*)\}")
"""``{count:model|models}``: the singular when ``count`` is 1 or -1 ("1 board", "16 boards",
"-1 place"). English needs it; Chinese templates simply do not use it."""


def t(lang: str, key: str, /, **params: Any) -> str:
    """The message ``key`` in ``lang`` with ``params`` filled in (English when missing)."""
    template = _CATALOGUES.get(lang, en.MESSAGES).get(key) or en.MESSAGES.get(key, key)
    if "|" in template:
        template = _PLURAL.sub(
            lambda m: m["one"] if params.get(m["name"]) in (1, -1) else m["other"], template)
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template


@dataclass(frozen=True)
class Money:
    """The currency prices are shown in: CNY as the board gives them, or USD at a rate."""

    code: Literal["CNY", "USD"] = "CNY"
    cny_per_usd: float = 7.2

    def convert(self, cny: float) -> float:
        """An amount of 元 in this currency."""
        return cny / self.cny_per_usd if self.code == "USD" else cny


CNY = Money()


def number(value: float | None, lang: str, digits: int = 3) -> str:
    """A number without trailing zeros (``16``, ``1.26``); an em dash when unknown."""
    if value is None:
        return "—"
    text = f"{value:.{digits}f}"
    if "." in text:  # only decimals lose their trailing zeros: 1000 stays 1000
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def price(value: float | None, lang: str, money: Money = CNY) -> str:
    """An output price per million tokens (``1.26元``, or ``$0.175`` in USD); free and unknown
    spelled out."""
    if value is None:
        return t(lang, "price.unknown")
    if value == 0:
        return t(lang, "price.free")
    if money.code == "USD":
        return f"${number(money.convert(value), lang, 3)}"
    return t(lang, "price.value", value=number(value, lang))


def amount(value: float | None, lang: str, money: Money = CNY) -> str:
    """A sum of money (a monthly bill): ``1,234.5元`` or ``$171.46``."""
    if value is None:
        return t(lang, "price.unknown")
    converted = money.convert(value)
    # to the fen at any size: a saving of 2,212.5元 is not 2,212元
    text = f"{converted:,.2f}".rstrip("0").rstrip(".")
    return f"${text}" if money.code == "USD" else t(lang, "price.value", value=text)


def tokens(value: float, lang: str) -> str:
    """A token count the way each language groups it: ``50M`` / ``5000万``."""
    if lang == "zh":
        for unit, size in (("亿", 1e8), ("万", 1e4)):
            if value >= size:
                return f"{number(value / size, lang, 2)}{unit}"
        return number(value, lang, 0)
    for unit, size in (("T", 1e12), ("B", 1e9), ("M", 1e6), ("k", 1e3)):
        if value >= size:
            return f"{number(value / size, lang, 2)}{unit}"
    return number(value, lang, 0)


def per_yuan(value: float | None, lang: str = "en") -> str:
    """Score per 元 with one decimal always (``14.0`` beside ``44.6``, never ``14``); an em
    dash when there is none (a free or unpriced model)."""
    return "—" if value is None else f"{value:.1f}"


def score(value: float | None, lang: str = "en") -> str:
    """A score with one decimal, or an em dash when the board has none."""
    return "—" if value is None else f"{value:.1f}"


def ranked_scores(values: list[float | None]) -> tuple[list[str], bool]:
    """Scores of a ranking, best first, one decimal each; where two neighbours would print
    alike yet differ (88.2 over 88.1667), both get the decimals that tell them apart (88.20,
    88.17), so the order is never decided by a figure nobody sees. Also whether any did."""
    digits = [1] * len(values)
    for i in range(len(values) - 1):
        a, b = values[i], values[i + 1]
        if a is None or b is None or a == b:
            continue
        need = 1
        while need < 4 and f"{a:.{need}f}" == f"{b:.{need}f}":
            need += 1
        digits[i], digits[i + 1] = max(digits[i], need), max(digits[i + 1], need)
    shown = ["—" if v is None else f"{v:.{d}f}" for v, d in zip(values, digits, strict=True)]
    return shown, any(d > 1 for d in digits)


def equal_neighbours(values: list[float | None]) -> bool:
    """Whether two neighbours of a ranking have the very same score (then price decides)."""
    return any(a is not None and a == b for a, b in pairwise(values))


def domain(name: str, lang: str) -> str:
    """A domain's label: the board's own header in Chinese, its English name in English."""
    return name if lang == "zh" else english_name(name)


def ratio(value: float | None, lang: str) -> str:
    """A price ratio such as ``4.1×``."""
    return "—" if value is None else f"{value:.1f}×"


def cheaper(
    lang: str, name: str, winner_score: float | None, winner_price: float, cheaper_score:
    float | None, cheaper_price: float, money: Money = CNY,
) -> str:
    """The "cheaper and close" line of /best: how many points it gives up, for what price."""
    gap = f"{(winner_score or 0.0) - (cheaper_score or 0.0):.1f}"
    if cheaper_price == 0:
        return t(lang, "best.cheaper_free", name=name, score=score(cheaper_score), gap=gap)
    return t(lang, "best.cheaper", name=name, score=score(cheaper_score), gap=gap,
             price=price(cheaper_price, lang, money),
             ratio=f"{winner_price / cheaper_price:.1f}")


def budget_price(value: float, lang: str) -> str:
    """A budget as typed, in 元: ``5元``, and ``0元`` for 0 (a price of 0 reads "free", a
    budget of 0 does not: "costs free or less" says nothing)."""
    return t(lang, "price.value", value=number(value, lang))


def filters(lang: str, budget: float | None = None, org: str | None = None,
            kind: str | None = None) -> str | None:
    """``Filters: budget ≤ 5元, org = 阿里巴巴, type = open-source`` for the filters a ranking
    applied, or None. A budget is shown in 元 whatever the server's currency: it is typed in 元."""
    parts = []
    if budget is not None:
        parts.append(f"{t(lang, 'option.budget')} ≤ {budget_price(budget, lang)}")
    if org:
        parts.append(f"{t(lang, 'option.org')} = {org}")
    if kind:
        parts.append(f"{t(lang, 'option.type')} = {category(kind, lang)}")
    return t(lang, "leaderboard.filters", filters=", ".join(parts)) if parts else None


def category(kind: str | None, lang: str) -> str:
    """``open`` -> open-source / 开源, ``commercial`` -> commercial / 商用; unknown -> a dash."""
    return t(lang, f"kind.{kind}") if kind else "—"


def release(version: str | None, day: object | None, lang: str) -> str:
    """``CLiB v5.11.7 (2026-09-08)``; a release whose version is unknown says so."""
    if not version:
        return t(lang, "source.unknown")
    if day:
        return t(lang, "source.release", release=version, date=str(day))
    return t(lang, "source.release_nodate", release=version)


def rank(value: int | None, rank_of: str, domain_name: str, lang: str) -> str:
    """What a rank is of, with it: ``#3 on 医疗与心理健康`` (its rank on that board) or
    ``#8 by Medical in the release`` (by that score among the release's models); a dash for
    no rank. A rank is never shown beside the title of a board it was not taken from."""
    if value is None:
        return "—"
    if rank_of == "release":
        return t(lang, "rank.release", rank=value, domain=domain(domain_name, lang))
    return t(lang, "rank.board", rank=value, board=rank_of)


def new_marker(card: ModelCard, lang: str) -> str:
    """"new in this release", or, on a card of an older release, new in that one."""
    if card.current:
        return t(lang, "model.new")
    return t(lang, "model.new_in", release=card.release or "?")


def headline(card: ModelCard, lang: str) -> str:
    """``#4 of 97 by total in v5.11.7``: the rank by total among the release's models;
    a model without a total is not ranked, nor one no board scores (which names no board)."""
    named = release(card.release, None, lang)
    if card.board is None:  # no board scores it: listed at "/%" only
        return t(lang, "model.unmeasured", release=named)
    if card.rank is None:
        return t(lang, "model.unranked", release=named)
    return t(lang, "model.rank", rank=card.rank, size=card.rank_size, release=named)


def cost_lines(result: CostResult, lang: str, shown_price: str, shown_cost: str) -> list[str]:
    """The monthly bill (a free model's says so, never "at free per million") and, when the
    model is from an older release than the alternatives, whose price it is."""
    m = result.model
    lines = [t(lang, "cost.free", tokens=tokens(result.monthly_tokens, lang)) if m.price == 0
             else t(lang, "cost.monthly", cost=shown_cost,
                    tokens=tokens(result.monthly_tokens, lang), price=shown_price)]
    if m.release != result.current_release:
        lines.append(t(lang, "cost.older_price", name=m.name, release=m.release or "?",
                       current=result.current_release or "?"))
    return lines


def listing(names: list[str], lang: str, limit: int = 3) -> str:
    """``a, b, c +2 more``: the first ``limit`` names and how many more there are."""
    shown = ", ".join(names[:limit])
    if len(names) > limit:
        shown += " " + t(lang, "source.more", count=len(names) - limit)
    return shown


def source_line(source: SourceInfo, lang: str, limit: int = 3) -> str:
    """``Data: CLiB v5.11.7 (2026-09-08) · 医疗与心理健康, commerce1 +2 more``."""
    if source.release is None and len(source.releases) > 1:  # models of several releases
        named = t(lang, "source.releases", releases=", ".join(v or "?" for v in source.releases))
    else:
        named = release(source.release, source.date, lang)
    return t(lang, "source.line", release=named, boards=listing(source.boards, lang, limit) or "—")


def measure(value: float | None, unit: str, lang: str) -> str:
    """A measured figure: ``51 s``, ``2,920`` tokens, ``99元``; unknown -> a dash."""
    if value is None:
        return "—"
    if unit == "latency":
        return f"{number(value, lang, 1)} s"
    if unit == "tokens":
        return f"{value:,.0f}"
    return t(lang, "price.value", value=number(value, lang, 2))


def applied_filters(applied: dict[str, Any], lang: str) -> str:
    """`` (org = 阿里巴巴, without the models this server hides)`` for the filters a query
    applied (by option name, as ``NoMatch`` carries them), or "" when none did. A filter with
    a message of its own (``filter.NAME``) uses it; any other reads ``option = value``, so a
    new filter needs no code here."""
    parts = []
    for name, value in applied.items():
        if name == "type":
            value = category(value, lang)
        key = f"filter.{name}"
        if key in en.MESSAGES:
            parts.append(t(lang, key, value=value))
        else:
            label = t(lang, f"option.{name}") if f"option.{name}" in en.MESSAGES else name
            parts.append(t(lang, "filter.any", option=label, value=value))
    if not parts:
        return ""
    return t(lang, "filter.list", filters=t(lang, "filter.separator").join(parts))


def _formatted(error: UserError, lang: str) -> dict[str, Any]:
    params = dict(error.params)
    params["filters"] = applied_filters(params.get("filters") or {}, lang)
    if params.get("budget") is not None:
        params["budget"] = budget_price(params["budget"], lang)
    if "cheapest_price" in params:
        params["cheapest_price"] = price(params["cheapest_price"], lang)
    if "domain" in params:
        params["domain"] = domain(params["domain"], lang)
    if "kind" in params:
        params["kind"] = category(params["kind"], lang)
    if "option" in params and f"option.{params['option']}" in en.MESSAGES:
        params["option"] = t(lang, f"option.{params['option']}")
    if params.get("reason") == "unknown_command":
        params["commands"] = command_list(lang)
    return params


def command_list(lang: str) -> str:
    """The commands a user may type, in the names their language shows: ``/best, /compare``;
    ``/最佳 (/best), /对比 (/compare)`` in Chinese, where both work."""
    from bot.core.commands import COMMAND_NAMES_ZH  # the command layer, not the catalogue
    from bot.core.requests import REQUESTS

    if lang == "zh":
        return "、".join(f"/{COMMAND_NAMES_ZH.get(c, c)} (/{c})" for c in REQUESTS)
    return ", ".join(f"/{c}" for c in REQUESTS)


def error_message(error: UserError, lang: str) -> str:
    """The full localized message for a user error, suggestions excluded."""
    params = _formatted(error, lang)
    if error.kind == "invalid_option":
        reason = params.get("reason", "invalid")
        if reason == "weights" and not str(params.get("value", "")).strip():
            reason = "weights_missing"  # nothing given: show what to give, not "“” is not that"
        return t(lang, f"invalid_option.{reason}", **params)
    return _message(error, params, lang) + _in_release(error, lang)


def _message(error: UserError, params: dict[str, Any], lang: str) -> str:
    if isinstance(error, NearModel) and error.suggestions:
        # one model comes close but the rules do not let it be taken: a question, not a list
        return t(lang, "error.did_you_mean", query=params.get("query", ""),
                 name=_suggested(error, lang)[0])
    if error.kind == "not_understood":  # a plain question (bot.core.questions)
        return t(lang, f"not_understood.{params.get('reason', 'nothing')}", **params)
    if isinstance(error, NoMatch):
        reason = params.get("reason", "budget")
        if reason == "budget" and params.get("cheapest") is None:
            reason = "budget_unpriced"
        return t(lang, f"no_match.{reason}", **params)
    return t(lang, f"error.{error.kind}", **params)


def _in_release(error: UserError, lang: str) -> str:
    """`` (CLiB v5.11.7)``: the release(s) an error was checked against, when known."""
    versions = error.params.get("release")
    return t(lang, "error.in_release", release=versions) if versions else ""


def suggestions_line(error: UserError, lang: str) -> str | None:
    """``Did you mean: a, b?`` (or the Chinese), when the error carries suggestions."""
    if not error.suggestions or error.kind == "no_match" or isinstance(error, NearModel):
        return None  # (a near model: the message asks about it by name)
    names = ", ".join(_suggested(error, lang))
    more = error.details.get("more") if error.kind in ("ambiguous_model", "unknown_model") else 0
    if more:
        names += t(lang, "error.more", count=more)
    key = "error.candidates" if error.kind == "ambiguous_model" else "error.suggestions"
    if error.kind == "not_understood":
        key = "question.try"
    return t(lang, key, names=names)


def _suggested(error: UserError, lang: str) -> list[str]:
    """The suggested names as the bot prints them: a model of an older release with its
    release (``qwq-32b (v3.6)``), which resolves back to it when typed."""
    releases = (error.details.get("releases") or {}) if error.kind.endswith("_model") else {}
    return [f"{name} ({releases[name]})" if name in releases else name
            for name in error.suggestions]
