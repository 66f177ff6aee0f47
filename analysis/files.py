"""Files: write an output atomically (a temp file in the same folder, then a rename).

Kept apart from :mod:`analysis.export` so that the ``score`` command, which streams its own CSV, does not import
pandas (~0.3 s at every start).
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from .errors import InputError

__all__ = ["write_atomic"]


def write_atomic(path: str | Path, data: bytes | Callable[[io.BufferedWriter], None]) -> None:
    """Write ``data`` (bytes, or a function writing to a binary file) to ``path`` via a temp file and a rename.

    A failure never leaves a half-written file and never destroys an existing one.
    """
    path = Path(path)
    if path.is_symlink():  # replace the file the link points to, and keep the link
        path = Path(os.path.realpath(path))
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"{path}: the folder {folder} does not exist")
    if path.is_dir():
        raise InputError(f"{path}: is a folder; give a file name")
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as err:
        raise InputError(f"{path}: cannot write here ({err.strerror or err})") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            if isinstance(data, bytes):
                stream.write(data)
            else:
                data(stream)
        if path.is_dir():
            raise InputError(f"{path}: is a folder; give a file name")
        if path.exists():
            os.chmod(temp_name, path.stat().st_mode & 0o777)
        else:
            os.chmod(temp_name, 0o666 & ~_umask())
        os.replace(temp_name, path)
    except OSError as err:
        Path(temp_name).unlink(missing_ok=True)
        raise InputError(f"{path}: cannot write ({err.strerror or err})") from None
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
