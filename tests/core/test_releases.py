"""Releases: named by their README or their folder, several in one data folder, rankings from
the newest only, older ones as history; files without a leaderboard skipped with a warning."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.board import parse_boards
from bot.core.catalog import load_catalog
from bot.core.errors import BoardError
from bot.core.queries import best, compare, leaderboard, model
from bot.core.release import (
    Release,
    ReleaseInfo,
    distinct_titles,
    newest_first,
    read_release_notes,
    release_order,
    version_from_name,
    version_number,
)
from bot.core.requests import BestRequest, CompareRequest, LeaderboardRequest, ModelRequest
from tests.core.boards import board
from tests.paths import ALIASES, CURRENT_DIR, SEED_DIR, SEED_NAME

NOTES = """# 最近评测更新
- [2026/9/8] v5.11.7版本
  - 新增大模型：gpt-6-astra
- [2026/9/4] v5.11.6版本
"""
BOARD = ("|排名|大模型|机构|输出价格|总分| |医疗|\n|-|-|-|-|-|-|-|\n"
         "|1|{name}|x|{price}元|{score}| |{score}|\n")


def _board(name: str = "m", price: float = 1, score: float = 50) -> str:
    return BOARD.format(name=name, price=price, score=score)


# -- naming a release ------------------------------------------------------------------------


def test_release_notes_name_the_newest_release():
    """The newest note gives version and date, wherever it stands in the list."""
    info = read_release_notes(NOTES)
    assert (info.version, info.date) == ("v5.11.7", dt.date(2026, 9, 8))
    shuffled = "- [2026/9/4] v5.11.6版本\n- [2026/9/8] v5.11.7版本\n"
    assert read_release_notes(shuffled).version == "v5.11.7"


def test_release_notes_that_are_not_notes():
    """No note, an impossible date, or a version without a date are no release."""
    assert read_release_notes("# ReLE\n没有版本说明\n") is None
    assert read_release_notes("- [2026/2/30] v5.1版本\n") is None
    assert read_release_notes("v5.11.7版本\n") is None


def test_versions_compare_as_numbers():
    """v5.11.10 is newer than v5.11.9; v10 newer than v9; folder names become versions."""
    assert version_number("v5.11.10") > version_number("v5.11.9")
    assert version_number("v10") > version_number("v9.9.9")
    assert version_from_name("3.6") == "v3.6" and version_from_name("v3.6") == "v3.6"
    assert version_from_name("boards") is None


# -- what a data folder holds ----------------------------------------------------------------


def _release(folder: Path, readme: str | None, boards: dict[str, str], nested: bool = True) -> Path:
    folder.mkdir(parents=True)
    if readme is not None:
        (folder / "README.md").write_text(readme, encoding="utf-8")
    target = folder / "leaderboard" if nested else folder
    target.mkdir(exist_ok=True)
    for name, text in boards.items():
        (target / name).write_text(text, encoding="utf-8")
    return folder


def test_a_repository_layout_reads_its_boards_folder(tmp_path):
    """README.md plus leaderboard/*.md is one release named by the README."""
    _release(tmp_path / "repo", NOTES, {"a.md": _board("alpha"), "b.md": _board("beta")})
    catalog = load_catalog(tmp_path / "repo")
    assert len(catalog.releases) == 1
    assert catalog.current.version == "v5.11.7"
    assert {r.name for r in catalog.records} == {"alpha", "beta"}


def test_a_flat_folder_without_readme_is_named_by_the_folder(tmp_path):
    """Boards straight in a folder called v3.6 make release v3.6, date unknown."""
    _release(tmp_path / "v3.6", None, {"a.md": _board()}, nested=False)
    catalog = load_catalog(tmp_path / "v3.6")
    assert (catalog.current.version, catalog.current.date) == ("v3.6", None)


def test_several_releases_one_per_subfolder(tmp_path):
    """Subfolders are releases; the newest by version is current, whatever the folder names."""
    _release(tmp_path / "data" / "old", "- [2025/1/2] v3.6版本\n", {"a.md": _board("old")})
    _release(tmp_path / "data" / "zzz", "- [2026/9/8] v5.11.7版本\n", {"a.md": _board("new")})
    catalog = load_catalog(tmp_path / "data")
    assert [r.version for r in catalog.releases] == ["v5.11.7", "v3.6"]
    assert [r.name for r in catalog.records] == ["new"]


def test_a_notes_file_is_skipped_with_a_warning(tmp_path, caplog):
    """A Markdown file with no leaderboard table is left out and named; the rest loads."""
    folder = _release(tmp_path / "r", NOTES, {"a.md": _board()})
    (folder / "CHANGELOG.md").write_text("# Changes\n- fixed things\n", encoding="utf-8")
    (folder / "leaderboard" / "notes.md").write_text("nothing here\n", encoding="utf-8")
    catalog = load_catalog(folder)
    assert sorted(Path(s.path).name for s in catalog.skipped) == ["CHANGELOG.md", "notes.md"]
    assert "CHANGELOG.md" in caplog.text and "no leaderboard table" in caplog.text
    assert len(catalog.records) == 1


def test_a_readme_that_names_the_release_is_not_called_skipped(tmp_path):
    """The README gave the release its name: it did its part even without a table."""
    folder = _release(tmp_path / "r", NOTES, {"a.md": _board()})
    assert load_catalog(folder).skipped == ()


def test_a_malformed_board_is_still_refused_with_file_and_line(tmp_path):
    """A table with a bad row stops the load, naming the file and line."""
    bad = _board().replace("|50| |50|", "|五十| |50|")
    folder = _release(tmp_path / "r", NOTES, {"a.md": _board(), "bad.md": bad})
    with pytest.raises(BoardError) as caught:
        load_catalog(folder)
    assert caught.value.source.endswith("bad.md") and caught.value.line == 3


def test_a_folder_without_any_leaderboard_is_an_error(tmp_path):
    """Only notes: nothing to serve, said with the folder's name."""
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "README.md").write_text("# hello\n", encoding="utf-8")
    with pytest.raises(BoardError, match="no leaderboard table"):
        load_catalog(folder)


# -- the bundled data: v5.11.7 current, v3.6 history -------------------------------------------


@pytest.fixture(scope="module")
def bundled():
    return load_catalog()


def test_the_bundled_data_is_the_current_release_with_the_seed_as_history(bundled):
    """v5.11.7 (2026-09-08) is current; the seed is release v3.6."""
    assert [(r.version, r.date) for r in bundled.releases] == [
        ("v5.11.7", dt.date(2026, 9, 8)), ("v3.6", None)]


def test_rankings_come_from_the_newest_release_only(bundled):
    """No v3.6 model enters a ranking, though v3.6 scores (86.9 for DeepSeek-R1) are higher."""
    old = {r.name for r in bundled.releases[1].records}
    ranking = leaderboard(bundled, LeaderboardRequest(per_page=25)).ranking
    assert ranking and not {i.name for i in ranking} & old
    top = best(bundled, BestRequest(domain="overall", budget=40)).results[0]
    assert (top.name, top.score, top.price) == ("qwen3.7-max", 76.9, 36.0)


def test_domains_resolve_against_the_current_release(bundled):
    """法律 is a domain of v3.6 but answers with v5.11.7's 法律与行政公务, as do law and admin."""
    for query in ("法律", "law", "行政公务"):
        assert bundled.resolve_domain(query) == "法律与行政公务", query
    for query, domain in (("金融", "金融"), ("finance", "金融"), ("agent", "agent与工具调用"),
                          ("tools", "agent与工具调用"), ("编程", "coding"), ("code", "coding"),
                          ("BFCL-V3", "BFCL-V3"), ("医疗", "医疗与心理健康")):
        assert bundled.resolve_domain(query) == domain, query


def test_an_older_releases_model_is_found_and_says_so(bundled):
    """qwq-32b is only on v3.6: its card says so, and names the release rankings use."""
    card = model(bundled, ModelRequest(name="qwq-32b"))
    assert card.model.release == "v3.6" and card.model.current is False
    assert card.model.current_release == "v5.11.7"
    assert card.source.release == "v3.6"


def test_no_winner_between_releases(bundled):
    """/compare across releases shows both, names no domain or total winner, no best value."""
    result = compare(bundled, CompareRequest(model_a="qwq-32b", model_b="kimi-k3"))
    assert result.same_release is False
    assert all(row.winner is None for row in result.domains)
    assert result.total_winner is None and result.best_value is None
    assert result.source.release is None and result.source.releases == ["v5.11.7", "v3.6"]


def test_within_one_old_release_compare_names_winners(bundled):
    """Two models of v3.6 are comparable with each other."""
    result = compare(bundled, CompareRequest(model_a="qwq-32b", model_b="gemma-3-27b-it"))
    assert result.same_release and result.total_winner == "qwq-32b"
    assert result.source.release == "v3.6"


# -- nicknames -------------------------------------------------------------------------------


def test_bundled_nicknames_apply_to_any_data_folder(tmp_path):
    """A data folder of one's own still understands 文心, 混元, baidu, tencent."""
    board = ("|排名|大模型|机构|输出价格|总分|\n|-|-|-|-|-|\n|1|ERNIE-4.5|百度|4元|70|\n"
             "|2|hunyuan-t1|腾讯|4元|69|\n")
    _release(tmp_path / "mine", None, {"a.md": board}, nested=False)
    catalog = load_catalog(tmp_path / "mine")
    assert catalog.resolve_org("baidu") == catalog.resolve_org("文心") == "百度"
    assert catalog.resolve_org("tencent") == "腾讯"
    assert catalog.resolve_model("混元 t1").name == "hunyuan-t1"


def test_a_folders_own_nicknames_add_to_and_override_the_bundled_ones(tmp_path):
    """aliases.toml in the data folder adds a nickname and re-points a bundled one."""
    board = ("|排名|大模型|机构|输出价格|总分|\n|-|-|-|-|-|\n|1|DeepSeek-R1|深度求索|4元|70|\n"
             "|2|my-r1|深度求索|4元|69|\n")
    _release(tmp_path / "mine", None, {"a.md": board}, nested=False)
    (tmp_path / "mine" / "aliases.toml").write_text(
        '[models]\n"r1" = "my-r1"\n"champ" = "DeepSeek-R1"\n', encoding="utf-8")
    catalog = load_catalog(tmp_path / "mine")
    assert catalog.resolve_model("r1").name == "my-r1"  # bundled says DeepSeek-R1
    assert catalog.resolve_model("champ").name == "DeepSeek-R1"
    assert catalog.resolve_org("deepseek") == "深度求索"  # bundled organisation names stay


def test_the_seed_beside_the_current_release_in_one_folder(tmp_path):
    """The issue's layout: v3.6/ (the seed) beside v5.11.7/, aliases at the top."""
    shutil.copytree(CURRENT_DIR, tmp_path / "v5.11.7")
    (tmp_path / "v3.6").mkdir()
    shutil.copy(SEED_DIR / SEED_NAME, tmp_path / "v3.6" / SEED_NAME)
    shutil.copy(ALIASES, tmp_path / "aliases.toml")
    catalog = load_catalog(tmp_path)
    assert catalog.current.version == "v5.11.7"
    assert model(catalog, ModelRequest(name="DeepSeek-R1")).model.release == "v3.6"
    assert best(catalog, BestRequest(domain="overall")).results[0].name == "qwen3.7-max"


def test_a_note_with_an_impossible_date_does_not_hide_the_next():
    info = read_release_notes("- [2026/2/30] v5.1版本\n- [2026/9/8] v5.11.7版本\n")
    assert (info.version, info.date) == ("v5.11.7", dt.date(2026, 9, 8))


def test_releases_newest_by_version_then_date_unnamed_last():
    boards = tuple(parse_boards(board("|1|a|A|1元|90|商用|1|1|"), "a.md"))
    made = [Release(ReleaseInfo(version=v, date=d), boards) for v, d in [
        ("v5.11.9", dt.date(2026, 9, 1)), (None, dt.date(2027, 1, 1)),
        ("v5.11.10", dt.date(2026, 8, 1)), ("v5.11.10", dt.date(2026, 8, 2)), (None, None)]]
    order = [(r.version, r.date) for r in newest_first(made)]
    assert order == [("v5.11.10", dt.date(2026, 8, 2)), ("v5.11.10", dt.date(2026, 8, 1)),
                     ("v5.11.9", dt.date(2026, 9, 1)), (None, dt.date(2027, 1, 1)),
                     (None, None)]
    assert release_order(ReleaseInfo()) == ((), dt.date.min)
    assert version_number(None) == () and version_number("V2.0") == (2, 0)


def test_boards_that_share_a_title_are_told_apart_by_their_file():
    """The same heading in x/a.md, y/a.md and b.md: 同名, 同名 (a), 同名 (a 2)..."""
    text = "### 同名\n|排名|大模型|总分|\n|-|-|-|\n|1|m|90|\n"
    parsed = [*parse_boards(text, "x/a.md"), *parse_boards(text.replace("|m|", "|n|"), "y/a.md"),
              *parse_boards(text.replace("|m|", "|o|"), "z/a.md"),
              *parse_boards(text.replace("|m|", "|p|"), "b.md")]
    titles = [b.title for b in distinct_titles(parsed)]
    assert titles == ["同名", "同名 (a)", "同名 (a 2)", "同名 (b)"]


def test_a_fourth_board_of_the_same_title_and_file_name():
    text = "### 同名\n|排名|大模型|总分|\n|-|-|-|\n|1|m{}|90|\n"
    parsed = [b for i, folder in enumerate("wxyz")
              for b in parse_boards(text.format(i), f"{folder}/a.md")]
    assert [b.title for b in distinct_titles(parsed)] == [
        "同名", "同名 (a)", "同名 (a 2)", "同名 (a 3)"]


# --- hostile release notes: bounded dates and versions, one line at a time -------------------

TODAY = dt.date(2026, 12, 6)


@pytest.mark.parametrize("days, accepted", [(0, True), (2, True), (3, False), (3000000, False)])
def test_a_release_dated_after_today_plus_two_days_is_refused(days, accepted):
    """A release dated 9999/12/31 would stay the newest forever: a date more than two days
    ahead (CLiB's China time is ahead of much of the world) is refused, naming file and line."""
    day = TODAY + dt.timedelta(days=min(days, 2_900_000))
    text = f"# 更新\n- [2026/9/8] v5.11.7版本\n- [{day.year}/{day.month}/{day.day}] v5.11.8版本\n"
    if accepted:
        assert read_release_notes(text, "README.md", today=TODAY) == ReleaseInfo(
            version="v5.11.8", date=day)
        return
    with pytest.raises(BoardError) as raised:
        read_release_notes(text, "README.md", today=TODAY)
    assert (raised.value.source, raised.value.line) == ("README.md", 3)
    assert f"dated {day.isoformat()}, after 2026-12-08" in raised.value.reason


def test_the_issues_future_release_is_refused_by_the_clock_of_now():
    with pytest.raises(BoardError, match=r"README.md:1: release v9.9.9 is dated 9999-12-31"):
        read_release_notes("- [9999/12/31] v9.9.9", "README.md")


@pytest.mark.parametrize("version, accepted", [
    ("v123456789.1", True), ("v1234567890.1", False),            # digits of a part: 9
    ("v1.2.3.4", True), ("v1.2.3.4.5", False),                  # parts: 4
    ("v" + "9" * 5000, False),
])
def test_a_version_out_of_bounds_is_refused_clearly(version, accepted):
    """A part of 5,000 digits was a bug (Python refuses to convert it): now a refusal that
    names the line and does not echo the 5,000 digits."""
    text = f"intro\n- [2026/9/8] {version}版本\n"
    if accepted:
        assert read_release_notes(text, "README.md", today=TODAY).version == version
        return
    with pytest.raises(BoardError) as raised:
        read_release_notes(text, "README.md", today=TODAY)
    assert (raised.value.source, raised.value.line) == ("README.md", 2)
    assert "out of bounds" in raised.value.reason and len(str(raised.value)) < 200


@pytest.mark.parametrize("name, version", [
    ("v123456789", "v123456789"), ("v1234567890", None), ("v1.2.3.4", "v1.2.3.4"),
    ("v1.2.3.4.5", None), ("v" + "9" * 5000, None), ("v٣.٦", None),
])
def test_a_folder_name_out_of_bounds_is_no_version(name, version):
    assert version_from_name(name) == version
    assert version_number(name) == (() if version is None else version_number(version))


def test_the_longest_version_a_note_may_name_is_one_the_store_keeps():
    """A release is published to the store for the other replicas: a version the notes accept
    must not fail there."""
    from bot.store import PublishedRelease

    longest = "v" + ".".join(["9" * 9] * 4)
    assert read_release_notes(f"- [2026/9/8] {longest}", today=TODAY).version == longest
    assert PublishedRelease(version=longest, digest="0" * 64).version == longest


def test_a_version_of_other_digits_than_ascii_is_no_note():
    """``v٥.١`` would name a folder that no version reading finds again."""
    assert read_release_notes("- [2026/9/8] v٥.١版本", today=TODAY) is None


def test_a_release_note_line_over_the_limit_is_refused():
    from bot.core.board import MAX_LINE

    note = "- [2026/9/8] v5.11.7版本"
    text = note + " " * (MAX_LINE - len(note)) + "\n"  # exactly at the limit
    assert read_release_notes(text, "README.md", today=TODAY).version == "v5.11.7"
    with pytest.raises(BoardError, match=r"README.md:2: line of 65,537 characters"):
        read_release_notes("ok\n" + text.replace("版本", "版本 "), "README.md", today=TODAY)


def test_notes_after_many_blank_lines_are_still_read():
    """One line at a time: blank lines cost one step each (the old multi-line search rescanned
    every blank line after each one)."""
    text = "\n" * 100_000 + "- x\n" + "\n \n" * 1000 + "- [2026/9/8] v5.11.7版本\n"
    assert read_release_notes(text, today=TODAY) == ReleaseInfo(version="v5.11.7",
                                                                date=dt.date(2026, 9, 8))


def test_a_data_folder_with_a_future_release_is_refused_naming_its_readme(tmp_path):
    folder = tmp_path / "data"
    (folder / "leaderboard").mkdir(parents=True)
    (folder / "README.md").write_text("# 更新\n\n- [9999/12/31] v9.9.9版本\n", encoding="utf-8")
    (folder / "leaderboard" / "a.md").write_text(_board(), encoding="utf-8")
    with pytest.raises(BoardError) as raised:
        load_catalog(folder)
    assert (raised.value.source, raised.value.line) == (str(folder / "README.md"), 3)


def test_a_sync_refuses_a_future_release_and_installs_nothing(clib, tmp_path):
    """Upstream names ``[9999/12/31] v9.9.9``: the sync fails as a future date, naming
    README.md, the release and its date, and the folder holds no release."""
    import asyncio

    from bot.core.errors import SyncError
    from bot.sync.download import FetchPolicy
    from bot.sync.engine import SyncOptions, sync_release

    readme = clib.files["README.md"].decode("utf-8")
    clib.files["README.md"] = readme.replace("- [2026/9/8] v5.11.7", "- [9999/12/31] v9.9.9",
                                             1).encode("utf-8")
    options = SyncOptions(source=clib.base, directory=tmp_path / "d",
                          policy=FetchPolicy(retry_delay=0))
    with pytest.raises(SyncError) as raised:
        asyncio.run(sync_release(options))
    assert raised.value.kind == "future_date"
    assert raised.value.params == {"file": "README.md", "release": "v9.9.9",
                                   "date": "9999-12-31"}
    assert not (tmp_path / "d" / "v9.9.9").exists()


def test_a_sync_reads_the_release_notes_off_the_event_loop(clib, tmp_path, monkeypatch):
    """Upstream's README is parsed in a worker thread: the loop (the bot's /healthz and every
    interaction) keeps serving meanwhile."""
    import asyncio
    import threading

    from bot.sync import claims, engine
    from bot.sync.download import FetchPolicy

    threads = []

    def notes(*args, **kwargs):
        threads.append(threading.current_thread())
        return read_release_notes(*args, **kwargs)

    monkeypatch.setattr(claims, "read_release_notes", notes)
    options = engine.SyncOptions(source=clib.base, directory=tmp_path / "d",
                                 policy=FetchPolicy(retry_delay=0))
    asyncio.run(engine.sync_release(options))
    assert threads and threading.main_thread() not in threads


def _notes_line_by_line(text: str) -> list[tuple[int, str]]:
    """The reference: every line, split plainly, that the note pattern matches."""
    from bot.core.release import _NOTE

    return [(n, m.group(0)) for n, line in enumerate(text.split("\n"), start=1)
            if (m := _NOTE.match(line))]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["\n", " ", "- ", "* ", "[", "]", "2026/9/8", "2026/1/31",
                                 "v5.11.7", "v3.6", "x", "版本", "\r"]), max_size=14))
def test_notes_are_found_on_the_lines_and_numbers_a_plain_split_gives(tokens):
    from bot.core.release import _NOTE, _bracketed_lines

    text = "".join(tokens)
    found = [(n, m.group(0)) for n, line, _ in _bracketed_lines(text)
             if (m := _NOTE.match(line))]
    assert found == _notes_line_by_line(text)
