"""Embeds for ``/history`` (a page of releases; the chart is attached by the sender) and
``/changes``. Pure functions of the result, every limit enforced by ``fit``."""

from __future__ import annotations

import discord

from bot import i18n
from bot.core.diff import DomainMoves
from bot.core.history_results import ChangesResult, HistoryPoint, HistoryResult
from bot.discord.embeds import NEUTRAL_COLOUR, _footer, _lines, colour, safe
from bot.discord.limits import FIELD_VALUE, fit
from bot.i18n import Money, t
from bot.render.context import RenderContext
from bot.render.history_text import (
    LISTED,
    change_text,
    leader_line,
    moves_lines,
    price_line,
    rank_text,
    release_name,
    scoring_note,
)

MOVE_FIELDS = 8
"""Domains whose biggest moves get a field of their own (the total first)."""


def _point_field(point: HistoryPoint, lang: str, money: Money) -> tuple[str, str]:
    name = point.release or "?"
    if point.date:
        name += f" · {point.date}"
    if not point.listed:
        return name, f"*{t(lang, 'history.absent')}*"
    value = (f"**{i18n.score(point.score)}** · {rank_text(point, lang)} · "
             f"{i18n.price(point.price, lang, money)}")
    change = change_text(point, lang, money)
    return name, value + (f"\n{change}" if change else "")


def render_history(result: HistoryResult, ctx: RenderContext, page: int = 1) -> discord.Embed:
    """One page of releases, newest first, with the notes that read the figures."""
    lang = ctx.lang
    domain = i18n.domain(result.domain, lang)
    notes = [t(lang, "history.listed", listed=result.listed, releases=len(result.points)),
             t(lang, "history.rank_note", domain=domain)]
    note = scoring_note(result, lang)
    if note:
        notes.append(note)
    embed = discord.Embed(title=t(lang, "history.title", name=safe(result.name), domain=domain),
                          colour=colour(result.domain), description="\n".join(notes))
    for point in result.page(page):
        name, value = _point_field(point, lang, ctx.money)
        embed.add_field(name=name, value=value, inline=False)
    prefix = ""
    if result.pages > 1:
        page = min(max(page, 1), result.pages)
        prefix = t(lang, "history.page", page=page, pages=result.pages,
                   count=len(result.points)) + " · "
    _footer(embed, result.source, lang, prefix=prefix)
    return fit(embed)


def _moves_field(embed: discord.Embed, moves: DomainMoves, title: str, lang: str) -> None:
    lines = [safe(line) for line in moves_lines(moves, lang)]
    if lines:
        embed.add_field(name=title, value=_lines(lines), inline=False)


def _names(names: list[str], lang: str) -> str:
    """The first names (``LISTED`` at most) whole, as many as fit in a field, then how many
    more: long names are never cut in the middle with the count of the rest lost."""
    escaped = [safe(n) for n in names]
    for shown in range(min(len(names), LISTED), 0, -1):
        value = i18n.listing(escaped, lang, shown)
        if len(value) <= FIELD_VALUE:
            return value
    return t(lang, "source.more", count=len(names))


def render_changes(result: ChangesResult, ctx: RenderContext) -> discord.Embed:
    """Models in and out, prices, leaders and the biggest moves, the scoring warning first."""
    lang = ctx.lang
    head = [t(lang, "changes.models", before=result.models_before, after=result.models_after)]
    if result.scoring_changed:
        head.append(t(lang, "changes.scoring", releases=", ".join(result.scoring_changed)))
    if result.empty:
        head.append(t(lang, "changes.nothing"))
    embed = discord.Embed(
        title=t(lang, "changes.title", older=release_name(result.older, lang),
                newer=release_name(result.newer, lang)),
        colour=NEUTRAL_COLOUR, description="\n".join(head))
    for key, names in (("changes.added", result.added), ("changes.removed", result.removed)):
        if names:
            embed.add_field(name=t(lang, key, count=len(names)),
                            value=_names(names, lang), inline=False)
    if result.prices:
        embed.add_field(name=t(lang, "changes.prices", count=len(result.prices)),
                        value=_lines([safe(price_line(c, lang, ctx.money))
                                      for c in result.prices]), inline=False)
    if result.unpriced:
        embed.add_field(name=t(lang, "changes.unpriced", count=len(result.unpriced)),
                        value=_names(result.unpriced, lang), inline=False)
    if result.leaders:
        embed.add_field(name=t(lang, "changes.leaders", count=len(result.leaders)),
                        value=_lines([safe(leader_line(c, lang)) for c in result.leaders]),
                        inline=False)
    _moves_field(embed, result.overall, t(lang, "changes.overall"), lang)
    for moves in result.domains[:MOVE_FIELDS]:
        _moves_field(embed, moves, t(lang, "changes.domain",
                                     domain=i18n.domain(moves.domain, lang)), lang)
    extra = [t(lang, key, **{arg: ", ".join(i18n.domain(d, lang) for d in items)})
             for key, arg, items in (("changes.new_domains", "domains", result.new_domains),
                                     ("changes.dropped_domains", "domains",
                                      result.dropped_domains)) if items]
    extra += [t(lang, key, boards=i18n.listing(items, lang, LISTED))
              for key, items in (("changes.new_boards", result.new_boards),
                                 ("changes.dropped_boards", result.dropped_boards)) if items]
    if extra:
        embed.add_field(name="\u200b", value=_lines([safe(x) for x in extra]), inline=False)
    _footer(embed, result.source, lang)
    return fit(embed)
