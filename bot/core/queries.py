"""The queries: a typed request and a catalog in, a typed result out. No I/O, no formatting."""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable
from importlib import metadata
from typing import Any

from bot.core.catalog import Catalog
from bot.core.errors import NoMatch, SameModel
from bot.core.models import TOTAL, Entry
from bot.core.requests import (
    AboutRequest,
    BestRequest,
    CompareRequest,
    DomainsRequest,
    LeaderboardRequest,
    ModelRequest,
    Request,
    ValueRequest,
)
from bot.core.results import (
    AboutResult,
    BestResult,
    BoardInfo,
    CompareModel,
    CompareResult,
    DomainItem,
    DomainRow,
    DomainsResult,
    LeaderboardResult,
    ModelCard,
    ModelResult,
    RankedItem,
    Result,
    ValueItem,
    ValueResult,
)

CLOSE_POINTS = 3.0
"""How far below the winner a cheaper model may score and still be offered as an alternative."""
SOURCE = "https://github.com/jeinlee1991/chinese-llm-benchmark"


def _order(domain: str) -> Callable[[Entry], tuple[float, float, int]]:
    """Score descending, then price ascending (unknown last), then the board's rank."""

    def key(entry: Entry) -> tuple[float, float, int]:
        score = entry.score(domain)
        price = entry.price if entry.price is not None else math.inf
        return (-(score if score is not None else -1.0), price, entry.rank)

    return key


def _filtered(
    catalog: Catalog, domain: str, org: str | None, budget: float | None
) -> tuple[list[Entry], list[Entry]]:
    """(models with a score in ``domain`` of ``org``, those of them within ``budget``)."""
    pool = catalog.ranked(domain)
    if org is not None:
        pool = [e for e in pool if e.org and e.org.casefold() == org]
        if not pool:
            raise NoMatch(reason="org", org=catalog.orgs.get(org, org), domain=domain)
    if budget is None:
        return pool, pool
    affordable = [e for e in pool if e.price is not None and e.price <= budget]
    if not affordable:
        priced = [e for e in pool if e.price is not None]
        cheapest = min(priced, key=lambda e: (e.price, e.rank)) if priced else None
        raise NoMatch(
            reason="budget",
            budget=budget,
            domain=domain,
            cheapest=cheapest.name if cheapest else None,
            cheapest_price=cheapest.price if cheapest else None,
            suggestions=[cheapest.name] if cheapest else [],
            details={"cheapest": {"name": cheapest.name, "price": cheapest.price}}
            if cheapest else {},
        )
    return pool, affordable


def best(catalog: Catalog, request: BestRequest) -> BestResult:
    """The top models for a domain within the budget, and a close cheaper alternative."""
    domain = catalog.resolve_domain(request.domain)
    org = catalog.resolve_org(request.org) if request.org else None
    _, affordable = _filtered(catalog, domain, org, request.budget)
    ranked = sorted(affordable, key=_order(domain))
    top = ranked[: request.top]
    winner = top[0]
    cheaper = None
    winner_score = winner.score(domain) or 0.0
    if winner.price is not None:
        close = [
            e for e in ranked[1:]
            if e.price is not None and e.price < winner.price
            and (e.score(domain) or 0.0) >= winner_score - CLOSE_POINTS
        ]
        if close:
            cheaper = close[0]
    return BestResult(
        domain=domain,
        budget=request.budget,
        org=catalog.orgs.get(org) if org else None,
        results=[RankedItem.of(e, domain) for e in top],
        cheaper=RankedItem.of(cheaper, domain) if cheaper else None,
        considered=len(ranked),
    )


def _winner(names: list[str], values: list[float | None]) -> str | None:
    known = [(v, n) for v, n in zip(values, names, strict=True) if v is not None]
    if not known:
        return None
    top = max(v for v, _ in known)
    leaders = [n for v, n in known if v == top]
    return leaders[0] if len(leaders) == 1 else None


def compare(catalog: Catalog, request: CompareRequest) -> CompareResult:
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
        for domain in catalog.board(entry.board).domains:
            if domain not in domains:
                domains.append(domain)
    rows = []
    for domain in domains:
        values = [e.scores.get(domain) for e in entries]
        rows.append(DomainRow(domain=domain, scores=values, winner=_winner(names, values)))
    prices = [e.price for e in entries if e.price is not None]
    positive = [p for p in prices if p > 0]
    per_yuan = {
        e.name: (e.total / e.price) if e.total is not None and e.price else None for e in entries
    }
    value_known = {n: v for n, v in per_yuan.items() if v is not None}
    cheapest = [e for e in entries if e.price is not None and e.price == min(prices)] if prices \
        else []
    return CompareResult(
        models=[
            CompareModel(
                name=e.name, org=e.org, price=e.price, total=e.total,
                scores={d: e.scores.get(d) for d in domains}, rank=e.rank, board=e.board,
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


def model(catalog: Catalog, request: ModelRequest) -> ModelResult:
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


def leaderboard(catalog: Catalog, request: LeaderboardRequest) -> LeaderboardResult:
    """The ranking for a domain (or the total) under the filters, at the requested page."""
    domain = catalog.resolve_domain(request.domain)
    org = catalog.resolve_org(request.org) if request.org else None
    _, affordable = _filtered(catalog, domain, org, request.budget)
    ranking = [RankedItem.of(e, domain) for e in sorted(affordable, key=_order(domain))]
    pages = max(1, math.ceil(len(ranking) / request.per_page))
    if request.page > pages:
        raise NoMatch(reason="page", page=request.page, pages=pages)
    result = LeaderboardResult(
        domain=domain, budget=request.budget, org=catalog.orgs.get(org) if org else None,
        page=1, pages=pages, per_page=request.per_page, count=len(ranking), results=[],
        ranking=ranking,
    )
    return result.turn_to(request.page)


def value(catalog: Catalog, request: ValueRequest) -> ValueResult:
    """The models that no other beats on both score and price, within the budget."""
    domain = catalog.resolve_domain(request.domain)
    org = catalog.resolve_org(request.org) if request.org else None
    pool, affordable = _filtered(catalog, domain, org, request.budget)
    priced = [e for e in affordable if e.price is not None]
    unpriced = [e for e in pool if e.price is None]
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
    by_score = _order(domain)
    return ValueResult(
        domain=domain, budget=request.budget, org=catalog.orgs.get(org) if org else None,
        frontier=items,
        others=[ValueItem.of(e, domain) for e in sorted(others, key=by_score)],
        unpriced=[ValueItem.of(e, domain) for e in sorted(unpriced, key=by_score)],
        best_value=best_value,
    )


def domains(catalog: Catalog, request: DomainsRequest) -> DomainsResult:
    """Every domain of the loaded boards, with its aliases and how many models it scores."""
    return DomainsResult(
        domains=[
            DomainItem(
                domain=info.canonical, english=info.english, aliases=list(info.aliases),
                models=len(catalog.ranked(info.canonical)),
            )
            for info in catalog.domains.infos
        ]
    )


def _version() -> str:
    try:
        return metadata.version("modelbot")
    except metadata.PackageNotFoundError:  # running from a checkout that was never installed
        return "0+unknown"


def about(catalog: Catalog, request: AboutRequest) -> AboutResult:
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


_HANDLERS: dict[type[Request], Callable[[Catalog, Any], Result]] = {
    BestRequest: best,
    CompareRequest: compare,
    ModelRequest: model,
    LeaderboardRequest: leaderboard,
    ValueRequest: value,
    DomainsRequest: domains,
    AboutRequest: about,
}


def execute(catalog: Catalog, request: Request) -> Result:
    """Run any request against a catalog."""
    return _HANDLERS[type(request)](catalog, request)




__all__ = [
    "TOTAL", "about", "best", "compare", "domains", "execute", "leaderboard", "model", "value",
]
