"""What the catalog itself holds: its domains, releases, boards, skipped files, disagreements."""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

from bot.core.catalog import Catalog
from bot.core.provenance import release_source
from bot.core.release import Release
from bot.core.requests import AboutRequest, DomainsRequest
from bot.core.results import (
    AboutResult,
    BoardInfo,
    DomainItem,
    DomainsResult,
    ReleaseSummary,
    SkippedInfo,
)
from bot.core.scope import EVERYTHING, Scope

HOMEPAGE = "https://github.com/jeinlee1991/chinese-llm-benchmark"




def domains(catalog: Catalog, request: DomainsRequest, scope: Scope = EVERYTHING
            ) -> DomainsResult:
    """Every domain of the current release, with its aliases and how many models it scores."""
    return DomainsResult(
        domains=[
            DomainItem(
                domain=info.canonical, english=info.english, aliases=list(info.aliases),
                models=sum(1 for r in catalog.scored(info.canonical) if scope.shows(r)),
            )
            for info in catalog.domains.infos
        ],
        source=release_source(catalog.current, (b.title for b in catalog.current.boards)),
    )


def _version() -> str:
    try:
        return metadata.version("modelbot")
    except metadata.PackageNotFoundError:  # running from a checkout that was never installed
        return "0+unknown"


def _file_name(path: str, release: Release) -> str:
    """A board's file relative to its release folder (``leaderboard/总分.md``)."""
    if release.folder:
        try:
            return Path(path).relative_to(release.folder).as_posix()
        except ValueError:
            pass
    return Path(path).name


def about(catalog: Catalog, request: AboutRequest, scope: Scope = EVERYTHING) -> AboutResult:
    """The data source, the loaded releases and boards, what was skipped and what the current
    release's boards disagree on."""
    current = catalog.current
    return AboutResult(
        version=_version(), url=HOMEPAGE,
        releases=[
            ReleaseSummary(release=r.version, date=r.date, boards=len(r.boards),
                           models=len(r.records), current=r is current,
                           notes=list(r.info.notes))
            for r in catalog.releases
        ],
        boards=[
            BoardInfo(title=b.title, file=_file_name(b.source, current), models=b.size,
                      domains=list(b.domains))
            for b in current.boards
        ],
        models=len(catalog.records),
        loaded_at=catalog.loaded_at,
        skipped=[SkippedInfo(file=Path(s.path).name, reason=s.reason) for s in catalog.skipped],
        disagreements=list(current.disagreements),
        source=release_source(current, (b.title for b in current.boards)),
    )

