"""/history, /changes and release: through the terminal: text in both languages, the JSON
contract and the exit status of a mistake, on a data folder of three real releases."""

from __future__ import annotations

import io
import json

import pytest

from bot.cli import main
from tests.core.history_data import SEED, V58, history_data_dir, rank_by
from tests.terminal import new_user


@pytest.fixture(autouse=True)
def three_releases(tmp_path, monkeypatch):
    with new_user(tmp_path, monkeypatch, data=history_data_dir(tmp_path / "data")):
        yield


def run(capsys, *args: str) -> tuple[int, str]:
    status = main(["ask", *args])
    captured = capsys.readouterr()
    return status, captured.out + captured.err


def batch(capsys, monkeypatch, lines: list[str]) -> list[dict]:
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))
    main(["ask", "--json", "-"])
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_history_text_shows_each_release_the_gap_and_the_marked_change(capsys):
    status, out = run(capsys, "/history gemma-3-27b-it")
    assert status == 0
    lines = out.splitlines()
    gone = next(line for line in lines if line.startswith("v5.11.7"))
    assert "not in this release" in gone
    v58 = next(line for line in lines if line.startswith("v5.8 "))
    assert f"{V58['gemma-3-27b-it']['总分']:.1f}" in v58 and "since v3.6 †" in v58
    rank, ranked = rank_by(V58, "gemma-3-27b-it", "总分")
    assert f"#{rank} of {ranked}" in v58
    assert "† the release notes of v5.0, v5.6, v5.7 say the scoring changed" in out
    assert "Data: CLiB v5.8, v3.6" in out


def test_history_in_chinese(capsys):
    status, out = run(capsys, "--lang", "zh", "/历史 gemma-3-27b-it 医疗")
    assert status == 0
    assert "本版本未列出" in out and "医疗与心理健康" in out and "计分方式有变" in out


def test_history_json_is_the_contract(capsys, monkeypatch):
    (answer,) = batch(capsys, monkeypatch, ["/history gpt-oss-120b"])
    assert answer["ok"] and answer["command"] == "history"
    assert answer["name"] == "gpt-oss-120b" and answer["domain"] == "总分"
    newest, v58, v36 = answer["points"]
    assert (newest["release"], newest["previous"], newest["scoring_changed"]) == (
        "v5.11.7", "v5.8", [])
    assert (v58["price"], v58["score"], v58["date"]) == (
        V58["gpt-oss-120b"]["price"], V58["gpt-oss-120b"]["总分"], "2025-11-03")
    assert v36 == {**v36, "release": "v3.6", "listed": False, "score": None}
    assert answer["source"]["releases"] == ["v5.11.7", "v5.8"]


def test_changes_json_and_text(capsys, monkeypatch):
    answer, older = batch(capsys, monkeypatch, ["/changes", "/changes v3.6 v5.8"])
    assert (answer["older"]["release"], answer["newer"]["release"]) == ("v5.8", "v5.11.7")
    assert {"name": "gpt-oss-120b", "old_price": 3.26, "new_price": 1.35} in answer["prices"]
    assert older["scoring_changed"] == ["v5.0", "v5.6", "v5.7"]
    assert older["overall"]["scores"][0]["name"] == "gemma-3-27b-it"
    status, out = run(capsys, "/changes v3.6 v5.8")
    assert status == 0
    assert "What changed from CLiB v3.6 to CLiB v5.8 (2025-11-03)" in out
    assert "⚠ The release notes of v5.0, v5.6, v5.7 say the scoring changed" in out
    old, new = SEED["gemma-3-27b-it"]["总分"], V58["gemma-3-27b-it"]["总分"]
    assert f"gemma-3-27b-it  {old} → {new} ({new - old:+.1f})" in out


def test_release_option_on_a_ranking(capsys, monkeypatch):
    (best,) = batch(capsys, monkeypatch, ["/best 医疗 budget:5 release:v5.8"])
    assert best["source"]["release"] == "v5.8" and best["domain"] == "医疗与心理健康"
    assert best["results"][0]["name"] == "ERNIE-4.5-Turbo-32K"


@pytest.mark.parametrize("line", ["/best release:v4", "/changes v5.8 v5.8", "/版本"])
def test_a_mistake_exits_2_with_the_reason(capsys, line):
    status, out = run(capsys, line)
    assert status == 2
    assert "Traceback" not in out


def test_an_unknown_release_in_json_lists_the_releases_held(capsys, monkeypatch):
    (answer,) = batch(capsys, monkeypatch, ["/best release:v4"])
    assert answer["ok"] is False and answer["error"]["kind"] == "invalid_option"
    assert answer["error"]["message"] == (
        "No release “v4” is held. Releases held: v5.11.7, v5.8, v3.6.")
    assert answer["error"]["suggestions"] == ["v5.11.7", "v5.8", "v3.6"]


def test_history_chart_is_written(capsys, tmp_path):
    status, _ = run(capsys, "--chart", str(tmp_path / "h.png"), "/history gpt-oss-120b")
    assert status == 0
    assert (tmp_path / "h.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
