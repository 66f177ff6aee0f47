"""Records that flow through the pipeline, and the column lists of the tidy frames it returns.

Inside the library a review is a frozen :class:`Review`; every span (sentence, clause) keeps
``start``/``end`` character offsets into ``Review.text`` so that ``review.text[start:end] == span.text``
always holds. At the boundary (consensus, export, dashboard) the data are tidy pandas frames whose
columns are listed here, one tuple per frame, so tests and the README can check them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

__all__ = [
    "Agreement",
    "AspectLabel",
    "Clause",
    "Review",
    "Sentence",
    "Settings",
    "REVIEW_COLUMNS",
    "SENTENCE_COLUMNS",
    "MENTION_COLUMNS",
    "ASPECT_COLUMNS",
    "CONSENSUS_BASE_COLUMNS",
    "SCORE_COLUMNS",
    "consensus_score_column",
    "consensus_mentions_column",
]


def _check_span(owner: str, start: int, end: int) -> None:
    if not 0 <= start <= end:
        raise ValueError(f"{owner}: expected 0 <= start <= end, got start={start}, end={end}")


@dataclass(frozen=True, slots=True)
class Review:
    """One critic's review, exactly as loaded.

    :param review_id: unique id within one analysis (file stem, or the id column / row number).
    :param critic: display label of the critic; never invented (file name, headline or a column).
    :param text: the raw text; every offset in the pipeline points into it.
    :param title: the headline when the first line is one, else "".
    :param source: where it came from (a path, ``path#row``, or ``pasted``).
    """

    review_id: str
    critic: str
    text: str
    title: str = ""
    source: str = ""

    def __post_init__(self) -> None:
        if not self.review_id:
            raise ValueError("Review.review_id: expected a non-empty string, got ''")


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a review: ``review.text[start:end] == text``."""

    review_id: str
    index: int
    start: int
    end: int
    text: str

    def __post_init__(self) -> None:
        _check_span("Sentence", self.start, self.end)


@dataclass(frozen=True, slots=True)
class Clause:
    """A clause of a sentence, split at contrast words: ``review.text[start:end] == text``.

    :param contrast: the contrast marker that opens this clause ("but", "though", ...), or "".
    """

    review_id: str
    sentence: int
    index: int
    start: int
    end: int
    text: str
    contrast: str = ""

    def __post_init__(self) -> None:
        _check_span("Clause", self.start, self.end)


class AspectLabel(enum.StrEnum):
    """Label of an aggregated score (thresholds in :class:`Settings`)."""

    POSITIVE = "positive"
    NEGATIVE = "negative"
    MIXED = "mixed"
    NEUTRAL = "neutral"


class Agreement(enum.StrEnum):
    """How the critics who mention an aspect relate. ``only <critic>`` is written out with the name."""

    AGREE = "agree"
    DISAGREE = "disagree"
    MIXED = "mixed"
    ONLY = "only"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class Settings:
    """Knobs that change results; all are written into the JSON export. Thresholds are in the scores' units
    (``tanh(3 * margin)``: 0.3 is a margin of 0.10, 0.7 one of 0.29).

    :param positive_threshold: an aggregated score >= this is ``positive``.
    :param negative_threshold: an aggregated score <= this is ``negative``.
    :param mixed_strength: between the thresholds, a review-aspect with at least one mention scoring
        >= this and one <= -this is ``mixed``; otherwise ``neutral``.
    :param include_synopsis: count plot-summary sentences in aspect scores (off by default).
    :param disagree_gap: two critics whose aspect scores differ by at least this, with opposite labels,
        disagree; a gap this large with the same sign is ``mixed``.
    :param aspects: restrict output to these aspect ids (empty = the whole taxonomy).
    """

    positive_threshold: float = 0.3
    negative_threshold: float = -0.3
    mixed_strength: float = 0.7
    include_synopsis: bool = False
    disagree_gap: float = 0.6
    aspects: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if not -1.0 <= self.negative_threshold <= 0.0 <= self.positive_threshold <= 1.0:
            raise ValueError(
                "Settings: expected -1 <= negative_threshold <= 0 <= positive_threshold <= 1, got "
                f"{self.negative_threshold} and {self.positive_threshold}"
            )
        if not 0.0 < self.disagree_gap <= 2.0:
            raise ValueError(f"Settings.disagree_gap: expected a value in (0, 2], got {self.disagree_gap}")


# One row per review.
REVIEW_COLUMNS: tuple[str, ...] = (
    "review_id",        # unique id
    "critic",           # display label (never invented)
    "title",            # headline if any
    "source",           # file / row it came from
    "film",             # film or show detected from the text ("" if none)
    "chars",            # length of the raw text
    "sentences",        # number of sentences (after cleaning)
    "opinion_sentences",
    "synopsis_sentences",
    "removed_chars",    # characters dropped by cleaning (captions, bylines, URLs, boilerplate)
    "score",            # overall judgement, -1..1 (empty if no opinion sentences)
    "score_100",        # the same on 0..100
    "positive_share",   # share of opinion sentences that are positive (Tomatometer-style), 0..1
    "label",            # positive / negative / mixed / neutral
)

# One row per sentence.
SENTENCE_COLUMNS: tuple[str, ...] = (
    "review_id",
    "critic",
    "sentence",         # index within the review, from 0
    "start",            # offsets into the raw review text
    "end",
    "text",
    "opinion",          # True: the critic's judgement; False: plot summary / description
    "opinion_prob",     # probability that it is opinion, 0..1
    "aspects",          # ";"-joined aspect ids
    "score",            # sentence sentiment, -1..1
    "vader",            # raw VADER compound of the same text, for comparison
    "position",         # relative position in the review, 0..1
    "evidence",         # the words that moved the score, "word:+0.42; other:-0.10"
)

# One row per clause and aspect it mentions.
MENTION_COLUMNS: tuple[str, ...] = (
    "review_id",
    "critic",
    "aspect",
    "sentence",
    "clause",           # index of the clause within the sentence
    "start",            # clause offsets into the raw review text
    "end",
    "text",             # the clause
    "cues",             # ";"-joined cue terms that tagged the aspect (or "(carried)" for a pronoun carry-over)
    "opinion",
    "score",            # clause sentiment, -1..1
    "evidence",
)

# One row per review and taxonomy aspect.
ASPECT_COLUMNS: tuple[str, ...] = (
    "review_id",
    "critic",
    "aspect",
    "aspect_label",     # human label from the taxonomy
    "score",            # -1..1, empty where the aspect is never mentioned in an opinion clause
    "label",            # positive / negative / mixed / neutral ("" if not mentioned)
    "mentions",         # opinion clauses that mention the aspect (synopsis excluded unless settings say so)
    "positive",         # of those, how many score >= the positive threshold
    "negative",         # ... <= the negative threshold
    "synopsis_mentions",
    "best_quote",       # strongest positive clause ("" if none)
    "best_start",
    "best_end",
    "best_score",
    "worst_quote",      # strongest negative clause ("" if none)
    "worst_start",
    "worst_end",
    "worst_score",
)

# One row per aspect; followed by two columns per critic (see the helpers below).
CONSENSUS_BASE_COLUMNS: tuple[str, ...] = (
    "aspect",
    "aspect_label",
    "critics_mentioning",
    "mean_score",
    "spread",           # max - min of the critics' scores (0 with fewer than two)
    "agreement",        # agree / disagree / mixed / only <critic> / none
    "divisiveness_rank",  # 1 = most divisive; empty when fewer than two critics mention it
    "summary",          # one sentence built from the counted facts
)

# Columns `score` adds to the caller's CSV (plus one per aspect id).
SCORE_COLUMNS: tuple[str, ...] = ("sentiment", "opinion")


def consensus_score_column(critic: str) -> str:
    """Name of the consensus column holding ``critic``'s aspect score."""
    return f"score[{critic}]"


def consensus_mentions_column(critic: str) -> str:
    """Name of the consensus column holding ``critic``'s mention count."""
    return f"mentions[{critic}]"
