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
from collections.abc import Callable, Sequence
from functools import lru_cache
from itertools import pairwise
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
VALUE_COLUMN, MODEL_XMAX = 102.0, 112.0  # /model: where the values stand, how far x goes
FREE = "#3ba5ff"

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


# Words of board headers the domain registry does not name (a new board's 2025高考数学),
# put in English when there is no CJK font to draw them: "2025 Gaokao math", not "2025".
GLOSSARY = {
    "高考": " Gaokao ", "中考": " Zhongkao ", "考研": " postgraduate exam ", "数学": " math ",
    "语文": " Chinese ", "英语": " English ", "物理": " physics ", "化学": " chemistry ",
    "生物": " biology ", "历史": " history ", "地理": " geography ", "政治": " politics ",
    "综合": " overall ", "理科": " sciences ", "文科": " humanities ", "多模态": " multimodal ",
    "视觉": " vision ", "代码": " code ", "编程": " coding ", "推理": " reasoning ",
    "能力": " ability ", "安全": " safety ", "长文本": " long context ", "翻译": " translation ",
    "写作": " writing ", "医疗": " medical ", "教育": " education ", "法律": " law ",
    "金融": " finance ", "与": " & ", "和": " & ", "类": "", "排行榜": "", "榜": "",
}
_GLOSSARY_ORDER = sorted(GLOSSARY, key=len, reverse=True)  # 长文本 before 文本-like parts


def _label(domain: str, lang: str, font: Any) -> str:
    # Without a CJK font Chinese would draw as boxes: use the English name then, and put the
    # words of a name the registry does not know into English (2025高考数学 -> 2025 Gaokao math).
    if font is None:
        return latin_only(english_words(english_name(domain)))
    return i18n.domain(domain, lang)


def english_words(text: str) -> str:
    """``text`` with the Chinese words of ``GLOSSARY`` put into English."""
    for word in _GLOSSARY_ORDER:
        text = text.replace(word, GLOSSARY[word])
    return " ".join(text.split())


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


def _zero(lang: str, font: Any) -> str:
    """0 as a price figure (``0元``; ``0 CNY`` where 元 would draw as a box), not "free"."""
    if font is None:
        return "0 CNY"
    return i18n.t(lang, "price.value", value=i18n.number(0.0, lang))


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
    """A radar: one axis per domain, one outline per model, prices and releases in the legend.
    Models of different releases (whose scores are not comparable) get a radar each, titled
    with their release: never one shared radar."""
    font = _font(font_path)
    figure = _figure()
    if not result.same_release:
        return _separate_radars(figure, result, lang, font)
    axes = figure.add_subplot(projection="polar")
    # An axis where a model has no score would draw it at 0: such domains stay off the radar
    # (the embed and the table still list them), unless fewer than three would be left.
    shared = [row.domain for row in result.domains if None not in row.scores]
    domains = (shared if len(shared) >= 3 else [row.domain for row in result.domains]) or ["—"]
    for index, model in enumerate(result.models):
        label = f"{model.name} · {_price(model.price, lang, font)} · {model.release or '?'}"
        _outline(axes, domains, model.scores, PALETTE[index % len(PALETTE)], label)
    low = radar_floor([v for m in result.models for d in domains
                       if (v := m.scores.get(d)) is not None])
    _radar_axes(axes, domains, lang, font, 11, low)
    # the centre is not 0: say where the scale starts, where a reader looks for it
    figure.text(0.02, 0.03, _text(lang, font, "chart.radar_scale", low=low), color=MUTED,
                **({"fontproperties": font.copy()} if font else {}), fontsize=9)
    _legend(axes, font, loc="upper right", bbox_to_anchor=(1.45, 1.1))
    figure.subplots_adjust(left=0.08, right=0.68, top=0.88, bottom=0.08)
    return figure


def radar_floor(scores: list[float]) -> int:
    """Where the radar's scale starts: 10 points below the lowest score shown, in tens, never
    below 0 or above 50; models scoring 60 to 90 then spread over most of the radius
    instead of crowding its rim."""
    if not scores:
        return 0
    return max(0, min(50, int((min(scores) - 10) // 10 * 10)))


def _separate_radars(figure: Figure, result: CompareResult, lang: str, font: Any) -> Figure:
    """One radar per model, each titled with its name, price and release."""
    count = len(result.models)
    low = radar_floor([v for m in result.models for v in m.scores.values() if v is not None])
    for index, model in enumerate(result.models):
        axes = figure.add_subplot(1, count, index + 1, projection="polar")
        domains = [d for d, v in model.scores.items() if v is not None] or ["—"]
        _outline(axes, domains, model.scores, PALETTE[index % len(PALETTE)], model.name)
        _radar_axes(axes, domains, lang, font, 8, low)
        axes.set_title(f"{model.name}\n{_price(model.price, lang, font)} · "
                       f"CLiB {model.release or '?'}", pad=24, **_kw(font, 10))
    releases = ", ".join(dict.fromkeys(m.release or "?" for m in result.models))
    figure.suptitle(_text(lang, font, "chart.separate_releases", releases=releases),
                    **_kw(font, 12))
    figure.text(0.02, 0.03, _text(lang, font, "chart.radar_scale", low=low), color=MUTED,
                **({"fontproperties": font.copy()} if font else {}), fontsize=9)
    figure.subplots_adjust(left=0.05, right=0.95, top=0.78, bottom=0.08, wspace=0.5)
    return figure


def _outline(axes: Axes, domains: list[str], scores: dict[str, float | None], colour: str,
             label: str) -> None:
    angles = [2 * math.pi * i / len(domains) for i in range(len(domains))]
    values = [scores.get(d) or 0.0 for d in domains]
    closed = [*angles, angles[0]]
    axes.plot(closed, [*values, values[0]], color=colour, linewidth=2, label=label)
    axes.fill(closed, [*values, values[0]], color=colour, alpha=0.15)


def _radar_axes(axes: Axes, domains: list[str], lang: str, font: Any, size: float,
                low: int) -> None:
    """The radar's spokes, labels and rings; the scale runs from ``low`` (radar_floor) to 100."""
    angles = [2 * math.pi * i / len(domains) for i in range(len(domains))]
    axes.set_facecolor(PANEL)
    axes.set_xticks(angles)
    axes.set_xticklabels([_label(d, lang, font) for d in domains], **_kw(font, size))
    axes.set_ylim(low, 100)
    ticks = list(range(low + 10, 101, 10))
    axes.set_yticks(ticks)
    axes.set_yticklabels([str(v) for v in ticks], color=MUTED, fontsize=8)
    axes.set_rlabel_position(math.degrees(angles[1] / 2) if len(angles) > 1 else 0)  # off axes
    for tick in axes.get_yticklabels():  # readable where an outline crosses them
        tick.set_bbox({"facecolor": PANEL, "edgecolor": "none", "alpha": 0.8, "pad": 1})
        tick.set_zorder(5)
    axes.grid(color=GRID, linewidth=0.6)
    axes.spines["polar"].set_color(GRID)



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
        _log_axis(axes, min(positive), bool(result.free))
    axes.scatter([p.price or 0.0 for p in result.others],
                 [p.score or 0.0 for p in result.others], s=40, color=MUTED, alpha=0.8,
                 zorder=2)
    free_labels = _free_points(axes, result, lang, font)
    fx = [p.price or 0.0 for p in result.frontier]
    fy = [p.score or 0.0 for p in result.frontier]
    axes.step(fx, fy, where="post", color=FRONTIER, linewidth=2, zorder=3,
              label=_text(lang, font, "chart.frontier"))
    axes.scatter(fx, fy, s=70, color=FRONTIER, zorder=4)
    if log_scale and result.free:
        # 0元 at the left edge; set only once everything is plotted, since setting a limit
        # stops autoscaling (set first, it kept the axis at 0-1元 and hid every paid model)
        axes.set_xlim(0, axes.get_xlim()[1])
    # a thin leader line ties a label moved away from its point back to it
    leader = {"arrowstyle": "-", "color": MUTED, "linewidth": 0.6, "shrinkA": 0, "shrinkB": 4}
    labels = [axes.annotate(item.name, (x, y), textcoords="offset points", xytext=(6, 6),
                            arrowprops=leader, **_kw(font, 9))
              for x, y, item in zip(fx, fy, result.frontier, strict=True)]
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
    steps = [(x, y) for i, (x, y) in enumerate(zip(fx, fy, strict=True))
             for x, y in ([(x, fy[i - 1])] if i else []) + [(x, y)]]
    place_labels(figure, axes, [*labels, *free_labels], steps)
    return figure


# Where a frontier label may go around its point (offset in points, horizontal alignment),
# nearest first: beside it, above or below on either side, then further out.
_SPOTS = [((8, -3), "left"), ((-8, -3), "right")] + [
    ((dx, dy), ha) for step in range(5)
    for (dx, dy), ha in (((6, 6 + 11 * step), "left"), ((6, -14 - 11 * step), "left"),
                         ((-6, 6 + 11 * step), "right"), ((-6, -14 - 11 * step), "right"))]
# What a label covering each thing costs, per square pixel: another label or a frontier model
# most, the frontier's line less, another model's dot least (there are many of them).
_COVERS_LABEL, _COVERS_FRONTIER, _COVERS_LINE, _COVERS_DOT = 20.0, 10.0, 3.0, 1.0


def place_labels(figure: Figure, axes: Axes, labels: list[Any],
                 path: Sequence[tuple[float, float]] = ()) -> None:
    """Move each label to the spot around its point that covers least: labels placed before
    it, plotted points (the frontier's most), the frontier's line (``path``, in data
    coordinates); a spot outside the axes is never taken while another is free, and nearer
    spots win ties. Deterministic and quick: a frontier holds a handful of models."""
    if not labels:
        return
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    frame = axes.get_window_extent(renderer)
    obstacles = [(box, _COVERS_LINE, None) for box in _along(axes, path)]
    for collection in axes.collections:
        big = max(collection.get_sizes(), default=0) >= 60  # the frontier's markers
        radius = math.sqrt(max(collection.get_sizes(), default=36)) / 2 * figure.dpi / 72
        # a halo round each frontier model: a label there would seem to name it
        obstacles += [(_dot(axes, point, radius + (10 if big else 0)),
                       _COVERS_FRONTIER if big else _COVERS_DOT, tuple(point))
                      for point in collection.get_offsets()]
    for label in labels:
        costs = []
        own = tuple(label.xy)
        for rank, (offset, ha) in enumerate(_SPOTS):
            label.set_position(offset)
            label.set_horizontalalignment(ha)
            box = _text_box(label, renderer)
            inside = frame.contains(box.x0, box.y0) and frame.contains(box.x1, box.y1)
            cost = sum(weight * _overlap(box, other) for other, weight, at in obstacles
                       if at is None or not _same(at, own))
            costs.append((cost + (0 if inside else 1e9) + rank, rank))
        spot = _SPOTS[min(costs)[1]]
        label.set_position(spot[0])
        label.set_horizontalalignment(spot[1])
        obstacles.append((_text_box(label, renderer), _COVERS_LABEL, None))


def _text_box(label: Any, renderer: Any) -> Any:
    """Where a label's text is drawn, without its leader line."""
    from matplotlib.text import Text

    return Text.get_window_extent(label, renderer)


def _same(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return all(math.isclose(x, y) for x, y in zip(a, b, strict=True))


def _dot(axes: Axes, point: Any, size: float = 4) -> Any:
    from matplotlib.transforms import Bbox

    x, y = axes.transData.transform(point)
    return Bbox.from_extents(x - size, y - size, x + size, y + size)


def _along(axes: Axes, path: Sequence[tuple[float, float]]) -> list[Any]:
    """Small boxes every few pixels along a polyline, so labels keep off the line too."""
    from matplotlib.transforms import Bbox

    points = [axes.transData.transform(p) for p in path]
    boxes = []
    for (x0, y0), (x1, y1) in pairwise(points):
        n = max(1, int(math.hypot(x1 - x0, y1 - y0) // 6))
        for i in range(n + 1):
            x, y = x0 + (x1 - x0) * i / n, y0 + (y1 - y0) * i / n
            boxes.append(Bbox.from_extents(x - 1.5, y - 1.5, x + 1.5, y + 1.5))
    return boxes


def _overlap(a: Any, b: Any) -> float:
    width = min(a.x1, b.x1) - max(a.x0, b.x0)
    height = min(a.y1, b.y1) - max(a.y0, b.y0)
    return width * height if width > 0 and height > 0 else 0.0



def _log_axis(axes: Axes, cheapest: float, free: bool) -> None:
    """A logarithmic price axis; with free models, linear below the cheapest price (symlog),
    so that 0元 sits at 0 and never beside a model that costs something."""
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

    if free:
        axes.set_xscale("symlog", linthresh=cheapest, linscale=0.5)
    else:
        axes.set_xscale("log")
        # 1, 2, 5, 10, 20 ... read better than powers of ten
        axes.xaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    axes.xaxis.set_major_formatter(FuncFormatter(lambda v, _: i18n.number(v, "en", 2)))
    axes.xaxis.set_minor_formatter(NullFormatter())


def _free_points(axes: Axes, result: ValueResult, lang: str, font: Any) -> list[Any]:
    """Free models at 0元, in a marker and legend entry of their own, each named "(free)";
    returns their labels (placed with the frontier's, so that none prints over another)."""
    if not result.free:
        return []
    ys = [p.score or 0.0 for p in result.free]
    axes.scatter([0.0] * len(ys), ys, s=70, marker="D", color=FREE, zorder=4,
                 label=_text(lang, font, "chart.free_models", price=_zero(lang, font)))
    mark = _text(lang, font, "chart.free")
    leader = {"arrowstyle": "-", "color": MUTED, "linewidth": 0.6, "shrinkA": 0, "shrinkB": 4}
    return [axes.annotate(f"{item.name} ({mark})", (0.0, y), textcoords="offset points",
                          xytext=(6, -12), arrowprops=leader, **_kw(font, 9))
            for y, item in zip(ys, result.free, strict=True)]


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
    # the values in a column right of 100, where no bar or median marker ever reaches: a
    # label at the end of its bar was covered by the median's diamond when the two were close
    for y, d in zip(ys, domains, strict=True):
        axes.annotate(f"{card.scores[d]:.1f}", (VALUE_COLUMN, y), ha="left", va="center",
                      **_kw(font, 10))
    axes.set_yticks(ys)
    axes.set_yticklabels([_label(d, lang, font) for d in domains], **_kw(font, 11))
    axes.set_xlim(0, MODEL_XMAX)
    ui = lang if font else "en"
    axes.set_title(f"{card.name} · {i18n.t(ui, 'label.total')} {i18n.score(card.total)} · "
                   f"{_price(card.price, lang, font)}", **_kw(font, 14))
    _legend(axes, font, loc="upper right", bbox_to_anchor=(1.0, 1.1))
    figure.subplots_adjust(left=0.25, right=0.95, top=0.9, bottom=0.08)
    return figure



FEW_RELEASES = 20
"""Up to this many releases each score is labelled and the markers are full size."""
TICKED_RELEASES = 8
"""Up to this many dated releases each gets its own tick (version over date)."""


def _release_axis(points: list[HistoryPoint]) -> tuple[list[Any], list[str] | None]:
    """x positions oldest first: the release dates when every release has one, else evenly
    spaced with the versions (over their dates, while the releases are few) as labels."""
    if all(p.date for p in points):
        return [p.date for p in points], None
    few = len(points) <= TICKED_RELEASES
    return list(range(len(points))), [
        f"{p.release or '?'}\n{p.date}" if few and p.date else p.release or "?" for p in points]


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
        if len(points) <= FEW_RELEASES and point.score is not None:
            top.annotate(i18n.score(point.score), (x, point.score), textcoords="offset points",
                         xytext=(0, 8), ha="center", **_kw(font, 9))
        if point.scoring_changed:
            marks = [axes.axvline(x, color=BUDGET, linestyle=":", linewidth=1.2,
                                  label=_text(lang, font, "history.scoring_line"))
                     for axes in (top, bottom)]
            handles = handles or marks[:1]
    return handles


def _release_ticks(axes: Axes, xs: list[Any], points: list[HistoryPoint], font: Any) -> None:
    """A tick at each release, labelled with its version and date, while they are few; a
    label that would run into the one before it is left out (releases days apart)."""
    span = (xs[-1] - xs[0]).days if len(xs) > 1 else 0
    labels, last = [], None
    for x, point in zip(xs, points, strict=True):
        apart = last is None or span == 0 or (x - last).days >= span / (TICKED_RELEASES + 2)
        labels.append(f"{point.release or '?'}\n{x:%Y-%m-%d}" if apart else "")
        last = x if apart else last
    axes.set_xticks(xs)
    axes.set_xticklabels(labels, **_kw(font, 9))


def _x_axis(figure: Figure, bottom: Axes, xs: list[Any], labels: list[str] | None,
            points: list[HistoryPoint], font: Any) -> None:
    """Versions evenly spaced when a release has no date; else dates, each release ticked
    while they are few."""
    if labels is not None:
        step = max(1, len(labels) // 12)
        bottom.set_xticks(xs[::step])
        slant = {} if len(points) <= TICKED_RELEASES else {"rotation": 30, "ha": "right"}
        bottom.set_xticklabels(labels[::step], **slant, **_kw(font, 9))
    elif len(points) <= TICKED_RELEASES:
        _release_ticks(bottom, xs, points, font)
    else:
        figure.autofmt_xdate()


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
    # a marker on every release, small when they are many: a release listed between two
    # gaps has no line to either side and is only its marker
    size = 6 if len(points) <= FEW_RELEASES else 2.5
    top.plot(xs, scores, color=PALETTE[0], linewidth=2, marker="o", markersize=size,
             label=_text(lang, font, "chart.score_axis"))
    top.set_ylabel(_text(lang, font, "chart.score_axis"), **_kw(font, 11))
    top.set_ylim(0, 100)  # scores of every release on one scale: a move reads as its size
    right = top.twinx()
    right.plot(xs, ranks, color=PALETTE[3], linewidth=1.5, linestyle="--", marker="s",
               markersize=size, label=_text(lang, font, "history.rank_axis"))
    field = max((p.ranked or 1) for p in points)
    right.set_ylim(field + 1, 1)  # 1 on top, the field below
    right.set_yticks(sorted({1, *(t for t in right.get_yticks() if 1 < t <= field)}))
    right.tick_params(colors=TEXT, labelsize=10)
    right.set_ylabel(_text(lang, font, "history.rank_axis"), **_kw(font, 11))
    for run in _runs(prices):  # a step line would bridge a gap: each listed stretch apart
        bottom.step([xs[i] for i in run], [prices[i] for i in run], where="post",
                    color=FRONTIER, linewidth=2)
    bottom.scatter(xs, prices, s=25 if size > 3 else 8, color=FRONTIER, zorder=3)
    known = [p for p in prices if not math.isnan(p)]
    bottom.set_ylim(0, max(known) * 1.15 if known and max(known) > 0 else None)
    bottom.set_ylabel(_text(lang, font, "chart.price_axis"), **_kw(font, 9))
    handles = top.get_lines() + right.get_lines() + _mark(top, bottom, xs, points, lang, font)
    _x_axis(figure, bottom, xs, labels, points, font)
    # above the plot, in one row: inside it would cover a line wherever the model scored
    legend = top.legend(handles, [h.get_label() for h in handles], frameon=False,
                        prop=font.copy() if font else None, loc="lower left",
                        bbox_to_anchor=(0, 1.0), ncol=len(handles), borderaxespad=0.2)
    for text in legend.get_texts():
        text.set_color(TEXT)
    domain = _label(result.domain, lang, font)
    figure.suptitle(_text(lang, font, "history.chart_title", name=result.name, domain=domain),
                    **_kw(font, 14))
    figure.subplots_adjust(left=0.09, right=0.9, top=0.88, bottom=0.14, hspace=0.08)
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
