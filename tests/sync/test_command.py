"""``modelbot sync`` against CLiB's repository served on 127.0.0.1 (``tests.sync_server``)."""

from __future__ import annotations

import io
import json
import socket
import subprocess
from pathlib import Path

import pytest

from bot.cli import main
from bot.sync.command import BarProgress, size
from bot.sync.install import folder_files, folder_lock, release_digest
from tests.paths import CURRENT_DIR
from tests.product import MODELBOT
from tests.sync.releases import NEW_MODEL, newer_release, with_malformed_board

LINKED = ["README.md", "leaderboard/总分.md", "leaderboard/reasonmodel.md",
          "leaderboard/commerce1.md", "leaderboard/commerce2.md", "leaderboard/commerce3.md",
          "leaderboard/opensource3.md"]
MISSING = ["leaderboard/通用能力.md", "leaderboard/专业能力.md", "leaderboard/opensource1.md",
           "leaderboard/opensource2.md", "leaderboard/表格总结.md"]


@pytest.fixture(autouse=True)
def _quick_retries(monkeypatch):
    """Retries at once, and a stalled answer given up after a fraction of a second."""
    monkeypatch.setenv("MODELBOT_DATA__SYNC_RETRY_DELAY", "0")
    monkeypatch.setenv("MODELBOT_DATA__SYNC_TIMEOUT", "5")


def sync(capsys, *args: str) -> tuple[int, str, str]:
    """Run modelbot sync; (exit status, stdout, the last line of stderr: progress lines come
    before it)."""
    code = main(["sync", *args])
    out, err = capsys.readouterr()
    return code, out, (err.splitlines() or [""])[-1] + "\n"


def sync_json(capsys, *args: str) -> tuple[int, dict]:
    code, out, err = sync(capsys, "--json", *args)
    assert "Traceback" not in err
    return code, json.loads(out)


def ask(capsys, data: Path, command: str, monkeypatch) -> dict:
    monkeypatch.setenv("MODELBOT_DATA__DIR", str(data))
    assert main(["ask", "--json", command]) == 0
    return json.loads(capsys.readouterr().out)


def test_sync_installs_the_release_the_readme_names(clib, tmp_path, capsys):
    """The README's release and date name the folder; every linked board that exists is
    downloaded byte for byte; the bot then answers from it."""
    data = tmp_path / "data"
    code, out, err = sync(capsys, "--source", clib.base, "--dir", str(data))
    assert code == 0, err
    assert out.startswith("Release v5.11.7 (2026-09-08) installed in ")
    for path in LINKED:
        assert (data / "v5.11.7" / path).read_bytes() == (CURRENT_DIR / path).read_bytes()
    assert sorted(p.name for p in data.iterdir()) == [".sync", "v5.11.7"]


def test_a_linked_file_the_server_lacks_is_skipped_with_a_warning(clib, tmp_path, capsys):
    """READMEs link to files that moved: a 404 is a warning in the summary, not a failure."""
    code, summary = sync_json(capsys, "--source", clib.base, "--dir", str(tmp_path))
    assert code == 0
    assert summary["status"] == "installed" and summary["release"] == "v5.11.7"
    assert summary["date"] == "2026-09-08"
    assert sorted(summary["fetched"]) == sorted(LINKED)
    assert sorted(s["file"] for s in summary["skipped"]) == sorted(MISSING)
    assert {s["reason"] for s in summary["skipped"]} == {"404"}
    code, out, _err = sync(capsys, "--source", clib.base, "--dir", str(tmp_path / "again"))
    assert "warning: leaderboard/opensource1.md: the README links to it but the server has " \
           "no such file (404); skipped." in out


def test_an_unchanged_source_downloads_nothing_again(clib, tmp_path, capsys):
    """The second run sends the ETags it remembered: every file answers 304, the release is
    current, exit 0; the release folder is untouched."""
    assert sync(capsys, "--source", clib.base, "--dir", str(tmp_path))[0] == 0
    before = folder_files(tmp_path / "v5.11.7")
    clib.requests.clear()
    code, out, _ = sync(capsys, "--source", clib.base, "--dir", str(tmp_path))
    assert code == 0
    assert "Release v5.11.7 (2026-09-08) is current" in out
    assert clib.downloads() == []  # no file sent in full again
    assert sorted(r.path for r in clib.requests if r.status == 304) == sorted(LINKED)
    assert all("If-None-Match" in r.headers for r in clib.requests if r.status == 304)
    assert folder_files(tmp_path / "v5.11.7") == before


def test_last_modified_alone_is_no_proof_of_the_same_content(clib, tmp_path, capsys):
    """A server that sends only Last-Modified is asked for whole files and they are compared
    by their hash: the same dates over another release's files are the other release."""
    clib.etags = False
    assert sync(capsys, "--source", clib.base, "--dir", str(tmp_path))[0] == 0
    clib.requests.clear()
    code, out, _ = sync(capsys, "--source", clib.base, "--dir", str(tmp_path))
    assert "Release v5.11.7 (2026-09-08) is current" in out
    assert not any("If-Modified-Since" in r.headers for r in clib.requests)
    clib.files = newer_release(clib.files)  # same Last-Modified on every file
    code, summary = sync_json(capsys, "--source", clib.base, "--dir", str(tmp_path))
    assert (code, summary["status"], summary["release"]) == (0, "installed", "v5.11.8")
    assert NEW_MODEL in summary["changes"]["added"]


def test_a_slow_server_is_waited_for(clib, tmp_path, capsys):
    """Bodies that arrive in many small pieces, at the server's own pace, arrive whole."""
    clib.pieces = dict.fromkeys(LINKED, 40)
    code, summary = sync_json(capsys, "--source", clib.base, "--dir", str(tmp_path))
    assert code == 0 and summary["status"] == "installed"
    for path in LINKED:
        assert (tmp_path / "v5.11.7" / path).read_bytes() == (CURRENT_DIR / path).read_bytes()


def test_a_server_that_stops_answering_times_out(clib, tmp_path, capsys, monkeypatch):
    """A board the server never finishes: after the timeout and the retries, exit 2 naming
    the file; nothing is written (the folder the sync would have made is not left behind)."""
    monkeypatch.setenv("MODELBOT_DATA__SYNC_TIMEOUT", "0.2")
    monkeypatch.setenv("MODELBOT_DATA__SYNC_RETRIES", "1")
    clib.stall = {"leaderboard/commerce2.md"}
    data = tmp_path / "data"
    code, _out, err = sync(capsys, "--source", clib.base, "--dir", str(data))
    assert code == 2
    assert err.startswith("error: leaderboard/commerce2.md: no answer from ")
    assert "within 0.2 s (tried 2 times). Nothing was written" in err
    assert "Traceback" not in err
    assert clib.asked("leaderboard/commerce2.md") == 2
    assert not data.exists()


def test_a_connection_dropped_mid_file_is_tried_again(clib, tmp_path, capsys):
    """Half a body and a closed connection: the retry fetches the whole file."""
    clib.drop = {"leaderboard/commerce1.md": 1}
    code, _, err = sync(capsys, "--source", clib.base, "--dir", str(tmp_path))
    assert code == 0, err
    assert clib.asked("leaderboard/commerce1.md") == 2
    assert (tmp_path / "v5.11.7" / "leaderboard/commerce1.md").read_bytes() == \
        (CURRENT_DIR / "leaderboard/commerce1.md").read_bytes()


def test_a_connection_dropped_every_time_fails_the_sync(clib, tmp_path, capsys):
    """When every try is cut off, exit 2 names the file; the release already there stays."""
    assert sync(capsys, "--source", clib.base, "--dir", str(tmp_path))[0] == 0
    before = folder_files(tmp_path / "v5.11.7")
    clib.files = newer_release(clib.files)
    clib.drop = {"leaderboard/commerce1.md": 99}
    code, _, err = sync(capsys, "--source", clib.base, "--dir", str(tmp_path))
    assert code == 2
    assert err.startswith("error: leaderboard/commerce1.md: the connection broke while "
                          "downloading ")
    assert "(tried 3 times)" in err and "Traceback" not in err
    assert not (tmp_path / "v5.11.8").exists()
    assert folder_files(tmp_path / "v5.11.7") == before


def test_server_errors_are_retried(clib, tmp_path, capsys):
    """A 503 and a 502 before the README: the third try succeeds."""
    clib.fail = {"README.md": [503, 502]}
    code, summary = sync_json(capsys, "--source", clib.base, "--dir", str(tmp_path))
    assert code == 0 and summary["status"] == "installed"
    assert clib.asked("README.md") == 3


@pytest.mark.parametrize("status", [429, 500, 502, 503, 504])
def test_each_passing_server_status_is_retried(clib, tmp_path, capsys, status):
    """Too many requests and the server errors that pass by themselves: one of them, then the
    file is fetched on the second try."""
    clib.fail = {"README.md": [status]}
    code, summary = sync_json(capsys, "--source", clib.base, "--dir", str(tmp_path))
    assert code == 0 and summary["status"] == "installed"
    assert clib.asked("README.md") == 2


@pytest.mark.parametrize("status", [400, 401, 403, 410, 501])
def test_a_client_error_is_not_retried(clib, tmp_path, capsys, status):
    """A 403 (or a 501 the server will never implement) will not pass by itself: exit 2 at
    once, naming the file and the status. (A 404 is a linked board that does not exist: it
    is skipped, see above.)"""
    clib.fail = {"leaderboard/commerce3.md": [status]}
    code, _, err = sync(capsys, "--source", clib.base, "--dir", str(tmp_path))
    assert code == 2
    assert err.startswith(f"error: leaderboard/commerce3.md: the server answered HTTP {status}")
    assert clib.asked("leaderboard/commerce3.md") == 1


def test_a_newer_release_with_a_malformed_board_is_refused(clib, tmp_path, capsys,
                                                           monkeypatch):
    """v5.11.8 with one malformed board: exit 2 with file and line, no v5.11.8 folder (nor any
    temporary one), v5.11.7 untouched and still what the bot answers from."""
    assert sync(capsys, "--source", clib.base, "--dir", str(tmp_path))[0] == 0
    before = release_digest(folder_files(tmp_path / "v5.11.7"))
    clib.files, line = with_malformed_board(newer_release(clib.files))
    code, _out, err = sync(capsys, "--source", clib.base, "--dir", str(tmp_path))
    assert code == 2
    assert err.startswith(f"error: leaderboard/commerce2.md:{line}: malformed board: row has "
                          "3 cells but the header has 14.")
    assert "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == [".sync", "v5.11.7"]
    assert [p.name for p in (tmp_path / ".sync").iterdir() if p.is_dir()] == []
    assert release_digest(folder_files(tmp_path / "v5.11.7")) == before
    answer = ask(capsys, tmp_path, "/best overall", monkeypatch)
    assert answer["source"]["release"] == "v5.11.7"


def test_a_newer_release_goes_beside_the_older_one(clib, tmp_path, capsys, monkeypatch):
    """v5.11.8 lands in its own folder; v5.11.7 stays as history; rankings use v5.11.8."""
    assert sync(capsys, "--source", clib.base, "--dir", str(tmp_path))[0] == 0
    clib.files = newer_release(clib.files)
    clib.requests.clear()
    code, summary = sync_json(capsys, "--source", clib.base, "--dir", str(tmp_path))
    assert code == 0
    assert (summary["release"], summary["date"], summary["status"]) == \
        ("v5.11.8", "2026-09-12", "installed")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".sync", "v5.11.7", "v5.11.8"]
    # the boards that did not change are not downloaded again: 304s fill the new folder
    assert "leaderboard/commerce3.md" in summary["unchanged"]
    assert clib.downloads("leaderboard/commerce3.md") == []
    best = ask(capsys, tmp_path, "/best overall", monkeypatch)
    assert best["source"]["release"] == "v5.11.8"
    assert best["results"][0]["name"] == NEW_MODEL


def test_a_corrected_file_of_the_same_release_updates_it(clib, tmp_path, capsys):
    """CLiB fixed a board without a new version: the folder is replaced, status updated."""
    assert sync(capsys, "--source", clib.base, "--dir", str(tmp_path))[0] == 0
    path = "leaderboard/commerce3.md"
    clib.files[path] = clib.files[path] + b"\n"
    code, summary = sync_json(capsys, "--source", clib.base, "--dir", str(tmp_path))
    assert code == 0 and summary["status"] == "updated"
    assert summary["fetched"] == [path]
    assert (tmp_path / "v5.11.7" / path).read_bytes() == clib.files[path]


def test_an_unreachable_source_fails_cleanly(tmp_path, capsys):
    """Nothing listens there: exit 2, one clear line, no traceback, nothing written."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    data = tmp_path / "data"
    code, out, err = sync(capsys, "--source", f"http://127.0.0.1:{port}", "--dir", str(data))
    assert code == 2
    assert err == (f"error: Cannot reach http://127.0.0.1:{port}/README.md: Connection refused "
                   "(tried 3 times). Nothing was written; the releases already there are "
                   "untouched.\n")
    assert out == "" and not data.exists()


def test_an_unreachable_source_as_a_real_process(tmp_path):
    """The installed entry point, as a user runs it: exit 2, one line on stderr, no
    traceback, nothing on stdout."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    done = subprocess.run(
        [MODELBOT, "sync", "--source", f"http://127.0.0.1:{port}", "--dir",
         str(tmp_path / "d")], capture_output=True, text=True, timeout=60, cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path),
             "MODELBOT_DATA__SYNC_RETRY_DELAY": "0"})
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith(f"error: Cannot reach http://127.0.0.1:{port}/README.md")
    assert len(done.stderr.splitlines()) == 1 and "Traceback" not in done.stderr


def test_an_unreachable_source_in_chinese(tmp_path, capsys):
    """The same failure, in Chinese with --lang zh."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    code, _, err = sync(capsys, "--lang", "zh", "--source", f"http://127.0.0.1:{port}",
                        "--dir", str(tmp_path / "d"))
    assert code == 2 and err.startswith(f"error: 无法连接 http://127.0.0.1:{port}/README.md")


def test_failure_with_json_prints_an_error_object(clib, tmp_path, capsys):
    """--json: the error as an object on stdout (kind, file, line, message), exit 2."""
    clib.files, line = with_malformed_board(clib.files)
    code, payload = sync_json(capsys, "--source", clib.base, "--dir", str(tmp_path))
    assert code == 2
    error = payload["error"]
    assert (error["kind"], error["file"], error["line"]) == \
        ("malformed", "leaderboard/commerce2.md", line)
    assert error["message"].startswith(f"leaderboard/commerce2.md:{line}: malformed board")


@pytest.mark.parametrize(("change", "message"), [
    (lambda files: files.pop("README.md"), "error: No README.md at "),
    (lambda files: files.update({"README.md": b"# a README without release notes\n"}),
     "error: README.md names no release"),
])
def test_a_source_that_is_no_clib_repository(clib, tmp_path, capsys, change, message):
    """No README, or one without release notes: exit 2 saying what is missing."""
    change(clib.files)
    code, _, err = sync(capsys, "--source", clib.base, "--dir", str(tmp_path / "d"))
    assert code == 2 and err.startswith(message)


def test_all_fetches_the_boards_the_readme_does_not_link(clib, tmp_path, capsys):
    """--all reads the listing of leaderboard/ (GitHub's contents API shape) and fetches every
    board in it; a second run costs 304s only, the listing's included."""
    args = ("--source", clib.base, "--dir", str(tmp_path), "--all", "--listing",
            clib.listing_url)
    code, summary = sync_json(capsys, *args)
    assert code == 0
    every = sorted(p for p in clib.files if p.startswith("leaderboard/"))
    assert sorted(p for p in summary["fetched"] if p != "README.md") == every
    assert (tmp_path / "v5.11.7" / "leaderboard" / "2025高考数学.md").is_file()
    clib.requests.clear()
    code, summary = sync_json(capsys, *args)
    assert code == 0 and summary["status"] == "current" and clib.downloads() == []
    assert clib.asked("leaderboard/") == 1


def test_all_without_a_listing_for_the_source(clib, tmp_path, capsys):
    """A source that is not GitHub has no default listing: --all asks for one."""
    code, _, err = sync(capsys, "--source", clib.base, "--dir", str(tmp_path), "--all")
    assert code == 2
    assert err.startswith(f"error: --all needs a listing of leaderboard/ for {clib.base}")


def test_keep_prunes_to_the_newest_releases(clib, tmp_path, capsys):
    """--keep 2 leaves the two newest release folders (by version) and nothing else goes."""
    for old in ("v5.9", "v5.11.5", "v5.11.6"):
        (tmp_path / old).mkdir()
        (tmp_path / old / "board.md").write_text("notes", encoding="utf-8")
    (tmp_path / "notes").mkdir()  # not a release: never pruned
    code, summary = sync_json(capsys, "--source", clib.base, "--dir", str(tmp_path),
                              "--keep", "2")
    assert code == 0
    assert sorted(summary["pruned"]) == ["v5.11.5", "v5.9"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".sync", "notes", "v5.11.6",
                                                          "v5.11.7"]


def test_keep_must_be_positive(capsys):
    """--keep 0 is refused by the argument parser (exit 2)."""
    with pytest.raises(SystemExit) as exit_:
        main(["sync", "--keep", "0"])
    assert exit_.value.code == 2
    assert "--keep: must be 1 or more" in capsys.readouterr().err


def test_a_source_that_is_not_http(capsys, tmp_path):
    """--source ftp://... is refused before anything happens."""
    code, _, err = sync(capsys, "--source", "ftp://example.org/clib", "--dir", str(tmp_path))
    assert code == 2 and err == "error: not an http(s) URL (it starts with ftp://)\n"


def test_another_sync_of_the_same_folder_is_refused(clib, tmp_path, capsys):
    """Two syncs of one folder at once: the second says so and writes nothing."""
    with folder_lock(tmp_path):
        code, _, err = sync(capsys, "--source", clib.base, "--dir", str(tmp_path))
    assert code == 2 and err.startswith(f"error: Another sync of {tmp_path} is running")
    assert not (tmp_path / "v5.11.7").exists()


def test_plain_lines_when_not_on_a_terminal(clib, tmp_path, capsys):
    """Standard error that is not a terminal gets one line per file."""
    assert main(["sync", "--source", clib.base, "--dir", str(tmp_path)]) == 0
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == "Fetching 12 files ..."
    assert "downloaded leaderboard/总分.md (5.8 KB)" in lines
    assert "not found    leaderboard/opensource1.md (404, skipped)" in lines


def test_a_progress_bar_on_a_terminal(clib, tmp_path, capsys, monkeypatch):
    """On a terminal, one bar redrawn in place with files and bytes."""

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    monkeypatch.setattr("sys.stderr", screen)
    assert main(["sync", "--source", clib.base, "--dir", str(tmp_path)]) == 0
    drawn = screen.getvalue()
    assert drawn.startswith("\r[........................] 0/12 files · 9.4 KB")  # the README
    assert "\r[########################] 12/12 files · " in drawn
    assert drawn.endswith("\n") and "downloaded" not in drawn


def test_without_dir_the_release_goes_to_the_user_data_folder(clib, tmp_path, capsys,
                                                              monkeypatch):
    """data.dir unset: the release goes to $XDG_DATA_HOME/modelbot/releases, and the terminal
    then answers from it, with the bundled releases kept as history."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    clib.files = newer_release(clib.files)
    code, summary = sync_json(capsys, "--source", clib.base)
    assert code == 0
    assert summary["folder"] == str(tmp_path / "xdg" / "modelbot" / "releases" / "v5.11.8")
    assert main(["ask", "--json", f"/model {NEW_MODEL}"]) == 0
    model = json.loads(capsys.readouterr().out)
    assert model["source"]["release"] == "v5.11.8"
    assert main(["ask", "--json", "/compare qwq-32b gemma-3-27b-it"]) == 0
    assert json.loads(capsys.readouterr().out)["source"]["release"] == "v3.6"


def record_waits(monkeypatch) -> list[float]:
    """The waits between tries, recorded instead of slept."""
    import bot.sync.download

    waits: list[float] = []

    async def recorded(delay: float) -> None:
        waits.append(delay)

    monkeypatch.setattr(bot.sync.download, "_sleep", recorded)
    return waits


def test_retries_wait_the_delay_doubling_each_time(clib, tmp_path, capsys, monkeypatch):
    """data.sync_retry_delay seconds before the first retry, twice that before the second
    (the waits are recorded instead of slept)."""
    waits = record_waits(monkeypatch)
    monkeypatch.setenv("MODELBOT_DATA__SYNC_RETRY_DELAY", "0.5")
    clib.fail = {"README.md": [503, 503]}
    code, _, err = sync(capsys, "--source", clib.base, "--dir", str(tmp_path))
    assert code == 0, err
    assert waits == [0.5, 1.0]


def test_jobs_bounds_the_downloads_at_a_time(clib, tmp_path, capsys, monkeypatch):
    """data.sync_jobs = 1: one file at a time, even though every board is asked for at once
    and each answer takes a while (sent in two pieces)."""
    monkeypatch.setenv("MODELBOT_DATA__SYNC_JOBS", "1")
    clib.pieces = dict.fromkeys(LINKED, 2)
    assert sync(capsys, "--source", clib.base, "--dir", str(tmp_path))[0] == 0
    assert clib.peak == 1


def test_a_listing_the_server_does_not_have_fails_the_sync(clib, tmp_path, capsys):
    """A listing URL answering 404 is no empty listing: exit 2 naming the status."""
    listing = f"{clib.base}/api/contents/nothing"
    code, _, err = sync(capsys, "--source", clib.base, "--dir", str(tmp_path), "--all",
                        "--listing", listing)
    assert code == 2
    assert err.startswith(f"error: leaderboard/: the server answered HTTP 404 for {listing}.")


def test_keep_from_the_settings_and_the_pruned_releases_said(clib, tmp_path, capsys,
                                                             monkeypatch):
    """data.sync_keep prunes as --keep does, and the summary names what it removed; a sync
    that prunes nothing says nothing about it."""
    (tmp_path / "v5.9").mkdir()
    code, out, _ = sync(capsys, "--source", clib.base, "--dir", str(tmp_path))
    assert code == 0 and "Removed" not in out and (tmp_path / "v5.9").is_dir()
    monkeypatch.setenv("MODELBOT_DATA__SYNC_KEEP", "1")
    code, out, _ = sync(capsys, "--source", clib.base, "--dir", str(tmp_path))
    assert code == 0
    assert out.splitlines()[-1] == "Removed older releases: v5.9"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".sync", "v5.11.7"]


def test_all_and_the_listing_from_the_settings(clib, tmp_path, capsys, monkeypatch):
    """data.sync_all and data.sync_listing do what --all and --listing do."""
    monkeypatch.setenv("MODELBOT_DATA__SYNC_ALL", "true")
    monkeypatch.setenv("MODELBOT_DATA__SYNC_LISTING", clib.listing_url)
    code, summary = sync_json(capsys, "--source", clib.base, "--dir", str(tmp_path))
    assert code == 0
    assert "leaderboard/2025高考数学.md" in summary["fetched"]
    assert clib.asked("leaderboard/") == 1
    # the README's links are still asked for: those the server lacks are skipped as ever
    assert sorted(s["file"] for s in summary["skipped"]) == sorted(MISSING)


def test_without_dir_the_release_goes_to_data_dir(clib, tmp_path, capsys, monkeypatch):
    """data.dir set and no --dir: the release goes into data.dir."""
    monkeypatch.setenv("MODELBOT_DATA__DIR", str(tmp_path / "data"))
    code, summary = sync_json(capsys, "--source", clib.base)
    assert code == 0
    assert summary["folder"] == str(tmp_path / "data" / "v5.11.7")
    assert (tmp_path / "data" / "v5.11.7" / "README.md").is_file()


def test_the_size_downloaded_counts_new_files_only(clib, tmp_path, capsys):
    """bytes (and the size in the summary) is what was downloaded: a second sync of a newer
    release counts the changed boards, not the 304s; an unchanged source counts nothing."""
    assert sync(capsys, "--source", clib.base, "--dir", str(tmp_path))[0] == 0
    clib.files = newer_release(clib.files)
    code, summary = sync_json(capsys, "--source", clib.base, "--dir", str(tmp_path))
    assert code == 0 and summary["unchanged"]
    assert summary["bytes"] == sum(len(clib.files[p]) for p in summary["fetched"])
    code, out, _ = sync(capsys, "--source", clib.base, "--dir", str(tmp_path))
    assert code == 0 and "is current" in out
    code, summary = sync_json(capsys, "--source", clib.base, "--dir", str(tmp_path))
    assert summary["bytes"] == 0 and summary["fetched"] == []


def test_boards_fetched_with_all_are_kept_by_a_sync_without_it(clib, tmp_path, capsys):
    """A sync without --all after one with it keeps the unlinked boards already there (it did
    not ask for them), says so in "kept", and finds the release current."""
    code, _ = sync_json(capsys, "--source", clib.base, "--dir", str(tmp_path), "--all",
                        "--listing", clib.listing_url)
    assert code == 0
    code, summary = sync_json(capsys, "--source", clib.base, "--dir", str(tmp_path))
    assert code == 0 and summary["status"] == "current"
    unlinked = sorted(p for p in clib.files if p.startswith("leaderboard/") and p not in LINKED)
    assert summary["kept"] == unlinked
    assert (tmp_path / "v5.11.7" / "leaderboard" / "2025高考数学.md").is_file()


@pytest.mark.parametrize(("count", "shown"), [
    (0, "0 B"), (1023, "1023 B"), (1024, "1.0 KB"), (53350, "52.1 KB"),
    (1024 * 1024 - 1, "1024.0 KB"), (1024 * 1024, "1.0 MB"), (5 * 1024 * 1024, "5.0 MB"),
])
def test_sizes_read_in_bytes_kilobytes_and_megabytes(count, shown):
    """Below 1024 bytes in B, below 1 MiB in KB, from there in MB."""
    assert size(count) == shown


def test_the_progress_bar_is_redrawn_every_64_kb():
    """Bytes arriving redraw the bar once 64 KB have come since it was last drawn."""
    screen = io.StringIO()
    bar = BarProgress(screen, "en")
    bar.planned(2)
    bar.received(65535)
    assert screen.getvalue().count("\r") == 1
    bar.received(1)
    assert screen.getvalue().count("\r") == 2
    assert screen.getvalue().endswith("\r[........................] 0/2 files · 64.0 KB")


def test_an_unchanged_listing_still_names_every_board(clib, tmp_path, capsys):
    """A second --all run gets a 304 for the listing and still asks for every board it named
    (each a 304 too): none is left unasked."""
    args = ("--source", clib.base, "--dir", str(tmp_path), "--all", "--listing",
            clib.listing_url)
    assert sync_json(capsys, *args)[0] == 0
    clib.requests.clear()
    code, summary = sync_json(capsys, *args)
    assert code == 0 and summary["status"] == "current"
    assert [r.status for r in clib.requests if r.path == "leaderboard/"] == [304]
    every = sorted(p for p in clib.files if p.startswith("leaderboard/"))
    assert sorted(p for p in summary["unchanged"] if p != "README.md") == every
    assert summary["kept"] == []


def test_the_validators_a_304_brings_are_remembered(clib, tmp_path, capsys):
    """A server that starts sending ETags: the next sync has none to send and downloads, the
    one after asks with the ETags it got."""
    clib.etags = False
    assert sync(capsys, "--source", clib.base, "--dir", str(tmp_path))[0] == 0
    clib.etags = True
    clib.requests.clear()
    assert sync(capsys, "--source", clib.base, "--dir", str(tmp_path))[0] == 0
    assert len(clib.downloads()) == len(LINKED) and all("If-None-Match" not in r.headers
                                                        for r in clib.requests)
    clib.requests.clear()
    assert sync(capsys, "--source", clib.base, "--dir", str(tmp_path))[0] == 0
    asked = [r for r in clib.requests if r.status == 304]
    assert sorted(r.path for r in asked) == sorted(LINKED)
    assert all("If-None-Match" in r.headers for r in asked)
