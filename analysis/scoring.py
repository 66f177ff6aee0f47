"""Scoring: the sentiment of a span of text in -1..1, with the words and features that moved it.

This is the only module that imports vaderSentiment. A span's score is

1. VADER 3.3.2 (compound, pos, neg), with a film-criticism lexicon layer (``data/lexicon_film.tsv``) over its
   lexicon, so "good-looking", "overlong", "mawkish" count, and with its negation scope extended to the end of the
   clause ("doesn't work so well": VADER's "so" rule reads it as praise);
2. a linear model (``data/sentiment_model.json``, trained by ``training/train.py``) over VADER's three numbers, the
   valence of lexicon words inside a negation's scope, negation-marked word uni/bigrams ("not_work",
   "only occasionally") and per-word weights distilled from word vectors, fitted to critics' sentences rated by
   people and to Rotten Tomatoes quotes;
3. film idioms (``data/phrases.tsv``: "few and far between", "mixed bag"), each weighing at least its listed value;
4. two rules (``data/rules.toml``): praise under a hedge ("only occasionally succeeds") or in a counterfactual
   ("if there was a better balance ... this would be absorbing") turns into criticism;
5. outside film criticism, the model's word parts (n-grams and word weights, learned from critics) count less: a
   text none of whose words says it is about a film (``data/film_words.txt``, the shipped taxonomy's cues:
   :func:`about_film`) reads them at ``rules.toml``'s ``outside_film_opinion``, or ``outside_film_other`` for a
   sentence the opinion model reads as no judgement (:func:`learned_weight`). Critics praise "a chilling,
   devastating war story"; a newspaper's "devastating war" is bad news;

all summed into a margin, whose score is ``tanh(output_scale * margin)`` (the model file's ``output_scale``: see
``learned``). ``Score.evidence`` lists the strongest contributions to the margin: words (VADER's share is split over
the words VADER scored), n-grams, idioms and rules. Scores are combined (contrast, a review's sentences, an aspect's
clauses) as the margins they stand for, and the combined margin is turned back into a score.
"""

from __future__ import annotations

import functools
import math
import re
import string
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain

from .errors import InputError
from .features import WeightTable, marked_tokens, ngrams, tokenize, unigrams
from .learned import load_model, paired_weights
from .opinion import OPINION_THRESHOLD, can_be_opinion, hedge_floor, judges_strongly, probability_from_sum
from .resources import data_path, default_taxonomy
from .segment import clause_weights
from .speedups import native
from .triggers import triggers

__all__ = [
    "DENSE_FEATURES",
    "Score",
    "about_film",
    "contrast_sentiment",
    "counted_sentences",
    "dense_features",
    "hedged",
    "judging_clause",
    "learned_weight",
    "load_resources",
    "ngram_sums",
    "model_versions",
    "opinion_floor",
    "review_sentiment",
    "phrase_features",
    "score_counted",
    "score_span",
    "score_text",
    "score_texts",
    "sentiment_words",
    "span_features",
    "vader_scores",
]

_EVIDENCE = 8
# An idiom the training texts hold at least _FREQUENT_IDIOM times ("too long", "worth seeing") weighs at least a
# quarter of its value in phrases.tsv; a rarer one ("few and far between"), whose weight the model could not learn,
# its whole value. Chosen on an inner fold of the training part (critic sentences' r through the CLI's path: every
# idiom at its whole value 0.7373, every idiom at a quarter 0.7420, this 0.7418, none 0.7424; quote sign
# 0.8277-0.8282): the whole values overshot what the raters gave, on the frequent idioms the fold can judge.
_FREQUENT_IDIOM = 20
_FREQUENT_IDIOM_FLOOR = 0.25
# "The kind of movie that comes along only occasionally", "the kind of romp that Hollywood too rarely provides": a
# hedge on how often such a film appears, or is made, praises its rarity.
_RARITY = re.compile(
    r"\b(?:comes?|came|coming) (?:along|around) (?:only|too) (?:occasionally|rarely|seldom|sometimes)\b"
    r"|\b(?:kind|sort|type) of\b[^.;:!?]{0,60}?\b(?:that|which)\b[^.,;:!?]{0,30}?\b(?:only|too) (?:occasionally|rarely"
    r"|seldom|sometimes) (?:provides?|makes?|gives?|offers?|produces?|delivers?|sees?|gets?|comes? across)\b",
    re.IGNORECASE)
_RARELY_INVERSION = re.compile(r"^\W*(?:rarely|seldom)\s+(?:has|have|is|are|does|do|did|was|were)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Score:
    """A score in -1..1, the raw VADER compound of the same text, and what moved the score (strongest first)."""

    value: float
    vader: float
    evidence: tuple[tuple[str, float], ...] = ()


def _file_version(name: str) -> str:
    """The ``# version<TAB>...`` line of a data file's header ("" when it has none)."""
    with data_path(name).open(encoding="utf-8", newline="") as stream:
        for line in stream:
            if not line.startswith("#"):
                break
            if line.startswith("# version\t"):
                return line.split("\t", 1)[1].strip()
    return ""


def _read_tsv(name: str, value_column: str) -> dict[str, float]:
    path = data_path(name)
    table: dict[str, float] = {}
    with path.open(encoding="utf-8", newline="") as stream:
        lines = [(number, line) for number, line in enumerate(stream, start=1) if not line.startswith("#")]
    header = lines[0][1].rstrip("\n").split("\t")
    for number, line in lines[1:]:
        fields = line.rstrip("\n").split("\t")
        if len(fields) != 2:
            raise InputError(f"{path}:{number}: expected 2 tab-separated fields, got {len(fields)}")
        key, raw = fields
        try:
            value = float(raw)
        except ValueError:
            raise InputError(f"{path}:{number}: {header[1]} {raw!r} is not a number") from None
        if key in table:
            raise InputError(f"{path}:{number}: {key!r} is listed twice")
        table[key] = value
    if header != [header[0], value_column]:
        raise InputError(f"{path}: expected columns {header[0]}, {value_column}; got {', '.join(header)}")
    return table


class _Vader:
    """A port of vaderSentiment 3.3.2's ``SentimentIntensityAnalyzer.polarity_scores`` with the film lexicon layer:
    VADER's rules, in its order, with its arithmetic, so its scores to the last digit, several times faster.

    VADER lower-cases the whole sentence again for every rule it checks on a sentiment word (which makes it
    quadratic in sentence length), looks each word up in its lexicon up to five times, calls a method for every
    word and runs its emoji pass one character at a time; here a sentence is split, stripped, lower-cased and looked
    up once, and only its lexicon words take the rules. The lexicon and emoji tables are the stock analyzer's (its
    construction reads them from its files). ``tests/test_scoring.py`` compares the two on real and random text.

    ``polarity_scores`` also returns VADER's per-word valences (``sentiments``, for evidence and the dense features)
    and the text they were computed from (``text``).
    """

    def __init__(self) -> None:
        from vaderSentiment import vaderSentiment as vader

        stock = vader.SentimentIntensityAnalyzer()
        self.lexicon: dict[str, float] = stock.lexicon
        self.emojis: dict[str, str] = stock.emojis
        self.n_scalar: float = vader.N_SCALAR
        self._c_incr: float = vader.C_INCR
        self._boosters: dict[str, float] = vader.BOOSTER_DICT
        self._negators = frozenset(vader.NEGATE)
        self._special_cases: dict[str, float] = vader.SPECIAL_CASES
        # Every word of a multi-word idiom or booster ("kind of"): a word window holding none of them skips the idiom
        # check, whose every lookup needs one.
        self._idiom_words = frozenset(word for key in vader.SPECIAL_CASES.keys() | vader.BOOSTER_DICT.keys()
                                      if " " in key for word in key.split(" "))
        self._normalize = vader.normalize

    def words(self, text: str) -> list[str]:
        """``SentiText(text).words_and_emoticons``: white-space tokens without their leading and trailing
        punctuation, unless that leaves two characters or fewer (an emoticon, ":)")."""
        if native is not None:
            found = native.vader_words(text)
            if found is not None:  # ASCII text
                return found
        punctuation = string.punctuation
        return [stripped if len(stripped := token.strip(punctuation)) > 2 else token for token in text.split()]

    def polarity_scores(self, text: str) -> dict:
        """VADER's ``neg``, ``neu``, ``pos``, ``compound``, plus ``sentiments`` and ``text`` (see the class)."""
        if not text.isascii():  # every key of VADER's emoji table is non-ASCII
            text = self._describe_emoji(text)
        text = text.strip()
        words = self.words(text)
        count = len(words)
        if text.isascii() and text.lower() == text:  # no capitals (lower-cased text): the words are their lower case
            lowered, cap_differential = words, False
        else:
            lowered = list(map(str.lower, words))
            capitals = sum(map(str.isupper, words))
            cap_differential = 0 < count - capitals < count  # vaderSentiment.allcap_differential: some in capitals
        sentiments = None
        if native is not None:
            sentiments = native.vader_sentiments(words, lowered, cap_differential, self.lexicon, self._boosters,
                                                 self._special_cases, self._negators, self._idiom_words,
                                                 self.n_scalar, self._c_incr)  # None unless every word is ASCII
        if sentiments is None:
            sentiments = self.sentiments(words, lowered, cap_differential)
        if "but" in lowered:
            self._but_check(lowered.index("but"), sentiments)
        return self.score_valence(sentiments, text)

    def sentiments(self, words: list[str], lowered: list[str], cap_differential: bool) -> list[float]:
        """Each word's valence before the "but" rule (0 for a word that takes none): VADER's loop over the words."""
        count = len(words)
        valences = list(map(self.lexicon.get, lowered))  # None: not a lexicon word
        sentiments: list[float] = [0] * count
        boosters = self._boosters
        for index, base in enumerate(valences):
            if base is None:
                continue
            word = lowered[index]
            if word in boosters or (word == "kind" and index < count - 1 and lowered[index + 1] == "of"):
                continue
            sentiments[index] = self._valence(index, base, words, lowered, valences, cap_differential)
        return sentiments

    def _describe_emoji(self, text: str) -> str:
        """VADER's emoji pass: each emoji replaced by its description, space-separated from the word before."""
        emojis = self.emojis
        if emojis.keys().isdisjoint(text):
            return text
        pieces = []
        previous_space = True
        for character in text:
            description = emojis.get(character)
            if description is None:
                pieces.append(character)
                previous_space = character == " "
            else:
                if not previous_space:
                    pieces.append(" ")
                pieces.append(description)
                previous_space = False
        return "".join(pieces)

    def _valence(self, index: int, base: float, words: list[str], lowered: list[str], valences: list[float | None],
                 cap_differential: bool) -> float:
        """``SentimentIntensityAnalyzer.sentiment_valence`` for the lexicon word at ``index``."""
        n_scalar, c_incr = self.n_scalar, self._c_incr
        valence = base
        # "no" before another lexicon word negates it instead of counting itself
        if lowered[index] == "no" and index != len(words) - 1 and valences[index + 1] is not None:
            valence = 0.0
        if ((index > 0 and lowered[index - 1] == "no") or (index > 1 and lowered[index - 2] == "no")
                or (index > 2 and lowered[index - 3] == "no" and lowered[index - 1] in ("or", "nor"))):
            valence = base * n_scalar
        if words[index].isupper() and cap_differential:
            if valence > 0:
                valence += c_incr
            else:
                valence -= c_incr
        boosters = self._boosters
        for start in range(3):
            before = index - start - 1
            if before >= 0 and valences[before] is None:
                scalar = 0.0  # vaderSentiment.scalar_inc_dec
                booster = boosters.get(lowered[before])
                if booster is not None:
                    scalar = booster
                    if valence < 0:
                        scalar *= -1
                    if words[before].isupper() and cap_differential:
                        if valence > 0:
                            scalar += c_incr
                        else:
                            scalar -= c_incr
                if start == 1 and scalar != 0:
                    scalar = scalar * 0.95
                if start == 2 and scalar != 0:
                    scalar = scalar * 0.9
                valence = valence + scalar
                valence = self._negation_check(valence, lowered, start, index)
                if start == 2:
                    valence = self._special_idioms_check(valence, lowered, index)
        # _least_check: "least" before the word negates it, except in "at least" and "very least"
        if index > 1 and valences[index - 1] is None and lowered[index - 1] == "least":
            if lowered[index - 2] != "at" and lowered[index - 2] != "very":
                valence = valence * n_scalar
        elif index > 0 and valences[index - 1] is None and lowered[index - 1] == "least":
            valence = valence * n_scalar
        return valence

    def _is_negator(self, lowered: str) -> bool:  # vaderSentiment.negated() of one word
        return lowered in self._negators or "n't" in lowered

    def _negation_check(self, valence: float, lowered: list[str], start: int, index: int) -> float:
        n_scalar = self.n_scalar
        if start == 0:
            if self._is_negator(lowered[index - 1]):
                valence = valence * n_scalar
        elif start == 1:
            before2, before1 = lowered[index - 2], lowered[index - 1]
            if before2 == "never" and (before1 == "so" or before1 == "this"):
                valence = valence * 1.25
            elif before2 == "without" and before1 == "doubt":
                pass
            elif self._is_negator(before2):
                valence = valence * n_scalar
        else:
            before3, before2, before1 = lowered[index - 3], lowered[index - 2], lowered[index - 1]
            if (before3 == "never" and (before2 == "so" or before2 == "this")
                    or (before1 == "so" or before1 == "this")):
                valence = valence * 1.25
            elif before3 == "without" and (before2 == "doubt" or before1 == "doubt"):
                pass
            elif self._is_negator(before3):
                valence = valence * n_scalar
        return valence

    def _special_idioms_check(self, valence: float, lowered: list[str], index: int) -> float:
        before3, before2, before1, word = lowered[index - 3:index + 1]
        idiom_words = self._idiom_words
        if before2 not in idiom_words and before1 not in idiom_words and word not in idiom_words:
            return valence  # every sequence below holds one of these three words
        special_cases = self._special_cases
        onezero = f"{before1} {word}"
        twoonezero = f"{before2} {before1} {word}"
        twoone = f"{before2} {before1}"
        threetwoone = f"{before3} {before2} {before1}"
        threetwo = f"{before3} {before2}"
        for sequence in (onezero, twoonezero, twoone, threetwoone, threetwo):
            if sequence in special_cases:
                valence = special_cases[sequence]
                break
        count = len(lowered)
        if count - 1 > index:
            zeroone = f"{word} {lowered[index + 1]}"
            if zeroone in special_cases:
                valence = special_cases[zeroone]
        if count - 1 > index + 1:
            zeroonetwo = f"{word} {lowered[index + 1]} {lowered[index + 2]}"
            if zeroonetwo in special_cases:
                valence = special_cases[zeroonetwo]
        boosters = self._boosters
        for n_gram in (threetwoone, threetwo, twoone):
            if n_gram in boosters:
                valence = valence + boosters[n_gram]
        return valence

    @staticmethod
    def _but_check(but: int, sentiments: list[float]) -> None:
        """VADER's "but" rule in place: valences before the first "but" halved, after it x1.5. VADER finds each
        valence's position by value (``list.index``, cjhutto/vaderSentiment issue #74), so an equal valence earlier
        in the sentence is the one scaled, possibly twice; kept, because the scores must be VADER's."""
        for position in range(len(sentiments)):
            sentiment = sentiments[position]
            found = sentiments.index(sentiment)
            if found < but:
                sentiments[found] = sentiment * 0.5
            elif found > but:
                sentiments[found] = sentiment * 1.5

    def score_valence(self, sentiments: list[float], text: str) -> dict:
        """``SentimentIntensityAnalyzer.score_valence``: the per-word valences and the text's "!" and "?" combined
        into the four rounded scores."""
        if native is not None:
            neg, neu, pos, compound = native.vader_valence(sentiments, text)
            return {"neg": neg, "neu": neu, "pos": pos, "compound": compound, "sentiments": sentiments, "text": text}
        if sentiments:
            sum_s = float(sum(sentiments))
            exclamations = min(text.count("!"), 4)
            amplifier = exclamations * 0.292
            questions = text.count("?")
            if questions > 1:
                amplifier += questions * 0.18 if questions <= 3 else 0.96
            if sum_s > 0:
                sum_s += amplifier
            elif sum_s < 0:
                sum_s -= amplifier
            compound = self._normalize(sum_s)
            pos_sum = neg_sum = 0.0
            scored = list(filter(None, sentiments))  # most words are 0 (neutral), and 0 is all that filter drops
            neu_count = len(sentiments) - len(scored)
            for sentiment in scored:
                if sentiment > 0:
                    pos_sum += float(sentiment) + 1  # +1/-1 compensate for the neutral words counted as 1
                elif sentiment < 0:
                    neg_sum += float(sentiment) - 1
            if pos_sum > math.fabs(neg_sum):
                pos_sum += amplifier
            elif pos_sum < math.fabs(neg_sum):
                neg_sum -= amplifier
            total = pos_sum + math.fabs(neg_sum) + neu_count
            pos, neg, neu = math.fabs(pos_sum / total), math.fabs(neg_sum / total), math.fabs(neu_count / total)
        else:
            compound = pos = neg = neu = 0.0
        return {"neg": round(neg, 3), "neu": round(neu, 3), "pos": round(pos, 3), "compound": round(compound, 4),
                "sentiments": sentiments, "text": text}


@functools.cache
def _analyzer() -> _Vader:
    """VADER 3.3.2 (the port above) with the film lexicon layer, built once (construction reads its lexicon files)."""
    analyzer = _Vader()
    analyzer.lexicon.update(_read_tsv("lexicon_film.tsv", "valence"))
    return analyzer


# Placeholders of idioms.tsv: the expression, and the tokens (features.tokenize) one of which it always holds.
_IDIOM_MACROS = {
    "{cant}": (r"(?:can(?:no|')?t|can not|ca n't|could(?:n't| not| n't))",
               frozenset({"can't", "cant", "cannot", "can", "couldn't", "could"})),
    "{never}": (r"(?:never|not ever)", frozenset({"never", "ever"})),
    "{seldom}": (r"(?:rarely|seldom|hardly ever|never|not ever|doesn't|does not|don't|do not|won't|will not|can't"
                 r"|cannot)", frozenset({"rarely", "seldom", "ever", "never", "not", "doesn't", "don't", "won't",
                                         "can't", "cannot"})),
}


@dataclass(frozen=True, slots=True)
class _Idiom:
    pattern: re.Pattern[str]
    reading: str  # may refer to the pattern's groups (\\1)
    needs: tuple[frozenset[str], ...]  # a text holds one token of each, or it holds no match


@dataclass(frozen=True, slots=True)
class _IdiomTable:
    """``data/idioms.tsv``, read once: the idioms in the file's order, the idioms each key word may start (None when
    some idiom has no key word: then every text tries every idiom), and those key words."""

    idioms: tuple[_Idiom, ...]
    by_word: dict[str, tuple[int, ...]] | None
    words: frozenset[str]


@functools.cache
def _idioms() -> _IdiomTable:
    """The idioms of ``data/idioms.tsv`` (see :func:`plain_idioms`)."""
    path = data_path("idioms.tsv")
    with path.open(encoding="utf-8", newline="") as stream:
        numbered = [(number, line.rstrip("\r\n")) for number, line in enumerate(stream, start=1)]
    lines = [(number, line) for number, line in numbered if not line.startswith("#")]
    if not lines or lines[0][1] != "pattern\treading":
        raise InputError(f"{path}: expected columns pattern, reading")
    idioms: list[_Idiom] = []
    by_word: dict[str, list[int]] | None = {}
    for number, line in lines[1:]:
        fields = line.split("\t")
        if len(fields) != 2:
            raise InputError(f"{path}:{number}: expected 2 tab-separated fields, got {len(fields)}")
        pattern, reading = fields
        needs = tuple(tokens for macro, (_, tokens) in _IDIOM_MACROS.items() if macro in pattern)
        for macro, (expansion, _) in _IDIOM_MACROS.items():
            pattern = pattern.replace(macro, expansion)
        try:
            compiled = re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE)
        except re.error as err:
            raise InputError(f"{path}:{number}: not a regular expression ({err})") from None
        if any(int(ref) > compiled.groups for ref in re.findall(r"\\(\d)", reading)):
            raise InputError(f"{path}:{number}: the reading refers to a group the pattern does not have")
        words = _key_words_of(compiled)
        if words is None:
            by_word = None
        elif by_word is not None:
            for word in words:
                by_word.setdefault(word, []).append(len(idioms))
        idioms.append(_Idiom(compiled, reading, needs))
    if by_word is None:
        return _IdiomTable(tuple(idioms), None, frozenset())
    return _IdiomTable(tuple(idioms), {word: tuple(ids) for word, ids in by_word.items()}, frozenset(by_word))


def _key_words_of(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Words one of which every match of ``pattern`` holds as a word of its own: a word of each string of the first
    of its requirements (:mod:`analysis.triggers`) whose strings all hold one (" resist ", " to be desired ")."""
    found = triggers(pattern).alternatives
    if found is None or len(found) != 1:
        return None
    for requirement in found[0]:
        words = [[word for word in string.split(" ")[1:-1] if word] for string in requirement]
        if all(words):
            return frozenset(max(choice, key=len) for choice in words)
    return None


def _idioms_in(tokens: Sequence[str]) -> Iterable[_Idiom]:
    """The idioms ``tokens`` may hold, in the file's order (those whose key word is one of the tokens)."""
    table = _idioms()
    if table.by_word is None:
        return table.idioms
    if table.words.isdisjoint(tokens):  # most texts
        return ()
    candidates = sorted(set(chain.from_iterable(map(table.by_word.__getitem__, table.words.intersection(tokens)))))
    return [idiom for idiom in map(table.idioms.__getitem__, candidates)
            if all(not need.isdisjoint(tokens) for need in idiom.needs)]


def _reading(idiom: _Idiom, match: re.Match[str]) -> str:
    return match.expand(idiom.reading) if "\\" in idiom.reading else idiom.reading


def plain_idioms(text: str, tokens: Sequence[str] | None = None) -> str:
    """``text`` with each negation idiom of ``data/idioms.tsv`` replaced by its plain reading ("can't resist" ->
    "love"), for scoring; most texts hold none and come back as they are (the same object). Idioms are replaced in
    the file's order, so an earlier row wins where two overlap.

    An idiom is read where its key word ("resist") is a word of its own (not in "stand-up"): only the idioms whose
    key word is one of ``tokens`` (``features.tokenize(text)``, made here when not given) are tried.
    """
    for idiom in _idioms_in(tokenize(text) if tokens is None else tokens):
        text = idiom.pattern.sub(lambda match, idiom=idiom: _reading(idiom, match), text)
    return text


def plain_tokens(text: str) -> tuple[str, list[str]]:
    """``plain_idioms(text)`` and its tokens (``features.tokenize``), tokenising twice only when an idiom was read."""
    tokens = tokenize(text)
    plain = plain_idioms(text, tokens)
    return plain, tokens if plain is text else tokenize(plain)


def named_idioms(score: Score, text: str) -> Score:
    """``score`` (of ``plain_idioms(text)``) with each piece of evidence made of an idiom's reading named after the
    idiom ("love" -> "love (read for “can’t resist”)"), so the explanation points at words the text holds."""
    if not score.evidence:
        return score
    readings: list[tuple[set[str], str]] = []
    for idiom in _idioms_in(tokenize(text)):
        for match in idiom.pattern.finditer(text):
            readings.append((set(tokenize(_reading(idiom, match))), match.group(0)))
    named = []
    for feature, weight in score.evidence:
        words = set(feature.removesuffix(" (negated)").split())
        idiom = next((idiom for reading, idiom in readings if words and words <= reading), None)
        named.append((f"{feature} (read for \u201c{idiom}\u201d)" if idiom else feature, weight))
    return Score(score.value, score.vader, tuple(named))


@functools.cache
def _phrases() -> tuple[tuple[str, str, float], ...]:
    """Film idioms (``data/phrases.tsv``): ``(" phrase ", "phrase:<phrase>", value)``.

    An idiom is a feature of the sentiment model ("phrase:by the numbers"), so its words are less blamed for it
    ("numbers" in "musical numbers"); the idiom then weighs at least the file's value: most are too rare in the
    training data for the model to learn their full weight.
    """
    return tuple((f" {phrase} ", f"phrase:{phrase}", value)
                 for phrase, value in _read_tsv("phrases.tsv", "value").items())


@functools.cache
def _phrase_masks() -> dict[str, tuple[re.Pattern[str], str]]:
    """Per idiom feature whose words VADER would read against it ("welcome" in "overstays its welcome", an idiom
    of -0.4): a pattern that finds the idiom in a span's text, with every piece of it but those words in a group,
    and the template that joins the groups: what VADER reads instead (:func:`_vader_text`). An idiom that holds a
    negator ("not worth") is left alone: VADER's own negation turns its word."""
    lexicon = _analyzer().lexicon
    masks = {}
    for phrase, feature, value in _phrases():
        words = phrase.split()
        opposing = [lexicon.get(word, 0.0) * value < 0 for word in words]
        if not any(opposing) or any(map(_negates_idiom, words)):
            continue
        parts = []
        for index, (word, against) in enumerate(zip(words, opposing, strict=True)):
            if index:
                parts.append(r"([^\w'-]+)")  # the separator, kept
            parts.append(re.escape(word) if against else f"({re.escape(word)})")
        pattern = re.compile(r"(?<![\w'-])" + "".join(parts) + r"(?![\w'-])", re.IGNORECASE)
        masks[feature] = pattern, "".join(rf"\g<{group}>" for group in range(1, pattern.groups + 1))
    return masks


def _vader_text(text: str, found_phrases: Sequence[tuple[str, float]]) -> str:
    """``text`` without the words of its idioms that VADER would read against the idiom (:func:`_phrase_masks`):
    an idiom is one unit, for VADER as for the n-grams (:func:`idiom_inner_features`)."""
    masks = _phrase_masks()
    for feature, _ in found_phrases:
        if feature in masks:
            pattern, template = masks[feature]
            text = pattern.sub(template, text)
    return text


@functools.cache
def _phrase_words() -> frozenset[str]:
    """The idioms' key words (see :func:`_key_words`): a span holding none of them holds no idiom."""
    return frozenset(_phrases_by_key())


def _key_word(phrase: str) -> str:
    return max(phrase.split(), key=len)


def _key_words(phrases: Iterable[str]) -> frozenset[str]:
    """The longest word of each phrase: tokens joined by spaces hold " <phrase> " only if every word of the phrase
    is a token, so a span with none of these skips the string search (most words of these phrases, "a", "only",
    "have", are in every other sentence)."""
    return frozenset(map(_key_word, phrases))


@functools.cache
def _phrases_by_key() -> dict[str, tuple[int, ...]]:
    """The indices in :func:`_phrases` of the idioms of each key word (see :func:`_key_words`)."""
    index: dict[str, list[int]] = {}
    for number, (phrase, _, _) in enumerate(_phrases()):
        index.setdefault(_key_word(phrase), []).append(number)
    return {word: tuple(numbers) for word, numbers in index.items()}


def _phrases_in(tokens: Sequence[str], joined: str = "") -> list[tuple[str, str, float]]:
    """The entries of :func:`_phrases` found in ``tokens`` (``joined``: the tokens joined by spaces, with a space
    at each end, when the caller has it), in the file's order. Only the idioms whose key word is a token are
    looked for: a sentence holding "through" is searched for "through the motions", not for all 99 idioms."""
    by_key = _phrases_by_key()
    numbers = sorted(number for word in by_key.keys() & set(tokens) for number in by_key[word])
    if not numbers:
        return []
    joined = joined or " " + " ".join(tokens) + " "
    phrases = _phrases()
    return [phrases[number] for number in numbers if phrases[number][0] in joined]


def phrase_features(tokens: Sequence[str]) -> list[str]:
    """The idiom features (``phrase:<idiom>``) found in already tokenised text."""
    return [feature for _, feature, _ in _phrases_in(tokens)]


def _starts(tokens: Sequence[str], words: Sequence[str]) -> list[int]:
    """The offsets in ``tokens`` where the word sequence ``words`` ("by", "the", "numbers") occurs."""
    width, words = len(words), list(words)
    return [start for start in range(len(tokens) - width + 1)
            if tokens[start] == words[0] and list(tokens[start:start + width]) == words]


def idiom_inner_features(tokens: Sequence[str],
                         found: Sequence[tuple[str, str, float]] | None = None) -> frozenset[str]:
    """The n-gram features (:func:`features.ngrams` of ``tokens``) that come only from inside the idioms of
    ``data/phrases.tsv`` found in the tokens: an idiom is read as one unit, its ``phrase:`` feature, so "numbers"
    in "by the numbers" is not evidence about the word "numbers" ("musical numbers"). A feature that also occurs
    outside every idiom, or that straddles an idiom's edge ("plays by"), is kept. ``found``: :func:`_phrases_in` of
    the tokens, when the caller has it."""
    inside: set[int] = set()
    for phrase, _, _ in _phrases_in(tokens) if found is None else found:
        words = phrase.split()
        for start in _starts(tokens, words):
            inside.update(range(start, start + len(words)))
    if not inside:
        return frozenset()
    marked = marked_tokens(tokens)
    grams = [(word, position in inside) for word, position in marked]
    grams += [(f"{a} {b}", first in inside and second in inside)
              for (a, first), (b, second) in zip(marked, marked[1:], strict=False)]
    outside = {gram for gram, within in grams if not within}
    return frozenset(gram for gram, within in grams if within and gram not in outside)


@functools.cache
def _rules() -> dict:
    path = data_path("rules.toml")
    rules = tomllib.loads(path.read_text(encoding="utf-8"))
    for key in ("version", "hedges", "hedge_factor", "counterfactuals", "counterfactual_factor", "contrast_weight",
                "contrast_blend", "outside_film_opinion", "outside_film_other", "clause_openers",
                "judging_clause_probability"):
        if key not in rules:
            raise InputError(f"{path}: missing key {key!r}")
    for key in ("contrast_weight", "contrast_blend", "outside_film_opinion", "outside_film_other",
                "judging_clause_probability"):
        if isinstance(rules[key], bool) or not isinstance(rules[key], int | float) or not 0 <= rules[key] <= 1:
            raise InputError(f"{path}: {key} must be a number from 0 to 1, got {rules[key]!r}")
    rules["hedges"] = tuple(f" {h} " for h in rules["hedges"])
    rules["counterfactuals"] = tuple(f" {c} " for c in rules["counterfactuals"])
    rules["hedge_words"] = _key_words(rules["hedges"])
    rules["counterfactual_words"] = _key_words(rules["counterfactuals"]) | {"if"}  # "if ... would"
    openers = rules["clause_openers"]
    if not isinstance(openers, list) or not all(isinstance(o, str) and tokenize(o) == [o] for o in openers):
        raise InputError(f"{path}: clause_openers must be a list of lower-case words, got {openers!r}")
    rules["clause_openers"] = frozenset(openers)
    rules["clause_marks"] = _CLAUSE_CUTS | rules["clause_openers"]
    return rules


@functools.cache
def _film_words() -> frozenset[str]:
    """``data/film_words.txt``: the tokens that say a text is about a film (see :func:`about_film`)."""
    path = data_path("film_words.txt")
    words = set()
    with path.open(encoding="utf-8") as stream:
        for number, line in enumerate(stream, start=1):
            if line.startswith("#"):
                continue
            for word in line.split():
                if tokenize(word) != [word]:
                    raise InputError(f"{path}:{number}: {word!r} is not one lower-case token, so it never matches")
                words.add(word)
    if not words:
        raise InputError(f"{path}: lists no words")
    return frozenset(words)


def about_film(spans: Iterable[Sequence[str]]) -> bool:
    """Whether a text, as its spans' tokens (``features.tokenize``), says it is about a film or a show: one of
    ``data/film_words.txt``'s words ("film", "director", "scenes", "sitcom") or one of the cues of the shipped
    taxonomy's aspects ("flashbacks", "production values", "choreograph*"; the default ``aspects.toml``, whatever
    taxonomy a run tags with, so that scores never depend on it; its regular-expression patterns are not read)."""
    words, several = _film_context()
    return any(not words.isdisjoint(tokens) or (several is not None and several.search(" ".join(tokens)))
               for tokens in spans)


@functools.cache
def _film_context() -> tuple[frozenset[str], re.Pattern[str] | None]:
    """:func:`about_film`'s one-token words, and an expression for its cues of several tokens and its wildcard
    cues' beginnings, in tokens joined by spaces."""
    words = set(_film_words())
    parts = []
    for aspect in default_taxonomy().aspects:
        for cue in aspect.cues:
            stem = cue.endswith("*")
            tokens = tokenize(cue[:-1] if stem else cue)
            if len(tokens) == 1 and not stem:
                words.add(tokens[0])
            elif tokens:
                parts.append(re.escape(" ".join(tokens)) + ("" if stem else r"(?!\S)"))
    several = re.compile(rf"(?<!\S)(?:{'|'.join(parts)})") if parts else None
    return frozenset(words), several


def learned_weight(about: bool, opinion_probability: float) -> float:
    """How much the sentiment model's word parts count in a span (step 5 of the module's docstring): 1 in a text
    about a film (``about``: :func:`about_film` of the whole text), else ``rules.toml``'s ``outside_film_opinion``
    for a span that may be a judgement (``opinion_probability`` at least ``opinion.OPINION_THRESHOLD``) or
    ``outside_film_other``."""
    if about:
        return 1.0
    rules = _rules()
    return rules["outside_film_opinion" if opinion_probability >= OPINION_THRESHOLD else "outside_film_other"]


def _own_learned_weight(tokens: list[str], features: tuple[int, complex] | None = None) -> float:
    """:func:`learned_weight` of a span judged on its own (the text is the span); ``features``: the span's
    feature count and :func:`ngram_sums`, when the caller has them."""
    if about_film((tokens,)):
        return 1.0
    count, sums = features or span_features(tokens)[:2]
    return learned_weight(False, opinion_floor(probability_from_sum(count, sums.imag), tokens))


@functools.cache
def _paired() -> WeightTable:
    return paired_weights(load_model("sentiment"), load_model("opinion"))


def ngram_sums(sparse: Sequence[str]) -> complex:
    """The sentiment model's (real part) and the opinion model's (imaginary part) sums of the weights of ``sparse``,
    in one lookup per feature."""
    return _paired().sums(sparse)


def span_features(tokens: list[str]) -> tuple[int, complex, list[str]]:
    """What scoring and the opinion model read of ``ngrams(tokens)``: how many features, :func:`ngram_sums` of them,
    and their unigrams (the batch path, with no explanation to give, never needs the bigrams themselves)."""
    return _paired().summary(tokens)


def hedged(tokens: Sequence[str]) -> bool:
    """Whether the span holds one of ``rules.toml``'s hedges ("only occasionally", "too rarely")."""
    rules = _rules()
    if rules["hedge_words"].isdisjoint(tokens):  # most spans: no hedge's key word
        return False
    joined = " " + " ".join(tokens) + " "
    return any(hedge in joined for hedge in rules["hedges"])


_CLAUSE_CUTS = frozenset({",", ";", ":"})


def judging_clause(tokens: Sequence[str]) -> bool:
    """Whether one of the span's clauses, read on its own, is probably the critic's judgement (``rules.toml``:
    clause_openers, judging_clause_probability): the span has two or more pieces of 3+ words, cut at commas,
    semicolons and colons and before a clause opener ("while I've never been a fan of her acting"), and one of them
    reaches that opinion probability."""
    rules = _rules()
    threshold = rules["judging_clause_probability"]
    marks = rules["clause_marks"]
    if threshold >= 1 or len(tokens) < 6 or marks.isdisjoint(tokens):
        return False
    pieces = []
    start = 0
    for position in [position for position, token in enumerate(tokens) if token in marks]:
        pieces.append(tokens[start:position])
        start = position + 1 if tokens[position] in _CLAUSE_CUTS else position  # an opener opens the next piece
    pieces.append(tokens[start:])
    pieces = [piece for piece in pieces
              if len(piece) - piece.count(".") - piece.count("!") - piece.count("?") >= 3]
    if len(pieces) < 2:
        return False
    for piece in pieces:
        count, sums, words = span_features(piece)
        probability = probability_from_sum(count, sums.imag)
        if probability >= threshold:
            return True
        # a clause that is probably an opinion and judges strongly, as a sentence that is (opinion.is_opinion)
        if probability >= OPINION_THRESHOLD and judges_strongly(
                score_counted(" ".join(piece), piece, count, sums.real, words).value):
            return True
    return False


def opinion_floor(probability: float, tokens: Sequence[str]) -> float:
    """A span's opinion probability after its floors: at least ``OPINION_THRESHOLD`` when it hedges (:func:`hedged`,
    :func:`analysis.opinion.hedge_floor`) or when one of its clauses judges (:func:`judging_clause`)."""
    if probability >= OPINION_THRESHOLD:
        return probability
    return hedge_floor(probability, hedged(tokens) or judging_clause(tokens))


def load_resources() -> None:
    """Load every cached table the scores read (both models, VADER with the film layer, idioms, negation idioms,
    rules): what each of ``score``'s workers does first (at the same time; the parent needs none of it)."""
    load_model("sentiment")
    load_model("opinion")
    _paired()
    _negated_valences()  # builds the analyzer too
    _word_table()
    _span_context()
    _phrase_words()
    _film_context()
    _idioms()
    _rules()


def vader_scores(text: str) -> tuple[float, float, float]:
    """VADER's (compound, pos, neg) with the film lexicon layer."""
    scores = _analyzer().polarity_scores(text)
    return scores["compound"], scores["pos"], scores["neg"]


@functools.cache
def _negated_valences() -> dict[str, float]:
    """``not_<word>`` -> the word's lexicon valence / 4, for every lexicon word (one lookup per feature)."""
    return {f"not_{word}": valence / 4 for word, valence in _analyzer().lexicon.items() if valence}


# Negators whose scope VADER cuts short. VADER negates a word only when the negator is at most three words before it,
# and a "so"/"this" right before the word turns that negation into a boost ("doesn't work so well" comes out
# positive). Left out: "never" (VADER's "never so good" inversion), "without" ("without doubt"), and negators
# followed by a word that makes them additive ("not only funny but moving").
_SCOPE_NEGATORS = frozenset({"not", "no", "cannot", "nor", "neither"})
_SCOPE_OPENERS_EXEMPT = frozenset({"only", "just", "merely", "simply", "to", "least", "since", "until"})
_SCOPE_CLOSERS = frozenset({"but", "yet", "though", "although", "however", "while", "whereas", "except"})
_CLAUSE_END = (",", ";", ":", ".", "!", "?", "\u2014", "--")


_TOKEN_STRIP = "\"'()[]*_`"  # stripped from a lower-cased token, then _WORD_STRIP from what is left
_WORD_STRIP = ".,;:!?"


# What negates a film idiom from up to two tokens before it, in the same clause ("never overstays its welcome",
# "doesn't quite fall flat", "isn't worth seeing"); the tokens that end the clause stop the search back.
_IDIOM_NEGATORS = frozenset({"not", "no", "never", "nor", "cannot", "hardly", "scarcely", "barely", "without"})
_IDIOM_NEGATION_WINDOW = 2
_IDIOM_SCOPE_END = frozenset(_CLAUSE_END) | _SCOPE_CLOSERS | {"(", ")"}  # the negation scope's ends, and brackets


def _negates_idiom(token: str) -> bool:
    return token in _IDIOM_NEGATORS or token.endswith("n't")


def _negated_idiom(tokens: Sequence[str], words: Sequence[str]) -> bool:
    """Whether each occurrence of the idiom ``words`` in ``tokens`` has a negator before it in its clause (at most
    ``_IDIOM_NEGATION_WINDOW`` tokens back). An idiom that holds its own negation ("not worth") is not negated again
    by a negator inside it."""
    starts = _starts(tokens, words)
    for start in starts:
        for token in reversed(tokens[max(0, start - _IDIOM_NEGATION_WINDOW):start]):
            if token in _IDIOM_SCOPE_END:
                return False
            if _negates_idiom(token):
                break
        else:
            return False
    return bool(starts)


def _fix_negation_scope(scores: dict) -> list[float] | None:
    """VADER's per-word valences with every sentiment word inside a negation's clause negated (``N_SCALAR``) when
    VADER left it as is; None when nothing changes. The scope runs from the negator to the end of the clause
    (punctuation or a contrast word)."""
    sentiments = scores["sentiments"]
    raw = scores["text"].split()
    if len(raw) != len(sentiments):  # cannot happen (VADER keeps one valence per token); never guess an alignment
        return None
    analyzer = _analyzer()
    lexicon, n_scalar = analyzer.lexicon, analyzer.n_scalar
    fixed: list[float] | None = None
    in_scope = False
    count = len(raw)
    for index, token in enumerate(raw):
        lowered = token.lower().strip(_TOKEN_STRIP)
        if lowered in _SCOPE_CLOSERS:
            in_scope = False
            continue
        valence = sentiments[index]
        if in_scope and valence:
            base = lexicon.get(lowered.strip(_WORD_STRIP), 0.0)
            if base and (base > 0) == (valence > 0):
                if fixed is None:
                    fixed = list(sentiments)
                fixed[index] = valence * n_scalar
        word = lowered.strip(_WORD_STRIP)
        if (word in _SCOPE_NEGATORS or word.endswith("n't")) and not (
            index + 1 < count and raw[index + 1].lower() in _SCOPE_OPENERS_EXEMPT
        ):
            in_scope = True
        if token.endswith(_CLAUSE_END):
            in_scope = False
    return fixed


def _word_table_parts() -> tuple[Mapping[str, float], dict[str, float]]:
    return load_model("sentiment").word_lookup, _negated_valences()


@functools.cache
def _word_table() -> WeightTable:
    """Per unigram: the sentiment model's word weight (first) and its negated lexicon valence (second)."""
    return WeightTable(*_word_table_parts())


# The dense features of :func:`_dense`, in its order: span_margin adds their terms in this order, as margin_of does,
# and training/train.py fits the sentiment model's dense columns in it.
DENSE_FEATURES = ("__vader", "__pos", "__neg", "__negated_positive", "__negated_negative")


@functools.cache
def _span_context() -> object | None:
    """What the C speed-ups' ``span_margin`` reads (VADER's tables, the negation scope's words, the word table, the
    sentiment model's dense weights), made once; None without them (or with the pure-Python word table)."""
    table = _word_table().native_table
    if native is None or table is None:
        return None
    analyzer, model = _analyzer(), load_model("sentiment")
    return native.span_context(
        analyzer.lexicon, analyzer._boosters, analyzer._special_cases, analyzer._negators, analyzer._idiom_words,
        _SCOPE_CLOSERS, _SCOPE_NEGATORS, _SCOPE_OPENERS_EXEMPT, _TOKEN_STRIP, _WORD_STRIP, _CLAUSE_END, table,
        analyzer.n_scalar, analyzer._c_incr, model.intercept, model.ngram_scale,
        tuple(model.weights.get(feature, 0.0) for feature in DENSE_FEATURES), bool(model.word_weights))


def _dense(scores: dict, words: list[str]) -> tuple[dict[str, float], dict, tuple[float, int]]:
    """The dense features, the VADER scores they were computed from (negation scope fixed, see above), and the
    sum and count of the model's word weights of ``words`` (``LinearModel.margin_of``'s ``word_sums``).

    ``words``: the span's unigrams (``features.unigrams``). A ``not_<word>`` key of more than one word ("not_fed
    up") can never be a bigram, whose second word is marked too, so the unigrams are all the lookups need.
    """
    word_sum, word_count, negated_positive, negated_negative, negated = _word_table().word_sums(words)
    if negated:  # some sentiment word sits in a negation's scope (the table holds no zero valence)
        fixed = _fix_negation_scope(scores)
        if fixed is not None:
            scores = _analyzer().score_valence(fixed, scores["text"])
    return ({"__vader": scores["compound"], "__pos": scores["pos"], "__neg": scores["neg"],
             "__negated_positive": negated_positive, "__negated_negative": negated_negative}, scores,
            (word_sum, word_count))


def dense_features(text: str, sparse: Sequence[str]) -> dict[str, float]:
    """The model's dense features: VADER's three numbers, and the lexicon valence (VADER scale / 4) of positive and
    of negative words inside a negation's scope ("doesn't work so well": ``not_well``), which VADER itself only
    damps when the negator is within three words."""
    return _dense(_analyzer().polarity_scores(text), unigrams(sparse))[0]


def sentiment_words(text: str) -> list[str]:
    """The words of ``text`` that carry sentiment in VADER's lexicon (with the film layer), as written."""
    lexicon = _analyzer().lexicon
    return [word for word in re.findall(r"[\w'\u2019-]+", text) if word.lower().replace("\u2019", "'") in lexicon]


_READABLE = {"__vader": "VADER", "__pos": "VADER positive share", "__neg": "VADER negative share",
             "__negated_positive": "negated praise", "__negated_negative": "negated criticism"}
_VADER_PARTS = ("__vader", "__pos", "__neg")


def _readable(feature: str) -> str:
    """``not_work`` -> "work (negated)", ``doesn't not_work`` -> "doesn't work (negated)", ``__vader`` -> "VADER"."""
    if feature in _READABLE:
        return _READABLE[feature]
    if feature.startswith("phrase:"):
        return feature[7:]
    if "not_" not in feature:
        return feature
    parts = feature.split(" ")
    plain = " ".join(part[4:] if part.startswith("not_") else part for part in parts)
    return f"{plain} (negated)" if any(part.startswith("not_") for part in parts) else plain


def _vader_words(scores: dict, dense: dict[str, float], weights: dict[str, float]) -> list[tuple[str, float]]:
    """The model's VADER terms (compound, pos and neg shares) split over the words VADER scored, in proportion to
    each word's valence, so evidence names words ("dazzling") rather than "VADER"."""
    sentiments = scores["sentiments"]
    total = sum(abs(v) for v in sentiments)
    if not total:
        return []
    analyzer = _analyzer()
    words = analyzer.words(scores["text"])
    lexicon = analyzer.lexicon
    positive = sum(v for v in sentiments if v > 0)
    negative = -sum(v for v in sentiments if v < 0)
    compound_part = weights.get("__vader", 0.0) * dense["__vader"]
    pos_part = weights.get("__pos", 0.0) * dense["__pos"]
    neg_part = weights.get("__neg", 0.0) * dense["__neg"]
    net = positive - negative
    found: dict[str, float] = {}
    for word, valence in zip(words, sentiments, strict=False):
        if not valence:
            continue
        share = 0.0
        if valence > 0 and positive:
            share += pos_part * valence / positive
        elif valence < 0 and negative:
            share += neg_part * -valence / negative
        if net:
            share += compound_part * valence / net if (valence > 0) == (net > 0) else 0.0
        key = word.lower()
        base = lexicon.get(key, 0.0)
        if base and (base > 0) != (valence > 0):
            key += " (negated)"
        found[key] = found.get(key, 0.0) + share
    return list(found.items())


_COUNTERFACTUAL_REACH = 8  # tokens after the marker that say what the film would have been


def _counterfactual(tokens: list[str], joined: str, phrases: tuple[str, ...]) -> bool:
    """Whether the span praises a film that does not exist: a counterfactual marker ("could have been", "if ...
    would") followed by praise ("could have been great"). What follows the marker is read as VADER's lexicon
    valences of the next few words, up to the clause's end: "far above what could have been a mess" (a worse film
    that was avoided) is praise of the real one, and is left alone."""
    starts = []
    for phrase in phrases:
        if phrase in joined:
            words = phrase.split()
            starts.extend(start + len(words) for start in _starts(tokens, words))
    if "if" in tokens:
        first_if = tokens.index("if")
        starts.extend(i + 1 for i in range(first_if + 1, len(tokens)) if tokens[i] in ("would", "could"))
    lexicon = _analyzer().lexicon
    for start in starts:
        valence = 0.0
        for token in tokens[start:start + _COUNTERFACTUAL_REACH]:
            if token in _CLAUSE_END or token in _SCOPE_CLOSERS:
                break
            valence += lexicon.get(token, 0.0)
        if valence > 0:
            return True
    return False


def score_text(text: str, *, explain: bool = True, learned: float | None = None) -> Score:
    """Sentiment of one span (a clause, a sentence, a short quote), its negation idioms read plainly
    (:func:`plain_idioms`); 0 for blank text.

    ``explain=False`` leaves ``evidence`` empty (the batch path does not output it, and ranking it costs time).
    ``learned``: how much the model's word parts count (:func:`learned_weight` of the text the span is part of);
    None judges the span as a text of its own.
    """
    plain, tokens = plain_tokens(text)
    if explain:
        score = score_span(plain, tokens, ngrams(tokens), learned=learned)
        return score if plain is text else named_idioms(score, text)
    count, sums, words = span_features(tokens)
    if learned is None and plain.strip():
        learned = _own_learned_weight(tokens, (count, sums))
    return score_counted(plain, tokens, count, sums.real, words, learned=learned)


def score_span(text: str, tokens: list[str], sparse: list[str], *, explain: bool = True,
               ngram_sum: float | None = None, learned: float | None = None) -> Score:
    """:func:`score_text` for a span already tokenised (``features.tokenize``/``ngrams``), so callers that also
    need the n-grams (the opinion model) compute them once; ``ngram_sum``: the sentiment part of
    :func:`ngram_sums`, when the caller has it."""
    if ngram_sum is None or learned is None:
        sums = ngram_sums(sparse)  # both models' parts: the opinion part for a span judged on its own
        if ngram_sum is None:
            ngram_sum = sums.real
        if learned is None:
            learned = _own_learned_weight(tokens, (len(sparse), sums))
    return _score(text, tokens, len(sparse), ngram_sum, unigrams(sparse), sparse if explain else None, learned)


def score_counted(text: str, tokens: list[str], count: int, ngram_sum: float, words: list[str], *,
                  learned: float | None = None) -> Score:
    """:func:`score_span` with no evidence, from :func:`span_features` of the tokens (``count`` features, the
    sentiment part of their sums, their unigrams) instead of the n-grams themselves: the batch path."""
    return _score(text, tokens, count, ngram_sum, words, None,
                  _own_learned_weight(tokens) if learned is None else learned)


_OUTSIDE_FILM_EVIDENCE = "not about a film (critic-trained words count {:g})"


def _score(text: str, tokens: list[str], count: int, ngram_sum: float, text_words: list[str],
           sparse: list[str] | None, learned: float) -> Score:
    """The score of a span from its features' count, sentiment sum and unigrams; with evidence when ``sparse``
    (the features themselves) is given; ``learned``: :func:`learned_weight` of the span (see :func:`score_text`)."""
    if not text.strip():
        return Score(0.0, 0.0, ())
    explain = sparse is not None
    model = load_model("sentiment")
    joined = ""
    found: list[tuple[str, str, float]] = []
    if not _phrase_words().isdisjoint(tokens):  # most spans hold no idiom: skip the string search
        joined = " " + " ".join(tokens) + " "
        found = _phrases_in(tokens, joined)
    found_phrases = [(feature, value) for _, feature, value in found]
    if found_phrases:  # an idiom is one unit: a feature after the n-grams, in place of those inside it only
        inner = idiom_inner_features(tokens, found)
        if inner:
            count -= len(inner)
            for feature in inner:
                ngram_sum -= model.weights.get(feature, 0.0)
            text_words = [word for word in text_words if word not in inner]
            if explain:
                sparse = [feature for feature in sparse if feature not in inner]
        count += len(found_phrases)
        for feature, _ in found_phrases:
            ngram_sum += model.weights.get(feature, 0.0)
        if explain:
            sparse = sparse + [feature for feature, _ in found_phrases]
    vader_text = _vader_text(text, found_phrases) if found_phrases else text
    context = None if explain else _span_context()  # the batch path: VADER, the dense features and margin in C
    fast = None if context is None else native.span_margin(context, vader_text, text_words, count, ngram_sum)
    if fast is None:
        raw_scores = _analyzer().polarity_scores(vader_text)
        dense, scores, word_sums = _dense(raw_scores, text_words)
        compound = raw_scores["compound"]
        margin = model.margin_of(count, ngram_sum, dense, word_sums=word_sums)
        learned_part = model.learned_part(count, ngram_sum, word_sums) if learned != 1.0 else 0.0
    else:
        margin, compound, learned_part = fast
    outside = (learned - 1.0) * learned_part if learned != 1.0 else 0.0
    margin += outside
    evidence: list[tuple[str, float]] = []
    if explain:
        parts: dict[str, float] = {}
        vader_total = 0.0
        for feature, weight in model.contributions(sparse, dense, text_words):
            if feature in _VADER_PARTS:
                vader_total += weight
            else:
                key = _readable(feature)
                parts[key] = parts.get(key, 0.0) + weight
        split = _vader_words(scores, dense, model.weights)
        for word, weight in split:
            parts[word] = parts.get(word, 0.0) + weight
        if not split and vader_total:
            parts["VADER"] = vader_total
        evidence = [(feature, weight) for feature, weight in parts.items() if weight]
        if outside:
            evidence.append((_OUTSIDE_FILM_EVIDENCE.format(learned), outside))
    if found_phrases:  # an idiom weighs at least its value in phrases.tsv (see _FREQUENT_IDIOM), or the model's
        factor = model.ngram_scale / math.sqrt(count) if model.ngram_scale else 1.0
        for feature, value in found_phrases:
            learned = model.weights.get(feature, 0.0) * factor
            if model.phrase_counts.get(feature, 0) >= _FREQUENT_IDIOM:
                value *= _FREQUENT_IDIOM_FLOOR
            weight = value if abs(value) > abs(learned) else learned
            name = feature[7:]
            if _negated_idiom(tokens, name.split()):  # "never overstays its welcome": VADER's negation of the idiom
                weight *= _analyzer().n_scalar
                name += " (negated)"
            if weight != learned:
                margin += weight - learned
                evidence.append((name, weight - learned))
    rules = _rules()
    if margin > 0:  # the rules turn praise into criticism; a span holding none of their key words skips them
        if hedged(tokens) and not _RARELY_INVERSION.match(text) and not _RARITY.search(text):
            change = margin * rules["hedge_factor"] - margin
            margin += change
            evidence.append(("hedge (praise under 'only occasionally', 'rarely', ...)", change))
        elif not rules["counterfactual_words"].isdisjoint(tokens) and _counterfactual(
                tokens, joined or " " + " ".join(tokens) + " ", rules["counterfactuals"]):
            change = margin * rules["counterfactual_factor"] - margin
            margin += change
            evidence.append(("counterfactual ('would have been', 'if ... would')", change))
    value = model.score_of(margin)
    if math.isnan(value):  # cannot happen with finite weights; guarded because NaN would poison every mean
        value = 0.0
    if not explain:
        return Score(value, compound, ())
    return Score(value, compound, _ranked(evidence))


def _ranked(evidence: Iterable[tuple[str, float]]) -> tuple[tuple[str, float], ...]:
    """The strongest ``_EVIDENCE`` contributions, strongest first, rounded; those that round to 0 left out; parts
    of one name added up (an idiom's learned weight and its floor from phrases.tsv)."""
    merged: dict[str, float] = {}
    for word, weight in evidence:
        merged[word] = merged.get(word, 0.0) + weight
    ranked = sorted(merged.items(), key=lambda item: -abs(item[1]))[:_EVIDENCE]
    return tuple((word, round(weight, 3)) for word, weight in ranked if round(weight, 3))


def contrast_sentiment(value: float, contrasts: Sequence[str], clause_values: Sequence[float]) -> float | None:
    """The score of a span that turns or concedes ("watchable but never pulsating"; "Although the plot is thin,
    the film is a delight"), from its own score ``value`` and its clauses' (opened by ``contrasts``, see
    ``Clause.contrast``, with their own ``clause_values``): ``rules.toml``'s contrast_blend of the way to their
    weighted mean (:func:`analysis.segment.clause_weights`). None when the span neither turns nor concedes."""
    rules = _rules()
    weights = clause_weights(contrasts, rules["contrast_weight"])
    if weights is None or not sum(weights):  # no clause to turn to (every one concedes, at weight 0)
        return None
    model = load_model("sentiment")
    turned = sum(w * model.margin_from(v) for w, v in zip(weights, clause_values, strict=True)) / sum(weights)
    blend = rules["contrast_blend"]
    return model.score_of((1.0 - blend) * model.margin_from(value) + blend * turned)


def turned_score(score: Score, contrasts: Sequence[str], clause_values: Sequence[float]) -> Score:
    """``score`` of a span with several clauses, after :func:`contrast_sentiment` (unchanged when the span neither
    turns nor concedes); its evidence, if it has any, names the change."""
    value = contrast_sentiment(score.value, contrasts, clause_values)
    if value is None:
        return score
    if not score.evidence:
        return Score(value, score.vader, ())
    return Score(value, score.vader, _ranked([*score.evidence, (_CONTRAST_EVIDENCE, value - score.value)]))


_CONTRAST_EVIDENCE = "contrast (the clause turned to weighs more: 'but', 'although', ...)"


def score_texts(texts: Sequence[str], *, explain: bool = True) -> list[Score]:
    """Sentiment of many spans; identical to calling :func:`score_text` on each."""
    return [score_text(text, explain=explain) for text in texts]


def review_sentiment(sentence_scores: Sequence[float | None], opinion_probs: Sequence[float]) -> float:
    """The overall judgement of a text from its sentences in order, in -1..1.

    A weighted mean: each sentence weighs 0.05 + its opinion probability, and the last quarter of a review, where
    critics give their verdict, weighs double. A sentence that can never count as the critic's judgement
    (``opinion.can_be_opinion`` is false: plot summary, whatever its words) weighs nothing, unless no sentence of
    the text can, so its score is never read and the batch path does not compute it (:func:`counted_sentences`;
    its score may be None). The mean is taken of the sentences' margins (see the module's docstring) and turned
    back into a score: a mean cannot saturate the way VADER's compound does on a whole review.
    """
    count = len(sentence_scores)
    if count != len(opinion_probs):
        raise ValueError(f"{count} sentence scores but {len(opinion_probs)} opinion probabilities")
    if not count:
        return 0.0
    if count == 1:
        return float(sentence_scores[0])
    counted = counted_sentences(opinion_probs)
    verdict_start = count - max(1, count // 4)
    model = load_model("sentiment")
    total = weight_sum = 0.0
    for index in counted:
        weight = (0.05 + opinion_probs[index]) * (2.0 if index >= verdict_start else 1.0)
        total += weight * model.margin_from(sentence_scores[index])
        weight_sum += weight
    return model.score_of(total / weight_sum)


def counted_sentences(opinion_probs: Sequence[float]) -> list[int]:
    """The indices of the sentences whose scores :func:`review_sentiment` reads: those that may be the critic's
    judgement, or every sentence when none may (and the only one of a one-sentence text)."""
    counted = [index for index, probability in enumerate(opinion_probs) if can_be_opinion(probability)]
    return counted if counted and len(opinion_probs) > 1 else list(range(len(opinion_probs)))


def model_versions() -> dict[str, str]:
    """Versions of every data file behind the scores (written into JSON exports)."""
    return {
        "sentiment_model": load_model("sentiment").version,
        "opinion_model": load_model("opinion").version,
        "rules": str(_rules()["version"]),
        "negation_idioms": _file_version("idioms.tsv"),
        "film_lexicon": _file_version("lexicon_film.tsv"),
        "film_idioms": _file_version("phrases.tsv"),
        "film_words": _file_version("film_words.txt"),
        "vader": "3.3.2",
    }
