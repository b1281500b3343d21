"""Reading a data folder: which files make which release, and the nicknames beside them.

A folder holds one release (its ``*.md`` files and those under ``leaderboard/``, as the
repository lays them out) or several, one per subfolder, each laid out the same way. A
Markdown file without a leaderboard table (a notes file, a CHANGELOG) is skipped with a
warning; a file whose table is malformed stops the load with its file and line.
"""

from __future__ import annotations

import os
import sys
import tomllib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from pydantic import BaseModel, Field, ValidationError

from bot.core.board import parse_file, read_board_text
from bot.core.collector import collector_held, drop_one_by_one
from bot.core.errors import BoardError
from bot.core.models import Board
from bot.core.release import (
    BOARDS_FOLDER,
    Release,
    ReleaseInfo,
    SkippedFile,
    read_release_notes,
    version_from_name,
)

if TYPE_CHECKING:
    from bot.core.catalog import Catalog

ALIASES_FILE = "aliases.toml"
_README = "readme.md"


class Aliases(BaseModel):
    """``aliases.toml``: model nicknames and other names of organisations."""

    models: dict[str, str] = Field(default_factory=dict)
    orgs: dict[str, list[str]] = Field(default_factory=dict)

    def merged(self, other: Aliases) -> Aliases:
        """These aliases with ``other``'s added, ``other`` winning where both name a key."""
        return Aliases(models={**self.models, **other.models}, orgs={**self.orgs, **other.orgs})


def bundled_data_dir() -> Path:
    """The data that ships with modelbot: ``data/`` in a checkout, ``bot.bundled`` installed."""
    package = Path(__file__).resolve().parents[1]
    checkout = package.parent / "data"
    if (package.parent / "pyproject.toml").is_file() and checkout.is_dir():
        return checkout
    return package / "bundled"  # data/ as installed by pyproject.toml


def load_aliases(path: Path) -> Aliases:
    """Read an aliases file; a broken one is a ``BoardError`` naming the file."""
    try:
        with path.open("rb") as handle:
            return Aliases.model_validate(tomllib.load(handle))
    except tomllib.TOMLDecodeError as exc:
        raise BoardError(str(path), getattr(exc, "lineno", None), f"invalid TOML: {exc}") from None
    except ValidationError as exc:
        raise BoardError(str(path), None, f"invalid aliases: {exc.errors()[0]['msg']}") from None
    except OSError as exc:
        raise BoardError(str(path), None, exc.strerror or str(exc)) from None


def _markdown(folder: Path) -> list[Path]:
    """A release folder's Markdown files: its own and those under ``leaderboard/``."""
    found = [p for p in folder.glob("*.md") if p.is_file()]
    boards = folder / BOARDS_FOLDER
    if boards.is_dir():
        found += [p for p in boards.glob("*.md") if p.is_file()]
    return sorted(found)


def _release_folders(directory: Path) -> list[Path]:
    """The folder itself and each subfolder that may hold a release."""
    subfolders = sorted(
        p for p in directory.iterdir()
        if p.is_dir() and p.name != BOARDS_FOLDER and not p.name.startswith((".", "_"))
    )
    return [directory, *subfolders]


def data_files(directory: Path) -> list[Path]:
    """Every Markdown file a data folder's releases are read from, in path order."""
    if not directory.is_dir():
        return []
    return [p for folder in _release_folders(directory) for p in _markdown(folder)]


def release_info(paths: Iterable[Path], folder: Path | None) -> ReleaseInfo:
    """The README's release notes, else the folder's name, else nothing known."""
    for path in paths:
        if path.name.casefold() == _README and (folder is None or path.parent == folder):
            try:
                text = read_board_text(path)  # at most MAX_FILE_BYTES
            except BoardError:
                continue  # parse_file reports the file
            # a date or version no release can have raises BoardError, naming the line
            info = read_release_notes(text, str(path))
            if info:
                return info
    version = version_from_name(folder.name) if folder is not None else None
    return ReleaseInfo(version=version)


def read_release(
    paths: Sequence[Path], folder: Path | None
) -> tuple[Release | None, list[SkippedFile]]:
    """The release the files make (None when none has a leaderboard table), and the files
    skipped for holding none. Raises ``BoardError`` for a malformed board."""
    with collector_held():  # hundreds of boards: no collection pause stops the event loop
        return _read_release(paths, folder)


def _read_release(
    paths: Sequence[Path], folder: Path | None
) -> tuple[Release | None, list[SkippedFile]]:
    boards: list[Board] = []
    skipped: list[SkippedFile] = []
    info = release_info(paths, folder)
    for path in paths:
        before = len(boards)
        boards.extend(parse_file(path))  # only ``boards`` holds them: see drop_one_by_one
        if len(boards) == before and not (path.name.casefold() == _README and info.version):
            # a README that names the release did its part
            skipped.append(SkippedFile(path=str(path), reason="no leaderboard table"))
    if not boards:
        return None, skipped
    release = Release(info, tuple(boards), folder=str(folder) if folder else None)
    drop_one_by_one(boards)  # the rows merged: freed board by board, not in one long pause
    return release, skipped


def read_data_folder(directory: Path) -> tuple[list[Release], list[SkippedFile]]:
    """Every release of a data folder, and the files skipped. Raises ``BoardError`` for a
    malformed board, a missing folder or a folder without any leaderboard table."""
    if not directory.is_dir():
        raise BoardError(str(directory), None, "data directory not found")
    releases: list[Release] = []
    skipped: list[SkippedFile] = []
    for folder in _release_folders(directory):
        paths = _markdown(folder)
        if not paths:
            continue
        release, left_out = read_release(paths, folder)
        skipped += left_out
        if release is not None:
            releases.append(release)
    if not releases:
        reason = "no leaderboard table in any *.md file of the data directory"
        raise BoardError(str(directory), None, reason)
    return releases, skipped


class DataPlaces(Protocol):
    """Where the settings say the data is (``DataSettings``: ``data.dir``, ``data.aliases``)."""

    dir: Path | None
    aliases: Path | None


def user_data_dir() -> Path:
    """Where synced releases go when ``data.dir`` is unset (per platform's convention):
    ``$XDG_DATA_HOME/modelbot/releases``, by default ``~/.local/share/modelbot/releases``."""
    home = Path.home()
    if sys.platform == "win32":  # pragma: no cover - platform
        base = Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local")
    elif sys.platform == "darwin":  # pragma: no cover - platform
        base = home / "Library" / "Application Support"
    else:
        xdg = os.environ.get("XDG_DATA_HOME", "")
        base = Path(xdg) if os.path.isabs(xdg) else home / ".local" / "share"
    return base / "modelbot" / "releases"


def sync_dir(data: DataPlaces) -> Path:
    """The folder a sync writes to: ``data.dir``, else ``user_data_dir()``. With ``data.dir``
    unset the bundled data (part of the installed package, maybe read-only, replaced by an
    upgrade) is read, and synced releases beside it from this folder of the user's own."""
    return data.dir if data.dir is not None else user_data_dir()


def synced_dir(data: DataPlaces) -> Path | None:
    """The folder of synced releases read beside the bundled data (``data.dir`` unset), or
    None when ``data.dir`` is set (its synced releases are part of it)."""
    return None if data.dir is not None else user_data_dir()


def load_data(data: DataPlaces) -> Catalog:
    """The catalog the settings name: ``data.dir`` (or the bundled data and the synced
    releases beside it) with its nicknames. Raises ``BoardError`` as ``load_catalog`` does."""
    from bot.core.catalog import load_catalog  # the catalog reads folders through this module

    return load_catalog(data.dir, aliases_path=data.aliases, synced=synced_dir(data))
