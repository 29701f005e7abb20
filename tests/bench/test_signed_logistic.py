"""The scorer's logistic regression with each weight kept to its known sign."""

from __future__ import annotations

import numpy as np
from sklearn.linear_model import LogisticRegression

from bench.signed_logistic import SignedLogisticRegression
from bench.train_answerability import SCORER_SIGNS
from retrieval import Signals


def noisy_rows(seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two features: the first says the label, the second is a copy of it with noise (a correlated pair, as
    the coverage signals are), so a free fit may give the second the wrong sign."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, 300)
    first = y + rng.normal(0, 0.6, 300)
    second = first + rng.normal(0, 0.3, 300) - 0.8 * y
    return np.column_stack([first, second]), y


def test_without_signs_it_fits_as_scikit_learn_does() -> None:
    x, y = noisy_rows()
    ours = SignedLogisticRegression([0, 0]).fit(x, y)
    theirs = LogisticRegression(C=1.0, class_weight="balanced").fit(x, y)
    assert np.allclose(ours.coef_, theirs.coef_, atol=1e-3)
    assert np.allclose(ours.intercept_, theirs.intercept_, atol=1e-3)
    assert np.allclose(ours.predict_proba(x), theirs.predict_proba(x), atol=1e-3)


def test_each_weight_keeps_its_sign() -> None:
    x, y = noisy_rows()
    free = SignedLogisticRegression([0, 0]).fit(x, y)
    assert free.coef_[0][1] < 0  # the correlated copy took the wrong sign
    signed = SignedLogisticRegression([1, 1]).fit(x, y)
    assert signed.coef_[0][0] > 0 and signed.coef_[0][1] == 0.0
    negative = SignedLogisticRegression([-1, 0]).fit(x, y)
    assert negative.coef_[0][0] == 0.0
    assert (signed.predict(x) == y).mean() > 0.75


def test_every_signal_of_the_scorer_has_a_sign() -> None:
    assert set(SCORER_SIGNS) == set(Signals.names())
    assert SCORER_SIGNS["missing_idf"] == -1 and SCORER_SIGNS["best_score"] == 1
