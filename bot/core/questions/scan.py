"""A sentence into pieces: cues (intent, domain, kind, period, separator, filler), amounts, and
the runs of words left between them, which may name models or organisations.

The phrase table is built once per catalog (``Phrases``): every domain word maps to a domain
the loaded release has, every organisation's Chinese spelling is kept whole (月之暗面 is a name,
not 之 of 之内). Scanning is one left-to-right pass, the longest phrase first at each token,
so it is linear in the sentence (phrases are at most ``_LONGEST`` tokens).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from bot.core.catalog import Catalog
from bot.core.domains import KNOWN_DOMAINS, fold
from bot.core.errors import UnknownDomain, UserError
from bot.core.names import tokenize
from bot.core.questions.quantities import Quantity, find_quantities, han_to_digits
from bot.core.questions.vocab import (
    DOMAIN_WORDS,
    FILLER_EN,
    FILLER_ZH,
    FREE,
    INTENTS,
    KINDS,
    NOT_DOMAIN_WORDS,
    PERIODS,
    RELATIVE,
    SEPARATORS,
)
from bot.core.requests import clean_text

CueKind = Literal["intent", "domain", "kind", "period", "sep", "filler", "name", "free",
                  "relative"]

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WORD = "a-z0-9\u00c0-\u024f"
_HAN_CHAR = re.compile(f"[{_HAN}]")
_TOKEN = re.compile(rf"[{_HAN}]|[{_WORD}](?:[{_WORD}'._+\-]*[{_WORD}+])?|\S")
_MARKUP = re.compile(r"<a?:\w{1,32}:\d{1,20}>|<[@#][!&]?\d{1,20}>")  # chat mentions, emoji
_EMOJI = {"So", "Sk", "Cs", "Co", "Cn"}
_JOINERS = {"\u200d", "\ufe0f", "\ufe0e", "\u20e3"}
_LONGEST = 8


@dataclass(frozen=True)
class Cue:
    """What a phrase says: ``kind`` and its value (``best``, ``医疗``, ``open``, ``month``)."""

    kind: CueKind
    value: str = ""


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    han: bool
    letter: bool
    """a word or a Han character (punctuation and symbols only break runs)"""


@dataclass
class Piece:
    """A cue, an amount, or a run of unread tokens (``words``), at ``start`` in the sentence."""

    start: int
    cue: Cue | None = None
    quantity: Quantity | None = None
    words: list[Token] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The run's words as typed: Latin words spaced, Chinese characters together."""
        out = ""
        for before, token in zip([None, *self.words], self.words, strict=False):
            if before is not None and not (before.han and token.han):
                out += " "
            out += token.text
        return out


def normalize(text: str) -> str:
    """Full-width forms folded, controls, chat markup and emoji dropped, lower-case, Chinese
    numerals before a unit as digits."""
    text = clean_text(_MARKUP.sub(" ", text))
    kept = "".join(" " if unicodedata.category(c) in _EMOJI or c in _JOINERS else c for c in text)
    return han_to_digits(" ".join(kept.casefold().split()))


def tokens_of(text: str, offset: int = 0) -> list[Token]:
    """Han characters one by one, words whole, any other character alone."""
    out: list[Token] = []
    for match in _TOKEN.finditer(text):
        word = match.group(0)
        han = bool(_HAN_CHAR.fullmatch(word))
        letter = han or word[0].isalnum()
        out.append(Token(word, offset + match.start(), han, letter))
    return out


class Phrases:
    """The phrase table of one catalog: token tuples -> cue."""

    def __init__(self, catalog: Catalog) -> None:
        table: dict[tuple[str, ...], Cue] = {}

        def put(phrases: tuple[str, ...] | list[str], cue: Cue) -> None:
            for phrase in phrases:
                key = tuple(t.text for t in tokens_of(phrase.casefold()))
                if key:
                    table[key] = cue

        put(FILLER_ZH, Cue("filler"))
        put(FILLER_EN, Cue("filler"))
        put(SEPARATORS, Cue("sep"))
        for period, words in PERIODS.items():
            put(words, Cue("period", period))
        for kind, words in KINDS.items():
            put(words, Cue("kind", kind))
        put(FREE, Cue("free"))
        put(RELATIVE, Cue("relative"))
        for intent, words in INTENTS.items():
            put(words, Cue("intent", intent))
        self.domain_words: dict[str, str] = {}
        """Every word for a domain of the release -> the name a command takes for it."""
        for name, words in self._domain_words(catalog).items():
            put(words, Cue("domain", name))
            self.domain_words.update(dict.fromkeys(words, name))
        self.orgs: dict[str, str] = {}
        """Folded organisation spelling -> the board's spelling of its organisation."""
        for spelling in self._org_spellings(catalog):
            try:
                key = catalog.orgs.resolve(spelling)
            except UserError:
                continue
            self.orgs[fold(spelling)] = catalog.orgs.name_of(key)
            if any(t.han for t in tokens_of(spelling.casefold())):
                put([spelling], Cue("name"))  # kept whole: 月之暗面 is not 之
        self.table = table
        self.families = frozenset(
            tokens[0] for tokens in map(tokenize, catalog.resolver.index.names) if tokens)
        """First words of model names (kimi, glm, qwen): a family named alone. A tier word
        alone (max, flash, mini) names no model, however many names carry it."""
        self.typo_words: dict[str, Cue] = {
            key[0]: cue for key, cue in table.items()
            if len(key) == 1 and key[0].isascii() and key[0].isalpha() and len(key[0]) >= 4
            and cue.kind != "name"
        }
        """Single English cue words, for misspellings of them (``bot.core.questions.reader``)."""
        self.longest = min(_LONGEST, max(len(k) for k in table))

    @staticmethod
    def _org_spellings(catalog: Catalog) -> list[str]:
        names = list(catalog.orgs.display.values())
        for others in catalog.orgs.aliases.values():
            names += others
        return [n for n in names if n.strip()]

    @staticmethod
    def _domain_words(catalog: Catalog) -> dict[str, list[str]]:
        """Domain name (the short name a command takes: 医疗) -> the words for it, only for
        domains the loaded release has."""
        index = catalog.domains
        out: dict[str, list[str]] = {}

        def header(name: str) -> str | None:
            try:
                return index.resolve(name)
            except UnknownDomain:
                return None

        for info in index.infos:  # the release's own headers and their aliases
            words = [w for w in (info.canonical, *info.aliases)
                     if w.casefold() not in NOT_DOMAIN_WORDS and len(w) > 1]
            for word in words:
                short = _short_name(word, info.canonical, header)
                out.setdefault(short, []).append(word)
        for name, words in DOMAIN_WORDS.items():  # everyday words, where the release has them
            if header(name) is not None:
                out.setdefault(name, []).extend(words)
        return out

    def scan(self, text: str) -> list[Piece]:
        """The pieces of a normalized sentence, in order."""
        pieces: list[Piece] = []
        position = 0
        for quantity in [*find_quantities(text), None]:
            end = quantity.start if quantity else len(text)
            pieces += self._scan_words(tokens_of(text[position:end], position))
            if quantity is not None:
                pieces.append(Piece(quantity.start, quantity=quantity))
                position = quantity.end
        return pieces

    def _scan_words(self, tokens: list[Token]) -> Iterator[Piece]:
        run: list[Token] = []
        i = 0
        while i < len(tokens):
            cue, size = self._longest(tokens, i)
            if cue is not None and cue.kind != "name":
                if run:
                    yield Piece(run[0].start, words=run)
                    run = []
                yield Piece(tokens[i].start, cue=cue)
                i += size
                continue
            if cue is None and not tokens[i].letter:  # punctuation ends a run of words
                if run:
                    yield Piece(run[0].start, words=run)
                    run = []
                i += 1
                continue
            if cue is not None:  # an organisation's Chinese name, kept whole
                run.append(Token("".join(t.text for t in tokens[i:i + size]), tokens[i].start,
                                 True, True))
                i += size
                continue
            run.append(tokens[i])
            i += 1
        if run:
            yield Piece(run[0].start, words=run)

    def _longest(self, tokens: list[Token], i: int) -> tuple[Cue | None, int]:
        for size in range(min(self.longest, len(tokens) - i), 0, -1):
            cue = self.table.get(tuple(t.text for t in tokens[i:i + size]))
            if cue is not None:
                return cue, size
        return None, 1


def _short_name(word: str, header: str, resolve: object) -> str:
    """The name a command takes for ``word``: the registry's own name for it when that names
    the same header (medical -> 医疗), else the header itself."""
    key = word.casefold()
    for known in KNOWN_DOMAINS:
        names = {known.canonical.casefold(), known.english.casefold(), *known.aliases}
        if key in names and resolve(known.canonical) == header:  # type: ignore[operator]
            return known.canonical
    return header
