"""The ranking queries (best, leaderboard, value, recommend, cost): the current release only."""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable

from bot.core.amounts import parse_tokens, parse_weights, resolve_weights
from bot.core.catalog import Catalog
from bot.core.errors import InvalidOption, NoMatch
from bot.core.filters import Filters, in_order
from bot.core.models import TOTAL, ModelRecord
from bot.core.provenance import mixed_source, price_board, ranking_source
from bot.core.requests import (
    BestRequest,
    CostRequest,
    LeaderboardRequest,
    RecommendRequest,
    ValueRequest,
)
from bot.core.results import (
    BestResult,
    CostLine,
    CostResult,
    LeaderboardResult,
    RankedItem,
    RecommendItem,
    RecommendResult,
    ValueItem,
    ValueResult,
)
from bot.core.scope import EVERYTHING, Scope

CLOSE_POINTS = 3.0
"""How far below the winner a cheaper model may score and still be offered as an alternative."""


def best(catalog: Catalog, request: BestRequest, scope: Scope = EVERYTHING) -> BestResult:
    """The top models for a domain within the budget, and a close cheaper alternative."""
    domain = catalog.resolve_domain(request.domain)
    filters = Filters(catalog, request.org, request.type, request.budget, scope)
    # Walk the domain's ranking, sorted once per catalog, and stop at the top N: a /best costs
    # the same on a board of 16 models as on one of 10,000.
    order = catalog.best_first(domain)
    top: list[ModelRecord] = []
    for record in order:
        if filters.passes(record):
            top.append(record)
            if len(top) == request.top:
                break
    if not top:
        filters.within_budget(filters.pool(domain), domain)  # raises the NoMatch that says why
        raise NoMatch(reason="unscored", domain=domain)
    winner = top[0]
    cheaper = _cheaper(order, winner, domain, filters)
    if not filters.narrows:
        considered = len(order) if request.budget is None else bisect.bisect_right(
            catalog.known_prices(domain), request.budget)
    else:
        considered = sum(1 for record in order if filters.passes(record))
    shown = [*top, cheaper] if cheaper else top
    return BestResult(
        domain=domain, budget=request.budget, org=filters.org_name, type=request.type,
        results=[RankedItem.of(r, domain, catalog.current) for r in top],
        cheaper=RankedItem.of(cheaper, domain, catalog.current) if cheaper else None,
        considered=considered, source=ranking_source(catalog, shown, [domain]),
    )


def _cheaper(order: Iterable[ModelRecord], winner: ModelRecord, domain: str,
             filters: Filters) -> ModelRecord | None:
    """The best model within ``CLOSE_POINTS`` of the winner that costs strictly less."""
    if winner.price is None:
        return None
    floor = (winner.score(domain) or 0.0) - CLOSE_POINTS
    # every model within CLOSE_POINTS of the winner comes before the first one below it
    for record in order:
        if (record.score(domain) or 0.0) < floor:
            return None
        if (record is not winner and record.price is not None and record.price < winner.price
                and filters.passes(record)):
            return record
    return None


def leaderboard(
    catalog: Catalog, request: LeaderboardRequest, scope: Scope = EVERYTHING
) -> LeaderboardResult:
    """The ranking for a domain (or the total) under the filters, at the requested page."""
    domain = catalog.resolve_domain(request.domain)
    filters = Filters(catalog, request.org, request.type, request.budget, scope)
    affordable = filters.within_budget(filters.pool(domain), domain)
    records = in_order(catalog, domain, affordable)
    ranking = [RankedItem.of(r, domain, catalog.current) for r in records]
    pages = max(1, math.ceil(len(ranking) / request.per_page))
    if request.page > pages:
        raise NoMatch(reason="page", page=request.page, pages=pages)
    result = LeaderboardResult(
        domain=domain, budget=request.budget, org=filters.org_name, type=request.type,
        page=1, pages=pages, per_page=request.per_page, count=len(ranking), results=[],
        ranking=ranking, source=ranking_source(catalog, records, [domain]),
    )
    return result.turn_to(request.page)


def _frontier(priced: list[ModelRecord], domain: str
              ) -> tuple[list[ModelRecord], list[ModelRecord]]:
    """(the value frontier, cheapest first; the rest). A model is on the frontier when it
    scores more than everything cheaper (an exact tie in price and score keeps both)."""
    priced = sorted(priced, key=lambda r: (r.price, -(r.score(domain) or 0.0), r.rank_in(domain)))
    frontier: list[ModelRecord] = []
    others: list[ModelRecord] = []
    for record in priced:
        top = frontier[-1] if frontier else None
        mine = record.score(domain) or 0.0
        if top is None or mine > (top.score(domain) or 0.0) or (
            top.price == record.price and mine == top.score(domain)
        ):
            frontier.append(record)
        else:
            others.append(record)
    return frontier, others


def value(catalog: Catalog, request: ValueRequest, scope: Scope = EVERYTHING) -> ValueResult:
    """The paid models that no other paid model beats on both score and price, within the
    budget; free models apart. Score per 元 has no meaning at 0元: a free model is listed, best
    score first, never declared the best value (see the README's "Value" rule)."""
    domain = catalog.resolve_domain(request.domain)
    filters = Filters(catalog, request.org, request.type, request.budget, scope)
    pool = filters.pool(domain)
    affordable = filters.within_budget(pool, domain)
    # a budget leaves unknown prices out, as everywhere (never taken for free)
    unpriced = [r for r in pool if r.price is None] if request.budget is None else []
    free = [r for r in affordable if r.price == 0]
    frontier, others = _frontier([r for r in affordable if r.price], domain)
    release = catalog.current
    items = [ValueItem.of(r, domain, release) for r in frontier]
    best_value = max(items, key=lambda i: i.score_per_yuan or 0.0) if items else None
    return ValueResult(
        domain=domain, budget=request.budget, org=filters.org_name, type=request.type,
        frontier=items,
        others=[ValueItem.of(r, domain, release) for r in in_order(catalog, domain, others)],
        free=[ValueItem.of(r, domain, release) for r in in_order(catalog, domain, free)],
        unpriced=[ValueItem.of(r, domain, release) for r in in_order(catalog, domain, unpriced)],
        best_value=best_value,
        source=ranking_source(catalog, [*frontier, *others, *free, *unpriced], [domain]),
    )


def recommend(
    catalog: Catalog, request: RecommendRequest, scope: Scope = EVERYTHING
) -> RecommendResult:
    """Rank models by a weighted average of several domains, under the budget."""
    if request.weights is None:
        raise InvalidOption(option="weights", value="", reason="weights")
    weights = (resolve_weights(request.weights, catalog.domains)
               if isinstance(request.weights, dict)
               else parse_weights(request.weights, catalog.domains))
    filters = Filters(catalog, request.org, request.type, request.budget, scope)
    share = {d: w / sum(weights.values()) for d, w in weights.items()}
    pool: list[ModelRecord] = []
    skipped = 0
    for record in catalog.records:
        if filters.leave_out(record):
            continue
        if any(record.score(d) is None for d in weights):
            skipped += 1
            continue
        pool.append(record)
    first = next(iter(weights))  # NoMatch names the (first) weighted domain
    if not pool:
        raise NoMatch(reason="weights", domain=first, filters=dict(filters.applied))
    # the rank of a weighted score is among every model of the release scored in each
    # weighted domain, whatever the filters leave out; to the 4 decimals shown, so that
    # scores equal but for floating-point noise share a rank
    everyone = sorted(round(_weighted(r, share), 4) for r in catalog.records
                      if all(r.score(d) is not None for d in weights))
    items = []
    for record in filters.within_budget(pool, first):
        scores = {d: float(record.score(d) or 0.0) for d in weights}
        weighted = round(_weighted(record, share), 4)
        items.append(RecommendItem(
            name=record.name, org=record.org, price=record.price, score=weighted,
            rank=1 + len(everyone) - bisect.bisect_right(everyone, weighted),
            total=record.total, board=record.home or "", is_new=record.is_new,
            category=record.category, scores=scores,
            contributions={d: share[d] * s for d, s in scores.items()},
        ))
    items.sort(key=lambda i: (-(i.score or 0.0), i.price if i.price is not None else math.inf,
                              catalog.record(i.name).rank))
    shown = [catalog.record(i.name) for i in items[: request.top]]
    return RecommendResult(
        weights=weights, budget=request.budget, org=filters.org_name, type=request.type,
        results=items[: request.top], considered=len(items), skipped=skipped,
        source=ranking_source(catalog, shown, weights),
    )


def _weighted(record: ModelRecord, share: dict[str, float]) -> float:
    return sum(w * float(record.score(d) or 0.0) for d, w in share.items())


DAYS_PER_MONTH = 365 / 12
_PER_MONTH = {"day": DAYS_PER_MONTH, "week": DAYS_PER_MONTH / 7, "month": 1.0, "year": 1 / 12}


def _cost_line(catalog: Catalog, record: ModelRecord, monthly_tokens: float,
               against: float | None = None) -> CostLine:
    cost = record.price * monthly_tokens / 1e6 if record.price is not None else None
    return CostLine(
        name=record.name, org=record.org, price=record.price, total=record.total,
        rank=catalog.release_of(record).headline(record),
        board=next(iter(price_board(record)), None), release=record.release,
        category=record.category, monthly_cost=cost,
        saving=against - cost if against is not None and cost is not None else None,
    )


def cost(catalog: Catalog, request: CostRequest, scope: Scope = EVERYTHING) -> CostResult:
    """What the volume costs a month with the model, and with the best-value alternatives
    (the value frontier of the total, cheaper than the model, best total first)."""
    record = catalog.resolve_model(request.model)
    tokens = parse_tokens(request.tokens)
    monthly_tokens = tokens * _PER_MONTH[request.period]
    line = _cost_line(catalog, record, monthly_tokens)
    filters = Filters(catalog, None, request.type, None, scope)
    priced = [r for r in catalog.scored(TOTAL) if r.price is not None and filters.chosen(r)]
    frontier, _ = _frontier(priced, TOTAL)
    options = [r for r in frontier if r.name.casefold() != record.name.casefold()]
    if record.price is not None:
        options = [r for r in options if r.price is not None and r.price < record.price]
    options.sort(key=lambda r: (-(r.total or 0.0), r.price or 0.0, r.rank_in(TOTAL)))
    options = options[:3]
    source = mixed_source(catalog, [(r, price_board(r)) for r in (record, *options)])
    return CostResult(
        model=line, tokens=tokens, period=request.period, monthly_tokens=monthly_tokens,
        alternatives=[_cost_line(catalog, r, monthly_tokens, line.monthly_cost) for r in options],
        type=request.type, current_release=catalog.current.version, source=source,
    )


