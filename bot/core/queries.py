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
from bot.core.changes import changes
from bot.core.errors import AmbiguousModel, UnknownModel, UserError
from bot.core.history import history
from bot.core.info import about, domains
from bot.core.models import TOTAL
from bot.core.rankings import CLOSE_POINTS, best, cost, leaderboard, recommend, value
from bot.core.requests import (
    AboutRequest,
    BestRequest,
    ChangesRequest,
    CompareRequest,
    CostRequest,
    DomainsRequest,
    HistoryRequest,
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
    HistoryRequest: history,
    ChangesRequest: changes,
}


def execute(catalog: Catalog, request: Request, scope: Scope = EVERYTHING) -> Result:
    """Run any request against a catalog, leaving out what ``scope`` hides from rankings.

    The catalog never changes and results are immutable: an answer is worked out once per
    catalog and kept (a reload brings a new catalog, and with it new answers)."""
    handler = _HANDLERS[type(request)]
    try:
        return catalog.answers.get((request, scope),
                                   lambda: handler(at_release(catalog, request), request, scope))
    except UserError as error:
        # every error names the release it was checked against: the one asked for, else the
        # newest for rankings and domains; a model is looked for in every release
        held = [r.version for r in catalog.releases if r.version]
        named = getattr(request, "release", None)
        versions = [named] if named in held else held
        if versions:  # a release of unknown version is not named
            error.params.setdefault(
                "release", ", ".join(versions)
                if isinstance(error, UnknownModel | AmbiguousModel) else versions[0])
        raise


def at_release(catalog: Catalog, request: Request) -> Catalog:
    """The catalog as it stood at the release the request names (``release:v5.8``), else
    the catalog itself; raises ``InvalidOption`` for a release not held."""
    named = getattr(request, "release", None)
    return catalog.as_of(catalog.release_named(named)) if named else catalog


__all__ = [
    "CLOSE_POINTS", "TOTAL", "about", "at_release", "best", "changes", "compare", "cost",
    "domains", "execute", "history", "leaderboard", "model", "recommend", "value",
]

