"""``/history``: one model through every release held, newest first.

Each release is read on its own terms: the domain asked is resolved against that release's
domains (医疗 of v3.6 is 医疗与心理健康 of v5.8), the rank is the model's rank by that score
among the release's models, and a change is against the older release the model was last on,
with the releases between whose notes say the scoring changed.
"""

from __future__ import annotations

from bot.core.catalog import Catalog
from bot.core.errors import UnknownDomain, UserError
from bot.core.history_results import HistoryPoint, HistoryResult
from bot.core.models import TOTAL, ModelRecord
from bot.core.provenance import figure_boards, paired_source, record_boards
from bot.core.release import Release
from bot.core.requests import HistoryRequest
from bot.core.scope import EVERYTHING, Scope


def _domain_in(catalog: Catalog, release: Release, query: str) -> str | None:
    """The release's own name of the domain ``query`` names, or None when it has none."""
    try:
        return catalog.domains_of(release).resolve(query)
    except UnknownDomain:
        return None


def _point(catalog: Catalog, release: Release, record: ModelRecord | None,
           domain: str | None) -> HistoryPoint:
    if record is None:
        return HistoryPoint(release=release.version, date=release.date, listed=False)
    score = record.score(domain) if domain is not None else None
    rank = ranked = None
    if domain is not None and score is not None:
        standing = catalog.standing(release, domain)
        rank, ranked = standing.get(record.name.casefold()), len(standing)
    return HistoryPoint(release=release.version, date=release.date, listed=True,
                        domain=domain, price=record.price, score=score, rank=rank,
                        ranked=ranked, boards=list(record.scored_on))


def _with_change(catalog: Catalog, point: HistoryPoint, release: Release,
                 before: tuple[HistoryPoint, Release] | None) -> HistoryPoint:
    """``point`` with its change since the older release the model was last on."""
    if before is None:
        return point
    old, old_release = before
    def delta(new: float | None, was: float | None) -> float | None:
        return round(new - was, 4) if new is not None and was is not None else None
    return point.model_copy(update={
        "previous": old.release,
        "score_change": delta(point.score, old.score),
        "price_change": delta(point.price, old.price),
        "rank_change": old.rank - point.rank
        if old.rank is not None and point.rank is not None else None,
        "scoring_changed": catalog.scoring_changed(old_release, release),
    })


def _model_and_domains(catalog: Catalog, request: HistoryRequest
                       ) -> tuple[ModelRecord, dict[int, str | None]]:
    """The model and, per release, its name of the domain asked. ``/history deepseek r1``
    names one model, not deepseek in a domain "r1": words that are no domain of any release
    but complete the model's name are read as part of it."""
    domains = {id(r): _domain_in(catalog, r, request.domain) for r in catalog.releases}
    if any(domains.values()):
        return catalog.resolve_model(request.model), domains
    try:
        record = catalog.resolve_model(f"{request.model} {request.domain}")
    except UserError:
        catalog.resolve_domain(request.domain)  # raises the UnknownDomain that says why
        raise
    return record, {id(r): _domain_in(catalog, r, TOTAL) for r in catalog.releases}


def history(catalog: Catalog, request: HistoryRequest, scope: Scope = EVERYTHING
            ) -> HistoryResult:
    """The model's price, score (total or a domain) and rank in each release held."""
    record, domains = _model_and_domains(catalog, request)
    key = record.name.casefold()
    asked = domains[id(catalog.current)] or next(d for d in domains.values() if d)
    points: list[HistoryPoint] = []
    last: tuple[HistoryPoint, Release] | None = None
    for release in reversed(catalog.releases):  # oldest first: each change looks back
        found = release.by_name.get(key)
        point = _point(catalog, release, found, domains[id(release)])
        if point.listed:
            point = _with_change(catalog, point, release, last)
            last = (point, release)
        points.append(point)
    listed = [(r.by_name[key], r) for r in catalog.releases if key in r.by_name]
    source = paired_source([(r, figure_boards(found, [d]))
                            for found, r in listed if (d := domains[id(r)])]
                           or [(r, record_boards(found)) for found, r in listed])
    return HistoryResult(name=record.name, org=record.org, domain=asked,
                         listed=len(listed), points=points[::-1], source=source)
