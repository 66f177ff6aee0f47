"""Train the two small linear models the scorer ships with, from ../shared/data (deterministic; run by hand).

    python training/train.py            # writes analysis/data/sentiment_model.json and opinion_model.json

Split: a text (or a whole review, by its id) is held out when md5(text) % 5 == 0 (20%); benchmarks/quality.py uses
the same rule (analysis.evaluation.is_held_out) and reports figures on the held-out part only. Nothing here reads
the seed reviews.

sentiment_model: ridge regression (scikit-learn, used for training only) from negation-marked unigrams and bigrams
  plus VADER's compound/pos/neg and negated-lexicon valences (analysis.scoring.dense_features) to a score
  in -1..1. Targets: critic sentences' mean human rating / 4 (weight 1),
  Rotten Tomatoes quotes fresh +0.5 / rotten -0.5 (weight 0.5), sentences of whole reviews labelled by their review's
  polarity +-0.3 (weight 0.1, weak labels). The intercept is then shifted so that the sign best separates fresh from
  rotten training quotes, and only the strongest weights are kept (file size).
opinion_model: logistic regression from the same n-grams, opinion (1) vs plot synopsis (0), on the subjectivity data,
  plus critics' quotes and rated sentences as extra opinion examples (weight 0.3); its threshold is chosen on an inner
  fold of the training part.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import numpy as np
import scipy.sparse as sparse
from scipy.stats import pearsonr
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression, Ridge

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.evaluation import is_held_out  # noqa: E402
from analysis.features import features  # noqa: E402
from analysis.scoring import dense_features  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
KEEP_SENTIMENT = 70000
KEEP_OPINION = 30000
EXTRA_OPINION_WEIGHT = 0.3
VERSION = "2026.11.24"


def _rows_tsv(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream, delimiter="\t", quoting=csv.QUOTE_NONE))


def _row(text: str) -> dict[str, float]:
    sparse = features(text)
    return {**{f: 1.0 for f in sparse}, **dense_features(text, sparse)}


def _sentiment_examples():
    for row in _rows_tsv("critic_sentences_dev.tsv"):
        yield row["text"], float(row["rating"]) / 4, 1.0, is_held_out(row["text"]), "sentences"
    with (DATA / "critic_quotes_by_film_dev.csv").open(encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream):
            yield row["quote"], 0.5 if row["fresh"] == "fresh" else -0.5, 0.5, is_held_out(row["quote"]), "quotes"
    with (DATA / "critic_reviews_polarity_dev.jsonl").open(encoding="utf-8") as stream:
        for line in stream:
            review = json.loads(line)
            target = 0.3 if review["label"] == "positive" else -0.3
            for sentence in review["text"].split("\n"):
                if len(sentence.split()) >= 4:
                    yield sentence, target, 0.1, is_held_out(review["id"]), "reviews"


def _prune(weights: dict[str, float], keep: int) -> dict[str, float]:
    dense = {k: v for k, v in weights.items() if k.startswith("__")}
    sparse_items = sorted(((k, v) for k, v in weights.items() if not k.startswith("__")), key=lambda kv: -abs(kv[1]))
    return {**dense, **{k: round(v, 5) for k, v in sparse_items[:keep]}}


def _predict(weights: dict[str, float], intercept: float, row: dict[str, float]) -> float:
    return intercept + sum(weights.get(k, 0.0) * v for k, v in row.items())


def train_sentiment() -> dict:
    texts, targets, weights, held, kinds = zip(*_sentiment_examples(), strict=True)
    rows = [_row(t) for t in texts]
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform(rows)
    held, targets, weights, kinds = map(np.array, (held, targets, weights, kinds))
    model = Ridge(alpha=6.0).fit(matrix[~held], targets[~held], sample_weight=weights[~held])
    names = vectorizer.get_feature_names_out()
    full = dict(zip(names, model.coef_.tolist(), strict=True))
    # Shift the intercept so that the sign separates fresh from rotten training quotes as well as it can.
    quotes = (~held) & (kinds == "quotes")
    raw = model.predict(matrix[quotes])
    fresh = targets[quotes] > 0
    shifts = np.linspace(-0.15, 0.15, 61)
    shift = float(shifts[np.argmax([((raw + s > 0) == fresh).mean() for s in shifts])])
    intercept = float(model.intercept_) + shift
    kept = _prune(full, KEEP_SENTIMENT)
    report = {}
    for kind in ("sentences", "quotes"):
        mask = held & (kinds == kind)
        predictions = np.array([_predict(kept, intercept, rows[i]) for i in np.flatnonzero(mask)])
        if kind == "sentences":
            report["held_out_sentences_pearson"] = round(float(pearsonr(predictions, targets[mask])[0]), 4)
        else:
            report["held_out_quotes_sign_accuracy"] = round(float(((predictions > 0) == (targets[mask] > 0)).mean()), 4)
    print("sentiment:", report, "intercept shift", round(shift, 3), "features", len(kept))
    return {"name": "sentiment", "version": VERSION, "intercept": round(intercept, 6), "weights": kept,
            "training": {"held_out": "md5(text or review id) % 5 == 0", "alpha": 6.0, "kept_features": len(kept),
                         **report}}


def train_opinion() -> dict:
    data = _rows_tsv("opinion_vs_synopsis_dev.tsv")
    rows = [{f: 1.0 for f in features(r["text"])} for r in data]
    labels = np.array([r["label"] == "opinion" for r in data])
    held = np.array([is_held_out(r["text"]) for r in data])
    # Critics' quotes and rated sentences are opinions too: more of the words critics judge with. They tilt the
    # prior towards "opinion", so the decision threshold is chosen on an inner validation fold of the training part
    # (never on the held-out part), then the model is refitted on the whole training part.
    with (DATA / "critic_quotes_by_film_dev.csv").open(encoding="utf-8", newline="") as stream:
        extra_texts = [row["quote"] for row in csv.DictReader(stream)]
    extra_texts += [row["text"] for row in _rows_tsv("critic_sentences_dev.tsv")]
    extra = [{f: 1.0 for f in features(t)} for t in extra_texts if not is_held_out(t)]
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform(rows + extra)
    base, extra_matrix = matrix[: len(rows)], matrix[len(rows):]
    inner = np.array([is_held_out("inner:" + r["text"]) for r in data])

    def fit(mask):
        stacked = sparse.vstack([base[mask], extra_matrix])
        target = np.concatenate([labels[mask], np.ones(extra_matrix.shape[0], bool)])
        weight = np.concatenate([np.ones(mask.sum()), np.full(extra_matrix.shape[0], EXTRA_OPINION_WEIGHT)])
        return LogisticRegression(C=1.0, max_iter=3000).fit(stacked, target, sample_weight=weight)

    probe = fit(~held & ~inner)
    margins = probe.decision_function(base[~held & inner])
    thresholds = np.linspace(-4.0, 4.0, 161)
    threshold = float(thresholds[np.argmax([((margins > t) == labels[~held & inner]).mean() for t in thresholds])])
    model = fit(~held)
    full = dict(zip(vectorizer.get_feature_names_out(), model.coef_[0].tolist(), strict=True))
    kept = _prune(full, KEEP_OPINION)
    intercept = float(model.intercept_[0]) - threshold
    held_margins = np.array([_predict(kept, intercept, rows[i]) for i in np.flatnonzero(held)])
    accuracy = round(float(((held_margins > 0) == labels[held]).mean()), 4)
    print("opinion: held-out accuracy", accuracy, "threshold", threshold, "features", len(kept))
    return {"name": "opinion", "version": VERSION, "intercept": round(intercept, 6), "weights": kept,
            "training": {"held_out": "md5(text) % 5 == 0", "C": 1.0, "extra_opinion_weight": EXTRA_OPINION_WEIGHT,
                         "threshold_from_inner_fold": threshold, "kept_features": len(kept),
                         "held_out_accuracy": accuracy}}


def main() -> int:
    if not DATA.exists():
        print(f"missing {DATA}", file=sys.stderr)
        return 2
    for model in (train_opinion(), train_sentiment()):
        path = ROOT / "analysis" / "data" / f"{model['name']}_model.json"
        path.write_text(json.dumps(model, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n",
                        encoding="utf-8")
        print("wrote", path.relative_to(ROOT), f"{path.stat().st_size / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
