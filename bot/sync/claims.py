"""What a README may claim about its release: a version of at most a few short numbers and a
date that is not in the future (the core's bounds: ``bot.core.release``). Anything else is
refused with its reason, before a board is downloaded (a release dated 9999-12-31 would
otherwise stay the newest for ever)."""

from __future__ import annotations

import datetime as dt

from bot.core.errors import BoardError, ImplausibleRelease, SyncError
from bot.core.release import ReleaseInfo, read_release_notes
from bot.sync.links import README


def checked_claim(text: str, today: dt.date | None = None) -> ReleaseInfo:
    """The release a README names, within bounds; raises ``SyncError``."""
    try:
        info = read_release_notes(text, README, today)
    except ImplausibleRelease as error:
        if error.kind == "future_date":
            raise SyncError("future_date", file=README, release=error.version,
                            date=error.date) from None
        raise SyncError("bad_version", file=README, version=error.version) from None
    except BoardError as error:  # a line past the limit
        raise SyncError("malformed", file=README, line=error.line, reason=error.reason) from None
    if info is None or info.version is None:
        raise SyncError("no_version", file=README)
    return info
