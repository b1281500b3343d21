"""Releases: one published state of the CLiB repository, and how a data folder holds them.

A release is named by its README's release notes (``- [2026/9/8] v5.11.7版本``: the newest
line wins), else by its folder's name (``v3.6``). A data folder holds one release (a README
and/or boards, the boards directly in it or under ``leaderboard/``, as in the repository) or
several, one per subfolder. Rankings use the newest release only: CLiB changes its test sets
between releases, so scores of two releases are never ranked against each other.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import InitVar, dataclass, field
from functools import cached_property
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from bot.core.merge import Disagreement, breadth, merge_boards
from bot.core.models import TOTAL, Board, BoardMeta, ModelRecord

IN_RELEASE = "release"
"""``rank_of`` of a rank among the release's models by one score (not a rank on a board)."""

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


def read_release_notes(text: str) -> ReleaseInfo | None:
    """The newest release a README's notes name (``- [2026/9/8] v5.11.7版本``), or None."""
    found: list[ReleaseInfo] = []
    for match in _NOTE.finditer(text):
        try:
            day = dt.date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
        except ValueError:  # 2026/2/30 is no date: the line is not a release note
            continue
        found.append(ReleaseInfo(version="v" + match.group("version")[1:], date=day))
    return max(found, key=release_order) if found else None


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

    def rank_of(self, record: ModelRecord, domain: str) -> tuple[int | None, str]:
        """(its rank, what the rank is of) for ``record``'s ``domain`` score: its rank on the
        domain's own board (``医疗与心理健康.md``, ``总分.md``) when that board gives the score,
        else its rank by that score among the release's models (``IN_RELEASE``); no rank
        without a score. A rank is never taken from a board that ranks by something else."""
        title = record.sources.get(domain)
        board = self.by_title.get(title) if title else None
        if board is not None and board.own_domain == domain and domain in record.ranks:
            return record.ranks[domain], board.title
        return self.rank_by(domain, record.score(domain)), IN_RELEASE

    def rank_by(self, domain: str, value: float | None) -> int | None:
        """The rank a ``domain`` score of ``value`` has among the release's models (1 + how
        many score more: ties share a rank); None for no score."""
        if value is None:
            return None
        ascending = self._scores(domain)
        return 1 + len(ascending) - bisect.bisect_right(ascending, value)

    def scored_count(self, domain: str) -> int:
        """How many of the release's models have a ``domain`` score."""
        return len(self._scores(domain))

    def headline(self, record: ModelRecord) -> int | None:
        """A model's headline rank: by total among the release's models (None without one)."""
        return self.rank_by(TOTAL, record.total)

    def _scores(self, domain: str) -> list[float]:
        cached = self._sorted.get(domain)
        if cached is None:
            cached = self._sorted[domain] = sorted(
                s for r in self.records if (s := r.score(domain)) is not None)
        return cached

    @cached_property
    def _sorted(self) -> dict[str, list[float]]:
        return {}

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
