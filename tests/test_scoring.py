"""Tests for analysis/scoring.py: signs of hard constructions, ranges, explanations, batch == single, VADER fidelity."""

from __future__ import annotations

import math
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import scoring
from analysis.errors import InputError
from analysis.features import tokenize
from analysis.opinion import opinion_probability
from analysis.resources import data_path
from analysis.scoring import (
    Score,
    _analyzer,
    counted_sentences,
    plain_idioms,
    review_sentiment,
    score_text,
    score_texts,
    sentiment_words,
    vader_scores,
)

from .conftest import DATA


@pytest.mark.parametrize(
    ("text", "sign"),
    [
        ("The dancing is dazzling and the songs are wonderful.", 1),
        ("The plot is a tedious, contrived mess.", -1),
        # Negation beyond VADER's reach: its "so" rule turns "doesn't ... so well" into praise.
        ("This doesn't work so well when the actors don't have musical experience.", -1),
        # The same, pre-tokenised and lower-cased as in the research data.
        ("this does n't work so well when the actors do n't have musical experience .", -1),
        # Hedge: praise under "only occasionally" is criticism.
        ("The show only occasionally succeeds at making that into something moving.", -1),
        # Counterfactual: praise of a film that does not exist.
        ("If there was a better balance between the songs and the drama this would be an absorbing show.", -1),
        # Film idioms VADER scores as neutral word by word.
        ("Yet the musical numbers are oddly few and far between.", -1),
        ("A mixed bag.", -1),
        # Film lexicon layer: "watchable" is faint praise but praise; "overlong", "mawkish" are criticism.
        ("It's watchable.", 1),
        ("Overlong and mawkish.", -1),
        # Judging words VADER 3.3.2 lacks, added to the layer (2026-12-03).
        ("A mediocre, lackluster sequel.", -1),
        ("An exquisite, poignant film.", 1),
        # Inversion: "Rarely has ..." praises; the hedge rule must not fire.
        ("Rarely has a film been so beautiful and so moving.", 1),
        # So does a film's rarity ("comes along only occasionally"), where a hedge grades a film ("works only
        # sometimes") criticises.
        ("The kind of movie that comes along only occasionally, so gutsy and perfectly executed.", 1),
        ("It's the kind of pigeonhole resisting romp that Hollywood too rarely provides.", 1),
        ("It works only sometimes.", -1),
        # Emoji go through VADER's emoji table.
        ("I loved it \U0001f60d", 1),
    ],
)
def test_score_text_signs(text, sign):
    """Signs a careful reader gives these constructions."""
    assert score_text(text).value * sign > 0


@pytest.mark.parametrize("word", ["memorable", "poignant", "inventive", "stellar"])
def test_film_lexicon_words_get_vaders_negation(word):
    """A judging word of the film lexicon layer is a lexicon word to VADER: praise plain, criticism negated (its
    own negation rules), where before the layer only the learned n-grams read it."""
    assert vader_scores(f"The songs are {word}.")[0] > 0 > vader_scores(f"The songs are not {word}.")[0]


@pytest.mark.parametrize(
    ("text", "sign"),
    [
        # Negation idioms (data/idioms.tsv): the negator does not negate what follows. Each was scored with the
        # wrong sign, or all but neutral, before the idioms were read plainly.
        ("I can't resist a good thriller.", 1),
        ("No one can resist its charm.", 1),
        ("I couldn't stop laughing.", 1),
        ("It couldn't be better.", 1),
        ("It couldn't be worse.", -1),
        ("I can't wait for season two.", 1),
        ("i ca n't recommend this film highly enough .", 1),
        ("I can't say enough good things about it.", 1),
        ("It never fails to charm.", 1),
        ("It never disappoints.", 1),
        ("I can't fault the cast.", 1),
        ("There's never a dull moment.", 1),
        ("It never gets old.", 1),
        ("There is no shortage of laughs.", 1),
        ("It leaves nothing to be desired.", 1),
        ("The script leaves a lot to be desired.", -1),
        ("It is second to none.", 1),
        ("I have nothing but praise for it.", 1),
        ("It is nothing but fun.", 1),
        ("I couldn't ask for a better cast.", 1),
        ("I couldn't care less about these characters.", -1),
        ("I can't stand this show.", -1),
        # "hardly", "scarcely", "barely", "far from" before a judging word read as "not"; not before other words
        ("The dialogue is far from convincing.", -1),
        ("The jokes are hardly funny.", -1),
        ("The film is hardly original.", -1),
        ("One scarcely needs the subtitles to enjoy this colorful action farce.", 1),
        # a negator before "been/seemed/laughed ... this/so X" intensifies X
        ("I have not been this disappointed by a movie in a long time.", -1),
        ("Hasn't been quite this charming in years.", 1),
        ("Hilarity never seemed so tedious.", -1),
        ("I haven't laughed this hard in years.", 1),
        # "less than" before praise reads as "not"; "never less than" as "always"
        ("The finale is less than thrilling.", -1),
        ("The acting is less than stellar.", -1),
        ("It is never less than absorbing.", 1),
        # what is wasted is not praised
        ("It wastes a wonderful cast.", -1),
        ("It squanders its talented cast.", -1),
        ("Comedy rarely gets better than this.", 1),
        ("Acting doesn't get much worse than this.", -1),
        # what follows "rather than" is not asserted
        ("It manages to be mind-boggling rather than confusing.", 1),
        ("It comes off as annoying rather than charming.", -1),
        ("It is more strained than funny.", -1),
        ("It elicits more shrugs than laughs.", -1),
        # "Not since ... has" compares, it does not negate: what follows is praised (or damned) as it reads
        ("Not since Kurosawa's Ran have the savagery of combat and the specter of death been visualized with such "
         "operatic grandeur.", 1),
        ("Not since Bambi's mother was killed has there been a cannier movie for kids.", 1),
        ("Ten minutes in, you'll be white knuckled and unable to look away.", 1),
        ("Fans of the show could hardly ask for more.", 1),
    ],
)
def test_score_text_negation_idioms(text, sign):
    """Idioms whose negator praises (or damns) what follows get the sign a careful reader gives them."""
    assert score_text(text).value * sign > 0.1


def test_every_idiom_has_a_key_word():
    """Each row of idioms.tsv has a key word the table indexes: one row without one makes every text try every
    idiom pattern (a regular expression such as "wastes?" hides its word; 15x slower idiom reading)."""
    table = scoring._idioms()
    assert table.by_word is not None
    assert all(scoring._key_words_of(idiom.pattern) for idiom in table.idioms)


def test_plain_idioms_readings():
    """An idiom is replaced by its reading (its own groups kept); other text is returned as it is."""
    assert plain_idioms("I can\u2019t resist it") == "I can\u2019t resist it"  # the scored copy has ASCII quotes
    assert plain_idioms("I CAN'T RESIST it") == "I love it"
    assert plain_idioms("I can't recommend this film highly enough.") == "I highly recommend this film ."
    assert plain_idioms("She has never looked better.") == "She has looked excellent."
    assert plain_idioms("I cannot stand up.") == "I cannot stand up."
    assert plain_idioms("Cruise has never been this open.") == "Cruise has been very open."
    assert plain_idioms("Costner hasn't been this charming for years.") == "Costner been very charming for years."
    assert plain_idioms("The effects are less than impressive.") == "The effects are not impressive."
    assert plain_idioms("It is never less than absorbing.") == "It is always absorbing."
    assert plain_idioms("It squanders a fine supporting cast.") == "It squanders a cast."
    assert plain_idioms("It is more morbid than scary.") == "It is morbid and not scary."
    assert (plain_idioms("Not since Schindler's List has a movie moved me so.")
            == "for the first time since Schindler's List has a movie moved me so.")
    assert plain_idioms("It is hard to look away from.") == "It is riveting from."
    for text in ("He has not since made a film this good.", "I have not seen it since.", "I looked away."):
        assert plain_idioms(text) is text
    for text in ("It's more fun than Titanic.", "A good piece of work more often than not.",
                 "It's more sophisticated than the usual run."):
        assert plain_idioms(text) is text
    for text in ("It runs less than an hour.", "It's worth less than nothing.", "Less than five critics liked it.",
                 "Life is never so bad that it hurts.", "It has never been so much fun.", "I haven't seen this film.",
                 "It's never as solid as it should be."):
        assert plain_idioms(text) is text
    text = "The songs are lovely."
    assert plain_idioms(text) is text


def test_score_text_evidence_names_the_idiom():
    """The evidence names the idiom behind a reading's words, not a word the text does not hold."""
    evidence = dict(score_text("I can't resist a good thriller.").evidence)
    assert any(feature.startswith("love (read for \u201ccan't resist\u201d)") for feature in evidence)
    assert "love" not in evidence


@pytest.mark.parametrize(("edit", "message"), [
    (("contrast_blend = 0.75", "contrast_blend = 1.5"), "contrast_blend must be a number from 0 to 1, got 1.5"),
    (("contrast_weight = 0.25", 'contrast_weight = "a lot"'), "contrast_weight must be a number from 0 to 1"),
    (("contrast_weight = 0.25\n", ""), "missing key 'contrast_weight'"),
    (("outside_film_other = 0.5", "outside_film_other = -0.5"), "outside_film_other must be a number from 0 to 1"),
    (("outside_film_opinion = 0.8\n", ""), "missing key 'outside_film_opinion'"),
    (("judging_clause_probability = 0.8", "judging_clause_probability = 2"),
     "judging_clause_probability must be a number from 0 to 1, got 2"),
    (('clause_openers = ["but",', 'clause_openers = ["But so",'), "clause_openers must be a list of lower-case words"),
])
def test_rules_file_errors_are_one_line(tmp_path, monkeypatch, edit, message):
    """A broken rules file is an InputError naming the file and the key."""
    shipped = scoring.data_path("rules.toml").read_text(encoding="utf-8")
    assert edit[0] in shipped
    _assert_broken_data_file(tmp_path, monkeypatch, "rules.toml", shipped.replace(*edit), scoring._rules,
                             rf"rules.toml: {re.escape(message)}")


def _assert_broken_data_file(tmp_path, monkeypatch, name, content, loader, match):
    """``loader`` (a cached reader of ``analysis/data/<name>``) raises an InputError matching ``match`` on
    ``content``."""
    (tmp_path / name).write_text(content, encoding="utf-8")
    monkeypatch.setattr(scoring, "data_path", lambda file: tmp_path / file)
    loader.cache_clear()
    try:
        with pytest.raises(InputError, match=match):
            loader()
    finally:
        loader.cache_clear()


def test_contrast_with_no_clause_to_turn_to(monkeypatch):
    """Every clause concedes and concessions weigh nothing: no main clause, so the span keeps its own score."""
    rules = dict(scoring._rules(), contrast_weight=0.0)
    monkeypatch.setattr(scoring, "_rules", lambda: rules)
    assert scoring.contrast_sentiment(0.4, ["though", "although"], [0.5, -0.2]) is None
    # the span's and the main clause's margins, blended, turned back into a score
    model = scoring.load_model("sentiment")
    expected = model.score_of(0.25 * model.margin_from(0.4) + 0.75 * model.margin_from(-0.2))
    assert scoring.contrast_sentiment(0.4, ["", "but"], [0.5, -0.2]) == pytest.approx(expected)
    assert -0.2 < expected < 0  # on the margins, the span's own +0.4 pulls less than a plain mean's 0.25 * 0.4


@pytest.mark.parametrize(("line", "message"), [("(unclosed\tx", "not a regular expression"),
                                               ("no \\w+\t\\1", "group the pattern does not have"),
                                               ("just one field", "expected 2 tab-separated fields")])
def test_idioms_file_errors_are_one_line(tmp_path, monkeypatch, line, message):
    """A broken idioms file is an InputError naming the file and line."""
    _assert_broken_data_file(tmp_path, monkeypatch, "idioms.tsv", f"# comment\npattern\treading\n{line}\n",
                             scoring._idioms, rf"idioms.tsv:3: .*{message}")


@pytest.mark.parametrize(
    ("text", "sign"),
    [
        ("It could have been great.", -1),
        ("It would have been a masterpiece with a better ending.", -1),
        ("It tries to be funny and touching.", -1),
        ("It strains to be clever.", -1),
        # The hypothetical film is worse than the real one: praise, not a counterfactual complaint.
        ("As a director, Paxton is surprisingly brilliant, deftly sewing together what could have been a confusing "
         "and horrifying vision into a coherent film.", 1),
    ],
)
def test_score_text_counterfactual_reads_what_was_missed(text, sign):
    """Praise of a film that does not exist is criticism of the one that does; a worse film that was avoided is
    not."""
    assert score_text(text).value * sign > 0


def test_idiom_floor_trusts_the_model_on_frequent_idioms():
    """A rare idiom ("few and far between", 9 training texts) weighs its whole value in phrases.tsv (-0.35); a
    frequent one ("too long", 79) at least a quarter of it (-0.25 x 0.25) beside its learned n-grams."""
    model = scoring.load_model("sentiment")
    assert model.phrase_counts["phrase:few and far between"] < scoring._FREQUENT_IDIOM
    assert model.phrase_counts["phrase:too long"] >= scoring._FREQUENT_IDIOM
    rare = dict(score_text("The numbers are few and far between.").evidence)["few and far between"]
    frequent = dict(score_text("The film is too long.").evidence)["too long"]
    assert rare < -0.3
    assert -0.25 < frequent < 0


_IDIOM_WORDS = sorted({word for phrase, _, _ in scoring._phrases() for word in phrase.split()})


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(_IDIOM_WORDS + ["film", "the", "not", "so"]), max_size=12))
def test_phrases_found_by_key_word_are_every_phrase_found(tokens):
    """Looking only for the idioms whose key word is a token finds what searching for every idiom finds, in the
    file's order."""
    joined = " " + " ".join(tokens) + " "
    assert scoring._phrases_in(tokens) == [entry for entry in scoring._phrases() if entry[0] in joined]


def test_idiom_inner_features_are_those_only_inside_an_idiom():
    """An idiom is one unit: the n-grams wholly inside it are its own, unless they also occur outside it; n-grams
    that straddle its edge ("plays by") are the text's."""
    inner = scoring.idiom_inner_features
    assert inner(tokenize("It plays by the numbers.")) == {"by", "the", "numbers", "by the", "the numbers"}
    assert inner(tokenize("It plays by the numbers, and the numbers are great.")) == {"by", "by the"}
    assert inner(tokenize("It is not by the numbers.")) == {"not_by", "not_the", "not_numbers", "not_by not_the",
                                                            "not_the not_numbers"}
    assert inner(tokenize("The musical numbers are great.")) == frozenset()


def test_idiom_words_are_not_evidence_of_their_own():
    """The words inside an idiom weigh nothing of their own (the model was trained so: training/train.py); the idiom
    is named in the evidence once, with its whole weight."""
    evidence = score_text("It plays by the numbers.").evidence
    names = [feature for feature, _ in evidence]
    assert {"numbers", "the numbers", "by the"}.isdisjoint(names)
    assert names.count("by the numbers") == 1
    assert dict(evidence)["by the numbers"] <= -0.3  # at least its value in phrases.tsv


def test_negated_idiom_is_read_negated():
    """A negator up to two tokens before a film idiom, in its clause, negates the idiom as VADER negates a word:
    "never once overstays its welcome" is praise (it was scored as a pan, -0.97, before 2026-12-04)."""
    never = score_text("The film never once overstays its welcome.")
    plain = score_text("The film overstays its welcome.")
    assert never.value > 0 > plain.value
    assert dict(never.evidence)["overstays its welcome (negated)"] > 0.3
    assert "overstays its welcome (negated)" not in dict(plain.evidence)
    # the inflected forms are idioms too (phrases.tsv 2026.12.04)
    assert dict(score_text("It doesn't overstay its welcome.").evidence)["overstay its welcome (negated)"] > 0.2
    assert dict(score_text("The joke wore thin.").evidence)["wore thin"] <= -0.3
    negated = scoring._negated_idiom
    assert negated(tokenize("It doesn't quite fall flat."), ["fall", "flat"])
    assert not negated(tokenize("This is no exception -- it's way too long."), ["way", "too", "long"])  # 3 back
    assert not negated(tokenize("It is not bad, but it falls flat."), ["falls", "flat"])  # another clause
    assert not negated(tokenize("It is not worth it."), ["not", "worth"])  # its own negation
    assert not negated(tokenize("It never falls flat, and then it falls flat."), ["falls", "flat"])  # not each one


def test_idiom_words_against_it_are_not_read_by_vader():
    """VADER does not read "welcome" (+2.0) inside "overstays its welcome" (-0.4): the idiom is one unit, and a
    negated one is praise with no VADER word pulling it back ("never overstays" scored -0.01 before 2026-12-04c)."""
    never = score_text("The film never overstays its welcome.")
    assert never.value > 0.2
    assert not any(feature.startswith("welcome") for feature, _ in never.evidence)
    assert score_text("The film overstays its welcome.").value < -0.5
    assert score_text("It wore out its welcome long before the end.").value < -0.5
    # only the idiom's own word is left out: a "welcome" elsewhere in the text is still read
    assert dict(score_text("It overstays its welcome; a welcome change, though.").evidence).get("welcome", 0) > 0
    assert scoring._vader_text("It OVERSTAYS its  welcome.", [("phrase:overstays its welcome", -0.4)]) == \
        "It OVERSTAYS its  ."
    assert scoring._vader_text("Not worth it.", [("phrase:not worth", -0.4)]) == "Not worth it."


@pytest.mark.parametrize(("text", "sign"), [
    # a critic who cannot recommend a film pans it ("film (negated)" and "cannot" are praise in the learned part,
    # which read "I cannot recommend this film." +0.33 before phrases.tsv 2026.12.04d)
    ("I cannot recommend this film.", -1), ("Still, I can't recommend it.", -1), ("It is hard to recommend.", -1),
    ("I can't recommend it enough.", 1),  # idioms.tsv reads it "highly recommend" first
    ("Yes, it is long, but I never once checked my watch.", 1), ("I kept checking my watch.", -1),
    ("Newcomer Luis Ortega steals the show.", 1), ("It zips along.", 1), ("Every note rings true.", 1),
    ("The cast is just going through the motions.", -1), ("The script leaves a lot to be desired.", -1),
    ("I wanted to like this show.", -1), ("The whole thing is a missed opportunity.", -1),
    ("It never gets off the ground.", -1), ("It is worth a look.", 1), ("An instant classic.", 1),
    ("The only thing worth seeing is the trailer.", -1), ("Parents will be checking their watches.", -1),
])
def test_film_idioms_of_2026_12_04d(text, sign):
    """Film idioms added in phrases.tsv 2026.12.04d get a careful reader's sign."""
    assert score_text(text).value * sign > 0.1


@pytest.mark.parametrize("word", ["drab", "one-note", "underwhelming", "crowd-pleaser", "feel-good", "breezy", "soars",
                                  "catchy", "hummable", "stiff", "flat", "tuneless", "subpar", "letdown"])
def test_film_lexicon_words_of_2026_12_04(word):
    """Words of lexicon_film.tsv 2026.12.04 are read by VADER with their film sense."""
    valence = scoring._analyzer().lexicon[word]
    assert valence != 0
    assert (score_text(f"It is {word}.").vader > 0) == (valence > 0)


@pytest.mark.parametrize("text", ["It plays by the numbers.", "The jokes fall flat, but the songs are fun.",
                                  "The film never overstays its welcome.", "It wore out its welcome.",
                                  "The film never once overstays its welcome.",
                                  "A mixed bag: the numbers are fun and the story runs out of steam.",
                                  "The numbers are few and far between, and the numbers are great."])
def test_idiom_texts_batch_equals_explained(text):
    """Dropping an idiom's inner n-grams gives the same score on the explained and the batch (C) paths."""
    assert score_text(text, explain=False).value == pytest.approx(score_text(text).value)


def test_score_text_not_the_worst_is_mild():
    """"Not the worst" is at most mild praise, never strong either way."""
    assert -0.3 < score_text("Not the worst film of the year.").value < 0.4


@pytest.mark.parametrize("word", ["memorable", "great", "funny", "good", "interesting", "convincing", "clever",
                                  "exciting", "original", "moving", "engaging", "charming"])
def test_score_text_negated_praise_scores_below_the_praise(word):
    """A negated word of praise never keeps the word's own weight (the model's negated_word_factor is 0 since
    version 2026.12.02b; with 1, "not memorable" and "not moving" scored above "memorable" and "moving")."""
    plain = score_text(f"The songs are {word}.").value
    negated = score_text(f"The songs are not {word}.").value
    assert negated < plain - 0.1


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_score_text_blank_is_zero(text):
    """Blank text is 0 with no evidence."""
    assert score_text(text) == Score(0.0, 0.0, ())


@pytest.mark.parametrize(
    "text",
    ["Wonderful! " * 200, "Dreadful, awful, horrible. " * 200, "\U0001f600\U0001f621", "!!!???", "a" * 5000,
     "NOT GOOD. NOT GOOD AT ALL!!!", "does n't doesn ' t didn\u2019t"],
)
def test_score_text_in_range(text):
    """Scores are finite and within -1..1 whatever the input."""
    value = score_text(text).value
    assert math.isfinite(value) and -1.0 <= value <= 1.0


def test_score_text_raw_and_tokenised_agree():
    """Raw text (curly apostrophe, capitals) and the research data's tokenised form score the same."""
    raw = score_text("It doesn\u2019t work.").value
    assert raw == pytest.approx(score_text("It doesn't work.").value, abs=0.05)
    assert raw == pytest.approx(score_text("it does n't work .").value, abs=0.05)


def test_score_text_evidence_explains():
    """Evidence names what moved the score, strongest first, at most 8 items; rules show up by name."""
    score = score_text("The show only occasionally succeeds at making that into something moving.")
    assert score.evidence and score.evidence[0][0].startswith("hedge")
    weights = [abs(w) for _, w in score.evidence]
    assert weights == sorted(weights, reverse=True) and len(weights) <= 8
    assert score_text("It is good.", explain=False).evidence == ()


def test_score_text_evidence_names_words():
    """VADER's share of the score is given to the words VADER scored, negated ones marked."""
    names = [name for name, _ in score_text("The dancing is dazzling.").evidence]
    assert "dazzling" in names and "VADER" not in names
    names = [name for name, _ in score_text("This doesn't work so well.").evidence]
    assert "well (negated)" in names


@pytest.mark.parametrize("text", ["A dazzling, moving film.", "A dull, lifeless slog.", "Not good at all."])
def test_score_text_evidence_non_empty(text):
    """Every non-neutral score is explained."""
    score = score_text(text)
    assert abs(score.value) > 0.05 and score.evidence


def test_score_texts_matches_single():
    """The batch path gives the same values as one at a time."""
    texts = ["Great songs.", "", "The plot drags.", "Not the worst film of the year.", "I loved it \U0001f60d"]
    assert score_texts(texts) == [score_text(t) for t in texts]
    assert score_texts(texts, explain=False) == [score_text(t, explain=False) for t in texts]


def test_score_text_vader_field_is_raw_vader():
    """``Score.vader`` is VADER's own compound (with the film lexicon layer), not the fixed one."""
    text = "This doesn't work so well."
    assert score_text(text).vader == vader_scores(text)[0] > 0


def _stock_vader():
    """The stock analyzer with our lexicon (the film layer included), recording its per-word valences."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    class Recording(SentimentIntensityAnalyzer):
        def score_valence(self, sentiments, text):
            scores = super().score_valence(sentiments, text)
            scores["sentiments"] = list(sentiments)
            scores["text"] = text
            return scores

    stock = Recording()
    stock.lexicon = _analyzer().lexicon
    return stock


STOCK = _stock_vader()


def _comparable(scores: dict) -> tuple:
    # repr: -0.0 and 0.0 (and an int 0 and 0.0) must agree too, as they can change a rounded compound's sign
    return ({key: repr(scores[key]) for key in ("neg", "neu", "pos", "compound", "text")},
            [repr(valence) for valence in scores["sentiments"]])


def _assert_same_as_stock(text: str) -> None:
    assert _comparable(_analyzer().polarity_scores(text)) == _comparable(STOCK.polarity_scores(text)), text


@pytest.mark.parametrize(
    "text",
    ["VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!", "The book was kind of good.", "never so good",
     "without doubt great", "At least it isn't a horrible book.", "Today only kinda sux! But I'll get by, lol",
     "the bomb \U0001f600 cut the mustard", "It is not bad, but not great either", "no no no good",
     # "but" with equal valences before and after it: VADER scales the first equal one (issue #74), twice
     "good good but good good", "GOOD but good, no GOOD but BAD",
     # "no" before a lexicon word, "no ... or/nor", "least" after "at"/"very" and alone
     "no good or bad", "no fun nor joy", "at least good", "the very least good", "least good", "not least good",
     # idioms on either side of the word, booster n-grams, capital boosters
     "it was the shit", "yeah right great", "a kiss of death", "sort of bad ass", "just enough good", "VERY good",
     "sort of a good film", "yeah right a great film", "the bomb is good",
     # -0.0 from negating a zeroed "no": VADER's later "+ 0.0" makes it 0.0 again
     "it's not no good", "x not no good",
     # emoji next to a word and after a space; emoticons that stripping would empty; non-ASCII capitals
     "great\U0001f60dfilm \U0001f621", ":) :-( :D", "\u0130STANBUL IS GREAT", "caf\u00e9 trop BIEN", "",
     "   ", "!!!???", "???? good"],
)
def test_fast_analyzer_equals_stock_vader(text):
    """The port of VADER scores exactly like stock VADER: the four numbers and every word's valence."""
    _assert_same_as_stock(text)


def test_fast_analyzer_equals_stock_vader_on_fixture_and_seeds(seeds_dir):
    """Real review text (the hand-written fixture and the seed reviews, whole, by line, upper-cased)."""
    texts = [line.split("\t")[0] for line in (DATA / "aspect_sentences.tsv").read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")]
    for path in sorted(seeds_dir.glob("*.txt")):
        review = path.read_text(encoding="utf-8")
        texts += [review, *review.splitlines()]
    assert len(texts) > 150
    for text in texts + [text.upper() for text in texts]:
        _assert_same_as_stock(text)


# Words each of VADER's rules looks at, in both cases, with punctuation attached or not, plus lexicon words.
_VADER_WORDS = sorted({
    "no", "not", "isn't", "DON'T", "never", "so", "this", "without", "doubt", "least", "at", "very", "but", "BUT",
    "kind", "of", "sort", "just", "enough", "the", "shit", "bomb", "bad", "ass", "badass", "yeah", "right", "kiss",
    "death", "to", "die", "for", "beating", "heart", "bus", "stop", "cut", "mustard", "or", "nor", "extremely",
    "EXTREMELY", "barely", "kinda", "uber", "friggin", "hardly", "good", "GOOD", "great", "BAD", "fun", "love",
    "hate", "dull", "boring", "awful", "mess", "overlong", "mawkish", "riveting", "lol", "sux", ":)", ":(", ":-D",
    "<3", "!", "?", "!!!", "??", ",", ".", "...", "(", ")", '"', "'", "--", "caf\u00e9", "\u00dcBER", "\u0130yi",
    "\U0001f600", "\U0001f621", "\u2764", "\u200b",
    *sorted(_analyzer().lexicon)[::97],
})
_VADER_TEXT = (st.lists(st.tuples(st.sampled_from(_VADER_WORDS), st.sampled_from(["", ",", ".", "!", "?", "'"]),
                                  st.sampled_from([" ", " ", " ", "", "\n", "  "])),
                        max_size=40).map(lambda parts: "".join(w + p + s for w, p, s in parts))
               | st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80))


@settings(max_examples=400, deadline=None, derandomize=True)
@given(_VADER_TEXT)
def test_fast_analyzer_equals_stock_vader_on_random_text(text):
    """Random text built from the words VADER's rules look at, and arbitrary Unicode, scores exactly the same."""
    _assert_same_as_stock(text)
    _assert_same_as_stock(text.upper())


def test_review_sentiment_weights_opinion_and_verdict():
    """Plot summary does not count; the last quarter (the verdict) counts double; no saturation."""
    assert review_sentiment([], []) == 0.0
    assert review_sentiment([0.4], [0.2]) == 0.4
    mixed = review_sentiment([-0.8, 0.5, 0.5, 0.5], [0.0, 1.0, 1.0, 1.0])
    assert mixed > 0.3
    verdict = review_sentiment([0.2, 0.2, 0.2, -0.6], [1.0, 1.0, 1.0, 1.0])
    plain_mean = (0.2 * 3 - 0.6) / 4
    assert verdict < plain_mean
    assert -1 <= review_sentiment([1.0] * 500, [1.0] * 500) <= 1
    assert review_sentiment([0.6] * 300, [1.0] * 300) < 1.0  # a long positive review does not saturate


def test_review_sentiment_leaves_out_what_can_never_be_an_opinion():
    """A sentence under opinion.JUDGEMENT_PROBABILITY weighs nothing, so its score is never read (the batch path
    does not compute it); a text none of whose sentences reaches it still gets every sentence's say."""
    from analysis.opinion import JUDGEMENT_PROBABILITY

    below = JUDGEMENT_PROBABILITY / 2
    assert counted_sentences([below, 0.3, JUDGEMENT_PROBABILITY, 0.0]) == [1, 2]
    assert counted_sentences([below, 0.0]) == [0, 1]
    assert counted_sentences([0.0]) == [0]
    assert counted_sentences([]) == []
    assert review_sentiment([-0.9, 0.5, 0.5], [below, 1.0, 1.0]) == pytest.approx(0.5)
    assert review_sentiment([-0.9, 0.5, 0.5], [0.3, 1.0, 1.0]) < 0.5
    assert review_sentiment([None, 0.5, 0.5], [below, 1.0, 1.0]) == pytest.approx(0.5)  # not scored: never read
    with pytest.raises(ValueError, match="2 sentence scores but 3"):
        review_sentiment([0.1, 0.2], [1.0, 1.0, 1.0])
    # no sentence reaches it: weights 0.05 + p, the last sentence (the verdict quarter) double, on the margins
    margin, score = scoring.load_model("sentiment").margin_from, scoring.load_model("sentiment").score_of
    assert review_sentiment([-0.8, 0.4], [0.0, below]) == pytest.approx(score(
        (0.05 * margin(-0.8) + 2 * (0.05 + below) * margin(0.4)) / (0.05 + 2 * (0.05 + below))))


def test_sentiment_words_from_lexicon():
    """Sentiment-bearing words come from VADER's lexicon and the film layer ("good-looking")."""
    assert sentiment_words("It leaves you with some good-looking, wonderful numbers.") == ["good-looking", "wonderful"]


def test_film_words_file_errors_are_one_line(tmp_path, monkeypatch):
    """A word of film_words.txt that is not one lower-case token could never match: an InputError naming it."""
    shipped = scoring.data_path("film_words.txt").read_text(encoding="utf-8")
    _assert_broken_data_file(tmp_path, monkeypatch, "film_words.txt", shipped + "\nSpecial Effects\n",
                             scoring._film_words, r"film_words.txt:\d+: 'Special' is not one lower-case token")
    _assert_broken_data_file(tmp_path, monkeypatch, "film_words.txt", "# nothing\n", scoring._film_words,
                             r"film_words.txt: lists no words")


def test_about_film_reads_film_words_and_the_taxonomy_cues():
    """A film word, a one-word cue of the shipped taxonomy or a wildcard cue's beginning makes a text about a film;
    words about anything else do not."""
    def about(*sentences: str) -> bool:
        return scoring.about_film(tokenize(sentence) for sentence in sentences)

    assert about("Many states levy such a tax.", "The director knows it.")
    assert about("The running time is padded with needless flashbacks.")  # "flashback*" in aspects.toml
    assert about("Beautifully choreographed.")  # "choreograph*"
    assert not about("Many states levy such a tax but none collect much.", "The war has claimed a million lives.")


def test_learned_weight_outside_film():
    """Word parts count whole in a text about a film; elsewhere rules.toml's weights, by the opinion probability."""
    rules = scoring._rules()
    assert scoring.learned_weight(True, 0.0) == 1.0
    assert scoring.learned_weight(False, 0.9) == rules["outside_film_opinion"]
    assert scoring.learned_weight(False, 0.1) == rules["outside_film_other"]
    assert 0 < rules["outside_film_other"] < rules["outside_film_opinion"] < 1


def test_outside_film_the_learned_part_counts_less_and_the_evidence_says_so():
    """Critics read a devastating war story as praise: outside film text the learned part of the margin is
    scaled (learned=1 scores as film text), VADER's part is not, and the evidence names the change."""
    text = "The war has claimed a million lives, and gambling can be a ruinous addiction."
    model = scoring.load_model("sentiment")
    own, whole = score_text(text), score_text(text, learned=1.0)
    assert own.value != whole.value
    change = dict(own.evidence)
    label = next(feature for feature in change if feature.startswith("not about a film (critic-trained words"))
    weight = scoring.learned_weight(False, opinion_probability(text))
    assert f"count {weight:g})" in label
    assert model.margin_from(own.value) - model.margin_from(whole.value) == pytest.approx(change[label], abs=2e-3)
    assert not any(feature.startswith("not about a film") for feature, _ in whole.evidence)
    film = "The war film claimed a million lives, and gambling can be a ruinous addiction."
    assert not any(feature.startswith("not about a film") for feature, _ in score_text(film).evidence)
    assert score_text(text, explain=False).value == pytest.approx(own.value)


@pytest.mark.parametrize(("key", "name"), [("negation_idioms", "idioms.tsv"), ("film_lexicon", "lexicon_film.tsv"),
                                           ("film_idioms", "phrases.tsv"), ("film_words", "film_words.txt")])
def test_model_versions_name_each_word_list(key, name):
    """Each word list behind the scores has a version line, and the exports record it (model_versions)."""
    lines = data_path(name).read_text(encoding="utf-8").splitlines()
    stated = [line.split("\t", 1)[1] for line in lines if line.startswith("# version\t")]
    assert len(stated) == 1 and re.fullmatch(r"\d{4}\.\d{2}\.\d{2}[a-z]?", stated[0])
    assert scoring.model_versions()[key] == stated[0]
