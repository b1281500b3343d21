"""Validated data read from boards, and the merged picture of one release.

``Entry`` is one model's row on one board as the board states it; ``Board`` is one table.
``ModelRecord`` is one model of one release, merged from every board of that release that
lists it (see ``bot.core.merge`` for the precedence rule); every query ranks and shows records.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Score = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]
Price = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Measure = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Category = Literal["open", "commercial"]
"""开源 (open weights) or 商用 (commercial)."""

TOTAL = "总分"
"""The board's total score; queryable like a domain (English names: overall, total)."""


class Measures(BaseModel):
    """What a per-domain board measured while testing a model in its domain."""

    model_config = ConfigDict(frozen=True)

    latency: Measure | None = Field(default=None, description="average seconds per answer")
    tokens: Measure | None = Field(default=None, description="average tokens per answer")
    cost_per_1000: Measure | None = Field(default=None, description="元 per 1,000 calls")

    @property
    def empty(self) -> bool:
        """True when the board measured nothing for this model."""
        return self.latency is None and self.tokens is None and self.cost_per_1000 is None


class Entry(BaseModel):
    """One model's row on one board, as the board states it."""

    model_config = ConfigDict(frozen=True)

    rank: int = Field(ge=0)
    name: str = Field(min_length=1)
    org: str | None = None
    price: Price | None = None
    total: Score | None = None
    scores: dict[str, Score | None] = Field(default_factory=dict)
    is_new: bool = False
    line: int | None = None
    category: Category | None = None
    measures: Measures | None = None

    def score(self, domain: str) -> float | None:
        """The score for ``domain`` (``总分`` gives the total), or None when unknown."""
        if domain == TOTAL:
            return self.total
        return self.scores.get(domain)


class BoardMeta(BaseModel):
    """What a release keeps of a board once its rows are merged into records: the rows
    themselves are let go (a release of 600 boards holds 60,000 of them)."""

    model_config = ConfigDict(frozen=True)

    title: str
    source: str
    line: int | None = None
    domains: list[str]
    size: int = Field(description="how many models the board lists")
    has_price: bool = False
    has_total: bool = False
    family: Category | None = None

    @property
    def own_domain(self) -> str | None:
        """The one domain the board scores alone (see ``Board.own_domain``), else None."""
        return single_score(self.domains, self.has_total, self.has_price)


class Board(BaseModel):
    """One CLiB table: its heading, its domains in header order, and its rows in board order.

    ``has_price`` and ``has_total`` say which columns the table has (a column that is there
    but empty for a model is an unknown value, not a missing column); ``family`` is the
    category its heading names (开源大模型排行榜 -> open), if any.
    """

    model_config = ConfigDict(frozen=True)

    title: str
    source: str
    line: int | None = None
    domains: list[str]
    models: list[Entry]
    has_price: bool = False
    has_total: bool = False
    family: Category | None = None

    @property
    def own_domain(self) -> str | None:
        """The one domain a per-domain board scores (``医疗与心理健康.md``, ``总分.md``), else
        None: such a board is the authority for that domain's scores. A board with a price
        column is a ranking of models (a price tier, a size class), never a domain's own."""
        return single_score(self.domains, self.has_total, self.has_price)

    @property
    def meta(self) -> BoardMeta:
        """The board without its rows."""
        return BoardMeta(title=self.title, source=self.source, line=self.line,
                         domains=list(self.domains), size=len(self.models),
                         has_price=self.has_price, has_total=self.has_total, family=self.family)

    @model_validator(mode="after")
    def _names_unique(self) -> Board:
        seen: dict[str, Entry] = {}
        for entry in self.models:
            key = entry.name.casefold()
            if key in seen:
                raise ValueError(
                    f"model name {entry.name!r} appears twice (lines {seen[key].line} and "
                    f"{entry.line})"
                )
            seen[key] = entry
        return self


def single_score(domains: list[str], has_total: bool, has_price: bool) -> str | None:
    """The domain (or ``总分``) a table of that shape scores alone, as a per-domain board does."""
    if has_price:
        return None
    if len(domains) == 1 and not has_total:
        return domains[0]
    if not domains and has_total:
        return TOTAL
    return None


class ModelRecord(BaseModel):
    """One model of one release, merged from every board of the release that lists it.

    ``rank`` is its rank on ``board``, the broadest board that lists it (``home``, the board
    answers name as its home, is the broadest that scores it).
    ``sources`` names, for each figure (``price``, ``org``, ``category``, ``总分`` and each
    domain), the board it was taken from; ``ranks`` holds its rank on that board for each
    scored domain; ``measures`` what the domain's own board measured.
    """

    model_config = ConfigDict(frozen=True)

    name: str
    org: str | None = None
    price: Price | None = None
    total: Score | None = None
    scores: dict[str, Score] = Field(default_factory=dict)
    is_new: bool = False
    category: Category | None = None
    release: str | None = None
    rank: int
    board: str
    boards: tuple[str, ...] = ()
    sources: dict[str, str] = Field(default_factory=dict)
    ranks: dict[str, int] = Field(default_factory=dict)
    measures: dict[str, Measures] = Field(default_factory=dict)
    scored_on: tuple[str, ...] = Field(
        default=(), description="the boards whose row gives it a score (a total or a domain), "
        "broadest first: a board may list it at \"/%\" only")

    def score(self, domain: str) -> float | None:
        """The score for ``domain`` (``总分`` gives the total), or None when unknown."""
        if domain == TOTAL:
            return self.total
        return self.scores.get(domain)

    @property
    def home(self) -> str | None:
        """The board named as its home: the broadest board that scores it (``board``, the
        broadest that lists it, may list it at "/%" only, as v4.2's 2025高考 boards do for
        SenseChat-Turbo-1202); None for a model no board scores (every score "/%" or empty),
        which has no rank and no board named for it."""
        return self.scored_on[0] if self.scored_on else None

    def rank_in(self, domain: str) -> int:
        """Its rank on the board its ``domain`` score comes from (else its home board's)."""
        return self.ranks.get(domain, self.rank)

    def board_for(self, domain: str) -> str:
        """The board its ``domain`` score comes from (else its home board)."""
        return self.sources.get(domain, self.board)
