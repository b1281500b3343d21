"""Small boards written for one rule each: a catalog from a few Markdown rows.

``catalog(ROWS)`` reads the rows under the header ``排名|大模型|机构|输出价格|总分|类别|医疗|法律``
(``HEADER``), so a test states every figure it relies on in one place.
"""

from __future__ import annotations

from bot.core.board import parse_boards
from bot.core.catalog import Catalog
from bot.core.release import Release, ReleaseInfo

HEADER = "|排名|大模型|机构|输出价格|总分|类别|医疗|法律|"


def board(rows: str, *, title: str = "规则测试榜", header: str = HEADER) -> str:
    """A board file of ``rows`` (one ``|rank|name|org|price|total|category|医疗|法律|`` a line)."""
    columns = header.count("|") - 1
    separator = "|" + "|".join("-" for _ in range(columns)) + "|"
    lines = [line.strip() for line in rows.strip().splitlines() if line.strip()]
    return "\n".join([f"### {title}", header, separator, *lines]) + "\n"


def catalog(rows: str, *, title: str = "规则测试榜", header: str = HEADER,
            extra: tuple[str, ...] = (), release: ReleaseInfo | None = None) -> Catalog:
    """A one-release catalog of one board of ``rows`` (and of the boards in ``extra``, each a
    whole board file's text); the release unknown unless ``release`` names it."""
    boards = parse_boards(board(rows, title=title, header=header), "rules.md")
    for index, text in enumerate(extra):
        boards += parse_boards(text, f"extra{index}.md")
    if release is None:
        return Catalog(boards)
    return Catalog(releases=[Release(release, tuple(boards))])


def names(items: object) -> list[str]:
    """The names of ranked items, in order."""
    return [item.name for item in items]  # type: ignore[attr-defined]
