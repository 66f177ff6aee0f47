"""Tests for analysis/pipeline.py: invariants on every frame, and what a careful reader expects of the seeds."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import InputError, Settings, analyze, reviews_from_texts, seed_reviews
from analysis.load import load_reviews
from analysis.model import ASPECT_COLUMNS, MENTION_COLUMNS, REVIEW_COLUMNS, SENTENCE_COLUMNS
from analysis.pipeline import TABLES, analyse_text, summarise_text

from .conftest import DATA, ROOT


def test_analyze_frames_have_documented_columns(seed_analysis):
    """Each frame has exactly the columns listed in analysis/model.py."""
    assert list(seed_analysis.reviews.columns) == list(REVIEW_COLUMNS)
    assert list(seed_analysis.sentences.columns) == list(SENTENCE_COLUMNS)
    assert list(seed_analysis.mentions.columns) == list(MENTION_COLUMNS)
    assert list(seed_analysis.aspects.columns) == list(ASPECT_COLUMNS)


def test_analyze_offsets_slice_back(seed_analysis):
    """Every sentence, mention and quote slices back to the raw review text."""
    texts = seed_analysis.texts
    for frame in (seed_analysis.sentences, seed_analysis.mentions):
        for row in frame.itertuples():
            assert texts[row.review_id][row.start:row.end] == row.text
    for row in seed_analysis.aspects.itertuples():
        if row.best_quote:
            assert texts[row.review_id][row.best_start:row.best_end] == row.best_quote
        if row.worst_quote:
            assert texts[row.review_id][row.worst_start:row.worst_end] == row.worst_quote


def test_analyze_scores_in_range(seed_analysis):
    """Every score is in -1..1 and never NaN where text exists."""
    for frame, column in ((seed_analysis.sentences, "score"), (seed_analysis.mentions, "score"),
                          (seed_analysis.reviews, "score")):
        assert frame[column].notna().all()
        assert frame[column].between(-1, 1).all()
    scored = seed_analysis.aspects["score"].dropna()
    assert scored.between(-1, 1).all()


def test_analyze_one_row_per_review_and_aspect(seed_analysis):
    """The aspects table has a row per review and taxonomy aspect; unmentioned aspects have no score."""
    aspects = seed_analysis.aspects
    assert len(aspects) == 2 * len(seed_analysis.taxonomy.aspects)
    unmentioned = aspects[aspects["mentions"] == 0]
    assert unmentioned["score"].isna().all()
    assert (unmentioned["label"] == "").all()


def test_analyze_detects_film(seed_analysis):
    """The show's title is read from the texts."""
    assert seed_analysis.film == "Soundtrack"


def _sentence(analysis, review_prefix: str, fragment: str) -> pd.Series:
    rows = analysis.sentences[
        analysis.sentences["review_id"].str.startswith(review_prefix)
        & analysis.sentences["text"].str.contains(fragment, regex=False)
    ]
    assert len(rows) == 1, f"{fragment!r} matched {len(rows)} sentences"
    return rows.iloc[0]


@pytest.mark.parametrize(
    ("review", "fragment"),
    [
        # Plot summary, however negative its words.
        ("002", "Sam is locked in a bitter custody dispute"),
        ("002", "has just been released from prison"),
        ("000", "Sam is a young widowed father fighting for custody"),
        ("000", "Sam and Nellie are two struggling artists"),
    ],
)
def test_seed_synopsis_sentences(seed_analysis, review, fragment):
    """Plot summary in the seeds is not taken as the critic's opinion."""
    assert not _sentence(seed_analysis, review, fragment)["opinion"]


@pytest.mark.parametrize(
    ("review", "fragment", "sign"),
    [
        ("002", "This doesn\u2019t work so well", -1),
        ("002", "only occasionally succeeds", -1),  # a hedge: counted as an opinion (opinion.hedge_floor)
        # "numbers" was negative while "by the numbers" taught it (an idiom is one unit since model 2026.12.03:
        # +0.009); the retrain with the grown lexicon (2026.12.03b) left it at -0.036, on the other side of zero
        pytest.param("002", "It leaves you with some good-looking numbers", 1, marks=pytest.mark.xfail(
            strict=True, reason="known limitation: a near-zero margin (-0.074, score -0.219); the learned "
            "'good-looking', 'numbers' and 'leaves' outweigh VADER's reading of 'good-looking' (README)")),
        ("000", "oddly few and far between", -1),                 # film idiom
        ("000", "These moments are entertaining and fun", 1),
    ],
)
def test_seed_opinion_signs(seed_analysis, review, fragment, sign):
    """Opinion sentences of the seeds get the sign a careful reader gives them."""
    row = _sentence(seed_analysis, review, fragment)
    assert row["opinion"]
    assert row["score"] * sign > 0


def test_seed_captions_and_headline_not_analysed(seed_analysis):
    """The photo caption and the headline are not sentences of the analysis."""
    assert not seed_analysis.sentences["text"].str.contains("Photo by Parrish Lewis").any()
    assert not seed_analysis.sentences["text"].str.contains("Looking for Work").any()


def test_seed_second_critic_warmer_on_dance(seed_analysis):
    """The second review praises the dancing at length; the first barely mentions dance. Its third counted dance
    judgement is a judging clause in a sentence of plot ("..., and while I've never been a fan of her acting, she is
    a dynamic presence when she's moving": rules.toml, judging_clause_probability)."""
    aspects = seed_analysis.aspects.set_index(["review_id", "aspect"])
    dance = aspects.loc[("002_efd41335f66387d2", "dance")]
    assert dance["mentions"] >= 3
    assert dance["label"] == "positive"


def test_seed_second_critic_cool_on_emotion(seed_analysis):
    """The second review's one emotional judgement: 'the show only occasionally succeeds at making that into
    something moving' ('a dynamic presence when she's moving' is dancing, not emotion: aspects.toml)."""
    aspects = seed_analysis.aspects.set_index(["review_id", "aspect"])
    assert aspects.loc[("002_efd41335f66387d2", "emotion"), "label"] == "negative"


@pytest.fixture(scope="module")
def fresh_analysis():
    """Two reviews of an invented thriller, written for the project (not from the dev data): tests/data/fresh_reviews.
    Reading them found the idioms, words and casting-word actors of 2026-12-04d, so this guards those fixes."""
    return analyze(load_reviews([DATA / "fresh_reviews"]))


def test_fresh_reviews_read_as_a_careful_reader_does(fresh_analysis):
    """Who is warmer on what, in reviews outside the dev data: the first critic pans the script and the
    length and praises the lead ("Ashworth is terrific", named by "Ben Ashworth plays Tom"); the second praises the
    story and the direction, finds the music overbearing, and forgives the length ("I never once checked my
    watch")."""
    aspects = fresh_analysis.aspects.set_index(["review_id", "aspect"])["score"]
    first, second = sorted(fresh_analysis.reviews["review_id"])
    assert aspects[(first, "story")] < -0.3 < 0.3 < aspects[(second, "story")]
    assert aspects[(first, "pacing")] < -0.3
    assert aspects[(second, "pacing")] > aspects[(first, "pacing")]
    assert aspects[(first, "acting")] > 0.3
    assert aspects[(second, "direction")] > 0.3
    assert aspects[(first, "music")] > aspects[(second, "music")]
    assert fresh_analysis.film == "The Last Harbor"


def test_analyze_settings_include_synopsis_changes_counts():
    """Synopsis sentences count only when asked."""
    reviews = reviews_from_texts([("A", "Sam dances with his son at the funeral. The dancing is wonderful."),
                                  ("B", "The dancing is clumsy and dull.")])
    default = analyze(reviews)
    with_synopsis = analyze(reviews, settings=Settings(include_synopsis=True))
    dance = lambda a: int(a.aspects.set_index(["critic", "aspect"]).loc[("A", "dance"), "mentions"])  # noqa: E731
    assert dance(with_synopsis) >= dance(default)


def test_analyze_rejects_duplicates_and_empty():
    """No reviews, or two reviews with one label, are InputErrors (labels key the consensus)."""
    with pytest.raises(InputError, match="no reviews"):
        analyze([])
    reviews = seed_reviews()
    from dataclasses import replace

    with pytest.raises(InputError, match="used twice"):
        analyze([reviews[0], replace(reviews[1], critic=reviews[0].critic)])


def test_analyze_does_not_modify_input():
    """analyze leaves its input reviews as they were."""
    reviews = seed_reviews()
    before = [(r.review_id, r.critic, r.text, r.title) for r in reviews]
    analyze(reviews)
    assert [(r.review_id, r.critic, r.text, r.title) for r in reviews] == before


def test_analyze_is_deterministic():
    """The same input gives the same output."""
    first, second = analyze(seed_reviews()), analyze(seed_reviews())
    pd.testing.assert_frame_equal(first.aspects, second.aspects)
    assert first.summary == second.summary


def test_analyze_empty_and_caption_only_reviews():
    """Reviews with no opinion (empty, caption only) are kept with no score, not a division by zero."""
    reviews = reviews_from_texts([("A", ""), ("B", "Photo by Someone"), ("C", "The songs are great.")])
    result = analyze(reviews)
    rows = result.reviews.set_index("critic")
    assert rows.loc["A", "sentences"] == 0 and pd.isna(rows.loc["A", "score"])
    assert rows.loc["B", "opinion_sentences"] == 0
    assert len(result.reviews) == 3


def _summary_texts() -> list[str]:
    lines = (DATA / "aspect_sentences.tsv").read_text(encoding="utf-8").splitlines()
    sentences = [line.split("\t")[0] for line in lines if line and not line.startswith("#")]
    texts = [" ".join(sentences[i:i + 5]) for i in range(0, len(sentences), 5)]
    texts += ["\n".join(sentences[i:i + 4]).lower() for i in range(0, len(sentences), 4)]  # one sentence a line
    texts += [path.read_text(encoding="utf-8") for path in sorted((ROOT / "seeds").glob("*.txt"))]
    return texts + ["", "Photo by Jane Doe", "Sam (Paul James) sings. James is superb, though the plot drags.",
                    "The songs are catchy, though overused.\n\nIt is dazzling, but long."]


@pytest.mark.parametrize("text", _summary_texts())
def test_summarise_text_same_as_analyse_text(text):
    """The batch path's summary (clauses scored only where an aspect score needs them) equals analyse_text's."""
    full = analyse_text(text, explain=False)
    summary = summarise_text(text)
    assert summary.overall == full.overall()
    assert summary.opinion == any(full.is_opinion(i) for i in range(len(full.sentences)))
    assert summary.aspects == full.aspect_scores()


def test_analyze_hands_out_its_own_tables_each_call():
    """analyze keeps the tables that do not depend on the settings between calls; changing one caller's tables
    changes nothing for the next caller, and other settings give the same sentences and mentions."""
    reviews = seed_reviews()
    first = analyze(reviews)
    expected = {name: first.table(name).copy() for name in TABLES}
    for name in TABLES:
        frame = first.table(name)
        frame.loc[:, frame.columns[0]] = None
    again = analyze(reviews)
    for name in TABLES:
        pd.testing.assert_frame_equal(again.table(name), expected[name])
    other = analyze(reviews, settings=Settings(positive_threshold=0.3))
    pd.testing.assert_frame_equal(other.sentences, expected["sentences"])
    pd.testing.assert_frame_equal(other.mentions, expected["mentions"])


def test_short_text_of_opinions_is_judged_as_one_span():
    """A quote of two or three opinion sentences is scored as one span (as the texts the model was trained on), and
    its second sentence's "But ..." turns it (scoring.contrast_sentiment); a longer text, or one with certain plot
    summary, sentence by sentence."""
    from analysis.scoring import contrast_sentiment, review_sentiment, score_text

    quote = "The cast is charming and the songs are lovely. But the story is a dull, lifeless mess."
    analysis = analyse_text(quote)
    assert len(analysis.sentences) == 2
    one_span = score_text(quote, explain=False).value
    first, second = (s.value for s in analysis.sentence_scores)
    assert first > 0 > second
    assert analysis.overall() == contrast_sentiment(one_span, ["", "but"], [first, second]) < one_span < 0
    assert summarise_text(quote).overall == analysis.overall()
    plain = "The cast is charming and the songs are lovely. The story is a dull, lifeless mess."
    assert analyse_text(plain).overall() == score_text(plain, explain=False).value  # no turn: one span as it is
    per_sentence = review_sentiment([s.value for s in analysis.sentence_scores], analysis.opinion_probs)
    assert analysis.overall() != per_sentence
    long_text = " ".join([quote] * 3)
    longer = analyse_text(long_text)
    assert longer.overall() == review_sentiment([s.value for s in longer.sentence_scores], longer.opinion_probs)


@pytest.mark.parametrize(
    ("text", "sign", "wrong_without"),
    [
        ("The premise is clever, but the execution is clumsy and dull.", -1, False),
        ("The leads are charming, yet the script is lazy and predictable.", -1, False),
        ("Although it is long and a little slow, the film is moving and beautifully acted.", 1, False),
        ("The film is a delight, although the plot is thin.", 1, False),
        ("It starts slowly and the dialogue is stiff, yet the final act is thrilling.", 1, False),
        ("Though it is often funny, the film is ultimately hollow.", -1, True),
        ("Despite a game cast and a few good songs, the film is a tedious slog.", -1, False),
        # A short text, scored as one span: its second sentence's "But" turns the first.
        ("The songs are catchy and the cast is game. But the story never comes alive.", -1, True),
    ],
)
def test_contrast_judged_by_the_clause_turned_to(monkeypatch, text, sign, wrong_without):
    """A text that turns or concedes is judged mostly by its main clause (scoring.contrast_sentiment); switched
    off (contrast_blend 0), the score changes, and for some the sign is wrong."""
    from analysis import scoring

    turned = analyse_text(text).overall()
    assert turned * sign > 0
    assert summarise_text(text).overall == analyse_text(text, explain=False).overall()
    rules = dict(scoring._rules(), contrast_blend=0.0)
    monkeypatch.setattr(scoring, "_rules", lambda: rules)
    plain = analyse_text(text).overall()
    assert plain != turned
    assert (plain * sign <= 0) == wrong_without


def test_contrast_named_in_the_evidence():
    """The sentence's evidence says the contrast rule moved its score."""
    result = analyze(reviews_from_texts([("A", "The film is a delight, although the plot is thin."),
                                         ("B", "The premise is clever, but it is dull.")]))
    assert result.sentences["evidence"].str.contains("contrast (the clause turned to weighs more", regex=False).all()


def test_contrast_with_no_clause_to_turn_to_keeps_the_score(monkeypatch):
    """Both clauses concede and concessions weigh nothing: the sentence keeps its own score, on both paths."""
    from analysis import scoring

    text = ("The film is long. Though the songs are catchy, though the dancing is stiff. The acting is fine. "
            "The story is thin. The end is sweet.")
    monkeypatch.setattr(scoring, "_rules", lambda rules=dict(scoring._rules(), contrast_weight=0.0): rules)
    full = analyse_text(text, explain=False)
    own = scoring.score_text("Though the songs are catchy, though the dancing is stiff.", explain=False,
                             learned=1.0).value  # the text says "film"
    assert full.sentence_scores[1].value == own
    summary = summarise_text(text)
    assert summary.overall == full.overall()
    assert summary.aspects == full.aspect_scores()


def test_a_review_about_a_film_reads_every_sentence_as_film_text():
    """One film word anywhere makes the whole text film text: a later sentence with none is scored with the word
    parts whole, on both paths; a text with no film word has its sentences' word parts scaled."""
    from analysis import scoring

    later = "The war has claimed a million lives, and gambling can be a ruinous addiction."
    text = f"The film is long. {later}"
    full = analyse_text(text)
    assert full.sentence_scores[1].value == pytest.approx(scoring.score_text(later, learned=1.0).value)
    assert not any(f.startswith("not about a film") for s in full.sentence_scores for f, _ in s.evidence)
    assert summarise_text(text).overall == pytest.approx(analyse_text(text, explain=False).overall())
    alone = analyse_text(f"It is long. {later}")
    assert alone.sentence_scores[1].value == pytest.approx(scoring.score_text(later).value)
    assert any(f.startswith("not about a film") for f, _ in alone.sentence_scores[1].evidence)
