"""The copies of releases a sync finds already held: in the folder it writes to and in the
folders read beside it (the bundled data, when the synced releases are read beside it)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from bot.core.datafolder import release_info
from bot.core.release import ReleaseInfo, release_order, version_from_name
from bot.sync.install import folder_files, release_folders

if TYPE_CHECKING:
    from bot.sync.engine import SyncOptions


def _folders(options: SyncOptions) -> list[Path]:
    """Every release folder held, in the sync's folder first."""
    return [p for base in (options.directory, *options.held) for p in release_folders(base)]


def _info(folder: Path) -> ReleaseInfo:
    """A held folder's release (its README's notes, else its name)."""
    readme = folder / "README.md"
    found = release_info([readme] if readme.is_file() else [], folder)
    if found.version != version_from_name(folder.name):
        return ReleaseInfo(version=version_from_name(folder.name))
    return found


def held_copies(options: SyncOptions, version: str) -> list[dict[str, bytes]]:
    """The files of each copy of ``version`` held beside the sync's own folder."""
    return [folder_files(base / version) for base in options.held
            if (base / version).is_dir()]


def newest_held(options: SyncOptions, offered: ReleaseInfo) -> str | None:
    """The version of the newest release held when it is newer than ``offered``, else None
    (the source went back to an older release: reported, not followed)."""
    newer = [folder for folder in _folders(options)
             if release_order(_info(folder)) > release_order(offered)
             and version_from_name(folder.name) != offered.version]
    if not newer:
        return None
    return max((_info(f) for f in newer), key=release_order).version


def previous_folder(options: SyncOptions, version: str) -> Path | None:
    """The folder the current release was read from before this sync (the newest held)."""
    folders = _folders(options)
    if not folders:
        return None
    return max(folders, key=lambda f: release_order(_info(f)))
