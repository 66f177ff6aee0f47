"""The Dask engine gives exactly the rows of the local engine (2-worker LocalCluster), for CSV and Parquet."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from analysis.batch import score_csv
from analysis.errors import InputError

pytest.importorskip("dask.dataframe", reason="the dask engine's tests need requirements-dev.txt (dask, distributed)")

import dask  # noqa: E402
import dask.dataframe as dd  # noqa: E402

import analysis.dask_engine as dask_engine  # noqa: E402
from analysis.batch import output_columns  # noqa: E402
from analysis.dask_engine import score_with_dask  # noqa: E402
from analysis.resources import default_taxonomy  # noqa: E402

TEXTS = [
    "The dancing is dazzling and the songs are wonderful.",
    "",
    "The plot drags, and the jokes fall flat.",
    "Sam is locked in a bitter custody dispute with his mother-in-law.",
    "=HYPERLINK(\"x\") is not a review",
    "The cast is game, the material thin. It leaves you with some good-looking numbers.",
] * 25


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("dask")
    frame = pd.DataFrame({"id": [f"r{i}" for i in range(len(TEXTS))], "text": TEXTS, "note": ["007", ""] * 75})
    frame.to_csv(folder / "in.csv", index=False)
    frame.to_parquet(folder / "in.parquet", index=False)
    score_csv(folder / "in.csv", folder / "local.csv", text_column="text")
    return folder


def _local(sample: Path) -> list[list[str]]:
    with (sample / "local.csv").open(newline="", encoding="utf-8") as stream:
        return list(csv.reader(stream))


def test_score_with_dask_csv_matches_local(sample):
    """CSV in, CSV out on a 2-worker LocalCluster: the same header and the same cells as the local engine."""
    out = sample / "dask.csv"
    count = score_with_dask([str(sample / "in.csv")], str(out), text_column="text", workers=2, blocksize="2KB")
    with out.open(newline="", encoding="utf-8") as stream:
        rows = list(csv.reader(stream))
    assert count == len(TEXTS)
    assert rows == _local(sample)


def test_score_with_dask_parquet_matches_local(sample):
    """Parquet in, a folder of Parquet parts out: the same rows as the local engine."""
    out = sample / "dask_out.parquet"
    score_with_dask([str(sample / "in.parquet")], str(out), text_column="text", workers=2)
    back = pd.read_parquet(out).astype(str)
    local = _local(sample)
    assert list(back.columns) == local[0]
    assert back.values.tolist() == local[1:]


@pytest.mark.parametrize(
    ("inputs", "column", "message"),
    [
        (["missing-*.csv"], "text", "no file matches"),
        (["in.csv"], "body", "missing column 'body'"),
    ],
)
def test_score_with_dask_errors(sample, inputs, column, message):
    """Bad globs and columns are one-line InputErrors."""
    with pytest.raises(InputError, match=message):
        score_with_dask([str(sample / p) for p in inputs], str(sample / "x.csv"), text_column=column)


def test_cli_score_engine_dask(sample, tmp_path):
    """The public CLI drives the Dask engine (LocalCluster) and reports the row count."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    out = tmp_path / "cli.csv"
    result = subprocess.run([sys.executable, "-m", "analysis", "score", "--engine", "dask", str(sample / "in.csv"),
                             "--text-column", "text", "-o", str(out), "--workers", "2"], cwd=root,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert f"wrote {out} ({len(TEXTS)} rows)" in result.stderr
    with out.open(newline="", encoding="utf-8") as stream:
        assert list(csv.reader(stream)) == _local(sample)


def test_cli_scheduler_needs_dask_engine(sample, capsys):
    """--scheduler without --engine dask is a usage error."""
    from analysis.cli import main

    assert main(["score", str(sample / "in.csv"), "--text-column", "text", "-o", str(sample / "x.csv"),
                 "--scheduler", "tcp://127.0.0.1:8786"]) == 2
    assert capsys.readouterr().err.startswith("error: --scheduler needs --engine dask")


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_writing_scores_each_partition_once(tmp_path, monkeypatch, suffix):
    """The files and the row count are one graph: each row is scored once (in process, the synchronous scheduler).
    A count taken from the frame's expression beside the CSV writer's delayed objects scored every row twice."""
    scored_texts: list[str] = []
    score_rows = dask_engine.score_rows
    monkeypatch.setattr(dask_engine, "score_rows",
                        lambda texts, taxonomy=None: scored_texts.extend(texts) or score_rows(texts, taxonomy))
    taxonomy = default_taxonomy()
    frame = dd.from_pandas(pd.DataFrame({"text": TEXTS[:6]}), npartitions=3)
    meta = frame._meta.assign(**{c: "" for c in output_columns(taxonomy)}).astype(str)
    scored = frame.map_partitions(dask_engine.score_partition, text_column="text", taxonomy=taxonomy, meta=meta)
    with dask.config.set(scheduler="sync"):
        count = dask.compute(*dask_engine.writing(scored, tmp_path / f"out{suffix}"))[1]
    assert count == 6
    assert sorted(scored_texts) == sorted(TEXTS[:6])
