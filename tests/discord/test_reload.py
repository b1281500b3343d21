"""/reload: admins only (checked at run time), atomic, and the old boards survive bad data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot import Settings
from tests.discord.harness import ADMIN_PERMS, EVERYONE_PERMS
from tests.paths import DATA, SEED_DIR

SEED = "leaderboard-20b-open-source.md"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    for name in (SEED, "aliases.toml"):
        shutil.copy((SEED_DIR if name == SEED else DATA) / name, tmp_path / name)
    return tmp_path


@pytest.fixture
async def admin_harness(make_harness, data_dir):
    return await make_harness(Settings(data={"dir": data_dir},
                                       discord={"cooldown_rate": 1000}))


async def test_reload_is_refused_without_manage_guild(admin_harness, data_dir):
    """A member without Manage Server is told so, and nothing is reloaded."""
    before = admin_harness.bot.catalog
    reply = await admin_harness.slash("reload", permissions=EVERYONE_PERMS)
    assert reply.ephemeral
    assert "Manage Server" in reply.text
    assert admin_harness.bot.catalog is before


async def test_reload_reports_what_changed(admin_harness, data_dir):
    """Added, removed, moved and repriced models are listed; queries see the new data."""
    board = data_dir / SEED
    text = board.read_text(encoding="utf-8")
    text = text.replace("|16|gemma-2-27b-it", "|16|gemma-2-27b-it-renamed")
    text = text.replace("|qwq-32b(new)☛[去体验](https://easyllm.site/static/modelcompare.html?"
                        "type=open-source)|阿里巴巴|6元|", "|qwq-32b(new)|阿里巴巴|3元|")
    board.write_text(text, encoding="utf-8")

    reply = await admin_harness.slash("reload", permissions=ADMIN_PERMS)
    assert reply.callback["type"] == 5  # deferred: parsing runs in a worker thread
    assert reply.ephemeral
    fields = {f["name"]: f["value"] for f in reply.embed["fields"]}
    assert fields["Added (1)"] == "gemma-2-27b-it-renamed"
    assert fields["Removed (1)"] == "gemma-2-27b-it"
    assert fields["Price changes (1)"] == "qwq-32b: 6元 → 3元"

    card = await admin_harness.slash("model", {"name": "qwq-32b"})
    assert {f["name"]: f["value"] for f in card.embed["fields"]}["Price"] == "3元"


async def test_reload_of_a_malformed_board_keeps_the_old_catalog(admin_harness, data_dir):
    """A broken board is reported with its file and line; the bot keeps serving."""
    before = admin_harness.bot.catalog
    board = data_dir / SEED
    lines = board.read_text(encoding="utf-8").splitlines()
    lines[4] = lines[4].replace("77.2", "seventy")
    board.write_text("\n".join(lines), encoding="utf-8")

    reply = await admin_harness.slash("reload", permissions=ADMIN_PERMS)
    assert reply.ephemeral
    assert "Reload failed" in reply.text
    assert f"{SEED}:5: " in reply.text
    assert admin_harness.bot.catalog is before
    still = await admin_harness.slash("best", {"domain": "医疗"})
    assert "DeepSeek-R1" in still.embed["description"]


async def test_reload_in_a_direct_message_is_refused(admin_harness):
    """/reload is guild-only, also when a client sends it from a DM."""
    before = admin_harness.bot.catalog
    reply = await admin_harness.slash("reload", permissions=ADMIN_PERMS, guild=False)
    assert reply.ephemeral
    assert "works in a server only" in reply.text
    assert admin_harness.bot.catalog is before


@pytest.mark.parametrize("breakage, shown", [
    ("board", f"“ {SEED}:5: "),
    ("nested", f"“ leaderboard/{SEED}:5: "),  # the folders inside the data folder too
    ("aliases", "“ aliases.toml:"),
    ("empty", "“ data.dir: no leaderboard table in any *.md file"),
], ids=["board", "nested", "aliases", "no-boards"])
async def test_reload_failures_name_files_relative_to_the_data_folder(
        admin_harness, data_dir, breakage, shown):
    """Whatever broke, the admin reads the file as it sits in the data folder, never the
    server's absolute path (a folder, user names, a layout nobody else needs)."""
    if breakage == "nested":
        (data_dir / "leaderboard").mkdir()
        (data_dir / SEED).rename(data_dir / "leaderboard" / SEED)
    if breakage in ("board", "nested"):
        board = data_dir / SEED if breakage == "board" else data_dir / "leaderboard" / SEED
        board.write_text(board.read_text(encoding="utf-8").replace("77.2", "seventy", 1),
                         encoding="utf-8")
    elif breakage == "aliases":
        (data_dir / "aliases.toml").write_text("[models\n", encoding="utf-8")
    else:
        for board in data_dir.glob("*.md"):
            board.unlink()
    reply = await admin_harness.slash("reload", permissions=ADMIN_PERMS)
    assert "Reload failed" in reply.text
    text = "“ " + reply.text.split("service. ", 1)[1]
    assert text.startswith(shown), text
    assert str(data_dir) not in reply.text and str(data_dir.parent) not in reply.text
