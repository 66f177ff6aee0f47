"""Speed and scale of `python -m analysis score` (run by hand; prints a table). Timings are ratios within one run.

    python benchmarks/speed.py [--quick] [--no-memory] [--dask]

- score on whole reviews (../shared/data/critic_reviews_polarity_dev.jsonl) through the CLI, 1 and 2 workers, vs raw
  vaderSentiment polarity_scores on the same sentences (its lines: one sentence each), in the same run; 1 worker also
  without the C speed-ups (CRITIC_CONSENSUS_PURE_PYTHON=1), which the run says whether they are built;
- the machine's own ceiling for 2 workers, in the same rounds: raw VADER on the same sentences split over 2 forked
  processes (every other sentence each, each with its own analyzer) against 1 process: what two of this machine's
  cores give work of the same kind with no serial part at all;
- 1 worker on the same reviews as text copied from the web would have them (each "'" a curly apostrophe, each
  " -- " an em dash): against the ASCII reviews, in the same rounds;
- sentence splitting alone (analysis.segment.split_sentences), sentences per second;
- peak memory (max RSS of the CLI process) on a 100k-row CSV made by repeating the dev reviews, and on 20k rows;
- cost growth: 1x vs 10x the text;
- with --dask: `score --engine dask` on 10,000 reviews in 8 CSV files (8 partitions), with a LocalCluster of 1 and
  of 2 workers, beside the local engine on the same rows, and the projected time for 1M reviews.

Every CLI run is a fresh process, start-up included (raw VADER's import and analyzer are not timed). The package's
bytecode is compiled first, as a first run writes it anywhere the environment does not forbid it (this machine
sets PYTHONDONTWRITEBYTECODE=1, which makes every run compile the source again).
"""

from __future__ import annotations

import argparse
import compileall
import csv
import json
import multiprocessing
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "data" / "critic_reviews_polarity_dev.jsonl"


_SENTENCES: list[str] = []  # raw VADER's sentences for _vader_share, handed to the forked processes as they are


def _vader_share(part: int) -> None:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()
    for sentence in _SENTENCES[part::2]:
        analyzer.polarity_scores(sentence)


def _vader_two_processes(sentences: list[str]) -> float:
    """Seconds for raw VADER on ``sentences`` split over 2 forked processes (start-up included)."""
    global _SENTENCES
    _SENTENCES = sentences
    start = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(2) as pool:
        pool.map(_vader_share, [0, 1])
    return time.perf_counter() - start


def _per_round(slower: list[float], faster: list[float]) -> str:
    """Each round's speed-up, ``slower[i] / faster[i]``."""
    return ", ".join(f"{a / b:.2f}x" for a, b in zip(slower, faster, strict=True))


def _typographic(text: str) -> str:
    """``text`` with the punctuation of text copied from the web: curly apostrophes, em dashes."""
    return text.replace("'", "\u2019").replace(" -- ", " \u2014 ")


def _write_csv(path: Path, texts: list[str]) -> None:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["id", "text"])
        writer.writerows([i, t] for i, t in enumerate(texts))


def _cli(source: Path | str, workers: int = 1, *, engine: str = "local",
         target: Path | None = None, pure: bool = False) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of one `score` run in a fresh process; ``pure``: without the C speed-ups."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    target = target or Path(source).with_suffix(".out.csv")
    subprocess.run([sys.executable, "-m", "analysis", "score", str(source), "--text-column", "text", "-o",
                    str(target), "--workers", str(workers), "--engine", engine], cwd=ROOT, check=True,
                   capture_output=True, env=dict(os.environ, CRITIC_CONSENSUS_PURE_PYTHON="1" if pure else ""))
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak, before) / 1024


def _dask_rows(folder: Path, texts: list[str]) -> list[tuple[str, str, str]]:
    """The Dask engine (LocalCluster of 1 and 2 workers) and the local engine on the same 10,000 reviews."""
    count, files = 10000, 8
    rows_all = (texts * (count // len(texts) + 1))[:count]
    parts = folder / "dask"
    parts.mkdir()
    for index in range(files):
        _write_csv(parts / f"part{index}.csv", rows_all[index::files])
    whole = folder / "dask_whole.csv"
    _write_csv(whole, rows_all)
    local = _cli(whole, 1)[0]
    one = _cli(str(parts / "*.csv"), 1, engine="dask", target=folder / "dask1.out.csv")[0]
    two = _cli(str(parts / "*.csv"), 2, engine="dask", target=folder / "dask2.out.csv")[0]
    per_million = lambda seconds: f"{seconds / count * 1e6 / 60:.0f} min for 1M"  # noqa: E731
    return [
        (f"local engine, 1 worker, {count:,} reviews", f"{local:.1f} s ({per_million(local)})", "-"),
        (f"Dask engine, LocalCluster of 1 worker, {count:,} reviews in {files} partitions",
         f"{one:.1f} s ({per_million(one)})", "-"),
        ("Dask engine, LocalCluster of 2 workers, same rows", f"{two:.1f} s ({per_million(two)}); "
         f"{one / two:.2f}x one worker", "-"),
    ]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="smaller inputs, one repeat")
    parser.add_argument("--no-memory", action="store_true", help="skip the 20k/100k-row memory runs (~15 min)")
    parser.add_argument("--dask", action="store_true", help="also time the Dask engine with 1 and 2 workers")
    args = parser.parse_args()
    # Each CLI run below is a fresh process. This machine sets PYTHONDONTWRITEBYTECODE=1, so Python never caches the
    # package's bytecode and every run would compile its source again (~0.2 s, measured on a one-row CSV: 0.75 s
    # against 0.52 s). Anywhere else the first run writes __pycache__ and later runs read it (an installed package
    # is compiled when installed): compile it once, as that first run would.
    compileall.compile_dir(ROOT / "analysis", quiet=1)
    with DATA.open(encoding="utf-8") as stream:
        texts = [json.loads(line)["text"] for line in stream]
    if args.quick:
        texts = texts[:300]
    sentences = [s for t in texts for s in t.split("\n") if s.strip()]
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from analysis import speedups
    from analysis.segment import split_sentences

    if not speedups.BUILT:
        print("C speed-ups NOT built (python setup.py build_ext --inplace): both score rows run pure Python")

    analyzer = SentimentIntensityAnalyzer()
    repeats = 1 if args.quick else 5
    rows = []
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        source = folder / "reviews.csv"
        _write_csv(source, texts)
        typographic = folder / "typographic.csv"
        _write_csv(typographic, [_typographic(t) for t in texts])
        # Alternating runs; on a shared machine both the median and the fastest run of each are shown.
        vader_times, vader_two_times, one_times, two_times, pure_times, curly_times = [], [], [], [], [], []
        for _ in range(repeats):
            start = time.perf_counter()
            for sentence in sentences:
                analyzer.polarity_scores(sentence)
            vader_times.append(time.perf_counter() - start)
            vader_two_times.append(_vader_two_processes(sentences))
            one_times.append(_cli(source, 1)[0])
            two_times.append(_cli(source, 2)[0])
            pure_times.append(_cli(source, 1, pure=True)[0])
            curly_times.append(_cli(typographic, 1)[0])
        vader, one, two, pure, curly = (statistics.median(x)
                                        for x in (vader_times, one_times, two_times, pure_times, curly_times))
        rows.append((f"score, 1 worker, {len(texts)} reviews ({len(sentences)} sentences) / raw VADER on the "
                     f"same sentences (median of {repeats})", f"{one:.2f} s / {vader:.2f} s = {one / vader:.2f}x",
                     "<= 1.5x"))
        rows.append(("the same, fastest run of each", f"{min(one_times):.2f} s / {min(vader_times):.2f} s = "
                     f"{min(one_times) / min(vader_times):.2f}x; per round: {_per_round(one_times, vader_times)}",
                     "<= 1.5x"))
        rows.append(("the same without the C speed-ups (pure Python): median / fastest",
                     f"{pure / vader:.2f}x / {min(pure_times) / min(vader_times):.2f}x", "-"))
        rows.append(("score, 1 worker, the same reviews with curly apostrophes and em dashes / the ASCII ones "
                     "(medians; per round)", f"{curly / one:.2f}x; per round: "
                     f"{_per_round(curly_times, one_times)}", "-"))
        rows.append(("score, 2 workers: speed-up over 1 worker (medians)", f"{one / two:.2f}x ({two:.2f} s)",
                     ">= 1.7x"))
        rows.append(("the same, fastest run of each (a neighbour's load on one core costs 2 workers the most)",
                     f"{min(one_times) / min(two_times):.2f}x; per round: {_per_round(one_times, two_times)}",
                     ">= 1.7x"))
        rows.append(("the machine's ceiling: raw VADER on the same sentences, 2 processes vs 1 (medians; per round)",
                     f"{vader / statistics.median(vader_two_times):.2f}x; per round: "
                     f"{_per_round(vader_times, vader_two_times)}", "-"))

        joined = [t for t in texts]
        start = time.perf_counter()
        count = sum(len(split_sentences(t)) for t in joined)
        split_time = time.perf_counter() - start
        rows.append(("sentence splitting alone", f"{count / split_time:,.0f} sentences/s", ">= 50k/s"))

        small, big = folder / "small.csv", folder / "big.csv"
        base = texts[:100] if args.quick else texts[:200]
        _write_csv(small, base)
        _write_csv(big, base * 10)
        small_time, big_time = _cli(small)[0], _cli(big)[0]
        rows.append(("cost growth: 10x the text / 1x", f"{big_time / small_time:.2f}x", "<= 11x"))

        for count in () if args.no_memory else ((2000, 10000) if args.quick else (20000, 100000)):
            path = folder / f"rows{count}.csv"
            _write_csv(path, (texts * (count // len(texts) + 1))[:count])
            seconds, peak = _cli(path, 1)
            rows.append((f"peak memory of score on {count:,} reviews ({seconds:.0f} s)", f"{peak:,.0f} MB",
                         "<= 1.5 GB, flat"))
        if args.dask:
            rows.extend(_dask_rows(folder, texts))
    print("| what | measured | target |")
    print("|---|---|---|")
    for what, measured, target in rows:
        print(f"| {what} | {measured} | {target} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
