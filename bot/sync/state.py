"""What the last sync of a data folder learnt about each URL, for conditional requests.

Kept beside the releases it describes, in ``DIR/.sync/state.json`` (the loader ignores folders
whose name starts with a dot), so it can never describe files of another folder: per URL the
ETag and Last-Modified the server sent, the SHA-256 of the body and the file of a release that
holds it. A validator is sent only while that file still holds that body; a 304 then reuses the
file, so an unchanged board is never downloaded in full again. A lost or unreadable state only
costs full downloads.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

log = logging.getLogger(__name__)

STATE_FOLDER = ".sync"
STATE_FILE = "state.json"


class Remembered(BaseModel):
    """One URL's validators and where its last body lies (relative to the data folder)."""

    model_config = ConfigDict(frozen=True)
    etag: str | None = None
    last_modified: str | None = None
    sha256: str
    file: str


class ListingMemo(BaseModel):
    """A listing's validators and the names it gave."""

    model_config = ConfigDict(frozen=True)
    etag: str | None = None
    last_modified: str | None = None
    names: list[str] = Field(default_factory=list)


class SyncState(BaseModel):
    """Everything remembered for one data folder."""

    files: dict[str, Remembered] = Field(default_factory=dict)
    listings: dict[str, ListingMemo] = Field(default_factory=dict)


def digest(body: bytes) -> str:
    """The SHA-256 of ``body`` in hex."""
    return hashlib.sha256(body).hexdigest()


def load_state(directory: Path) -> SyncState:
    """The state of ``directory``; empty when there is none or it cannot be read."""
    path = directory / STATE_FOLDER / STATE_FILE
    try:
        return SyncState.model_validate_json(path.read_bytes())
    except FileNotFoundError:
        return SyncState()
    except (OSError, ValidationError, ValueError) as exc:
        log.warning("ignoring the sync state %s (%s): every file is downloaded again", path, exc)
        return SyncState()


def save_state(directory: Path, state: SyncState) -> None:
    """Write the state atomically (a temporary file, then a rename)."""
    folder = directory / STATE_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    write_atomically(folder / STATE_FILE, state.model_dump_json(indent=1).encode())


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that a reader sees the old file or the new, never half."""
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def cached_body(directory: Path, remembered: Remembered | None) -> bytes | None:
    """The body a 304 would mean: the remembered file, if it still holds what was fetched."""
    if remembered is None:
        return None
    try:
        body = (directory / remembered.file).read_bytes()
    except OSError:
        return None
    return body if digest(body) == remembered.sha256 else None
