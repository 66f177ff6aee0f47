"""Tests for analysis/triggers.py: the prefilter never rules out text that the pattern matches."""

from __future__ import annotations

import dataclasses
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import clean, segment
from analysis.aspects import compile_matcher
from analysis.resources import default_taxonomy
from analysis.triggers import Triggers, ascii_view, normalise, triggers

from .conftest import DATA, ROOT


def _patterns() -> list[re.Pattern[str]]:
    matcher = compile_matcher(default_taxonomy())
    phrases = [phrase for listed in matcher.phrases.values() for phrase, _ in listed]
    return [matcher.pattern, *phrases, clean._CAPTION, clean._BOILERPLATE, clean._URL_ONLY, clean._BYLINE,
            segment._MARKERS]


PATTERNS = _patterns()
MATCHER = compile_matcher(default_taxonomy())
UNFILTERED = dataclasses.replace(MATCHER, prefilter=None)


def _texts() -> list[str]:
    lines = (DATA / "aspect_sentences.tsv").read_text(encoding="utf-8").splitlines()
    texts = [line.split("\t")[0] for line in lines if line and not line.startswith("#")]
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        texts += path.read_text(encoding="utf-8").splitlines()
    return texts + [text.encode("ascii", errors="ignore").decode("ascii") for text in texts]  # ASCII is filtered


TEXTS = _texts() + [
    "It was beautifully   shot,\tin black-and-white.",  # runs of white space inside a multi-word pattern
    "SHOT IN THE DARK, WELL SHOT.",  # capitals
    "the film_follows a boy",  # "_" is a word character: no boundary
    "Photo:   Jane Doe",
    "READ MORE: reviews",
    "  www.example.com  ",
    "It goes on\nand on.",
    "the lead-actor; the leads' songs",
    "a number-one hit, pop hits galore",
]


@pytest.mark.parametrize("pattern", PATTERNS, ids=lambda p: p.pattern[:30])
def test_may_match_never_rules_out_a_match(pattern):
    """On real sentences and edge cases, a text the pattern matches is never ruled out."""
    found = triggers(pattern)
    for text in TEXTS:
        if pattern.search(text):
            assert found.may_match(text), text


# Words and separators that make up matches of the patterns above, so random texts often match.
_VOCABULARY = ["shot", "well", "beautifully", "the", "lead", "leads", "plays", "play", "her", "comic", "comics",
               "relief", "number", "numbers", "of", "by", "go", "going", "on", "and", "too", "long", "runs",
               "made", "me", "feel", "heart", "no", "film", "follows", "is", "about", "photo", "credit",
               "read", "more", "http", "www", "but", "though", "while", "yet", "however", "x", "ly", "0s", "hits",
               "pop", "lip", "sync", "syncing", "choreographer", "musical", "plot", "holes", "co", "star"]
_SEPARATORS = [" ", "  ", "-", ", ", "'", "_", "\n", ".", ":", "://", "\t", "",
               # typographic punctuation, which the prefilters test as its ASCII view (triggers.ascii_view)
               "\u2019", "\u2018", "\u201c", "\u201d", " \u2014 ", "\u2014", "\u2013", "\u2026", "\u00a0", "\u00e9"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_VOCABULARY), st.sampled_from(_SEPARATORS), st.booleans()),
                max_size=12))
def test_may_match_never_rules_out_random_text(parts):
    """Random texts of the patterns' own words and separators, in either case: no false "cannot match"."""
    text = "".join((word.upper() if upper else word) + separator for word, separator, upper in parts)
    for pattern in PATTERNS:
        if pattern.search(text):
            assert triggers(pattern).may_match(text), (pattern.pattern, text)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_VOCABULARY), st.sampled_from(_SEPARATORS), st.booleans()),
                max_size=12))
def test_matcher_find_same_without_prefilter_on_random_text(parts):
    """Random texts of the taxonomy's words with typographic punctuation between them (curly quotes, dashes):
    AspectMatcher.find, which tests such a clause as its ASCII view, finds what the unfiltered matcher finds."""
    text = "".join((word.upper() if upper else word) + separator for word, separator, upper in parts)
    assert MATCHER.find(text) == UNFILTERED.find(text), text


def test_ascii_view_keeps_offsets_and_gives_up_on_other_characters():
    """Typographic punctuation gets ASCII stand-ins offset for offset; other non-ASCII text has no view."""
    text = "The film\u2019s \u2018best\u2019 song \u2014 \u201cCrash\u201d\u2026 and\u00a0more"
    view = ascii_view(text)
    assert view == "The film's `best' song   \"Crash\". and more" and len(view) == len(text)
    assert ascii_view("plain") == "plain"
    assert ascii_view("clich\u00e9 \u2014 again") is None
    assert MATCHER.prefilter.view_safe  # the shipped taxonomy's clauses with curly quotes take the fast path


def test_a_pattern_that_names_a_curly_character_is_not_tested_on_the_view():
    """A requirement holding a character the view replaces ("can\u2019t") cannot be met by the view, so such a
    pattern is searched on every non-ASCII text; one holding another non-ASCII character ("\u00a9") can still
    use the view, which no text holding that character has."""
    found = triggers(re.compile("\\bcan\u2019t\\b", re.IGNORECASE))
    assert not found.view_safe
    assert found.may_match("I can\u2019t \u2014 really")
    copyright_mark = triggers(re.compile("\u00a9|\\bphoto\\b", re.IGNORECASE))  # unmet by any text with a view
    assert copyright_mark.view_safe and not copyright_mark.may_match("a \u201cquote\u201d")
    plain = triggers(re.compile(r"\bshot\b", re.IGNORECASE))
    assert plain.view_safe and not plain.may_match("the film\u2019s look \u2014 fine") and plain.may_match(
        "it\u2019s well shot \u2014 yes")


@pytest.mark.parametrize(
    ("pattern", "alternatives"),
    [
        # Word boundaries and white space become spaces, so "shot" does not fire on "shotgun".
        (r"\b(?:\w+ly|well)\s+shot\b", (((" shot ",), (" well ", "ly ")),)),
        # A word start only: "comics" still passes.
        (r"\bcomic(?:s)?\b", (((" comic",),),)),
        # One requirement per top-level alternative.
        (r"\bbut\b|\byet\b", (((" but ",),), ((" yet ",),))),
    ],
)
def test_triggers_read_words(pattern, alternatives):
    """The requirements read from a pattern (most selective first)."""
    assert triggers(re.compile(pattern, re.IGNORECASE)).alternatives == alternatives


def test_triggers_unreadable_pattern_always_may_match():
    """An alternative without any literal (``\\w+``) makes the whole pattern "may match anything"."""
    found = triggers(re.compile(r"\bshot\b|\w+"))
    assert found == Triggers(None)
    assert found.may_match("")


def test_may_match_non_ascii_text_always_true():
    """Case-insensitive matching is only ASCII case folding for ASCII text ("\u212a" (Kelvin) matches "k")."""
    found = triggers(re.compile(r"\bkino\b", re.IGNORECASE))
    assert not found.may_match("cinema")
    assert found.may_match("\u212aino") and re.search(r"\bkino\b", "\u212aino", re.IGNORECASE)


def test_normalise_words_and_spaces():
    """Lower case, one space for each run of non-word characters, a space at each end; "_" is a word character."""
    assert normalise("It's  SHOT, well -- in_door 12-part!") == " it s shot well in_door 12 part "


def test_matcher_find_same_with_and_without_prefilter():
    """The aspect prefilter (word lookup and pattern triggers) changes no result of AspectMatcher.find."""
    matcher = compile_matcher(default_taxonomy())
    unfiltered = dataclasses.replace(matcher, prefilter=None)
    names = re.compile(r"(?P<acting>\bJames\b)|(?P<story>\bSam\b)")
    for text in TEXTS:
        for clause in (text, text.lower(), text.upper()):
            assert matcher.find(clause) == unfiltered.find(clause), clause
            assert matcher.find(clause, names) == unfiltered.find(clause, names), clause


def test_find_boilerplate_same_without_triggers(monkeypatch):
    """Skipping the caption/boilerplate/URL searches on lines without their words changes no removal."""
    texts = ["\n".join(TEXTS[i:i + 7]) for i in range(0, len(TEXTS), 7)]
    texts += ["Photo by Jane Doe\nGreat songs.\nREAD MORE: other reviews\nhttp://x.y/z\nBy Jane Doe",
              "The songs. \u00a9 2024 Studio\nSubscribe to our newsletter"]
    fast = [clean.find_boilerplate(text) for text in texts]
    for name in ("_CAPTION_TRIGGERS", "_BOILERPLATE_TRIGGERS", "_URL_ONLY_TRIGGERS"):
        monkeypatch.setattr(clean, name, Triggers(None))
    assert [clean.find_boilerplate(text) for text in texts] == fast
    assert any(fast)


def test_split_clauses_same_without_triggers(monkeypatch):
    """Skipping the contrast-marker search on sentences without a marker word changes no clause."""
    sentences = [s for text in TEXTS for s in segment.split_sentences(text)]
    fast = [segment.split_clauses(s) for s in sentences]
    monkeypatch.setattr(segment, "_MARKER_TRIGGERS", Triggers(None))
    assert [segment.split_clauses(s) for s in sentences] == fast
    assert any(len(clauses) > 1 for clauses in fast)


def test_triggers_unreadable_parse_falls_back_to_always_search(monkeypatch):
    """The reader walks Python's private regex parser; if a Python release changes its items, a pattern gets no
    prefilter (always searched, same results) instead of an error at import."""
    import analysis.triggers as module

    class _ChangedParser:
        @staticmethod
        def parse(pattern, flags):
            raise TypeError("items of another shape")

    monkeypatch.setattr(module, "_parser", _ChangedParser)
    found = module.triggers(re.compile(r"\bshot\b"))
    assert found.alternatives is None
    assert found.may_match("no such word here")
