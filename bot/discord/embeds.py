"""Embeds built by pure functions from result models: no I/O, every limit enforced by ``fit``.

Names from boards are escaped for markdown and mentions; the message itself is also sent with
``allowed_mentions=AllowedMentions.none()``, so nothing a board says can ping anyone.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import discord

from bot import i18n
from bot.core.diff import CatalogDiff
from bot.core.errors import UserError
from bot.core.history_results import ChangesResult, HistoryResult
from bot.core.models import TOTAL, Measures
from bot.core.results import (
    AboutResult,
    BestResult,
    CompareResult,
    CostResult,
    DomainsResult,
    LeaderboardResult,
    ModelResult,
    RankedItem,
    RecommendResult,
    Result,
    SourceInfo,
    ValueItem,
    ValueResult,
)
from bot.discord.limits import FIELD_VALUE, cut, fit
from bot.i18n import Money, price, score, t
from bot.render.context import RenderContext
from bot.render.text import MEASURE_LABELS, compare_notes, disagreement_text

_COLOURS = {
    TOTAL: 0x5865F2,
    "医疗": 0x57F287,
    "医疗与心理健康": 0x57F287,
    "心理健康": 0x3BA55C,
    "教育": 0xFEE75C,
    "法律": 0xED4245,
    "法律与行政公务": 0xED4245,
    "行政公务": 0xE67E22,
    "金融": 0xF1C40F,
    "推理与数学计算": 0x9B59B6,
    "语言与指令遵从": 0x1ABC9C,
    "agent与工具调用": 0x3498DB,
    "coding": 0x95A5A6,
}
ERROR_COLOUR = 0xED4245
NEUTRAL_COLOUR = 0x5865F2


def colour(domain: str) -> discord.Colour:
    """A colour per domain, the same on every message; unknown domains get a stable one."""
    value = _COLOURS.get(domain)
    if value is None:
        value = zlib.crc32(domain.encode()) & 0xFFFFFF
    return discord.Colour(value)


@lru_cache(maxsize=8192)  # the same few names are escaped on every answer
def safe(text: str | None) -> str:
    """Board text made inert: no markdown, no mentions."""
    if not text:
        return "—"
    return discord.utils.escape_mentions(discord.utils.escape_markdown(text))


def _footer(embed: discord.Embed, source: SourceInfo, lang: str, prefix: str = "") -> None:
    """The release and boards the figures come from (the footer is plain text: no escaping)."""
    embed.set_footer(text=prefix + t(lang, "footer", source=i18n.source_line(source, lang)))


def _line(index: int, item: RankedItem, lang: str, money: Money, domain: str,
          single: bool = True) -> str:
    """One ranked model; its rank says what it is a rank of unless every rank shown is of
    one thing (which the embed then names once)."""
    new = " 🆕" if item.is_new else ""
    rank = ("—" if item.rank is None else f"#{item.rank}" if single
            else _rank(item, domain, lang))
    return (f"`{index}.` **{safe(item.name)}**{new} · {safe(item.org)} · "
            f"{score(item.score)} · {price(item.price, lang, money)} · {rank}")


def _rank(item: RankedItem, domain: str, lang: str) -> str:
    """``#3 on 医疗与心理健康`` or ``#8 by Medical in the release``, the board's title escaped."""
    rank_of = item.rank_of if item.rank_of == "release" else safe(item.rank_of)
    return i18n.rank(item.rank, rank_of, domain, lang)


def _one_board(items: list[RankedItem]) -> bool:
    """Whether every rank shown is of one thing (one board, or the release)."""
    return len({item.rank_of for item in items}) <= 1


def _lines(lines: list[str], limit: int = FIELD_VALUE) -> str:
    """Join lines, keeping whole lines while they fit, and say how many were left out."""
    out: list[str] = []
    used = 0
    for i, line in enumerate(lines):
        rest = len(lines) - i
        tail = f"\n… (+{rest})"
        if used + len(line) + 1 + len(tail) > limit and rest > 0:
            out.append(f"… (+{rest})")
            break
        out.append(line)
        used += len(line) + 1
    return cut("\n".join(out), limit)


def render_best(result: BestResult, ctx: RenderContext) -> discord.Embed:
    """The winner, the runners-up and a close cheaper alternative."""
    lang, money = ctx.lang, ctx.money
    label = i18n.domain(result.domain, lang)
    title = (t(lang, "best.title_budget", domain=label,
               budget=i18n.budget_price(result.budget, lang))
             if result.budget is not None else t(lang, "best.title", domain=label))
    winner = result.results[0]
    embed = discord.Embed(
        title=title,
        colour=colour(result.domain),
        description=t(lang, "best.winner", name=f"**{safe(winner.name)}**",
                      score=score(winner.score), domain=label,
                      price=price(winner.price, lang, money),
                      rank=_rank(winner, result.domain, lang)),
    )
    embed.add_field(name=t(lang, "label.score"), value=score(winner.score))
    embed.add_field(name=t(lang, "label.price"), value=price(winner.price, lang, money))
    embed.add_field(name=t(lang, "label.rank"),
                    value=_rank(winner, result.domain, lang))
    if len(result.results) > 1:
        embed.add_field(
            name=t(lang, "best.runners_up"),
            # the winner's field names its board: the runners-up say theirs when it differs
            value=_lines([_line(i, item, lang, money, result.domain,
                                _one_board(result.results))
                          for i, item in enumerate(result.results[1:], 2)]),
            inline=False,
        )
    cheaper = result.cheaper
    if cheaper and winner.price and cheaper.price is not None:
        embed.add_field(
            name="💡",
            value=i18n.cheaper(lang, f"**{safe(cheaper.name)}**", winner.score, winner.price,
                               cheaper.score, cheaper.price, money),
            inline=False,
        )
    notes = [t(lang, "best.considered", count=result.considered)]
    applied = i18n.filters(lang, None, safe(result.org) if result.org else None, result.type)
    if applied:
        notes.insert(0, applied)
    embed.add_field(name="\u200b", value="\n".join(notes), inline=False)
    _footer(embed, result.source, lang)
    return fit(embed)


def render_compare(result: CompareResult, ctx: RenderContext) -> discord.Embed:
    """Per-domain scores with each domain's winner starred; totals, prices and value."""
    lang, money = ctx.lang, ctx.money
    names = [m.name for m in result.models]
    embed = discord.Embed(
        title=" vs ".join(names), colour=colour(TOTAL),
    )

    def block(values: list[str], winner: str | None) -> str:
        return "\n".join(
            f"{'🏆' if winner == name else '▫️'} {value} · {safe(name)}"
            for value, name in zip(values, names, strict=True)
        )

    for row in result.domains:
        embed.add_field(name=i18n.domain(row.domain, lang),
                        value=block([score(v) for v in row.scores], row.winner))
    embed.add_field(name=t(lang, "label.total"),
                    value=block([score(m.total) for m in result.models], result.total_winner))
    embed.add_field(name=t(lang, "label.price"),
                    value=block([price(m.price, lang, money) for m in result.models],
                                result.cheapest))
    embed.add_field(
        name=t(lang, "label.per_yuan"),
        value=block([i18n.per_yuan(m.score_per_yuan, lang) for m in result.models],
                    result.best_value),
    )
    embed.add_field(
        name=t(lang, "label.category"),
        value=block([f"{i18n.category(m.category, lang)} · {m.release or '?'}"
                     for m in result.models], None),
    )
    for key, label in MEASURE_LABELS:
        if any(TOTAL in m.measures for m in result.models):
            embed.add_field(name=f"{t(lang, label)} ({i18n.domain(TOTAL, lang)})", value=block(
                [i18n.measure(getattr(m.measures[TOTAL], key), key, lang)
                 if TOTAL in m.measures else "—" for m in result.models], None))
    notes = compare_notes(result, lang, safe)
    if notes:
        embed.description = "\n".join(notes)
    _footer(embed, result.source, lang)
    return fit(embed)


def render_model(result: ModelResult, ctx: RenderContext) -> discord.Embed:
    """The model card: release, home board, figures, each domain with its rank and what the
    release measured there."""
    lang, money = ctx.lang, ctx.money
    card = result.model
    title = card.name + (f" · {i18n.new_marker(card, lang)}" if card.is_new else "")
    mine = i18n.release(card.release, card.release_date, lang)
    release = (t(lang, "model.release", release=mine) if card.current else
               t(lang, "model.older", release=mine, current=card.current_release or "?"))
    embed = discord.Embed(
        title=title, colour=colour(TOTAL),
        description=i18n.headline(card, lang) + "\n" + release,
    )
    embed.add_field(name=t(lang, "label.org"), value=safe(card.org))
    embed.add_field(name=t(lang, "label.price"), value=price(card.price, lang, money))
    embed.add_field(name=t(lang, "label.total"), value=score(card.total) + _measured(
        card.measures.get(TOTAL), lang))
    embed.add_field(name=t(lang, "label.category"), value=i18n.category(card.category, lang))
    for domain, value in card.scores.items():
        rank = card.domain_ranks.get(domain)
        text = f"**{score(value)}**" + (f" · #{rank}/{card.release_size[domain]}" if rank else "")
        embed.add_field(name=i18n.domain(domain, lang),
                        value=text + _measured(card.measures.get(domain), lang))
    notes = []
    if card.strongest:
        notes.append(t(lang, "model.strongest",
                       domains=", ".join(i18n.domain(d, lang) for d in card.strongest)))
    if card.weakest:
        notes.append(t(lang, "model.weakest",
                       domains=", ".join(i18n.domain(d, lang) for d in card.weakest)))
    if card.also_on:
        notes.append(t(lang, "model.also_on",
                       boards=i18n.listing([safe(b) for b in card.also_on], lang, 6)))
    if notes:
        embed.add_field(name="\u200b", value="\n".join(notes), inline=False)
    _footer(embed, result.source, lang)
    return fit(embed)


def _measured(measures: Measures | None, lang: str) -> str:
    """``\n⏱ 41 s · 707 tok · 59.2元/千次``: what the release measured, when it did."""
    if measures is None:
        return ""
    return "\n" + " · ".join(
        f"{t(lang, label)} {i18n.measure(getattr(measures, key), key, lang)}"
        for key, label in MEASURE_LABELS if getattr(measures, key) is not None)


def render_leaderboard(result: LeaderboardResult, ctx: RenderContext) -> discord.Embed:
    """One page of a ranking."""
    lang, money = ctx.lang, ctx.money
    start = (result.page - 1) * result.per_page + 1
    single = _one_board(result.results)
    lines = [_line(i, item, lang, money, result.domain, single)
             for i, item in enumerate(result.results, start)]
    applied = i18n.filters(lang, result.budget, safe(result.org) if result.org else None,
                           result.type)
    head = [applied] if applied else []
    embed = discord.Embed(
        title=t(lang, "leaderboard.title", domain=i18n.domain(result.domain, lang)),
        colour=colour(result.domain),
        description=_lines(head + lines + _ranks_on(result, lang), 4000),
    )
    page = t(lang, "leaderboard.page", page=result.page, pages=result.pages, count=result.count)
    _footer(embed, result.source, lang, prefix=page + " · ")
    return fit(embed)


def _ranks_on(result: LeaderboardResult, lang: str) -> list[str]:
    """What the ranks (#n after each name) are of, when they are all of one thing: a board,
    or the release (by the domain's score)."""
    kinds = {item.rank_of for item in result.results}
    if len(kinds) != 1:
        return []
    (kind,) = kinds
    if kind == "release":
        return [t(lang, "ranking.ranks_in", domain=i18n.domain(result.domain, lang),
                  release=i18n.release(result.source.release, None, lang))]
    return [t(lang, "ranking.ranks_on", board=safe(kind))]


def _value_line(item: ValueItem, lang: str, money: Money) -> str:
    per = i18n.per_yuan(item.score_per_yuan, lang)  # per 元: the board's own unit
    return (f"**{safe(item.name)}** · {score(item.score)} · {price(item.price, lang, money)} · "
            f"{per}/元")


def render_value(result: ValueResult, ctx: RenderContext) -> discord.Embed:
    """The frontier cheapest first, the best value, then what the frontier beats."""
    lang, money = ctx.lang, ctx.money
    label = i18n.domain(result.domain, lang)
    embed = discord.Embed(title=t(lang, "value.title", domain=label), colour=colour(result.domain))
    applied = i18n.filters(lang, result.budget, safe(result.org) if result.org else None,
                           result.type)
    notes = [applied] if applied else []
    if result.best_value:
        best = result.best_value
        notes.append(t(lang, "value.best",  # a paid model: free ones are listed apart
                       name=f"**{safe(best.name)}**",
                       score=score(best.score), price=price(best.price, lang, money),
                       per_yuan=i18n.per_yuan(best.score_per_yuan, lang)))
    embed.description = "\n".join(notes) or None
    embed.add_field(name=t(lang, "value.frontier"),
                    value=_lines([_value_line(i, lang, money) for i in result.frontier])
                    or t(lang, "value.no_prices"),
                    inline=False)
    if result.free:
        embed.add_field(name=t(lang, "value.free"),
                        value=_lines([_value_line(i, lang, money) for i in result.free]),
                        inline=False)
    if result.others:
        embed.add_field(name=t(lang, "value.others"),
                        value=_lines([_value_line(i, lang, money) for i in result.others]),
                        inline=False)
    if result.unpriced:
        embed.add_field(name=t(lang, "value.unpriced"),
                        value=_lines([f"**{safe(i.name)}** · {score(i.score)}"
                                      for i in result.unpriced]), inline=False)
    _footer(embed, result.source, lang)
    return fit(embed)


def render_domains(result: DomainsResult, ctx: RenderContext) -> discord.Embed:
    """Every domain with the names it answers to."""
    lang = ctx.lang
    embed = discord.Embed(title=t(lang, "domains.title"), colour=colour(TOTAL),
                          description=t(lang, "domains.hint"))
    for item in result.domains:
        aliases = ", ".join(f"`{a}`" for a in item.aliases[:10]) or "—"
        embed.add_field(name=f"{item.domain} · {item.english} ({item.models})", value=aliases,
                        inline=False)
    _footer(embed, result.source, lang)
    return fit(embed)


def render_about(result: AboutResult, ctx: RenderContext) -> discord.Embed:
    """Source, releases, the current release's boards, skipped files and disagreements."""
    lang = ctx.lang
    current = next((r for r in result.releases if r.current), None)
    embed = discord.Embed(
        title=t(lang, "about.title"), colour=colour(TOTAL), url=result.url,
        description=t(lang, "about.source") + f"\n{result.url}\n" + t(
            lang, "about.loaded", when=result.loaded_at.strftime("%Y-%m-%d %H:%M UTC"),
            models=result.models, boards=len(result.boards), version=result.version,
            release=i18n.release(current.release, current.date, lang) if current else "—"),
    )
    if len(result.releases) > 1:
        embed.add_field(name=t(lang, "about.releases"), value=_lines([
            f"{i18n.release(r.release, r.date, lang)} · {t(lang, 'about.models', count=r.models)}"
            + (f" · **{t(lang, 'about.current')}**" if r.current else "")
            for r in result.releases]), inline=False)
    if current is not None and current.notes:
        embed.add_field(name=t(lang, "about.notes", release=current.release or "?"),
                        value=_lines([f"- {safe(n)}" for n in current.notes]), inline=False)
    embed.add_field(name=t(lang, "label.board"), value=_lines([
        f"**{safe(b.title)}** · {t(lang, 'about.models', count=b.models)} · {safe(b.file)}"
        for b in result.boards]), inline=False)
    if result.skipped:
        embed.add_field(name="⚠️", value=cut(safe(t(lang, "about.skipped", files=", ".join(
            s.file for s in result.skipped))), FIELD_VALUE), inline=False)
    if result.disagreements:
        embed.add_field(
            name=t(lang, "about.disagreements", count=len(result.disagreements)),
            value=_lines([safe(disagreement_text(d, lang)) for d in result.disagreements]),
            inline=False)
    _footer(embed, result.source, lang)
    return fit(embed)


def render_result(result: Result, ctx: RenderContext) -> discord.Embed:
    """The embed for any result."""
    return EMBEDS[type(result)](result, ctx)


def render_recommend(result: RecommendResult, ctx: RenderContext) -> discord.Embed:
    """The weighted winner, runners-up, and what each domain contributed."""
    lang, money = ctx.lang, ctx.money
    weights = ", ".join(f"{i18n.domain(d, lang)} ×{w:g}" for d, w in result.weights.items())
    embed = discord.Embed(title=t(lang, "recommend.title", weights=weights),
                          colour=colour(next(iter(result.weights))))
    winner = result.results[0]
    embed.description = t(lang, "recommend.winner", name=f"**{safe(winner.name)}**",
                          score=score(winner.score), price=price(winner.price, lang, money),
                          rank=winner.rank, board=safe(winner.board))
    for index, item in enumerate(result.results, 1):
        parts = [f"{i18n.domain(d, lang)} {item.scores[d]:.1f} → +{item.contributions[d]:.1f}"
                 for d in result.weights]
        embed.add_field(
            name=f"{index}. {cut(item.name, 200)} · {score(item.score)}",
            value=f"{price(item.price, lang, money)}\n" + "\n".join(parts), inline=False,
        )
    applied = i18n.filters(lang, result.budget, safe(result.org) if result.org else None,
                           result.type)
    notes = [applied] if applied else []
    notes.append(t(lang, "best.considered", count=result.considered))
    if result.skipped:
        notes.append(t(lang, "recommend.skipped", count=result.skipped))
    embed.add_field(name="\u200b", value="\n".join(notes), inline=False)
    _footer(embed, result.source, lang)
    return fit(embed)


def render_cost(result: CostResult, ctx: RenderContext) -> discord.Embed:
    """The monthly bill and the cheaper best-value alternatives."""
    lang, money = ctx.lang, ctx.money
    m = result.model
    embed = discord.Embed(
        title=t(lang, "cost.title", name=m.name, tokens=i18n.tokens(result.tokens, lang),
                period=t(lang, f"period.{result.period}")),
        colour=colour(TOTAL),
        description="\n".join(i18n.cost_lines(
            result, lang, price(m.price, lang, money),
            f"**{i18n.amount(m.monthly_cost, lang, money)}**")),
    )
    applied = i18n.filters(lang, None, None, result.type)
    if applied:
        embed.description = f"{embed.description}\n{applied}"
    if result.alternatives:
        embed.add_field(
            name=t(lang, "cost.alternatives"),
            value=_lines([
                f"**{safe(a.name)}** · {t(lang, 'label.total')} {score(a.total)} · "
                f"{i18n.amount(a.monthly_cost, lang, money)}"
                + (f" (−{i18n.amount(a.saving, lang, money)})" if a.saving else "")
                for a in result.alternatives
            ]),
            inline=False,
        )
    embed.add_field(name="\u200b", value=t(lang, "cost.output_only"), inline=False)
    _footer(embed, result.source, lang)
    return fit(embed)


EMBEDS: dict[type[Result], Callable[[Any, RenderContext], discord.Embed]] = {
    BestResult: render_best,
    CompareResult: render_compare,
    ModelResult: render_model,
    LeaderboardResult: render_leaderboard,
    ValueResult: render_value,
    RecommendResult: render_recommend,
    CostResult: render_cost,
    DomainsResult: render_domains,
    AboutResult: render_about,
}
"""The renderer of each result type: one signature, ``(result, RenderContext)``."""


def render_error(error: UserError, lang: str) -> discord.Embed:
    """A user error: the message and the suggestions, as a short red embed."""
    embed = discord.Embed(colour=ERROR_COLOUR, description=safe_message(
        i18n.error_message(error, lang)))
    extra = i18n.suggestions_line(error, lang)
    if extra:
        embed.add_field(name="\u200b", value=safe_message(extra), inline=False)
    return fit(embed)


def render_notice(text: str, *, error: bool = True) -> discord.Embed:
    """A one-line notice (cooldown, permission, internal error)."""
    return fit(discord.Embed(colour=ERROR_COLOUR if error else NEUTRAL_COLOUR,
                             description=safe_message(text)))


def safe_message(text: str) -> str:
    """A message that quotes user input: mentions made inert (markdown kept)."""
    return discord.utils.escape_mentions(text)


def render_reload(diff: CatalogDiff, lang: str) -> discord.Embed:
    """What a reload changed."""
    embed = discord.Embed(colour=NEUTRAL_COLOUR, title=t(lang, "reload.done"))
    embed.description = t(lang, "reload.summary", boards=diff.boards_after,
                          models=diff.models_after, before=diff.models_before)
    if diff.empty:
        embed.add_field(name="\u200b", value=t(lang, "reload.nothing"), inline=False)
    if diff.added:
        embed.add_field(name=t(lang, "reload.added", count=len(diff.added)),
                        value=_lines([safe(n) for n in diff.added]), inline=False)
    if diff.removed:
        embed.add_field(name=t(lang, "reload.removed", count=len(diff.removed)),
                        value=_lines([safe(n) for n in diff.removed]), inline=False)
    if diff.moved:
        embed.add_field(
            name=t(lang, "reload.moved", count=len(diff.moved)),
            value=_lines([f"{safe(m.name)}: #{m.old_rank} → #{m.new_rank}" for m in diff.moved]),
            inline=False,
        )
    if diff.prices:
        embed.add_field(
            name=t(lang, "reload.prices", count=len(diff.prices)),
            value=_lines([f"{safe(p.name)}: {price(p.old_price, lang)} → "
                          f"{price(p.new_price, lang)}" for p in diff.prices]),
            inline=False,
        )
    if diff.leaders:
        embed.add_field(
            name=t(lang, "reload.leaders", count=len(diff.leaders)),
            value=_lines([f"{i18n.domain(c.domain, lang)}: {safe(c.old)} → {safe(c.new)}"
                          for c in diff.leaders]),
            inline=False,
        )
    return fit(embed)


# /history and /changes render with the helpers above; their module adds them to the table
from bot.discord.history_embeds import render_changes, render_history  # noqa: E402

EMBEDS.update({HistoryResult: render_history, ChangesResult: render_changes})
