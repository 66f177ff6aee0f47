"""Tests for analysis/charts.py: pure builders, checked through their Vega-Lite specs."""

from __future__ import annotations

import copy

import pandas as pd

from analysis.charts import (
    CRITIC_COLOURS,
    SELECTION,
    agreement_heatmap,
    aspect_dumbbell,
    dumbbell_data,
    sentiment_arc,
)


def _layers(chart) -> list[dict]:
    return chart.to_dict()["layer"]


def test_aspect_dumbbell_spec(seed_analysis):
    """Points carry critic colour, mentions size, a click selection on the aspect, and tooltips with the quote."""
    chart = aspect_dumbbell(seed_analysis.aspects, seed_analysis.consensus, critics=seed_analysis.critics)
    points = _layers(chart)[2]
    encoding = points["encoding"]
    assert points["mark"]["type"] == "circle"
    assert encoding["color"]["field"] == "critic"
    assert encoding["color"]["scale"]["range"][:2] == list(CRITIC_COLOURS[:2])
    assert encoding["size"]["field"] == "mentions"
    assert {t["field"] for t in encoding["tooltip"]} >= {"score", "mentions", "quote", "agreement"}
    assert encoding["x"]["scale"]["domain"] == [-1, 1]
    params = chart.to_dict()["params"]
    assert params[0]["name"] == SELECTION and params[0]["select"]["fields"] == ["aspect"]
    assert "title" in encoding["y"] and "Sentiment" in _layers(chart)[1]["encoding"]["x"]["title"]


def test_dumbbell_data_orders_by_disagreement_and_fades_rare(seed_analysis):
    """Aspects come most divisive first; critics with few mentions are marked to be faded."""
    data = dumbbell_data(seed_analysis.aspects, seed_analysis.consensus, min_mentions=2)
    ranked = seed_analysis.consensus.sort_values("spread", ascending=False)["aspect"].tolist()
    shown = list(dict.fromkeys(data["aspect"]))
    assert shown == [a for a in ranked if a in shown]
    assert set(data.loc[data["mentions"] < 2, "weight"]) <= {"few mentions"}
    assert (data["mentions"] > 0).all()


def test_agreement_heatmap_spec(seed_analysis):
    """One cell per aspect and critic, coloured on the shared diverging scale, with the score as text."""
    chart = agreement_heatmap(seed_analysis.aspects, seed_analysis.consensus)
    cells, text = _layers(chart)
    assert cells["mark"]["type"] == "rect"
    assert cells["encoding"]["color"]["condition"]["field"] == "score"
    assert cells["encoding"]["color"]["condition"]["scale"]["domain"] == [-1.0, 0.0, 1.0]
    assert text["encoding"]["text"]["field"] == "cell"


def test_sentiment_arc_marks_synopsis(seed_analysis):
    """Plot summary is drawn hollow with another shape, and the line follows opinions only."""
    chart = sentiment_arc(seed_analysis.sentences, critics=seed_analysis.critics)
    zero, line, points = _layers(chart)
    assert line["transform"] == [{"filter": "datum.opinion"}]
    assert points["encoding"]["shape"]["field"] == "kind"
    assert points["encoding"]["x"]["title"].startswith("Position")


def test_chart_builders_do_not_modify_input(seed_analysis):
    """Builders are pure: the frames they get are unchanged."""
    aspects, consensus, sentences = (copy.deepcopy(f) for f in (seed_analysis.aspects, seed_analysis.consensus,
                                                                 seed_analysis.sentences))
    aspect_dumbbell(aspects, consensus, critics=seed_analysis.critics)
    agreement_heatmap(aspects, consensus)
    sentiment_arc(sentences, critics=seed_analysis.critics)
    pd.testing.assert_frame_equal(aspects, seed_analysis.aspects)
    pd.testing.assert_frame_equal(consensus, seed_analysis.consensus)
    pd.testing.assert_frame_equal(sentences, seed_analysis.sentences)


def test_every_chart_is_valid_vega_lite(seed_analysis):
    """The dashboard sends the specs unvalidated (to_dict(validate=False)): the schema check lives here."""
    result = seed_analysis
    for chart in (aspect_dumbbell(result.aspects, result.consensus, critics=result.critics),
                  agreement_heatmap(result.aspects, result.consensus),
                  sentiment_arc(result.sentences, critics=result.critics)):
        assert chart.to_dict(validate=True) == chart.to_dict(validate=False)
