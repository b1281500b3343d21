"""Fixtures shared across the test packages."""

pytest_plugins = ["tests.board_server"]
