"""The benchmarks' fold harness scores with the model it is given, all of it (also the C speed-ups' copy)."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from analysis.batch import score_rows  # noqa: E402
from analysis.learned import load_model  # noqa: E402

TEXTS = ["The songs are wonderful.", "A dull, lifeless remake.", "Sam moves to Boston with his son."]


def test_sentiment_model_swap_reaches_every_cached_table():
    """Inside ``rule_folds._sentiment_model`` a model with another intercept and dense weights scores as that model
    (the C path's span context is rebuilt too), and the shipped model scores as before afterwards."""
    import rule_folds

    shipped = load_model("sentiment")
    before = score_rows(TEXTS)
    weights = {**shipped.weights, "__vader": shipped.weights["__vader"] + 1.0}
    other = dataclasses.replace(shipped, intercept=shipped.intercept - 0.2, weights=weights)
    with rule_folds._sentiment_model(other):
        inside = score_rows(TEXTS)
    assert inside != before
    assert score_rows(TEXTS) == before


def test_each_ablation_takes_out_its_rule_and_puts_it_back():
    """``ablation_folds.py``'s ablations are built from the shipped files (their asserts hold), each one changes the
    score of a text its rule reads while it is applied, and every score is as before afterwards."""
    import ablation_folds

    by_label = {ablation.label: ablation for ablation in ablation_folds._idiom_ablations()
                + ablation_folds._marker_ablations() + ablation_folds._code_ablations()}
    cases = {"idiom `rather than`": "The jokes are annoying rather than charming.",
             'counterfactual "tries to be"': "It tries to be a witty, charming comedy.",
             "negated film idiom": "The film never once overstays its welcome.",
             "parenthetical turn": "The songs are wonderful. The result, however, is a mess.",
             "concession": "Clever as it is, the film lacks charm.",
             "concessive": "A serviceable if rather overextended and overblown adventure thriller."}
    for start, text in cases.items():
        [ablation] = [a for label, a in by_label.items() if label.startswith(start)]
        before = score_rows([text])
        with ablation.apply():
            assert score_rows([text]) != before, start
        assert score_rows([text]) == before, start
