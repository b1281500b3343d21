"""What ``modelbot sync`` says it changed: the ``/changes`` digest of the release served before
against the one served after (one digest, the one ``/changes`` prints), and the models without
a price; on real CLiB releases (v4.2, v5.6 and v5.8 rebuilt from the repository's history, the
bundled v5.11.7). Expected figures are read from ``modelbot parse``, not from a catalog."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main
from tests.paths import CURRENT_DIR
from tests.sync.releases import newer_release
from tests.sync_server import repository_files

RELEASES = Path(__file__).parents[1] / "core" / "fixtures" / "releases"
FOLDERS = {"v4.2": RELEASES / "v4.2", "v5.6": RELEASES / "v5.6", "v5.8": RELEASES / "v5.8",
           "v5.11.7": CURRENT_DIR}
KIMI = "|kimi-k3(new)|月之暗面|100.0元|"


@pytest.fixture(autouse=True)
def _quick_retries(monkeypatch):
    monkeypatch.setenv("MODELBOT_DATA__SYNC_RETRY_DELAY", "0")
    monkeypatch.setenv("MODELBOT_DATA__SYNC_TIMEOUT", "5")


def sync(capsys, clib, data: Path, *extra: str) -> tuple[int, str]:
    """Sync what ``clib`` serves (README links and the listing of leaderboard/) into ``data``."""
    code = main(["sync", "--source", clib.base, "--listing", clib.listing_url,
                 "--dir", str(data), *extra])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out


def ask(capsys, monkeypatch, data: Path, *args: str) -> str:
    monkeypatch.setenv("MODELBOT_DATA__DIR", str(data))
    assert main(["ask", *args]) == 0
    return capsys.readouterr().out


def parsed(capsys, version: str) -> dict[str, list[float | None]]:
    """Each model of a release and the prices its boards give it (``modelbot parse``)."""
    files = sorted(str(p) for p in (FOLDERS[version] / "leaderboard").glob("*.md"))
    main(["parse", "--json", *files])
    prices: dict[str, list[float | None]] = {}
    for board in json.loads(capsys.readouterr().out)["boards"]:
        for model in board["models"]:
            prices.setdefault(model["name"], []).append(model["price"])
    return prices


def unpriced(prices: dict[str, list[float | None]]) -> list[str]:
    return sorted((n for n, p in prices.items() if all(x is None for x in p)), key=str.casefold)


def priced(prices: dict[str, list[float | None]]) -> dict[str, float | None]:
    return {n: next((x for x in p if x is not None), None) for n, p in prices.items()}


def digest_of(out: str) -> str:
    """The part of a sync's output from the digest's title on."""
    start = next(i for i, line in enumerate(out.splitlines())
                 if line.startswith(("What changed from", "从 ")))
    return "\n".join(out.splitlines()[start:]) + "\n"


@pytest.mark.parametrize(("older", "newer", "lang"), [
    ("v4.2", "v5.6", "en"), ("v5.6", "v5.8", "zh"), ("v5.8", "v5.11.7", "en")])
def test_a_sync_prints_the_changes_digest(clib, tmp_path, capsys, monkeypatch, older, newer,
                                          lang):
    """The digest after a sync is, line for line, what /changes prints for the same pair."""
    clib.files = repository_files(FOLDERS[older])
    assert sync(capsys, clib, tmp_path)[0] == 0
    clib.files = repository_files(FOLDERS[newer])
    code, out = sync(capsys, clib, tmp_path, "--lang", lang)
    assert code == 0 and (f"Release {newer} " in out or f"版本 {newer}" in out)
    assert digest_of(out) == ask(capsys, monkeypatch, tmp_path, "--lang", lang, "/changes")


def test_sync_json_carries_the_changes_json(clib, tmp_path, capsys, monkeypatch):
    """``--json``: ``changes`` is the object ``ask --json "/changes"`` prints; the models
    added, removed, repriced and unpriced are those the boards say."""
    clib.files = repository_files(FOLDERS["v5.6"])
    assert sync(capsys, clib, tmp_path)[0] == 0
    clib.files = repository_files(FOLDERS["v5.8"])
    code, out = sync(capsys, clib, tmp_path, "--json")
    summary = json.loads(out)
    assert code == 0 and summary["first"] is None
    assert summary["changes"] == json.loads(ask(capsys, monkeypatch, tmp_path, "--json",
                                                "/changes v5.6 v5.8"))
    before, after = parsed(capsys, "v5.6"), parsed(capsys, "v5.8")
    changes = summary["changes"]
    assert set(changes["added"]) == set(after) - set(before) and changes["added"]
    assert set(changes["removed"]) == set(before) - set(after) and changes["removed"]
    old, new = priced(before), priced(after)
    assert {c["name"]: (c["old_price"], c["new_price"]) for c in changes["prices"]} == {
        n: (old[n], new[n]) for n in new if n in old and old[n] != new[n]}
    assert changes["unpriced"] == unpriced(after)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_first_sync_names_the_release_and_its_unpriced_models(clib, tmp_path, capsys,
                                                                  lang):
    """Nothing was served before: no digest, the release now served and its unpriced models."""
    clib.files = repository_files(FOLDERS["v4.2"])
    code, out = sync(capsys, clib, tmp_path / lang, "--lang", lang)
    prices = parsed(capsys, "v4.2")
    missing = unpriced(prices)
    assert code == 0 and 0 < len(missing) < len(prices)
    first = {"en": f"What the bot now answers from: CLiB v4.2 (2025-07-12), the first release "
                   f"held ({len(prices)} models).",
             "zh": f"机器人现在的数据：CLiB v4.2（2025-07-12），这是第一个版本（{len(prices)} "
                   "个模型）。"}[lang]
    title = {"en": "Models without a price", "zh": "没有价格的模型"}[lang]
    lines = out.splitlines()
    assert lines[-2] == first
    assert lines[-1].startswith(f"{title}（{len(missing)}）: " if lang == "zh"
                                else f"{title} ({len(missing)}): ")
    assert lines[-1].split(": ", 1)[1].split(", ")[:3] == missing[:3]
    assert "What changed" not in out and "的变化" not in out


def test_the_first_sync_json(clib, tmp_path, capsys):
    clib.files = repository_files(FOLDERS["v4.2"])
    code, out = sync(capsys, clib, tmp_path, "--json")
    prices = parsed(capsys, "v4.2")
    summary = json.loads(out)
    assert code == 0 and summary["changes"] is None
    assert summary["first"] == {"release": "v4.2", "date": "2025-07-12", "models": len(prices),
                                "unpriced": unpriced(prices)}


def test_no_change_no_digest(clib, tmp_path, capsys):
    """The release is current: nothing changed in what the bot answers, nothing to say."""
    assert sync(capsys, clib, tmp_path)[0] == 0
    code, out = sync(capsys, clib, tmp_path)
    assert code == 0 and out.startswith("Release v5.11.7 (2026-09-08) is current in ")
    assert len(out.splitlines()) == 1 + out.count("(404)")  # the summary and its warnings
    assert "What changed" not in out and "without a price" not in out
    code, out = sync(capsys, clib, tmp_path, "--json")
    assert (json.loads(out)["changes"], json.loads(out)["first"]) == (None, None)


def reprice(files: dict[str, bytes], old: str, new: str) -> dict[str, bytes]:
    return {p: b.decode().replace(old, new).encode() for p, b in files.items()}


def test_a_price_moved_by_a_cent_is_a_change_within_the_same_release(clib, tmp_path, capsys):
    """An update of the release served (same version) says the one price that moved, and
    nothing else moved."""
    assert sync(capsys, clib, tmp_path)[0] == 0
    clib.files = reprice(clib.files, KIMI, "|kimi-k3(new)|月之暗面|100.01元|")
    code, out = sync(capsys, clib, tmp_path, "--json")
    changes = json.loads(out)["changes"]
    assert code == 0 and json.loads(out)["status"] == "updated"
    assert (changes["older"]["release"], changes["newer"]["release"]) == ("v5.11.7", "v5.11.7")
    assert changes["prices"] == [{"name": "kimi-k3", "old_price": 100.0, "new_price": 100.01}]
    assert (changes["added"], changes["removed"], changes["leaders"]) == ([], [], [])
    assert changes["unpriced"] == []  # every model of v5.11.7 has a price on some board


@pytest.mark.parametrize(("cell", "shown", "unpriced_line"), [
    ("/元", "n/a", "\nModels without a price (1): kimi-k3\n"),
    ("0元", "free", None),
])
def test_a_model_that_loses_its_price_is_unpriced_a_free_one_is_not(
        clib, tmp_path, capsys, cell, shown, unpriced_line):
    """The next release prices kimi-k3 at "/元" (unknown) or "0元" (free)."""
    assert sync(capsys, clib, tmp_path)[0] == 0
    clib.files = reprice(newer_release(repository_files(CURRENT_DIR)),
                         "|kimi-k3(new)|月之暗面|80.0元|", f"|kimi-k3(new)|月之暗面|{cell}|")
    code, out = sync(capsys, clib, tmp_path)
    assert code == 0 and "Release v5.11.8 (2026-09-12) installed" in out
    assert "\nPrice changes (1)\n  kimi-k3 100元 → " + shown + "\n" in out
    if unpriced_line is None:
        assert "without a price" not in out
    else:
        assert unpriced_line in out
