"""Loading a data folder into a catalog: what is read, what is skipped and said, the errors
that stop a load (file, line, reason), nicknames, and what /about reports of it all."""

from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path

import pytest

from bot.core.catalog import Catalog, load_catalog
from bot.core.datafolder import Aliases, data_files, load_aliases, read_release, release_info
from bot.core.errors import AmbiguousModel, BoardError, UnknownModel
from bot.core.queries import about
from bot.core.requests import AboutRequest
from tests.core.boards import board

NOTES = "# ReLE\n- [2026/9/8] v5.11.7版本\n"
ROWS = "|1|alpha|OrgA|10元|90|商用|88|80|\n|2|beta|orgb|4元|86|开源|86|85|"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# -- catalog ----------------------------------------------------------------------------------


def test_a_catalog_needs_a_board():
    with pytest.raises(ValueError, match=r"^a catalog needs at least one board$"):
        Catalog([])


def test_a_catalog_remembers_its_files_and_when_it_was_loaded():
    """Sources and skipped files as given; loaded now (UTC) unless told; the data date is the
    load date unless the files say otherwise."""
    from bot.core.board import parse_boards

    boards = parse_boards(board(ROWS), "x.md")
    before = dt.datetime.now(dt.UTC)
    catalog = Catalog(boards, sources=["a.md", "b.md"])
    assert catalog.sources == ("a.md", "b.md")
    assert catalog.loaded_at.tzinfo is dt.UTC and catalog.loaded_at >= before
    assert catalog.data_date == catalog.loaded_at.date()
    when = dt.datetime(2026, 1, 2, 3, 4, tzinfo=dt.UTC)
    fixed = Catalog(boards, loaded_at=when, data_date=dt.date(2025, 12, 31))
    assert (fixed.loaded_at, fixed.data_date) == (when, dt.date(2025, 12, 31))


def test_an_unknown_or_ambiguous_model_says_what_was_asked():
    from bot.core.board import parse_boards

    catalog = Catalog(parse_boards(board("|1|gemma-2-9b|G|1元|90|开源|88|80|\n"
                                         "|2|gemma-3-9b|G|1元|86|开源|86|85|"), "x.md"))
    with pytest.raises(AmbiguousModel) as caught:
        catalog.resolve_model("gemma 9b")
    assert caught.value.params == {"query": "gemma 9b"}
    assert caught.value.suggestions == ["gemma-2-9b", "gemma-3-9b"]
    with pytest.raises(UnknownModel) as caught:
        catalog.resolve_model("gpt-4o")
    assert caught.value.params == {"query": "gpt-4o"}


def test_autocomplete_offers_the_current_release_best_total_first_then_older_ones(tmp_path):
    """With nothing typed: the current release's models by total (those without a total
    last, then by rank), then the models only an older release lists."""
    write(tmp_path / "v1" / "a.md", "### old\n|排名|大模型|总分|\n|-|-|-|\n|1|ancient|99|\n"
          "|2|alpha|10|\n")
    write(tmp_path / "v2" / "b.md",
          "### new\n|排名|大模型|总分|医疗|\n|-|-|-|-|\n|1|alpha|70|1|\n|2|beta|80|1|\n"
          "|3|untotalled||1|\n|4|gamma|75|1|\n")
    catalog = load_catalog(tmp_path)
    assert catalog.completer.complete("") == ["beta", "gamma", "alpha", "untotalled", "ancient"]
    assert catalog.is_current(catalog.record("alpha"))
    assert not catalog.is_current(catalog.record("ancient"))
    assert catalog.release_of(catalog.record("ancient")).version == "v1"


def test_organisations_for_autocomplete_most_models_first():
    """Counted across spellings (OrgA and orga are one); the board's first spelling shown."""
    from bot.core.board import parse_boards

    rows = ("|1|a|OrgA|1元|90|开源|1|1|\n|2|b|orga|1元|80|开源|1|1|\n|3|c|OrgC|1元|70|开源|1|1|\n"
            "|4|d|OrgB|1元|60|开源|1|1|\n|5|e|OrgB|1元|50|开源|1|1|\n|6|f|ORGB|1元|40|开源|1|1|")
    catalog = Catalog(parse_boards(board(rows), "x.md"))
    assert catalog.complete_orgs("") == ["OrgB", "OrgA", "OrgC"]
    assert catalog.complete_orgs("", limit=2) == ["OrgB", "OrgA"]
    assert catalog.complete_orgs("orgc")[0] == "OrgC"


# -- load_catalog -----------------------------------------------------------------------------


def test_files_without_any_leaderboard_table(tmp_path):
    """One file: named in the error; several: "the files"."""
    notes = write(tmp_path / "notes.md", "# just notes\n")
    other = write(tmp_path / "other.md", "| a | b |\n|---|---|\n| 1 | 2 |\n")
    with pytest.raises(BoardError) as caught:
        load_catalog(files=[notes])
    assert str(caught.value) == f"{notes}: no leaderboard table (a header row with 大模型) found"
    with pytest.raises(BoardError) as caught:
        load_catalog(files=[notes, other])
    assert str(caught.value) == "the files: no leaderboard table (a header row with 大模型) found"


def test_files_given_one_by_one_make_one_release(tmp_path):
    """Files, not a folder: one release of unknown version, their notes files skipped, the
    data date that of the newest file."""
    one = write(tmp_path / "one.md", board(ROWS))
    notes = write(tmp_path / "CHANGELOG.md", "# changes\n")
    os.utime(one, (1_700_000_000, 1_700_000_000))
    os.utime(notes, (1_800_000_000, 1_800_000_000))
    catalog = load_catalog(files=[one, notes])
    assert [r.name for r in catalog.records] == ["alpha", "beta"]
    assert catalog.current.version is None and catalog.current.folder is None
    assert [(Path(s.path).name, s.reason) for s in catalog.skipped] == [
        ("CHANGELOG.md", "no leaderboard table")]
    assert catalog.sources == (str(one), str(notes))
    assert catalog.data_date == dt.datetime.fromtimestamp(1_800_000_000, dt.UTC).date()


def test_a_folder_is_logged_with_what_it_held(tmp_path, caplog):
    write(tmp_path / "a.md", board(ROWS))
    write(tmp_path / "notes.md", "# notes\n")
    with caplog.at_level(logging.INFO, logger="bot.core.catalog"):
        load_catalog(tmp_path)
    messages = [r.getMessage() for r in caplog.records]
    assert f"skipped {tmp_path / 'notes.md'}: no leaderboard table" in messages
    assert f"loaded 1 releases, 1 boards, 2 models from {tmp_path}" in messages


def test_a_missing_or_empty_data_folder(tmp_path):
    with pytest.raises(BoardError) as caught:
        load_catalog(tmp_path / "nowhere")
    assert str(caught.value) == f"{tmp_path / 'nowhere'}: data directory not found"
    write(tmp_path / "empty" / "notes.md", "# nothing\n")
    with pytest.raises(BoardError) as caught:
        load_catalog(tmp_path / "empty")
    assert str(caught.value) == (f"{tmp_path / 'empty'}: no leaderboard table in any *.md file "
                                 "of the data directory")
    assert data_files(tmp_path / "nowhere") == []


def test_hidden_and_private_subfolders_are_no_releases(tmp_path):
    """.git, _drafts and the boards folder itself are not releases of their own."""
    write(tmp_path / "a.md", board(ROWS))
    write(tmp_path / ".git" / "x.md", board("|1|hidden|H|1元|1|开源|1|1|"))
    write(tmp_path / "_drafts" / "x.md", board("|1|draft|D|1元|1|开源|1|1|"))
    write(tmp_path / "leaderboard" / "b.md", board("|1|gamma|C|1元|1|开源|1|1|", title="其他"))
    catalog = load_catalog(tmp_path)
    assert len(catalog.releases) == 1
    assert {r.name for r in catalog.records} == {"alpha", "beta", "gamma"}
    assert data_files(tmp_path) == [tmp_path / "a.md", tmp_path / "leaderboard" / "b.md"]


def test_a_release_is_named_by_its_own_readme_only(tmp_path):
    """A README elsewhere does not name this release; the folder's name does."""
    folder = tmp_path / "v2.1"
    readme = write(tmp_path / "README.md", NOTES)
    boards = write(folder / "a.md", board(ROWS))
    assert release_info([readme, boards], folder).version == "v2.1"
    assert release_info([boards], None).version is None
    own = write(folder / "readme.md", NOTES)
    assert release_info([own, boards], folder).version == "v5.11.7"
    release, skipped = read_release([own, boards], folder)
    assert release is not None and release.folder == str(folder)
    assert skipped == []


def test_a_readme_that_is_not_utf8_names_no_release(tmp_path):
    folder = tmp_path / "v4"
    readme = folder / "README.md"
    folder.mkdir()
    readme.write_bytes("- [2026/9/8] v5.11.7版本\n".encode("gb18030"))
    assert release_info([readme], folder).version == "v4"


# -- nicknames --------------------------------------------------------------------------------


def test_a_broken_aliases_file_names_itself(tmp_path):
    bad = write(tmp_path / "aliases.toml", "[models]\n\"r1\" = \n")
    with pytest.raises(BoardError) as caught:
        load_aliases(bad)
    assert caught.value.source == str(bad)
    assert caught.value.reason.startswith("invalid TOML: ")
    assert "line 2" in str(caught.value)  # in the message (3.11) or as the line (3.14)
    wrong = write(tmp_path / "wrong.toml", "[models]\nr1 = 5\n")
    with pytest.raises(BoardError) as caught:
        load_aliases(wrong)
    assert str(caught.value) == f"{wrong}: invalid aliases: Input should be a valid string"
    with pytest.raises(BoardError) as caught:
        load_aliases(tmp_path / "missing.toml")
    assert str(caught.value) == f"{tmp_path / 'missing.toml'}: No such file or directory"


def test_an_aliases_file_named_but_missing(tmp_path):
    write(tmp_path / "a.md", board(ROWS))
    with pytest.raises(BoardError) as caught:
        load_catalog(tmp_path, aliases_path=tmp_path / "nope.toml")
    assert str(caught.value) == f"{tmp_path / 'nope.toml'}: aliases file not found"


def test_merged_aliases_add_and_override():
    base = Aliases(models={"a": "x", "b": "y"}, orgs={"O": ["o1"]})
    mine = Aliases(models={"b": "z", "c": "w"}, orgs={"P": ["p1"]})
    merged = base.merged(mine)
    assert merged.models == {"a": "x", "b": "z", "c": "w"}
    assert merged.orgs == {"O": ["o1"], "P": ["p1"]}


# -- /about -----------------------------------------------------------------------------------


def test_about_reports_the_releases_boards_skipped_files_and_disagreements(tmp_path):
    """Every release (the current one marked), the current release's boards with their file
    relative to the release folder, skipped files by name, and what boards disagree on."""
    write(tmp_path / "v1" / "a.md", board("|1|old|O|1元|50|开源|50|50|", title="旧榜"))
    write(tmp_path / "v2" / "README.md", NOTES)
    write(tmp_path / "v2" / "leaderboard" / "b.md", board(ROWS))
    write(tmp_path / "v2" / "leaderboard" / "c.md",
          "### 另一个榜\n|排名|大模型|输出价格|总分|\n|-|-|-|-|\n|1|alpha|12元|90|\n")
    write(tmp_path / "v2" / "notes.md", "# notes\n")
    catalog = load_catalog(tmp_path)
    result = about(catalog, AboutRequest())
    data = result.model_dump(mode="json")
    assert data["version"] and data["url"] == "https://github.com/jeinlee1991/chinese-llm-benchmark"
    assert data["releases"] == [
        {"release": "v5.11.7", "date": "2026-09-08", "boards": 2, "models": 2, "current": True,
         "notes": []},
        {"release": "v1", "date": None, "boards": 1, "models": 1, "current": False,
         "notes": []},
    ]
    assert data["boards"] == [
        {"title": "规则测试榜", "file": "leaderboard/b.md", "models": 2,
         "domains": ["医疗", "法律"]},
        {"title": "另一个榜", "file": "leaderboard/c.md", "models": 1, "domains": []},
    ]
    assert data["models"] == 2
    assert result.loaded_at == catalog.loaded_at
    assert data["skipped"] == [{"file": "notes.md", "reason": "no leaderboard table"}]
    assert data["disagreements"] == [{
        "model": "alpha", "figure": "price", "chosen": {"value": 10.0, "board": "规则测试榜"},
        "others": [{"value": 12.0, "board": "另一个榜"}]}]
    assert data["source"] == {"release": "v5.11.7", "date": "2026-09-08",
                              "boards": ["规则测试榜", "另一个榜"], "releases": ["v5.11.7"]}


def test_about_names_a_board_file_outside_its_release_folder_by_its_name(tmp_path):
    one = write(tmp_path / "deep" / "one.md", board(ROWS))
    result = about(load_catalog(files=[one]), AboutRequest())
    assert [b.file for b in result.boards] == ["one.md"]


def test_every_release_folder_lists_its_skipped_files(tmp_path):
    write(tmp_path / "v1" / "a.md", board(ROWS))
    write(tmp_path / "v1" / "notes.md", "# notes\n")
    write(tmp_path / "v2" / "b.md", board(ROWS))
    write(tmp_path / "v2" / "CHANGELOG.md", "# changes\n")
    catalog = load_catalog(tmp_path)
    assert sorted(Path(s.path).name for s in catalog.skipped) == ["CHANGELOG.md", "notes.md"]
    assert {r.folder for r in catalog.releases} == {str(tmp_path / "v1"), str(tmp_path / "v2")}


def test_sources_of_figures_from_several_releases(tmp_path):
    """/compare of models of the newest and the oldest of three releases: no single release;
    each board named with its release ("?" when unnamed), the middle release left out."""
    from bot.core.queries import compare
    from bot.core.requests import CompareRequest

    write(tmp_path / "v1" / "a.md", board("|1|oldest|O|1元|50|开源|50|50|", title="一号榜"))
    write(tmp_path / "v2" / "b.md", board("|1|middle|M|1元|60|开源|60|60|", title="二号榜"))
    write(tmp_path / "v3" / "c.md", board("|1|newest|N|1元|70|开源|70|70|", title="三号榜"))
    catalog = load_catalog(tmp_path)
    result = compare(catalog, CompareRequest(model_a="newest", model_b="oldest"))
    assert result.source.model_dump(mode="json") == {
        "release": None, "date": None, "boards": ["三号榜 (v3)", "一号榜 (v1)"],
        "releases": ["v3", "v1"]}
    assert result.same_release is False


def test_a_board_of_an_unnamed_release_is_marked_with_a_question_mark():
    from bot.core.board import parse_boards
    from bot.core.queries import compare
    from bot.core.release import Release, ReleaseInfo
    from bot.core.requests import CompareRequest

    named = Release(ReleaseInfo(version="v2"), tuple(parse_boards(
        board("|1|new|N|1元|70|开源|70|70|", title="新榜"), "n.md")))
    unnamed = parse_boards(board("|1|old|O|1元|50|开源|50|50|", title="旧榜"), "o.md")
    catalog = Catalog(unnamed, releases=[named])
    result = compare(catalog, CompareRequest(model_a="new", model_b="old"))
    assert result.source.boards == ["新榜 (v2)", "旧榜 (?)"]
    assert result.source.releases == ["v2", None]


def test_a_model_scoring_a_total_of_0_is_offered_after_one_scoring_more():
    from bot.core.board import parse_boards

    catalog = Catalog(parse_boards("### t\n|排名|大模型|总分|\n|-|-|-|\n|1|zero|0|\n|2|half|0.5|\n",
                                   "t.md"))
    assert catalog.completer.complete("") == ["half", "zero"]
    assert [r.name for r in catalog.best_first("总分")] == ["half", "zero"]


def test_a_record_of_no_release_of_the_catalog():
    from bot.core.models import ModelRecord

    stranger = ModelRecord(name="stranger", rank=1, board="x")
    catalog = load_catalog(files=[Path(__file__).parent / "fixtures" / "ranking.md"])
    with pytest.raises(KeyError, match="stranger"):
        catalog.release_of(stranger)
    assert not catalog.is_current(stranger)
    assert (stranger.rank_in("医疗"), stranger.board_for("医疗")) == (1, "x")


def test_an_older_releases_card_ranks_it_among_its_own_release(tmp_path):
    """After a ranking of the current release, a card of an older release's model still
    counts ranks and medians among that older release."""
    from bot.core.queries import best, model
    from bot.core.requests import BestRequest, ModelRequest

    write(tmp_path / "v1" / "a.md", board("|1|old-a|A|1元|50|开源|50|50|\n"
                                          "|2|old-b|B|1元|40|开源|40|40|"))
    write(tmp_path / "v2" / "b.md", board("|1|new-a|A|1元|90|开源|90|90|\n"
                                          "|2|new-b|B|1元|80|开源|80|80|\n"
                                          "|3|new-c|C|1元|70|开源|70|70|"))
    catalog = load_catalog(tmp_path)
    best(catalog, BestRequest(domain="医疗"))
    card = model(catalog, ModelRequest(name="old-b")).model
    assert (card.domain_ranks["医疗"], card.release_size["医疗"], card.medians["医疗"]) == (
        2, 2, 45.0)
    assert card.current is False and card.current_release == "v2"


def test_the_data_date_is_the_utc_date_of_the_newest_file(tmp_path, monkeypatch):
    """A file written at 20:00 UTC is of that UTC day, whatever the machine's time zone."""
    import time

    path = write(tmp_path / "a.md", board(ROWS))
    moment = dt.datetime(2026, 3, 1, 20, 0, tzinfo=dt.UTC).timestamp()
    os.utime(path, (moment, moment))
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    try:
        assert load_catalog(tmp_path).data_date == dt.date(2026, 3, 1)
    finally:
        monkeypatch.undo()
        time.tzset()


def test_a_readme_with_a_byte_order_mark_names_its_release(tmp_path):
    folder = tmp_path / "r"
    write(folder / "a.md", board(ROWS))
    (folder / "README.md").write_bytes("\ufeff- [2026/9/8] v5.11.7版本\n".encode())
    assert load_catalog(folder).current.version == "v5.11.7"


def test_about_gives_the_installed_version():
    from importlib import metadata

    try:
        installed = metadata.version("modelbot")
    except metadata.PackageNotFoundError:  # a checkout never installed (mutation testing)
        installed = "0+unknown"
    catalog = load_catalog(files=[Path(__file__).parent / "fixtures" / "ranking.md"])
    assert about(catalog, AboutRequest()).version == installed


def test_a_synced_folder_adds_releases_and_replaces_one_of_the_same_version(tmp_path):
    """Releases written by ``modelbot sync`` are read beside the data folder: a new version is
    added, one of the same version replaces the folder's (the synced copy is the newer
    fetch), and the synced files are among the sources and the skipped files."""
    data, synced = tmp_path / "data", tmp_path / "synced"
    write(data / "v1" / "a.md", board(ROWS))
    write(data / "v2" / "b.md", board("|1|gamma|C|1元|1|开源|1|1|"))
    write(synced / "v2" / "b.md", board("|1|delta|D|1元|1|开源|1|1|"))
    write(synced / "v3" / "c.md", board("|1|epsilon|E|1元|1|开源|1|1|"))
    write(synced / "v3" / "notes.md", "# notes\n")
    catalog = load_catalog(data, synced=synced)
    assert [(r.version, [m.name for m in r.records]) for r in catalog.releases] == [
        ("v3", ["epsilon"]), ("v2", ["delta"]), ("v1", ["alpha", "beta"])]
    assert catalog.sources == tuple(str(p) for p in [
        data / "v1" / "a.md", data / "v2" / "b.md", synced / "v2" / "b.md",
        synced / "v3" / "c.md", synced / "v3" / "notes.md"])
    assert [s.path for s in catalog.skipped] == [str(synced / "v3" / "notes.md")]


@pytest.mark.parametrize("where", ["absent", "empty", "data"])
def test_a_synced_folder_absent_empty_or_the_data_folder_adds_nothing(tmp_path, where):
    """Before the first sync the folder is absent or empty: the data folder alone is read,
    without an error. When it is the data folder itself, nothing is read twice."""
    data = tmp_path / "data"
    write(data / "v1" / "a.md", board(ROWS))
    synced = {"absent": tmp_path / "nowhere", "empty": tmp_path / "empty", "data": data}[where]
    (tmp_path / "empty").mkdir()
    catalog = load_catalog(data, synced=synced)
    assert [r.version for r in catalog.releases] == ["v1"]
    assert catalog.sources == (str(data / "v1" / "a.md"),)


def test_what_a_server_hides_is_worked_out_from_its_choice():
    """hiding(): organisations under every spelling (case-folded) and boards, each server's
    choice its own (a second server hiding something else does not get the first's)."""
    from tests.core.boards import catalog as rules_catalog

    catalog = rules_catalog(ROWS)
    hides_a = catalog.hiding(["ORGA"], ["规则测试榜"])
    assert (hides_a.hidden_orgs, hides_a.hidden_boards) == ({"orga"}, {"规则测试榜"})
    hides_b = catalog.hiding(["orgb"], [])
    assert (hides_b.hidden_orgs, hides_b.hidden_boards) == ({"orgb"}, set())
    assert catalog.hiding(["ORGA"], ["规则测试榜"]) == hides_a
    assert [r.name for r in catalog.records if hides_b.shows(r)] == ["alpha"]
