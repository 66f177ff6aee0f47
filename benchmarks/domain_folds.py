"""The outside-film weights (rules.toml's outside_film_opinion / outside_film_other) on five inner folds (run by
hand; prints a table).

    python benchmarks/domain_folds.py [--folds 0,1,2,3,4] [--models DIR]

For each fold, a sentiment model is trained (training/train.py) on the other four fifths of the training part and
of Hutto & Gilbert's Amazon-review sentences and tweets (the held-out part is never read). The fold's rated critic
sentences and Rotten Tomatoes quotes (film text), and its Amazon-review sentences and tweets (text from elsewhere,
which that model has not seen), are scored through the CLI's path (``analysis.batch.score_rows``) with each
setting. The table gives the means over the folds. How the shipped setting was chosen: README, How scores are
computed. The newspaper editorials are printed as a test, never chosen by. ``--models DIR`` keeps each fold's
trained model there (``fold<k>.json``) and reads it back on the next run.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rule_folds import (  # noqa: E402  (benchmarks/rule_folds.py)
    _rules,
    _sentiment_model,
    _train_module,
    fold_figures,
    pearson_through_cli,
    training_part,
)

from analysis import learned, scoring  # noqa: E402
from analysis.evaluation import (  # noqa: E402
    EDITORIALS,
    GENERAL_FILES,
    ground_truth_file,
    inner_fold,
    read_ground_truth,
)

# (outside_film_opinion, outside_film_other); (1, 1) turns the rule off. The shipped setting is rules.toml's.
SETTINGS = [(1.0, 1.0), (0.9, 0.6), (0.8, 0.75), (0.8, 0.5), (0.8, 0.4), (0.7, 0.5), (0.6, 0.5)]
COLUMNS = ("critic sentences r", "quote sign", "films r", "Amazon-review sentences r", "tweets r",
           "editorials r (test only)")


def fold_model(train, fold: int, folder: Path | None):
    """The sentiment model trained without inner fold ``fold`` (kept in ``folder`` when given)."""
    path = folder / f"fold{fold}.json" if folder else None
    if path and path.exists():
        return learned.parse_model(json.loads(path.read_text(encoding="utf-8")), path)
    with contextlib.redirect_stdout(io.StringIO()):
        content = train.train_sentiment(inner=fold)
    if path:
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(content), encoding="utf-8")
    return learned.parse_model(content, path or "<fold model>")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", default="0,1,2,3,4", help="comma-separated inner folds (0-4)")
    parser.add_argument("--models", type=Path, metavar="DIR", help="keep (and reuse) the fold models here")
    args = parser.parse_args()
    folds = [int(fold) for fold in args.folds.split(",")]
    sentences, quotes = training_part()
    general = [read_ground_truth(ground_truth_file(name)) for name in GENERAL_FILES]
    editorials, editorial_ratings = read_ground_truth(ground_truth_file(EDITORIALS))
    train = _train_module()
    figures: dict[tuple[float, float], list[tuple[float, ...]]] = {setting: [] for setting in SETTINGS}
    for fold in folds:
        # the fold's own Amazon-review sentences and tweets (its model never saw them), then every editorial
        elsewhere = [tuple(zip(*[(t, y) for t, y in zip(texts, ratings, strict=True) if inner_fold(t) == fold],
                               strict=True)) for texts, ratings in general]
        elsewhere.append((editorials, editorial_ratings))
        with _sentiment_model(fold_model(train, fold, args.models)):
            for opinion_weight, other_weight in SETTINGS:
                with _rules(outside_film_opinion=opinion_weight, outside_film_other=other_weight):
                    row = fold_figures(fold, sentences, quotes)
                    row += tuple(pearson_through_cli(list(texts), ratings) for texts, ratings in elsewhere)
                    figures[(opinion_weight, other_weight)].append(row)
        print(f"fold {fold} done", file=sys.stderr)
    shipped = (scoring._rules()["outside_film_opinion"], scoring._rules()["outside_film_other"])
    print("| outside_film_opinion, outside_film_other | " + " | ".join(f"{c} (mean of folds)" for c in COLUMNS) + " |")
    print("|---|" + "---|" * len(COLUMNS))
    for setting in SETTINGS:
        means = [statistics.mean(column) for column in zip(*figures[setting], strict=True)]
        name = f"{setting[0]:g}, {setting[1]:g}" + (" (rule off)" if setting == (1.0, 1.0) else "")
        name = f"**{name} (shipped)**" if setting == shipped else name
        print(f"| {name} | " + " | ".join(f"{m:.4f}" for m in means) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
