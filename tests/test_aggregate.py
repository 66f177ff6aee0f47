"""Tests for analysis/aggregate.py: weighted scores and labels."""

from __future__ import annotations

import pytest

from analysis.aggregate import label_score, positive_share, weighted_score
from analysis.learned import load_model
from analysis.model import Settings


def test_weighted_score_favours_strong_mentions():
    """A clause that takes a side counts more than a neutral mention, which still pulls towards 0."""
    assert weighted_score([]) is None
    assert weighted_score([0.8]) == pytest.approx(0.8)
    score = weighted_score([0.8, 0.0])
    assert 0.4 < score < 0.8
    # the mean is taken of the margins (weights 0.25 + |margin|) and turned back into a score
    model = load_model("sentiment")
    margins = [model.margin_from(0.8), 0.0]
    weights = [0.25 + abs(m) for m in margins]
    mean = sum(w * m for w, m in zip(weights, margins, strict=True)) / sum(weights)
    assert score == pytest.approx(model.score_of(mean))


@pytest.mark.parametrize(
    ("score", "mentions", "label"),
    [
        (0.5, [0.5], "positive"),
        (-0.5, [-0.5], "negative"),
        (0.02, [0.8, -0.75], "mixed"),      # strong mentions both ways, net near zero
        (0.02, [0.6, -0.55], "neutral"),    # under mixed_strength (0.7) both ways
        (0.02, [0.05, -0.01], "neutral"),   # nothing strong either way
        (None, [], ""),
    ],
)
def test_label_score_thresholds(score, mentions, label):
    """Labels follow the documented thresholds."""
    assert label_score(score, mentions, Settings()) == label


def test_positive_share_counts_opinions():
    """Tomatometer-style share of positive opinion sentences."""
    assert positive_share([0.5, -0.5, 0.3, 0.0], Settings()) == 0.5
    assert positive_share([], Settings()) is None


def test_settings_reject_bad_thresholds():
    """Thresholds on the wrong side of 0 are refused, naming the values."""
    with pytest.raises(ValueError, match="negative_threshold <= 0 <= positive_threshold"):
        Settings(positive_threshold=-0.2)
