"""Command line: ``python -m analysis analyze|score``. Each command parses, calls one library function, writes.

Exit codes: 0 success; 2 bad usage or bad input (one line ``error: ...`` on stderr); 1 an internal error (one line,
``--debug`` shows the traceback). Notices that do not stop the run (an encoding guessed) go to stderr as
``notice: ...``.
"""

from __future__ import annotations

import argparse
import re
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from .errors import InputError

__all__ = ["main"]

DESCRIPTION = "Aspect-level sentiment of film and TV reviews, and where the critics agree and disagree."
# Control characters other than tab and line feed: review text must not drive the terminal (ANSI escapes that
# recolour, retitle or clear it, a carriage return that overwrites a line).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _printable(text: str) -> str:
    """``text`` safe to print: control characters shown as U+FFFD (the tables come from review text)."""
    return _CONTROL.sub("\ufffd", text)


def _message(text: str) -> str:
    """An error or notice as one printable line."""
    return _printable(" ".join(text.split("\n")).replace("\r", " "))


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line, like every other error."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"error: {_message(message)} (see '{self.prog} --help')\n")


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m analysis", description=DESCRIPTION)
    parser.add_argument("--debug", action="store_true", help="show the full traceback of an internal error")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    analyze = commands.add_parser(
        "analyze",
        help="analyse reviews by several critics and compare them aspect by aspect",
        description="Analyse reviews (files or folders; default: seeds/) and compare the critics aspect by aspect. "
        "Without -o, prints a readable table and the consensus sentence.",
    )
    analyze.add_argument("paths", nargs="*", metavar="PATH",
                         help="review files (.txt .md .csv .tsv .json .jsonl) or folders of them (default: seeds/)")
    analyze.add_argument("-o", "--output", metavar="OUT",
                         help="output file; its extension picks the format: .csv, .json (all tables) or .parquet")
    analyze.add_argument("--table", choices=("aspects", "sentences", "consensus", "reviews", "mentions"),
                         default="aspects", help="table to write as CSV/Parquet or print (default: aspects)")
    analyze.add_argument("--taxonomy", metavar="TOML", help="aspect taxonomy file (default: the shipped one)")
    analyze.add_argument("--aspects", metavar="IDS", help="comma-separated aspect ids to keep (default: all)")
    analyze.add_argument("--include-synopsis", action="store_true",
                         help="count plot-summary sentences in aspect scores (default: opinion only)")
    analyze.add_argument("--film", help="film or show title (default: detected from the texts)")
    analyze.add_argument("--rename", action="append", default=[], metavar="OLD=NEW",
                         help="rename a critic label, e.g. --rename '002_efd41335f66387d2=A. Critic' (repeatable)")
    analyze.add_argument("--text-column", help="CSV/JSON inputs: column with the review text (default: detect)")
    analyze.add_argument("--critic-column", help="CSV/JSON inputs: column with the critic (default: detect)")
    analyze.add_argument("--id-column", help="CSV/JSON inputs: column with a review id (default: detect)")

    score = commands.add_parser(
        "score",
        help="add overall and per-aspect sentiment columns to every row of a CSV",
        description="Score every row of a CSV: the same rows in the same order, every input column kept, plus "
        "sentiment (-1..1), opinion (true/false) and one column per aspect id (empty when not mentioned). "
        "Streams the file in chunks.",
    )
    score.add_argument("inputs", nargs="+", metavar="IN",
                       help="input CSV (',', ';', tab or '|' separated); with --engine dask, CSV/Parquet files or "
                       "globs (one or more)")
    score.add_argument("--text-column", required=True, metavar="COL", help="column holding the text to score")
    score.add_argument("--id-column", metavar="COL", help="column holding a row id (checked to exist; kept as is)")
    score.add_argument("-o", "--output", required=True, metavar="OUT.csv", help="output CSV (written atomically)")
    score.add_argument("--workers", type=int, default=1, metavar="N",
                       help="processes to score with (default: 1); with --engine dask and no --scheduler, the "
                       "workers of the local cluster")
    score.add_argument("--engine", choices=("local", "dask"), default="local",
                       help="local: stream one CSV on this machine (default); dask: partitions on a Dask cluster")
    score.add_argument("--scheduler", metavar="ADDRESS",
                       help="--engine dask: address of a running scheduler (tcp://host:8786); default: start a "
                       "LocalCluster")
    score.add_argument("--taxonomy", metavar="TOML", help="aspect taxonomy file (default: the shipped one)")
    return parser


def _notify(notices: list[str]) -> None:
    for notice in notices:
        print(f"notice: {_message(notice)}", file=sys.stderr)


def _taxonomy(path: str | None):
    from .resources import default_taxonomy, load_taxonomy

    return load_taxonomy(path) if path else default_taxonomy()


def _renames(pairs: list[str]) -> dict[str, str]:
    renames = {}
    for pair in pairs:
        old, sep, new = pair.partition("=")
        if not sep or not old.strip() or not new.strip():
            raise InputError(f"--rename expects OLD=NEW, got {pair!r}")
        renames[old.strip()] = new.strip()
    return renames


def _run_analyze(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from .export import format_table, write_output
    from .load import TableOptions, load_reviews, seeds_dir
    from .model import Settings
    from .pipeline import analyze

    notices: list[str] = []
    options = TableOptions(text_column=args.text_column, critic_column=args.critic_column, id_column=args.id_column)
    reviews = load_reviews(args.paths or [seeds_dir()], options=options, notices=notices)
    renames = _renames(args.rename)
    unknown = set(renames) - {r.critic for r in reviews} - {r.review_id for r in reviews}
    if unknown:
        raise InputError(f"--rename: no critic or review id {sorted(unknown)[0]!r} "
                         f"(critics: {', '.join(r.critic for r in reviews)})")
    reviews = [replace(r, critic=renames.get(r.review_id, renames.get(r.critic, r.critic))) for r in reviews]
    aspects = tuple(a.strip() for a in args.aspects.split(",") if a.strip()) if args.aspects else ()
    settings = Settings(include_synopsis=args.include_synopsis, aspects=aspects)
    if args.output and Path(args.output).suffix.lower() not in (".csv", ".json", ".parquet"):
        raise InputError(f"{args.output}: unsupported output format (use .csv, .json or .parquet)")
    result = analyze(reviews, taxonomy=_taxonomy(args.taxonomy), settings=settings, film=args.film)
    notices.extend(f"{row.review_id}: no opinions found (empty, only captions or only plot summary)"
                   for row in result.reviews.itertuples() if row.opinion_sentences == 0)
    _notify(notices)
    if args.output:
        write_output(result, args.output, table=args.table)
        print(f"wrote {args.output} ({len(result.reviews)} reviews, table: "
              f"{'all' if args.output.lower().endswith('.json') else args.table})", file=sys.stderr)
        return 0
    print(_printable(f"{result.film or 'Film not detected'}: {len(result.reviews)} reviews"))
    print(_printable(result.summary))
    print()
    print(_printable(format_table(result.table(args.table), table=args.table)))
    return 0


def _run_score(args: argparse.Namespace) -> int:
    if args.engine == "dask":
        from .dask_engine import score_with_dask

        count = score_with_dask(args.inputs, args.output, text_column=args.text_column, id_column=args.id_column,
                                taxonomy=_taxonomy(args.taxonomy), scheduler=args.scheduler, workers=args.workers)
        print(f"wrote {args.output} ({count} rows)", file=sys.stderr)
        return 0
    if args.scheduler:
        raise InputError("--scheduler needs --engine dask")
    if len(args.inputs) != 1:
        raise InputError(f"the local engine scores one CSV at a time, got {len(args.inputs)} inputs "
                         "(use --engine dask for many files or globs)")
    from . import speedups
    from .batch import score_csv

    notices: list[str] = []
    if speedups.STALE:
        notices.append("the built C speed-ups are out of date, so they are not used (same scores, slower); rebuild "
                       "them with: python setup.py -q build_ext --inplace")
    count = score_csv(args.inputs[0], args.output, text_column=args.text_column, id_column=args.id_column,
                      taxonomy=_taxonomy(args.taxonomy), workers=args.workers, notices=notices)
    _notify(notices)
    print(f"wrote {args.output} ({count} rows)", file=sys.stderr)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI with ``argv`` (default: ``sys.argv[1:]``) and return the exit code."""
    for stream in (sys.stdout, sys.stderr):  # a terminal that cannot show a character gets an escape, not a crash
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    parser = _build_parser()
    args = parser.parse_args(argv)
    try:
        return {"analyze": _run_analyze, "score": _run_score}[args.command](args)
    except InputError as err:
        print(f"error: {_message(str(err))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`... | head`): not an error. Point stdout at devnull so the interpreter's final
        # flush does not fail again (https://docs.python.org/3/library/signal.html#note-on-sigpipe).
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as err:  # the last line of defence: one line, never a traceback unless asked
        if args.debug:
            traceback.print_exc()
        message = _message(str(err).splitlines()[0]) if str(err).strip() else ""
        print(f"internal error: {type(err).__name__}: {message} (this is a bug; rerun with --debug for the "
              "traceback)", file=sys.stderr)
        return 1
