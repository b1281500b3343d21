"""What a sync reads to validate a release and to say what changed (a release, two
catalogs) is freed one container at a time: freed at once, in the sync's worker thread, a
catalog of 900 boards held the interpreter lock 76 ms and serve's event loop waited
(``benchmarks/healthz.py``). Checked by who frees them, never timed."""

from __future__ import annotations

import asyncio
import sys
import weakref
from pathlib import Path

import bot.sync.engine as engine
import bot.sync.install as install
from bot.sync.download import FetchPolicy
from bot.sync.engine import SyncOptions, sync_release


def _by_dropper() -> bool:
    frame = sys._getframe()
    while frame is not None and frame.f_code.co_name != "drop_one_by_one":
        frame = frame.f_back  # type: ignore[assignment]
    return frame is not None


def test_a_sync_frees_what_it_read_one_container_at_a_time(clib, tmp_path: Path,
                                                           monkeypatch) -> None:
    freed: list[tuple[str, bool]] = []

    def watched(name: str, read):  # type: ignore[no-untyped-def]
        def spy(*args):  # type: ignore[no-untyped-def]
            found = read(*args)
            obj = found[0] if isinstance(found, tuple) else found
            if obj is not None:
                weakref.finalize(obj, lambda: freed.append((name, _by_dropper())))
            return found
        return spy

    options = SyncOptions(source=clib.base, directory=tmp_path,
                          policy=FetchPolicy(retry_delay=0))
    asyncio.run(sync_release(options))
    board = tmp_path / "v5.11.7" / "leaderboard" / "commerce3.md"
    board.write_bytes(board.read_bytes() + b"\n<!-- edited here -->\n")
    monkeypatch.setattr(install, "read_release", watched("validated", install.read_release))
    monkeypatch.setattr(engine, "read_folder", watched("compared", engine.read_folder))
    report = asyncio.run(sync_release(options))
    assert report.status == "updated" and report.changes is not None
    assert sorted(freed) == [("compared", True), ("compared", True), ("validated", True)]
