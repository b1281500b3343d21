"""The /history chart, read back from its Figure: score and rank by release, a release without
the model a gap in every line, price as a step line, scoring changes as dotted lines, dates on
the x axis when every release has one."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from bot.core.commands import build_request, parse_command_line
from bot.core.history_results import HistoryPoint, HistoryResult
from bot.core.queries import execute
from bot.core.results import SourceInfo
from bot.render import charts
from tests.core.history_data import SEED, V58, history_catalog


def result_for(line: str) -> HistoryResult:
    return execute(history_catalog(), build_request(*parse_command_line(line)))


def lines_of(figure):
    top, bottom, right = figure.axes[0], figure.axes[1], figure.axes[2]
    return top, bottom, right


def test_gaps_are_gaps_and_the_rank_axis_has_1_on_top():
    figure = charts.figure_for(result_for("/history gemma-3-27b-it"), "en")
    top, bottom, right = lines_of(figure)
    score = top.get_lines()[0]
    ys = list(score.get_ydata())
    # oldest first: v3.6, v5.8, then v5.11.7 where it is gone
    assert ys[:2] == [SEED["gemma-3-27b-it"]["总分"], V58["gemma-3-27b-it"]["总分"]]
    assert math.isnan(ys[2])
    # evenly spaced (v3.6 has no date), each version over its date when it has one
    assert [t.get_text() for t in bottom.get_xticklabels()] == [
        "v3.6", "v5.8\n2025-11-03", "v5.11.7\n2026-09-08"]
    low, high = right.get_ylim()
    assert low > high and high == 1  # inverted: rank 1 at the top
    assert 1 in list(right.get_yticks())  # and labelled
    assert math.isnan(list(right.get_lines()[0].get_ydata())[2])
    assert top.get_ylim() == (0, 100)
    price = bottom.get_lines()[0]
    assert price.get_drawstyle().startswith("steps-post")
    # the step line stops at v5.8: it never bridges the release without the model
    assert list(price.get_xdata()) == [0, 1] and list(price.get_ydata()) == [1.45, 1.45]


def test_a_release_whose_notes_say_the_scoring_changed_gets_a_dotted_line():
    figure = charts.figure_for(result_for("/history gemma-3-27b-it"), "en")
    top, _, _ = lines_of(figure)
    dotted = [line for line in top.get_lines() if line.get_linestyle() == ":"]
    assert len(dotted) == 1 and list(dotted[0].get_xdata()) == [1, 1]  # at v5.8
    labels = [t.get_text() for t in top.get_legend().get_texts()]
    assert labels == ["Score", "Rank (1 = top)", "Scoring changed (release notes)"]
    plain = charts.figure_for(result_for("/history gpt-oss-120b"), "en")
    assert not [ln for ln in plain.axes[0].get_lines() if ln.get_linestyle() == ":"]


def test_the_price_steps_resume_after_a_gap():
    points = [HistoryPoint(release=f"v1.{i}", date=None, listed=i != 2, price=float(i),
                           score=50.0, rank=1, ranked=2) for i in range(5)][::-1]
    points = [p if p.listed else p.model_copy(update={"price": None, "score": None,
                                                       "rank": None}) for p in points]
    result = HistoryResult(name="m", org=None, domain="总分", listed=4, points=points,
                           source=SourceInfo(release=None, date=None, boards=[]))
    steps = [line for line in charts.figure_for(result, "en").axes[1].get_lines()
             if line.get_drawstyle().startswith("steps")]
    assert [list(line.get_xdata()) for line in steps] == [[0, 1], [3, 4]]


@pytest.mark.parametrize("count", [5, 60])
def test_dated_releases_sit_on_a_date_axis_at_5_and_60_releases(count):
    start = dt.date(2025, 1, 1)
    points = [HistoryPoint(release=f"v1.{i}", date=start + dt.timedelta(days=7 * i),
                           listed=True, score=50.0 + i % 7, rank=1 + i % 9, ranked=40,
                           price=2.0) for i in range(count)][::-1]
    result = HistoryResult(name="m", org=None, domain="总分", listed=count, points=points,
                           source=SourceInfo(release=None, date=None, boards=[]))
    figure = charts.figure_for(result, "en")
    score = figure.axes[0].get_lines()[0]
    xs = list(score.get_xdata())
    assert xs[0] == start and xs[-1] == start + dt.timedelta(days=7 * (count - 1))
    assert score.get_marker() == "o"  # small when many, so they stay apart
    assert score.get_markersize() == (6 if count <= 20 else 2.5)
    ticks = figure.axes[1].get_xticklabels()
    if count <= 8:  # a tick at each release, its version over its date
        assert [t.get_text() for t in ticks][:2] == ["v1.0\n2025-01-01", "v1.1\n2025-01-08"]
    else:
        assert len(ticks) < 20 and all("v1." not in t.get_text() for t in ticks)
    data = charts.chart_for(result, "en")
    assert data[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_release_listed_between_two_gaps_is_still_drawn():
    """With 60 releases a lone release has no line to either side: its marker shows it."""
    start = dt.date(2025, 1, 1)
    points = [HistoryPoint(release=f"v1.{i}", date=start + dt.timedelta(days=7 * i),
                           listed=i not in (29, 31), score=None if i in (29, 31) else 60.0,
                           rank=None if i in (29, 31) else 3, ranked=40,
                           price=None if i in (29, 31) else 2.0) for i in range(60)][::-1]
    result = HistoryResult(name="m", org=None, domain="总分", listed=58, points=points,
                           source=SourceInfo(release=None, date=None, boards=[]))
    figure = charts.figure_for(result, "en")
    for line in (figure.axes[0].get_lines()[0], figure.axes[2].get_lines()[0]):
        ys = list(line.get_ydata())
        assert math.isnan(ys[29]) and not math.isnan(ys[30]) and math.isnan(ys[31])
        assert line.get_marker() in ("o", "s") and line.get_markersize() > 0


def test_close_releases_keep_their_ticks_but_not_overlapping_labels():
    """Releases four days apart in a year: each has a tick, the later one no label."""
    days = [0, 120, 240, 244, 360]
    points = [HistoryPoint(release=f"v1.{i}", date=dt.date(2025, 1, 1) + dt.timedelta(days=d),
                           listed=True, score=50.0, rank=1, ranked=9, price=1.0)
              for i, d in enumerate(days)][::-1]
    result = HistoryResult(name="m", org=None, domain="总分", listed=5, points=points,
                           source=SourceInfo(release=None, date=None, boards=[]))
    labels = [t.get_text() for t in charts.figure_for(result, "en").axes[1].get_xticklabels()]
    assert [label.split("\n")[0] for label in labels] == ["v1.0", "v1.1", "v1.2", "", "v1.4"]


def test_the_legend_sits_above_the_plot():
    """Inside the axes it would cover the lines of a model that scores low."""
    figure = charts.figure_for(result_for("/history gemma-3-27b-it"), "en")
    figure.canvas.draw()
    top = figure.axes[0]
    legend = top.get_legend()
    assert legend.get_window_extent().y0 >= top.get_window_extent().y1 - 1
