"""The name index's helpers the resolver and autocomplete lean on: words containing a typed
fragment, and parameter counts compared across units."""

from __future__ import annotations

import pytest

from bot.core.names import MAX_CANDIDATES, NameIndex, parameters


def test_every_word_containing_a_fragment_is_found_in_vocabulary_order():
    """seek is inside deepseek, moonseeker and seekchat: all three, each once, in the
    vocabulary's (sorted) order."""
    index = NameIndex(["deepseek-r1", "seekchat-7b", "moonseeker-2"])
    assert index.containing("seek") == ["deepseek", "moonseeker", "seekchat"]
    assert index.containing("zzz") == []


def test_words_containing_a_fragment_are_capped():
    """A fragment inside a dozen words gives the first MAX_CANDIDATES of them."""
    index = NameIndex([f"seek{letter}-x" for letter in "abcdefghijkl"])
    assert index.containing("seek") == [f"seek{letter}" for letter in "abcdefghij"]
    assert MAX_CANDIDATES == 10


@pytest.mark.parametrize(("size", "count"), [("2b", 2e9), ("560m", 5.6e8), ("0.3b", 3e8),
                                             ("70b", 7e10)])
def test_a_size_is_a_parameter_count(size, count):
    """b is billions, m millions: 0.3b is fewer parameters than 560m."""
    assert parameters(size) == count
    assert parameters("0.3b") < parameters("560m")
