"""What the endpoint checks in a signed payload beyond ``bot.discord.intake.malformed``, and the
answers it gives without the command tree (a refusal must be cheap: it is given when the bot
is too busy for anything else).

discord.py reads ``app_permissions`` and a member's ``permissions`` with ``int()`` and the
locales with ``Locale(...)``: a value it cannot read raises inside its parser, after which
nothing answers. The endpoint refuses such a payload first, saying what is wrong with it.
"""

from __future__ import annotations

import re
from typing import Any

from bot import i18n

PING, COMMAND, COMPONENT, AUTOCOMPLETE, MODAL = 1, 2, 3, 4, 5
KNOWN_TYPES = frozenset({PING, COMMAND, COMPONENT, AUTOCOMPLETE, MODAL})
DEFERRED = frozenset({5, 6})
"""Response types that promise a follow-up: a deferred message, a deferred update."""

_PERMISSIONS = re.compile(r"[0-9]{1,20}")
_LOCALE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})?")
_EPHEMERAL = 1 << 6


def unreadable(data: dict[str, Any]) -> str | None:
    """Why discord.py could not read this (otherwise well-formed) interaction, or None: an
    interaction type this bot does not serve, permissions that are not a number, a locale that
    is not a language tag."""
    kind = data.get("type")
    if kind not in KNOWN_TYPES:
        return f"interaction type {str(kind)[:12]} is not served"
    member = data.get("member")
    fields = [("app_permissions", data.get("app_permissions"))]
    if isinstance(member, dict):
        fields.append(("member.permissions", member.get("permissions")))
    for name, value in fields:
        if value is not None and not (isinstance(value, str) and _PERMISSIONS.fullmatch(value)
                                      and int(value) < 1 << 64):
            return f"{name} is not a number"
    for name in ("locale", "guild_locale"):
        value = data.get(name)
        if value is not None and not (isinstance(value, str) and _LOCALE.fullmatch(value)):
            return f"{name} is not a language tag"
    return None


def busy_answer(data: dict[str, Any], default: i18n.Lang) -> dict[str, Any]:
    """The response that tells the user at once that the bot is busy: no choices for a
    keystroke (autocomplete), an ephemeral message for anything else."""
    if data.get("type") == AUTOCOMPLETE:
        return {"type": 8, "data": {"choices": []}}
    locale = data.get("locale") if isinstance(data.get("locale"), str) else None
    text = i18n.t(i18n.to_lang(locale, default), "discord.busy")
    return {"type": 4, "data": {"content": text, "flags": _EPHEMERAL,
                                "allowed_mentions": {"parse": []}}}
