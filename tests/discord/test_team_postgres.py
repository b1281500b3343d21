"""Preferences on PostgreSQL through the real bot: they survive a restart, and two bots (two
shard processes) sharing one database see each other's settings. Skipped without a server."""

from __future__ import annotations

from bot import Settings
from tests.discord.harness import ADMIN_PERMS


def _settings(url: str) -> Settings:
    return Settings(database_url=url, discord={"cooldown_rate": 1000})


async def test_settings_survive_a_restart_on_postgres(make_harness, postgres_url):
    """Set a budget, close the bot, start another on the same database: it applies."""
    first = await make_harness(_settings(postgres_url))
    await first.slash("settings budget", {"budget": 4.5}, permissions=ADMIN_PERMS)
    await first.bot.close()
    second = await make_harness(_settings(postgres_url))
    reply = await second.slash("best", {"domain": "医疗"})
    assert reply.embed["title"] == "Best for Medical within 4.5元"


async def test_two_bots_on_one_database_see_each_others_settings(make_harness, postgres_url):
    """A setting made through one bot is applied at once by the other."""
    one, two = await make_harness(_settings(postgres_url)), await make_harness(
        _settings(postgres_url))
    await one.slash("settings currency", {"currency": "USD"}, permissions=ADMIN_PERMS)
    card = await two.slash("model", {"name": "qwq-32b"})
    assert {f["name"]: f["value"] for f in card.embed["fields"]}["Price"] == "$0.833"
    await two.slash("settings hide", {"org": "google"}, permissions=ADMIN_PERMS)
    shown = await one.slash("settings show", permissions=ADMIN_PERMS)
    assert "google" in shown.text
