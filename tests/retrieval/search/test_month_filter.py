"""A month named without a year finds the briefings dated that month in any year, not in a guessed one."""

from __future__ import annotations

import numpy as np
import pytest

from retrieval.core import BriefingCore
from tests.conftest import make_settings
from tests.time_corpus import write_time_corpus

LATER = (
    "---\ntitle: Raqqa reconstruction\ndate: 2019-03-14\n---\n"
    "In March, the local council in Raqqa reopened two schools and a bakery. "
    "Donors pledged money for the repair of the city's water network.\n"
)


@pytest.fixture(scope="module")
def core(tmp_path_factory: pytest.TempPathFactory, embedder: object) -> BriefingCore:
    root = tmp_path_factory.mktemp("months")
    folder = write_time_corpus(root / "corpus")
    (folder / "2019-03-raqqa-reconstruction.md").write_text(LATER, encoding="utf-8")
    built = BriefingCore(make_settings(root), embedder=embedder)  # type: ignore[arg-type]
    built.reindex()
    return built


def test_the_catalog_knows_which_rows_are_dated_in_a_month_of_any_year(core: BriefingCore) -> None:
    catalog = core.snapshot().catalog
    march = catalog.in_month(3)
    dated = {catalog.record(int(r)).doc_id for r in np.flatnonzero(march)}
    assert dated == {"2017-03-tabqa-airlift.md", "2019-03-raqqa-reconstruction.md"}
    assert not catalog.in_month(12).any()


def test_a_question_naming_a_month_searches_that_month_in_every_year(core: BriefingCore) -> None:
    _, _, first = core.answer_attempts("How did US helicopters move SDF fighters across Lake Assad in March?")[0]
    dates = {p.date[:7] for p in first.passages}
    assert dates <= {"2017-03", "2019-03"}  # the newest briefing's year is not assumed
    assert first.passages[0].doc_id == "2017-03-tabqa-airlift.md"


def test_the_answer_comes_from_that_month_without_a_fallback_note(core: BriefingCore) -> None:
    answer = core.ask("How did US helicopters move SDF fighters across Lake Assad in March?")
    assert not answer.abstained and not answer.note
    assert answer.citations[0].doc_id == "2017-03-tabqa-airlift.md"


def test_the_month_filter_keeps_within_a_readers_rows(core: BriefingCore) -> None:
    snap = core.snapshot()
    catalog = snap.catalog
    only_later = np.array([catalog.record(r).doc_id.startswith("2019") for r in range(len(catalog))])
    query = snap.searcher.query("helicopters across Lake Assad", catalog)
    result = snap.searcher.search(query, catalog, 5, mask=only_later, month=3)
    assert {p.doc_id for p in result.passages} == {"2019-03-raqqa-reconstruction.md"}
