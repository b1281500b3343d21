"""Names of organisations and domains as people type them, and the small rules around them:
alias groups, suggestions, English names of merged domains, hiding, errors' text, releases'
order and boards that share a title."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core.board import parse_boards
from bot.core.domains import DomainIndex, aliases_of, english_name, parts_of
from bot.core.errors import BoardError, InvalidOption, NoMatch, UnknownModel
from bot.core.orgs import OrgDirectory
from bot.core.release import (
    Release,
    ReleaseInfo,
    distinct_titles,
    newest_first,
    read_release_notes,
    release_order,
    version_number,
)
from bot.core.scope import Scope
from tests.core.boards import board, catalog

BOARD_ORGS = ["阿里巴巴", "Meta", "meta", "智谱", "Mistral", "深度求索", "Google"]


@pytest.fixture
def orgs() -> OrgDirectory:
    return OrgDirectory(BOARD_ORGS, {
        "阿里巴巴": ["alibaba", "阿里"], "Zhipu AI": ["智谱", "zhipu"], "google": ["谷歌"],
        "nvidia": ["英伟达"],
    })


@pytest.mark.parametrize(("typed", "group"), [
    ("阿里巴巴", "阿里巴巴"), ("alibaba", "阿里巴巴"), ("ALI-BABA", "阿里巴巴"),
    ("阿里", "阿里巴巴"),
    ("meta", "meta"), ("Meta", "meta"), ("google", "google"), ("谷歌", "google"),
    ("智谱", "智谱"), ("zhipu", "智谱"), ("Zhipu AI", "智谱"), ("zhipuai", "智谱"),
])
def test_every_spelling_of_an_organisation_names_its_group(orgs, typed, group):
    """A board's own spelling, an alias, and the key and names of an alias entry whose key is
    on no board (Zhipu AI = [智谱, zhipu]): all name one group."""
    assert orgs.resolve(typed) == group


def test_an_alias_entry_of_an_organisation_on_no_board_names_nothing(orgs):
    with pytest.raises(InvalidOption):
        orgs.resolve("英伟达")


def test_an_unknown_organisation_suggests_at_most_three_near_ones(orgs):
    with pytest.raises(InvalidOption) as caught:
        orgs.resolve("metta")
    assert caught.value.params == {"option": "org", "value": "metta", "reason": "unknown_org"}
    assert caught.value.suggestions == ["Meta"]
    with pytest.raises(InvalidOption) as caught:
        orgs.resolve("xyzzyq")
    assert caught.value.suggestions == []
    many = OrgDirectory([f"org{i}" for i in range(8)], {})
    with pytest.raises(InvalidOption) as caught:
        many.resolve("orgx")
    assert len(caught.value.suggestions) == 3


def test_organisations_for_autocomplete(orgs):
    """Empty: most models first, spellings no board uses left out; typed: the closest."""
    counts = {"meta": 3, "mistral": 5, "智谱": 1, "ghost": 0}
    assert orgs.complete("", counts) == ["Mistral", "Meta", "智谱"]
    assert orgs.complete("", counts, limit=1) == ["Mistral"]
    assert orgs.complete("mist", {})[0] == "Mistral"
    assert len(orgs.complete("m", {}, limit=1)) == 1


def test_hiding_an_organisation_hides_every_spelling(orgs):
    """Hiding alibaba hides 阿里巴巴 (the spelling the boards use) and what was typed."""
    assert orgs.spellings(["alibaba"]) == {"阿里巴巴", "alibaba"}
    assert orgs.spellings(["zhipu"]) == {"智谱", "zhipu"}
    assert orgs.spellings(["nobody"]) == {"nobody"}
    assert orgs.group_of(None) is None and orgs.group_of("unknown") is None
    assert orgs.name_of("meta") == "Meta" and orgs.name_of("ghost") == "ghost"


def test_a_scope_hides_by_organisation_and_by_board_in_any_case():
    cat = catalog("|1|a|OrgA|1元|90|商用|1|1|\n|2|b|OrgB|1元|80|商用|1|1|\n|3|c||1元|70|商用|1|1|",
                  extra=("### Side Board\n|排名|大模型|总分|\n|-|-|-|\n|1|b|80|\n",))
    records = {r.name: r for r in cat.records}
    by_org = Scope.of(orgs=["orga"])
    assert [n for n, r in records.items() if by_org.shows(r)] == ["b", "c"]
    by_board = Scope.of(boards=["side board"])
    assert [n for n, r in records.items() if by_board.shows(r)] == ["a", "c"]
    assert Scope.of(orgs=["x"], boards=["y"]) == Scope(hidden_orgs=frozenset({"x"}),
                                                        hidden_boards=frozenset({"y"}))


# -- domains ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("header", "english"), [
    ("医疗与法律", "Medical & Law"), ("医疗与心理健康", "Medical & mental health"),
    ("烹饪", "烹饪"), ("医疗与烹饪", "医疗与烹饪"), ("信息抽取能力", "Information extraction"),
    ("总分", "Overall"), ("Coding", "Coding"),
])
def test_english_names(header, english):
    """A known domain's own name; a merged header of known parts joins theirs; anything
    else keeps its own header."""
    assert english_name(header) == english


def test_aliases_and_parts():
    assert aliases_of("医疗") == ("medical", "medicine", "health", "healthcare", "医学", "med")
    assert aliases_of("医疗与心理健康") == ("medical & mental health", "medical-and-mental-health")
    assert aliases_of("烹饪") == ()
    assert parts_of("医疗与心理健康") == ("医疗", "心理健康")
    assert parts_of("法律/行政公务") == ("法律", "行政公务")
    assert parts_of("医疗") == ()


def test_a_domain_answers_to_its_header_in_any_case_and_with_separators():
    index = DomainIndex(["医疗", "agent与工具调用", "Coding Plus"])
    for typed in ("AGENT与工具调用", "agent-与工具调用", "Agent与工具调用 "):
        assert index.resolve(typed) == "agent与工具调用"
    assert index.resolve("coding plus") == index.resolve("CodingPlus") == "Coding Plus"


def test_domain_suggestions_are_few_distinct_and_near():
    index = DomainIndex(["医疗", "医疗与法律", "医疗与烹饪", "教育"])
    near = index.suggest("medcal")
    assert near[0] == "医疗" and len(near) == len(set(near)) <= 3
    assert index.suggest("x" * 30) == []
    assert index.suggest("") == ["总分", "医疗", "医疗与法律"]
    assert len(index.suggest("医疗", limit=2)) == 2
    assert [i.canonical for i in index.complete("", limit=2)] == ["总分", "医疗"]


# -- errors -----------------------------------------------------------------------------------


def test_errors_read_as_kind_and_what_was_asked():
    """What a log line or a traceback shows of a user error; a board error's place."""
    assert str(UnknownModel(query="x")) == "unknown_model: {'query': 'x'}"
    assert str(NoMatch(reason="page", page=2)) == "no_match: {'reason': 'page', 'page': 2}"
    error = BoardError("a.md", None, "bad")
    assert (str(error), error.source, error.line, error.reason) == ("a.md: bad", "a.md", None,
                                                                    "bad")
    assert str(BoardError("a.md", 7, "bad")) == "a.md:7: bad"


# -- releases ---------------------------------------------------------------------------------


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
    """The same heading in x/a.md, y/a.md and b.md: 同名, 同名 (a), 同名 (a 2)... and each row
    names its board's new title."""
    text = "### 同名\n|排名|大模型|总分|\n|-|-|-|\n|1|m|90|\n"
    parsed = [*parse_boards(text, "x/a.md"), *parse_boards(text.replace("|m|", "|n|"), "y/a.md"),
              *parse_boards(text.replace("|m|", "|o|"), "z/a.md"),
              *parse_boards(text.replace("|m|", "|p|"), "b.md")]
    titles = [b.title for b in distinct_titles(parsed)]
    assert titles == ["同名", "同名 (a)", "同名 (a 2)", "同名 (b)"]
    assert [b.models[0].board for b in distinct_titles(parsed)] == titles


def test_a_domain_typed_exactly_beats_one_it_folds_to():
    """ab and a-b are two domains: a-b typed is a-b, not ab."""
    index = DomainIndex(["ab", "a-b"])
    assert index.resolve("a-b") == "a-b"
    assert index.resolve("AB") == "ab"


def test_domain_autocomplete_stops_at_25_and_ranks_by_likeness():
    index = DomainIndex([f"领域{i:02d}" for i in range(30)])
    assert len(index.complete("")) == 25
    assert len(index.complete("领域", limit=5)) == 5
    assert len(index.complete("领域")) > 3


def test_a_fourth_board_of_the_same_title_and_file_name():
    text = "### 同名\n|排名|大模型|总分|\n|-|-|-|\n|1|m{}|90|\n"
    parsed = [b for i, folder in enumerate("wxyz")
              for b in parse_boards(text.format(i), f"{folder}/a.md")]
    assert [b.title for b in distinct_titles(parsed)] == [
        "同名", "同名 (a)", "同名 (a 2)", "同名 (a 3)"]


def test_organisation_autocomplete_stops_at_25():
    many = OrgDirectory([f"org{i:02d}" for i in range(40)], {})
    assert len(many.complete("", {f"org{i:02d}": i for i in range(40)})) == 25
    assert len(many.complete("org", {})) == 25


def test_headless_tables_without_a_single_score_are_named_after_their_file():
    """A total and two domains, or a rank and no score at all: named after the file."""
    (broad,) = parse_boards("|排名|大模型|总分|医疗|法律|\n|-|-|-|-|-|\n|1|a|90|80|70|\n", "all.md")
    assert (broad.title, broad.own_domain) == ("all", None)
    (bare,) = parse_boards("|排名|大模型|\n|-|-|\n|1|a|\n", "bare.md")
    assert (bare.title, bare.domains, bare.own_domain) == ("bare", [], None)
