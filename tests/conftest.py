"""Fixtures shared across the test packages: a board served over HTTP on loopback, and a
PostgreSQL server (skipped where none can be had)."""

pytest_plugins = ["tests.board_server", "tests.postgres_server"]
