"""Typed results. Their JSON form (``model_dump(mode="json")``) is the command-line contract."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from bot.core.merge import Disagreement
from bot.core.models import Category, Measures, ModelRecord
from bot.core.release import IN_RELEASE, Release

RANK_OF = ("what ``rank`` is a rank of: a board's title (its rank on that board, the domain's "
           "own board) or \"release\" (its rank by ``score`` among the release's models)")


class SourceInfo(BaseModel):
    """Where an answer's figures come from: the release (version and date, null when unknown)
    and the boards, by title."""

    model_config = ConfigDict(frozen=True)
    release: str | None
    date: dt.date | None
    boards: list[str]
    releases: list[str | None] = Field(
        default_factory=list, description="every release the figures come from, newest first "
        "(several only when /compare or /cost name models of older releases)")


class Result(BaseModel):
    """Base of every result; ``command`` names the command that made it, ``source`` where its
    figures come from."""

    model_config = ConfigDict(frozen=True)
    command: ClassVar[str]
    source: SourceInfo


class RankedItem(BaseModel):
    """One model in a ranking; ``score`` is the number it was ranked by; ``rank`` its rank on
    the board ``rank_of`` names, or by ``score`` among the release's models."""

    model_config = ConfigDict(frozen=True)
    name: str
    org: str | None
    price: float | None
    score: float | None
    rank: int | None
    rank_of: str = Field(default=IN_RELEASE, description=RANK_OF)
    total: float | None = None
    board: str = Field(description="the board its score comes from")
    is_new: bool = False
    category: Category | None = None

    @classmethod
    def of(cls, record: ModelRecord, domain: str, release: Release) -> RankedItem:
        """The item for ``record`` (of ``release``) ranked by its ``domain`` score."""
        rank, rank_of = release.rank_of(record, domain)
        # a record's figures were validated when it was merged: nothing to check again
        return cls.model_construct(
            name=record.name, org=record.org, price=record.price, score=record.score(domain),
            rank=rank, rank_of=rank_of, total=record.total, board=record.board_for(domain),
            is_new=record.is_new, category=record.category,
        )


class BestResult(Result):
    """The winner and runners-up for a domain; ``cheaper`` is a close, cheaper alternative."""

    command: ClassVar[str] = "best"
    domain: str
    budget: float | None
    org: str | None = None
    type: Category | None = None
    results: list[RankedItem]
    cheaper: RankedItem | None = None
    considered: int = Field(description="how many models passed the filters")


class CompareModel(BaseModel):
    """One model of a comparison."""

    model_config = ConfigDict(frozen=True)
    name: str
    org: str | None
    price: float | None
    total: float | None
    scores: dict[str, float | None]
    rank: int | None = Field(description="its headline rank: by total among its release's models")
    rank_of: str = Field(default=IN_RELEASE, description=RANK_OF)
    board: str | None = Field(description="its home board: the broadest that scores it (null "
                              "when no board does)")
    score_per_yuan: float | None = Field(description="total score per 元 of output price")
    release: str | None = None
    category: Category | None = None
    measures: dict[str, Measures] = Field(
        default_factory=dict, description="per domain: latency, tokens per answer, cost per "
        "1,000 calls, where the release measured them")


class DomainRow(BaseModel):
    """One domain across the compared models: scores in the order asked and the winner."""

    model_config = ConfigDict(frozen=True)
    domain: str
    scores: list[float | None]
    winner: str | None = Field(description="null when tied or nobody has a score")


class CompareResult(Result):
    """Two to four models side by side."""

    command: ClassVar[str] = "compare"
    models: list[CompareModel]
    domains: list[DomainRow]
    total_winner: str | None
    same_release: bool = Field(
        default=True, description="false when the models come from different releases, whose "
        "scores are not comparable (no winners, price ratio or best value then)")
    common_release: str | None = Field(
        default=None, description="the release the comparison moved to: the newest one that "
        "lists every model, when their newest records come from different releases")
    cheapest: str | None
    price_ratio: float | None = Field(description="highest known price / lowest known price")
    best_value: str | None = Field(description="the most total score per 元")


class ModelCard(BaseModel):
    """Everything the board says about one model, with its rank in each domain."""

    model_config = ConfigDict(frozen=True)
    name: str
    org: str | None
    price: float | None
    total: float | None
    scores: dict[str, float | None]
    rank: int | None = Field(description="its headline rank: by total among the release's "
                             "models (null without a total)")
    rank_of: str = Field(default=IN_RELEASE, description=RANK_OF)
    rank_size: int = Field(default=0, description="how many of the release's models have a total")
    board: str | None = Field(description="its home board: the broadest board that scores it "
                              "(null when no board does: listed at \"/%\" only)")
    is_new: bool
    release: str | None
    release_date: dt.date | None = None
    category: Category | None
    board_size: int | None = Field(description="how many models its home board lists")
    domain_ranks: dict[str, int] = Field(description="its rank among the release's models")
    release_size: dict[str, int] = Field(
        default_factory=dict, description="per domain: how many models of the release have a score")
    medians: dict[str, float] = Field(default_factory=dict,
                                      description="the release's median score per domain")
    strongest: list[str]
    weakest: list[str]
    also_on: list[str] = []
    measures: dict[str, Measures] = Field(default_factory=dict)
    sources: dict[str, str] = Field(default_factory=dict,
                                    description="the board each figure comes from")
    current: bool = Field(default=True,
                          description="whether it is from the release rankings use")
    current_release: str | None = Field(default=None,
                                        description="the release rankings use")


class ModelResult(Result):
    """A model card."""

    command: ClassVar[str] = "model"
    model: ModelCard


class LeaderboardResult(Result):
    """One page of a ranking; ``ranking`` (not part of the JSON) holds every page."""

    command: ClassVar[str] = "leaderboard"
    domain: str
    budget: float | None
    org: str | None = None
    type: Category | None = None
    page: int
    pages: int
    per_page: int
    count: int
    results: list[RankedItem]
    ranking: list[RankedItem] = Field(default_factory=list, exclude=True, repr=False)

    def turn_to(self, page: int) -> LeaderboardResult:
        """The same ranking at another page (clamped), without running the query again."""
        page = min(max(page, 1), self.pages)
        start = (page - 1) * self.per_page
        return self.model_copy(
            update={"page": page, "results": self.ranking[start:start + self.per_page]}
        )


class ValueItem(RankedItem):
    """A ranked item with its score per 元 (None when the price is unknown or zero)."""

    score_per_yuan: float | None = None

    @classmethod
    def of(cls, record: ModelRecord, domain: str, release: Release) -> ValueItem:
        """The item for ``record`` (of ``release``) with its ``domain`` score per 元."""
        score, price = record.score(domain), record.price
        rank, rank_of = release.rank_of(record, domain)
        return cls.model_construct(
            name=record.name, org=record.org, price=price, score=score,
            rank=rank, rank_of=rank_of, total=record.total, board=record.board_for(domain),
            is_new=record.is_new, category=record.category,
            score_per_yuan=score / price if score is not None and price else None,
        )


class ValueResult(Result):
    """The Pareto frontier of score against price (cheapest first), the rest, and the models
    whose price the board does not give."""

    command: ClassVar[str] = "value"
    domain: str
    budget: float | None
    org: str | None = None
    type: Category | None = None
    frontier: list[ValueItem] = Field(description="paid models no other paid model beats on "
                                      "both score and price, cheapest first")
    others: list[ValueItem]
    free: list[ValueItem] = Field(default_factory=list,
                                  description="free models (0元), best score first: listed apart")
    unpriced: list[ValueItem]
    best_value: ValueItem | None = Field(description="the paid model with the most score per 元")


class RecommendItem(RankedItem):
    """A ranked item whose ``score`` is the weighted score; ``contributions`` says how much
    each domain added to it (weight share x domain score)."""

    scores: dict[str, float]
    contributions: dict[str, float]


class RecommendResult(Result):
    """The weighted winner and runners-up."""

    command: ClassVar[str] = "recommend"
    weights: dict[str, float]
    budget: float | None
    org: str | None = None
    type: Category | None = None
    results: list[RecommendItem]
    considered: int
    skipped: int = Field(description="models left out for lacking a weighted domain's score")


class CostLine(BaseModel):
    """One model's cost for the asked volume."""

    model_config = ConfigDict(frozen=True)
    name: str
    org: str | None
    price: float | None
    total: float | None
    rank: int | None = Field(description="its headline rank: by total among its release's models")
    rank_of: str = Field(default=IN_RELEASE, description=RANK_OF)
    board: str | None = Field(default=None, description="the board its price comes from, else "
                              "its home board (null when no board prices or scores it)")
    release: str | None = None
    category: Category | None = None
    monthly_cost: float | None = Field(description="元 a month; null when the price is unknown")
    saving: float | None = Field(default=None, description="元 a month less than the asked model")


class CostResult(Result):
    """Monthly output-token cost of a model and of the best-value alternatives."""

    command: ClassVar[str] = "cost"
    model: CostLine
    tokens: float = Field(description="output tokens per period, as asked")
    period: str
    monthly_tokens: float
    alternatives: list[CostLine]
    output_only: bool = Field(default=True,
                              description="the board lists output prices only")
    type: Category | None = Field(default=None, description="the type: filter on the alternatives")
    current_release: str | None = Field(
        default=None, description="the release the alternatives come from (rankings use it); "
        "the model's own ``release`` may be older")


class DomainItem(BaseModel):
    """A queryable domain and every name it answers to."""

    model_config = ConfigDict(frozen=True)
    domain: str
    english: str
    aliases: list[str]
    models: int


class DomainsResult(Result):
    """The domains of the loaded boards."""

    command: ClassVar[str] = "domains"
    domains: list[DomainItem]


class BoardInfo(BaseModel):
    """What one loaded board holds."""

    model_config = ConfigDict(frozen=True)
    title: str
    file: str
    models: int
    domains: list[str]


class ReleaseSummary(BaseModel):
    """One loaded release."""

    model_config = ConfigDict(frozen=True)
    release: str | None
    date: dt.date | None
    boards: int
    models: int
    current: bool
    notes: list[str] = Field(default_factory=list,
                             description="the release's notes, short (its README's sub-bullets)")


class SkippedInfo(BaseModel):
    """A data file left out for holding no leaderboard table."""

    model_config = ConfigDict(frozen=True)
    file: str
    reason: str


class AboutResult(Result):
    """Where the data comes from, what is loaded and when, and what was left out."""

    command: ClassVar[str] = "about"
    version: str
    url: str
    releases: list[ReleaseSummary]
    boards: list[BoardInfo] = Field(description="the boards of the current release")
    models: int
    loaded_at: dt.datetime
    skipped: list[SkippedInfo] = Field(default_factory=list)
    disagreements: list[Disagreement] = Field(
        default_factory=list, description="figures the current release's boards disagree on, "
        "and the value the precedence rule chose")
