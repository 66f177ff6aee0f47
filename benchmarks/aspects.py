"""Aspect detection and aspect polarity, measured on labelled sentences (run by hand; prints a table).

    python benchmarks/aspects.py

Data: two random samples of ../shared/data/critic_sentences_dev.tsv labelled by careful reading (ids and labels in
benchmarks/data/; sample A was used to find general gaps in the taxonomy, sample B is blind), and the project's own
hand-written fixture tests/data/aspect_sentences.tsv (all eight aspects, incl. music numbers, dance, humor, emotion).
Baseline: a keyword tagger that looks for the aspect's obvious words, as a first version of any such tool would.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.evaluation import evaluate_aspects, read_label_file  # noqa: E402
from analysis.pipeline import analyse_text  # noqa: E402

DEV = ROOT.parent / "shared" / "data" / "critic_sentences_dev.tsv"
FIVE = {"acting", "story", "direction", "music", "pacing"}
KEYWORDS = {
    "acting": ("acting", "actor", "actress", "performance", "cast"),
    "story": ("story", "plot", "script", "screenplay"),
    "direction": ("direction", "director", "directed", "cinematography"),
    "music": ("music", "song", "score", "soundtrack"),
    "pacing": ("pacing", "pace", "slow", "long"),
    "dance": ("dance", "dancing", "choreograph"),
    "humor": ("funny", "humor", "humour", "joke", "comedy"),
    "emotion": ("moving", "emotional", "touching"),
}


def keyword_tags(text: str) -> dict[str, float]:
    lowered = text.lower()
    return {aspect: 0.0 for aspect, words in KEYWORDS.items() if any(w in lowered for w in words)}


def our_tags(text: str) -> dict[str, float]:
    result = analyse_text(text)
    scores = result.aspect_scores(include_synopsis=True)
    return {aspect: sum(values) / len(values) for aspect, values in scores.items()}


def main() -> int:
    if not DEV.exists():
        print(f"missing {DEV}: the dev data lives in ../shared/data next to the project", file=sys.stderr)
        return 2
    with DEV.open(encoding="utf-8", newline="") as stream:
        texts = {row["id"]: row["text"] for row in csv.DictReader(stream, delimiter="\t", quoting=csv.QUOTE_NONE)}
    labels = ROOT / "benchmarks" / "data"
    datasets = {
        "critic sentences, sample A (dev)": [
            (texts[i], gold) for i, gold in read_label_file(labels / "aspect_labels_critic_sentences.tsv")],
        "critic sentences, sample B (blind)": [
            (texts[i], gold) for i, gold in read_label_file(labels / "aspect_labels_critic_sentences_b.tsv")],
        "project fixture (8 aspects)": read_label_file(ROOT / "tests/data/aspect_sentences.tsv"),
    }
    print("| data | sentences | aspects | keywords F1 | ours F1 | ours polarity acc (n) |")
    print("|---|---|---|---|---|---|")
    for name, rows in datasets.items():
        for scope, aspects in (("5", FIVE), ("8", None)):
            if scope == "8" and "fixture" not in name:
                continue
            ours = evaluate_aspects([(gold, our_tags(text)) for text, gold in rows], aspects)
            keywords = evaluate_aspects([(gold, keyword_tags(text)) for text, gold in rows], aspects)
            print(f"| {name} | {len(rows)} | {'acting, story, direction, music, pacing' if aspects else 'all 8'} "
                  f"| {keywords.f1:.3f} | {ours.f1:.3f} | {ours.polarity_accuracy:.3f} ({ours.polarity_total}) |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
