"""The benchmarks' charts: PNG files of the expected size, drawing the series they were handed."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.patches import Rectangle

from bench import charts
from tests.retrieval.insight.helpers import png_size

SPLIT: dict[str, Any] = {
    "project": {
        "hit@1": 0.5,
        "hit@k": 0.9,
        "mrr@10": 0.6,
        "answer_support": 0.7,
        "right_abstention": 0.8,
        "per_type": {"alias": {"hit@k": 1.0}, "direct": {"hit@k": 0.75}, "unanswerable": {"hit@k": None}},
    },
    "bm25": {
        "hit@1": 0.25,
        "hit@k": 0.5,
        "mrr@10": 0.3,
        "answer_support": 0.4,
        "right_abstention": None,
        "per_type": {"alias": {"hit@k": 0.5}},
    },
}


def bars(figure: Any) -> list[list[float | None]]:
    """Bar heights per series, in legend order (NaN, a missing value, as None)."""
    axes = figure.axes[0]
    return [
        [None if math.isnan(bar.get_height()) else round(bar.get_height(), 6) for bar in container]
        for container in axes.containers
        if all(isinstance(bar, Rectangle) for bar in container)
    ]


def test_quality_per_system_draws_each_metric_per_system(tmp_path: Path) -> None:
    figure = charts.quality_by_system_figure(SPLIT, "quality")
    assert [t.get_text() for t in figure.axes[0].get_xticklabels()] == list(charts.QUALITY_METRICS.values())
    assert bars(figure) == [[50.0, 90.0, 60.0, 70.0, 80.0], [25.0, 50.0, 30.0, 40.0, None]]
    legend = figure.axes[0].get_legend()
    assert legend is not None and [t.get_text() for t in legend.get_texts()] == ["project", "bm25"]
    link = charts.save(figure, "quality", "Quality", folder=tmp_path)
    assert link == "![Quality](bench/results/quality.png)"
    assert png_size((tmp_path / "quality.png").read_bytes()) == (900, 450)


def test_quality_per_type_leaves_out_unanswerable_and_gaps_a_missing_type() -> None:
    figure = charts.quality_by_type_figure(SPLIT, "hit@k", "types")
    assert [t.get_text() for t in figure.axes[0].get_xticklabels()] == ["alias", "direct"]
    assert bars(figure) == [[100.0, 75.0], [50.0, None]]


def test_latency_against_size_from_the_scale_rows(tmp_path: Path) -> None:
    row = {"ask_p50_ms": 10.0, "ask_p95_ms": 30.0, "ask_since_p50_ms": 12.0, "where_p50_ms": 4.0}
    rows = {
        "10000": {**row, "chunks": 10074.0, "ask_p50_ms": 25.0},
        "1000": {**row, "chunks": 1002.0},
        "50": {"chunks": 50.0, "ask_p50_ms": 1.0},  # measured before the where baseline: left out, as in the table
    }
    figure = charts.latency_by_size_figure(rows, "latency")
    lines = {
        line.get_label(): (np.asarray(line.get_xdata()).tolist(), np.asarray(line.get_ydata()).tolist())
        for line in figure.axes[0].get_lines()
    }
    assert lines["ask p50"] == ([1002.0, 10074.0], [10.0, 25.0])
    assert lines["ask p95"][1] == [30.0, 30.0]
    assert lines["baseline: Chroma where filter, search only, p50"][1] == [4.0, 4.0]
    assert figure.axes[0].get_xscale() == "log"
    charts.save(figure, "latency", "Latency", folder=tmp_path)
    assert png_size((tmp_path / "latency.png").read_bytes()) == (900, 450)
