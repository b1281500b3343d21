"""One model, or several side by side: a model of any release, named with its release."""

from __future__ import annotations

import statistics

from bot.core.catalog import Catalog
from bot.core.errors import SameModel
from bot.core.models import TOTAL, ModelRecord
from bot.core.provenance import mixed_source, record_boards, release_source
from bot.core.release import Release
from bot.core.requests import (
    CompareRequest,
    ModelRequest,
)
from bot.core.results import (
    CompareModel,
    CompareResult,
    DomainRow,
    ModelCard,
    ModelResult,
)
from bot.core.scope import EVERYTHING, Scope


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
    common = _common_release(catalog, records)
    if common is not None:
        records = [common.by_name[r.name.casefold()] for r in records]
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
    # score per 元 compares paid models (as /value does): a free model has no such figure
    value_known = {n: v for n, v in per_yuan.items() if v is not None}
    cheapest = [r for r in records if r.price is not None and r.price == min(prices)] \
        if prices and same_release else []
    return CompareResult(
        models=[
            CompareModel(
                name=r.name, org=r.org, price=r.price, total=r.total, scores=dict(r.scores),
                rank=catalog.release_of(r).headline(r), board=r.home,
                score_per_yuan=per_yuan[r.name],
                release=r.release, category=r.category, measures=dict(r.measures),
            )
            for r in records
        ],
        domains=rows,
        total_winner=_winner(names, [r.total for r in records]) if same_release else None,
        same_release=same_release,
        common_release=common.version if common is not None else None,
        cheapest=cheapest[0].name if len(cheapest) == 1 else None,
        # prices of two releases are of two dates: no ratio between them
        price_ratio=max(positive) / min(positive) if len(positive) >= 2 and same_release
        else None,
        best_value=(max(value_known, key=lambda n: value_known[n])
                    if value_known and same_release else None),
        source=mixed_source(catalog, [(r, record_boards(r)) for r in records]),
    )


def _common_release(catalog: Catalog, records: list[ModelRecord]) -> Release | None:
    """The newest release that lists every model, when their newest records come from
    different releases (a fair comparison: one release's tests); else None."""
    if len({id(catalog.release_of(r)) for r in records}) == 1:
        return None
    keys = [r.name.casefold() for r in records]
    return next((release for release in catalog.releases
                 if all(k in release.by_name for k in keys)), None)


def model(catalog: Catalog, request: ModelRequest, scope: Scope = EVERYTHING) -> ModelResult:
    """The model card: release, home board, price, every score with its rank in the release."""
    record = catalog.resolve_model(request.name)
    release = catalog.release_of(record)
    ranks: dict[str, int] = {}
    sizes: dict[str, int] = {}
    medians: dict[str, float] = {}
    for domain, mine in record.scores.items():
        values = [s for other in catalog.scored(domain, release)
                  if (s := other.scores.get(domain)) is not None]
        ranks[domain] = 1 + sum(1 for s in values if s > mine)
        sizes[domain] = len(values)
        medians[domain] = statistics.median(values)
    strongest = weakest = []
    if record.scores:
        high, low = max(record.scores.values()), min(record.scores.values())
        strongest = [d for d, s in record.scores.items() if s == high]
        weakest = [d for d, s in record.scores.items() if s == low and low != high]
    # a domain measured (latency, tokens, cost) but not scored is shown without a score
    scores: dict[str, float | None] = dict(record.scores)
    scores.update({d: None for d in record.measures if d != TOTAL and d not in scores})
    home, shown = record.home, record_boards(record)
    return ModelResult(
        model=ModelCard(
            name=record.name, org=record.org, price=record.price, total=record.total,
            scores=scores, rank=release.headline(record),
            rank_size=release.scored_count(TOTAL), board=home,
            is_new=record.is_new, release=record.release, release_date=release.date,
            category=record.category,
            board_size=release.by_title[home].size if home is not None else None,
            domain_ranks=ranks, release_size=sizes, medians=medians,
            strongest=strongest, weakest=weakest,
            also_on=[b for b in record.scored_on if b != home],
            measures=dict(record.measures),
            sources={figure: b for figure, b in record.sources.items() if b in shown},
            current=release is catalog.current, current_release=catalog.current.version,
        ),
        source=release_source(release, shown),
    )


