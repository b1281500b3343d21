"""A server's preferences applied to a command: default budget and weights fill options the
user left empty, hidden organisations and boards leave rankings, the language and currency
shape the reply. Pure functions: the store is read by the caller."""

from __future__ import annotations

from typing import Any

import discord

from bot import i18n
from bot.core.amounts import format_weights
from bot.core.catalog import Catalog
from bot.core.commands import request_class
from bot.core.scope import Scope
from bot.settings import Settings
from bot.store import GuildPrefs


def fill_options(command: str, options: dict[str, Any], prefs: GuildPrefs) -> dict[str, Any]:
    """``options`` with the server's defaults where the user gave nothing."""
    fields = request_class(command).model_fields
    out = dict(options)
    if "budget" in fields and out.get("budget") is None and prefs.budget is not None:
        out["budget"] = prefs.budget
    if "weights" in fields and not out.get("weights") and prefs.weights:
        out["weights"] = format_weights(prefs.weights)
    return out


def scope_of(prefs: GuildPrefs, catalog: Catalog) -> Scope:
    """What the server hides from rankings (an organisation under each of its spellings)."""
    return Scope.of(catalog.org_spellings(prefs.hidden_orgs), prefs.hidden_boards)


def money_of(prefs: GuildPrefs, settings: Settings) -> i18n.Money:
    """The currency the server reads prices in."""
    return i18n.Money(code=prefs.currency, cny_per_usd=settings.cny_per_usd)


def lang_for(interaction: discord.Interaction, prefs: GuildPrefs, settings: Settings) -> i18n.Lang:
    """The server's language when it chose one (a public answer is read by the whole
    channel), else the user's client language, else the configured default."""
    if prefs.language is not None:
        return prefs.language
    return i18n.to_lang(str(interaction.locale), settings.language)
