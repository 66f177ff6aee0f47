"""Tests for analysis/learned.py: the shipped model files load and validate, bad files fail with clear errors."""

from __future__ import annotations

import math

import pytest

from analysis.errors import InputError
from analysis.learned import LinearModel, load_model, paired_weights, parse_model


@pytest.mark.parametrize("name", ["sentiment", "opinion"])
def test_load_model_shipped_files(name):
    """Both shipped models load, carry a version and provenance, and have finite weights."""
    model = load_model(name)
    assert model.name == name and model.version
    assert model.weights and all(math.isfinite(w) for w in model.weights.values())


def test_sentiment_model_has_dense_and_word_weights():
    """The sentiment model reads VADER's numbers and has per-word weights."""
    model = load_model("sentiment")
    assert {"__vader", "__pos", "__neg"} <= set(model.weights)
    assert model.word_weights and model.ngram_scale > 0


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        # Not an object at all.
        ([1, 2], "expected a JSON object"),
        # A required key missing.
        ({"name": "x", "version": "1", "weights": {}}, "missing keys intercept"),
        # A weight that is not a number (the error names the feature).
        ({"name": "x", "version": "1", "intercept": 0, "weights": {"good": "high"}}, "'good'"),
        # NaN would poison every score.
        ({"name": "x", "version": "1", "intercept": 0, "weights": {"good": float("nan")}}, "finite"),
        ({"name": "x", "version": "1", "intercept": float("inf"), "weights": {}}, "'intercept'"),
        ({"name": "x", "version": "1", "intercept": 0, "weights": {}, "ngram_scale": -1}, "'ngram_scale'"),
        ({"name": "x", "version": "1", "intercept": 0, "weights": {}, "word_weights": []}, "'word_weights'"),
        ({"name": "x", "version": "1", "intercept": 0, "weights": {}, "output_scale": -3}, "'output_scale'"),
        ({"name": "x", "version": "1", "intercept": 0, "weights": {}, "output_scale": "3"}, "'output_scale'"),
        # Neither weights nor weight_groups.
        ({"name": "x", "version": "1", "intercept": 0}, "missing keys weights"),
        # weight_groups: a list of [weight, [feature, ...]] pairs, each feature once.
        ({"name": "x", "version": "1", "intercept": 0, "weight_groups": {"0.5": ["good"]}}, "'weight_groups' must be"),
        ({"name": "x", "version": "1", "intercept": 0, "weight_groups": [[0.5, "good"]]}, "'weight_groups' must be"),
        ({"name": "x", "version": "1", "intercept": 0, "weight_groups": [[0.5]]}, "'weight_groups' must be"),
        ({"name": "x", "version": "1", "intercept": 0, "weight_groups": [["0.5", ["good"]]]}, "finite numbers"),
        ({"name": "x", "version": "1", "intercept": 0, "weight_groups": [[float("inf"), ["good"]]]}, "finite"),
        ({"name": "x", "version": "1", "intercept": 0, "weight_groups": [[0.5, ["good", 3]]]}, "strings, got 3"),
        ({"name": "x", "version": "1", "intercept": 0, "weight_groups": [[0.5, ["good", ["a"]]]]}, "strings"),
        ({"name": "x", "version": "1", "intercept": 0, "weight_groups": [[0.5, ["good"]], [-1, ["bad", "good"]]]},
         "'good' has two weights"),
        ({"name": "x", "version": "1", "intercept": 0, "weights": {"good": 1.0}, "weight_groups": [[0.5, ["good"]]]},
         "'good' has two weights"),
        ({"name": "x", "version": "1", "intercept": 0, "weight_groups": [[0.5, ["good", "good"]]]},
         "'good' has two weights"),
    ],
)
def test_parse_model_rejects_bad_files(raw, message):
    """Bad model files are rejected with the file name and what is wrong."""
    with pytest.raises(InputError, match="bad.json") as info:
        parse_model(raw, "bad.json")
    assert message in str(info.value)


def test_weight_groups_are_the_weights_grouped_by_value():
    """A model written with weight_groups is the model written with the same weights as a plain mapping."""
    plain = {"good": 0.5, "fine": 0.5, "dull": -1.25, "__vader": 2.0}
    grouped = parse_model({"name": "x", "version": "1", "intercept": 0.1, "weights": {"__vader": 2.0},
                           "weight_groups": [[0.5, ["good", "fine"]], [-1.25, ["dull"]]]})
    assert grouped.weights == plain
    assert grouped == parse_model({"name": "x", "version": "1", "intercept": 0.1, "weights": plain})
    assert grouped.margin(["good", "dull"], {"__vader": 0.5}) == pytest.approx(0.1 + 0.5 - 1.25 + 1.0)


def test_the_shipped_opinion_model_gives_probabilities_not_just_signs():
    """The naive Bayes opinion model is scaled by a temperature fitted on an inner fold: plain plot summary and a
    plain verdict are confidently told apart, and a sentence holding both sits in between."""
    from analysis.opinion import opinion_probability

    verdict = opinion_probability("A dull, lifeless film that wastes a fine cast.")
    synopsis = opinion_probability("After her father dies, Anna moves to Chicago to live with her aunt.")
    mixed = opinion_probability("After her father dies, Anna moves to Chicago, and the film is dull.")
    assert verdict > 0.9 and synopsis < 0.1
    assert synopsis < mixed < verdict


def test_output_scale_turns_margins_into_scores_and_back():
    """With output_scale k a margin m scores tanh(k * m) and margin_from undoes it, also where tanh rounds to +-1;
    without one the margin is clipped to -1..1 and a score is its own margin. The shipped model has one."""
    model = LinearModel("t", "1", 0.0, {}, output_scale=3.0)
    for margin in (-2.0, -0.3, 0.0, 0.1, 0.7):
        assert model.score_of(margin) == pytest.approx(math.tanh(3 * margin))
        assert model.margin_from(model.score_of(margin)) == pytest.approx(margin)
    assert model.score_of(40.0) == 1.0 and math.isfinite(model.margin_from(1.0)) and model.margin_from(1.0) > 6
    assert model.margin_from(-1.0) == -model.margin_from(1.0)
    plain = LinearModel("t", "1", 0.0, {})
    assert (plain.score_of(1.7), plain.score_of(-0.4), plain.margin_from(0.25)) == (1.0, -0.4, 0.25)
    raw = {"name": "x", "version": "1", "intercept": 0, "weights": {}, "output_scale": 2}
    assert parse_model(raw).output_scale == 2
    assert load_model("sentiment").output_scale > 0


def test_linear_model_margin_and_contributions_agree():
    """The contributions add up to the margin minus the intercept (n-grams scaled, words normalised)."""
    model = LinearModel("t", "1", 0.5, {"good": 1.0, "not_bad": 0.5, "__vader": 2.0}, ngram_scale=2.0,
                        word_weights={"good": 0.3, "bad": -0.4}, negated_word_factor=-0.5)
    sparse, dense, words = ["good", "not_bad", "unknown"], {"__vader": 0.25}, ["good", "not_bad"]
    margin = model.margin(sparse, dense, words)
    total = sum(weight for _, weight in model.contributions(sparse, dense, words))
    assert margin == pytest.approx(0.5 + total)
    # n-grams: (1 + 0.5) * 2 / sqrt(3); dense: 0.5; words: (0.3 + 0.2) / sqrt(2)
    assert margin == pytest.approx(0.5 + 1.5 * 2 / math.sqrt(3) + 0.5 + 0.5 / math.sqrt(2))


def test_negated_word_with_factor_zero_still_counts_in_the_word_normalisation():
    """With negated_word_factor 0 (the shipped model's) a negated known word weighs nothing but still counts in
    sqrt(count), as training/train.py counts it: "good" beside "not_bad" is 0.3 / sqrt(2), not 0.3."""
    model = LinearModel("t", "1", 0.0, {}, word_weights={"good": 0.3, "bad": -0.4}, negated_word_factor=0.0)
    assert model.margin([], {}, ["good", "not_bad"]) == pytest.approx(0.3 / math.sqrt(2))
    assert model.margin([], {}, ["good", "not_unknown"]) == pytest.approx(0.3)


def test_paired_weights_give_both_models_sums_exactly():
    """One complex lookup per feature: the real part is the first model's margin, the imaginary the second's, to
    the last bit (shipped models, real review sentences), including features only one of them knows."""
    from analysis.features import features

    sentiment, opinion = load_model("sentiment"), load_model("opinion")
    paired = paired_weights(sentiment, opinion)
    table = paired.weights
    assert table.keys() == sentiment.weights.keys() | opinion.weights.keys()
    texts = ["The songs are catchy, though overused.", "Sam is locked in a bitter custody dispute.",
             "It doesn't work so well when the actors don't have musical experience.", "zzz qqq",
             "I've never been a fan of her acting, not a fan at all."]
    for text in texts:
        sparse = features(text)
        sums = paired.sums(sparse)
        assert sentiment.margin(sparse, {}, ngram_sum=sums.real) == sentiment.margin(sparse, {})
        assert opinion.margin(sparse, {}, ngram_sum=sums.imag) == opinion.margin(sparse, {})
    one = LinearModel("a", "1", 0.0, {"x": 1.5}), LinearModel("b", "1", 0.0, {"y": -2.0, "x": 0.25})
    assert paired_weights(*one).weights == {"x": complex(1.5, 0.25), "y": complex(0.0, -2.0)}


def test_the_opinion_model_ignores_negation():
    """The opinion model reads n-grams without negation marks ("not_fan" weighs what "fan" weighs), each unmarked
    form once; the sentiment model reads them marked. A model file says which ("negation")."""
    sentiment, opinion = load_model("sentiment"), load_model("opinion")
    assert opinion.ignores_negation and not sentiment.ignores_negation
    negated, plain = "i've never been a fan of her acting", "i've been a fan of her acting"
    plain_weights = {f: opinion.weights.get(f, 0.0) for f in ("never", "i've", "fan", "a fan", "her acting")}
    assert plain_weights["fan"] and plain_weights["her acting"]
    # Read unmarked, the sentences differ only in the n-grams around "never".
    from analysis.features import features, unmarked

    read = set(map(unmarked, features(negated)))
    extra, missing = read - set(features(plain)), set(features(plain)) - read
    assert all("never" in f for f in extra) and missing == {"i've been"}
    difference = sum(opinion.weights.get(f, 0.0) for f in extra) - opinion.weights.get("i've been", 0.0)
    assert opinion.margin(features(negated), {}) == pytest.approx(opinion.margin(features(plain), {}) + difference)
    # Each unmarked form once: a feature and its negated twin add the weight once.
    assert opinion.margin(["fan", "not_fan"], {}) == opinion.margin(["fan"], {})
    with pytest.raises(InputError, match="'negation' must be"):
        parse_model({"name": "x", "version": "1", "intercept": 0.0, "weights": {}, "negation": "sometimes"})
