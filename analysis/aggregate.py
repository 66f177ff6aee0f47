"""Aggregate: clause and sentence scores become the rows of the tables (sentence, mention, review x aspect, review).

Aspect score = weighted mean of the opinion clauses that mention the aspect, taken on their margins (a score is
``tanh(output_scale * margin)``: see ``learned``) and turned back into a score, each weighted ``0.25 + |margin|``: a
clause that takes a side counts more than a neutral mention ("the music is by X"), but neutral mentions still pull
an aspect towards 0. Labels use the thresholds in :class:`~analysis.model.Settings`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .learned import load_model
from .model import AspectLabel, Clause, Review, Settings

if TYPE_CHECKING:
    from .pipeline import TextAnalysis
    from .resources import Taxonomy
    from .scoring import Score

__all__ = [
    "NEUTRAL_WEIGHT",
    "aspect_rows",
    "format_evidence",
    "label_score",
    "mention_rows",
    "positive_share",
    "review_row",
    "sentence_rows",
    "weighted_score",
]

NEUTRAL_WEIGHT = 0.25


def weighted_score(scores: Sequence[float]) -> float | None:
    """Weighted mean of ``scores`` on their margins (weights ``0.25 + |margin|``), as a score; None when there are
    none."""
    if not scores:
        return None
    model = load_model("sentiment")
    margins = [model.margin_from(s) for s in scores]
    weights = [NEUTRAL_WEIGHT + abs(m) for m in margins]
    return model.score_of(sum(w * m for w, m in zip(weights, margins, strict=True)) / sum(weights))


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


def format_evidence(score: Score) -> str:
    """``"word:+0.42; other:-0.10"``: the words or features that moved a score, strongest first."""
    return "; ".join(f"{word}:{weight:+.2f}" for word, weight in score.evidence)


def sentence_rows(review: Review, result: TextAnalysis) -> list[dict[str, Any]]:
    """Rows of the sentences table for one review (columns: model.SENTENCE_COLUMNS)."""
    aspects_of: dict[int, list[str]] = {}
    for clause, tags in zip(result.clauses, result.tags, strict=True):
        bucket = aspects_of.setdefault(clause.sentence, [])
        bucket.extend(a for a in tags if a not in bucket)
    last = max(len(result.sentences) - 1, 1)
    return [
        {
            "review_id": review.review_id, "critic": review.critic, "sentence": i, "start": sentence.start,
            "end": sentence.end, "text": sentence.text, "opinion": result.is_opinion(i),
            "opinion_prob": result.opinion_probs[i], "aspects": ";".join(aspects_of.get(i, [])),
            "score": score.value, "vader": score.vader, "position": i / last, "evidence": format_evidence(score),
        }
        for i, (sentence, score) in enumerate(zip(result.sentences, result.sentence_scores, strict=True))
    ]


def mention_rows(review: Review, result: TextAnalysis) -> list[dict[str, Any]]:
    """Rows of the mentions table for one review: one per clause and aspect (columns: model.MENTION_COLUMNS)."""
    return [
        {
            "review_id": review.review_id, "critic": review.critic, "aspect": aspect_id,
            "sentence": clause.sentence, "clause": clause.index, "start": clause.start, "end": clause.end,
            "text": clause.text, "cues": ";".join(dict.fromkeys(cues)), "opinion": result.is_opinion(clause.sentence),
            "score": score.value, "evidence": format_evidence(score),
        }
        for clause, score, tags in zip(result.clauses, result.clause_scores, result.tags, strict=True)
        for aspect_id, cues in tags.items()
    ]


def _quote(pick: tuple[Clause, Score] | None, prefix: str) -> dict[str, Any]:
    clause, score = pick if pick else (None, None)
    return {
        f"{prefix}_quote": clause.text if clause else "",
        f"{prefix}_start": clause.start if clause else None,
        f"{prefix}_end": clause.end if clause else None,
        f"{prefix}_score": score.value if score else None,
    }


def aspect_rows(review: Review, result: TextAnalysis, taxonomy: Taxonomy, settings: Settings) -> list[dict[str, Any]]:
    """Rows of the aspects table for one review: one per taxonomy aspect (columns: model.ASPECT_COLUMNS)."""
    found: dict[str, list[tuple[Clause, Score, bool]]] = {}
    for clause, score, tags in zip(result.clauses, result.clause_scores, result.tags, strict=True):
        for aspect_id in tags:
            found.setdefault(aspect_id, []).append((clause, score, result.is_opinion(clause.sentence)))
    rows = []
    for aspect in taxonomy.aspects:
        mentions = found.get(aspect.id, [])
        counted = [(clause, score) for clause, score, opinion in mentions if opinion or settings.include_synopsis]
        values = [score.value for _, score in counted]
        aggregate = weighted_score(values)
        best = max(counted, key=lambda pair: pair[1].value, default=None)
        worst = min(counted, key=lambda pair: pair[1].value, default=None)
        rows.append({
            "review_id": review.review_id, "critic": review.critic, "aspect": aspect.id,
            "aspect_label": aspect.label, "score": aggregate, "label": label_score(aggregate, values, settings),
            "mentions": len(counted),
            "positive": sum(1 for v in values if v >= settings.positive_threshold),
            "negative": sum(1 for v in values if v <= settings.negative_threshold),
            "synopsis_mentions": sum(1 for _, _, opinion in mentions if not opinion),
            **_quote(best if best and best[1].value >= settings.positive_threshold else None, "best"),
            **_quote(worst if worst and worst[1].value <= settings.negative_threshold else None, "worst"),
        })
    return rows


def review_row(review: Review, result: TextAnalysis, film: str, settings: Settings) -> dict[str, Any]:
    """The row of the reviews table for one review (columns: model.REVIEW_COLUMNS)."""
    opinion_scores = [s.value for i, s in enumerate(result.sentence_scores) if result.is_opinion(i)]
    overall = result.overall()
    count = len(result.sentences)
    return {
        "review_id": review.review_id, "critic": review.critic, "title": review.title, "source": review.source,
        "film": film, "chars": len(review.text), "sentences": count,
        "opinion_sentences": len(opinion_scores), "synopsis_sentences": count - len(opinion_scores),
        "removed_chars": result.removed_chars, "score": overall,
        "score_100": None if overall is None else round((overall + 1) * 50, 1),
        "positive_share": positive_share(opinion_scores, settings),
        "label": label_score(overall, opinion_scores, settings) if opinion_scores else "",
    }
