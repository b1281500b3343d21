"""``sync_release`` itself: what counts as a release, what is remembered, what is refused."""

from __future__ import annotations

import asyncio
import logging
import re

from bot.i18n import en, zh
from bot.sync.command import error_text
from bot.sync.install import folder_files
from bot.sync.state import STATE_FILE, STATE_FOLDER
from tests.sync.engine_runs import refused, run

KINDS = ("unreachable", "timeout", "dropped", "status", "readme_missing", "no_version",
         "malformed", "not_text", "too_large", "no_boards", "listing", "no_listing", "disk",
         "busy", "unresolved", "deadline", "rate_limited", "redirect", "redirects", "encoding",
         "release_too_large", "too_many_files", "bad_version", "future_date")


def test_every_kind_of_failure_has_a_message_in_both_languages():
    """Each SyncError kind reads as a sentence in English and Chinese, with the same
    placeholders."""
    for kind in KINDS:
        key = f"sync.error.{kind}"
        assert key in en.MESSAGES and key in zh.MESSAGES, kind
        assert set(re.findall(r"{(\w+)}", zh.MESSAGES[key])) <= \
            set(re.findall(r"{(\w+)}", en.MESSAGES[key]))
    for status in ("installed", "updated", "current", "kept_copy", "older", "skipped_kept",
                   "merged", "listing_failed"):
        assert f"sync.{status}" in zh.MESSAGES and f"sync.{status}" in en.MESSAGES


def test_a_release_without_any_board_is_refused(clib, tmp_path):
    """Every board the README links to is missing: there is no release to install."""
    clib.files = {"README.md": clib.files["README.md"]}
    error = refused(clib, tmp_path / "d")
    assert error.kind == "no_boards" and error.params == {"release": "v5.11.7"}
    assert not (tmp_path / "d").exists()


def test_a_file_larger_than_the_limit_is_refused(clib, tmp_path):
    """reasonmodel.md (14 KB) over a 12 KB limit: refused, naming it."""
    error = refused(clib, tmp_path, max_bytes=12000)
    assert (error.kind, error.params["file"]) == ("too_large", "leaderboard/reasonmodel.md")


def test_a_board_that_is_not_text_is_refused(clib, tmp_path):
    clib.files["leaderboard/commerce3.md"] = b"\xff\xfe\x00binary"
    error = refused(clib, tmp_path)
    assert (error.kind, error.params) == ("not_text", {"file": "leaderboard/commerce3.md"})
    assert error_text(error, "en") == ("leaderboard/commerce3.md is not UTF-8 text. Nothing was "
                                       "written; the releases already there are untouched.")


def test_a_linked_notes_file_is_no_failure(clib, tmp_path):
    """A linked file without a leaderboard table is kept (the loader skips it, as it does)."""
    clib.files["leaderboard/表格总结.md"] = "# 表格总结\n说明文字\n".encode()
    report = run(clib, tmp_path)
    assert "leaderboard/表格总结.md" in report.fetched


def test_a_lost_state_costs_full_downloads_only(clib, tmp_path, caplog):
    """An unreadable state file: a warning, then every file is downloaded again."""
    run(clib, tmp_path)
    (tmp_path / STATE_FOLDER / STATE_FILE).write_text("{not json", encoding="utf-8")
    clib.requests.clear()
    with caplog.at_level(logging.WARNING, logger="bot.sync.state"):
        report = run(clib, tmp_path)
    assert "ignoring the sync state" in caplog.text
    assert report.status == "current" and len(report.unchanged) == 0
    assert all("If-None-Match" not in r.headers for r in clib.requests)


def test_a_validator_is_sent_only_for_a_file_still_held(clib, tmp_path):
    """A board deleted from the release folder is asked for in full (no validator), and the
    release is put back whole."""
    run(clib, tmp_path)
    board = tmp_path / "v5.11.7" / "leaderboard" / "commerce3.md"
    board.unlink()
    clib.requests.clear()
    report = run(clib, tmp_path)
    assert report.status == "updated" and report.fetched == ["leaderboard/commerce3.md"]
    asked = [r for r in clib.requests if r.path == "leaderboard/commerce3.md"]
    assert len(asked) == 1 and "If-None-Match" not in asked[0].headers
    assert board.is_file()


def test_leftovers_of_a_killed_sync_are_cleared(clib, tmp_path):
    """A temporary folder a killed sync left in .sync/ is removed by the next sync."""
    leftover = tmp_path / STATE_FOLDER / "incoming-v5.11.7-deadbeef"
    leftover.mkdir(parents=True)
    (leftover / "README.md").write_text("half", encoding="utf-8")
    run(clib, tmp_path)
    assert not leftover.exists()


def test_a_folder_that_cannot_be_written(clib, tmp_path):
    """DIR is a file: exit with a disk error naming it."""
    target = tmp_path / "file"
    target.write_text("x", encoding="utf-8")
    error = refused(clib, target)
    assert error.kind == "disk" and error.params["path"] == str(target)


def test_a_file_of_exactly_the_limit_is_taken(clib, tmp_path):
    """The limit is the largest size allowed: a board of exactly max_bytes is downloaded, one
    byte less of limit refuses it."""
    linked = run(clib, tmp_path / "probe").fetched
    largest = max(linked, key=lambda p: len(clib.files[p]))
    limit = len(clib.files[largest])
    assert run(clib, tmp_path / "exact", max_bytes=limit).status == "installed"
    error = refused(clib, tmp_path / "short", max_bytes=limit - 1)
    assert (error.kind, error.params["file"]) == ("too_large", largest)


def test_a_board_changed_on_disk_is_downloaded_again(clib, tmp_path):
    """A board edited in the release folder no longer holds what its validator stands for:
    it is asked for in full and put back as the server has it."""
    run(clib, tmp_path)
    board = tmp_path / "v5.11.7" / "leaderboard" / "commerce3.md"
    board.write_bytes(board.read_bytes() + b"\n<!-- edited here -->\n")
    clib.requests.clear()
    report = run(clib, tmp_path)
    assert report.status == "updated" and report.fetched == ["leaderboard/commerce3.md"]
    assert board.read_bytes() == clib.files["leaderboard/commerce3.md"]
    asked = [r for r in clib.requests if r.path == "leaderboard/commerce3.md"]
    assert "If-None-Match" not in asked[0].headers


def test_hidden_files_in_a_release_folder_are_no_part_of_it(clib, tmp_path):
    """A .DS_Store or an editor's swap file beside the boards is none of the release: the
    release stays current, with the same digest, and nothing is said to be kept."""
    first = run(clib, tmp_path)
    (tmp_path / "v5.11.7" / ".DS_Store").write_bytes(b"\0")
    (tmp_path / "v5.11.7" / "leaderboard" / ".commerce3.md.swp").write_bytes(b"\0")
    again = run(clib, tmp_path)
    assert (again.status, again.digest, again.kept) == ("current", first.digest, [])


def test_a_failed_sync_leaves_a_folder_that_was_there(clib, tmp_path):
    """Only a folder the sync made itself is removed when it fails: an empty data folder the
    user made (a mounted volume) stays."""
    folder = tmp_path / "mine"
    folder.mkdir()
    del clib.files["README.md"]
    assert refused(clib, folder).kind == "readme_missing"
    assert folder.is_dir()


def test_a_release_received_whole_is_installed_exactly(clib, tmp_path):
    """install_files (a release another process synced, from the store): installed, then
    current when the same files come again, then updated to exactly the files given (a
    board it no longer has is gone)."""
    from bot.core.release import read_release_notes
    from bot.sync.engine import install_files

    report = run(clib, tmp_path / "synced")
    files = folder_files(report.folder)
    info = read_release_notes(files["README.md"].decode("utf-8"))
    target = tmp_path / "replica"
    assert asyncio.run(install_files(target, info, files)) == "installed"
    assert asyncio.run(install_files(target, info, files)) == "current"
    fewer = {p: b for p, b in files.items() if p != "leaderboard/commerce3.md"}
    assert asyncio.run(install_files(target, info, fewer)) == "updated"
    assert folder_files(target / "v5.11.7") == fewer
