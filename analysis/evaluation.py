"""Evaluation helpers shared by the benchmarks, the training script and the tests: the held-out split and inner
folds, labelled aspect files and micro-F1, and Hutto & Gilbert's rated sentences from vaderSentiment's sdist. The
product never calls them.

A label file is a TSV with a text (or id) column and a ``labels`` column of ``aspect:polarity`` items joined by
``;`` (polarity ``+``, ``-`` or ``0``); lines starting with ``#`` are comments.
"""

from __future__ import annotations

import csv
import hashlib
import subprocess
import sys
import tarfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

__all__ = ["AspectCounts", "EDITORIALS", "GENERAL_FILES", "evaluate_aspects", "ground_truth_file", "inner_fold",
           "is_held_out", "parse_labels", "read_ground_truth", "read_label_file", "read_opinion_labels"]

# Hutto & Gilbert (ICWSM 2014) ground truth, in vaderSentiment 3.3.2's sdist on PyPI (MIT licence): each sentence's
# mean rating by 20 people, -4..+4. The Amazon-review sentences and tweets are general-domain text (the sentiment
# model's extra training data, training/train.py); the editorials are the out-of-domain test (never trained on).
# The archive's movie-review snippets, behind critic_sentences_dev.tsv, are never read: they hold rows the final
# evaluation keeps aside.
SDIST = "vaderSentiment-3.3.2.tar.gz"
EDITORIALS = "nytEditorialSnippets_GroundTruth.txt"
GENERAL_FILES = ("amazonReviewSnippets_GroundTruth.txt", "tweets_GroundTruth.txt")
CACHE = Path(__file__).resolve().parent.parent / "benchmarks" / "out"  # git-ignored


def is_held_out(key: str) -> bool:
    """The held-out split used by training/ and benchmarks/: md5 of the text (or a review's id) % 5 == 0 (20%)."""
    return int(hashlib.md5(key.encode("utf-8")).hexdigest(), 16) % 5 == 0


def inner_fold(key: str) -> int:
    """Which of five inner folds of the training part a row belongs to, for choosing settings without the held-out
    part: md5("inner:" + text or review id) % 5 (training/train.py's inner fold is fold 0)."""
    return int(hashlib.md5(("inner:" + key).encode("utf-8")).hexdigest(), 16) % 5


def ground_truth_file(name: str, cache: Path = CACHE) -> Path:
    """The path of one of the sdist's ground-truth files (``EDITORIALS`` or one of ``GENERAL_FILES``), extracted
    into ``cache``; the sdist is fetched there with ``pip download`` once."""
    if name != EDITORIALS and name not in GENERAL_FILES:
        raise ValueError(f"{name}: not one of the files read from the sdist")
    target = cache / name
    if not target.exists():
        cache.mkdir(parents=True, exist_ok=True)
        if not (cache / SDIST).exists():
            subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:", "-q",
                            "vaderSentiment==3.3.2", "-d", str(cache)], check=True)
        with tarfile.open(cache / SDIST) as sdist:
            inner = sdist.extractfile("vaderSentiment-3.3.2/additional_resources/hutto_ICWSM_2014.tar.gz")
            with tarfile.open(fileobj=inner) as resources:
                target.write_bytes(resources.extractfile(f"hutto_ICWSM_2014/{name}").read())
    return target


def read_ground_truth(path: str | Path) -> tuple[list[str], list[float]]:
    """(texts, mean ratings) of a Hutto & Gilbert ground-truth file: id, rating, text, tab-separated."""
    texts, ratings = [], []
    with Path(path).open(encoding="utf-8", errors="replace") as stream:
        for line in stream:
            fields = line.rstrip("\n").split("\t")
            if len(fields) == 3:
                texts.append(fields[2])
                ratings.append(float(fields[1]))
    return texts, ratings


def parse_labels(field: str) -> dict[str, str]:
    """``"acting:+;story:-"`` -> ``{"acting": "+", "story": "-"}``."""
    labels = {}
    for item in filter(None, (part.strip() for part in field.split(";"))):
        aspect, _, polarity = item.partition(":")
        if polarity not in {"+", "-", "0"}:
            raise ValueError(f"label {item!r}: expected aspect:+, aspect:- or aspect:0")
        labels[aspect] = polarity
    return labels


def _data_lines(path: str | Path) -> list[str]:
    """The lines of a label file that are not ``#`` comments."""
    with Path(path).open(encoding="utf-8", newline="") as stream:
        return [line for line in stream if not line.startswith("#")]


def read_label_file(path: str | Path) -> list[tuple[str, dict[str, str]]]:
    """Rows of ``(text or id, labels)`` from a label TSV."""
    reader = csv.reader(_data_lines(path), delimiter="\t", quoting=csv.QUOTE_NONE)
    next(reader)  # header
    return [(row[0], parse_labels(row[1] if len(row) > 1 else "")) for row in reader if row]


def read_opinion_labels(path: str | Path) -> list[tuple[str, bool]]:
    """Rows of ``(text, is opinion)`` from a TSV with ``label`` (``opinion`` or ``synopsis``) and ``text`` columns;
    lines starting with ``#`` are comments."""
    reader = csv.DictReader(_data_lines(path), delimiter="\t", quoting=csv.QUOTE_NONE)
    if not {"label", "text"} <= set(reader.fieldnames or ()):
        raise ValueError(f"{path}: expected columns label and text, got {reader.fieldnames}")
    rows = []
    for number, row in enumerate(reader, start=1):
        if row["label"] not in {"opinion", "synopsis"}:
            raise ValueError(f"{path}: row {number}: label {row['label']!r}, expected opinion or synopsis")
        rows.append((row["text"], row["label"] == "opinion"))
    return rows


@dataclass
class AspectCounts:
    """Detection counts (micro-averaged) and polarity counts over correctly detected, polarised aspects."""

    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0
    polarity_right: int = 0
    polarity_total: int = 0

    @property
    def f1(self) -> float:
        denominator = 2 * self.true_positive + self.false_positive + self.false_negative
        return 2 * self.true_positive / denominator if denominator else 1.0

    @property
    def polarity_accuracy(self) -> float:
        return self.polarity_right / self.polarity_total if self.polarity_total else float("nan")


def evaluate_aspects(
    items: Iterable[tuple[dict[str, str], dict[str, float]]], aspects: set[str] | None = None
) -> AspectCounts:
    """Compare gold labels with predicted ``aspect -> score`` per sentence, restricted to ``aspects`` if given.

    Polarity is right when the predicted score has the gold sign (``+``: > 0, ``-``: < 0).
    """
    counts = AspectCounts()
    for gold, predicted in items:
        gold_set = set(gold) if aspects is None else set(gold) & aspects
        predicted_set = set(predicted) if aspects is None else set(predicted) & aspects
        counts.true_positive += len(gold_set & predicted_set)
        counts.false_positive += len(predicted_set - gold_set)
        counts.false_negative += len(gold_set - predicted_set)
        for aspect in gold_set & predicted_set:
            if gold[aspect] in {"+", "-"}:
                counts.polarity_total += 1
                sign = 1 if gold[aspect] == "+" else -1
                counts.polarity_right += predicted[aspect] * sign > 0
    return counts
