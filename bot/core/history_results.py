"""Typed results of the history commands: ``/history`` (one model through the releases held)
and ``/changes`` (what moved between two releases). Their JSON form is the command-line
contract, as for ``bot.core.results``."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from bot.core.diff import DomainMoves, LeaderChange, PriceChange
from bot.core.results import Result

HISTORY_PAGE = 8
"""Releases per page of /history in Discord (an embed field each)."""


class HistoryPoint(BaseModel):
    """One release held, and the model in it (``listed`` false: not on that release's
    boards, a gap in its history)."""

    model_config = ConfigDict(frozen=True)
    release: str | None
    date: dt.date | None
    listed: bool
    domain: str | None = Field(default=None,
                               description="the release's own name of the domain asked")
    price: float | None = None
    score: float | None = None
    rank: int | None = Field(default=None, description="its rank by ``score`` among the "
                             "release's models (1 + how many score more)")
    ranked: int | None = Field(default=None,
                               description="how many of the release's models have that score")
    boards: list[str] = Field(default_factory=list)
    previous: str | None = Field(default=None, description="the older release it was last on")
    score_change: float | None = None
    price_change: float | None = None
    rank_change: int | None = Field(
        default=None, description="places climbed since ``previous`` (negative: fell)")
    scoring_changed: list[str] = Field(
        default_factory=list, description="releases after ``previous`` up to this one whose "
        "notes say the scoring changed: its score moved for everyone, not for this model alone")


class HistoryResult(Result):
    """A model's price, score and rank in every release held, newest first."""

    command: ClassVar[str] = "history"
    name: str
    org: str | None
    domain: str
    listed: int = Field(description="how many of the releases held list the model")
    points: list[HistoryPoint]

    @property
    def pages(self) -> int:
        """Pages of ``HISTORY_PAGE`` releases."""
        return max(1, -(-len(self.points) // HISTORY_PAGE))

    def page(self, number: int) -> list[HistoryPoint]:
        """The releases of page ``number`` (clamped)."""
        number = min(max(number, 1), self.pages)
        return self.points[(number - 1) * HISTORY_PAGE:number * HISTORY_PAGE]


class ReleaseRef(BaseModel):
    """A release by version and date (either may be unknown)."""

    model_config = ConfigDict(frozen=True)
    release: str | None
    date: dt.date | None


class ChangesResult(Result):
    """What changed from ``older`` to ``newer``."""

    command: ClassVar[str] = "changes"
    older: ReleaseRef
    newer: ReleaseRef
    added: list[str]
    removed: list[str]
    prices: list[PriceChange]
    leaders: list[LeaderChange]
    overall: DomainMoves
    domains: list[DomainMoves] = Field(description="each domain both releases score")
    new_domains: list[str]
    dropped_domains: list[str]
    new_boards: list[str]
    dropped_boards: list[str]
    models_before: int
    models_after: int
    unpriced: list[str] = Field(
        description="models of ``newer`` without a known price (a budget leaves them out)")
    scoring_changed: list[str] = Field(
        description="releases after ``older`` up to ``newer`` whose notes say the scoring "
        "changed: score moves then say little about the models")

    @property
    def empty(self) -> bool:
        """True when no model, price, leader, score, rank, domain or board changed."""
        moved = any(m.scores or m.ranks for m in (self.overall, *self.domains))
        return not (self.added or self.removed or self.prices or self.leaders or moved
                    or self.new_domains or self.dropped_domains or self.new_boards
                    or self.dropped_boards)
