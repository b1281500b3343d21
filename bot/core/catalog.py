"""The catalog: every loaded release, with the indexes queries need, built once per load.

Rankings use the newest release (``current``) only. A model that only an older release lists
is still found by name (``/model``, ``/compare``), and answers say which release it is from.
"""

from __future__ import annotations

import logging
import math
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from bot.core.complete import Completer
from bot.core.datafolder import (
    ALIASES_FILE,
    Aliases,
    bundled_data_dir,
    data_files,
    load_aliases,
    read_data_folder,
    read_release,
)
from bot.core.domains import DomainIndex
from bot.core.errors import AmbiguousModel, BoardError, InvalidOption, NearModel, UnknownModel
from bot.core.memo import Memo
from bot.core.models import Board, ModelRecord
from bot.core.names import NameIndex, tokenize
from bot.core.orgs import OrgDirectory
from bot.core.release import (
    Release,
    ReleaseInfo,
    SkippedFile,
    newest_first,
    version_from_name,
    version_number,
)
from bot.core.resolve import Resolution, Resolver
from bot.core.scope import Scope

log = logging.getLogger(__name__)
_KEPT_SCOPES = 4096  # distinct hiding choices kept (servers that hide something)
_KEPT_ANSWERS = 2048  # distinct questions answered and kept

__all__ = [
    "ALIASES_FILE", "Aliases", "Catalog", "bundled_data_dir", "data_files", "load_aliases",
    "load_catalog",
]


class Catalog:
    """Releases plus precomputed indexes for names, domains and organisations. Immutable."""

    def __init__(
        self,
        boards: Sequence[Board] = (),
        *,
        releases: Sequence[Release] = (),
        aliases: Aliases | None = None,
        sources: Sequence[str] = (),
        skipped: Sequence[SkippedFile] = (),
        loaded_at: datetime | None = None,
        data_date: date | None = None,
    ) -> None:
        """``boards`` make one release of unknown version; ``releases`` any number more."""
        found = list(releases)
        if boards:
            found.append(Release(ReleaseInfo(), tuple(boards)))
        if not found:
            raise ValueError("a catalog needs at least one board")
        aliases = aliases or Aliases()
        self.aliases: Aliases = aliases
        self.releases: tuple[Release, ...] = tuple(newest_first(found))
        self.current: Release = self.releases[0]
        """The newest release: every ranking comes from it."""
        self.records: tuple[ModelRecord, ...] = self.current.records
        self.boards: tuple[Board, ...] = self.current.boards
        self.sources: tuple[str, ...] = tuple(sources)
        self.skipped: tuple[SkippedFile, ...] = tuple(skipped)
        """Files of the data folder that hold no leaderboard table."""
        self.loaded_at: datetime = loaded_at or datetime.now(UTC)
        self.data_date: date = data_date or self.loaded_at.date()
        """When the newest data file was written."""
        self._ranked: dict[tuple[int, str], tuple[ModelRecord, ...]] = {}
        self._best_first: dict[str, tuple[ModelRecord, ...]] = {}
        self._prices: dict[str, list[float]] = {}
        self._scopes: dict[tuple[tuple[str, ...], tuple[str, ...]], Scope] = {}
        self.answers: Memo[Any] = Memo(_KEPT_ANSWERS)
        self._as_of: dict[int, Catalog] = {}
        self._standings: dict[tuple[int, str], dict[str, int]] = {}
        self._release_domains: dict[int, DomainIndex] = {}
        self.scoring_changes: frozenset[str] = frozenset(
            v for r in self.releases for v in r.info.scoring_changes)
        """Every version whose release notes (in any release held) say the scoring changed."""
        """Results by (request, scope): see ``bot.core.queries.execute``."""
        # a name an older release shares with a newer one is the newer one's
        self._by_name: dict[str, ModelRecord] = {}
        for release in self.releases:
            for record in release.records:
                self._by_name.setdefault(record.name.casefold(), record)
        self.domains = DomainIndex(self.current.domains)
        everyone = list(self._by_name.values())
        self.orgs = OrgDirectory((r.org for r in everyone if r.org), aliases.orgs)
        # autocomplete offers the current release's models first, best total first
        current_first = sorted(self.current.records, key=lambda r: (
            r.total is None, -(r.total or 0), r.rank))
        names = NameIndex(
            [r.name for r in everyone],
            aliases=aliases.models,
            orgs={r.name: r.org for r in everyone},
            org_aliases={self.orgs.name_of(k): v for k, v in self.orgs.aliases.items()},
            popularity=[r.name for r in current_first]
            + [r.name for r in everyone if not self.is_current(r)],
        )
        self.resolver = Resolver(names)
        self.completer = Completer(names)
        self._aliases = aliases
        self._newest: Resolver | None = None

    # -- lookups --------------------------------------------------------------------------

    def record(self, name: str) -> ModelRecord:
        """A model by its exact (case-insensitive) name: the newest release's record of it."""
        return self._by_name[name.casefold()]

    def release_of(self, record: ModelRecord) -> Release:
        """The release a record belongs to."""
        for release in self.releases:
            if release.by_name.get(record.name.casefold()) is record:
                return release
        raise KeyError(record.name)

    def is_current(self, record: ModelRecord) -> bool:
        """Whether a record belongs to the newest release (the one rankings use)."""
        return self.current.by_name.get(record.name.casefold()) is record

    def resolve_model(self, query: str) -> ModelRecord:
        """The model ``query`` names; raises ``UnknownModel`` or ``AmbiguousModel``.

        A query that is not a model's exact name (or nickname) and fits a model of the newest
        release is that model, even where an older release's name fits it better ("mistral
        large" is mistral-large-2512, not 2025's mistral-large); when several of the newest
        release's models fit, it asks."""
        result: Resolution = self.resolver.resolve(query)
        if result.status == "resolved" and result.name:
            record = self.record(result.name)
            if result.method in ("exact", "alias") or self.is_current(record):
                return record
            newer = self._newest_resolver().resolve(query)
            if newer.status == "resolved" and newer.name:
                return self.record(newer.name)
            if newer.status == "ambiguous" and newer.candidates:
                fits = [*newer.candidates, record.name]
                raise AmbiguousModel(query=query, suggestions=fits,
                                     details=self._name_details(fits, 0))
            return record
        names = result.candidates if result.status == "ambiguous" else result.suggestions
        details = self._name_details(names, result.more)
        if result.status == "ambiguous" and len(names) == 1:
            raise NearModel(query=query, suggestions=names, details=details)
        if result.status == "ambiguous":
            raise AmbiguousModel(query=query, suggestions=names, details=details)
        raise UnknownModel(query=query, suggestions=names, details=details)

    def _name_details(self, names: Sequence[str], more: int) -> dict[str, Any]:
        """What a list of suggested names needs beside the names: the release of each that is
        not from the current one (it is shown as ``name (v3.6)``), and how many more fit."""
        details: dict[str, Any] = {}
        older = {name: self.release_of(self.record(name)).info.version or "?"
                 for name in names if not self.is_current(self.record(name))}
        if older:
            details["releases"] = older
        if more:
            details["more"] = more
        return details

    def _newest_resolver(self) -> Resolver:
        """Name resolution among the newest release's models only (built when first asked)."""
        if self._newest is None:
            names = [r.name for r in self.current.records]
            wanted = {n.casefold() for n in names}
            self._newest = Resolver(NameIndex(
                names,
                aliases={k: v for k, v in self._aliases.models.items()
                         if v.casefold() in wanted},
                orgs={r.name: r.org for r in self.current.records},
                org_aliases={self.orgs.name_of(k): v for k, v in self.orgs.aliases.items()},
            ))
        return self._newest

    def resolve_domain(self, query: str) -> str:
        """The canonical domain header ``query`` names; raises ``UnknownDomain``."""
        return self.domains.resolve(query)

    def resolve_org(self, query: str) -> str:
        """The organisation ``query`` names, as a key for ``in_org``; raises
        ``InvalidOption``: a word of model names (``qwen``) suggests their makers."""
        try:
            return self.orgs.resolve(query)
        except InvalidOption:
            makers = self._makers(query)
            if makers:
                raise InvalidOption(option="org", value=query, reason="models_not_org",
                                    suggestions=makers) from None
            raise

    def _makers(self, query: str) -> list[str]:
        """The organisations whose model names have every word of ``query`` (``qwen`` ->
        阿里巴巴), most such models first; none when a word names no model."""
        index = self.resolver.index
        words = [w for w in tokenize(query) if not w[:1].isdecimal()]
        if not words or any(w not in index.by_token for w in words):
            return []
        having = set.intersection(*(index.by_token[w] for w in words))
        orgs = (self._by_name[index.names[i].casefold()].org for i in having
                if words[0] in index.prepared[i].tokens)
        counts = Counter(self.orgs.name_of(self.orgs.group_of(org) or org)
                         for org in orgs if org).most_common(3)
        # a maker of one distill among a family's many models (Qwen distills of DeepSeek) is
        # not who makes the family
        return [org for org, n in counts if org and n * 4 >= counts[0][1]]

    def in_org(self, record: ModelRecord, org: str) -> bool:
        """Whether ``record`` belongs to ``org``, a key from ``resolve_org`` (any spelling of
        the organisation that aliases.toml ties together)."""
        return self.orgs.group_of(record.org) == org

    def org_spellings(self, names: Sequence[str]) -> set[str]:
        """Every case-folded spelling of the organisations ``names`` name (for hiding)."""
        return self.orgs.spellings(names)

    def hiding(self, orgs: Sequence[str], boards: Sequence[str]) -> Scope:
        """What a server hides (organisations under every spelling, boards), worked out once
        per catalog for each server's choice: every command of the server asks."""
        key = (tuple(orgs), tuple(boards))
        scope = self._scopes.get(key)
        if scope is None:
            if len(self._scopes) >= _KEPT_SCOPES:
                self._scopes.clear()
            scope = self._scopes[key] = Scope.of(self.org_spellings(orgs), boards)
        return scope

    def complete_orgs(self, query: str, limit: int = 25) -> list[str]:
        """Organisations for autocomplete, most models first when ``query`` is empty."""
        counts: dict[str, int] = {}
        for record in self.records:
            if record.org:
                counts[record.org.casefold()] = counts.get(record.org.casefold(), 0) + 1
        return self.orgs.complete(query, counts, limit)

    # -- releases -------------------------------------------------------------------------

    def release_named(self, text: str) -> Release:
        """The release ``text`` names (``v5.8``, ``5.8``); raises ``InvalidOption`` listing
        the releases held."""
        version = version_from_name(text)
        for release in self.releases:
            if version is not None and release.version == version:
                return release
        held = [r.version for r in self.releases if r.version]
        raise InvalidOption(option="release", value=text[:40], reason="unknown_release",
                            releases=", ".join(held), suggestions=held)

    def as_of(self, release: Release) -> Catalog:
        """The catalog as it stood at ``release``: that release current, the older ones kept
        for names. Built once per release and kept."""
        if release is self.current:
            return self
        kept = self._as_of.get(id(release))
        if kept is None:
            key = version_number(release.version)
            older = [r for r in self.releases
                     if r is release or (key and version_number(r.version) < key)]
            kept = self._as_of[id(release)] = Catalog(
                releases=older, aliases=self.aliases, sources=self.sources,
                loaded_at=self.loaded_at, data_date=self.data_date)
        return kept

    def scoring_changed(self, older: Release, newer: Release) -> list[str]:
        """The versions after ``older`` up to ``newer`` whose notes say the scoring changed:
        scores of the two releases are then not comparable."""
        low, high = version_number(older.version), version_number(newer.version)
        return sorted((v for v in self.scoring_changes
                       if low < version_number(v) <= high), key=version_number)

    def domains_of(self, release: Release) -> DomainIndex:
        """The domains of one release (a domain's name differs between releases)."""
        if release is self.current:
            return self.domains
        index = self._release_domains.get(id(release))
        if index is None:
            index = self._release_domains[id(release)] = DomainIndex(release.domains)
        return index

    def standing(self, release: Release, domain: str) -> dict[str, int]:
        """Each scored model's rank (case-folded name) by its ``domain`` score among the
        release's models: 1 + how many score strictly more (ties share a rank)."""
        key = (id(release), domain)
        ranks = self._standings.get(key)
        if ranks is None:
            scores = sorted((r.score(domain) or 0.0 for r in self.scored(domain, release)),
                            reverse=True)
            first: dict[float, int] = {}
            for index, value in enumerate(scores):
                first.setdefault(value, index + 1)
            ranks = self._standings[key] = {
                r.name.casefold(): first[r.score(domain) or 0.0]
                for r in self.scored(domain, release)}
        return ranks

    # -- rankings -------------------------------------------------------------------------

    def scored(self, domain: str, release: Release | None = None) -> tuple[ModelRecord, ...]:
        """The records of ``release`` (default: the current one) scored in ``domain``, in
        the release's order. Worked out once per domain and kept: the catalog never changes."""
        release = release or self.current
        key = (id(release), domain)
        cached = self._ranked.get(key)
        if cached is None:
            cached = self._ranked[key] = tuple(
                r for r in release.records if r.score(domain) is not None)
        return cached

    def best_first(self, domain: str) -> tuple[ModelRecord, ...]:
        """``scored(domain)`` in the order of every ranking: score descending, then price
        ascending (unknown last), then the rank on the board the score comes from. Sorted once
        per domain and kept."""
        cached = self._best_first.get(domain)
        if cached is None:
            cached = self._best_first[domain] = tuple(sorted(
                self.scored(domain),
                key=lambda r: (-(r.score(domain) or 0.0),
                               r.price if r.price is not None else math.inf, r.rank_in(domain)),
            ))
        return cached

    def known_prices(self, domain: str) -> list[float]:
        """The known prices of ``scored(domain)``, ascending: counting those within a budget
        is a bisection."""
        cached = self._prices.get(domain)
        if cached is None:
            cached = self._prices[domain] = sorted(
                r.price for r in self.scored(domain) if r.price is not None
            )
        return cached


def load_catalog(
    data_dir: Path | str | None = None,
    *,
    aliases_path: Path | str | None = None,
    files: Sequence[Path | str] | None = None,
    synced: Path | str | None = None,
) -> Catalog:
    """Read a data folder (default: the bundled one) or the given files into a catalog.

    ``synced``: a folder of releases written by ``modelbot sync``, read beside the data folder
    (absent or empty: nothing); a release there replaces one of the same version. The bundled
    nicknames always apply; the folder's ``aliases.toml`` (or ``aliases_path``) adds to and
    overrides them. Raises ``BoardError`` (file and line) for a malformed board or a folder
    with none.
    """
    bundled = bundled_data_dir()
    directory = Path(data_dir) if data_dir is not None else bundled
    if files is not None:
        paths = [Path(f) for f in files]
        release, skipped = read_release(paths, folder=None)
        if release is None:
            raise BoardError(str(paths[0]) if len(paths) == 1 else "the files", None,
                             "no leaderboard table (a header row with 大模型) found")
        releases = [release]
    else:
        releases, skipped = read_data_folder(directory)
        paths = data_files(directory)
        if synced is not None and Path(synced).resolve() != directory.resolve():
            more, left_out = _synced_releases(Path(synced))
            versions = {r.version for r in more}
            releases = [r for r in releases if r.version not in versions] + more
            skipped = [*skipped, *left_out]
            paths += data_files(Path(synced))
    aliases = load_aliases(bundled / ALIASES_FILE)
    extra = Path(aliases_path) if aliases_path is not None else directory / ALIASES_FILE
    if aliases_path is not None and not extra.is_file():
        raise BoardError(str(extra), None, "aliases file not found")
    if extra.is_file() and extra.resolve() != (bundled / ALIASES_FILE).resolve():
        aliases = aliases.merged(load_aliases(extra))
    newest = max((p.stat().st_mtime for p in paths if p.is_file()), default=None)
    catalog = Catalog(
        releases=releases, aliases=aliases, sources=[str(p) for p in paths], skipped=skipped,
        data_date=datetime.fromtimestamp(newest, UTC).date() if newest else None,
    )
    for left_out in catalog.skipped:
        log.warning("skipped %s: %s", left_out.path, left_out.reason)
    log.info("loaded %d releases, %d boards, %d models from %s", len(catalog.releases),
             sum(len(r.boards) for r in catalog.releases), len(catalog.records), directory)
    return catalog


def _synced_releases(folder: Path) -> tuple[list[Release], list[SkippedFile]]:
    """The releases of a folder of synced releases; none when it is absent or still empty."""
    if not data_files(folder):
        return [], []
    return read_data_folder(folder)
