"""``sync_release`` run directly against the test server (``clib``), with no wait between
retries: the report, or the error it refused with."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.core.errors import SyncError
from bot.sync.download import FetchPolicy
from bot.sync.engine import SyncOptions, SyncReport, sync_release
from tests.sync_server import RepoServer


def run(clib: RepoServer, folder: Path, **policy: object) -> SyncReport:
    """A sync from ``clib`` into ``folder`` with ``policy``'s limits."""
    options = SyncOptions(source=clib.base, directory=folder,
                          policy=FetchPolicy(retry_delay=0, **policy))  # type: ignore[arg-type]
    return asyncio.run(sync_release(options))


def refused(clib: RepoServer, folder: Path, **policy: object) -> SyncError:
    """The error a sync that must fail raises (the test fails if it succeeds)."""
    with pytest.raises(SyncError) as raised:
        run(clib, folder, **policy)
    return raised.value
