"""The rules behind answerability and focus, on hand-made sentences, with the sample corpus's aliases."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np

from retrieval.answer.answerability import (
    PERIOD_NAMES_REASON,
    Answerability,
    Scorer,
    Signals,
    WordVectors,
    about_other_actor,
    action_words,
    beside_figures,
    counted_nouns,
    document_words,
    fact_given,
    focus_rank,
    kind_named,
    kind_unnamed,
    lacking,
    listed_next,
    names_share,
    names_someone,
    outcome_given,
    period_shown,
    reaction_shown,
    since_asked,
    type_found,
    written_before,
    written_before_the_end,
)
from retrieval.answer.extractive import ScoredSentence, _with_list_items, by_best_sentence, quote_with_items
from retrieval.answer.lists import announces_list, list_items
from retrieval.answer.ranking import SentenceRanker
from retrieval.core import BriefingCore
from retrieval.records import DocumentInfo, Passage
from retrieval.search.question import QuestionAnalysis


def test_a_figure_is_not_a_date(sample_core: BriefingCore) -> None:
    catalog = sample_core.snapshot().catalog
    analysis = sample_core.answerer.read("how many PMU members were killed at al-Hari?", catalog)
    assert not type_found(analysis, ["On the night of June 17-18, an air strike hit positions at al-Hari."], catalog)
    assert type_found(analysis, ["The PMU said 22 of its members were killed."], catalog)


def test_a_season_or_a_span_is_a_date(sample_core: BriefingCore) -> None:
    """ "When was the assault on Hajin expected?": "not before late summer" says when; a bare figure does not."""
    catalog = sample_core.snapshot().catalog
    analysis = sample_core.answerer.read("when was the assault on Hajin expected?", catalog)
    assert type_found(analysis, ["The assault on Hajin itself is unlikely before late summer."], catalog)
    assert type_found(analysis, ["The assault is expected within weeks."], catalog)
    assert not type_found(analysis, ["The assault on Hajin will involve 17,000 fighters."], catalog)


def test_a_figure_the_question_states_is_no_answer(sample_core: BriefingCore) -> None:
    """ "How many fighters were killed in the six days of fighting?": "after six days" gives no figure of them."""
    catalog = sample_core.snapshot().catalog
    analysis = sample_core.answerer.read("how many fighters were killed in the six days of fighting?", catalog)
    assert not type_found(analysis, ["The town fell after six days of fighting."], catalog)
    assert type_found(analysis, ["The town fell after six days; 40 fighters were killed."], catalog)
    rate = sample_core.answerer.read("how many of the 400,000 refugees went home?", catalog)
    assert not type_found(rate, ["The number passed 400,000 in October."], catalog)


def test_a_figure_must_be_beside_what_is_counted_when_asked_strictly(sample_core: BriefingCore) -> None:
    catalog = sample_core.snapshot().catalog
    analysis = sample_core.answerer.read("how many troops were in the garrison?", catalog)
    assert type_found(analysis, ["The garrison was estimated at roughly 7,000 troops."], catalog, counted=True)
    assert not type_found(analysis, ["The siege lasted three years."], catalog, counted=True)
    money = sample_core.answerer.read("how much did the restoration cost?", catalog)
    assert not type_found(money, ["The 400-year-old castle was damaged."], catalog)
    assert type_found(money, ["The restoration will cost 63 billion yen."], catalog)
    spending = sample_core.answerer.read("how much is Washington spending to train the partner force?", catalog)
    assert not type_found(spending, ["It trains a partner force of 300 to 400 fighters."], catalog)  # not a sum


def test_the_count_of_what_a_list_announces_is_not_a_figure(sample_core: BriefingCore) -> None:
    catalog = sample_core.snapshot().catalog
    troops = sample_core.answerer.read("how many troops does Iran have in Deir ez-Zor?", catalog)
    announcing = "The Syrian leadership wants to regain control over the city for three reasons:"
    assert not type_found(troops, [announcing], catalog)
    assert type_found(troops, ["Iran has three brigades in Deir ez-Zor."], catalog)
    reasons = sample_core.answerer.read("how many reasons does the leadership have to retake the city?", catalog)
    assert type_found(reasons, [announcing], catalog)  # unless the list's count is what is asked


def test_another_actors_aims_are_not_the_focus_actors(sample_core: BriefingCore) -> None:
    catalog = sample_core.snapshot().catalog
    iran = sample_core.answerer.read("what does Iran want in Deir ez-Zor?", catalog)
    assert about_other_actor(iran, "The Americans want Deir-Ezzor to control the border.", catalog)
    assert about_other_actor(iran, "Washington wants to prevent an uninterrupted corridor for Iran.", catalog)
    assert not about_other_actor(iran, "The Iranians want a direct route from Tehran to Damascus.", catalog)
    assert not about_other_actor(iran, "The siege was broken on September 5.", catalog)  # no actor: context
    compare = sample_core.answerer.read("how do Iran's and America's aims in Deir ez-Zor differ?", catalog)
    assert not about_other_actor(compare, "The Americans want Deir-Ezzor to control the border.", catalog)


def _passage(sentences: tuple[str, ...], chunk_id: str = "c", date: str = "") -> Passage:
    return Passage(
        chunk_id=chunk_id,
        document=DocumentInfo(doc_id="d", title="t", date=date, source="", url=""),
        heading="",
        text=" ".join(sentences),
        position=0,
        score=1.0,
        dense_score=0.0,
        lexical_score=0.0,
        sentence_score=0.0,
        best_sentence="",
        sentence_scores=tuple(0.5 for _ in sentences),
        sentences=sentences,
    )


def test_a_sentence_announcing_a_list_is_quoted_with_its_items() -> None:
    sentences = (
        "The Syrian leadership wants the city for three reasons:",
        "- Relieve its besieged garrison;",
        "- Re-establish its sovereignty over the border;",
        "- Gain a springboard.",
        "The Iranians want a route.",
    )
    passage = _passage(sentences)
    quote = _with_list_items(ScoredSentence(sentences[0], 1.0, passage))
    assert quote == " ".join(sentences[:4])
    assert _with_list_items(ScoredSentence(sentences[4], 1.0, passage)) == sentences[4]


def test_asked_for_a_list_a_bullet_is_quoted_with_the_bullets_around_it(sample_core: BriefingCore) -> None:
    sentences = (
        "The seizure sets a pattern.",
        "- **Damascus** sees the eastern fields as essential to state revenue.",
        "- **The SDF** regards the fields as a source of income and as leverage.",
        "- **Russia** wants the fields returned to state control.",
        "Each of the remaining fields will be a prize.",
    )
    passage = _passage(sentences)
    assert quote_with_items(sentences[2], passage, whole_list=True) == " ".join(sentences[1:4])
    assert quote_with_items(sentences[2], passage) == sentences[2]  # not asked for a list: the bullet alone
    assert quote_with_items(sentences[0], passage, whole_list=True) == sentences[0]  # no bullet
    watching = ("Other actors are watching.", "Turkey continues to threaten the north.", "Russia waits.", "Rain fell.")
    brief = _passage(watching)
    assert quote_with_items(watching[0], brief, whole_list=True) == " ".join(watching[:3])  # what it announces
    assert quote_with_items(watching[0], brief) == watching[0]  # not asked for a list
    assert quote_with_items(watching[1], brief, whole_list=True) == watching[1]  # a sentence that says something
    named = ("Others watch Russia.", "Rain fell.")  # a brief sentence naming someone says something itself
    assert quote_with_items(named[0], _passage(named), whole_list=True) == named[0]
    catalog = sample_core.snapshot().catalog
    assert sample_core.answerer.read("list each actor's aims for the eastern fields", catalog).asks_list
    assert sample_core.answerer.read("what were the key judgments of the June assessment?", catalog).asks_list
    assert not sample_core.answerer.read("what does Iran want in Deir ez-Zor?", catalog).asks_list


def test_the_scorer_and_the_ranker_read_their_weights_from_the_repository() -> None:
    scorer, ranker, quoting = Scorer.load(), SentenceRanker.load(), SentenceRanker.load(part="quote_ranker")
    assert scorer is not None and ranker is not None  # bench/train_answerability.py --write made them
    assert quoting is not None and quoting.reads_matcher and not ranker.reads_matcher
    assert SentenceRanker.load(part="no_such_ranker") is None
    zeros = Signals(*([0.0] * len(Signals.names())))
    assert 0.0 <= scorer.probability(zeros) <= 1.0
    assert Scorer.load(Path("/nonexistent.json")) is None


def test_nothing_is_answered_when_no_passage_as_a_whole_comes_close(sample_core: BriefingCore) -> None:
    """The passage floor (chosen by cross-validation, in answerability.json) declines with a reason a user can
    read; at or above it, this rule lets the question through."""
    catalog = sample_core.snapshot().catalog
    analysis = sample_core.answerer.read("what does Iran want in Deir ez-Zor?", catalog)
    passage = _passage(("The Iranians want a direct route from Tehran to Damascus.",))
    sentences = [(passage.sentences[0], 0.6, passage)]
    fields = dict.fromkeys(Signals.names(), 1.0) | {"best_score": 0.6, "typo_count": 0.0, "answer_logit": 0.0}
    rules = Answerability(0.3, None, min_passage_score=0.35)
    far = rules.verdict(analysis, sentences, Signals(**(fields | {"passage_cosine": 0.3})))
    assert far.reason == "no passage is about the question (best passage match 0.30)"
    assert not far.covered
    assert rules.verdict(analysis, sentences, Signals(**(fields | {"passage_cosine": 0.35}))).reason == ""
    no_floor = Answerability(0.3, None)  # without trained weights: no floor
    assert no_floor.verdict(analysis, sentences, Signals(**(fields | {"passage_cosine": 0.1}))).reason == ""


def test_a_sentence_counting_what_it_announces_is_quoted_with_its_first_second_third() -> None:
    sentences = (
        "Analysis: Al-Tanf serves three purposes for Washington.",
        "First, it is a training base for Syrian groups.",
        "Second, it sits astride the main highway.",
        "Third, it was conceived as a springboard.",
        "That third purpose looks the least realistic.",
    )
    passage = _passage(sentences)
    assert announces_list(sentences, 0)
    assert list_items(sentences, 0) == list(sentences[1:4])
    assert quote_with_items(sentences[0], passage) == " ".join(sentences[:4])
    # counting without "First" after it, or "First" after a sentence that counts nothing: no list
    assert not announces_list(("Al-Tanf serves three purposes.", "It is a base."), 0)
    assert not announces_list(("Al-Tanf is a base.", "First, it trains groups."), 0)
    assert quote_with_items(sentences[4], passage) == sentences[4]


def test_the_action_words_of_a_typed_question(sample_core: BriefingCore) -> None:
    catalog = sample_core.snapshot().catalog
    killed = sample_core.answerer.read("how many SAA soldiers were killed retaking Deir ez-Zor in 2017?", catalog)
    assert action_words(killed) == ("killed", "retaking")  # not the names, the year, what is counted, "many"
    assert action_words(sample_core.answerer.read("when did Deir ez-Zor fall?", catalog)) == ("fall",)
    # the noun heading a name's phrase is what is asked about, not the action; alone, it is kept
    assert action_words(sample_core.answerer.read("when did the SDF offensive stall?", catalog)) == ("stall",)
    assert action_words(sample_core.answerer.read("when was the SDF offensive?", catalog)) == ("offensive",)
    # the verb after what is counted is the action; where and when it happened is no action
    died = sample_core.answerer.read("how many SDF fighters died near Deir ez-Zor in late October 2017?", catalog)
    assert action_words(died) == ("died",)
    # how sure the question is ("allegedly") and "got" before the action are no action
    hurt = sample_core.answerer.read("how many SAA soldiers got hurt when ISIS allegedly shelled Deir ez-Zor?", catalog)
    assert action_words(hurt) == ("hurt", "shelled")
    # a capitalised word read as no corpus word is a name, checked as names are: no action
    far = sample_core.answerer.read("how far is Uqaysibut from Deir ez-Zor?", catalog)
    assert far.unread and action_words(far) == ()


def test_a_figure_about_something_else_than_the_asked_action_is_declined(sample_core: BriefingCore) -> None:
    """ "How many soldiers were killed": a sentence with a figure of soldiers available does not answer it;
    a near form of the word (the embedding model's near match) does."""
    catalog = sample_core.snapshot().catalog
    analysis = sample_core.answerer.read("how many soldiers were killed in Deir ez-Zor?", catalog)
    words = WordVectors(sample_core.embedder.encode)
    rules = Answerability(0.3, None, min_action_match=0.5, word_vectors=words)
    available = "About 7,000 soldiers were available in Deir ez-Zor."
    assert rules.action_match(analysis, [available], catalog) < 0.5
    assert rules.action_match(analysis, ["About 70 soldiers were killed in Deir ez-Zor."], catalog) == 1.0
    assert rules.action_match(analysis, ["About 70 soldiers died in Deir ez-Zor."], catalog) >= 0.5
    took = sample_core.answerer.read("how many soldiers did the SAA take to Deir ez-Zor?", catalog)
    assert rules.action_match(took, ["The SAA took 7,000 soldiers to Deir ez-Zor."], catalog) == 1.0  # "take"
    assert rules.action_match(analysis, ["The siege went on."], catalog) == 1.0  # no figure: another rule's
    passage = _passage((available,))
    fields = dict.fromkeys(Signals.names(), 1.0) | {"best_score": 0.6, "typo_count": 0.0, "answer_logit": 0.0}
    verdict = rules.verdict(analysis, [(available, 0.6, passage)], Signals(**(fields | {"action_match": 0.3})))
    assert verdict.reason == "the closest passages give figures, but not about 'killed'"
    assert verdict.covered and verdict.missing == "no figure about 'killed'"


def test_a_report_of_the_same_casualties_in_other_words_says_the_asked_action(sample_core: BriefingCore) -> None:
    """ "How many died" is answered by "were killed", "how many got hurt" by "wounding six": reports use either
    word for one kind of casualty, which single-word cosines do not tie (0.75, 0.57); a death is no wound."""
    catalog = sample_core.snapshot().catalog
    rules = Answerability(0.3, None)  # no word vectors: only words of the question's own, as typed, count
    died = sample_core.answerer.read("how many SDF fighters died near Hajin in late October?", catalog)
    assert rules.action_match(died, ["Local sources put the number of fighters killed at 41."], catalog) == 1.0
    assert rules.action_match(died, ["The attack left 41 fighters dead."], catalog) == 1.0
    hurt = sample_core.answerer.read("how many fighters got hurt when the jets struck the SDF?", catalog)
    assert rules.action_match(hurt, ["The strike on September 16 left six SDF fighters wounded."], catalog) == 1.0
    assert rules.action_match(hurt, ["Six SDF fighters were killed on September 16."], catalog) == 0.0


def test_a_date_must_be_of_the_asked_verb(sample_core: BriefingCore) -> None:
    """ "When did the SAA lift the siege": a sentence dating the siege's start has "siege", not "lift"; a
    form of the verb does. Only "when" questions: a figure's sentence may say its action in other words
    ("placed into orbit" for "put into orbit")."""
    catalog = sample_core.snapshot().catalog
    rules = Answerability(0.3, None, word_vectors=WordVectors(sample_core.embedder.encode))
    lift = sample_core.answerer.read("when did the SAA lift the siege of Deir ez-Zor?", catalog)
    assert lift.verb == "lift"
    began = "The siege of Deir ez-Zor began in January 2015."
    assert rules.action_match(lift, [began], catalog) == 1.0  # "siege" is a word of the question
    assert rules.verb_match(lift, [began], catalog) < 0.5
    assert rules.verb_match(lift, ["The SAA lifted the siege on September 5."], catalog) == 1.0
    killed = sample_core.answerer.read("how many SAA soldiers did Daesh kill in Deir ez-Zor?", catalog)
    assert rules.verb_match(killed, ["About 7,000 SAA soldiers were in Deir ez-Zor."], catalog) == 1.0
    fields = dict.fromkeys(Signals.names(), 1.0) | {"best_score": 0.6, "typo_count": 0.0, "answer_logit": 0.0}
    names = Signals.names()
    coef = [0.0] * len(names)
    coef[names.index("verb_match")] = 1.0
    scorer = Scorer(tuple(fields[n] for n in names), (1.0,) * len(names), tuple(coef), 0.0, 0.4)
    verdict = Answerability(0.3, scorer).verdict(
        lift, [(began, 0.6, _passage((began,)))], Signals(**(fields | {"verb_match": 0.3}))
    )
    assert verdict.missing == "no date about 'lift'"


def test_an_ordinary_word_typed_wrong_still_matches_the_figures_sentence(sample_core: BriefingCore) -> None:
    """Only names are read for typos: "garison" is checked against the sentence as typed, close enough to
    "garrison"."""
    catalog = sample_core.snapshot().catalog
    rules = Answerability(0.3, None, min_action_match=0.5)
    garrison = "The garrison, estimated at roughly 7,000 troops, holds the northern districts."
    typed = sample_core.answerer.read("how many troops were in the garison in the city?", catalog)
    assert rules.action_match(typed, [garrison], catalog) == 1.0
    other = sample_core.answerer.read("how many troops were in the convoy in the city?", catalog)
    assert rules.action_match(other, [garrison], catalog) == 0.0  # no word vectors: nothing near


def test_word_vectors_are_memoised() -> None:
    calls: list[list[str]] = []

    def encode(words: list[str]) -> np.ndarray:
        calls.append(words)
        return np.array([[1.0, 0.0] if w.startswith("t") else [0.0, 1.0] for w in words])

    words = WordVectors(encode, size=3)
    assert words.best_match(["take"], ["took", "siege"]) == 1.0
    assert words.best_match(["siege"], ["took"]) == 0.0
    assert calls == [["take"], ["took", "siege"]]  # known words are not encoded again
    words.vectors(["a", "b"])  # over the size: the memo starts again
    assert words.vectors(["take", "a"]).shape == (2, 2)


def test_tuning_reads_the_question_as_ask_does(sample_core: BriefingCore) -> None:
    """bench/train_answerability.py tunes on what `ask` hands the answerer: the period's passages first,
    then all briefings' (for a question naming a period), the time words being a filter, not words to find."""
    (only,) = sample_core.answer_attempts("what does Iran want in Deir ez-Zor?")
    assert only[0] == "what does Iran want in Deir ez-Zor?" and only[2].passages
    first, fallback = sample_core.answer_attempts("what did Iran want in Deir ez-Zor in 2017?")
    assert "2017" not in first[0] and "2017" in fallback[0]
    assert all(p.date.startswith("2017") for p in first[2].passages)
    asked, read, result = first
    tuned = sample_core.answerer.answer(asked, result, sample_core.snapshot().catalog, sample_core.settings.top_k, read)
    answer = sample_core.ask("what did Iran want in Deir ez-Zor in 2017?")
    assert not answer.abstained and not tuned.abstained
    assert {c.quote for c in answer.citations} == {c.quote for c in tuned.citations}


def _rules_signals(**changed: float) -> Signals:
    fields = dict.fromkeys(Signals.names(), 1.0) | {"best_score": 0.6, "typo_count": 0.0, "answer_logit": 0.0}
    return Signals(**(fields | changed))


def test_what_a_figure_must_say_to_be_of_what_is_counted(sample_core: BriefingCore) -> None:
    """Not the names (a sentence may say "Daesh" for ISIS), nor a name's compound ("Kurdish-led")."""
    catalog = sample_core.snapshot().catalog
    read = sample_core.answerer.read
    assert counted_nouns(read("how many US advisers were at the headquarters?", catalog), catalog) == ["adviser"]
    assert counted_nouns(read("how many Kurdish-led fighters were hurt?", catalog), catalog) == ["fighter"]
    assert counted_nouns(read("how many kurdish led fighters were hurt?", catalog), catalog) == ["fighter"]
    wounded = counted_nouns(read("how many wounded soldiers came back from the front?", catalog), catalog)
    assert wounded == ["wounded", "soldier"]  # "wounded" says what they are, not who leads them
    assert counted_nouns(read("how far is Mayadin from Deir ez-Zor?", catalog), catalog) == []
    # what is counted ends with its plural, not with the rest of the question
    assert counted_nouns(read("how many people a day use the Mayadin ferries?", catalog), catalog) == ["people"]
    assert counted_nouns(read("how many military police did Russia send?", catalog), catalog) == ["military", "police"]
    # a capitalised plural in the name of those counted is not what is counted: the troops are
    assert counted_nouns(read("how many Tiger Forces troops took Sukhnah?", catalog), catalog) == ["troop"]


def test_a_figure_counts_what_its_own_clause_says_and_a_models_name_is_no_figure(sample_core: BriefingCore) -> None:
    """ "500 fighters, supported by T-72 tanks": 500 counts fighters, and "T-72" counts nothing."""
    catalog = sample_core.snapshot().catalog
    tanks = sample_core.answerer.read("how many T-72 tanks did the force bring to the attack?", catalog)
    rules = Answerability(0.3, None, word_vectors=WordVectors(sample_core.embedder.encode))
    attack = "A force of roughly 500 fighters, supported by T-72 tanks, advanced towards the headquarters."
    assert beside_figures(attack) == ["A force of roughly 500 fighters,"]
    assert rules.counted_match(tanks, [attack], catalog) < 0.6
    assert rules.counted_match(tanks, ["The force brought 12 T-72 tanks to the attack."], catalog) == 1.0
    assert not type_found(tanks, ["The force was supported by T-72 tanks."], catalog)


def test_a_figure_of_something_else_than_what_is_counted_is_declined(sample_core: BriefingCore) -> None:
    """ "How many US advisers": "100 attackers" is a figure, but not of advisers; "died" is a near form of
    "killed" by the embedding model; the floor (chosen by cross-validation) declines with a readable reason."""
    catalog = sample_core.snapshot().catalog
    words = WordVectors(sample_core.embedder.encode)
    rules = Answerability(0.3, None, word_vectors=words, min_counted_match=0.6)
    advisers = sample_core.answerer.read("how many US advisers were at the headquarters?", catalog)
    other = "US officials estimated that about 100 attackers were killed."
    assert rules.counted_match(advisers, [other], catalog) < 0.6
    assert rules.counted_match(advisers, ["About 30 US advisers were at the headquarters."], catalog) == 1.0
    assert rules.counted_match(advisers, ["US advisers were present at the headquarters."], catalog) == 0.0
    # a figure counts what is beside it, not what the rest of the sentence names
    far = "About 17,000 fighters are committed to the operation, supported by coalition air strikes and US advisers."
    assert rules.counted_match(advisers, [far], catalog) < 0.6
    killed = sample_core.answerer.read("how many fighters killed were there in Deir ez-Zor?", catalog)
    assert rules.counted_match(killed, ["About 70 fighters died in Deir ez-Zor."], catalog) >= 0.6
    assert rules.counted_match(sample_core.answerer.read("what does Iran want?", catalog), [other], catalog) == 1.0
    passage = _passage((other,))
    verdict = rules.verdict(advisers, [(other, 0.6, passage)], _rules_signals(counted_match=0.3))
    assert verdict.reason.startswith("the closest passages give no figure for US advisers, only of other things")
    assert verdict.covered and verdict.missing == "no figure for US advisers"


def test_one_sentence_must_give_a_figure_of_what_is_counted_and_say_the_asked_action(
    sample_core: BriefingCore,
) -> None:
    """ "How many fighters were killed": "about 900 fighters remain" is a figure of fighters, and another
    sentence gives a figure of people killed; neither says how many fighters were killed. "Were left" asks how
    many there were: any figure of them answers it."""
    catalog = sample_core.snapshot().catalog
    rules = Answerability(0.3, None, word_vectors=WordVectors(sample_core.embedder.encode))
    killed = sample_core.answerer.read("how many fighters were killed in Deir ez-Zor?", catalog)
    remain = "About 900 fighters remain in the city."
    shelling = "Two civilians were killed by shelling near the airport."
    assert rules.action_match(killed, [remain, shelling], catalog) == 1.0  # each check passes on its own sentence
    assert rules.counted_match(killed, [remain, shelling], catalog) == 1.0
    assert rules.counted_action(killed, [remain, shelling], catalog) < 0.6
    assert rules.counted_action(killed, ["About 70 fighters were killed in the city."], catalog) == 1.0
    assert rules.counted_action(killed, ["About 70 fighters died in the city."], catalog) >= 0.6  # a near form
    left = sample_core.answerer.read("how many fighters were left in Deir ez-Zor?", catalog)
    assert left.verb == "left" and rules.counted_action(left, [remain], catalog) == 1.0
    assert rules.counted_action(sample_core.answerer.read("what does Iran want?", catalog), [remain], catalog) == 1.0
    assert lacking(killed, "counted_action") == "no figure for fighters killed"
    capture = sample_core.answerer.read("how many fighters did the SDF capture?", catalog)
    assert lacking(capture, "counted_action") == "no figure for fighters with 'capture'"
    of_them = sample_core.answerer.read("how many of the 500 fighters were killed in Deir ez-Zor?", catalog)
    assert lacking(of_them, "counted_action") == "no figure for the 500 fighters killed"
    read = sample_core.answerer.read
    own = read("of the 100 attackers killed, how many were Damascus's own soldiers?", catalog)
    assert lacking(own, "counted_match").startswith("no figure for Damascus")  # not "for were Damascus ..."
    assert lacking(read("the SDF said 30,000 were ready: how many did it commit?", catalog), "counted_action") == ""
    score = read("what was the score when Iran played Spain in Kazan?", catalog)
    assert lacking(score, "counted_action") == "no figure for score"  # not "for score played"
    # the figure's clause must say the verb: these 41 were killed, the others captured are not counted
    losses = "Local sources put the number of fighters killed at 41 or more, with others captured."
    assert rules.counted_action(capture, [losses], catalog) < 0.6
    assert rules.counted_action(killed, [losses], catalog) == 1.0


def test_the_actor_whose_view_is_asked_must_be_named_near_the_top(sample_core: BriefingCore) -> None:
    catalog = sample_core.snapshot().catalog
    iran = sample_core.answerer.read("what does Tehran want in Deir ez-Zor?", catalog)
    other = _passage(("The siege was broken on September 5.", "Supplies reached the garrison.", "It held."))
    iranian = _passage(("The Iranians want a direct route to Damascus.",))
    beside = _passage(("Supplies reached the garrison.", "Tehran welcomed the news."))
    assert focus_rank(iran, [(iranian.sentences[0], 0.6, iranian)], catalog) == 1.0
    assert focus_rank(iran, [(other.sentences[0], 0.6, other), (iranian.sentences[0], 0.5, iranian)], catalog) == 0.5
    assert focus_rank(iran, [(beside.sentences[0], 0.6, beside)], catalog) == 1.0  # the sentence beside names it
    assert focus_rank(iran, [(other.sentences[0], 0.6, other)], catalog) == 0.0
    events = sample_core.answerer.read("what happened in Deir ez-Zor?", catalog)  # no actor's view asked
    assert focus_rank(events, [(other.sentences[0], 0.6, other)], catalog) == 1.0
    rules = Answerability(0.3, None, min_focus_near=0.5)
    verdict = rules.verdict(iran, [(other.sentences[0], 0.6, other)], _rules_signals(focus_near=1 / 3))
    assert verdict.reason == "the closest passage does not speak of Iran"
    assert verdict.covered
    assert rules.verdict(iran, [(iranian.sentences[0], 0.6, iranian)], _rules_signals(focus_near=0.5)).reason == ""


def test_a_people_is_found_where_the_briefing_names_it_by_its_adjective(sample_core: BriefingCore) -> None:
    """ "While the Kurds sent fighters north": a briefing saying "Kurdish-led" speaks of them."""
    catalog = sample_core.snapshot().catalog
    read = sample_core.answerer.read("what did ISIS do while the Kurds fought in Raqqa?", catalog)
    kurds = replace(read, names=(*read.names, "kurd"))  # a name where the corpus has the word "Kurds"
    assert names_share(kurds, {"kurdish", "raqqa", "isis"}, catalog) == 1.0
    assert names_share(kurds, {"raqqa", "isis"}, catalog) < 1.0
    assert names_share(kurds, {"kurdistan", "raqqa", "isis"}, catalog) < 1.0  # another name, not its adjective
    lebanon = replace(read, names=(*read.names, "lebanon"))  # an adjective that drops the name's ending
    assert names_share(lebanon, {"lebanese", "raqqa", "isis"}, catalog) == 1.0
    assert names_share(lebanon, {"raqqa", "isis"}, catalog) < 1.0


def test_a_name_used_only_to_describe_need_not_be_in_the_document(sample_core: BriefingCore) -> None:
    """ "The Kurdish-led group": the briefing may call it the SDF; a name the question asks about must be there."""
    catalog = sample_core.snapshot().catalog
    described = sample_core.answerer.read("how does the Kurdish-led group sell oil to Damascus?", catalog)
    assert "kurdish" in described.names
    assert names_share(described, {"syriangovernment", "oil"}, catalog) == 1.0
    assert names_share(described, {"oil"}, catalog) == 0.0
    asked = sample_core.answerer.read("what do the Kurdish fighters want in Raqqa?", catalog)
    assert names_share(asked, {"raqqa"}, catalog) == 0.5
    # "Assad's troops": the briefing may call them the SAA or government forces
    commanded = sample_core.answerer.read("how close were Assad's troops to Deir ez-Zor?", catalog)
    assert names_share(commanded, {"deirezzor"}, catalog) == 1.0
    assert (
        names_share(sample_core.answerer.read("what does Assad want in Deir ez-Zor?", catalog), {"deirezzor"}, catalog)
        == 0.5
    )
    # "the Kurdish-Arab alliance": the alias file reads the description as the SDF, which the briefing must name
    alliance = sample_core.answerer.read("how far was the Kurdish-Arab alliance from Deir ez-Zor?", catalog)
    assert "sdf" in alliance.names
    assert names_share(alliance, {"sdf", "deirezzor"}, catalog) == 1.0
    # "Nasrallah's movement", "Assad's side": a leader's name describing his movement or camp
    side = sample_core.answerer.read("what did Assad's side gain near Deir ez-Zor?", catalog)
    assert "assad" in side.names
    assert names_share(side, {"deirezzor"}, catalog) == 1.0


def test_a_name_of_several_words_is_found_only_whole(sample_core: BriefingCore) -> None:
    """ "The Tiger Force" is not named by a briefing that has a tiger and a force apart."""
    catalog = sample_core.snapshot().catalog
    asked = sample_core.answerer.read("what did the Tiger Force do near Deir ez-Zor?", catalog)
    assert asked.name_runs == ("tiger force",)
    assert names_share(asked, {"tiger", "force", "deirezzor"}, catalog) == 0.5
    assert names_share(asked, {"tiger", "force", "tiger force", "deirezzor"}, catalog) == 1.0
    (passage,) = [p for p in sample_core.search("Tiger Force", 5).passages if "Tiger Force" in p.text][:1]
    assert "tiger force" in document_words(passage, catalog)


def test_a_capitalised_word_left_unread_must_be_in_the_document_in_one_of_its_readings(
    sample_core: BriefingCore,
) -> None:
    """ "Hajeen" (too far from Hajin to be read as it) is answered where the briefing says Hajin; "Astana",
    near only to "Adana", is not answered by a briefing on other talks."""
    catalog = sample_core.snapshot().catalog
    talks = replace(sample_core.answerer.read("what did the talks decide?", catalog), unread=(("astana", "adana"),))
    assert names_share(talks, {"talk", "decide", "adana"}, catalog) == 1.0
    assert names_share(talks, {"talk", "decide", "yemen"}, catalog) == 0.0
    fell = replace(sample_core.answerer.read("where did the SDF go?", catalog), unread=(("hajeen", "hajin"),))
    assert names_share(fell, {"sdf", "hajin"}, catalog) == 1.0
    assert names_share(fell, {"sdf", "raqqa"}, catalog) == 0.5


def test_a_government_or_group_the_question_does_not_name_answers_who(sample_core: BriefingCore) -> None:
    catalog = sample_core.snapshot().catalog
    helped = sample_core.answerer.read("who helped the army retake Mayadin?", catalog)
    assert names_someone("Hezbollah and Iranian-backed units took part in the assault.", helped, catalog)
    assert not names_someone("The town was taken after ten days of fighting.", helped, catalog)
    iran = sample_core.answerer.read("who did Iran send to Deir ez-Zor?", catalog)
    assert not names_someone("Iran sent more units to the front.", iran, catalog)  # the asked actor is no answer


def test_a_person_asked_for_is_not_answered_by_a_group(sample_core: BriefingCore) -> None:
    """ "The name of the adviser ...": Hezbollah is no answer, "General Qassem Soleimani" is; "who helped ..."
    takes either."""
    catalog = sample_core.snapshot().catalog
    adviser = sample_core.answerer.read("what was the name of the adviser who visited Albu Kamal?", catalog)
    assert adviser.person and not sample_core.answerer.read("who helped the army retake Mayadin?", catalog).person
    assert not names_someone("Hezbollah fighters visited the front near Albu Kamal.", adviser, catalog)
    assert not names_someone("A senior Iranian adviser visited the front.", adviser, catalog)
    assert names_someone("General Qassem Soleimani visited the front near Albu Kamal.", adviser, catalog)
    envoy = sample_core.answerer.read("which Kremlin envoy negotiated the deal?", catalog)
    assert envoy.person and names_someone("The deal was negotiated by Alexander Lavrentiev.", envoy, catalog)
    assert not names_someone("The deal was brokered by Russia and Hezbollah.", envoy, catalog)
    general = sample_core.answerer.read("which Russian general announced the victory?", catalog)
    assert not names_someone("On December 6, Russia's general staff announced the victory.", general, catalog)
    commander = sample_core.answerer.read("who commanded the brigade inside the besieged garrison?", catalog)
    assert commander.person  # a commander is a person: Islamic State fighters attacking the garrison are no answer
    assert not names_someone("Recent Development: Islamic State fighters attacked the garrison.", commander, catalog)


def test_a_practical_how_to_is_declined_with_its_reason(sample_core: BriefingCore) -> None:
    catalog = sample_core.snapshot().catalog
    how_to = sample_core.answerer.read("how do I reset my router password?", catalog)
    passage = _passage(("The siege was broken on September 5.",))
    verdict = Answerability(0.3, None).verdict(how_to, [(passage.sentences[0], 0.6, passage)], _rules_signals())
    assert verdict.reason == "it asks how to do something; the briefings report and assess, they give no instructions"
    assert not verdict.covered


def test_a_forecast_does_not_answer_what_happened(sample_core: BriefingCore) -> None:
    """ "When did gas start flowing?": a sentence saying when it is due to start, or what a sale could raise,
    does not answer it; a report does, and so does a forecast when the question asks about the plan."""
    catalog = sample_core.snapshot().catalog
    read = sample_core.answerer.read
    started = read("when did gas start flowing through the pipeline?", catalog)
    planned = "The operators aim to start deliveries in October 2022."
    assert not fact_given(started, [planned], catalog)
    assert fact_given(started, [planned, "Gas started flowing on October 1, 2022."], catalog)
    assert fact_given(read("when was gas expected to start flowing?", catalog), [planned], catalog)  # asks the plan
    assert fact_given(read("when does gas start flowing?", catalog), [planned], catalog)  # not a past question
    raised = read("how much money did the auction raise?", catalog)
    assert not fact_given(raised, ["The sale could raise up to 1.4 billion pounds."], catalog)
    assert fact_given(raised, ["The sale raised 1.4 billion pounds, though some expected more."], catalog)
    assert fact_given(read("when did the siege end?", catalog), ["The siege was broken in May 2017."], catalog)
    killed = read("how many fighters were killed in the assault?", catalog)
    assert fact_given(killed, ["41 fighters were killed in the assault, and the toll could rise."], catalog)
    assert not fact_given(killed, ["As many as 400 fighters could die in the assault."], catalog)
    launched = read("how many satellites did the company launch in June?", catalog)
    assert not fact_given(launched, ["It plans 648 satellites, to be launched in batches of 32."], catalog)
    assert fact_given(launched, ["It launched 34 satellites in June and plans 648."], catalog)
    landed = read("on what date did the lander touch down on Mars?", catalog)
    assert not fact_given(landed, ["Mission managers did not announce a landing date on Saturday."], catalog)
    rules = Answerability(0.3, None)
    fields = dict.fromkeys(Signals.names(), 1.0) | {"best_score": 0.6, "typo_count": 0.0, "answer_logit": 0.0}
    verdict = rules.verdict(started, [(planned, 0.6, _passage((planned,)))], Signals(**(fields | {"fact_given": 0.0})))
    assert verdict.reason == "the closest passages give only what was planned or expected, not what happened"
    assert verdict.covered and verdict.missing == "say only what was planned or expected"


def test_passages_about_something_else_are_not_shown_as_related(sample_core: BriefingCore) -> None:
    """No asked name in the closest passages' briefing: nothing is "discussed", so no related quotes (and a
    question bounded to a period then falls back to all briefings)."""
    catalog = sample_core.snapshot().catalog
    analysis = sample_core.answerer.read("what does Iran want in Deir ez-Zor?", catalog)
    other = "The crew experienced forces of up to 6.7 g during the descent."
    verdict = Answerability(0.3, None).verdict(
        analysis, [(other, 0.6, _passage((other,)))], _rules_signals(names_found=0.0)
    )
    assert verdict.reason == "the closest passages are about something else"
    assert not verdict.covered


def test_a_period_whose_passages_lack_an_asked_name_is_left_to_all_briefings(sample_core: BriefingCore) -> None:
    """Searched among the briefings of the period asked about only, passages naming some of the question's names
    and not all are nothing on the topic: the question is then asked of all briefings."""
    catalog = sample_core.snapshot().catalog
    asked = sample_core.answerer.read("what did Iran do in Deir ez-Zor in 2019?", catalog)
    within = replace(asked, unknown=(), within_period=True)
    sentence = "Iran signed a trade deal with Russia."
    verdict = Answerability(0.3, None).verdict(
        within, [(sentence, 0.6, _passage((sentence,)))], _rules_signals(period_names=0.5)
    )
    assert verdict.reason == PERIOD_NAMES_REASON and not verdict.covered


def test_how_something_ended_is_not_answered_by_a_plan_a_threat_or_a_first_count(sample_core: BriefingCore) -> None:
    catalog = sample_core.snapshot().catalog
    read = sample_core.answerer.read
    court = read("did Iraq end up taking Iran to court over the dams?", catalog)
    assert not outcome_given(court, ["The ministry has threatened to take Iran to court over the dams."], catalog)
    assert not outcome_given(court, ["The UN warned in August that 7 million people were at risk."], catalog)
    assert outcome_given(court, ["In May, Iraq took Iran to the court over the dams."], catalog)
    arrivals = read("did the number of Rohingya arriving in Bangladesh actually pass 400,000?", catalog)
    assert not outcome_given(arrivals, ["Bangladesh has begun registering arrivals."], catalog)  # not the verb asked
    assert outcome_given(arrivals, ["The number of arrivals passed 400,000 on October 2."], catalog)
    visitors = read("How many visitors did the fair get in total by the time it closed?", catalog)
    assert not outcome_given(visitors, ["Organisers reported 20,000 visitors on the first two days."], catalog)
    assert outcome_given(visitors, ["The fair closed on May 1 after 95,000 visitors."], catalog)
    week = read("how many violations did the monitors record over the whole first week of the truce?", catalog)
    assert not outcome_given(week, ["The monitors recorded 97 violations during the first 24 hours."], catalog)
    assert outcome_given(week, ["The monitors recorded 640 violations in the truce's first week."], catalog)
    planned = "The operators will start deliveries in October 2022."
    assert not outcome_given(read("when did gas actually start flowing?", catalog), [planned], catalog)
    assert outcome_given(read("when did gas start flowing?", catalog), [planned], catalog)  # no outcome asked
    botnet = read("did the registrar actually take down the botnet's control servers?", catalog)
    trying = "The lab was working with a domain registrar to take down the network's control servers."
    assert not outcome_given(botnet, [trying], catalog)  # an attempt, not how it ended
    assert outcome_given(botnet, ["The registrar took down the network's control servers in May."], catalog)
    offensive = read("what did Hezbollah's offensive in the Qalamoun actually achieve?", catalog)
    assert outcome_given(offensive, ["The offensive cleared the border of ISIL enclaves."], catalog)  # any action
    assert not outcome_given(offensive, ["Hezbollah vowed to clear the border of ISIL enclaves."], catalog)
    assert lacking(court, "outcome_given") == "say only what was planned, threatened or first counted, not how it ended"


def test_whose_view_is_asked_must_be_named_by_the_answers_briefing(sample_core: BriefingCore) -> None:
    """ "What does Cardiff want in Deir ez-Zor?": the Syrian leadership's aims are no answer (Cardiff is known
    here as if a football report were indexed)."""
    catalog = sample_core.snapshot().catalog
    cardiff = replace(sample_core.answerer.read("what does Cardiff want in Deir ez-Zor?", catalog), unknown=())
    assert cardiff.holder == ("cardiff",)
    aims = "The Syrian leadership wants to regain control over the city."
    rules = Answerability(0.3, None)
    verdict = rules.verdict(cardiff, [(aims, 0.6, _passage((aims,)))], _rules_signals(holder_found=0.0))
    assert verdict.reason == "the closest passages say nothing of Cardiff's view"
    assert verdict.covered and verdict.missing == "say nothing of Cardiff's view"


def test_a_periods_total_is_not_answered_by_a_briefing_written_before_it_ended(sample_core: BriefingCore) -> None:
    """ "How many children had received the vaccine by the end of 2019?": a 2016 report cannot say; one from
    the period's last month may."""
    catalog = sample_core.snapshot().catalog
    asked = sample_core.answerer.read("how many children had received the vaccine by the end of 2019?", catalog)
    total = replace(asked, period_end="2019-12-31", unknown=())  # the sample corpus has no 2019
    early, late = _passage(("x",), date="2016-11-17"), _passage(("x",), date="2019-12-12")
    assert written_before_the_end(total, [early])
    assert not written_before_the_end(total, [early, late])
    assert not written_before_the_end(asked, [early])  # no period asked about
    sentence = "The vaccine will be given to about 360,000 children from 2018."
    verdict = Answerability(0.3, None).verdict(total, [(sentence, 0.6, early)], _rules_signals())
    assert (
        verdict.reason == "the closest briefings were written before 31 December 2019, when the period asked about ends"
    )
    assert verdict.covered


def test_who_won_is_not_answered_by_who_would_play(sample_core: BriefingCore) -> None:
    """A "who won" question asks what happened: a sentence naming who is due to play does not answer it."""
    catalog = sample_core.snapshot().catalog
    won = sample_core.answerer.read("who won the final in Cardiff?", catalog)
    assert won.what_happened
    assert not fact_given(won, ["Valdemoro will play Rheinstadt in the final on Saturday."], catalog)
    assert fact_given(won, ["Valdemoro beat Rheinstadt 2-0 in the final on Saturday."], catalog)
    assert not sample_core.answerer.read("who will win the final in Cardiff?", catalog).what_happened


def test_a_briefing_written_before_the_period_asked_about_cannot_report_it(sample_core: BriefingCore) -> None:
    catalog = sample_core.snapshot().catalog
    launch = sample_core.answerer.read("how many satellites did the October 2018 launch carry?", catalog)
    asked = replace(launch, asked_from="2018-10-01", asked_when="October 2018")
    june, november = _passage(("x",), date="2018-06-21"), _passage(("x",), date="2018-11-02")
    assert written_before(asked, [june])
    assert not written_before(asked, [june, november])  # one briefing written after may report it
    later = _passage(("The lira rebounded 30% on Monday.",), date="2021-12-21")  # of another year, not naming it
    assert written_before(asked, [june, later])
    assert not written_before(asked, [june, _passage(("The 2018 launch carried 34 satellites.",), date="2021-12-21")])
    assert not written_before(asked, [june, _passage(("The launch carried 34 satellites.",), date="2019-02-01")])
    assert not written_before(launch, [june])  # no period asked about
    plan = sample_core.answerer.read("how many satellites was the October 2018 launch expected to carry?", catalog)
    assert not written_before(replace(plan, asked_from="2018-10-01"), [june])  # a plan, said before
    assert period_shown("in 2019") == "2019" and period_shown("during the summer of 2018") == "the summer of 2018"
    assert period_shown("the October 2018 launch") == "the October 2018 launch"
    # the words read up to the date of "after the November 2019 price hike", "in the November 2017 play-off"
    assert period_shown("after the November 2019") == "November 2019"
    assert period_shown("the November 2017") == "November 2017" and period_shown("the 2017") == "2017"
    assert period_shown("the 22 November 2016") == "22 November 2016"
    assert period_shown("May 2018, after the February") == "May 2018"  # "in May 2018, after the February hold"
    assert period_shown("March 23, 2018") == "March 23, 2018"


def test_passages_are_ordered_by_their_best_sentence_for_the_question() -> None:
    first, second, third = (_passage((f"sentence {n}",), chunk_id=f"c{n}") for n in (1, 2, 3))
    ranked = [ScoredSentence("sentence 2", 2.0, second), ScoredSentence("sentence 1", 1.0, first)]
    assert by_best_sentence([first, second, third], ranked, 3) == (second, first, third)
    # only the passages the answer read are reordered
    assert by_best_sentence([first, second, third], ranked, 1) == (first, second, third)


def test_a_declined_answer_gives_a_reason_true_of_the_question(sample_core: BriefingCore) -> None:
    """A weight fitted with the sign opposite to its meaning (a missing key word counting for an answer) must
    not make "a key word of the question is in none of them" the reason when no key word is missing."""
    names = Signals.names()
    fields = dict.fromkeys(names, 1.0) | {"missing_idf": 0.0, "best_score": 0.2, "typo_count": 0.0}
    mean = [fields[n] for n in names]  # every other signal as usual: it counts neither way
    mean[names.index("missing_idf")] = mean[names.index("best_score")] = 0.5
    coef = [0.0] * len(names)
    coef[names.index("missing_idf")] = 2.0  # wrong way round: fitted on a small set
    coef[names.index("best_score")] = 1.0
    scorer = Scorer(tuple(mean), (1.0,) * len(names), tuple(coef), 0.0, 0.9)
    catalog = sample_core.snapshot().catalog
    analysis = sample_core.answerer.read("what does Iran want in Deir ez-Zor?", catalog)
    rules = Answerability(0.1, scorer)
    sentence = "Iran wants the road."
    verdict = rules.verdict(analysis, [(sentence, 0.2, _passage((sentence,)))], Signals(**fields))
    assert "no sentence is close" in verdict.reason
    assert "key word" not in verdict.reason


def test_a_refusal_names_at_most_three_of_the_asked_action_words(sample_core: BriefingCore) -> None:
    catalog = sample_core.snapshot().catalog
    read = sample_core.answerer.read
    fined = read("how much did regulators fine the airline over the card data breach?", catalog)
    assert lacking(fined, "action_match") == "no figure about 'regulator', 'fine' or 'airline'"
    killed = read("how many soldiers were killed retaking Mayadin?", catalog)
    assert lacking(killed, "action_match") == "no figure about 'killed' or 'retaking'"


def test_a_reaction_asked_is_answered_by_the_actor_reacting(sample_core: BriefingCore) -> None:
    """ "How did Iran react when ...": a sentence on the event, or on Iran doing something else, is no answer."""
    catalog = sample_core.snapshot().catalog
    read = sample_core.answerer.read
    react = read("how did Iran react when coalition jets stranded the ISIL bus convoy in the desert?", catalog)
    assert react.reaction and react.focus == {"iran"}
    event = "Coalition jets cratered the road in front of the convoy, which was stranded in the desert."
    aims = "Iran and its partners want to know where the coalition's red lines lie."
    assert not reaction_shown(react, [event, aims], catalog)
    assert reaction_shown(react, [event, "Tehran condemned the strikes on the convoy."], catalog)  # by any name
    spoken_of = "The coalition condemned the deal, saying it moved ISIL fighters closer to Iran's allies."
    assert not reaction_shown(react, [spoken_of], catalog)  # Iran is spoken of; the coalition reacts
    said = read("what did Baghdad say about the bus deal?", catalog)
    assert said.reaction and reaction_shown(said, ["Baghdad said the deal moved ISIL to the border."], catalog)
    assert not read("what does Iran want in Deir ez-Zor?", catalog).reaction
    assert not read("what do the June and September pieces say about the crossing?", catalog).reaction
    assert reaction_shown(read("what does Iran want in Deir ez-Zor?", catalog), [aims], catalog)  # no reaction asked
    assert lacking(react, "reaction_shown") == "say nothing of how Iran reacted"
    spoke = read("did Israel ever own up to the strike or say anything at all?", catalog)
    assert spoke.reaction and reaction_shown(spoke, ["Israel has not commented."], catalog)  # a silence reported


def test_a_reaction_to_an_event_is_not_shown_by_a_briefing_written_before_it(sample_core: BriefingCore) -> None:
    """Asked again of briefings of any date, "how did Israel react when Washington announced in December 2018
    that it was pulling out?" is not answered by "Israel has not commented." in a June 2018 briefing on another
    strike; a briefing written since December may show it, and a question of no period reads every sentence."""
    catalog = sample_core.snapshot().catalog
    question = "how did Israel react when Washington announced in December 2018 that it was pulling out?"
    react = replace(sample_core.answerer.read(question, catalog), asked_from="2018-12-01")
    silent = "Israel has not commented."
    june, december = _passage((silent,), date="2018-06-20"), _passage((silent,), date="2018-12-21")
    assert since_asked(react, [(silent, 0.5, june)]) == []
    assert since_asked(react, [(silent, 0.5, december)]) == [silent]
    assert since_asked(replace(react, asked_from=""), [(silent, 0.5, june)]) == [silent]
    assert not reaction_shown(react, since_asked(react, [(silent, 0.5, june)]), catalog)


def test_a_rate_asked_for_is_the_rate_of_its_measure(sample_core: BriefingCore) -> None:
    """ "What was Iran's inflation rate?": a figure of inflation answers it (which a sentence may give without
    the word "rate"), and a refusal names the rate."""
    catalog = sample_core.snapshot().catalog
    rate = sample_core.answerer.read("what was Iran's inflation rate in 2016?", catalog)
    assert rate.answer_type == "count" and counted_nouns(rate, catalog) == ["inflation"]
    assert lacking(rate, "counted_match") == "no figure for inflation rate"


def test_a_refusal_names_the_actor_as_the_question_wrote_it(sample_core: BriefingCore) -> None:
    """Not "Unitedstates's view": the name as written, with "the" where it takes one, and a plural's possessive."""
    catalog = sample_core.snapshot().catalog

    def read(question: str) -> QuestionAnalysis:
        return sample_core.answerer.read(question, catalog)

    us = read("what does the US want in Deir ez-Zor?")
    assert lacking(us, "focus_near") == "say nothing of the US's view of this"
    assert lacking(read("what does Iran want in Deir ez-Zor?"), "focus_near") == "say nothing of Iran's view of this"
    americans = read("what do the Americans want in Raqqa?")
    assert lacking(americans, "focus_near") == "say nothing of the Americans' view of this"
    damascus = read("how did Damascus react to the deal?")
    assert lacking(damascus, "reaction_shown") == "say nothing of how the Syrian government reacted"


def test_a_kind_spoken_of_without_its_name_is_no_answer_to_which(sample_core: BriefingCore) -> None:
    """ "Which Asian airline added a surcharge?": "one Asian airline said it would" does not say which."""
    catalog = sample_core.snapshot().catalog
    airline = sample_core.answerer.read("Which Asian airline said it would add a fuel surcharge?", catalog)
    assert kind_unnamed(airline, "Two carriers cut forecasts, and one Asian airline said it would add a surcharge.")
    assert not kind_unnamed(airline, "Cathay, an Asian airline, said it would add a surcharge.")
    assert not kind_unnamed(airline, "An Asian airline, Cathay Pacific, said it would add a surcharge.")  # named
    general = sample_core.answerer.read("which Russian general announced the victory?", catalog)
    assert not kind_unnamed(general, "A Russian general, Igor Konashenkov, said ISIL was defeated.")
    assert kind_unnamed(general, "A Russian general said ISIL was defeated.")
    assert kind_unnamed(general, "Separately, a Russian general said ISIL was defeated.")  # no name before
    assert not kind_unnamed(sample_core.answerer.read("what does Iran want?", catalog), "A Russian general said so.")
    assert lacking(airline, "kind_named") == "do not name the airline"
    aircraft = sample_core.answerer.read("which aircraft type carried out the strike?", catalog)
    assert lacking(aircraft, "kind_named") == "do not name the aircraft type"
    ship = sample_core.answerer.read("what was the name of the cruise ship that sailed the passage?", catalog)
    assert kind_unnamed(ship, "A cruise ship carrying about 1,000 passengers completed the passage.")
    assert not kind_unnamed(ship, "The cruise ship Crystal Serenity completed the passage.")


def test_which_reads_the_first_of_the_best_sentences_that_speaks_of_the_kind(sample_core: BriefingCore) -> None:
    """ "Which Canadian pension fund led the round?": the best sentence gives the round, the next one says it was
    "led by a Canadian pension fund", which does not say which; a sentence naming it, or none speaking of a fund
    among the best three, leaves the question its answer."""
    catalog = sample_core.snapshot().catalog
    fund = sample_core.answerer.read("Which Canadian pension fund led Tessellate's funding round?", catalog)
    best = "Tessellate has raised 640 million dollars in a funding round that values it at 4.1 billion dollars."
    led = "The round was led by a Canadian pension fund and a Singapore sovereign investor."
    named = "The round was led by Maple Ridge Pension, a Canadian pension fund."
    passage = _passage((best, led, named))

    def sentences(*texts: str) -> list[tuple[str, float, Passage]]:
        return [(text, 0.5, passage) for text in texts]

    assert not kind_unnamed(fund, best)  # the best alone speaks of no fund
    assert not kind_named(fund, sentences(best, led, named), catalog)
    assert kind_named(fund, sentences(best, named, led), catalog)
    assert kind_named(fund, sentences(best), catalog)
    assert kind_named(sample_core.answerer.read("what does Iran want?", catalog), sentences(led), catalog)


def test_which_three_reads_the_kind_the_scene_counts(sample_core: BriefingCore) -> None:
    """ "Kestrel says three of the five biggest European car makers hold contracts - which three?" asks which
    car makers: a sentence counting them without their names does not answer it, one naming them does."""
    catalog = sample_core.snapshot().catalog
    question = "Kestrel says three of the five biggest European car makers hold its contracts - which three?"
    three = sample_core.answerer.read(question, catalog)
    counted = "Its chips are sold under contracts with three of the five largest European car makers."
    named = "Its chips are sold under contracts with two car makers, Daimler and Porsche."
    assert kind_unnamed(three, counted)
    assert not kind_unnamed(three, named)
    assert not kind_named(three, [(counted, 0.5, _passage((counted,)))], catalog)


def test_a_count_of_a_kind_or_a_sentence_opening_on_it_does_not_name_it(sample_core: BriefingCore) -> None:
    """ "Which villages were handed over?": "a strip of about 20 villages" counts them without a name, and
    "Government units that crossed ..." speaks of the units as a kind; a name after the kind answers."""
    catalog = sample_core.snapshot().catalog
    villages = sample_core.answerer.read("which villages west of Manbij were handed over?", catalog)
    assert kind_unnamed(villages, "The council would hand a strip of about 20 villages west of Manbij to the army.")
    assert kind_unnamed(villages, "By November 9 it had taken around 20 small villages and farms.")
    assert not kind_unnamed(villages, "The council handed over three villages, including Tal Saman and Arima.")
    assert not kind_unnamed(villages, "On May 18, the army took the villages of Tal Saman and Arima.")  # no count
    unit = sample_core.answerer.read("which army unit got closest to the Conoco plant?", catalog)
    assert kind_unnamed(unit, "Government units that crossed the river were within about 10 km of the plant.")
    assert kind_unnamed(unit, "Recent Development: Government units were within about 10 km of the plant.")
    assert not kind_unnamed(unit, "The 104th Brigade, an army unit sent from Damascus, was within 10 km of it.")


def test_a_list_announced_in_one_sentence_is_named_in_the_next(sample_core: BriefingCore) -> None:
    """ "Which outside players were watching? list them": "Other actors are watching." announces them and the
    sentence after names them; "outside players" are states, not persons."""
    catalog = sample_core.snapshot().catalog
    players = sample_core.answerer.read("which outside players were watching the battle? list them", catalog)
    assert players.asks_list and not players.person
    assert sample_core.answerer.read("which player scored the winning goal?", catalog).person
    announcing = "Other actors are watching."
    passage = _passage((announcing, "Turkey continues to threaten operations east of the Euphrates."))
    assert listed_next(players, announcing, passage, catalog)
    assert not listed_next(players, announcing, _passage((announcing, "The weather is poor.")), catalog)
    assert not listed_next(players, announcing, _passage(("The battle began.", announcing)), catalog)  # the last
    single = sample_core.answerer.read("which outside players were watching the battle?", catalog)
    assert not listed_next(single, announcing, passage, catalog)  # no list asked
