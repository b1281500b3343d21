"""Resolve what a user types to one model name: exact -> alias -> normalised -> fuzzy.

Numbers are identity, not noise: every number in the query (sizes ``7b``, versions ``2.5``,
dates ``0528``) must appear in the candidate, so ``qwen2.5-7b`` never becomes ``qwen2.5-72b``.
Tokens the query does not mention count against a candidate, strong ones (``distill``, ``fp8``,
``preview``) much more than weak ones (``instruct``, ``it``), so ``deepseek r1`` is DeepSeek-R1
and not a distill. When two candidates fit equally the answer is "ambiguous", never a guess.

Everything that depends only on the names is computed once, when the catalog loads.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel
from rapidfuzz import fuzz, process

from bot.core.domains import fold

# A number, with the one letter glued to it that makes it a size or variant (72b, 4o, 8x).
_TOKEN = re.compile(r"\d+(?:\.\d+)*[^\W\d_]?(?![^\W\d_])|[^\W\d_]+", re.UNICODE)
_NUMBER = re.compile(r"^\d")
_SIZE_UNITS = "bmkt"

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

# What an unmentioned candidate token costs; a strong token costs more than the best fuzzy
# margin, so "r1" alone never stretches to "r1-distill".
_COST_WEAK = 0.02
_COST_NUMBER = 0.04
_COST_OTHER = 0.10
_COST_STRONG = 0.35
_COST_FUZZY_TOKEN = 0.06  # a query token matched by a close spelling, not exactly
_MARGIN = 0.08  # how much better the best candidate must fit than the next one
_FUZZY_RESOLVE = 83.0  # whole-name similarity needed to resolve a typo
_FUZZY_CANDIDATE = 80.0
_SUGGEST_CUTOFF = 55.0
_MAX_CANDIDATES = 10


def tokenize(text: str) -> list[str]:
    """Lower-case tokens: words, and numbers with their size letter (``gemma3`` -> gemma, 3)."""
    return _TOKEN.findall(text.casefold())


def _is_number(token: str) -> bool:
    return bool(_NUMBER.match(token))


def _numbers_agree(query_numbers: Sequence[str], candidate_numbers: frozenset[str]) -> bool:
    for number in query_numbers:
        if number in candidate_numbers:
            continue
        # "27" may stand for "27b", but "27b" never for "27m" and "7" never for "72b".
        if number[-1].isdigit() and any(
            c[:-1] == number and c[-1] in _SIZE_UNITS for c in candidate_numbers
        ):
            continue
        return False
    return True


def _cost(token: str) -> float:
    if token in STRONG_TOKENS:
        return _COST_STRONG
    if token in WEAK_TOKENS:
        return _COST_WEAK
    if _is_number(token):
        return _COST_NUMBER
    return _COST_OTHER


@dataclass(frozen=True, slots=True)
class _Prepared:
    name: str
    tokens: tuple[str, ...]
    numbers: frozenset[str]
    words: frozenset[str]  # non-number tokens of the name
    optional: frozenset[str]  # tokens a query may use without the name having them (org)
    folded: str
    spaced: str


class Resolution(BaseModel):
    """The outcome of resolving one query."""

    status: Literal["resolved", "ambiguous", "unknown"]
    query: str
    name: str | None = None
    candidates: list[str] = []
    suggestions: list[str] = []
    method: Literal["exact", "alias", "normalized", "tokens", "fuzzy"] | None = None


class Resolver:
    """Name resolution over one catalog's names; build once per catalog."""

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
        ``org_aliases`` organisation -> other names for it (阿里巴巴 -> alibaba, 阿里)."""
        self.names: tuple[str, ...] = tuple(names)
        self._exact = {n.casefold(): n for n in self.names}
        lookup = {n.casefold(): n for n in self.names}
        self._aliases: dict[str, str] = {}
        for nick, target in (aliases or {}).items():
            real = lookup.get(target.casefold())
            if real:
                self._aliases.setdefault(nick.casefold(), real)
                self._aliases.setdefault(fold(nick), real)
        org_words: dict[str, frozenset[str]] = {}
        for org, others in (org_aliases or {}).items():
            words = {t for o in (org, *others) for t in tokenize(o)}
            org_words[org.casefold()] = frozenset(words)
        prepared: list[_Prepared] = []
        self._normalized: dict[str, list[str]] = defaultdict(list)
        self._by_token: dict[str, set[int]] = defaultdict(set)
        self._by_org_word: dict[str, set[int]] = defaultdict(set)  # 深度求索, deepseek, ...
        for index, name in enumerate(self.names):
            tokens = tuple(tokenize(name))
            org = (orgs or {}).get(name)
            optional: set[str] = set()
            if org:
                optional |= set(tokenize(org)) | org_words.get(org.casefold(), frozenset())
            item = _Prepared(
                name=name,
                tokens=tokens,
                numbers=frozenset(t for t in tokens if _is_number(t)),
                words=frozenset(t for t in tokens if not _is_number(t)),
                optional=frozenset(optional - set(tokens)),
                folded=fold(name),
                spaced=" ".join(tokens),
            )
            prepared.append(item)
            self._normalized[item.folded].append(name)
            key = "".join(t for t in tokens if t not in WEAK_TOKENS)
            if key != item.folded:
                self._normalized[key].append(name)
            for token in (*tokens, *item.optional):
                self._by_token[token].add(index)
            for token in item.optional:
                self._by_org_word[token].add(index)
        self._prepared: tuple[_Prepared, ...] = tuple(prepared)
        self._spaced: list[str] = [p.spaced for p in prepared]
        self._folded: list[str] = [p.folded for p in prepared]
        self._popular: tuple[str, ...] = tuple(popularity or self.names)

    # -- resolution -----------------------------------------------------------------------

    def resolve(self, query: str) -> Resolution:
        """Resolve ``query`` to one name, several equally good names, or nothing."""
        text = " ".join(query.split())
        if not text:
            return Resolution(status="unknown", query=query)
        hit = self._exact.get(text.casefold())
        if hit:
            return Resolution(status="resolved", query=query, name=hit, method="exact")
        hit = self._aliases.get(text.casefold()) or self._aliases.get(fold(text))
        if hit:
            return Resolution(status="resolved", query=query, name=hit, method="alias")
        tokens = tokenize(text)
        folded = fold(text)
        for key in (folded, "".join(t for t in tokens if t not in WEAK_TOKENS)):
            same = list(dict.fromkeys(self._normalized.get(key, ())))
            if len(same) == 1:
                return Resolution(status="resolved", query=query, name=same[0], method="normalized")
            if len(same) > 1:
                return Resolution(status="ambiguous", query=query, candidates=same)
        if not tokens:
            return Resolution(status="unknown", query=query, suggestions=self.suggest(text))
        numbers = [t for t in tokens if _is_number(t)]
        outcome = self._by_tokens(query, tokens, self._pool(tokens, numbers))
        outcome = outcome or self._by_spelling(query, tokens, numbers)
        if outcome:
            return outcome
        return Resolution(status="unknown", query=query, suggestions=self.suggest(text))

    def _pool(self, tokens: Sequence[str], numbers: Sequence[str]) -> list[_Prepared]:
        """Candidates sharing a token with the query (every name when none do), numbers agreeing."""
        indexes: set[int] = set()
        for token in tokens:
            indexes |= self._by_token.get(token, set())
        items = [self._prepared[i] for i in sorted(indexes)] if indexes else self._prepared
        return [p for p in items if _numbers_agree(numbers, p.numbers)]

    def _by_tokens(
        self, query: str, tokens: Sequence[str], pool: Sequence[_Prepared]
    ) -> Resolution | None:
        """Every query token is in the name (or its organisation): rank by what is left over."""
        fits: list[tuple[float, str]] = []
        by_number: list[tuple[float, str]] = []  # fits where no query word, only numbers, matched
        foreign: set[str] = set()  # names of another lineage than the query asks for
        for item in pool:
            fit = self._token_fit(tokens, item)
            if fit is not None:
                (fits if fit[1] else by_number).append((fit[0], item.name))
                if fit[2]:
                    foreign.add(item.name)
        named = bool(fits)
        fits = fits or by_number
        if not fits:
            return None
        fits.sort()
        best = fits[0][0]
        # Offer every plausible reading, not only the tied ones: the user picks.
        offered = [name for cost, name in fits if cost < best + _COST_STRONG + _MARGIN]
        if not named:
            # Only numbers (and weak words) matched: "70b" or "v2" names a size or a version,
            # not a model. List what fits, never pick one.
            if len(offered) == 1:
                return Resolution(status="unknown", query=query, suggestions=offered)
            return Resolution(status="ambiguous", query=query,
                              candidates=offered[:_MAX_CANDIDATES])
        close = [name for cost, name in fits if cost < best + _MARGIN]
        if len(close) == 1 and close[0] not in foreign:
            return Resolution(status="resolved", query=query, name=close[0], method="tokens")
        return Resolution(status="ambiguous", query=query, candidates=offered[:_MAX_CANDIDATES])

    @staticmethod
    def _token_fit(tokens: Sequence[str], item: _Prepared) -> tuple[float, bool, bool] | None:
        """What fitting the query to this name costs, whether a query word (not only a number)
        was found in it, and whether it names a lineage the query does not; None when a query
        word is missing."""
        used: set[str] = set()
        cost = 0.0
        for token in tokens:
            if token in item.tokens or token in item.optional:
                used.add(token)
                continue
            if _is_number(token):
                continue  # numbers were checked (27 ~ 27b)
            if token in WEAK_TOKENS:
                continue
            if len(token) >= 4:
                close = max(
                    (w for w in item.words if len(w) >= 3),
                    key=lambda w: fuzz.ratio(token, w),
                    default=None,
                )
                if close and fuzz.ratio(token, close) >= 85:
                    used.add(close)
                    cost += _COST_FUZZY_TOKEN
                    continue
            return None
        for token in item.tokens:
            if token not in used and not (
                _is_number(token) and any(t[-1].isdigit() and token[:-1] == t for t in tokens)
            ):
                cost += _cost(token)
        named = any(not _is_number(token) for token in used)
        return cost, named, any(t in LINEAGE_TOKENS and t not in used for t in item.tokens)

    def _by_spelling(
        self, query: str, tokens: Sequence[str], numbers: Sequence[str]
    ) -> Resolution | None:
        """Typos that break tokens (``gemma-3-27b-ti``): whole-name similarity, numbers agreeing."""
        found = process.extract(
            " ".join(tokens), self._spaced, scorer=fuzz.token_sort_ratio, processor=None,
            limit=_MAX_CANDIDATES * 2, score_cutoff=_FUZZY_CANDIDATE - 10,
        )
        key = fold(query)
        scored: list[tuple[float, str]] = []
        for _, _, index in found:
            item = self._prepared[index]
            if not _numbers_agree(numbers, item.numbers):
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
        if len(close) == 1 and best >= _FUZZY_RESOLVE:
            return Resolution(status="resolved", query=query, name=close[0], method="fuzzy")
        return Resolution(
            status="ambiguous", query=query, candidates=[n for _, n in scored][:_MAX_CANDIDATES]
        )

    # -- suggestions and autocomplete -------------------------------------------------------

    def suggest(self, query: str, limit: int = 3) -> list[str]:
        """Names that look like ``query``, best first; a hint, never an answer."""
        key = fold(query)
        if not key:
            return []
        found = process.extract(
            key, self._folded, scorer=fuzz.WRatio, processor=None, limit=limit,
            score_cutoff=_SUGGEST_CUTOFF,
        )
        return [self.names[index] for _, _, index in found]

    def complete(self, query: str, limit: int = 25) -> list[str]:
        """Names for autocomplete, best first: the top of the board when ``query`` is empty."""
        text = query.strip()
        if not text:
            return list(self._popular[:limit])
        key = fold(text)
        tokens = tokenize(text)
        numbers = [t for t in tokens if _is_number(t)]
        # A cheap pass over every name, then a careful score of the few best.
        first = process.extract(
            key, self._folded, scorer=fuzz.partial_ratio, processor=None, limit=limit * 3,
            score_cutoff=40,
        )
        # Organisation names and their aliases ("深度", "alibaba") bring in their models.
        by_org = {
            index
            for word, indexes in self._by_org_word.items() if word.startswith(key)
            for index in indexes
        }
        rescored: list[tuple[float, int]] = []
        for index in dict.fromkeys([*(i for _, _, i in first), *sorted(by_org)]):
            item = self._prepared[index]
            score = fuzz.WRatio(key, item.folded, processor=None)
            if item.folded.startswith(key):
                score += 10
            if index in by_org:
                score = max(score, 80.0)
            if numbers and not _numbers_agree(numbers, item.numbers):
                score -= 30
            rescored.append((score, index))
        rescored.sort(key=lambda pair: (-pair[0], pair[1]))
        return [self.names[index] for _, index in rescored[:limit]]
