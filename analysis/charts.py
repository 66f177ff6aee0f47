"""Charts: pure functions from the analysis frames to Altair charts (never imports streamlit).

One colour per critic (Okabe-Ito, safe for colour-blind readers) and one diverging scale for sentiment (blue
positive, orange negative) across every chart. Each chart has a table alternative in the dashboard.

Each builder has a ``*_spec`` twin that returns the same chart as a Vega-Lite spec (a dict), as the dashboard sends
it, without Altair: importing Altair takes ~0.35 s and its schema work 50-100 ms a chart, and almost none of it
depends on the data. The twins fill in templates (``analysis/data/chart_templates.json``, the builders' specs with
the data left as a named dataset; ``python -m analysis.charts`` rewrites them): the critics, the width and the data.
tests/test_charts.py checks that the templates are current and that every twin equals its Altair chart. Altair is
imported only by the builders.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd

from .model import consensus_mentions_column, consensus_score_column
from .resources import data_path

if TYPE_CHECKING:
    import altair as alt

__all__ = [
    "CRITIC_COLOURS",
    "SELECTION",
    "agreement_heatmap",
    "agreement_heatmap_spec",
    "aspect_dumbbell",
    "aspect_dumbbell_spec",
    "critic_scale",
    "sentiment_arc",
    "sentiment_arc_spec",
    "sentiment_scale",
]

CRITIC_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
SELECTION = "aspect_pick"
_SENTIMENT_DOMAIN = [-1.0, 0.0, 1.0]
_SENTIMENT_RANGE = ["#d95f02", "#f7f7f7", "#1b7fbf"]  # orange (negative) - white - blue (positive)
_DATA = "rows"  # the dataset name of a spec twin's data


def critic_scale(critics: Sequence[str]) -> alt.Scale:
    """The same colour for the same critic in every chart."""
    import altair as alt

    return alt.Scale(domain=list(critics), range=_critic_colours(len(critics)))


def _critic_colours(count: int) -> list[str]:
    return [CRITIC_COLOURS[i % len(CRITIC_COLOURS)] for i in range(count)]


def sentiment_scale() -> alt.Scale:
    import altair as alt

    return alt.Scale(domain=_SENTIMENT_DOMAIN, range=_SENTIMENT_RANGE, clamp=True)


def _short(text: str, limit: int = 140) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def dumbbell_data(aspects: pd.DataFrame, consensus: pd.DataFrame, *, min_mentions: int = 2) -> pd.DataFrame:
    """Long data for :func:`aspect_dumbbell`: one row per critic and mentioned aspect, in divisiveness order."""
    return pd.DataFrame(_dumbbell_rows(aspects, consensus, min_mentions), columns=_DUMBBELL_COLUMNS)


_DUMBBELL_COLUMNS = ["aspect", "aspect_label", "critic", "score", "label", "mentions", "agreement", "order", "weight",
                     "quote"]


def _dumbbell_rows(aspects: pd.DataFrame, consensus: pd.DataFrame, min_mentions: int) -> list[dict]:
    # Plain Python over the rows: the frames hold a few dozen rows, where each pandas operation costs more than the
    # whole loop (this runs on every re-render of the dashboard).
    summary = consensus[["aspect", "spread", "critics_mentioning", "agreement"]].to_dict("records")
    ranked = sorted(summary, key=lambda r: (pd.isna(r["spread"]), -_number(r["spread"]), -r["critics_mentioning"]))
    rank = {r["aspect"]: i for i, r in enumerate(ranked)}
    agreement = {r["aspect"]: r["agreement"] for r in summary}
    rows = []
    for row in aspects[["aspect", "aspect_label", "critic", "score", "label", "mentions", "best_quote",
                        "worst_quote"]].to_dict("records"):
        if not row["mentions"] > 0:
            continue
        best, worst, score = row.pop("best_quote"), row.pop("worst_quote"), row["score"]
        row.update(agreement=agreement[row["aspect"]], order=rank[row["aspect"]],
                   weight="enough mentions" if row["mentions"] >= min_mentions else "few mentions",
                   quote=_short(best if (score or 0) >= 0 and best else worst or best))
        rows.append(row)
    return sorted(rows, key=lambda r: (r["order"], r["critic"]))


def _number(value) -> float:
    return 0.0 if pd.isna(value) else value


def aspect_dumbbell(
    aspects: pd.DataFrame, consensus: pd.DataFrame, *, critics: Sequence[str], min_mentions: int = 2,
    width: int | str = "container",
) -> alt.LayerChart:
    """Each critic's score per aspect on one line, aspects sorted by disagreement; click an aspect to select it.

    Point size is the number of mentions; aspects a critic mentions fewer than ``min_mentions`` times are faded.
    """
    return _dumbbell(dumbbell_data(aspects, consensus, min_mentions=min_mentions), tuple(critics), width)


def aspect_dumbbell_spec(
    aspects: pd.DataFrame, consensus: pd.DataFrame, *, critics: Sequence[str], min_mentions: int = 2,
    width: int | str = "container",
) -> dict:
    """:func:`aspect_dumbbell` as a Vega-Lite spec, built without Altair's per-chart schema work."""
    return _spec("dumbbell", _dumbbell_rows(aspects, consensus, min_mentions), critics, width)


def _dumbbell(data: pd.DataFrame | alt.NamedData, critics: tuple[str, ...], width: int | str) -> alt.LayerChart:
    import altair as alt

    pick = alt.selection_point(name=SELECTION, fields=["aspect"], on="click", clear="dblclick")
    y = alt.Y("aspect_label:N", title="Aspect (most divisive first)",
              sort=alt.EncodingSortField(field="order", order="ascending"))
    base = alt.Chart(data).encode(y=y)
    rule = base.mark_rule(color="#9a9a9a", strokeWidth=2).encode(
        x=alt.X("min(score):Q", title="Sentiment (-1 negative ... +1 positive)", scale=alt.Scale(domain=[-1, 1])),
        x2="max(score):Q",
    )
    points = base.mark_circle(stroke="#333333", strokeWidth=0.5).encode(
        x=alt.X("score:Q", scale=alt.Scale(domain=[-1, 1])),
        color=alt.Color("critic:N", title="Critic", scale=critic_scale(critics),
                        legend=alt.Legend(orient="bottom", columns=1, labelLimit=400)),
        size=alt.Size("mentions:Q", title="Mentions", scale=alt.Scale(range=[60, 500]),
                      legend=alt.Legend(orient="bottom")),
        opacity=alt.condition(alt.datum.weight == "few mentions", alt.value(0.35), alt.value(0.95)),
        tooltip=[
            alt.Tooltip("aspect_label:N", title="Aspect"),
            alt.Tooltip("critic:N", title="Critic"),
            alt.Tooltip("score:Q", title="Score", format="+.2f"),
            alt.Tooltip("label:N", title="Label"),
            alt.Tooltip("mentions:Q", title="Mentions"),
            alt.Tooltip("agreement:N", title="Agreement"),
            alt.Tooltip("quote:N", title="Strongest quote"),
        ],
    ).add_params(pick)
    zero = alt.Chart(pd.DataFrame({"x": [0.0]})).mark_rule(strokeDash=[4, 4], color="#666666").encode(x="x:Q")
    return (zero + rule + points).properties(width=width, height=alt.Step(34),
                                             title="Each critic's score per aspect")


def heatmap_data(aspects: pd.DataFrame, consensus: pd.DataFrame) -> pd.DataFrame:
    """Long data for :func:`agreement_heatmap`: one row per aspect and critic, with the aspect's agreement."""
    return pd.DataFrame(_heatmap_rows(aspects, consensus), columns=_HEATMAP_COLUMNS)


_HEATMAP_COLUMNS = ["aspect", "aspect_label", "critic", "score", "label", "mentions", "agreement", "order",
                    "mentioned", "cell"]


def _heatmap_rows(aspects: pd.DataFrame, consensus: pd.DataFrame) -> list[dict]:
    summary = consensus[["aspect", "spread", "agreement"]].to_dict("records")
    agreement = {r["aspect"]: r["agreement"] for r in summary}
    # The spread's rank, largest first, ties in table order (pandas' rank(ascending=False, method="first")).
    ranked = sorted((r for r in summary if not pd.isna(r["spread"])), key=lambda r: -r["spread"])
    rank = {r["aspect"]: float(i) for i, r in enumerate(ranked, start=1)}
    rows = aspects[["aspect", "aspect_label", "critic", "score", "label", "mentions"]].to_dict("records")
    for row in rows:
        score = row["score"]
        row.update(agreement=agreement[row["aspect"]], order=rank.get(row["aspect"], float("nan")),
                   mentioned=not pd.isna(score), cell="\u2013" if pd.isna(score) else f"{score:+.2f}")
    return rows


def agreement_heatmap(aspects: pd.DataFrame, consensus: pd.DataFrame, *,
                      width: int | str = "container") -> alt.LayerChart:
    """Aspect x critic grid coloured by score (grey where not mentioned), with the score written in each cell."""
    return _heatmap(heatmap_data(aspects, consensus), width)


def agreement_heatmap_spec(aspects: pd.DataFrame, consensus: pd.DataFrame, *, width: int | str = "container") -> dict:
    """:func:`agreement_heatmap` as a Vega-Lite spec, built without Altair's per-chart schema work."""
    return _spec("heatmap", _heatmap_rows(aspects, consensus), (), width)


def _heatmap(data: pd.DataFrame | alt.NamedData, width: int | str) -> alt.LayerChart:
    import altair as alt

    y = alt.Y("aspect_label:N", title=None, sort=alt.EncodingSortField(field="order", order="ascending"))
    x = alt.X("critic:N", title=None, axis=alt.Axis(labelAngle=0, labelLimit=95, orient="top", labelFontSize=10))
    cells = alt.Chart(data).mark_rect(stroke="white").encode(
        x=x, y=y,
        color=alt.condition(alt.datum.mentioned, alt.Color("score:Q", title="Score", scale=sentiment_scale()),
                            alt.value("#e6e6e6")),
        tooltip=[alt.Tooltip("aspect_label:N", title="Aspect"), alt.Tooltip("critic:N", title="Critic"),
                 alt.Tooltip("score:Q", title="Score", format="+.2f"), alt.Tooltip("mentions:Q", title="Mentions"),
                 alt.Tooltip("agreement:N", title="Agreement")],
    )
    text = alt.Chart(data).mark_text(fontSize=12).encode(x=x, y=y, text="cell:N")
    return (cells + text).properties(width=width, height=alt.Step(30), title="Agreement grid")


def arc_data(sentences: pd.DataFrame) -> pd.DataFrame:
    """Data for :func:`sentiment_arc`: one row per sentence, with its kind and a shortened text."""
    return pd.DataFrame(_arc_rows(sentences), columns=_ARC_COLUMNS)


_ARC_COLUMNS = ["critic", "sentence", "position", "score", "opinion", "text", "kind"]


def _arc_rows(sentences: pd.DataFrame) -> list[dict]:
    rows = sentences[_ARC_COLUMNS[:-1]].to_dict("records")
    for row in rows:
        row.update(text=_short(row["text"]), kind="opinion" if row["opinion"] else "plot summary")
    return rows


def sentiment_arc(sentences: pd.DataFrame, *, critics: Sequence[str],
                  width: int | str = "container") -> alt.LayerChart:
    """Sentence score through each review; opinion sentences filled, plot summary hollow and excluded from the line."""
    return _arc(arc_data(sentences), tuple(critics), width)


def sentiment_arc_spec(sentences: pd.DataFrame, *, critics: Sequence[str], width: int | str = "container") -> dict:
    """:func:`sentiment_arc` as a Vega-Lite spec, built without Altair's per-chart schema work."""
    return _spec("arc", _arc_rows(sentences), critics, width)


def _arc(data: pd.DataFrame | alt.NamedData, critics: tuple[str, ...], width: int | str) -> alt.LayerChart:
    import altair as alt

    colour = alt.Color("critic:N", title="Critic", scale=critic_scale(critics),
                       legend=alt.Legend(orient="bottom", columns=1, labelLimit=400))
    x = alt.X("position:Q", title="Position in the review (start ... end)", scale=alt.Scale(domain=[0, 1]))
    y = alt.Y("score:Q", title="Sentence sentiment", scale=alt.Scale(domain=[-1, 1]))
    line = alt.Chart(data).transform_filter(alt.datum.opinion).mark_line(strokeWidth=1.5, opacity=0.7).encode(
        x=x, y=y, color=colour)
    points = alt.Chart(data).mark_point(size=55, strokeWidth=1.5).encode(
        x=x, y=y, color=colour,
        fill=alt.condition(alt.datum.opinion, colour, alt.value("white")),
        shape=alt.Shape("kind:N", title="Sentence", scale=alt.Scale(domain=["opinion", "plot summary"],
                                                                     range=["circle", "triangle"])),
        tooltip=[alt.Tooltip("critic:N", title="Critic"), alt.Tooltip("sentence:Q", title="Sentence"),
                 alt.Tooltip("kind:N", title="Kind"), alt.Tooltip("score:Q", title="Score", format="+.2f"),
                 alt.Tooltip("text:N", title="Text")],
    )
    zero = alt.Chart(pd.DataFrame({"y": [0.0]})).mark_rule(strokeDash=[4, 4], color="#666666").encode(y="y:Q")
    return (zero + line + points).properties(width=width, height=260, title="Sentiment arc")


# The spec twins fill in templates: each chart's spec as its Altair builder makes it, with the data left as the named
# dataset _DATA, one placeholder critic and the container's width (analysis/data/chart_templates.json, written by
# `python -m analysis.charts`; tests/test_charts.py checks it is current and that every twin equals its chart).
# So the dashboard never imports Altair (0.35 s) or runs its schema work (50-100 ms a chart).
_TEMPLATES = "chart_templates.json"
_PLACEHOLDER = "\u0000critic"


def chart_templates() -> dict[str, dict]:
    """Each chart's template, built with Altair (what ``analysis/data/chart_templates.json`` holds)."""
    import altair as alt

    data = alt.NamedData(name=_DATA)
    return {
        "dumbbell": _dumbbell(data, (_PLACEHOLDER,), "container").to_dict(validate=True),
        "heatmap": _heatmap(data, "container").to_dict(validate=True),
        "arc": _arc(data, (_PLACEHOLDER,), "container").to_dict(validate=True),
    }


@functools.cache
def _templates() -> dict[str, str]:
    """Each chart's template as JSON text (read once; each spec decodes its own copy)."""
    shipped = json.loads(data_path(_TEMPLATES).read_text(encoding="utf-8"))
    return {name: json.dumps(template) for name, template in shipped.items()}


def _spec(name: str, rows: list[dict], critics: Sequence[str], width: int | str) -> dict:
    spec = json.loads(_templates()[name])  # a fresh copy
    _fill_critics(spec, list(critics))
    spec["width"] = width
    # What Altair does to the frame it inlines, for the values these rows hold: NaN and pandas' NA as null.
    spec.setdefault("datasets", {})[_DATA] = [{k: None if pd.isna(v) else v for k, v in row.items()}
                                              for row in rows]
    return spec


def _fill_critics(node, critics: list[str]) -> None:
    """Every critic colour scale of a template (domain: the placeholder) gets the critics and their colours."""
    if isinstance(node, dict):
        if node.get("domain") == [_PLACEHOLDER]:
            node["domain"], node["range"] = critics, _critic_colours(len(critics))
            return
        for value in node.values():
            _fill_critics(value, critics)
    elif isinstance(node, list):
        for value in node:
            _fill_critics(value, critics)


def write_chart_templates() -> None:
    """Rewrite ``analysis/data/chart_templates.json`` from the Altair builders (after changing a chart)."""
    text = json.dumps(chart_templates(), indent=1, sort_keys=True, ensure_ascii=True) + "\n"
    data_path(_TEMPLATES).write_text(text, encoding="utf-8")


def critic_columns(consensus: pd.DataFrame, critics: Sequence[str]) -> pd.DataFrame:
    """The consensus table as a person reads it: aspect, agreement, spread, then each critic's score and mentions."""
    columns = ["aspect_label", "agreement", "spread"] + [
        c for critic in critics for c in (consensus_score_column(critic), consensus_mentions_column(critic))]
    return consensus[columns]


if __name__ == "__main__":  # python -m analysis.charts
    write_chart_templates()
    print(f"wrote {data_path(_TEMPLATES)}")
