"""Shared fixtures: the project's own copies of the seeds and small hand-written reviews (never ../shared)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return ROOT / "seeds"


@pytest.fixture(scope="session")
def seed_analysis():
    """The analysis of the two seed reviews, computed once for the session (frames are not modified by tests)."""
    from analysis import analyze, seed_reviews

    return analyze(seed_reviews())
