"""``update_prefs``: a change is applied to what the database holds at that moment, in one
transaction, so admins changing one server's settings at once (on several replicas) lose none
of each other's changes. Every test runs on SQLite and on a real PostgreSQL (see conftest)."""

from __future__ import annotations

import asyncio

import pytest
from pydantic import ValidationError

from bot.core.errors import InvalidOption
from bot.store import GuildPrefs

GUILD = 4242
ORGS = ["OpenAI", "Google", "阿里巴巴", "深度求索", "Anthropic", "月之暗面"]


def _add_org(name: str):
    return lambda prefs: {"hidden_orgs": [*prefs.hidden_orgs, name]}


async def test_six_concurrent_changes_of_different_fields_all_survive(make_store):
    """Six replicas (six stores on one database) each change another field at once: every
    change is there afterwards. Read-the-record-then-write-it-back keeps only some."""
    stores = [await make_store() for _ in range(6)]
    changes = [{"budget": 5.0}, {"language": "en"}, {"currency": "USD"},
               {"hidden_orgs": ["OpenAI"]}, {"hidden_boards": ["长文本"]},
               {"weights": {"医疗": 2.0}}]
    results = await asyncio.gather(*(
        store.update_prefs(GUILD, lambda _prefs, c=c: c) for store, c in zip(stores, changes,
                                                                            strict=True)))
    assert all(isinstance(r, GuildPrefs) for r in results)
    assert await stores[0].get_prefs(GUILD) == GuildPrefs(
        guild_id=GUILD, budget=5.0, language="en", currency="USD", hidden_orgs=["OpenAI"],
        hidden_boards=["长文本"], weights={"医疗": 2.0})


async def test_six_concurrent_additions_to_one_list_all_survive(make_store):
    """Six admins hide six organisations at once, starting from a server with no row yet:
    each addition is made to the list as it is when it runs, so all six are hidden."""
    stores = [await make_store() for _ in range(6)]
    await asyncio.gather(*(s.update_prefs(GUILD, _add_org(o)) for s, o in zip(stores, ORGS,
                                                                              strict=True)))
    for store in stores:  # every replica sees all six (no stale cache either)
        assert sorted((await store.get_prefs(GUILD)).hidden_orgs) == sorted(ORGS)


async def test_concurrent_changes_through_one_store_all_survive(store):
    """One process, several commands at once (the event loop interleaves them)."""
    await asyncio.gather(*(store.update_prefs(GUILD, _add_org(o)) for o in ORGS))
    assert sorted((await store.get_prefs(GUILD)).hidden_orgs) == sorted(ORGS)


async def test_a_change_sees_what_is_stored_and_keeps_the_other_fields(store):
    await store.set_prefs(GuildPrefs(guild_id=GUILD, budget=3.0, hidden_orgs=["OpenAI"]))
    seen = []

    def change(prefs: GuildPrefs) -> dict:
        seen.append(prefs)
        return {"language": "zh"}

    saved = await store.update_prefs(GUILD, change)
    assert seen == [GuildPrefs(guild_id=GUILD, budget=3.0, hidden_orgs=["OpenAI"])]
    assert saved == GuildPrefs(guild_id=GUILD, budget=3.0, hidden_orgs=["OpenAI"], language="zh")
    assert await store.get_prefs(GUILD) == saved


async def test_a_change_that_raises_changes_nothing(store, make_store):
    """``unhide`` of a name that is not hidden raises inside the transaction: nothing is
    written, not even an empty row for a server that had none."""
    await store.set_prefs(GuildPrefs(guild_id=GUILD, budget=3.0))

    def refuse(_prefs: GuildPrefs) -> dict:
        raise InvalidOption(option="org", value="x", reason="not_hidden")

    with pytest.raises(InvalidOption):
        await store.update_prefs(GUILD, refuse)
    with pytest.raises(InvalidOption):
        await store.update_prefs(GUILD + 1, refuse)
    other = await make_store()  # another replica, past any cache
    assert await other.get_prefs(GUILD) == GuildPrefs(guild_id=GUILD, budget=3.0)
    assert await other.get_prefs(GUILD + 1) == GuildPrefs(guild_id=GUILD + 1)
    # the store still works after the rollback (no transaction left open)
    assert (await store.update_prefs(GUILD, lambda _p: {"budget": 4.0})).budget == 4.0


async def test_a_bad_value_is_refused_and_nothing_stored(store):
    await store.set_prefs(GuildPrefs(guild_id=GUILD, budget=3.0))
    with pytest.raises(ValidationError):
        await store.update_prefs(GUILD, lambda _p: {"budget": -1.0})
    with pytest.raises(ValidationError):
        await store.update_prefs(GUILD, lambda _p: {"hidden_orgs": ["x"] * 0 + [
            f"org{i}" for i in range(201)]})
    assert await store.get_prefs(GUILD) == GuildPrefs(guild_id=GUILD, budget=3.0)


@pytest.mark.parametrize("field", ["guild_id", "colour"])
async def test_a_field_prefs_do_not_have_is_a_programming_error(store, field):
    with pytest.raises(ValueError, match=field):
        await store.update_prefs(GUILD, lambda _p: {field: 1})
    assert await store.get_prefs(GUILD) == GuildPrefs(guild_id=GUILD)


async def test_sqlite_holds_the_write_lock_from_the_read_to_the_write(tmp_path):
    """While a change is computed, another process cannot write the file: its write between
    our read and our write would be lost (or make ours fail)."""
    import contextlib
    import sqlite3

    from bot.store.sqlite import SQLiteStore

    path = tmp_path / "modelbot.db"
    store = SQLiteStore(path)
    await store.open()
    try:
        await store.set_prefs(GuildPrefs(guild_id=GUILD, budget=3.0))
        outcome = []

        def change(_prefs: GuildPrefs) -> dict:
            with contextlib.closing(sqlite3.connect(path, timeout=0)) as other:
                try:
                    other.execute("UPDATE guild_prefs SET prefs = '{}'")
                    other.commit()
                    outcome.append("written")
                except sqlite3.OperationalError as error:
                    outcome.append(str(error))
            return {"language": "en"}

        await store.update_prefs(GUILD, change)
        assert outcome == ["database is locked"]
        assert await store.get_prefs(GUILD) == GuildPrefs(guild_id=GUILD, budget=3.0,
                                                          language="en")
    finally:
        await store.close()
