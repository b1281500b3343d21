"""A server's preferences applied to a command: its defaults fill options the user left empty,
hidden organisations and boards leave rankings (a ``Standing``, which the core applies:
``bot.core.answer``), the language and currency shape the reply. Pure functions: the store is
read by the caller."""

from __future__ import annotations

from typing import Any

from bot import i18n
from bot.core.answer import Standing
from bot.settings import Settings
from bot.store import GuildPrefs


def standing_of(prefs: GuildPrefs) -> Standing:
    """Where a server's commands are asked: its defaults (budget in 元, weights as saved),
    which reach only the commands having those options, and what it hides from rankings."""
    defaults: dict[str, Any] = {}
    if prefs.budget is not None:
        defaults["budget"] = prefs.budget
    if prefs.weights:
        defaults["weights"] = dict(prefs.weights)
    return Standing(defaults=defaults, hidden_orgs=tuple(prefs.hidden_orgs),
                    hidden_boards=tuple(prefs.hidden_boards))


def money_of(prefs: GuildPrefs, settings: Settings) -> i18n.Money:
    """The currency the server reads prices in."""
    return i18n.Money(code=prefs.currency, cny_per_usd=settings.cny_per_usd)


def reply_language(settings: Settings, prefs: GuildPrefs | None, locale: object = None
                   ) -> i18n.Lang:
    """The language of a reply: the server's choice when it made one (a public answer is read
    by the whole channel), else the user's client language (``locale``), else the configured
    default. Announcements have no user: the server's choice or the default."""
    if prefs is not None and prefs.language is not None:
        return prefs.language
    return i18n.to_lang(str(locale) if locale is not None else None, settings.language)
