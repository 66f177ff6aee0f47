"""The run-time rules' settings on five inner folds of the training part (run by hand; prints a table).

    python benchmarks/rule_folds.py [--folds 0,1,2,3,4]

For each fold, a sentiment model is trained (training/train.py) on the other four fifths of the training part (the
held-out part is never read), and the fold's rated critic sentences and Rotten Tomatoes quotes are scored through
the CLI's path (``analysis.batch.score_rows``) with that model and each setting of ``rules.toml``'s contrast rule
(the clause turned away from weighs ``contrast_weight``, the score moves ``contrast_blend`` of the way). The table
gives the mean over the folds of the critic sentences' Pearson r and of the quote sign's accuracy, and each fold's r.
How the shipped setting was chosen: README, How scores are computed.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import importlib.util
import io
import statistics
import sys
from pathlib import Path

import numpy as np
from scipy.stats import pearsonr

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quality import films_pearson, quotes_by_film  # noqa: E402  (benchmarks/quality.py)

from analysis import aggregate, learned, opinion, scoring  # noqa: E402
from analysis.batch import score_rows  # noqa: E402
from analysis.evaluation import inner_fold, is_held_out  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
# (label, contrast_weight, contrast_blend); the shipped setting is rules.toml's.
SETTINGS = [
    ("no contrast rule", 0.25, 0.0),
    ("turned-from clause 1 (plain mean), blend 0.5", 1.0, 0.5),
    ("turned-from clause 0.5, blend 0.75", 0.5, 0.75),
    ("turned-from clause 0.25, blend 0.75", 0.25, 0.75),
    ("turned-from clause 0.25, blend 0.5", 0.25, 0.5),
    ("turned-from clause 0 (main clause alone), blend 0.5", 0.0, 0.5),
]


def _train_module():
    spec = importlib.util.spec_from_file_location("train", ROOT / "training" / "train.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@contextlib.contextmanager
def _sentiment_model(model):
    """Score with ``model`` instead of the shipped sentiment model (and the tables built from it)."""
    shipped = learned.load_model
    # _span_context holds the C speed-ups' copy of the model's word table, intercept and dense weights: left
    # cached, every model after the first would be scored partly with the first one's (until 2026-12-04).
    caches = (scoring._paired, scoring._word_table, scoring._negated_valences, scoring._span_context)

    def load(name: str):
        return model if name == "sentiment" else shipped(name)

    users = (learned, scoring, aggregate, opinion)  # every module that imports load_model
    for module in users:
        module.load_model = load
    for cache in caches:
        cache.cache_clear()
    try:
        yield
    finally:
        for module in users:
            module.load_model = shipped
        for cache in caches:
            cache.cache_clear()


@contextlib.contextmanager
def _rules(**overrides):
    shipped = scoring._rules
    rules = dict(shipped(), **overrides)
    scoring._rules = lambda: rules
    try:
        yield
    finally:
        scoring._rules = shipped


def training_part() -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """The rated critic sentences and the quotes of the training part (the held-out part is never read)."""
    with (DATA / "critic_sentences_dev.tsv").open(encoding="utf-8", newline="") as stream:
        sentences = [r for r in csv.DictReader(stream, delimiter="\t", quoting=csv.QUOTE_NONE)
                     if not is_held_out(r["text"])]
    with (DATA / "critic_quotes_by_film_dev.csv").open(encoding="utf-8", newline="") as stream:
        quotes = [r for r in csv.DictReader(stream) if not is_held_out(r["quote"])]
    return sentences, quotes


def pearson_through_cli(texts: list[str], ratings) -> float:
    """Pearson r of the CLI's path's ``sentiment`` (``score_rows``; an empty cell counts 0) against ``ratings``."""
    return float(pearsonr([float(row[0] or 0) for row in score_rows(texts)], ratings)[0])


def fold_figures(fold: int, sentences, quotes) -> tuple[float, float, float]:
    """(critic sentences' r, quote sign accuracy, films' r) on inner fold ``fold``, scored as the CLI scores. Films'
    r: over the films with at least 3 quotes in the fold, the mean quote sentiment against the share of fresh
    quotes (Pearson)."""
    rated = [r for r in sentences if inner_fold(r["text"]) == fold]
    fold_quotes = [r for r in quotes if inner_fold(r["quote"]) == fold]
    fresh = np.array([r["fresh"] == "fresh" for r in fold_quotes])
    scores = np.array([float(row[0] or 0) for row in score_rows([r["quote"] for r in fold_quotes])])
    return (pearson_through_cli([r["text"] for r in rated], [float(r["rating"]) for r in rated]),
            float(((scores > 0) == fresh).mean()), films_pearson(scores, fresh, quotes_by_film(fold_quotes)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", default="0,1,2,3,4", help="comma-separated inner folds (0-4)")
    folds = [int(fold) for fold in parser.parse_args().folds.split(",")]
    sentences, quotes = training_part()
    train = _train_module()
    figures: dict[str, list[tuple[float, float]]] = {label: [] for label, *_ in SETTINGS}
    for fold in folds:
        with contextlib.redirect_stdout(io.StringIO()):
            model = train.parse_model(train.train_sentiment(inner=fold))
        with _sentiment_model(model):
            for label, weight, blend in SETTINGS:
                with _rules(contrast_weight=weight, contrast_blend=blend):
                    figures[label].append(fold_figures(fold, sentences, quotes)[:2])
        print(f"fold {fold} done", file=sys.stderr)
    shipped = (scoring._rules()["contrast_weight"], scoring._rules()["contrast_blend"])
    print("| setting | critic sentences r (mean of folds) | quote sign (mean) | r per fold |")
    print("|---|---|---|---|")
    for label, weight, blend in SETTINGS:
        rows = figures[label]
        name = f"**{label} (shipped)**" if (weight, blend) == shipped else label
        print(f"| {name} | {statistics.mean(r for r, _ in rows):.4f} | {statistics.mean(q for _, q in rows):.4f} | "
              + ", ".join(f"{r:.4f}" for r, _ in rows) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
