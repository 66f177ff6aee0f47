"""The one user-facing exception."""

from __future__ import annotations

__all__ = ["InputError"]


class InputError(ValueError):
    """Something the user can fix: a bad file, a missing column, an unknown aspect.

    The message is one line that says what was wrong, where, and what is accepted, e.g.
    ``reviews.csv: missing column 'text' (found: id, body, critic)``.
    """
