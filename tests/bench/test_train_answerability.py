"""The floors of the answerability training (passage cosine, action match): chosen so that they decline no
answerable question the rules let through, per fold on the other folds."""

from __future__ import annotations

import numpy as np

from bench.train_answerability import ACTION_FLOORS, ACTION_REASON, FLOOR_REASON, FLOORS, floor_for, with_floor
from retrieval import Signals

AT = Signals.names().index("passage_cosine")


def rows(cosines: list[float]) -> np.ndarray:
    x = np.zeros((len(cosines), len(Signals.names())))
    x[:, AT] = cosines
    return x


def test_the_floor_stays_below_every_open_answerable_question() -> None:
    cosines = np.array([0.2, 0.31, 0.36, 0.5, 0.6])
    y = np.array([0, 0, 1, 1, 0])
    assert floor_for(cosines, y, ["", "", "", "", ""], np.arange(5), FLOORS) == 0.35
    # an answerable question a rule already declined does not hold the floor down
    assert floor_for(cosines, y, ["", "", "ruled", "", ""], np.arange(5), FLOORS) == 0.45
    # nor do questions outside the rows it is chosen on
    assert floor_for(cosines, y, ["", "", "", "", ""], np.array([0, 1, 3]), FLOORS) == 0.45
    assert floor_for(np.array([0.1]), np.array([1]), [""], np.arange(1), FLOORS) == 0.0


def test_each_fold_gets_the_floor_chosen_on_the_others() -> None:
    y = np.array([1, 0, 1, 0])
    x = rows([0.32, 0.31, 0.5, 0.4])
    folds = [np.array([0, 1]), np.array([2, 3])]
    floor, out_of_fold, final = with_floor(x, y, ["", "", "", ""], folds)
    assert floor == 0.3  # the answerable question at 0.32
    # fold 1 (rows 0, 1) is judged with the floor of fold 2 alone (0.45): both fall below it
    assert out_of_fold == [FLOOR_REASON, FLOOR_REASON, "", ""]  # fold 2 with 0.3 (fold 1's row 0)
    assert final == ["", "", "", ""]


def test_the_action_floor_is_chosen_on_what_the_rules_before_it_let_through() -> None:
    x = np.zeros((4, len(Signals.names())))
    x[:, Signals.names().index("action_match")] = [0.42, 0.62, 1.0, 0.3]
    y = np.array([0, 1, 1, 0])
    ruled = ["", "", "", "no passage is about the question"]
    floor, _, final = with_floor(
        x, y, ruled, [np.array([0, 1]), np.array([2, 3])], "action_match", ACTION_FLOORS, ACTION_REASON
    )
    assert floor == 0.6  # below the answerable question at 0.62
    assert final == [ACTION_REASON, "", "", "no passage is about the question"]  # an earlier reason stays
