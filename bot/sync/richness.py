"""A sync only ever adds: how a downloaded copy of a release compares with the copies of the
same version already held (an earlier sync, the bundled data), and what is installed.

A copy is its files by path. Boards are matched by content (their titles), not by file name:
a board of an earlier copy whose title the new copy lacks is carried over (a file the README
no longer links, a board that answered 404, a listing that was not available). When the result
would still have fewer boards or fewer priced models than a copy already held (a board's new
version lost its prices), the richer copy is kept whole and the download is not installed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from bot.core.board import parse_boards
from bot.core.errors import BoardError
from bot.core.release import BOARDS_FOLDER


@dataclass(frozen=True)
class Richness:
    """How much a copy holds: distinct board titles and distinct models with a price."""

    boards: int
    priced: int
    broken: bool = False

    def poorer_than(self, other: Richness) -> bool:
        """True when this copy has fewer boards or fewer priced models than ``other``."""
        return self.boards < other.boards or self.priced < other.priced


@dataclass(frozen=True)
class Merged:
    """The copy to install: ``files``, the paths ``taken`` from copies already held, and
    ``kept`` when a held copy was richer and is kept as it is."""

    files: dict[str, bytes]
    taken: list[str] = field(default_factory=list)
    kept: bool = False


def _titles(path: str, body: bytes) -> set[str]:
    """The board titles of one file (none for a notes file or one that does not read)."""
    if not path.startswith(BOARDS_FOLDER + "/"):
        return set()
    try:
        return {b.title for b in parse_boards(body.decode("utf-8-sig"), path)}
    except (UnicodeDecodeError, BoardError):
        return set()


def richness(files: Mapping[str, bytes]) -> Richness:
    """The boards and priced models of a copy."""
    titles: set[str] = set()
    priced: set[str] = set()
    broken = False
    for path, body in files.items():
        if not path.startswith(BOARDS_FOLDER + "/"):
            continue
        try:
            boards = parse_boards(body.decode("utf-8-sig"), path)
        except (UnicodeDecodeError, BoardError):
            broken = True
            continue
        for board in boards:
            titles.add(board.title)
            priced.update(e.name.casefold() for e in board.models if e.price is not None)
    return Richness(boards=len(titles), priced=len(priced), broken=broken)


def merge_copies(new: Mapping[str, bytes], held: Sequence[Mapping[str, bytes]]) -> Merged:
    """``new`` with the boards of the ``held`` copies it lacks; the richest held copy instead
    when even that is poorer."""
    files = dict(new)
    # a copy the new one holds file for file adds nothing: the usual unchanged sync parses
    # no board here
    held = [c for c in held if any(files.get(p) != b for p, b in c.items())]
    if not held:
        return Merged(files)
    titles = set().union(*(_titles(p, b) for p, b in files.items()))
    taken: list[str] = []
    for copy in held:
        for path, body in sorted(copy.items()):
            if path in files:
                continue
            found = _titles(path, body)
            if found and not found <= titles:
                files[path] = body
                titles |= found
                taken.append(path)
    measured = [(richness(c), c) for c in held]
    _, richest = max(measured, key=lambda m: (m[0].boards, m[0].priced))
    mine = richness(files)
    if mine.broken:  # refused by the validation that follows, naming the file and line
        return Merged(files, taken)
    if any(mine.poorer_than(r) for r, _ in measured):
        return Merged(dict(richest), kept=True)
    return Merged(files, taken)
