"""The sentiment model's training settings on five inner folds of the film data (run by hand; prints a table).

    python benchmarks/model_folds.py [--folds 0,1,2,3,4] [--scales 1] [--general-weights 0,0.15,0.3,0.5,1]

For each fold, each word-vector scale (training/train.py VECTOR_SCALE: the word-vector part's columns are scaled
by it for the ridge fit, so its penalty grows as 1 / scale ** 2) and each weight of the general-domain training
sentences (GENERAL_WEIGHT: Hutto & Gilbert's rated Amazon-review sentences and tweets), a sentiment model is trained
on the other four fifths of the training part (the held-out part is never read) and scored through the CLI's path
(``analysis.batch.score_rows``): the fold's rated critic sentences (Pearson r) and quotes (sign accuracy), and the
Amazon-review sentences and tweets themselves, which are an out-of-domain check only while their weight is 0 (else
the model was trained on them). The newspaper editorials are printed too, as a test: no setting is chosen by them.
Takes ~1 minute a model. How the shipped settings were chosen: README, How scores are computed.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from quality import GENERAL, ground_truth  # noqa: E402  (puts the project root on sys.path)
from rule_folds import _sentiment_model, _train_module, fold_figures, pearson_through_cli, training_part  # noqa: E402

from analysis.evaluation import EDITORIALS, ground_truth_file  # noqa: E402

COLUMNS = ("critic sentences r", "quote sign", *(what for _, what in GENERAL), "editorials (test only)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", default="0,1,2,3,4", help="comma-separated inner folds (0-4)")
    parser.add_argument("--scales", default="1", help="comma-separated word-vector scales")
    parser.add_argument("--general-weights", default="0,0.15,0.3,0.5,1",
                        help="comma-separated weights of the general-domain training sentences")
    args = parser.parse_args()
    folds = [int(fold) for fold in args.folds.split(",")]
    settings = [(float(scale), float(weight)) for scale in args.scales.split(",")
                for weight in args.general_weights.split(",")]
    sentences, quotes = training_part()
    elsewhere = [ground_truth(ground_truth_file(name)) for name, _ in GENERAL]
    elsewhere.append(ground_truth(ground_truth_file(EDITORIALS)))
    train = _train_module()
    figures: dict[tuple[float, float], list[tuple[float, ...]]] = {setting: [] for setting in settings}
    for fold in folds:
        for scale, weight in settings:
            with contextlib.redirect_stdout(io.StringIO()):
                model = train.parse_model(train.train_sentiment(inner=fold, vector_scale=scale,
                                                                general_weight=weight))
            with _sentiment_model(model):
                row = fold_figures(fold, sentences, quotes)
                row += tuple(pearson_through_cli(texts, ratings) for texts, ratings in elsewhere)
            figures[scale, weight].append(row)
            print(f"fold {fold}, scale {scale}, general weight {weight}: " + ", ".join(f"{value:.4f}" for value in row),
                  file=sys.stderr)
    print("| word-vector scale, general weight | " + " | ".join(f"{name} (mean of folds)" for name in COLUMNS) + " |")
    print("|---|" + "---|" * len(COLUMNS))
    for scale, weight in settings:
        name = f"{scale:g}, {weight:g}"
        if (scale, weight) == (train.VECTOR_SCALE, train.GENERAL_WEIGHT):
            name = f"**{name} (shipped)**"
        means = [statistics.mean(values) for values in zip(*figures[scale, weight], strict=True)]
        print(f"| {name} | " + " | ".join(f"{value:.4f}" for value in means) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
