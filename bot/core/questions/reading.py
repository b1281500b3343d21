"""What reading a question gives: the commands it may mean, best first, each as a typed
request and as the text that types it; or ``NotUnderstood``."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, ConfigDict

from bot.core.errors import UserError
from bot.core.requests import Request

_NAMES = frozenset({"domain", "name", "model", "model_a", "model_b", "model_c", "model_d"})
"""Options shown bare, in their positional place; every other one as ``name:value``."""


class NotUnderstood(UserError):
    """A sentence that could not be read as a command (params: reason, unread; suggestions:
    commands close to what it said). Reasons: ``unread`` (words that mean nothing here),
    ``nothing`` (no question found), ``needs_model`` (a cost without a model),
    ``lower_bound`` (a lowest price: the commands take a highest), ``currency`` (not 元),
    ``conflict`` (two organisations, budgets or kinds where a command takes one),
    ``too_many_models``, ``too_long``."""

    kind = "not_understood"


class Reading(BaseModel):
    """One command a question may mean."""

    model_config = ConfigDict(frozen=True)
    request: Request
    text: str
    """The command as typed: ``/best 医疗 budget:5``. It reads back into ``request``."""


class Understanding(BaseModel):
    """Every reading of a question, the likeliest first (never empty)."""

    model_config = ConfigDict(frozen=True)
    question: str
    readings: tuple[Reading, ...]

    @property
    def reading(self) -> Reading:
        """The likeliest reading: the one answered."""
        return self.readings[0]

    @property
    def others(self) -> tuple[Reading, ...]:
        """The next readings, for "not what I meant"."""
        return self.readings[1:]


def command_text(command: str, options: dict[str, Any]) -> str:
    """``/best 医疗 budget:5``: names bare in their places, then the rest as ``name:value``,
    in the order given; a value with spaces is quoted."""
    parts = [f"/{command}"]
    parts += [_quoted(v) for k, v in options.items() if k in _NAMES]
    parts += [f"{k}:{_quoted(_shown(k, v))}" for k, v in options.items() if k not in _NAMES]
    return " ".join(parts)


def _shown(option: str, value: Any) -> str:
    if isinstance(value, float):
        return f"{value:f}".rstrip("0").rstrip(".")
    return str(value)


def _quoted(value: Any) -> str:
    text = str(value)
    if not text or any(c.isspace() or c in "\"'" for c in text):
        return json.dumps(text, ensure_ascii=False)
    return text
