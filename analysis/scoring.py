"""Scoring: sentiment of a span of text, in -1..1, with the words that moved it.

First version (plain VADER); the quality work replaces the internals behind the same functions.
This is the only module that imports vaderSentiment.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Score", "model_versions", "review_sentiment", "score_text", "score_texts"]


@dataclass(frozen=True, slots=True)
class Score:
    """A score in -1..1, the raw VADER compound, and the words that moved it (strongest first)."""

    value: float
    vader: float
    evidence: tuple[tuple[str, float], ...] = ()


@functools.cache
def _analyzer():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def score_text(text: str) -> Score:
    """Sentiment of one span."""
    if not text.strip():
        return Score(0.0, 0.0, ())
    analyzer = _analyzer()
    compound = analyzer.polarity_scores(text)["compound"]
    words = [(w, analyzer.lexicon[w.lower().strip(".,!?;:\"'")]) for w in text.split()
             if w.lower().strip(".,!?;:\"'") in analyzer.lexicon]
    evidence = tuple(sorted(words, key=lambda item: -abs(item[1]))[:8])
    return Score(compound, compound, tuple((w, v / 4) for w, v in evidence))


def score_texts(texts: Sequence[str]) -> list[Score]:
    """Sentiment of many spans (same results as score_text)."""
    return [score_text(text) for text in texts]


def review_sentiment(sentence_scores: Sequence[float], opinion_probs: Sequence[float]) -> float:
    """Overall judgement of a review: opinion-weighted mean of its sentences."""
    if not sentence_scores:
        return 0.0
    weights = [0.05 + p for p in opinion_probs]
    return sum(w * s for w, s in zip(weights, sentence_scores, strict=True)) / sum(weights)


def model_versions() -> dict[str, str]:
    """Versions of the data files behind the scores."""
    return {"scoring": "vader-3.3.2"}
