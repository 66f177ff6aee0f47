"""Tests for analysis/consensus.py: agreement labels, spread metrics and the consensus sentence."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.consensus import METRICS, agreement, consensus_frame, consensus_sentence, spread
from analysis.errors import InputError
from analysis.model import Settings
from analysis.resources import default_taxonomy

S = Settings()


@pytest.mark.parametrize(
    ("critics", "scores", "labels", "expected"),
    [
        ([], [], [], "none"),
        (["A"], [0.4], ["positive"], "only A"),
        (["A", "B"], [0.5, 0.4], ["positive", "positive"], "agree"),
        (["A", "B"], [0.5, -0.3], ["positive", "negative"], "disagree"),
        # Same direction but far apart in strength: not agreement.
        (["A", "B"], [0.9, 0.15], ["positive", "positive"], "mixed"),
        # Neutral beside positive.
        (["A", "B"], [0.5, 0.0], ["positive", "neutral"], "mixed"),
        (["A", "B", "C"], [-0.5, -0.4, -0.6], ["negative"] * 3, "agree"),
    ],
)
def test_agreement_labels(critics, scores, labels, expected):
    """Agreement labels as documented in the module."""
    assert agreement(critics, scores, labels, S) == expected


def test_spread_metrics_and_unknown():
    """Every registered metric is 0 for one critic; an unknown name lists the options."""
    for name in METRICS:
        assert spread([0.3], name) == 0.0
    assert spread([0.5, -0.3]) == pytest.approx(0.8)
    with pytest.raises(InputError, match=r"unknown spread metric 'iqr' \(available: range, std, mad\)"):
        spread([0.1, 0.2], "iqr")


def _aspects(rows):
    return pd.DataFrame(rows, columns=["critic", "aspect", "score", "label", "mentions"])


def test_consensus_frame_and_sentence():
    """Counted facts become columns, a divisiveness rank and one plain sentence."""
    aspects = _aspects([
        ("A", "dance", 0.6, "positive", 2), ("B", "dance", 0.5, "positive", 1),
        ("A", "story", 0.4, "positive", 1), ("B", "story", -0.3, "negative", 2),
        ("A", "pacing", None, "", 0), ("B", "pacing", -0.4, "negative", 1),
    ])
    taxonomy = default_taxonomy().select(["story", "dance", "pacing"])
    frame = consensus_frame(aspects, ["A", "B"], taxonomy, S)
    by_aspect = frame.set_index("aspect")
    assert by_aspect.loc["dance", "agreement"] == "agree"
    assert by_aspect.loc["story", "agreement"] == "disagree"
    assert by_aspect.loc["pacing", "agreement"] == "only B"
    assert by_aspect.loc["story", "divisiveness_rank"] == 1
    assert pd.isna(by_aspect.loc["pacing", "divisiveness_rank"])
    assert by_aspect.loc["story", "spread"] == pytest.approx(0.7)
    assert by_aspect.loc["story", "score[A]"] == pytest.approx(0.4)
    assert by_aspect.loc["pacing", "mentions[A]"] == 0
    sentence = consensus_sentence(frame, ["A", "B"])
    assert sentence == ("Both critics praise the dance; they split on the story (A +0.40 vs B -0.30); "
                        "only B comments on the pacing.")


def test_consensus_sentence_needs_two_critics():
    """With one review there is nothing to compare."""
    frame = consensus_frame(_aspects([("A", "dance", 0.6, "positive", 1)]), ["A"],
                            default_taxonomy().select(["dance"]), S)
    assert consensus_sentence(frame, ["A"]) == "Add a second review to compare critics."


@pytest.mark.parametrize(
    ("scores", "labels", "expected"),
    [
        # Torn beside lukewarm, scores a hair apart: no difference of degree to speak of.
        ([0.0, 0.04], ["mixed", "neutral"], "Neither critic takes a clear side on the music (A torn +0.00, "
                                            "B lukewarm +0.04)."),
        # A side beside no side: who takes which.
        ([0.06, -0.7], ["neutral", "negative"], "On the music, A is lukewarm (+0.06) and B criticises it (-0.70)."),
        # The same side, very different strength.
        ([0.9, 0.15], ["positive", "positive"], "The critics differ in degree on the music (A +0.90 vs B +0.15)."),
    ],
)
def test_mixed_aspect_summaries(scores, labels, expected):
    """A mixed aspect's summary says what the labels say, not always "differ in degree"."""
    aspects = _aspects([("A", "music", scores[0], labels[0], 2), ("B", "music", scores[1], labels[1], 2)])
    frame = consensus_frame(aspects, ["A", "B"], default_taxonomy().select(["music"]), S)
    assert frame.loc[0, "agreement"] == "mixed"
    assert frame.loc[0, "summary"] == expected


def test_consensus_sentence_no_side():
    """Aspects where no critic takes a side (lukewarm agreement, torn beside lukewarm) are said so, not "differ"."""
    aspects = _aspects([("A", "music", 0.0, "mixed", 2), ("B", "music", 0.04, "neutral", 1),
                        ("A", "acting", -0.07, "neutral", 1), ("B", "acting", 0.05, "neutral", 1),
                        ("A", "story", 0.5, "positive", 1), ("B", "story", 0.45, "positive", 1)])
    frame = consensus_frame(aspects, ["A", "B"], default_taxonomy().select(["acting", "story", "music"]), S)
    assert consensus_sentence(frame, ["A", "B"], S) == ("Both critics praise the story; neither critic takes a "
                                                        "clear side on the acting and music.")


def test_consensus_sentence_side_beside_no_side():
    """A critic with a side beside one without is said as such in the overall sentence, as in the aspect's own
    summary, not as a difference of degree; the same side far apart still is one."""
    aspects = _aspects([("A", "direction", 0.06, "neutral", 1), ("B", "direction", -0.56, "negative", 3),
                        ("A", "music", 0.95, "positive", 2), ("B", "music", 0.32, "positive", 1)])
    frame = consensus_frame(aspects, ["A", "B"], default_taxonomy().select(["direction", "music"]), S)
    assert list(frame["agreement"]) == ["mixed", "mixed"]
    assert consensus_sentence(frame, ["A", "B"], S) == (
        "The critics differ in degree on the music; on the direction, A takes no clear side and B criticises it.")
