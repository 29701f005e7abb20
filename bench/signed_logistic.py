"""Logistic regression whose coefficients keep the sign each feature is known to have.

The answerability scorer is fitted on about 150 questions over 19 correlated signals. Fitted freely, some
weights take the sign opposite to their meaning (a key word missing from every passage made an answer *more*
likely; the ranker's confidence made it less), which fits the tuning questions and not the next ones, and makes
the reason a declined answer gives ("a key word of the question is in none of them") point at a signal that
was fine. Bounding each coefficient to its known sign (L-BFGS-B, as scikit-learn's solver, with the same L2
penalty and balanced class weights) keeps every weight meaningful.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from scipy.optimize import minimize
from sklearn.base import BaseEstimator, ClassifierMixin


class SignedLogisticRegression(ClassifierMixin, BaseEstimator):  # type: ignore[misc]
    """Binary logistic regression (labels 0 / 1) with `signs[i]` = +1 (coefficient >= 0), -1 (<= 0) or 0
    (free) per feature; the intercept is free. `C` is the inverse L2 strength, as in scikit-learn."""

    def __init__(self, signs: Sequence[int] = (), C: float = 1.0) -> None:
        self.signs = signs
        self.C = C

    def fit(self, x: np.ndarray, y: np.ndarray) -> SignedLogisticRegression:
        x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=int)
        width = x.shape[1]
        signs = list(self.signs) or [0] * width
        if len(signs) != width:
            raise ValueError(f"{len(signs)} signs for {width} features")
        weights = np.where(y == 1, len(y) / (2 * max(1, int(y.sum()))), len(y) / (2 * max(1, int((y == 0).sum()))))
        sign = 2.0 * y - 1.0

        def loss(params: np.ndarray) -> tuple[float, np.ndarray]:
            coef, intercept = params[:width], params[width]
            margin = sign * (x @ coef + intercept)
            slope = -sign * weights / (1.0 + np.exp(np.clip(margin, -30, 30)))  # d loss / d z per row
            value = self.C * float(weights @ np.logaddexp(0.0, -margin)) + 0.5 * float(coef @ coef)
            return value, np.append(self.C * (x.T @ slope) + coef, self.C * slope.sum())

        bounds = [(0.0, None) if s > 0 else (None, 0.0) if s < 0 else (None, None) for s in signs]
        found = minimize(loss, np.zeros(width + 1), jac=True, method="L-BFGS-B", bounds=[*bounds, (None, None)])
        self.coef_ = found.x[:width].reshape(1, -1)
        self.intercept_ = np.array([found.x[width]])
        self.classes_ = np.array([0, 1])
        return self

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        z = np.asarray(x, dtype=float) @ self.coef_[0] + self.intercept_[0]
        answerable = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        return np.column_stack([1.0 - answerable, answerable])

    def predict(self, x: np.ndarray) -> Any:
        return (self.predict_proba(x)[:, 1] >= 0.5).astype(int)
