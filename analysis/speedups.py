"""The optional C versions of the batch path's per-token loops (``analysis/_speedups.c``).

Built by ``python setup.py build_ext --inplace`` (a C compiler and Python's headers); without them every caller runs
its own pure-Python code, with the same results (``tests/test_speedups.py`` compares the two). Set
``CRITIC_CONSENSUS_PURE_PYTHON=1`` to ignore a built extension (the speed benchmark times both). An extension built
from an older ``_speedups.c`` (another ``API``) is ignored too, and ``score`` says so.
"""

from __future__ import annotations

import os
from types import ModuleType

__all__ = ["API", "BUILT", "STALE", "native"]

API = 4  # what the Python callers expect of the C module; _speedups.c's API must say the same (bump both together)
STALE = False  # a built extension of another API version (built before a change to _speedups.c): not used


def _load() -> ModuleType | None:
    global STALE
    if os.environ.get("CRITIC_CONSENSUS_PURE_PYTHON"):
        return None
    try:
        from . import _speedups
    except ImportError:
        return None
    if getattr(_speedups, "API", None) != API:
        STALE = True
        return None
    return _speedups


native: ModuleType | None = _load()
BUILT = native is not None
