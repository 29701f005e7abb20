"""The targets table: each share with its count and its 95% interval."""

from __future__ import annotations

from typing import Any

from bench.eval_quality import BASELINES, PROJECT, counted, targets


def test_a_share_is_shown_with_its_count_and_wilson_interval() -> None:
    assert counted(0.75, 76) == ["57 of 76", "64.2-83.4"]
    assert counted(0.0, 20) == ["0 of 20", "0.0-16.1"]
    assert counted(0.5, 0) == ["-", "-"]


def _metrics(**shares: float) -> dict[str, Any]:
    base = {"answerable": 67, "unanswerable": 76, "hit@1": 0.7, "hit@k": 0.91, "answer_support": 0.716}
    return {**base, "false_abstention": 0.06, "right_abstention": 0.75, **shares}


def test_each_target_row_counts_its_questions() -> None:
    ours = {**_metrics(), "per_type": {"paraphrase": {"answerable": 22, "hit@k": 17 / 22}}}
    noisy = {"heldout": {PROJECT: ours, **{name: _metrics(**{"hit@k": 0.7}) for name in BASELINES}}}
    rows = {row[0]: row[1:] for row in targets(noisy, {"refused_share": 3 / 74, "total": 74}, demo_ok=True)}
    assert rows["unanswerable rightly declined >= 80%"] == ["75.0", "57 of 76", "64.2-83.4", "missed by 5.0 points"]
    assert rows["answerable wrongly declined <= 5%"][1:3] == ["4 of 67", "2.3-14.4"]
    assert rows["paraphrase hit@5 >= 90%"][1] == "17 of 22"
    assert rows["typo twins refused <= 5%"] == ["4.1", "3 of 74", "1.4-11.3", "met"]
    assert rows["hit@5 beats bm25"] == ["+21.0 points", "-", "-", "met"]
