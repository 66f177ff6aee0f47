"""Load: reviews from ``.txt``/``.md`` files, CSV, JSON/JSONL, folders of those, or pasted text.

Critics are labelled only from what the input gives: a ``critic`` column, a byline ("By Jane Doe") or a
``Critic:``/``Author:`` line at the top of a file; failing that, the headline, failing that the opening words of
the review, so two unnamed critics can still be told apart. Names are never invented; callers may rename.
Every problem is an :class:`~analysis.errors.InputError` naming the file (and row) and what is accepted.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from .clean import byline_name, find_boilerplate, iter_lines
from .errors import InputError
from .model import Review

__all__ = [
    "REVIEW_SUFFIXES",
    "TableOptions",
    "decode_bytes",
    "disambiguate",
    "load_reviews",
    "reviews_from_bytes",
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
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(?P<title>.+?)\s*#*\s*$")
_SENTENCE_END = re.compile(r"[.!?:;,][\"'\u201d\u2019)\]]*\s*$")


@dataclass(frozen=True, slots=True)
class TableOptions:
    """Which columns of a CSV/JSON table hold what; None = detect from the usual names."""

    text_column: str | None = None
    critic_column: str | None = None
    id_column: str | None = None
    title_column: str | None = None


def decode_bytes(data: bytes, name: str, notices: list[str] | None = None) -> str:
    """Decode a file's bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252/latin-1 with a notice.

    Binary files (images, archives, NUL bytes) raise InputError saying what they look like.
    """
    for magic, kind in _MAGIC.items():
        if data.startswith(magic):
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
            try:
                text = data.decode("cp1252")
                encoding = "cp1252 (Windows-1252)"
            except UnicodeDecodeError:
                text = data.decode("latin-1")
                encoding = "latin-1"
            if notices is not None:
                notices.append(f"{name}: not valid UTF-8; decoded as {encoding}")
    if "\x00" in text:
        raise InputError(f"{name}: contains NUL characters; save it as plain UTF-8 text")
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
    heading = _MD_HEADING.match(first)
    if heading:
        return heading.group("title").strip(), critic
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


def _opening_words(text: str, title: str) -> str:
    first = next(_prose_lines(text, title), None)
    return "\u201c" + _shorten(text[first[0]:first[1]], 28).rstrip(".") + "\u201d" if first else ""


def _prose_lines(text: str, title: str) -> Iterable[tuple[int, int]]:
    removed = {(r.start, r.end) for r in find_boilerplate(text, title=title)}
    for start, end in iter_lines(text):
        if text[start:end].strip() and (start, end) not in removed and not _META.match(text[start:end]):
            yield start, end


def review_from_text(review_id: str, text: str, *, source: str = "", critic: str = "", title: str = "") -> Review:
    """A Review from raw text, with headline and critic label read from the text when not given."""
    found_title, found_critic = _headline_and_critic(text)
    title = title or found_title
    critic = critic.strip() or found_critic or _shorten(title) or _opening_words(text, title) or review_id
    return Review(review_id=review_id, critic=critic, text=text, title=title, source=source)


def _sniff_dialect(sample: str) -> type[csv.Dialect] | csv.Dialect:
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        return csv.excel


def _pick(columns: Sequence[str], wanted: str | None, candidates: Sequence[str], what: str, name: str) -> str | None:
    if wanted is not None:
        if wanted not in columns:
            raise InputError(f"{name}: no {what} column {wanted!r} (found: {', '.join(columns) or 'no columns'})")
        return wanted
    lowered = {c.strip().lower(): c for c in columns}
    return next((lowered[c] for c in candidates if c in lowered), None)


def _reviews_from_rows(rows: Iterable[tuple[int, dict]], columns: Sequence[str], name: str, stem: str,
                       options: TableOptions) -> list[Review]:
    text_column = _pick(columns, options.text_column, TEXT_COLUMNS, "text", name)
    if text_column is None:
        raise InputError(
            f"{name}: missing text column (found: {', '.join(map(str, columns)) or 'no columns'}); "
            f"name one of {', '.join(TEXT_COLUMNS)} or choose it explicitly"
        )
    critic_column = _pick(columns, options.critic_column, CRITIC_COLUMNS, "critic", name)
    id_column = _pick(columns, options.id_column, ID_COLUMNS, "id", name)
    title_column = _pick(columns, options.title_column, TITLE_COLUMNS, "title", name)
    reviews = []
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
            return str(value)
        text = cell(text_column)
        review_id = cell(id_column).strip() or f"{stem}-{row_number}"
        critic = cell(critic_column).strip()
        title = cell(title_column).strip()
        review = review_from_text(review_id, text, source=f"{name}#{row_number}", critic=critic, title=title)
        if not critic and review.critic == review_id:
            review = replace(review, critic=f"{stem} #{row_number}")
        reviews.append(review)
    return reviews


def _read_csv(text: str, name: str, stem: str, options: TableOptions, delimiter: str | None = None) -> list[Review]:
    dialect = _sniff_dialect(text[:65536]) if delimiter is None else csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect, delimiter=delimiter or dialect.delimiter)
    try:
        header = next(reader, None)
        if header is None or not any(h.strip() for h in header):
            raise InputError(f"{name}: empty CSV (no header row)")
        rows = []
        for row_number, values in enumerate(reader, start=1):
            if not values:
                continue
            if len(values) > len(header):
                raise InputError(f"{name}: row {row_number} has {len(values)} fields, the header has {len(header)}")
            rows.append((row_number, dict(zip(header, values, strict=False))))  # short rows: missing cells empty
    except csv.Error as err:
        raise InputError(f"{name}: not valid CSV near line {reader.line_num} ({err})") from None
    if not rows:
        raise InputError(f"{name}: has a header ({', '.join(header)}) but no rows")
    return _reviews_from_rows(rows, header, name, stem, options)


def _read_json(text: str, name: str, stem: str, options: TableOptions, lines: bool) -> list[Review]:
    try:
        data = [json.loads(line) for line in text.splitlines() if line.strip()] if lines else json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(f"{name}: not valid JSON (line {err.lineno}, column {err.colno}: {err.msg})") from None
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
    return _reviews_from_rows(enumerate(data, start=1), columns, name, stem, options)


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
        return _read_csv(text, name, path.stem, options, "\t" if suffix == ".tsv" else None)
    return _read_json(text, name, path.stem, options, lines=suffix == ".jsonl")


def table_columns(data: bytes, name: str) -> list[str]:
    """The column names of a CSV/TSV/JSON/JSONL file (for choosing the text and critic columns); [] for text files."""
    suffix = Path(name).suffix.lower()
    if suffix in (".txt", ".md"):
        return []
    text = decode_bytes(data, name)
    if suffix in (".csv", ".tsv"):
        sample = text[:65536]
        delimiter = "\t" if suffix == ".tsv" else _sniff_dialect(sample).delimiter
        return next(csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter), [])
    columns: list[str] = []
    try:
        items = [json.loads(line) for line in text.splitlines() if line.strip()] if suffix == ".jsonl" \
            else json.loads(text)
    except json.JSONDecodeError:
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


def _expand(paths: Sequence[str | Path]) -> list[Path]:
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p for p in path.iterdir()
                if p.is_file() and p.suffix.lower() in REVIEW_SUFFIXES and not p.name.lower().startswith("readme")
                and not p.name.startswith(".")
            )
            if not found:
                raise InputError(f"{path}: no review files in this folder (accepted: {', '.join(REVIEW_SUFFIXES)})")
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            raise InputError(f"{path}: no such file or folder")
    return files


def load_reviews(
    paths: Sequence[str | Path],
    *,
    options: TableOptions = TableOptions(),
    notices: list[str] | None = None,
) -> list[Review]:
    """Load reviews from files and folders (folders: every review file in them, READMEs skipped).

    Notices that do not stop loading (an encoding guessed) are appended to ``notices`` when it is given.
    """
    reviews: list[Review] = []
    for path in _expand(paths):
        try:
            data = path.read_bytes()
        except OSError as err:
            raise InputError(f"{path}: cannot read ({err.strerror or err})") from None
        reviews.extend(reviews_from_bytes(data, str(path), options=options, notices=notices))
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
