"""Tests for analysis/load.py: files, tables, encodings and critic labels."""

from __future__ import annotations

import codecs
import json

import pytest

from analysis.errors import InputError
from analysis.load import TableOptions, load_reviews, reviews_from_bytes, reviews_from_texts, seed_reviews


def test_seed_reviews_labels_without_inventing_names():
    """The seeds name no critic: one is labelled by its headline, the other by its opening words."""
    reviews = seed_reviews()
    assert [r.review_id for r in reviews] == ["000_de7c02fdc7d71afc", "002_efd41335f66387d2"]
    assert reviews[0].title.startswith("Falling in Love and Looking for Work")
    assert reviews[0].critic.startswith("Falling in Love")
    assert reviews[1].title == ""  # the first line is a photo caption, not a headline
    assert reviews[1].critic.startswith("\u201cI can\u2019t seem to resist")
    assert len({r.critic for r in reviews}) == 2


@pytest.mark.parametrize(
    ("text", "critic"),
    [
        ("By Jane Doe\n\nThe film is fun.", "Jane Doe"),
        ("Critic: A. N. Other\nThe film is fun.", "A. N. Other"),
        ("# A Fine Mess\n\nThe film is fun.", "A Fine Mess"),
    ],
)
def test_reviews_from_bytes_critic_from_text(text, critic):
    """Critic labels come from bylines, Critic: lines and headings in the file."""
    assert reviews_from_bytes(text.encode(), "r.md")[0].critic == critic


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("The caf\u00e9 scene is great.".encode("utf-8-sig"), "The caf\u00e9 scene is great."),
        (codecs.BOM_UTF16_LE + "Caf\u00e9 \u2014 fine.".encode("utf-16-le"), "Caf\u00e9 \u2014 fine."),
        ("Caf\u00e9 \u2013 fine.".encode("cp1252"), "Caf\u00e9 \u2013 fine."),
    ],
)
def test_reviews_from_bytes_decodes(data, expected):
    """UTF-8 with BOM, UTF-16 with BOM and cp1252 decode to the same characters (no mojibake)."""
    notices: list[str] = []
    assert reviews_from_bytes(data, "r.txt", notices=notices)[0].text == expected


def test_reviews_from_bytes_cp1252_notice():
    """A guessed encoding is reported as a notice."""
    notices: list[str] = []
    reviews_from_bytes("Caf\u00e9".encode("cp1252"), "r.txt", notices=notices)
    assert notices == ["r.txt: not valid UTF-8; decoded as cp1252 (Windows-1252)"]


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"\x89PNG\r\n\x1a\nrest", "photo.txt", "photo.txt: this looks like a PNG image, not text"),
        (b"PK\x03\x04rest", "a.txt", "a.txt: this looks like a zip archive"),
        (b"abc\x00def", "a.txt", "a.txt: contains NUL bytes"),
        (b"text", "a.docx", "a.docx: unsupported file type .docx"),
        (b"id,words\n1,hello\n", "t.csv", "t.csv: missing text column (found: id, words)"),
        (b"text\n", "t.csv", "t.csv: has a header (text) but no rows"),
        (b"text,critic\nfine,A,extra\n", "t.csv", "t.csv: row 1 has 3 fields, the header has 2"),
        (b"{not json", "t.json", "t.json: not valid JSON"),
        (b'[{"text": {"nested": 1}}]', "t.json", "t.json: row 1: 'text' holds a nested object, expected text"),
        (b'[1, 2]', "t.json", "t.json: item 1 is int"),
        (b'"just a string"', "t.json", "t.json: expected a list of reviews"),
        (b"   ", "t.csv", "t.csv: the file is empty"),
    ],
)
def test_reviews_from_bytes_rejects_with_one_line(data, name, message):
    """Bad input gives one line naming the file and the problem."""
    with pytest.raises(InputError) as err:
        reviews_from_bytes(data, name)
    assert str(err.value).startswith(message)
    assert "\n" not in str(err.value)


def test_reviews_from_bytes_csv_columns_and_delimiters():
    """Semicolon CSV with quoted newlines and an empty text cell keeps every row."""
    data = b'critic;text\nA;"Line one.\nLine two."\nB;\n'
    reviews = reviews_from_bytes(data, "t.csv")
    assert [r.critic for r in reviews] == ["A", "B"]
    assert reviews[0].text == "Line one.\nLine two."
    assert reviews[1].text == ""


def test_reviews_from_bytes_explicit_columns():
    """Explicit column choices override detection; a wrong one lists the columns."""
    data = b"who,words\nA,Great fun.\n"
    reviews = reviews_from_bytes(data, "t.csv", options=TableOptions(text_column="words", critic_column="who"))
    assert (reviews[0].critic, reviews[0].text) == ("A", "Great fun.")
    with pytest.raises(InputError, match=r"no text column 'body' \(found: who, words\)"):
        reviews_from_bytes(data, "t.csv", options=TableOptions(text_column="body"))


def test_reviews_from_bytes_json_shapes():
    """JSON lists of objects, {"reviews": [...]}, lists of strings and JSONL are all accepted."""
    objects = json.dumps({"reviews": [{"critic": "A", "text": "Fun."}, {"critic": "B", "text": "Dull."}]})
    assert [r.critic for r in reviews_from_bytes(objects.encode(), "t.json")] == ["A", "B"]
    assert len(reviews_from_bytes(b'["Fun.", "Dull."]', "t.json")) == 2
    assert len(reviews_from_bytes(b'{"text": "Fun."}\n{"text": "Dull."}\n', "t.jsonl")) == 2


def test_load_reviews_disambiguates_duplicates(tmp_path):
    """Duplicate ids and critic labels are kept and made unique, never merged."""
    (tmp_path / "a.csv").write_text("id,critic,text\n1,A,Fun.\n1,A,Dull.\n", encoding="utf-8")
    reviews = load_reviews([tmp_path])
    assert [r.review_id for r in reviews] == ["1", "1-2"]
    assert [r.critic for r in reviews] == ["A", "A (2)"]


def test_load_reviews_folder_skips_readme(tmp_path):
    """A folder gives its review files; README files are documentation, not reviews."""
    (tmp_path / "README.md").write_text("About these files.", encoding="utf-8")
    (tmp_path / "one.txt").write_text("Fun.", encoding="utf-8")
    assert [r.review_id for r in load_reviews([tmp_path])] == ["one"]


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda p: p / "missing.txt", "no such file or folder"),
        (lambda p: (p / "empty").mkdir() or p / "empty", "no review files in this folder"),
    ],
)
def test_load_reviews_bad_paths(tmp_path, setup, message):
    """A missing path or an empty folder is a clear error."""
    with pytest.raises(InputError, match=message):
        load_reviews([setup(tmp_path)])


def test_reviews_from_texts_labels():
    """Pasted text keeps the given label; an empty label is read from the text."""
    reviews = reviews_from_texts([("Ann", "Fun."), ("", "By Bo Lee\n\nDull.")])
    assert [r.critic for r in reviews] == ["Ann", "Bo Lee"]
