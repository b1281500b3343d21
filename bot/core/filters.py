"""What a ranking keeps: an organisation, a category, a budget, what the server hides."""

from __future__ import annotations

from collections.abc import Iterable

from bot.core.catalog import Catalog
from bot.core.errors import NoMatch
from bot.core.models import Category, ModelRecord
from bot.core.scope import EVERYTHING, Scope


class Filters:
    """What a ranking request asks to keep: an organisation, a category, a budget, and what
    the server hides."""

    def __init__(self, catalog: Catalog, org: str | None, kind: Category | None,
                 budget: float | None, scope: Scope) -> None:
        self.catalog = catalog
        self.org = catalog.resolve_org(org) if org else None
        self.kind = kind
        self.budget = budget
        self.scope = scope
        self.applied: dict[str, str] = {}
        """The filters besides the domain and the budget that left models out, by option name
        (``hidden`` when the server hides some): a ``NoMatch`` names every one of them."""
        if self.org is not None:
            self.applied["org"] = catalog.orgs.name_of(self.org)
        if kind is not None:
            self.applied["type"] = kind

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
        scored = self.catalog.scored(domain)
        if not scored:  # a column with no scores yet
            raise NoMatch(reason="unscored", domain=domain)
        others = {k: v for k, v in self.applied.items() if k != "org"}
        if self.org is not None:
            scored = tuple(r for r in scored if self.catalog.in_org(r, self.org))
            if not scored:  # the message names the organisation; any other filter goes with it
                raise NoMatch(reason="org", org=self.org_name, domain=domain, filters=others)
        if self.kind is not None:
            scored = tuple(r for r in scored if r.category == self.kind)
            if not scored:
                named = {k: v for k, v in self.applied.items() if k != "type"}
                raise NoMatch(reason="kind", kind=self.kind, domain=domain, filters=named)
        pool = [r for r in scored if self.scope.shows(r)]
        if not pool:  # the models exist, but this server hides every one of them
            raise NoMatch(reason="hidden", domain=domain, filters=dict(self.applied))
        if len(pool) < len(scored):
            self.applied["hidden"] = ""
        return pool

    def leave_out(self, record: ModelRecord) -> bool:
        """Whether a ranking that walks the records itself leaves ``record`` out (every filter
        but the budget); notes when the server's hiding did it."""
        if self.org is not None and not self.catalog.in_org(record, self.org):
            return True
        if self.kind is not None and record.category != self.kind:
            return True
        if not self.scope.shows(record):
            self.applied["hidden"] = ""
            return True
        return False

    def within_budget(self, pool: list[ModelRecord], domain: str) -> list[ModelRecord]:
        """The models of ``pool`` within the budget; NoMatch naming the cheapest when none is."""
        if self.budget is None:
            return pool
        affordable = [r for r in pool if self.affordable(r)]
        if not affordable:
            priced = [r for r in pool if r.price is not None]
            cheapest = min(priced, key=lambda r: (r.price, r.rank)) if priced else None
            raise NoMatch(
                reason="budget", budget=self.budget, domain=domain, filters=dict(self.applied),
                cheapest=cheapest.name if cheapest else None,
                cheapest_price=cheapest.price if cheapest else None,
                suggestions=[cheapest.name] if cheapest else [],
                details={"cheapest": {"name": cheapest.name, "price": cheapest.price}}
                if cheapest else {},
            )
        return affordable


def in_order(catalog: Catalog, domain: str, records: Iterable[ModelRecord]) -> list[ModelRecord]:
    """``records`` in the ranking order the catalog sorted once for ``domain`` (score, then
    price, then rank), instead of sorting them again."""
    keep = {id(r) for r in records}
    return [r for r in catalog.best_first(domain) if id(r) in keep]

