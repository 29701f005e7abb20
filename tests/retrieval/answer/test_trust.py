"""Answers a team can trust, end to end through BriefingCore on a small corpus with distractors: for each
failure class, a question the briefings answer and its twin they do not."""

from __future__ import annotations

import pytest

from retrieval.answer.extractive import ScoredSentence
from retrieval.core import BriefingCore
from tests.conftest import IRAN_PASSAGE

# (class, answerable question, text its first quote holds, unanswerable twin, text the refusal's reason holds)
TWINS = [
    (
        "off-topic",
        "what does Iran want in Deir ez-Zor?",
        IRAN_PASSAGE,
        "How many spectators attended the 2018 final in Kyiv?",
        "never mention Kyiv",
    ),
    (
        "wrong actor",
        "what does Iran want in Deir ez-Zor?",
        IRAN_PASSAGE,
        "what reasons does Israel have for retaking Deir Ezzor?",
        "",
    ),
    (
        "list",
        "why does the Syrian leadership want to retake Deir Ezzor?",
        "Relieve its besieged garrison",
        "why does Israel want to retake Deir Ezzor?",
        "",
    ),
    (
        "missing fact",
        "how many buses were supposed to take the ISIL fighters from Qalamoun to Albu Kamal?",
        "17 buses",
        "how many troops does Iran have in Deir ez-Zor?",
        "no figure",
    ),
    (
        "capital",
        "what does Tehran want in Deir ez-Zor?",
        IRAN_PASSAGE,
        "how many troops does Tehran have in Deir ez-Zor?",
        "no figure",
    ),
    (
        "period",
        "what did Iran want in Deir ez-Zor in 2017?",
        IRAN_PASSAGE,
        "what did Iran want in Deir ez-Zor in 2015?",
        "not about 2015",
    ),
    (
        "figure of something else",
        "how many visitors were expected in Cardiff?",
        "170,000 visitors",
        "how many police officers were deployed in Cardiff?",
        "no figure",  # for police officers, or about 'deployed': the weakest signal says which
    ),
    (
        "forecast, not what happened",
        "how many visitors were expected in Cardiff?",
        "170,000 visitors",
        "how many visitors did Cardiff welcome over the weekend?",
        "only what was planned or expected",
    ),
    (
        "practical how-to",
        "how did the fans get to Cardiff for the final?",
        "coach convoys",
        "how do I get to Cardiff for the final?",
        "give no instructions",
    ),
    (
        "a name of several words, found only apart",  # "Persian Gulf" and a "cup" elsewhere: not the cup asked
        "How many consecutive titles did Persepolis win?",
        "five consecutive titles",
        "Which club won the Persian Gulf Cup final?",
        "about something else",
    ),
    (
        "typo",
        "what does Iran want in Dier Ezor, in a nutshell?",
        IRAN_PASSAGE,
        "what happened in Idlib?",
        "never mention Idlib",
    ),
    (
        "a date of the asked subject, by another verb",
        "When did coalition jets destroy the bridge east of Sukhnah?",
        "On August 30, coalition aircraft cratered the road and destroyed a small bridge",
        "When did the coalition rebuild the road east of Sukhnah?",  # the road is dated, its rebuilding never
        "no date about 'rebuild'",
    ),
    (
        "an outcome asked, a plan given",
        "Did Valdemoro actually win the final in Cardiff?",
        "Real Valdemoro won the European club final",
        "Did Valdemoro actually parade the trophy through their home city?",  # "will parade ... on Monday"
        "not how it ended",
    ),
    (
        "a period's total asked, a report from before its end",
        "How many additional trains did rail operators run for the Cardiff final?",
        "Rail operators ran 48 additional trains",
        "How many additional trains did rail operators run in total in Cardiff in 2017?",  # a June report
        "written before 31 December 2017",
    ),
]


# the same, on news with figures and dates (conftest.FIGURES_EXTRA)
FIGURE_TWINS = [
    (
        "a report written before the period asked about",
        "How many satellites did Orbitra put into orbit with its June 2018 launch?",
        "all 34 satellites",
        "How many satellites did Orbitra put into orbit with its October 2018 launch?",
        "written before October 2018",
    ),
    (
        "a figure from a briefing about another place",
        "What was the population of Kenya at the 2019 census?",
        "47,564,296",
        "What's the population of Cardiff?",
        "no figure for population",
    ),
    (
        "a date of the asked subject, not of its asked action",
        "When did Kilauea begin erupting?",
        "began erupting on the afternoon of Thursday, May 3",
        "When did the Kilauea eruption stop?",  # "eruption" is what is asked about: its stop has no date
        "about 'stop'",  # the action floor's reason or the scorer's, as the training chose
    ),
]


def answers_and_declines(core: BriefingCore, kind: str, question: str, quote: str, twin: str, reason: str) -> None:
    answer = core.ask(question)
    assert not answer.abstained, (kind, answer.reason)
    assert quote in answer.citations[0].quote
    declined = core.ask(twin)
    assert declined.abstained, (kind, declined.text)
    assert reason in declined.reason
    assert declined.reason  # every decision keeps a reason a user can read


@pytest.mark.parametrize(("kind", "question", "quote", "twin", "reason"), TWINS, ids=[t[0] for t in TWINS])
def test_each_class_answers_the_answerable_and_declines_its_twin(
    noisy_core: BriefingCore, kind: str, question: str, quote: str, twin: str, reason: str
) -> None:
    answers_and_declines(noisy_core, kind, question, quote, twin, reason)


@pytest.mark.parametrize(
    ("kind", "question", "quote", "twin", "reason"), FIGURE_TWINS, ids=[t[0] for t in FIGURE_TWINS]
)
def test_a_figure_answers_only_for_its_place_and_time(
    figures_core: BriefingCore, kind: str, question: str, quote: str, twin: str, reason: str
) -> None:
    answers_and_declines(figures_core, kind, question, quote, twin, reason)


def test_a_report_written_before_the_period_says_so_and_shows_what_it_says(figures_core: BriefingCore) -> None:
    answer = figures_core.ask("How many satellites did Orbitra put into orbit with its October 2018 launch?")
    assert answer.abstained and answer.citations  # what the briefings do say, cited
    assert "but were written before October 2018" in answer.text


def test_the_demo_quotes_only_irans_aims(noisy_core: BriefingCore) -> None:
    answer = noisy_core.ask("what does Iran want in Deir ez-Zor?")
    assert "Americans want" not in answer.text
    catalog = noisy_core.snapshot().catalog
    analysis = noisy_core.answerer.read("what does Iran want in Deir ez-Zor?", catalog)
    assert all(noisy_core.answerer.quotes_focus(analysis, c.quote, catalog) for c in answer.citations)


def test_a_list_is_quoted_with_its_items_as_one_quote(noisy_core: BriefingCore) -> None:
    answer = noisy_core.ask("why does the Syrian leadership want to retake Deir Ezzor?")
    first = answer.citations[0].quote
    assert first.startswith("The Syrian leadership wants to regain control over the city for three reasons:")
    assert "Relieve its besieged garrison" in first and "Gain a springboard" in first


def test_a_missing_fact_shows_what_the_briefings_do_say(noisy_core: BriefingCore) -> None:
    answer = noisy_core.ask("how many troops does Iran have in Deir ez-Zor?")
    assert answer.abstained
    assert answer.citations  # the related sentences, cited
    assert answer.text.startswith("The briefings discuss Iran and Deir ez-Zor [1]")
    assert "give no figure for troops" in answer.text


def test_a_typo_in_a_name_is_read_as_the_corpus_spells_it_and_said(noisy_core: BriefingCore) -> None:
    answer = noisy_core.ask("what does Rusia want in Deir Ezzor?")
    assert not answer.abstained
    assert answer.text.startswith("Read 'Rusia' as 'Russia'.")


def test_a_topic_summary_quotes_only_sentences_about_the_topic(noisy_core: BriefingCore) -> None:
    summary = noisy_core.summarize_topic("Iran's aims")
    assert summary.citations
    assert not any(c.doc_id.startswith(("a-", "c-")) for c in summary.citations)  # no football, no derby
    assert "Americans want" not in summary.text


def test_what_the_briefings_do_say_quotes_a_list_with_its_items(noisy_core: BriefingCore) -> None:
    answer = noisy_core.ask("how many tanks does the Syrian leadership want for retaking Deir Ezzor?")
    assert answer.abstained
    listed = [c.quote for c in answer.citations if c.quote.startswith("The Syrian leadership wants")]
    assert listed and "Relieve its besieged garrison" in listed[0] and "Gain a springboard" in listed[0]


def test_a_refusal_says_the_briefings_discuss_only_names_they_hold(noisy_core: BriefingCore) -> None:
    """Cardiff is in the corpus (a football report), not in the briefings cited on Deir ez-Zor: "The briefings
    discuss Cardiff" would be untrue."""
    answer = noisy_core.ask("what does Cardiff want in Deir ez-Zor?")
    assert answer.abstained and answer.citations
    assert answer.text.startswith("The briefings discuss Deir ez-Zor [1]")
    assert answer.text.endswith("say nothing of Cardiff's view.")  # whose view was asked, which they do not name


def test_a_refusal_shows_a_name_of_several_words_whole(noisy_core: BriefingCore) -> None:
    """ "The briefings discuss Real Valdemoro", as the question wrote it, not "Real and Valdemoro"."""
    answer = noisy_core.ask("how many fans did Real Valdemoro bring to Cardiff for the final?")
    assert answer.abstained and answer.citations
    assert answer.text.startswith("The briefings discuss Real Valdemoro and Cardiff [1]")


def test_further_quotes_come_from_briefings_that_name_what_was_asked(noisy_core: BriefingCore) -> None:
    """A sentence scored as high as the answer's, from a report naming nothing the question names (a football
    final for a question on Hizballah and Qalamoun), is not quoted after it."""
    catalog = noisy_core.snapshot().catalog
    question = "how did Hizballah get the ISIL fighters out of Qalamoun?"
    analysis = noisy_core.answerer.read(question, catalog)
    ranked = noisy_core.answerer.ranked_sentences(analysis, noisy_core.search(question, 5).passages, catalog)
    final = noisy_core.search("Valdemoro won the European club final in Cardiff", 1).passages[0]
    stray = ScoredSentence(final.sentences[0], ranked[0].score, final, 0.6)
    chosen = noisy_core.answerer._choose(analysis, [ranked[0], stray, *ranked[1:]], catalog)
    assert stray not in chosen
    assert len(chosen) > 1  # the briefing's own further sentences still are


def test_a_period_whose_briefings_name_other_things_is_asked_of_all_briefings(noisy_core: BriefingCore) -> None:
    """ "What did Iran do in Deir ez-Zor in 2018?": the 2018 news names Iran (a football match), never Deir
    ez-Zor, so the briefings of any date are asked, and they must say 2018; the 2017 twin is answered."""
    answer = noisy_core.ask("what did Iran do in Deir ez-Zor in 2018?")
    assert answer.abstained and "not about 2018" in answer.reason, answer.text
    assert not noisy_core.ask("what did Iran want in Deir ez-Zor in 2017?").abstained
