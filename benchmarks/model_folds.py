"""The sentiment model's training settings on five inner folds of the film data (run by hand; prints a table).

    python benchmarks/model_folds.py [--folds 0,1,2,3,4] [--scales 1] [--general-weights 0,0.15,0.3,0.5,1]
                                     [--quote-weights 0.5,1] [--alphas 3,6,12] [--output-scales 0,1,2,2.5,3,3.5,4,5]
                                     [--lexicon-scales 1,1.25,1.5]

For each fold, each word-vector scale (training/train.py VECTOR_SCALE: the word-vector part's columns are scaled
by it for the ridge fit, so its penalty grows as 1 / scale ** 2), each weight of the general-domain training
sentences (GENERAL_WEIGHT: Hutto & Gilbert's rated Amazon-review sentences and tweets) and each weight of the
Rotten Tomatoes quotes (QUOTE_WEIGHT), each ridge penalty (SENTIMENT_ALPHA) and each scale of the lexicon words'
columns (LEXICON_SCALE), a sentiment model is trained
on the other four fifths of the training part (the held-out part is never read) and scored through the CLI's path
(``analysis.batch.score_rows``): the fold's rated critic sentences (Pearson r) and quotes (sign accuracy), and the
Amazon-review sentences and tweets themselves, which are an out-of-domain check only while their weight is 0 (else
the model was trained on four fifths of them: since 2026-12-02 the fold's own fifth is left out of its training,
and benchmarks/domain_folds.py reads that fifth alone). The newspaper editorials are printed too, as a test: no
setting is chosen by them.
Each model is also scored with each output scale (the model file's ``output_scale``: a score is
``tanh(output_scale * margin)``; 0 clips the margin to -1..1), which needs no training of its own, and the fold's
films (at least 3 quotes in the fold: mean quote sentiment vs share fresh, Pearson r) are scored too.
Takes ~1 minute a model. How the shipped settings were chosen: README, How scores are computed.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import io
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from quality import GENERAL, ground_truth  # noqa: E402  (puts the project root on sys.path)
from rule_folds import (  # noqa: E402
    _sentiment_model,
    _train_module,
    fold_figures,
    pearson_through_cli,
    training_part,
)

from analysis.evaluation import EDITORIALS, ground_truth_file  # noqa: E402

COLUMNS = ("critic sentences r", "quote sign", "films r", *(what for _, what in GENERAL), "editorials (test only)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", default="0,1,2,3,4", help="comma-separated inner folds (0-4)")
    parser.add_argument("--scales", default="1", help="comma-separated word-vector scales")
    parser.add_argument("--general-weights", default="0,0.15,0.3,0.5,1",
                        help="comma-separated weights of the general-domain training sentences")
    parser.add_argument("--quote-weights", default="",
                        help="comma-separated weights of the quotes in the fit (default: the shipped one)")
    parser.add_argument("--alphas", default="",
                        help="comma-separated ridge penalties of the fit (default: the shipped one)")
    parser.add_argument("--output-scales", default="",
                        help="comma-separated output scales to score each model with (default: the shipped one)")
    parser.add_argument("--lexicon-scales", default="",
                        help="comma-separated scales of the lexicon words' columns in the fit (default: shipped)")
    args = parser.parse_args()
    folds = [int(fold) for fold in args.folds.split(",")]
    train = _train_module()
    outputs = [float(k) for k in args.output_scales.split(",")] if args.output_scales else [train.OUTPUT_SCALE]
    quotes_weights = [float(w) for w in args.quote_weights.split(",")] if args.quote_weights else [train.QUOTE_WEIGHT]
    alphas = [float(a) for a in args.alphas.split(",")] if args.alphas else [train.SENTIMENT_ALPHA]
    lexicon_scales = ([float(k) for k in args.lexicon_scales.split(",")] if args.lexicon_scales
                      else [train.LEXICON_SCALE])
    settings = [(float(scale), float(weight), quote, alpha, lexicon, output) for scale in args.scales.split(",")
                for weight in args.general_weights.split(",") for quote in quotes_weights for alpha in alphas
                for lexicon in lexicon_scales for output in outputs]
    sentences, quotes = training_part()
    elsewhere = [ground_truth(ground_truth_file(name)) for name, _ in GENERAL]
    elsewhere.append(ground_truth(ground_truth_file(EDITORIALS)))
    figures: dict[tuple[float, ...], list[tuple[float, ...]]] = {setting: [] for setting in settings}
    for fold in folds:
        for scale, weight, quote, alpha, lexicon in dict.fromkeys(setting[:5] for setting in settings):
            with contextlib.redirect_stdout(io.StringIO()):
                model = train.parse_model(train.train_sentiment(inner=fold, vector_scale=scale, general_weight=weight,
                                                                quote_weight=quote, alpha=alpha,
                                                                lexicon_scale=lexicon))
            for output in outputs:
                with _sentiment_model(dataclasses.replace(model, output_scale=output)):
                    row = fold_figures(fold, sentences, quotes)
                    row += tuple(pearson_through_cli(texts, ratings) for texts, ratings in elsewhere)
                figures[scale, weight, quote, alpha, lexicon, output].append(row)
                print(f"fold {fold}, scale {scale}, general weight {weight}, quote weight {quote}, alpha {alpha}, "
                      f"lexicon scale {lexicon}, output scale {output}: "
                      + ", ".join(f"{value:.4f}" for value in row), file=sys.stderr)
    print("| word-vector scale, general weight, quote weight, ridge alpha, lexicon scale, output scale | "
          + " | ".join(f"{name} (mean of folds)" for name in COLUMNS) + " |")
    print("|---|" + "---|" * len(COLUMNS))
    shipped = (train.VECTOR_SCALE, train.GENERAL_WEIGHT, train.QUOTE_WEIGHT, train.SENTIMENT_ALPHA, train.LEXICON_SCALE,
               train.OUTPUT_SCALE)
    for setting in settings:
        name = ", ".join(f"{value:g}" for value in setting)
        if setting == shipped:
            name = f"**{name} (shipped)**"
        means = [statistics.mean(values) for values in zip(*figures[setting], strict=True)]
        print(f"| {name} | " + " | ".join(f"{value:.4f}" for value in means) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
