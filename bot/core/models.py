"""Validated data read from boards: one ``Entry`` per model row, one ``Board`` per table."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

Score = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]
Price = Annotated[float, Field(ge=0, allow_inf_nan=False)]

TOTAL = "总分"
"""The board's total score; queryable like a domain (English names: overall, total)."""


class Entry(BaseModel):
    """One model's row on one board, as the board states it."""

    model_config = ConfigDict(frozen=True)

    rank: int = Field(ge=0)
    name: str = Field(min_length=1)
    org: str | None = None
    price: Price | None = None
    total: Score | None = None
    scores: dict[str, Score | None] = Field(default_factory=dict)
    is_new: bool = False
    board: str
    line: int | None = None

    def score(self, domain: str) -> float | None:
        """The score for ``domain`` (``总分`` gives the total), or None when unknown."""
        if domain == TOTAL:
            return self.total
        return self.scores.get(domain)


class Board(BaseModel):
    """One CLiB table: its heading, its domains in header order, and its rows in board order."""

    model_config = ConfigDict(frozen=True)

    title: str
    source: str
    line: int | None = None
    domains: list[str]
    models: list[Entry]

    @model_validator(mode="after")
    def _names_unique(self) -> Board:
        seen: dict[str, Entry] = {}
        for entry in self.models:
            key = entry.name.casefold()
            if key in seen:
                raise ValueError(
                    f"model name {entry.name!r} appears twice (lines {seen[key].line} and "
                    f"{entry.line})"
                )
            seen[key] = entry
        return self
