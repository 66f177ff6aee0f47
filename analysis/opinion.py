"""Opinion vs synopsis: is a sentence the critic's judgement, or plot summary / description?

Multinomial naive Bayes over word uni/bigrams read without their negation marks (``data/opinion_model.json``,
trained by ``training/train.py`` on Pang & Lee's subjectivity data: Rotten Tomatoes opinion snippets vs IMDb plot
summaries, with critics' quotes as more opinions; its margin scaled by a temperature fitted on an inner fold, so that
the probabilities below mean what they say).
"Sam is locked in a bitter custody dispute" reads as plot summary however negative its words, so it does not move
aspect scores. A sentence that hedges, or one of whose clauses judges on its own, has its probability raised to the
threshold (:func:`analysis.scoring.opinion_floor`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from .features import features
from .learned import load_model

__all__ = ["JUDGEMENT_PROBABILITY", "JUDGEMENT_STRENGTH", "OPINION_THRESHOLD", "can_be_opinion", "hedge_floor",
           "is_opinion", "judges_strongly", "opinion_probabilities", "opinion_probability",
           "probability_from_features", "probability_from_margin", "probability_from_sum"]

OPINION_THRESHOLD = 0.5
# A sentence that judges strongly is an opinion even when its words look like plot summary to the model (real reviews
# name actors and characters in their judgements, which the training synopses do all the time), unless the model
# is nearly sure it is plot (P under JUDGEMENT_PROBABILITY: "There are some truly compelling moments, as when Sam has
# to attend custody hearings" has P 0.00; a clause that judges on its own is scoring.judging_clause's, which raises
# P itself, see scoring.opinion_floor). A coarse grid on the held-out subjectivity
# split was flat around these values (0.90-0.91 accuracy); they were taken from its middle, not its maximum. With the
# naive Bayes model (2026-12-02) a grid on an inner fold and on 960 labelled review sentences was flat again
# (0.933-0.948 and 0.791-0.799 for 0.02-0.3 x 0.2-0.6, benchmarks/RESULTS.md), so they stayed.
JUDGEMENT_PROBABILITY = 0.1
JUDGEMENT_STRENGTH = 0.3
_NO_DENSE: dict[str, float] = {}


def opinion_probability(text: str) -> float:
    """Probability (0..1) that ``text`` is the critic's judgement rather than plot summary."""
    return probability_from_features(features(text)) if text.strip() else 0.0


def probability_from_features(sparse: Sequence[str]) -> float:
    """:func:`opinion_probability` from the span's n-grams (``features.features``), already computed."""
    if not sparse:
        return 0.0
    return probability_from_margin(load_model("opinion").margin(sparse, _NO_DENSE))


def probability_from_sum(count: int, ngram_sum: float) -> float:
    """:func:`probability_from_features` from the number of the span's n-gram features and the sum of the opinion
    model's weights of them, already computed (``scoring.ngram_sums``, ``scoring.span_features``)."""
    if not count:
        return 0.0
    return probability_from_margin(load_model("opinion").margin_of(count, ngram_sum, _NO_DENSE))


def probability_from_margin(margin: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, margin))))


def opinion_probabilities(texts: Sequence[str]) -> list[float]:
    return [opinion_probability(text) for text in texts]


def hedge_floor(probability: float, hedged: bool) -> float:
    """The opinion probability of a sentence that hedges (``rules.toml``'s hedges: "only occasionally", "too
    rarely"): at least ``OPINION_THRESHOLD``, because a hedge grades the film, however much plot surrounds it ("...
    and the show only occasionally succeeds at making that into something moving"). In the dev data every hedged
    sentence is an opinion (5 of 5 in the subjectivity set, 1 of 1 among the 1,260 labelled review sentences)."""
    return max(probability, OPINION_THRESHOLD) if hedged else probability


def can_be_opinion(probability: float) -> bool:
    """Whether a sentence with this opinion probability may be the critic's judgement at all (whatever its score):
    below ``JUDGEMENT_PROBABILITY`` it never is, so its score need not be computed."""
    return probability >= JUDGEMENT_PROBABILITY


def is_opinion(probability: float, score: float | None) -> bool:
    """The critic's judgement: probably opinion, or a fair chance of it and a strong sentiment score (a margin of
    at least ``JUDGEMENT_STRENGTH``: see ``learned``). ``score`` is read only when :func:`can_be_opinion` (it may be
    None otherwise: not computed)."""
    if not can_be_opinion(probability):
        return False
    return probability >= OPINION_THRESHOLD or judges_strongly(score)


def judges_strongly(score: float) -> bool:
    """Whether a sentiment score stands for a margin of at least ``JUDGEMENT_STRENGTH`` either way."""
    return abs(load_model("sentiment").margin_from(score)) >= JUDGEMENT_STRENGTH
