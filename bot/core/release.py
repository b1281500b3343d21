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
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import InitVar, dataclass, field
from functools import cached_property
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from bot.core.board import MAX_LINE
from bot.core.errors import BoardError, ImplausibleRelease
from bot.core.merge import Disagreement, breadth, merge_boards
from bot.core.models import TOTAL, Board, BoardMeta, ModelRecord

IN_RELEASE = "release"
"""``rank_of`` of a rank among the release's models by one score (not a rank on a board)."""

BOARDS_FOLDER = "leaderboard"
"""Where the repository keeps its boards, beside its README."""

# One line of release notes, matched at the start of each line (never searched across the
# text: the old multi-line search rescanned every blank line after it, quadratic). Every
# unbounded repeat is possessive, so a line costs time linear in its length.
_NOTE = re.compile(
    r"\s*+[-*+]\s*+\[\s*+(?P<y>\d{4})\s*+[/.\-年]\s*+(?P<m>\d{1,2})\s*+[/.\-月]\s*+"
    r"(?P<d>\d{1,2})\s*+日?\s*+\]\s*+(?P<version>[vV][0-9]++(?:\.[0-9]++)*+)"
)
_VERSION = re.compile(r"^[vV]?+(?P<number>[0-9]{1,9}(?:\.[0-9]{1,9}){0,3})$")
MAX_VERSION_DIGITS = 9
"""Digits a part of a version may have (v5.11.7 has at most 2): more is no CLiB version."""
MAX_VERSION_PARTS = 4
"""Parts a version may have (CLiB's have 2 or 3); the longest version allowed, 40 characters,
is the longest the store keeps for a published release."""
FUTURE_DAYS = 2
"""How far past today (the machine's clock) a release may be dated: CLiB dates releases in
China's time zone, a day ahead of some of the world. A later date is refused: a release dated
9999/12/31 would otherwise stay the newest forever."""
_NOTE_PREFIX = frozenset("-*+")


class ReleaseInfo(BaseModel):
    """A release's version (``v5.11.7``) and date; either may be unknown."""

    model_config = ConfigDict(frozen=True)
    version: str | None = None
    date: dt.date | None = None
    scoring_changes: tuple[str, ...] = ()
    """The versions whose release notes (in this README) say the scoring changed."""
    notes: tuple[str, ...] = ()
    """The release's own notes, short: the first ``NOTES_KEPT`` sub-bullets of its note."""


NOTES_KEPT = 3
NOTE_CHARS = 160  # a longer sub-bullet is cut (the README holds it whole)


def note_lines(body: str) -> tuple[str, ...]:
    """The sub-bullets of a note's body (its first line is the note itself), short."""
    out: list[str] = []
    for line in body.split("\n")[1:]:
        text = line.strip().removeprefix("- ").removeprefix("* ").strip()
        if text:
            out.append(text if len(text) <= NOTE_CHARS else text[:NOTE_CHARS - 1] + "…")
        if len(out) == NOTES_KEPT:
            break
    return tuple(out)


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


def read_release_notes(text: str, source: str = "<text>",
                       today: dt.date | None = None) -> ReleaseInfo | None:
    """The newest release a README's notes name (``- [2026/9/8] v5.11.7版本``), or None.

    Raises ``BoardError`` (file and line) for a note no CLiB release can have: a version of
    more than ``MAX_VERSION_PARTS`` parts or a part of more than ``MAX_VERSION_DIGITS``
    digits, a date later than ``today`` (the machine's date) plus ``FUTURE_DAYS``, or a line
    longer than ``MAX_LINE``. A date that is no date (2026/2/30) makes the line no note. The
    release returned carries the versions whose notes say the scoring changed
    (``SCORING_WORDS``, in the note's line and the indented lines under it)."""
    latest = (today or dt.datetime.now(dt.UTC).date()) + dt.timedelta(days=FUTURE_DAYS)
    found: list[ReleaseInfo] = []
    scoring: list[str] = []
    for lineno, line, start in _bracketed_lines(text):
        if line.lstrip()[:1] not in _NOTE_PREFIX:
            continue
        if len(line) > MAX_LINE:
            raise BoardError(source, lineno, f"line of {len(line):,} characters; at most "
                                             f"{MAX_LINE:,} are read")
        match = _NOTE.match(line)
        if match is None:
            continue
        try:
            day = dt.date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
        except ValueError:  # 2026/2/30 is no date: the line is not a release note
            continue
        version = _checked_version(match.group("version"), source, lineno)
        if day > latest:
            raise ImplausibleRelease(
                source, lineno, f"release {version} is dated {day.isoformat()}, after "
                f"{latest.isoformat()}: refused", kind="future_date", version=version,
                date=day.isoformat())
        body = _note_body(text, start + match.end())
        found.append(ReleaseInfo(version=version, date=day, notes=note_lines(body)))
        if any(word in body.casefold() for word in SCORING_WORDS):
            scoring.append(version)
    if not found:
        return None
    newest = max(found, key=release_order)
    return newest.model_copy(update={"scoring_changes": tuple(scoring)})


def _bracketed_lines(text: str) -> Iterator[tuple[int, str, int]]:
    """(number, text, offset) of each line holding a ``[``, the only lines that can be notes. Found
    with ``str.find``, so that the blank lines and prose of a README cost no Python step each:
    the work is linear in the text, and small per line that can be a note."""
    lineno, counted, pos = 1, 0, 0
    while (hit := text.find("[", pos)) != -1:
        start = text.rfind("\n", pos, hit) + 1 or pos  # the line's start: at or after pos
        end = text.find("\n", hit)
        end = len(text) if end == -1 else end
        lineno += text.count("\n", counted, start)
        counted = start
        yield lineno, text[start:end], start
        pos = end + 1


def _checked_version(text: str, source: str, lineno: int) -> str:
    """``v5.11.7`` from a note's ``V5.11.7``; ``BoardError`` when it is out of bounds."""
    parts = text[1:].split(".")
    if len(parts) > MAX_VERSION_PARTS or any(len(p) > MAX_VERSION_DIGITS for p in parts):
        shown = text if len(text) <= 24 else f"{text[:20]}… ({len(text):,} characters)"
        raise ImplausibleRelease(source, lineno, f"version {shown} is out of bounds: at most "
                                 f"{MAX_VERSION_PARTS} parts of at most {MAX_VERSION_DIGITS} "
                                 "digits", kind="bad_version", version=shown)
    return "v" + text[1:]


def version_from_name(name: str) -> str | None:
    """``v3.6`` or ``3.6`` -> ``v3.6``; a folder name that is no version (or one out of the
    bounds a release note has) -> None."""
    match = _VERSION.match(name.strip())
    return "v" + match.group("number") if match else None


def version_number(version: str | None) -> tuple[int, ...]:
    """``v5.11.7`` -> (5, 11, 7), so that v5.11.10 comes after v5.11.9; () when unknown or out
    of bounds (a part of thousands of digits is no number Python converts)."""
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
