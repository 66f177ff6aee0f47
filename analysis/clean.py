"""Clean: find what is not the critic's prose (captions, credits, bylines, boilerplate, URLs) without moving offsets.

Nothing is deleted from the review text. :func:`find_boilerplate` returns the character ranges to leave out, so
every later span still slices back to the raw text (``review.text[start:end] == span.text``), and
:func:`scoring_text` cleans only the *copy* of a span's text that goes to the scorer (URLs, zero-width characters,
curly apostrophes that VADER's negation list would otherwise miss: ``doesn’t`` vs ``doesn't``).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from .triggers import normalise, triggers

__all__ = ["Removal", "find_boilerplate", "iter_lines", "scoring_text", "URL_PATTERN"]

# Lines this long are prose, whatever words they contain; a caption or byline is short.
_MAX_CAPTION_CHARS = 400
_MAX_BOILERPLATE_CHARS = 200

URL_PATTERN = re.compile(r"\b(?:https?://|www\.)[^\s<>()\[\]\"']{1,2000}", re.IGNORECASE)

_CAPTION = re.compile(
    r"\b(?:photo(?:graph)?s?|image|picture|still|illustration)\s*(?:by\b|:|credit\b|courtesy\b)"
    r"|\bcourtesy of\b|\bgetty images\b|\bap photo\b|\breuters\b|\b(?:photo|image)\s+credit\b"
    r"|^\s*(?:credit|source)\s*:|\u00a9",
    re.IGNORECASE,
)
_BYLINE = re.compile(
    r"^\s*(?i:by|written by|reviewed by|review by)\s+(?P<name>[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){0,3})"
    r"\s*(?:[,|\u2014\u2013-]\s*.{0,60})?$"
)
_BOILERPLATE = re.compile(
    r"^\s*(?:read more|related\s*:|advertisement|sign up|subscribe|follow us|share this|share on|click here"
    r"|more from|recommended|you may also like|newsletter|this article|copyright|all rights reserved)\b"
    r"|\bnewsletter\b|\bsign up for\b|\bsubscribe to\b|\bread more\b",
    re.IGNORECASE,
)
_URL_ONLY = re.compile(r"^\s*(?:<)?(?:https?://|www\.)\S+(?:>)?\s*$", re.IGNORECASE)
# HTML that breaks a line or a block (web-scraped reviews: "... a mess.<br /><br />Still, ..."): left out, so each
# side is its own sentence. Inline tags (<i>Titanic</i>) stay in the text and are blanked in the scored copy.
_BREAK_TAG = re.compile(r"< ?/? ?(?:br|p|div|li|ul|ol|h[1-6]|blockquote|tr|td|hr)\b[^<>]{0,200}>", re.IGNORECASE)
_ANY_TAG = re.compile(r"< ?/? ?[a-z][a-z0-9]*\b[^<>]{0,200}>", re.IGNORECASE)
_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,8});", re.IGNORECASE)
# The words without which these cannot match ("photo", "newsletter", "http"): most reviews have none, and their
# lines then skip the searches (each ~15 us a line); see analysis/triggers.py.
_CAPTION_TRIGGERS = triggers(_CAPTION)
_BOILERPLATE_TRIGGERS = triggers(_BOILERPLATE)
_URL_ONLY_TRIGGERS = triggers(_URL_ONLY)

# What scoring_text changes: zero-width characters out, typographic quotes ASCII (one character for one).
_SCORING_MARKS = (*((mark, "") for mark in "\u200b\u200c\u200d\u2060\ufeff\u00ad"),
                  ("\u2019", "'"), ("\u2018", "'"), ("\u02bc", "'"), ("\u201c", '"'), ("\u201d", '"'))


@dataclass(frozen=True, slots=True)
class Removal:
    """A range of the raw text left out of the analysis, and why (``caption``, ``byline``, ``headline``, ...)."""

    start: int
    end: int
    reason: str


def iter_lines(text: str, start: int = 0, end: int | None = None):
    """Yield ``(line_start, line_end)`` for each line of ``text[start:end]``, without its line break."""
    end = len(text) if end is None else end
    position = start
    while position < end:
        newline = text.find("\n", position, end)
        line_end = end if newline < 0 else newline
        yield position, line_end if line_end <= position or text[line_end - 1] != "\r" else line_end - 1
        position = line_end + 1


def byline_name(line: str) -> str:
    """The critic's name in a byline such as ``By Jane Doe``, or ""."""
    match = _BYLINE.match(line) if len(line) <= _MAX_BOILERPLATE_CHARS else None
    return match.group("name").strip() if match else ""


def find_boilerplate(text: str, *, title: str = "") -> list[Removal]:
    """Ranges of ``text`` that are not the critic's prose, in order.

    A whole line is left out when it is the headline (``title``, first line only), a photo caption or credit
    (the whole caption line: "Paul James ... share a dance in Netflix's Soundtrack. Photo by Parrish Lewis"),
    a byline, a "Read more"/newsletter/advertisement line, or only a URL. Lines longer than a caption can be are
    kept whatever they contain. In a line that is kept, HTML line and block breaks (``<br />``, ``<p>``) are left
    out (reason ``markup``), so they end a sentence.
    """
    removals: list[Removal] = []
    first = True
    normalised = normalise(text) if text.isascii() else None  # once for the three (may_match: non-ASCII is "yes")
    caption = _CAPTION_TRIGGERS.may_match(text, normalised=normalised)
    boilerplate = _BOILERPLATE_TRIGGERS.may_match(text, normalised=normalised)
    url = _URL_ONLY_TRIGGERS.may_match(text, normalised=normalised)
    for start, end in iter_lines(text):
        line = text[start:end]
        stripped = line.strip()
        if not stripped:
            continue
        reason = ""
        if first and title and stripped == title.strip():
            reason = "headline"
        elif (caption and len(stripped) <= _MAX_CAPTION_CHARS and _CAPTION_TRIGGERS.may_match(stripped)
              and _CAPTION.search(stripped)):
            reason = "caption"
        elif byline_name(stripped):
            reason = "byline"
        elif (boilerplate and len(stripped) <= _MAX_BOILERPLATE_CHARS and _BOILERPLATE_TRIGGERS.may_match(stripped)
              and _BOILERPLATE.search(stripped)):
            reason = "boilerplate"
        elif url and _URL_ONLY.match(stripped):
            reason = "url"
        first = False
        if reason:
            removals.append(Removal(start, end, reason))
        elif "<" in line:
            removals.extend(Removal(start + m.start(), start + m.end(), "markup") for m in _BREAK_TAG.finditer(line))
    return removals


def scoring_text(text: str) -> str:
    """The copy of a span's text that is scored: URLs and HTML tags out, HTML entities decoded (``&amp;``, ``&#39;``),
    zero-width characters out, typographic quotes ASCII."""
    if "http" in text or "www." in text:
        text = URL_PATTERN.sub(" ", text)
    if "<" in text:
        text = _ANY_TAG.sub(" ", text)
    if "&" in text and ";" in text:
        text = _ENTITY.sub(lambda match: html.unescape(match.group(0)), text)
    if text.isascii():  # every character the tables change is non-ASCII
        return text
    for mark, replacement in _SCORING_MARKS:  # str.replace: ~30x faster than str.translate on non-ASCII text
        if mark in text:
            text = text.replace(mark, replacement)
    return text
