"""Tests for analysis/downloads.py: every download's bytes read back."""

from __future__ import annotations

import datetime as dt
import io
import json

import pandas as pd

from analysis import downloads
from analysis.charts import aspect_dumbbell


def test_file_name_carries_title_and_date():
    """Names are safe, carry the film and the date."""
    assert downloads.file_name("Soundtrack: Season 1!", "aspects", "csv", dt.date(2026, 11, 24)) == \
        "soundtrack-season-1-aspects-2026-11-24.csv"
    assert downloads.file_name("", "chart", "png", dt.date(2026, 1, 2)) == "reviews-chart-2026-01-02.png"


def test_aspects_csv_parquet_json_read_back(seed_analysis):
    """CSV and Parquet hold the aspects table; JSON holds every table, the settings and the taxonomy version."""
    csv_frame = pd.read_csv(io.BytesIO(downloads.aspects_csv(seed_analysis)))
    assert list(csv_frame.columns) == list(seed_analysis.aspects.columns)
    assert len(csv_frame) == len(seed_analysis.aspects)
    parquet_frame = pd.read_parquet(io.BytesIO(downloads.aspects_parquet(seed_analysis)))
    pd.testing.assert_frame_equal(parquet_frame, seed_analysis.aspects, check_dtype=False)
    document = json.loads(downloads.aspects_json(seed_analysis))
    assert document["taxonomy"]["version"] == seed_analysis.taxonomy.version
    assert "settings" in document and len(document["tables"]["aspects"]) == len(seed_analysis.aspects)


def test_sentences_csv_read_back(seed_analysis):
    """The sentence table downloads whole, offsets intact."""
    frame = pd.read_csv(io.BytesIO(downloads.sentences_csv(seed_analysis)), keep_default_na=False)
    assert list(frame["start"]) == list(seed_analysis.sentences["start"])


def test_chart_png_and_svg(seed_analysis):
    """The main chart renders offline to a real PNG and SVG."""
    chart = aspect_dumbbell(seed_analysis.aspects, seed_analysis.consensus, critics=seed_analysis.critics)
    png = downloads.chart_png(chart)
    assert png.startswith(b"\x89PNG") and len(png) > 10000
    svg = downloads.chart_svg(chart)
    assert svg.lstrip().startswith(b"<svg") and b"Sentiment" in svg


def test_chart_png_accepts_a_spec(seed_analysis):
    """The dashboard passes cached Vega-Lite specs; they render the same way."""
    spec = aspect_dumbbell(seed_analysis.aspects, seed_analysis.consensus, critics=seed_analysis.critics).to_dict()
    assert downloads.chart_png(spec).startswith(b"\x89PNG")
    assert "width" not in spec or spec["width"] == "container"  # the cached spec itself is not changed
