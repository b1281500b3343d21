"""Option transformers with autocomplete: model names, domains, organisations, releases.

Autocomplete only helps: a user can send anything, so every value is resolved again by the core
when the command runs. Choices are capped at Discord's 25 and their text at 100 characters.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.discord.limits import CHOICE_NAME, CHOICES, cut_middle

if TYPE_CHECKING:
    from bot.discord.app import ModelBot


def typed(value: object) -> str:
    """What the user has typed so far: a focused option sent as null (or as anything but
    text) is nothing typed yet; an autocomplete that raised would leave Discord unanswered."""
    return value[:CHOICE_NAME] if isinstance(value, str) else ""


def _choice(label: str, value: str) -> app_commands.Choice[str]:
    return app_commands.Choice(name=cut_middle(label, CHOICE_NAME), value=value[:CHOICE_NAME])


class _Completed(app_commands.Transformer):
    """A string option with autocomplete; the text is passed on as sent (the core resolves it)."""

    async def transform(self, interaction: discord.Interaction[ModelBot], value: str) -> str:
        """The text as sent."""
        return value


class ModelName(_Completed):
    """A model name, completed from the board (top models first when empty)."""

    async def autocomplete(  # type: ignore[override]
        self, interaction: discord.Interaction[ModelBot], value: str
    ) -> list[app_commands.Choice[str]]:
        """Up to 25 model names ranked by likeness to what is typed so far."""
        catalog = interaction.client.catalog
        names = catalog.completer.complete(typed(value), limit=CHOICES)
        return [_choice(name, name) for name in names]


class DomainName(_Completed):
    """A domain, completed with its Chinese and English names."""

    async def autocomplete(  # type: ignore[override]
        self, interaction: discord.Interaction[ModelBot], value: str
    ) -> list[app_commands.Choice[str]]:
        """The board's domains (all when empty), each labelled in both languages."""
        catalog = interaction.client.catalog
        infos = catalog.domains.complete(typed(value), limit=CHOICES)
        return [
            _choice(info.canonical if info.english == info.canonical
                    else f"{info.canonical} · {info.english}", info.canonical)
            for info in infos
        ]


class OrgName(_Completed):
    """An organisation, completed from the board (most models first when empty)."""

    async def autocomplete(  # type: ignore[override]
        self, interaction: discord.Interaction[ModelBot], value: str
    ) -> list[app_commands.Choice[str]]:
        """Organisations ranked by likeness, English and Chinese aliases included."""
        catalog = interaction.client.catalog
        return [_choice(org, org) for org in catalog.complete_orgs(typed(value), CHOICES)]


class ReleaseName(_Completed):
    """A release held, completed from the catalog's releases (newest first)."""

    async def autocomplete(  # type: ignore[override]
        self, interaction: discord.Interaction[ModelBot], value: str
    ) -> list[app_commands.Choice[str]]:
        """The releases held whose version starts with, or holds, what is typed."""
        typed_now = typed(value).strip().casefold().lstrip("v")
        choices = []
        for release in interaction.client.catalog.releases:
            if release.version and typed_now in release.version.casefold():
                label = release.version + (f" · {release.date}" if release.date else "")
                choices.append(_choice(label, release.version))
        return choices[:CHOICES]
