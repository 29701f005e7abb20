"""The benchmarks' charts: PNG files in bench/results/ that BENCHMARKS.md shows beside its tables.

Each `*_figure` function takes the figures a bench script measured (the same values its tables print) and
returns a matplotlib Figure (object API with its own Agg canvas: no pyplot state); `save` writes it and gives
the markdown image link for the section.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from bench.report import RESULTS

WIDTH_IN, HEIGHT_IN, DPI = 9.0, 4.5, 100  # 900 x 450 pixels
QUALITY_METRICS = {
    "hit@1": "hit@1",
    "hit@k": "hit@5",
    "mrr@10": "MRR@10",
    "answer_support": "support",
    "right_abstention": "rightly abstained",
}


def _figure() -> Figure:
    figure = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def grouped_bars(
    title: str, groups: Sequence[str], series: Mapping[str, Sequence[float | None]], ylabel: str
) -> Figure:
    """One cluster of bars per group, one bar (and colour) per series; a missing value draws no bar."""
    figure = _figure()
    axes = figure.subplots()
    positions = np.arange(len(groups))
    width = 0.8 / max(len(series), 1)
    for n, (name, values) in enumerate(series.items()):
        heights = [np.nan if v is None else v for v in values]
        axes.bar(positions + (n - (len(series) - 1) / 2) * width, heights, width, label=name)
    axes.set_xticks(positions, list(groups))
    axes.set_ylim(0, 115)  # per cent, with room for the legend above the bars
    axes.set_ylabel(ylabel)
    axes.set_title(title)
    axes.grid(axis="y", alpha=0.3)
    axes.legend(fontsize="small", ncols=min(len(series), 4), loc="upper center")
    return figure


def quality_by_system_figure(split: Mapping[str, Any], title: str) -> Figure:
    """Per cent per metric (groups) and system (bars), from one split of the eval report."""
    series = {system: [_pct(m.get(key)) for key in QUALITY_METRICS] for system, m in split.items()}
    return grouped_bars(title, list(QUALITY_METRICS.values()), series, "per cent")


def quality_by_type_figure(split: Mapping[str, Any], metric: str, title: str) -> Figure:
    """Per cent of `metric` per question type (groups) and system (bars), from one split of the eval report."""
    types = sorted({t for m in split.values() for t in m["per_type"] if t != "unanswerable"})
    series = {system: [_pct(m["per_type"].get(t, {}).get(metric)) for t in types] for system, m in split.items()}
    return grouped_bars(title, types, series, "per cent")


def latency_by_size_figure(rows: Mapping[str, Mapping[str, float]], title: str) -> Figure:
    """Ask latency (p50, p95, with a date filter) and the Chroma `where` baseline against chunks (log scale),
    from bench/results/scale.json's rows."""
    kept = sorted((r for r in rows.values() if "where_p50_ms" in r), key=lambda r: r["chunks"])
    chunks = [r["chunks"] for r in kept]
    figure = _figure()
    axes = figure.subplots()
    for key, label, style in (
        ("ask_p50_ms", "ask p50", "o-"),
        ("ask_p95_ms", "ask p95", "o--"),
        ("ask_since_p50_ms", "ask with a since-date, p50", "s-"),
        ("where_p50_ms", "baseline: Chroma where filter, search only, p50", "^:"),
    ):
        axes.plot(chunks, [r[key] for r in kept], style, label=label)
    axes.set_xscale("log")
    axes.set_xlabel("chunks in the index (log scale)")
    axes.set_ylabel("ms")
    axes.set_title(title)
    axes.grid(alpha=0.3)
    axes.legend(fontsize="small")
    return figure


def save(figure: Figure, name: str, alt: str, folder: Path = RESULTS) -> str:
    """Write `figure` to folder/NAME.png; the markdown image link for a section in BENCHMARKS.md."""
    folder.mkdir(parents=True, exist_ok=True)
    figure.savefig(folder / f"{name}.png", format="png", dpi=DPI)
    return f"![{alt}](bench/results/{name}.png)"


def _pct(value: float | None) -> float | None:
    return None if value is None else value * 100
