"""Learned: the small linear models shipped as JSON in ``analysis/data`` (no pickles, no code objects).

A model file holds ``name``, ``version``, ``intercept`` and ``weights`` (feature -> weight; dense features start
with ``__``, e.g. ``__vader``), plus how it was trained (``training``). ``training/train.py`` writes them.
Optional keys (format 2):

- ``weight_groups``: more weights, grouped by value: a list of ``[weight, [feature, ...]]`` pairs (instead of, or
  beside, ``weights``; a feature may appear once in all of them). For a model whose weights take few distinct
  values (the opinion model's naive Bayes log-count ratios: 228k features, ~2,900 values) the file is a third
  smaller and decodes ~3x faster, which every start of the CLI and the dashboard pays;
- ``ngram_scale``: the sum of the n-gram weights is multiplied by ``ngram_scale / sqrt(number of n-grams)``, so a
  long sentence does not pile up weight just by having more words (0 or absent: a plain sum);
- ``word_weights``: word -> weight, summed over the text's known words and divided by ``sqrt(their count)`` (a word
  in a negation's scope counts ``negated_word_factor`` times its weight). These
  come from a ridge fit over word vectors (a PPMI+SVD embedding of the training corpus) collapsed into one number per
  word, so a word that is rare in the rated sentences still gets the weight of the words it is used like;
- ``output_scale``: the score of a margin is ``tanh(output_scale * margin)`` (0 or absent: the margin clipped to
  -1..1). A margin is a sum of evidence; the tanh maps it onto the scale of a mean human rating (rating / 4), which
  flattens towards the ends: a sentence twice as strongly worded is not rated twice as high;
- ``negation``: ``"ignored"`` for a model that reads its n-grams without negation marks, each unmarked form once
  (``features.unmarked``: ``not_fan`` weighs what ``fan`` weighs; the opinion model), ``"marked"`` (the default)
  otherwise.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import repeat

from .errors import InputError
from .features import WeightTable, unmarked_once
from .resources import data_path

__all__ = ["LinearModel", "load_model", "paired_weights", "parse_model"]

_REQUIRED = ("name", "version", "intercept")
_LAST_BELOW_ONE = math.nextafter(1.0, 0.0)  # tanh of a margin beyond ~19 / output_scale rounds to 1.0


@dataclass(frozen=True, slots=True)
class LinearModel:
    """``intercept + ngram part + word part + sum(weight[d] * value[d] for dense d)``.

    :param weights: n-gram and dense (``__``-prefixed) feature weights.
    :param ngram_scale: 0 for a plain sum of n-gram weights, else the sum times ``ngram_scale / sqrt(n)``.
    :param word_weights: per-word weights, summed over known words and divided by ``sqrt(count)``.
    """

    name: str
    version: str
    intercept: float
    weights: Mapping[str, float]
    ngram_scale: float = 0.0
    word_weights: Mapping[str, float] = field(default_factory=dict)
    negated_word_factor: float = 1.0
    ignores_negation: bool = False
    phrase_counts: Mapping[str, float] = field(default_factory=dict)  # idiom feature -> training texts holding it
    output_scale: float = 0.0

    word_lookup: Mapping[str, float] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        # One lookup per word at run time: "not_<word>" keys carry the negated weight. They stay when the factor is
        # 0: a negated word still counts in the sqrt(count) the word part is divided by, as in training.
        factor = self.negated_word_factor
        lookup = dict(self.word_weights)
        lookup.update({f"not_{word}": weight * factor for word, weight in self.word_weights.items()})
        object.__setattr__(self, "word_lookup", lookup)

    def word_contributions(self, words: Iterable[str]) -> list[tuple[str, float]]:
        """(word, weight before the ``sqrt(count)`` division) of every known word; a word in a negation's scope
        (``not_good``) weighs ``negated_word_factor`` times the word's own weight."""
        lookup = self.word_lookup
        return [(word, lookup[word]) for word in words if word in lookup]

    def score_of(self, margin: float) -> float:
        """The score (-1..1) of a margin: ``tanh(output_scale * margin)``, or the margin clipped to -1..1."""
        if self.output_scale:
            return math.tanh(self.output_scale * margin)
        return max(-1.0, min(1.0, margin))

    def margin_from(self, score: float) -> float:
        """The margin a score came from (:meth:`score_of` undone; a clipped margin comes back as +-1), so that scores
        are combined as the evidence they stand for, then turned back into a score."""
        if self.output_scale:
            return math.atanh(max(-_LAST_BELOW_ONE, min(_LAST_BELOW_ONE, score))) / self.output_scale
        return score

    def _ngram_factor(self, count: int) -> float:
        return self.ngram_scale / math.sqrt(count) if self.ngram_scale and count else 1.0

    def margin(self, sparse: Sequence[str], dense: Mapping[str, float], words: Iterable[str] = (), *,
               ngram_sum: float | None = None) -> float:
        """The model's output. ``ngram_sum``: the sum of the weights of ``sparse``, when the caller has it already
        (:func:`paired_weights`)."""
        weights = self.weights
        if ngram_sum is None:
            ngram_sum = sum(map(weights.get, unmarked_once(sparse) if self.ignores_negation else sparse, repeat(0.0)))
        return self.margin_of(len(sparse), ngram_sum, dense, words)

    def margin_of(self, count: int, ngram_sum: float, dense: Mapping[str, float], words: Iterable[str] = (), *,
                  word_sums: tuple[float, int] | None = None) -> float:
        """:meth:`margin` from the number of n-gram features and the sum of their weights. ``word_sums``: the sum
        and the count of the ``word_lookup`` weights of ``words``, when the caller has them (then ``words`` is not
        read)."""
        weights = self.weights
        if self.word_weights and word_sums is None:
            found = [weight for weight in map(self.word_lookup.get, words) if weight is not None]
            word_sums = sum(found), len(found)
        total = self.intercept + self.learned_part(count, ngram_sum, word_sums)
        for feature, value in dense.items():
            total += weights.get(feature, 0.0) * value
        return total

    def learned_part(self, count: int, ngram_sum: float, word_sums: tuple[float, int] | None) -> float:
        """The margin's n-gram and word parts (what the model learned of words, beside its dense features), from
        :meth:`margin_of`'s arguments."""
        part = ngram_sum * self._ngram_factor(count)
        if self.word_weights and word_sums and word_sums[1]:
            part += word_sums[0] / math.sqrt(word_sums[1])
        return part

    def contributions(
        self, sparse: Sequence[str], dense: Mapping[str, float], words: Iterable[str] = ()
    ) -> list[tuple[str, float]]:
        """Every non-zero feature's contribution to the margin, strongest first (for explanations).

        A word's own weight (``word_weights``) and its unigram weight are reported together under the word.
        """
        found: dict[str, float] = {}
        weights = self.weights
        factor = self._ngram_factor(len(sparse))
        for feature in sparse:
            weight = weights.get(feature)
            if weight:
                found[feature] = found.get(feature, 0.0) + weight * factor
        for feature, value in dense.items():
            weight = weights.get(feature, 0.0) * value
            if weight:
                found[feature] = weight
        if self.word_weights:
            known = self.word_contributions(words)
            if known:
                root = math.sqrt(len(known))
                for word, weight in known:
                    found[word] = found.get(word, 0.0) + weight / root
        return sorted(found.items(), key=lambda item: -abs(item[1]))


def _finite_map(path: object, raw: dict, key: str) -> dict[str, float]:
    table = raw.get(key, {})
    if not isinstance(table, dict):
        raise InputError(f"{path}: {key!r} must be an object mapping features to numbers, got {type(table).__name__}")
    # Fast path (100k weights load on every cold start): all plain numbers with a finite sum are all finite.
    values = table.values()
    if set(map(type, values)) <= {float, int} and math.isfinite(sum(values)):
        return table
    for feature, value in table.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise InputError(f"{path}: {key!r} must map features to finite numbers; {feature!r} has {value!r}")
    return table  # finite values whose sum overflowed


def _grouped(path: object, groups: object, weights: dict[str, float]) -> dict[str, float]:
    """``weights`` with the features of ``weight_groups`` (``[[weight, [feature, ...]], ...]``) added."""
    shape = f"{path}: 'weight_groups' must be a list of [weight, [feature, ...]] pairs"
    if not isinstance(groups, list):
        raise InputError(f"{shape}, got {type(groups).__name__}")
    merged = dict(weights)
    expected = len(merged)
    for group in groups:
        if not (isinstance(group, list) and len(group) == 2 and isinstance(group[1], list)):
            raise InputError(f"{shape}; found {str(group)[:60]}")
        weight, features = group
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not math.isfinite(weight):
            raise InputError(f"{path}: 'weight_groups' weights must be finite numbers, got {weight!r}")
        if not set(map(type, features)) <= {str}:
            bad = next(feature for feature in features if not isinstance(feature, str))
            raise InputError(f"{path}: 'weight_groups' features must be strings, got {bad!r}")
        merged.update(dict.fromkeys(features, float(weight)))
        expected += len(features)
    if len(merged) != expected:  # a feature twice
        seen: set[object] = set(weights)
        for _, features in groups:
            for feature in features:
                if feature in seen:
                    raise InputError(f"{path}: feature {feature!r} has two weights in 'weight_groups'/'weights'")
                seen.add(feature)
    return merged


def parse_model(raw: object, path: object = "<model>") -> LinearModel:
    """Validate a decoded model file and build the :class:`LinearModel` (errors name the file and the key)."""
    if not isinstance(raw, dict):
        raise InputError(f"{path}: expected a JSON object, got {type(raw).__name__}")
    missing = [key for key in _REQUIRED if key not in raw]
    if "weights" not in raw and "weight_groups" not in raw:
        missing.append("weights")
    if missing:
        raise InputError(f"{path}: missing keys {', '.join(missing)} (a model file has {', '.join(_REQUIRED)} and "
                         "weights or weight_groups)")
    weights = _finite_map(path, raw, "weights")
    if "weight_groups" in raw:
        weights = _grouped(path, raw["weight_groups"], weights)
    word_weights = _finite_map(path, raw, "word_weights")
    numbers = {}
    for key, default in (("intercept", 0.0), ("ngram_scale", 0.0), ("negated_word_factor", 1.0),
                         ("output_scale", 0.0)):
        value = raw.get(key, default)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise InputError(f"{path}: {key!r} must be a finite number, got {value!r}")
        numbers[key] = float(value)
    for key in ("ngram_scale", "output_scale"):
        if numbers[key] < 0:
            raise InputError(f"{path}: {key!r} must be >= 0, got {numbers[key]}")
    negation = raw.get("negation", "marked")
    if negation not in ("marked", "ignored"):
        raise InputError(f"{path}: 'negation' must be \"marked\" or \"ignored\", got {negation!r}")
    return LinearModel(str(raw["name"]), str(raw["version"]), numbers["intercept"], weights,
                       numbers["ngram_scale"], word_weights, numbers["negated_word_factor"], negation == "ignored",
                       _finite_map(path, raw, "phrase_counts"), numbers["output_scale"])


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
    return parse_model(raw, path)


def paired_weights(first: LinearModel, second: LinearModel) -> WeightTable:
    """Both models' n-gram weights as one table (:class:`analysis.features.WeightTable`): one lookup per feature
    gives both sums, the first model's as the real part and the second's as the imaginary part (to the last bit on
    CPython 3.11; later versions compensate float sums, which can differ in the last bit)."""
    if first.ignores_negation:
        raise ValueError("paired_weights: the first model must read negation-marked features")
    return WeightTable(first.weights, second.weights, second_unmarked=second.ignores_negation)
