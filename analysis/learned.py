"""Learned: the small linear models shipped as JSON in ``analysis/data`` (no pickles, no code objects).

A model file holds ``name``, ``version``, ``intercept`` and ``weights`` (feature -> weight; dense features start
with ``__``, e.g. ``__vader``), plus how it was trained (``training``). ``training/train.py`` writes them.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .errors import InputError
from .resources import data_path

__all__ = ["LinearModel", "load_model"]


@dataclass(frozen=True, slots=True)
class LinearModel:
    """``intercept + sum(weight[f] for sparse f) + sum(weight[d] * value[d] for dense d)``."""

    name: str
    version: str
    intercept: float
    weights: Mapping[str, float]

    def margin(self, sparse: Iterable[str], dense: Mapping[str, float]) -> float:
        weights = self.weights
        total = self.intercept
        for feature in sparse:
            total += weights.get(feature, 0.0)
        for feature, value in dense.items():
            total += weights.get(feature, 0.0) * value
        return total

    def contributions(self, sparse: Iterable[str], dense: Mapping[str, float]) -> list[tuple[str, float]]:
        """Every non-zero feature's contribution to the margin, strongest first (for explanations)."""
        found: dict[str, float] = {}
        weights = self.weights
        for feature in sparse:
            weight = weights.get(feature)
            if weight:
                found[feature] = found.get(feature, 0.0) + weight
        for feature, value in dense.items():
            weight = weights.get(feature, 0.0) * value
            if weight:
                found[feature] = weight
        return sorted(found.items(), key=lambda item: -abs(item[1]))


@functools.cache
def load_model(name: str) -> LinearModel:
    """Load and validate ``analysis/data/<name>_model.json`` (cached)."""
    path = data_path(f"{name}_model.json")
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: model file missing; rebuild it with 'python training/train.py'") from None
    except json.JSONDecodeError as err:
        raise InputError(f"{path}: not valid JSON ({err.msg} at line {err.lineno})") from None
    missing = [key for key in ("name", "version", "intercept", "weights") if key not in raw]
    if missing:
        raise InputError(f"{path}: missing keys {', '.join(missing)}")
    weights = raw["weights"]
    if not isinstance(weights, dict) or not all(
        isinstance(v, (int, float)) and math.isfinite(v) for v in weights.values()
    ):
        raise InputError(f"{path}: 'weights' must map feature names to finite numbers")
    return LinearModel(str(raw["name"]), str(raw["version"]), float(raw["intercept"]), weights)
