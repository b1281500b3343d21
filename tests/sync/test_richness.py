"""Copies of one release compared by content: boards matched by title, not file name; the
richer copy kept; a broken new copy left to the validation that names its line."""

from __future__ import annotations

import re

from bot.sync.install import folder_files
from bot.sync.richness import merge_copies, richness
from tests.paths import CURRENT_DIR
from tests.sync.releases import with_malformed_board

WHOLE = folder_files(CURRENT_DIR)
SIX = {p: b for p, b in WHOLE.items()
       if p in ("README.md", "leaderboard/总分.md", "leaderboard/reasonmodel.md",
                "leaderboard/commerce1.md", "leaderboard/commerce2.md",
                "leaderboard/commerce3.md", "leaderboard/opensource3.md")}


def test_boards_the_new_copy_lacks_are_taken_from_the_copy_held():
    merged = merge_copies(SIX, [WHOLE])
    assert merged.files == WHOLE and not merged.kept
    assert merged.taken == sorted(set(WHOLE) - set(SIX))


def test_a_board_held_under_another_name_is_not_taken_twice():
    """CLiB renamed 总分.md: the held copy's old file has a title the new copy has."""
    renamed = {**{p: b for p, b in WHOLE.items() if p != "leaderboard/总分.md"},
               "leaderboard/overall.md": WHOLE["leaderboard/总分.md"]}
    merged = merge_copies(renamed, [WHOLE])
    assert "leaderboard/总分.md" not in merged.files and merged.taken == []


def test_a_copy_with_fewer_priced_models_keeps_the_richer_one():
    """commerce3.md's prices read '/': the models priced only there (in the six linked
    boards) are priced no more. (With alldata.md, which prices every model, they would be.)"""
    body = SIX["leaderboard/commerce3.md"].decode()
    poorer = {**SIX, "leaderboard/commerce3.md":
              re.sub(r"\|\s*\d+(\.\d+)?元\s*\|", "|/|", body).encode()}
    assert richness(poorer).priced < richness(SIX).priced
    assert richness(poorer).boards == richness(SIX).boards
    merged = merge_copies(poorer, [SIX])
    assert merged.kept and merged.files == SIX


def test_a_copy_as_rich_is_taken():
    assert merge_copies(WHOLE, [SIX]).files == WHOLE
    assert not merge_copies(WHOLE, [SIX]).kept


def test_a_broken_new_copy_is_not_judged_poorer():
    broken, _line = with_malformed_board(WHOLE)
    merged = merge_copies(broken, [WHOLE])
    assert not merged.kept and merged.files["leaderboard/commerce2.md"] == \
        broken["leaderboard/commerce2.md"]


def test_a_copy_held_file_for_file_parses_nothing(monkeypatch):
    import bot.sync.richness

    monkeypatch.setattr(bot.sync.richness, "parse_boards", None)  # would fail if called
    assert merge_copies(WHOLE, [SIX, WHOLE]).files == WHOLE
