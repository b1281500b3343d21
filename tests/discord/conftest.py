"""Fixtures: a fake Discord on loopback and bots from ``create_bot`` logged in against it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
from discord.http import Route

from bot import Settings, create_bot
from bot.core.catalog import Catalog, load_catalog
from tests.discord.harness import FakeDiscord, Harness
from tests.paths import SEED_DIR

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
        # the seed board unless a test says otherwise: its small figures are what most
        # Discord tests check
        bot = create_bot(settings, catalog=catalog or load_catalog(SEED_DIR))
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
