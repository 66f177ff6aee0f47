"""Property-based tests: arbitrary Unicode never breaks the pipeline; offsets, ranges and determinism hold."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis import analyze, reviews_from_texts
from analysis.batch import score_rows
from analysis.segment import split_clauses, split_sentences

PROSE = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400
) | st.lists(st.sampled_from(["The", "songs", "are", "great", "but", "the", "plot", "drags", ".", ",", "\n", "\n\n",
                              "Photo by X", "(Paul James)", "Sam", "n't", "not", "\u201c", "\u200b", "\U0001f600",
                              "=1+1", "$x$", ":red[", "<b>", "though", "however", ";"]),
             max_size=60).map(" ".join)
SETTINGS = settings(max_examples=60, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(PROSE)
def test_split_offsets_slice_back(text):
    """Sentences and clauses always slice back to their text, in order, without overlap."""
    last_end = 0
    for sentence in split_sentences(text):
        assert text[sentence.start:sentence.end] == sentence.text
        assert sentence.start >= last_end
        last_end = sentence.end
        for clause in split_clauses(sentence):
            assert text[clause.start:clause.end] == clause.text
            assert sentence.start <= clause.start < clause.end <= sentence.end


@SETTINGS
@given(st.lists(PROSE, min_size=1, max_size=3))
def test_analyze_never_raises_and_holds_ranges(texts):
    """Any texts: no exception, scores in -1..1 (never NaN), offsets exact, same output twice."""
    reviews = reviews_from_texts([(f"Critic {i}", t) for i, t in enumerate(texts)])
    first = analyze(reviews)
    second = analyze(reviews)
    assert first.summary == second.summary
    assert first.aspects.equals(second.aspects)
    for row in first.sentences.itertuples():
        assert first.texts[row.review_id][row.start:row.end] == row.text
        assert -1.0 <= row.score <= 1.0
    scored = first.aspects["score"].dropna()
    assert scored.between(-1, 1).all()


@SETTINGS
@given(st.lists(PROSE, min_size=1, max_size=5))
def test_score_rows_total(texts):
    """score gives a row per text; sentiment is a number in -1..1 for every non-blank text."""
    rows = score_rows(texts)
    assert len(rows) == len(texts)
    for text, row in zip(texts, rows, strict=True):
        if text.strip():
            assert -1.0 <= float(row[0]) <= 1.0
        else:
            assert row[0] == ""
