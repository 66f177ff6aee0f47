"""Critic consensus dashboard: where the critics agree and disagree, aspect by aspect, with the quotes behind it.

Run: python -m streamlit run dashboard.py. View only: every number comes from analysis.analyze, every chart from
analysis.charts, every download from analysis.downloads.

One file, two roles. Streamlit's script runner (and AppTest) run it as ``__main__``: that is the page, on every visit
and rerun. ``streamlit run dashboard.py`` first imports it as a module to find ``app`` (an ``st.App``, at the end):
that import skips the page's imports, so the server starts at once, and its start-up hook loads them, the models and
the seeds' analysis before the server answers, so the first page is served by a warm server.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import gc
from dataclasses import replace

import streamlit as st

if __name__ == "__main__":  # the page run (the import by `streamlit run` leaves these to the warm-up thread)
    import pandas as pd

    from analysis import (
        InputError,
        Review,
        Settings,
        TableOptions,
        analyze,
        charts,
        default_taxonomy,
        downloads,
        seed_reviews,
    )
    from analysis.display import escape_markdown, highlight, review_line
    from analysis.load import disambiguate, reviews_from_bytes, reviews_from_texts, table_columns
    from analysis.scoring import sentiment_words

MAX_FILES = 20
MAX_FILE_MB = 5
MAX_REVIEWS = 50
SECTIONS = ("Evidence", "Sentiment arc", "Sentences", "Downloads")
KEPT_WIDGETS = ("evidence_aspect", "filter_critic", "filter_aspect", "filter_kind", "filter_sign")


def _page_cache(decorator, **options):
    """One of Streamlit's caches for the page. The import by `streamlit run` (no runtime yet, and it never calls
    these) leaves the function plain, instead of Streamlit warning that it found no runtime."""
    return decorator(**options) if __name__ == "__main__" else (lambda function: function)


@_page_cache(st.cache_resource)
def taxonomy():
    return default_taxonomy()


@_page_cache(st.cache_data, show_spinner="Analysing the reviews\u2026", max_entries=64)
def run_analysis(reviews: tuple[tuple[str, str, str, str, str], ...], settings: tuple, film: str | None):
    """Cached by the texts, labels and settings; each caller gets its own copy of the frames."""
    items = [Review(review_id=i, critic=c, text=t, title=h, source=s) for i, c, t, h, s in reviews]
    options = dict(settings)
    return analyze(items, taxonomy=taxonomy(), settings=Settings(**options), film=film)


@_page_cache(st.cache_data, show_spinner=False, max_entries=64)
def chart_spec(name: str, reviews: tuple[tuple[str, str, str, str, str], ...], settings: tuple,
               film: str | None, _result) -> dict | None:
    """One chart as a Vega-Lite spec (the builders' ``*_spec`` twins, not validated here; tests/test_charts.py
    validates them), built once per analysis and one at a time, so the first chart is sent before the others are
    built. Cached by the analysis' inputs; ``_result`` is their analysis (not hashed). None when no aspect is
    mentioned."""
    if name == "arc":
        return charts.sentiment_arc_spec(_result.sentences, critics=_result.critics)
    if not (_result.aspects["mentions"] > 0).any():
        return None
    if name == "main":
        return charts.aspect_dumbbell_spec(_result.aspects, _result.consensus, critics=_result.critics)
    return charts.agreement_heatmap_spec(_result.aspects, _result.consensus)


@_page_cache(st.cache_data, show_spinner=False, max_entries=16)
def seeds() -> list[Review]:
    return seed_reviews()


def _input_reviews() -> list[Review]:
    """Reviews from the sidebar: uploads and pasted texts, or the seeds when there are none."""
    st.sidebar.header("Reviews")
    generation = st.session_state.setdefault("upload_generation", 0)
    files = st.sidebar.file_uploader(
        f"Upload reviews (.txt .md .csv .tsv .json .jsonl; up to {MAX_FILES} files of {MAX_FILE_MB} MB each)",
        type=["txt", "md", "csv", "tsv", "json", "jsonl"], accept_multiple_files=True,
        key=f"upload_{generation}", help="Each .txt/.md file is one review; CSV/JSON files hold one review per row.",
    ) or []
    reviews: list[Review] = []
    if len(files) > MAX_FILES:
        st.sidebar.error(f"{len(files)} files uploaded; only the first {MAX_FILES} are read.")
        files = files[:MAX_FILES]
    for number, upload in enumerate(files):
        data = upload.getvalue()
        if len(data) > MAX_FILE_MB * 1024 * 1024:
            st.sidebar.error(f"{upload.name}: {len(data) / 1e6:.1f} MB is over the {MAX_FILE_MB} MB limit; skipped.")
            continue
        try:
            options = TableOptions()
            columns = table_columns(data, upload.name)
            if columns:
                text_column = st.sidebar.selectbox(
                    f"{upload.name}: text column", columns,
                    index=_guess(columns, ("text", "review", "body", "content", "quote")),
                    key=f"text_column_{generation}_{number}")
                critic_choices = ["(none)"] + columns
                critic_column = st.sidebar.selectbox(
                    f"{upload.name}: critic column", critic_choices,
                    index=_guess(critic_choices, ("critic", "author", "reviewer", "byline")),
                    key=f"critic_column_{generation}_{number}")
                options = TableOptions(text_column=text_column,
                                       critic_column=None if critic_column == "(none)" else critic_column)
            notices: list[str] = []
            reviews.extend(reviews_from_bytes(data, upload.name, options=options, notices=notices))
            for notice in notices:
                st.sidebar.info(notice)
        except InputError as err:
            st.sidebar.error(str(err))
    with st.sidebar.expander("Paste a review"):
        name = st.text_input("Critic", key="paste_name", placeholder="Name or publication (optional)")
        text = st.text_area("Review text", key="paste_text", height=150)
        if st.button("Add this review", key="paste_add") and text.strip():
            st.session_state.setdefault("pasted", []).append((name.strip(), text))
    pasted = st.session_state.get("pasted", [])
    reviews.extend(reviews_from_texts(pasted) if pasted else [])
    if reviews:
        if st.sidebar.button("Restore the seed reviews", key="restore_seeds"):
            st.session_state["upload_generation"] = generation + 1
            st.session_state["pasted"] = []
            st.rerun()
    else:
        st.sidebar.caption("Showing the two seed reviews of Netflix's *Soundtrack*. Upload or paste to compare others.")
        reviews = seeds()
    if len(reviews) > MAX_REVIEWS:
        st.sidebar.error(f"{len(reviews)} reviews; the dashboard compares up to {MAX_REVIEWS} (use the CLI for more).")
        reviews = reviews[:MAX_REVIEWS]
    return disambiguate(reviews)


def _guess(options: list[str], names: tuple[str, ...]) -> int:
    lowered = [o.strip().lower() for o in options]
    return next((lowered.index(n) for n in names if n in lowered), 0)


def _renamed(reviews: list[Review]) -> list[Review]:
    st.sidebar.header("Critics")
    renamed, used = [], set()
    for number, review in enumerate(reviews):
        key = f"critic_{review.review_id}"
        if st.session_state.get(f"{key}_from") != review.critic:  # the input changed the label: start from it again
            st.session_state[f"{key}_from"] = review.critic
            st.session_state[key] = review.critic
        label = st.sidebar.text_input(f"Critic {number + 1}", key=key, max_chars=80,
                                      help=f"Review {review.review_id}; rename freely.")
        label = " ".join(label.split()) or review.critic
        while label in used:
            label += " \u2032"
        used.add(label)
        renamed.append(replace(review, critic=label))
    return renamed


def _settings() -> tuple:
    st.sidebar.header("Settings")
    ids = list(taxonomy().ids)
    labels = {a.id: a.label for a in taxonomy().aspects}
    aspects = st.sidebar.multiselect("Aspects", ids, default=ids, format_func=labels.get, key="aspects")
    synopsis = st.sidebar.checkbox("Count plot-summary sentences", value=False, key="include_synopsis",
                                   help="Off: only the critic's judgements move the scores.")
    defaults = Settings()
    positive = st.sidebar.slider("Positive label from", 0.0, 0.9, defaults.positive_threshold, 0.05,
                                 key="positive_threshold")
    negative = st.sidebar.slider("Negative label up to", -0.9, 0.0, defaults.negative_threshold, 0.05,
                                 key="negative_threshold")
    return (("aspects", tuple(aspects or ids)), ("include_synopsis", synopsis), ("positive_threshold", positive),
            ("negative_threshold", negative))


def _critic_cards(result) -> None:
    rows = result.reviews.to_dict("records")
    per_row = max(1, min(4, len(rows)))
    for start in range(0, len(rows), per_row):
        for column, row in zip(st.columns(per_row), rows[start:start + per_row], strict=False):
            with column, st.container(border=True):
                score = row["score"]
                st.metric(escape_markdown(row["critic"]), "\u2013" if pd.isna(score) else f"{row['score_100']:.0f}/100",
                          help="Overall judgement from the opinion sentences, on 0-100 (50 = neutral).")
                st.caption(f"{review_line(row)} \u00b7 "
                           f"{row['opinion_sentences']} opinion / {row['synopsis_sentences']} plot-summary sentences")


def _evidence(result, aspect: str) -> None:
    """Each critic's score on ``aspect`` and the sentences behind it, highlighted: one text element per critic (and
    one for the plot summary left out), as each element is a message and a redraw on every re-render."""
    label = result.taxonomy.get(aspect).label
    st.subheader(f"Evidence: {escape_markdown(label)}")
    include_synopsis = result.settings.include_synopsis
    scores = {row["critic"]: row for row in
              result.aspects.loc[result.aspects["aspect"] == aspect, ["critic", "score", "label"]].to_dict("records")}
    mentions = result.mentions.loc[result.mentions["aspect"] == aspect, ["critic", "text", "cues", "score", "opinion"]]
    quotes: dict[str, list[dict]] = {}
    for mention in mentions.to_dict("records"):
        quotes.setdefault(mention["critic"], []).append(mention)
    critics = result.critics
    per_row = max(1, min(3, len(critics)))
    for start in range(0, len(critics), per_row):
        for column, critic in zip(st.columns(per_row), critics[start:start + per_row], strict=False):
            with column:
                row = scores[critic]
                score = "not mentioned" if pd.isna(row["score"]) else f"{row['score']:+.2f} ({row['label']})"
                own = quotes.get(critic, [])
                counted = [q for q in own if q["opinion"] or include_synopsis]
                lines = [f"**{escape_markdown(critic)}**: {escape_markdown(score)}"] + [
                    f"{highlight(q['text'], q['cues'].split(';') + sentiment_words(q['text']))}  \n`{q['score']:+.2f}`"
                    for q in counted]
                st.markdown("\n\n".join(lines))
                if not counted:
                    st.caption("No opinion on this aspect.")
                synopsis = [q for q in own if not q["opinion"]]
                if synopsis and not include_synopsis:
                    with st.expander(f"Plot summary mentioning it ({len(synopsis)}, not counted)"):
                        st.text("\n\n".join(" ".join(q["text"].split()) for q in synopsis))


def _sentence_table(result) -> None:
    sentences = result.sentences
    left, middle, right, last = st.columns(4)
    critics = left.multiselect("Critic", result.critics, key="filter_critic")
    aspects = middle.multiselect("Aspect", list(result.taxonomy.ids), key="filter_aspect")
    kind = right.radio("Kind", ["all", "opinion", "plot summary"], horizontal=True, key="filter_kind")
    sign = last.radio("Sign", ["all", "positive", "negative"], horizontal=True, key="filter_sign")
    shown = sentences
    if critics:
        shown = shown[shown["critic"].isin(critics)]
    if aspects:
        shown = shown[shown["aspects"].map(lambda value: bool(set(value.split(";")) & set(aspects)))]
    if kind != "all":
        shown = shown[shown["opinion"] == (kind == "opinion")]
    if sign != "all":
        shown = shown[shown["score"] > 0] if sign == "positive" else shown[shown["score"] < 0]
    st.dataframe(
        shown[["critic", "sentence", "text", "opinion", "aspects", "score", "vader", "evidence"]],
        hide_index=True, key="sentence_table",
        column_config={
            "critic": st.column_config.TextColumn("Critic"),
            "sentence": st.column_config.NumberColumn("#", width="small"),
            "text": st.column_config.TextColumn("Sentence", width="large"),
            "opinion": st.column_config.CheckboxColumn("Opinion"),
            "aspects": st.column_config.TextColumn("Aspects"),
            "score": st.column_config.ProgressColumn("Score", min_value=-1.0, max_value=1.0, format="%+.2f"),
            "vader": st.column_config.NumberColumn("Raw VADER", format="%+.2f"),
            "evidence": st.column_config.TextColumn(
                "What moved the score",
                help="The strongest contributions to the sentence's margin; its score is the tanh of a multiple of "
                     "the margin (README: How scores are computed)."),
        },
    )


def _downloads(result, main_chart: dict | None) -> None:
    film = result.film or "reviews"
    today = dt.date.today()
    columns = st.columns(3)
    buttons = [
        ("Aspect scores (CSV)", lambda: downloads.aspects_csv(result), "aspects", "csv", "text/csv", "dl_csv"),
        ("Aspect scores (Parquet)", lambda: downloads.aspects_parquet(result), "aspects", "parquet",
         "application/octet-stream", "dl_parquet"),
        ("Everything (JSON)", lambda: downloads.aspects_json(result), "analysis", "json", "application/json",
         "dl_json"),
        ("Sentences (CSV)", lambda: downloads.sentences_csv(result), "sentences", "csv", "text/csv", "dl_sentences"),
    ]
    if main_chart is not None:  # no chart when no aspect is mentioned; the tables are still worth having
        buttons += [
            ("Main chart (PNG)", lambda: downloads.chart_png(main_chart), "chart", "png", "image/png", "dl_png"),
            ("Main chart (SVG)", lambda: downloads.chart_svg(main_chart), "chart", "svg", "image/svg+xml", "dl_svg"),
        ]
    for number, (label, build, what, extension, mime, key) in enumerate(buttons):
        columns[number % 3].download_button(label, data=build, file_name=downloads.file_name(film, what, extension,
                                                                                                today),
                                            mime=mime, key=key, on_click="ignore")


def main() -> None:
    # Widgets inside closed tabs and expanders are not drawn; keep their values for when they are drawn again.
    for key in KEPT_WIDGETS:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]
    try:
        reviews = _renamed(_input_reviews())
        settings = _settings()
        film_override = st.sidebar.text_input("Film or show", key="film", placeholder="detected from the texts")
        packed = tuple((r.review_id, r.critic, r.text, r.title, r.source) for r in reviews)
        film = film_override.strip() or None
        result = run_analysis(packed, settings, film)
    except InputError as err:
        st.error(str(err))
        st.stop()

    st.title(escape_markdown(result.film or "Critic consensus"))
    st.markdown(escape_markdown(result.summary))
    if len(reviews) < 2:
        st.info("Add a second review (upload or paste in the sidebar) to compare critics.")
    _critic_cards(result)

    st.header("Where they agree and disagree")
    main_chart = chart_spec("main", packed, settings, film, result)
    if main_chart is None:
        st.info("No opinion in these reviews mentions an aspect of the taxonomy.")
        picked = None
    else:
        event = st.vega_lite_chart(spec=main_chart, on_select="rerun", key="main_chart", width="stretch")
        chosen = [p.get("aspect") for p in (event.selection.get(charts.SELECTION) or [])] if event else []
        picked = chosen[0] if chosen else None
        st.caption("Click an aspect's points to open its evidence below. Faded points: fewer than 2 mentions.")
        chart_table = st.expander("Table view of this chart", key="chart_table", on_change="rerun")
        if chart_table.open:
            chart_table.dataframe(charts.critic_columns(result.consensus, result.critics), hide_index=True,
                                  key="consensus_table")
        left, right = st.columns([3, 2])
        with left:
            st.vega_lite_chart(spec=chart_spec("heatmap", packed, settings, film, result), width="stretch",
                               key="heatmap")
        with right:
            st.subheader("Most divisive aspects")
            # One element for the list and one for the notes: each element is a message and a redraw.
            divisive = result.consensus.dropna(subset=["divisiveness_rank"]).sort_values("divisiveness_rank")
            if len(divisive):
                st.markdown("  \n".join(f"{int(row.divisiveness_rank)}\\. **{escape_markdown(row.aspect_label)}**: "
                                         f"{escape_markdown(row.agreement)}, spread {row.spread:.2f}"
                                         for row in divisive.head(5).itertuples()))
            single = result.consensus[result.consensus["critics_mentioning"] < 2]
            if len(single):
                st.caption("  \n".join(escape_markdown(summary) for summary in single["summary"]))

    aspect_ids = list(result.taxonomy.ids)
    if picked and picked != st.session_state.get("last_pick"):
        st.session_state["last_pick"] = picked
        st.session_state["evidence_aspect"] = picked
        st.session_state["section"] = SECTIONS[0]
    if st.session_state.get("evidence_aspect") not in aspect_ids:
        busiest = result.consensus.sort_values(["divisiveness_rank", "critics_mentioning"], na_position="last")
        st.session_state["evidence_aspect"] = busiest["aspect"].iloc[0]
    # Lazy tabs: only the open one runs and is sent, so the first chart is not queued behind the data grid.
    evidence, arc, table, files = st.tabs(list(SECTIONS), key="section", on_change="rerun")
    if evidence.open:
        with evidence:
            st.selectbox("Aspect", aspect_ids, key="evidence_aspect",
                         format_func=lambda a: result.taxonomy.get(a).label)
            _evidence(result, st.session_state["evidence_aspect"])
    if arc.open:
        with arc:
            st.vega_lite_chart(spec=chart_spec("arc", packed, settings, film, result), width="stretch", key="arc")
    if table.open:
        with table:
            _sentence_table(result)
    if files.open:
        with files:
            _downloads(result, main_chart)
    # Like the tabs, built only when open: a data grid on the first view makes the browser load its code first.
    taxonomy_view = st.sidebar.expander(f"Taxonomy (version {taxonomy().version})", key="taxonomy_view",
                                        on_change="rerun")
    if taxonomy_view.open:
        taxonomy_view.dataframe(pd.DataFrame([{"aspect": a.label, "description": a.description,
                                               "cue words": len(a.cues)} for a in taxonomy().aspects]),
                                hide_index=True, key="taxonomy_table")
    st.caption(f"Analysis {result.versions.get('analysis')}, taxonomy {result.taxonomy.version}; limits: "
               f"{MAX_FILES} files of {MAX_FILE_MB} MB, {MAX_REVIEWS} reviews per comparison.")


def page() -> None:
    """The page: Streamlit's script runner (and AppTest) run this file as ``__main__`` on every visit and rerun."""
    st.set_page_config(page_title="Critic consensus", page_icon="\U0001f3ac", layout="wide")
    try:
        main()
    except Exception as err:  # last line of defence: one line, never a traceback on the page
        if type(err).__name__ in {"StopException", "RerunException"}:
            raise
        st.error(f"Internal error: {type(err).__name__}: {str(err).splitlines()[0] if str(err) else ''}. "
                 "This is a bug; please report it with the input that caused it.")


def warm_up() -> None:
    """What the first visit would otherwise wait for: the imports, the models and lexicons, the seeds' per-text
    analysis (kept by analyze's cache, which does not depend on the settings) and the chart templates. A failure is
    left for the page to report."""
    try:
        from analysis import analyze, charts, default_taxonomy, seed_reviews

        result = analyze(seed_reviews(), taxonomy=default_taxonomy())
        charts.aspect_dumbbell_spec(result.aspects, result.consensus, critics=result.critics)
        charts.agreement_heatmap_spec(result.aspects, result.consensus)
    except Exception:  # noqa: BLE001 - the page runs the same code and shows its one-line error
        return
    # What is loaded now lives as long as the server: keep it out of the full collection Streamlit runs after every
    # script run (~75 ms over the models' objects and pandas', on the re-render path).
    gc.freeze()


@contextlib.asynccontextmanager
async def _server_lifespan(_app):
    """Server start: the server answers (its health check, the first browser) once it is warm. A page opened while
    the warm-up still ran waited for it, and the warm-up's Python held the interpreter lock the server needs to send
    the page's files: measured, the first chart drew ~0.45 s later after opening, and ~0.55 s sooner after the
    command (benchmarks/RESULTS.md). The warm-up runs in a thread, so the server's event loop stays free."""
    await asyncio.to_thread(warm_up)
    yield


if __name__ == "__main__":
    page()
else:  # imported by `streamlit run dashboard.py`, which serves `app`: the page above, with the start-up hook
    app = st.App(__file__, lifespan=_server_lifespan)
