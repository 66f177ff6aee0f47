"""Tests for analysis/clean.py: what is not the critic's prose, found without moving offsets."""

from __future__ import annotations

import pytest

from analysis.clean import _SCORING_MARKS, find_boilerplate, scoring_text


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        # A caption with a credit: the whole line goes, including its description sentence.
        ("Paul James and Callie Hernandez share a dance in Netflix's Soundtrack. Photo by Parrish Lewis", "caption"),
        ("(Photo: Netflix)", "caption"),
        ("Image courtesy of the studio", "caption"),
        ("By Jane Doe", "byline"),
        ("Read more: our 10 best musicals", "boilerplate"),
        ("Sign up for our newsletter for more reviews", "boilerplate"),
        ("https://example.com/review", "url"),
    ],
)
def test_find_boilerplate_lines(line, reason):
    """Captions, credits, bylines, newsletter lines and bare URLs are left out with their reason."""
    text = f"{line}\n\nThe show is a delight."
    removals = find_boilerplate(text)
    assert [(r.start, r.end, r.reason) for r in removals] == [(0, len(line), reason)]


def test_find_boilerplate_keeps_long_prose_with_caption_words():
    """A long paragraph that mentions a photo is prose, not a caption."""
    text = ("The film's photography by a great cinematographer is " + "truly lovely and " * 30).strip() + "."
    assert find_boilerplate(text) == []


def test_find_boilerplate_headline_only_first_line():
    """The headline is removed only as the first line."""
    text = "Great Title\n\nBody.\nGreat Title"
    assert [(r.start, r.reason) for r in find_boilerplate(text, title="Great Title")] == [(0, "headline")]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # Curly apostrophes would hide VADER's negations ("doesn’t").
        ("This doesn\u2019t work", "This doesn't work"),
        ("see https://example.com/x now", "see   now"),
        ("zero\u200bwidth", "zerowidth"),
        ("a\u2018b\u02bcc\u201cd\u201de\u00adf\ufeffg\u200ch\u200di\u2060j", "a'b'c\"d\"efghij"),  # every mark
        # Web-scraped reviews: tags blanked, entities decoded; a lone "<" or "&" is text.
        ("I loved <i>Titanic</i> &amp; I&#39;d go again", "I loved  Titanic  & I'd go again"),
        ("a < b & c; <3", "a < b & c; <3"),
    ],
)
def test_scoring_text_normalises_copy(raw, expected):
    """The scored copy is cleaned; the raw text is untouched (it is a copy)."""
    assert scoring_text(raw) == expected


def test_scoring_text_ascii_fast_path():
    """ASCII text skips the replacements: every character they change is non-ASCII."""
    assert all(not mark.isascii() for mark, _ in _SCORING_MARKS)
    assert scoring_text("It doesn't work, see www.example.com") == "It doesn't work, see  "


def test_find_boilerplate_leaves_out_html_breaks():
    """HTML line and block breaks in prose are left out (so they end sentences); inline tags are not."""
    text = "A slow start.<br /><br />Then <i>great</i> fun.<BR>The end.</p>"
    removed = [(text[r.start:r.end], r.reason) for r in find_boilerplate(text)]
    assert removed == [("<br />", "markup"), ("<br />", "markup"), ("<BR>", "markup"), ("</p>", "markup")]
