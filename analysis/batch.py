"""Batch scoring: one overall score per row of any CSV, streamed in chunks (the ``score`` command).

The input is never loaded whole: rows are read with the csv module in chunks, scored (in parallel with
``workers > 1``), and written to a temp file that replaces the output only when every row is done. Input cells are
written back exactly as read, in the same order; the added columns are ``sentiment``, ``opinion`` and one per
aspect id. A UTF-8 file's bytes that are not valid UTF-8 are written back unchanged (``surrogateescape``); only the
copy of the text that is scored reads them as cp1252. The output is UTF-8 (a cp1252 or UTF-16 input's cells are the
same characters, re-encoded) with the input's separator (``,`` for a one-column input).
"""

from __future__ import annotations

import codecs
import csv
import io
import multiprocessing
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from . import scoring
from .aggregate import weighted_score
from .aspects import AspectMatcher, compile_matcher
from .errors import InputError
from .files import write_atomic
from .load import binary_kind, choose_delimiter, columns_text, csv_field_limit, repair_escaped
from .model import SCORE_COLUMNS
from .pipeline import summarise_text
from .resources import Taxonomy, default_taxonomy

__all__ = ["CHUNK_CHARS", "CHUNK_ROWS", "output_columns", "score_csv", "score_rows"]

# A chunk ends at CHUNK_ROWS rows or once its texts hold CHUNK_CHARS characters, so chunks cost about the same
# whether they hold tweets or long reviews (~0.15 s of scoring at most): with 2+ workers, the last chunks leave
# little idle time at the end, and a chunk of long reviews stays small in memory.
CHUNK_ROWS = 200
CHUNK_CHARS = 200_000
MAX_WORKERS = 64
_SNIFF_BYTES = 1 << 16


def output_columns(taxonomy: Taxonomy) -> list[str]:
    """The columns ``score`` adds, in order."""
    return list(SCORE_COLUMNS) + list(taxonomy.ids)


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def score_one(text: str, matcher: AspectMatcher) -> list[str]:
    """The added cells for one text: sentiment, opinion, then one score per aspect ("" where not mentioned)."""
    aspect_ids = matcher.groups
    if not text.strip():
        return ["", ""] + [""] * len(aspect_ids)
    summary = summarise_text(text, matcher=matcher)
    if summary.overall is None:  # nothing but a caption or a credit line: still an answer for non-empty text
        return [_number(scoring.score_text(text, explain=False).value), "false"] + [""] * len(aspect_ids)
    found = summary.aspects
    return [_number(summary.overall), "true" if summary.opinion else "false"] + [
        _number(weighted_score(found.get(aspect_id, []))) for aspect_id in aspect_ids
    ]


def score_rows(texts: Sequence[str], taxonomy: Taxonomy | None = None) -> list[list[str]]:
    """Score a chunk of texts (the unit of work of both the local and the Dask engine)."""
    matcher = compile_matcher(taxonomy or default_taxonomy())
    return [score_one(text, matcher) for text in texts]


def _detect_encoding(head: bytes, name: str) -> str:
    """The input's encoding from its first bytes: UTF-16 (BOM), UTF-8 (BOM or not), or cp1252 when the start is
    not mostly UTF-8."""
    kind = binary_kind(head)
    if kind is not None:
        raise InputError(f"{name}: this looks like {kind}, not a CSV file")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in head:
        raise InputError(f"{name}: contains NUL bytes; is it a binary file? Give a UTF-8 CSV")
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    escaped = head.decode("utf-8", errors="surrogateescape")
    stray = sum(1 for c in escaped[:-4] if "\udc80" <= c <= "\udcff")  # the last bytes may be a cut character
    non_ascii = len(escaped) - len(escaped.encode("ascii", errors="ignore"))
    return "cp1252" if stray and stray >= non_ascii - stray else "utf-8"


def _chunks(rows: Iterable[list[str]], size: int, text_index: int, chars: int) -> Iterator[list[list[str]]]:
    """Consecutive rows, at most ``size`` of them and no more once their texts hold ``chars`` characters (a chunk
    always holds at least one row)."""
    chunk: list[list[str]] = []
    held = 0
    for row in rows:
        chunk.append(row)
        held += len(row[text_index])
        if len(chunk) >= size or held >= chars:
            yield chunk
            chunk, held = [], 0
    if chunk:
        yield chunk


def _csv_writer(stream, delimiter: str):
    """The output's CSV dialect, for the header and for every chunk's lines. "\r\n" ends rows: with "\n", the csv
    module leaves a cell holding a lone "\r" unquoted, and a reader then splits the row there."""
    return csv.writer(stream, delimiter=delimiter, lineterminator="\r\n")


_START_ERROR: Exception | None = None  # in a worker: why loading failed, raised by each chunk it is given


def _score_chunk(args: tuple[list[list[str]], int, Taxonomy, str]) -> tuple[str, int]:
    """One chunk of rows, scored and written out: (its output lines as CSV text, how many texts were repaired).

    A worker's whole share of the work: the parent only reads rows and writes these lines (writing 7 MB of long
    reviews as CSV took the parent ~0.35 s, the largest serial part of ``--workers 2``)."""
    if _START_ERROR is not None:
        raise _START_ERROR
    rows, text_index, taxonomy, delimiter = args
    texts, repaired = [], 0
    for row in rows:
        text, count = repair_escaped(row[text_index])
        texts.append(text)
        repaired += count > 0
    lines = io.StringIO(newline="")
    scored = score_rows(texts, taxonomy)
    _csv_writer(lines, delimiter).writerows(row + extra for row, extra in zip(rows, scored, strict=True))
    return lines.getvalue(), repaired


def _load_worker(taxonomy: Taxonomy) -> None:
    """A worker's start: the models, lexicons and compiled taxonomy. A failure is kept for the chunks to raise (in
    the parent, as one line): a Pool initializer that raises is restarted forever."""
    global _START_ERROR
    try:
        scoring.load_resources()
        compile_matcher(taxonomy)
    except Exception as err:  # noqa: BLE001 - re-raised, unchanged, by _score_chunk
        _START_ERROR = err


def score_csv(
    in_path: str | Path,
    out_path: str | Path,
    *,
    text_column: str,
    id_column: str | None = None,
    taxonomy: Taxonomy | None = None,
    workers: int = 1,
    chunk_rows: int = CHUNK_ROWS,
    chunk_chars: int = CHUNK_CHARS,
    notices: list[str] | None = None,
) -> int:
    """Score every row of ``in_path`` into ``out_path``; returns the number of rows written.

    Raises InputError for a missing file or column, a row with more fields than the header, or a column name
    that the output would repeat.
    """
    in_path, out_path = Path(in_path), Path(out_path)
    taxonomy = taxonomy or default_taxonomy()
    if not 1 <= workers <= MAX_WORKERS:
        raise InputError(f"--workers must be between 1 and {MAX_WORKERS}, got {workers}")
    try:
        with in_path.open("rb") as raw:
            head = raw.read(_SNIFF_BYTES)
    except FileNotFoundError:
        raise InputError(f"{in_path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{in_path}: is a folder; give a CSV file") from None
    except OSError as err:
        raise InputError(f"{in_path}: cannot read ({err.strerror or err})") from None
    encoding = _detect_encoding(head, str(in_path))
    if encoding == "cp1252" and notices is not None:
        notices.append(f"{in_path}: not valid UTF-8; decoded as cp1252 (Windows-1252)")
    sample = head.decode(encoding, errors="ignore")
    if not sample.strip():
        raise InputError(f"{in_path}: the file is empty")
    delimiter = choose_delimiter(sample, text_column)
    # Undecodable bytes of a UTF-8 file travel as surrogates and are written back as the same bytes.
    # (Also the five bytes cp1252 leaves undefined.)
    errors = "strict" if encoding == "utf-16" else "surrogateescape"
    added = output_columns(taxonomy)
    count = 0

    def write(stream: io.BufferedWriter) -> None:
        nonlocal count
        with in_path.open("r", encoding=encoding, errors=errors, newline="") as source, csv_field_limit():
            text_stream = io.TextIOWrapper(stream, encoding="utf-8", errors=errors, newline="")
            reader = csv.reader(source, delimiter=delimiter)
            out_delimiter = "," if delimiter == "\x1f" else delimiter
            writer = _csv_writer(text_stream, out_delimiter)
            try:
                header = next(reader, None)
                if header is None:
                    raise InputError(f"{in_path}: the file is empty")
                if text_column not in header:
                    raise InputError(f"{in_path}: missing column {text_column!r} (found: {columns_text(header)})")
                if id_column is not None and id_column not in header:
                    raise InputError(f"{in_path}: missing id column {id_column!r} (found: {columns_text(header)})")
                clash = [c for c in added if c in header]
                if clash:
                    raise InputError(f"{in_path}: already has column(s) {', '.join(clash)}, which score adds; "
                                     "rename them first")
                writer.writerow(header + added)
                text_index = header.index(text_column)
                width = len(header)
                short_rows = long_rows = repaired_rows = 0

                def checked(rows: Iterable[list[str]]) -> Iterator[list[str]]:
                    nonlocal short_rows, long_rows
                    for line_number, row in enumerate(rows, start=2):
                        if len(row) > width:
                            if any(cell.strip() for cell in row[width:]):
                                raise InputError(f"{in_path}: row {line_number - 1} has {len(row)} fields, the "
                                                 f"header has {width}")
                            long_rows += 1
                            row = row[:width]  # a trailing separator: the extra cells hold nothing
                        if len(row) < width:
                            short_rows += 1
                            row = row + [""] * (width - len(row))
                        yield row

                def written(job: tuple[str, int], rows: int) -> None:
                    nonlocal count, repaired_rows
                    lines, repaired = job
                    text_stream.write(lines)
                    count += rows
                    repaired_rows += repaired

                chunks = _chunks(checked(reader), chunk_rows, text_index, chunk_chars)
                jobs = ((chunk, text_index, taxonomy, out_delimiter) for chunk in chunks)
                if workers == 1:
                    for job in jobs:
                        written(_score_chunk(job), len(job[0]))
                else:
                    # Each worker loads the models, lexicons and compiled taxonomy itself, all at once, while the
                    # parent already reads the first chunks (the parent needs none of them).
                    context = multiprocessing.get_context("fork")
                    with context.Pool(workers, initializer=_load_worker, initargs=(taxonomy,)) as pool:
                        pending = []
                        for job in jobs:
                            pending.append((pool.apply_async(_score_chunk, (job,)), len(job[0])))
                            if len(pending) >= 2 * workers:
                                result, rows = pending.pop(0)
                                written(result.get(), rows)
                        for result, rows in pending:
                            written(result.get(), rows)
                if notices is not None:
                    if short_rows:
                        notices.append(f"{in_path}: {short_rows} row(s) had fewer fields than the header; "
                                       "padded with empty cells")
                    if long_rows:
                        notices.append(f"{in_path}: {long_rows} row(s) had empty fields beyond the header; "
                                       "left out")
                    if repaired_rows:
                        notices.append(f"{in_path}: {repaired_rows} row(s) held bytes that are not valid UTF-8; "
                                       "scored as cp1252, written back unchanged")
            except csv.Error as err:
                raise InputError(f"{in_path}: not valid CSV near line {reader.line_num} ({err}; is a quote left "
                                 "open?)") from None
            except UnicodeDecodeError as err:
                raise InputError(f"{in_path}: not valid {encoding} text ({err.reason} at byte {err.start} of a "
                                 "block)") from None
            text_stream.flush()
            text_stream.detach()

    write_atomic(out_path, write)
    return count
