"""Tests for analysis/display.py: untrusted review text shown literally."""

from __future__ import annotations

import pytest

from analysis.display import escape_markdown, highlight, review_line


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("[click](javascript:alert(1))", "\\[click\\]\\(javascript\\:"),   # a markdown link
        ("![](http://example.com/track.png)", "\\!\\[\\]\\("),              # a remote image
        ("$x^2$", "\\$x\\^2\\$"),                                        # LaTeX
        (":red[alarm]", "\\:red\\[alarm\\]"),                             # Streamlit colour syntax
        ("<script>alert(1)</script>", "\\<script\\>"),                     # HTML
        ("<img src=x onerror=alert(1)>", "\\<img src\\=x"),
        ("**bold** _it_ `code`", "\\*\\*bold\\*\\* \\_it\\_ \\`code\\`"),
    ],
)
def test_escape_markdown_neutralises_syntax(text, escaped):
    """Every markup character is backslash-escaped, so Streamlit renders the characters, not the markup."""
    assert escaped in escape_markdown(text)


def test_escape_markdown_round_trips_characters():
    """Removing the escapes gives back the text (with white space folded): nothing is lost."""
    text = "A  [link](x) \u2014 $5 & <b>caf\u00e9</b>\n\U0001f600"
    assert escape_markdown(text).replace("\\", "") == " ".join(text.split())


def test_highlight_bolds_whole_words_only():
    """Cue and sentiment words are bold; parts of other words are not; carried cues are ignored."""
    out = highlight("The dancing is great; dancers dance.", ["dance", "great", "(carried)"])
    assert out == "The dancing is **great**; dancers **dance**\\."


def test_highlight_escapes_user_text_inside_bold():
    """A highlighted word cannot smuggle markup."""
    assert "**\\[x\\]**" in highlight("see [x] now", ["[x]"])


@pytest.mark.parametrize(("row", "line"), [
    ({"score": 0.05, "label": "mixed", "positive_share": 0.375},
     "Score +0.05 \u00b7 mixed \u00b7 38% of opinions positive"),
    ({"score": -0.6, "label": "negative", "positive_share": 0.0},
     "Score -0.60 \u00b7 negative \u00b7 0% of opinions positive"),
    ({"score": None, "label": "", "positive_share": None}, "no opinions found"),
    ({"score": float("nan"), "label": "", "positive_share": float("nan")}, "no opinions found"),
])
def test_review_line(row, line):
    """A critic card's line states the review's own label (the reviews table's), never a second verdict."""
    assert review_line(row) == line
