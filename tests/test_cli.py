"""Tests for analysis/cli.py: the public CLI contract, through a subprocess and through main()."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis.cli import main

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120)


def test_cli_analyze_default_prints_table():
    """With no arguments, analyze reads seeds/ and prints the consensus and the aspects table."""
    result = run("analyze")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Soundtrack: 2 reviews")
    assert "aspect" in result.stdout and "music" in result.stdout


@pytest.mark.parametrize("table", ["aspects", "sentences", "consensus"])
@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_cli_analyze_tables_and_formats(tmp_path, table, suffix):
    """Every table in every single-table format is written with its documented key columns."""
    out = tmp_path / f"out{suffix}"
    result = run("analyze", "seeds", "-o", str(out), "--table", table)
    assert result.returncode == 0, result.stderr
    frame = pd.read_csv(out) if suffix == ".csv" else pd.read_parquet(out)
    required = {
        "aspects": {"review_id", "critic", "aspect", "score", "label", "mentions"},
        "sentences": {"review_id", "sentence", "start", "end", "text", "opinion", "aspects", "score"},
        "consensus": {"aspect", "spread", "agreement"},
    }[table]
    assert required <= set(frame.columns)
    assert len(frame) > 0


def test_cli_analyze_json_holds_everything(tmp_path):
    """JSON holds all tables plus settings and versions."""
    out = tmp_path / "out.json"
    assert run("analyze", "-o", str(out)).returncode == 0
    document = json.loads(out.read_text(encoding="utf-8"))
    assert {"tables", "settings", "versions", "taxonomy", "film", "summary"} <= set(document)
    assert document["versions"]["taxonomy"]
    assert {"sentiment_model", "opinion_model", "rules", "negation_idioms", "film_lexicon", "film_idioms",
            "film_words", "vader"} <= set(document["versions"])


def test_cli_analyze_rename(tmp_path):
    """--rename changes a critic's label everywhere, including consensus columns."""
    out = tmp_path / "c.csv"
    result = run("analyze", "--rename", "002_efd41335f66387d2=Second Critic", "-o", str(out), "--table", "consensus")
    assert result.returncode == 0, result.stderr
    assert "score[Second Critic]" in pd.read_csv(out).columns


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["analyze", "nope.txt"], "error: nope.txt: no such file or folder"),
        (["analyze", "-o", "out.xlsx"], "error: out.xlsx: unsupported output format"),
        (["analyze", "--table", "films"], "error: argument --table: invalid choice"),
        (["analyze", "--aspects", "musik"], "error: unknown aspect 'musik' (available: acting"),
        (["analyze", "--rename", "nobody"], "error: --rename expects OLD=NEW"),
        (["frobnicate"], "error: argument COMMAND: invalid choice"),
        (["score", "missing.csv", "--text-column", "t", "-o", "o.csv"], "error: missing.csv: no such file"),
        (["score", "seeds"], "error: the following arguments are required"),
    ],
)
def test_cli_errors_are_one_line_exit_2(tmp_path, args, message):
    """Bad usage and bad input: exit 2 and one line on stderr, no traceback."""
    result = run(*args, cwd=ROOT)
    assert result.returncode == 2
    assert result.stderr.startswith(message), result.stderr
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


def test_cli_missing_output_folder(tmp_path):
    """An output path in a missing folder is a user error."""
    result = run("analyze", "-o", str(tmp_path / "missing" / "out.csv"))
    assert result.returncode == 2
    assert "does not exist" in result.stderr


@pytest.mark.parametrize("command", [[], ["analyze"], ["score"]])
def test_cli_help_everywhere(command, capsys):
    """--help works for the program and every subcommand."""
    with pytest.raises(SystemExit) as exit_info:
        main([*command, "--help"])
    assert exit_info.value.code == 0
    assert "usage:" in capsys.readouterr().out


def test_cli_score_keeps_rows_and_columns(tmp_path):
    """score: same rows, same order, input cells unchanged, plus sentiment/opinion/aspect columns."""
    source = tmp_path / "in.csv"
    rows = [["id", "text", "note"], ["1", "The songs are wonderful.", "=keep"], ["2", "", "x"],
            ["3", "The plot drags and the jokes fall flat.", " spaced "], ["1", "Line one.\nLine two is dull.", ""]]
    with source.open("w", newline="", encoding="utf-8") as stream:
        csv.writer(stream).writerows(rows)
    out = tmp_path / "out.csv"
    result = run("score", str(source), "--text-column", "text", "--id-column", "id", "-o", str(out))
    assert result.returncode == 0, result.stderr
    with out.open(newline="", encoding="utf-8") as stream:
        back = list(csv.reader(stream))
    header = back[0]
    assert header[:3] == ["id", "text", "note"]
    assert header[3:5] == ["sentiment", "opinion"]
    assert "music" in header and "pacing" in header
    assert [r[:3] for r in back[1:]] == [r[:3] for r in rows[1:]]
    by_id = {i: dict(zip(header, r, strict=True)) for i, r in enumerate(back[1:])}
    assert float(by_id[0]["sentiment"]) > 0 and by_id[0]["music"] != ""
    assert by_id[1]["sentiment"] == ""  # empty text: empty scores, row kept
    assert float(by_id[2]["sentiment"]) < 0 and by_id[2]["music"] == ""
    assert by_id[3]["sentiment"] != ""


def test_cli_score_workers_match_single(tmp_path):
    """Two workers give byte-identical output to one."""
    source = tmp_path / "in.csv"
    texts = ["The dancing is superb.", "The story is a mess.", "Funny and moving.", "It drags."] * 300
    pd.DataFrame({"text": texts}).to_csv(source, index=False)
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    assert run("score", str(source), "--text-column", "text", "-o", str(one)).returncode == 0
    assert run("score", str(source), "--text-column", "text", "-o", str(two), "--workers", "2").returncode == 0
    assert one.read_bytes() == two.read_bytes()


def test_cli_internal_error_is_one_line(monkeypatch, capsys):
    """An unexpected exception is one line and exit 1; --debug shows the traceback."""
    import analysis.pipeline

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(analysis.pipeline, "analyze", broken)
    assert main(["analyze"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("internal error: RuntimeError: boom") and err.count("\n") == 1
    assert main(["--debug", "analyze"]) == 1
    assert "Traceback" in capsys.readouterr().err


def test_cli_analyze_prints_no_control_characters(tmp_path, capsys):
    """Terminal escapes in review text (retitle, clear screen, overwrite a line) are not printed raw."""
    (tmp_path / "esc.txt").write_text("Critic: Evil\x1b]0;pwned\x07 Name\n\nThe songs are great.\x1b[2J\rFake line.\n",
                                      encoding="utf-8")
    assert main(["analyze", str(tmp_path / "esc.txt"), "--table", "sentences"]) == 0
    captured = capsys.readouterr()
    assert "Evil" in captured.out
    assert not any(c in captured.out + captured.err for c in "\x1b\x07\r")


def test_cli_ascii_terminal_does_not_crash(tmp_path):
    """A terminal that cannot encode curly quotes gets escapes, not a UnicodeEncodeError (exit 0)."""
    result = subprocess.run([sys.executable, "-m", "analysis", "analyze"], cwd=ROOT, capture_output=True,
                            timeout=120, env={**os.environ, "PYTHONIOENCODING": "ascii"})
    assert result.returncode == 0, result.stderr
    assert b"\\u2019" in result.stdout or b"\\u201c" in result.stdout


def test_cli_usage_error_with_line_break_is_one_line(capsys):
    """A bad argument holding a line break still gives a one-line error."""
    with pytest.raises(SystemExit) as exit_info:
        main(["analyze", "--table", "a\nb"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("error: argument --table: invalid choice") and err.count("\n") == 1


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root ignores file permissions")
def test_cli_unwritable_output_folder(tmp_path, capsys):
    """An output folder without write permission is a one-line user error (exit 2)."""
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        assert main(["analyze", "-o", str(folder / "out.csv")]) == 2
    finally:
        folder.chmod(0o700)
    err = capsys.readouterr().err
    assert err.startswith(f"error: {folder / 'out.csv'}: cannot write here") and err.count("\n") == 1


def test_cli_folder_with_a_bad_file_notice(tmp_path, capsys):
    """A folder with one stray binary file: the reviews are analysed, the file named in a notice."""
    (tmp_path / "a.txt").write_text("By Ann Lee\n\nThe songs are great.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("By Bo Park\n\nThe songs are dull.", encoding="utf-8")
    (tmp_path / "photo.txt").write_bytes(b"\xff\xd8\xff\xe0 jpeg")
    assert main(["analyze", str(tmp_path)]) == 0
    captured = capsys.readouterr()
    assert f"notice: skipped {tmp_path / 'photo.txt'}: this looks like a JPEG image" in captured.err
    assert ": 2 reviews" in captured.out
