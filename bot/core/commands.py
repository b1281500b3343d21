"""The command layer shared by Discord and the terminal: options in, a typed request out.

``parse_command_line('/best 医疗 budget:5')`` reads a command typed as in Discord: required
options may be given positionally in order, others as ``name:value``; quotes group words.
``build_request(name, options)`` validates options (from text or from Discord) into a request,
turning pydantic's complaints into one ``InvalidOption`` that names the option.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError
from rapidfuzz import process

from bot.core.amounts import parse_tokens
from bot.core.errors import InvalidOption
from bot.core.requests import MAX_TEXT, MONEY, REQUESTS, CostRequest, Request, clean_text

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "「": '"', "」": '"',
                         "『": '"', "』": '"', "：": ":", "＝": "="})
MAX_LINE = 2000
_OPTION_NAME = re.compile(r"[a-z][a-z_]*")
_UNITS = frozenset({"元", "rmb", "cny", "yuan", "¥", "￥"})
"""A currency written apart from its amount (``budget:5 元``): part of the amount."""


def _unknown_command(name: str) -> InvalidOption:
    near = process.extract(name, list(REQUESTS), limit=2, score_cutoff=60)
    return InvalidOption(
        option="command", value=name, reason="unknown_command",
        commands=", ".join(f"/{c}" for c in REQUESTS), suggestions=[f"/{n}" for n, _, _ in near],
    )


COMMAND_NAMES_ZH: dict[str, str] = {
    "best": "最佳", "compare": "对比", "model": "模型", "leaderboard": "排行榜", "value": "性价比",
    "recommend": "推荐", "cost": "成本", "domains": "领域", "about": "关于",
    "history": "历史", "changes": "变动",
}
"""The Chinese names Discord shows zh-CN users; the terminal accepts them too."""
OPTION_NAMES_ZH: dict[str, str] = {
    "domain": "领域", "budget": "预算", "top": "数量", "org": "机构", "model_a": "模型1",
    "model_b": "模型2", "model_c": "模型3", "model_d": "模型4", "name": "名称", "page": "页码",
    "per_page": "每页数量", "weights": "权重", "tokens": "用量", "period": "周期", "model": "模型",
    "type": "类别", "release": "版本", "from": "起始版本", "to": "截止版本",
}
DISCORD_ONLY: dict[str, str] = {"reload": "重新加载", "settings": "设置", "watch": "订阅变动"}
"""Commands that exist in Discord only (a server's admin tools), by their Chinese names too."""
_ALL_OPTIONS = frozenset(name for cls in REQUESTS.values() for name in cls.model_fields)
_COMMANDS_BY_ZH = {zh: en for en, zh in COMMAND_NAMES_ZH.items()}
_OPTIONS_BY_ZH = {zh: en for en, zh in OPTION_NAMES_ZH.items()}


def request_class(name: str) -> type[Request]:
    """The request class of a command name (``best``, ``/best`` or ``/最佳``)."""
    key = name.strip().lstrip("/").casefold()
    key = _COMMANDS_BY_ZH.get(key, key)
    if key in DISCORD_ONLY or key in DISCORD_ONLY.values():
        raise InvalidOption(option="command", value=name.strip()[:50], reason="discord_only")
    if key not in REQUESTS:
        raise _unknown_command(name.strip()[:50])
    return REQUESTS[key]


def command_name(text: str) -> str | None:
    """The English name of the command a typed line starts with (``/重新加载`` -> ``reload``,
    Discord-only ones too), or None when it starts with none: JSON names the command even
    when its options are wrong."""
    words = clean_text(text.translate(_QUOTES)).split(maxsplit=1)
    key = words[0].lstrip("/").casefold() if words else ""
    key = _COMMANDS_BY_ZH.get(key, key)
    key = {zh: en for en, zh in DISCORD_ONLY.items()}.get(key, key)
    return key if key in REQUESTS or key in DISCORD_ONLY else None


def parse_command_line(text: str) -> tuple[str, dict[str, str]]:
    """Split a typed command into its name and its options by name."""
    line = clean_text(text.translate(_QUOTES))  # no control characters to echo back
    if not line:
        raise InvalidOption(option="command", value="", reason="empty")
    if len(line) > MAX_LINE:
        raise InvalidOption(option="command", value=line[:40] + "…", reason="too_long",
                            limit=MAX_LINE)
    try:
        words = shlex.split(line)
    except ValueError:
        raise InvalidOption(option="command", value=line[:80], reason="quotes") from None
    if not words:
        raise InvalidOption(option="command", value="", reason="empty")
    cls = request_class(words[0])
    names = [field.alias or name for name, field in cls.model_fields.items()]  # from, not from_
    fields = set(names)
    options: dict[str, str] = {}
    loose: list[str] = []
    rest = list(words[1:])
    last = ""  # the option the previous word gave a value to
    while rest:
        word = rest.pop(0)
        if word.casefold() in _UNITS and _amount_before(word, last, options, loose):
            continue
        key, sep, value = _split_option(word)
        if sep and not value and rest and key in fields and _split_option(rest[0])[0] not in fields:
            value = rest.pop(0)  # "budget: 5": a space after the colon
        if not sep and rest and key in fields and key not in cls.free_text:
            sep, value = " ", rest.pop(0)  # "budget 5", as people type it
        last = key if sep and key in fields else ""
        if sep and key in fields:
            if key in options:
                raise InvalidOption(option=key, value=value, reason="duplicate")
            if not value.strip():  # "budget:" alone would silently mean no budget at all
                raise InvalidOption(option=key, value="", reason="no_value", command=cls.command)
            options[key] = value
        elif sep and _OPTION_NAME.fullmatch(key) and (not cls.free_text or key in _ALL_OPTIONS):
            # "color:red" is a mistyped option, not a value for the next positional slot; an
            # option of another command (budget: on /cost) is one even where values are free
            raise InvalidOption(option=key, value=value, reason="unknown_option",
                                command=cls.command, options=", ".join(names))
        else:
            loose.append(word)
    slots = [name for name in cls.positional if name not in options]
    if len(slots) == 1 and len(loose) > 1:
        loose = [" ".join(loose)]  # "/model deepseek r1" names one model
    if len(loose) > len(slots):
        # a command whose every positional option is a name (/compare) counts names
        names = len(cls.positional) > 1 and set(cls.positional) <= cls.free_text
        raise InvalidOption(option="command", value=" ".join(loose[len(slots):])[:80],
                            reason="too_many_names" if names else "too_many",
                            command=cls.command, limit=len(cls.positional))
    options.update(zip(slots, loose, strict=False))
    return cls.command, options


def _split_option(word: str) -> tuple[str, str, str]:
    """``budget:5`` -> (``budget``, ``:``, ``5``); a word without an option name has no
    separator. Chinese option names (预算:5, as Discord shows them) are read as English."""
    key, sep, value = word.partition(":")
    if not sep:
        key, sep, value = word.partition("=")
    if any(c.isspace() for c in key):
        sep = ""  # a quoted phrase ("medical:2, law:1") is a value, never an option
    key = key.strip().casefold().replace("-", "_")
    return _OPTIONS_BY_ZH.get(key, key), sep, value


def _amount_before(unit: str, last: str, options: dict[str, str], loose: list[str]) -> bool:
    """Glue a currency written apart (``budget:5 元``, ``/best 医疗 5 元``) to the amount just
    before it; False when no amount precedes it."""
    if last == "budget":
        options["budget"] += unit
        return True
    if not last and loose and MONEY.match(loose[-1]):
        loose[-1] += unit
        return True
    return False


def build_request(command: str | type[Request], options: Mapping[str, Any]) -> Request:
    """Validate options into the command's request (a request class, or a command's name as
    typed); raise ``InvalidOption`` naming the option."""
    cls = command if isinstance(command, type) else request_class(command)
    given = {k: v for k, v in options.items() if v is not None}
    try:
        return cls.model_validate(given)
    except ValidationError as exc:
        problem = exc.errors()[0]
        option = str(problem["loc"][0]) if problem["loc"] else "command"
        value = given.get(option, "")
        if _misplaced(cls, problem, given):
            # /cost 50M: the one value given is the tokens, so the model is what is missing
            raise InvalidOption(option=cls.positional[0], value=str(given[cls.positional[0]]),
                                reason="missing_before", command=cls.command,
                                usage=_usage(cls)) from None
        raise InvalidOption(
            option=option, value=clean_text(str(value))[:80], reason=_reason(problem),
            command=cls.command, **_bounds(problem, cls, option), limit=MAX_TEXT,
        ) from None


def _misplaced(cls: type[Request], problem: Mapping[str, Any], given: Mapping[str, Any]) -> bool:
    """/cost lacks its tokens, and what filled the model's slot reads as tokens (``/cost 50M``):
    the model is what is missing, not the tokens."""
    if cls is not CostRequest or problem["type"] != "missing" or \
            tuple(problem["loc"][:1]) != ("tokens",) or not isinstance(given.get("model"), str):
        return False
    try:
        parse_tokens(given["model"])
    except InvalidOption:
        return False
    return True


def _usage(cls: type[Request]) -> str:
    """``/cost MODEL TOKENS [PERIOD]``: the positional options in order, optional ones in
    brackets."""
    names = [name.upper() if cls.model_fields[name].is_required() else f"[{name.upper()}]"
             for name in cls.positional]
    return " ".join([f"/{cls.command}", *names])


def _reason(problem: Mapping[str, Any]) -> str:
    kind = problem["type"]
    message = str(problem.get("msg", ""))
    if kind == "missing":
        return "missing"
    if kind == "kind":
        return "kind"
    if kind == "extra_forbidden":
        return "unknown_option"
    if kind == "budget_too_small":
        return "too_small"
    if kind == "period":
        return "period"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return "range"
    if kind.startswith("int_"):
        return "integer"
    if "too long" in message:
        return "too_long"
    if "empty" in message:
        return "empty"
    if "number" in message:
        return "number"
    return "invalid"


def _bounds(problem: Mapping[str, Any], cls: type[Request], option: str) -> dict[str, Any]:
    """Both ends of a range: pydantic names only the one that was crossed."""
    ctx = dict(problem.get("ctx") or {})
    field = cls.model_fields.get(option)
    for rule in field.metadata if field is not None else ():
        for key in ("ge", "le"):
            if hasattr(rule, key):
                ctx.setdefault(key, getattr(rule, key))
    out: dict[str, Any] = {}
    if "ge" in ctx:
        out["low"] = ctx["ge"]
    if "le" in ctx:
        out["high"] = ctx["le"]
    return out
