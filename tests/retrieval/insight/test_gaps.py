"""Coverage gaps: questions whose topics are known fall into those groups, labelled from their words."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from retrieval.core import BriefingCore
from retrieval.index.embedders import LazyEmbedder
from retrieval.insight.gaps import cluster_questions
from retrieval.insight.questionlog import QuestionLog
from retrieval.records import Answer
from retrieval.search.scopes import Scope
from tests.cogs.records import answer
from tests.retrieval.insight.helpers import TOPICS


def test_questions_fall_into_their_known_topics_largest_first(embedder: LazyEmbedder) -> None:
    order = [3, 7, 0, 9, 4, 1, 8, 5, 2, 6]  # interleaved, so grouping cannot lean on input order
    flat = [(topic, q) for topic, questions in TOPICS.items() for q in questions]
    questions = [flat[i][1] for i in order]
    topic_of = {q: topic for topic, q in flat}
    clusters = cluster_questions(questions, embedder.encode(questions))
    groups = [{topic_of[questions[i]] for i in c.members} for c in clusters]
    assert groups == [{"hospital"}, {"football"}, {"pound"}, {"vaccine"}]
    assert [len(c.members) for c in clusters] == [4, 3, 2, 1]
    assert "hospital" in clusters[0].label and "aleppo" in clusters[0].label
    assert "football" in clusters[1].label and "syrian pound" in clusters[2].label
    assert "vaccine" in clusters[3].label
    assert len(clusters[0].examples) == 3 and set(clusters[0].examples) <= set(TOPICS["hospital"])
    assert clusters[0].central in TOPICS["hospital"]


def test_no_question_and_one_question(embedder: LazyEmbedder) -> None:
    assert cluster_questions([], np.zeros((0, 384))) == []
    [one] = cluster_questions(["the the the?"], embedder.encode(["the the the?"]))
    assert one.members == (0,) and one.label == "the the the?" and one.examples == ("the the the?",)


def test_core_groups_declined_and_unhelpful_questions_with_nearest_documents(
    sample_core: BriefingCore, tmp_path: Path
) -> None:
    log = QuestionLog(tmp_path / "log.sqlite3")
    for question in TOPICS["football"]:
        log.record(Answer(question, "not in the briefings", (), True, reason="no passage close enough"))
    for question in TOPICS["hospital"][:2]:
        row = log.record(answer("an answer", (), question=question))
        log.record_vote(row, 1, False)
    helped = log.record(answer("an answer", (), question="what does Iran want in Deir ez-Zor?"))
    log.record_vote(helped, 1, True)  # answered and found helpful: not a gap
    report = sample_core.gaps(log, days=7)
    assert report.questions_considered == 5
    assert [(g.size, g.declined, g.unhelpful) for g in report.gaps] == [(3, 3, 0), (2, 0, 2)]
    assert "football" in report.gaps[0].label and "hospital" in report.gaps[1].label
    assert all(1 <= len(g.nearest_documents) <= 3 for g in report.gaps)
    indexed = {d.doc_id for d in sample_core.sources()}
    assert {d.doc_id for g in report.gaps for d in g.nearest_documents} <= indexed
    assert sample_core.gaps(QuestionLog(tmp_path / "empty.sqlite3"), days=7).gaps == ()
    recent = sample_core.gaps(log, days=7, limit=2)  # the two most recent: the hospital questions
    assert recent.questions_considered == 2 and [g.size for g in recent.gaps] == [2]


def test_an_admin_sees_only_the_gaps_of_their_own_server(sample_core: BriefingCore, tmp_path: Path) -> None:
    log = QuestionLog(tmp_path / "log.sqlite3")
    for question in TOPICS["football"]:
        log.record(Answer(question, "not in the briefings", (), True, reason="no passage"), guild_id=1, channel_id=10)
    for question in TOPICS["hospital"]:
        log.record(Answer(question, "not in the briefings", (), True, reason="no passage"), guild_id=2, channel_id=20)
    first = sample_core.gaps(log, days=7, scope=Scope.member(1, 10))
    assert first.questions_considered == 3 and ["football" in g.label for g in first.gaps] == [True]
    second = sample_core.gaps(log, days=7, scope=Scope.member(2, None))
    assert second.questions_considered == 4 and all("football" not in g.label for g in second.gaps)
    assert sample_core.gaps(log, days=7).questions_considered == 7, "the operator's command line sees all"
