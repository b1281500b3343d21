"""PNG charts from results: a radar for /compare, price against score for /value, domain bars
against the board's median for /model, score, rank and price by release for /history.

matplotlib is imported on first use only (start-up stays fast) and driven through its
object-oriented API with the Agg canvas, so charts can be drawn in worker threads. Chinese
labels need a CJK font: ``find_cjk_font`` looks for one; without it labels fall back to English
domain names and one warning is logged. Colours suit Discord's dark theme.
"""

from __future__ import annotations

import io
import logging
import math
import threading
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot import i18n
from bot.core.domains import english_name
from bot.core.history_results import HistoryPoint, HistoryResult
from bot.core.results import CompareResult, ModelResult, Result, ValueResult

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

log = logging.getLogger(__name__)

WIDTH, HEIGHT, DPI = 1000, 700, 100
BACKGROUND = "#2b2d31"  # Discord's dark embed background
PANEL = "#313338"
TEXT = "#dbdee1"
MUTED = "#949ba4"
GRID = "#4e5058"
PALETTE = ("#5865f2", "#57f287", "#fee75c", "#eb459e", "#ed4245", "#3ba5ff")
FRONTIER = "#57f287"
BUDGET = "#fee75c"

# Families that carry Chinese glyphs, most common on Linux, macOS and Windows first.
CJK_FAMILIES = (
    "Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans SC", "Source Han Sans SC",
    "Source Han Sans CN", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Droid Sans Fallback",
    "AR PL UMing CN", "PingFang SC", "Hiragino Sans GB", "Heiti SC", "Microsoft YaHei",
    "SimHei", "SimSun",
)
_warned = threading.Event()


def _unusable(path: str) -> str | None:
    """Why ``path`` cannot draw Chinese labels (missing, not a font, no Chinese glyphs), or
    None when it can."""
    if not Path(path).is_file():
        return "no such file"
    from matplotlib.ft2font import FT2Font

    try:
        face = FT2Font(path)
    except (OSError, RuntimeError, ValueError):
        return "not a font matplotlib can read"
    if not all(face.get_char_index(ord(c)) for c in "医疗中文"):
        return "it has no Chinese glyphs"
    return None


def _system_cjk_font() -> str | None:
    from matplotlib import font_manager

    by_family: dict[str, str] = {}
    for font in font_manager.fontManager.ttflist:
        by_family.setdefault(font.name, font.fname)
    for family in CJK_FAMILIES:
        if family in by_family:
            return by_family[family]
    return None


@lru_cache(maxsize=8)
def find_cjk_font(explicit: str | None = None) -> str | None:
    """The path of a font that draws Chinese: ``explicit`` when it can, else the first
    installed font of a known CJK family; None when there is none. A ``charts.font`` that
    cannot serve is named in one warning (cached: once per process), never used to draw boxes."""
    found = _system_cjk_font()
    if explicit:
        problem = _unusable(explicit)
        if problem is None:
            return explicit
        _warned.set()  # this warning says everything: no second one about the fallback
        log.warning("charts.font %s cannot draw Chinese (%s): %s", explicit, problem,
                    f"using {found} instead" if found else
                    "no CJK font found either, charts use English domain names")
    return found


def _font(explicit: str | None) -> Any:
    """A FontProperties for the CJK font, or None (labels then go English)."""
    from matplotlib.font_manager import FontProperties

    path = find_cjk_font(explicit)
    if path is None:
        if not _warned.is_set():
            _warned.set()
            log.warning("no CJK font found: charts use English domain names "
                        "(install fonts-noto-cjk or set charts.font)")
        return None
    return FontProperties(fname=path)


def _figure() -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH / DPI, HEIGHT / DPI), dpi=DPI, facecolor=BACKGROUND)
    FigureCanvasAgg(figure)  # attaches itself as figure.canvas
    return figure


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.canvas.print_png(buffer)  # type: ignore[attr-defined]
    figure.clear()
    return buffer.getvalue()


def _style(axes: Axes) -> None:
    axes.set_facecolor(PANEL)
    axes.tick_params(colors=TEXT, labelsize=10)
    for spine in axes.spines.values():
        spine.set_color(GRID)
    axes.grid(True, color=GRID, linewidth=0.6, alpha=0.7)


def _label(domain: str, lang: str, font: Any) -> str:
    # Without a CJK font Chinese would draw as boxes: use the English name then, and keep
    # only the Latin part of a name the registry does not know (2025高考数学 -> 2025).
    if font is None:
        return latin_only(english_name(domain))
    return i18n.domain(domain, lang)


def latin_only(text: str) -> str:
    """``text`` without the characters a Latin font cannot draw (CJK and other wide scripts);
    ``?`` when nothing is left."""
    kept = "".join(c for c in text if ord(c) < 0x2E80).strip(" -_·&")
    return " ".join(kept.split()) or "?"


def _text(lang: str, font: Any, key: str, **params: Any) -> str:
    return i18n.t(lang if font is not None else "en", key, **params)


def _price(value: float | None, lang: str, font: Any) -> str:
    if font is None:  # 元 would draw as a box
        return "—" if value is None else f"{i18n.number(value, 'en')} CNY"
    return i18n.price(value, lang)


def _kw(font: Any, size: float | None = None) -> dict[str, Any]:
    kw: dict[str, Any] = {"color": TEXT}
    if font is not None:
        kw["fontproperties"] = font.copy()
        if size:
            kw["fontproperties"].set_size(size)
    elif size:
        kw["fontsize"] = size
    return kw


def _legend(axes: Axes, font: Any, **where: Any) -> None:
    """A frameless legend in the theme's text colour, in the CJK font when there is one."""
    legend = axes.legend(frameon=False, prop=font.copy() if font else None, **where)
    for text in legend.get_texts():
        text.set_color(TEXT)


def compare_figure(result: CompareResult, lang: str, font_path: str | None = None) -> Figure:
    """A radar: one axis per domain, one outline per model, prices in the legend."""
    font = _font(font_path)
    figure = _figure()
    axes = figure.add_subplot(projection="polar")
    axes.set_facecolor(PANEL)
    # An axis where a model has no score would draw it at 0: such domains stay off the radar
    # (the embed and the table still list them), unless fewer than three would be left.
    shared = [row.domain for row in result.domains if None not in row.scores]
    domains = (shared if len(shared) >= 3 else [row.domain for row in result.domains]) or ["—"]
    angles = [2 * math.pi * i / len(domains) for i in range(len(domains))]
    closed = [*angles, angles[0]]
    for index, model in enumerate(result.models):
        values = [model.scores.get(d) or 0.0 for d in domains]
        colour = PALETTE[index % len(PALETTE)]
        label = f"{model.name} · {_price(model.price, lang, font)}"
        axes.plot(closed, [*values, values[0]], color=colour, linewidth=2, label=label)
        axes.fill(closed, [*values, values[0]], color=colour, alpha=0.15)
    axes.set_xticks(angles)
    axes.set_xticklabels([_label(d, lang, font) for d in domains], **_kw(font, 11))
    axes.set_ylim(0, 100)
    axes.set_yticks([20, 40, 60, 80, 100])
    axes.set_yticklabels(["20", "40", "60", "80", "100"], color=MUTED, fontsize=8)
    axes.grid(color=GRID, linewidth=0.6)
    axes.spines["polar"].set_color(GRID)
    _legend(axes, font, loc="upper right", bbox_to_anchor=(1.45, 1.1))
    figure.subplots_adjust(left=0.08, right=0.68, top=0.88, bottom=0.08)
    return figure



def _positions(prices: Iterable[float], log_scale: bool) -> list[float]:
    prices = list(prices)
    if not log_scale:
        return prices
    positive = [p for p in prices if p > 0]
    floor = min(positive) / 2 if positive else 0.1
    return [p if p > 0 else floor for p in prices]  # free models sit left of the cheapest


def value_figure(result: ValueResult, lang: str, font_path: str | None = None) -> Figure:
    """Price (x, log when prices span more than 10x) against score (y), the frontier as a
    step line with its models labelled, the budget as a vertical line."""
    font = _font(font_path)
    figure = _figure()
    axes = figure.add_subplot()
    _style(axes)
    points = [*result.frontier, *result.others]
    positive = [p.price for p in points if p.price]
    log_scale = bool(positive) and max(positive) / min(positive) > 10
    if log_scale:
        from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

        axes.set_xscale("log")
        # 1, 2, 5, 10, 20 ... read better than powers of ten
        axes.xaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
        axes.xaxis.set_major_formatter(FuncFormatter(lambda v, _: i18n.number(v, "en", 2)))
        axes.xaxis.set_minor_formatter(NullFormatter())
    xs = _positions([p.price or 0.0 for p in result.others], log_scale)
    axes.scatter(xs, [p.score or 0.0 for p in result.others], s=40, color=MUTED, alpha=0.8,
                 zorder=2)
    fx = _positions([p.price or 0.0 for p in result.frontier], log_scale)
    fy = [p.score or 0.0 for p in result.frontier]
    axes.step(fx, fy, where="post", color=FRONTIER, linewidth=2, zorder=3,
              label=_text(lang, font, "chart.frontier"))
    axes.scatter(fx, fy, s=70, color=FRONTIER, zorder=4)
    for x, y, item in zip(fx, fy, result.frontier, strict=True):
        axes.annotate(item.name, (x, y), textcoords="offset points", xytext=(6, 6),
                      **_kw(font, 9))
    if result.budget is not None:
        axes.axvline(result.budget if result.budget > 0 or not log_scale else min(fx or [1]),
                     color=BUDGET, linestyle="--", linewidth=1.5,
                     label=_text(lang, font, "chart.budget",
                                 budget=_price(result.budget, lang, font) if font is None
                                 else i18n.budget_price(result.budget, lang)))
    domain = _label(result.domain, lang, font)
    axes.set_title(_text(lang, font, "value.chart_title", domain=domain), **_kw(font, 14))
    axes.set_xlabel(_text(lang, font, "chart.price_axis"), **_kw(font, 11))
    axes.set_ylabel(_text(lang, font, "chart.score_axis"), **_kw(font, 11))
    # below the axes: the cheap, strong corner a legend inside would sit on is where the
    # frontier's labelled models are
    _legend(axes, font, loc="upper center", bbox_to_anchor=(0.5, -0.09), ncol=2)
    figure.subplots_adjust(left=0.08, right=0.95, top=0.9, bottom=0.17)
    return figure



def model_figure(result: ModelResult, lang: str, font_path: str | None = None) -> Figure:
    """Horizontal bars of the model's domain scores, the board's median marked on each."""
    font = _font(font_path)
    card = result.model
    figure = _figure()
    axes = figure.add_subplot()
    _style(axes)
    domains = [d for d, s in card.scores.items() if s is not None]
    ys = list(range(len(domains)))[::-1]
    axes.barh(ys, [card.scores[d] or 0.0 for d in domains], color=PALETTE[0], height=0.6,
              zorder=2)
    medians = [card.medians.get(d) for d in domains]
    axes.scatter([m for m in medians if m is not None],
                 [y for y, m in zip(ys, medians, strict=True) if m is not None],
                 marker="D", s=60, color=BUDGET, zorder=3, label=_text(lang, font, "chart.median"))
    for y, d in zip(ys, domains, strict=True):
        axes.annotate(f"{card.scores[d]:.1f}", (card.scores[d] or 0.0, y),
                      textcoords="offset points", xytext=(6, -4), **_kw(font, 10))
    axes.set_yticks(ys)
    axes.set_yticklabels([_label(d, lang, font) for d in domains], **_kw(font, 11))
    axes.set_xlim(0, 105)
    ui = lang if font else "en"
    axes.set_title(f"{card.name} · {i18n.t(ui, 'label.total')} {i18n.score(card.total)} · "
                   f"{_price(card.price, lang, font)}", **_kw(font, 14))
    _legend(axes, font, loc="upper right", bbox_to_anchor=(1.0, 1.1))
    figure.subplots_adjust(left=0.25, right=0.95, top=0.9, bottom=0.08)
    return figure



def _release_axis(points: list[HistoryPoint]) -> tuple[list[Any], list[str] | None]:
    """x positions oldest first: the release dates when every release has one, else evenly
    spaced with the versions as labels."""
    if all(p.date for p in points):
        return [p.date for p in points], None
    return list(range(len(points))), [p.release or "?" for p in points]


def _runs(values: list[float]) -> list[list[int]]:
    """The indexes of each stretch of values that are not NaN."""
    runs: list[list[int]] = []
    for index, value in enumerate(values):
        if math.isnan(value):
            continue
        if runs and runs[-1][-1] == index - 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    return runs


def _mark(top: Axes, bottom: Axes, xs: list[Any], points: list[HistoryPoint], lang: str,
          font: Any) -> list[Any]:
    """Each score labelled (while releases are few) and a dotted line at each release whose
    notes say the scoring changed; the legend's handle for those lines, if any."""
    handles: list[Any] = []
    for x, point in zip(xs, points, strict=True):
        if len(points) <= 20 and point.score is not None:
            top.annotate(i18n.score(point.score), (x, point.score), textcoords="offset points",
                         xytext=(0, 8), ha="center", **_kw(font, 9))
        if point.scoring_changed:
            marks = [axes.axvline(x, color=BUDGET, linestyle=":", linewidth=1.2,
                                  label=_text(lang, font, "history.scoring_line"))
                     for axes in (top, bottom)]
            handles = handles or marks[:1]
    return handles


def history_figure(result: HistoryResult, lang: str, font_path: str | None = None) -> Figure:
    """Score (left) and rank among the release's models (right, 1 on top) by release, the
    price as a step line below; a release without the model is a gap in every line, and a
    release whose notes say the scoring changed a dotted vertical line."""
    font = _font(font_path)
    points = result.points[::-1]  # oldest first
    xs, labels = _release_axis(points)
    figure = _figure()
    top, bottom = figure.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [2, 1]})
    for axes in (top, bottom):
        _style(axes)
    nan = float("nan")
    scores = [p.score if p.score is not None else nan for p in points]
    ranks = [p.rank if p.rank is not None else nan for p in points]
    prices = [p.price if p.price is not None else nan for p in points]
    few = len(points) <= 20  # markers on every release only while they stay apart
    top.plot(xs, scores, color=PALETTE[0], linewidth=2, marker="o" if few else None,
             label=_text(lang, font, "chart.score_axis"))
    top.set_ylabel(_text(lang, font, "chart.score_axis"), **_kw(font, 11))
    top.set_ylim(0, 100)  # scores of every release on one scale: a move reads as its size
    right = top.twinx()
    right.plot(xs, ranks, color=PALETTE[3], linewidth=1.5, linestyle="--",
               marker="s" if few else None, label=_text(lang, font, "history.rank_axis"))
    right.set_ylim(max((p.ranked or 1) for p in points) + 1, 1)  # 1 on top, the field below
    right.tick_params(colors=TEXT, labelsize=10)
    right.set_ylabel(_text(lang, font, "history.rank_axis"), **_kw(font, 11))
    for run in _runs(prices):  # a step line would bridge a gap: each listed stretch apart
        bottom.step([xs[i] for i in run], [prices[i] for i in run], where="post",
                    color=FRONTIER, linewidth=2)
    bottom.scatter(xs, prices, s=25 if few else 8, color=FRONTIER, zorder=3)
    bottom.set_ylim(bottom=0)
    bottom.set_ylabel(_text(lang, font, "chart.price_axis"), **_kw(font, 9))
    handles = top.get_lines() + right.get_lines() + _mark(top, bottom, xs, points, lang, font)
    if labels is not None:
        step = max(1, len(labels) // 12)
        bottom.set_xticks(xs[::step])
        bottom.set_xticklabels(labels[::step], rotation=30, ha="right", **_kw(font, 9))
    else:
        figure.autofmt_xdate()
    legend = top.legend(handles, [h.get_label() for h in handles], frameon=False,
                        prop=font.copy() if font else None, loc="lower left")
    for text in legend.get_texts():
        text.set_color(TEXT)
    domain = _label(result.domain, lang, font)
    top.set_title(_text(lang, font, "history.chart_title", name=result.name, domain=domain),
                  **_kw(font, 14))
    figure.subplots_adjust(left=0.09, right=0.9, top=0.92, bottom=0.14, hspace=0.08)
    return figure



_DRAWERS: dict[type[Result], Callable[[Any, str, str | None], Figure]] = {
    CompareResult: compare_figure,
    ValueResult: value_figure,
    ModelResult: model_figure,
    HistoryResult: history_figure,
}


def figure_for(result: Result, lang: str, font_path: str | None = None) -> Figure | None:
    """The chart of a result as a matplotlib Figure (what it shows can be read back from it),
    or None for results that have no chart."""
    drawer = _DRAWERS.get(type(result))
    return drawer(result, lang, font_path) if drawer else None
CHARTS = tuple(kind.command for kind in _DRAWERS)
"""The commands whose answers carry a chart."""


def has_chart(result: Result) -> bool:
    """Whether the result's command draws a chart (without importing matplotlib)."""
    return type(result) in _DRAWERS


def chart_for(result: Result, lang: str, font_path: str | None = None) -> bytes | None:
    """The chart of a result as a PNG, or None for results that have no chart."""
    figure = figure_for(result, lang, font_path)
    return _png(figure) if figure is not None else None


def chart_name(result: Result) -> str:
    """The attachment file name for a result's chart."""
    return f"{result.command}.png"
