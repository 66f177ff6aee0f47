"""Features: the tokens and n-grams the trained models read, the same for raw and pre-tokenised text.

Raw review text ("doesn’t", capitals, curly quotes) and the tokenised, lower-cased research data ("does n't",
"doesn ' t") give the same tokens. Words in a negation's scope are marked (``not_good``), the way sentiment
classifiers since Pang & Lee (2002) do: a scope runs from "not"/"n't"/"never"/"no"/... to the next punctuation or
contrast word.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Mapping, Sequence
from functools import reduce
from itertools import repeat

from .speedups import native

__all__ = ["NEGATORS", "WeightTable", "features", "marked_tokens", "ngrams", "tokenize", "unigrams", "unmarked",
           "unmarked_once"]

_SPLIT_CONTRACTION = re.compile(r"\s+(n't|'s|'re|'ve|'ll|'d|'m)\b")
_SPACED_APOSTROPHE = re.compile(r"(\w) ' (t|s|re|ve|ll|d|m)\b")
_TOKEN = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*|[!?]|[.,;:]")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u02bc": "'"})

NEGATORS = frozenset({
    "not", "no", "never", "nothing", "none", "nobody", "neither", "nor", "without", "hardly", "barely", "cannot",
    "nowhere", "lacks", "lacking", "fails", "failed", "fail",
})
_SCOPE_END = frozenset({".", ",", ";", ":", "!", "?", "but", "yet", "though", "although", "however", "while"})


def tokenize(text: str) -> list[str]:
    """Lower-case word tokens plus ``! ? . , ; :``; contractions joined ("does n't" -> "doesn't")."""
    # For ASCII text the quote table changes only "`"; a translate call looks up every character.
    text = (text.replace("`", "'") if text.isascii() else text.translate(_QUOTES)).lower()
    if "'" in text:
        if " ' " in text:  # "doesn ' t" (every match of the pattern holds " ' ")
            text = _SPACED_APOSTROPHE.sub(r"\1'\2", text)
        text = _SPLIT_CONTRACTION.sub(r"\1", text)
    return native.tokens(text) if native is not None else _TOKEN.findall(text)


def features(text: str) -> list[str]:
    """Unigrams (negation-marked) and bigrams of ``text``: the sparse features of the linear models."""
    return ngrams(tokenize(text))


def ngrams(tokens: list[str]) -> list[str]:
    """Negation-marked unigrams and bigrams of already tokenised text (see :func:`features`).

    Scope ends (punctuation, "but", "though", ...) close a negation and are not features themselves, except "!" and
    "?"; so "not good, but fun" gives ``not_good``, ``fun`` and the bigram ``not_good fun``.
    """
    if native is not None:
        return native.ngrams(tokens, _SCOPE_END, NEGATORS)
    return _ngrams(tokens)


def marked_tokens(tokens: Sequence[str]) -> list[tuple[str, int]]:
    """The unigrams of :func:`ngrams` in text order, each with its token's position, repeats included: scope ends
    left out (but "!" and "?"), words in a negation's scope marked ``not_``."""
    marked: list[tuple[str, int]] = []
    append = marked.append
    negated = False
    for position, token in enumerate(tokens):
        if token in _SCOPE_END:
            negated = False
            if token == "!" or token == "?":
                append((token, position))
            continue
        append(("not_" + token if negated else token, position))
        if not negated and (token in NEGATORS or token.endswith("n't")):
            negated = True
    return marked


def _ngrams(tokens: list[str]) -> list[str]:
    marked = [word for word, _ in marked_tokens(tokens)]
    # Each feature once: the models are trained on presence, not counts.
    return list(dict.fromkeys(marked + [f"{a} {b}" for a, b in zip(marked, marked[1:], strict=False)]))


def unigrams(sparse: list[str]) -> list[str]:
    """The unigrams among :func:`ngrams`' features (each once, ``not_``-marked in a negation's scope, plus "!" and
    "?"): what the word weights of the sentiment model read."""
    return [feature for feature in sparse if " " not in feature]


def unmarked(feature: str) -> str:
    """A feature without its negation marks (``not_a not_fan`` -> ``a fan``): what a model that ignores negation
    (the opinion model: whether a sentence judges does not depend on a "not") looks up."""
    if "not_" not in feature:
        return feature
    return " ".join(token[4:] if token.startswith("not_") else token for token in feature.split(" "))


def unmarked_once(sparse: list[str]) -> list[str]:
    """What a model that ignores negation reads of ``sparse``: each :func:`unmarked` form once, in the order of its
    first feature ("fan ... not fan" gives "fan" once)."""
    return list(dict.fromkeys(map(unmarked, sparse)))


class WeightTable:
    """Two models' feature weights, looked up together: a feature's weight is ``first + 1j * second`` (0 where a
    model lacks the feature), so one lookup per feature gives both models' sums, as the real and imaginary parts of
    one complex sum (complex addition adds the parts separately: each part is that model's own float sum, in the
    same order; every sum here is a plain left-to-right addition, in C and in Python alike). A C table when the
    speed-ups are built, so that no bigram is made into a string.

    ``second_unmarked``: the second model ignores negation; its part of a sum adds the weight of :func:`unmarked`
    of each feature, once per unmarked form (``not_fan`` weighs what ``fan`` weighs, and "fan ... not fan" counts
    it once, as the model was trained). ``compiled=False``: the pure-Python code even
    when the speed-ups are built (tests compare the two).
    """

    __slots__ = ("_first", "_paired", "_second", "_second_unmarked", "_table")

    def __init__(self, first: Mapping[str, float], second: Mapping[str, float], *, second_unmarked: bool = False,
                 compiled: bool = True) -> None:
        self._first, self._second, self._second_unmarked = first, second, second_unmarked
        self._paired: dict[str, complex] | None = None
        self._table = (native.weight_table(dict(first), dict(second), second_unmarked)
                       if compiled and native is not None else None)

    @property
    def weights(self) -> dict[str, complex]:
        """Feature -> ``first + 1j * second``, for every feature of either model (made when first asked for); with
        ``second_unmarked``, the second weight of a negation-marked feature is not this (see :meth:`sums`)."""
        if self._paired is None:
            paired = {feature: complex(weight, 0.0) for feature, weight in self._first.items()}
            for feature, weight in self._second.items():
                paired[feature] = complex(paired.get(feature, 0j).real, weight)
            self._paired = paired
        return self._paired

    @property
    def native_table(self) -> object | None:
        """The C table (``_speedups.weight_table``), or None on the pure-Python path."""
        return self._table

    def summary(self, tokens: list[str]) -> tuple[int, complex, list[str]]:
        """What the batch path reads of ``ngrams(tokens)``: how many features, :meth:`sums` of them, and
        :func:`unigrams` of them."""
        if self._table is not None:
            found = native.features(tokens, _SCOPE_END, NEGATORS, self._table)
            if found is not None:  # None: a token tokenize() never makes (not ASCII, or with a space)
                return found
        sparse = _ngrams(tokens)
        return len(sparse), self.sums(sparse), unigrams(sparse)

    def sums(self, sparse: list[str]) -> complex:
        """The sum of the weights of ``sparse`` (features of :func:`ngrams`), in their order."""
        if self._table is not None:
            found = native.sums(sparse, self._table)
            if found is not None:  # None: a feature that is not ASCII
                return found
        # Added left to right (reduce, not sum: Python 3.12+ compensates sums of floats), as the C code adds them.
        if self._second_unmarked:  # each part its own left-to-right sum, the second over the unmarked forms
            first, second = self._first, self._second
            return complex(reduce(operator.add, map(first.get, sparse, repeat(0.0)), 0.0),
                           reduce(operator.add, map(second.get, unmarked_once(sparse), repeat(0.0)), 0.0))
        return reduce(operator.add, map(self.weights.get, sparse, repeat(0j)), 0j)

    def word_sums(self, words: list[str]) -> tuple[float, int, float, float, int]:
        """Over ``words`` in order: the sum and the count of the first model's weights of the words it has; the
        sum of the second's positive weights, minus the sum of its negative ones, and how many words have a
        non-zero second weight."""
        if self._table is not None:
            found = native.word_sums(words, self._table)
            if found is not None:  # None: a word that is not ASCII
                return found
        first_weights, second_weights = self._first, self._second
        firsts = [weight for weight in map(first_weights.get, words) if weight is not None]
        seconds = list(filter(None, map(second_weights.get, words)))
        positive = negative = 0.0
        for weight in seconds:
            if weight > 0:
                positive += weight
            else:
                negative -= weight
        return reduce(operator.add, firsts, 0.0), len(firsts), positive, negative, len(seconds)
