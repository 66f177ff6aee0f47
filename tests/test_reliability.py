"""Every bad or strange input gets a correct result or a one-line error, through the CLI and the library.

Inputs are made in tmp_path (nothing big is committed). Exit codes: 0 success, 2 user error (one line
"error: ..."), never a traceback.
"""

from __future__ import annotations

import codecs
import csv
import json
import zipfile

import pandas as pd
import pytest

from analysis import InputError, analyze, load_reviews, reviews_from_texts
from analysis.cli import main

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _zip_bytes(tmp_path) -> bytes:
    path = tmp_path / "x.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.txt", "hello")
    return path.read_bytes()


# (file name, content maker, expected exit code, expected start of stderr's error line or None)
CASES = [
    ("empty.txt", lambda p: b"", 0, None),
    ("blank.txt", lambda p: b"   \n\t\n  ", 0, None),
    ("caption.txt", lambda p: b"Paul James dances. Photo by Parrish Lewis", 0, None),
    ("synopsis.txt", lambda p: b"Sam moves to Boston with his son. He takes a job at a bakery.", 0, None),
    ("image.txt", lambda p: PNG, 2, "error: {path}: this looks like a PNG image, not text"),
    ("archive.txt", _zip_bytes, 2, "error: {path}: this looks like a zip archive"),
    ("nul.txt", lambda p: b"The songs\x00 are fine.", 2, "error: {path}: contains NUL bytes"),
    ("bom.txt", lambda p: "\ufeffThe songs are wonderful.".encode(), 0, None),
    ("utf16.txt", lambda p: codecs.BOM_UTF16_LE + "The songs are wonderful \u2014 caf\u00e9.".encode("utf-16-le"), 0,
     None),
    ("cp1252.txt", lambda p: "The caf\u00e9 songs are \u201cwonderful\u201d.".encode("cp1252"), 0, None),
    ("mixed.txt", lambda p: b"The songs are great.\r\nThe plot drags.\rThe dancing is fun.\n", 0, None),
    ("unicode.txt", lambda p: ("The songs \U0001f3b6 are great. Cafe\u0301 dances. "
                               "\u05d4\u05e1\u05e8\u05d8 \u05d8\u05d5\u05d1. Zero\u200bwidth plot.").encode(), 0, None),
    ("missing.csv", lambda p: b"id,body_text\n1,great\n", 2,
     "error: {path}: missing text column (found: id, body_text)"),
    ("quoted.csv", lambda p: b'critic,text\nA,"Line one is great.\nLine two drags."\nB,Fine.\n', 0, None),
    ("ragged.csv", lambda p: b"critic,text\nA,Fine.,extra\n", 2, "error: {path}: row 1 has 3 fields, the header has 2"),
    ("short.csv", lambda p: b"critic,text,note\nA,Fine.\nB,Dull.,x\n", 0, None),
    ("semicolon.csv", lambda p: b"critic;text\nA;The songs are great, truly.\nB;Dull.\n", 0, None),
    ("emptycells.csv", lambda p: b"critic,text\nA,\nB,The songs are great.\n", 0, None),
    ("dupes.csv", lambda p: b"id,critic,text\n1,A,Great.\n1,A,Dull.\n", 0, None),
    ("header.csv", lambda p: b"critic,text\n", 2, "error: {path}: has a header (critic, text) but no rows"),
    ("bad.json", lambda p: b"{not json", 2, "error: {path}: not valid JSON"),
    ("shape.json", lambda p: b"42", 2, "error: {path}: expected a list of reviews"),
    ("nested.json", lambda p: b'[{"text": {"body": "x"}}]', 2, "error: {path}: row 1: 'text' holds a nested object"),
    ("html.md", lambda p: b"<script>alert(1)</script> [x](javascript:alert(1)) ![](http://e.com/a.png) $x$ "
                          b":red[y] The songs are great.", 0, None),
]


@pytest.mark.parametrize(("name", "make", "code", "message"), CASES, ids=[c[0] for c in CASES])
def test_cli_analyze_input_table(tmp_path, capsys, name, make, code, message):
    """Each input: the documented exit code; errors are one line; successes write JSON with exact texts."""
    path = tmp_path / name
    path.write_bytes(make(tmp_path))
    out = tmp_path / "out.json"
    assert main(["analyze", str(path), "-o", str(out)]) == code
    err = capsys.readouterr().err
    assert "Traceback" not in err
    if code == 2:
        assert err.startswith(message.format(path=path)), err
        assert err.count("\n") == 1
        assert not out.exists()
        return
    document = json.loads(out.read_text(encoding="utf-8"))
    texts = {r["review_id"]: r for r in document["tables"]["reviews"]}
    assert texts, "every review is kept"
    raw = {r.review_id: r.text for r in load_reviews([path])}
    for row in document["tables"]["sentences"]:
        assert raw[row["review_id"]][row["start"]:row["end"]] == row["text"]
        assert -1 <= row["score"] <= 1


def test_cli_no_opinions_found_notice(tmp_path, capsys):
    """A review with nothing to judge is kept and reported, not divided by zero."""
    (tmp_path / "caption.txt").write_text("Photo by Parrish Lewis", encoding="utf-8")
    assert main(["analyze", str(tmp_path / "caption.txt")]) == 0
    assert "notice: caption: no opinions found" in capsys.readouterr().err


def test_library_row_counts_and_duplicates(tmp_path):
    """Empty cells and duplicate ids keep their rows; ids and labels are disambiguated."""
    (tmp_path / "d.csv").write_text("id,critic,text\n1,A,Great.\n1,A,\n2,B,Dull.\n", encoding="utf-8")
    reviews = load_reviews([tmp_path / "d.csv"])
    assert [r.review_id for r in reviews] == ["1", "1-2", "2"]
    result = analyze(reviews)
    assert len(result.reviews) == 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["analyze", "does-not-exist.txt"], "error: does-not-exist.txt: no such file or folder"),
        (["analyze", "{empty_dir}"], "error: {empty_dir}: no review files in this folder"),
        (["analyze", "-o", "{tmp}/missing/out.csv"], "error: {tmp}/missing/out.csv: the folder"),
        (["analyze", "-o", "{tmp}/folder.csv"], "error: {tmp}/folder.csv: is a folder"),
        (["analyze", "-o", "/proc/out.csv"], "error: /proc/out.csv: cannot write here"),
    ],
)
def test_cli_paths_and_outputs(tmp_path, capsys, args, message):
    """Missing paths, empty folders and unwritable outputs are one-line user errors (exit 2)."""
    (tmp_path / "empty").mkdir()
    (tmp_path / "folder.csv").mkdir()
    values = {"tmp": str(tmp_path), "empty_dir": str(tmp_path / "empty")}
    assert main([a.format(**values) for a in args]) == 2
    err = capsys.readouterr().err
    assert err.startswith(message.format(**values)), err
    assert err.count("\n") == 1


def test_output_failure_keeps_existing_file(tmp_path, capsys):
    """A failed run never truncates or destroys an existing output."""
    out = tmp_path / "out.csv"
    out.write_text("precious", encoding="utf-8")
    assert main(["analyze", str(tmp_path / "nope.txt"), "-o", str(out)]) == 2
    assert out.read_text(encoding="utf-8") == "precious"


def test_csv_exports_neutralise_formulas_json_keeps_text(tmp_path):
    """CSV cells from review text that start like a formula are neutralised; JSON and Parquet keep them exactly."""
    (tmp_path / "f.txt").write_text("=HYPERLINK(\"http://x\",\"click\") The songs are great.\n+1 dull.\n",
                                    encoding="utf-8")
    assert main(["analyze", str(tmp_path / "f.txt"), "--table", "sentences", "-o", str(tmp_path / "s.csv")]) == 0
    assert main(["analyze", str(tmp_path / "f.txt"), "-o", str(tmp_path / "s.json")]) == 0
    assert main(["analyze", str(tmp_path / "f.txt"), "--table", "sentences", "-o", str(tmp_path / "s.parquet")]) == 0
    with (tmp_path / "s.csv").open(newline="", encoding="utf-8") as stream:
        cells = [row["text"] for row in csv.DictReader(stream)]
    assert all(not c.startswith(("=", "+", "-", "@")) for c in cells)
    assert cells[0].startswith("'=HYPERLINK")
    document = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert document["tables"]["sentences"][0]["text"].startswith("=HYPERLINK")
    assert pd.read_parquet(tmp_path / "s.parquet")["text"].iloc[0].startswith("=HYPERLINK")


def test_score_keeps_caller_cells_exactly(tmp_path):
    """score never changes the caller's own cells, even ones that look like formulas or numbers."""
    rows = [["id", "text", "note"], ["007", "=SUM(A1) is the plot", "+44 20"], ["007", "Great songs.", " 1.50 "],
            ["x", "", "@home"]]
    with (tmp_path / "in.csv").open("w", newline="", encoding="utf-8") as stream:
        csv.writer(stream).writerows(rows)
    assert main(["score", str(tmp_path / "in.csv"), "--text-column", "text", "-o", str(tmp_path / "o.csv")]) == 0
    with (tmp_path / "o.csv").open(newline="", encoding="utf-8") as stream:
        back = list(csv.reader(stream))
    assert [r[:3] for r in back] == rows


@pytest.mark.parametrize(
    ("content", "encoding"),
    [("text\nThe songs are great.\n", "utf-16"), ("text;x\n\"The songs; great.\";1\nDull, very.;2\n", "utf-8"),
     ("text\nCaf\u00e9 songs are great.\n", "cp1252")],
)
def test_score_encodings_and_separators(tmp_path, content, encoding):
    """UTF-16 with BOM, ';'-separated and cp1252 CSVs are scored."""
    (tmp_path / "in.csv").write_bytes(content.encode(encoding))
    assert main(["score", str(tmp_path / "in.csv"), "--text-column", "text", "-o", str(tmp_path / "o.csv")]) == 0
    assert (tmp_path / "o.csv").read_text(encoding="utf-8").count("\n") == content.count("\n")


@pytest.mark.parametrize(
    ("content", "message"),
    [("id,words\n1,x\n", "missing column 'text' (found: id, words)"),
     ("text,sentiment\nx,1\n", "already has column(s) sentiment"),
     ("text,x\na,b\nc,d,e\n", "row 2 has 3 fields, the header has 2"),
     ("", "the file is empty")],
)
def test_score_bad_csv_one_line(tmp_path, capsys, content, message):
    """score's user errors are one line and leave no output behind."""
    (tmp_path / "in.csv").write_text(content, encoding="utf-8")
    assert main(["score", str(tmp_path / "in.csv"), "--text-column", "text", "-o", str(tmp_path / "o.csv")]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert not (tmp_path / "o.csv").exists()


def test_score_header_only_writes_header(tmp_path):
    """A header-only CSV gives a header-only output (0 rows in, 0 rows out)."""
    (tmp_path / "in.csv").write_text("id,text\n", encoding="utf-8")
    assert main(["score", str(tmp_path / "in.csv"), "--text-column", "text", "-o", str(tmp_path / "o.csv")]) == 0
    assert (tmp_path / "o.csv").read_text(encoding="utf-8").splitlines()[0].startswith("id,text,sentiment,opinion")


@pytest.mark.slow
def test_score_streams_many_rows_in_order(tmp_path):
    """100k rows in, 100k rows out, same order (peak memory on 100k whole reviews: benchmarks/speed.py)."""
    texts = ["The songs are great.", "The plot drags.", "", "Sam moves to Boston."]
    with (tmp_path / "in.csv").open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["id", "text"])
        writer.writerows([i, texts[i % 4]] for i in range(100_000))
    assert main(["score", str(tmp_path / "in.csv"), "--text-column", "text", "-o", str(tmp_path / "o.csv"),
                 "--workers", "2"]) == 0
    with (tmp_path / "o.csv").open(newline="", encoding="utf-8") as stream:
        ids = [row["id"] for row in csv.DictReader(stream)]
    assert ids == [str(i) for i in range(100_000)]


@pytest.mark.slow
def test_library_big_inputs_linear(tmp_path):
    """A 1 MB line without punctuation and a 10 MB review finish with offsets intact."""
    for text in ("word " * 200_000, "The songs are lovely, though the plot is thin. " * 220_000):
        result = analyze(reviews_from_texts([("A", text)]))
        sentences = result.sentences
        assert len(sentences) > 500
        sample = sentences.iloc[:: max(1, len(sentences) // 50)]
        assert all(text[r.start:r.end] == r.text for r in sample.itertuples())


@pytest.mark.slow
def test_library_500_files(tmp_path):
    """500 review files in a folder are all loaded and analysed."""
    for i in range(500):
        (tmp_path / f"r{i:03d}.txt").write_text(f"By Critic {i}\n\nThe songs are {'great' if i % 2 else 'dull'}.",
                                                encoding="utf-8")
    reviews = load_reviews([tmp_path])
    assert len(reviews) == 500
    assert len(analyze(reviews).reviews) == 500


def test_library_errors_are_input_errors(tmp_path):
    """The library raises InputError (one line), never a bare exception, for user mistakes."""
    with pytest.raises(InputError):
        load_reviews([tmp_path / "nope"])
    with pytest.raises(InputError):
        analyze([])
