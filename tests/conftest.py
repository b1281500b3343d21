"""Fixtures shared across the test packages: a board served over HTTP on loopback, a
PostgreSQL server (skipped where none can be had), and a store that never lands in the working
directory."""

import pytest

pytest_plugins = ["tests.board_server", "tests.postgres_server"]


@pytest.fixture(autouse=True)
def _store_in_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    """Bots built with default settings keep their preferences in memory, not in a
    modelbot.db next to the tests; a test that names a database_url still gets it."""
    monkeypatch.setenv("MODELBOT_DATABASE_URL", "sqlite:///:memory:")
