"""Coverage gaps: declined and "not helpful" questions grouped by topic, each group labelled from its questions.

Groups come from scikit-learn's agglomerative clustering of the questions' embeddings (average linkage,
cosine distance, cut at a distance threshold, so the number of groups follows the questions). A group's
label is its most distinctive words and two-word phrases (frequent in the group, rarer in the other groups);
its examples are the questions nearest its centre.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

import numpy as np
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

GAP_DISTANCE = 0.5  # cosine distance at which two groups stop merging (average linkage)
EXAMPLES = 3
MAX_QUESTIONS = 2000  # the most recent ones: the clustering's memory grows with the square of the count
LABEL_TERMS = 3
_EXTRA_STOP_WORDS = {"did", "does", "say", "said", "tell", "know", "briefing", "briefings", "happened", "latest"}


@dataclass(frozen=True)
class Cluster:
    """One group of questions: their positions in the input, the examples (nearest the centre first), a label."""

    members: tuple[int, ...]
    examples: tuple[str, ...]
    label: str
    central: str  # the question nearest the centre, to find the nearest documents with


def cluster_questions(questions: list[str], vectors: np.ndarray, distance: float = GAP_DISTANCE) -> list[Cluster]:
    """Group `questions` (one normalised vector each), the largest group first (ties: the earliest question)."""
    if not questions:
        return []
    labels = _labels(vectors, distance)
    groups: dict[int, list[int]] = {}
    for position, label in enumerate(labels):
        groups.setdefault(int(label), []).append(position)
    ordered = sorted(groups.values(), key=lambda members: (-len(members), members[0]))
    terms = _group_terms(questions, ordered)
    return [_cluster(questions, vectors, members, label) for members, label in zip(ordered, terms, strict=True)]


def _labels(vectors: np.ndarray, distance: float) -> np.ndarray:
    if len(vectors) == 1:
        return np.zeros(1, dtype=int)
    model = AgglomerativeClustering(n_clusters=None, distance_threshold=distance, metric="cosine", linkage="average")
    return np.asarray(model.fit_predict(vectors))


def _cluster(questions: list[str], vectors: np.ndarray, members: list[int], label: str) -> Cluster:
    centre = vectors[members].mean(axis=0)
    closeness = vectors[members] @ centre
    nearest = [members[i] for i in np.argsort(-closeness, kind="stable")]
    examples = tuple(dict.fromkeys(questions[i] for i in nearest))[:EXAMPLES]
    return Cluster(members=tuple(members), examples=examples, label=label, central=questions[nearest[0]])


def _group_terms(questions: list[str], groups: list[list[int]]) -> list[str]:
    """A label per group: its words and two-word phrases scored by how many of its questions use them,
    weighted by how few groups do (a class-based tf-idf)."""
    vectorizer = CountVectorizer(
        ngram_range=(1, 2),
        stop_words=list(ENGLISH_STOP_WORDS | _EXTRA_STOP_WORDS),
        binary=True,
        token_pattern=r"(?u)\b[^\W\d_][\w'-]+\b",
    )
    try:
        counts = vectorizer.fit_transform(questions)
    except ValueError:  # nothing but stop words
        return [_fallback(questions[g[0]]) for g in groups]
    vocabulary = vectorizer.get_feature_names_out()
    per_group = [np.asarray(counts[g].sum(axis=0)).ravel() for g in groups]
    groups_using = Counter(int(i) for counts_of in per_group for i in np.flatnonzero(counts_of))
    return [
        _label(vocabulary, counts_of, groups_using, len(groups), len(g)) or _fallback(questions[g[0]])
        for counts_of, g in zip(per_group, groups, strict=True)
    ]


def _label(vocabulary: np.ndarray, counts: np.ndarray, groups_using: Counter[int], groups: int, size: int) -> str:
    scored = []
    for i in np.flatnonzero(counts):
        term = str(vocabulary[i])
        words = term.count(" ") + 1
        weight = counts[i] / size * math.log(1 + groups / groups_using[int(i)]) * (1.25 if words > 1 else 1.0)
        scored.append((-weight, -words, term, int(counts[i])))
    chosen: list[str] = []
    shared = min(2, size)  # after the first term, only terms that more than one question of the group uses
    for _, _, term, used in sorted(scored):
        if chosen and used < shared:
            continue
        if any(set(term.split()) & set(kept.split()) for kept in chosen):
            continue
        chosen.append(term)
        if len(chosen) == LABEL_TERMS:
            break
    return ", ".join(chosen)


def _fallback(question: str) -> str:
    return question[:60]
