"""Parse CLiB / ReLE leaderboard markdown into ``Board`` objects.

A file holds one or more tables, each introduced by a heading line
(``##### （3）...排行榜``), then a header row, a separator row and data rows. Columns are found
by header name, never by position: ``排名`` rank, ``大模型`` model, ``机构`` organisation,
``输出价格`` price, ``总分`` total, ``类别`` category (开源/商用); an empty header is ignored and
every other header is a domain. ReLE's per-domain boards name their score
``【医疗与心理健康】准确率`` (the domain in ``【】``) and add what they measured: ``平均耗时``
(seconds), ``平均消耗token`` and ``花费/千次（元）``; those are read as the board's measures when
the board scores one domain, and ignored otherwise. ``/`` and ``/%`` mean "not measured".
Tables without a model column, or with one but neither a rank nor a total (a README's
model-information table), are skipped; a file without any leaderboard table yields no boards
(the loader skips it with a warning).
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from bot.core.errors import BoardError
from bot.core.models import Board, Category, Entry, Measures, single_score

# Every pattern below reads untrusted text (a board comes from the network): each unbounded
# repeat is possessive (*+, ++), so the engine never backtracks into it, and a search's repeats
# stop at the character that starts the next match. Parsing is linear in the input:
# tests/core/test_board_hostile.py checks both, benchmarks/hostile_text.py measures it.
_SEPARATOR_CELL = re.compile(r"^:?-++:?$")
# ☛[去体验](url) and similar "try it" links after the name
# (a name that is itself a link, [GPT-4o](url), is unwrapped instead)
_TRY_LINK = re.compile(r"☛\s*+\[[^\]☛]*+\]\([^)☛]*+\)|\[去体验\]\([^)\[]*+\)")
_NAME_LINK = re.compile(r"^\[(?P<text>[^\]]++)\]\([^)]*+\)$")
_NEW_MARKER = re.compile(r"[(（]\s*+new\s*+[)）]", re.IGNORECASE)
_PRICE = re.compile(
    r"^[¥￥]?+\s*+(?P<value>\d++(?:\.\d++)?+)\s*+(?:元|rmb|cny)?+\s*+(?:/\s*+(?P<per>[^/]*+))?+$",
    re.IGNORECASE,
)
# What a price may be "per": a million tokens (the board's unit) or a thousand (x 1,000).
_PER_MILLION = re.compile(r"^(?:1\s*+)?+(?:百万|m|million|mtok)\s*+(?:tokens?|tok)?$",
                          re.IGNORECASE)
_PER_THOUSAND = re.compile(r"^(?:1\s*+)?+(?:千|k|thousand|ktok)\s*+(?:tokens?|tok)?$",
                           re.IGNORECASE)
MAX_LINE = 65_536
"""Characters a line of a board or README may hold: CLiB's longest is under 500."""
MAX_FILE_BYTES = 5 * 1024 * 1024
"""Bytes a board file may hold (as many as a sync downloads): CLiB's largest is under 20 KB."""

_UNKNOWN = {"", "-", "--", "—", "–", "/", "/%", "/元", "n/a", "na", "null", "none", "未知", "暂无"}

# header name -> role; headers are compared with spaces removed and case folded
_ROLE_NAMES = {
    "rank": ("排名", "rank", "名次"),
    "name": ("大模型", "模型", "模型名称", "model", "name"),
    "org": ("机构", "厂商", "公司", "组织", "org", "organization", "organisation"),
    "price": ("输出价格", "价格", "price", "outputprice"),
    "total": ("总分", "总成绩", "综合能力", "综合得分", "total", "overall"),
    "category": ("类别", "类型", "category", "type"),
}
# Columns that measure time, tokens or money, never a score: a board of one domain reports
# them as what it measured; elsewhere they are ignored.
_MEASURES = {
    "latency": re.compile(r"耗时|用时|延迟|latency", re.IGNORECASE),
    "tokens": re.compile(r"token", re.IGNORECASE),
    "cost_per_1000": re.compile(r"花费|费用|成本|cost", re.IGNORECASE),
}
_CATEGORIES = {"开源": "open", "open": "open", "opensource": "open", "商用": "commercial",
               "闭源": "commercial", "commercial": "commercial", "closed": "commercial"}
_DURATION = re.compile(r"^(?:(?P<min>\d++(?:\.\d++)?+)\s*+(?:min|m|分钟?))?+\s*+"
                       r"(?:(?P<sec>\d++(?:\.\d++)?+)\s*+(?:sec|s|秒)?)?+$", re.IGNORECASE)
_MILLIS = re.compile(r"^(?P<ms>\d++(?:\.\d++)?+)\s*+(?:ms|毫秒)$", re.IGNORECASE)
# ReLE's per-domain boards: "【医疗与心理健康】准确率" is the score of 医疗与心理健康.
_BRACKETED = re.compile(r"^【(?P<name>[^】]++)】(?P<measure>.*+)$")
_SPACES = re.compile(r"\s++")
_CELL_BORDER = re.compile(r"(?<!\\)\|")
_SCORE_MEASURES = {"", "准确率", "正确率", "得分", "分数", "score", "accuracy"}


def heading_title(line: str) -> str | None:
    """The title of a Markdown heading line (``##### （3）20B以上开源大模型排行榜`` -> the text
    after the hashes, closing hashes and spaces dropped), or None when the line is no heading
    or has no title.

    Written out rather than as one pattern: the pattern it replaces,
    ``^\\s{0,3}#{1,6}\\s*(.*?)\\s*#*\\s*$``, backtracks cubically on ``# a`` + spaces +
    ``x``; this reads the line a constant number of times."""
    text = line.lstrip()
    if len(line) - len(text) > 3 or not text.startswith("#"):
        return None
    hashes = len(text) - len(text.lstrip("#"))
    rest = text[min(hashes, 6):].lstrip()  # a seventh # belongs to the title
    return rest.rstrip().rstrip("#").rstrip() or None


def check_lines(lines: list[str], source: str) -> None:
    """Raise ``BoardError`` (file and line) for the first line longer than ``MAX_LINE``."""
    for lineno, line in enumerate(lines, start=1):
        if len(line) > MAX_LINE:
            raise BoardError(source, lineno, f"line of {len(line):,} characters; at most "
                                             f"{MAX_LINE:,} are read")


def _header_name(header: str) -> str:
    """The name a header gives its column: ``【金融】准确率`` -> ``金融``; others unchanged."""
    match = _BRACKETED.match(header.strip())
    if match and _SPACES.sub("", match.group("measure")).casefold() in _SCORE_MEASURES:
        return match.group("name").strip()
    return header.strip()


def _role_of(header: str) -> str | None:
    key = _SPACES.sub("", _header_name(header)).casefold()
    for role, names in _ROLE_NAMES.items():
        for name in names:
            # "输出价格(元/百万token)" and "总分(%)" still name their column
            if key == name or (key.startswith(name) and key[len(name)] in "(（[【/"):
                return role
    for measure, pattern in _MEASURES.items():
        if pattern.search(key):
            return measure
    return None


def _split_row(line: str) -> list[str]:
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    return [cell.strip() for cell in _CELL_BORDER.split(body)]


def _is_separator(cells: list[str]) -> bool:
    filled = [c.replace(" ", "") for c in cells if c]
    return bool(filled) and all(_SEPARATOR_CELL.match(c) for c in filled)


def clean_name(cell: str) -> tuple[str, bool]:
    """The model name without its links and ``(new)`` marker, and whether the marker was there."""
    text = _TRY_LINK.sub("", cell).strip()
    is_new = bool(_NEW_MARKER.search(text))
    text = _NEW_MARKER.sub("", text).strip()
    link = _NAME_LINK.match(text)
    if link:
        text = link.group("text").strip()
    text = text.strip("*_` ").strip()
    return text, is_new


def parse_price(cell: str) -> float | None:
    """``16元`` -> 16.0, ``0元`` -> 0.0; ``/元``, ``/``, ``-`` and blank -> None (unknown)."""
    text = cell.strip()
    if text.casefold() in _UNKNOWN or text.replace(" ", "") in _UNKNOWN:
        return None
    match = _PRICE.match(text)
    if not match:
        raise ValueError(f"price {cell!r} is not a number of 元")
    value = float(match.group("value"))
    per = (match.group("per") or "").strip()
    if not per or _PER_MILLION.match(per):
        return value
    if _PER_THOUSAND.match(per):
        return value * 1000  # the board's unit is 元 per million tokens
    raise ValueError(f"price {cell!r}: not per million tokens")


def parse_score(cell: str) -> float | None:
    """``83.2`` or ``83.2%`` -> 83.2; blank or a dash -> None. Must lie in 0–100."""
    text = cell.strip().removesuffix("%").removesuffix("％").strip()
    if text.casefold() in _UNKNOWN:
        return None
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"score {cell!r} is not a number") from None
    if not math.isfinite(value) or not 0 <= value <= 100:
        raise ValueError(f"score {cell!r} is outside 0–100")
    return value


def _unknown(text: str) -> bool:
    return text.casefold() in _UNKNOWN or text.replace(" ", "") in _UNKNOWN


def parse_duration(cell: str) -> float | None:
    """``51s``, ``2.5``, ``1m20s``, ``800ms`` -> seconds; ``/`` or blank -> None."""
    text = cell.strip()
    if _unknown(text):
        return None
    millis = _MILLIS.match(text)
    if millis:
        return float(millis.group("ms")) / 1000
    match = _DURATION.match(text)
    if not match or not (match.group("min") or match.group("sec")):
        raise ValueError(f"time {cell!r} is not a number of seconds")
    return float(match.group("min") or 0) * 60 + float(match.group("sec") or 0)


def parse_amount(cell: str, what: str) -> float | None:
    """A plain non-negative number (``2920``, ``99.0``, ``1,234``); ``/`` or blank -> None."""
    text = cell.strip().removesuffix("元").replace(",", "").strip()
    if _unknown(text):
        return None
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{what} {cell!r} is not a number") from None
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{what} {cell!r} is not a number >= 0")
    return value


def parse_category(cell: str) -> Category | None:
    """``开源`` -> open, ``商用`` -> commercial; anything else is not known (None)."""
    found = _CATEGORIES.get(_SPACES.sub("", cell).casefold())
    return found  # type: ignore[return-value]


def family_of(title: str) -> Category | None:
    """The category a board's heading names: ``20B以上开源大模型`` -> open, ``商用大模型`` ->
    commercial; None when it names neither or both."""
    open_, commercial = "开源" in title, ("商用" in title or "闭源" in title)
    if open_ == commercial:
        return None
    return "open" if open_ else "commercial"


@dataclass
class _Table:
    title: str | None  # the heading above it; None when the file has none before it
    line: int  # 1-based line of the header row
    header: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)


def _tables(lines: list[str], source: str) -> Iterator[_Table]:
    title: str | None = None
    i = 0
    while i < len(lines):
        line = lines[i]
        heading = heading_title(line)
        if heading is not None:
            title = heading
            i += 1
            continue
        if line.lstrip().startswith("|") and i + 1 < len(lines):
            header = _split_row(line)
            if _is_separator(_split_row(lines[i + 1])):
                table = _Table(title=title, line=i + 1, header=header)
                i += 2
                # a row may leave out its leading pipe (GitHub reads "2|B|x|..." as a row)
                while i < len(lines) and lines[i].strip() and "|" in lines[i]:
                    table.rows.append((i + 1, _split_row(lines[i])))
                    i += 1
                yield table
                continue
            if any(_role_of(h) == "name" for h in header):
                raise BoardError(source, i + 2, "a table header must be followed by a |---| row")
        i += 1


def _unnamed_tail(tails: list[list[str]]) -> bool:
    """Whether cells past the header's last column are harmless: all empty, or one column of
    ranks (1, 2, 2, 4, ...). Anything else means the columns do not line up with the header."""
    if all(not c for tail in tails for c in tail):
        return True
    if any(len(tail) != 1 for tail in tails):
        return False
    column = [tail[0] for tail in tails]
    if not all(c.isdecimal() for c in column):
        return False
    ranks = [int(c) for c in column]
    # ranks start at 1 and never go down; scores (what a shifted column would hold) do
    return ranks[0] == 1 and all(a <= b for a, b in itertools.pairwise(ranks))


def _columns(table: _Table, source: str) -> tuple[dict[str, int], list[tuple[int, str]]]:
    """(role -> column index, [(column index, domain)]) from the header row."""
    roles: dict[str, int] = {}
    measures: dict[str, int] = {}
    domains: list[tuple[int, str]] = []
    seen: set[str] = set()  # a set, not a scan of ``domains``: a header may have 30,000 cells
    for index, header in enumerate(table.header):
        if not header:
            continue
        role = _role_of(header)
        if role in _MEASURES:
            # a repeat is a board measuring several domains: none of them is read
            measures[role] = -1 if role in measures else index
        elif role and role not in roles:
            roles[role] = index
        elif role:
            raise BoardError(source, table.line, f"column {header!r} appears twice")
        elif _header_name(header) in seen:
            raise BoardError(source, table.line, f"domain column {header[:80]!r} appears twice")
        else:
            seen.add(_header_name(header))
            domains.append((index, _header_name(header)))
    # what was measured belongs to the board's one scored column (a domain or the total)
    if len(domains) + ("total" in roles) == 1:
        roles.update({k: v for k, v in measures.items() if v >= 0})
    return roles, domains


def _row_width(table: _Table) -> int:
    """How many cells a row has: the header's, or more when every row carries the same unnamed
    trailing cells (the README's "各项能力评分" table ranks its rows in an unnamed column)."""
    width = len(table.header)
    extra = {len(cells) - width for _, cells in table.rows}
    if len(table.rows) > 1 and len(extra) == 1 and min(extra) > 0 and _unnamed_tail(
        [cells[width:] for _, cells in table.rows]
    ):
        width += min(extra)
    return width


def _entry(cells: list[str], roles: dict[str, int], domains: list[tuple[int, str]],
           position: int, lineno: int) -> Entry:
    """One row as an ``Entry``; raises ValueError or ValidationError for a malformed cell."""

    def cell(role: str) -> str:
        return cells[roles[role]] if role in roles else ""

    name, is_new = clean_name(cell("name"))
    if not name:
        raise ValueError("the model name is empty")
    rank_text = cell("rank").strip()
    measures = Measures(
        latency=parse_duration(cell("latency")),
        tokens=parse_amount(cell("tokens"), "token count"),
        cost_per_1000=parse_amount(cell("cost_per_1000"), "cost"),
    )
    return Entry(
        rank=int(rank_text) if rank_text else position,
        name=name,
        org=cell("org").strip() or None,
        price=parse_price(cell("price")) if "price" in roles else None,
        total=parse_score(cell("total")) if "total" in roles else None,
        scores={d: parse_score(cells[i]) for i, d in domains},
        is_new=is_new,
        line=lineno,
        category=parse_category(cell("category")),
        measures=None if measures.empty else measures,
    )


def _untitled(domains: list[tuple[int, str]], roles: dict[str, int], file_title: str) -> str:
    """The title of a table without a heading: the domain it alone scores (ReLE's per-domain
    files have no heading), so that renaming the file renames nothing; else the file's name."""
    own = single_score([d for _, d in domains], "total" in roles, "price" in roles)
    return own or file_title


def _board_from_table(table: _Table, source: str, default_title: str) -> Board | None:
    roles, domains = _columns(table, source)
    if "name" not in roles or not ({"rank", "total"} & roles.keys()):
        return None  # not a leaderboard table (no model column, or nothing ranks the models)
    title = table.title or _untitled(domains, roles, default_title)
    if not table.rows:
        raise BoardError(source, table.line, f"table {title!r} has no rows")
    width = _row_width(table)
    entries: list[Entry] = []
    first_line: dict[str, int] = {}  # case-folded name -> the line it first appears on
    for position, (lineno, cells) in enumerate(table.rows, start=1):
        if (len(cells) > width and any(cells[width:])) or len(cells) < width:
            # a missing cell would shift every score after it into the wrong domain
            raise BoardError(
                source, lineno, f"row has {len(cells)} cells but the header has {width}"
            )
        try:
            entry = _entry(cells[:width], roles, domains, position, lineno)
        except ValidationError as exc:
            problem = exc.errors()[0]
            where = ".".join(str(p) for p in problem["loc"])
            raise BoardError(source, lineno, f"{where}: {problem['msg']}") from None
        except ValueError as exc:
            raise BoardError(source, lineno, str(exc)) from None
        # A duplicate is an error of the row that repeats the name, not of the header.
        earlier = first_line.setdefault(entry.name.casefold(), lineno)
        if earlier != lineno:
            raise BoardError(
                source, lineno, f"model name {entry.name!r} appears twice (first on line {earlier})"
            )
        entries.append(entry)
    try:
        return Board(
            title=title, source=source, line=table.line, domains=[d for _, d in domains],
            models=entries, has_price="price" in roles, has_total="total" in roles,
            family=family_of(title),
        )
    except ValidationError as exc:
        raise BoardError(source, table.line, exc.errors()[0]["msg"]) from None


def parse_boards(text: str, source: str = "<text>") -> list[Board]:
    """Every leaderboard table in ``text`` (none for a notes file); raises ``BoardError`` (file
    and line) when a table is malformed."""
    # only \n ends a line, as git and editors count them (not U+2028 or a form feed)
    lines = [line.rstrip("\r") for line in text.removesuffix("\n").split("\n")]
    check_lines(lines, source)
    default_title = Path(source).stem if source and not source.startswith("<") else "leaderboard"
    boards: list[Board] = []
    titles: dict[str, int] = {}
    for table in _tables(lines, source):
        board = _board_from_table(table, source, default_title)
        if board is None:
            continue
        count = titles.get(board.title, 0) + 1
        titles[board.title] = count
        if count > 1:  # two tables under one heading: keep both, tell them apart
            title = f"{board.title} ({count})"
            board = board.model_copy(update={"title": title})
        boards.append(board)
    return boards


def read_board_text(path: str | Path) -> str:
    """A board file's text, read as ``Path.read_text`` would (universal newlines, a BOM
    dropped), but never more than ``MAX_FILE_BYTES``; ``BoardError`` when it is larger,
    unreadable or not UTF-8."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)  # never more than the limit in memory
        if len(raw) > MAX_FILE_BYTES:
            raise BoardError(str(path), None, f"larger than {MAX_FILE_BYTES // 2**20} MiB; "
                                              "refused")
        # universal newlines, as a text-mode read gives them: a lone \r ends a line too
        return raw.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError as exc:
        raise BoardError(str(path), None, f"not UTF-8 text ({exc.reason})") from None
    except OSError as exc:
        raise BoardError(str(path), None, exc.strerror or str(exc)) from None


def parse_file(path: str | Path) -> list[Board]:
    """Read and parse one board file; unreadable, oversized or non-UTF-8 files raise
    ``BoardError``."""
    return parse_boards(read_board_text(path), str(Path(path)))
