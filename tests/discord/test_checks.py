"""The checks every command stacks: a per-user cooldown at the configured rate and period, and
the admin paths' order of refusal (a DM hears "in a server only" before anything else)."""

from __future__ import annotations

import types

import discord.app_commands.checks
import pytest

from tests.discord.harness import EVERYONE_PERMS, OTHER_USER_ID

REFUSED = "Slow down a little: try again in"


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """The cooldown's clock stands still: the seconds left are the whole period, however
    slowly a busy machine runs the test (discord.py's Cooldown reads time.time)."""
    monkeypatch.setattr(discord.app_commands.checks, "time",
                        types.SimpleNamespace(time=lambda: 1_800_000_000.0))


@pytest.mark.parametrize("rate", [1, 2, 3])
async def test_the_cooldown_lets_exactly_the_rate_through(make_harness, rate):
    """``rate`` commands pass, the next is refused, ephemerally, with the seconds to wait."""
    h = await make_harness(cooldown_rate=rate, cooldown_seconds=60)
    for _ in range(rate):
        passed = await h.slash("domains")
        assert not passed.ephemeral, passed.text
    refused = await h.slash("domains")
    assert refused.ephemeral
    assert refused.text == f"{REFUSED} 60 s."


async def test_the_wait_is_said_in_whole_seconds_of_the_configured_period(make_harness):
    h = await make_harness(cooldown_rate=1, cooldown_seconds=600)
    await h.slash("domains")
    refused = await h.slash("domains", locale="zh-CN")
    assert refused.text == "请稍等：600 秒后再试。"


async def test_one_users_flood_does_not_slow_another_user(make_harness):
    """The bucket is per user: after one user is refused, another is still answered, and
    has a full rate of their own."""
    h = await make_harness(cooldown_rate=1, cooldown_seconds=60)
    await h.slash("domains")
    assert (await h.slash("domains")).ephemeral
    other = await h.slash("domains", user_id=OTHER_USER_ID)
    assert not other.ephemeral and other.embed["title"] == "Domains"
    again = await h.slash("domains", user_id=OTHER_USER_ID)
    assert again.ephemeral and again.text.startswith(REFUSED)


@pytest.mark.parametrize("name", ["settings show", "watch", "reload"])
async def test_in_a_dm_a_member_hears_server_only_before_manage_server(harness, name):
    """Both checks fail in a DM for a member without Manage Server: the server comes first,
    since no permission would help there."""
    reply = await harness.slash(name, permissions=EVERYONE_PERMS, guild=False)
    assert reply.ephemeral
    assert reply.text == "This command works in a server only."


async def test_a_cooldown_shorter_than_a_second_says_one_second(make_harness):
    """Half a second left is "1 s", never "0 s" and never an error id."""
    h = await make_harness(cooldown_rate=1, cooldown_seconds=0.5)
    await h.slash("domains")
    refused = await h.slash("domains")
    assert refused.text == f"{REFUSED} 1 s."
