"""Imports point one way: the core never imports discord (or the Discord layer)."""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FORBIDDEN = ("discord", "cogs", "bot")


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


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


def test_the_check_sees_an_import(tmp_path: Path) -> None:
    sample = tmp_path / "x.py"
    sample.write_text("def f():\n    import discord.ext.commands\n    from discord import Embed\n")
    assert _imported_modules(sample) == {"discord.ext.commands", "discord"}
