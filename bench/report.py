"""Benchmarks write their section to bench/results/NAME.md; BENCHMARKS.md is all sections, in order."""

from __future__ import annotations

import os
import platform
import shlex
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results"
ORDER = [
    "pipeline",
    "eval",
    "answerability",
    "blind-batch",
    "embeddings",
    "backends",
    "scale",
    "store-memory",
    "discord",
    "llm",
]


def machine() -> str:
    return f"{os.cpu_count()} cores, Python {platform.python_version()}, {platform.machine()}"


def header(title: str) -> str:
    module = os.path.relpath(sys.argv[0], REPO).removesuffix(".py").replace(os.sep, ".")
    command = "python -m " + " ".join(shlex.quote(a) for a in [module, *sys.argv[1:]])
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"## {title}\n\nCommand: `{command}` · {stamp} · {machine()}\n"


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def write_section(name: str, markdown: str) -> Path:
    """Save one benchmark's section and rebuild BENCHMARKS.md from every section."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{name}.md").write_text(markdown.rstrip() + "\n", encoding="utf-8")
    sections = sorted(RESULTS.glob("*.md"), key=lambda p: (_place(p.stem), p.stem))
    body = "\n\n".join(p.read_text(encoding="utf-8").rstrip() for p in sections)
    intro = (
        "# Benchmarks\n\nWritten by the scripts in `bench/` (each section names its command). The machine is "
        "shared and noisy: read each figure beside its baseline from the same run, not as an absolute.\n\n"
    )
    target = REPO / "BENCHMARKS.md"
    target.write_text(intro + body + "\n", encoding="utf-8")
    return target


def _place(section: str) -> int:
    """Where a section goes in BENCHMARKS.md: its own place in ORDER, or its family's ("blind-batch-qe")."""
    return next((i for i, name in enumerate(ORDER) if section == name or section.startswith(f"{name}-")), len(ORDER))
