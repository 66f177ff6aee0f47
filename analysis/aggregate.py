"""Aggregate: from clause and sentence scores to one score and label per review and per review x aspect.

Aspect score = weighted mean of the scores of the opinion clauses that mention the aspect, each weighted
``0.25 + |score|``: a clause that takes a side counts more than a neutral mention ("the music is by X"), but
neutral mentions still pull an aspect towards 0. Labels use the thresholds in :class:`~analysis.model.Settings`.
"""

from __future__ import annotations

from collections.abc import Sequence

from .model import AspectLabel, Settings

__all__ = ["NEUTRAL_WEIGHT", "label_score", "weighted_score", "positive_share"]

NEUTRAL_WEIGHT = 0.25


def weighted_score(scores: Sequence[float]) -> float | None:
    """Weighted mean of ``scores`` (weights ``0.25 + |s|``), or None when there are none."""
    if not scores:
        return None
    weights = [NEUTRAL_WEIGHT + abs(s) for s in scores]
    return sum(w * s for w, s in zip(weights, scores, strict=True)) / sum(weights)


def label_score(score: float | None, mention_scores: Sequence[float], settings: Settings) -> str:
    """``positive``/``negative`` beyond the thresholds; in between ``mixed`` if strong mentions pull both ways,
    else ``neutral``; "" when there is no score."""
    if score is None:
        return ""
    if score >= settings.positive_threshold:
        return AspectLabel.POSITIVE.value
    if score <= settings.negative_threshold:
        return AspectLabel.NEGATIVE.value
    strong = settings.mixed_strength
    if any(s >= strong for s in mention_scores) and any(s <= -strong for s in mention_scores):
        return AspectLabel.MIXED.value
    return AspectLabel.NEUTRAL.value


def positive_share(scores: Sequence[float], settings: Settings) -> float | None:
    """Tomatometer-style share of opinion sentences that are positive, or None with no opinion sentences."""
    if not scores:
        return None
    return sum(1 for s in scores if s >= settings.positive_threshold) / len(scores)
