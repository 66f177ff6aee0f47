"""AppTest of dashboard.py: runs on the seeds, reacts to renaming, uploads and settings, shows errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "dashboard.py")


@pytest.fixture
def app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=60).run()


def _upload(at: AppTest, files: list[tuple[str, bytes, str]]) -> AppTest:
    uploader = next(w for w in at.get("file_uploader") if w.key == "upload_0")
    uploader.set_value(files)
    return at.run()


def _open_section(at: AppTest, section: str) -> AppTest:
    at.session_state["section"] = section
    return at.run()


def test_dashboard_runs_on_seeds(app):
    """No exception; the title, the two overview charts, the metrics and the evidence; the other sections are built
    only when their tab is opened (the sentence table, the arc, the download buttons)."""
    assert not app.exception
    assert not app.error
    assert app.title[0].value == "Soundtrack"
    assert len(app.get("vega_lite_chart")) == 2
    assert len(app.metric) == 2
    assert any(h.value.startswith("Evidence: ") for h in app.subheader)
    assert not app.get("download_button")
    assert not app.dataframe  # the sentence table, the chart's table view and the taxonomy are all closed

    _open_section(app, "Sentiment arc")
    assert not app.exception
    assert len(app.get("vega_lite_chart")) == 3
    assert [bool(t.children) for t in app.tabs] == [False, True, False, False]
    _open_section(app, "Sentences")
    assert len(app.dataframe) == 1 and app.tabs[2].children
    _open_section(app, "Downloads")
    assert not app.exception
    assert len(app.get("download_button")) == 6


def test_dashboard_cards_state_the_reviews_labels(app):
    """Each critic card says the review's label as the reviews table (and its download) has it."""
    from analysis import analyze, seed_reviews
    from analysis.display import review_line

    captions = [c.value for c in app.caption]
    for row in analyze(seed_reviews()).reviews.to_dict("records"):
        assert row["label"] in {"positive", "negative", "mixed", "neutral"}
        assert any(c.startswith(review_line(row) + " \u00b7 ") for c in captions), (row["critic"], captions)


def test_dashboard_evidence_choice_survives_other_tabs(app):
    """The chosen evidence aspect is kept while another tab is open (its selectbox is not drawn there)."""
    app.selectbox(key="evidence_aspect").set_value("music").run()
    _open_section(app, "Sentences")
    _open_section(app, "Evidence")
    assert not app.exception
    assert any(h.value == "Evidence: Music" for h in app.subheader)


def test_dashboard_sentence_filters_survive_other_tabs(app):
    """The sentence table's filters are kept while another tab is open, and the table stays filtered."""
    _open_section(app, "Sentences")
    everything = len(app.dataframe[0].value)
    critic = app.multiselect(key="filter_critic").options[0]
    app.radio(key="filter_kind").set_value("opinion").run()
    app.multiselect(key="filter_critic").set_value([critic]).run()
    filtered = len(app.dataframe[0].value)
    assert 0 < filtered < everything
    _open_section(app, "Evidence")
    _open_section(app, "Sentences")
    assert not app.exception and not app.warning
    assert app.radio(key="filter_kind").value == "opinion"
    assert app.multiselect(key="filter_critic").value == [critic]
    assert len(app.dataframe[0].value) == filtered


def test_dashboard_rename_changes_page(app):
    """Renaming a critic shows the new name in the metrics."""
    app.text_input(key="critic_002_efd41335f66387d2").set_value("A. Critic").run()
    assert not app.exception
    assert "A\\. Critic" in [m.label for m in app.metric]


def test_dashboard_settings_change_results(app):
    """Dropping aspects and changing thresholds reruns the analysis without error."""
    before = app.markdown[0].value
    app.multiselect(key="aspects").set_value(["music", "dance"]).run()
    assert not app.exception
    assert app.markdown[0].value != before
    app.slider(key="positive_threshold").set_value(0.3).run()
    assert not app.exception


def test_dashboard_upload_two_reviews_changes_results(app):
    """Two uploaded reviews replace the seeds."""
    files = [("ann.txt", b"By Ann Lee\n\nThe dancing is dazzling and the songs are wonderful.", "text/plain"),
             ("bo.txt", b"By Bo Park\n\nThe dancing is clumsy and the songs are dreadful.", "text/plain")]
    _upload(app, files)
    assert not app.exception
    assert [m.label for m in app.metric] == ["Ann Lee", "Bo Park"]
    assert app.title[0].value == "Critic consensus"


def test_dashboard_bad_upload_shows_error_and_keeps_others(app):
    """A binary file gives a one-line error; the good files are still analysed."""
    files = [("photo.txt", b"\x89PNG\r\n\x1a\nxxxx", "text/plain"),
             ("ann.txt", b"By Ann Lee\n\nThe dancing is dazzling.", "text/plain"),
             ("bo.txt", b"By Bo Park\n\nThe dancing is clumsy.", "text/plain")]
    _upload(app, files)
    assert not app.exception
    assert any("photo.txt: this looks like a PNG image" in e.value for e in app.sidebar.error)
    assert [m.label for m in app.metric] == ["Ann Lee", "Bo Park"]


def test_dashboard_csv_upload_with_columns(app):
    """A CSV upload offers its columns for text and critic."""
    data = b"who,words\nAnn,The songs are wonderful.\nBo,The songs are dreadful.\n"
    _upload(app, [("two.csv", data, "text/csv")])
    assert not app.exception
    app.selectbox(key="text_column_0_0").set_value("words")
    app.selectbox(key="critic_column_0_0").set_value("who").run()
    assert not app.exception
    assert [m.label for m in app.metric] == ["Ann", "Bo"]


def test_dashboard_evidence_follows_aspect_choice(app):
    """Choosing an aspect shows its evidence header."""
    app.selectbox(key="evidence_aspect").set_value("music").run()
    assert not app.exception
    assert any(h.value == "Evidence: Music" for h in app.subheader)


def test_dashboard_upload_limits_are_enforced(app):
    """Over 20 files: only the first 20 are read, with an error; a file over 5 MB is skipped with an error."""
    files = [(f"r{i:02d}.txt", f"By Critic {i}\n\nThe songs are great.".encode(), "text/plain") for i in range(21)]
    _upload(app, files)
    assert not app.exception
    assert any("21 files uploaded; only the first 20 are read" in e.value for e in app.sidebar.error)
    assert len(app.metric) == 20

    app2 = AppTest.from_file(APP, default_timeout=60).run()
    big = b"The songs are great. " * 300_000  # ~6 MB
    _upload(app2, [("big.txt", big, "text/plain"),
                   ("ann.txt", b"By Ann Lee\n\nThe dancing is dazzling.", "text/plain"),
                   ("bo.txt", b"By Bo Park\n\nThe dancing is clumsy.", "text/plain")])
    assert not app2.exception
    assert any("big.txt" in e.value and "over the 5 MB limit" in e.value for e in app2.sidebar.error)
    assert [m.label for m in app2.metric] == ["Ann Lee", "Bo Park"]


def test_streamlit_run_finds_the_app_and_its_warm_up():
    """`streamlit run dashboard.py` imports the file as a module: it finds `app`, an st.App serving this same file,
    without the page's imports (the server starts at once); its start-up hook returns (the server answers) only
    once the warm-up holds the seeds' analysis in analyze's cache and has frozen what it loaded out of the garbage
    collector's way. Run in a fresh interpreter."""
    import subprocess
    import sys

    code = (
        "import gc, sys\n"
        "from pathlib import Path\n"
        "import streamlit as st\n"
        "import dashboard\n"
        "assert isinstance(dashboard.app, st.App), type(dashboard.app)\n"
        "assert Path(dashboard.app.script_path).resolve() == Path(dashboard.__file__).resolve()\n"
        "assert not {'pandas', 'analysis', 'altair'} & set(sys.modules), 'the page imports ran at import'\n"
        "import asyncio\n"
        "async def serve():\n"
        "    async with dashboard._server_lifespan(dashboard.app):\n"
        "        from analysis import pipeline\n"
        "        assert pipeline._analysed.cache_info().currsize == 2\n"
        "        assert gc.get_freeze_count() > 0\n"
        "asyncio.run(serve())\n"
        "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=Path(APP).parent, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-2000:]


def test_dashboard_without_any_aspect_still_offers_the_tables(app):
    """Reviews that mention no aspect: every tab opens without error; the downloads hold the tables, not a chart."""
    _upload(app, [("a.txt", b"By Ann\n\nI went to the cinema on Tuesday. It rained.", "text/plain"),
                  ("b.txt", b"By Bo\n\nWe ate popcorn afterwards.", "text/plain")])
    assert any("No opinion in these reviews mentions an aspect" in i.value for i in app.info)
    for section in ("Sentiment arc", "Sentences", "Downloads"):
        _open_section(app, section)
        assert not app.exception and not app.error
    labels = [button.proto.label for button in app.get("download_button")]
    assert sorted(labels) == ["Aspect scores (CSV)", "Aspect scores (Parquet)", "Everything (JSON)", "Sentences (CSV)"]
