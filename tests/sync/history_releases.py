"""Five releases of CLiB as commits of the repository, newest first, for ``sync --history``.

Real: v5.11.7 (the bundled data/v5.11.7), v5.8 (tests/core/fixtures/releases/v5.8, rebuilt from
the public repository's commit 004dc2f, see its SOURCES.txt) and the v3.6 board (data/v3.6).
Derived, and labelled so:
- v3.6's README: the repository's one-line notes of that time (``[2025/3/17]v3.6版本，...``,
  dates as the repository's README lists them); its board laid out under leaderboard/.
- v5.11.6: v5.11.7's files with v5.11.7's note removed and gpt-6-astra (the model v5.11.7 says
  it added) taken out of every board.
- v5.11.8: ``tests.sync.releases.newer_release`` (qwen4-max added, kimi-k3 100元 -> 80元,
  gpt-5.2 gone).
Between them, commits that change the README without a new release (a typo fix of v5.8, an
earlier state of v5.11.7): the history keeps the newest commit of each release.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from tests.paths import CURRENT_DIR, SEED_FILE
from tests.sync.releases import newer_release
from tests.sync_server import Commit, repository_files

V58_DIR = Path(__file__).resolve().parent.parent / "core" / "fixtures" / "releases" / "v5.8"
V36_NOTES = ("# 最近更新\n- [2025/3/17]v3.6版本，[2025/3/15]v3.5版本，[2025/3/13]v3.4版本，"
             "[2025/3/11]v3.3版本\n")
V5117_NOTE = "- [2026/9/8] v5.11.7版本\n  - 新增大模型：gpt-6-astra\n"
DROPPED_IN_V5116 = "gpt-6-astra"


def sha(label: str) -> str:
    return hashlib.sha1(label.encode()).hexdigest()


def v36() -> dict[str, bytes]:
    return {"README.md": V36_NOTES.encode(),
            "leaderboard/" + SEED_FILE.name: SEED_FILE.read_bytes()}


def v5116(current: dict[str, bytes]) -> dict[str, bytes]:
    out = {}
    for path, body in current.items():
        text = body.decode("utf-8")
        if path == "README.md":
            assert V5117_NOTE in text
            text = text.replace(V5117_NOTE, "", 1)
        text = "\n".join(line for line in text.split("\n")
                         if f"|{DROPPED_IN_V5116}|" not in line
                         and f"|{DROPPED_IN_V5116}(new)|" not in line)
        out[path] = text.encode("utf-8")
    return out


def releases() -> dict[str, dict[str, bytes]]:
    """version -> the files of that release."""
    current = repository_files(CURRENT_DIR)
    return {"v5.11.8": newer_release(current), "v5.11.7": current,
            "v5.11.6": v5116(current), "v5.8": repository_files(V58_DIR), "v3.6": v36()}


def history_commits() -> list[Commit]:
    """The repository's commits of README.md, newest first (7 commits, 5 releases)."""
    files = releases()
    v58 = files["v5.8"]
    readme = v58["README.md"].replace("持续更新".encode(), "持续更新 ".encode(), 1)
    typo = {**v58, "README.md": readme}
    earlier = {**files["v5.11.7"]}
    earlier.pop("leaderboard/2025高考数学.md")  # v5.11.7 before its last board was added
    return [
        Commit(sha("v5.11.8"), "2026-09-12T08:00:00Z", files["v5.11.8"]),
        Commit(sha("v5.11.7"), "2026-09-08T09:00:00Z", files["v5.11.7"]),
        Commit(sha("v5.11.7 early"), "2026-09-08T08:00:00Z", earlier),
        Commit(sha("v5.11.6"), "2026-09-04T08:00:00Z", files["v5.11.6"]),
        Commit(sha("v5.8 typo"), "2025-11-04T08:00:00Z", typo),
        Commit(sha("v5.8"), "2025-11-03T08:00:00Z", v58),
        Commit(sha("v3.6"), "2025-03-17T08:00:00Z", files["v3.6"]),
    ]
