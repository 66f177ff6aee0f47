"""Export: tables to CSV / Parquet / JSON bytes and files, written atomically.

CSV cells that come from review text and start with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return are
prefixed with ``'`` so a spreadsheet shows them as text instead of running them as formulas (OWASP "CSV
Injection"). Only CSV is neutralised: JSON and Parquet keep the exact text, and numeric columns are never touched.
Text that UTF-8 cannot hold (lone surrogates, which Python strings may carry) is written as JSON ``\\udc80``
escapes, which read back exactly, and as U+FFFD in CSV and Parquet.
"""

from __future__ import annotations

import io
import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from .errors import InputError
from .files import write_atomic
from .load import replace_surrogates

if TYPE_CHECKING:
    from .pipeline import Analysis

__all__ = [
    "FORMATS",
    "analysis_json_bytes",
    "csv_bytes",
    "csv_safe",
    "DISPLAY_COLUMNS",
    "format_table",
    "parquet_bytes",
    "table_bytes",
    "write_atomic",
    "write_output",
]

FORMATS = (".csv", ".json", ".parquet")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _encodable(value: Any) -> Any:
    """A text cell UTF-8 can hold: lone surrogates become U+FFFD; anything else is returned as is."""
    return replace_surrogates(value) if isinstance(value, str) else value


def _text_columns(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns if pd.api.types.is_string_dtype(frame[c]) or frame[c].dtype == object]


def csv_safe(value: Any) -> Any:
    """``value`` made safe for a spreadsheet cell: text starting like a formula gets a leading ``'``."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _neutralised(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in _text_columns(out):
        out[column] = out[column].map(lambda value: csv_safe(_encodable(value)))
    return out


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV of ``frame`` with text cells neutralised against formula injection; rows end in CRLF (RFC 4180).

    (With "\n" the csv module leaves a cell holding a lone "\r" unquoted, and readers split the row there.)
    """
    return _neutralised(frame).to_csv(index=False, lineterminator="\r\n").encode("utf-8")


def parquet_bytes(frame: pd.DataFrame) -> bytes:
    """Parquet of ``frame`` (exact text, typed columns)."""
    buffer = io.BytesIO()
    columns = [c for c in _text_columns(frame) if frame[c].dtype == object
               and any(_encodable(v) is not v for v in frame[c])]  # str (pyarrow) columns cannot hold surrogates
    if columns:
        frame = frame.copy()
        for column in columns:
            frame[column] = pd.Series([_encodable(v) for v in frame[column]], index=frame.index, dtype=object)
    frame.to_parquet(buffer, index=False, engine="pyarrow")
    return buffer.getvalue()


def _plain(value: Any) -> Any:
    """A JSON-ready value: NaN/NA -> None, numpy scalars -> Python."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):
        value = value.item()
        if isinstance(value, float) and math.isnan(value):
            return None
    return value


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{k: _plain(v) for k, v in row.items()} for row in frame.to_dict("records")]


def _json_bytes(document: Any) -> bytes:
    """UTF-8 JSON; text with lone surrogates falls back to ASCII JSON, whose escapes keep it exact."""
    try:
        return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(document, ensure_ascii=True, indent=1).encode("ascii")


def analysis_json_bytes(analysis: Analysis) -> bytes:
    """All tables plus the settings, the taxonomy (with its version) and the versions of every data file."""
    from dataclasses import asdict

    document = {
        "film": analysis.film,
        "summary": analysis.summary,
        "versions": analysis.versions,
        "settings": asdict(analysis.settings),
        "taxonomy": {
            "version": analysis.taxonomy.version,
            "source": analysis.taxonomy.source,
            "aspects": [{"id": a.id, "label": a.label, "description": a.description}
                        for a in analysis.taxonomy.aspects],
        },
        "tables": {name: _records(analysis.table(name))
                   for name in ("reviews", "aspects", "consensus", "sentences", "mentions")},
    }
    return _json_bytes(document)


def table_bytes(frame: pd.DataFrame, suffix: str) -> bytes:
    """One table in the format named by ``suffix`` (``.csv``, ``.parquet`` or ``.json`` records)."""
    writers: dict[str, Callable[[pd.DataFrame], bytes]] = {
        ".csv": csv_bytes,
        ".parquet": parquet_bytes,
        ".json": lambda f: _json_bytes(_records(f)),
    }
    try:
        return writers[suffix.lower()](frame)
    except KeyError:
        raise InputError(f"unsupported output format {suffix or '(none)'} (use one of: {', '.join(FORMATS)})") from None


def write_output(analysis: Analysis, path: str | Path, *, table: str = "aspects") -> None:
    """Write an analysis: ``.json`` holds every table and the settings; ``.csv``/``.parquet`` hold ``table``."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise InputError(f"{path}: unsupported output format {suffix or '(none)'} (use one of: {', '.join(FORMATS)})")
    data = analysis_json_bytes(analysis) if suffix == ".json" else table_bytes(analysis.table(table), suffix)
    write_atomic(path, data)


# Columns shown by the CLI's readable table (files always hold every column).
DISPLAY_COLUMNS = {
    "aspects": ("critic", "aspect", "score", "label", "mentions", "positive", "negative", "best_quote", "worst_quote"),
    "sentences": ("critic", "sentence", "opinion", "aspects", "score", "text"),
    "mentions": ("critic", "aspect", "sentence", "opinion", "score", "text"),
    "reviews": ("critic", "title", "sentences", "opinion_sentences", "score", "score_100", "positive_share", "label"),
}


def format_table(frame: pd.DataFrame, *, table: str = "", max_text: int = 48) -> str:
    """A readable plain-text rendering for the terminal: the table's key columns, long text cut, scores rounded."""
    columns = [c for c in DISPLAY_COLUMNS.get(table, frame.columns) if c in frame.columns]
    if table == "consensus":
        columns = [c for c in frame.columns if c not in {"aspect_label", "summary", "divisiveness_rank"}]
    shown = frame[columns].copy()
    for column in shown.columns:
        if pd.api.types.is_float_dtype(shown[column]):
            signed = "score" in column and column != "score_100"
            pattern = "{:+.2f}" if signed else "{:.2f}"
            shown[column] = shown[column].map(lambda v, p=pattern: "" if pd.isna(v) else p.format(v))
        elif pd.api.types.is_integer_dtype(shown[column]) or pd.api.types.is_bool_dtype(shown[column]):
            shown[column] = shown[column].map(lambda v: "" if pd.isna(v) else str(v))
        elif pd.api.types.is_string_dtype(shown[column]) or shown[column].dtype == object:
            shown[column] = shown[column].map(
                lambda v: "" if not isinstance(v, str) else " ".join(v.split())
                if len(v) <= max_text else " ".join(v.split())[: max_text - 1] + "\u2026")
    with pd.option_context("display.max_rows", None, "display.max_columns", None, "display.width", 250,
                           "display.max_colwidth", max_text + 2):
        return shown.to_string(index=False)
