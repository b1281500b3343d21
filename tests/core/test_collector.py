"""A release is read with the cyclic garbage collector held off, then frozen: a full
collection walking hundreds of boards' objects held the interpreter lock for 0.3–0.85 s and
stopped serve's event loop (benchmarks/healthz.py). Counted, never timed."""

from __future__ import annotations

import gc
import shutil
import sys
import threading
import weakref
from pathlib import Path

import pytest

import bot.core.datafolder as datafolder
from bot.core.collector import collector_held, drop_one_by_one, let_go, parts_of
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


# -- letting go of a big graph: one container a step, never one long cascade -------------


class Node:
    def __init__(self, *children: object) -> None:
        self.children = list(children)


def _freed_by(obj: object, frees: list[tuple[str, bool]], name: str) -> None:
    """Record, when ``obj`` is freed, its label and whether ``drop_one_by_one`` freed it."""
    def note() -> None:
        frame = sys._getframe()
        while frame is not None and frame.f_code.co_name != "drop_one_by_one":
            frame = frame.f_back  # type: ignore[assignment]
        frees.append((name, frame is not None))
    weakref.finalize(obj, note)


def test_parts_of_holds_every_container_parents_first_and_nothing_of_the_program() -> None:
    leaf = Node()
    middle = Node(leaf, {"k": (leaf, [1.5])})
    root = Node(middle)
    parts = parts_of(root)
    ids = [id(p) for p in parts]
    assert ids[0] == id(root)
    for obj in (middle, leaf, middle.children, middle.children[1]):
        assert id(obj) in ids
    assert ids.index(id(middle)) < ids.index(id(leaf))  # parents before children
    assert len(set(ids)) == len(ids)  # a shared child once
    assert Node not in parts and sys.modules[__name__] not in parts  # not the program's


def test_each_step_frees_one_container_and_everything_is_freed() -> None:
    frees: list[tuple[str, bool]] = []
    chain = Node(Node(Node()))
    for name, node in (("root", chain), ("child", chain.children[0]),
                       ("grandchild", chain.children[0].children[0])):  # type: ignore[attr-defined]
        _freed_by(node, frees, name)
    parts = parts_of(chain)
    del chain, node
    parts.reverse()
    parts.pop()  # the root's last reference: its children are still held further on
    assert frees == [("root", False)]
    parts.reverse()
    steps = Steps(parts, frees)
    del parts  # the steps hold the only references now
    drop_one_by_one(steps)
    assert [name for name, _ in frees] == ["root", "child", "grandchild"]
    assert all(by for _, by in frees[1:]) and len(steps) == 0
    assert max(steps.freed) == 1  # one container a step: never the child and grandchild at once


class Steps(list):
    """A list of parts that counts, at each step (``pop``), how many watched objects it freed:
    a cascade frees several in one step."""

    def __init__(self, parts: list[object], frees: list[tuple[str, bool]]) -> None:
        super().__init__(parts)
        self.frees, self.freed = frees, []

    def pop(self, *args: int) -> object:
        before = len(self.frees)
        super().pop(*args)  # dropped here, not held by the caller
        self.freed.append(len(self.frees) - before)
        return None


def test_let_go_frees_the_objects_a_holder_had_one_by_one() -> None:
    frees: list[tuple[str, bool]] = []
    holder: list[object] = [Node(Node()), None]
    _freed_by(holder[0], frees, "a")
    _freed_by(holder[0].children[0], frees, "b")  # type: ignore[attr-defined]
    let_go(holder)
    assert holder == [] and frees == [("a", True), ("b", True)]


def test_a_release_frees_the_boards_it_merged_one_by_one(monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    """Freed with the list that held them, 900 boards held the interpreter lock 50-100 ms."""
    frees: list[tuple[str, bool]] = []
    parse = datafolder.parse_file

    def spy(path: Path):  # type: ignore[no-untyped-def]
        boards = parse(path)
        for board in boards:
            _freed_by(board, frees, path.name)
        return boards

    monkeypatch.setattr(datafolder, "parse_file", spy)
    release, _ = datafolder.read_release(_files(CURRENT_DIR), CURRENT_DIR)
    assert release is not None and len(frees) >= 10
    assert all(by for _, by in frees)
