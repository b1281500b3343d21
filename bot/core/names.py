"""Model names prepared once per catalog for resolution and autocomplete: tokens, numbers,
sizes, the words of organisations, and the indexes both look names up in.

A name is split into lower-case tokens: words, and numbers with the one letter that makes them
a size or variant (``72b``, ``4o``); Chinese and Latin letters are separate tokens. Numbers are
identity, not noise (``qwen2.5-7b`` is not ``qwen2.5-72b``); what a query leaves out of a name
costs more for a strong token (``distill``, ``fp8``) than a weak one (``instruct``).
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

from bot.core.domains import fold

# A number, with the one letter glued to it that makes it a size or variant (72b, 4o, 8x);
# a run of Chinese characters; a run of other letters. Chinese and Latin letters are separate
# tokens, so a vendor glued to a name (百度ERNIE-4.0, 月之暗面moonshot-v1-8k) leaves the name's
# own words intact.
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_LETTER = rf"[^\W\d_{_HAN}]"
# A number keeps the one letter glued to it (72b, 4o), also before "x" in mixture-of-experts
# sizes (7bx8: 7b, x, 8).
_TOKEN = re.compile(
    rf"\d+(?:\.\d+)*(?:{_LETTER}(?!{_LETTER})|[bmkt](?=x\d))?|[{_HAN}]+|{_LETTER}+",
    re.UNICODE,
)
_UNDERSCORE_DECIMAL = re.compile(r"(?<=\d)_(?=\d)")  # Qwen-1_8B is 1.8B
_YEAR = re.compile(r"^(?:19|20)\d\d$")
SIZE_UNITS = "bmkt"
PARAMETERS = re.compile(r"^\d+(?:\.\d+)?[bm]$")  # a parameter count: 0.3b, 21b, 560m

WEAK_TOKENS = frozenset(
    {"instruct", "it", "chat", "hf", "model", "base", "latest", "the", "meta", "open", "source",
     "version", "ver", "v", "api"}
)
# Tokens that name another lineage of model (a fine-tune or distillation built on the named
# one): a name carrying one the query does not mention is offered, never picked by itself.
LINEAGE_TOKENS = frozenset(
    {"distill", "nemotron", "hermes", "coder", "math", "vl", "vision", "audio", "omni",
     "reasoner", "instructpix", "guard", "embed", "embedding", "reward", "rm"}
)
STRONG_TOKENS = LINEAGE_TOKENS | frozenset(
    {"fp8", "fp16", "bf16", "int4", "int8", "awq", "gptq", "gguf", "preview", "distill", "think",
     "thinking", "exp", "experimental", "turbo", "mini", "nano", "lite", "flash", "pro", "max",
     "plus", "ultra", "air", "vl", "coder", "math", "reasoner", "fp", "moe", "long", "online",
     "search", "vision", "audio", "omni", "nemotron", "hermes", "small", "medium", "large"}
)
# Tokens that name a tier of a model family (gpt-4o-mini, GLM-4.5-Flash, gpt-4-turbo): a name
# with one the query does not mention is another product, so it is offered, never picked, even
# when nothing fits better. (A release stage, preview or exp, is the same model and may be.)
TIER_TOKENS = frozenset(
    {"mini", "nano", "lite", "tiny", "flash", "flashx", "turbo", "speed", "pro", "max", "plus",
     "ultra", "air", "airx", "small", "medium", "large", "long"}
)

# What an unmentioned candidate token costs; a strong token costs more than the best fuzzy
# margin, so "r1" alone never stretches to "r1-distill".
COST_WEAK = 0.02
COST_NUMBER = 0.04
COST_OTHER = 0.10
COST_STRONG = 0.35
COST_FUZZY_TOKEN = 0.06  # a query token matched by a close spelling, not exactly
MAX_CANDIDATES = 10
AFTER_ALL = "\U0010ffff"  # sorts after every character: key + this bounds key's prefix range


def tokenize(text: str) -> list[str]:
    """Lower-case tokens: words, and numbers with their size letter (``gemma3`` -> gemma, 3)."""
    return _TOKEN.findall(_UNDERSCORE_DECIMAL.sub(".", text.casefold()))


def is_number(token: str) -> bool:
    return token[:1].isdecimal()  # what ``^\d`` matches (Unicode Nd), without the regex call


def is_han(token: str) -> bool:
    return "\u3400" <= token[:1] <= "\ufaff"


def numbers_agree(
    query_numbers: Sequence[str],
    candidate_numbers: frozenset[str],
    versions: Mapping[str, tuple[str, str]] | None = None,
) -> bool:
    used: set[str] = set()  # each number of the name answers one number of the query
    for number in query_numbers:
        if number in candidate_numbers and number not in used:
            used.add(number)
            continue
        if versions and number in versions:
            continue
        # "27" may stand for "27b", but "27b" never for "27m" and "7" never for "72b".
        sized = [c for c in candidate_numbers
                 if c not in used and c[:-1] == number and c[-1] in SIZE_UNITS]
        if number[-1].isdigit() and sized:
            used.add(sized[0])
            continue
        return False
    return True


def _cost(token: str) -> float:
    if token in STRONG_TOKENS:
        return COST_STRONG
    if token in WEAK_TOKENS:
        return COST_WEAK
    if is_number(token):
        return COST_NUMBER
    return COST_OTHER


@dataclass(frozen=True, slots=True)
class Prepared:
    name: str
    tokens: tuple[str, ...]
    numbers: frozenset[str]
    words: frozenset[str]  # non-number tokens of the name
    optional: frozenset[str]  # tokens a query may use without the name having them (org)
    sizes: frozenset[str]  # parameter counts in the name (21b, 0.3b)
    # versions written with a dash (doubao-seed-1-6): "1.6" -> ("1", "6")
    versions: Mapping[str, tuple[str, str]]
    vendor: frozenset[str]  # a Chinese organisation name glued to the name (百度ERNIE-4.0)
    costs: tuple[float, ...]  # what leaving out each token costs, in token order
    folded: str
    spaced: str


class NameIndex:
    """A catalog's model names, prepared: what resolution and autocomplete read."""

    def __init__(
        self,
        names: Sequence[str],
        *,
        aliases: Mapping[str, str] | None = None,
        orgs: Mapping[str, str | None] | None = None,
        org_aliases: Mapping[str, Iterable[str]] | None = None,
        popularity: Sequence[str] | None = None,
    ) -> None:
        """``names`` in board order; ``aliases`` nickname -> name; ``orgs`` name -> organisation;
        ``org_aliases`` organisation -> other names for it (阿里巴巴 -> alibaba, 阿里);
        ``popularity``: the names autocomplete offers first."""
        orgs = orgs or {}
        self.names: tuple[str, ...] = tuple(names)
        self.exact = {n.casefold(): n for n in self.names}
        self.aliases = _nicknames(aliases or {}, self.exact)
        org_words = {org.casefold(): frozenset(t for o in (org, *others) for t in tokenize(o))
                     for org, others in (org_aliases or {}).items()}
        # Chinese organisation names, which older boards glue in front of a model's name
        # (智谱GLM4, 阿里qwen-max): a word of the organisation there, not of the model.
        self.vendors = frozenset(
            {t for words in org_words.values() for t in words if is_han(t)}
            | {t for org in orgs.values() if org for t in tokenize(org) if is_han(t)})
        self.org_vocabulary = org_vocabulary(org_words, orgs)
        self.prepared: tuple[Prepared, ...] = self._prepare(orgs, org_words)
        self.prepared_by_name = {p.name: p for p in self.prepared}
        self.spaced: list[str] = [p.spaced for p in self.prepared]
        self.folded: list[str] = [p.folded for p in self.prepared]
        self.popular: tuple[str, ...] = tuple(popularity or self.names)
        self._index_words()

    def _prepare(self, orgs: Mapping[str, str | None],
                 org_words: Mapping[str, frozenset[str]]) -> tuple[Prepared, ...]:
        """Each name's tokens, numbers, sizes and the words its organisation adds."""
        # Thousands of names share their token sets (every model of one organisation has the
        # same optional words): keep one copy of each, which saves megabytes at 10,000 models.
        shared: dict[frozenset[str], frozenset[str]] = {}

        def one(items: Iterable[str]) -> frozenset[str]:
            found = frozenset(items)
            return shared.setdefault(found, found)

        prepared = []
        for name in self.names:
            tokens = tuple(sys.intern(t) for t in tokenize(name))
            org = orgs.get(name)
            optional = (set(tokenize(org)) | org_words.get(org.casefold(), frozenset())
                        if org else set())
            prepared.append(Prepared(
                name=name, tokens=tokens,
                numbers=one(t for t in tokens if is_number(t)),
                words=one(t for t in tokens if not is_number(t)),
                optional=one(optional - set(tokens)),
                sizes=one(t for t in tokens if PARAMETERS.match(t)),
                versions=_dashed_versions(tokens),
                vendor=one(t for t in tokens if t in self.vendors),
                costs=_leftover_costs(tokens, self.vendors),
                folded=fold(name), spaced=" ".join(tokens),
            ))
        return tuple(prepared)

    def _index_words(self) -> None:
        """The lookups: normalised names, each token's names (an organisation's words apart),
        and for autocomplete, which must not look at every name on every keystroke, the
        folded names in sorted order (a prefix is one bisected range), the sorted vocabulary
        (a word being typed is a range too), and each word's names in board order."""
        self.normalized: dict[str, list[str]] = defaultdict(list)
        self.by_token: dict[str, set[int]] = defaultdict(set)
        self.by_org_word: dict[str, set[int]] = defaultdict(set)  # 深度求索, deepseek, ...
        for index, item in enumerate(self.prepared):
            self.normalized[item.folded].append(item.name)
            key = "".join(t for t in item.tokens if t not in WEAK_TOKENS)
            if key != item.folded:
                self.normalized[key].append(item.name)
            for token in (*item.tokens, *item.optional):
                self.by_token[token].add(index)
            for token in item.optional:
                self.by_org_word[token].add(index)
        by_folded = sorted(range(len(self.prepared)), key=self.folded.__getitem__)  # stable
        self.sorted_folded: list[str] = [self.folded[i] for i in by_folded]
        self.sorted_index: list[int] = by_folded
        self.vocabulary: list[str] = sorted(self.by_token)
        self.word_order = {w: sorted(ids) for w, ids in self.by_token.items()}
        self.org_order = {w: sorted(ids) for w, ids in self.by_org_word.items()}
        self.vocabulary_text = "\n" + "\n".join(self.vocabulary) + "\n"

    def containing(self, fragment: str) -> list[str]:
        """Vocabulary words containing ``fragment`` (``seek`` -> deepseek), at most a few."""
        text = self.vocabulary_text
        out: list[str] = []
        at = text.find(fragment)
        while at != -1 and len(out) < MAX_CANDIDATES:
            start = text.rfind("\n", 0, at) + 1
            end = text.index("\n", at)
            out.append(text[start:end])
            at = text.find(fragment, end)
        return out


def _nicknames(aliases: Mapping[str, str], exact: Mapping[str, str]) -> dict[str, str]:
    """Nickname (as typed and folded) -> a name on the boards; nicknames of absent names are
    left out."""
    out: dict[str, str] = {}
    for nick, target in aliases.items():
        real = exact.get(target.casefold())
        if real:
            out.setdefault(nick.casefold(), real)
            out.setdefault(fold(nick), real)
    return out


def org_vocabulary(
    org_words: Mapping[str, frozenset[str]], orgs: Mapping[str, str | None]
) -> frozenset[str]:
    """Every word that names an organisation (deepseek, 深度求索, alibaba): a query of such
    words alone asks for the organisation's models, all of them."""
    return frozenset({t for words in org_words.values() for t in words}
                     | {t for org in orgs.values() if org for t in tokenize(org)})


def parameters(size: str) -> float:
    """A parameter count as a number: ``0.3b`` -> 3e8, ``560m`` -> 5.6e8."""
    return float(size[:-1]) * (1e9 if size[-1] == "b" else 1e6)


def _leftover_costs(tokens: Sequence[str], vendors: set[str]) -> tuple[float, ...]:
    """What a query leaving out each token of a name costs. Beyond ``_cost``: a glued Chinese
    organisation costs as little as a weak word; a date (2025-07-28) costs as one number."""
    costs = [_cost(t) for t in tokens]
    for i, token in enumerate(tokens):
        if token in vendors:
            costs[i] = COST_WEAK
        if (_YEAR.match(token) and i + 2 < len(tokens)
                and all(len(t) == 2 and t.isdigit() for t in tokens[i + 1:i + 3])):
            costs[i + 1] = costs[i + 2] = 0.0
    return tuple(costs)


def _dashed_versions(tokens: Sequence[str]) -> dict[str, tuple[str, str]]:
    """Versions a name writes with a dash (``doubao-seed-1-6``): ``{"1.6": ("1", "6")}``, so a
    query's ``1.6`` agrees with them. Only short plain numbers pair up, never a date or size."""
    out: dict[str, tuple[str, str]] = {}
    for first, second in pairwise(tokens):
        if first.isdigit() and second.isdigit() and len(first) <= 2 and len(second) <= 2:
            out.setdefault(f"{first}.{second}", (first, second))
    return out
