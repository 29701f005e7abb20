"""The usage chart: questions per day, the share declined and found helpful, p50 and p95 latency (a PNG).

Made with matplotlib's object API (a Figure with its own Agg canvas: no pyplot, no global state), so it is
safe in a worker thread of the bot.
"""

from __future__ import annotations

import io
from datetime import date

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from retrieval.records import Usage

WIDTH_IN, HEIGHT_IN, DPI = 9.0, 7.0, 100  # 900 x 700 pixels


def usage_figure(usage: Usage) -> Figure:
    """Three panels over the period's days: questions (bars), shares (%), latency percentiles (ms)."""
    figure = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    days = [date.fromisoformat(d.day) for d in usage.per_day]
    count, shares, latency = figure.subplots(3, 1, sharex=True)
    count.bar(days, [d.questions for d in usage.per_day], color="#4c72b0", label="questions")
    count.set_ylabel("questions")
    count.yaxis.set_major_locator(MaxNLocator(integer=True))
    declined = [100 * d.declined / d.questions if d.questions else None for d in usage.per_day]
    helpful = [_share(d.helpful_votes, d.helpful_votes + d.unhelpful_votes) for d in usage.per_day]
    shares.plot(days, _gaps(declined), marker="o", color="#c44e52", label="declined")
    shares.plot(days, _gaps(helpful), marker="o", color="#55a868", label="found helpful")
    shares.set_ylim(-5, 105)
    shares.set_ylabel("% of questions / votes")
    latency.plot(days, _gaps([d.latency_p50_ms for d in usage.per_day]), marker="o", label="p50")
    latency.plot(days, _gaps([d.latency_p95_ms for d in usage.per_day]), marker="o", label="p95")
    latency.set_ylabel("latency (ms)")
    for axes in (count, shares, latency):
        _style(axes)
    figure.autofmt_xdate()
    figure.suptitle(f"Last {usage.days} days: {usage.questions} questions, {100 * usage.declined_share:.0f}% declined")
    return figure


def usage_png(usage: Usage) -> bytes:
    """The usage chart as PNG bytes (WIDTH_IN x HEIGHT_IN inches at DPI)."""
    buffer = io.BytesIO()
    usage_figure(usage).savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def _share(part: int, whole: int) -> float | None:
    return 100 * part / whole if whole else None


def _gaps(values: list[float | None]) -> list[float]:
    """None (no data that day) as NaN, which matplotlib leaves as a gap in the line."""
    return [float("nan") if v is None else v for v in values]


def _style(axes: Axes) -> None:
    axes.grid(axis="y", alpha=0.3)
    axes.legend(loc="upper left", fontsize="small")
