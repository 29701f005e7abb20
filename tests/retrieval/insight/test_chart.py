"""The usage chart: a PNG of the expected size whose panels hold the expected series."""

from __future__ import annotations

import math

from matplotlib.patches import Rectangle

from retrieval.insight.chart import DPI, HEIGHT_IN, WIDTH_IN, usage_figure, usage_png
from retrieval.records import Usage, UsageDay
from tests.retrieval.insight.helpers import png_size

USAGE = Usage(
    days=3,
    questions=6,
    declined=2,
    helpful_votes=3,
    unhelpful_votes=1,
    latency_p50_ms=120.0,
    latency_p95_ms=400.0,
    per_day=(
        UsageDay("2026-11-28", 4, 1, 3, 0, 100.0, 300.0),
        UsageDay("2026-11-29", 0, 0, 0, 0, None, None),
        UsageDay("2026-11-30", 2, 1, 0, 1, 150.0, 400.0),
    ),
)


def series(values: object) -> list[float | None]:
    return [None if math.isnan(v) else float(v) for v in values]  # type: ignore[attr-defined]


def test_usage_chart_is_a_png_of_the_expected_size() -> None:
    assert png_size(usage_png(USAGE)) == (int(WIDTH_IN * DPI), int(HEIGHT_IN * DPI))


def test_usage_chart_draws_questions_shares_and_latency_per_day() -> None:
    count, shares, latency = usage_figure(USAGE).axes
    assert [bar.get_height() for bar in count.patches if isinstance(bar, Rectangle)] == [4, 0, 2]
    lines = {line.get_label(): series(line.get_ydata()) for line in shares.get_lines()}
    assert lines == {"declined": [25.0, None, 50.0], "found helpful": [100.0, None, 0.0]}
    lines = {line.get_label(): series(line.get_ydata()) for line in latency.get_lines()}
    assert lines == {"p50": [100.0, None, 150.0], "p95": [300.0, None, 400.0]}
    assert "6 questions, 33% declined" in usage_figure(USAGE).get_suptitle()
