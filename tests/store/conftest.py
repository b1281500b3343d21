"""Fixtures: ``store_url`` runs every store test once on SQLite and once on PostgreSQL (the
server comes from the ``tests.postgres_server`` plugin)."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest

from bot.store import Store, open_store

MakeStore = Callable[..., Awaitable[Store]]


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database URL with nothing in it yet: a SQLite file (in a directory not yet created)
    or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'state' / 'modelbot.db'}"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
async def make_store(store_url: str) -> AsyncIterator[MakeStore]:
    """``await make_store()``: a store on ``store_url``, opened unless ``opened=False``; every
    store made is closed after the test."""
    stores: list[Store] = []

    async def make(*, opened: bool = True) -> Store:
        store = open_store(store_url)
        stores.append(store)
        if opened:
            await store.open()
        return store

    yield make
    for store in stores:
        await store.close()


@pytest.fixture
async def store(make_store: MakeStore) -> Store:
    """An opened store on a fresh database."""
    return await make_store()


@pytest.fixture
def raw_sql(store_url: str) -> Callable[[str], Awaitable[None]]:
    """``await raw_sql(statement)``: run SQL on the store's database behind the store's back."""

    async def run(statement: str) -> None:
        if store_url.startswith("sqlite:"):
            path = store_url.removeprefix("sqlite:///")
            with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as conn:
                conn.execute(statement)
            return
        import asyncpg

        conn = await asyncpg.connect(store_url)
        try:
            await conn.execute(statement)
        finally:
            await conn.close()

    return run
