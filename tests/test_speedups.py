"""The optional C speed-ups (analysis/_speedups.c) give exactly what the pure-Python code gives.

The README's test command builds them, so CI always tests both paths (and fails if they were not built); elsewhere
the comparisons are skipped with a reason when the extension is missing, and the pure-Python tests still run.
"""

from __future__ import annotations

import csv
import os
import string
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import aspects, features, scoring, speedups
from analysis.features import NEGATORS, WeightTable, tokenize, unigrams
from analysis.resources import default_taxonomy

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data"
native = speedups.native
needs_native = pytest.mark.skipif(native is None, reason="C speed-ups not built (python setup.py build_ext --inplace)")


def _sentences() -> list[str]:
    with (DATA / "opinion_review_sentences.tsv").open(encoding="utf-8") as stream:
        rows = [line for line in stream if not line.startswith("#")]
    texts = [row["text"] for row in csv.DictReader(rows, delimiter="\t")]
    with (DATA / "aspect_sentences.tsv").open(encoding="utf-8") as stream:
        texts += [line.split("\t")[0] for line in stream if not line.startswith("#") and line.strip()]
    return texts + ["It doesn't work, NOT AT ALL!!", "Not good, not bad; never dull?", "", "   ", "n't n't not"]


SENTENCES = _sentences()
# Tokens like tokenize's, and the words that change the marking: negators, scope ends, "n't" forms, repeats.
TOKENS = st.lists(st.sampled_from(sorted(NEGATORS) + sorted(features._SCOPE_END)
                                  + ["good", "bad", "isn't", "n't", "film", "not_good", "a", "a b", "\u00e9t\u00e9"]),
                  max_size=40)


def test_ci_builds_the_speed_ups():
    """CI runs the README's test command, which builds the extension: a missing build must not pass unnoticed."""
    if os.environ.get("CI") != "true":
        pytest.skip("only CI must have the extension built")
    assert speedups.BUILT, "CI must test the C speed-ups: run python setup.py build_ext --inplace first"


def test_the_environment_switch_turns_the_speed_ups_off():
    """CRITIC_CONSENSUS_PURE_PYTHON=1 runs the pure-Python code (what the speed benchmark compares against)."""
    code = "from analysis import speedups; print(speedups.BUILT, speedups.native)"
    env = dict(os.environ, CRITIC_CONSENSUS_PURE_PYTHON="1")
    found = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True,
                           text=True).stdout.split()
    assert found == ["False", "None"]


@needs_native
@settings(max_examples=300, deadline=None)
@given(TOKENS)
def test_ngrams_equal_the_python_code(tokens):
    assert native.ngrams(tokens, features._SCOPE_END, NEGATORS) == features._ngrams(tokens)


@needs_native
@settings(max_examples=300, deadline=None)
@given(TOKENS)
def test_feature_summary_equals_the_python_code(tokens):
    """Count, both sums (to the last bit) and unigrams, with weights for some unigrams and bigrams; None (the
    Python code's turn) only for a token that tokenize never makes (not ASCII, or holding a space)."""
    first = {"good": 1.5, "not_good": -1.0, "not_good film": 0.3, "a a": 2.0, "a b": -3, "n't not_good": 0.7}
    second = {"good": 0.25, "not_good": -0.5, "good !": 0.125, "not_good film": 0.1, "n't not_good": -0.7}
    weights = WeightTable(first, second, compiled=False).weights
    table = native.weight_table(first, second, False)
    sparse = features._ngrams(tokens)
    expected_sums = sum(weights.get(feature, 0j) for feature in sparse)
    expected = (len(sparse), expected_sums, unigrams(sparse))
    found = native.features(tokens, features._SCOPE_END, NEGATORS, table)
    if all(token.isascii() and " " not in token for token in tokens):
        assert found == expected
        assert native.sums(sparse, table) == expected_sums
    else:
        assert found is None
    assert WeightTable(first, second).summary(tokens) == expected
    assert WeightTable(first, second).sums(sparse) == expected_sums
    assert WeightTable(first, second, compiled=False).summary(tokens) == expected


def _unmarked_sums(first: dict, second: dict, sparse: list[str]) -> complex:
    """The sums a table with an unmarked second model must give, written out plainly: the first model's weights
    of the features, left to right, and the second's of their unmarked forms, each form once."""
    real = 0.0
    for feature in sparse:
        real += first.get(feature, 0.0)
    imaginary = 0.0
    for plain in dict.fromkeys(features.unmarked(feature) for feature in sparse):
        imaginary += second.get(plain, 0.0)
    return complex(real, imaginary)


def test_unmarked_strips_every_negation_mark():
    assert features.unmarked("not_a not_fan") == "a fan"
    assert features.unmarked("never not_been") == "never been"
    assert features.unmarked("not_good !") == "good !"
    assert features.unmarked("cannot") == "cannot"
    assert features.unmarked("good") == "good"


@settings(max_examples=300, deadline=None)
@given(TOKENS)
def test_unmarked_second_model_sums(tokens):
    """With ``second_unmarked`` the second part reads each unmarked form once ("good ... not good" counts "good"
    once), the first part the marked features; the C code (when built) and the Python code give the same bits."""
    first = {"good": 1.5, "not_good": -1.0, "not_good film": 0.3, "a a": 2.0, "a b": -3, "n't not_good": 0.7}
    second = {"good": 0.25, "good film": 0.1, "n't good": -0.7, "good !": 0.125, "a": 0.5, "film": 0.0625}
    sparse = features._ngrams(tokens)
    expected = (len(sparse), _unmarked_sums(first, second, sparse), unigrams(sparse))
    for compiled in (False, True):
        table = WeightTable(first, second, second_unmarked=True, compiled=compiled)
        assert table.summary(tokens) == expected
        assert table.sums(sparse) == expected[1]
    if native is not None and all(token.isascii() and " " not in token for token in tokens):
        found = native.features(tokens, features._SCOPE_END, NEGATORS, native.weight_table(first, second, True))
        assert found == expected


@needs_native
def test_feature_summary_on_review_sentences_with_the_shipped_models():
    """The shipped models' table: every review sentence of the fixtures gives what ngrams + ngram_sums give."""
    table = scoring._paired()
    sentiment, opinion = (scoring.load_model(name) for name in ("sentiment", "opinion"))
    assert opinion.ignores_negation and not sentiment.ignores_negation
    for text in SENTENCES:
        tokens = tokenize(text)
        sparse = features._ngrams(tokens)
        expected = _unmarked_sums(dict(sentiment.weights), dict(opinion.weights), sparse)
        assert table.summary(tokens) == (len(sparse), expected, unigrams(sparse)), text
        assert table.sums(sparse) == expected, text
        assert opinion.margin(sparse, {}) == opinion.margin_of(len(sparse), expected.imag, {}), text


@needs_native
@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=string.printable + "\u00e9\u2019\x1c\x1f\x85\u3000", max_size=80))
def test_vader_words_equal_the_python_code(text):
    """VADER's word split: the same words for ASCII text (white space includes \\x1c-\\x1f, as str.split's
    does); None for other text, which the Python code splits."""
    analyzer = scoring._analyzer()
    punctuation = string.punctuation
    expected = [s if len(s := token.strip(punctuation)) > 2 else token for token in text.split()]
    found = native.vader_words(text)
    assert found == (expected if text.isascii() else None)
    assert analyzer.words(text) == expected


@needs_native
def test_bad_arguments_raise_type_errors():
    """Wrong types are a TypeError, never a crash."""
    scope, negators = features._SCOPE_END, NEGATORS
    with pytest.raises(TypeError):
        native.ngrams(("a", "b"), scope, negators)
    with pytest.raises(TypeError):
        native.ngrams(["a", 1], scope, negators)
    with pytest.raises(TypeError):
        native.features(["a"], scope, negators, {"a": 1j})
    with pytest.raises(TypeError):
        native.sums(["a"], {"a": 1j})
    with pytest.raises(TypeError):
        native.word_sums(("a",), native.weight_table({}, {}, False))
    with pytest.raises(TypeError):
        native.weight_table({1: 1.0}, {}, False)
    with pytest.raises(TypeError):
        native.weight_table({"a": "x"}, {}, False)
    with pytest.raises(TypeError):
        native.weight_table({"a": 1.0})
    with pytest.raises(TypeError):
        native.vader_words(b"bytes")
    with pytest.raises(TypeError):
        native.tokens(b"bytes")
    with pytest.raises(TypeError):
        native.normalise(None)
    with pytest.raises(TypeError):
        native.met([(("a",),)], " a ")
    with pytest.raises(TypeError):
        native.met(((("a", 1),),), " b ")
    with pytest.raises(TypeError):
        native.met(((("a",),),), " caf\u00e9 ")
    with pytest.raises(TypeError):
        native.met_indices([], " a ")
    with pytest.raises(TypeError):
        native.cue_tokens(b"a", frozenset(), ())
    with pytest.raises(TypeError):
        native.cue_tokens("a", ["a"], ())
    with pytest.raises(TypeError):
        native.cue_tokens("a", frozenset(), ("a", 1))
    with pytest.raises(TypeError):
        native.vader_valence((1, 2), "a")
    with pytest.raises(TypeError):
        native.vader_valence([1, "x"], "a")
    with pytest.raises(TypeError):
        native.vader_valence([1], b"a")
    with pytest.raises(TypeError):
        native.span_margin(native.weight_table({}, {}, False), "a", [], 0, 0.0)
    with pytest.raises(TypeError):
        native.span_margin(scoring._span_context(), "a", ("a",), 0, 0.0)
    with pytest.raises(TypeError):
        native.span_margin(scoring._span_context(), b"a", [], 0, 0.0)
    with pytest.raises(TypeError):
        native.span_context({}, {}, {}, frozenset(), frozenset())


@needs_native
@pytest.mark.slow
def test_score_output_is_the_same_without_the_speed_ups(tmp_path):
    """The whole `score` command, with and without the extension, writes the same bytes."""
    source = tmp_path / "reviews.csv"
    with source.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["id", "text"])
        for index in range(0, len(SENTENCES), 4):
            writer.writerow([index, " ".join(SENTENCES[index:index + 4])])
    outputs = []
    for pure in ("", "1"):
        target = tmp_path / f"out{pure}.csv"
        env = dict(os.environ, CRITIC_CONSENSUS_PURE_PYTHON=pure)
        subprocess.run([sys.executable, "-m", "analysis", "score", str(source), "--text-column", "text", "-o",
                        str(target)], cwd=ROOT, env=env, check=True, capture_output=True)
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]
    assert outputs[0].count(b"\n") == len(range(0, len(SENTENCES), 4)) + 1


def _trigger_tests() -> list[tuple]:
    """Every requirement test of the shipped taxonomy's prefilter (aspect groups and idioms), plus edge cases."""
    from analysis.aspects import compile_matcher
    from analysis.resources import default_taxonomy

    prefilter = compile_matcher(default_taxonomy()).prefilter
    tests = [found.alternatives for _, found in prefilter.groups]
    tests += [found.alternatives for listed in prefilter.phrase_triggers.values() for found in listed]
    return tests + [(), ((),), ((("",),),), (((" caf\u00e9 ", " song "),),)]


TRIGGER_TESTS = _trigger_tests()
WORDS = st.sampled_from(["song", "songs", "actor", "acting", "plot", "dance", "funny", "the", "a", "score",
                         "musical", "numbers", "co-star", "lip", "sync", "pace", "tear", "x"])


@needs_native
@settings(max_examples=300, deadline=None)
@given(st.lists(WORDS | st.text(alphabet=string.ascii_letters + "-'.,!", max_size=8), max_size=15))
def test_trigger_tests_equal_the_python_code(words):
    """The aspect prefilter's requirement tests: the same answer for each group, and the same indices at once."""
    from analysis.triggers import met, normalise

    normalised = normalise(" ".join(words))
    expected = []
    for index, alternatives in enumerate(TRIGGER_TESTS):
        assert native.met(alternatives, normalised) == met(alternatives, normalised)
        if met(alternatives, normalised):
            expected.append(index)
    assert native.met_indices(tuple(TRIGGER_TESTS) + (None,), normalised) == (*expected, len(TRIGGER_TESTS))


@needs_native
@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="abz09-'.,;:!? \u00e9\u0130\u2019K\U0001f600_A", max_size=60))
def test_tokens_equal_the_regular_expression(text):
    """The token scanner is features._TOKEN.findall, on any text (the tokenizer lower-cases it first)."""
    assert native.tokens(text) == features._TOKEN.findall(text)
    assert native.tokens(text.lower()) == features._TOKEN.findall(text.lower())


@needs_native
@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["good", "not_good", "bad", "not_bad", "film", "zero", "only_first", "\u00e9t\u00e9"]),
                max_size=20))
def test_word_sums_equal_the_python_code(words):
    """Word weights (first part: presence counts, a weight of 0 too) and negated valences (second part: only
    non-zero ones count), summed in order to the last bit; None (the Python code's turn) for a non-ASCII word."""
    first = {"good": 0.5, "not_good": -0.25, "bad": -0.75, "zero": 0.0, "only_first": 1e-3, "\u00e9t\u00e9": 0.1}
    second = {"not_good": 0.4, "not_bad": -0.6, "zero": 0.0, "film": 0.0}
    expected = WeightTable(first, second, compiled=False).word_sums(words)
    found = native.word_sums(words, native.weight_table(first, second, False))
    assert found == (expected if all(word.isascii() for word in words) else None)
    assert WeightTable(first, second).word_sums(words) == expected


@needs_native
def test_word_sums_on_review_sentences_with_the_shipped_models():
    table, pure = scoring._word_table(), WeightTable(*scoring._word_table_parts(), compiled=False)
    for text in SENTENCES:
        words = unigrams(features._ngrams(tokenize(text)))
        assert table.word_sums(words) == pure.word_sums(words), text


def test_an_out_of_date_build_is_not_used_and_score_says_so(tmp_path):
    """An extension built from an older _speedups.c (another API) is ignored: pure Python, one notice, same rows."""
    source = tmp_path / "in.csv"
    source.write_text("id,text\n1,The songs are wonderful.\n", encoding="utf-8")
    code = ("import sys, types; stale = types.ModuleType('analysis._speedups'); stale.API = 0; "
            "sys.modules['analysis._speedups'] = stale; from analysis import speedups; "
            "print(speedups.BUILT, speedups.STALE, file=sys.stderr); from analysis.cli import main; "
            f"sys.exit(main(['score', {str(source)!r}, '--text-column', 'text', '-o', {str(tmp_path / 'out.csv')!r}]))")
    # Whatever this run's own switch says: the check under test reads the build's API, not the switch.
    env = {k: v for k, v in os.environ.items() if k != "CRITIC_CONSENSUS_PURE_PYTHON"}
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr
    assert run.stderr.splitlines()[0] == "False True"
    assert "notice: the built C speed-ups are out of date" in run.stderr
    assert (tmp_path / "out.csv").read_text(encoding="utf-8").count("\n") == 2


@needs_native
@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=string.printable + "_\x00\x7f", max_size=60))
def test_normalise_equals_the_python_code(text):
    """The trigger tests' normalised text: the same string as the Python code's, for any ASCII text."""
    from analysis.triggers import _ASCII_WORDS

    expected = f" {' '.join(text.encode('ascii').translate(_ASCII_WORDS).decode('ascii').split())} "
    assert native.normalise(text) == expected
    assert native.normalise(text + "\u00e9") is None


# Words that take VADER's rules: negators, boosters (in capitals too), "no", "least", "kind of", idioms, "but".
VADER_WORDS = st.sampled_from([
    "good", "GOOD", "bad", "Great", "not", "isn't", "never", "so", "this", "without", "doubt", "no", "or", "nor",
    "very", "VERY", "extremely", "kind", "of", "sort", "least", "at", "the", "bomb", "shit", "bad", "ass", "yeah",
    "right", "kiss", "death", "to", "die", "for", "beating", "heart", "just", "enough", "but", "funny", "dull",
    "fun", "film", "hardly", "barely", "dont", "ain't", "bus", "stop", "BAD", "Awful", "lovely", ":)", "n't",
])


@needs_native
@settings(max_examples=1000, deadline=None)
@given(st.lists(VADER_WORDS, max_size=14))
def test_vader_valences_equal_the_python_code(words):
    """VADER's per-word valences (booster, negation, "never so", "without doubt", idioms, "least", capitals): the
    same numbers as the Python port's loop, on texts made of the words its rules look at."""
    analyzer = scoring._analyzer()
    lowered = [word.lower() for word in words]
    for cap_differential in (False, True):
        expected = analyzer.sentiments(words, lowered, cap_differential)
        found = native.vader_sentiments(words, lowered, cap_differential, analyzer.lexicon, analyzer._boosters,
                                        analyzer._special_cases, analyzer._negators, analyzer._idiom_words,
                                        analyzer.n_scalar, analyzer._c_incr)
        assert list(map(repr, found)) == list(map(repr, expected))  # an int 3 and 3.0, -0.0 and 0.0 differ too


@needs_native
def test_vader_scores_on_review_sentences_equal_the_python_code():
    """Whole polarity_scores with and without the C loop, on the fixture sentences and their capitalised forms."""
    analyzer = scoring._analyzer()
    for text in SENTENCES + [text.upper() for text in SENTENCES[:50]] + [text.title() for text in SENTENCES[:50]]:
        scores = analyzer.polarity_scores(text)
        words = analyzer.words(text.strip())
        lowered = [word.lower() for word in words]
        count, capitals = len(words), sum(map(str.isupper, words))
        expected = analyzer.sentiments(words, lowered, 0 < count - capitals < count)
        if "but" in lowered:
            analyzer._but_check(lowered.index("but"), expected)
        expected_scores = analyzer.score_valence(expected, text.strip())
        assert repr(scores) == repr(expected_scores), text


def _python_valence(sentiments: list, text: str) -> tuple:
    """scoring._Vader.score_valence's four scores from its pure-Python code."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(scoring, "native", None)
        scores = scoring._analyzer().score_valence(list(sentiments), text)
    return scores["neg"], scores["neu"], scores["pos"], scores["compound"]


VALENCES = st.lists(st.one_of(st.sampled_from([0, 0, 0, 1, 2, 3, -1, -2, 0.5, -1.5, 0.25, -0.0]),
                              st.floats(min_value=-4, max_value=4, allow_nan=False)), max_size=70)


@needs_native
@settings(max_examples=2000, deadline=None)
@given(VALENCES, st.integers(0, 6), st.integers(0, 5))
def test_vader_valence_equals_the_python_code(sentiments, exclamations, questions):
    """VADER's four rounded scores from the per-word valences and the text's "!" and "?": the same floats (repr:
    -0.0 and 0.0 differ) as the Python port's code, which VADER's score_valence is."""
    text = "a" + "!" * exclamations + " b" + "?" * questions
    found = native.vader_valence(list(sentiments), text)
    assert list(map(repr, found)) == list(map(repr, _python_valence(sentiments, text)))


@needs_native
def test_vader_valence_rounds_ties_as_python_does():
    """Scores that fall on a rounding tie (one valence of 1 among 30 neutral words: pos = 2/32 = 0.0625, which
    Python's round() makes 0.062) and every share k/n up to n = 400: the same floats as round()."""
    assert native.vader_valence([1] + [0] * 30, "x")[2] == 0.062 == round(2 / 32, 3)
    for neutral in range(400):
        for valence in (1, -1, 2, 0.5, 3, -2.5):
            sentiments = [valence] + [0] * neutral
            found = native.vader_valence(sentiments, "x")
            assert list(map(repr, found)) == list(map(repr, _python_valence(sentiments, "x")))


# Words that take the negation scope's rule too: its negators, the openers that exempt them, the words that close
# it, tokens with the punctuation and brackets it strips and the clause ends that stop it.
SPAN_WORDS = st.one_of(VADER_WORDS, st.sampled_from([
    "not", "No", "cannot", "nor", "neither", "doesn't", "DOESN'T", "only", "just", "to", "least", "yet", "though",
    "However,", "while", "except", "well", "work", "good,", "(good", '"bad"', "well.", "--", "great--", "fun;",
    "Dull!", "happy?", "[lovely]", "*great*", "_fine_", "`not", "n't", "love", "hate", "BEST", "worst", ":",
]))


def _python_margin(text: str, words: list[str], count: int, ngram_sum: float) -> tuple[float, float, float]:
    """What span_margin gives, from the pieces scoring._score uses without it (each checked against its own
    pure-Python code above): VADER's scores, the dense features with the negation scope, the model's margin."""
    raw = scoring._analyzer().polarity_scores(text)
    dense, _, word_sums = scoring._dense(raw, words)
    model = scoring.load_model("sentiment")
    return (model.margin_of(count, ngram_sum, dense, word_sums=word_sums), raw["compound"],
            model.learned_part(count, ngram_sum, word_sums))


def _span_margin(text: str) -> tuple:
    count, sums, words = scoring.span_features(tokenize(text))
    found = native.span_margin(scoring._span_context(), text, words, count, sums.real)
    return found, _python_margin(text, words, count, sums.real)


@needs_native
@settings(max_examples=1500, deadline=None)
@given(st.lists(SPAN_WORDS, max_size=25), st.sampled_from([" ", "  ", "\t", " \n ", "\x1c", "\x0b"]))
def test_span_margin_equals_the_python_code(words, separator):
    """A span's margin, VADER compound and learned part in one C call: the same floats (repr) as the Python pieces,
    on texts made of the words VADER's rules and the negation scope look at."""
    found, expected = _span_margin(separator + separator.join(words))
    assert repr(found) == repr(expected)


@needs_native
def test_span_margin_on_review_sentences_and_scores_equal_the_python_code():
    """The fixture sentences, capitalised too: span_margin equals the Python pieces, and score_text without
    evidence (the batch path) gives the same Score with it and without it."""
    texts = SENTENCES + [text.upper() for text in SENTENCES[:50]] + [text.title() for text in SENTENCES[:50]]
    for text in texts:
        if text.strip():
            found, expected = _span_margin(text)
            assert repr(found) == repr(expected), text
    with_c = [scoring.score_text(text, explain=False) for text in texts]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(scoring, "_span_context", lambda: None)
        without = [scoring.score_text(text, explain=False) for text in texts]
    assert with_c == without


@needs_native
def test_span_margin_leaves_text_that_is_not_ascii_to_the_python_code():
    context = scoring._span_context()
    assert native.span_margin(context, "caf\u00e9 is good", ["good"], 1, 0.0) is None
    assert native.span_margin(context, "good", ["caf\u00e9"], 1, 0.0) is None
    assert native.span_margin(context, "good", ["good"], 1, 0.0) is not None


CUE_TEXT = st.text(alphabet="aAbB-'_ .,9" + "sSoOnNgG", max_size=60)


@needs_native
@settings(max_examples=1000, deadline=None)
@given(CUE_TEXT, st.sampled_from([(), ("so",), ("son", "b"), ("a-b",)]))
def test_cue_tokens_equal_the_python_code(text, stem_prefixes):
    """The tokens AspectMatcher.find acts on (offset and token as written; cue words, stems, hyphenated words), on
    text of letters of both cases, digits, hyphens, apostrophes and "_": the same as the regular expressions'."""
    acted_on = frozenset({"song", "a", "bb", "9", "a'b"})
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(aspects, "native", None)
        expected = aspects._cue_tokens(text, acted_on, stem_prefixes)
    assert native.cue_tokens(text, acted_on, stem_prefixes) == expected


@needs_native
def test_aspects_on_review_sentences_equal_the_python_code():
    """Every aspect and cue the shipped taxonomy finds in the fixture sentences (and their capitalised forms): the
    same with and without the C token pass."""
    matcher = aspects.compile_matcher(default_taxonomy())
    texts = SENTENCES + [text.upper() for text in SENTENCES[:50]] + [text.title() for text in SENTENCES[:50]]
    found = [matcher.find(text) for text in texts]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(aspects, "native", None)
        assert [matcher.find(text) for text in texts] == found
    assert sum(bool(f) for f in found) > 100  # the sentences do mention aspects
