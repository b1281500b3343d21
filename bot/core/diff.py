"""What changed between two catalogs: models added and removed, rank moves, price changes,
new leaders per domain. Used by ``/reload`` (and by change announcements), and by
``/changes`` with the biggest score and rank moves of each domain (``domain_moves``)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from bot.core.catalog import Catalog
from bot.core.models import TOTAL
from bot.core.release import Release

MOVES = 5
"""How many of the biggest score and rank moves /changes shows for each domain."""


class Move(BaseModel):
    """A model whose board rank changed."""

    model_config = ConfigDict(frozen=True)
    name: str
    board: str
    old_rank: int
    new_rank: int


class PriceChange(BaseModel):
    """A model whose output price changed (None = unknown)."""

    model_config = ConfigDict(frozen=True)
    name: str
    old_price: float | None
    new_price: float | None


class LeaderChange(BaseModel):
    """A domain whose top model changed."""

    model_config = ConfigDict(frozen=True)
    domain: str
    old: str | None
    new: str | None


class ScoreMove(BaseModel):
    """A model whose score in a domain changed between the two releases."""

    model_config = ConfigDict(frozen=True)
    name: str
    old: float
    new: float
    change: float


class RankMove(BaseModel):
    """A model whose rank among the release's models changed (``change``: places climbed)."""

    model_config = ConfigDict(frozen=True)
    name: str
    old_rank: int
    new_rank: int
    change: int


class DomainMoves(BaseModel):
    """The biggest score and rank moves of one domain (or the total), biggest first."""

    model_config = ConfigDict(frozen=True)
    domain: str
    scores: list[ScoreMove]
    ranks: list[RankMove]


class CatalogDiff(BaseModel):
    """The difference between an old and a new catalog; ``empty`` when nothing moved."""

    model_config = ConfigDict(frozen=True)
    added: list[str]
    removed: list[str]
    moved: list[Move]
    prices: list[PriceChange]
    leaders: list[LeaderChange]
    boards_after: int
    models_before: int
    models_after: int

    @property
    def empty(self) -> bool:
        """True when no model, rank, price or leader changed."""
        return not (self.added or self.removed or self.moved or self.prices or self.leaders)

    def significant(self, min_move: int) -> CatalogDiff:
        """The same diff without rank moves of fewer than ``min_move`` places."""
        return self.model_copy(update={
            "moved": [m for m in self.moved if abs(m.new_rank - m.old_rank) >= min_move]
        })


def _leader(catalog: Catalog, domain: str) -> str | None:
    order = catalog.best_first(domain)  # the order /best ranks by, ties included
    return order[0].name if order else None


def diff_catalogs(old: Catalog, new: Catalog, *, min_move: int = 1) -> CatalogDiff:
    """Compare two catalogs; rank moves smaller than ``min_move`` places are left out."""
    old_names = {e.name.casefold(): e for e in old.records}
    new_names = {e.name.casefold(): e for e in new.records}
    added = [e.name for k, e in new_names.items() if k not in old_names]
    removed = [e.name for k, e in old_names.items() if k not in new_names]
    moved: list[Move] = []
    prices: list[PriceChange] = []
    for key, after in new_names.items():
        before = old_names.get(key)
        if before is None:
            continue
        if before.board == after.board and abs(before.rank - after.rank) >= min_move:
            moved.append(Move(name=after.name, board=after.board, old_rank=before.rank,
                              new_rank=after.rank))
        if before.price != after.price:
            prices.append(PriceChange(name=after.name, old_price=before.price,
                                      new_price=after.price))
    leaders = []
    for domain in dict.fromkeys([TOTAL, *old.domains.domains, *new.domains.domains]):
        was, now = _leader(old, domain), _leader(new, domain)
        if was != now:
            leaders.append(LeaderChange(domain=domain, old=was, new=now))
    return CatalogDiff(
        added=added, removed=removed, moved=moved, prices=prices, leaders=leaders,
        boards_after=len(new.boards),
        models_before=len(old.records), models_after=len(new.records),
    )


def domain_moves(catalog: Catalog, old: Release, new: Release, domain: str,
                 limit: int = MOVES) -> DomainMoves:
    """The ``limit`` biggest score moves and rank moves (rank among the release's models) in
    ``domain`` of the models both releases score there; ties by name."""
    before, after = catalog.standing(old, domain), catalog.standing(new, domain)
    scores: list[ScoreMove] = []
    ranks: list[RankMove] = []
    for record in catalog.scored(domain, new):
        key = record.name.casefold()
        was = old.by_name.get(key)
        if key not in before or was is None:
            continue
        old_score, new_score = was.score(domain) or 0.0, record.score(domain) or 0.0
        if old_score != new_score:
            scores.append(ScoreMove(name=record.name, old=old_score, new=new_score,
                                    change=round(new_score - old_score, 4)))
        if before[key] != after[key]:
            ranks.append(RankMove(name=record.name, old_rank=before[key], new_rank=after[key],
                                  change=before[key] - after[key]))
    scores.sort(key=lambda m: (-abs(m.change), m.name.casefold()))
    ranks.sort(key=lambda m: (-abs(m.change), m.name.casefold()))
    return DomainMoves(domain=domain, scores=scores[:limit], ranks=ranks[:limit])
