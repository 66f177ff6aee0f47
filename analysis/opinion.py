"""Opinion vs synopsis: is a sentence the critic's judgement, or plot summary? First version (a heuristic)."""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["OPINION_THRESHOLD", "opinion_probabilities", "opinion_probability"]

OPINION_THRESHOLD = 0.5

_OPINION = re.compile(
    r"\b(?:i|i'm|i've|me|my|we|us|you|film|movie|show|series|performance|performances|cast|script|director|"
    r"best|worst|good|bad|great|fun|funny|boring|well|better|odd|entertaining|compelling|should|would|could|"
    r"works?|fails?|succeeds?|manages?|credit|impressive|watchable)\b",
    re.IGNORECASE,
)


def opinion_probability(text: str) -> float:
    """Probability that ``text`` is the critic's judgement (heuristic placeholder)."""
    hits = len(_OPINION.findall(text))
    return min(1.0, 0.3 + 0.25 * hits)


def opinion_probabilities(texts: Sequence[str]) -> list[float]:
    return [opinion_probability(text) for text in texts]
