"""What a server has chosen not to see: organisations and boards left out of every ranking.

A model named explicitly (``/model``, ``/compare``, ``/cost``) is still answered: hiding is
about what rankings offer, not about refusing a question.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from bot.core.models import ModelRecord


class Scope(BaseModel):
    """Hidden organisations (case-folded) and boards (titles, case-folded)."""

    model_config = ConfigDict(frozen=True)
    hidden_orgs: frozenset[str] = frozenset()
    hidden_boards: frozenset[str] = frozenset()

    @classmethod
    def of(cls, orgs: Iterable[str] = (), boards: Iterable[str] = ()) -> Scope:
        """A scope from names as people write them."""
        return cls(hidden_orgs=frozenset(o.casefold() for o in orgs),
                   hidden_boards=frozenset(b.casefold() for b in boards))

    def shows(self, record: ModelRecord) -> bool:
        """Whether ``record`` may appear in a ranking: not when its organisation is hidden,
        nor when a hidden board lists it (hiding a price-tier board hides its models)."""
        if self.hidden_boards and any(b.casefold() in self.hidden_boards for b in record.boards):
            return False
        return not (record.org and record.org.casefold() in self.hidden_orgs)


EVERYTHING = Scope()
