"""Negation idioms on the dev data: how often they occur, and the sign with and without them (run by hand).

    python benchmarks/idioms.py

Every labelled dev sentence that holds an idiom of analysis/data/idioms.tsv ("can't resist", "couldn't be better",
"nothing but"): critic sentences rated at least 0.5 away from neutral (sign of the mean rating), Rotten Tomatoes
quotes (fresh / rotten) and the sentences of whole reviews (their review's polarity: weak labels). Each is scored
as the pipeline scores it, with the idioms read plainly and without; the table counts the right signs, on the
training part (where the idioms were looked at) and on the held-out part, and lists the quotes and rated sentences
whose sign the idioms change.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis import scoring  # noqa: E402
from analysis.clean import scoring_text  # noqa: E402
from analysis.evaluation import is_held_out  # noqa: E402

DATA = ROOT.parent / "shared" / "data"


def labelled_rows() -> list[tuple[str, bool, bool, str]]:
    """(text, positive, held out, kind) of every labelled dev sentence."""
    rows = []
    with (DATA / "critic_sentences_dev.tsv").open(encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream, delimiter="\t", quoting=csv.QUOTE_NONE):
            if abs(float(row["rating"])) >= 0.5:
                rows.append((row["text"], float(row["rating"]) > 0, is_held_out(row["text"]), "critic sentence"))
    with (DATA / "critic_quotes_by_film_dev.csv").open(encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream):
            rows.append((row["quote"], row["fresh"] == "fresh", is_held_out(row["quote"]), "quote"))
    with (DATA / "critic_reviews_polarity_dev.jsonl").open(encoding="utf-8") as stream:
        for line in stream:
            review = json.loads(line)
            for sentence in review["text"].split("\n"):
                rows.append((sentence, review["label"] == "positive", is_held_out(review["id"]),
                             "whole-review sentence (weak label)"))
    return rows


def _score(text: str, idioms: bool) -> float:
    cleaned = scoring_text(text)
    if idioms:
        return scoring.score_text(cleaned, explain=False).value
    plain = scoring.plain_idioms
    scoring.plain_idioms = lambda text, tokens=None: text
    try:
        return scoring.score_text(cleaned, explain=False).value
    finally:
        scoring.plain_idioms = plain


def main() -> int:
    if not DATA.exists():
        print(f"missing {DATA}", file=sys.stderr)
        return 2
    rows = labelled_rows()
    hits = [row for row in rows if scoring.plain_idioms(scoring_text(row[0])) != scoring_text(row[0])]
    print(f"{len(hits)} of {len(rows)} labelled dev sentences hold a negation idiom\n")
    print("| data | part | sentences | sign right without idioms | with idioms |")
    print("|---|---|---|---|---|")
    changed = []
    counts: dict[tuple[str, str], list[int]] = {}
    for text, positive, held, kind in hits:
        before, after = _score(text, False), _score(text, True)
        count = counts.setdefault((kind, "held out" if held else "training part"), [0, 0, 0])
        count[0] += 1
        count[1] += (before > 0) == positive
        count[2] += (after > 0) == positive
        if (before > 0) != (after > 0) and "weak" not in kind:
            changed.append(("right" if (after > 0) == positive else "wrong", kind, before, after, text))
    for (kind, part), (n, before, after) in sorted(counts.items()):
        print(f"| {kind} | {part} | {n} | {before} | {after} |")
    print("\nSign changed by the idioms (quotes and rated sentences):")
    for verdict, kind, before, after, text in changed:
        print(f"- now {verdict} ({kind}, {before:+.2f} -> {after:+.2f}): {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
