"""Reload the boards when their files change (``data.watch_seconds``).

No new dependency and no platform's file-notification API: ``watch_data`` looks at the sizes
and modification times of the board files (every ``*.md`` of the data folder's releases) and
of the nickname file every few seconds. A change is loaded once it has settled, that is when one
more look finds the files as they were, so a file caught half-written is not loaded.
``ModelBot.reload`` swaps
the catalog atomically; when it refuses a malformed board, the error is logged with its file and
line and the boards already loaded stay in service until the files change again.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from bot.core.catalog import ALIASES_FILE, bundled_data_dir
from bot.core.catalog import data_files as release_files
from bot.core.datafolder import synced_dir
from bot.core.errors import BoardError
from bot.settings import DataSettings

if TYPE_CHECKING:
    from bot.discord.app import ModelBot

log = logging.getLogger(__name__)

Snapshot = dict[str, tuple[int, int]]
"""File path -> (modification time in ns, size) of every data file that exists."""


def data_files(settings: DataSettings) -> list[Path]:
    """The files a reload reads: the board files, then the nickname file."""
    directory = settings.dir if settings.dir is not None else bundled_data_dir()
    boards = release_files(directory)
    synced = synced_dir(settings)
    if synced is not None:  # releases modelbot sync put beside the bundled data
        boards += release_files(synced)
    aliases = settings.aliases if settings.aliases is not None else directory / ALIASES_FILE
    return [*boards, aliases]


def snapshot(settings: DataSettings) -> Snapshot:
    """Size and modification time of each data file; files that vanished are left out."""
    out: Snapshot = {}
    try:
        files = data_files(settings)
    except OSError:
        return out
    for path in files:
        try:
            stat = path.stat()
        except OSError:
            continue
        out[str(path)] = (stat.st_mtime_ns, stat.st_size)
    return out


def start_watcher(bot: ModelBot, interval: float) -> asyncio.Task[None]:
    """Start watching ``bot``'s data files; they are compared with how they are right now."""
    baseline = snapshot(bot.settings.data)  # a few stat calls: taken before anything can change
    return asyncio.create_task(watch_data(bot, interval, baseline), name="modelbot-data-watcher")


async def watch_data(bot: ModelBot, interval: float, baseline: Snapshot | None = None) -> None:
    """Reload ``bot`` whenever its data files change from ``baseline`` (default: as they are
    when the watch starts); runs until cancelled."""
    settings = bot.settings.data
    loaded = baseline if baseline is not None else await asyncio.to_thread(snapshot, settings)
    seen = loaded
    log.info("watching %d data files every %gs", len(loaded), interval)
    while True:
        await asyncio.sleep(interval)
        current = await asyncio.to_thread(snapshot, settings)
        if current != loaded and current == seen:  # changed, and unchanged since the last look
            loaded = current
            await _reload(bot)
        seen = current


async def _reload(bot: ModelBot) -> None:
    try:
        diff = await bot.reload()
    except BoardError as error:
        log.error("data files changed but cannot be loaded; still serving the boards loaded "
                  "before: %s", error)
    except Exception:  # never let the watcher die: the next change gets another try
        log.exception("reloading the changed data files failed; still serving the boards "
                      "loaded before")
    else:
        log.info("data files changed: %d models now (+%d, -%d)", diff.models_after,
                 len(diff.added), len(diff.removed))
