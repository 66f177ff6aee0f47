"""The README stays true: every CLI command and option is documented, the set-up commands open it, CI runs them."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from analysis.cli import _build_parser
from analysis.model import ASPECT_COLUMNS, CONSENSUS_BASE_COLUMNS, REVIEW_COLUMNS, SCORE_COLUMNS, SENTENCE_COLUMNS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands() -> dict[str, argparse.ArgumentParser]:
    parser = _build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


@pytest.mark.parametrize("command", sorted(_commands()))
def test_readme_documents_every_command_and_option(command):
    """Each subcommand and each of its long options appears in the README, and has help text."""
    assert f"python -m analysis {command}" in README
    for action in _commands()[command]._actions:
        if action.help == argparse.SUPPRESS or "--help" in action.option_strings:
            continue
        assert action.help, f"{command} {action.dest}: no help text"
        if action.option_strings:
            assert any(re.search(rf"{re.escape(o)}\b", README) for o in action.option_strings), (
                f"{command} {'/'.join(action.option_strings)} is not in the README")


def test_readme_opens_with_the_two_commands_and_ci_runs_the_test_one():
    """The first two code blocks are the set-up commands; .ci/run runs the second verbatim."""
    blocks = re.findall(r"```bash\n(.+?)\n```", README, flags=re.S)
    assert len(blocks) >= 2
    run_command, test_command = blocks[0].strip(), blocks[1].strip()
    assert run_command.startswith("pip install -r requirements.txt") and "dashboard.py" in run_command
    assert test_command.startswith("pip install -r requirements-dev.txt") and "pytest" in test_command
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command in ci.splitlines()


@pytest.mark.parametrize(
    "column", sorted(set(ASPECT_COLUMNS + SENTENCE_COLUMNS + REVIEW_COLUMNS + CONSENSUS_BASE_COLUMNS + SCORE_COLUMNS))
)
def test_readme_documents_every_output_column(column):
    """Every output column is named in the README's column reference."""
    assert f"`{column}`" in README


def test_readme_has_no_unfilled_sections():
    """No template placeholder is left in the README."""
    assert not re.search(r"\b[A-Z]+_(SECTION|EXAMPLE)\b", README)


def test_first_run_benchmark_times_the_readme_command():
    """benchmarks/first_run.py times the README's first command as written (it opens the dashboard) and its
    hello-world floor installs the same pinned streamlit, altair and pandas as requirements.txt."""
    from benchmarks import first_run

    command = first_run.readme_command()
    assert command == README.split("```bash\n", 1)[1].split("\n```", 1)[0].strip()
    assert command.startswith("pip install -r requirements.txt") and "streamlit run dashboard.py" in command
    pins = set((ROOT / "requirements.txt").read_text(encoding="utf-8").split())
    wanted = first_run.hello_command().split(" && ")[0].split()[2:]
    assert [name.split("==")[0] for name in wanted] == ["streamlit", "altair", "pandas"]
    assert set(wanted) <= pins


def _readme_block_after(prompt: str) -> str:
    """The lines the README shows after ``$ <prompt>`` in an example, up to the next prompt or the block's end."""
    after = README.split(f"$ {prompt}\n", 1)[1]
    return after.split("\n$ ", 1)[0].split("\n```", 1)[0] + "\n"


def test_readme_score_example_is_what_score_writes(tmp_path, monkeypatch, capsys):
    """The README's `score` example, run as shown: the same message and the same out.csv, byte for byte (so a model
    or rule change that moves the scores must update the README)."""
    from analysis.cli import main

    (tmp_path / "in.csv").write_text(_readme_block_after("cat in.csv"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    command = "python -m analysis score in.csv --text-column text -o out.csv"
    assert f"$ {command}\n" in README
    assert main(command.split()[3:]) == 0
    printed = capsys.readouterr()
    assert (printed.out + printed.err) == _readme_block_after(command)
    shown = _readme_block_after("cat out.csv")
    assert (tmp_path / "out.csv").read_text(encoding="utf-8").replace("\r\n", "\n") == shown


def test_readme_consensus_example_is_what_analyze_prints(capsys, monkeypatch):
    """The README's consensus example on the seeds: each line shown is the start of the line printed (the README
    cuts the wide table and the sentence short, marking a cut sentence with an ellipsis)."""
    from analysis.cli import main

    command = "python -m analysis analyze seeds/ --table consensus"
    shown = _readme_block_after(command).rstrip("\n").split("\n")
    monkeypatch.chdir(ROOT)
    assert main(command.split()[3:]) == 0
    printed = capsys.readouterr().out.rstrip("\n").split("\n")
    assert len(shown) == len(printed)
    for want, got in zip(shown, printed, strict=True):
        assert got.startswith(want.removesuffix("\u2026").rstrip()), (want, got)
