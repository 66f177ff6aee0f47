"""Tests for analysis/features.py: the same tokens for raw and pre-tokenised text, negation scopes."""

from __future__ import annotations

import pytest

from analysis.features import features, ngrams, tokenize, unigrams


@pytest.mark.parametrize(
    ("raw", "tokenised"),
    [
        # Curly apostrophe and capitals in raw review text.
        ("It DOESN\u2019T work.", "it does n't work ."),
        # The research data's two tokenisations of a contraction.
        ("It doesn't work.", "it doesn ' t work ."),
        ("Don't miss it!", "do n't miss it !"),
        ("The film's pace", "the film 's pace"),
        # Back-ticks and typographic quotes are apostrophes, in ASCII and in non-ASCII text.
        ("It doesn`t work \u2014 `sadly`", "it doesn't work 'sadly'"),
        ("It doesn`t work, sadly", "it does n't work , sadly"),
        ("DOESN \u2019 T", "does n't"),
    ],
)
def test_tokenize_raw_equals_pretokenised(raw, tokenised):
    """Raw text and the lower-cased tokenised research text give the same tokens."""
    assert tokenize(raw) == tokenize(tokenised)


def test_ngrams_negation_scope_until_punctuation_or_contrast():
    """Words after a negator are marked up to punctuation or a contrast word, which are not features."""
    grams = ngrams(tokenize("It isn't good or funny, but the songs are fine."))
    assert "not_good" in grams and "not_funny" in grams
    assert "songs" in grams and "not_songs" not in grams
    assert "but" not in grams and "," not in grams


def test_ngrams_keep_exclamation_and_bigrams_once():
    """"!" and "?" are features; each feature appears once (presence, not counts)."""
    grams = features("Great! Great! Great!")
    assert grams.count("great") == 1 and "!" in grams and "great !" in grams


def test_unigrams_are_the_single_word_features():
    """The word weights read the unigrams, negation-marked."""
    assert unigrams(ngrams(tokenize("not good, fun"))) == ["not", "not_good", "fun"]


def test_tokenize_does_not_change_input():
    """Tokenising is pure: the caller's list of tokens is not modified by ngrams."""
    tokens = tokenize("not good at all")
    before = list(tokens)
    ngrams(tokens)
    assert tokens == before


@pytest.mark.parametrize("text", ["", "   ", "...", "\U0001f600"])
def test_features_of_empty_text(text):
    """Text without words gives no word features."""
    assert [f for f in features(text) if f not in {"!", "?"}] == []
