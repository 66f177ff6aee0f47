"""Tests for analysis/display.py: untrusted review text shown literally."""

from __future__ import annotations

import pytest

from analysis.display import escape_markdown, highlight, verdict


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


@pytest.mark.parametrize(
    ("share", "word"), [(0.8, "fresh"), (0.5, "mixed"), (0.1, "rotten"), (None, "no opinions found")])
def test_verdict(share, word):
    """Tomatometer-style verdict thresholds."""
    assert verdict(share) == word
