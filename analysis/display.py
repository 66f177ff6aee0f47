"""Display helpers for the dashboard: review text made safe for Streamlit's markdown, highlighting, labels.

Review text is untrusted. ``st.markdown`` renders markdown (links, remote images), Streamlit's own syntax
(``:red[...]`` colours, ``:smile:`` emoji shortcodes, ``$...$`` LaTeX) and, were it enabled, HTML. Every ASCII
punctuation character that any of those use is backslash-escaped (CommonMark lets any ASCII punctuation be
escaped), so the text shows literally; only the ``**bold**`` this module adds is markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["escape_markdown", "highlight", "review_line"]

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&=\"'^%@])")
_WHITESPACE = re.compile(r"\s+")


def escape_markdown(text: str) -> str:
    """``text`` with every markdown/HTML/Streamlit special character escaped and white space folded."""
    return _SPECIAL.sub(r"\\\1", _WHITESPACE.sub(" ", str(text)).strip())


def highlight(text: str, words: Iterable[str]) -> str:
    """Escaped ``text`` with each occurrence of ``words`` (case-insensitive, whole words) in **bold**."""
    terms = sorted({w.strip() for w in words if w and w.strip() and not w.startswith("(")}, key=len, reverse=True)
    if not terms:
        return escape_markdown(text)
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(t) for t in terms) + r")(?!\w)", re.IGNORECASE)
    folded = _WHITESPACE.sub(" ", str(text)).strip()
    parts, position = [], 0
    for match in pattern.finditer(folded):
        parts.append(escape_markdown(folded[position:match.start()]) if match.start() > position else "")
        if match.start() > position and folded[match.start() - 1] == " ":
            parts.append(" ")
        parts.append(f"**{escape_markdown(match.group(0))}**")
        if match.end() < len(folded) and folded[match.end()] == " ":
            parts.append(" ")
        position = match.end()
    parts.append(escape_markdown(folded[position:]))
    return "".join(parts)


def review_line(row: Mapping[str, Any]) -> str:
    """A review's judgement in words, from its row of the reviews table: its score, the same label as the table's
    (``"Score +0.05 \u00b7 mixed \u00b7 38% of opinions positive"``), or that it has no opinion."""
    score, share = row.get("score"), row.get("positive_share")
    if score is None or score != score or share is None or share != share:
        return "no opinions found"
    return f"Score {score:+.2f} \u00b7 {row['label']} \u00b7 {share:.0%} of opinions positive"
