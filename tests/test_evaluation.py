"""Tests for analysis/evaluation.py and the aspect tagger's quality on the project's labelled fixture."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pytest

from analysis.evaluation import (
    EDITORIALS,
    GENERAL_FILES,
    SDIST,
    evaluate_aspects,
    ground_truth_file,
    parse_labels,
    read_ground_truth,
    read_label_file,
)
from analysis.pipeline import analyse_text

FIXTURE = Path(__file__).parent / "data" / "aspect_sentences.tsv"
FIVE = {"acting", "story", "direction", "music", "pacing"}


def test_parse_labels_rejects_bad_polarity():
    """Label typos are caught instead of silently counted."""
    assert parse_labels("acting:+;story:-; music:0") == {"acting": "+", "story": "-", "music": "0"}
    assert parse_labels("") == {}
    with pytest.raises(ValueError, match="expected aspect"):
        parse_labels("acting:good")


def _tar(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def test_ground_truth_file_extracts_only_the_files_asked_for(tmp_path):
    """A rated file comes out of the sdist's inner archive (cached, so pip is never run here) and reads as (texts,
    ratings), skipping lines that are not id, rating, text; the movie snippets cannot be asked for."""
    tweets = "1\t2.5\tSo lucky.\nnot a row\n2\t-1.25\tworst day ever\ttoo many fields\n3\t-1.25\tworst day ever\n"
    inner = _tar({f"hutto_ICWSM_2014/{GENERAL_FILES[1]}": tweets.encode("utf-8"),
                  "hutto_ICWSM_2014/movieReviewSnippets_GroundTruth.txt": b"1\t1.0\tkept aside\n"})
    (tmp_path / SDIST).write_bytes(_tar({"vaderSentiment-3.3.2/additional_resources/hutto_ICWSM_2014.tar.gz": inner}))
    path = ground_truth_file(GENERAL_FILES[1], cache=tmp_path)
    assert path == tmp_path / GENERAL_FILES[1]
    assert read_ground_truth(path) == (["So lucky.", "worst day ever"], [2.5, -1.25])
    assert ground_truth_file(GENERAL_FILES[1], cache=tmp_path) == path  # cached: read again, not extracted
    with pytest.raises(ValueError, match="not one of the files"):
        ground_truth_file("movieReviewSnippets_GroundTruth.txt", cache=tmp_path)
    assert EDITORIALS not in GENERAL_FILES


def test_evaluate_aspects_counts():
    """Micro counts and polarity on a hand-computed case."""
    counts = evaluate_aspects([({"acting": "+", "story": "-"}, {"acting": 0.5, "music": 0.1}),
                               ({"pacing": "-"}, {"pacing": 0.2})])
    assert (counts.true_positive, counts.false_positive, counts.false_negative) == (2, 1, 1)
    assert counts.f1 == pytest.approx(4 / 6)
    assert (counts.polarity_right, counts.polarity_total) == (1, 2)


@pytest.fixture(scope="module")
def fixture_predictions():
    rows = read_label_file(FIXTURE)
    assert len(rows) >= 120
    predictions = []
    for text, gold in rows:
        found = analyse_text(text).aspect_scores(include_synopsis=True)
        predictions.append((gold, {a: sum(v) / len(v) for a, v in found.items()}))
    return predictions


def test_fixture_covers_every_aspect():
    """The fixture labels every aspect of the taxonomy, including the ones public data lacks."""
    labelled = {aspect for _, gold in read_label_file(FIXTURE) for aspect in gold}
    assert {"acting", "story", "direction", "music", "dance", "pacing", "humor", "emotion"} <= labelled


def test_aspect_detection_f1_floor(fixture_predictions):
    """Aspect detection on the labelled fixture stays above its floor (all eight aspects and the core five)."""
    assert evaluate_aspects(fixture_predictions).f1 >= 0.9
    assert evaluate_aspects(fixture_predictions, FIVE).f1 >= 0.9


def test_aspect_polarity_floor(fixture_predictions):
    """Where an aspect is found and the label takes a side, the score has that side."""
    assert evaluate_aspects(fixture_predictions).polarity_accuracy >= 0.8
