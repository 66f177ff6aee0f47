"""What each run-time rule is worth on five inner folds of the training part (run by hand; prints a table).

    python benchmarks/ablation_folds.py [--folds 0,1,2,3,4] [--models DIR] [--only TEXT]

For each fold, a sentiment model is trained (training/train.py) on the other four fifths of the training part (the
held-out part is never read; ``--models DIR`` keeps each fold's model there as ``fold<k>.json`` and reads it back
on the next run, as benchmarks/domain_folds.py does). The fold's rated critic sentences and Rotten Tomatoes quotes
are scored through the CLI's path (``analysis.batch.score_rows``) with every rule, then once without each rule:
each row of ``idioms.tsv``, each hedge and counterfactual marker of ``rules.toml``, the sentence-opening turns and
concessions of ``analysis/segment.py`` added on 2026-12-04 (the earlier turns are the contrast rule's, which
benchmarks/rule_folds.py weighs), the concessive "if" and the negation of a film idiom (``scoring._negated_idiom``).
A rule's worth is what removing it loses: the means over the folds of the critic sentences' Pearson r and of the
quote sign's accuracy, and the quotes whose sign it changes (right / wrong with it).
``--only TEXT`` keeps the rules whose label holds TEXT. ~11 s a rule on this machine.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import re
import statistics
import sys
import tempfile
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.stats import pearsonr

sys.path.insert(0, str(Path(__file__).resolve().parent))

from domain_folds import fold_model  # noqa: E402  (benchmarks/domain_folds.py; puts the project root on sys.path)
from rule_folds import _sentiment_model, _train_module, training_part  # noqa: E402

from analysis import scoring, segment  # noqa: E402
from analysis.batch import score_rows  # noqa: E402
from analysis.evaluation import inner_fold  # noqa: E402
from analysis.resources import data_path  # noqa: E402

# The sentence-level turns as they were before 2026-12-04 (segment._LEADING_TURN's history), to take out what that
# day added: the opening "And yet" / "Even so," / "That said," / ..., and the parenthetical turn after a first phrase.
_TURNS_BEFORE = r"[\W_]*(?:(?:but|yet|however|nevertheless|nonetheless)\b|still,"
_OPENING_TURNS = r"|(?:even so|that said|then again|all the same|having said that)\s*,"
_PARENTHETICAL_TURN = (r"|[^,;:.!?]{1,60}?,\s*(?:however|though|nevertheless|nonetheless|on the other hand)"
                       r"\s*[,.;!?]")
_NEVER = re.compile(r"(?!)")


@dataclass(frozen=True)
class Ablation:
    label: str
    apply: Callable[[], contextlib.AbstractContextManager]


def _clear_caches() -> None:
    """Every table the analysis package built from its data files (the fold model stays swapped in)."""
    for module in (scoring, segment):
        for value in vars(module).values():
            if hasattr(value, "cache_clear"):
                value.cache_clear()


@contextlib.contextmanager
def _data_file(name: str, text: str) -> Iterator[None]:
    """``analysis/data/<name>`` read as ``text`` by the scoring module."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_text(text, encoding="utf-8")
        scoring.data_path = lambda wanted: path if wanted == name else data_path(wanted)
        _clear_caches()
        try:
            yield
        finally:
            scoring.data_path = data_path
            _clear_caches()


@contextlib.contextmanager
def _replaced(module, name: str, value) -> Iterator[None]:
    shipped = getattr(module, name)
    setattr(module, name, value)
    try:
        yield
    finally:
        setattr(module, name, shipped)


def _idiom_ablations() -> list[Ablation]:
    lines = data_path("idioms.tsv").read_text(encoding="utf-8").split("\n")
    header = next(i for i, line in enumerate(lines) if line == "pattern\treading")
    return [Ablation(f"idiom `{lines[i].split(chr(9))[0][:48]}`",
                     functools.partial(_data_file, "idioms.tsv", "\n".join(lines[:i] + lines[i + 1:])))
            for i in range(header + 1, len(lines)) if lines[i] and not lines[i].startswith("#")]


def _marker_ablations() -> list[Ablation]:
    text = data_path("rules.toml").read_text(encoding="utf-8")
    rules = tomllib.loads(text)
    ablations = []
    for key in ("hedges", "counterfactuals"):
        for marker in rules[key]:
            cut = re.sub(rf'"{re.escape(marker)}",\s*|,\s*"{re.escape(marker)}"(?=\s*\])', "", text, count=1)
            assert tomllib.loads(cut)[key] == [m for m in rules[key] if m != marker], marker
            ablations.append(Ablation(f"{key[:-1]} \"{marker}\"", functools.partial(_data_file, "rules.toml", cut)))
    return ablations


def _code_ablations() -> list[Ablation]:
    turns = segment._LEADING_TURN.pattern
    assert turns == _TURNS_BEFORE.replace(r")\b", r"|and yet)\b") + _OPENING_TURNS + _PARENTHETICAL_TURN + ")", turns
    flags = segment._LEADING_TURN.flags
    without_opening = re.compile(turns.replace("|and yet)", ")").replace(_OPENING_TURNS, ""), flags)
    without_parenthetical = re.compile(turns.replace(_PARENTHETICAL_TURN, ""), flags)
    return [
        Ablation('opening turns "And yet", "Even so,", "That said,", ... (segment._LEADING_TURN, 2026-12-04)',
                 functools.partial(_replaced, segment, "_LEADING_TURN", without_opening)),
        Ablation('parenthetical turn "The result, however, is ..." (segment._LEADING_TURN, 2026-12-04)',
                 functools.partial(_replaced, segment, "_LEADING_TURN", without_parenthetical)),
        Ablation('concession "Clever as it is, ..." (segment._CONCESSIVE_AS)',
                 functools.partial(_replaced, segment, "_CONCESSIVE_AS", _NEVER)),
        Ablation('concessive "if": "A serviceable if rather overextended thriller" (segment._CONCESSIVE_IF)',
                 functools.partial(_replaced, segment, "_CONCESSIVE_IF", _NEVER)),
        Ablation('negated film idiom "never overstays its welcome" (scoring._negated_idiom)',
                 functools.partial(_replaced, scoring, "_negated_idiom", lambda tokens, words: False)),
    ]


def _scores(texts: list[str]) -> np.ndarray:
    return np.array([float(row[0] or 0) for row in score_rows(texts)])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", default="0,1,2,3,4", help="comma-separated inner folds (0-4)")
    parser.add_argument("--models", type=Path, metavar="DIR", help="keep (and reuse) the fold models here")
    parser.add_argument("--only", default="", metavar="TEXT", help="only the rules whose label holds TEXT")
    args = parser.parse_args()
    folds = [int(fold) for fold in args.folds.split(",")]
    ablations = [a for a in _idiom_ablations() + _marker_ablations() + _code_ablations() if args.only in a.label]
    sentences, quotes = training_part()
    train = _train_module()
    # per fold: ratings, fresh, then the scores with every rule (None) and without each rule
    base: list[tuple[float, float]] = []
    rows: dict[str, list[tuple[float, float, int, int]]] = {a.label: [] for a in ablations}
    for fold in folds:
        rated = [r for r in sentences if inner_fold(r["text"]) == fold]
        fold_quotes = [r for r in quotes if inner_fold(r["quote"]) == fold]
        ratings = [float(r["rating"]) for r in rated]
        fresh = np.array([r["fresh"] == "fresh" for r in fold_quotes])
        texts, quote_texts = [r["text"] for r in rated], [r["quote"] for r in fold_quotes]
        with _sentiment_model(fold_model(train, fold, args.models)):
            all_rules = _scores(texts), _scores(quote_texts)
            base.append((pearsonr(all_rules[0], ratings)[0], ((all_rules[1] > 0) == fresh).mean()))
            for ablation in ablations:
                with ablation.apply():
                    sentence_scores, quote_scores = _scores(texts), _scores(quote_texts)
                moved = (quote_scores > 0) != (all_rules[1] > 0)
                right = int((moved & ((all_rules[1] > 0) == fresh)).sum())
                rows[ablation.label].append((pearsonr(sentence_scores, ratings)[0],
                                             ((quote_scores > 0) == fresh).mean(), right, int(moved.sum()) - right))
        print(f"fold {fold} done", file=sys.stderr)
    base_r, base_sign = (statistics.mean(column) for column in zip(*base, strict=True))
    versions = scoring.model_versions()
    print(f"Every rule (rules {versions['rules']}, idioms {versions['negation_idioms']}; fold models trained as "
          f"sentiment model {versions['sentiment_model']}): critic sentences r {base_r:.5f}, quote sign "
          f"{base_sign:.5f} (means of folds {', '.join(map(str, folds))}).\n")
    print("| rule removed | critic r without it | its worth (r x 1e4) | quote sign without it | its worth (quotes "
          "x 1e4) | quotes it turns right / wrong |")
    print("|---|---|---|---|---|---|")
    for ablation in ablations:
        r, sign, right, wrong = zip(*rows[ablation.label], strict=True)
        r, sign = statistics.mean(r), statistics.mean(sign)
        print(f"| {ablation.label} | {r:.5f} | {(base_r - r) * 1e4:+.1f} | {sign:.5f} | "
              f"{(base_sign - sign) * 1e4:+.1f} | {sum(right)} / {sum(wrong)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
