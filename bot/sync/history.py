"""``modelbot sync --history N``: the last N releases of the repository, each installed as its
own release folder by the same sync as the newest (``bot.sync.engine``), skipping the releases
already held.

Against GitHub (a source ``https://raw.githubusercontent.com/OWNER/REPO/REF``, or any source
laid out as ``.../OWNER/REPO/REF`` when ``data.sync_api`` names another API): the commits that
touched README.md (``{api}/repos/OWNER/REPO/commits?path=README.md&sha=REF``, paged by the
``Link`` header), newest first. Each commit's README names a release (its newest note); the
newest commit of each release is that release, read at its commit (raw files and the contents
API's ``leaderboard/`` listing ``?ref=SHA``). A commit's README never changes, so what it names
is remembered in ``DIR/.sync/history.json`` with the commit pages' ETags: a second run costs
one conditional request and fetches nothing new.

Elsewhere: ``BASE_URL/releases.json`` lists one folder per release (format: docs/sync.md).
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import re
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from bot.core.errors import SyncError
from bot.core.history_results import ChangesResult
from bot.core.release import release_order, version_from_name
from bot.sync.changes import FirstRelease, read_folder, served_changes
from bot.sync.claims import checked_claim
from bot.sync.download import Downloader, Progress, all_or_first_error, open_session, shown
from bot.sync.engine import SyncOptions, SyncReport, sync_release
from bot.sync.held import _folders, _info
from bot.sync.install import folder_lock
from bot.sync.links import README, api_list, url_of
from bot.sync.state import STATE_FOLDER, Remembered, write_atomically

log = logging.getLogger(__name__)

INDEX = "releases.json"
"""The index of releases under a source that is not GitHub."""
MAX_PAGES = 20
"""Pages of 100 commits read at most (CLiB's README has some hundreds of commits)."""
MAX_HISTORY = 200
_MEMO_FILE = "history.json"
_SHA = re.compile(r"^[0-9a-f]{40}$")
_FOLDER = re.compile(r"^[^/\\\x00-\x1f\x7f]{1,100}$")
_NEXT = re.compile(r'<([^<>\s]{1,2000})>\s*;\s*rel="next"')
_REPO_PATH = re.compile(r"^(?P<root>.*)/(?P<owner>[^/]+)/(?P<repo>[^/]+)/(?P<ref>[^/]+)$")
_RAW_GITHUB = "https://raw.githubusercontent.com"


@dataclass(frozen=True)
class Planned:
    """One release of the history: its version (when known before its README is read), the
    raw root its files lie under, its ``leaderboard/`` listing, its commit."""

    version: str | None
    source: str
    listing: str | None = None
    commit: str | None = None


class Page(BaseModel):
    """A page of commits as last received: its ETag and its commits' SHAs, in order."""

    etag: str | None = None
    shas: list[str] = Field(default_factory=list)
    next: str | None = None


class HistoryMemo(BaseModel):
    """What a history sync remembers: the release each commit's README names (``""``: none)
    and the pages of commits."""

    readmes: dict[str, str] = Field(default_factory=dict)
    pages: dict[str, Page] = Field(default_factory=dict)


class HistoryReport(BaseModel):
    """What ``sync --history`` did: the releases installed (oldest first), the releases asked
    for that were already held, and the commits read."""

    installed: list[SyncReport]
    held: list[str]
    commits: int = 0
    changes: ChangesResult | None = None
    first: FirstRelease | None = None


def _memo_path(directory: Path) -> Path:
    return directory / STATE_FOLDER / _MEMO_FILE


def load_memo(directory: Path) -> HistoryMemo:
    """The memo of earlier history syncs (empty when there is none or it is unreadable)."""
    try:
        return HistoryMemo.model_validate_json(_memo_path(directory).read_bytes())
    except (OSError, ValueError):
        return HistoryMemo()


def save_memo(directory: Path, memo: HistoryMemo) -> None:
    """Remember ``memo`` (a failure costs the next run its downloads, nothing else)."""
    try:
        (directory / STATE_FOLDER).mkdir(parents=True, exist_ok=True)
        write_atomically(_memo_path(directory), memo.model_dump_json().encode())
    except OSError as error:
        log.warning("could not save the history memo in %s: %s", directory, error)


def github_repo(source: str, api: str, default_api: str) -> tuple[str, str, str, str] | None:
    """(raw root, owner, repo, ref) of a GitHub source: raw.githubusercontent.com, or any
    ``.../OWNER/REPO/REF`` source when the API is not GitHub's own (a mirror, the tests)."""
    match = _REPO_PATH.match(source)
    if match is None:
        return None
    if match["root"] != _RAW_GITHUB and api == default_api:
        return None
    return match["root"], match["owner"], match["repo"], match["ref"]


def commits_url(api: str, owner: str, repo: str, ref: str) -> str:
    """The first page of the commits that touched README.md."""
    query = urllib.parse.urlencode({"path": README, "sha": ref, "per_page": 100})
    return f"{api}/repos/{owner}/{repo}/commits?{query}"


def page_shas(body: bytes) -> list[str]:
    """The commit SHAs of a page of GitHub's commits API, in order. Raises ``ValueError``."""
    return [item["sha"] for item in api_list(body, "page of commits", "commits")
            if isinstance(item, dict) and isinstance(item.get("sha"), str)
            and _SHA.match(item["sha"])]


def next_page(link: str | None, api: str) -> str | None:
    """The ``rel="next"`` URL of a Link header, only under the API asked."""
    match = _NEXT.search(link or "")
    if match is None or not match.group(1).startswith(api.rstrip("/") + "/"):
        return None
    return match.group(1)


def index_entries(body: bytes, source: str, count: int) -> list[Planned]:
    """The first ``count`` releases of an index (``releases.json``). Raises ``ValueError``."""
    try:
        payload: Any = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"not JSON ({exc})") from None
    if isinstance(payload, dict):
        payload = payload.get("releases")
    if not isinstance(payload, list):
        raise ValueError('not a JSON list of release folders (nor {"releases": [...]})')
    out: list[Planned] = []
    for item in payload[:MAX_HISTORY]:
        folder, listing = (item, None) if isinstance(item, str) else (
            (item.get("folder"), item.get("listing")) if isinstance(item, dict) else (None, None))
        if not isinstance(folder, str) or not _FOLDER.match(folder) or folder in (".", ".."):
            raise ValueError(f"not a release folder: {str(folder)[:100]!r}")
        root = url_of(source, folder)
        if isinstance(listing, str) and "://" not in listing and ".." not in listing:
            listing = url_of(source, listing.lstrip("/"))
        else:
            listing = None
        out.append(Planned(version_from_name(folder), root, listing))
    return out[:count]


class _Planner:
    """Finds the releases of the history over one downloader."""

    def __init__(self, downloader: Downloader, options: SyncOptions, memo: HistoryMemo) -> None:
        self.downloader, self.options, self.memo = downloader, options, memo
        self.commits = 0

    async def plan(self, count: int) -> list[Planned]:
        policy = self.options.policy
        repo = github_repo(self.options.source, policy.api, _default_api())
        if repo is None:
            return await self._index(count)
        return await self._commits(count, *repo)

    async def _index(self, count: int) -> list[Planned]:
        url = url_of(self.options.source, INDEX)
        got = await self.downloader.get(INDEX, url, missing_ok=False)
        try:
            return index_entries(got.body, self.options.source, count)
        except ValueError as error:
            raise SyncError("index", url=shown(url), reason=str(error)) from None

    async def _commits(self, count: int, root: str, owner: str, repo: str, ref: str
                       ) -> list[Planned]:
        api = self.options.policy.api.rstrip("/")
        found: dict[str, Planned] = {}
        url: str | None = commits_url(api, owner, repo, ref)
        pages = 0
        while url is not None and len(found) < count and pages < MAX_PAGES:
            pages += 1
            page = await self._page(url, api)
            self.commits += len(page.shas)
            versions = await self._versions(page.shas, root, owner, repo)
            for sha, version in zip(page.shas, versions, strict=True):
                if version and version not in found and len(found) < count:
                    source = f"{root}/{owner}/{repo}/{sha}"
                    listing = f"{api}/repos/{owner}/{repo}/contents/leaderboard?ref={sha}"
                    found[version] = Planned(version, source, listing, sha)
            url = page.next
        return list(found.values())

    async def _page(self, url: str, api: str) -> Page:
        """A page of commits; an unchanged page (304) costs nothing against GitHub's limit."""
        held = self.memo.pages.get(url)
        remembered = Remembered(etag=held.etag, sha256="", file="") if held else None
        got = await self.downloader.get("commits", url, remembered=remembered,
                                        cached=b"" if held else None, missing_ok=False)
        if got.status == "unchanged" and held is not None:
            return held
        try:
            shas = page_shas(got.body)
        except ValueError as error:
            raise SyncError("index", url=shown(url), reason=str(error)) from None
        page = Page(etag=got.etag, shas=shas, next=next_page(got.link, api))
        self.memo.pages[url] = page
        return page

    async def _versions(self, shas: Sequence[str], root: str, owner: str, repo: str
                        ) -> list[str]:
        """The release each commit's README names (``""`` for none), remembered."""

        async def one(sha: str) -> str:
            if sha in self.memo.readmes:
                return self.memo.readmes[sha]
            url = url_of(f"{root}/{owner}/{repo}/{sha}", README)
            got = await self.downloader.get(README, url)
            version = ""
            if got.status == "fetched":
                try:
                    info = await asyncio.to_thread(
                        checked_claim, got.body.decode("utf-8-sig", "replace"))
                    version = info.version or ""
                except SyncError as error:
                    log.info("commit %s: README names no release (%s)", sha[:7], error.kind)
            self.memo.readmes[sha] = version
            return version

        return await all_or_first_error(one(sha) for sha in shas)


def _default_api() -> str:
    from bot.sync.download import FetchPolicy

    return FetchPolicy().api


def _held(options: SyncOptions, version: str | None) -> bool:
    return version is not None and any(
        (base / version).is_dir() for base in (options.directory, *options.held))


async def sync_history(options: SyncOptions, count: int, progress: Progress | None = None
                       ) -> HistoryReport:
    """Install the last ``count`` releases of ``options.source`` that are not held yet, oldest
    first. Raises ``SyncError`` (the releases installed before it stay: each is whole)."""
    if not 1 <= count <= MAX_HISTORY:
        raise SyncError("history_count", count=count, limit=MAX_HISTORY)
    directory = options.directory
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise SyncError("disk", path=str(directory), reason=error.strerror or str(error)) from None
    memo = await asyncio.to_thread(load_memo, directory)
    with folder_lock(directory):  # one planner at a time; each install takes the lock again
        async with open_session() as session:
            planner = _Planner(Downloader(session, options.policy), options, memo)
            try:
                planned = await planner.plan(count)
            finally:
                await asyncio.to_thread(save_memo, directory, memo)
    installed: list[SyncReport] = []
    held: list[str] = []
    for release in reversed(planned):
        if _held(options, release.version):
            held.append(release.version or "?")
            continue
        one = dataclasses.replace(options, source=release.source, listing=release.listing,
                                  history=True, keep=None, all_boards=False)
        report = await sync_release(one, progress)
        if report.changed:
            installed.append(report)
        else:
            held.append(report.release)
    changes, first = await asyncio.to_thread(_digest, options, installed)
    return HistoryReport(installed=installed, held=held, commits=planner.commits,
                         changes=changes, first=first)


def _digest(options: SyncOptions, installed: list[SyncReport]
            ) -> tuple[ChangesResult | None, FirstRelease | None]:
    """(In a worker thread.) What the newest release installed changed against the release
    held just before it, the same digest a sync of the newest release prints; None when no
    release was installed or the newest installed is older than one already held."""
    if not installed:
        return None, None
    folders = sorted(_folders(options), key=lambda f: release_order(_info(f)))
    newest = max(installed, key=lambda r: release_order(_info(r.folder)))
    index = next((i for i, f in enumerate(folders) if f == newest.folder), None)
    if index is None or index != len(folders) - 1:
        return None, None  # the history filled in the past: what the bot answers is the same
    after = read_folder(newest.folder)
    if after is None:
        return None, None
    return served_changes(read_folder(folders[index - 1]) if index else None, after)
