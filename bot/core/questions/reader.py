"""Read a plain question into the commands it may mean (no language model, no network).

``understand(catalog, "医疗 5元以内最好的是哪个")`` -> ``/best 医疗 budget:5``. The sentence is
cut into cues, amounts and runs of other words (``bot.core.questions.scan``); a run must be an
organisation's name or a model name the resolver accepts as it accepts a typed one (resolved,
or ambiguous: then the command asks which, as it would for a typed name). A word that is none
of these is not guessed at: the question is refused (``NotUnderstood``) with the commands
closest to what it did say. A reading never holds a model, domain or budget the sentence did
not give; what it leaves out takes the command's default.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass, field, replace
from typing import Any

from rapidfuzz import fuzz, process

from bot.core.catalog import Catalog
from bot.core.commands import build_request
from bot.core.domains import fold
from bot.core.errors import InvalidOption, UnknownDomain
from bot.core.models import TOTAL
from bot.core.names import is_han, tokenize
from bot.core.questions.quantities import format_tokens
from bot.core.questions.reading import NotUnderstood, Reading, Understanding, command_text
from bot.core.questions.scan import Cue, Phrases, Piece, Token, normalize
from bot.core.questions.vocab import Intent
from bot.core.requests import REQUESTS

MAX_QUESTION = 500
"""Characters read at most: a question is a sentence or two, not a document."""
MAX_RUNS = 16
"""Runs of unknown words looked up at most (each costs a name resolution)."""
MAX_READINGS = 5
_RANKINGS: tuple[Intent, ...] = ("best", "value", "leaderboard")
_TYPO_CUTOFF = 84.0
_SIZE = re.compile(r"[a-z]?\d+(?:\.\d+)?[a-z]?")
_PHRASES: weakref.WeakKeyDictionary[Catalog, Phrases] = weakref.WeakKeyDictionary()


def phrases_of(catalog: Catalog) -> Phrases:
    """The catalog's phrase table, built on first use (a catalog never changes)."""
    found = _PHRASES.get(catalog)
    if found is None:
        found = _PHRASES[catalog] = Phrases(catalog)
    return found


@dataclass
class _Found:
    """What a sentence said, slot by slot, with where (for the order of names and intents)."""

    models: list[str] = field(default_factory=list)
    domains: dict[str, str] = field(default_factory=dict)  # header -> the name said
    orgs: list[str] = field(default_factory=list)
    named: list[tuple[str, str | None]] = field(default_factory=list)
    """models and model families in the order said; a family that names an organisation too
    (deepseek) with that organisation"""
    intents: list[Intent] = field(default_factory=list)
    budget: float | None = None
    tokens: float | None = None
    period: str | None = None
    kind: str | None = None
    top: int | None = None
    unread: list[str] = field(default_factory=list)
    refused: tuple[str, str] | None = None  # (reason, what)
    relative: bool = False  # cheaper than, 平替: relative to a model named

    @property
    def anything(self) -> bool:
        return bool(self.models or self.domains or self.orgs or self.intents or self.kind
                    or self.budget is not None or self.top is not None)


def understand(catalog: Catalog, question: str) -> Understanding:
    """Every reading of ``question``, likeliest first; raises ``NotUnderstood``."""
    # longer than any question even before folding: refused before any work on it
    text = normalize(question) if len(question) <= 4 * MAX_QUESTION else question
    if len(text) > MAX_QUESTION:
        raise NotUnderstood(reason="too_long", unread="", limit=MAX_QUESTION,
                            suggestions=_examples(catalog))
    found = _Reader(catalog).read(text)
    if found.refused is not None:
        reason, what = found.refused
        raise NotUnderstood(reason=reason, unread=what,
                            suggestions=_texts(catalog, found) or _examples(catalog))
    if found.unread:
        raise NotUnderstood(reason="unread", unread="”, “".join(dict.fromkeys(found.unread)),
                            suggestions=_suggestions(catalog, found))
    try:
        readings = _readings(catalog, found)
    except NotUnderstood as error:
        if not error.suggestions:  # what the rest would rank (百度的模型怎么样: org:百度)
            rankings = replace(found, tokens=None,
                               intents=[i for i in found.intents if i in _RANKINGS])
            error.suggestions = _texts(catalog, rankings) or _examples(catalog)
        raise
    return Understanding(question=text, readings=tuple(readings))


class _Reader:
    """One pass over one sentence."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.phrases = phrases_of(catalog)
        self.found = _Found()
        self.lookups = 0

    def read(self, text: str) -> _Found:
        for piece in self.phrases.scan(text):
            if piece.cue is not None:
                self._cue(piece.cue)
            elif piece.quantity is not None:
                self._quantity(piece)
            else:
                self._run(piece)
        return self.found

    def _cue(self, cue: Cue) -> None:
        found = self.found
        if cue.kind == "intent":
            found.intents.append(cue.value)  # type: ignore[arg-type]
        elif cue.kind == "domain":
            header = self.catalog.domains.resolve(cue.value)
            found.domains.setdefault(header, cue.value)
        elif cue.kind == "kind":
            self._one("kind", cue.value)
        elif cue.kind == "relative":
            found.relative = True
        elif cue.kind == "free":
            self._one("budget", 0.0)
        elif cue.kind == "period":
            found.period = found.period or cue.value

    def _quantity(self, piece: Piece) -> None:
        quantity, found = piece.quantity, self.found
        assert quantity is not None
        if quantity.kind in ("lower_bound", "currency"):
            found.refused = found.refused or (quantity.kind, quantity.text)
        elif quantity.kind == "budget":
            self._one("budget", quantity.value, quantity.text)
        elif quantity.kind == "tokens" and found.tokens is None:
            found.tokens = quantity.value
        elif quantity.kind == "top" and found.top is None:
            found.top = int(quantity.value)

    def _one(self, slot: str, value: Any, said: str | None = None) -> None:
        """A slot that takes one value: said twice alike is once; two different values
        (开源还是商用, 1块到5块) are refused rather than one picked."""
        before = getattr(self.found, slot)
        if before is None:
            setattr(self.found, slot, value)
        elif before != value:
            self.found.refused = self.found.refused or (
                "conflict", f"{_shown(before)}, {said or _shown(value)}")

    def _run(self, piece: Piece) -> None:
        """A run of other words: an organisation, a model, else word by word."""
        if self._name(piece.text):
            return
        groups: list[list[Token]] = []
        for token in piece.words:  # Chinese stays whole, Latin goes word by word
            if groups and token.han and groups[-1][-1].han:
                groups[-1].append(token)
            else:
                groups.append([token])
        if len(groups) == 1 and len(piece.words) > 1 and piece.words[0].han:
            self.found.unread.append(piece.text)
            return
        for group in groups:
            word = Piece(group[0].start, words=group)
            if len(groups) > 1 and self._name(word.text):
                continue
            if not self._typo(word.text):
                self.found.unread.append(word.text)

    def _name(self, text: str) -> bool:
        """Whether ``text`` names an organisation or a model (recorded if so)."""
        org = self.phrases.orgs.get(fold(text))
        if org is not None:
            if text in self.phrases.families:  # deepseek: a company and a family of models
                self.found.named.append((text, org))
            self.found.orgs.append(org)
            return True
        if not any(c.isalpha() for c in text) or self.lookups >= MAX_RUNS:
            return False  # a bare number is no name ("5" fits every size-5 model)
        index = self.catalog.resolver.index
        nickname = index.exact.get(text.casefold()) or index.aliases.get(fold(text))
        if not nickname and (_SIZE.fullmatch(text) or not self._may_name(text)):
            return False  # 27b, v2: a size or a version; or no word of any name
        self.lookups += 1
        resolution = self.catalog.resolver.resolve(text)
        if resolution.status == "unknown":
            return False
        lone = " " not in text and not any(c.isdigit() for c in text)
        if lone and text not in self.phrases.families and resolution.method not in (
                "exact", "alias"):
            return False  # a tier word alone (max, small, flash) names no model
        name = resolution.name if resolution.status == "resolved" else text
        if name not in self.found.models:
            self.found.models.append(name)  # type: ignore[arg-type]
            self.found.named.append((name, None))  # type: ignore[arg-type]
        return True

    def _may_name(self, text: str) -> bool:
        """Whether the resolver could take ``text`` as a typed name: it has a number, or a
        word some name or nickname has (a cheap look before a full resolution: an everyday
        word such as "poems" would be tried against every name)."""
        index = self.catalog.resolver.index
        if any(c.isdigit() for c in text) or index.aliases.get(fold(text)):
            return True
        return any(token in index.by_token or token in self.phrases.families
                   or (is_han(token) and index.containing(token))
                   for token in tokenize(text))

    def _typo(self, word: str) -> bool:
        """A misspelt cue word (cheapst, codeing, leaderbord): taken when close enough."""
        if len(word) < 4 or not word.isalpha() or not word.isascii():
            return False
        words = self.phrases.typo_words
        match = process.extractOne(word, list(words), scorer=fuzz.ratio,
                                   score_cutoff=_TYPO_CUTOFF)
        if match is None:
            return False
        self._cue(words[match[0]])
        return True


def _shown(value: Any) -> str:
    return f"{value:g}元" if isinstance(value, float) else str(value)


def _slots(found: _Found, intent: str, domain: str | None) -> dict[str, Any]:
    options: dict[str, Any] = {}
    if domain is not None:
        options["domain"] = domain
    if found.budget is not None:
        options["budget"] = found.budget
    if found.top is not None and intent in ("best", "recommend"):
        options["top"] = found.top
    if found.orgs:
        options["org"] = found.orgs[0]
    if found.kind is not None:
        options["type"] = found.kind
    return options


def _plans(found: _Found) -> list[tuple[str, dict[str, Any]]]:
    """The commands the slots make, likeliest first (not yet validated)."""
    models = found.models
    families = [org for _, org in found.named if org is not None]
    if models and families:  # deepseek 和 qwen: two families, not a company and a model
        models = list(dict.fromkeys(name for name, _ in found.named))
        found.orgs = [o for o in found.orgs if o not in families]
    if len(models) > 4:
        raise NotUnderstood(reason="too_many_models", unread=", ".join(models[4:]))
    if len(models) >= 2:
        names = dict(zip(("model_a", "model_b", "model_c", "model_d"), models, strict=False))
        return [("compare", names), *(("model", {"name": m}) for m in models)]
    if models:
        card = ("model", {"name": models[0]})
        if found.tokens is None and found.relative:  # cheaper than kimi-k3: no command ranks so
            raise NotUnderstood(reason="relative", unread=models[0],
                                suggestions=[command_text("model", {"name": models[0]})])
        if found.tokens is None:
            return [card]
        cost: dict[str, Any] = {"model": models[0], "tokens": format_tokens(found.tokens)}
        if found.period is not None:
            cost["period"] = found.period
        if found.kind is not None:
            cost["type"] = found.kind
        return [("cost", cost), card]
    if len(set(found.orgs)) > 1:
        orgs = list(dict.fromkeys(found.orgs))
        raise NotUnderstood(reason="conflict", unread=", ".join(orgs),
                            suggestions=[f"/best org:{_quoted_org(o)}" for o in orgs[:4]])
    for intent in ("domains", "about"):
        others = found.domains or found.orgs or found.kind or found.top is not None
        if intent in found.intents and not (others or found.budget is not None or
                                            set(found.intents) & set(_RANKINGS)):
            return [(intent, {})]
    said = [i for i in found.intents if i in _RANKINGS]
    if not said and (found.tokens is not None or {"cost", "model", "compare"} & set(found.intents)):
        raise NotUnderstood(reason="needs_model", unread="")
    if not found.anything:
        raise NotUnderstood(reason="nothing", unread="")
    order = list(dict.fromkeys([*said, *_RANKINGS]))
    domains = list(found.domains.values())
    if len(domains) >= 2 and TOTAL in found.domains:  # 医疗、法律综合最好: combined, not 总分
        domains = [name for header, name in found.domains.items() if header != TOTAL]
    if len(domains) >= 2:
        weights = {"weights": " ".join(domains), **_slots(found, "recommend", None)}
        return [("recommend", weights), *((order[0], _slots(found, order[0], d)) for d in domains)]
    domain = domains[0] if domains else None
    return [(intent, _slots(found, intent, domain)) for intent in order]


def _quoted_org(org: str) -> str:
    return f'"{org}"' if " " in org else org


def _readings(catalog: Catalog, found: _Found) -> list[Reading]:
    """The plans as validated requests. The likeliest plan's error is raised (top:26 is the
    user's mistake to hear about, not a reason to answer another command); a later plan
    that does not validate is left out."""
    readings: list[Reading] = []
    for index, (command, options) in enumerate(_plans(found)):
        try:
            request = build_request(REQUESTS[command], options)
        except (InvalidOption, UnknownDomain):
            if index == 0:
                raise
            continue
        text = command_text(command, options)
        if all(r.text != text for r in readings):
            readings.append(Reading(request=request, text=text))
    return readings[:MAX_READINGS]


def _texts(catalog: Catalog, found: _Found) -> list[str]:
    """What the sentence would be read as without the words that could not be read."""
    try:
        return [r.text for r in _readings(catalog, found)][:3]
    except (NotUnderstood, InvalidOption, UnknownDomain):
        return []


def _suggestions(catalog: Catalog, found: _Found) -> list[str]:
    """The commands closest to a sentence with unread words: its reading without them, and
    the domains and models those words look like (a close spelling, never a guess)."""
    out = _texts(catalog, found)
    words = phrases_of(catalog).domain_words
    for word in found.unread:
        near = process.extractOne(word, list(words), scorer=fuzz.ratio, score_cutoff=70)
        if near is not None:
            out.append(f"/best {words[near[0]]}")
        if any(c.isdigit() or c == "-" for c in word):  # looks like a model's name
            out += [f"/model {n}" for n in catalog.resolver.suggest(word, limit=2)]
    return list(dict.fromkeys(out))[:4] or _examples(catalog)


def _examples(catalog: Catalog) -> list[str]:
    """Commands to start from when nothing of a sentence could be read."""
    words = phrases_of(catalog).domain_words
    domain = next((d for d in ("医疗", "coding", "法律") if d in words.values()), None)
    return [f"/best {domain} budget:5" if domain else "/best budget:5", "/leaderboard",
            "/domains"]
