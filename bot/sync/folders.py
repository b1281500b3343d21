"""Which folder a sync writes to, and the catalog the bot and the terminal read with it.

With ``data.dir`` set, a sync writes its releases there (``data.dir/<version>/``) and that
folder is what is read, as before. With ``data.dir`` unset, the bundled data is read, and it is
part of the installed package: it may not be writable, and an upgrade would replace it. Synced
releases then go to a folder of the user's own (``user_data_dir()``: ``$XDG_DATA_HOME/modelbot/
releases``, by default ``~/.local/share/modelbot/releases``), which is read beside the bundled
data: a synced release is newer and so becomes the current one, and the bundled releases stay
as history (a synced release of the same version replaces the bundled one).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from bot.core.catalog import Catalog, load_catalog
from bot.settings import DataSettings


def user_data_dir() -> Path:
    """Where synced releases go when ``data.dir`` is unset (per platform's convention)."""
    home = Path.home()
    if sys.platform == "win32":  # pragma: no cover - platform
        base = Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local")
    elif sys.platform == "darwin":  # pragma: no cover - platform
        base = home / "Library" / "Application Support"
    else:
        xdg = os.environ.get("XDG_DATA_HOME", "")
        base = Path(xdg) if os.path.isabs(xdg) else home / ".local" / "share"
    return base / "modelbot" / "releases"


def sync_dir(data: DataSettings) -> Path:
    """The folder a sync writes to: ``data.dir``, else ``user_data_dir()``."""
    return data.dir if data.dir is not None else user_data_dir()


def synced_dir(data: DataSettings) -> Path | None:
    """The folder of synced releases read beside the bundled data (``data.dir`` unset), or
    None when ``data.dir`` is set (its synced releases are part of it)."""
    return None if data.dir is not None else user_data_dir()


def load_data(data: DataSettings) -> Catalog:
    """The catalog the settings name: ``data.dir`` (or the bundled data and the synced
    releases beside it) with its nicknames. Raises ``BoardError`` as ``load_catalog`` does."""
    return load_catalog(data.dir, aliases_path=data.aliases, synced=synced_dir(data))
