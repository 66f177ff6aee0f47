"""Tests for analysis/scoring.py: ranges, rules, idioms, explanations, batch == single."""

from __future__ import annotations

import pytest

from analysis.scoring import review_sentiment, score_text, score_texts, sentiment_words


@pytest.mark.parametrize(
    ("text", "sign"),
    [
        ("The dancing is dazzling and the songs are wonderful.", 1),
        ("The plot is a tedious, contrived mess.", -1),
        # Hedge: praise under "only occasionally" is criticism.
        ("The show only occasionally succeeds at making that into something moving.", -1),
        # Counterfactual: praise of a film that does not exist.
        ("If there was a better balance between the songs and the drama this would be an absorbing show.", -1),
        # Film idiom the model has not seen.
        ("Yet the musical numbers are oddly few and far between.", -1),
        # Inversion: "Rarely has ..." praises; the hedge rule must not fire.
        ("Rarely has a film been so beautiful and so moving.", 1),
    ],
)
def test_score_text_signs(text, sign):
    """Signs a careful reader gives these constructions."""
    assert score_text(text).value * sign > 0


def test_score_text_ranges_and_blank():
    """Scores are in -1..1; blank text is 0 with no evidence."""
    assert score_text("   ") == score_text("")
    assert score_text("").value == 0.0 and score_text("").evidence == ()
    for text in ("Wonderful! " * 200, "Dreadful, awful, horrible. " * 200, "\U0001f600\U0001f621"):
        assert -1.0 <= score_text(text).value <= 1.0


def test_score_text_evidence_explains():
    """Evidence names what moved the score, strongest first; rules show up by name."""
    score = score_text("The show only occasionally succeeds at making that into something moving.")
    assert score.evidence and score.evidence[0][0].startswith("hedge")
    weights = [abs(w) for _, w in score.evidence]
    assert weights == sorted(weights, reverse=True)
    assert score_text("It is good.", explain=False).evidence == ()


def test_score_texts_matches_single():
    """The batch path gives the same values as one at a time."""
    texts = ["Great songs.", "", "The plot drags.", "Not the worst film of the year."]
    assert [s.value for s in score_texts(texts)] == [score_text(t).value for t in texts]


def test_review_sentiment_weights_opinion_and_verdict():
    """Plot summary barely counts; the last quarter (the verdict) counts double; no saturation."""
    assert review_sentiment([], []) == 0.0
    assert review_sentiment([0.4], [0.2]) == 0.4
    mixed = review_sentiment([-0.8, 0.5, 0.5, 0.5], [0.0, 1.0, 1.0, 1.0])
    assert mixed > 0.3
    verdict = review_sentiment([0.2, 0.2, 0.2, -0.6], [1.0, 1.0, 1.0, 1.0])
    plain_mean = (0.2 * 3 - 0.6) / 4
    assert verdict < plain_mean
    assert -1 <= review_sentiment([1.0] * 500, [1.0] * 500) <= 1


def test_sentiment_words_from_lexicon():
    """Sentiment-bearing words come from VADER's lexicon and the film layer ("good-looking")."""
    assert sentiment_words("It leaves you with some good-looking, wonderful numbers.") == ["good-looking", "wonderful"]
