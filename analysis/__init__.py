"""Aspect-level sentiment of film and TV reviews, and where the critics agree and disagree.

>>> from analysis import analyze, seed_reviews
>>> result = analyze(seed_reviews())
>>> result.consensus[["aspect", "agreement"]]            # doctest: +SKIP

Names are imported on first use (PEP 562), so ``python -m analysis --help`` and a stage module imported on its
own do not pay for pandas, VADER and the models.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "1.0.0"

_EXPORTS = {
    "Analysis": "pipeline",
    "analyze": "pipeline",
    "InputError": "errors",
    "Review": "model",
    "Settings": "model",
    "TableOptions": "load",
    "load_reviews": "load",
    "reviews_from_bytes": "load",
    "reviews_from_texts": "load",
    "seed_reviews": "load",
    "Taxonomy": "resources",
    "default_taxonomy": "resources",
    "load_taxonomy": "resources",
}

__all__ = [
    "Analysis",
    "InputError",
    "Review",
    "Settings",
    "TableOptions",
    "Taxonomy",
    "__version__",
    "analyze",
    "default_taxonomy",
    "load_reviews",
    "load_taxonomy",
    "reviews_from_bytes",
    "reviews_from_texts",
    "seed_reviews",
]

if TYPE_CHECKING:  # for type checkers and IDEs; at run time the names load lazily in __getattr__
    from .errors import InputError
    from .load import TableOptions, load_reviews, reviews_from_bytes, reviews_from_texts, seed_reviews
    from .model import Review, Settings
    from .pipeline import Analysis, analyze
    from .resources import Taxonomy, default_taxonomy, load_taxonomy


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'analysis' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
