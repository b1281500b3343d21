"""Where the bot finds Discord (api_base, gateway_url) and how it splits into shards."""

from __future__ import annotations

import pytest
import yarl
from discord.ext import commands
from discord.gateway import DiscordWebSocket
from discord.http import Route

from bot import Settings, create_bot
from bot.discord.app import ModelBot, ShardedModelBot, use_discord_address
from bot.settings import DiscordSettings

UNREACHABLE = "http://127.0.0.1:9/api/v10"


@pytest.fixture
def restore_endpoints(monkeypatch):
    """Both are class attributes of discord.py: put them back after the test."""
    monkeypatch.setattr(Route, "BASE", Route.BASE)
    monkeypatch.setattr(DiscordWebSocket, "DEFAULT_GATEWAY", DiscordWebSocket.DEFAULT_GATEWAY)


def test_unset_endpoints_change_nothing(restore_endpoints):
    """Without api_base and gateway_url, discord.py keeps discord.com."""
    base, gateway = Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
    use_discord_address(DiscordSettings())
    assert (base, gateway) == (Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY)
    use_discord_address(DiscordSettings(gateway_url="auto"))  # "auto" is settled when connecting
    assert gateway == DiscordWebSocket.DEFAULT_GATEWAY


def test_gateway_url_replaces_the_default_gateway(restore_endpoints):
    """An explicit ws:// URL is what discord.py dials, also after INVALID_SESSION resets it."""
    use_discord_address(DiscordSettings(gateway_url="ws://127.0.0.1:1234/gateway"))
    assert yarl.URL("ws://127.0.0.1:1234/gateway") == DiscordWebSocket.DEFAULT_GATEWAY


async def test_api_base_sends_login_and_sync_there(fake, restore_endpoints):
    """api_base (a trailing slash is fine) carries login, application info and command sync."""
    Route.BASE = UNREACHABLE
    bot = create_bot(Settings(discord={"api_base": fake.base + "/"}))
    try:
        await bot.login("token-for-the-proxy")
        assert fake.base == Route.BASE
        paths = [r.path for r in fake.requests]
        assert paths[:2] == ["/users/@me", "/oauth2/applications/@me"]
        assert any(p.endswith("/commands") for p in paths)
    finally:
        await bot.close()


def test_no_shard_settings_build_one_connection():
    """Unset shard_count: a plain bot over one gateway connection."""
    bot = create_bot(Settings(discord={"heartbeat_timeout": 12}))
    assert type(bot) is ModelBot
    assert not isinstance(bot, commands.AutoShardedBot)
    assert bot.shard_count is None
    assert bot._connection.heartbeat_timeout == 12


def test_shard_settings_build_a_sharded_bot_for_those_shards():
    """shard_count and shard_ids make an AutoShardedBot that runs exactly those shards."""
    bot = create_bot(Settings(discord={"shard_count": 4, "shard_ids": [1, 3]}))
    assert isinstance(bot, ShardedModelBot) and isinstance(bot, commands.AutoShardedBot)
    assert isinstance(bot, ModelBot)  # every command and reload, as unsharded
    assert (bot.shard_count, bot.shard_ids) == (4, [1, 3])
    assert {c.name for c in bot.tree.get_commands()} >= {"best", "compare", "reload"}
    everything = create_bot(Settings(discord={"shard_count": 2}))
    assert (everything.shard_count, everything.shard_ids) == (2, None)  # all shards here
