"""Tests for analysis/charts.py: pure builders, checked through their Vega-Lite specs."""

from __future__ import annotations

import copy
import json
import re

import pandas as pd

from analysis.charts import (
    CRITIC_COLOURS,
    SELECTION,
    agreement_heatmap,
    agreement_heatmap_spec,
    aspect_dumbbell,
    aspect_dumbbell_spec,
    dumbbell_data,
    heatmap_data,
    sentiment_arc,
    sentiment_arc_spec,
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


def _analyses(seed_analysis):
    from analysis import Review, analyze

    other = analyze([Review(review_id="a", critic="Ann", text="The songs are wonderful. The plot is a mess."),
                     Review(review_id="b", critic="Bo", text="The songs are dreadful, the acting is fine."),
                     Review(review_id="c", critic="Cy", text="I went to the cinema on Tuesday.")])
    return [seed_analysis, other]


def test_chart_data_equals_the_pandas_formulation(seed_analysis):
    """The chart data is built in plain Python (the frames are small, pandas' per-operation cost dominated); it
    equals the same rules written with pandas: divisiveness order (spread, then critics mentioning; missing spread
    last), the heatmap's rank (largest spread first, ties in table order), a dash for a missing score."""
    for result in _analyses(seed_analysis):
        aspects, consensus = result.aspects, result.consensus
        order = consensus.sort_values(["spread", "critics_mentioning"], ascending=[False, False], kind="stable")
        rank = {aspect: i for i, aspect in enumerate(order["aspect"])}
        mentioned = aspects[aspects["mentions"] > 0]
        expected = mentioned.assign(order=mentioned["aspect"].map(rank)).sort_values(["order", "critic"])
        got = dumbbell_data(aspects, consensus)
        assert got[["aspect", "critic", "score", "order"]].to_dict("list") == \
            expected[["aspect", "critic", "score", "order"]].to_dict("list")
        heat = heatmap_data(aspects, consensus)
        spread_rank = dict(zip(consensus["aspect"], consensus["spread"].rank(ascending=False, method="first"),
                               strict=True))
        pd.testing.assert_series_equal(heat["order"], aspects["aspect"].map(spread_rank).rename("order"),
                                       check_index=False)
        assert list(heat["cell"]) == [f"{s:+.2f}" if pd.notna(s) else "\u2013" for s in aspects["score"]]
        assert list(heat["mentioned"]) == list(aspects["score"].notna())


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


def _pairs(result):
    """(Altair chart, its spec twin) for every chart, on one analysis."""
    return [
        (aspect_dumbbell(result.aspects, result.consensus, critics=result.critics),
         aspect_dumbbell_spec(result.aspects, result.consensus, critics=result.critics)),
        (agreement_heatmap(result.aspects, result.consensus), agreement_heatmap_spec(result.aspects, result.consensus)),
        (sentiment_arc(result.sentences, critics=result.critics),
         sentiment_arc_spec(result.sentences, critics=result.critics)),
    ]


def test_every_chart_is_valid_vega_lite(seed_analysis):
    """The dashboard sends the specs unvalidated: the schema check lives here."""
    for chart, _ in _pairs(seed_analysis):
        assert chart.to_dict(validate=True) == chart.to_dict(validate=False)


def _resolved(spec: dict) -> dict:
    """The spec with every dataset reference replaced by its rows and Altair's generated view names made equal."""
    spec = json.loads(re.sub(r"view_[0-9a-f]+_(\d+)", r"view_\1", json.dumps(spec)))
    datasets = spec.pop("datasets", {})

    def walk(node):
        if isinstance(node, dict):
            if set(node) == {"name"} and node["name"] in datasets:
                return {"values": datasets[node["name"]]}
            return {key: walk(value) for key, value in node.items()}
        return [walk(value) for value in node] if isinstance(node, list) else node

    return walk(spec)


def test_spec_twins_equal_the_altair_charts(seed_analysis):
    """Each ``*_spec`` twin (what the dashboard sends) is its Altair chart's spec, data included; also for other
    critics and data after the skeleton was cached, and for a critic who mentions no aspect (NaN scores)."""
    for result in [*_analyses(seed_analysis), seed_analysis]:
        for chart, spec in _pairs(result):
            assert _resolved(spec) == _resolved(chart.to_dict(validate=False))
            assert json.loads(json.dumps(spec, allow_nan=False)) == spec  # strict JSON: NaN became null


def test_chart_templates_are_current():
    """The shipped templates are what the Altair builders make now (after changing a chart, run
    `python -m analysis.charts`)."""
    from analysis.charts import chart_templates
    from analysis.resources import data_path

    shipped = json.loads(data_path("chart_templates.json").read_text(encoding="utf-8"))
    assert shipped == chart_templates(), "analysis/data/chart_templates.json is stale: run python -m analysis.charts"


def test_spec_twins_never_import_altair():
    """The dashboard's path (analysis, the three spec twins, the downloads module) runs without importing Altair."""
    import subprocess
    import sys

    from .conftest import ROOT

    code = ("import sys\n"
            "from analysis import analyze, charts, downloads, seed_reviews\n"
            "r = analyze(seed_reviews())\n"
            "charts.aspect_dumbbell_spec(r.aspects, r.consensus, critics=r.critics)\n"
            "charts.agreement_heatmap_spec(r.aspects, r.consensus)\n"
            "charts.sentiment_arc_spec(r.sentences, critics=r.critics)\n"
            "print('altair' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"
