"""The downloader against a server that behaves like GitHub's: every body gzip-compressed,
ETags and 304s, redirects, 429 with Retry-After, a file that never finishes; and the limits
a hostile source meets (size, file count, redirects to other hosts, claims of its README)."""

from __future__ import annotations

import asyncio
import gzip
import json
import socket
from pathlib import Path

import aiohttp
import pytest
from aiohttp.abc import AbstractResolver

from bot.cli import main
from bot.core.errors import SyncError
from bot.sync.command import error_text
from bot.sync.download import Downloader, FetchPolicy, open_session
from bot.sync.engine import SyncOptions
from bot.sync.install import folder_files
from tests.paths import CURRENT_DIR
from tests.sync.engine_runs import refused, run
from tests.sync.test_command import LINKED, record_waits, sync, sync_json


@pytest.fixture(autouse=True)
def _quick_retries(monkeypatch):
    monkeypatch.setenv("MODELBOT_DATA__SYNC_RETRY_DELAY", "0")
    monkeypatch.setenv("MODELBOT_DATA__SYNC_TIMEOUT", "5")


def test_sync_succeeds_against_a_server_that_gzips_every_response(clib, tmp_path, capsys):
    """GitHub's raw server compresses text: the Content-Length is the compressed size. The
    files land byte for byte as the repository has them, and the next run costs 304s."""
    clib.gzip = True
    code, out, err = sync(capsys, "--source", clib.base, "--dir", str(tmp_path))
    assert code == 0, err
    assert out.startswith("Release v5.11.7 (2026-09-08) installed in ")
    for path in LINKED:
        assert (tmp_path / "v5.11.7" / path).read_bytes() == (CURRENT_DIR / path).read_bytes()
    clib.requests.clear()
    code, out, _ = sync(capsys, "--source", clib.base, "--dir", str(tmp_path))
    assert code == 0 and "is current" in out and clib.downloads() == []


def test_a_compressed_body_cut_off_is_tried_again(clib, tmp_path):
    """The length checked is the length sent (compressed): half a gzip body is a broken
    connection, tried again, and the second try installs the file."""
    clib.gzip = True
    clib.drop = {"leaderboard/总分.md": 1}
    report = run(clib, tmp_path)
    assert report.status == "installed"
    assert clib.asked("leaderboard/总分.md") == 2


def test_a_gzip_bomb_is_refused_by_what_it_decodes_to(clib, tmp_path):
    """A board of 9 KB compressed that decodes to 6 MB: refused at the 5 MiB limit of what a
    file may decode to, and nothing is installed."""
    clib.gzip = True
    clib.files["leaderboard/commerce3.md"] = b"|" * (6 * 1024 * 1024)
    assert len(gzip.compress(clib.files["leaderboard/commerce3.md"])) < 10_000
    error = refused(clib, tmp_path / "d")
    assert (error.kind, error.params) == ("too_large", {"file": "leaderboard/commerce3.md",
                                                        "limit": "5"})
    assert not (tmp_path / "d" / "v5.11.7").exists()


def test_a_board_of_exactly_the_limit_decoded_is_taken(clib, tmp_path):
    """The decoded limit is inclusive: max_bytes decoded is taken, one byte more refused."""
    clib.gzip = True
    size = len(clib.files["leaderboard/reasonmodel.md"])
    assert run(clib, tmp_path / "a", max_bytes=size).status == "installed"
    assert refused(clib, tmp_path / "b", max_bytes=size - 1).kind == "too_large"


def test_a_redirect_within_the_host_is_followed(clib, tmp_path):
    """GitHub moves files: a 302 to another path of the same host is followed."""
    clib.files["moved/commerce3.md"] = clib.files["leaderboard/commerce3.md"]
    clib.redirect = {"leaderboard/commerce3.md": f"{clib.base}/moved/commerce3.md"}
    report = run(clib, tmp_path)
    assert report.status == "installed" and "leaderboard/commerce3.md" in report.fetched
    assert (tmp_path / "v5.11.7/leaderboard/commerce3.md").read_bytes() == \
        clib.files["leaderboard/commerce3.md"]


def test_a_redirect_to_another_host_is_refused(clib, tmp_path, capsys):
    """The same server under another name (localhost for 127.0.0.1) is another host: the
    redirect is refused before it is followed, and nothing is installed."""
    other = clib.base.replace("127.0.0.1", "localhost")
    clib.redirect = {"README.md": f"{other}/elsewhere/README.md"}
    code, _out, err = sync(capsys, "--source", clib.base, "--dir", str(tmp_path))
    assert code == 2
    assert err == (f"error: README.md: {clib.base}/README.md redirects to {other}/elsewhere/"
                   "README.md, another host; refused. Nothing was written; the releases already "
                   "there are untouched.\n")
    assert clib.asked("elsewhere/README.md") == 0
    assert not (tmp_path / "v5.11.7").exists()


def test_a_redirect_loop_is_refused(clib, tmp_path):
    clib.redirect = {"README.md": f"{clib.base}/README.md"}
    error = refused(clib, tmp_path, redirects=3)
    assert (error.kind, error.params["count"]) == ("redirects", 3)
    assert clib.asked("README.md") == 4  # the request and three redirects, then no more


def test_a_429_waits_what_retry_after_says(clib, tmp_path, monkeypatch):
    """Rate limited: the wait before the next try is the server's Retry-After, not the
    policy's delay."""
    waits = record_waits(monkeypatch)
    clib.retry_after = {"README.md": ["7", "0"]}
    assert run(clib, tmp_path).status == "installed"
    assert waits == [7.0, 0.0]


def test_githubs_secondary_limit_403_with_retry_after_is_waited_for(clib, tmp_path,
                                                                     monkeypatch):
    """GitHub's secondary rate limit answers 403 with a Retry-After: waited for, then tried
    again; a 403 without one stays a refusal (test_command)."""
    waits = record_waits(monkeypatch)
    clib.limited = 403
    clib.retry_after = {"leaderboard/commerce1.md": ["3"]}
    assert run(clib, tmp_path).status == "installed"
    assert waits == [3.0] and clib.asked("leaderboard/commerce1.md") == 2


def test_a_retry_after_beyond_the_limit_fails_at_once(clib, tmp_path, monkeypatch):
    """A Retry-After longer than the policy allows is not waited for: the sync says when to
    try again, having slept nothing."""
    waits = record_waits(monkeypatch)
    clib.retry_after = {"README.md": ["121"]}
    error = refused(clib, tmp_path, max_retry_after=120)
    assert (error.kind, error.params["seconds"]) == ("rate_limited", 121.0)
    assert waits == []
    clib.retry_after = {"README.md": ["120"]}
    assert run(clib, tmp_path, max_retry_after=120).status == "installed"
    assert waits == [120.0]


def test_a_file_that_trickles_meets_its_deadline(clib, tmp_path):
    """A byte every 20 ms never trips the per-read timeout; the deadline for the whole file
    does, on every try."""
    clib.trickle = {"leaderboard/commerce3.md": 0.02}
    error = refused(clib, tmp_path, timeout=5, deadline=0.3, retries=1)
    assert (error.kind, error.params["file"], error.params["tries"]) == \
        ("deadline", "leaderboard/commerce3.md", 2)
    assert error_text(error, "en").startswith(
        f"leaderboard/commerce3.md: {clib.base}/leaderboard/commerce3.md did not finish "
        "within 0.3 s (tried 2 times).")


def test_a_release_of_too_many_boards_is_refused_before_downloading_them(clib, tmp_path):
    """A README that links 201 more boards (212 in all): refused before a board is asked for."""
    links = "".join(f"[b{i}](leaderboard/b{i}.md)\n" for i in range(201))
    clib.files["README.md"] = clib.files["README.md"] + links.encode()
    error = refused(clib, tmp_path, max_files=200)
    assert (error.kind, error.params) == ("too_many_files", {"release": "v5.11.7",
                                                             "count": 212, "limit": 200})
    assert [r.path for r in clib.requests] == ["README.md"]
    assert run(clib, tmp_path, max_files=212).status == "installed"


def test_the_default_limits_take_clibs_whole_folder_and_refuse_a_hostile_release():
    """CLiB's leaderboard folder holds about 600 boards, some megabytes: within the defaults;
    3,000 boards or forty 4.6 MB boards are not."""
    policy = FetchPolicy()
    assert 600 <= policy.max_files < 3000 and policy.max_files == 1000
    assert 16 * 1024 * 1024 <= policy.max_total < 40 * 4_600_000
    assert policy.max_bytes == 5 * 1024 * 1024 and policy.deadline == 120.0


def test_a_release_larger_than_the_total_limit_is_refused(clib, tmp_path):
    """Every file under its own limit, all of them together over max_total: refused, nothing
    installed."""
    total = sum(len(clib.files[p]) for p in LINKED)
    error = refused(clib, tmp_path / "d", max_total=total - 1)
    assert error.kind == "release_too_large"
    assert not (tmp_path / "d" / "v5.11.7").exists()
    assert run(clib, tmp_path / "e", max_total=total).status == "installed"


class _NoNetwork(AbstractResolver):
    async def resolve(self, host, port=0, family=socket.AF_INET):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    async def close(self) -> None:
        return None


def test_without_network_the_host_name_is_said_unresolved():
    """getaddrinfo's failure is no 'Unknown error -2': the message names the host."""

    async def fetch() -> SyncError:
        async with open_session(connector=aiohttp.TCPConnector(resolver=_NoNetwork())) as s:
            downloader = Downloader(s, FetchPolicy(retries=0))
            with pytest.raises(SyncError) as raised:
                await downloader.get("README.md", "https://raw.example.org/r/README.md")
            return raised.value

    error = asyncio.run(fetch())
    assert error.kind == "unresolved" and error.params["host"] == "raw.example.org"
    text = error_text(error, "en")
    assert text.startswith("Cannot reach https://raw.example.org/r/README.md: the host name "
                           "raw.example.org could not be resolved")
    assert "-2" not in text and "raw.example.org" in error_text(error, "zh")


@pytest.mark.parametrize("note", ["- [9999/12/31] v9.9.9版本", "- [2026/12/09] v9.9.9版本"])
def test_a_release_dated_in_the_future_is_refused(clib, tmp_path, capsys, note):
    """A README that claims a release dated after tomorrow is refused, clearly."""
    clib.files["README.md"] = clib.files["README.md"].replace(
        "- [2026/9/8] v5.11.7版本".encode(), f"{note}\n- [2026/9/8] v5.11.7版本".encode())
    code, _out, err = sync(capsys, "--source", clib.base, "--dir", str(tmp_path))
    assert code == 2 and "v9.9.9" in err and "in the future; refused" in err
    assert not any(p.name.startswith("v") for p in tmp_path.iterdir())


def test_dates_up_to_two_days_ahead_are_taken():
    import datetime as dt

    from bot.sync.claims import checked_claim

    today = dt.date(2026, 12, 6)
    assert checked_claim("- [2026/12/08] v6.0版本", today).version == "v6.0"
    with pytest.raises(SyncError):
        checked_claim("- [2026/12/09] v6.0版本", today)


@pytest.mark.parametrize("version", ["v5." + "9" * 5000, "v5.11." + "9" * 10, "v6.1.2.3.4"])
def test_a_version_beyond_bounds_is_refused(clib, tmp_path, capsys, version):
    """A version part of 5,000 (or 10) digits, or five parts: a clear refusal, never a bug."""
    clib.files["README.md"] = clib.files["README.md"].replace(
        "- [2026/9/8] v5.11.7版本".encode(), f"- [2026/9/8] {version}版本".encode())
    code, _, err = sync(capsys, "--source", clib.base, "--dir", str(tmp_path))
    assert code == 2 and "more numbers or digits than a release may have; refused" in err
    assert len(err) < 400 and "Traceback" not in err


def test_four_parts_of_nine_digits_are_a_version():
    from bot.sync.claims import checked_claim

    assert checked_claim("- [2026/9/8] v999999999.1.2.3版本").version == "v999999999.1.2.3"


@pytest.mark.parametrize("source", [
    "https://oauth2:ghp_S3CRETt0ken@127.0.0.1:9/clib",
    "http://127.0.0.1:9/clib?token=ghp_S3CRETt0ken",
    "ghp_S3CRETt0ken",
])
def test_a_token_pasted_into_the_source_is_never_echoed(tmp_path, capsys, source):
    code, out, err = sync(capsys, "--source", source, "--dir", str(tmp_path))
    assert code == 2 and "S3CRET" not in out + err
    code, out, err = sync(capsys, "--json", "--source", source, "--dir", str(tmp_path))
    assert "S3CRET" not in out + err


def test_a_token_in_the_configured_source_is_not_echoed(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("MODELBOT_DATA__SYNC_SOURCE", "ghp_S3CRETt0ken")
    assert main(["sync", "--dir", str(tmp_path)]) == 2
    out, err = capsys.readouterr()
    assert "S3CRET" not in out + err and "not an http(s) URL" in err


def test_all_without_a_listing_refuses_before_downloading(clib, tmp_path, capsys):
    code, _out, err = sync(capsys, "--all", "--source", clib.base, "--dir", str(tmp_path))
    assert code == 2 and "--all needs a listing" in err
    assert clib.requests == []


def test_a_given_listing_adds_the_boards_the_readme_does_not_link(clib, tmp_path, capsys):
    """Elsewhere than GitHub: the README's links plus the listing when one is given, without
    --all."""
    code, summary = sync_json(capsys, "--source", clib.base, "--dir", str(tmp_path),
                              "--listing", clib.listing_url)
    assert code == 0
    every = sorted(p for p in clib.files if p.startswith("leaderboard/"))
    assert sorted(p for p in summary["fetched"] if p != "README.md") == every
    assert folder_files(tmp_path / "v5.11.7") == {
        p: b for p, b in clib.files.items()}


def test_a_listing_that_fails_without_all_is_a_warning(clib, tmp_path, capsys):
    """Without --all the README's links still count: the listing's failure is said."""
    code, out, _err = sync(capsys, "--source", clib.base, "--dir", str(tmp_path),
                          "--listing", f"{clib.base}/no/listing")
    assert code == 0
    assert "warning: the listing of leaderboard/ could not be read (status)" in out


def test_github_sources_are_listed_by_the_contents_api():
    options = SyncOptions(source="https://raw.githubusercontent.com/jeinlee1991/"
                          "chinese-llm-benchmark/main", directory=Path("."))
    assert options.listing_url == ("https://api.github.com/repos/jeinlee1991/chinese-llm-"
                                   "benchmark/contents/leaderboard?ref=main")
    assert SyncOptions(source="http://127.0.0.1:1/x", directory=Path(".")).listing_url is None


def test_json_summary_of_a_gzip_sync(clib, tmp_path, capsys):
    clib.gzip = True
    code, summary = sync_json(capsys, "--source", clib.base, "--dir", str(tmp_path))
    assert code == 0 and summary["bytes"] == sum(len(clib.files[p]) for p in LINKED)
    assert json.dumps(summary)  # serialisable


def test_a_compressed_stream_cut_short_is_a_broken_download():
    """A gzip body whose length matches what was sent but whose stream ends early (a server
    that cut its own output) is tried again, not installed half."""
    from bot.sync import download

    async def decode() -> None:
        async with open_session() as session:
            loader = Downloader(session, FetchPolicy())
            whole = gzip.compress(b"|a|b|\n" * 1000)
            assert loader._decoded(whole, "gzip", "x.md") == b"|a|b|\n" * 1000
            with pytest.raises(download._Transient, match="ends early"):
                loader._decoded(whole[: len(whole) // 2], "gzip", "x.md")

    asyncio.run(decode())


def test_modelbot_sync_as_a_real_process_against_a_gzip_server(clib, tmp_path):
    """The entry point a user runs, against a server that compresses every response: exit
    0, the summary on stdout, the release byte for byte."""
    import subprocess
    import sys

    clib.gzip = True
    done = subprocess.run(
        [sys.executable, "-m", "bot", "sync", "--source", clib.base, "--dir",
         str(tmp_path / "d")], capture_output=True, text=True, timeout=120, cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path),
             "PYTHONPATH": str(Path(__file__).resolve().parents[2])})
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Release v5.11.7 (2026-09-08) installed in ")
    assert "Traceback" not in done.stderr
    for path in LINKED:
        assert (tmp_path / "d/v5.11.7" / path).read_bytes() == (CURRENT_DIR / path).read_bytes()
    assert all("gzip" in r.headers.get("Accept-Encoding", "") for r in clib.requests)
