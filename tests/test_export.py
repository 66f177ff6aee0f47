"""Tests for analysis/export.py: formats, round-trips, formula neutralising, atomic writes."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest

from analysis.errors import InputError
from analysis.export import (
    analysis_json_bytes,
    csv_bytes,
    csv_safe,
    parquet_bytes,
    table_bytes,
    write_atomic,
    write_output,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTab", "'\tTab"),
        ("\rCR", "'\rCR"),
        ("A fine film", "A fine film"),
        (0.5, 0.5),  # numbers are never touched
        (-0.5, -0.5),
    ],
)
def test_csv_safe_neutralises_formulas(value, expected):
    """OWASP CSV-injection characters at the start of a text cell get a leading quote."""
    assert csv_safe(value) == expected


def test_csv_bytes_neutralises_text_not_numbers():
    """In CSV the text is neutralised and negative scores stay numbers."""
    frame = pd.DataFrame({"text": ["=1+1", "ok"], "score": [-0.5, 0.25]})
    back = pd.read_csv(io.BytesIO(csv_bytes(frame)))
    assert list(back["text"]) == ["'=1+1", "ok"]
    assert list(back["score"]) == [-0.5, 0.25]


def test_parquet_bytes_keeps_exact_text():
    """Parquet keeps text exactly (no neutralising) and round-trips equal."""
    frame = pd.DataFrame({"text": ["=1+1", "caf\u00e9 \U0001f600"], "n": pd.array([1, None], dtype="Int64")})
    back = pd.read_parquet(io.BytesIO(parquet_bytes(frame)))
    pd.testing.assert_frame_equal(back, frame, check_dtype=False)


def test_write_atomic_never_leaves_partial_file(tmp_path):
    """A writer that fails midway leaves the old file untouched and no temp file behind."""
    target = tmp_path / "out.csv"
    target.write_bytes(b"old")

    def failing(stream):
        stream.write(b"partial")
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        write_atomic(target, failing)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_write_atomic_missing_folder(tmp_path):
    """An output in a missing folder is a one-line InputError."""
    with pytest.raises(InputError, match="the folder .* does not exist"):
        write_atomic(tmp_path / "nope" / "out.csv", b"x")


def test_write_output_round_trips(seed_analysis, tmp_path):
    """CSV, Parquet and JSON outputs read back equal to the tables."""
    frame = seed_analysis.aspects
    write_output(seed_analysis, tmp_path / "a.parquet")
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "a.parquet"), frame, check_dtype=False)
    write_output(seed_analysis, tmp_path / "a.csv", table="sentences")
    back = pd.read_csv(tmp_path / "a.csv", keep_default_na=False)
    assert list(back.columns) == list(seed_analysis.sentences.columns)
    assert len(back) == len(seed_analysis.sentences)
    assert list(back["start"]) == list(seed_analysis.sentences["start"])
    write_output(seed_analysis, tmp_path / "a.json")
    document = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert set(document["tables"]) == {"reviews", "aspects", "consensus", "sentences", "mentions"}
    assert document["taxonomy"]["version"] == seed_analysis.taxonomy.version
    assert document["settings"]["positive_threshold"] == seed_analysis.settings.positive_threshold
    assert len(document["tables"]["aspects"]) == len(frame)
    assert document["tables"]["sentences"][0]["text"] == seed_analysis.sentences["text"].iloc[0]


def test_analysis_json_bytes_has_no_nan(seed_analysis):
    """JSON is strict: missing values are null, never NaN."""
    text = analysis_json_bytes(seed_analysis).decode("utf-8")
    json.loads(text, parse_constant=lambda name: pytest.fail(f"non-standard JSON constant {name}"))


def test_csv_bytes_lone_carriage_return_round_trips():
    """A cell holding a lone CR (mixed line endings) is quoted, so the row is not split when read back."""
    frame = pd.DataFrame({"text": ["one\rtwo", "three"], "score": [0.1, -0.2]})
    back = pd.read_csv(io.BytesIO(csv_bytes(frame)), keep_default_na=False)
    assert list(back["text"]) == ["one\rtwo", "three"]


def test_exports_hold_lone_surrogates():
    """Lone surrogates (which UTF-8 cannot hold): exact in JSON via escapes, U+FFFD in CSV and Parquet."""
    # pandas' default str dtype (pyarrow) cannot hold them at all; an object column can.
    frame = pd.DataFrame({"text": pd.Series(["bad \udc80 byte", "fine"], dtype=object), "score": [0.5, 0.0]})
    assert json.loads(table_bytes(frame, ".json"))[0]["text"] == "bad \udc80 byte"
    assert pd.read_csv(io.BytesIO(csv_bytes(frame)))["text"][0] == "bad \ufffd byte"
    assert pd.read_parquet(io.BytesIO(parquet_bytes(frame)))["text"][0] == "bad \ufffd byte"


def test_write_atomic_through_symlink_keeps_link(tmp_path):
    """Writing to a symlink replaces the file it points to and keeps the link."""
    target = tmp_path / "real.csv"
    target.write_bytes(b"old")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    write_atomic(link, b"new")
    assert link.is_symlink() and target.read_bytes() == b"new"


def test_write_atomic_folder_refused_before_writing(tmp_path):
    """An output that is a folder is refused before any data is produced."""
    (tmp_path / "out.csv").mkdir()
    called = []
    with pytest.raises(InputError, match="is a folder"):
        write_atomic(tmp_path / "out.csv", lambda stream: called.append(1))
    assert not called
