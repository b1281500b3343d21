"""Charts: valid PNGs of the expected size, Chinese labels with a CJK font, English without."""

from __future__ import annotations

import logging
import struct
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from bot.core.catalog import load_catalog
from bot.core.queries import compare, model, value
from bot.core.requests import CompareRequest, ModelRequest, ValueRequest
from bot.render import charts
from tests.paths import SEED_DIR


def png_size(data: bytes) -> tuple[int, int]:
    """(width, height) from a PNG's IHDR chunk; fails on anything that is not a PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", data[:8]
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


@pytest.fixture(scope="module")
def results():
    catalog = load_catalog(SEED_DIR)
    return {
        "compare": compare(catalog, CompareRequest(model_a="qwq-32b", model_b="gemma-3-27b-it",
                                                   model_c="deepseek r1")),
        "value": value(catalog, ValueRequest(domain="医疗", budget=10)),
        "model": model(catalog, ModelRequest(name="qwq-32b")),
    }


@pytest.mark.parametrize("name", ["compare", "value", "model"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_each_chart_is_a_png_of_the_expected_size(results, name, lang):
    """Every chart renders to a 1000x700 PNG in both languages."""
    data = charts.chart_for(results[name], lang)
    assert png_size(data) == (charts.WIDTH, charts.HEIGHT)


def test_value_chart_uses_a_log_scale_when_prices_span_tenfold():
    """Prices from 1.02 to 21 span more than 10x; within 5元 they do not."""
    catalog = load_catalog(SEED_DIR)
    wide = value(catalog, ValueRequest())
    narrow = value(catalog, ValueRequest(budget=5))
    assert charts.chart_for(wide, "en") != charts.chart_for(narrow, "en")
    prices = [i.price for i in wide.frontier + wide.others]
    assert max(prices) / min(prices) > 10


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


def test_a_usable_charts_font_is_used_quietly(fresh_fonts, caplog):
    """A charts.font that draws Chinese is taken as it is, without a word."""
    system = charts._system_cjk_font()
    if system is None:
        pytest.skip("no CJK font on this machine (.ci/run installs fonts-wqy-microhei)")
    with caplog.at_level(logging.WARNING, logger="bot.render.charts"):
        assert charts.find_cjk_font(system) == system
    assert not caplog.records


def _drawn(monkeypatch) -> list:
    """The figures the charts draw, kept for a look before they are cleared."""
    seen = []
    real = charts._png

    def keep(figure, canvas):
        canvas.draw()
        renderer = canvas.get_renderer()
        axes = figure.axes[0]
        legend = axes.get_legend().get_window_extent(renderer)
        labels = [a.get_window_extent(renderer) for a in axes.texts]
        seen.append((legend, labels, [c.get_offsets() for c in axes.collections], axes))
        return real(figure, canvas)

    monkeypatch.setattr(charts, "_png", keep)
    return seen


@pytest.mark.parametrize("budget", [5, None], ids=["budget-5", "no-budget"])
def test_the_value_legend_covers_no_labelled_point(monkeypatch, budget):
    """/value 医疗 budget:5: the legend overlaps neither a frontier model's label nor any
    plotted point (it once sat on DeepSeek-R1-Distill-Qwen-32B)."""
    seen = _drawn(monkeypatch)
    result = value(load_catalog(SEED_DIR), ValueRequest(domain="医疗", budget=budget))
    charts.chart_for(result, "zh")
    legend, labels, offsets, axes = seen[0]
    assert len(labels) == len(result.frontier) >= 2
    for label in labels:
        assert not legend.overlaps(label), (legend, label)
    for points in offsets:
        for x, y in axes.transData.transform(points):
            assert not legend.contains(x, y), (x, y)


def test_with_a_cjk_font_labels_stay_chinese(results, monkeypatch):
    """When a CJK font is installed, Chinese labels are drawn in Chinese."""
    if charts.find_cjk_font() is None:
        pytest.skip("no CJK font on this machine (.ci/run installs fonts-wqy-microhei)")
    seen: list[str] = []
    real = charts._label
    monkeypatch.setattr(charts, "_label",
                        lambda d, lang, font: seen.append(real(d, lang, font)) or seen[-1])
    charts.chart_for(results["compare"], "zh")
    assert "医疗" in seen


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
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
