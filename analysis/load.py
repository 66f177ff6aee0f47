"""Load: reviews from ``.txt``/``.md`` files, CSV, JSON/JSONL, folders of those, or pasted text.

Critics are labelled only from what the input gives: a ``critic`` column, a byline ("By Jane Doe") or a
``Critic:``/``Author:`` line at the top of a file; failing that, the headline, failing that the opening words of
the review, so two unnamed critics can still be told apart. Names are never invented; callers may rename.
Every problem is an :class:`~analysis.errors.InputError` naming the file (and row) and what is accepted.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from .clean import byline_name, find_boilerplate, iter_lines
from .errors import InputError
from .model import Review

__all__ = [
    "CSV_FIELD_LIMIT",
    "MAX_FILE_BYTES",
    "REVIEW_SUFFIXES",
    "TableOptions",
    "binary_kind",
    "choose_delimiter",
    "csv_field_limit",
    "decode_bytes",
    "disambiguate",
    "load_reviews",
    "reviews_from_bytes",
    "replace_surrogates",
    "reviews_from_texts",
    "seed_reviews",
    "seeds_dir",
    "table_columns",
]

REVIEW_SUFFIXES = (".txt", ".md", ".csv", ".tsv", ".json", ".jsonl")
TEXT_COLUMNS = ("text", "review", "review_text", "body", "content", "quote", "sentence")
CRITIC_COLUMNS = ("critic", "author", "reviewer", "byline", "critic_name")
ID_COLUMNS = ("review_id", "id")
TITLE_COLUMNS = ("title", "headline")
_LABEL_CHARS = 32
MAX_FILE_BYTES = 100 * 1024 * 1024  # a review file; bigger tables go through `score`, which streams
CSV_FIELD_LIMIT = 64 * 1024 * 1024  # one CSV cell (the csv module's default, 128 KiB, is shorter than a long review)
_DELIMITERS = (",", ";", "\t", "|")
_NO_DELIMITER = "\x1f"  # one-column files: a separator no text uses, so commas in the text stay text
_LISTED_COLUMNS = 30

_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a zip archive (or .docx/.xlsx)",
    b"%PDF": "a PDF document",
    b"\x1f\x8b": "a gzip archive",
    b"RIFF": "a RIFF media file",
    b"\x7fELF": "a program binary",
}
_META = re.compile(r"^\s*(?:critic|author|reviewer|by)\s*:\s*(?P<name>\S.{0,80}?)\s*$", re.IGNORECASE)
# Trailing "#"s and spaces are stripped in Python: a lazy ".+?" before "\s*#*\s*$" cost cubic time on a long line.
_MD_HEADING = re.compile(r"\s{0,3}#{1,6}\s+(?P<rest>.+)")
_SENTENCE_END = re.compile(r"[.!?:;,][\"'\u201d\u2019)\]]*\s*$")
# C0 controls other than tab, line feed, vertical tab, form feed and carriage return; DEL; C1 controls.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_ESCAPED_BYTE = re.compile(r"[\udc80-\udcff]")  # undecodable bytes under errors="surrogateescape"
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def replace_surrogates(text: str) -> str:
    """``text`` with each lone surrogate (``"\\udc80"``: a Python string, never decoded text) replaced by U+FFFD,
    one character for one, so offsets hold and UTF-8 can encode it; the same object when there is none."""
    if text.isascii() or not _SURROGATE.search(text):
        return text
    return _SURROGATE.sub("\ufffd", text)


@dataclass(frozen=True, slots=True)
class TableOptions:
    """Which columns of a CSV/JSON table hold what; None = detect from the usual names."""

    text_column: str | None = None
    critic_column: str | None = None
    id_column: str | None = None
    title_column: str | None = None


def one_line(text: str, limit: int = 60) -> str:
    """``text`` for an error message: line breaks shown as ``\\n``, cut to ``limit`` characters."""
    text = text.replace("\r", "\\r").replace("\n", "\\n")
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def columns_text(columns: Sequence[object]) -> str:
    """Column names for a one-line message (``id, body, critic``); long or many names are cut."""
    shown = [one_line(str(c), 40) if str(c) else '""' for c in list(columns)[:_LISTED_COLUMNS]]
    more = f", \u2026 ({len(columns)} columns)" if len(columns) > _LISTED_COLUMNS else ""
    return ", ".join(shown) + more if shown else "no columns"


def binary_kind(data: bytes) -> str | None:
    """What a file's first bytes say it is ("a PNG image", "a zip archive ...") when that is not text, else None."""
    return next((kind for magic, kind in _MAGIC.items() if data.startswith(magic)), None)


def cp1252_byte(byte: int) -> str:
    """One byte as cp1252 reads it (latin-1 for the five bytes cp1252 leaves undefined)."""
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)


def repair_escaped(text: str) -> tuple[str, int]:
    """``text`` read with ``errors="surrogateescape"``, each undecodable byte decoded as cp1252; and their count."""
    if text.isascii() or not _ESCAPED_BYTE.search(text):
        return text, 0
    count = 0

    def byte(match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return cp1252_byte(ord(match.group(0)) - 0xDC00)

    return _ESCAPED_BYTE.sub(byte, text), count


def _decode_not_utf8(data: bytes) -> tuple[str, str]:
    """(text, notice) for bytes that are not valid UTF-8.

    Mostly UTF-8 with a few stray bytes (files pasted together, a scraped page): the UTF-8 is kept and only the
    stray bytes are read as cp1252, so "\u201c" written as UTF-8 does not turn into mojibake. Otherwise the whole
    file is cp1252 (else latin-1).
    """
    escaped = data.decode("utf-8", errors="surrogateescape").removeprefix("\ufeff")
    stray = len(_ESCAPED_BYTE.findall(escaped))
    non_ascii = len(escaped) - len(escaped.encode("ascii", errors="ignore"))
    if non_ascii - stray > stray:  # more valid multi-byte UTF-8 characters than stray bytes
        text, count = repair_escaped(escaped)
        return text, f"not valid UTF-8 in {count} place(s); those bytes decoded as cp1252 (Windows-1252)"
    try:
        return data.decode("cp1252"), "not valid UTF-8; decoded as cp1252 (Windows-1252)"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "not valid UTF-8; decoded as latin-1"


def decode_bytes(data: bytes, name: str, notices: list[str] | None = None) -> str:
    """Decode a file's bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252/latin-1 with a notice.

    Binary files (images, archives, NUL bytes, many control characters) raise InputError saying what they look like.
    """
    kind = binary_kind(data)
    if kind is not None:
        raise InputError(f"{name}: this looks like {kind}, not text; give a .txt, .md, .csv or .json file")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as err:
            raise InputError(
                f"{name}: starts with a UTF-16 byte-order mark but is not valid UTF-16 ({err.reason})") from None
    elif b"\x00" in data:
        raise InputError(f"{name}: contains NUL bytes, so it is binary or UTF-16 without a byte-order mark; "
                         "save it as UTF-8 text")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text, notice = _decode_not_utf8(data)
            if notices is not None:
                notices.append(f"{name}: {notice}")
    if "\x00" in text:
        raise InputError(f"{name}: contains NUL characters; save it as plain UTF-8 text")
    controls = len(_CONTROL.findall(text))
    if controls > max(8, len(text) // 100):  # text has next to none; a renamed binary file has many
        raise InputError(f"{name}: {controls} control characters in {len(text)}, so this looks like a binary file, "
                         "not text; give a .txt, .md, .csv or .json file")
    return text


def _shorten(text: str, limit: int = _LABEL_CHARS) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip(",;:-\u2014 ") + "\u2026"


def _headline_and_critic(text: str) -> tuple[str, str]:
    """(headline, critic) read from the top of a plain-text review; "" where the text gives none."""
    lines = [(s, e) for s, e in iter_lines(text) if text[s:e].strip()]
    critic = ""
    for start, end in lines[:6]:
        line = text[start:end].strip()
        meta = _META.match(line)
        critic = critic or (meta.group("name").strip() if meta else byline_name(line))
    if len(lines) < 2:
        return "", critic
    first = text[lines[0][0]:lines[0][1]].strip()
    heading = _markdown_heading(first)
    if heading is not None:
        return heading.strip(), critic
    removed = find_boilerplate(text[: lines[0][1]])
    next_start = lines[1][0]
    blank_after = "\n" in text[lines[0][1] + 1: next_start] or text[lines[0][1]:next_start].count("\n") >= 2
    if (
        not removed
        and len(first) <= 200
        and len(first.split()) >= 2
        and not _SENTENCE_END.search(first)
        and not _META.match(first)
        and blank_after
    ):
        return first, critic
    return "", critic


def _markdown_heading(line: str) -> str | None:
    """The title of a markdown ATX heading line (``## Title ##``), or None when the line is not one."""
    match = _MD_HEADING.fullmatch(line)
    if match is None:
        return None
    rest = match.group("rest")
    # The shortest title (at least one character) followed by only spaces, "#"s and spaces.
    return rest.rstrip().rstrip("#").rstrip() or rest[:1]


def _opening_words(text: str, title: str) -> str:
    first = next(_prose_lines(text, title), None)
    return "\u201c" + _shorten(text[first[0]:first[1]], 28).rstrip(".") + "\u201d" if first else ""


def _prose_lines(text: str, title: str) -> Iterable[tuple[int, int]]:
    removed = {(r.start, r.end) for r in find_boilerplate(text, title=title)}
    for start, end in iter_lines(text):
        if text[start:end].strip() and (start, end) not in removed and not _META.match(text[start:end]):
            yield start, end


def review_from_text(review_id: str, text: str, *, source: str = "", critic: str = "", title: str = "") -> Review:
    """A Review from raw text, with headline and critic label read from the text when not given.

    Lone surrogates (``"\\udc80"``: a Python string, never decoded text) become U+FFFD, one character for one, so
    the tables and exports can hold the text.
    """
    text = replace_surrogates(text)
    found_title, found_critic = _headline_and_critic(text)
    title = title or found_title
    critic = critic.strip() or found_critic or _shorten(title) or _opening_words(text, title) or review_id
    return Review(review_id=review_id, critic=critic, text=text, title=title, source=source)


@contextlib.contextmanager
def csv_field_limit(limit: int = CSV_FIELD_LIMIT) -> Iterator[None]:
    """Let the csv module read cells up to ``limit`` characters (a whole review in one cell), then restore it."""
    previous = csv.field_size_limit()
    csv.field_size_limit(max(previous, limit))
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def choose_delimiter(sample: str, wanted: str | None = None) -> str:
    """The separator of a CSV, read from its header row (the start of the file in ``sample``).

    The candidate (``,`` ``;`` tab ``|``) that splits the header into the most columns wins, preferring one whose
    columns include ``wanted``; a one-column header gets a separator that no text contains, so commas and
    semicolons inside the reviews stay part of them. (csv.Sniffer guessed "," for a one-column file whose reviews
    held commas, and then every such row had "too many fields".)
    """
    best, best_key = _NO_DELIMITER, (False, 1)
    with csv_field_limit():
        for delimiter in _DELIMITERS:
            try:
                header = next(csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter), [])
            except csv.Error:
                continue
            key = (wanted is not None and wanted in header, len(header))
            if len(header) > 1 and key > best_key:
                best, best_key = delimiter, key
    return best


def _pick(columns: Sequence[str], wanted: str | None, candidates: Sequence[str], what: str, name: str) -> str | None:
    if wanted is not None:
        if wanted not in columns:
            raise InputError(f"{name}: no {what} column {wanted!r} (found: {columns_text(columns)})")
        return wanted
    lowered = {c.strip().lower(): c for c in columns}
    return next((lowered[c] for c in candidates if c in lowered), None)


def _reviews_from_rows(rows: Iterable[tuple[int, dict]], columns: Sequence[str], name: str, stem: str,
                       options: TableOptions, notices: list[str] | None = None) -> list[Review]:
    text_column = _pick(columns, options.text_column, TEXT_COLUMNS, "text", name)
    if text_column is None:
        raise InputError(
            f"{name}: missing text column (found: {columns_text(columns)}); "
            f"name one of {', '.join(TEXT_COLUMNS)} or choose it explicitly"
        )
    critic_column = _pick(columns, options.critic_column, CRITIC_COLUMNS, "critic", name)
    id_column = _pick(columns, options.id_column, ID_COLUMNS, "id", name)
    title_column = _pick(columns, options.title_column, TITLE_COLUMNS, "title", name)
    reviews = []
    replaced = 0
    for row_number, row in rows:
        def cell(column: str | None, *, row=row, row_number=row_number) -> str:
            if column is None:
                return ""
            value = row.get(column)
            if value is None:
                return ""
            if isinstance(value, (dict, list)):
                raise InputError(f"{name}: row {row_number}: {column!r} holds a nested "
                                 f"{'object' if isinstance(value, dict) else 'list'}, expected text")
            value = str(value)
            fixed = replace_surrogates(value)  # JSON "\\ud800" escapes: not text
            if fixed is not value:
                nonlocal replaced
                replaced += 1
            return fixed
        text = cell(text_column)
        review_id = cell(id_column).strip() or f"{stem}-{row_number}"
        critic = cell(critic_column).strip()
        title = cell(title_column).strip()
        review = review_from_text(review_id, text, source=f"{name}#{row_number}", critic=critic, title=title)
        if not critic and review.critic == review_id:
            review = replace(review, critic=f"{stem} #{row_number}")
        reviews.append(review)
    if replaced and notices is not None:
        notices.append(f"{name}: {replaced} cell(s) held lone UTF-16 surrogates (\\ud800-\\udfff escapes), "
                       "shown as \ufffd")
    return reviews


def _read_csv(text: str, name: str, stem: str, options: TableOptions, delimiter: str | None = None,
              notices: list[str] | None = None) -> list[Review]:
    delimiter = delimiter or choose_delimiter(text[:65536], options.text_column)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        with csv_field_limit():
            header = next(reader, None)
            if header is None or not any(h.strip() for h in header):
                raise InputError(f"{name}: empty CSV (no header row)")
            rows = []
            for row_number, values in enumerate(reader, start=1):
                if not values:
                    continue
                if len(values) > len(header):
                    if any(v.strip() for v in values[len(header):]):
                        raise InputError(f"{name}: row {row_number} has {len(values)} fields, the header has "
                                         f"{len(header)}")
                    values = values[: len(header)]  # a trailing separator: the extra cells are empty
                rows.append((row_number, dict(zip(header, values, strict=False))))  # short rows: missing cells empty
    except csv.Error as err:
        raise InputError(f"{name}: not valid CSV near line {reader.line_num} ({one_line(str(err))}; is a quote "
                         "left open?)") from None
    if not rows:
        raise InputError(f"{name}: has a header ({columns_text(header)}) but no rows")
    return _reviews_from_rows(rows, header, name, stem, options, notices)


def _parse_json(text: str, name: str, lines: bool) -> object:
    """The parsed JSON (a list of the parsed lines for JSONL); InputError naming the line for bad JSON."""
    try:
        if not lines:
            return json.loads(text)
        items = []
        # Lines end at "\n" only: U+2028 and friends may stand unescaped inside JSON strings (str.splitlines broke
        # them), and a "\r" before the "\n" is JSON white space.
        for number, line in enumerate(text.split("\n"), start=1):
            if line.strip():
                try:
                    items.append(json.loads(line))
                except json.JSONDecodeError as err:
                    raise InputError(f"{name}: not valid JSON (line {number}, column {err.colno}: {err.msg})") from None
        return items
    except json.JSONDecodeError as err:
        raise InputError(f"{name}: not valid JSON (line {err.lineno}, column {err.colno}: {err.msg})") from None
    except RecursionError:
        raise InputError(f"{name}: JSON nested too deeply; expected a list of reviews") from None


def _read_json(text: str, name: str, stem: str, options: TableOptions, lines: bool,
               notices: list[str] | None = None) -> list[Review]:
    data = _parse_json(text, name, lines)
    if isinstance(data, dict):
        for key in ("reviews", "data", "items", "records"):
            if isinstance(data.get(key), list):
                data = data[key]
                break
        else:
            data = [data]
    if not isinstance(data, list):
        raise InputError(f"{name}: expected a list of reviews (objects with a text field, or strings), "
                         f"got {type(data).__name__}")
    if not data:
        raise InputError(f"{name}: the JSON holds no reviews")
    if all(isinstance(item, str) for item in data):
        data = [{"text": item} for item in data]
    bad = next((i for i, item in enumerate(data, start=1) if not isinstance(item, dict)), None)
    if bad is not None:
        raise InputError(f"{name}: item {bad} is {type(data[bad - 1]).__name__}, expected an object with a text "
                         "field (or a string)")
    columns = list(dict.fromkeys(key for item in data for key in item))
    return _reviews_from_rows(enumerate(data, start=1), columns, name, stem, options, notices)


def reviews_from_bytes(
    data: bytes, name: str, *, options: TableOptions = TableOptions(), notices: list[str] | None = None
) -> list[Review]:
    """Reviews from one file's bytes; the suffix of ``name`` picks the reader (text, CSV/TSV, JSON/JSONL)."""
    path = Path(name)
    suffix = path.suffix.lower()
    if suffix not in REVIEW_SUFFIXES:
        raise InputError(f"{name}: unsupported file type {suffix or '(none)'} (accepted: {', '.join(REVIEW_SUFFIXES)})")
    text = decode_bytes(data, name, notices)
    if suffix in (".txt", ".md"):
        return [review_from_text(path.stem or "review", text, source=name)]
    if not text.strip():
        raise InputError(f"{name}: the file is empty")
    if suffix in (".csv", ".tsv"):
        return _read_csv(text, name, path.stem, options, "\t" if suffix == ".tsv" else None, notices)
    return _read_json(text, name, path.stem, options, lines=suffix == ".jsonl", notices=notices)


def table_columns(data: bytes, name: str) -> list[str]:
    """The column names of a CSV/TSV/JSON/JSONL file (for choosing the text and critic columns); [] for text files."""
    suffix = Path(name).suffix.lower()
    if suffix in (".txt", ".md"):
        return []
    text = decode_bytes(data, name)
    if suffix in (".csv", ".tsv"):
        sample = text[:65536]
        delimiter = "\t" if suffix == ".tsv" else choose_delimiter(sample)
        try:
            with csv_field_limit():
                return next(csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter), [])
        except csv.Error:
            return []
    columns: list[str] = []
    try:
        items = _parse_json(text, name, lines=suffix == ".jsonl")
    except InputError:
        return []
    if isinstance(items, dict):
        items = next((items[k] for k in ("reviews", "data", "items", "records") if isinstance(items.get(k), list)),
                     [items])
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict):
            columns.extend(k for k in item if k not in columns)
    return columns


def disambiguate(reviews: Sequence[Review]) -> list[Review]:
    """Disambiguate repeated ids and critic labels ("x", "x (2)") so no review is merged into another."""
    seen_ids: dict[str, int] = {}
    seen_critics: dict[str, int] = {}
    unique = []
    for review in reviews:
        review_id, critic = review.review_id, review.critic
        seen_ids[review_id] = seen_ids.get(review_id, 0) + 1
        if seen_ids[review_id] > 1:
            review_id = f"{review_id}-{seen_ids[review_id]}"
        seen_critics[critic] = seen_critics.get(critic, 0) + 1
        if seen_critics[critic] > 1:
            critic = f"{critic} ({seen_critics[critic]})"
        unique.append(replace(review, review_id=review_id, critic=critic))
    return unique


def _expand(paths: Sequence[str | Path]) -> list[tuple[Path, Path | None]]:
    """Each file to read, with the folder it was found in (None for a file named on its own)."""
    files: list[tuple[Path, Path | None]] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            try:
                found = sorted(
                    p for p in path.iterdir()
                    if p.is_file() and p.suffix.lower() in REVIEW_SUFFIXES and not p.name.lower().startswith("readme")
                    and not p.name.startswith(".")
                )
            except OSError as err:
                raise InputError(f"{path}: cannot list this folder ({err.strerror or err})") from None
            if not found:
                raise InputError(f"{path}: no review files in this folder (accepted: {', '.join(REVIEW_SUFFIXES)})")
            files.extend((p, path) for p in found)
        elif path.exists():
            files.append((path, None))
        else:
            raise InputError(f"{path}: no such file or folder")
    return files


def read_file(path: Path, *, limit: int = MAX_FILE_BYTES) -> bytes:
    """A file's bytes; InputError when it cannot be read or is over ``limit`` (a device such as /dev/zero never
    ends)."""
    try:
        with path.open("rb") as stream:
            data = stream.read(limit + 1)
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder") from None
    except OSError as err:
        raise InputError(f"{path}: cannot read ({err.strerror or err})") from None
    if len(data) > limit:
        raise InputError(f"{path}: larger than {limit // (1024 * 1024)} MB; split it, or score a big table with "
                         "`score`, which streams")
    return data


def load_reviews(
    paths: Sequence[str | Path],
    *,
    options: TableOptions = TableOptions(),
    notices: list[str] | None = None,
) -> list[Review]:
    """Load reviews from files and folders (folders: every review file in them, READMEs skipped).

    Notices that do not stop loading (an encoding guessed) are appended to ``notices`` when it is given. A file
    named on its own that cannot be read is an InputError. A bad file found in a folder is skipped with a notice
    when ``notices`` is given (so one stray image does not stop 500 reviews), and is an InputError otherwise; a
    folder none of whose files can be read is always an InputError.
    """
    reviews: list[Review] = []
    skipped: dict[Path, list[str]] = {}
    loaded: set[Path] = set()
    for path, folder in _expand(paths):
        try:
            found = reviews_from_bytes(read_file(path), str(path), options=options, notices=notices)
        except InputError as err:
            if folder is None or notices is None:
                raise
            skipped.setdefault(folder, []).append(str(err))
            notices.append(f"skipped {err}")
            continue
        if folder is not None:
            loaded.add(folder)
        reviews.extend(found)
    for folder, reasons in skipped.items():
        if folder not in loaded:
            raise InputError(f"{folder}: no readable reviews in this folder ({len(reasons)} file(s) skipped; first: "
                             f"{reasons[0]})")
    return disambiguate(reviews)


def reviews_from_texts(items: Sequence[tuple[str, str]]) -> list[Review]:
    """Reviews from ``(critic label, text)`` pairs, e.g. pasted text; an empty label is read from the text."""
    reviews = []
    for number, (label, text) in enumerate(items, start=1):
        reviews.append(review_from_text(f"pasted-{number}", text, source="pasted", critic=label))
    return disambiguate(reviews)


def seeds_dir() -> Path:
    """The ``seeds/`` folder shipped with the project."""
    return Path(__file__).resolve().parent.parent / "seeds"


def seed_reviews() -> list[Review]:
    """The two seed reviews (Netflix's *Soundtrack*), as the dashboard and CLI open on them."""
    return load_reviews([seeds_dir()])
