"""``/changes [from] [to]``: what moved from one release held to another (default: the newest
against the one before). Models added and removed, price changes and new leaders come from
``bot.core.diff.diff_catalogs`` (what ``/reload`` reports), run on the catalog as it stood at
each release; the biggest score and rank moves per domain from ``domain_moves``. A sync says
what it changed with the same digest (``release_changes``: the release served before against
the one installed), and so does the announcement of a new release in watched channels."""

from __future__ import annotations

from bot.core.catalog import Catalog
from bot.core.diff import diff_catalogs, domain_moves
from bot.core.errors import InvalidOption
from bot.core.history_results import ChangesResult, ReleaseRef
from bot.core.models import TOTAL
from bot.core.release import Release, release_order
from bot.core.requests import ChangesRequest
from bot.core.results import SourceInfo
from bot.core.scope import EVERYTHING, Scope


def _pair(catalog: Catalog, request: ChangesRequest) -> tuple[Release, Release]:
    """(older, newer): the releases named, in time order; by default the newest release and
    the one before it (or the one before ``to``)."""
    if len(catalog.releases) < 2:
        raise InvalidOption(option="release", value=catalog.current.version or "?",
                            reason="one_release")
    newer = catalog.release_named(request.to) if request.to else catalog.current
    if request.from_:
        older = catalog.release_named(request.from_)
    else:
        index = catalog.releases.index(newer)
        older = catalog.releases[index + 1] if index + 1 < len(catalog.releases) else None
        if older is None:  # `to` is the oldest release held: nothing came before it
            raise InvalidOption(option="to", value=request.to or "", reason="oldest_release")
    if older is newer:
        raise InvalidOption(option="from", value=request.from_ or "", reason="same_release")
    if release_order(older.info) > release_order(newer.info):
        older, newer = newer, older  # /changes v5.11.7 v3.6 reads as the way from v3.6
    return older, newer


def changes(catalog: Catalog, request: ChangesRequest, scope: Scope = EVERYTHING
            ) -> ChangesResult:
    """The difference between two releases held."""
    older, newer = _pair(catalog, request)
    return changes_between(catalog, older, newer)


def release_changes(before: Catalog, after: Catalog) -> ChangesResult:
    """The ``/changes`` digest from ``before``'s current release to ``after``'s, whether or not
    one catalog holds both: a sync compares the folder served before with the one it installed
    (the same version when it updated a release in place), an announcement the catalog served
    before with the one loaded."""
    older, newer = before.current, after.current
    # equal versions keep this order (the sort is stable): the release installed is current
    both = Catalog(releases=[newer, older], aliases=after.aliases, sources=after.sources,
                   loaded_at=after.loaded_at, data_date=after.data_date)
    return changes_between(both, both.releases[1], both.current)


def unpriced(release: Release) -> list[str]:
    """The release's models whose price is unknown (a budget leaves them out), by name."""
    return sorted((r.name for r in release.records if r.price is None), key=str.casefold)


def changes_between(catalog: Catalog, older: Release, newer: Release) -> ChangesResult:
    """The difference from ``older`` to ``newer``, two releases of ``catalog``."""
    diff = diff_catalogs(catalog.as_of(older), catalog.as_of(newer))
    shared = [d for d in newer.domains if d in older.domains]
    old_boards = {b.title for b in older.boards}
    new_boards = {b.title for b in newer.boards}
    # a domain new to (or gone from) the release has no leader to change: it is listed as a
    # new (dropped) domain, not as a change of leader from or to nobody
    leaders = [c for c in diff.leaders if c.old is not None and c.new is not None]
    return ChangesResult(
        older=ReleaseRef(release=older.version, date=older.date),
        newer=ReleaseRef(release=newer.version, date=newer.date),
        added=diff.added, removed=diff.removed, prices=diff.prices, leaders=leaders,
        overall=domain_moves(catalog, older, newer, TOTAL),
        domains=[domain_moves(catalog, older, newer, d) for d in shared],
        new_domains=[d for d in newer.domains if d not in older.domains],
        dropped_domains=[d for d in older.domains if d not in newer.domains],
        new_boards=[b.title for b in newer.boards if b.title not in old_boards],
        dropped_boards=[b.title for b in older.boards if b.title not in new_boards],
        models_before=diff.models_before, models_after=diff.models_after,
        unpriced=unpriced(newer),
        scoring_changed=catalog.scoring_changed(older, newer),
        source=SourceInfo(release=newer.version, date=newer.date,
                          boards=[b.title for b in newer.boards],
                          releases=[newer.version, older.version]),
    )
