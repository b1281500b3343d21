"""What a sync changed in what the bot answers from: the ``/changes`` digest
(``bot.core.changes.release_changes``) of the release served before against the one served
now; when nothing was served before, the release now served and its models without a price."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from pydantic import BaseModel

from bot.core.catalog import Catalog, load_catalog
from bot.core.changes import release_changes, unpriced
from bot.core.errors import BoardError
from bot.core.history_results import ChangesResult

log = logging.getLogger(__name__)


class FirstRelease(BaseModel):
    """The release a first sync serves (nothing was served before it to compare with)."""

    release: str | None
    date: dt.date | None
    models: int
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


def served_changes(before: Catalog | None, after: Catalog
                   ) -> tuple[ChangesResult | None, FirstRelease | None]:
    """(the digest, None) from ``before`` to ``after``; (None, the release) when nothing was
    served before."""
    if before is None:
        current = after.current
        return None, FirstRelease(release=current.version, date=current.date,
                                  models=len(current.records), unpriced=unpriced(current))
    return release_changes(before, after), None
