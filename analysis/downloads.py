"""Downloads: the bytes behind every dashboard download, built by plain (unit-tested) functions.

File names carry the film title and the date: ``soundtrack-aspects-2026-11-24.csv``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from .export import analysis_json_bytes, csv_bytes, parquet_bytes
from .pipeline import Analysis

if TYPE_CHECKING:
    import altair as alt

__all__ = ["aspects_csv", "aspects_json", "aspects_parquet", "chart_png", "chart_svg", "file_name", "sentences_csv"]


def file_name(film: str, what: str, extension: str, today: dt.date | None = None) -> str:
    """``<film>-<what>-<date>.<extension>`` with the film title reduced to safe characters."""
    slug = re.sub(r"[^a-z0-9]+", "-", film.lower()).strip("-")[:40] or "reviews"
    return f"{slug}-{what}-{(today or dt.date.today()).isoformat()}.{extension}"


def aspects_csv(analysis: Analysis) -> bytes:
    """The aspects table as CSV (text cells neutralised against spreadsheet formulas)."""
    return csv_bytes(analysis.aspects)


def aspects_parquet(analysis: Analysis) -> bytes:
    return parquet_bytes(analysis.aspects)


def aspects_json(analysis: Analysis) -> bytes:
    """Every table, the settings, the taxonomy and the data versions."""
    return analysis_json_bytes(analysis)


def sentences_csv(analysis: Analysis) -> bytes:
    return csv_bytes(analysis.sentences)


def _fixed_width(chart: alt.TopLevelMixin | dict, width: int) -> dict:
    # The screen chart stretches to its container; a file needs a width.
    spec = dict(chart) if isinstance(chart, dict) else chart.to_dict()
    spec["width"] = width
    return spec


def chart_png(chart: alt.TopLevelMixin | dict, *, width: int = 760, scale: float = 2.0) -> bytes:
    """The chart (an Altair chart or its Vega-Lite spec) as PNG, rendered offline by vl-convert as on screen."""
    import vl_convert

    return vl_convert.vegalite_to_png(_fixed_width(chart, width), scale=scale)


def chart_svg(chart: alt.TopLevelMixin | dict, *, width: int = 760) -> bytes:
    import vl_convert

    return vl_convert.vegalite_to_svg(_fixed_width(chart, width)).encode("utf-8")
