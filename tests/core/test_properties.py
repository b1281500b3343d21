"""Properties (hypothesis) of the board parser and the name resolver.

Parser: any well-formed table reads back exactly as written; any corruption of a row is a
``BoardError`` that names that row's line; any text at all either parses or is a ``BoardError``
naming a line of the file, never another exception.
Resolver: any string resolves to one of the three outcomes, naming only models of the catalog,
with the numbers of the query agreeing with a guess, and the same outcome when asked again.
(Nothing here times anything: how fast resolution is, is measured by ``python -m benchmarks``.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bot.core.board import parse_boards
from bot.core.catalog import load_catalog
from bot.core.errors import BoardError
from bot.core.names import NameIndex, tokenize
from bot.core.resolve import Resolver
from tests.paths import SEED_DIR

# Modest example counts and no deadline per example: a noisy 2-core CI machine stays fast and
# never fails on a timing hiccup.
FAST = settings(max_examples=60, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow])
SOURCE = "gen.md"

# -- generated boards -----------------------------------------------------------------------

KNOWN_DOMAINS = ["医疗", "教育", "法律", "行政公务", "推理与数学计算", "语言与指令遵从", "金融",
                 "心理健康", "agent与工具调用", "医疗与心理健康"]
# CJK characters from U+4E00..U+4E7F: none of them spells a role header (排名, 大模型, 机构, ...)
cjk_words = st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x4E7F), min_size=2,
                    max_size=6)
domains = st.lists(st.one_of(st.sampled_from(KNOWN_DOMAINS), cjk_words), min_size=1,
                   max_size=8, unique=True)
names = st.from_regex(r"[A-Za-z][A-Za-z0-9.\-]{0,24}[A-Za-z0-9]", fullmatch=True)
orgs = st.one_of(st.none(), cjk_words, st.from_regex(r"[A-Za-z][A-Za-z ]{0,12}[a-z]",
                                                      fullmatch=True))
tenths = st.integers(min_value=0, max_value=1000).map(lambda n: n / 10)  # 0.0 .. 100.0
prices = st.one_of(st.none(), st.integers(min_value=0, max_value=100_000).map(lambda n: n / 100))


@dataclass
class Row:
    name: str
    is_new: bool
    link: bool
    org: str | None
    price: float | None
    price_style: int
    total: float | None
    scores: list[float | None]
    percent: bool


@st.composite
def boards(draw: st.DrawFn) -> tuple[str, list[str], list[Row], bool]:
    heads = draw(domains)
    row_names = draw(st.lists(names, min_size=1, max_size=25,
                              unique_by=lambda n: n.casefold()))
    rows = [
        Row(name=name, is_new=draw(st.booleans()), link=draw(st.booleans()), org=draw(orgs),
            price=draw(prices), price_style=draw(st.integers(0, 3)),
            total=draw(st.one_of(st.none(), tenths)),
            scores=draw(st.lists(st.one_of(st.none(), tenths), min_size=len(heads),
                                 max_size=len(heads))),
            percent=draw(st.booleans()))
        for name in row_names
    ]
    title = draw(st.sampled_from(["（3）20B以上开源大模型排行榜", "Open models", "新榜单"]))
    return title, heads, rows, draw(st.booleans())


def _price(row: Row) -> str:
    if row.price is None:
        return ["/元", "/", "-", ""][row.price_style]
    return [f"{row.price:g}元", f"{row.price}元", f"¥{row.price:g}", f"{row.price:g} 元"][
        row.price_style]


def _score(value: float | None, percent: bool) -> str:
    if value is None:
        return "-"
    return f"{value:.1f}%" if percent else f"{value:g}"


def render(title: str, heads: list[str], rows: list[Row], spaced: bool) -> str:
    """A CLiB table as the leaderboard writes it (link, (new) marker, empty column)."""
    pad = " " if spaced else ""
    header = ["排名", "大模型", "机构", "输出价格", "总分", " ", *heads]
    lines = [f"##### {title}", "|" + "|".join(header) + "|",
             "|" + "|".join("---" for _ in header) + "|"]
    for rank, row in enumerate(rows, 1):
        name = row.name + ("(new)" if row.is_new else "")
        if row.link:
            name += "☛[去体验](https://example.invalid/try)"
        cells = [str(rank), name, row.org or "", _price(row), _score(row.total, row.percent),
                 "", *(_score(s, row.percent) for s in row.scores)]
        lines.append("|" + "|".join(f"{pad}{c}{pad}" for c in cells) + "|")
    return "\n".join(lines) + "\n"


@FAST
@given(boards())
def test_a_well_formed_board_reads_back_as_written(board):
    """Every model, price (unknown stays None), score, marker and domain comes back."""
    title, heads, rows, spaced = board
    [parsed] = parse_boards(render(title, heads, rows, spaced), SOURCE)
    assert parsed.title == title
    assert parsed.domains == heads
    assert [m.name for m in parsed.models] == [r.name for r in rows]
    for rank, (model, row) in enumerate(zip(parsed.models, rows, strict=True), 1):
        assert model.rank == rank
        assert model.is_new is row.is_new
        assert model.org == row.org
        assert model.price == row.price
        assert model.total == row.total
        assert [model.scores[h] for h in heads] == row.scores
        assert model.line == rank + 3


def _put(index: int, value: str):
    """A corruption: cell ``index`` of the row replaced by ``value``."""
    return lambda cells: [*cells[:index], value, *cells[index + 1:]]


# Cells: 0 rank, 1 name, 2 org, 3 price, 4 total, 5 the empty column, 6 the first domain.
CORRUPTIONS = {
    "score-text": _put(6, "seventy"),
    "score-over-100": _put(6, "100.5"),
    "score-negative": _put(6, "-1"),
    "score-nan": _put(6, "nan"),
    "score-infinite": _put(4, "inf"),
    "price-text": _put(3, "cheap"),
    "price-negative": _put(3, "-5元"),
    "extra-cells": lambda cells: [*cells, "surprise", "more"],
    "empty-name": _put(1, "(new)"),
    "rank-text": _put(0, "first"),
}


@FAST
@given(boards(), st.sampled_from(sorted(CORRUPTIONS)), st.data())
def test_a_corrupted_row_is_reported_with_its_line(board, corruption, data):
    """Any of these faults in any row: a BoardError naming the file and that row's line."""
    title, heads, rows, spaced = board
    lines = render(title, heads, rows, spaced).splitlines()
    index = data.draw(st.integers(min_value=3, max_value=len(lines) - 1))
    cells = [c.strip() for c in lines[index].strip("|").split("|")]
    lines[index] = "|" + "|".join(CORRUPTIONS[corruption](cells)) + "|"
    with pytest.raises(BoardError) as raised:
        parse_boards("\n".join(lines), SOURCE)
    assert str(raised.value).startswith(f"{SOURCE}:{index + 1}: "), str(raised.value)


@FAST
@given(boards(), st.data())
def test_a_repeated_name_is_reported_on_the_repeating_row(board, data):
    """A name given twice (in any case) is an error of the second row."""
    title, heads, rows, spaced = board
    assume(len(rows) >= 2)
    second = data.draw(st.integers(min_value=1, max_value=len(rows) - 1))
    first = data.draw(st.integers(min_value=0, max_value=second - 1))
    rows[second].name = rows[first].name.upper()
    with pytest.raises(BoardError, match=rf"^{SOURCE}:{second + 4}: "):
        parse_boards(render(title, heads, rows, spaced), SOURCE)


table_lines = st.one_of(
    st.text(max_size=80),
    st.lists(st.sampled_from(["排名", "大模型", "机构", "输出价格", "总分", "", "医疗", "x", "1",
                              "90", "-", "/元", "nan", "1e400", "☛[a](b)", "(new)", "---", ":-:",
                              "\\|"]), max_size=9).map(lambda cells: "|" + "|".join(cells) + "|"),
    st.sampled_from(["##### 榜单", "", "|---|---|", "|排名|大模型|总分|", "   "]),
)


@settings(max_examples=150, deadline=None, database=None)
@given(st.lists(table_lines, max_size=12))
def test_any_text_parses_or_names_a_line(lines):
    """Arbitrary text and table-like debris: boards (none for prose), or a BoardError at a line
    of the file."""
    text = "\n".join(lines)
    try:
        boards_read = parse_boards(text, SOURCE)
    except BoardError as error:
        match = re.match(rf"^{re.escape(SOURCE)}:(\d+): ", str(error))
        assert match, str(error)
        assert 1 <= int(match.group(1)) <= max(1, len(text.splitlines()))
    else:
        assert all(b.models for b in boards_read)


# -- the resolver -------------------------------------------------------------------------

CATALOG = load_catalog(SEED_DIR)
NAMES = set(CATALOG.resolver.index.names)
_SIZE_UNITS = "bmkt"


def _numbers(text: str) -> list[str]:
    return [t for t in tokenize(text) if t[0].isdigit()]


def _agree(query: str, name: str) -> bool:
    """Numbers in a query must agree with the model (27 may stand for 27b): the README's rule."""
    have = set(_numbers(name))
    return all(n in have or (n[-1].isdigit() and any(h[:-1] == n and h[-1] in _SIZE_UNITS
                                                     for h in have))
               for n in _numbers(query))


def _check(resolver: Resolver, query: str, names: set[str]) -> None:
    outcome = resolver.resolve(query)
    assert outcome.status in ("resolved", "ambiguous", "unknown")
    if outcome.status == "resolved":
        assert outcome.name in names
        if outcome.method in ("tokens", "fuzzy"):
            assert _agree(query, outcome.name), (query, outcome.name)
    elif outcome.status == "ambiguous":
        assert outcome.candidates and set(outcome.candidates) <= names
    else:
        assert set(outcome.suggestions) <= names
    assert resolver.resolve(query) == outcome  # the same question, the same answer


@settings(max_examples=300, deadline=None, database=None)
@given(st.text(max_size=300))
def test_any_string_resolves_to_one_of_three_outcomes(query):
    """Random unicode: resolved to a real name, ambiguous among real names, or unknown."""
    _check(CATALOG.resolver, query, NAMES)


def _mutate(name: str, data: st.DataObject) -> str:
    """A name as people mistype it: case, separators, a dropped or doubled character, a
    number changed."""
    edit = data.draw(st.sampled_from(["case", "separators", "drop", "double", "digit", "space"]))
    if edit == "case":
        return name.swapcase()
    if edit == "separators":
        return re.sub(r"[-_.]", data.draw(st.sampled_from([" ", "", "_", "."])), name)
    if edit == "space":
        return " ".join(name)
    position = data.draw(st.integers(min_value=0, max_value=len(name) - 1))
    if edit == "drop":
        return name[:position] + name[position + 1:]
    if edit == "double":
        return name[:position] + name[position] * 2 + name[position:]
    digits = [i for i, c in enumerate(name) if c.isdigit()]
    if not digits:
        return name
    i = data.draw(st.sampled_from(digits))
    return name[:i] + str((int(name[i]) + data.draw(st.integers(1, 9))) % 10) + name[i + 1:]


@settings(max_examples=300, deadline=None, database=None)
@given(st.sampled_from(sorted(NAMES)), st.data())
def test_mistyped_names_never_resolve_to_a_model_with_other_numbers(name, data):
    """Names as people mistype them: a valid outcome, and a guess keeps the query's numbers."""
    _check(CATALOG.resolver, _mutate(name, data), NAMES)


@FAST
@given(st.sampled_from(sorted(NAMES)), st.sampled_from([str.upper, str.lower, str.swapcase,
                                                        lambda s: f"  {s}  "]))
def test_every_name_resolves_to_itself_in_any_case(name, change):
    """A name of the board, in any case and with stray spaces, is that model."""
    outcome = CATALOG.resolver.resolve(change(name))
    assert (outcome.status, outcome.name) == ("resolved", name)


@FAST
@given(st.lists(st.text(min_size=1, max_size=40).filter(str.strip), min_size=1, max_size=30,
                unique_by=str.casefold),
       st.lists(st.text(max_size=60), min_size=1, max_size=5))
def test_any_catalog_of_names_resolves_any_query(names_list, queries):
    """A resolver over arbitrary unicode names answers arbitrary queries validly."""
    resolver = Resolver(NameIndex(names_list))
    for query in queries + names_list[:3]:
        _check(resolver, query, set(names_list))
