"""Tests for analysis/opinion.py: critic's judgement vs plot summary."""

from __future__ import annotations

import math

import pytest

from analysis.evaluation import read_opinion_labels
from analysis.opinion import (
    JUDGEMENT_PROBABILITY,
    OPINION_THRESHOLD,
    can_be_opinion,
    is_opinion,
    opinion_probabilities,
    opinion_probability,
)
from analysis.pipeline import summarise_text

from .conftest import DATA


@pytest.mark.parametrize(
    "text",
    [
        # Seed 002: plot summary with strongly negative words is still plot summary.
        "Soon, Sam is locked in a bitter custody dispute with his late girlfriend's mother.",
        "After his release from prison, he travels to Los Angeles to find his estranged brother.",
        "she falls in love with a struggling musician and moves to new york .",
    ],
)
def test_opinion_probability_synopsis(text):
    """Plot summary is below the threshold."""
    assert opinion_probability(text) < OPINION_THRESHOLD


@pytest.mark.parametrize(
    "text",
    [
        "This doesn't work so well when the actors don't have musical experience.",
        "The film is a dull, overlong mess.",
        "a charming and often affecting journey .",
        # A critic's verdict on the show as a whole.
        "It leaves you with some good-looking numbers.",
    ],
)
def test_opinion_probability_judgement(text):
    """The critic's judgements are above the threshold."""
    assert opinion_probability(text) >= OPINION_THRESHOLD


@pytest.mark.parametrize("text", ["", "   "])
def test_opinion_probability_blank(text):
    """Blank text is not an opinion."""
    assert opinion_probability(text) == 0.0


def test_opinion_probabilities_batch_equals_single():
    """The batch path gives the same numbers, each a probability."""
    texts = ["A wonderful film.", "", "He moves to Paris.", "x" * 3000]
    batch = opinion_probabilities(texts)
    assert batch == [opinion_probability(t) for t in texts]
    assert all(math.isfinite(p) and 0.0 <= p <= 1.0 for p in batch)


def test_is_opinion_strong_score_rescues_borderline():
    """A fair chance of opinion plus a strong score counts as opinion; a weak score does not."""
    assert is_opinion(0.2, -0.8)  # a margin of -0.37 (scores are tanh(3 * margin))
    assert not is_opinion(0.2, -0.6)  # -0.23: under JUDGEMENT_STRENGTH's 0.3
    assert not is_opinion(0.2, 0.05)
    assert not is_opinion(0.01, 0.9)


def test_under_the_judgement_bound_nothing_is_an_opinion():
    """can_be_opinion is the bound under which is_opinion is false whatever the score (so the batch path need not
    score such a sentence, and passes None)."""
    assert OPINION_THRESHOLD >= JUDGEMENT_PROBABILITY
    below = JUDGEMENT_PROBABILITY / 2
    assert not can_be_opinion(below) and can_be_opinion(JUDGEMENT_PROBABILITY)
    assert not any(is_opinion(below, score) for score in (-1.0, 0.0, 1.0, None))
    assert is_opinion(OPINION_THRESHOLD, None)  # probably opinion: the score is not read


def test_opinion_on_labelled_review_sentences_has_floor():
    """Sentences of real whole reviews (held-out, labelled by careful reading; 60% opinion): the decision `score`
    writes stays above a floor. Measured 0.78 on 2026-12-01 (benchmarks/quality.py); the floor guards against
    regressions of the opinion model or its rules on text that mixes plot and judgement."""
    rows = read_opinion_labels(DATA / "opinion_review_sentences.tsv")
    assert len(rows) == 300
    correct = sum(summarise_text(text).opinion == label for text, label in rows)
    assert correct / len(rows) >= 0.75


def test_a_hedged_sentence_counts_as_opinion():
    """A hedge grades the film, however much plot surrounds it: its probability is at least the threshold."""
    from analysis import opinion as opinion_module
    from analysis.features import tokenize
    from analysis.pipeline import analyse_text
    from analysis.scoring import hedged

    assert opinion_module.hedge_floor(0.05, True) == opinion_module.OPINION_THRESHOLD
    assert opinion_module.hedge_floor(0.8, True) == 0.8
    assert opinion_module.hedge_floor(0.05, False) == 0.05
    assert hedged(tokenize("The show only occasionally succeeds.")) and not hedged(tokenize("It occasionally rains."))
    text = ("Nellie moves to Los Angeles with her sister and meets Sam, and the show only occasionally succeeds at "
            "making that into something moving.")
    result = analyse_text(text)
    assert result.opinion_probs[0] >= opinion_module.OPINION_THRESHOLD and result.is_opinion(0)


@pytest.mark.parametrize("text", [
    "Tom Hanks plays a small-town lawyer who defends his brother, a mechanic accused of murdering his boss in a "
    "Chicago warehouse, but I have never seen him give a more moving performance.",
    "Anna returns to her village after the war to find her husband's family living in her house, and frankly the "
    "script is a mess.",
    "The detective follows the killer to Paris, where he meets the woman who sold him the gun, while I kept wishing "
    "the movie would end.",
])
def test_a_judging_clause_makes_a_plot_sentence_an_opinion(text):
    """A clause that judges counts, however much plot surrounds it: the whole reads as plot summary to the model,
    the clause on its own as judgement, so the sentence's probability is raised to the threshold."""
    from analysis import opinion as opinion_module
    from analysis.pipeline import analyse_text, summarise_text
    from analysis.scoring import judging_clause, plain_tokens

    assert opinion_probability(text) < opinion_module.JUDGEMENT_PROBABILITY
    assert judging_clause(plain_tokens(text)[1])
    result = analyse_text(text)
    assert result.opinion_probs[0] == opinion_module.OPINION_THRESHOLD and result.is_opinion(0)
    assert summarise_text(text).opinion


def test_a_probable_opinion_clause_that_judges_strongly_counts():
    """A clause the model finds probably an opinion (P >= 0.5, under judging_clause_probability) counts when it
    judges strongly, as a whole sentence does (opinion.is_opinion); a probable-opinion clause that barely judges
    does not."""
    from analysis import opinion as opinion_module
    from analysis.scoring import judging_clause, plain_tokens

    text = ("There are some wonderfully moving moments, as when Sam has to attend custody hearings concerning his "
            "son, or when Nellie has to endure her mother's psychological pressures over her life choices.")
    assert opinion_probability(text) < opinion_module.JUDGEMENT_PROBABILITY
    assert opinion_module.OPINION_THRESHOLD <= opinion_probability("There are some wonderfully moving moments") < 0.8
    assert judging_clause(plain_tokens(text)[1])
    flat = ("There are some moments, as when Sam has to attend custody hearings concerning his son, or when Nellie "
            "has to endure her mother's psychological pressures over her life choices.")
    assert opinion_probability("There are some moments") >= opinion_module.OPINION_THRESHOLD  # probable, not strong
    assert not judging_clause(plain_tokens(flat)[1])


@pytest.mark.parametrize("text", [
    "Sam, a young widower who lives in Los Angeles, fights for custody of his son.",
    "The family moves to Boston, where the father takes a job at a bank, and the mother, who hates the city, starts "
    "drinking.",
    "Frankly the script is a mess.",  # one clause: the whole sentence is the clause the model reads
])
def test_plot_clauses_and_single_clauses_do_not_trigger_the_floor(text):
    from analysis.scoring import judging_clause, plain_tokens

    assert not judging_clause(plain_tokens(text)[1])


def test_the_judging_clause_rule_turns_off_at_probability_one(monkeypatch):
    from analysis import scoring

    text = "Anna returns to her village after the war, and frankly the script is a mess."
    assert scoring.judging_clause(scoring.plain_tokens(text)[1])
    monkeypatch.setattr(scoring, "_rules", lambda rules=dict(scoring._rules(), judging_clause_probability=1): rules)
    assert not scoring.judging_clause(scoring.plain_tokens(text)[1])
