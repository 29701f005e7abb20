"""Imports point one way: Discord layer, CLI and benchmarks -> the core's public surface -> its steps in the
order of the data flow -> adapters. The core never imports discord (or the Discord layer)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import retrieval

REPO = Path(__file__).resolve().parent.parent
FORBIDDEN = ("discord", "cogs", "bot")
# The steps in the order the data flows; a step may import the ones before it (and the shared modules).
STEPS = ("ingest", "index", "search", "answer", "llm", "insight", "core", "evaluation", "cli")
SHARED = ("records", "errors", "settings", "logs")
OUTSIDE = [REPO / "bot.py", *sorted((REPO / "cogs").rglob("*.py")), *sorted((REPO / "bench").rglob("*.py"))]


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _step(module: str) -> str | None:
    """The step a `retrieval...` module belongs to ('core' for core.py), or None for the shared modules."""
    parts = module.split(".")
    if parts[0] != "retrieval" or len(parts) < 2 or parts[1] in SHARED or parts[1] == "__main__":
        return None
    return parts[1]


def test_nothing_under_retrieval_imports_discord() -> None:
    files = sorted((REPO / "retrieval").rglob("*.py"))
    assert len(files) > 10
    offenders = {
        f"{path.relative_to(REPO)}: {name}"
        for path in files
        for name in _imported_modules(path)
        if name.split(".")[0] in FORBIDDEN
    }
    assert offenders == set()


def test_bot_cogs_and_benchmarks_use_only_the_public_surface() -> None:
    assert len(OUTSIDE) > 15
    offenders = {
        f"{path.relative_to(REPO)}: {name}"
        for path in OUTSIDE
        for name in _imported_modules(path)
        if name.startswith("retrieval.")
    }
    assert offenders == set()


def test_the_public_surface_names_exist() -> None:
    missing = [name for name in retrieval.__all__ if not hasattr(retrieval, name)]
    assert missing == []


def test_no_step_imports_a_later_step() -> None:
    offenders = set()
    for path in sorted((REPO / "retrieval").rglob("*.py")):
        own = _step("retrieval." + ".".join(path.relative_to(REPO / "retrieval").with_suffix("").parts))
        if own is None or own == "__init__":
            continue
        for name in _imported_modules(path):
            other = _step(name)
            if other in STEPS and own in STEPS and STEPS.index(other) > STEPS.index(own):
                offenders.add(f"{path.relative_to(REPO)} ({own}) imports {name} ({other})")
    assert offenders == set()


def test_shared_modules_import_no_step() -> None:
    offenders = {
        f"{name}.py imports {imported}"
        for name in SHARED
        for imported in _imported_modules(REPO / "retrieval" / f"{name}.py")
        if _step(imported) is not None
    }
    assert offenders == set()


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "def f():\n    import discord.ext.commands\n    from discord import Embed\n",
            {"discord.ext.commands", "discord"},
        ),
        ("from retrieval.search.hybrid import Searcher\n", {"retrieval.search.hybrid"}),
    ],
)
def test_the_check_sees_an_import(tmp_path: Path, source: str, expected: set[str]) -> None:
    sample = tmp_path / "x.py"
    sample.write_text(source)
    assert _imported_modules(sample) == expected


def test_the_step_order_catches_a_backward_import() -> None:
    assert _step("retrieval.search.hybrid") == "search"
    assert _step("retrieval.records") is None
    assert STEPS.index("search") > STEPS.index("index")
