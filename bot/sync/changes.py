"""What a sync changed in what the bot answers from: the release it served before against the
one it serves now (models added and removed, price changes, the biggest rank moves, models
without a price), by the same comparison ``/reload`` reports (``bot.core.diff``)."""

from __future__ import annotations

import logging
from pathlib import Path

from pydantic import BaseModel

from bot.core.catalog import Catalog, load_catalog
from bot.core.diff import Move, PriceChange, diff_catalogs
from bot.core.errors import BoardError

log = logging.getLogger(__name__)

BIGGEST_MOVES = 5


class ReleaseChanges(BaseModel):
    """The difference between the release served before a sync and the one served after."""

    before: str | None
    after: str | None
    added: list[str]
    removed: list[str]
    prices: list[PriceChange]
    moves: list[Move]
    unpriced: list[str]


def read_folder(folder: Path | None) -> Catalog | None:
    """The catalog of one release folder; None when there is none or it does not load."""
    if folder is None or not folder.is_dir():
        return None
    try:
        return load_catalog(folder)
    except BoardError as error:  # the release it replaces: only the summary is poorer
        log.warning("cannot read %s to say what changed: %s", folder, error)
        return None


def release_changes(before: Catalog | None, after: Catalog) -> ReleaseChanges:
    """The changes from ``before`` (None: nothing was served) to ``after``."""
    unpriced = [r.name for r in after.records if r.price is None]
    if before is None:
        return ReleaseChanges(before=None, after=after.current.version,
                              added=[r.name for r in after.records], removed=[], prices=[],
                              moves=[], unpriced=unpriced)
    diff = diff_catalogs(before, after)
    moves = sorted(diff.moved, key=lambda m: (-abs(m.new_rank - m.old_rank), m.name))
    return ReleaseChanges(before=before.current.version, after=after.current.version,
                          added=diff.added, removed=diff.removed, prices=diff.prices,
                          moves=moves[:BIGGEST_MOVES], unpriced=unpriced)
