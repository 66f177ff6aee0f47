"""Scoring: the sentiment of a span of text in -1..1, with the words and features that moved it.

This is the only module that imports vaderSentiment. A span's score is

1. VADER 3.3.2 (compound, pos, neg), with a film-criticism lexicon layer (``data/lexicon_film.tsv``) over its
   lexicon, so "good-looking", "overlong", "mawkish" count;
2. a linear model (``data/sentiment_model.json``, trained by ``training/train.py``) over VADER's three numbers, the
   valence of lexicon words inside a negation's scope, and negation-marked word uni/bigrams ("not_work",
   "only occasionally"), fitted to critics' sentences rated by people;
3. film idioms that neither VADER nor the model has learned (``data/phrases.tsv``: "few and far between");
4. two rules (``data/rules.toml``): praise under a hedge ("only occasionally succeeds") or in a counterfactual
   ("if there was a better balance ... this would be absorbing") turns into criticism;

clipped to -1..1. ``Score.evidence`` lists the strongest contributions (words, idioms, rules, VADER).
"""

from __future__ import annotations

import functools
import math
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass

from .errors import InputError
from .features import ngrams, tokenize
from .learned import load_model
from .resources import data_path

__all__ = [
    "Score",
    "dense_features",
    "model_versions",
    "review_sentiment",
    "score_span",
    "score_text",
    "score_texts",
    "sentiment_words",
    "vader_scores",
]

_EVIDENCE = 8
_RARELY_INVERSION = re.compile(r"^\W*(?:rarely|seldom)\s+(?:has|have|is|are|does|do|did|was|were)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Score:
    """A score in -1..1, the raw VADER compound of the same text, and what moved the score (strongest first)."""

    value: float
    vader: float
    evidence: tuple[tuple[str, float], ...] = ()


def _read_tsv(name: str, value_column: str) -> dict[str, float]:
    path = data_path(name)
    table: dict[str, float] = {}
    with path.open(encoding="utf-8", newline="") as stream:
        lines = [(number, line) for number, line in enumerate(stream, start=1) if not line.startswith("#")]
    header = lines[0][1].rstrip("\n").split("\t")
    for number, line in lines[1:]:
        fields = line.rstrip("\n").split("\t")
        if len(fields) != 2:
            raise InputError(f"{path}:{number}: expected 2 tab-separated fields, got {len(fields)}")
        key, raw = fields
        try:
            value = float(raw)
        except ValueError:
            raise InputError(f"{path}:{number}: {header[1]} {raw!r} is not a number") from None
        if key in table:
            raise InputError(f"{path}:{number}: {key!r} is listed twice")
        table[key] = value
    if header != [header[0], value_column]:
        raise InputError(f"{path}: expected columns {header[0]}, {value_column}; got {', '.join(header)}")
    return table


@functools.cache
def _analyzer():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()
    analyzer.lexicon.update(_read_tsv("lexicon_film.tsv", "valence"))
    return analyzer


@functools.cache
def _phrases() -> tuple[tuple[str, float], ...]:
    """Idioms the learned model has never seen: a phrase any of whose word pairs the model weighs already ("mixed
    bag") is left to the model, since adding it again double-counts (measured: it lowers held-out r)."""
    weights = load_model("sentiment").weights
    kept = []
    for phrase, value in _read_tsv("phrases.tsv", "value").items():
        words = phrase.split()
        if not any(f"{a} {b}" in weights for a, b in zip(words, words[1:], strict=False)):
            kept.append((f" {phrase} ", value))
    return tuple(kept)


@functools.cache
def _rules() -> dict:
    path = data_path("rules.toml")
    rules = tomllib.loads(path.read_text(encoding="utf-8"))
    for key in ("version", "hedges", "hedge_factor", "counterfactuals", "counterfactual_factor"):
        if key not in rules:
            raise InputError(f"{path}: missing key {key!r}")
    rules["hedges"] = tuple(f" {h} " for h in rules["hedges"])
    rules["counterfactuals"] = tuple(f" {c} " for c in rules["counterfactuals"])
    return rules


def vader_scores(text: str) -> tuple[float, float, float]:
    """VADER's (compound, pos, neg) with the film lexicon layer."""
    scores = _analyzer().polarity_scores(text)
    return scores["compound"], scores["pos"], scores["neg"]


def dense_features(text: str, sparse: Sequence[str]) -> dict[str, float]:
    """The model's dense features: VADER's three numbers, and the lexicon valence (VADER scale / 4) of positive and
    of negative words inside a negation's scope ("doesn't work so well": ``not_well``), which VADER itself only
    damps when the negator is within three words."""
    compound, positive, negative = vader_scores(text)
    lexicon = _analyzer().lexicon
    negated_positive = negated_negative = 0.0
    for feature in sparse:
        if feature.startswith("not_") and " " not in feature:
            valence = lexicon.get(feature[4:], 0.0)
            if valence > 0:
                negated_positive += valence / 4
            elif valence < 0:
                negated_negative -= valence / 4
    return {"__vader": compound, "__pos": positive, "__neg": negative,
            "__negated_positive": negated_positive, "__negated_negative": negated_negative}


def sentiment_words(text: str) -> list[str]:
    """The words of ``text`` that carry sentiment in VADER's lexicon (with the film layer), as written."""
    lexicon = _analyzer().lexicon
    return [word for word in re.findall(r"[\w'\u2019-]+", text) if word.lower().replace("\u2019", "'") in lexicon]


def _readable(feature: str) -> str:
    return {"__vader": "VADER", "__pos": "VADER positive share", "__neg": "VADER negative share",
            "__negated_positive": "negated praise", "__negated_negative": "negated criticism"}.get(
        feature, feature.replace("not_", "not "))


def _counterfactual(tokens: list[str], joined: str, phrases: tuple[str, ...]) -> bool:
    if any(phrase in joined for phrase in phrases):
        return True
    if "if" in tokens:
        after = tokens[tokens.index("if") + 1:]
        return any(t in ("would", "could") for t in after)
    return False


def score_text(text: str, *, explain: bool = True) -> Score:
    """Sentiment of one span (a clause, a sentence, a short quote); 0 for blank text.

    ``explain=False`` leaves ``evidence`` empty (the batch path does not output it, and ranking it costs time).
    """
    tokens = tokenize(text)
    return score_span(text, tokens, ngrams(tokens), explain=explain)


def score_span(text: str, tokens: list[str], sparse: list[str], *, explain: bool = True) -> Score:
    """:func:`score_text` for a span already tokenised (``features.tokenize``/``ngrams``), so callers that also
    need the n-grams (the opinion model) compute them once."""
    if not text.strip():
        return Score(0.0, 0.0, ())
    dense = dense_features(text, sparse)
    compound = dense["__vader"]
    model = load_model("sentiment")
    margin = model.margin(sparse, dense)
    evidence = [(_readable(f), w) for f, w in model.contributions(sparse, dense)[:_EVIDENCE]] if explain else []
    joined = " " + " ".join(tokens) + " "
    for phrase, value in _phrases():
        if phrase in joined:
            margin += value
            evidence.append((phrase.strip(), value))
    rules = _rules()
    if margin > 0:
        if any(h in joined for h in rules["hedges"]) and not _RARELY_INVERSION.match(text):
            change = margin * rules["hedge_factor"] - margin
            margin += change
            evidence.append(("hedge (praise under 'only occasionally', 'rarely', ...)", change))
        elif _counterfactual(tokens, joined, rules["counterfactuals"]):
            change = margin * rules["counterfactual_factor"] - margin
            margin += change
            evidence.append(("counterfactual ('would have been', 'if ... would')", change))
    value = max(-1.0, min(1.0, margin))
    if math.isnan(value):  # cannot happen with finite weights; guarded because NaN would poison every mean
        value = 0.0
    if not explain:
        return Score(value, compound, ())
    ranked = sorted(evidence, key=lambda item: -abs(item[1]))[:_EVIDENCE]
    return Score(value, compound, tuple((word, round(weight, 3)) for word, weight in ranked))


def score_texts(texts: Sequence[str], *, explain: bool = True) -> list[Score]:
    """Sentiment of many spans; identical to calling :func:`score_text` on each."""
    return [score_text(text, explain=explain) for text in texts]


def review_sentiment(sentence_scores: Sequence[float], opinion_probs: Sequence[float]) -> float:
    """The overall judgement of a text from its sentences in order, in -1..1.

    A weighted mean: each sentence weighs its opinion probability (plot summary barely counts), and the last
    quarter of a review, where critics give their verdict, weighs double. A mean of clipped scores cannot
    saturate the way VADER's compound does on a whole review.
    """
    if not sentence_scores:
        return 0.0
    count = len(sentence_scores)
    if count == 1:
        return float(sentence_scores[0])
    verdict_start = count - max(1, count // 4)
    total = weight_sum = 0.0
    for index, (score, probability) in enumerate(zip(sentence_scores, opinion_probs, strict=True)):
        weight = (0.05 + probability) * (2.0 if index >= verdict_start else 1.0)
        total += weight * score
        weight_sum += weight
    return max(-1.0, min(1.0, total / weight_sum))


def model_versions() -> dict[str, str]:
    """Versions of every data file behind the scores (written into JSON exports)."""
    return {
        "sentiment_model": load_model("sentiment").version,
        "opinion_model": load_model("opinion").version,
        "rules": str(_rules()["version"]),
        "vader": "3.3.2",
    }
