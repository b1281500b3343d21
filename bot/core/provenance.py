"""Where an answer's figures come from: its release and the boards, named on every answer."""

from __future__ import annotations

from collections.abc import Iterable

from bot.core.catalog import Catalog
from bot.core.merge import PRICE
from bot.core.models import ModelRecord
from bot.core.release import Release, newest_first
from bot.core.results import SourceInfo


def release_source(release: Release, titles: Iterable[str]) -> SourceInfo:
    """The release and the boards (in the release's order) that ``titles`` name."""
    wanted = set(titles)
    return SourceInfo(release=release.version, date=release.date,
                      boards=[b.title for b in release.boards if b.title in wanted],
                      releases=[release.version])


def figure_boards(record: ModelRecord, domains: Iterable[str]) -> list[str]:
    """The boards a record's scores in ``domains`` and its price come from (a domain it has
    no score in names no board)."""
    titles = [record.sources[d] for d in domains if d in record.sources]
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
    return paired_source([(catalog.release_of(r), titles) for r, titles in figures])


def paired_source(figures: list[tuple[Release, list[str]]]) -> SourceInfo:
    """``mixed_source`` for figures whose releases are known: each release once, newest
    first (an answer over 60 releases looks each up once, not once per board)."""
    wanted: dict[int, tuple[Release, set[str]]] = {}
    for release, titles in figures:
        wanted.setdefault(id(release), (release, set()))[1].update(titles)
    if len(wanted) == 1:
        ((release, titles),) = wanted.values()
        return release_source(release, titles)
    boards: list[str] = []
    versions: list[str | None] = []
    for release in newest_first([release for release, _ in wanted.values()]):
        versions.append(release.version)
        titles = wanted[id(release)][1]
        boards += [f"{b.title} ({release.version or '?'})" for b in release.boards
                   if b.title in titles]
    return SourceInfo(release=None, date=None, boards=boards, releases=versions)


def record_boards(record: ModelRecord) -> list[str]:
    """Every board a record's figures come from, and its home board: only boards that score
    it, never one that lists it at "/%" only (a model no board scores names none)."""
    return [b for b in [record.home, *record.sources.values()] if b in record.scored_on]


def price_board(record: ModelRecord) -> list[str]:
    """The board a record's price comes from, else its home board: a board that scores it,
    or none."""
    board = record.sources.get(PRICE)
    if board not in record.scored_on:
        board = record.home
    return [board] if board is not None else []

