"""The sentiment model's word-vector scale on five inner folds, with text from elsewhere as the check (by hand).

    python benchmarks/model_folds.py [--folds 0,1,2,3,4] [--scales 1,0.5,0.25]

For each fold and each ``vector_scale`` (training/train.py, VECTOR_SCALE: the word-vector part's columns are scaled
by it for the ridge fit, so its penalty grows as 1 / scale ** 2), a sentiment model is trained on the other four
fifths of the training part (the held-out part is never read) and scored through the CLI's path
(``analysis.batch.score_rows``): the fold's rated critic sentences (Pearson r) and quotes (sign accuracy), and two
out-of-domain sets rated by people, Amazon-review sentences and tweets (Hutto & Gilbert 2014, from vaderSentiment
3.3.2's sdist, as benchmarks/quality.py fetches them). The newspaper editorials are printed too, as a test: no
setting is chosen by them. Takes ~1 minute a model. How the shipped scale was chosen: README, How scores are computed.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from quality import EDITORIALS, GENERAL, download_ground_truth, read_ground_truth  # noqa: E402
from rule_folds import _sentiment_model, _train_module, fold_figures, pearson_through_cli, training_part  # noqa: E402

COLUMNS = ("critic sentences r", "quote sign", *(what for _, what in GENERAL), "editorials (test only)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", default="0,1,2,3,4", help="comma-separated inner folds (0-4)")
    parser.add_argument("--scales", default="1,0.5,0.25", help="comma-separated word-vector scales")
    args = parser.parse_args()
    folds = [int(fold) for fold in args.folds.split(",")]
    scales = [float(scale) for scale in args.scales.split(",")]
    sentences, quotes = training_part()
    elsewhere = [read_ground_truth(download_ground_truth(name)) for name, _ in GENERAL]
    elsewhere.append(read_ground_truth(download_ground_truth(EDITORIALS)))
    train = _train_module()
    figures: dict[float, list[tuple[float, ...]]] = {scale: [] for scale in scales}
    for fold in folds:
        for scale in scales:
            with contextlib.redirect_stdout(io.StringIO()):
                model = train.parse_model(train.train_sentiment(inner=fold, vector_scale=scale))
            with _sentiment_model(model):
                row = fold_figures(fold, sentences, quotes)
                row += tuple(pearson_through_cli(texts, ratings) for texts, ratings in elsewhere)
            figures[scale].append(row)
            print(f"fold {fold}, scale {scale}: " + ", ".join(f"{value:.4f}" for value in row), file=sys.stderr)
    print("| word-vector scale | " + " | ".join(f"{name} (mean of folds)" for name in COLUMNS) + " |")
    print("|---|" + "---|" * len(COLUMNS))
    for scale in scales:
        name = f"**{scale:g} (shipped)**" if scale == train.VECTOR_SCALE else f"{scale:g}"
        means = [statistics.mean(values) for values in zip(*figures[scale], strict=True)]
        print(f"| {name} | " + " | ".join(f"{value:.4f}" for value in means) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
