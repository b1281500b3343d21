"""Releases: one published state of the CLiB repository, and how a data folder holds them.

A release is named by its README's release notes (``- [2026/9/8] v5.11.7版本``: the newest
line wins), else by its folder's name (``v3.6``). A data folder holds one release (a README
and/or boards, the boards directly in it or under ``leaderboard/``, as in the repository) or
several, one per subfolder. Rankings use the newest release only: CLiB changes its test sets
between releases, so scores of two releases are never ranked against each other.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import InitVar, dataclass, field
from functools import cached_property
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from bot.core.merge import Disagreement, breadth, merge_boards
from bot.core.models import Board, BoardMeta, ModelRecord

BOARDS_FOLDER = "leaderboard"
"""Where the repository keeps its boards, beside its README."""

_NOTE = re.compile(
    r"^\s*[-*+]\s*\[\s*(?P<y>\d{4})\s*[/.\-年]\s*(?P<m>\d{1,2})\s*[/.\-月]\s*(?P<d>\d{1,2})\s*日?\s*\]"
    r"\s*(?P<version>[vV]\d+(?:\.\d+)*)",
    re.MULTILINE,
)
_VERSION = re.compile(r"^[vV]?(?P<number>\d+(?:\.\d+)*)$")


class ReleaseInfo(BaseModel):
    """A release's version (``v5.11.7``) and date; either may be unknown."""

    model_config = ConfigDict(frozen=True)
    version: str | None = None
    date: dt.date | None = None
    scoring_changes: tuple[str, ...] = ()
    """The versions whose release notes (in this README) say the scoring changed."""


SCORING_WORDS = ("计分", "权重", "计入总分", "分数均有", "评分方式", "scoring")
"""Words of a release note that say scores moved for everyone (a new way of scoring, new
weights, a domain added to the total, test sets changed), not that the models did: v5.0
"优化“综合能力”计分方式", v5.6 "各模型分数均有较大变动", v5.7 "修改…权重"."""


_NOTE_LINES = 20  # a note longer than this is not a note: bounds the work on hostile text


def _note_body(text: str, start: int) -> str:
    """The rest of a note's line and the indented lines under it (its sub-bullets)."""
    end = text.find("\n", start)
    lines = [text[start:end if end >= 0 else len(text)]]
    while end >= 0 and len(lines) < _NOTE_LINES:
        nxt = text.find("\n", end + 1)
        line = text[end + 1:nxt if nxt >= 0 else len(text)]
        if not line[:1].isspace() or not line.strip():
            break
        lines.append(line)
        end = nxt
    return "\n".join(lines)


def read_release_notes(text: str) -> ReleaseInfo | None:
    """The newest release a README's notes name (``- [2026/9/8] v5.11.7版本``), or None,
    with the versions whose notes say the scoring changed (``SCORING_WORDS``)."""
    found: list[ReleaseInfo] = []
    scoring: list[str] = []
    for match in _NOTE.finditer(text):
        try:
            day = dt.date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
        except ValueError:  # 2026/2/30 is no date: the line is not a release note
            continue
        version = "v" + match.group("version")[1:]
        found.append(ReleaseInfo(version=version, date=day))
        body = _note_body(text, match.end()).casefold()
        if any(word in body for word in SCORING_WORDS):
            scoring.append(version)
    if not found:
        return None
    newest = max(found, key=release_order)
    return newest.model_copy(update={"scoring_changes": tuple(scoring)})


def version_from_name(name: str) -> str | None:
    """``v3.6`` or ``3.6`` -> ``v3.6``; a folder name that is no version -> None."""
    match = _VERSION.match(name.strip())
    return "v" + match.group("number") if match else None


def version_number(version: str | None) -> tuple[int, ...]:
    """``v5.11.7`` -> (5, 11, 7), so that v5.11.10 comes after v5.11.9; () when unknown."""
    match = _VERSION.match(version or "")
    return tuple(int(p) for p in match.group("number").split(".")) if match else ()


def release_order(info: ReleaseInfo) -> tuple[tuple[int, ...], dt.date]:
    """The sort key of a release: its version number, then its date (newest sorts last)."""
    return version_number(info.version), info.date or dt.date.min


class SkippedFile(BaseModel):
    """A file of the data folder that holds no leaderboard table."""

    model_config = ConfigDict(frozen=True)
    path: str
    reason: str


@dataclass(frozen=True, eq=False)
class Release:
    """The records merged from the boards of one release (see ``bot.core.merge``); of the
    boards themselves it keeps what they are, not their rows, broadest board first."""

    info: ReleaseInfo
    parsed: InitVar[Sequence[Board]]
    folder: str | None = None
    boards: tuple[BoardMeta, ...] = field(init=False)
    records: tuple[ModelRecord, ...] = field(init=False)
    disagreements: tuple[Disagreement, ...] = field(init=False)

    def __post_init__(self, parsed: Sequence[Board]) -> None:
        boards = distinct_titles(sorted(parsed, key=breadth))
        records, disagreements = merge_boards(boards, self.info.version)
        object.__setattr__(self, "boards", tuple(b.meta for b in boards))
        object.__setattr__(self, "records", tuple(records))
        object.__setattr__(self, "disagreements", tuple(disagreements))

    @property
    def version(self) -> str | None:
        """``v5.11.7``, or None when neither the README nor the folder names it."""
        return self.info.version

    @property
    def date(self) -> dt.date | None:
        """The date of the release notes, or None."""
        return self.info.date

    @cached_property
    def by_name(self) -> dict[str, ModelRecord]:
        """Records by case-folded name."""
        return {r.name.casefold(): r for r in self.records}

    @cached_property
    def by_title(self) -> dict[str, BoardMeta]:
        """Boards by title."""
        return {b.title: b for b in self.boards}

    @cached_property
    def domains(self) -> tuple[str, ...]:
        """Every domain of the release's boards, broadest board first."""
        return tuple(dict.fromkeys(d for b in self.boards for d in b.domains))


def distinct_titles(boards: Iterable[Board]) -> tuple[Board, ...]:
    """The boards, a repeated title (two files with the same heading) told apart by its file:
    a figure's board is named by title, so two boards of a release may not share one."""
    seen: set[str] = set()
    out: list[Board] = []
    for board in boards:
        title = board.title
        if title in seen:
            title = f"{board.title} ({Path(board.source).stem})"
            number = 2
            while title in seen:
                title = f"{board.title} ({Path(board.source).stem} {number})"
                number += 1
            board = board.model_copy(update={"title": title})
        seen.add(title)
        out.append(board)
    return tuple(out)


def newest_first(releases: Sequence[Release]) -> list[Release]:
    """Releases ordered newest first (version number, then date; unnamed ones last)."""
    return sorted(releases, key=lambda r: release_order(r.info), reverse=True)
