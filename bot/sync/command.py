"""``modelbot sync``: the terminal side of a sync (arguments, progress, summary, errors).

A progress bar (files and bytes) on a terminal, one line per file otherwise, both on standard
error; the summary, then what changed, on standard output (``--json``: one object). Exit status
0 when the release was installed, updated or found current, when a richer copy already held
was kept, or when the source offers an older release than the newest held (reported, nothing
installed); 2 when the sync failed (the message names the file, and the line for a malformed
board; nothing was written).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from bot import i18n
from bot.core.datafolder import bundled_data_dir, sync_dir
from bot.core.errors import SyncError
from bot.render.context import RenderContext
from bot.render.history_text import format_changes as changes_text
from bot.render.history_text import unpriced_line
from bot.render.payload import result_payload
from bot.settings import DataSettings, Settings
from bot.sync.links import normalise_source

if TYPE_CHECKING:  # aiohttp is imported when a sync runs, not by every terminal command
    from bot.core.history_results import ChangesResult
    from bot.sync.changes import FirstRelease
    from bot.sync.download import FetchPolicy, Got
    from bot.sync.engine import SyncOptions, SyncReport
    from bot.sync.history import HistoryReport

EXIT_OK, EXIT_USER = 0, 2


def size(count: int) -> str:
    """``532 B``, ``5.2 KB``, ``1.3 MB``."""
    if count < 1024:
        return f"{count} B"
    if count < 1024 * 1024:
        return f"{count / 1024:.1f} KB"
    return f"{count / (1024 * 1024):.1f} MB"


class LineProgress:
    """One line per file done (``downloaded leaderboard/总分.md (5.9 KB)``)."""

    def __init__(self, out: TextIO, lang: str) -> None:
        self.out, self.lang = out, lang

    def planned(self, files: int) -> None:
        """Say how many files will be asked for."""
        self.out.write(i18n.t(self.lang, "sync.planned", files=files) + "\n")

    def received(self, count: int) -> None:
        """Bytes are counted per file, at its end."""

    def finished(self, got: Got) -> None:
        """One line for the file."""
        self.out.write(i18n.t(self.lang, f"sync.got.{got.status}", file=got.path,
                              size=size(len(got.body))) + "\n")
        self.out.flush()


class BarProgress:
    """A progress bar redrawn in place: ``[#####.....] 12/40 files · 96.2 KB``."""

    WIDTH = 24

    def __init__(self, out: TextIO, lang: str) -> None:
        self.out, self.lang = out, lang
        self.total, self.done, self.bytes = 0, 0, 0
        self._drawn_at = 0

    def planned(self, files: int) -> None:
        """The bar's length is known."""
        self.total = files
        self._draw()

    def received(self, count: int) -> None:
        """Count bytes; redraw every 64 KB."""
        self.bytes += count
        if self.bytes - self._drawn_at >= 65536:
            self._draw()

    def finished(self, got: Got) -> None:
        """One more file."""
        self.done += 1
        self._draw()
        if self.total and self.done >= self.total:
            self.out.write("\n")
            self.out.flush()

    def _draw(self) -> None:
        self._drawn_at = self.bytes
        filled = self.WIDTH * self.done // self.total if self.total else 0
        bar = "#" * filled + "." * (self.WIDTH - filled)
        self.out.write(f"\r[{bar}] " + i18n.t(self.lang, "sync.bar", done=self.done,
                                              total=self.total or "?", size=size(self.bytes)))
        self.out.flush()


def policy_of(data: DataSettings) -> FetchPolicy:
    """The fetch policy the settings describe."""
    from bot.sync.download import FetchPolicy

    return FetchPolicy(timeout=data.sync_timeout, retries=data.sync_retries,
                       retry_delay=data.sync_retry_delay, jobs=data.sync_jobs,
                       api=data.sync_api, token=os.environ.get("GITHUB_TOKEN") or None)


def options_of(data: DataSettings, *, source: str | None = None, directory: Path | None = None,
               all_boards: bool | None = None, listing: str | None = None,
               keep: int | None = None) -> SyncOptions:
    """Sync options from the settings, each overridden when given; raises ``ValueError`` for
    a URL that is not http(s)."""
    from bot.sync.engine import SyncOptions

    # with data.dir unset the bundled releases are read beside the synced ones: their copies
    # count as held, so a poorer download of the same version never hides them
    held = (bundled_data_dir(),) if data.dir is None and directory is None else ()
    return SyncOptions(
        source=normalise_source(source or data.sync_source),
        directory=directory if directory is not None else sync_dir(data), held=held,
        all_boards=data.sync_all if all_boards is None else all_boards,
        listing=normalise_source(listing) if listing else data.sync_listing,
        keep=keep if keep is not None else data.sync_keep,
        policy=policy_of(data),
    )


def error_text(error: SyncError, lang: str) -> str:
    """The localized message of a failed sync (it says that nothing was written)."""
    params = dict(error.params)
    if "seconds" in params:
        params["seconds"] = f"{params['seconds']:g}"
    return i18n.t(lang, f"sync.error.{error.kind}", **params) + " " + i18n.t(lang, "sync.kept")


def format_report(report: SyncReport, lang: str) -> str:
    """The summary a person reads."""
    key = {"kept": "sync.kept_copy"}.get(report.status, f"sync.{report.status}")
    lines = [i18n.t(lang, key, release=report.release, date=str(report.date or "?"),
                    folder=str(report.folder), fetched=len(report.fetched),
                    unchanged=len(report.unchanged), skipped=len(report.skipped),
                    size=size(report.bytes), newest=report.newest or "?")]
    lines += [i18n.t(lang, "sync.skipped_kept" if s.kept else "sync.skipped", file=s.file)
              for s in report.skipped]
    if report.merged:
        lines.append(i18n.t(lang, "sync.merged", files=", ".join(report.merged)))
    if report.listing:
        lines.append(i18n.t(lang, "sync.listing_failed", kind=report.listing))
    if report.pruned:
        lines.append(i18n.t(lang, "sync.pruned", releases=", ".join(report.pruned)))
    lines += format_changes(report.changes, report.first, lang)
    return "\n".join(lines)


def format_changes(changes: ChangesResult | None, first: FirstRelease | None,
                   lang: str) -> list[str]:
    """What changed in what the bot answers from: the ``/changes`` digest, as ``modelbot ask
    "/changes"`` prints it; after a first sync, the release now served."""
    if changes is not None:
        return ["", changes_text(changes, RenderContext(lang=lang))]
    if first is None:
        return []
    name = i18n.release(first.release, first.date, lang)
    lines = ["", i18n.t(lang, "sync.changes.first", release=name, count=first.models)]
    return lines + ([unpriced_line(first.unpriced, lang)] if first.unpriced else [])


def _changes_payload(payload: dict[str, Any], changes: ChangesResult | None) -> dict[str, Any]:
    """``changes`` as ``modelbot ask --json "/changes"`` prints it."""
    if changes is not None:
        payload["changes"] = result_payload(changes)
    return payload


def report_payload(report: SyncReport) -> dict[str, Any]:
    """The ``--json`` summary."""
    payload = report.model_dump(mode="json")
    payload["folder"] = str(report.folder)
    return _changes_payload(payload, report.changes)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def add_parser(sub: Any) -> None:
    """Add ``sync`` to the subcommands of ``modelbot``."""
    sync = sub.add_parser(
        "sync", help="download the newest CLiB release into the data folder")
    sync.add_argument("--source", metavar="BASE_URL",
                      help="the raw root of the repository (default: data.sync_source, "
                           "CLiB on GitHub)")
    sync.add_argument("--dir", type=Path, metavar="DIR",
                      help="the data folder (default: data.dir, else the user data folder)")
    sync.add_argument("--all", action="store_true", default=None,
                      help="require a listing of leaderboard/ (refuse to sync without one)")
    sync.add_argument("--listing", metavar="URL",
                      help="a JSON listing of leaderboard/ whose boards are synced too "
                           "(default: GitHub's contents API for a GitHub source; format: "
                           "docs/sync.md)")
    sync.add_argument("--keep", type=_positive, metavar="N",
                      help="keep only the newest N releases")
    sync.add_argument("--history", type=_positive, metavar="N",
                      help="also fetch the last N releases of the repository's history, each "
                           "as its own release folder (default: data.history; docs/sync.md)")
    sync.add_argument("--json", action="store_true", help="print a JSON summary")
    sync.add_argument("--lang", choices=list(i18n.LANGS))
    sync.set_defaults(handler=cmd_sync)


def _failed(error: SyncError, progress: Any, lang: str, as_json: bool) -> int:
    """Say why a sync failed (a line on standard error, and the JSON error); exit 2."""
    if isinstance(progress, BarProgress) and progress.done < progress.total:
        sys.stderr.write("\n")
    sys.stderr.write(f"error: {error_text(error, lang)}\n")
    if as_json:
        payload = {"error": {"kind": error.kind, **error.params,
                             "message": error_text(error, lang)}}
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, default=str) + "\n")
    return EXIT_USER


def format_history(report: HistoryReport, count: int, lang: str) -> str:
    """The summary of ``sync --history``: a line per release installed, those already held."""
    lines = [i18n.t(lang, "sync.history.installed", release=r.release,
                    date=str(r.date or "?"), folder=str(r.folder), fetched=len(r.fetched),
                    size=size(r.bytes)) for r in report.installed]
    if report.held:
        lines.append(i18n.t(lang, "sync.history.held", releases=", ".join(report.held)))
    if not report.installed:
        lines.append(i18n.t(lang, "sync.history.none", count=count))
    lines += format_changes(report.changes, report.first, lang)
    return "\n".join(lines)


def history_payload(report: HistoryReport) -> dict[str, Any]:
    """The ``--json`` summary of ``sync --history``."""
    payload = report.model_dump(mode="json")
    payload["installed"] = [report_payload(r) for r in report.installed]
    return _changes_payload(payload, report.changes)


def _sync_history(options: SyncOptions, count: int, progress: Any, lang: str,
                  as_json: bool) -> int:
    """``sync --history N``: the last N releases, each installed as a sync installs one."""
    from bot.sync.history import sync_history

    try:
        report = asyncio.run(sync_history(options, count, progress))
    except SyncError as error:
        return _failed(error, progress, lang, as_json)
    if as_json:
        sys.stdout.write(json.dumps(history_payload(report), ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(format_history(report, count, lang) + "\n")
    return EXIT_OK


def cmd_sync(args: argparse.Namespace, settings: Settings) -> int:
    """Sync once and report."""
    from bot.sync.engine import sync_release

    lang = args.lang or settings.language
    try:
        options = options_of(settings.data, source=args.source, directory=args.dir,
                             all_boards=args.all, listing=args.listing, keep=args.keep)
    except ValueError as error:
        sys.stderr.write(f"error: {error}\n")
        return EXIT_USER
    progress = (BarProgress if sys.stderr.isatty() else LineProgress)(sys.stderr, lang)
    count = args.history if args.history is not None else settings.data.history
    if count:
        return _sync_history(options, count, progress, lang, args.json)
    try:
        report = asyncio.run(sync_release(options, progress))
    except SyncError as error:
        return _failed(error, progress, lang, args.json)
    if args.json:
        sys.stdout.write(json.dumps(report_payload(report), ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(format_report(report, lang) + "\n")
    return EXIT_OK
