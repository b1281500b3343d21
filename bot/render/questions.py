"""How an answer to a plain question says what the question was read as."""

from __future__ import annotations

from typing import Any

from bot import i18n
from bot.core.questions.entry import Asked


def with_understood(payload: dict[str, Any], asked: Asked | None) -> dict[str, Any]:
    """The JSON answer with ``"understood"`` after ``"command"`` when the line was read as a
    question (null when it could not be); a typed command's answer is left as it was."""
    if asked is None or not asked.question:
        return payload
    out: dict[str, Any] = {}
    for key, value in payload.items():
        out[key] = value
        if key == "command":
            out["understood"] = asked.understood
    return out


def read_as_line(asked: Asked | None, lang: str) -> str | None:
    """``Read as: /best 医疗 budget:5`` for an answer to a question, else None."""
    if asked is None or asked.understood is None:
        return None
    return i18n.t(lang, "question.read_as", command=asked.understood)
