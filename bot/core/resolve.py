"""Resolve what a user types to one model name: exact -> alias -> normalised -> fuzzy.

Numbers are identity, not noise: every number in the query (sizes ``7b``, versions ``2.5``,
dates ``0528``) must appear in the candidate, so ``qwen2.5-7b`` never becomes ``qwen2.5-72b``.
Tokens the query does not mention count against a candidate, strong ones (``distill``, ``fp8``,
``preview``) much more than weak ones (``instruct``, ``it``), so ``deepseek r1`` is DeepSeek-R1
and not a distill. When two candidates fit equally the answer is "ambiguous", never a guess.
The names are prepared once per catalog (``bot.core.names``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from itertools import pairwise
from typing import Literal, NamedTuple

from pydantic import BaseModel
from rapidfuzz import fuzz, process

from bot.core.domains import fold
from bot.core.names import (
    COST_FUZZY_TOKEN,
    COST_OTHER,
    COST_STRONG,
    LINEAGE_TOKENS,
    MAX_CANDIDATES,
    PARAMETERS,
    STRONG_TOKENS,
    TIER_TOKENS,
    WEAK_TOKENS,
    NameIndex,
    Prepared,
    is_han,
    is_number,
    numbers_agree,
    parameters,
    tokenize,
)

_MARGIN = 0.08  # how much better the best candidate must fit than the next one
MODE_TOKENS = frozenset({"instruct", "thinking", "think", "nothink"})
"""Words that name the mode a model answers in: two modes of one model are two models."""
_FUZZY_RESOLVE = 83.0  # whole-name similarity needed to resolve a typo
_FUZZY_CANDIDATE = 80.0
_SUGGEST_CUTOFF = 55.0
# What the bot prints after a name and a user may copy with it: the new-in-this-release mark
# of tables (``kimi-k3 (new)``, ``(新)``, Discord's 🆕) and an older release's mark
# (``qwen2.5-72b-instruct (v3.6)``). The name without it is the model.
_PRINTED_MARK = re.compile(
    r"\s*(?:[(（]\s*(?:new|新|(?:clib\s*)?v\d+(?:\.\d+)*)\s*[)）]|🆕)\s*$", re.IGNORECASE)


class Resolution(BaseModel):
    """The outcome of resolving one query."""

    status: Literal["resolved", "ambiguous", "unknown"]
    query: str
    name: str | None = None
    candidates: list[str] = []
    more: int = 0
    """how many more candidates fit than are listed"""
    suggestions: list[str] = []
    method: Literal["exact", "alias", "normalized", "tokens", "fuzzy"] | None = None


class Fit(NamedTuple):
    """How a query fits one name."""

    cost: float
    """what the name's tokens the query leaves out cost, and close spellings"""
    named: bool
    """a word of the query was found in the name itself, not only a number or the
    organisation"""
    lineage: bool
    """the name carries a lineage word (distill, hermes) the query does not"""
    left: frozenset[str]
    """the plain words of the name the query leaves out"""


class Resolver:
    """Name resolution over one catalog's prepared names."""

    def __init__(self, index: NameIndex) -> None:
        self.index = index
        self._popularity = {name: i for i, name in enumerate(index.popular)}

    def resolve(self, query: str) -> Resolution:
        """Resolve ``query`` to one name, several equally good names, or nothing."""
        text = " ".join(query.split())
        if not text:
            return Resolution(status="unknown", query=query)
        hit = self.index.exact.get(text.casefold())
        if hit:
            return Resolution(status="resolved", query=query, name=hit, method="exact")
        bare = _PRINTED_MARK.sub("", text)
        if bare and bare != text:  # a name copied from a table with its mark
            return self.resolve(bare).model_copy(update={"query": query})
        hit = self.index.aliases.get(text.casefold()) or self.index.aliases.get(fold(text))
        if hit:
            return Resolution(status="resolved", query=query, name=hit, method="alias")
        tokens = tokenize(text)
        folded = fold(text)
        numbers = [t for t in tokens if is_number(t)]
        for key in (folded, "".join(t for t in tokens if t not in WEAK_TOKENS)):
            # folding joins digits across separators (qwen2-57b and qwen2.5-7b both fold to
            # qwen257b): the numbers must still agree, as everywhere else
            same = [name for name in dict.fromkeys(self.index.normalized.get(key, ()))
                    if numbers_agree(numbers, self.index.prepared_by_name[name].numbers)]
            if len(same) == 1:
                return Resolution(status="resolved", query=query, name=same[0], method="normalized")
            if len(same) > 1:
                return Resolution(status="ambiguous", query=query, candidates=same)
        if not tokens:
            return Resolution(status="unknown", query=query, suggestions=self.suggest(text))
        outcome = self._by_tokens(query, tokens, self._pool(tokens, numbers))
        outcome = outcome or self._by_spelling(query, tokens, numbers)
        outcome = outcome or self._unsized_flagship(query, tokens, numbers)
        if outcome:
            return outcome
        return Resolution(status="unknown", query=query, suggestions=self.suggest(text))

    def _unsized_flagship(
        self, query: str, tokens: Sequence[str], numbers: Sequence[str]
    ) -> Resolution | None:
        """A parameter count no name states (DeepSeek R1 671B), larger than every count the
        names of that family do state (its 32B and 70B distills), while the family's own model
        states none (DeepSeek-R1): that model is the one described. Asked, never picked: the
        board cannot confirm the size. A smaller count (deepseek r1 7b) stays unknown."""
        sizes = [t for t in numbers if PARAMETERS.match(t)]
        rest = [t for t in tokens if t not in sizes]
        if len(sizes) != 1 or all(is_number(t) for t in rest):
            return None
        pool = self._pool(rest, [t for t in numbers if t not in sizes])
        family = self._by_tokens(query, rest, pool)
        if family is None or family.status != "resolved" or family.name is None or \
                self.index.prepared_by_name[family.name].sizes:
            return None
        sized = [s for p in pool if p.sizes and self._token_fit(rest, p, self.index.vendors)
                 for s in p.sizes]
        if any(parameters(s) >= parameters(sizes[0]) for s in sized):
            return None
        return Resolution(status="ambiguous", query=query, candidates=[family.name])

    def _pool(self, tokens: Sequence[str], numbers: Sequence[str]) -> list[Prepared]:
        """Candidates sharing a token with the query (every name when none do), numbers agreeing."""
        indexes: set[int] = set()
        for token in tokens:
            indexes |= self.index.by_token.get(token, set())
            if is_han(token) and len(token) >= 2:  # 通义千问 within 阿里通义千问
                for word in self.index.containing(token):
                    indexes |= self.index.by_token[word]
        prepared = self.index.prepared
        items = [prepared[i] for i in sorted(indexes)] if indexes else prepared
        return [p for p in items if numbers_agree(numbers, p.numbers, p.versions)]

    def _by_tokens(
        self, query: str, tokens: Sequence[str], pool: Sequence[Prepared]
    ) -> Resolution | None:
        """Every query token is in the name (or its organisation): rank by what is left over."""
        fits: list[tuple[float, str]] = []
        by_number: list[tuple[float, str]] = []  # fits where no query word, only numbers, matched
        foreign: set[str] = set()  # names of another lineage than the query asks for
        plain: dict[str, frozenset[str]] = {}  # the plain words each fit leaves out
        tiered: set[str] = set()  # names of another tier than the query asks for
        # A letter before a number (v3, r1) labels it: a name without the label does not fit
        # (deepseek v3 is not DeepSeek-R1-0528-Qwen3-8B), unless the query is only "v2".
        labels = {t for t, after in pairwise(tokens)
                  if len(t) == 1 and not is_number(t) and is_number(after)}
        worded = any(not is_number(t) and t not in labels and t not in WEAK_TOKENS
                     for t in tokens)
        required = frozenset(labels) if worded else frozenset()
        # Weak words are skipped only where no name has them: "deepseek chat" is the chat model.
        weak = [t for t in tokens if t in WEAK_TOKENS]
        having: dict[str, int] = {}
        for item in pool:
            fit = self._token_fit(tokens, item, self.index.vendors, required)
            if fit is not None:
                (fits if fit.named else by_number).append((fit.cost, item.name))
                having[item.name] = sum(t in item.tokens for t in weak)
                if fit.lineage:
                    foreign.add(item.name)
                plain[item.name] = fit.left
                if any(t in TIER_TOKENS and t not in tokens for t in item.tokens):
                    tiered.add(item.name)
        named = bool(fits)
        fits = fits or by_number
        if not fits:
            return None
        most = max(having[name] for _, name in fits)
        fits = [(cost, name) for cost, name in fits if having[name] == most]
        fits.sort()
        best = fits[0][0]
        # Offer every plausible reading, not only the tied ones: the user picks (every one of
        # an organisation that the query names alone: deepseek, 深度求索).
        whole = self._names_org(tokens)
        offered = [name for cost, name in fits if whole or cost < best + COST_STRONG + _MARGIN]
        if whole:  # an organisation's models: its best-known first (the current #1 leads)
            offered.sort(key=lambda name: self._popularity.get(name, len(self._popularity)))
        if not named:
            # Only numbers (and weak words) matched: "70b" or "v2" names a size or a version,
            # not a model. List what fits, never pick one.
            if len(offered) == 1:
                return Resolution(status="unknown", query=query, suggestions=offered)
            return _ambiguous(query, offered)
        close = [name for cost, name in fits if cost < best + _MARGIN]
        # a family named without a version (mistral, glm), with one model on the boards
        only = len(offered) == 1 and not any(is_number(t) for t in tokens)
        if len(offered) == 1 and offered[0] in tiered and not only:
            # The only fit is another tier of what was asked (glm 4.5 -> GLM-4.5-Flash).
            return Resolution(status="unknown", query=query, suggestions=offered)
        if (len(close) == 1 and close[0] not in foreign and (close[0] not in tiered or only)
                and not self._size_left_open(tokens, close[0], offered)
                and not self._version_left_open(tokens, close[0], offered)
                and not _variant_left_open(close[0], offered, plain)
                and not self._mode_left_open(tokens, close[0], offered)):
            return Resolution(status="resolved", query=query, name=close[0], method="tokens")
        return _ambiguous(query, offered)

    def _names_org(self, tokens: Sequence[str]) -> bool:
        words = [t for t in tokens if not is_number(t) and t not in WEAK_TOKENS]
        return bool(words) and all(t in self.index.org_vocabulary for t in words)

    def _version_left_open(
        self, tokens: Sequence[str], name: str, offered: Sequence[str]
    ) -> bool:
        """The query names no number at all (grok, kimi, deepseek), and the plausible fits
        carry different ones: the family is named, not one of its versions."""
        if any(is_number(t) for t in tokens):
            return False
        by_name = self.index.prepared_by_name
        numbers = by_name[name].numbers
        return bool(numbers) and any(by_name[o].numbers != numbers for o in offered if o != name)

    def _mode_left_open(self, tokens: Sequence[str], name: str, offered: Sequence[str]) -> bool:
        """The query names no mode, the best fit is one mode of a model (qwen3-235b-a22b-
        *instruct*-2507) and another plausible fit is the same model in another mode
        (…-*thinking*-2507): neither is the plain model, so the user picks. A model without a
        mode word (doubao-seed-1-6) stays the plain one beside its thinking variant."""
        if any(t in MODE_TOKENS for t in tokens):
            return False
        by_name = self.index.prepared_by_name
        mine = set(by_name[name].tokens)
        modes = mine & MODE_TOKENS
        if not modes:
            return False
        for other in offered:
            theirs = set(by_name[other].tokens)
            if other != name and theirs & MODE_TOKENS - modes and \
                    theirs - MODE_TOKENS == mine - MODE_TOKENS:
                return True
        return False

    def _size_left_open(self, tokens: Sequence[str], name: str, offered: Sequence[str]) -> bool:
        """The query names no size, the best fit has one, and another plausible fit is of
        another size (or none): ``ernie 4.5`` is not the 0.3B model just because its name is
        the shortest. The user picks."""
        if any(PARAMETERS.match(t) for t in tokens):
            return False
        by_name = self.index.prepared_by_name
        sizes = by_name[name].sizes
        return bool(sizes) and any(by_name[o].sizes != sizes for o in offered if o != name)

    @staticmethod
    def _token_fit(
        tokens: Sequence[str],
        item: Prepared,
        vendors: frozenset[str] = frozenset(),
        required: frozenset[str] = frozenset(),
    ) -> Fit | None:
        """How the query fits this name (``Fit``); None when a query word is missing."""
        used: set[str] = set()
        named = False  # a query word found in the name itself, not only in its organisation
        cost = 0.0
        for token in tokens:
            if token in item.tokens or token in item.optional:
                used.add(token)
                named = named or (token in item.tokens and token not in item.vendor
                                  and not is_number(token))
                continue
            if is_number(token):
                used.update(item.versions.get(token, ()))  # 1.6 ~ 1-6
                continue  # numbers were checked (27 ~ 27b)
            if token in WEAK_TOKENS and token not in required:
                continue
            if is_han(token) and len(token) >= 2:
                # Chinese has no spaces: 通义千问 is a word of 阿里通义千问, 星火 of 讯飞星火.
                within = [w for w in item.words if is_han(w) and token in w]
                if within:
                    used.add(within[0])
                    # an organisation's name inside a glued word (阿里 in 阿里通义千问) names
                    # the organisation, not the model
                    named = named or (within[0] not in item.vendor and token not in vendors)
                    cost += COST_FUZZY_TOKEN
                    continue
            if len(token) >= 4:
                close = max(
                    (w for w in item.words if len(w) >= 3),
                    key=lambda w: fuzz.ratio(token, w),
                    default=None,
                )
                if close and fuzz.ratio(token, close) >= 85:
                    used.add(close)
                    named = True
                    cost += COST_FUZZY_TOKEN
                    continue
            return None
        left: set[str] = set()
        for token, token_cost in zip(item.tokens, item.costs, strict=True):
            if token not in used and not (
                is_number(token) and any(t[-1].isdigit() and token[:-1] == t for t in tokens)
            ):
                cost += token_cost
                if token_cost == COST_OTHER:
                    left.add(token)
        # Matched only by its organisation ("moonshot" for a 月之暗面 model): offered, never
        # picked, like a match by numbers alone.
        lineage = any(t in LINEAGE_TOKENS and t not in used for t in item.tokens)
        return Fit(cost, named, lineage, frozenset(left))

    def _by_spelling(
        self, query: str, tokens: Sequence[str], numbers: Sequence[str]
    ) -> Resolution | None:
        """Typos that break tokens (``gemma-3-27b-ti``): whole-name similarity, numbers agreeing."""
        found = process.extract(
            " ".join(tokens), self.index.spaced, scorer=fuzz.token_sort_ratio, processor=None,
            limit=MAX_CANDIDATES * 2, score_cutoff=_FUZZY_CANDIDATE - 10,
        )
        key = fold(query)
        scored: list[tuple[float, str]] = []
        for _, _, index in found:
            item = self.index.prepared[index]
            if not numbers_agree(numbers, item.numbers, item.versions):
                continue
            score = max(fuzz.token_sort_ratio(" ".join(tokens), item.spaced, processor=None),
                        fuzz.ratio(key, item.folded, processor=None))
            if score >= _FUZZY_CANDIDATE:
                scored.append((score, item.name))
        if not scored:
            return None
        scored.sort(key=lambda pair: -pair[0])
        best = scored[0][0]
        close = [name for score, name in scored if score > best - 3]
        # a variant the query names (pro, air, fp8, distill...) that the name lacks makes it
        # another model, however close the spelling: offer it, never pick it
        marked = {t for t in tokens if t in STRONG_TOKENS or t in TIER_TOKENS}
        # and a word of the query with nothing like it in the name (llama against a Qwen
        # distill) is a different model, not a typo
        words = self.index.prepared_by_name[close[0]].words if close else frozenset()
        spelled = all(
            any(fuzz.ratio(t, w) >= 60 for w in words)
            for t in tokens if not is_number(t) and t not in WEAK_TOKENS and len(t) >= 3
        )
        if (len(close) == 1 and best >= _FUZZY_RESOLVE and spelled
                and marked <= set(self.index.prepared_by_name[close[0]].tokens)):
            return Resolution(status="resolved", query=query, name=close[0], method="fuzzy")
        return _ambiguous(query, [n for _, n in scored])

    def suggest(self, query: str, limit: int = 3) -> list[str]:
        """Names that look like ``query``, best first; a hint, never an answer."""
        key = fold(query)
        if not key:
            return []
        found = process.extract(
            key, self.index.folded, scorer=fuzz.WRatio, processor=None, limit=limit,
            score_cutoff=_SUGGEST_CUTOFF,
        )
        return [self.index.names[index] for _, _, index in found]


def _ambiguous(query: str, offered: Sequence[str]) -> Resolution:
    """Several names fit: the first few, and how many more there are."""
    return Resolution(status="ambiguous", query=query, candidates=list(offered[:MAX_CANDIDATES]),
                      more=max(0, len(offered) - MAX_CANDIDATES))


def _variant_left_open(
    name: str, offered: Sequence[str], plain: Mapping[str, frozenset[str]]
) -> bool:
    """The best fit leaves out a plain word of its name (llama 4 -> Llama-4-*Scout*-17B) and
    another plausible fit leaves out other words instead (Llama-4-*Maverick*-17B): the query
    named the family, not the variant. The user picks. (A fit that leaves out the same words
    and more is only a worse fit.)"""
    mine = plain.get(name, frozenset())
    return bool(mine) and any(not plain.get(o, frozenset()) >= mine for o in offered if o != name)
