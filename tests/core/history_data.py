"""Three real CLiB releases for the history tests, and their figures read straight from the
files (a parser of its own, so a bug in the product's parser or merge cannot agree with
itself): the bundled v5.11.7 and v3.6, and v5.8 rebuilt from the repository's history
(tests/core/fixtures/history/SOURCES.txt)."""

from __future__ import annotations

import shutil
from pathlib import Path

from bot.core.catalog import Catalog, load_catalog
from tests.paths import DATA, SEED_FILE

HISTORY_DIR = Path(__file__).parent / "fixtures" / "history"
V58_FILE = HISTORY_DIR / "v5.8" / "leaderboard" / "alldata.md"
V58_README = HISTORY_DIR / "v5.8" / "README.md"


def history_catalog() -> Catalog:
    """The bundled releases with v5.8 beside them, as a folder of synced releases."""
    return load_catalog(synced=HISTORY_DIR)


def history_data_dir(target: Path) -> Path:
    """A data folder holding all three releases, one per subfolder (for the CLI)."""
    for name in ("v5.11.7", "v3.6"):
        shutil.copytree(DATA / name, target / name)
    shutil.copy(DATA / "aliases.toml", target / "aliases.toml")
    shutil.copytree(HISTORY_DIR / "v5.8", target / "v5.8")
    return target


def read_rows(path: Path) -> dict[str, dict[str, float | None]]:
    """{name: {"price", "总分", domain...}} from the first table of a board file."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines()
             if line.startswith("|")]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    rows: dict[str, dict[str, float | None]] = {}
    for line in lines[2:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        figures: dict[str, float | None] = {}
        name = ""
        for column, cell in zip(header, cells, strict=False):
            if column == "大模型":
                name = cell.split("☛")[0].replace("(new)", "").strip()
            elif column == "输出价格":
                figures["price"] = float(cell.rstrip("元")) if cell.rstrip("元") else None
            elif column not in ("排名", "机构", "", "类别"):
                figures[column] = float(cell.rstrip("%")) if cell.rstrip("%") else None
        rows[name] = figures
    return rows


def rank_by(rows: dict[str, dict[str, float | None]], name: str, column: str) -> tuple[int, int]:
    """(1 + how many score more, how many have a score) in ``column``."""
    mine = rows[name][column]
    scored = [r[column] for r in rows.values() if r.get(column) is not None]
    return 1 + sum(1 for s in scored if s > mine), len(scored)


V58 = read_rows(V58_FILE)
SEED = read_rows(SEED_FILE)
