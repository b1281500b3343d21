"""Where an answer's figures come from: its release and the boards, named on every answer."""

from __future__ import annotations

from collections.abc import Iterable

from bot.core.catalog import Catalog
from bot.core.merge import PRICE
from bot.core.models import ModelRecord
from bot.core.release import Release
from bot.core.results import SourceInfo


def release_source(release: Release, titles: Iterable[str]) -> SourceInfo:
    """The release and the boards (in the release's order) that ``titles`` name."""
    wanted = set(titles)
    return SourceInfo(release=release.version, date=release.date,
                      boards=[b.title for b in release.boards if b.title in wanted],
                      releases=[release.version])


def figure_boards(record: ModelRecord, domains: Iterable[str]) -> list[str]:
    """The boards a record's scores in ``domains`` and its price come from."""
    titles = [record.board_for(d) for d in domains]
    if PRICE in record.sources:
        titles.append(record.sources[PRICE])
    return titles


def ranking_source(catalog: Catalog, records: Iterable[ModelRecord], domains: Iterable[str]
                   ) -> SourceInfo:
    """The current release and the boards the ranked records' scores and prices come from."""
    domains = list(domains)
    return release_source(catalog.current,
                          (t for r in records for t in figure_boards(r, domains)))


def mixed_source(catalog: Catalog, figures: list[tuple[ModelRecord, list[str]]]) -> SourceInfo:
    """The source of an answer whose records may come from several releases: that release
    when they share one, else no release and each board named with its release."""
    releases = {id(catalog.release_of(r)): catalog.release_of(r) for r, _ in figures}
    if len(releases) == 1:
        (release,) = releases.values()
        return release_source(release, (t for _, titles in figures for t in titles))
    boards: list[str] = []
    versions: list[str | None] = []
    for release in catalog.releases:
        if id(release) not in releases:
            continue
        versions.append(release.version)
        wanted = {t for r, titles in figures if catalog.release_of(r) is release for t in titles}
        boards += [f"{b.title} ({release.version or '?'})" for b in release.boards
                   if b.title in wanted]
    return SourceInfo(release=None, date=None, boards=boards, releases=versions)


def record_boards(record: ModelRecord) -> list[str]:
    """Every board a record's figures come from, and its home board."""
    return [record.board, *record.sources.values()]

