"""A sync only ever adds: an incomplete copy of a release the bot has whole changes no answer,
a board that answers 404 keeps its copy, a richer copy is never replaced by a poorer one, a
source that goes back to an older release is reported and not followed, and no failed or
killed sync loses the last good copy."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
from pathlib import Path

import pytest

import bot.sync.install
from bot.cli import main
from bot.core.catalog import load_catalog
from bot.core.errors import SyncError
from bot.sync.download import FetchPolicy
from bot.sync.engine import SyncOptions, sync_release
from bot.sync.install import folder_files
from bot.sync.state import STATE_FOLDER
from tests.paths import CURRENT_DIR
from tests.sync.releases import NEW_MODEL, newer_release, with_malformed_board
from tests.sync.test_command import LINKED, sync, sync_json

QUESTIONS = ["/model kimi-k3", "/best 医疗 budget:5", "/best 2025高考数学", "/leaderboard",
             "/value", "/model qwen3.7-max", "/compare kimi-k3 qwen3.7-max", "/cost kimi-k3 50M",
             "/best agent与工具调用"]


@pytest.fixture(autouse=True)
def _quick_retries(monkeypatch):
    monkeypatch.setenv("MODELBOT_DATA__SYNC_RETRY_DELAY", "0")
    monkeypatch.setenv("MODELBOT_DATA__SYNC_TIMEOUT", "5")


def answers(capsys) -> list[str]:
    out = []
    for question in QUESTIONS:
        main(["ask", "--json", question])
        out.append(capsys.readouterr().out)
    return out


def test_an_incomplete_copy_of_a_release_held_whole_changes_no_answer(clib, tmp_path, capsys,
                                                                       monkeypatch):
    """The bundled v5.11.7 has 12 boards; the server's README links 6 of them. Synced beside
    the bundled data (data.dir unset), the copy installed carries the 6 others over from the
    bundled one: every answer is what it was, the summary names the boards taken."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("MODELBOT_DATA__DIR", raising=False)
    before = answers(capsys)
    clib.files = {p: b for p, b in clib.files.items() if p in LINKED}  # 6 boards served
    code, summary = sync_json(capsys, "--source", clib.base)
    assert code == 0 and summary["status"] == "installed"
    bundled = sorted(p for p in folder_files(CURRENT_DIR) if p not in LINKED)
    assert summary["merged"] == bundled
    installed = tmp_path / "xdg" / "modelbot" / "releases" / "v5.11.7"
    assert folder_files(installed) == folder_files(CURRENT_DIR)
    assert answers(capsys) == before


def test_without_the_bundled_copy_the_incomplete_copy_is_what_there_is(clib, tmp_path, capsys):
    """The same sync into a folder of its own (--dir) holds no other copy: 6 boards."""
    code, summary = sync_json(capsys, "--source", clib.base, "--dir", str(tmp_path))
    assert code == 0 and summary["status"] == "installed" and summary["merged"] == []
    assert sorted(folder_files(tmp_path / "v5.11.7")) == sorted(LINKED)


def test_a_board_that_now_answers_404_keeps_its_copy(clib, tmp_path, capsys):
    """Re-syncing while a linked board answers 404: the copy held stays, the summary says so
    and the release is current."""
    assert sync(capsys, "--source", clib.base, "--dir", str(tmp_path))[0] == 0
    before = folder_files(tmp_path / "v5.11.7")
    del clib.files["leaderboard/commerce3.md"]
    code, out, _ = sync(capsys, "--source", clib.base, "--dir", str(tmp_path))
    assert code == 0 and "is current" in out
    assert ("warning: leaderboard/commerce3.md: the server has no such file now (404); the "
            "copy already held is kept.") in out
    assert folder_files(tmp_path / "v5.11.7") == before
    code, summary = sync_json(capsys, "--source", clib.base, "--dir", str(tmp_path))
    assert {"file": "leaderboard/commerce3.md", "reason": "404", "kept": True} \
        in summary["skipped"]
    assert main(["sync", "--source", clib.base, "--dir", str(tmp_path)]) == 0
    progress = capsys.readouterr().err
    assert "kept         leaderboard/commerce3.md (404: the copy already held stays)" in progress
    assert "not found    leaderboard/commerce3.md" not in progress


def test_boards_the_readme_stopped_linking_are_kept(clib, tmp_path, capsys):
    """Synced with a listing (12 boards), then without: the 6 unlinked boards stay."""
    assert sync(capsys, "--source", clib.base, "--dir", str(tmp_path),
                "--listing", clib.listing_url)[0] == 0
    before = folder_files(tmp_path / "v5.11.7")
    assert len(before) == 13
    code, summary = sync_json(capsys, "--source", clib.base, "--dir", str(tmp_path))
    assert code == 0 and summary["status"] == "current"
    assert folder_files(tmp_path / "v5.11.7") == before


def _without_prices(body: bytes) -> bytes:
    """A price-tier board whose prices read '/' (unknown)."""
    import re

    return re.sub(r"\|\s*\d+(\.\d+)?元\s*\|", "|/|", body.decode()).encode()


def test_a_copy_with_fewer_priced_models_never_replaces_a_richer_one(clib, tmp_path, capsys):
    """The server's commerce3.md lost its prices: the copy held has more priced models, so it
    is kept whole, and the summary says so; exit 0."""
    assert sync(capsys, "--source", clib.base, "--dir", str(tmp_path))[0] == 0
    before = folder_files(tmp_path / "v5.11.7")
    clib.files["leaderboard/commerce3.md"] = _without_prices(
        clib.files["leaderboard/commerce3.md"])
    code, out, _ = sync(capsys, "--source", clib.base, "--dir", str(tmp_path))
    assert code == 0
    assert out.startswith(f"Release v5.11.7 (2026-09-08): the copy already held in "
                          f"{tmp_path / 'v5.11.7'} has more boards or more priced models than "
                          "the one downloaded; it is kept as it is.")
    assert folder_files(tmp_path / "v5.11.7") == before


def test_a_copy_as_rich_as_the_one_held_replaces_it(clib, tmp_path, capsys):
    """A corrected price (same boards, same priced models) is an update."""
    assert sync(capsys, "--source", clib.base, "--dir", str(tmp_path))[0] == 0
    body = clib.files["leaderboard/commerce1.md"].decode()
    clib.files["leaderboard/commerce1.md"] = body.replace(
        "|kimi-k3(new)|月之暗面|100.0元|", "|kimi-k3(new)|月之暗面|90.0元|").encode()
    code, summary = sync_json(capsys, "--source", clib.base, "--dir", str(tmp_path))
    assert (code, summary["status"]) == (0, "updated")
    assert {"name": "kimi-k3", "old_price": 100.0, "new_price": 90.0} in \
        summary["changes"]["prices"]


def test_a_malformed_board_of_the_same_release_is_refused_not_kept(clib, tmp_path, capsys):
    """A board broken upstream is a failure naming its line, not a 'richer copy kept'."""
    assert sync(capsys, "--source", clib.base, "--dir", str(tmp_path))[0] == 0
    clib.files, line = with_malformed_board(clib.files)
    code, _, err = sync(capsys, "--source", clib.base, "--dir", str(tmp_path))
    assert code == 2 and f"leaderboard/commerce2.md:{line}: malformed board" in err


def test_a_source_that_goes_back_to_an_older_release_is_not_followed(clib, tmp_path, capsys):
    """v5.11.8 held; the source serves v5.11.7 again: reported, nothing installed or
    changed, exit 0 (nothing failed), and no board is downloaded."""
    original = dict(clib.files)
    clib.files = newer_release(clib.files)
    assert sync(capsys, "--source", clib.base, "--dir", str(tmp_path / "d"))[0] == 0
    shutil.rmtree(tmp_path / "d" / "v5.11.7", ignore_errors=True)
    before = {p.name: folder_files(p) for p in (tmp_path / "d").iterdir()}
    clib.files = original
    clib.requests.clear()
    code, out, _ = sync(capsys, "--source", clib.base, "--dir", str(tmp_path / "d"))
    assert code == 0
    assert out == ("The source offers release v5.11.7 (2026-09-08), older than v5.11.8 "
                   "already held: not installed (a source that goes back is not followed).\n")
    assert {p.name: folder_files(p) for p in (tmp_path / "d").iterdir()} == before
    assert [r.path for r in clib.requests] == ["README.md"]


def test_the_newest_bundled_release_counts_as_held(clib, tmp_path, capsys, monkeypatch):
    """data.dir unset: a source at v5.11.6 is older than the bundled v5.11.7."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("MODELBOT_DATA__DIR", raising=False)
    readme = clib.files["README.md"].decode()
    clib.files["README.md"] = readme.replace("- [2026/9/8] v5.11.7版本", "").encode()
    code, summary = sync_json(capsys, "--source", clib.base)
    assert (code, summary["status"], summary["newest"]) == (0, "older", "v5.11.7")


def test_what_changed_is_said_after_a_sync(clib, tmp_path, capsys):
    """Models added and removed, price changes and the models without a price."""
    assert sync(capsys, "--source", clib.base, "--dir", str(tmp_path))[0] == 0
    clib.files = newer_release(clib.files)
    code, out, _ = sync(capsys, "--source", clib.base, "--dir", str(tmp_path))
    assert code == 0
    assert "What changed from CLiB v5.11.7 (2026-09-08) to CLiB v5.11.8 (2026-09-12)\n" in out
    assert f"\nNew models (1): {NEW_MODEL}\n" in out
    assert "\nLeft the board (1): gpt-5.2\n" in out
    assert "\n  kimi-k3 100元 → 80元\n" in out
    assert "\nModels without a price (1): Ministral-3-3B-Instruct-2512\n" in out
    code, out, _ = sync(capsys, "--lang", "zh", "--source", clib.base, "--dir", str(tmp_path))
    assert "→" not in out and "的变化" not in out  # current: nothing changed, nothing to say


def test_what_changed_in_chinese(clib, tmp_path, capsys):
    assert sync(capsys, "--source", clib.base, "--dir", str(tmp_path))[0] == 0
    clib.files = newer_release(clib.files)
    _, out, _ = sync(capsys, "--lang", "zh", "--source", clib.base, "--dir", str(tmp_path))
    assert "从 CLiB v5.11.7（2026-09-08） 到 CLiB v5.11.8（2026-09-12） 的变化\n" in out
    assert f"\n新模型（1）: {NEW_MODEL}\n" in out


def _run(clib, folder: Path):
    return asyncio.run(sync_release(SyncOptions(source=clib.base, directory=folder,
                                                policy=FetchPolicy(retry_delay=0))))


def test_a_same_version_update_leaves_a_loadable_release_at_every_instant(clib, tmp_path,
                                                                          monkeypatch):
    """Every rename and exchange the update makes is followed by a check that a bot starting
    then would load v5.11.7 from the folder: the old copy is exchanged with the new in one
    step, never moved aside first."""
    _run(clib, tmp_path)
    checks: list[str] = []
    rename, exchange = os.rename, bot.sync.install.exchange

    def loads() -> None:
        checks.append(load_catalog(tmp_path).current.version)

    def checked_rename(a, b):
        rename(a, b)
        loads()

    def checked_exchange(a, b):
        done = exchange(a, b)
        loads()
        return done

    monkeypatch.setattr(bot.sync.install.os, "rename", checked_rename)
    monkeypatch.setattr(bot.sync.install, "exchange", checked_exchange)
    clib.files["leaderboard/commerce3.md"] += b"\n"
    assert _run(clib, tmp_path).status == "updated"
    assert checks and set(checks) == {"v5.11.7"}


def test_a_release_set_aside_by_a_killed_sync_is_put_back_not_deleted(clib, tmp_path):
    """A sync killed between its two renames (where the exchange is not available) leaves the
    only copy in .sync/retired-*: the next sync, even a failed one, puts it back."""
    _run(clib, tmp_path)
    release = folder_files(tmp_path / "v5.11.7")
    aside = tmp_path / STATE_FOLDER / "retired-v5.11.7-0123abcd"
    os.rename(tmp_path / "v5.11.7", aside)
    clib.files, _line = with_malformed_board(newer_release(clib.files))
    with pytest.raises(SyncError, match="malformed"):
        _run(clib, tmp_path)
    assert folder_files(tmp_path / "v5.11.7") == release
    assert not aside.exists()


def test_the_two_rename_fallback_puts_the_old_copy_back_on_failure(clib, tmp_path,
                                                                   monkeypatch):
    """Where the exchange is not available: the old copy moved aside comes back when the new
    one cannot be moved in."""
    _run(clib, tmp_path)
    release = folder_files(tmp_path / "v5.11.7")
    monkeypatch.setattr(bot.sync.install, "exchange", lambda a, b: False)
    rename = os.rename
    calls: list[str] = []

    def failing(a, b):
        calls.append(Path(a).name)
        if Path(a).name.startswith("incoming-") and len(calls) > 1:
            raise OSError(28, "No space left on device")
        rename(a, b)

    monkeypatch.setattr(bot.sync.install.os, "rename", failing)
    clib.files["leaderboard/commerce3.md"] += b"\n"
    with pytest.raises(Exception, match="No space left"):
        _run(clib, tmp_path)
    assert folder_files(tmp_path / "v5.11.7") == release


def test_json_of_an_older_source(clib, tmp_path, capsys):
    clib.files = newer_release(clib.files)
    assert sync(capsys, "--source", clib.base, "--dir", str(tmp_path))[0] == 0
    clib.files = newer_release(clib.files, "v5.11.7", "2026/9/8")
    clib.files["README.md"] = clib.files["README.md"].replace(b"v5.11.8", b"v5.11.0")
    code, out = main(["sync", "--json", "--source", clib.base, "--dir", str(tmp_path)]), \
        capsys.readouterr().out
    assert code == 0 and json.loads(out)["status"] == "older"
