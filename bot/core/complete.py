"""Autocomplete of model names: it runs on every keystroke, so it never scores every name.

The candidates are names that start with what is typed, names having its words (the last one
may be half typed, a word may be misspelt), and models of an organisation it names, each found
in indexes built once per catalog (``bot.core.names``) and cut to a few times the limit in
board order. Only those are scored carefully.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping, Sequence

from rapidfuzz import fuzz, process

from bot.core.domains import fold
from bot.core.names import (
    AFTER_ALL,
    SIZE_UNITS,
    WEAK_TOKENS,
    NameIndex,
    is_number,
    numbers_agree,
    tokenize,
)


class Completer:
    """Autocomplete over one catalog's prepared names."""

    def __init__(self, index: NameIndex) -> None:
        self.index = index

    def complete(self, query: str, limit: int = 25) -> list[str]:
        """Names for autocomplete, best first: the top of the board when ``query`` is empty.

        It runs on every keystroke, so it never scores every name: the candidates are names
        that start with what is typed, names having its words (the last one may be half typed,
        a word may be misspelt), and models of an organisation it names, each kind found in
        the indexes built at load and cut to a few times ``limit`` in board order. Only those
        are scored carefully.
        """
        text = query.strip()
        key = fold(text)
        if not key:
            return list(self.index.popular[:limit])
        tokens = tokenize(text)
        numbers = [t for t in tokens if is_number(t)]
        cap = limit * 3
        found = self._starting_with(key, cap)
        if len(found) < cap:
            matched, related = self._typed_words(tokens)
            found += self._having_all(matched, cap)
            if len(set(found)) < limit:  # room left: names sharing one typed word
                found += _first_of(self.index.word_order, related, cap)
        # Organisation names and their aliases ("深度", "alibaba") bring in their models.
        org_words = [word for word in self.index.org_order if word.startswith(key)]
        candidates = list(dict.fromkeys([*found, *_first_of(self.index.org_order, org_words, cap)]))
        if not candidates:
            return []
        folded = [self.index.folded[i] for i in candidates]
        scored = process.extract(key, folded, scorer=fuzz.WRatio, processor=None, limit=None)
        rescored: list[tuple[float, int]] = []
        for _, score, position in scored:
            index = candidates[position]
            item = self.index.prepared[index]
            if item.folded.startswith(key):
                score += 10
            if org_words and any(index in self.index.by_org_word[w] for w in org_words):
                score = max(score, 80.0)
            if numbers and not numbers_agree(numbers, item.numbers, item.versions):
                score -= 30
            rescored.append((score, index))
        rescored.sort(key=lambda pair: (-pair[0], pair[1]))
        return [self.index.names[index] for _, index in rescored[:limit]]

    def _starting_with(self, key: str, cap: int) -> list[int]:
        """The first ``cap`` names (board order) whose folded form starts with ``key``."""
        low = bisect_left(self.index.sorted_folded, key)
        high = bisect_left(self.index.sorted_folded, key + AFTER_ALL, low)
        return sorted(self.index.sorted_index[low:high])[:cap]

    def _typed_words(self, tokens: Sequence[str]) -> tuple[list[list[str]], list[str]]:
        """For each typed token that names anything, the vocabulary words it may stand for;
        and those of the typed words (not numbers), strong or plain, together. Numbers alone
        name no model: when no typed word is found, nothing is."""
        matched: list[list[str]] = []
        related: list[str] = []
        named = False
        for position, token in enumerate(tokens):
            words = self._words_for(token, last=position == len(tokens) - 1)
            if not words:
                continue
            matched.append(words)
            if not is_number(token):
                named = True
                related += [w for w in words if w not in WEAK_TOKENS]
        if not named and not all(is_number(t) for t in tokens):
            return [], []
        return matched, related

    def _having_all(self, matched: Sequence[Sequence[str]], cap: int) -> list[int]:
        """The first ``cap`` names (board order) having a word of every group in ``matched``;
        a group that would leave no name is passed over."""
        if not matched:
            return []
        if len(matched) == 1:
            return _first_of(self.index.word_order, matched[0], cap)
        chosen = self._names_having(matched[0])
        for words in matched[1:]:
            if narrowed := chosen & self._names_having(words):
                chosen = narrowed
        return sorted(chosen)[:cap]

    def _names_having(self, words: Sequence[str]) -> set[int]:
        if len(words) == 1:
            return self.index.by_token[words[0]]
        return set().union(*(self.index.by_token[w] for w in words))

    def _words_for(self, token: str, *, last: bool) -> list[str]:
        """The vocabulary words ``token`` may stand for: itself; a number with its size letter
        (``27`` ~ ``27b``); for the last token, still being typed, the words it begins, or else
        the words containing it; failing all, a close spelling (``deepsek``)."""
        words = [token] if token in self.index.by_token else []
        if is_number(token) and token[-1].isdigit():
            words += [token + unit for unit in SIZE_UNITS if token + unit in self.index.by_token]
        if last:
            low = bisect_left(self.index.vocabulary, token)
            high = bisect_left(self.index.vocabulary, token + AFTER_ALL, low)
            words += self.index.vocabulary[low:high]
            if not words and not is_number(token):
                words = self.index.containing(token)
        if not words and len(token) >= 4 and not is_number(token):
            words = [w for w, _, _ in process.extract(
                token, self.index.vocabulary, scorer=fuzz.ratio, processor=None, limit=3,
                score_cutoff=85)]
        return list(dict.fromkeys(words))


def _first_of(order: Mapping[str, list[int]], words: Sequence[str], cap: int) -> list[int]:
    """The first ``cap`` names (board order) having any of ``words``; ``order`` holds each
    word's names in board order, so only the first ``cap`` of each can be among them."""
    if not words:
        return []
    if len(words) == 1:
        return order[words[0]][:cap]
    return sorted(set().union(*(order[w][:cap] for w in words)))[:cap]
