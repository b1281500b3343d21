"""The announcement of a new release, as an embed (no Discord needed)."""

from __future__ import annotations

import datetime as dt
import shutil
import threading
from pathlib import Path

import pytest

import bot.discord.release_news as release_news
from bot.core.catalog import Catalog, load_catalog
from bot.core.changes import release_changes
from bot.core.release import ReleaseInfo
from bot.discord.release_news import announce_release, is_newer_release, release_digest
from bot.store import GuildPrefs
from tests.core.boards import catalog as rules_catalog
from tests.discord.harness import CHANNEL_ID, GUILD_ID
from tests.paths import CURRENT_DIR
from tests.release_parts import RELEASES
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
    """The release served before is gone from the new data (pruned): the announcement is the
    /changes digest of the two catalogs' releases, titled as news: release and date, new
    models, leader changes, price changes, models that left, the biggest moves."""
    old, new = catalogs
    embed = release_digest(old, new, "en")
    assert embed.title == "New CLiB release: v5.11.8"
    assert embed.description.startswith("Released 2026-09-12.\n97 models → 97 models")
    assert embed.colour == release_news.RELEASE_COLOUR
    shown = fields(embed)
    assert shown["New models (1)"] == NEW_MODEL
    assert shown["New leaders (1)"] == "Overall: qwen3.7-max → qwen4-max"
    assert shown["Price changes (1)"] == "kimi-k3 100元 → 80元"
    assert shown["Left the board (1)"] == "gpt-5.2"
    assert "claude-opus-5  #2 → #3 (-1 place)" in shown["Biggest moves in the total"]
    assert embed.footer.text.startswith("Data: CLiB v5.11.8 (2026-09-12)")


def test_the_announcement_warns_of_a_scoring_change_in_between(tmp_path):
    """v4.2 served, v5.6 arrives alone (v4.2 pruned): v5.6's notes say the scoring changed
    (easy samples removed), so the digest says score moves mean little, as /changes does."""
    served = tmp_path / "served"
    shutil.copytree(RELEASES / "v4.2", served / "v4.2")
    arrived = tmp_path / "arrived"
    shutil.copytree(RELEASES / "v5.6", arrived / "v5.6")
    embed = release_digest(load_catalog(served), load_catalog(arrived), "en")
    assert "The release notes of v5.6 say the scoring changed" in embed.description


def test_the_announcement_in_chinese(catalogs):
    old, new = catalogs
    embed = release_digest(old, new, "zh")
    assert embed.title == "CLiB 发布新版本：v5.11.8"
    assert {"新模型（1）", "榜首变化（1）", "价格变化（1）", "离开榜单（1）"} <= set(fields(embed))
    assert fields(embed)["榜首变化（1）"] == "总分: qwen3.7-max → qwen4-max"


def test_a_release_that_changes_nothing_says_so(catalogs):
    """The same boards under the same version (updated in place): one line, no fields."""
    old, _new = catalogs
    embed = release_digest(old, old, "en")
    assert embed.description.endswith("Nothing moved.")
    assert fields(embed) == {}


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


ROWS = "|1|alpha|orgA|16元|90|开源|80|70|\n|2|beta|orgB|8元|88|开源|79|60|"


def released(version: str, rows: str) -> Catalog:
    """One release ``version`` of the rows (HEADER of tests.core.boards)."""
    return rules_catalog(rows, release=ReleaseInfo(version=version, date=dt.date(2026, 1, 1)))


def test_a_release_that_only_drops_models_says_which():
    """beta left, nothing else changed: that is news, not "the same models"."""
    old, new = released("v1", ROWS), released("v2", ROWS.splitlines()[0])
    shown = fields(release_digest(old, new, "en"))
    assert shown == {"Left the board (1)": "beta"}


def test_a_long_list_keeps_whole_names_and_counts_the_rest():
    """200 models leave: as many whole names as fit in a field's 1,024 characters, then how
    many more; never a name cut in the middle. The names are sized so that nine and the count
    fill exactly 1,024 (a tenth would not fit)."""
    names = [f"model-{i:03d}-{'x' * (108 if i == 8 else 100)}" for i in range(200)]
    rows = "\n".join(f"|{i + 1}|{n}|o|1元|{90 - i * 0.1:.1f}|开源|50|50|"
                     for i, n in enumerate(names))
    old = released("v1", rows + "\n|201|kept|o|1元|10|开源|10|10|")
    new = released("v2", "|1|kept|o|1元|10|开源|10|10|")
    value = fields(release_digest(old, new, "en"))["Left the board (200)"]
    assert value == ", ".join(names[:9]) + " +191 more"
    assert len(value) == 1024


def test_a_name_longer_than_a_field_is_counted_not_cut():
    """A single name of 1,100 characters leaves: the field says how many, not part of it."""
    name = "m" * 1100
    old = released("v1", f"|1|{name}|o|1元|90|开源|50|50|\n|2|kept|o|1元|10|开源|10|10|")
    new = released("v2", "|1|kept|o|1元|10|开源|10|10|")
    assert fields(release_digest(old, new, "en"))["Left the board (1)"] == "+1 more"


async def test_the_release_is_announced_in_the_servers_language(make_harness):
    h = await make_harness()
    await h.guild_create(GUILD_ID, (CHANNEL_ID,))
    await h.bot.store.add_watch(GUILD_ID, CHANNEL_ID)
    await h.bot.store.set_prefs(GuildPrefs(guild_id=GUILD_ID, language="zh"))
    start = len(h.fake.requests)
    old, new = released("v1", ROWS), released("v2", ROWS.splitlines()[0])
    assert await announce_release(h.bot, old, new) == 1
    (post,) = [r.json for r in h.fake.requests[start:] if r.path.startswith("/channels/")]
    assert post["embeds"][0]["title"] == "CLiB 发布新版本：v2"
    assert post["allowed_mentions"] == {"parse": []}
    assert await announce_release(h.bot, old, new) == 0  # each channel hears of it once


async def test_the_digest_is_drawn_off_the_event_loop(make_harness, monkeypatch):
    """The /changes digest of a release of 900 boards took 110 ms: in a worker thread, once
    per language."""
    h = await make_harness()
    await h.guild_create(GUILD_ID, (CHANNEL_ID,))
    await h.bot.store.add_watch(GUILD_ID, CHANNEL_ID)
    threads: list[int] = []
    digest = release_news.release_digest

    def spy(old, new, lang):  # type: ignore[no-untyped-def]
        threads.append(threading.get_ident())
        return digest(old, new, lang)

    monkeypatch.setattr(release_news, "release_digest", spy)
    old, new = released("v1", ROWS), released("v2", ROWS.splitlines()[0])
    assert await announce_release(h.bot, old, new) == 1
    assert len(threads) == 1 and threads[0] != threading.get_ident()
