"""The catalog: every loaded board, with the indexes queries need, built once per load.

A model may stand on several boards (a new board version beside an old one). Its first
appearance, in file-name order, is its primary entry: the one the model card shows. A ranking
over a domain takes, for each model, the first entry whose board has that domain.
"""

from __future__ import annotations

import logging
import math
import tomllib
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError

from bot.core.board import parse_file
from bot.core.domains import DomainIndex, fold
from bot.core.errors import AmbiguousModel, BoardError, InvalidOption, UnknownModel
from bot.core.models import TOTAL, Board, Entry
from bot.core.resolve import Resolution, Resolver

log = logging.getLogger(__name__)

ALIASES_FILE = "aliases.toml"


class Aliases(BaseModel):
    """``aliases.toml``: model nicknames and other names of organisations."""

    models: dict[str, str] = Field(default_factory=dict)
    orgs: dict[str, list[str]] = Field(default_factory=dict)


def bundled_data_dir() -> Path:
    """The boards that ship with modelbot: ``data/`` in a checkout, ``bot.bundled`` installed."""
    package = Path(__file__).resolve().parents[1]
    checkout = package.parent / "data"
    if (package.parent / "pyproject.toml").is_file() and checkout.is_dir():
        return checkout
    return package / "bundled"  # data/ as installed by pyproject.toml


def load_aliases(path: Path) -> Aliases:
    """Read an aliases file; a broken one is a ``BoardError`` naming the file."""
    try:
        with path.open("rb") as handle:
            return Aliases.model_validate(tomllib.load(handle))
    except tomllib.TOMLDecodeError as exc:
        raise BoardError(str(path), getattr(exc, "lineno", None), f"invalid TOML: {exc}") from None
    except ValidationError as exc:
        raise BoardError(str(path), None, f"invalid aliases: {exc.errors()[0]['msg']}") from None
    except OSError as exc:
        raise BoardError(str(path), None, exc.strerror or str(exc)) from None


def _distinct_titles(boards: Sequence[Board]) -> tuple[Board, ...]:
    """The boards, a repeated title (two files with the same heading) told apart by its file:
    a model's board is found by title, so two boards may not share one."""
    seen: set[str] = set()
    out: list[Board] = []
    for board in boards:
        title = board.title
        if title in seen:
            title = f"{board.title} ({Path(board.source).stem})"
            number = 2
            while title in seen:
                title = f"{board.title} ({Path(board.source).stem} {number})"
                number += 1
            board = board.model_copy(update={
                "title": title,
                "models": [m.model_copy(update={"board": title}) for m in board.models],
            })
        seen.add(title)
        out.append(board)
    return tuple(out)


def _known_orgs(boards: tuple[Board, ...]) -> tuple[Board, ...]:
    """The boards, each model's organisation filled in from another board where its own has
    no 机构 column: filters, hidden organisations and answers then see one organisation per
    model whichever board an answer comes from."""
    org_of: dict[str, str] = {}
    for board in boards:
        for entry in board.models:
            if entry.org:
                org_of.setdefault(entry.name.casefold(), entry.org)
    out = []
    for board in boards:
        if all(e.org or e.name.casefold() not in org_of for e in board.models):
            out.append(board)
            continue
        models = [e if e.org else e.model_copy(update={"org": org_of.get(e.name.casefold())})
                  for e in board.models]
        out.append(board.model_copy(update={"models": models}))
    return tuple(out)


class Catalog:
    """Boards plus precomputed indexes for names, domains and organisations. Immutable."""

    def __init__(
        self,
        boards: Sequence[Board],
        *,
        aliases: Aliases | None = None,
        sources: Sequence[str] = (),
        loaded_at: datetime | None = None,
        data_date: date | None = None,
    ) -> None:
        if not boards:
            raise ValueError("a catalog needs at least one board")
        aliases = aliases or Aliases()
        self.boards: tuple[Board, ...] = _known_orgs(_distinct_titles(boards))
        self.sources: tuple[str, ...] = tuple(sources)
        self.loaded_at: datetime = loaded_at or datetime.now(UTC)
        self.data_date: date = data_date or self.loaded_at.date()
        """When the newest board file was written: the date the data speaks for."""
        self._boards_by_title = {b.title: b for b in self.boards}
        self._ranked: dict[str, tuple[Entry, ...]] = {}  # domain -> ranked(domain), on first use
        self._best_first: dict[str, tuple[Entry, ...]] = {}
        self._prices: dict[str, list[float]] = {}

        primary: dict[str, Entry] = {}
        for board in self.boards:
            for entry in board.models:
                primary.setdefault(entry.name.casefold(), entry)
        self.entries: tuple[Entry, ...] = tuple(primary.values())
        self._by_name = primary
        self._appearances: dict[str, list[Entry]] = {}
        for board in self.boards:
            for entry in board.models:
                self._appearances.setdefault(entry.name.casefold(), []).append(entry)

        self.domains = DomainIndex(d for b in self.boards for d in b.domains)

        # Organisations: one display spelling per case-folded name ("meta" and "Meta" are one),
        # from every board: a model's primary entry may come from a board without 机构.
        self.orgs: dict[str, str] = {}
        model_org: dict[str, str] = {}  # model (case-folded) -> the first organisation given
        for board in self.boards:
            for entry in board.models:
                if entry.org:
                    self.orgs.setdefault(entry.org.casefold(), entry.org)
                    model_org.setdefault(entry.name.casefold(), entry.org)
        org_aliases = {k.casefold(): v for k, v in aliases.orgs.items()}
        # Spellings that aliases.toml ties together are one organisation (智谱 and 智谱AI):
        # each org maps to its group's first spelling, and `org:` filters by group.
        group: dict[str, str] = {key: key for key in self.orgs}

        def root(key: str) -> str:
            while group[key] != key:
                key = group[key]
            return key

        for key, others in org_aliases.items():
            members = [k for k in (key, *(o.casefold() for o in others)) if k in self.orgs]
            for other in members[1:]:
                group[root(other)] = root(members[0])
        self._org_group: dict[str, str] = {key: root(key) for key in self.orgs}
        self._org_lookup: dict[str, str] = {}
        # a board's own spelling first, then the aliases: an alias never hides a real name
        for key, display in self.orgs.items():
            self._org_lookup.setdefault(fold(display), self._org_group[key])
        for key in self.orgs:
            for name in org_aliases.get(key, ()):
                self._org_lookup.setdefault(fold(name), self._org_group[key])
        for key, others in org_aliases.items():  # an alias entry whose key is on no board
            members = [k for k in (o.casefold() for o in others) if k in self.orgs]
            if key not in self.orgs and members:
                self._org_lookup.setdefault(fold(key), self._org_group[members[0]])

        by_total = sorted(
            self.entries, key=lambda e: (e.total is None, -(e.total or 0), e.rank)
        )
        self.resolver = Resolver(
            [e.name for e in self.entries],
            aliases=aliases.models,
            orgs={e.name: model_org.get(e.name.casefold()) for e in self.entries},
            org_aliases={self.orgs.get(k, k): v for k, v in org_aliases.items()},
            popularity=[e.name for e in by_total],
        )

    # -- lookups --------------------------------------------------------------------------

    def entry(self, name: str) -> Entry:
        """The primary entry of a model by its exact (case-insensitive) name."""
        return self._by_name[name.casefold()]

    def appearances(self, name: str) -> list[Entry]:
        """Every board entry of a model, primary first."""
        return list(self._appearances.get(name.casefold(), ()))

    def board(self, title: str) -> Board:
        """A board by its title."""
        return self._boards_by_title[title]

    def resolve_model(self, query: str) -> Entry:
        """The model ``query`` names; raises ``UnknownModel`` or ``AmbiguousModel``."""
        result: Resolution = self.resolver.resolve(query)
        if result.status == "resolved" and result.name:
            return self.entry(result.name)
        if result.status == "ambiguous":
            raise AmbiguousModel(query=query, suggestions=result.candidates)
        raise UnknownModel(query=query, suggestions=result.suggestions)

    def resolve_domain(self, query: str) -> str:
        """The canonical domain header ``query`` names; raises ``UnknownDomain``."""
        return self.domains.resolve(query)

    def in_org(self, entry: Entry, org: str) -> bool:
        """Whether ``entry`` belongs to ``org``, a key from ``resolve_org`` (any spelling of
        the organisation that aliases.toml ties together)."""
        return bool(entry.org) and self._org_group.get(entry.org.casefold()) == org

    def org_spellings(self, names: Iterable[str]) -> set[str]:
        """Every case-folded spelling of the organisations ``names`` name (for hiding)."""
        wanted = set()
        for name in names:
            key = self._org_lookup.get(fold(name))
            wanted.add(key if key else name.casefold())
        return {k for k, g in self._org_group.items() if g in wanted} | {
            n.casefold() for n in names}

    def resolve_org(self, query: str) -> str:
        """The organisation ``query`` names, as a key for ``in_org``; raises
        ``InvalidOption``."""
        key = self._org_lookup.get(fold(query))
        if key:
            return key
        from rapidfuzz import fuzz, process

        found = process.extract(fold(query), list(self._org_lookup), scorer=fuzz.WRatio, limit=3,
                                score_cutoff=60)
        suggestions = list(dict.fromkeys(self.orgs[self._org_lookup[n]] for n, _, _ in found))
        raise InvalidOption(option="org", value=query, reason="unknown_org",
                            suggestions=suggestions)

    def ranked(self, domain: str) -> list[Entry]:
        """For each model with a score in ``domain``: its entry from the first board that has it.

        Worked out once per domain and kept (the catalog never changes): every ranking command
        asks for it, and at 10,000 models walking every board costs milliseconds.
        """
        cached = self._ranked.get(domain)
        if cached is None:
            cached = self._ranked[domain] = tuple(self._rank(domain))
        return list(cached)

    def best_first(self, domain: str) -> tuple[Entry, ...]:
        """``ranked(domain)`` in the order of every ranking: score descending, then price
        ascending (unknown last), then the board's rank. Sorted once per domain and kept."""
        cached = self._best_first.get(domain)
        if cached is None:
            cached = self._best_first[domain] = tuple(sorted(
                self.ranked(domain),
                key=lambda e: (-(e.score(domain) or 0.0),
                               e.price if e.price is not None else math.inf, e.rank),
            ))
        return cached

    def known_prices(self, domain: str) -> list[float]:
        """The known prices of ``ranked(domain)``, ascending: counting those within a budget
        is a bisection."""
        cached = self._prices.get(domain)
        if cached is None:
            cached = self._prices[domain] = sorted(
                e.price for e in self.ranked(domain) if e.price is not None
            )
        return cached

    def _rank(self, domain: str) -> list[Entry]:
        seen: set[str] = set()
        out: list[Entry] = []
        for board in self.boards:
            if domain != TOTAL and domain not in board.domains:
                continue
            for entry in board.models:
                key = entry.name.casefold()
                if key not in seen and entry.score(domain) is not None:
                    seen.add(key)
                    out.append(entry)
        return out

    def complete_orgs(self, query: str, limit: int = 25) -> list[str]:
        """Organisations for autocomplete, most models first when ``query`` is empty."""
        counts: dict[str, int] = {}
        for entry in self.entries:
            if entry.org:
                counts[entry.org.casefold()] = counts.get(entry.org.casefold(), 0) + 1
        if not query.strip():
            order = sorted(counts, key=lambda k: -counts[k])
            return [self.orgs[k] for k in order[:limit]]
        from rapidfuzz import fuzz, process

        found = process.extract(fold(query), list(self._org_lookup), scorer=fuzz.WRatio,
                                limit=limit * 2, score_cutoff=50)
        keys = list(dict.fromkeys(self._org_lookup[n] for n, _, _ in found))
        return [self.orgs[k] for k in keys[:limit]]


def board_files(data_dir: Path) -> list[Path]:
    """The board files of a data directory, in name order (``*.md``)."""
    return sorted(p for p in data_dir.glob("*.md") if p.is_file())


def load_catalog(
    data_dir: Path | str | None = None,
    *,
    aliases_path: Path | str | None = None,
    files: Iterable[Path | str] | None = None,
) -> Catalog:
    """Parse every board in ``data_dir`` (default: the bundled boards) into a catalog.

    Raises ``BoardError`` (file and line) for a malformed board or a directory with none.
    """
    directory = Path(data_dir) if data_dir is not None else bundled_data_dir()
    paths = [Path(f) for f in files] if files is not None else None
    if paths is None:
        if not directory.is_dir():
            raise BoardError(str(directory), None, "data directory not found")
        paths = board_files(directory)
        if not paths:
            raise BoardError(str(directory), None, "no board files (*.md) in the data directory")
    boards: list[Board] = []
    for path in paths:
        boards.extend(parse_file(path))
    alias_file = Path(aliases_path) if aliases_path is not None else directory / ALIASES_FILE
    aliases = load_aliases(alias_file) if alias_file.is_file() else Aliases()
    if aliases_path is not None and not alias_file.is_file():
        raise BoardError(str(alias_file), None, "aliases file not found")
    newest = max(p.stat().st_mtime for p in paths)
    catalog = Catalog(
        boards, aliases=aliases, sources=[str(p) for p in paths],
        data_date=datetime.fromtimestamp(newest, UTC).date(),
    )
    log.info("loaded %d boards, %d models from %s", len(boards), len(catalog.entries), directory)
    return catalog
