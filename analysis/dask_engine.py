"""The distributed engine: ``score --engine dask`` scores CSV/Parquet partitions on a Dask cluster.

Each partition goes through :func:`analysis.batch.score_rows`, the very function the local engine uses, so the two
engines give the same rows. Input cells are read as exact strings (no type guessing, empty cells stay empty).
Without a scheduler address a ``distributed.LocalCluster`` is started on this machine (loopback only, no
dashboard); with one, the work goes to that cluster (``dask scheduler`` / ``dask worker``, Kubernetes, ...).
Output: ``OUT.csv`` is one CSV file; anything else (``OUT.parquet`` or a folder) is a folder of Parquet files,
one per partition.
"""

from __future__ import annotations

import glob
from collections.abc import Sequence
from pathlib import Path

from .batch import output_columns, score_rows
from .errors import InputError
from .resources import Taxonomy, default_taxonomy

__all__ = ["score_partition", "score_with_dask", "writing"]


def score_partition(frame, *, text_column: str, taxonomy: Taxonomy):
    """Add the score columns to one pandas partition (the unit of work on every worker)."""
    columns = output_columns(taxonomy)
    texts = ["" if value is None else str(value) for value in frame[text_column].tolist()]
    scored = score_rows(texts, taxonomy)
    out = frame.copy()
    for position, name in enumerate(columns):
        out[name] = [row[position] for row in scored]
    return out


def writing(scored, out_path: Path) -> tuple:
    """(the write of ``scored`` to ``out_path``, its row count), not yet computed: computed together, each partition
    is read and scored once. Both are delayed objects for CSV: its writer returns those, and a row count taken from
    the frame's expression beside them made Dask materialise the graph twice and score every partition twice."""
    import dask

    if out_path.suffix.lower() == ".csv":
        write = scored.to_csv(str(out_path), single_file=True, index=False, compute=False)
        return write, dask.delayed(sum)([dask.delayed(len)(part) for part in scored.to_delayed()])
    return scored.to_parquet(str(out_path), write_index=False, compute=False), scored.map_partitions(len).sum()


def _expand(inputs: Sequence[str]) -> list[str]:
    paths: list[str] = []
    for pattern in inputs:
        found = sorted(glob.glob(pattern)) if any(c in pattern for c in "*?[") else [pattern]
        if not found or not all(Path(p).is_file() for p in found):
            raise InputError(f"{pattern}: no such file (or no file matches the pattern)")
        paths.extend(found)
    kinds = {Path(p).suffix.lower() for p in paths}
    if not kinds <= {".csv", ".parquet"} or len(kinds) != 1:
        raise InputError("the dask engine reads CSV or Parquet files, one kind at a time "
                         f"(got: {', '.join(sorted(kinds))})")
    return paths


def score_with_dask(
    inputs: Sequence[str],
    output: str,
    *,
    text_column: str,
    id_column: str | None = None,
    taxonomy: Taxonomy | None = None,
    scheduler: str | None = None,
    workers: int = 1,
    blocksize: str = "16MB",
) -> int:
    """Score every row of ``inputs`` on a Dask cluster into ``output``; returns the number of rows."""
    try:
        import dask
        import dask.dataframe as dd
        from distributed import Client, LocalCluster
    except ImportError:
        raise InputError("the dask engine needs dask and distributed: pip install -r requirements-dask.txt") from None
    taxonomy = taxonomy or default_taxonomy()
    paths = _expand(inputs)
    if workers < 1:
        raise InputError(f"--workers must be at least 1, got {workers}")
    out_path = Path(output)
    if not (out_path.parent if str(out_path.parent) else Path(".")).is_dir():
        raise InputError(f"{output}: the folder {out_path.parent} does not exist")
    if paths[0].lower().endswith(".csv"):
        frame = dd.read_csv(paths, dtype=str, keep_default_na=False, blocksize=blocksize)
    else:
        frame = dd.read_parquet(paths).astype(str)
    missing = [c for c in (text_column, id_column) if c and c not in frame.columns]
    if missing:
        raise InputError(f"missing column {missing[0]!r} (found: {', '.join(map(str, frame.columns))})")
    clash = [c for c in output_columns(taxonomy) if c in frame.columns]
    if clash:
        raise InputError(f"the input already has column(s) {', '.join(clash)}, which score adds; rename them first")
    meta = frame._meta.assign(**{c: "" for c in output_columns(taxonomy)}).astype(str)
    scored = frame.map_partitions(score_partition, text_column=text_column, taxonomy=taxonomy, meta=meta)
    cluster = None
    try:
        if scheduler:
            try:
                client = Client(scheduler, timeout="10s")
            except (OSError, TimeoutError) as err:
                raise InputError(f"cannot reach the Dask scheduler at {scheduler} ({err})") from None
        else:
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None, host="127.0.0.1")
            client = Client(cluster)
        with client:
            return int(dask.compute(*writing(scored, out_path))[1])
    finally:
        if cluster is not None:
            cluster.close()
