"""The queries: a typed request and a catalog in, a typed result out. No I/O, no formatting.

Rankings (best, leaderboard, value, recommend, cost's alternatives) use the catalog's current
release only; ``model`` and ``compare`` answer for a model of any release and say which.
"""

from __future__ import annotations

import bisect
import math
import statistics
from collections.abc import Callable, Iterable
from importlib import metadata
from pathlib import Path
from typing import Any

from bot.core.amounts import parse_tokens, parse_weights
from bot.core.catalog import Catalog
from bot.core.errors import InvalidOption, NoMatch, SameModel
from bot.core.merge import PRICE
from bot.core.models import TOTAL, Category, ModelRecord
from bot.core.release import Release
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
    ReleaseSummary,
    Result,
    SkippedInfo,
    SourceInfo,
    ValueItem,
    ValueResult,
)
from bot.core.scope import EVERYTHING, Scope

CLOSE_POINTS = 3.0
"""How far below the winner a cheaper model may score and still be offered as an alternative."""
HOMEPAGE = "https://github.com/jeinlee1991/chinese-llm-benchmark"


# -- provenance -----------------------------------------------------------------------------


def _source(release: Release, titles: Iterable[str]) -> SourceInfo:
    """The release and the boards (in the release's order) that ``titles`` name."""
    wanted = set(titles)
    return SourceInfo(release=release.version, date=release.date,
                      boards=[b.title for b in release.boards if b.title in wanted],
                      releases=[release.version])


def _figure_boards(record: ModelRecord, domains: Iterable[str]) -> list[str]:
    """The boards a record's scores in ``domains`` and its price come from."""
    titles = [record.board_for(d) for d in domains]
    if PRICE in record.sources:
        titles.append(record.sources[PRICE])
    return titles


def _ranking_source(catalog: Catalog, records: Iterable[ModelRecord], domains: Iterable[str]
                    ) -> SourceInfo:
    domains = list(domains)
    return _source(catalog.current,
                   (t for r in records for t in _figure_boards(r, domains)))


# -- filters --------------------------------------------------------------------------------


class _Filters:
    """What a ranking request asks to keep: an organisation, a category, a budget, and what
    the server hides."""

    def __init__(self, catalog: Catalog, org: str | None, kind: Category | None,
                 budget: float | None, scope: Scope) -> None:
        self.catalog = catalog
        self.org = catalog.resolve_org(org) if org else None
        self.kind = kind
        self.budget = budget
        self.scope = scope

    @property
    def org_name(self) -> str | None:
        """The organisation's display spelling, for answers."""
        return self.catalog.orgs.name_of(self.org) if self.org else None

    @property
    def narrows(self) -> bool:
        """Whether anything but the budget leaves models out."""
        return self.org is not None or self.kind is not None or self.scope != EVERYTHING

    def chosen(self, record: ModelRecord) -> bool:
        """Whether the record passes every filter but the budget."""
        if not self.scope.shows(record):
            return False
        if self.org is not None and not self.catalog.in_org(record, self.org):
            return False
        return self.kind is None or record.category == self.kind

    def affordable(self, record: ModelRecord) -> bool:
        """Within the budget: ``price <= budget``; an unknown price never is."""
        return self.budget is None or (record.price is not None and record.price <= self.budget)

    def passes(self, record: ModelRecord) -> bool:
        """Every filter, the budget included."""
        return self.chosen(record) and self.affordable(record)

    def pool(self, domain: str) -> list[ModelRecord]:
        """The current release's models scored in ``domain`` that pass every filter but the
        budget; ``NoMatch`` saying which filter left nothing."""
        scored = self.catalog.ranked(domain)
        if not scored:  # a column with no scores yet
            raise NoMatch(reason="unscored", domain=domain)
        if self.org is not None:
            scored = tuple(r for r in scored if self.catalog.in_org(r, self.org))
            if not scored:
                raise NoMatch(reason="org", org=self.org_name, domain=domain)
        if self.kind is not None:
            scored = tuple(r for r in scored if r.category == self.kind)
            if not scored:
                raise NoMatch(reason="kind", kind=self.kind, domain=domain,
                              org=self.org_name or "")
        pool = [r for r in scored if self.scope.shows(r)]
        if not pool:  # the models exist, but this server hides every one of them
            raise NoMatch(reason="hidden", domain=domain)
        return pool

    def within_budget(self, pool: list[ModelRecord], domain: str) -> list[ModelRecord]:
        """The models of ``pool`` within the budget; NoMatch naming the cheapest when none is."""
        if self.budget is None:
            return pool
        affordable = [r for r in pool if self.affordable(r)]
        if not affordable:
            priced = [r for r in pool if r.price is not None]
            cheapest = min(priced, key=lambda r: (r.price, r.rank)) if priced else None
            raise NoMatch(
                reason="budget", budget=self.budget, domain=domain,
                cheapest=cheapest.name if cheapest else None,
                cheapest_price=cheapest.price if cheapest else None,
                suggestions=[cheapest.name] if cheapest else [],
                details={"cheapest": {"name": cheapest.name, "price": cheapest.price}}
                if cheapest else {},
            )
        return affordable


def _in_order(catalog: Catalog, domain: str, records: Iterable[ModelRecord]) -> list[ModelRecord]:
    """``records`` in the ranking order the catalog sorted once for ``domain`` (score, then
    price, then rank), instead of sorting them again."""
    keep = {id(r) for r in records}
    return [r for r in catalog.best_first(domain) if id(r) in keep]


# -- rankings -------------------------------------------------------------------------------


def best(catalog: Catalog, request: BestRequest, scope: Scope = EVERYTHING) -> BestResult:
    """The top models for a domain within the budget, and a close cheaper alternative."""
    domain = catalog.resolve_domain(request.domain)
    filters = _Filters(catalog, request.org, request.type, request.budget, scope)
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
        results=[RankedItem.of(r, domain) for r in top],
        cheaper=RankedItem.of(cheaper, domain) if cheaper else None,
        considered=considered, source=_ranking_source(catalog, shown, [domain]),
    )


def _cheaper(order: Iterable[ModelRecord], winner: ModelRecord, domain: str,
             filters: _Filters) -> ModelRecord | None:
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
    filters = _Filters(catalog, request.org, request.type, request.budget, scope)
    affordable = filters.within_budget(filters.pool(domain), domain)
    records = _in_order(catalog, domain, affordable)
    ranking = [RankedItem.of(r, domain) for r in records]
    pages = max(1, math.ceil(len(ranking) / request.per_page))
    if request.page > pages:
        raise NoMatch(reason="page", page=request.page, pages=pages)
    result = LeaderboardResult(
        domain=domain, budget=request.budget, org=filters.org_name, type=request.type,
        page=1, pages=pages, per_page=request.per_page, count=len(ranking), results=[],
        ranking=ranking, source=_ranking_source(catalog, records, [domain]),
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
    """The models that no other beats on both score and price, within the budget."""
    domain = catalog.resolve_domain(request.domain)
    filters = _Filters(catalog, request.org, request.type, request.budget, scope)
    pool = filters.pool(domain)
    affordable = filters.within_budget(pool, domain)
    # a budget leaves unknown prices out, as everywhere (never taken for free)
    unpriced = [r for r in pool if r.price is None] if request.budget is None else []
    frontier, others = _frontier([r for r in affordable if r.price is not None], domain)
    items = [ValueItem.of(r, domain) for r in frontier]
    free = [i for i in items if i.price == 0]
    paid = [i for i in items if i.price and i.score_per_yuan is not None]
    best_value = (max(free, key=lambda i: i.score or 0.0) if free
                  else max(paid, key=lambda i: i.score_per_yuan or 0.0) if paid else None)
    return ValueResult(
        domain=domain, budget=request.budget, org=filters.org_name, type=request.type,
        frontier=items,
        others=[ValueItem.of(r, domain) for r in _in_order(catalog, domain, others)],
        unpriced=[ValueItem.of(r, domain) for r in _in_order(catalog, domain, unpriced)],
        best_value=best_value,
        source=_ranking_source(catalog, [*frontier, *others, *unpriced], [domain]),
    )


def recommend(
    catalog: Catalog, request: RecommendRequest, scope: Scope = EVERYTHING
) -> RecommendResult:
    """Rank models by a weighted average of several domains, under the budget."""
    if request.weights is None:
        raise InvalidOption(option="weights", value="", reason="weights")
    weights = parse_weights(request.weights, catalog.domains)
    filters = _Filters(catalog, request.org, request.type, request.budget, scope)
    share = {d: w / sum(weights.values()) for d, w in weights.items()}
    pool: list[ModelRecord] = []
    skipped = 0
    for record in catalog.records:
        if not filters.chosen(record):
            continue
        if any(record.score(d) is None for d in weights):
            skipped += 1
            continue
        pool.append(record)
    first = next(iter(weights))  # NoMatch names the (first) weighted domain
    if not pool:
        raise NoMatch(reason="weights", domain=first)
    items = []
    for record in filters.within_budget(pool, first):
        scores = {d: float(record.score(d) or 0.0) for d in weights}
        weighted = sum(share[d] * s for d, s in scores.items())
        items.append(RecommendItem(
            name=record.name, org=record.org, price=record.price, score=round(weighted, 4),
            rank=record.rank, total=record.total, board=record.board, is_new=record.is_new,
            category=record.category, scores=scores,
            contributions={d: share[d] * s for d, s in scores.items()},
        ))
    items.sort(key=lambda i: (-(i.score or 0.0), i.price if i.price is not None else math.inf,
                              i.rank))
    shown = [catalog.record(i.name) for i in items[: request.top]]
    return RecommendResult(
        weights=weights, budget=request.budget, org=filters.org_name, type=request.type,
        results=items[: request.top], considered=len(items), skipped=skipped,
        source=_ranking_source(catalog, shown, weights),
    )


DAYS_PER_MONTH = 365 / 12
_PER_MONTH = {"day": DAYS_PER_MONTH, "week": DAYS_PER_MONTH / 7, "month": 1.0, "year": 1 / 12}


def _cost_line(record: ModelRecord, monthly_tokens: float, against: float | None = None
               ) -> CostLine:
    cost = record.price * monthly_tokens / 1e6 if record.price is not None else None
    return CostLine(
        name=record.name, org=record.org, price=record.price, total=record.total,
        rank=record.rank, board=record.sources.get(PRICE, record.board), release=record.release,
        category=record.category, monthly_cost=cost,
        saving=against - cost if against is not None and cost is not None else None,
    )


def cost(catalog: Catalog, request: CostRequest, scope: Scope = EVERYTHING) -> CostResult:
    """What the volume costs a month with the model, and with the best-value alternatives
    (the value frontier of the total, cheaper than the model, best total first)."""
    record = catalog.resolve_model(request.model)
    tokens = parse_tokens(request.tokens)
    monthly_tokens = tokens * _PER_MONTH[request.period]
    line = _cost_line(record, monthly_tokens)
    filters = _Filters(catalog, None, request.type, None, scope)
    priced = [r for r in catalog.ranked(TOTAL) if r.price is not None and filters.chosen(r)]
    frontier, _ = _frontier(priced, TOTAL)
    options = [r for r in frontier if r.name.casefold() != record.name.casefold()]
    if record.price is not None:
        options = [r for r in options if r.price is not None and r.price < record.price]
    options.sort(key=lambda r: (-(r.total or 0.0), r.price or 0.0, r.rank_in(TOTAL)))
    options = options[:3]
    source = _mixed_source(catalog, [(r, [r.sources.get(PRICE, r.board)])
                                     for r in (record, *options)])
    return CostResult(
        model=line, tokens=tokens, period=request.period, monthly_tokens=monthly_tokens,
        alternatives=[_cost_line(r, monthly_tokens, line.monthly_cost) for r in options],
        source=source,
    )


# -- one model, or several side by side -----------------------------------------------------


def _mixed_source(catalog: Catalog, figures: list[tuple[ModelRecord, list[str]]]) -> SourceInfo:
    """The source of an answer whose records may come from several releases: that release
    when they share one, else no release and each board named with its release."""
    releases = {id(catalog.release_of(r)): catalog.release_of(r) for r, _ in figures}
    if len(releases) == 1:
        (release,) = releases.values()
        return _source(release, (t for _, titles in figures for t in titles))
    boards: list[str] = []
    versions: list[str | None] = []
    for release in catalog.releases:
        if id(release) not in releases:
            continue
        versions.append(release.version)
        wanted = {t for r, titles in figures if catalog.release_of(r) is release for t in titles}
        boards += [f"{b.title} ({release.version or '?'})" for b in release.boards
                   if b.title in wanted]
    return SourceInfo(release=None, date=None, boards=boards, releases=versions)


def _record_boards(record: ModelRecord) -> list[str]:
    """Every board a record's figures come from, and its home board."""
    return [record.board, *record.sources.values()]


def _winner(names: list[str], values: list[float | None]) -> str | None:
    known = [(v, n) for v, n in zip(values, names, strict=True) if v is not None]
    if not known:
        return None
    top = max(v for v, _ in known)
    leaders = [n for v, n in known if v == top]
    return leaders[0] if len(leaders) == 1 else None


def compare(
    catalog: Catalog, request: CompareRequest, scope: Scope = EVERYTHING
) -> CompareResult:
    """Per-domain scores with a winner each, totals, prices, price ratio and score per 元.
    Models of different releases are shown side by side but never declared winners."""
    records: list[ModelRecord] = []
    for query in request.models:
        record = catalog.resolve_model(query)
        if any(r is record for r in records):
            raise SameModel(name=record.name, query=query)
        records.append(record)
    names = [r.name for r in records]
    same_release = len({id(catalog.release_of(r)) for r in records}) == 1
    domains = list(dict.fromkeys(d for r in records for d in r.scores))
    rows = []
    for domain in domains:
        values = [r.scores.get(domain) for r in records]
        # a model without a score there is not beaten: no winner unless all are scored
        comparable = same_release and all(v is not None for v in values)
        rows.append(DomainRow(domain=domain, scores=values,
                              winner=_winner(names, values) if comparable else None))
    prices = [r.price for r in records if r.price is not None]
    positive = [p for p in prices if p > 0]
    per_yuan = {
        r.name: (r.total / r.price) if r.total is not None and r.price else None for r in records
    }
    value_known = {n: v for n, v in per_yuan.items() if v is not None}
    # a free model is the best value there is (as in /value): the best-scoring free one wins
    free = [r for r in records if r.price == 0 and r.total is not None]
    if free:
        value_known = {max(free, key=lambda r: r.total or 0.0).name: math.inf}
    cheapest = [r for r in records if r.price is not None and r.price == min(prices)] if prices \
        else []
    return CompareResult(
        models=[
            CompareModel(
                name=r.name, org=r.org, price=r.price, total=r.total, scores=dict(r.scores),
                rank=r.rank, board=r.board, score_per_yuan=per_yuan[r.name],
                release=r.release, category=r.category, measures=dict(r.measures),
            )
            for r in records
        ],
        domains=rows,
        total_winner=_winner(names, [r.total for r in records]) if same_release else None,
        same_release=same_release,
        cheapest=cheapest[0].name if len(cheapest) == 1 else None,
        price_ratio=max(positive) / min(positive) if len(positive) >= 2 else None,
        best_value=(max(value_known, key=lambda n: value_known[n])
                    if value_known and same_release else None),
        source=_mixed_source(catalog, [(r, _record_boards(r)) for r in records]),
    )


def model(catalog: Catalog, request: ModelRequest, scope: Scope = EVERYTHING) -> ModelResult:
    """The model card: release, home board, price, every score with its rank in the release."""
    record = catalog.resolve_model(request.name)
    release = catalog.release_of(record)
    ranks: dict[str, int] = {}
    sizes: dict[str, int] = {}
    medians: dict[str, float] = {}
    for domain, mine in record.scores.items():
        values = [s for other in catalog.ranked(domain, release)
                  if (s := other.scores.get(domain)) is not None]
        ranks[domain] = 1 + sum(1 for s in values if s > mine)
        sizes[domain] = len(values)
        medians[domain] = statistics.median(values)
    strongest = weakest = []
    if record.scores:
        high, low = max(record.scores.values()), min(record.scores.values())
        strongest = [d for d, s in record.scores.items() if s == high]
        weakest = [d for d, s in record.scores.items() if s == low and low != high]
    return ModelResult(
        model=ModelCard(
            name=record.name, org=record.org, price=record.price, total=record.total,
            scores=dict(record.scores), rank=record.rank, board=record.board,
            is_new=record.is_new, release=record.release, release_date=release.date,
            category=record.category, board_size=release.by_title[record.board].size,
            domain_ranks=ranks, release_size=sizes, medians=medians,
            strongest=strongest, weakest=weakest,
            also_on=[b for b in record.boards if b != record.board],
            measures=dict(record.measures), sources=dict(record.sources),
            current=release is catalog.current, current_release=catalog.current.version,
        ),
        source=_source(release, _record_boards(record)),
    )


# -- the catalog itself ---------------------------------------------------------------------


def domains(catalog: Catalog, request: DomainsRequest, scope: Scope = EVERYTHING
            ) -> DomainsResult:
    """Every domain of the current release, with its aliases and how many models it scores."""
    return DomainsResult(
        domains=[
            DomainItem(
                domain=info.canonical, english=info.english, aliases=list(info.aliases),
                models=sum(1 for r in catalog.ranked(info.canonical) if scope.shows(r)),
            )
            for info in catalog.domains.infos
        ],
        source=_source(catalog.current, (b.title for b in catalog.current.boards)),
    )


def _version() -> str:
    try:
        return metadata.version("modelbot")
    except metadata.PackageNotFoundError:  # running from a checkout that was never installed
        return "0+unknown"


def _file_name(path: str, release: Release) -> str:
    """A board's file relative to its release folder (``leaderboard/总分.md``)."""
    if release.folder:
        try:
            return Path(path).relative_to(release.folder).as_posix()
        except ValueError:
            pass
    return Path(path).name


def about(catalog: Catalog, request: AboutRequest, scope: Scope = EVERYTHING) -> AboutResult:
    """The data source, the loaded releases and boards, what was skipped and what the current
    release's boards disagree on."""
    current = catalog.current
    return AboutResult(
        version=_version(), url=HOMEPAGE,
        releases=[
            ReleaseSummary(release=r.version, date=r.date, boards=len(r.boards),
                           models=len(r.records), current=r is current)
            for r in catalog.releases
        ],
        boards=[
            BoardInfo(title=b.title, file=_file_name(b.source, current), models=b.size,
                      domains=list(b.domains))
            for b in current.boards
        ],
        models=len(catalog.records),
        loaded_at=catalog.loaded_at,
        skipped=[SkippedInfo(file=Path(s.path).name, reason=s.reason) for s in catalog.skipped],
        disagreements=list(current.disagreements),
        source=_source(current, (b.title for b in current.boards)),
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
