"""Tests for analysis/load.py: files, tables, encodings and critic labels."""

from __future__ import annotations

import codecs
import json
import re
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.errors import InputError
from analysis.load import (
    TableOptions,
    _markdown_heading,
    choose_delimiter,
    decode_bytes,
    load_reviews,
    read_file,
    reviews_from_bytes,
    reviews_from_texts,
    seed_reviews,
)


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
        # json.loads raises RecursionError, not JSONDecodeError, on deep nesting.
        (b"[" * 100_000, "deep.json", "deep.json: JSON nested too deeply; expected a list of reviews"),
        # JSONL errors name the file's line, not the line within the bad record.
        (b'{"text": "a"}\n{"text": "b"}\n{bad\n', "t.jsonl", "t.jsonl: not valid JSON (line 3, column 2:"),
        # A header cell with a quoted newline is listed on the same line.
        (b'"a\nb",c\n1,2\n', "t.csv", "t.csv: missing text column (found: a\\nb, c)"),
        # Only a cell beyond the header with something in it is an error.
        (b"critic,text\nA,Fine.,x\n", "t.csv", "t.csv: row 1 has 3 fields, the header has 2"),
    ],
)
def test_reviews_from_bytes_rejects_with_one_line(data, name, message):
    """Bad input gives one line naming the file and the problem."""
    with pytest.raises(InputError) as err:
        reviews_from_bytes(data, name)
    assert str(err.value).startswith(message), str(err.value)
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


# The markdown heading pattern before it was made linear; kept here as the oracle for the new helper.
_OLD_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(?P<title>.+?)\s*#*\s*$")


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(alphabet=" #\tab\u00a0", max_size=14))
def test_markdown_heading_same_as_old_pattern(line):
    """The linear heading reader gives exactly what the old (cubic on long lines) pattern gave."""
    old = _OLD_MD_HEADING.match(line)
    assert _markdown_heading(line) == (old.group("title") if old else None)


def test_markdown_heading_long_line_is_fast():
    """A 1 MB heading line of spaces ending in a letter is read in linear time (it took minutes)."""
    line = "# a" + " " * 1_000_000 + "b"
    started = time.perf_counter()
    assert _markdown_heading(line) == line[2:]
    assert time.perf_counter() - started < 2


def test_decode_bytes_mixed_utf8_keeps_utf8():
    """Mostly UTF-8 with one stray cp1252 byte: the UTF-8 stays as written, only the stray byte is cp1252."""
    data = "\u201cA caf\u00e9 musical\u201d \u2014 ".encode() + b"na\xefve."
    notices: list[str] = []
    assert decode_bytes(data, "m.txt", notices) == "\u201cA caf\u00e9 musical\u201d \u2014 na\u00efve."
    assert notices == ["m.txt: not valid UTF-8 in 1 place(s); those bytes decoded as cp1252 (Windows-1252)"]


def test_decode_bytes_control_characters_are_binary():
    """A file full of control characters (a binary without a known signature or NUL) is refused."""
    data = bytes(range(1, 32)) * 50 + b"some text"
    with pytest.raises(InputError, match=r"^b\.txt: \d+ control characters in \d+, so this looks like a binary file"):
        decode_bytes(data, "b.txt")
    assert decode_bytes(b"A form feed\x0c and a tab\t are text.", "t.txt").startswith("A form feed")


def test_reviews_from_bytes_unterminated_quote_or_valid():
    """An open quote at the end either reads as one row or is a one-line error, never an exception."""
    try:
        reviews = reviews_from_bytes(b'text\n"open quote\nmore\n', "t.csv")
    except InputError as err:
        assert "\n" not in str(err)
    else:
        assert reviews[0].text == "open quote\nmore\n"


def test_reviews_from_bytes_jsonl_keeps_line_separator_in_strings():
    """U+2028 may stand unescaped inside a JSON string; it does not split a JSONL record."""
    reviews = reviews_from_bytes('{"text": "Fun.\u2028Dull."}\r\n{"text": "Fine."}\n'.encode(), "t.jsonl")
    assert [r.text for r in reviews] == ["Fun.\u2028Dull.", "Fine."]


def test_reviews_from_bytes_json_lone_surrogates_replaced():
    """A JSON "\\udc80" escape (not text) becomes U+FFFD, with a notice, so exports can encode it."""
    notices: list[str] = []
    reviews = reviews_from_bytes(b'[{"text": "Fun \\udc80 songs."}]', "t.json", notices=notices)
    assert reviews[0].text == "Fun \ufffd songs."
    assert notices and notices[0].startswith("t.json: 1 cell(s) held lone UTF-16 surrogates")


def test_reviews_from_bytes_big_csv_cell():
    """A review longer than the csv module's default 128 KiB cell limit is read whole."""
    text = "The songs are great. " * 20_000
    reviews = reviews_from_bytes(f'critic,text\nA,"{text}"\n'.encode(), "t.csv")
    assert reviews[0].text == text


@pytest.mark.parametrize(
    ("data", "texts"),
    [
        # One column: commas and semicolons inside the reviews are text, not separators.
        (b"text\nThe songs, great.\nDull; very.\n\"Quoted, too.\"\n", ["The songs, great.", "Dull; very.",
                                                                       "Quoted, too."]),
        # The header decides: ';' gives two columns here although the rows hold commas.
        (b"critic;text\nA;Fun, bright.\nB;Dull, long.\n", ["Fun, bright.", "Dull, long."]),
        # A trailing separator on a row adds only an empty cell.
        (b"critic,text\nA,Fun.,\nB,Dull.\n", ["Fun.", "Dull."]),
    ],
)
def test_reviews_from_bytes_csv_separator_from_header(data, texts):
    """The separator is read from the header; one-column files keep their commas."""
    assert [r.text for r in reviews_from_bytes(data, "t.csv")] == texts


def test_choose_delimiter_prefers_the_wanted_column():
    """With a column name to find, the separator whose header holds it wins."""
    assert choose_delimiter("a;b,text\n", "text") == ","
    assert choose_delimiter("a;b;c,d\n") == ";"
    assert choose_delimiter("text\n") == "\x1f"


def test_load_reviews_folder_skips_bad_files_with_notice(tmp_path):
    """In a folder, a stray binary file is skipped with a notice; the other reviews load."""
    (tmp_path / "a.txt").write_text("By Ann Lee\n\nFun.", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\x89PNG\r\n\x1a\nxxxx")
    notices: list[str] = []
    reviews = load_reviews([tmp_path], notices=notices)
    assert [r.review_id for r in reviews] == ["a"]
    assert notices == [f"skipped {tmp_path / 'b.txt'}: this looks like a PNG image, not text; give a .txt, .md, "
                       ".csv or .json file"]


def test_load_reviews_folder_strict_without_notices(tmp_path):
    """Without a notices list nothing may be dropped silently: the bad file is an error."""
    (tmp_path / "a.txt").write_text("Fun.", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\x89PNG\r\n\x1a\nxxxx")
    with pytest.raises(InputError, match="b.txt: this looks like a PNG image"):
        load_reviews([tmp_path])


def test_load_reviews_folder_with_no_readable_reviews(tmp_path):
    """A folder whose every file is bad is an error naming the folder and the first reason."""
    (tmp_path / "b.txt").write_bytes(b"\x89PNG\r\n\x1a\nxxxx")
    (tmp_path / "c.json").write_bytes(b"{not json")
    with pytest.raises(InputError) as err:
        load_reviews([tmp_path], notices=[])
    assert str(err.value).startswith(f"{tmp_path}: no readable reviews in this folder (2 file(s) skipped; first: ")


def test_load_reviews_named_bad_file_is_an_error(tmp_path):
    """A file named on its own is never skipped."""
    (tmp_path / "b.txt").write_bytes(b"\x89PNG\r\n\x1a\nxxxx")
    with pytest.raises(InputError, match="this looks like a PNG image"):
        load_reviews([tmp_path / "b.txt"], notices=[])


def test_read_file_limits_size(tmp_path):
    """A file over the limit (or a device that never ends) is refused after reading limit + 1 bytes."""
    (tmp_path / "big.txt").write_bytes(b"x" * 2_000_001)
    with pytest.raises(InputError, match=r"big.txt: larger than 1 MB"):
        read_file(tmp_path / "big.txt", limit=1024 * 1024)
    with pytest.raises(InputError, match=r"/dev/zero: larger than 1 MB"):
        read_file(Path("/dev/zero"), limit=1024 * 1024)
