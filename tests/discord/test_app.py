"""The bot itself: a store that fails never stops a command (the defaults apply, logged), and
an autocomplete with nothing typed yet (a null value) is answered."""

from __future__ import annotations

import logging

import pytest

from bot.store import GuildPrefs
from tests.discord.harness import ADMIN_PERMS, GUILD_ID

SEED_BOARD = "（3）20B以上开源大模型排行榜"


async def test_a_failing_store_answers_with_the_defaults(harness, monkeypatch, caplog):
    """The server's budget cannot be read: /best answers publicly without it, and the
    failure is logged with the guild."""
    await harness.bot.store.set_prefs(GuildPrefs(guild_id=GUILD_ID, budget=5, language="zh"))

    async def broken(guild_id: int) -> GuildPrefs:
        raise OSError("disk gone")

    monkeypatch.setattr(harness.bot.store, "get_prefs", broken)
    caplog.set_level(logging.ERROR)
    reply = await harness.slash("best", {"domain": "医疗"})
    assert not reply.ephemeral
    assert reply.embed["title"] == "Best for Medical"
    assert any(str(GUILD_ID) in r.getMessage() and "defaults" in r.getMessage()
               for r in caplog.records)


@pytest.mark.parametrize("command, option, others", [
    ("model", "name", {}), ("best", "domain", {}), ("best", "org", {"domain": "医疗"}),
    ("settings hide", "org", {}), ("settings hide", "board", {}),
    ("settings unhide", "org", {}), ("settings unhide", "board", {}),
])
async def test_an_autocomplete_with_a_null_value_is_answered_as_if_empty(harness, command,
                                                                         option, others):
    """A focused option sent as null (nothing typed yet): the choices for an empty field, not
    silence, which Discord shows as "Loading options failed"."""
    await harness.bot.store.set_prefs(GuildPrefs(guild_id=GUILD_ID, hidden_orgs=["google"],
                                                 hidden_boards=[SEED_BOARD]))
    empty = await harness.autocomplete(command, {**others, option: ""}, option,
                                       permissions=ADMIN_PERMS)
    null = await harness.autocomplete(command, {**others, option: None}, option,
                                      permissions=ADMIN_PERMS)
    assert empty and null == empty
