"""Terminal text for ``/history`` and ``/changes``, and the phrases their embeds share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot import i18n
from bot.core.diff import DomainMoves, LeaderChange, PriceChange
from bot.core.history_results import ChangesResult, HistoryPoint, HistoryResult, ReleaseRef
from bot.i18n import Money, t
from bot.render.context import RenderContext
from bot.render.table import format_table

SCORING_MARK = "†"
"""Marks a change across releases whose notes say the scoring changed."""
LISTED = 12
"""Names listed per group (added, removed, ...) before "+N more"."""


def _signed(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:+.{digits}f}"


def signed_price(value: float | None, lang: str, money: Money = i18n.CNY) -> str:
    """A price change: ``+1.5元``, ``-1.91元``, ``—`` when unknown, ``±0`` when none."""
    if value is None:
        return "—"
    if value == 0:
        return "±0"
    sign = "+" if value > 0 else "-"
    return sign + i18n.price(abs(value), lang, money)


def rank_text(point: HistoryPoint, lang: str) -> str:
    """``#43 of 87``, or a dash."""
    if point.rank is None or point.ranked is None:
        return "—"
    return t(lang, "history.rank", rank=point.rank, size=point.ranked)


def change_text(point: HistoryPoint, lang: str, money: Money = i18n.CNY) -> str:
    """``-4.0 · -42 places · -1.91元 since v5.8 †``; empty when nothing came before."""
    if point.previous is None:
        return ""
    parts = [_signed(point.score_change)]
    if point.rank_change is not None:
        parts.append(t(lang, "history.places", change=point.rank_change))
    if point.price_change:
        parts.append(signed_price(point.price_change, lang, money))
    text = " · ".join(parts) + " " + t(lang, "history.since", release=point.previous)
    return text + (f" {SCORING_MARK}" if point.scoring_changed else "")


def scoring_note(result: HistoryResult, lang: str) -> str | None:
    """The footnote of the † mark, naming the releases whose notes say the scoring changed."""
    versions = list(dict.fromkeys(v for p in result.points for v in p.scoring_changed))
    return t(lang, "history.scoring_mark", releases=", ".join(versions)) if versions else None


def format_history(result: HistoryResult, ctx: RenderContext) -> str:
    """One row per release held, newest first; a gap says the model was not in it."""
    lang = ctx.lang
    domain = i18n.domain(result.domain, lang)
    rows = []
    for point in result.points:
        when = str(point.date) if point.date else "—"
        if not point.listed:
            rows.append([point.release or "?", when, t(lang, "history.absent"), "", "", ""])
            continue
        rows.append([point.release or "?", when, i18n.price(point.price, lang, ctx.money),
                     i18n.score(point.score), rank_text(point, lang),
                     change_text(point, lang, ctx.money)])
    header = [t(lang, "label.release"), t(lang, "label.date"), t(lang, "label.price"),
              t(lang, "label.score"), t(lang, "label.rank"), t(lang, "label.change")]
    lines = [t(lang, "history.title", name=result.name, domain=domain),
             t(lang, "history.listed", listed=result.listed, releases=len(result.points)), "",
             format_table(header, rows, right=(2, 3, 4)),
             t(lang, "history.rank_note", domain=domain)]
    note = scoring_note(result, lang)
    if note:
        lines.append(note)
    newest = next((p for p in result.points if p.listed), None)
    if newest is not None and newest.boards:  # a model measured nowhere names no board
        lines.append(t(lang, "history.boards", release=newest.release or "?",
                       boards=i18n.listing(newest.boards, lang, 6)))
    lines.append(i18n.source_line(result.source, lang, limit=6))
    return "\n".join(lines)


def moves_lines(moves: DomainMoves, lang: str) -> list[str]:
    """``name 61.9 → 55.1 (-6.8)`` and ``name #12 → #4 (+8 places)`` lines, biggest first."""
    lines = [f"{m.name}  {i18n.score(m.old)} → {i18n.score(m.new)} ({_signed(m.change)})"
             for m in moves.scores]
    lines += [f"{m.name}  #{m.old_rank} → #{m.new_rank} "
              f"({t(lang, 'history.places', change=m.change)})" for m in moves.ranks]
    return lines


def _moves_block(moves: DomainMoves, title: str, lang: str) -> list[str]:
    if not (moves.scores or moves.ranks):
        return []
    lines = ["", title]
    if moves.scores:
        lines.append(f"  {t(lang, 'changes.score_moves')}:")
        lines += [f"    {line}" for line in moves_lines(moves.model_copy(update={"ranks": []}),
                                                       lang)]
    if moves.ranks:
        lines.append(f"  {t(lang, 'changes.rank_moves')}:")
        lines += [f"    {line}" for line in moves_lines(moves.model_copy(update={"scores": []}),
                                                       lang)]
    return lines


def price_line(change: PriceChange, lang: str, money: Money = i18n.CNY) -> str:
    """``gpt-oss-120b 3.26元 → 1.35元``."""
    return (f"{change.name} {i18n.price(change.old_price, lang, money)} → "
            f"{i18n.price(change.new_price, lang, money)}")


def leader_line(change: LeaderChange, lang: str) -> str:
    """``医疗: old → new``."""
    return f"{i18n.domain(change.domain, lang)}: {change.old or '—'} → {change.new or '—'}"


def release_name(ref: ReleaseRef, lang: str) -> str:
    """A release as the source line names it."""
    return i18n.release(ref.release, ref.date, lang)


def unpriced_line(names: list[str], lang: str) -> str:
    """``Models without a price (1): Ministral-3-3B-Instruct-2512``."""
    return f"{t(lang, 'changes.unpriced', count=len(names))}: {i18n.listing(names, lang, LISTED)}"


def format_changes(result: ChangesResult, ctx: RenderContext) -> str:
    """Models in and out, prices, leaders, the biggest moves; the scoring warning first."""
    lang = ctx.lang
    lines = [t(lang, "changes.title", older=release_name(result.older, lang),
               newer=release_name(result.newer, lang)),
             t(lang, "changes.models", before=result.models_before, after=result.models_after)]
    if result.scoring_changed:
        lines.append(t(lang, "changes.scoring", releases=", ".join(result.scoring_changed)))
    if result.empty:
        lines.append(t(lang, "changes.nothing"))
    groups = (("changes.added", result.added), ("changes.removed", result.removed))
    for key, names in groups:
        if names:
            lines += ["", f"{t(lang, key, count=len(names))}: {i18n.listing(names, lang, LISTED)}"]
    if result.prices:
        lines += ["", t(lang, "changes.prices", count=len(result.prices))]
        lines += [f"  {price_line(c, lang, ctx.money)}" for c in result.prices[:LISTED]]
    if result.unpriced:
        lines += ["", unpriced_line(result.unpriced, lang)]
    if result.leaders:
        lines += ["", t(lang, "changes.leaders", count=len(result.leaders))]
        lines += [f"  {leader_line(c, lang)}" for c in result.leaders]
    lines += _moves_block(result.overall, t(lang, "changes.overall"), lang)
    for moves in result.domains:
        lines += _moves_block(moves, t(lang, "changes.domain",
                                       domain=i18n.domain(moves.domain, lang)), lang)
    for key, items in (("changes.new_domains", result.new_domains),
                       ("changes.dropped_domains", result.dropped_domains)):
        if items:
            lines += ["", t(lang, key, domains=", ".join(i18n.domain(d, lang) for d in items))]
    for key, items in (("changes.new_boards", result.new_boards),
                       ("changes.dropped_boards", result.dropped_boards)):
        if items:
            lines += ["", t(lang, key, boards=i18n.listing(items, lang, LISTED))]
    lines += ["", i18n.source_line(result.source, lang, limit=3)]
    return "\n".join(lines)


HISTORY_FORMATTERS: dict[type, Callable[[Any, RenderContext], str]] = {
    HistoryResult: format_history,
    ChangesResult: format_changes,
}
