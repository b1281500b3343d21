"""Conversions between the store's models and database values, shared by both backends."""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterable
from typing import Any

from pydantic import TypeAdapter, ValidationError

from bot.core.release import version_number
from bot.store import FetchState, GuildPrefs, PublishedRelease, Snowflake, StoreError, Watch
from bot.store.migrations import latest_version

log = logging.getLogger(__name__)


def prefs_document(prefs: GuildPrefs) -> str:
    """The JSON stored for ``prefs``: the fields that differ from the defaults, guild id aside.

    Validated again first: ``model_copy(update=...)`` builds a model without validation."""
    checked = GuildPrefs.model_validate(prefs.model_dump())
    fields = checked.model_dump(mode="json", exclude={"guild_id"}, exclude_defaults=True)
    return json.dumps(fields, ensure_ascii=False, sort_keys=True)


def prefs_from_document(guild_id: int, document: str | None) -> GuildPrefs:
    """The preferences stored as ``document`` (None: nothing stored, all defaults)."""
    if document is None:
        return GuildPrefs(guild_id=guild_id)
    try:
        fields = json.loads(document)
        if not isinstance(fields, dict):
            raise ValueError("not a JSON object")
        return GuildPrefs.model_validate({**fields, "guild_id": guild_id})
    except (ValueError, ValidationError) as exc:  # JSONDecodeError is a ValueError
        raise StoreError(f"stored preferences of guild {guild_id} are invalid: {exc}") from exc


def watch(guild_id: int, channel_id: int) -> Watch:
    """A validated ``Watch`` (ids out of range raise ``ValidationError`` before any query)."""
    return Watch(guild_id=guild_id, channel_id=channel_id)


_SNOWFLAKE: TypeAdapter[int] = TypeAdapter(Snowflake)


def snowflake(value: int) -> int:
    """A validated Discord id (``ValidationError`` when out of range)."""
    return _SNOWFLAKE.validate_python(value)


def guild_id_list(guild_ids: Iterable[int]) -> list[int]:
    """Distinct, validated guild ids, in the order given."""
    return list(dict.fromkeys(snowflake(g) for g in guild_ids))


def fetch_state_from_row(row: Any) -> FetchState:
    """A ``FetchState`` from a row with url, etag, last_modified and sha256."""
    try:
        return FetchState(
            url=row["url"], etag=row["etag"], last_modified=row["last_modified"],
            sha256=row["sha256"],
        )
    except ValidationError as exc:
        raise StoreError(f"stored fetch state of {row['url']!r} is invalid: {exc}") from exc


def published_from_row(row: Any) -> PublishedRelease:
    """A ``PublishedRelease`` from a row with version, released and digest."""
    try:
        return PublishedRelease(version=row["version"], date=row["released"],
                                digest=row["digest"])
    except ValidationError as exc:
        raise StoreError(f"stored release {row['version']!r} is invalid: {exc}") from exc


def newest_first(releases: Iterable[PublishedRelease]) -> list[PublishedRelease]:
    """Releases by version number, then date, newest first."""
    return sorted(releases, key=lambda r: (version_number(r.version), r.date or dt.date.min),
                  reverse=True)


def lease_args(name: str, holder: str, seconds: float) -> tuple[str, str, float]:
    """A lease's name, holder and duration, checked before any query."""
    if not name or not holder or len(name) > 100 or len(holder) > 200:
        raise ValueError("a lease needs a name and a holder (at most 100 and 200 characters)")
    if not (seconds > 0 and seconds < 10**7):
        raise ValueError("a lease lasts more than 0 seconds")
    return name, holder, float(seconds)


def note_version(where: str, version: int, applied: list[int]) -> None:
    """Log what ``open`` did; warn when the database is ahead of this code (a newer bot has
    migrated it: its additions are ignored here, so keep both running only for a rollout)."""
    latest = latest_version()
    if applied:
        log.info("%s: migrated the store to schema version %d (applied %s)", where, version,
                 ", ".join(map(str, applied)))
    if version > latest:
        log.warning("%s: the store's schema version %d is newer than this bot's %d", where,
                    version, latest)
