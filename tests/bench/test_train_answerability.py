"""The floors of the answerability training (passage cosine, action match): chosen so that they decline no
answerable question the rules let through, per fold on the other folds."""

from __future__ import annotations

import numpy as np

from bench.train_answerability import (
    ACTION_FLOORS,
    ACTION_REASON,
    BUDGETS,
    FLOOR_REASON,
    FLOOR_STEPS,
    FLOORS,
    MAX_FALSE_ABSTENTION,
    STRENGTHS,
    Case,
    as_deployed,
    batch_folds,
    batch_of,
    chosen_setup,
    fit_rankers,
    fit_scorer,
    floor_for,
    floors_chosen_on,
    threshold_for,
    with_floor,
)
from retrieval import JUDGING_FEATURES, MATCHED_FEATURES, SentenceFeatures, Signals

AT = Signals.names().index("passage_cosine")


def rows(cosines: list[float]) -> np.ndarray:
    x = np.zeros((len(cosines), len(Signals.names())))
    x[:, AT] = cosines
    return x


def test_the_floor_stays_a_step_below_every_open_answerable_question() -> None:
    cosines = np.array([0.2, 0.31, 0.36, 0.5, 0.6])
    y = np.array([0, 0, 1, 1, 0])
    assert floor_for(cosines, y, ["", "", "", "", ""], np.arange(5), FLOORS) == 0.325  # not 0.35, just below 0.36
    # an answerable question a rule already declined does not hold the floor down
    assert floor_for(cosines, y, ["", "", "ruled", "", ""], np.arange(5), FLOORS) == 0.425
    # nor do questions outside the rows it is chosen on
    assert floor_for(cosines, y, ["", "", "", "", ""], np.array([0, 1, 3]), FLOORS) == 0.425
    assert floor_for(np.array([0.1]), np.array([1]), [""], np.arange(1), FLOORS) == 0.0


def test_each_fold_gets_the_floor_chosen_on_the_others() -> None:
    y = np.array([1, 0, 1, 0])
    x = rows([0.32, 0.31, 0.5, 0.4])
    folds = [np.array([0, 1]), np.array([2, 3])]
    floor, out_of_fold, final = with_floor(x, y, ["", "", "", ""], folds)
    assert floor == 0.275  # a step below the answerable question at 0.32
    # fold 1 (rows 0, 1) is judged with the floor of fold 2 alone (0.425): both fall below it
    assert out_of_fold == [FLOOR_REASON, FLOOR_REASON, "", ""]  # fold 2 with 0.275 (fold 1's row 0)
    assert final == ["", "", "", ""]


def test_the_action_floor_is_chosen_on_what_the_rules_before_it_let_through() -> None:
    x = np.zeros((4, len(Signals.names())))
    x[:, Signals.names().index("action_match")] = [0.42, 0.62, 1.0, 0.3]
    y = np.array([0, 1, 1, 0])
    ruled = ["", "", "", "no passage is about the question"]
    floor, _, final = with_floor(
        x, y, ruled, [np.array([0, 1]), np.array([2, 3])], "action_match", ACTION_FLOORS, ACTION_REASON
    )
    assert floor == 0.55  # a step below the answerable question at 0.62
    assert final == [ACTION_REASON, "", "", "no passage is about the question"]  # an earlier reason stays


def test_floors_chosen_as_deployed_are_the_final_floors_of_the_training_chain() -> None:
    rng = np.random.default_rng(0)
    x = rng.uniform(0.2, 1.0, size=(40, len(Signals.names())))
    y = np.array([1, 0] * 20)
    ruled = ["a rule" if i % 7 == 0 else "" for i in range(40)]
    folds = [np.arange(0, 20), np.arange(20, 40)]
    final = ruled
    for signal, grid, reason in FLOOR_STEPS:
        final = with_floor(x, y, final, folds, signal, grid, reason)[2]
    assert floors_chosen_on(x, y, ruled, np.arange(40), FLOOR_STEPS) == final
    assert floors_chosen_on(x, y, ruled, np.arange(40)) == ruled  # no floors: the rules alone
    # chosen in-sample, the floors decline no answerable question the rules let through
    chosen = floors_chosen_on(x, y, ruled, np.arange(40), FLOOR_STEPS)
    assert all(r == "a rule" for r, a in zip(chosen, y, strict=True) if r and a)


def test_as_deployed_the_scorer_declines_what_it_separates_within_the_budget() -> None:
    y = np.array([1, 0] * 60)
    x = np.ones((120, len(Signals.names())))  # every floor passes
    noise = np.random.default_rng(0).normal(0, 0.05, 120)
    x[:, Signals.names().index("best_score")] = np.where(y == 1, 0.8, 0.2) + noise
    figures = as_deployed(x, y, [""] * 120, [np.arange(0, 60), np.arange(60, 120)])
    assert figures["right_abstention"] == 1.0  # 30 answerable questions per training half: a budget of one
    assert figures["false_abstention"] <= MAX_FALSE_ABSTENTION


def test_the_allowance_declines_the_most_that_keeps_to_the_target_out_of_fold() -> None:
    y = np.array([1, 0] * 60)
    x = np.ones((120, len(Signals.names())))
    noise = np.random.default_rng(3).normal(0, 0.3, 120)  # overlapping classes: a larger allowance costs
    x[:, Signals.names().index("best_score")] = np.where(y == 1, 0.8, 0.2) + noise
    setup, figures = chosen_setup(x, y, [""] * 120, [[np.arange(0, 60), np.arange(60, 120)]])
    assert set(figures) == {(f, b, c) for f in (True, False) for b in BUDGETS for c in STRENGTHS}
    within = {s: f for s, f in figures.items() if f["false_abstention"] <= MAX_FALSE_ABSTENTION}
    assert setup in within
    assert figures[setup]["right_abstention"] == max(f["right_abstention"] for f in within.values())
    assert setup[1] < max(BUDGETS)  # the largest allowance declines answerable questions beyond the target here
    # no floor declines anything here (every other signal is 1): on a tie, the floors' specific reasons win
    assert setup[0]
    tied = [c for (f, b, c), v in figures.items() if (f, b) == setup[:2] and v == figures[setup]]
    assert setup[2] == min(tied)  # and among strengths that decline the same, the stronger pull to zero weights


def test_the_strength_is_the_scorers_pull_to_zero_weights() -> None:
    """The strength chosen with the allowance reaches the scorer: the smaller C, the smaller its weights, and
    the out-of-fold figures read the scorer fitted with it."""
    rng = np.random.default_rng(7)
    y = np.array([1, 0] * 40)
    x = np.ones((80, len(Signals.names())))
    x[:, AT] = np.where(y == 1, 0.6, 0.4) + rng.normal(0, 0.2, 80)
    norms = [float(np.abs(fit_scorer(x, y, c)[0].coef_).sum()) for c in sorted(STRENGTHS)]
    assert norms == sorted(norms) and norms[0] < norms[-1]
    # two equally good, noisy readings of the answer: a strong pull keeps their weights alike, a weak one fits
    # the training folds' noise, and declines fewer unanswerable questions out of fold
    x[:, Signals.names().index("best_score")] = np.where(y == 1, 0.6, 0.4) + rng.normal(0, 0.2, 80)
    folds = [np.arange(n, 80, 4) for n in range(4)]
    weak, strong = (as_deployed(x, y, [""] * 80, folds, 0.05, (), c) for c in (100.0, 0.1))
    assert strong["right_abstention"] > weak["right_abstention"]
    assert strong["false_abstention"] <= MAX_FALSE_ABSTENTION


def test_the_threshold_declines_about_the_allowance_of_answerable_questions() -> None:
    answerable = np.linspace(0.05, 0.95, 100)
    y = np.ones(100, dtype=int)
    cut = threshold_for(answerable, y, ruled_false=0, answerable=100, budget=0.04)
    assert 3 <= int((answerable < cut).sum()) <= 5
    assert threshold_for(answerable, y, ruled_false=4, answerable=100, budget=0.04) == 0.0  # the rules spent it
    assert threshold_for(answerable[:2], y[:2], ruled_false=0, answerable=100, budget=0.04) == 1.0


def test_the_threshold_follows_the_allowance_without_steps_of_whole_questions() -> None:
    answerable = np.random.default_rng(0).beta(5, 1.5, 106)
    y = np.ones(106, dtype=int)
    cuts = [threshold_for(answerable, y, 2, 106, budget) for budget in (0.03, 0.035, 0.04, 0.045)]
    assert cuts == sorted(cuts) and len(set(cuts)) == 4  # 3.18 and 3.71 questions were both 3, 4.24 and 4.77 both 4


def test_folds_for_the_setup_hold_whole_batches_of_questions() -> None:
    """A batch's writer never has questions on both sides of a split: every question in one fold, with its batch."""
    ids = [f"q{n:03d}" for n in range(1, 31)] + [f"q{b}{n:02d}" for b in "abcdefg" for n in range(1, 11)]
    cases = [Case(qid, "direct", (), ()) for qid in ids]
    assert (batch_of("q042"), batch_of("qk17")) == ("q", "qk")
    for seed in (0, 1):
        folds = batch_folds(cases, 5, seed)
        assert sorted(np.concatenate(folds).tolist()) == list(range(len(cases)))
        for fold in folds:
            inside = {batch_of(ids[i]) for i in fold}
            assert all(batch_of(qid) not in inside for n, qid in enumerate(ids) if n not in set(fold.tolist()))
    assert [f.tolist() for f in batch_folds(cases, 5, 0)] != [f.tolist() for f in batch_folds(cases, 5, 1)]


def test_the_judging_ranker_never_reads_the_matcher_and_the_quote_ranker_does() -> None:
    """Both rankers are fitted on the same rows; only the quote ranker's weights see the matcher's columns and
    the sentence before (`follows_echo`) and a judgement's opening (`opens_judgement`)."""
    names = SentenceFeatures.names()
    rng = np.random.default_rng(0)
    x = rng.normal(size=(200, len(names)))
    y = (x[:, names.index("matched")] > 0).astype(int)  # only the matcher's cosine tells the answers apart
    rankers = fit_rankers(x, y, np.arange(200) // 10)  # 20 questions of 10 candidate sentences
    assert rankers.judging.features == JUDGING_FEATURES
    assert not set(MATCHED_FEATURES) & set(rankers.judging.features)
    assert not {"follows_echo", "opens_judgement"} & set(rankers.judging.features)  # quoting only (QUOTING_ONLY)
    assert rankers.quoting.features == tuple(names)
    weights = dict(zip(rankers.quoting.features, rankers.quoting.coef, strict=True))
    assert weights["matched"] == max(weights.values()) > 0
    others = [abs(c) for name, c in weights.items() if name != "matched"]
    assert weights["matched"] > 2 * max(others)  # the quote ranker goes by it; the judging one cannot see it
    assert rankers.alone().quoting is rankers.judging


def test_the_quote_ranker_orders_each_questions_own_sentences() -> None:
    """A conditional logit: what sets one question's sentences apart from another's (here the cosine, higher for
    every sentence of the questions that have an answer) gets no weight; what tells a question's answering
    sentence from its others (the matcher's cosine) does."""
    names = SentenceFeatures.names()
    rng = np.random.default_rng(0)
    owner = np.arange(300) // 10
    x = rng.normal(size=(300, len(names)))
    y = np.zeros(300, dtype=int)
    y[::10][owner[::10] % 2 == 0] = 1  # the first sentence of every other question answers it
    x[:, names.index("matched")] += 3 * y
    x[:, names.index("cosine")] = (owner % 2 == 0).astype(float)  # the same for all of one question's sentences
    weights = dict(zip(names, fit_rankers(x, y, owner).quoting.coef, strict=True))
    assert weights["matched"] == max(weights.values()) > 0
    assert abs(weights["cosine"]) < 1e-3
