"""The queries: a typed request and a catalog in, a typed result out. No I/O, no formatting."""

from __future__ import annotations

import bisect
import math
import statistics
from collections.abc import Callable
from importlib import metadata
from typing import Any

from bot.core.amounts import parse_tokens, parse_weights
from bot.core.catalog import Catalog
from bot.core.errors import InvalidOption, NoMatch, SameModel
from bot.core.models import TOTAL, Entry
from bot.core.requests import (
    AboutRequest,
    BestRequest,
    CompareRequest,
    CostRequest,
    DomainsRequest,
    LeaderboardRequest,
    ModelRequest,
    RecommendRequest,
    Request,
    ValueRequest,
)
from bot.core.results import (
    AboutResult,
    BestResult,
    BoardInfo,
    CompareModel,
    CompareResult,
    CostLine,
    CostResult,
    DomainItem,
    DomainRow,
    DomainsResult,
    LeaderboardResult,
    ModelCard,
    ModelResult,
    RankedItem,
    RecommendItem,
    RecommendResult,
    Result,
    ValueItem,
    ValueResult,
)
from bot.core.scope import EVERYTHING, Scope

CLOSE_POINTS = 3.0
"""How far below the winner a cheaper model may score and still be offered as an alternative."""
SOURCE = "https://github.com/jeinlee1991/chinese-llm-benchmark"


def _in_order(catalog: Catalog, domain: str, entries: list[Entry]) -> list[Entry]:
    """``entries`` in the ranking order the catalog sorted once for ``domain`` (score, then
    price, then the board's rank), instead of sorting them again."""
    keep = {id(e) for e in entries}
    return [e for e in catalog.best_first(domain) if id(e) in keep]


def _filtered(
    catalog: Catalog, domain: str, org: str | None, budget: float | None,
    scope: Scope = EVERYTHING,
) -> tuple[list[Entry], list[Entry]]:
    """(models with a score in ``domain`` of ``org`` the scope shows, those within ``budget``)."""
    scored = catalog.ranked(domain)
    if not scored:  # a column with no scores yet
        raise NoMatch(reason="unscored", domain=domain)
    applied = _applied(catalog, org)
    if org is not None:
        scored = [e for e in scored if catalog.in_org(e, org)]
        if not scored:  # the message names the organisation; any other filter goes with it
            raise NoMatch(reason="org", org=applied.pop("org"), domain=domain, filters=applied)
    pool = [e for e in scored if scope.shows(e)]
    if not pool:  # the models exist, but this server hides every one of them
        raise NoMatch(reason="hidden", domain=domain, filters=applied)
    if len(pool) < len(scored):
        applied["hidden"] = ""
    return pool, _affordable(pool, budget, domain, applied)


def _applied(catalog: Catalog, org: str | None) -> dict[str, str]:
    """The filters a ranking applies besides the domain and the budget, by option name, for
    a NoMatch to name every one of them (``bot.i18n`` words each)."""
    return {"org": catalog.orgs.get(org, org)} if org is not None else {}


def _affordable(
    pool: list[Entry], budget: float | None, domain: str, filters: dict[str, str] | None = None,
) -> list[Entry]:
    """The models of ``pool`` within ``budget``; NoMatch naming the cheapest when none is."""
    if budget is None:
        return pool
    affordable = [e for e in pool if e.price is not None and e.price <= budget]
    if not affordable:
        priced = [e for e in pool if e.price is not None]
        cheapest = min(priced, key=lambda e: (e.price, e.rank)) if priced else None
        raise NoMatch(
            reason="budget",
            budget=budget,
            domain=domain,
            filters=dict(filters or {}),
            cheapest=cheapest.name if cheapest else None,
            cheapest_price=cheapest.price if cheapest else None,
            suggestions=[cheapest.name] if cheapest else [],
            details={"cheapest": {"name": cheapest.name, "price": cheapest.price}}
            if cheapest else {},
        )
    return affordable


def best(
    catalog: Catalog, request: BestRequest, scope: Scope = EVERYTHING
) -> BestResult:
    """The top models for a domain within the budget, and a close cheaper alternative."""
    domain = catalog.resolve_domain(request.domain)
    org = catalog.resolve_org(request.org) if request.org else None
    budget = request.budget

    def passes(entry: Entry) -> bool:
        if not scope.shows(entry):
            return False
        if org is not None and not catalog.in_org(entry, org):
            return False
        return budget is None or (entry.price is not None and entry.price <= budget)

    # Walk the domain's ranking, sorted once per catalog, and stop at the top N: a /best costs
    # the same on a board of 16 models as on one of 10,000.
    order = catalog.best_first(domain)
    top: list[Entry] = []
    for entry in order:
        if passes(entry):
            top.append(entry)
            if len(top) == request.top:
                break
    if not top:
        _filtered(catalog, domain, org, budget, scope)  # raises the NoMatch that says why
        raise NoMatch(reason="unscored", domain=domain)
    winner = top[0]
    winner_score = winner.score(domain) or 0.0
    cheaper = None
    if winner.price is not None:
        # every model within CLOSE_POINTS of the winner comes before the first one below it
        for entry in order:
            if (entry.score(domain) or 0.0) < winner_score - CLOSE_POINTS:
                break
            if (entry is not winner and entry.price is not None and entry.price < winner.price
                    and passes(entry)):
                cheaper = entry
                break
    if scope == EVERYTHING and org is None:
        considered = len(order) if budget is None else bisect.bisect_right(
            catalog.known_prices(domain), budget)
    else:
        considered = sum(1 for entry in order if passes(entry))
    return BestResult(
        domain=domain,
        budget=budget,
        org=catalog.orgs.get(org) if org else None,
        results=[RankedItem.of(e, domain) for e in top],
        cheaper=RankedItem.of(cheaper, domain) if cheaper else None,
        considered=considered,
    )


def _winner(names: list[str], values: list[float | None]) -> str | None:
    known = [(v, n) for v, n in zip(values, names, strict=True) if v is not None]
    if not known:
        return None
    top = max(v for v, _ in known)
    leaders = [n for v, n in known if v == top]
    return leaders[0] if len(leaders) == 1 else None


def _first_score(catalog: Catalog, name: str, domain: str) -> float | None:
    for appearance in catalog.appearances(name):
        value = appearance.score(domain)
        if value is not None:
            return value
    return None


def compare(
    catalog: Catalog, request: CompareRequest, scope: Scope = EVERYTHING
) -> CompareResult:
    """Per-domain scores with a winner each, totals, prices, price ratio and score per 元."""
    entries: list[Entry] = []
    for query in request.models:
        entry = catalog.resolve_model(query)
        if any(e.name == entry.name for e in entries):
            raise SameModel(name=entry.name, query=query)
        entries.append(entry)
    names = [e.name for e in entries]
    domains: list[str] = []
    for entry in entries:
        for appearance in catalog.appearances(entry.name):
            for domain in catalog.board(appearance.board).domains:
                if domain not in domains:
                    domains.append(domain)
    # each score from the first board that has it for that model, as every ranking takes it
    scores = {e.name: {d: _first_score(catalog, e.name, d) for d in domains} for e in entries}
    rows = []
    for domain in domains:
        values = [scores[n][domain] for n in names]
        # a model without a score there is not beaten: no winner unless all are scored
        winner = _winner(names, values) if all(v is not None for v in values) else None
        rows.append(DomainRow(domain=domain, scores=values, winner=winner))
    prices = [e.price for e in entries if e.price is not None]
    positive = [p for p in prices if p > 0]
    per_yuan = {
        e.name: (e.total / e.price) if e.total is not None and e.price else None for e in entries
    }
    value_known = {n: v for n, v in per_yuan.items() if v is not None}
    # a free model is the best value there is (as in /value): the best-scoring free one wins
    free = [e for e in entries if e.price == 0 and e.total is not None]
    if free:
        value_known = {max(free, key=lambda e: e.total or 0.0).name: math.inf}
    cheapest = [e for e in entries if e.price is not None and e.price == min(prices)] if prices \
        else []
    return CompareResult(
        models=[
            CompareModel(
                name=e.name, org=e.org, price=e.price, total=e.total,
                scores=scores[e.name], rank=e.rank, board=e.board,
                score_per_yuan=per_yuan[e.name],
            )
            for e in entries
        ],
        domains=rows,
        total_winner=_winner(names, [e.total for e in entries]),
        cheapest=cheapest[0].name if len(cheapest) == 1 else None,
        price_ratio=max(positive) / min(positive) if len(positive) >= 2 else None,
        best_value=max(value_known, key=lambda n: value_known[n]) if value_known else None,
    )


def model(
    catalog: Catalog, request: ModelRequest, scope: Scope = EVERYTHING
) -> ModelResult:
    """The model card: board, rank, price, every score with its rank in that domain."""
    entry = catalog.resolve_model(request.name)
    board = catalog.board(entry.board)
    ranks: dict[str, int] = {}
    for domain in board.domains:
        mine = entry.scores.get(domain)
        if mine is not None:
            ranks[domain] = 1 + sum(
                1 for other in board.models
                if (s := other.scores.get(domain)) is not None and s > mine
            )
    medians = {}
    for domain in board.domains:
        values = [s for other in board.models if (s := other.scores.get(domain)) is not None]
        if values:
            medians[domain] = statistics.median(values)
    known = {d: s for d, s in entry.scores.items() if s is not None}
    strongest = weakest = []
    if known:
        high, low = max(known.values()), min(known.values())
        strongest = [d for d, s in known.items() if s == high]
        weakest = [d for d, s in known.items() if s == low and low != high]
    return ModelResult(
        model=ModelCard(
            name=entry.name, org=entry.org, price=entry.price, total=entry.total,
            scores=dict(entry.scores), rank=entry.rank, board=entry.board, is_new=entry.is_new,
            board_size=len(board.models), domain_ranks=ranks, medians=medians,
            strongest=strongest,
            weakest=weakest,
            also_on=[e.board for e in catalog.appearances(entry.name)[1:]],
        )
    )


def leaderboard(
    catalog: Catalog, request: LeaderboardRequest, scope: Scope = EVERYTHING
) -> LeaderboardResult:
    """The ranking for a domain (or the total) under the filters, at the requested page."""
    domain = catalog.resolve_domain(request.domain)
    org = catalog.resolve_org(request.org) if request.org else None
    _, affordable = _filtered(catalog, domain, org, request.budget, scope)
    ranking = [RankedItem.of(e, domain) for e in _in_order(catalog, domain, affordable)]
    pages = max(1, math.ceil(len(ranking) / request.per_page))
    if request.page > pages:
        raise NoMatch(reason="page", page=request.page, pages=pages)
    result = LeaderboardResult(
        domain=domain, budget=request.budget, org=catalog.orgs.get(org) if org else None,
        page=1, pages=pages, per_page=request.per_page, count=len(ranking), results=[],
        ranking=ranking,
    )
    return result.turn_to(request.page)


def value(
    catalog: Catalog, request: ValueRequest, scope: Scope = EVERYTHING
) -> ValueResult:
    """The models that no other beats on both score and price, within the budget."""
    domain = catalog.resolve_domain(request.domain)
    org = catalog.resolve_org(request.org) if request.org else None
    pool, affordable = _filtered(catalog, domain, org, request.budget, scope)
    priced = [e for e in affordable if e.price is not None]
    # a budget leaves unknown prices out, as everywhere: an unknown price is never free
    unpriced = [e for e in pool if e.price is None] if request.budget is None else []
    # Cheapest first; at one price the best score first. A model is on the frontier when it
    # scores more than everything cheaper (an exact tie in price and score keeps both).
    priced.sort(key=lambda e: (e.price, -(e.score(domain) or 0.0), e.rank))
    frontier: list[Entry] = []
    others: list[Entry] = []
    for entry in priced:
        top = frontier[-1] if frontier else None
        mine = entry.score(domain) or 0.0
        if top is None or mine > (top.score(domain) or 0.0) or (
            top.price == entry.price and mine == top.score(domain)
        ):
            frontier.append(entry)
        else:
            others.append(entry)
    items = [ValueItem.of(e, domain) for e in frontier]
    free = [i for i in items if i.price == 0]
    paid = [i for i in items if i.price and i.score_per_yuan is not None]
    best_value = (max(free, key=lambda i: i.score or 0.0) if free
                  else max(paid, key=lambda i: i.score_per_yuan or 0.0) if paid else None)
    return ValueResult(
        domain=domain, budget=request.budget, org=catalog.orgs.get(org) if org else None,
        frontier=items,
        others=[ValueItem.of(e, domain) for e in _in_order(catalog, domain, others)],
        unpriced=[ValueItem.of(e, domain) for e in _in_order(catalog, domain, unpriced)],
        best_value=best_value,
    )


def domains(
    catalog: Catalog, request: DomainsRequest, scope: Scope = EVERYTHING
) -> DomainsResult:
    """Every domain of the loaded boards, with its aliases and how many models it scores."""
    return DomainsResult(
        domains=[
            DomainItem(
                domain=info.canonical, english=info.english, aliases=list(info.aliases),
                models=sum(1 for e in catalog.ranked(info.canonical) if scope.shows(e)),
            )
            for info in catalog.domains.infos
        ]
    )


def _version() -> str:
    try:
        return metadata.version("modelbot")
    except metadata.PackageNotFoundError:  # running from a checkout that was never installed
        return "0+unknown"


def about(
    catalog: Catalog, request: AboutRequest, scope: Scope = EVERYTHING
) -> AboutResult:
    """The data source, the loaded boards and when they were loaded."""
    return AboutResult(
        version=_version(),
        source=SOURCE,
        boards=[
            BoardInfo(title=b.title, source=b.source.rsplit("/", 1)[-1], models=len(b.models),
                      domains=list(b.domains))
            for b in catalog.boards
        ],
        models=len(catalog.entries),
        loaded_at=catalog.loaded_at,
    )


def recommend(
    catalog: Catalog, request: RecommendRequest, scope: Scope = EVERYTHING
) -> RecommendResult:
    """Rank models by a weighted average of several domains, under the budget."""
    if request.weights is None:
        raise InvalidOption(option="weights", value="", reason="weights")
    weights = parse_weights(request.weights, catalog.domains)
    org = catalog.resolve_org(request.org) if request.org else None
    share = {d: w / sum(weights.values()) for d, w in weights.items()}
    pool: list[tuple[Entry, dict[str, float]]] = []
    skipped = 0
    applied = _applied(catalog, org)
    for entry in catalog.entries:
        if org and not catalog.in_org(entry, org):
            continue
        if not scope.shows(entry):
            applied["hidden"] = ""
            continue
        # the first board on which this model has every weighted domain
        scores = None
        for appearance in catalog.appearances(entry.name):
            found = {d: appearance.score(d) for d in weights}
            if all(v is not None for v in found.values()):
                scores, entry = {d: float(v) for d, v in found.items() if v is not None}, \
                    appearance
                break
        if scores is None:
            skipped += 1
            continue
        pool.append((entry, scores))
    if not pool:
        raise NoMatch(reason="weights", domain=next(iter(weights)), filters=applied)
    # NoMatch names the (first) weighted domain, not the total the ranking never looks at
    first = next(iter(weights))
    affordable = set(id(e) for e in _affordable([e for e, _ in pool], request.budget, first,
                                                applied))
    items = []
    for entry, scores in pool:
        if id(entry) not in affordable:
            continue
        weighted = sum(share[d] * s for d, s in scores.items())
        items.append(RecommendItem(
            name=entry.name, org=entry.org, price=entry.price, score=round(weighted, 4),
            rank=entry.rank, total=entry.total, board=entry.board, is_new=entry.is_new,
            scores=scores, contributions={d: share[d] * s for d, s in scores.items()},
        ))
    items.sort(key=lambda i: (-(i.score or 0.0), i.price if i.price is not None else math.inf,
                              i.rank))
    return RecommendResult(
        weights=weights, budget=request.budget,
        org=catalog.orgs.get(org) if org else None,
        results=items[: request.top], considered=len(items), skipped=skipped,
    )


DAYS_PER_MONTH = 365 / 12
_PER_MONTH = {"day": DAYS_PER_MONTH, "week": DAYS_PER_MONTH / 7, "month": 1.0, "year": 1 / 12}


def _cost_line(entry: Entry, monthly_tokens: float, against: float | None = None) -> CostLine:
    cost = entry.price * monthly_tokens / 1e6 if entry.price is not None else None
    return CostLine(
        name=entry.name, org=entry.org, price=entry.price, total=entry.total, rank=entry.rank,
        monthly_cost=cost,
        saving=against - cost if against is not None and cost is not None else None,
    )


def cost(catalog: Catalog, request: CostRequest, scope: Scope = EVERYTHING) -> CostResult:
    """What the volume costs a month with the model, and with the best-value alternatives
    (the value frontier of the total, cheaper than the model, best total first)."""
    entry = catalog.resolve_model(request.model)
    tokens = parse_tokens(request.tokens)
    monthly_tokens = tokens * _PER_MONTH[request.period]
    line = _cost_line(entry, monthly_tokens)
    frontier = value(catalog, ValueRequest(), scope).frontier
    options = [catalog.entry(item.name) for item in frontier if item.name != entry.name]
    if entry.price is not None:
        options = [e for e in options if e.price is not None and e.price < entry.price]
    options.sort(key=lambda e: (-(e.total or 0.0), e.price or 0.0, e.rank))
    return CostResult(
        model=line, tokens=tokens, period=request.period, monthly_tokens=monthly_tokens,
        alternatives=[_cost_line(e, monthly_tokens, line.monthly_cost) for e in options[:3]],
    )


_HANDLERS: dict[type[Request], Callable[[Catalog, Any, Scope], Result]] = {
    BestRequest: best,
    CompareRequest: compare,
    ModelRequest: model,
    LeaderboardRequest: leaderboard,
    ValueRequest: value,
    RecommendRequest: recommend,
    CostRequest: cost,
    DomainsRequest: domains,
    AboutRequest: about,
}


def execute(catalog: Catalog, request: Request, scope: Scope = EVERYTHING) -> Result:
    """Run any request against a catalog, leaving out what ``scope`` hides from rankings."""
    return _HANDLERS[type(request)](catalog, request, scope)




__all__ = [
    "TOTAL", "about", "best", "compare", "cost", "domains", "execute", "leaderboard", "model",
    "recommend", "value",
]
