"""Organisations: one display spelling per organisation, and the spellings that name it.

``aliases.toml`` ties spellings together (智谱 and 智谱AI are one organisation; ``alibaba``
names 阿里巴巴): ``org:`` filters and hidden organisations cover every spelling of the group.
A board's own spelling always names its organisation; an alias never takes it over.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from rapidfuzz import fuzz, process

from bot.core.domains import fold
from bot.core.errors import InvalidOption


class OrgDirectory:
    """Every organisation the boards name, grouped by ``aliases.toml``."""

    def __init__(self, spellings: Iterable[str], aliases: Mapping[str, list[str]]) -> None:
        """``spellings`` as boards write them (first spelling of each case-folded name wins);
        ``aliases`` organisation -> other names for it."""
        self.display: dict[str, str] = {}
        """Case-folded spelling -> the spelling a board first gave it."""
        for name in spellings:
            self.display.setdefault(name.casefold(), name)
        self.aliases = {k.casefold(): list(v) for k, v in aliases.items()}
        self._group = self._groups()
        self._lookup = self._names()

    def _groups(self) -> dict[str, str]:
        """Each known spelling -> its group's first spelling (a union of alias-tied names)."""
        parent: dict[str, str] = {key: key for key in self.display}

        def root(key: str) -> str:
            while parent[key] != key:
                key = parent[key]
            return key

        for key, others in self.aliases.items():
            members = [k for k in (key, *(o.casefold() for o in others)) if k in self.display]
            for other in members[1:]:
                parent[root(other)] = root(members[0])
        return {key: root(key) for key in self.display}

    def _names(self) -> dict[str, str]:
        """Folded name -> group key: a board's own spelling first, then the aliases."""
        lookup: dict[str, str] = {}
        for key, display in self.display.items():
            lookup.setdefault(fold(display), self._group[key])
        for key in self.display:
            for name in self.aliases.get(key, ()):
                lookup.setdefault(fold(name), self._group[key])
        for key, others in self.aliases.items():  # an alias entry whose key is on no board
            members = [k for k in (o.casefold() for o in others) if k in self.display]
            if key not in self.display and members:
                for name in (key, *others):  # its other names too ("Zhipu AI" = [智谱, zhipu])
                    lookup.setdefault(fold(name), self._group[members[0]])
        return lookup

    def name_of(self, key: str) -> str:
        """The display spelling of a group key."""
        return self.display.get(key, key)

    def group_of(self, org: str | None) -> str | None:
        """The group key of a board's spelling, or None when it is not known."""
        return self._group.get(org.casefold()) if org else None

    def resolve(self, query: str) -> str:
        """The group key ``query`` names; raises ``InvalidOption`` with look-alikes."""
        key = self._lookup.get(fold(query))
        if key:
            return key
        # 70, not less: short spellings (nv) come within 60 of any short word (qwen)
        found = process.extract(fold(query), list(self._lookup), scorer=fuzz.WRatio, limit=3,
                                score_cutoff=70)
        suggestions = list(dict.fromkeys(self.display[self._lookup[n]] for n, _, _ in found))
        raise InvalidOption(option="org", value=query, reason="unknown_org",
                            suggestions=suggestions)

    def spellings(self, names: Iterable[str]) -> set[str]:
        """Every case-folded spelling of the organisations ``names`` name (for hiding)."""
        names = list(names)
        wanted = {self._lookup.get(fold(name)) or name.casefold() for name in names}
        return {k for k, g in self._group.items() if g in wanted} | {n.casefold() for n in names}

    def complete(self, query: str, counts: Mapping[str, int], limit: int = 25) -> list[str]:
        """Organisations for autocomplete: most models first (``counts`` by case-folded
        spelling) when ``query`` is empty, else the closest names."""
        if not query.strip():
            order = sorted(counts, key=lambda k: -counts[k])
            return [self.display[k] for k in order[:limit] if k in self.display]
        found = process.extract(fold(query), list(self._lookup), scorer=fuzz.WRatio,
                                limit=limit * 2, score_cutoff=50)
        keys = list(dict.fromkeys(self._lookup[n] for n, _, _ in found))
        return [self.display[k] for k in keys[:limit]]
