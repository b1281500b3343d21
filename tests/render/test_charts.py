"""Charts: what each one shows, read back from the matplotlib Figure the chart functions draw
(axis scale, points and their labels, lines, titles, fonts), and the PNG made from it."""

from __future__ import annotations

import logging
import struct
import subprocess
import warnings
from pathlib import Path

import pytest

from bot.core.catalog import load_catalog
from bot.core.queries import compare, model, value
from bot.core.requests import CompareRequest, ModelRequest, ValueRequest
from bot.render import charts
from tests.core.boards import catalog
from tests.paths import SEED_DIR
from tests.product import PYTHON


def png_size(data: bytes) -> tuple[int, int]:
    """(width, height) from a PNG's IHDR chunk; fails on anything that is not a PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", data[:8]
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


@pytest.fixture(scope="module")
def seed():
    return load_catalog(SEED_DIR)


@pytest.fixture(scope="module")
def results(seed):
    return {
        "compare": compare(seed, CompareRequest(model_a="qwq-32b", model_b="gemma-3-27b-it",
                                                model_c="deepseek r1")),
        "value": value(seed, ValueRequest(domain="医疗", budget=10)),
        "model": model(seed, ModelRequest(name="qwq-32b")),
    }


@pytest.fixture
def latin(monkeypatch):
    """No CJK font, whatever this machine has: prices read "6 CNY" (元 would draw as a box),
    so what the English charts say does not depend on the fonts installed."""
    monkeypatch.setattr(charts, "find_cjk_font", lambda explicit=None: None)
    monkeypatch.setattr(charts, "_warned", type(charts._warned)())
    monkeypatch.setattr(charts.log, "warning", lambda *args, **kwargs: None)


def texts(artists) -> list[str]:
    return [a.get_text() for a in artists]


def points(collection) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in collection.get_offsets()]


def the_axes(figure):
    (axes,) = figure.axes
    return axes


# -- the PNG ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["compare", "value", "model"])
def test_each_chart_is_the_png_of_its_figure(results, name):
    """chart_for renders figure_for's Figure: a 1000x700 PNG (only /compare, /value and
    /model have one)."""
    assert png_size(charts.chart_for(results[name], "en")) == (charts.WIDTH, charts.HEIGHT)
    assert charts.figure_for(results[name], "en").get_size_inches().tolist() == [10.0, 7.0]
    assert charts.chart_name(results[name]) == f"{name}.png"


def test_results_without_a_chart_have_none(seed):
    from bot.core.queries import best
    from bot.core.requests import BestRequest

    result = best(seed, BestRequest())
    assert charts.chart_for(result, "en") is None
    assert charts.figure_for(result, "en") is None


# -- /value -----------------------------------------------------------------------------------


def test_value_shows_the_frontier_as_a_labelled_step_line(results, latin):
    """The frontier (cheapest first) is a step line through its models, each labelled by name
    at its (price, score); the rest are plain points; the budget is a dashed vertical line."""
    result = results["value"]
    axes = the_axes(charts.value_figure(result, "en"))
    frontier, budget = axes.lines
    assert frontier.get_drawstyle() == "steps-post"
    assert list(frontier.get_xdata()) == [i.price for i in result.frontier]
    assert list(frontier.get_ydata()) == [i.score for i in result.frontier]
    assert [(a.get_text(), a.xy) for a in axes.texts] == [
        (i.name, (i.price, i.score)) for i in result.frontier]
    others, marked = axes.collections
    assert sorted(points(others)) == sorted((i.price, i.score) for i in result.others)
    assert points(marked) == [(i.price, i.score) for i in result.frontier]
    assert list(budget.get_xdata()) == [10.0, 10.0]
    assert budget.get_linestyle() == "--"
    assert texts(axes.get_legend().get_texts()) == ["Frontier", "Budget 10 CNY"]


def test_value_without_a_budget_draws_no_budget_line(seed):
    axes = the_axes(charts.value_figure(value(seed, ValueRequest(domain="医疗")), "en"))
    assert len(axes.lines) == 1
    assert texts(axes.get_legend().get_texts()) == ["Frontier"]


def test_value_title_and_axes(results):
    """The title names the domain; the axes say price and score."""
    axes = the_axes(charts.value_figure(results["value"], "en"))
    assert axes.get_title() == "Medical: score against price"
    assert axes.get_xlabel() == "Output price (CNY per 1M tokens)"
    assert axes.get_ylabel() == "Score"


def _value_of(*prices: float):
    rows = "\n".join(f"|{i}|m{i}|O{i}|{p}元|{50 + i}|商用|{50 + i}|50|"
                     for i, p in enumerate(prices, 1))
    return value(catalog(rows), ValueRequest(domain="医疗"))


@pytest.mark.parametrize(("prices", "scale"), [
    ((1, 10), "linear"), ((1, 10.01), "log"), ((2, 19.9), "linear"), ((0.5, 6), "log"),
    ((0, 1, 10), "linear"), ((0, 1, 10.5), "symlog"), ((3,), "linear"),
])
def test_the_price_axis_turns_logarithmic_past_a_tenfold_span(prices, scale):
    """Log when the dearest known price is more than 10x the cheapest non-zero one: exactly 10x
    stays linear; a free model does not count in the span, but makes the axis linear below
    the cheapest price (symlog) so that 0元 has a place."""
    axes = the_axes(charts.value_figure(_value_of(*prices), "en"))
    assert axes.get_xscale() == scale


def test_models_off_the_frontier_count_in_the_price_span():
    """The frontier spans 1-5元 but a beaten model costs 20元: 20x, so the axis is log (every
    point drawn is on it, not only the frontier's)."""
    rows = "|1|m1|A|1元|60|商用|60|50|\n|2|m2|B|5元|80|商用|80|50|\n|3|m3|C|20元|70|商用|70|50|"
    result = value(catalog(rows), ValueRequest(domain="医疗"))
    assert [i.name for i in result.others] == ["m3"]
    assert the_axes(charts.value_figure(result, "en")).get_xscale() == "log"


@pytest.mark.parametrize(("prices", "scale"), [((0, 1, 20), "symlog"), ((0, 1, 5), "linear")])
def test_a_free_model_is_drawn_at_0_and_marked_free(prices, scale):
    """A free model sits at 0元 truly (never moved beside the cheapest paid one), in a marker
    and legend entry of its own, named "(free)"; it is not on the paid frontier's line."""
    result = _value_of(*prices)
    axes = the_axes(charts.value_figure(result, "en"))
    assert axes.get_xscale() == scale
    assert list(axes.lines[0].get_xdata()) == list(prices[1:])
    (free,) = [c for c in axes.collections if c.get_label() == "Free (0元)"]
    assert points(free) == [(0.0, 51.0)]
    assert [(a.get_text(), a.xy[0]) for a in axes.texts if a.xy[0] == 0] == [("m1 (free)", 0.0)]
    assert axes.get_xlim()[0] <= 0 < axes.transData.transform((1, 0))[0] - \
        axes.transData.transform((0, 0))[0]
    assert "Free (0元)" in texts(axes.get_legend().get_texts())


def test_without_a_cjk_font_the_free_legend_prints_no_yuan_sign(latin):
    """No CJK font: 元 would draw as a box, so the free models' legend says CNY, as the
    chart's prices do."""
    axes = the_axes(charts.value_figure(_value_of(0, 1, 5), "en"))
    assert "Free (0 CNY)" in texts(axes.get_legend().get_texts())
    assert not [t for t in texts(axes.get_legend().get_texts()) if "元" in t]


def test_the_bundled_value_chart_is_logarithmic_and_a_budget_can_make_it_linear(seed):
    """The seed's prices run from 1.02 to 21元 (log); within 5元 they do not span 10x."""
    assert the_axes(charts.value_figure(value(seed, ValueRequest()), "en")).get_xscale() == "log"
    narrow = value(seed, ValueRequest(budget=5))
    assert the_axes(charts.value_figure(narrow, "en")).get_xscale() == "linear"


# -- /compare ---------------------------------------------------------------------------------


def test_compare_is_a_radar_of_each_models_scores(results, latin):
    """A polar chart: one axis per domain, one closed outline per model through its scores, a
    legend of names with prices, scores on a 0-100 scale."""
    result = results["compare"]
    axes = the_axes(charts.compare_figure(result, "en"))
    assert axes.name == "polar"
    domains = [row.domain for row in result.domains]
    assert texts(axes.get_xticklabels()) == [
        "Medical", "Education", "Law", "Administration", "Reasoning & math",
        "Language & instructions"]
    assert len(axes.lines) == len(result.models) == 3
    for line, item in zip(axes.lines, result.models, strict=True):
        scores = [item.scores[d] for d in domains]
        assert list(line.get_ydata()) == [*scores, scores[0]]
    assert texts(axes.get_legend().get_texts()) == [
        "qwq-32b · 6 CNY · v3.6", "gemma-3-27b-it · 1.45 CNY · v3.6",
        "DeepSeek-R1 · 16 CNY · v3.6"]
    assert axes.get_ylim() == (0.0, 100.0)


def test_compare_leaves_out_domains_a_model_is_not_scored_in():
    """A domain one model lacks would draw it at 0: left off while three remain."""
    header = "|排名|大模型|机构|输出价格|总分|a|b|c|d|"
    rows = "|1|x|X|1元|90|90|80|70|60|\n|2|y|Y|2元|80|85|75|65||"
    result = compare(catalog(rows, header=header), CompareRequest(model_a="x", model_b="y"))
    axes = the_axes(charts.compare_figure(result, "zh"))
    assert texts(axes.get_xticklabels()) == ["a", "b", "c"]
    two = compare(catalog(rows.replace("|65||", "|||"), header=header),
                  CompareRequest(model_a="x", model_b="y"))
    axes = the_axes(charts.compare_figure(two, "zh"))
    assert texts(axes.get_xticklabels()) == ["a", "b", "c", "d"]  # fewer than 3 shared: all
    # ... and a score the model lacks is drawn at the centre, 0, not somewhere on the scale
    assert list(axes.lines[1].get_ydata()) == [85.0, 75.0, 0.0, 0.0, 85.0]


# -- /model -----------------------------------------------------------------------------------


def test_model_shows_each_score_as_a_bar_with_the_median_marked(results, latin):
    """One bar per domain, top to bottom in the card's order, as long as the score and
    labelled with it; a diamond at the release's median; the title gives name, total, price."""
    card = results["model"].model
    axes = the_axes(charts.model_figure(results["model"], "en"))
    domains = list(card.scores)
    labels = {tick: label.get_text() for tick, label in zip(
        axes.get_yticks(), axes.get_yticklabels(), strict=True)}
    top = len(domains) - 1
    assert [labels[top - i] for i in range(len(domains))] == [
        "Medical", "Education", "Law", "Administration", "Reasoning & math",
        "Language & instructions"]
    by_y = sorted(axes.patches, key=lambda bar: -bar.get_y())
    assert [bar.get_width() for bar in by_y] == [card.scores[d] for d in domains]
    assert texts(axes.texts) == [f"{card.scores[d]:.1f}" for d in domains]
    # the values stand in a column right of 100, where no bar or median reaches
    assert [t.xy[0] for t in axes.texts] == [charts.VALUE_COLUMN] * len(domains)
    (medians,) = axes.collections
    assert points(medians) == [(pytest.approx(card.medians[d]), top - i)
                               for i, d in enumerate(domains)]
    assert axes.get_title() == "qwq-32b · Total 83.9 · 6 CNY"
    assert axes.get_xlim() == (0.0, charts.MODEL_XMAX)
    assert texts(axes.get_legend().get_texts()) == ["Median of the release"]


def test_model_bars_leave_out_the_domains_it_has_no_score_in(latin):
    """A card whose 法律 score is None (its type allows it) has one bar (医疗), not a bar of 0
    for law."""
    rows = "|1|x|X|1元|90|商用|80|50|\n|2|y|Y|2元|80|商用|70|60|"
    result = model(catalog(rows), ModelRequest(name="x"))
    card = result.model.model_copy(update={"scores": {"医疗": 80.0, "法律": None}})
    result = result.model_copy(update={"model": card})
    axes = the_axes(charts.model_figure(result, "en"))
    assert texts(axes.get_yticklabels()) == ["Medical"]
    assert [bar.get_width() for bar in axes.patches] == [80.0]


# -- fonts ------------------------------------------------------------------------------------


def test_with_a_cjk_font_labels_are_chinese_and_drawn_in_it(results):
    """zh with a CJK font: Chinese domain names, titles and legends, in that font."""
    font = charts.find_cjk_font()
    if font is None:
        pytest.skip("no CJK font on this machine (.ci/run installs fonts-wqy-microhei)")
    axes = the_axes(charts.value_figure(results["value"], "zh"))
    assert axes.get_title() == "医疗：得分与价格"
    assert axes.title.get_fontproperties().get_file() == font
    assert axes.xaxis.label.get_fontproperties().get_file() == font
    assert all(a.get_fontproperties().get_file() == font for a in axes.texts)
    assert texts(axes.get_legend().get_texts()) == ["前沿", "预算 10元"]
    radar = the_axes(charts.compare_figure(results["compare"], "zh"))
    assert texts(radar.get_xticklabels())[0] == "医疗"
    assert radar.get_xticklabels()[0].get_fontproperties().get_file() == font
    bars = the_axes(charts.model_figure(results["model"], "zh"))
    assert bars.get_title() == "qwq-32b · 总分 83.9 · 6元"


def test_a_font_named_in_the_settings_is_used(results):
    """charts.font: the file named is the one the labels are drawn in."""
    font = charts.find_cjk_font()
    if font is None:
        pytest.skip("no CJK font on this machine")
    axes = the_axes(charts.value_figure(results["value"], "zh", font_path=font))
    assert axes.title.get_fontproperties().get_file() == font


def test_without_a_cjk_font_everything_is_english(results, monkeypatch):
    """No CJK font: English titles, domain names and prices (CNY, not 元), even for zh."""
    monkeypatch.setattr(charts, "find_cjk_font", lambda explicit=None: None)
    monkeypatch.setattr(charts, "_warned", type(charts._warned)())
    axes = the_axes(charts.value_figure(results["value"], "zh"))
    assert axes.get_title() == "Medical: score against price"
    assert texts(axes.get_legend().get_texts()) == ["Frontier", "Budget 10 CNY"]
    radar = the_axes(charts.compare_figure(results["compare"], "zh"))
    assert texts(radar.get_xticklabels())[0] == "Medical"
    assert texts(radar.get_legend().get_texts())[0] == "qwq-32b · 6 CNY · v3.6"
    bars = the_axes(charts.model_figure(results["model"], "zh"))
    assert bars.get_title() == "qwq-32b · Total 83.9 · 6 CNY"


def test_without_a_cjk_font_a_domain_without_an_english_name_is_put_into_english(latin):
    """2025高考数学 has no English name: without a CJK font (the Chinese would draw as boxes)
    its words are put into English, "2025 Gaokao math", not cut to "2025"; a word the glossary
    lacks still leaves the Latin part, never a box."""
    header = "|排名|大模型|机构|输出价格|总分|2025高考数学|医疗|物理竞赛X|"
    result = model(catalog("|1|x|X|1元|90|60|80|70|", header=header), ModelRequest(name="x"))
    axes = the_axes(charts.model_figure(result, "zh"))
    assert sorted(texts(axes.get_yticklabels())) == ["2025 Gaokao math", "Medical", "physics X"]


@pytest.mark.parametrize(("budget", "legend"), [(0, "Budget 0元"), (5, "Budget 5元")])
def test_the_budget_line_reads_as_typed_even_at_zero(budget, legend):
    """A budget of 0 is "0元" (free models only), never "free"; in the CJK font the label uses
    元."""
    font = charts.find_cjk_font()
    if font is None:
        pytest.skip("no CJK font on this machine (.ci/run installs fonts-wqy-microhei)")
    rows = "|1|free|F|0元|60|开源|60|50|\n|2|paid|P|3元|80|商用|80|50|"
    result = value(catalog(rows), ValueRequest(domain="医疗", budget=budget))
    axes = the_axes(charts.value_figure(result, "en"))
    assert texts(axes.get_legend().get_texts())[-1] == legend


def test_without_a_cjk_font_labels_fall_back_to_english(results, monkeypatch, caplog):
    """No CJK font: English domain names, one warning, and the chart still renders."""
    monkeypatch.setattr(charts, "find_cjk_font", lambda explicit=None: None)
    monkeypatch.setattr(charts, "_warned", type(charts._warned)())
    seen: list[str] = []
    real = charts._label

    def spy(domain, lang, font):
        label = real(domain, lang, font)
        seen.append(label)
        return label

    monkeypatch.setattr(charts, "_label", spy)
    with caplog.at_level(logging.WARNING, logger="bot.render.charts"), \
            warnings.catch_warnings(record=True) as drawn:
        warnings.simplefilter("always")
        first = charts.chart_for(results["compare"], "zh")
        charts.chart_for(results["model"], "zh")
        charts.chart_for(results["value"], "zh")
    assert png_size(first) == (charts.WIDTH, charts.HEIGHT)
    assert not [w for w in drawn if "missing from font" in str(w.message)]  # no boxes
    assert "Medical" in seen and "医疗" not in seen
    notes = [r for r in caplog.records if "no CJK font" in r.getMessage()]
    assert len(notes) == 1


@pytest.fixture
def fresh_fonts(monkeypatch):
    """Font lookup as in a new process: nothing cached, nothing warned yet."""
    charts.find_cjk_font.cache_clear()
    monkeypatch.setattr(charts, "_warned", type(charts._warned)())
    yield
    charts.find_cjk_font.cache_clear()


def _latin_font() -> str:
    import matplotlib

    return str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf")


@pytest.mark.parametrize("font, problem", [
    ("/nonexistent/font.ttf", "no such file"),
    ("latin", "no Chinese glyphs"),
    ("not-a-font", "not a font"),
], ids=["missing", "no-cjk-glyphs", "not-a-font"])
def test_an_unusable_charts_font_falls_back_with_one_warning(
        results, fresh_fonts, caplog, tmp_path, font, problem):
    """charts.font that is missing, not a font, or draws no Chinese: one warning naming it and
    why, then the system's CJK font (or English labels), and no boxes: matplotlib's "Glyph
    missing" warnings never come."""
    if font == "latin":
        font = _latin_font()
    elif font == "not-a-font":
        font = str(tmp_path / "font.ttf")
        Path(font).write_bytes(b"not a font at all")
    system = charts._system_cjk_font()
    with caplog.at_level(logging.WARNING, logger="bot.render.charts"), \
            warnings.catch_warnings(record=True) as drawn:
        warnings.simplefilter("always")
        for name in ("compare", "value", "model"):
            charts.chart_for(results[name], "zh", font)
    assert charts.find_cjk_font(font) == system
    notes = [r.getMessage() for r in caplog.records if r.name == "bot.render.charts"]
    assert len(notes) == 1, notes
    assert f"charts.font {font}" in notes[0] and problem in notes[0]
    assert not [w for w in drawn if "missing from font" in str(w.message)]


def test_a_usable_charts_font_is_used_quietly(fresh_fonts, caplog, tmp_path):
    """A charts.font that draws Chinese is taken as it is, without a word, even where the
    system has a CJK font of its own (a copy of it elsewhere is what the setting names)."""
    system = charts._system_cjk_font()
    if system is None:
        pytest.skip("no CJK font on this machine (.ci/run installs fonts-wqy-microhei)")
    chosen = tmp_path / f"chosen{Path(system).suffix}"
    chosen.write_bytes(Path(system).read_bytes())
    with caplog.at_level(logging.WARNING, logger="bot.render.charts"):
        assert charts.find_cjk_font(str(chosen)) == str(chosen)
    assert not caplog.records


@pytest.mark.parametrize("budget", [5, None], ids=["budget-5", "no-budget"])
def test_the_value_legend_covers_no_labelled_point(budget):
    """/value 医疗 budget:5: the legend overlaps neither a frontier model's label nor any
    plotted point (it once sat on DeepSeek-R1-Distill-Qwen-32B)."""
    result = value(load_catalog(SEED_DIR), ValueRequest(domain="医疗", budget=budget))
    figure = charts.figure_for(result, "zh")
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    axes = figure.axes[0]
    legend = axes.get_legend().get_window_extent(renderer)
    labels = [a.get_window_extent(renderer) for a in axes.texts]
    assert len(labels) == len(result.frontier) >= 2
    for label in labels:
        assert not legend.overlaps(label), (legend, label)
    for collection in axes.collections:
        for x, y in axes.transData.transform(collection.get_offsets()):
            assert not legend.contains(x, y), (x, y)


def test_start_up_does_not_import_matplotlib():
    """Building the bot and answering a text command leaves matplotlib unloaded."""
    code = (
        "import sys, bot\n"
        "from bot.core.catalog import load_catalog\n"
        "bot.create_bot(bot.Settings(), catalog=load_catalog())\n"
        "from bot.cli import main\n"
        "main(['ask', '/best 医疗'])\n"
        "assert 'matplotlib' not in sys.modules, 'matplotlib imported at start-up'\n"
    )
    done = subprocess.run([*PYTHON, "-c", code], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr


# -- readable at a glance (issue 19) -----------------------------------------------------------


def _drawn(figure):
    figure.canvas.draw()
    return figure.canvas.get_renderer()


@pytest.mark.parametrize("domain", ["总分", "医疗", "法律", "coding", "教育", "金融"])
def test_frontier_labels_never_print_over_each_other(bundled, latin, domain):
    """/value on the bundled release: every frontier model's label is clear of every other
    label and every frontier point but its own, and inside the axes (they once printed over
    each other at the top right)."""
    from matplotlib.text import Text

    result = value(bundled, ValueRequest(domain=domain))
    figure = charts.value_figure(result, "en")
    renderer = _drawn(figure)
    axes = the_axes(figure)
    frame = axes.get_window_extent(renderer)
    boxes = [Text.get_window_extent(a, renderer) for a in axes.texts]  # the text, not its leader
    assert len(boxes) == len(result.frontier) + len(result.free)
    assert len(result.frontier) >= 3
    for i, box in enumerate(boxes):
        assert frame.contains(box.x0, box.y0) and frame.contains(box.x1, box.y1)
        for other in boxes[i + 1:]:
            assert not box.overlaps(other), (texts(axes.texts), box, other)
    # the named models' points: the frontier's and the free ones' (the larger markers)
    named = [tuple(xy) for c in axes.collections if max(c.get_sizes()) >= 70
             for xy in axes.transData.transform(c.get_offsets())]
    assert len(named) == len(boxes)
    for label in axes.texts:
        own = tuple(axes.transData.transform(label.xy))
        for x, y in named:
            if (x, y) != own:
                assert not Text.get_window_extent(label, renderer).contains(x, y), \
                    label.get_text()


def test_no_median_marker_covers_a_value_label(bundled, latin):
    """/model kimi-k3: the median's diamonds were drawn over the values at the bars' ends."""
    figure = charts.model_figure(model(bundled, ModelRequest(name="kimi-k3")), "en")
    renderer = _drawn(figure)
    axes = the_axes(figure)
    (medians,) = axes.collections
    radius = max(medians.get_sizes()) ** 0.5 / 2 * figure.dpi / 72
    for label in axes.texts:
        box = label.get_window_extent(renderer).padded(radius)
        for x, y in axes.transData.transform(medians.get_offsets()):
            assert not box.contains(x, y), label.get_text()


@pytest.mark.parametrize(("lowest", "floor"), [(62.0, 50), (75.0, 50), (55.5, 40), (12.0, 0),
                                                (9.9, 0), (20.0, 10)])
def test_the_radar_starts_ten_below_the_lowest_score_in_tens(lowest, floor):
    assert charts.radar_floor([lowest, 95.0]) == floor


def test_the_radar_of_close_models_spreads_them_and_says_where_it_starts(bundled, latin):
    """Three models scoring 60-90: the scale runs 50-100 (not 0-100), its ticks say so, and a
    note names the centre's score."""
    result = compare(bundled, CompareRequest(model_a="qwen3.7-max", model_b="kimi-k3",
                                             model_c="glm-5.3"))
    figure = charts.compare_figure(result, "en")
    axes = the_axes(figure)
    assert axes.get_ylim() == (50.0, 100.0)
    assert texts(axes.get_yticklabels()) == ["60", "70", "80", "90", "100"]
    assert texts(figure.texts) == ["Scores from 50 (centre) to 100 (rim)"]


@pytest.fixture(scope="module")
def bundled():
    from tests.paths import DATA

    return load_catalog(DATA)


def test_models_of_different_releases_get_a_radar_each_titled_with_their_release():
    """/compare across releases (no release lists both): no shared radar that would hand one
    model the win the text refuses to name; one radar per model, titled with its release, and
    a title saying the scores are not comparable."""
    from bot.core.catalog import load_catalog
    from bot.core.queries import compare
    from bot.core.requests import CompareRequest
    from tests.paths import DATA

    result = compare(load_catalog(DATA), CompareRequest(model_a="kimi-k3", model_b="qwq-32b"))
    assert not result.same_release
    figure = charts.compare_figure(result, "en")
    assert [a.name for a in figure.axes] == ["polar", "polar"]
    assert [len(a.lines) for a in figure.axes] == [1, 1]
    assert [a.get_title().splitlines()[0] for a in figure.axes] == ["kimi-k3", "qwq-32b"]
    assert [a.get_title().endswith(f"CLiB {v}") for a, v in
            zip(figure.axes, ("v5.11.7", "v3.6"), strict=True)] == [True, True]
    assert figure._suptitle.get_text().startswith("Different releases (v5.11.7, v3.6)")
