"""The JSON objects of the command-line contract (README, "JSON"), one per command."""

from __future__ import annotations

from typing import Any

from bot import i18n
from bot.core.errors import UserError
from bot.core.results import Result


def result_payload(result: Result) -> dict[str, Any]:
    """``{"ok": true, "command": ..., **fields, "source": {...}}``: where the figures come
    from closes the object, after what the answer says."""
    fields = result.model_dump(mode="json")
    source = fields.pop("source")
    return {"ok": True, "command": result.command, **fields, "source": source}


def error_payload(command: str | None, error: UserError, lang: str) -> dict[str, Any]:
    """``{"ok": false, "command": ..., "error": {"kind", "message", "suggestions"}}``."""
    body: dict[str, Any] = {
        "kind": error.kind,
        "message": i18n.error_message(error, lang),
        "suggestions": list(error.suggestions),
    }
    if error.details:
        body["details"] = error.details
    return {"ok": False, "command": command, "error": body}


def bug_payload(command: str | None, error_id: str, lang: str) -> dict[str, Any]:
    """What a bug looks like on the wire: no traceback, an id to find it in the log."""
    return {
        "ok": False,
        "command": command,
        "error": {"kind": "internal", "message": i18n.t(lang, "error.internal", error_id=error_id),
                  "suggestions": []},
    }
