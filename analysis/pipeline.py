"""The pipeline: the only module that knows the order of the stages.

load -> clean -> segment (sentences, clauses) -> opinion -> aspects -> scoring -> aggregate -> consensus.
:func:`analyse_text` runs the per-text stages once for :func:`analyze` (a few reviews, every table);
:func:`summarise_text` runs the same stage functions for the batch path in :mod:`analysis.batch` (millions of texts,
one row each) but computes only what that path writes; ``tests/test_pipeline.py`` checks the two agree.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import aggregate, opinion, scoring
from .aspects import AspectMatcher, People, compile_matcher, find_people, tag_clauses, tag_wanted_sentences
from .clean import find_boilerplate, scoring_text
from .errors import InputError
from .features import ngrams
from .film import detect_film
from .model import ASPECT_COLUMNS, MENTION_COLUMNS, REVIEW_COLUMNS, SENTENCE_COLUMNS, Clause, Review, Sentence, Settings
from .resources import Taxonomy, default_taxonomy
from .segment import leading_turn, split_clauses, split_sentences, turns

if TYPE_CHECKING:  # pandas is imported where frames are built: the batch path (summarise_text) never loads it
    import pandas as pd

__all__ = ["Analysis", "TABLES", "TextAnalysis", "TextSummary", "analyse_text", "analyze", "summarise_text"]

from . import __version__ as VERSION


@dataclass(frozen=True, slots=True)
class TextAnalysis:
    """Everything the per-text stages found in one text; lists are aligned as their names say."""

    sentences: list[Sentence]
    paragraphs: list[int]                       # per sentence
    opinion_probs: list[float]                  # per sentence
    sentence_scores: list[scoring.Score]        # per sentence
    clauses: list[Clause]
    clause_scores: list[scoring.Score]          # per clause
    tags: list[dict[str, list[str]]]            # per clause: aspect id -> cue words
    removed_chars: int

    def is_opinion(self, sentence: int) -> bool:
        return opinion.is_opinion(self.opinion_probs[sentence], self.sentence_scores[sentence].value)

    def overall(self) -> float | None:
        """The text's overall judgement (None for a text with no sentence): see :func:`overall_sentiment`."""
        if not self.sentences:
            return None
        return overall_sentiment(self.sentences, [s.value for s in self.sentence_scores], self.opinion_probs,
                                 _clause_parts(self.clauses, self.clause_scores).__getitem__)

    def aspect_scores(self, include_synopsis: bool = False) -> dict[str, list[float]]:
        """Aspect id -> the scores of the clauses that mention it (opinion clauses unless ``include_synopsis``)."""
        found: dict[str, list[float]] = {}
        for clause, score, tags in zip(self.clauses, self.clause_scores, self.tags, strict=True):
            if tags and (include_synopsis or self.is_opinion(clause.sentence)):
                for aspect_id in tags:
                    found.setdefault(aspect_id, []).append(score.value)
        return found


# A text of up to this many sentences, each of which may be an opinion (a quote, a capsule review), is judged as one
# span, as the sentiment model was trained on such texts: a second sentence's "But ..." then turns the first
# (VADER's but rule) instead of being averaged with it. Chosen on an inner fold of the training part (through the
# CLI's path: sentence by sentence r 0.7427, quote sign 0.8277; one span up to 2 sentences 0.7444 / 0.8298, up to 3
# 0.7459 / 0.8293, up to 4 0.7458 / 0.8293).
SHORT_TEXT_SENTENCES = 3


def overall_sentiment(sentences: Sequence[Sentence], values: Sequence[float | None], opinion_probs: Sequence[float],
                      clause_parts: Callable[[int], tuple[list[str], list[float]]]) -> float:
    """A text's overall judgement from its sentences' scores (``values``; None where not computed) and opinion
    probabilities: :func:`scoring.review_sentiment`, or for a short text of opinions (see
    ``SHORT_TEXT_SENTENCES``) the score of its sentences as one span, turned where one of its sentences turns or
    concedes, or opens by turning against the one before ("... But it doesn't last."): see
    :func:`scoring.contrast_sentiment`. ``clause_parts(index)``: the contrast markers that open a sentence's clauses
    and the clauses' own scores (its score, for a one-clause sentence)."""
    if 1 < len(sentences) <= SHORT_TEXT_SENTENCES and all(map(opinion.can_be_opinion, opinion_probs)):
        value = scoring.score_text(scoring_text(" ".join(s.text for s in sentences)), explain=False).value
        contrasts: list[str] = []
        clause_values: list[float] = []
        for index, sentence in enumerate(sentences):
            markers, scores = clause_parts(index)
            if index and leading_turn(sentence.text):
                markers = ["but", *markers[1:]]
            contrasts += markers
            clause_values += scores
        turned = scoring.contrast_sentiment(value, contrasts, clause_values)
        return value if turned is None else turned
    return scoring.review_sentiment(values, opinion_probs)


def _score_sentences(
    sentences: Sequence[Sentence], *, explain: bool, counted_only: bool = False
) -> tuple[list[scoring.Score | None], list[float], list[float]]:
    """Each sentence's score, opinion probability and how much the model's word parts count in it
    (:func:`scoring.learned_weight`: the text is about a film when any sentence says so); tokenised once, for both
    the sentiment and the opinion model.

    ``counted_only``: score only the sentences the overall judgement reads (:func:`scoring.counted_sentences`);
    the others' scores are None (they are plot summary that can never count as an opinion).
    """
    prepared = []
    opinion_probs: list[float] = []
    for sentence in sentences:
        scored = scoring_text(sentence.text)
        cleaned, tokens = scoring.plain_tokens(scored)
        # Both models' n-gram sums in one pass; the n-grams themselves only when the evidence will name them, else
        # only their count and unigrams (``grams``).
        if explain:
            grams = ngrams(tokens)
            count, sums = len(grams), scoring.ngram_sums(grams)
        else:
            count, sums, grams = scoring.span_features(tokens)
        prepared.append((cleaned, tokens, count, sums.real, grams, scored))
        probability = opinion.probability_from_sum(count, sums.imag) if cleaned.strip() else 0.0
        opinion_probs.append(scoring.opinion_floor(probability, tokens))
    about = scoring.about_film(tokens for _, tokens, *_ in prepared)
    learned = [scoring.learned_weight(about, probability) for probability in opinion_probs]
    sentence_scores: list[scoring.Score | None] = [None] * len(sentences)
    for index in scoring.counted_sentences(opinion_probs) if counted_only else range(len(sentences)):
        cleaned, tokens, count, sentiment_sum, grams, scored = prepared[index]
        if not explain:
            sentence_scores[index] = scoring.score_counted(cleaned, tokens, count, sentiment_sum, grams,
                                                           learned=learned[index])
            continue
        score = scoring.score_span(cleaned, tokens, grams, ngram_sum=sentiment_sum, learned=learned[index])
        sentence_scores[index] = score if cleaned is scored else scoring.named_idioms(score, scored)
    return sentence_scores, opinion_probs, learned


def _split_clauses(sentences: Sequence[Sentence]) -> tuple[list[Clause], list[bool]]:
    """The clauses of all sentences in order, and per clause whether its sentence has other clauses (a
    one-clause sentence's clause score is its sentence score)."""
    clauses: list[Clause] = []
    shared: list[bool] = []
    for sentence in sentences:
        parts = split_clauses(sentence)
        clauses.extend(parts)
        shared.extend([len(parts) > 1] * len(parts))
    return clauses, shared


def _clause_parts(clauses: Sequence[Clause],
                  clause_scores: Sequence[scoring.Score]) -> dict[int, tuple[list[str], list[float]]]:
    """Per sentence (its index): the contrast markers that open its clauses, and the clauses' scores."""
    parts: dict[int, tuple[list[str], list[float]]] = {}
    for clause, score in zip(clauses, clause_scores, strict=True):
        contrasts, values = parts.setdefault(clause.sentence, ([], []))
        contrasts.append(clause.contrast)
        values.append(score.value)
    return parts


def _clause_score(clause: Clause, learned: Sequence[float], *, explain: bool) -> scoring.Score:
    """A clause's own score; ``learned``: :func:`_score_sentences`' per sentence."""
    return scoring.score_text(scoring_text(clause.text), explain=explain, learned=learned[clause.sentence])


def analyse_text(
    text: str,
    *,
    review_id: str = "",
    title: str = "",
    matcher: AspectMatcher | None = None,
    people: People | None = None,
    ignore: frozenset[str] = frozenset(),
    explain: bool = True,
) -> TextAnalysis:
    """Run clean, segment, opinion, aspects and scoring on one text.

    ``people`` defaults to the names found in this text; ``ignore`` holds lower-case words that are never aspect
    cues (the film's title); ``explain=False`` skips the evidence of each score. (The batch path uses
    :func:`summarise_text`, which computes only what it writes.)
    """
    matcher = matcher or compile_matcher(default_taxonomy())
    people = find_people([text]) if people is None else people
    removals = find_boilerplate(text, title=title)
    paragraphs: list[int] = []
    sentences = split_sentences(text, review_id=review_id, removals=removals, paragraphs=paragraphs)
    sentence_scores, opinion_probs, learned = _score_sentences(sentences, explain=explain)
    clauses, shared = _split_clauses(sentences)
    clause_scores = [
        _clause_score(clause, learned, explain=explain) if in_shared else sentence_scores[clause.sentence]
        for clause, in_shared in zip(clauses, shared, strict=True)
    ]
    for index, (contrasts, values) in _clause_parts(clauses, clause_scores).items():
        if len(contrasts) > 1:  # a sentence that turns or concedes is judged by its main clause
            sentence_scores[index] = scoring.turned_score(sentence_scores[index], contrasts, values)
    tags = tag_clauses(clauses, matcher, people=people, paragraphs=paragraphs, ignore=ignore)
    return TextAnalysis(
        sentences=sentences,
        paragraphs=paragraphs,
        opinion_probs=opinion_probs,
        sentence_scores=sentence_scores,
        clauses=clauses,
        clause_scores=clause_scores,
        tags=tags,
        removed_chars=sum(r.end - r.start for r in removals),
    )


@dataclass(frozen=True, slots=True)
class TextSummary:
    """What ``score`` writes for one text (see :func:`summarise_text`).

    :param overall: the overall judgement, as :meth:`TextAnalysis.overall` (None for a text with no sentence).
    :param opinion: whether any sentence is the critic's judgement.
    :param aspects: aspect id -> the scores of the opinion clauses that mention it, as
        :meth:`TextAnalysis.aspect_scores`.
    """

    overall: float | None
    opinion: bool
    aspects: dict[str, list[float]]


def summarise_text(text: str, *, matcher: AspectMatcher | None = None) -> TextSummary:
    """:func:`analyse_text` (no title, the people of this text, no evidence) reduced to what the batch path writes,
    computing only that: only opinion sentences are split into clauses and tagged (and plot summary an opinion's
    pronoun refers back to, see :func:`analysis.aspects.tag_wanted_sentences`), and a clause of a several-clause
    sentence is scored on its own only when it mentions an aspect (about a quarter of them).
    ``tests/test_pipeline.py`` checks it against analyse_text.
    """
    matcher = matcher or compile_matcher(default_taxonomy())
    people = find_people([text])
    paragraphs: list[int] = []
    sentences = split_sentences(text, removals=find_boilerplate(text), paragraphs=paragraphs)
    if not sentences:
        return TextSummary(None, False, {})
    sentence_scores, opinion_probs, learned = _score_sentences(sentences, explain=False, counted_only=True)
    # None: a sentence the overall judgement does not read, which cannot be an opinion either
    # (opinion.can_be_opinion), so no aspect score reads it.
    values = [None if score is None else score.value for score in sentence_scores]
    clauses: dict[int, list[Clause]] = {}
    clause_values: dict[int, list[float]] = {}

    def sentence_clauses(index: int) -> list[Clause]:
        if index not in clauses:
            clauses[index] = split_clauses(sentences[index])
        return clauses[index]

    def clause_parts(index: int) -> tuple[list[str], list[float]]:
        """A sentence's clauses' contrast markers and own scores (computed once; for a one-clause sentence, its
        score before :func:`scoring.contrast_sentiment`, which leaves it unchanged)."""
        parts = sentence_clauses(index)
        if index not in clause_values:
            clause_values[index] = ([_clause_score(clause, learned, explain=False).value for clause in parts]
                                    if len(parts) > 1 else [values[index]])
        return [clause.contrast for clause in parts], clause_values[index]

    for index, value in enumerate(values):  # a sentence that turns or concedes is judged by its main clause
        if value is not None and turns(clause.contrast for clause in sentence_clauses(index)):
            turned = scoring.contrast_sentiment(value, *clause_parts(index))
            values[index] = value if turned is None else turned
    opinions = [opinion.is_opinion(p, v) for p, v in zip(opinion_probs, values, strict=True)]

    found: dict[str, list[float]] = {}
    tagged = tag_wanted_sentences(sentence_clauses, opinions, matcher, people=people, paragraphs=paragraphs)
    for index, sentence_tags in tagged.items():  # in sentence order
        parts = sentence_clauses(index)  # split already, while tagging
        shared = len(parts) > 1
        for clause, tags in zip(parts, sentence_tags, strict=True):
            if tags:
                value = clause_parts(index)[1][clause.index] if shared else values[index]
                for aspect_id in tags:
                    found.setdefault(aspect_id, []).append(value)
    return TextSummary(overall_sentiment(sentences, values, opinion_probs, clause_parts), any(opinions), found)


@dataclass(frozen=True)
class Analysis:
    """The result of :func:`analyze`: tidy frames (columns in :mod:`analysis.model`) and what produced them.

    :param reviews: one row per review.  :param sentences: one row per sentence.
    :param mentions: one row per clause and aspect.  :param aspects: one row per review and taxonomy aspect.
    :param consensus: one row per aspect, with two columns per critic.
    :param summary: the one-line consensus sentence.  :param film: the detected film/show title ("" if none).
    """

    reviews: pd.DataFrame
    sentences: pd.DataFrame
    mentions: pd.DataFrame
    aspects: pd.DataFrame
    consensus: pd.DataFrame
    summary: str
    film: str
    settings: Settings
    taxonomy: Taxonomy
    versions: dict[str, str]
    texts: dict[str, str] = field(default_factory=dict)

    @property
    def critics(self) -> list[str]:
        return list(self.reviews["critic"])

    def table(self, name: str) -> pd.DataFrame:
        """A table by name (``reviews``, ``sentences``, ``mentions``, ``aspects``, ``consensus``)."""
        if name not in TABLES:
            raise InputError(f"unknown table {name!r} (available: {', '.join(TABLES)})")
        return getattr(self, name)


TABLES = ("aspects", "sentences", "consensus", "reviews", "mentions")


def _frame(rows: list[dict], columns: Sequence[str], floats: Sequence[str] = ()) -> pd.DataFrame:
    """A frame from row dicts, built column by column (half the time of pandas' row-dict path on the dashboard's
    few dozen rows), ``floats`` as float64 (None as NaN)."""
    import numpy as np
    import pandas as pd

    data = {}
    for column in columns:
        values = [row[column] for row in rows]
        if column in floats:
            data[column] = np.array(values, dtype="float64")
        else:  # an empty column as the row-dict path makes it: object, not float
            data[column] = values if values else np.array([], dtype=object)
    return pd.DataFrame(data, columns=list(columns))


@functools.lru_cache(maxsize=64)
def _analysed(text: str, review_id: str, title: str, matcher: AspectMatcher, people: People,
              ignore: frozenset[str]) -> TextAnalysis:
    """:func:`analyse_text`, remembered for the last 64 texts: a text's analysis does not depend on the settings, so
    when only they change (the dashboard's controls) :func:`analyze` only aggregates again. The result is shared:
    read it, never change it."""
    return analyse_text(text, review_id=review_id, title=title, matcher=matcher, people=people, ignore=ignore)


@functools.lru_cache(maxsize=8)  # the reviews' texts are part of the key: a few sets, as the dashboard needs
def _text_tables(reviews: tuple[Review, ...], matcher: AspectMatcher, people: People, ignore: frozenset[str]):
    """Each review's analysis, and the sentences and mentions tables, which do not depend on the settings (shared:
    :func:`analyze` hands out copies)."""
    results = [_analysed(r.text, r.review_id, r.title, matcher, people, ignore) for r in reviews]
    sentence_rows = [row for r, result in zip(reviews, results, strict=True)
                     for row in aggregate.sentence_rows(r, result)]
    mention_rows = [row for r, result in zip(reviews, results, strict=True)
                    for row in aggregate.mention_rows(r, result)]
    return (results, _frame(sentence_rows, SENTENCE_COLUMNS, floats=("opinion_prob", "score", "vader", "position")),
            _frame(mention_rows, MENTION_COLUMNS, floats=("score",)))


@functools.lru_cache(maxsize=8)
def _people_and_film(texts: tuple[str, ...], titles: tuple[str, ...]) -> tuple[People, str]:
    """The named people and the detected title of a set of reviews, which do not depend on the settings either."""
    people = find_people(texts)
    return people, detect_film(texts, titles=titles, people=people.actors | people.characters)


def analyze(
    reviews: Sequence[Review],
    *,
    taxonomy: Taxonomy | None = None,
    settings: Settings | None = None,
    film: str | None = None,
) -> Analysis:
    """Analyse reviews by several critics of one film: every table, the consensus and its sentence.

    ``film`` overrides the detected title. Raises InputError for no reviews or duplicate review ids.
    """
    from .consensus import consensus_frame, consensus_sentence  # imports pandas (not needed by summarise_text)

    if not reviews:
        raise InputError("no reviews to analyse")
    ids = [r.review_id for r in reviews]
    if len(set(ids)) != len(ids):
        duplicate = next(i for i in ids if ids.count(i) > 1)
        raise InputError(f"review id {duplicate!r} is used twice; ids must be unique")
    critics = [r.critic for r in reviews]
    if len(set(critics)) != len(critics):
        duplicate = next(c for c in critics if critics.count(c) > 1)
        raise InputError(f"critic label {duplicate!r} is used twice; give each review its own label")
    taxonomy = taxonomy or default_taxonomy()
    settings = settings or Settings()
    if settings.aspects:
        taxonomy = taxonomy.select(settings.aspects)
    matcher = compile_matcher(taxonomy)
    people, detected = _people_and_film(tuple(r.text for r in reviews), tuple(r.title for r in reviews))
    film = detected if film is None else film
    ignore = frozenset({film.lower()}) if film else frozenset()

    results, sentences, mentions = _text_tables(tuple(reviews), matcher, people, ignore)
    review_rows, aspect_rows = [], []
    for review, result in zip(reviews, results, strict=True):
        aspect_rows.extend(aggregate.aspect_rows(review, result, taxonomy, settings))
        review_rows.append(aggregate.review_row(review, result, film, settings))

    aspects = _frame(aspect_rows, ASPECT_COLUMNS, floats=("score", "best_score", "worst_score"))
    for column in ("best_start", "best_end", "worst_start", "worst_end"):
        aspects[column] = aspects[column].astype("Int64")
    consensus = consensus_frame(aspects, critics, taxonomy, settings)
    return Analysis(
        reviews=_frame(review_rows, REVIEW_COLUMNS, floats=("score", "score_100", "positive_share")),
        sentences=sentences.copy(),
        mentions=mentions.copy(),
        aspects=aspects,
        consensus=consensus,
        summary=consensus_sentence(consensus, critics, settings),
        film=film,
        settings=settings,
        taxonomy=taxonomy,
        versions={"analysis": VERSION, "taxonomy": taxonomy.version, **scoring.model_versions()},
        texts={r.review_id: r.text for r in reviews},
    )
