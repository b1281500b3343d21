"""Fixtures shared across the test packages: a board served over HTTP on loopback, a
PostgreSQL server (skipped where none can be had), and a store that never lands in the working
directory."""

import pytest

from tests.product import load_benchmarks

load_benchmarks()

pytest_plugins = ["tests.board_server", "tests.postgres_server", "tests.sync_server"]


@pytest.fixture(autouse=True)
def _store_in_memory(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
                     ) -> None:
    """Bots built with default settings keep their preferences in memory, not in a
    modelbot.db next to the tests; a test that names a database_url still gets it. Releases
    synced without data.dir go to an empty folder of the test's own, never to the user's."""
    monkeypatch.setenv("MODELBOT_DATABASE_URL", "sqlite:///:memory:")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("xdg-data")))
