"""``modelbot sync --history N`` against a loopback server imitating GitHub's commits and
contents APIs and raw files over five releases (tests/sync/history_releases.py), and against a
plain server with a ``releases.json`` index; then /history, /changes and release: on what was
installed, with expected figures read from the files by the tests' own parser."""

from __future__ import annotations

import io
import json
import logging
import os
import time
from pathlib import Path

import pytest

from bot.cli import main
from bot.sync.history import index_entries, next_page, page_shas
from bot.sync.install import folder_files
from tests.core.history_data import read_rows
from tests.sync.history_releases import DROPPED_IN_V5116, history_commits, releases, sha
from tests.sync.test_command import record_waits

ORDER = ["v3.6", "v5.8", "v5.11.6", "v5.11.7", "v5.11.8"]


@pytest.fixture(autouse=True)
def _environment(monkeypatch, tmp_path, clib):
    monkeypatch.chdir(tmp_path)
    for key in list(os.environ):
        if key.startswith("MODELBOT_") or key in ("DISCORD_TOKEN", "GITHUB_TOKEN"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("MODELBOT_DATA__SYNC_RETRY_DELAY", "0")
    monkeypatch.setenv("MODELBOT_DATA__SYNC_TIMEOUT", "5")
    clib.history = history_commits()
    clib.page_size = 3  # three pages of commits: the Link header is followed
    monkeypatch.setenv("MODELBOT_DATA__SYNC_API", clib.api)


def sync(capsys, clib, folder: Path, *extra: str) -> tuple[int, str, str]:
    code = main(["sync", "--source", clib.raw, "--dir", str(folder), *extra])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def ask(capsys, monkeypatch, folder: Path, lines: list[str]) -> list[dict]:
    monkeypatch.setenv("MODELBOT_DATA__DIR", str(folder))
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))
    main(["ask", "--json", "-"])
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_history_5_installs_each_release_at_its_newest_commit_and_a_rerun_fetches_nothing(
        clib, tmp_path, capsys):
    code, out, err = sync(capsys, clib, tmp_path, "--history", "5", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert [r["release"] for r in report["installed"]] == ORDER
    assert report["held"] == []
    # one digest, of the newest release against the one before it; none per older release
    changes = report["changes"]
    assert (changes["command"], changes["older"]["release"], changes["newer"]["release"]) == \
        ("changes", "v5.11.7", "v5.11.8")
    assert report["changes"]["added"] == ["qwen4-max"]
    assert report["changes"]["removed"] == ["gpt-5.2"]
    assert [r["changes"] for r in report["installed"]] == [None] * 5
    files = releases()
    newest_commit = {c.sha: c.files for c in clib.history}
    for version in ORDER:
        held = folder_files(tmp_path / version)
        expected = files[version]
        if version == "v5.8":  # the typo fix is v5.8's newest commit
            expected = newest_commit[sha("v5.8 typo")]
        assert held == expected, version
    # the listing at each commit was asked for (?ref=SHA), so unlinked boards come along
    assert "leaderboard/2025高考数学.md" in folder_files(tmp_path / "v5.11.7")
    # the older commit of v5.11.7 and v5.8's first commit gave no folder of their own
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == \
        sorted(ORDER)

    clib.requests.clear()
    code, out, err = sync(capsys, clib, tmp_path, "--history", "5")
    assert code == 0, err
    assert clib.downloads() == []  # the commit pages answer 304; no README, no board
    assert {r.status for r in clib.requests} == {304}
    assert "Already held, nothing fetched: v3.6, v5.8, v5.11.6, v5.11.7, v5.11.8" in out
    assert "No release of the last 5 is missing" in out


def test_history_3_takes_the_newest_three_and_skips_what_is_held(clib, tmp_path, capsys):
    code, out, _ = sync(capsys, clib, tmp_path, "--history", "2")
    assert code == 0
    assert "Release v5.11.8 (2026-09-12) installed in" in out
    assert "What changed from CLiB v5.11.7 (2026-09-08) to CLiB v5.11.8 (2026-09-12)" in out
    assert "\nNew models (1): qwen4-max\n" in out
    assert "\n  kimi-k3 100元 → 80元\n" in out
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == \
        ["v5.11.7", "v5.11.8"]
    clib.requests.clear()
    code, out, _ = sync(capsys, clib, tmp_path, "--history", "3")
    assert code == 0
    assert "Release v5.11.6 (2026-09-04) installed in" in out
    assert "Already held, nothing fetched: v5.11.7, v5.11.8" in out
    assert "What changed" not in out  # the past filled in: what the bot serves is unchanged
    # boards only of v5.11.6 (the next page's READMEs are read to name their releases)
    boards = {r.path.rsplit("@", 1)[1] for r in clib.downloads()
              if r.path.startswith("leaderboard")}
    assert boards == {sha("v5.11.6")[:7]}
    assert clib.asked(f"README.md@{sha('v3.6')[:7]}") == 0


def test_the_token_goes_to_the_api_only_and_is_never_shown(clib, tmp_path, capsys,
                                                            monkeypatch, caplog):
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_secret123")
    caplog.set_level(logging.DEBUG)
    code = main(["--log-level", "DEBUG", "sync", "--source", clib.raw, "--dir", str(tmp_path),
                 "--history", "1"])
    out, err = capsys.readouterr()
    assert code == 0, err
    api = [r for r in clib.requests if r.path.startswith(("commits", "leaderboard/@"))]
    raw = [r for r in clib.requests if "@" in r.path and not r.path.startswith("leaderboard/@")]
    assert {r.path.split("@")[0] for r in api} == {"commits?page=1", "leaderboard/"}
    assert api and raw
    assert all(r.headers.get("Authorization") == "Bearer ghp_secret123" for r in api)
    assert all("Authorization" not in r.headers for r in raw)
    assert "ghp_secret123" not in out + err + caplog.text


def test_without_a_token_no_authorization_is_sent(clib, tmp_path, capsys):
    code, _, _ = sync(capsys, clib, tmp_path, "--history", "1")
    assert code == 0
    assert all("Authorization" not in r.headers for r in clib.requests)


def test_a_first_history_sync_names_the_release_now_served(clib, tmp_path, capsys):
    """Nothing was held before: no digest to compare with, the release the bot now answers
    from and its model count (as a first plain sync says it)."""
    code, out, err = sync(capsys, clib, tmp_path, "--history", "1", "--json")
    assert code == 0, err
    report = json.loads(out)
    main(["parse", "--json", *map(str, sorted((tmp_path / "v5.11.8").glob("leaderboard/*.md")))])
    boards = json.loads(capsys.readouterr().out)["boards"]
    models = len({m["name"] for board in boards for m in board["models"]})
    assert report["changes"] is None
    assert {k: report["first"][k] for k in ("release", "date", "models")} == {
        "release": "v5.11.8", "date": "2026-09-12", "models": models}


@pytest.mark.parametrize("status", [403, 429])
def test_a_rate_limit_is_waited_out_until_its_reset(clib, tmp_path, capsys, monkeypatch,
                                                     status):
    waits = record_waits(monkeypatch)
    reset = int(time.time()) + 60
    clib.api_limited = [(status, {"X-RateLimit-Remaining": "0",
                                  "X-RateLimit-Reset": str(reset)})]
    code, _, err = sync(capsys, clib, tmp_path, "--history", "1")
    assert code == 0, err
    assert len(waits) == 1 and 55 <= waits[0] <= 61
    assert (tmp_path / "v5.11.8").is_dir()


def test_a_reset_too_far_away_fails_and_writes_nothing(clib, tmp_path, capsys, monkeypatch):
    waits = record_waits(monkeypatch)
    clib.api_limited = [(403, {"X-RateLimit-Remaining": "0",
                               "X-RateLimit-Reset": str(int(time.time()) + 3600)})]
    code, _, err = sync(capsys, clib, tmp_path / "d", "--history", "2")
    assert code == 2 and waits == []
    assert "rate limited" in err and "Traceback" not in err
    assert not [p for p in (tmp_path / "d").glob("v*")]


def test_a_403_without_rate_limit_headers_is_a_refusal_not_retried(clib, tmp_path, capsys,
                                                                     monkeypatch):
    waits = record_waits(monkeypatch)
    clib.api_limited = [(403, {})]
    code, _, err = sync(capsys, clib, tmp_path, "--history", "1")
    assert code == 2 and waits == [] and "HTTP 403" in err


def test_installed_history_answers_history_changes_and_release(clib, tmp_path, capsys,
                                                                monkeypatch):
    code, _, err = sync(capsys, clib, tmp_path, "--history", "5")
    assert code == 0, err
    history, changes, best, gone = ask(capsys, monkeypatch, tmp_path, [
        f"/history {DROPPED_IN_V5116}", "/changes", "/best 总分 release:v5.8",
        "/changes v5.11.6 v5.11.7"])
    v5117 = read_rows(tmp_path / "v5.11.7" / "leaderboard" / "commerce1.md")
    points = {p["release"]: p for p in history["points"]}
    assert [p["release"] for p in history["points"]] == list(reversed(ORDER))
    assert points["v5.11.6"]["listed"] is False and points["v5.11.7"]["listed"] is True
    assert points["v5.11.7"]["score"] == v5117[DROPPED_IN_V5116]["总分"]
    assert points["v5.11.8"]["previous"] == "v5.11.7"
    # the newest against the one before: v5.11.8 derived from v5.11.7
    assert (changes["older"]["release"], changes["newer"]["release"]) == ("v5.11.7", "v5.11.8")
    assert changes["added"] == ["qwen4-max"] and changes["removed"] == ["gpt-5.2"]
    assert {"name": "kimi-k3", "old_price": 100.0, "new_price": 80.0} in changes["prices"]
    assert gone["added"] == [DROPPED_IN_V5116] and gone["removed"] == []
    # release:v5.8 ranks v5.8's own boards, figures read from its files
    rows = {}
    for board in sorted((tmp_path / "v5.8" / "leaderboard").glob("*.md")):
        for name, figures in read_rows(board).items():
            if figures.get("总分") is not None:
                rows.setdefault(name, figures)
    top = max(rows, key=lambda n: (rows[n]["总分"], -(rows[n]["price"] or 0)))
    assert best["source"]["release"] == "v5.8"
    assert best["results"][0]["name"] == top
    assert best["results"][0]["score"] == rows[top]["总分"]


def _index_server(clib) -> None:
    """A plain server: one folder per release and releases.json naming them, newest first."""
    files = releases()
    served: dict[str, bytes] = {}
    for version in ("v5.8", "v3.6"):
        for path, body in files[version].items():
            served[f"{version}/{path}"] = body
        served[f"{version}/leaderboard.json"] = json.dumps(
            sorted(p.split("/", 1)[1] for p in files[version] if p.startswith("leaderboard/"))
        ).encode()
    served["releases.json"] = json.dumps({"releases": [
        {"folder": "v5.8", "listing": "v5.8/leaderboard.json"},
        {"folder": "v3.6", "listing": "v3.6/leaderboard.json"}]}).encode()
    clib.files = served


def test_a_releases_json_index_elsewhere(clib, tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("MODELBOT_DATA__SYNC_API")
    _index_server(clib)
    code, out, err = main(["sync", "--source", clib.base, "--dir", str(tmp_path),
                           "--history", "2"]), *capsys.readouterr()
    assert code == 0, err
    assert folder_files(tmp_path / "v5.8") == releases()["v5.8"]
    assert folder_files(tmp_path / "v3.6") == releases()["v3.6"]
    clib.requests.clear()
    code, out, _ = main(["sync", "--source", clib.base, "--dir", str(tmp_path),
                         "--history", "2"]), *capsys.readouterr()
    assert code == 0 and "Already held, nothing fetched: v3.6, v5.8" in out
    assert [r.path for r in clib.downloads()] == ["releases.json"]


@pytest.mark.parametrize("index", [
    b'[".."]', b'["v5.8/../../x"]', b'{"releases": 3}', b"not json", b'[{"folder": 5}]'])
def test_a_hostile_index_is_refused_with_its_reason(clib, tmp_path, capsys, monkeypatch, index):
    monkeypatch.delenv("MODELBOT_DATA__SYNC_API")
    clib.files = {"releases.json": index}
    code = main(["sync", "--source", clib.base, "--dir", str(tmp_path / "d"), "--history", "2"])
    err = capsys.readouterr().err
    assert code == 2 and "Cannot read the list of releases at" in err
    assert "Traceback" not in err


def test_index_entries_take_the_first_n_and_listings_stay_under_the_source():
    body = json.dumps(["v5.11.7", {"folder": "v5.8", "listing": "https://evil/x.json"},
                       {"folder": "v3.6", "listing": "v3.6/l.json"}]).encode()
    planned = index_entries(body, "http://h/r", 3)
    assert [p.version for p in planned] == ["v5.11.7", "v5.8", "v3.6"]
    assert [p.listing for p in planned] == [None, None, "http://h/r/v3.6/l.json"]
    assert [p.source for p in planned][1] == "http://h/r/v5.8"
    assert len(index_entries(body, "http://h/r", 2)) == 2


def test_pages_follow_next_only_under_the_api():
    api = "https://api.github.com"
    link = f'<{api}/repos/o/r/commits?page=2>; rel="next", <{api}/x?page=9>; rel="last"'
    assert next_page(link, api) == f"{api}/repos/o/r/commits?page=2"
    assert next_page('<https://evil.example/p2>; rel="next"', api) is None
    assert next_page(None, api) is None
    good = "a" * 40
    body = json.dumps([{"sha": good}, {"sha": "../x"}, {"sha": 5}, "x"]).encode()
    assert page_shas(body) == [good]
    with pytest.raises(ValueError, match="API rate limit"):
        page_shas(b'{"message": "API rate limit exceeded"}')


def test_a_readme_that_keeps_failing_is_exit_2_naming_it(clib, tmp_path, capsys):
    clib.fail = {f"README.md@{sha('v5.11.7')[:7]}": [500, 500, 500]}
    code, _, err = sync(capsys, clib, tmp_path / "d", "--history", "5")
    assert code == 2 and "README.md: the server answered HTTP 500" in err
    assert "Traceback" not in err and not list((tmp_path / "d").glob("v*"))
    clib.fail = {f"README.md@{sha('v5.11.7')[:7]}": [503]}  # once: tried again, installed
    code, _, err = sync(capsys, clib, tmp_path / "d", "--history", "5")
    assert code == 0, err
