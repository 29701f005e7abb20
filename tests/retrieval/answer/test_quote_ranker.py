"""Two rankers: the judging one orders the sentences answerability reads; the quote ranker, which reads the
matcher's cosines too, chooses what an answer quotes."""

from __future__ import annotations

from retrieval.answer.extractive import MATCHED, Answerer
from retrieval.answer.ranking import SentenceFeatures, SentenceRanker, sentence_features, word_pairs
from retrieval.core import BriefingCore
from retrieval.index.matcher import SentenceMatcher
from tests.conftest import SAMPLE_QUESTION


def one_feature_ranker(name: str, weight: float) -> SentenceRanker:
    return SentenceRanker(mean=(0.0,), scale=(1.0,), coef=(weight,), intercept=0.0, features=(name,))


def answerer_with(core: BriefingCore, judging: SentenceRanker, quoting: SentenceRanker | None) -> Answerer:
    base = core.answerer
    return Answerer(base.policy, base.is_common_word, None, judging, base.word_vectors, core.matcher, quoting)


def test_answerability_reads_the_judging_order_and_the_answer_quotes_by_the_quote_ranker(
    sample_core: BriefingCore, matcher: SentenceMatcher
) -> None:
    catalog = sample_core.snapshot().catalog
    result = sample_core.search(SAMPLE_QUESTION, 5)
    top = result.passages[:5]
    by_length = one_feature_ranker("length", 1.0)  # the longest sentence first: an order the matcher's is not
    by_matcher = one_feature_ranker("matched", 1.0)
    answerer = answerer_with(sample_core, by_length, by_matcher)
    analysis = answerer.read(SAMPLE_QUESTION, catalog)
    judged, verdict = answerer.assess(analysis, top, catalog)
    quoted = answerer.ranked_sentences(analysis, top, catalog, quoting=True)
    candidates = answerer.candidates(analysis, top, catalog)
    assert len(judged[0].text) == max(len(c[0]) for c in candidates)
    nearest = sorted(candidates, key=lambda c: c[1], reverse=True)[:MATCHED]
    cosines = matcher.cosines(analysis.text, [c[0] for c in nearest])
    assert quoted[0].text == nearest[cosines.index(max(cosines))][0]
    assert judged[0].text != quoted[0].text  # this question tells the two orders apart
    assert verdict.reason == ""
    answer = answerer.answer(SAMPLE_QUESTION, result, catalog, 5, analysis)
    assert not answer.abstained
    assert answer.citations[0].quote.startswith(quoted[0].text[:40])
    alone = answerer_with(sample_core, by_length, None).answer(SAMPLE_QUESTION, result, catalog, 5, analysis)
    assert alone.citations[0].quote.startswith(judged[0].text[:40])


def test_only_the_nearest_candidates_are_read_again_the_rest_get_the_least_of_theirs(
    sample_core: BriefingCore,
) -> None:
    catalog = sample_core.snapshot().catalog
    answerer = answerer_with(sample_core, one_feature_ranker("cosine", 1.0), one_feature_ranker("matched", 1.0))
    analysis = answerer.read(SAMPLE_QUESTION, catalog)
    candidates = answerer.candidates(analysis, sample_core.search(SAMPLE_QUESTION, 10).passages, catalog)
    assert len(candidates) > MATCHED
    matched = answerer.matched(analysis, candidates)
    order = sorted(range(len(candidates)), key=lambda i: candidates[i][1], reverse=True)
    least = min(matched[i] for i in order[:MATCHED])
    assert all(matched[i] == least for i in order[MATCHED:])
    assert len({matched[i] for i in order[:MATCHED]}) > 1
    plain = Answerer(sample_core.answerer.policy, sample_core.answerer.is_common_word)
    assert plain.matched(analysis, candidates) == [c[1] for c in candidates]  # no matcher: the cosine itself


def test_a_plan_giving_the_figure_does_not_report_what_happened(figures_core: BriefingCore) -> None:
    """For a question on what happened, a sentence giving the figure as a plan or forecast is told apart."""
    question = "How many satellites did Orbitra put into orbit with its June 2018 launch?"
    catalog = figures_core.snapshot().catalog
    analysis = figures_core.answerer.read(question, catalog)
    candidates = figures_core.answerer.candidates(analysis, figures_core.search(question, 5).passages[:5], catalog)
    features = dict(zip((c[0] for c in candidates), sentence_features(analysis, candidates, catalog), strict=True))
    plan = next(f for text, f in features.items() if text.startswith("Orbitra plans a constellation of 648"))
    report = next(f for text, f in features.items() if "all 34 satellites" in text)
    assert plan.reports_fact == 0.0 and report.reports_fact == 1.0
    other = figures_core.answerer.read("What does Orbitra plan to launch?", catalog)  # asks the plan: no penalty
    assert all(f.reports_fact == 1.0 for f in sentence_features(other, candidates, catalog))


def test_the_question_said_as_a_phrase_counts_more_than_its_words_apart(sample_core: BriefingCore) -> None:
    """phrase_overlap: the share of the question's adjacent word pairs that stand together in the sentence."""
    catalog = sample_core.snapshot().catalog
    analysis = sample_core.answerer.read(SAMPLE_QUESTION, catalog)  # iran want deirezzor: two pairs
    candidates = sample_core.answerer.candidates(analysis, sample_core.search(SAMPLE_QUESTION, 5).passages, catalog)
    features = dict(zip((c[0] for c in candidates), sentence_features(analysis, candidates, catalog), strict=True))
    iran = next(f for text, f in features.items() if text.startswith("The Iranians want Deir Ezzor"))
    apart = next(f for text, f in features.items() if text.startswith("The Americans hoped to be able to move"))
    assert iran.phrase_overlap == 1.0
    assert apart.overlap > 0 and apart.phrase_overlap == 0.0  # Deir Ezzor, but no pair of the question's words
    assert word_pairs(["output", "oil", "field"]) == {("output", "oil"), ("oil", "field")}


def test_a_sentence_from_a_briefing_without_the_asked_names_is_told_apart(sample_core: BriefingCore) -> None:
    """doc_names: the share of the question's names in the sentence's briefing ("al-Tanf" is named in the June
    briefing only), so an answer is looked for where all that was asked about is named."""
    question = "what does Iran want in Deir ez-Zor, and what about al-Tanf?"
    catalog = sample_core.snapshot().catalog
    analysis = sample_core.answerer.read(question, catalog)
    candidates = sample_core.answerer.candidates(analysis, sample_core.search(question, 10).passages, catalog)
    features = sentence_features(analysis, candidates, catalog)
    by_briefing = {c[2].doc_id: f.doc_names for c, f in zip(candidates, features, strict=True)}
    june = next(d for d in by_briefing if "everyone-wants-it" in d)
    september = next(d for d in by_briefing if "siege-broken" in d)
    assert by_briefing[june] == 1.0 and by_briefing[september] < 1.0


def test_a_sentence_saying_the_asked_verb_is_told_apart(sample_core: BriefingCore) -> None:
    """verb_said: the sentence says the action the question asks about ("the breaking of the siege" for "break the
    siege"), so the sentence giving what happened is told from one that only restates the scene; a vague verb
    ("what did the army do") tells nothing."""
    catalog = sample_core.snapshot().catalog

    def said(question: str) -> dict[str, float]:
        analysis = sample_core.answerer.read(question, catalog)
        candidates = sample_core.answerer.candidates(analysis, sample_core.search(question, 10).passages, catalog)
        features = sentence_features(analysis, candidates, catalog)
        return {c[0]: f.verb_said for c, f in zip(candidates, features, strict=True)}

    broke = said("when did the army break the siege of Deir ez-Zor?")
    assert any(v == 1.0 and "breaking of the siege" in text for text, v in broke.items())
    assert any(v == 0.0 for v in broke.values())
    assert set(said("what did the army do at Deir ez-Zor?").values()) == {0.0}


def test_a_judgement_is_told_from_an_event_when_one_is_asked(sample_core: BriefingCore) -> None:
    """judges: the sentence gives a judgement (it stands in an "Analysis:" paragraph, or forecasts);
    judgement_asked: it does and the question asks for one ("why", "what did it mean"), so the analysis is
    told from the event it weighs; a question on what happened asks for none."""
    catalog = sample_core.snapshot().catalog

    def features(question: str) -> dict[str, SentenceFeatures]:
        analysis = sample_core.answerer.read(question, catalog)
        candidates = sample_core.answerer.candidates(analysis, sample_core.search(question, 10).passages, catalog)
        return {c[0]: f for c, f in zip(candidates, sentence_features(analysis, candidates, catalog), strict=True)}

    meant = features("what did breaking the siege of Deir ez-Zor mean for Assad?")
    analysis = next(f for text, f in meant.items() if text.startswith("The breaking of the siege represents"))
    event = next(f for text, f in meant.items() if text.startswith("On September 3-5, in a final push"))
    assert (analysis.judges, analysis.judgement_asked) == (1.0, 1.0)
    assert (event.judges, event.judgement_asked) == (0.0, 0.0)
    happened = features("when did pro-regime forces reach Deir ez-Zor?")
    assert {f.judgement_asked for f in happened.values()} == {0.0}
    assert {f.judges for f in happened.values()} == {0.0, 1.0}


def test_a_briefings_lead_is_told_apart(sample_core: BriefingCore) -> None:
    """leads: the sentence opens a briefing's account of events ("Recent Development: ..."), which restates the
    event a question names more often than it answers it; an analysis's first sentence does not, and is told
    apart as a judgement's opening (opens_judgement), which states the briefing's judgement."""
    catalog = sample_core.snapshot().catalog
    question = "what did breaking the siege of Deir ez-Zor mean for Assad?"
    analysis = sample_core.answerer.read(question, catalog)
    candidates = sample_core.answerer.candidates(analysis, sample_core.search(question, 10).passages, catalog)
    leads = {c[0]: f.leads for c, f in zip(candidates, sentence_features(analysis, candidates, catalog), strict=True)}
    assert leads[next(t for t in leads if t.startswith("Recent Development: Pro-regime forces"))] == 1.0
    assert leads[next(t for t in leads if t.startswith("Analysis: With pro-regime forces"))] == 0.0
    assert sum(leads.values()) == 1.0
    opens = {
        c[0]: f.opens_judgement
        for c, f in zip(candidates, sentence_features(analysis, candidates, catalog), strict=True)
    }
    assert opens[next(t for t in opens if t.startswith("Analysis: With pro-regime forces"))] == 1.0
    assert opens[next(t for t in opens if t.startswith("Recent Development: Pro-regime forces"))] == 0.0


def test_a_sentence_after_one_restating_the_question_is_told_apart(sample_core: BriefingCore) -> None:
    """follows_echo: the question's words in the sentence before it, so the ranker can read that the sentence
    after one restating the asked event often answers; a passage's first sentence has none before it."""
    catalog = sample_core.snapshot().catalog
    question = "what had pro-regime forces done in central Syria before they reached Deir ez-Zor?"
    analysis = sample_core.answerer.read(question, catalog)
    candidates = sample_core.answerer.candidates(analysis, sample_core.search(question, 10).passages, catalog)
    echo = {
        c[0]: f.follows_echo for c, f in zip(candidates, sentence_features(analysis, candidates, catalog), strict=True)
    }
    after_lead = next(t for t in echo if t.startswith("After isolating several ISIS held pockets"))
    assert echo[after_lead] > 0.5  # after "Pro-regime forces have made significant advances in central ... Syria"
    assert echo[next(t for t in echo if t.startswith("Recent Development: Pro-regime forces"))] == 0.0  # the first
    assert {echo[c[0]] for c in candidates if c[4] == 0} == {0.0}


def test_the_question_proper_is_told_from_the_scene_it_sets(sample_core: BriefingCore) -> None:
    """asked_overlap and asked_matched: the question's words and the matcher's cosine, read on the question proper
    (question.asked_part), without the scene the question sets. After "After pro-regime forces broke the siege of
    Deir ez-Zor in September 2017,", the sentence on Iran's aims holds every word asked and is the nearest to what
    is asked, though one on pro-regime forces near Deir ez-Zor shares more of the scene's; a question without a
    scene reads the same either way."""
    catalog = sample_core.snapshot().catalog
    answerer = sample_core.answerer

    def features(question: str) -> dict[str, SentenceFeatures]:
        analysis = answerer.read(question, catalog)
        candidates = answerer.candidates(analysis, sample_core.search(question, 10).passages, catalog)
        read = sentence_features(analysis, candidates, catalog, *answerer.matched_pair(analysis, candidates))
        return {c[0]: f for c, f in zip(candidates, read, strict=True)}

    scene = features("After pro-regime forces broke the siege of Deir ez-Zor in September 2017, what does Iran want?")
    iran = next(f for text, f in scene.items() if text.startswith("The Iranians want Deir Ezzor"))
    oil = next(f for text, f in scene.items() if text.startswith("Pro-regime forces likely aim to capture"))
    assert oil.rare_overlap > iran.rare_overlap
    assert (iran.asked_overlap, oil.asked_overlap) == (1.0, 0.0)
    assert iran.asked_matched_gap == 0.0 and oil.asked_matched_gap > 0.0
    assert iran.asked_matched < iran.matched  # the scene's words are no part of the text it is read against
    plain = features(SAMPLE_QUESTION).values()
    assert all(f.asked_overlap == f.rare_overlap and f.asked_matched == f.matched for f in plain)
