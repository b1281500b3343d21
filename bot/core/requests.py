"""Typed requests: what each command asks, validated the same way for Discord and the terminal."""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from bot.core.models import TOTAL, Category

MONEY = re.compile(r"^\s*[¥￥]?\s*(?P<value>[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?)\s*"
                    r"(?:元|rmb|cny)?\s*$", re.IGNORECASE)
MAX_TOP = 25
MAX_PER_PAGE = 25
MAX_PAGE = 10_000
MAX_TEXT = 200  # longer option text cannot name anything on a board
MAX_BUDGET = 1_000_000  # 元 per million tokens; far above any board's dearest model
MIN_BUDGET = 0.001  # the smallest budget that reads as more than 0元 (3 decimals are shown)
# C0 and C1 controls (tabs and newlines too) separate words; bidi overrides, zero-width spaces
# and the byte-order mark only hide or reorder what is echoed back, so they go.
_INVISIBLE = {**dict.fromkeys([*range(0x20), *range(0x7F, 0xA0)], " "),
              **dict.fromkeys([0x200B, 0x200E, 0x200F, *range(0x202A, 0x202F),
                               *range(0x2066, 0x206A), 0xFEFF], None)}


def clean_text(text: str) -> str:
    """Typed text made safe to match and to echo: compatibility forms folded (a Chinese IME's
    full-width ``ｑｗｑ－３２ｂ`` is ``qwq-32b``), control and bidi characters removed, runs of
    spaces folded to one."""
    return " ".join(unicodedata.normalize("NFKC", text).translate(_INVISIBLE).split())


def parse_budget(value: Any) -> Any:
    """``5``, ``5元``, ``¥2.5`` -> float; NaN, infinity and negatives are refused."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str):
        match = MONEY.match(value)
        if not match:
            raise ValueError("not a number")
        value = float(match.group("value"))
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("not a number")
    if not math.isfinite(value) or value < 0:
        raise ValueError("not a finite number >= 0")
    if value > MAX_BUDGET:
        raise PydanticCustomError("less_than_equal", "Input should be at most {le}",
                                  {"ge": 0, "le": MAX_BUDGET})
    if 0 < value < MIN_BUDGET:  # 1e-320 would be shown, and stored, as a budget of 0元
        raise PydanticCustomError("budget_too_small", "Input should be 0 or at least {ge}",
                                  {"ge": MIN_BUDGET})
    return float(value) + 0.0  # -0.0 becomes 0.0


def _text(value: Any) -> Any:
    if isinstance(value, str):
        value = clean_text(value)
        if len(value) > MAX_TEXT:
            raise ValueError("too long")
        if not value:
            raise ValueError("empty")
    return value


def _optional_text(value: Any) -> Any:
    if isinstance(value, str) and not clean_text(value):
        return None
    return _text(value)


_KINDS: dict[str, Category | None] = {
    "open": "open", "opensource": "open", "open-source": "open", "open_source": "open",
    "oss": "open", "开源": "open", "commercial": "commercial", "closed": "commercial",
    "proprietary": "commercial", "商用": "commercial", "闭源": "commercial", "商业": "commercial",
    "any": None, "all": None, "全部": None, "不限": None,
}


def parse_kind(value: Any) -> Any:
    """``open``/``开源`` or ``commercial``/``商用`` (``any`` for no filter)."""
    if value is None:
        return None
    if isinstance(value, str):
        key = clean_text(value).casefold().replace(" ", "-")
        if not key:
            return None
        if key not in _KINDS:
            raise PydanticCustomError("kind", "not open or commercial")
        return _KINDS[key]
    return value


def _weights(value: Any) -> Any:
    if isinstance(value, dict):  # a server's saved weights, already {domain: weight}
        return value
    return _optional_text(value)


Budget = Annotated[float | None, BeforeValidator(parse_budget)]
Weights = Annotated[str | dict[str, float] | None, BeforeValidator(_weights)]
"""Weights as typed (``医疗=2 法律=1``), or as a server saved them ({domain: weight})."""
Kind = Annotated[Category | None, BeforeValidator(parse_kind)]
Text = Annotated[str, BeforeValidator(_text)]
OptionalText = Annotated[str | None, BeforeValidator(_optional_text)]
ReleaseName = OptionalText
"""A release held (``v5.8``): the query answers from it, as the board stood then."""


class Request(BaseModel):
    """Base of every request; ``command`` names it, unknown options are refused."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)
    command: ClassVar[str]
    positional: ClassVar[tuple[str, ...]] = ()
    """Options that may be given without ``name:``, in this order."""
    free_text: ClassVar[frozenset[str]] = frozenset()
    """Options whose values may hold a colon or an equals sign (a model name such as
    ``qwen2.5:72b``, weights such as ``medical:2``): an unknown ``name:value`` word is then a
    value, not a mistyped option."""


class BestRequest(Request):
    """The best models for a domain, under an optional budget and organisation."""

    command: ClassVar[str] = "best"
    positional: ClassVar[tuple[str, ...]] = ("domain", "budget")
    domain: Text = TOTAL
    budget: Budget = None
    top: int = Field(default=3, ge=1, le=MAX_TOP)
    org: OptionalText = None
    type: Kind = None
    release: ReleaseName = None


class CompareRequest(Request):
    """Two to four models head to head."""

    command: ClassVar[str] = "compare"
    positional: ClassVar[tuple[str, ...]] = ("model_a", "model_b", "model_c", "model_d")
    free_text: ClassVar[frozenset[str]] = frozenset(positional)
    model_a: Text
    model_b: Text
    model_c: OptionalText = None
    model_d: OptionalText = None
    release: ReleaseName = None

    @property
    def models(self) -> list[str]:
        """The named models in the order asked."""
        return [m for m in (self.model_a, self.model_b, self.model_c, self.model_d) if m]


class ModelRequest(Request):
    """One model's card."""

    command: ClassVar[str] = "model"
    positional: ClassVar[tuple[str, ...]] = ("name",)
    free_text: ClassVar[frozenset[str]] = frozenset(positional)
    name: Text
    release: ReleaseName = None


class LeaderboardRequest(Request):
    """A ranked, paged list for a domain (default: the total)."""

    command: ClassVar[str] = "leaderboard"
    positional: ClassVar[tuple[str, ...]] = ("domain",)
    domain: Text = TOTAL
    budget: Budget = None
    org: OptionalText = None
    type: Kind = None
    page: int = Field(default=1, ge=1, le=MAX_PAGE)
    per_page: int = Field(default=10, ge=1, le=MAX_PER_PAGE)
    release: ReleaseName = None


class ValueRequest(Request):
    """The value frontier: models no other model beats on both score and price."""

    command: ClassVar[str] = "value"
    positional: ClassVar[tuple[str, ...]] = ("domain", "budget")
    domain: Text = TOTAL
    budget: Budget = None
    org: OptionalText = None
    type: Kind = None
    release: ReleaseName = None


class RecommendRequest(Request):
    """A weighted score over several domains, under a budget."""

    command: ClassVar[str] = "recommend"
    positional: ClassVar[tuple[str, ...]] = ("weights",)  # so "medical:2 law:1" stays one value
    free_text: ClassVar[frozenset[str]] = frozenset(positional)
    weights: Weights = None
    budget: Budget = None
    org: OptionalText = None
    type: Kind = None
    top: int = Field(default=3, ge=1, le=MAX_TOP)
    release: ReleaseName = None


Period = Literal["day", "week", "month", "year"]
_PERIODS = {
    "day": "day", "daily": "day", "d": "day", "天": "day", "日": "day", "每天": "day",
    "week": "week", "weekly": "week", "w": "week", "周": "week", "每周": "week", "星期": "week",
    "month": "month", "monthly": "month", "mo": "month", "月": "month",
    "每月": "month",
    "year": "year", "yearly": "year", "annual": "year", "y": "year", "年": "year", "每年": "year",
}


def _period(value: Any) -> Any:
    if isinstance(value, str):
        key = value.strip().casefold()
        if key not in _PERIODS:
            raise PydanticCustomError("period", "not a period")
        return _PERIODS[key]
    return value


class CostRequest(Request):
    """What a volume of output tokens costs with a model, against the best-value choices."""

    command: ClassVar[str] = "cost"
    positional: ClassVar[tuple[str, ...]] = ("model", "tokens", "period")
    free_text: ClassVar[frozenset[str]] = frozenset({"model"})
    model: Text
    tokens: Text
    period: Annotated[Period, BeforeValidator(_period)] = "month"
    type: Kind = None
    release: ReleaseName = None


class DomainsRequest(Request):
    """The domains of the loaded boards with their aliases."""

    command: ClassVar[str] = "domains"
    release: ReleaseName = None


class AboutRequest(Request):
    """Where the data comes from and what is loaded."""

    command: ClassVar[str] = "about"


class HistoryRequest(Request):
    """One model through every release held: price, score and rank, newest first."""

    command: ClassVar[str] = "history"
    positional: ClassVar[tuple[str, ...]] = ("model", "domain")
    free_text: ClassVar[frozenset[str]] = frozenset({"model"})
    model: Text
    domain: Text = TOTAL


class ChangesRequest(Request):
    """What changed from one release to another (default: the newest against the one
    before)."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True,
                              populate_by_name=True)
    command: ClassVar[str] = "changes"
    positional: ClassVar[tuple[str, ...]] = ("from", "to")
    from_: ReleaseName = Field(default=None, alias="from")
    to: ReleaseName = None


REQUESTS: dict[str, type[Request]] = {
    cls.command: cls
    for cls in (BestRequest, CompareRequest, ModelRequest, LeaderboardRequest, ValueRequest,
                RecommendRequest, CostRequest, DomainsRequest, AboutRequest, HistoryRequest,
                ChangesRequest)
}
