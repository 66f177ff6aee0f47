"""Film: guess which film or show the reviews are about, from the texts alone.

A title is a capitalised phrase the critics put in quotes or italics (“Soundtrack”, *Soundtrack*, 'Soundtrack')
or in a headline; the candidate named most often across all reviews, counting its unquoted uses too, and found
in the most reviews, wins. People named as actors are not titles. The guess is shown as editable in the dashboard.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

__all__ = ["detect_film"]

_QUOTED = re.compile(
    r"[\u201c\"*_\u2018](?P<title>[A-Z0-9][\w'\u2019:&!?.,-]*(?:\s+[\w'\u2019:&!?.,-]+){0,6}?)[,.]?[\u201d\"*_\u2019]"
)
_MAX_CANDIDATES = 32
_MINOR = {"a", "an", "the", "and", "or", "of", "in", "on", "to", "for", "with", "at", "by", "from"}


def _looks_like_title(phrase: str) -> bool:
    words = phrase.split()
    if not words or len(phrase) > 60:
        return False
    return all(w[0].isupper() or w[0].isdigit() or w.lower() in _MINOR for w in words)


def detect_film(texts: Sequence[str], *, titles: Sequence[str] = (), people: frozenset[str] = frozenset()) -> str:
    """The most likely film/show title in ``texts`` (and headlines ``titles``), or "" if none stands out."""
    candidates: Counter[str] = Counter()
    for text in list(texts) + list(titles):
        for match in _QUOTED.finditer(text):
            phrase = match.group("title").strip(" ,.")
            if _looks_like_title(phrase) and phrase not in people:
                candidates[phrase] += 1
    if not candidates:
        return ""
    best, best_key = "", (0, 0)
    # Each candidate costs a pass over every text: keep the most quoted few (a dialogue-heavy or scraped 1 MB text
    # has thousands of distinct quoted phrases, which made this quadratic), in first-seen order for equal keys.
    shortlist = {phrase for phrase, _ in candidates.most_common(_MAX_CANDIDATES)}
    for phrase in (p for p in candidates if p in shortlist):
        pattern = re.compile(rf"(?<![\w]){re.escape(phrase)}(?![\w])")
        in_reviews = sum(1 for text in texts if pattern.search(text))
        uses = sum(len(pattern.findall(text)) for text in texts)
        key = (in_reviews, uses)
        if key > best_key:
            best, best_key = phrase, key
    # One quoted mention in one review is a song or a comparison, not the subject.
    return best if best_key[1] >= 2 else ""
