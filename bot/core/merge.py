"""One record per model of a release, merged from every board of the release that lists it.

The precedence rule, for each figure of a model, takes the first board in this order that
gives a value (an unknown value never hides a known one):

- a domain's score, and what was measured there (latency, tokens, cost per 1,000 calls):
  the domain's own board (a board that scores that domain alone, ``医疗与心理健康.md``; for the
  total, ``总分.md``), then every other board, broadest first;
- the price: a board whose heading names a price tier (``输出价格5~30元...``), then every other
  board with a price column, broadest first;
- the category (开源/商用): a board's ``类别`` column, then a board whose heading says 开源
  (it lists open models only), then one that says 商用 (those also list open models' paid APIs);
- the organisation and the spelling of the name: the broadest board
  that lists it (the headline rank is by total among the release's models, not a board's:
  see ``Release.rank_of``).

"Broadest first" means more models, then more columns, then the title in Unicode order: the
answer never depends on file names or the order files are read in. Where boards disagree on a
figure, the disagreement is kept (``modelbot parse`` and ``/about`` list them).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict

from bot.core.models import TOTAL, Board, Entry, Measures, ModelRecord

PRICE, ORG, CATEGORY = "price", "org", "category"


class Claim(BaseModel):
    """A value one board gives for a figure."""

    model_config = ConfigDict(frozen=True)
    value: float | str
    board: str


class Disagreement(BaseModel):
    """Boards of one release that give a model different values for one figure."""

    model_config = ConfigDict(frozen=True)
    model: str
    figure: str
    chosen: Claim
    others: list[Claim]


def breadth(board: Board) -> tuple[int, int, str]:
    """The sort key of "broadest first": more models, more columns, then the title."""
    columns = len(board.domains) + board.has_total + board.has_price
    return -len(board.models), -columns, board.title


def names_price_tier(board: Board) -> bool:
    """Whether a board's heading names a price tier (it is sorted out by price)."""
    return board.has_price and any(word in board.title for word in ("价格", "元", "price"))


_Row = tuple[Board, Entry]


def _pick(
    rows: Sequence[_Row], value: Callable[[Entry], Any], first: Callable[[Board], bool],
) -> tuple[Any, _Row | None, list[_Row]]:
    """(the chosen value, its row, every row with a value) for one figure; ``first`` marks
    the boards that come before the rest. ``rows`` are already broadest first."""
    given = [row for row in rows if value(row[1]) is not None]
    if not given:
        return None, None, []
    chosen = next((row for row in given if first(row[0])), given[0])
    return value(chosen[1]), chosen, given


def _disagreement(
    name: str, figure: str, chosen: _Row, given: Iterable[_Row],
    value: Callable[[Entry], Any], same: Callable[[Any, Any], bool],
) -> Disagreement | None:
    mine = value(chosen[1])
    others = [Claim(value=value(e), board=b.title) for b, e in given
              if b is not chosen[0] and not same(value(e), mine)]
    if not others:
        return None
    return Disagreement(model=name, figure=figure, chosen=Claim(value=mine, board=chosen[0].title),
                        others=others)


def _equal(a: Any, b: Any) -> bool:
    return bool(a == b)


def _same_text(a: str, b: str) -> bool:
    return a.casefold() == b.casefold()


class _Merger:
    """Merges the rows of one model; collects the disagreements it finds."""

    def __init__(self, name: str, rows: Sequence[_Row]) -> None:
        self.rows = rows  # broadest board first
        self.name = name
        self.disagreements: list[Disagreement] = []
        self.sources: dict[str, str] = {}

    def figure(
        self, figure: str, value: Callable[[Entry], Any],
        first: Callable[[Board], bool] = lambda board: False,
        same: Callable[[Any, Any], bool] = _equal, rows: Sequence[_Row] | None = None,
    ) -> tuple[Any, _Row | None]:
        found, chosen, given = _pick(self.rows if rows is None else rows, value, first)
        if chosen is not None:
            self.sources[figure] = chosen[0].title
            problem = _disagreement(self.name, figure, chosen, given, value, same)
            if problem:
                self.disagreements.append(problem)
        return found, chosen

    def category(self) -> Any:
        found, _ = self.figure(CATEGORY, lambda e: e.category)
        if found is not None:
            return found
        for family in ("open", "commercial"):
            for board, _entry in self.rows:
                if board.family == family:
                    self.sources[CATEGORY] = board.title
                    return family
        return None


def _record(rows: Sequence[_Row], release: str | None) -> tuple[ModelRecord, list[Disagreement]]:
    home, home_entry = rows[0]
    merger = _Merger(home_entry.name, rows)
    scores: dict[str, float] = {}
    ranks: dict[str, int] = {}
    measures: dict[str, Measures] = {}
    # the rows that score each domain (a model may stand on hundreds of one-domain boards)
    scoring: dict[str, list[_Row]] = {}
    for row in rows:
        for domain in ((TOTAL,) if row[0].has_total else ()) + tuple(row[0].domains):
            scoring.setdefault(domain, []).append(row)
    for domain, domain_rows in scoring.items():
        score, chosen = merger.figure(
            domain, lambda e, d=domain: e.score(d), lambda b, d=domain: b.own_domain == d,
            rows=domain_rows)
        if chosen is None:
            # "/%": not scored, yet what the domain's own board measured still stands
            own = next((e.measures for b, e in domain_rows
                        if b.own_domain == domain and e.measures is not None), None)
            if own is not None and not own.empty:
                measures[domain] = own
            continue
        scores[domain] = score
        ranks[domain] = chosen[1].rank
        if chosen[0].own_domain == domain and chosen[1].measures is not None:
            measures[domain] = chosen[1].measures
    price, _ = merger.figure(PRICE, lambda e: e.price, names_price_tier)
    org, _ = merger.figure(ORG, lambda e: e.org, same=_same_text)
    category = merger.category()
    total = scores.pop(TOTAL, None)
    # built from validated rows: nothing to validate again, and no dict copied
    record = ModelRecord.model_construct(
        name=home_entry.name, org=org, price=price, total=total, scores=scores,
        is_new=any(e.is_new for _, e in rows), category=category, release=release,
        rank=home_entry.rank, board=home.title, boards=tuple(b.title for b, _ in rows),
        sources=merger.sources, ranks=ranks, measures=measures,
        scored_on=tuple(b.title for b, e in rows if _scores_it(b, e)),
    )
    return record, merger.disagreements


def _scores_it(board: Board, entry: Entry) -> bool:
    """Whether a row gives its model a score: a total or a domain's, not "/%"."""
    return (board.has_total and entry.total is not None) or any(
        entry.scores.get(d) is not None for d in board.domains)


def merge_boards(
    boards: Sequence[Board], release: str | None = None
) -> tuple[list[ModelRecord], list[Disagreement]]:
    """One record per model (case-folded name) of ``boards``, all of one release, in the order
    of the broadest board; and every disagreement between boards."""
    ordered = sorted(boards, key=breadth)
    rows: dict[str, list[_Row]] = {}
    for board in ordered:
        for entry in board.models:
            rows.setdefault(entry.name.casefold(), []).append((board, entry))
    records: list[ModelRecord] = []
    disagreements: list[Disagreement] = []
    for model_rows in rows.values():
        record, problems = _record(model_rows, release)
        records.append(record)
        disagreements.extend(problems)
    return records, disagreements
