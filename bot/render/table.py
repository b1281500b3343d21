"""Plain-text tables aligned by display width, so Chinese (two columns wide) lines up."""

from __future__ import annotations

from collections.abc import Sequence

from wcwidth import wcswidth


def width(text: str) -> int:
    """Terminal columns ``text`` takes (CJK counts two; unprintable characters one)."""
    measured = wcswidth(text)
    return measured if measured >= 0 else len(text)


def _pad(text: str, size: int, right: bool) -> str:
    gap = " " * max(0, size - width(text))
    return gap + text if right else text + gap


def format_table(
    header: Sequence[str], rows: Sequence[Sequence[str]], *, right: Sequence[int] = ()
) -> str:
    """Columns separated by two spaces; columns whose index is in ``right`` align right."""
    cells = [list(header), *[list(r) for r in rows]]
    sizes = [max(width(row[i]) for row in cells) for i in range(len(header))]
    lines = []
    for row in cells:
        parts = [_pad(cell, sizes[i], i in right) for i, cell in enumerate(row)]
        lines.append("  ".join(parts).rstrip())
    rule = "  ".join("─" * s for s in sizes)
    return "\n".join([lines[0], rule, *lines[1:]])
