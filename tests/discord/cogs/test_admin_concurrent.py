"""Racing admins: six ``/settings`` commands to one server at once are all told "Saved." and
all six changes are kept, on SQLite and on PostgreSQL, through one bot and through two bots
(two replicas) sharing the database. Before, each command read the whole record, awaited, and
wrote it back: 2 of 6 survived."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from bot import Settings
from bot.store import GuildPrefs
from tests.discord.harness import ADMIN_PERMS, GUILD_ID, Harness

# six changes, each to another field or another item of a list
SIX: list[tuple[str, dict[str, Any]]] = [
    ("settings budget", {"budget": 5.0}),
    ("settings language", {"language": "en"}),
    ("settings currency", {"currency": "USD"}),
    ("settings hide", {"org": "google"}),
    ("settings hide", {"org": "nvidia"}),
    ("settings weights", {"weights": "医疗=2"}),
]


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'modelbot.db'}"
    return str(request.getfixturevalue("postgres_url"))


def _saved(harnesses: list[Harness]) -> int:
    """How many interaction callbacks said "Saved."."""
    calls = [r for h in {id(h.fake): h for h in harnesses}.values() for r in h.fake.requests
             if r.path.endswith("/callback")]
    return sum(1 for r in calls
               if (r.json.get("data") or {}).get("embeds", [{}])[0].get("description")
               == "Saved.")


def _expected(prefs: GuildPrefs) -> None:
    assert prefs.budget == 5.0
    assert prefs.language == "en"
    assert prefs.currency == "USD"
    assert sorted(prefs.hidden_orgs) == ["google", "nvidia"]
    assert prefs.weights == {"医疗": 2.0}


async def test_six_settings_at_once_through_one_bot_all_survive(make_harness, database_url):
    h = await make_harness(Settings(database_url=database_url,
                                    discord={"cooldown_rate": 1000}))
    await asyncio.gather(*(h.slash(name, options, permissions=ADMIN_PERMS)
                           for name, options in SIX))
    assert _saved([h]) == len(SIX)
    _expected(await h.bot.store.get_prefs(GUILD_ID))
    shown = await h.slash("settings show", permissions=ADMIN_PERMS)
    assert "google" in shown.text and "nvidia" in shown.text


async def test_six_settings_at_once_through_two_replicas_all_survive(make_harness, database_url):
    settings = Settings(database_url=database_url, discord={"cooldown_rate": 1000})
    one, two = await make_harness(settings), await make_harness(settings)
    await asyncio.gather(*((one if i % 2 else two).slash(name, options, permissions=ADMIN_PERMS)
                           for i, (name, options) in enumerate(SIX)))
    assert _saved([one, two]) == len(SIX)
    _expected(await one.bot.store.get_prefs(GUILD_ID))
    _expected(await two.bot.store.get_prefs(GUILD_ID))


async def test_unhide_of_a_name_another_admin_just_unhid_changes_nothing_else(harness):
    """Two admins unhide google at once, a third hides nvidia: one unhide is saved, the other
    says google is not hidden (it no longer is), and nvidia stays hidden."""
    await harness.slash("settings hide", {"org": "google"}, permissions=ADMIN_PERMS)
    replies = await asyncio.gather(
        harness.slash("settings unhide", {"org": "google"}, permissions=ADMIN_PERMS),
        harness.slash("settings unhide", {"org": "google"}, permissions=ADMIN_PERMS),
        harness.slash("settings hide", {"org": "nvidia"}, permissions=ADMIN_PERMS),
    )
    assert replies  # every command answered
    assert (await harness.bot.store.get_prefs(GUILD_ID)).hidden_orgs == ["nvidia"]
    callbacks = [r.json for r in harness.fake.requests if r.path.endswith("/callback")]
    said = [(c.get("data") or {}).get("embeds", [{}])[0].get("description") or
            (c.get("data") or {}).get("content") for c in callbacks[-3:]]
    assert said.count("Saved.") == 2, said
    assert any(s and "google" in s and s != "Saved." for s in said), said
