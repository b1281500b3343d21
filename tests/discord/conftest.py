"""Fixtures: a fake Discord on loopback and bots from ``create_bot`` logged in against it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
from discord.http import Route

from bot import Settings, create_bot
from bot.core.catalog import Catalog
from tests.discord.harness import FakeDiscord, Harness

MakeHarness = Callable[..., Awaitable[Harness]]


@pytest.fixture
async def fake(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeDiscord]:
    server = FakeDiscord()
    await server.start()
    monkeypatch.setattr(Route, "BASE", server.base)
    yield server
    await server.stop()


@pytest.fixture
async def make_harness(fake: FakeDiscord) -> AsyncIterator[MakeHarness]:
    """Build, log in and READY a bot; closed (HTTP session included) after the test."""
    bots = []

    async def build(settings: Settings | None = None, catalog: Catalog | None = None,
                    **discord_settings: object) -> Harness:
        if settings is None:
            settings = Settings(discord={"cooldown_rate": 1000, **discord_settings})
        if "database_url" not in settings.model_fields_set:
            # every bot gets its own throwaway store, never a file in the working directory
            settings = settings.model_copy(update={"database_url": "sqlite:///:memory:"})
        bot = create_bot(settings, catalog=catalog)
        bots.append(bot)
        harness = Harness(bot, fake)
        await harness.start()
        return harness

    yield build
    for bot in bots:
        await bot.close()


@pytest.fixture
async def harness(make_harness: MakeHarness) -> Harness:
    return await make_harness()
