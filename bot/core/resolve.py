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
import sys
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Literal

from pydantic import BaseModel
from rapidfuzz import fuzz, process

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
_SIZE_UNITS = "bmkt"
_PARAMETERS = re.compile(r"^\d+(?:\.\d+)?[bm]$")  # a parameter count: 0.3b, 21b, 560m

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
_AFTER_ALL = "\U0010ffff"  # sorts after every character: key + this bounds key's prefix range


def tokenize(text: str) -> list[str]:
    """Lower-case tokens: words, and numbers with their size letter (``gemma3`` -> gemma, 3)."""
    return _TOKEN.findall(_UNDERSCORE_DECIMAL.sub(".", text.casefold()))


def _is_number(token: str) -> bool:
    return token[:1].isdecimal()  # what ``^\d`` matches (Unicode Nd), without the regex call


def _is_han(token: str) -> bool:
    return "\u3400" <= token[:1] <= "\ufaff"


def _numbers_agree(
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
                 if c not in used and c[:-1] == number and c[-1] in _SIZE_UNITS]
        if number[-1].isdigit() and sized:
            used.add(sized[0])
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
    sizes: frozenset[str]  # parameter counts in the name (21b, 0.3b)
    # versions written with a dash (doubao-seed-1-6): "1.6" -> ("1", "6")
    versions: Mapping[str, tuple[str, str]]
    vendor: frozenset[str]  # a Chinese organisation name glued to the name (百度ERNIE-4.0)
    costs: tuple[float, ...]  # what leaving out each token costs, in token order
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
        # Chinese organisation names, which older boards glue in front of a model's name
        # (智谱GLM4, 阿里qwen-max): a word of the organisation there, not of the model.
        vendors = {t for words in org_words.values() for t in words if _is_han(t)}
        vendors |= {t for org in (orgs or {}).values() if org for t in tokenize(org)
                    if _is_han(t)}
        self._vendors = frozenset(vendors)
        self._org_vocabulary = _org_vocabulary(org_words, orgs or {})
        prepared: list[_Prepared] = []
        self._normalized: dict[str, list[str]] = defaultdict(list)
        self._by_token: dict[str, set[int]] = defaultdict(set)
        self._by_org_word: dict[str, set[int]] = defaultdict(set)  # 深度求索, deepseek, ...
        # Thousands of names share their token sets (every model of one organisation has the
        # same optional words): keep one copy of each, which saves megabytes at 10,000 models.
        shared: dict[frozenset[str], frozenset[str]] = {}

        def one(items: Iterable[str]) -> frozenset[str]:
            found = frozenset(items)
            return shared.setdefault(found, found)

        for index, name in enumerate(self.names):
            tokens = tuple(sys.intern(t) for t in tokenize(name))
            org = (orgs or {}).get(name)
            optional: set[str] = set()
            if org:
                optional |= set(tokenize(org)) | org_words.get(org.casefold(), frozenset())
            item = _Prepared(
                name=name,
                tokens=tokens,
                numbers=one(t for t in tokens if _is_number(t)),
                words=one(t for t in tokens if not _is_number(t)),
                optional=one(optional - set(tokens)),
                sizes=one(t for t in tokens if _PARAMETERS.match(t)),
                versions=_dashed_versions(tokens),
                vendor=one(t for t in tokens if t in vendors),
                costs=_leftover_costs(tokens, vendors),
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
        self._prepared_by_name = {p.name: p for p in prepared}
        self._spaced: list[str] = [p.spaced for p in prepared]
        self._folded: list[str] = [p.folded for p in prepared]
        self._popular: tuple[str, ...] = tuple(popularity or self.names)
        # For autocomplete, which must not look at every name on every keystroke: the folded
        # names in sorted order (a prefix is one bisected range), the sorted vocabulary of
        # tokens (a word being typed is a range too), and each word's names in board order.
        by_folded = sorted(range(len(prepared)), key=self._folded.__getitem__)  # ties: board order
        self._sorted_folded: list[str] = [self._folded[i] for i in by_folded]
        self._sorted_index: list[int] = by_folded
        self._vocabulary: list[str] = sorted(self._by_token)
        self._word_order = {w: sorted(ids) for w, ids in self._by_token.items()}
        self._org_order = {w: sorted(ids) for w, ids in self._by_org_word.items()}
        self._vocabulary_text = "\n" + "\n".join(self._vocabulary) + "\n"

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
        numbers = [t for t in tokens if _is_number(t)]
        for key in (folded, "".join(t for t in tokens if t not in WEAK_TOKENS)):
            # folding joins digits across separators (qwen2-57b and qwen2.5-7b both fold to
            # qwen257b): the numbers must still agree, as everywhere else
            same = [name for name in dict.fromkeys(self._normalized.get(key, ()))
                    if _numbers_agree(numbers, self._prepared_by_name[name].numbers)]
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
        sizes = [t for t in numbers if _PARAMETERS.match(t)]
        rest = [t for t in tokens if t not in sizes]
        if len(sizes) != 1 or all(_is_number(t) for t in rest):
            return None
        pool = self._pool(rest, [t for t in numbers if t not in sizes])
        family = self._by_tokens(query, rest, pool)
        if family is None or family.status != "resolved" or family.name is None or \
                self._prepared_by_name[family.name].sizes:
            return None
        sized = [s for p in pool if p.sizes and self._token_fit(rest, p, self._vendors)
                 for s in p.sizes]
        if any(_parameters(s) >= _parameters(sizes[0]) for s in sized):
            return None
        return Resolution(status="ambiguous", query=query, candidates=[family.name])

    def _pool(self, tokens: Sequence[str], numbers: Sequence[str]) -> list[_Prepared]:
        """Candidates sharing a token with the query (every name when none do), numbers agreeing."""
        indexes: set[int] = set()
        for token in tokens:
            indexes |= self._by_token.get(token, set())
            if _is_han(token) and len(token) >= 2:  # 通义千问 within 阿里通义千问
                for word in self._containing(token):
                    indexes |= self._by_token[word]
        items = [self._prepared[i] for i in sorted(indexes)] if indexes else self._prepared
        return [p for p in items if _numbers_agree(numbers, p.numbers, p.versions)]

    def _by_tokens(
        self, query: str, tokens: Sequence[str], pool: Sequence[_Prepared]
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
                  if len(t) == 1 and not _is_number(t) and _is_number(after)}
        worded = any(not _is_number(t) and t not in labels and t not in WEAK_TOKENS
                     for t in tokens)
        required = frozenset(labels) if worded else frozenset()
        # Weak words are skipped only where no name has them: "deepseek chat" is the chat model.
        weak = [t for t in tokens if t in WEAK_TOKENS]
        having: dict[str, int] = {}
        for item in pool:
            fit = self._token_fit(tokens, item, self._vendors, required)
            if fit is not None:
                (fits if fit[1] else by_number).append((fit[0], item.name))
                having[item.name] = sum(t in item.tokens for t in weak)
                if fit[2]:
                    foreign.add(item.name)
                plain[item.name] = fit[3]
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
        offered = [name for cost, name in fits if whole or cost < best + _COST_STRONG + _MARGIN]
        if not named:
            # Only numbers (and weak words) matched: "70b" or "v2" names a size or a version,
            # not a model. List what fits, never pick one.
            if len(offered) == 1:
                return Resolution(status="unknown", query=query, suggestions=offered)
            return Resolution(status="ambiguous", query=query,
                              candidates=offered[:_MAX_CANDIDATES])
        close = [name for cost, name in fits if cost < best + _MARGIN]
        # a family named without a version (mistral, glm), with one model on the boards
        only = len(offered) == 1 and not any(_is_number(t) for t in tokens)
        if len(offered) == 1 and offered[0] in tiered and not only:
            # The only fit is another tier of what was asked (glm 4.5 -> GLM-4.5-Flash).
            return Resolution(status="unknown", query=query, suggestions=offered)
        if (len(close) == 1 and close[0] not in foreign and (close[0] not in tiered or only)
                and not self._size_left_open(tokens, close[0], offered)
                and not self._version_left_open(tokens, close[0], offered)
                and not _variant_left_open(close[0], offered, plain)):
            return Resolution(status="resolved", query=query, name=close[0], method="tokens")
        return Resolution(status="ambiguous", query=query, candidates=offered[:_MAX_CANDIDATES])

    def _names_org(self, tokens: Sequence[str]) -> bool:
        words = [t for t in tokens if not _is_number(t) and t not in WEAK_TOKENS]
        return bool(words) and all(t in self._org_vocabulary for t in words)

    def _version_left_open(
        self, tokens: Sequence[str], name: str, offered: Sequence[str]
    ) -> bool:
        """The query names no number at all (grok, kimi, deepseek), and the plausible fits
        carry different ones: the family is named, not one of its versions."""
        if any(_is_number(t) for t in tokens):
            return False
        by_name = self._prepared_by_name
        numbers = by_name[name].numbers
        return bool(numbers) and any(by_name[o].numbers != numbers for o in offered if o != name)

    def _size_left_open(self, tokens: Sequence[str], name: str, offered: Sequence[str]) -> bool:
        """The query names no size, the best fit has one, and another plausible fit is of
        another size (or none): ``ernie 4.5`` is not the 0.3B model just because its name is
        the shortest. The user picks."""
        if any(_PARAMETERS.match(t) for t in tokens):
            return False
        by_name = self._prepared_by_name
        sizes = by_name[name].sizes
        return bool(sizes) and any(by_name[o].sizes != sizes for o in offered if o != name)

    @staticmethod
    def _token_fit(
        tokens: Sequence[str],
        item: _Prepared,
        vendors: frozenset[str] = frozenset(),
        required: frozenset[str] = frozenset(),
    ) -> tuple[float, bool, bool, frozenset[str]] | None:
        """What fitting the query to this name costs, whether a query word (not only a number
        or the organisation) was found in it, whether it names a lineage the query does not,
        and the plain words of the name the query leaves out; None when a query word is
        missing."""
        used: set[str] = set()
        named = False  # a query word found in the name itself, not only in its organisation
        cost = 0.0
        for token in tokens:
            if token in item.tokens or token in item.optional:
                used.add(token)
                named = named or (token in item.tokens and token not in item.vendor
                                  and not _is_number(token))
                continue
            if _is_number(token):
                used.update(item.versions.get(token, ()))  # 1.6 ~ 1-6
                continue  # numbers were checked (27 ~ 27b)
            if token in WEAK_TOKENS and token not in required:
                continue
            if _is_han(token) and len(token) >= 2:
                # Chinese has no spaces: 通义千问 is a word of 阿里通义千问, 星火 of 讯飞星火.
                within = [w for w in item.words if _is_han(w) and token in w]
                if within:
                    used.add(within[0])
                    # an organisation's name inside a glued word (阿里 in 阿里通义千问) names
                    # the organisation, not the model
                    named = named or (within[0] not in item.vendor and token not in vendors)
                    cost += _COST_FUZZY_TOKEN
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
                    cost += _COST_FUZZY_TOKEN
                    continue
            return None
        left: set[str] = set()
        for token, token_cost in zip(item.tokens, item.costs, strict=True):
            if token not in used and not (
                _is_number(token) and any(t[-1].isdigit() and token[:-1] == t for t in tokens)
            ):
                cost += token_cost
                if token_cost == _COST_OTHER:
                    left.add(token)
        # Matched only by its organisation ("moonshot" for a 月之暗面 model): offered, never
        # picked, like a match by numbers alone.
        lineage = any(t in LINEAGE_TOKENS and t not in used for t in item.tokens)
        return cost, named, lineage, frozenset(left)

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
            if not _numbers_agree(numbers, item.numbers, item.versions):
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
        words = self._prepared_by_name[close[0]].words if close else frozenset()
        spelled = all(
            any(fuzz.ratio(t, w) >= 60 for w in words)
            for t in tokens if not _is_number(t) and t not in WEAK_TOKENS and len(t) >= 3
        )
        if (len(close) == 1 and best >= _FUZZY_RESOLVE and spelled
                and marked <= set(self._prepared_by_name[close[0]].tokens)):
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
            return list(self._popular[:limit])
        tokens = tokenize(text)
        numbers = [t for t in tokens if _is_number(t)]
        cap = limit * 3
        found = self._starting_with(key, cap)
        if len(found) < cap:
            matched, related = self._typed_words(tokens)
            found += self._having_all(matched, cap)
            if len(set(found)) < limit:  # room left: names sharing one typed word
                found += _first_of(self._word_order, related, cap)
        # Organisation names and their aliases ("深度", "alibaba") bring in their models.
        org_words = [word for word in self._org_order if word.startswith(key)]
        candidates = list(dict.fromkeys([*found, *_first_of(self._org_order, org_words, cap)]))
        if not candidates:
            return []
        scored = process.extract(key, [self._folded[i] for i in candidates], scorer=fuzz.WRatio,
                                 processor=None, limit=None)
        rescored: list[tuple[float, int]] = []
        for _, score, position in scored:
            index = candidates[position]
            item = self._prepared[index]
            if item.folded.startswith(key):
                score += 10
            if org_words and any(index in self._by_org_word[w] for w in org_words):
                score = max(score, 80.0)
            if numbers and not _numbers_agree(numbers, item.numbers, item.versions):
                score -= 30
            rescored.append((score, index))
        rescored.sort(key=lambda pair: (-pair[0], pair[1]))
        return [self.names[index] for _, index in rescored[:limit]]

    def _starting_with(self, key: str, cap: int) -> list[int]:
        """The first ``cap`` names (board order) whose folded form starts with ``key``."""
        low = bisect_left(self._sorted_folded, key)
        high = bisect_left(self._sorted_folded, key + _AFTER_ALL, low)
        return sorted(self._sorted_index[low:high])[:cap]

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
            if not _is_number(token):
                named = True
                related += [w for w in words if w not in WEAK_TOKENS]
        if not named and not all(_is_number(t) for t in tokens):
            return [], []
        return matched, related

    def _having_all(self, matched: Sequence[Sequence[str]], cap: int) -> list[int]:
        """The first ``cap`` names (board order) having a word of every group in ``matched``;
        a group that would leave no name is passed over."""
        if not matched:
            return []
        if len(matched) == 1:
            return _first_of(self._word_order, matched[0], cap)
        chosen = self._names_having(matched[0])
        for words in matched[1:]:
            if narrowed := chosen & self._names_having(words):
                chosen = narrowed
        return sorted(chosen)[:cap]

    def _names_having(self, words: Sequence[str]) -> set[int]:
        if len(words) == 1:
            return self._by_token[words[0]]
        return set().union(*(self._by_token[w] for w in words))

    def _words_for(self, token: str, *, last: bool) -> list[str]:
        """The vocabulary words ``token`` may stand for: itself; a number with its size letter
        (``27`` ~ ``27b``); for the last token, still being typed, the words it begins, or else
        the words containing it; failing all, a close spelling (``deepsek``)."""
        words = [token] if token in self._by_token else []
        if _is_number(token) and token[-1].isdigit():
            words += [token + unit for unit in _SIZE_UNITS if token + unit in self._by_token]
        if last:
            low = bisect_left(self._vocabulary, token)
            high = bisect_left(self._vocabulary, token + _AFTER_ALL, low)
            words += self._vocabulary[low:high]
            if not words and not _is_number(token):
                words = self._containing(token)
        if not words and len(token) >= 4 and not _is_number(token):
            words = [w for w, _, _ in process.extract(
                token, self._vocabulary, scorer=fuzz.ratio, processor=None, limit=3,
                score_cutoff=85)]
        return list(dict.fromkeys(words))

    def _containing(self, fragment: str) -> list[str]:
        """Vocabulary words containing ``fragment`` (``seek`` -> deepseek), at most a few."""
        text = self._vocabulary_text
        out: list[str] = []
        at = text.find(fragment)
        while at != -1 and len(out) < _MAX_CANDIDATES:
            start = text.rfind("\n", 0, at) + 1
            end = text.index("\n", at)
            out.append(text[start:end])
            at = text.find(fragment, end)
        return out


def _org_vocabulary(
    org_words: Mapping[str, frozenset[str]], orgs: Mapping[str, str | None]
) -> frozenset[str]:
    """Every word that names an organisation (deepseek, 深度求索, alibaba): a query of such
    words alone asks for the organisation's models, all of them."""
    return frozenset({t for words in org_words.values() for t in words}
                     | {t for org in orgs.values() if org for t in tokenize(org)})


def _parameters(size: str) -> float:
    """A parameter count as a number: ``0.3b`` -> 3e8, ``560m`` -> 5.6e8."""
    return float(size[:-1]) * (1e9 if size[-1] == "b" else 1e6)


def _leftover_costs(tokens: Sequence[str], vendors: set[str]) -> tuple[float, ...]:
    """What a query leaving out each token of a name costs. Beyond ``_cost``: a glued Chinese
    organisation costs as little as a weak word; a date (2025-07-28) costs as one number."""
    costs = [_cost(t) for t in tokens]
    for i, token in enumerate(tokens):
        if token in vendors:
            costs[i] = _COST_WEAK
        if (_YEAR.match(token) and i + 2 < len(tokens)
                and all(len(t) == 2 and t.isdigit() for t in tokens[i + 1:i + 3])):
            costs[i + 1] = costs[i + 2] = 0.0
    return tuple(costs)


def _variant_left_open(
    name: str, offered: Sequence[str], plain: Mapping[str, frozenset[str]]
) -> bool:
    """The best fit leaves out a plain word of its name (llama 4 -> Llama-4-*Scout*-17B) and
    another plausible fit leaves out other words instead (Llama-4-*Maverick*-17B): the query
    named the family, not the variant. The user picks. (A fit that leaves out the same words
    and more is only a worse fit.)"""
    mine = plain.get(name, frozenset())
    return bool(mine) and any(not plain.get(o, frozenset()) >= mine for o in offered if o != name)


def _dashed_versions(tokens: Sequence[str]) -> dict[str, tuple[str, str]]:
    """Versions a name writes with a dash (``doubao-seed-1-6``): ``{"1.6": ("1", "6")}``, so a
    query's ``1.6`` agrees with them. Only short plain numbers pair up, never a date or size."""
    out: dict[str, tuple[str, str]] = {}
    for first, second in pairwise(tokens):
        if first.isdigit() and second.isdigit() and len(first) <= 2 and len(second) <= 2:
            out.setdefault(f"{first}.{second}", (first, second))
    return out


def _first_of(order: Mapping[str, list[int]], words: Sequence[str], cap: int) -> list[int]:
    """The first ``cap`` names (board order) having any of ``words``; ``order`` holds each
    word's names in board order, so only the first ``cap`` of each can be among them."""
    if not words:
        return []
    if len(words) == 1:
        return order[words[0]][:cap]
    return sorted(set().union(*(order[w][:cap] for w in words)))[:cap]
