"""Terminal text for every result: ``format_*`` functions return strings, the CLI prints them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot import i18n
from bot.core.errors import UserError
from bot.core.merge import Claim, Disagreement
from bot.core.models import TOTAL, Board, Measures
from bot.core.release import SkippedFile
from bot.core.results import (
    AboutResult,
    BestResult,
    CompareResult,
    CostResult,
    DomainsResult,
    LeaderboardResult,
    ModelCard,
    ModelResult,
    RankedItem,
    RecommendResult,
    Result,
    ValueItem,
    ValueResult,
)
from bot.i18n import domain as domain_label
from bot.i18n import price, score, t
from bot.render.context import RenderContext
from bot.render.history_text import HISTORY_FORMATTERS
from bot.render.table import format_table


def _rank_cell(item: RankedItem, domain: str, lang: str, single: bool) -> str:
    """A rank alone when every row's rank is of one thing (named once below the table), else
    with what it is a rank of."""
    if item.rank is None:
        return "—"
    return str(item.rank) if single else i18n.rank(item.rank, item.rank_of, domain, lang)


def _ranks_of(items: list[RankedItem], domain: str, release: str | None, lang: str
              ) -> tuple[str, list[str]]:
    """(the rank column's header, the line that says what the ranks are of) when every rank
    shown is of one thing; else a plain header and no line (each cell says)."""
    kinds = {item.rank_of for item in items}
    if len(kinds) != 1:
        return t(lang, "label.rank"), []
    (kind,) = kinds
    if kind == "release":
        return t(lang, "label.rank"), [t(lang, "ranking.ranks_in",
                                         domain=domain_label(domain, lang),
                                         release=i18n.release(release, None, lang))]
    return t(lang, "label.board_rank"), [t(lang, "ranking.ranks_on", board=kind)]


def _ranking(items: list[RankedItem], domain: str, release: str | None, lang: str,
             start: int = 1) -> str:
    column, note = _ranks_of(items, domain, release, lang)
    single = bool(note)
    header = ["#", t(lang, "label.model"), t(lang, "label.org"), t(lang, "label.price"),
              t(lang, "label.score"), column]
    scores, _ = i18n.ranked_scores([item.score for item in items])
    rows = [
        [str(i), item.name + (f" {t(lang, 'label.new_mark')}" if item.is_new else ""),
         item.org or "—", price(item.price, lang), shown,
         _rank_cell(item, domain, lang, single)]
        for (i, item), shown in zip(enumerate(items, start=start), scores, strict=True)
    ]
    return "\n".join([format_table(header, rows, right=(0, 3, 4, 5)), *note,
                      *_tie_notes([i.score for i in items], lang)])


def _tie_notes(values: list[float | None], lang: str) -> list[str]:
    """What decides the order where shown scores would tie: the decimals shown, or price."""
    notes = []
    if i18n.ranked_scores(values)[1]:
        notes.append(t(lang, "ranking.decimals"))
    if i18n.equal_neighbours(values):
        notes.append(t(lang, "ranking.ties"))
    return notes


def _source(result: Result, lang: str) -> str:
    return i18n.source_line(result.source, lang, limit=6)


def format_best(result: BestResult, ctx: RenderContext) -> str:
    """The winner, the runners-up and a close cheaper alternative."""
    lang = ctx.lang
    label = domain_label(result.domain, lang)
    title = (t(lang, "best.title_budget", domain=label,
               budget=i18n.budget_price(result.budget, lang))
             if result.budget is not None else t(lang, "best.title", domain=label))
    lines = [title]
    applied = i18n.filters(lang, None, result.org, result.type)
    if applied:
        lines.append(applied)
    winner = result.results[0]
    lines += [
        t(lang, "best.winner", name=winner.name, score=score(winner.score), domain=label,
          price=price(winner.price, lang),
          rank=i18n.rank(winner.rank, winner.rank_of, result.domain, lang)),
        "",
        _ranking(result.results, result.domain, result.source.release, lang),
    ]
    if result.cheaper and winner.price and result.cheaper.price is not None:
        lines += ["", _cheaper_line(result, lang)]
    lines += ["", t(lang, "best.considered", count=result.considered), _source(result, lang)]
    return "\n".join(lines)


def _cheaper_line(result: BestResult, lang: str) -> str:
    winner, cheaper = result.results[0], result.cheaper
    assert cheaper is not None and winner.price and cheaper.price is not None
    return i18n.cheaper(lang, cheaper.name, winner.score, winner.price, cheaper.score,
                        cheaper.price)


MEASURE_LABELS = (("latency", "label.latency"), ("tokens", "label.tokens"),
                  ("cost_per_1000", "label.cost_1000"))
"""The figures a release measured, by attribute of ``Measures``, with their labels' keys."""


def format_compare(result: CompareResult, ctx: RenderContext) -> str:
    """Domains down, models across; the winner of each row is starred."""
    lang = ctx.lang
    names = [m.name for m in result.models]
    header = [t(lang, "label.domain"), *names]
    rows = []
    for row in result.domains:
        rows.append([domain_label(row.domain, lang)] + [
            score(v) + ("*" if row.winner == name else " ")
            for v, name in zip(row.scores, names, strict=True)
        ])
    rows.append([t(lang, "label.total")] + [
        score(m.total) + ("*" if result.total_winner == m.name else " ") for m in result.models
    ])
    rows.append([t(lang, "label.price")] + [price(m.price, lang) + " " for m in result.models])
    rows.append([t(lang, "label.per_yuan")] + [
        i18n.per_yuan(m.score_per_yuan, lang) + " " for m in result.models
    ])
    rows.append([t(lang, "label.total_rank")] + [
        (f"#{m.rank} · {m.release or '?'} " if m.rank is not None else "— ")
        for m in result.models])
    rows.append([t(lang, "label.category")] + [f"{i18n.category(m.category, lang)} "
                                               for m in result.models])
    rows.append([t(lang, "label.release")] + [f"{m.release or '?'} " for m in result.models])
    for key, label in MEASURE_LABELS:
        if any(TOTAL in m.measures for m in result.models):
            rows.append([t(lang, label)] + [
                i18n.measure(getattr(m.measures[TOTAL], key), key, lang) + " "
                if TOTAL in m.measures else "— " for m in result.models])
    lines = [format_table(header, rows, right=tuple(range(1, len(header))))]
    lines += compare_notes(result, lang)
    lines.append(_source(result, lang))
    return "\n".join(lines)


def compare_notes(result: CompareResult, lang: str, name: Callable[[str], str] = str
                  ) -> list[str]:
    """What a comparison says below its figures, in the terminal and in Discord alike: the
    release the models moved to, mixed releases, the price ratio, the best value (its name
    through ``name``, which escapes it where markup would read it)."""
    notes = []
    if result.common_release:
        notes.append(t(lang, "compare.moved", release=result.common_release))
    if not result.same_release:
        notes.append(t(lang, "compare.mixed", releases=", ".join(
            dict.fromkeys(m.release or "?" for m in result.models))))
    if result.price_ratio is not None:
        notes.append(t(lang, "compare.price_ratio", ratio=i18n.ratio(result.price_ratio, lang)))
    if result.best_value:
        notes.append(t(lang, "compare.best_value", name=name(result.best_value)))
    return notes


def format_model(result: ModelResult, ctx: RenderContext) -> str:
    """The model card as a heading, a few facts and a table of domain scores with ranks."""
    lang = ctx.lang
    card = result.model
    head = card.name + (f"  ({i18n.new_marker(card, lang)})" if card.is_new else "")
    lines = [
        head,
        f"{t(lang, 'label.org')}: {card.org or '—'}    {t(lang, 'label.price')}: "
        f"{price(card.price, lang)}    {t(lang, 'label.total')}: {score(card.total)}    "
        f"{t(lang, 'label.category')}: {i18n.category(card.category, lang)}",
        i18n.headline(card, lang),
        _release_line(card, lang),
        "",
    ]
    rows = [
        [domain_label(d, lang), score(s), _card_rank(card, d, lang),
         *_measure_cells(card.measures.get(d), lang)]
        for d, s in _card_rows(card)
    ]
    if rows:  # a board with only a total has no domains to list
        header = [t(lang, "label.domain"), t(lang, "label.score"), t(lang, "label.rank"),
                  *[t(lang, label) for _, label in MEASURE_LABELS]]
        lines.append(format_table(header, rows, right=(1, 2, 3, 4, 5)))
    if card.strongest:
        lines.append(t(lang, "model.strongest",
                       domains=", ".join(domain_label(d, lang) for d in card.strongest)))
    if card.weakest:
        lines.append(t(lang, "model.weakest",
                       domains=", ".join(domain_label(d, lang) for d in card.weakest)))
    if card.also_on:
        lines.append(t(lang, "model.also_on", boards=i18n.listing(card.also_on, lang, 8)))
    lines.append(_source(result, lang))
    return "\n".join(lines)


def _card_rows(card: ModelCard) -> list[tuple[str, float | None]]:
    """The total (when the release measured something for it) and then every domain."""
    rows: list[tuple[str, float | None]] = list(card.scores.items())
    if TOTAL in card.measures:
        rows.insert(0, (TOTAL, card.total))
    return rows


def _card_rank(card: ModelCard, domain: str, lang: str) -> str:
    """A row's rank out of the models ranked there; the Overall row's is the card's headline
    rank (by total, on its home board), shown just above: never a dash under "#4 of 97"."""
    if domain in card.domain_ranks:
        return t(lang, "model.domain_rank_of", rank=card.domain_ranks[domain],
                 size=card.release_size[domain])
    if domain == TOTAL and card.total is not None:
        # out of the models ranked by total, as the headline: the home board may list
        # unmeasured models too (v4.2's 总分 has 112 rows, two at "/%")
        return t(lang, "model.domain_rank_of", rank=card.rank, size=card.rank_size)
    return "—"


def _measure_cells(measures: Measures | None, lang: str) -> list[str]:
    if measures is None:
        return ["—"] * len(MEASURE_LABELS)
    return [i18n.measure(getattr(measures, key), key, lang) for key, _ in MEASURE_LABELS]


def _release_line(card: ModelCard, lang: str) -> str:
    """Which release the card is from, and whether rankings use another."""
    mine = i18n.release(card.release, card.release_date, lang)
    if card.current:
        return t(lang, "model.release", release=mine)
    return t(lang, "model.older", release=mine, current=card.current_release or "?")


def format_leaderboard(result: LeaderboardResult, ctx: RenderContext) -> str:
    """One page of the ranking."""
    lang = ctx.lang
    lines = [t(lang, "leaderboard.title", domain=domain_label(result.domain, lang))]
    applied = i18n.filters(lang, result.budget, result.org, result.type)
    if applied:
        lines.append(applied)
    start = (result.page - 1) * result.per_page + 1
    lines += [_ranking(result.results, result.domain, result.source.release, lang,
                       start=start),
              t(lang, "leaderboard.page", page=result.page, pages=result.pages,
                count=result.count), _source(result, lang)]
    return "\n".join(lines)


def _value_table(items: list[ValueItem], domain: str, lang: str, column: str, single: bool
                 ) -> str:
    header = [t(lang, "label.model"), t(lang, "label.org"), t(lang, "label.price"),
              t(lang, "label.score"), t(lang, "label.per_yuan"), column]
    rows = [
        [item.name, item.org or "—", price(item.price, lang), score(item.score),
         i18n.per_yuan(item.score_per_yuan, lang), _rank_cell(item, domain, lang, single)]
        for item in items
    ]
    return format_table(header, rows, right=(2, 3, 4, 5))


def format_value(result: ValueResult, ctx: RenderContext) -> str:
    """The frontier (cheapest first), the best value, then the rest and the unpriced."""
    lang = ctx.lang
    label = domain_label(result.domain, lang)
    lines = [t(lang, "value.title", domain=label)]
    applied = i18n.filters(lang, result.budget, result.org, result.type)
    if applied:
        lines.append(applied)
    if result.best_value:
        best = result.best_value
        lines.append(t(lang, "value.best", name=best.name, score=score(best.score),
                       price=price(best.price, lang),
                       per_yuan=i18n.per_yuan(best.score_per_yuan, lang)))
    domain = result.domain
    sections = [("value.frontier", result.frontier), ("value.free", result.free),
                ("value.others", result.others), ("value.unpriced", result.unpriced)]
    column, note = _ranks_of([i for _, items in sections for i in items], domain,
                             result.source.release, lang)
    if not result.frontier and not result.free:
        lines += ["", t(lang, "value.no_prices")]
    for key, items in sections:
        if items:
            lines += ["", t(lang, key), _value_table(items, domain, lang, column, bool(note))]
    lines += ["", *note, _source(result, lang)]
    return "\n".join(lines)


def format_recommend(result: RecommendResult, ctx: RenderContext) -> str:
    """The weighted ranking with each domain's contribution."""
    lang = ctx.lang
    weights = ", ".join(f"{domain_label(d, lang)} ×{w:g}" for d, w in result.weights.items())
    lines = [t(lang, "recommend.title", weights=weights)]
    applied = i18n.filters(lang, result.budget, result.org, result.type)
    if applied:
        lines.append(applied)
    domains = list(result.weights)
    header = ["#", t(lang, "label.model"), t(lang, "label.price"), t(lang, "recommend.weighted"),
              *[f"{domain_label(d, lang)}" for d in domains]]
    weighted = [item.score for item in result.results]
    scores, _ = i18n.ranked_scores(weighted)
    rows = [
        [str(i), item.name, price(item.price, lang), shown,
         *[f"{item.scores[d]:.1f} (+{item.contributions[d]:.1f})" for d in domains]]
        for (i, item), shown in zip(enumerate(result.results, 1), scores, strict=True)
    ]
    lines += ["", format_table(header, rows, right=tuple(range(2, len(header)))),
              *_tie_notes(weighted, lang), "", t(lang, "best.considered", count=result.considered)]
    if result.skipped:
        lines.append(t(lang, "recommend.skipped", count=result.skipped))
    lines.append(_source(result, lang))
    return "\n".join(lines)


def format_cost(result: CostResult, ctx: RenderContext) -> str:
    """The monthly bill of the model and of cheaper best-value alternatives."""
    lang = ctx.lang
    m = result.model
    lines = [
        t(lang, "cost.title", name=m.name, tokens=i18n.tokens(result.tokens, lang),
          period=t(lang, f"period.{result.period}")),
        *i18n.cost_lines(result, lang, price(m.price, lang), i18n.amount(m.monthly_cost, lang)),
    ]
    applied = i18n.filters(lang, None, None, result.type)
    if applied:
        lines.append(applied)
    if result.alternatives:
        header = [t(lang, "label.model"), t(lang, "label.total"), t(lang, "label.price"),
                  t(lang, "cost.per_month"), t(lang, "cost.saving")]
        rows = [[a.name, score(a.total), price(a.price, lang), i18n.amount(a.monthly_cost, lang),
                 i18n.amount(a.saving, lang) if a.saving is not None else "—"]
                for a in result.alternatives]
        lines += ["", t(lang, "cost.alternatives"),
                  format_table(header, rows, right=(1, 2, 3, 4))]
    lines += ["", t(lang, "cost.output_only"), _source(result, lang)]
    return "\n".join(lines)


def format_domains(result: DomainsResult, ctx: RenderContext) -> str:
    """Every domain, its English name, its aliases and how many models it scores."""
    lang = ctx.lang
    rows = [[d.domain, d.english, ", ".join(d.aliases[:8]), str(d.models)] for d in result.domains]
    table = format_table([t(lang, "label.domain"), "English", t(lang, "label.aliases"),
                          t(lang, "label.models")], rows, right=(3,))
    return "\n".join([t(lang, "domains.title"), table, t(lang, "domains.hint"),
                      _source(result, lang)])


def format_about(result: AboutResult, ctx: RenderContext) -> str:
    """Source, releases, boards, skipped files, disagreements and load time."""
    lang = ctx.lang
    current = next((r for r in result.releases if r.current), None)
    lines = [
        t(lang, "about.title"),
        f"{t(lang, 'about.source')}: {result.url}",
        t(lang, "about.loaded", when=result.loaded_at.strftime("%Y-%m-%d %H:%M UTC"),
          models=result.models, boards=len(result.boards), version=result.version,
          release=i18n.release(current.release, current.date, lang) if current else "—"),
        "",
    ]
    if current is not None and current.notes:
        lines += [t(lang, "about.notes", release=current.release or "?"),
                  *(f"  - {note}" for note in current.notes), ""]
    if len(result.releases) > 1:
        rows = [[i18n.release(r.release, r.date, lang), str(r.boards), str(r.models),
                 t(lang, "about.current") if r.current else ""] for r in result.releases]
        lines += [format_table([t(lang, "about.releases"), t(lang, "label.boards"),
                                t(lang, "label.models"), t(lang, "about.status")], rows,
                               right=(1, 2)), ""]
    rows = [[b.title, b.file, str(b.models), str(len(b.domains))] for b in result.boards]
    lines.append(format_table([t(lang, "label.board"), t(lang, "label.file"),
                               t(lang, "label.models"), t(lang, "label.domains")], rows,
                              right=(2, 3)))
    if result.skipped:
        lines += ["", t(lang, "about.skipped", files=", ".join(s.file for s in result.skipped))]
    if result.disagreements:
        lines += ["", t(lang, "about.disagreements", count=len(result.disagreements))]
        lines += [f"  {disagreement_text(d, lang)}" for d in result.disagreements]
    return "\n".join(lines)


def disagreement_text(item: Disagreement, lang: str) -> str:
    """``qwen3.7-max · price: 36元 (commerce1) over 40元 (alldata)``."""
    def value(claim: Claim) -> str:
        if item.figure == "price" and isinstance(claim.value, float):
            return price(claim.value, lang)
        if isinstance(claim.value, float):
            return score(claim.value)
        return str(claim.value)

    figure = t(lang, f"label.{item.figure}") if item.figure in ("price", "org", "category") \
        else domain_label(item.figure, lang)
    others = ", ".join(f"{value(c)} ({c.board})" for c in item.others)
    return t(lang, "about.disagreement", model=item.model, figure=figure,
             value=value(item.chosen), board=item.chosen.board, others=others)


def format_parse(boards: list[Board], skipped: list[SkippedFile],
                 disagreements: list[Disagreement], lang: str) -> str:
    """What ``modelbot parse`` read: each board, the files skipped, the disagreements."""
    lines = [
        f"{board.title}  ({board.source}:{board.line})\n"
        + (t(lang, "parse.board", models=len(board.models), label=t(lang, "label.domains"),
             domains=", ".join(board.domains)) if board.domains else
           t(lang, "parse.total_only", models=len(board.models)))
        for board in boards
    ]
    if skipped:
        lines.append(t(lang, "about.skipped", files=", ".join(s.path for s in skipped)))
    if disagreements:
        lines.append(t(lang, "about.disagreements", count=len(disagreements)))
        lines += [f"  {disagreement_text(d, lang)}" for d in disagreements]
    return "\n".join(lines)


FORMATTERS: dict[type[Result], Callable[[Any, RenderContext], str]] = {
    BestResult: format_best,
    CompareResult: format_compare,
    ModelResult: format_model,
    LeaderboardResult: format_leaderboard,
    ValueResult: format_value,
    RecommendResult: format_recommend,
    CostResult: format_cost,
    DomainsResult: format_domains,
    AboutResult: format_about,
    **HISTORY_FORMATTERS,
}


def format_result(result: Result, ctx: RenderContext) -> str:
    """Terminal text for any result."""
    return FORMATTERS[type(result)](result, ctx)


def format_error(error: UserError, lang: str) -> str:
    """The message and, when there are any, the suggestions, one per line."""
    lines = [i18n.error_message(error, lang)]
    extra = i18n.suggestions_line(error, lang)
    if extra:
        lines.append(extra)
    return "\n".join(lines)
