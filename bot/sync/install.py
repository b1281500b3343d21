"""Putting a downloaded release in place: validated whole, then moved in one step.

The files are written to a temporary folder inside ``DIR/.sync/`` (the same file system, and
a folder the loader never reads), loaded there with the loader the bot uses (every board parsed
and the release merged), and only then renamed to ``DIR/<version>/``. A release that fails
leaves nothing behind. A newer copy of a release already in place (CLiB corrected a file
without a new version) is exchanged with it in one step (``exchange``), so a starting bot
always finds a loadable release, and a kill at any instant loses none.
``--keep N`` removes all but the newest N releases.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import shutil
import sys
import uuid
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Literal

from bot.core.collector import let_go
from bot.core.datafolder import data_files, read_release
from bot.core.errors import BoardError, SyncError
from bot.core.release import BOARDS_FOLDER, ReleaseInfo, version_from_name, version_number
from bot.sync.state import STATE_FOLDER

log = logging.getLogger(__name__)

Status = Literal["installed", "updated", "current"]
_LOCK_FILE = "lock"


def release_digest(files: Mapping[str, bytes]) -> str:
    """One hash for a release's files (paths and contents): equal digests, equal releases."""
    outer = hashlib.sha256()
    for path in sorted(files):
        outer.update(path.encode() + b"\0" + hashlib.sha256(files[path]).digest())
    return outer.hexdigest()


def folder_files(folder: Path) -> dict[str, bytes]:
    """The files of a release folder by path (``README.md``, ``leaderboard/X.md``); empty when
    the folder does not exist."""
    out: dict[str, bytes] = {}
    for sub in (folder, folder / BOARDS_FOLDER):
        if not sub.is_dir():
            continue
        for path in sorted(sub.iterdir()):
            if path.is_file() and not path.name.startswith("."):
                out[path.relative_to(folder).as_posix()] = path.read_bytes()
    return out


@contextlib.contextmanager
def folder_lock(directory: Path) -> Iterator[None]:
    """Hold ``DIR/.sync/lock`` for one sync; another sync of the same folder meanwhile is a
    ``SyncError`` ("busy"). Where the platform has no ``fcntl`` (Windows), nothing is held."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    folder = directory / STATE_FOLDER
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = (folder / _LOCK_FILE).open("a+b")
    except OSError as error:
        raise SyncError("disk", path=str(folder), reason=error.strerror or str(error)) from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise SyncError("busy", path=str(directory)) from None
        try:
            _clear_leftovers(folder)
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _clear_leftovers(folder: Path) -> None:
    """Remove temporary folders a killed sync left behind (the lock says none is running). A
    release set aside by a sync killed between two renames goes back in place when its own
    folder is missing: it may be the only copy."""
    for path in folder.iterdir():
        if not path.is_dir():
            continue
        if path.name.startswith("retired-"):
            home = folder.parent / path.name.removeprefix("retired-").rsplit("-", 1)[0]
            if not home.exists():
                os.rename(path, home)
                log.warning("put back release %s, set aside by a sync that did not finish",
                            home.name)
                continue
        if path.name.startswith(("incoming-", "retired-")):
            shutil.rmtree(path, ignore_errors=True)


def install_release(directory: Path, info: ReleaseInfo, files: Mapping[str, bytes],
                    attempted: set[str] | None = None) -> tuple[Status, dict[str, bytes]]:
    """Put ``files`` in place as ``DIR/<version>/``; returns what happened and the whole
    release as installed. A folder of the same version keeps the files this sync did not ask
    for (``attempted``; None: the folder becomes exactly ``files``). Raises ``SyncError``
    (malformed, not_text, no_boards, disk); nothing is then left."""
    assert info.version is not None
    target = directory / info.version
    try:
        before = folder_files(target)
    except OSError as error:
        raise SyncError("disk", path=str(target), reason=error.strerror or str(error)) from None
    kept = {} if attempted is None else {p: b for p, b in before.items() if p not in attempted}
    release = {**kept, **files}
    if before and release_digest(release) == release_digest(before):
        return "current", release
    incoming = directory / STATE_FOLDER / f"incoming-{info.version}-{uuid.uuid4().hex[:8]}"
    try:
        _write(incoming, release)
        _validate(incoming, info)
        _move_in(incoming, target, directory)
    except OSError as error:
        raise SyncError("disk", path=str(target), reason=error.strerror or str(error)) from None
    finally:
        shutil.rmtree(incoming, ignore_errors=True)
    return ("updated" if before else "installed"), release


def _write(folder: Path, files: Mapping[str, bytes]) -> None:
    for path, body in files.items():
        out = folder / path
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(body)


def _validate(folder: Path, info: ReleaseInfo) -> None:
    """Load the folder as the bot would; errors name the file as the release does."""
    paths = data_files(folder)
    try:
        release, _skipped = read_release(paths, folder)
    except BoardError as error:
        where = Path(error.source)
        name = where.relative_to(folder).as_posix() if where.is_relative_to(folder) else str(where)
        if error.reason.startswith("not UTF-8"):
            raise SyncError("not_text", file=name) from None
        raise SyncError("malformed", file=name, line=error.line, reason=error.reason) from None
    boards = folder / BOARDS_FOLDER
    if release is None or not any(Path(b.source).parent == boards for b in release.boards):
        raise SyncError("no_boards", release=info.version)
    held = [release]
    del release
    let_go(held)  # freed at once, a release of 900 boards held the interpreter lock 50 ms


def _move_in(incoming: Path, target: Path, directory: Path) -> None:
    """Rename ``incoming`` to ``target``. An existing ``target`` is exchanged with it in one
    step where the system can (Linux ``renameat2``), so a loadable release is there at every
    instant; elsewhere it is first set aside, and a sync killed between the two renames has
    it put back by the next one (``_clear_leftovers``)."""
    try:
        os.rename(incoming, target)
        return
    except OSError:
        if not target.exists():
            raise
    if exchange(incoming, target):
        shutil.rmtree(incoming, ignore_errors=True)  # now the old release
        return
    retired = directory / STATE_FOLDER / f"retired-{target.name}-{uuid.uuid4().hex[:8]}"
    os.rename(target, retired)
    try:
        os.rename(incoming, target)
    except OSError:
        os.rename(retired, target)  # put the old release back
        raise
    shutil.rmtree(retired, ignore_errors=True)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically (Linux ``renameat2(RENAME_EXCHANGE)``); False where the
    system or the file system cannot, and nothing was changed."""
    if not sys.platform.startswith("linux"):
        return False  # pragma: no cover - platform
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        call = libc.renameat2
    except (OSError, AttributeError):  # pragma: no cover - an old C library
        return False
    call.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                     ctypes.c_uint]
    done = call(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second),
                _RENAME_EXCHANGE)
    if done == 0:
        return True
    log.debug("renameat2 not available here (errno %d): two renames", ctypes.get_errno())
    return False


def release_folders(directory: Path) -> list[Path]:
    """The subfolders of ``directory`` named as a version, newest first."""
    if not directory.is_dir():
        return []
    found = [p for p in directory.iterdir() if p.is_dir() and version_from_name(p.name)]
    return sorted(found, key=lambda p: version_number(version_from_name(p.name)), reverse=True)


def prune(directory: Path, keep: int) -> list[str]:
    """Remove all but the newest ``keep`` release folders; the names of those removed."""
    removed = []
    for folder in release_folders(directory)[max(1, keep):]:
        shutil.rmtree(folder, ignore_errors=True)
        log.info("pruned release %s", folder.name)
        removed.append(folder.name)
    return removed
