"""A release is read with the cyclic garbage collector held off, then frozen: a full
collection walking hundreds of boards' objects held the interpreter lock for 0.3–0.85 s and
stopped serve's event loop (benchmarks/healthz.py). Counted, never timed."""

from __future__ import annotations

import gc
import shutil
import threading
from pathlib import Path

import pytest

import bot.core.datafolder as datafolder
from bot.core.collector import collector_held
from bot.core.errors import BoardError
from tests.paths import CURRENT_DIR


def _files(folder: Path) -> list[Path]:
    return [folder / "README.md", *sorted((folder / "leaderboard").glob("*.md"))]


@pytest.fixture
def seen(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether the collector was on at each board parsed."""
    states: list[bool] = []
    parse = datafolder.parse_file

    def spy(path: Path):  # type: ignore[no-untyped-def]
        states.append(gc.isenabled())
        return parse(path)

    monkeypatch.setattr(datafolder, "parse_file", spy)
    return states


def test_no_collection_while_a_release_is_read_then_it_is_frozen(seen: list[bool]) -> None:
    frozen = gc.get_freeze_count()
    release, _ = datafolder.read_release(_files(CURRENT_DIR), CURRENT_DIR)
    assert release is not None and len(seen) == len(_files(CURRENT_DIR))
    assert not any(seen)
    assert gc.isenabled()
    assert gc.get_freeze_count() > frozen  # what was read is skipped by collections to come


def test_a_malformed_board_turns_the_collector_back_on(tmp_path: Path,
                                                       seen: list[bool]) -> None:
    folder = tmp_path / "v5.11.7"
    shutil.copytree(CURRENT_DIR, folder)
    (folder / "leaderboard" / "bad.md").write_text("# bad\n|排名|大模型|总分|\n|---|---|\n|1|x|",
                                                   encoding="utf-8")
    with pytest.raises(BoardError):
        datafolder.read_release(_files(folder), folder)
    assert seen and not any(seen)
    assert gc.isenabled()


def test_overlapping_reads_keep_it_off_until_the_last_one_ends() -> None:
    entered, leave = threading.Event(), threading.Event()

    def other() -> None:
        with collector_held():
            entered.set()
            leave.wait(30)

    thread = threading.Thread(target=other)
    thread.start()
    try:
        assert entered.wait(30)
        with collector_held():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the other read is still going
    finally:
        leave.set()
        thread.join(30)
    assert gc.isenabled()


def test_a_collector_turned_off_before_stays_off() -> None:
    gc.disable()
    try:
        with collector_held():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
