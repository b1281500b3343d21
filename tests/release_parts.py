"""Parts of the real older releases rebuilt under tests/core/fixtures/releases: a copy of a
release folder holding only some of its boards, as an incomplete download or mirror has it."""

from __future__ import annotations

import shutil
from pathlib import Path

RELEASES = Path(__file__).resolve().parent / "core" / "fixtures" / "releases"
V42, V56 = RELEASES / "v4.2", RELEASES / "v5.6"
PARTIAL = ("总分.md", "2025高考数学.md", "commerce1.md", "opensource3.md")
"""v4.2's overall and 2025高考数学 boards and two price boards: gemini-2.5-pro is "/%" on each."""


def v42_part(folder: Path, names: tuple[str, ...]) -> Path:
    """Some of v4.2's real boards (``names``), in ``folder``/v4.2 with the release's README."""
    release = folder / "v4.2"
    (release / "leaderboard").mkdir(parents=True)
    shutil.copy(V42 / "README.md", release)
    for name in names:
        shutil.copy(V42 / "leaderboard" / name, release / "leaderboard")
    return release
