"""The which-model menu's values: positions of the names it offered, and nothing else."""

from __future__ import annotations

import pytest

from bot.core.errors import InvalidOption
from bot.discord.views import picked, which_model

NAMES = [f"m-{i}" for i in range(30)]


def test_the_menu_offers_the_first_25_names_by_position():
    """Discord allows 25 options: the first 25 names, their values 0..24."""
    (menu,) = which_model(1, "0" * 16, NAMES, "en").children
    assert [o.value for o in menu.item.options] == [str(i) for i in range(25)]
    assert [o.label for o in menu.item.options] == NAMES[:25]


@pytest.mark.parametrize(("values", "name"), [(["0"], "m-0"), (["24"], "m-24")])
def test_a_value_the_menu_offered_picks_its_name(values, name):
    assert picked(NAMES, values) == name


@pytest.mark.parametrize("values", [["25"], ["29"], ["30"], ["-1"], [], ["0", "1"]])
def test_a_value_past_the_25_offered_is_refused_though_the_name_exists(values):
    """30 names fit the query but the menu showed 25: a forged 25 names a model the user was
    never offered, so it is refused like any other value the menu did not hold."""
    with pytest.raises(InvalidOption) as caught:
        picked(NAMES, values)
    assert caught.value.params["reason"] == "not_offered"
