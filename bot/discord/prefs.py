"""A server's preferences applied to a command: its defaults fill options the user left empty,
hidden organisations and boards leave rankings, the language and currency shape the reply.
Pure functions: the store is read by the caller."""

from __future__ import annotations

from typing import Any

from bot import i18n
from bot.core.catalog import Catalog
from bot.core.requests import Request
from bot.core.scope import Scope
from bot.settings import Settings
from bot.store import GuildPrefs


def typed_defaults(kind: type[Request], prefs: GuildPrefs) -> dict[str, Any]:
    """The server's defaults for the options ``kind`` has: its budget (元), its weights
    ({domain: weight}, as saved)."""
    fields = kind.model_fields
    defaults: dict[str, Any] = {}
    if "budget" in fields and prefs.budget is not None:
        defaults["budget"] = prefs.budget
    if "weights" in fields and prefs.weights:
        defaults["weights"] = dict(prefs.weights)
    return defaults


def scope_of(prefs: GuildPrefs, catalog: Catalog) -> Scope:
    """What the server hides from rankings (an organisation under each of its spellings)."""
    return catalog.hiding(prefs.hidden_orgs, prefs.hidden_boards)


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
