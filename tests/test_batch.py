"""Tests for analysis/batch.py: `score` keeps every row and cell of the caller's CSV, whatever its shape."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.batch import MAX_WORKERS, _chunks, output_columns, score_csv
from analysis.errors import InputError
from analysis.load import csv_field_limit
from analysis.resources import default_taxonomy


def _score(tmp_path, data: bytes, *, text_column: str = "text", notices: list[str] | None = None, **options):
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_bytes(data)
    count = score_csv(source, out, text_column=text_column, notices=notices, **options)
    return count, out.read_bytes()


def _rows(data: bytes) -> list[list[str]]:
    with csv_field_limit():
        return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def test_chunks_end_at_rows_or_characters():
    """A chunk ends at its row limit or once its texts hold the character budget; every row is in one chunk, in
    order, and a text longer than the budget is a chunk of its own."""
    rows = [["a", "x" * n] for n in (10, 10, 10, 500, 10, 10, 10, 10, 10)]
    chunks = list(_chunks(iter(rows), 3, 1, chars=25))
    assert [len(chunk) for chunk in chunks] == [3, 1, 3, 2]
    assert [row for chunk in chunks for row in chunk] == rows
    assert [len(chunk) for chunk in _chunks(iter(rows), 4, 1, chars=10_000)] == [4, 4, 1]
    assert list(_chunks(iter([]), 3, 1, 25)) == []


@pytest.mark.parametrize("workers", [1, 2])
def test_score_csv_long_texts_many_chunks(tmp_path, workers):
    """Rows of long texts, cut into many chunks by the character budget, come back whole and in order, the same
    with one worker and with two."""
    text = "The songs are lovely and the story drags. " * 40
    data = ("text,id\r\n" + "".join(f"{text},{i}\r\n" for i in range(12))).encode()
    count, out = _score(tmp_path, data, workers=workers, chunk_rows=5, chunk_chars=3 * len(text))
    back = _rows(out)
    assert count == 12 and [row[:2] for row in back[1:]] == [[text, str(i)] for i in range(12)]
    assert len({tuple(row[2:]) for row in back[1:]}) == 1  # the same text scores the same in every chunk


def test_score_csv_one_column_keeps_commas(tmp_path):
    """A one-column CSV whose reviews hold commas and semicolons: every row scored, cells intact."""
    count, out = _score(tmp_path, b"text\nThe songs, though, are great.\nDull; very.\n")
    rows = _rows(out)
    assert count == 2
    assert [r[0] for r in rows] == ["text", "The songs, though, are great.", "Dull; very."]
    assert rows[0][1:] == output_columns(default_taxonomy())


def test_score_csv_big_cell(tmp_path):
    """A cell over the csv module's default 128 KiB limit is scored, not refused."""
    text = "The songs are great and the plot drags. " * 5_000
    count, out = _score(tmp_path, f'id,text\n1,"{text}"\n'.encode())
    rows = _rows(out)
    assert count == 1 and rows[1][1] == text and rows[1][2] != ""


def test_score_csv_stray_bytes_written_back_unchanged(tmp_path):
    """Bytes that are not UTF-8 in a UTF-8 file come back as the same bytes; the text is scored as cp1252."""
    data = "id,text,note\n1,\u201cGreat\u201d songs,caf\u00e9\n".encode() + b"2,Na\xefve and lovely songs.,x\xff\n"
    notices: list[str] = []
    count, out = _score(tmp_path, data, notices=notices)
    assert count == 2
    input_lines = data.split(b"\n")
    output_lines = out.split(b"\r\n")
    for before, after in zip(input_lines[1:3], output_lines[1:3], strict=True):
        assert after.startswith(before + b",")
    assert notices == [f"{tmp_path / 'in.csv'}: 1 row(s) held bytes that are not valid UTF-8; scored as cp1252, "
                       "written back unchanged"]


def test_score_csv_cp1252_with_undefined_byte(tmp_path):
    """A cp1252 file with a byte cp1252 leaves undefined (0x81) is scored, the byte kept."""
    data = "text,note\nCaf\u00e9 songs are great.,a".encode("cp1252") + b"\x81\n"
    count, out = _score(tmp_path, data)
    assert count == 1
    assert out.split(b"\r\n")[1].startswith("Caf\u00e9 songs are great.,a".encode() + b"\x81,")


def test_score_csv_trailing_separator(tmp_path):
    """A trailing separator (an empty cell beyond the header) keeps the row, with a notice."""
    notices: list[str] = []
    count, out = _score(tmp_path, b"id,text\n1,Great songs.,\n2,Dull.\n", notices=notices)
    assert count == 2 and [r[:2] for r in _rows(out)[1:]] == [["1", "Great songs."], ["2", "Dull."]]
    assert any("1 row(s) had empty fields beyond the header" in n for n in notices)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x01" * 40, "this looks like a PNG image, not a CSV file"),
        (b"PK\x03\x04" + b"\x01" * 40, "this looks like a zip archive"),
        (b"text\nfine\x00\n", "contains NUL bytes"),
        (b"text\n", None),  # header only: no error (0 rows)
    ],
)
def test_score_csv_refuses_binary(tmp_path, data, message):
    """Images and archives renamed .csv are refused by what they look like; a header-only file is not an error."""
    if message is None:
        assert _score(tmp_path, data)[0] == 0
        return
    with pytest.raises(InputError, match=message):
        _score(tmp_path, data)
    assert not (tmp_path / "out.csv").exists()


@pytest.mark.parametrize("workers", [0, MAX_WORKERS + 1])
def test_score_csv_workers_bounds(tmp_path, workers):
    """--workers outside 1..MAX_WORKERS is a user error, not a fork storm."""
    with pytest.raises(InputError, match=f"between 1 and {MAX_WORKERS}, got {workers}"):
        _score(tmp_path, b"text\nfine\n", workers=workers)


def test_score_csv_header_only_writes_header(tmp_path):
    """A header-only CSV gives the header plus the added columns and no rows."""
    count, out = _score(tmp_path, b"id;text\n")
    assert count == 0
    assert out.decode() == ";".join(["id", "text", *output_columns(default_taxonomy())]) + "\r\n"


def test_score_csv_failure_keeps_existing_output(tmp_path):
    """A bad input leaves an existing output exactly as it was."""
    (tmp_path / "out.csv").write_bytes(b"precious")
    with pytest.raises(InputError, match="missing column 'text' \\(found: id, words\\)"):
        _score(tmp_path, b"id,words\n1,x\n")
    assert (tmp_path / "out.csv").read_bytes() == b"precious"


def test_score_csv_missing_column_lists_many_columns_on_one_line(tmp_path):
    """A header of 500 columns (or one with line breaks) still gives a short one-line message."""
    header = ",".join(f"c{i}" for i in range(500)) + ',"a\nb"'
    with pytest.raises(InputError) as err:
        _score(tmp_path, (header + "\n" + ",".join("x" * 501) + "\n").encode())
    assert "\n" not in str(err.value) and "(501 columns)" in str(err.value) and len(str(err.value)) < 400


CELL = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40)


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(CELL, CELL, CELL), max_size=8), st.sampled_from([",", ";", "\t"]))
def test_score_csv_keeps_rows_and_cells(tmp_path, rows, delimiter):
    """Any cells (quotes, line breaks, formulas, blanks): same number of rows, same order, same cells."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(["id", "text", "note"])
    writer.writerows(rows)
    count, out = _score(tmp_path, buffer.getvalue().encode())
    back = list(csv.reader(io.StringIO(out.decode(), newline=""), delimiter=delimiter))
    assert count == len(rows) == len(back) - 1
    assert [tuple(r[:3]) for r in back[1:]] == rows
    width = 3 + len(output_columns(default_taxonomy()))
    assert all(len(r) == width for r in back)
    for (_, text, _), row in zip(rows, back[1:], strict=True):
        assert (row[3] == "") == (not text.strip())
        assert row[3] == "" or -1 <= float(row[3]) <= 1


def test_score_csv_workers_report_a_failed_start(tmp_path):
    """With workers, each worker loads the models itself; a load that fails there is the CLI's one-line error with
    exit 2 (a Pool initializer that raises would be restarted forever: this would hang, hence the timeout)."""
    import subprocess
    import sys

    from .conftest import ROOT

    source = tmp_path / "in.csv"
    source.write_text("text\nThe songs are wonderful.\nThe plot is a mess.\n", encoding="utf-8")
    code = ("import sys\nfrom analysis import batch, errors\n"
            "def broken():\n    raise errors.InputError('sentiment_model.json: not valid JSON (test)')\n"
            "batch.scoring.load_resources = broken\n"
            "from analysis.cli import main\n"
            f"sys.exit(main(['score', {str(source)!r}, '--text-column', 'text', '-o', {str(tmp_path / 'out.csv')!r}, "
            "'--workers', '2']))\n")
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 2, run.stderr
    assert run.stderr.strip().splitlines()[-1] == "error: sentiment_model.json: not valid JSON (test)"
    assert not (tmp_path / "out.csv").exists()
