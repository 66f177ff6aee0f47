"""The optional C versions of the batch path's per-token loops (``analysis/_speedups.c``).

Built by ``python setup.py build_ext --inplace`` (a C compiler and Python's headers); without them every caller runs
its own pure-Python code, with the same results (``tests/test_speedups.py`` compares the two). Set
``CRITIC_CONSENSUS_PURE_PYTHON=1`` to ignore a built extension (the speed benchmark times both).
"""

from __future__ import annotations

import os
from types import ModuleType

__all__ = ["BUILT", "native"]


def _load() -> ModuleType | None:
    if os.environ.get("CRITIC_CONSENSUS_PURE_PYTHON"):
        return None
    try:
        from . import _speedups
    except ImportError:
        return None
    return _speedups


native: ModuleType | None = _load()
BUILT = native is not None
