"""Consensus: compare the critics aspect by aspect, and say it in one sentence built only from counted facts.

Agreement among the critics who mention an aspect in an opinion clause:

- ``none``: nobody does; ``only <critic>``: one critic does;
- ``disagree``: at least one critic's label is positive and another's negative, or their scores are at least
  ``Settings.disagree_gap`` apart and beyond the positive and negative thresholds;
- ``agree``: every label is the same and the spread is below ``disagree_gap``;
- ``mixed``: anything else (same direction but very different strength, or a neutral/mixed critic beside a
  positive or negative one).

Spread metrics are interchangeable small functions in :data:`METRICS` (CLI choices and dashboard options come
from its keys); the default is ``range`` (max - min).
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence

import pandas as pd

from .aggregate import label_score
from .errors import InputError
from .model import (
    CONSENSUS_BASE_COLUMNS,
    Agreement,
    AspectLabel,
    Settings,
    consensus_mentions_column,
    consensus_score_column,
)
from .resources import Taxonomy

__all__ = ["METRICS", "agreement", "consensus_frame", "consensus_sentence", "spread"]


def _range(scores: Sequence[float]) -> float:
    return max(scores) - min(scores) if len(scores) > 1 else 0.0


def _stdev(scores: Sequence[float]) -> float:
    return statistics.pstdev(scores) if len(scores) > 1 else 0.0


def _mean_abs_deviation(scores: Sequence[float]) -> float:
    if len(scores) < 2:
        return 0.0
    mean = sum(scores) / len(scores)
    return sum(abs(s - mean) for s in scores) / len(scores)


METRICS: dict[str, Callable[[Sequence[float]], float]] = {
    "range": _range,
    "std": _stdev,
    "mad": _mean_abs_deviation,
}


def spread(scores: Sequence[float], metric: str = "range") -> float:
    """Spread of the critics' scores by the named metric (one of :data:`METRICS`)."""
    try:
        function = METRICS[metric]
    except KeyError:
        raise InputError(f"unknown spread metric {metric!r} (available: {', '.join(METRICS)})") from None
    return function(scores)


def agreement(critics: Sequence[str], scores: Sequence[float], labels: Sequence[str], settings: Settings) -> str:
    """Agreement label of the critics who mention an aspect (see the module docstring)."""
    if not critics:
        return Agreement.NONE.value
    if len(critics) == 1:
        return f"{Agreement.ONLY.value} {critics[0]}"
    kinds = set(labels)
    gap = max(scores) - min(scores)
    opposite = max(scores) >= settings.positive_threshold and min(scores) <= settings.negative_threshold
    if {AspectLabel.POSITIVE.value, AspectLabel.NEGATIVE.value} <= kinds or (opposite and gap >= settings.disagree_gap):
        return Agreement.DISAGREE.value
    if len(kinds) == 1 and gap < settings.disagree_gap:
        return Agreement.AGREE.value
    return Agreement.MIXED.value


def _signed(score: float) -> str:
    return f"{score:+.2f}"


def _join(words: Sequence[str]) -> str:
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _everyone(count: int) -> str:
    return "Both critics" if count == 2 else f"All {count} critics"


def _aspect_summary(label: str, critics: list[str], scores: list[float], labels: list[str], kind: str,
                    total_critics: int) -> str:
    name = label.lower()
    if kind == Agreement.NONE.value:
        return f"No critic comments on the {name}."
    if kind.startswith(Agreement.ONLY.value):
        return f"Only {critics[0]} comments on the {name} ({labels[0]}, {_signed(scores[0])})."
    pairs = " vs ".join(f"{c} {_signed(s)}" for c, s in zip(critics, scores, strict=True))
    who = _everyone(len(critics)) if len(critics) == total_critics else f"{len(critics)} of {total_critics} critics"
    if kind == Agreement.AGREE.value:
        verb = {"positive": "praise", "negative": "criticise", "neutral": "are lukewarm on",
                "mixed": "are torn on"}[labels[0]]
        return f"{who} {verb} the {name} ({pairs})."
    if kind == Agreement.DISAGREE.value:
        return f"The critics split on the {name} ({pairs})."
    if set(labels) <= _NO_SIDE:  # torn beside lukewarm: no difference of degree to speak of
        details = ", ".join(f"{c} {_NO_SIDE_WORDS[lab]} {_signed(s)}" for c, s, lab in zip(critics, scores, labels,
                                                                                          strict=True))
        return f"{_nobody(len(critics))} takes a clear side on the {name} ({details})."
    if _NO_SIDE & set(labels):  # a side beside no side: say who takes which
        stances = [f"{c} {_STANCES[lab] + ' it' if lab in _STANCES else 'is ' + _NO_SIDE_WORDS[lab]} "
                   f"({_signed(s)})" for c, s, lab in zip(critics, scores, labels, strict=True)]
        return f"On the {name}, {_join(stances)}."
    return f"The critics differ in degree on the {name} ({pairs})."


_STANCES = {AspectLabel.POSITIVE.value: "praises", AspectLabel.NEGATIVE.value: "criticises"}


_NO_SIDE = {AspectLabel.NEUTRAL.value, AspectLabel.MIXED.value}
_NO_SIDE_WORDS = {AspectLabel.NEUTRAL.value: "lukewarm", AspectLabel.MIXED.value: "torn"}


def _stance(score: float, settings: Settings) -> str:
    """What a critic's score says of an aspect, by the label thresholds (the overall sentence has no labels)."""
    label = label_score(score, (), settings)
    return f"{_STANCES[label]} it" if label in _STANCES else "takes no clear side"


def _nobody(count: int) -> str:
    return "Neither critic" if count == 2 else "No critic"


def consensus_frame(aspects: pd.DataFrame, critics: Sequence[str], taxonomy: Taxonomy, settings: Settings,
                    *, metric: str = "range") -> pd.DataFrame:
    """One row per aspect: each critic's score and mentions, spread, agreement, rank, summary.

    Needs the aspects frame (``critic``, ``aspect``, ``score``, ``label``, ``mentions``). Example row::

        aspect  aspect_label  critics_mentioning  mean_score  spread  agreement  divisiveness_rank  summary ...
        music   Music         2                   0.05        0.62    disagree   1                  The critics split...
    """
    spread(tuple(), metric)  # validates the name before any work
    entries: dict[str, dict[str, tuple]] = {}  # aspect -> critic -> row: one pass, not one filter per aspect
    for row in aspects[["aspect", "critic", "score", "label", "mentions"]].itertuples(index=False):
        entries.setdefault(row.aspect, {})[row.critic] = row
    rows = []
    for aspect in taxonomy.aspects:
        by_critic = entries.get(aspect.id, {})
        mentioned = [c for c in critics if c in by_critic and by_critic[c].mentions > 0
                     and pd.notna(by_critic[c].score)]
        scores = [float(by_critic[c].score) for c in mentioned]
        labels = [str(by_critic[c].label) for c in mentioned]
        kind = agreement(mentioned, scores, labels, settings)
        row = {
            "aspect": aspect.id,
            "aspect_label": aspect.label,
            "critics_mentioning": len(mentioned),
            "mean_score": sum(scores) / len(scores) if scores else None,
            "spread": spread(scores, metric),
            "agreement": kind,
            "divisiveness_rank": None,
            "summary": _aspect_summary(aspect.label, mentioned, scores, labels, kind, len(critics)),
        }
        for critic in critics:
            entry = by_critic.get(critic)
            has_score = entry is not None and entry.mentions > 0 and pd.notna(entry.score)
            row[consensus_score_column(critic)] = float(entry.score) if has_score else None
            row[consensus_mentions_column(critic)] = int(entry.mentions) if entry is not None else 0
        rows.append(row)
    columns = list(CONSENSUS_BASE_COLUMNS) + [
        column for critic in critics for column in (consensus_score_column(critic), consensus_mentions_column(critic))
    ]
    frame = pd.DataFrame(rows, columns=columns)
    frame["mean_score"] = frame["mean_score"].astype("float64")
    for critic in critics:
        frame[consensus_score_column(critic)] = frame[consensus_score_column(critic)].astype("float64")
    ranked = frame[frame["critics_mentioning"] >= 2].sort_values(
        ["spread", "critics_mentioning"], ascending=[False, False], kind="stable"
    )
    frame["divisiveness_rank"] = pd.Series(range(1, len(ranked) + 1), index=ranked.index, dtype="Int64")
    frame["divisiveness_rank"] = frame["divisiveness_rank"].astype("Int64")
    return frame


def consensus_sentence(consensus: pd.DataFrame, critics: Sequence[str], settings: Settings | None = None) -> str:
    """One plain-language sentence from the counted facts in a consensus frame.

    "Both critics praise the dance; they split on the music (A +0.52 vs B -0.20); they differ in degree on the
    story; on the direction, A takes no clear side and B criticises it; neither critic takes a clear side on the
    acting; only B comments on the pacing." Score pairs are given for splits only, to keep it one readable line. A
    side is a score at or beyond ``settings``' label thresholds.
    """
    if len(critics) < 2:
        return "Add a second review to compare critics."
    settings = settings or Settings()
    agree_positive, agree_negative, split, degree, no_side, only = [], [], [], [], [], []
    leaning: list[str] = []  # "on the direction, A takes no clear side and B criticises it"
    for row in consensus.to_dict("records"):
        kind = row["agreement"]
        name = row["aspect_label"].lower()
        present = [(c, row[consensus_score_column(c)]) for c in critics if pd.notna(row[consensus_score_column(c)])]
        pairs = " vs ".join(f"{c} {_signed(s)}" for c, s in present)
        sides = [label_score(s, (), settings) in _STANCES for _, s in present]
        if kind in (Agreement.AGREE.value, Agreement.MIXED.value) and not any(sides):
            no_side.append(name)
        elif kind == Agreement.AGREE.value:
            (agree_positive if row["mean_score"] > 0 else agree_negative).append(name)
        elif kind == Agreement.DISAGREE.value:
            split.append(f"{name} ({pairs})")
        elif kind == Agreement.MIXED.value and not all(sides):  # a side beside no side: who takes which
            stances = [f"{c} {_stance(s, settings)}" for c, s in present]
            leaning.append(f"on the {name}, {_join(stances)}")
        elif kind == Agreement.MIXED.value:
            degree.append(name)
        elif kind.startswith(Agreement.ONLY.value):
            only.append((kind[len(Agreement.ONLY.value) + 1:], name))
    who = _everyone(len(critics))
    parts = []
    if agree_positive:
        parts.append(f"{who} praise the {_join(agree_positive)}")
    if agree_negative:
        parts.append(f"{who.lower() if parts else who} criticise the {_join(agree_negative)}")
    if split:
        parts.append(f"they split on the {_join(split)}" if parts else f"The critics split on the {_join(split)}")
    if degree:
        text = f"differ in degree on the {_join(degree)}"
        parts.append(f"they {text}" if parts else f"The critics {text}")
    for text in leaning:
        parts.append(text if parts else text[0].upper() + text[1:])
    if no_side:
        text = f"{_nobody(len(critics))} takes a clear side on the {_join(no_side)}"
        parts.append((text[0].lower() + text[1:]) if parts else text)
    by_critic: dict[str, list[str]] = {}
    for critic, name in only:
        by_critic.setdefault(critic, []).append(name)
    for critic, names in by_critic.items():
        text = f"only {critic} comments on the {_join(names)}"
        parts.append(text if parts else text[0].upper() + text[1:])
    if not parts:
        return "The critics' opinions touch no aspect of the taxonomy."
    return "; ".join(parts) + "."
