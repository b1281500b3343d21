"""What a README may claim about its release: a version of at most a few short numbers and a
date that is not in the future. Anything else is refused with its reason, before a board is
downloaded (a release dated 9999-12-31 would otherwise stay the newest for ever)."""

from __future__ import annotations

import datetime as dt

from bot.core.errors import BoardError, SyncError
from bot.core.release import ReleaseInfo, read_release_notes
from bot.sync.links import README

MAX_PARTS = 6
MAX_DIGITS = 6
SLACK = dt.timedelta(days=2)
"""How far ahead of this machine's clock a release date may be (time zones, a clock behind)."""


def checked_claim(text: str, today: dt.date | None = None) -> ReleaseInfo:
    """The release a README names, within bounds; raises ``SyncError``."""
    try:
        info = read_release_notes(text, README, today)
    except BoardError as error:  # the core's bounds: a version or date no release can have
        raise SyncError("malformed", file=README, line=error.line, reason=error.reason) from None
    except ValueError:  # a version number too long for int()
        raise SyncError("bad_version", file=README, version="?") from None
    if info is None or info.version is None:
        raise SyncError("no_version", file=README)
    parts = info.version[1:].split(".")
    if len(parts) > MAX_PARTS or any(len(p) > MAX_DIGITS for p in parts):
        shown = info.version if len(info.version) <= 24 else info.version[:20] + "…"
        raise SyncError("bad_version", file=README, version=shown)
    latest = (today or dt.datetime.now(dt.UTC).date()) + SLACK
    if info.date is not None and info.date > latest:
        raise SyncError("future_date", file=README, release=info.version,
                        date=info.date.isoformat())
    return info
