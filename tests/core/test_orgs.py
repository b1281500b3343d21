"""Organisations as people type them: alias groups, suggestions, autocomplete, hiding."""

from __future__ import annotations

import pytest

from bot.core.errors import InvalidOption
from bot.core.orgs import OrgDirectory

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


def test_organisation_autocomplete_stops_at_25():
    many = OrgDirectory([f"org{i:02d}" for i in range(40)], {})
    assert len(many.complete("", {f"org{i:02d}": i for i in range(40)})) == 25
    assert len(many.complete("org", {})) == 25


def test_a_boards_own_spelling_beats_an_alias_that_folds_alike():
    """mistral's alias "mistralai" folds like the board's own Mistral_AI: typing it names
    Mistral_AI, whether the alias belongs to an organisation on the board or to an entry whose
    key is on none; of two board spellings that fold alike, the first board's wins."""
    own = OrgDirectory(["mistral", "Mistral_AI"], {"mistral": ["mistralai"]})
    assert own.resolve("mistralai") == "mistral_ai"
    assert own.resolve("mistral") == "mistral"
    offboard = OrgDirectory(["mistral", "Mistral_AI"], {"Mistral Group": ["mistral", "mistralai"]})
    assert offboard.resolve("mistralai") == "mistral_ai"
    assert offboard.resolve("mistral group") == "mistral"
    twice = OrgDirectory(["Mistral_AI", "mistral-ai"], {})
    assert twice.resolve("mistralai") == "mistral_ai"
