"""bench/scopes.py --reuse: measured on a kept index without rebuilding it or writing into it, with the set and
the audience on the same documents `lay_out` would move or give a sidecar."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.scale import settings_for
from bench.scopes import SCOPES, measure_kept
from bench.synthetic import generate
from retrieval.core import BriefingCore


def files_of(root: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime_ns) for p in root.rglob("*") if p.is_file()}


@pytest.mark.slow
def test_a_kept_index_is_measured_with_the_scopes_laid_on_in_memory(tmp_path: Path) -> None:
    generate(tmp_path / "corpus", 120)  # as bench.scale keeps it: corpus/ and data/ under one root
    BriefingCore(settings_for(tmp_path, "torch")).reindex()
    before = files_of(tmp_path)
    documents = sorted(BriefingCore(settings_for(tmp_path, "torch")).sources(), key=lambda d: d.doc_id)

    figures = measure_kept(tmp_path, "torch", rounds=1)

    assert files_of(tmp_path) == before, "nothing written into the kept index"
    chunks = {label: s["chunks"] for label, s in figures["scopes"].items()}  # type: ignore[attr-defined]
    in_a = sum(d.chunk_count for n, d in enumerate(documents) if n % 10 == 0)
    restricted = documents[5].chunk_count
    total = sum(d.chunk_count for d in documents)
    assert chunks["unscoped (baseline)"] == chunks["member who may read everything"] == total
    assert chunks["channel of set a (a tenth)"] == chunks["channel of set a, without the role"] == in_a
    assert chunks["member without the role (a hundredth hidden)"] == total - restricted
    assert set(chunks) == set(SCOPES) and figures["reused"] == str(tmp_path)
    same = figures["same_answers"]["reads everything"]  # type: ignore[index]
    assert same[1] > 0
