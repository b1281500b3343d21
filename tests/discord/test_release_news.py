"""The announcement of a new release, as an embed (no Discord needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.catalog import Catalog, load_catalog
from bot.discord.release_news import is_newer_release, release_changes, render_release
from tests.paths import CURRENT_DIR
from tests.sync.releases import NEW_MODEL, newer_release
from tests.sync_server import repository_files


def write(folder: Path, files: dict[str, bytes]) -> Path:
    for path, body in files.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_bytes(body)
    return folder


@pytest.fixture(scope="module")
def catalogs(tmp_path_factory) -> tuple[Catalog, Catalog]:
    root = tmp_path_factory.mktemp("releases")
    old = write(root / "old" / "v5.11.7", repository_files(CURRENT_DIR))
    new = write(root / "new" / "v5.11.8", newer_release(repository_files(CURRENT_DIR)))
    return load_catalog(old.parent), load_catalog(new.parent)


def fields(embed) -> dict[str, str]:
    return {f.name: f.value for f in embed.fields}


def test_the_announcement_names_what_a_team_needs(catalogs):
    """Release and date, new models with their total, leader changes, price changes, models
    that left; no rank moves (every rank moves between releases)."""
    old, new = catalogs
    embed = render_release(old, new, release_changes(old, new), "en")
    assert embed.title == "New CLiB release: v5.11.8"
    assert embed.description.startswith("Released 2026-09-12. ")
    assert "(was 97 in v5.11.7)" in embed.description
    shown = fields(embed)
    assert shown["New models (1)"] == f"**{NEW_MODEL}** · 78.1"
    assert "Overall: qwen3.7-max → **qwen4-max**" in shown["New leaders (1)"]
    assert shown["Price changes (1)"] == "kimi-k3: 100元 → 80元"
    assert shown["Left the board (1)"] == "gpt-5.2"
    assert embed.footer.text == "CLiB v5.11.8 (2026-09-12)"


def test_the_announcement_in_chinese(catalogs):
    old, new = catalogs
    embed = render_release(old, new, release_changes(old, new), "zh")
    assert embed.title == "CLiB 发布新版本：v5.11.8"
    assert set(fields(embed)) == {"新模型（1）", "榜首变化（1）", "价格变化（1）", "离开榜单（1）"}
    assert "总分: qwen3.7-max → **qwen4-max**" in fields(embed)["榜首变化（1）"]


def test_a_release_that_changes_nothing_says_so(catalogs):
    """The same boards under a new version: one line, no empty fields."""
    old, _new = catalogs
    embed = render_release(old, old, release_changes(old, old), "en")
    assert fields(embed) == {"\u200b": "The same models, leaders and prices as v5.11.7."}


def test_only_a_newer_named_release_is_announced_as_one(catalogs):
    old, new = catalogs
    assert is_newer_release(old, new)
    assert not is_newer_release(new, old)  # going back (a release removed) is no news
    assert not is_newer_release(old, old)


def test_domains_new_to_the_release_are_no_leader_change(catalogs, tmp_path):
    """A per-benchmark board that appears with the release adds a domain; it has no previous
    leader, so it is not listed as a change of leader."""
    old, _ = catalogs
    files = newer_release(repository_files(CURRENT_DIR))
    files["leaderboard/CFLUE-注册会计师.md"] = files["leaderboard/BFCL-V3.md"].replace(
        "【BFCL-V3】".encode(), "【CFLUE-注册会计师】".encode())
    new = load_catalog(write(tmp_path / "v5.11.8", files).parent)
    assert "CFLUE-注册会计师" in new.domains.domains
    assert all(c.domain != "CFLUE-注册会计师" for c in release_changes(old, new).leaders)
