"""The queries: a typed request and a catalog in, a typed result out. No I/O, no formatting.

Rankings (``bot.core.rankings``: best, leaderboard, value, recommend, cost's alternatives) use
the catalog's current release only; ``bot.core.cards`` (model, compare) answers for a model of
any release and says which; ``bot.core.info`` describes the catalog itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.core.cards import compare, model
from bot.core.catalog import Catalog
from bot.core.errors import AmbiguousModel, UnknownModel, UserError
from bot.core.info import about, domains
from bot.core.models import TOTAL
from bot.core.rankings import CLOSE_POINTS, best, cost, leaderboard, recommend, value
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
from bot.core.results import Result
from bot.core.scope import EVERYTHING, Scope

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
    """Run any request against a catalog, leaving out what ``scope`` hides from rankings.

    The catalog never changes and results are immutable: an answer is worked out once per
    catalog and kept (a reload brings a new catalog, and with it new answers)."""
    handler = _HANDLERS[type(request)]
    try:
        return catalog.answers.get((request, scope), lambda: handler(catalog, request, scope))
    except UserError as error:
        # every error names the release it was checked against: rankings and domains use the
        # newest; a model is looked for in every release
        versions = [r.version for r in catalog.releases if r.version]
        if versions:  # a release of unknown version is not named
            error.params.setdefault(
                "release", ", ".join(versions)
                if isinstance(error, UnknownModel | AmbiguousModel) else versions[0])
        raise


__all__ = [
    "CLOSE_POINTS", "TOTAL", "about", "best", "compare", "cost", "domains", "execute",
    "leaderboard", "model", "recommend", "value",
]

