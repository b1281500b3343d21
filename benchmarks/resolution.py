"""Name resolution and autocomplete, side by side with two baselines, and their accuracy.

Baselines, run in the same process on the same raw names (the board's own spellings):

- ``difflib``: ``difflib.get_close_matches(query, names, n=...)`` (its default cutoff, 0.6);
- ``wratio``: ``rapidfuzz.process.extract(query, names, scorer=fuzz.WRatio, limit=...)``, plain:
  no processor, no cutoff.

Two operations are timed for each: *resolve* (one answer: ``Resolver.resolve`` against the
baselines' top 1) on what users submit, and *complete* (the top 25: ``Resolver.complete``
against the baselines' top 25) on what they type, keystroke by keystroke.

Accuracy is scored on the resolver's own test table (``TABLE`` in tests/core/test_resolve.py),
on the seed board, with the same rule the test applies to the resolver (see ``score_rows``).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from typing import Any

from rapidfuzz import fuzz, process, utils

from benchmarks.stats import interleaved, ratio, summary
from bot.core.catalog import Catalog
from bot.core.domains import fold
from bot.core.names import NameIndex, is_number, numbers_agree, tokenize

# What people submit as a model option: exact names, loose spellings, typos, nicknames,
# families, organisations, and names that are on no board.
SUBMITTED: tuple[str, ...] = (
    "DeepSeek-R1", "deepseek r1", "qwq-32b", "gemma-3-27b-it", "qwen2.5-72b", "llama 3.3 70b",
    "Llama-3.3-70B-Instruct-fp8", "gemma-3-27b-ti", "deepsek r1", "mistral small 2501",
    "hermes 405b", "r1", "qwq", "gemma", "阿里巴巴", "深度求索 r1", "qwen2.5-7b-instruct",
    "llama 3.1 8b", "claude 3.5 sonnet", "gpt-4o", "70b", "internlm2.5-20b-chat",
    "Qwen3-235B-A22B-instruct", "zzzzzz",
)

# What people type into an autocompleted option, keystroke by keystroke.
TYPED: tuple[str, ...] = (
    "d", "de", "deeps", "deepseek r", "deepseek r1", "q", "qw", "qwen2.5-7", "qwen 72b",
    "qwen2.5-72b-instruct", "llama", "llama 3.3", "llama 3.3 70b", "Llama-3.3-70B-Instruct",
    "gem", "gemma-3-27b-ti", "mistral small", "hermes", "nemotron 70b", "gpt-4o",
    "claude 3.5 sonnet", "深度求索", "阿里", "alibaba qwq", "70b", "qwq 32b preview",
    "internlm2.5 20b", "zzzzzz",
)

LIMIT = 25
WRATIO_CUTOFF = 80.0  # a common "good match" cut-off for WRatio (fuzzywuzzy's examples use 80)
DIFFLIB_CUTOFF = 0.6  # get_close_matches' own default


def contenders(catalog: Catalog, op: str) -> dict[str, Callable[[str], object]]:
    """The three implementations of ``op`` (resolve or complete) over ``catalog``'s names."""
    resolver, completer = catalog.resolver, catalog.completer
    names = list(resolver.index.names)
    n = 1 if op == "resolve" else LIMIT
    ours: Callable[[str], object] = (
        resolver.resolve if op == "resolve" else (lambda q: completer.complete(q, limit=LIMIT))
    )
    return {
        "ours": ours,
        "wratio": lambda q: process.extract(q, names, scorer=fuzz.WRatio, limit=n),
        "difflib": lambda q: difflib.get_close_matches(q, names, n=n),
    }


def time_operations(catalog: Catalog, *, budget_s: float, min_reps: int,
                    max_reps: int) -> dict[str, Any]:
    """Median and p99 of each contender for resolve and complete, and the speed-ups."""
    out: dict[str, Any] = {}
    for op, queries in (("resolve", SUBMITTED), ("complete", TYPED)):
        samples = interleaved(contenders(catalog, op), queries, budget_s=budget_s,
                              min_reps=min_reps, max_reps=max_reps)
        stats = {name: summary(s) for name, s in samples.items()}
        ours = stats["ours"]
        for base in ("wratio", "difflib"):
            stats[f"speedup_vs_{base}"] = {
                "median": ratio(stats[base]["median_ms"], ours["median_ms"]),
                "p99": ratio(stats[base]["p99_ms"], ours["p99_ms"]),
            }
        stats["queries"] = len(queries)
        out[op] = stats
    return out


# -- accuracy -------------------------------------------------------------------------------


def _pick(scored: Sequence[tuple[str, float]], cutoff: float) -> tuple[str, list[str]]:
    """A baseline's answer from its scores: nothing above the cut-off -> unknown; one best ->
    resolved; several tied for best (equal scores) -> ambiguous with them."""
    above = [(name, score) for name, score in scored if score >= cutoff]
    if not above:
        return "unknown", []
    best = max(score for _, score in above)
    tied = [name for name, score in above if score >= best - 1e-9]
    return ("resolved", tied) if len(tied) == 1 else ("ambiguous", tied)


def _correct(status: str, expected_status: str, names: list[str], expected: Any) -> bool:
    """The rule tests/core/test_resolve.py applies to the resolver, applied to anyone."""
    if status != expected_status:
        return False
    if status == "resolved":
        return names == [expected]
    if status == "ambiguous":
        return set(expected) <= set(names) and len(names) >= 2
    return True


def _difflib_scores(query: str, names: Sequence[str], fold_case: bool) -> list[tuple[str, float]]:
    """The score ``get_close_matches`` ranks by (``SequenceMatcher.ratio``), for every name."""
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(query.casefold() if fold_case else query)
    out = []
    for name in names:
        matcher.set_seq1(name.casefold() if fold_case else name)
        out.append((name, matcher.ratio()))
    return out


def _wratio_scores(query: str, names: Sequence[str], fold_case: bool) -> list[tuple[str, float]]:
    processor = utils.default_process if fold_case else None
    found = process.extract(query, names, scorer=fuzz.WRatio, processor=processor, limit=None)
    return [(name, score) for name, score, _ in found]


Scorer = Callable[[str, Sequence[str], bool], list[tuple[str, float]]]
BASELINES: dict[str, tuple[Scorer, bool, float, Sequence[float]]] = {
    # name: (scores, fold case, usual cut-off, cut-offs swept for the best case)
    "difflib": (_difflib_scores, False, DIFFLIB_CUTOFF, [c / 100 for c in range(30, 101)]),
    "difflib_casefold": (_difflib_scores, True, DIFFLIB_CUTOFF, [c / 100 for c in range(30, 101)]),
    "wratio": (_wratio_scores, False, WRATIO_CUTOFF, [float(c) for c in range(40, 101)]),
    "wratio_default_process": (_wratio_scores, True, WRATIO_CUTOFF,
                               [float(c) for c in range(40, 101)]),
}


def score_rows(table: Sequence[tuple[str, str, Any]],
               answer: Callable[[str], tuple[str, list[str]]]) -> dict[str, Any]:
    """Percent correct, per expected outcome, and wrong picks (resolved to a name that is not
    the expected one: a guess among ambiguous candidates counts as wrong)."""
    correct = 0
    by_status: dict[str, list[int]] = {}
    wrong_picks: list[str] = []
    for query, expected_status, expected in table:
        status, names = answer(query)
        ok = _correct(status, expected_status, names, expected)
        correct += ok
        tally = by_status.setdefault(expected_status, [0, 0])
        tally[0] += ok
        tally[1] += 1
        if status == "resolved" and not (expected_status == "resolved" and names == [expected]):
            wrong_picks.append(query)
    return {
        "correct": correct, "total": len(table), "percent": 100.0 * correct / len(table),
        "by_expected": {k: f"{v[0]}/{v[1]}" for k, v in by_status.items()},
        "wrong_picks": len(wrong_picks), "wrong_pick_queries": wrong_picks,
    }


def accuracy(catalog: Catalog, table: Sequence[tuple[str, str, Any]]) -> dict[str, Any]:
    """The resolver and each baseline (at its usual cut-off and at its best one) on ``table``."""
    resolver = catalog.resolver

    def ours(query: str) -> tuple[str, list[str]]:
        result = resolver.resolve(query)
        if result.status == "resolved":
            return "resolved", [result.name or ""]
        return result.status, list(result.candidates)

    out: dict[str, Any] = {"ours": score_rows(table, ours)}
    names = list(resolver.index.names)
    for label, (scores, fold_case, usual, sweep) in BASELINES.items():
        cache = {q: scores(q, names, fold_case) for q, _, _ in table}
        at_usual = score_rows(table, lambda q, c=usual, s=cache: _pick(s[q], c))
        best_cutoff, best = usual, at_usual
        for cutoff in sweep:
            result = score_rows(table, lambda q, c=cutoff, s=cache: _pick(s[q], c))
            if result["correct"] > best["correct"]:
                best_cutoff, best = cutoff, result
        out[label] = at_usual | {"cutoff": usual, "best_cutoff": best_cutoff,
                                 "best_percent": best["percent"],
                                 "best_wrong_picks": best["wrong_picks"]}
    return out


def load_table() -> list[tuple[str, str, Any]] | None:
    """The resolver's test table, or None when the tests are not importable here."""
    try:
        from tests.core.test_resolve import TABLE
    except ImportError:
        return None
    return list(TABLE)


# -- autocomplete agreement -----------------------------------------------------------------


def exhaustive_complete(names: NameIndex, query: str, limit: int = LIMIT) -> list[str]:
    """The reference: autocomplete as it was before the benchmarks (a ``partial_ratio`` pass over
    every name, then the same careful score of the best). Used to check that a cheaper first
    pass offers the same names."""
    text = query.strip()
    if not text:
        return list(names.popular[:limit])
    key = fold(text)
    numbers = [t for t in tokenize(text) if is_number(t)]
    first = process.extract(key, names.folded, scorer=fuzz.partial_ratio, processor=None,
                            limit=limit * 3, score_cutoff=40)
    by_org = {i for word, indexes in names.by_org_word.items() if word.startswith(key)
              for i in indexes}
    rescored: list[tuple[float, int]] = []
    for index in dict.fromkeys([*(i for _, _, i in first), *sorted(by_org)]):
        item = names.prepared[index]
        score = fuzz.WRatio(key, item.folded, processor=None)
        if item.folded.startswith(key):
            score += 10
        if index in by_org:
            score = max(score, 80.0)
        if numbers and not numbers_agree(numbers, item.numbers):
            score -= 30
        rescored.append((score, index))
    rescored.sort(key=lambda pair: (-pair[0], pair[1]))
    return [names.names[index] for _, index in rescored[:limit]]


def agreement(catalog: Catalog) -> dict[str, Any]:
    """How often ``complete`` offers what the exhaustive reference offers, over ``TYPED``:
    same first choice, and the share of the reference's top 5 found in our top 25."""
    first = 0
    top5_found = top5_total = 0
    differ: list[str] = []
    for query in TYPED:
        ours = catalog.completer.complete(query, limit=LIMIT)
        ref = exhaustive_complete(catalog.resolver.index, query)
        first += (ours[:1] == ref[:1])
        if ours[:1] != ref[:1]:
            differ.append(query)
        top5_total += len(ref[:5])
        top5_found += len(set(ref[:5]) & set(ours))
    return {
        "queries": len(TYPED),
        "same_first_choice": first,
        "first_choice_differs": differ,
        "reference_top5_in_our_top25_percent": 100.0 * top5_found / max(1, top5_total),
    }
