"""Tests for analysis/aspects.py: cue matching, people, carry-over."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from analysis.aspects import CARRIED, compile_matcher, find_people, tag_clauses, tag_wanted_sentences
from analysis.model import Sentence
from analysis.resources import default_taxonomy
from analysis.segment import split_clauses, split_sentences

from .conftest import DATA


@pytest.fixture(scope="module")
def matcher():
    return compile_matcher(default_taxonomy())


@pytest.mark.parametrize(
    ("text", "aspects"),
    [
        # Musical numbers, lip-syncing and singing are music.
        ("The musical numbers are oddly few and far between.", {"music"}),
        ("The actors mostly lip-sync the songs.", {"acting", "music"}),
        ("Here the characters experience all this while lip-syncing.", {"story", "music"}),
        # Dance and choreography.
        ("All credit goes to the choreographer.", {"dance"}),
        ("Her delicate dancing is a joy.", {"dance"}),
        # Pacing, including a multi-word pattern.
        ("Scenes keep going on way too long.", {"pacing"}),
        ("The second half drags.", {"pacing"}),
        # "it is long" and "two hours long" are pacing; "long on style", "long ago", "long overdue" are not
        ("Yes, it is long, but I never once checked my watch.", {"pacing"}),
        ("At 160 minutes long, it tests you.", {"pacing"}),
        ("It was long ago.", set()),
        ("The sequel is long overdue.", set()),
        # the running time, and a welcome outstayed, are pacing; a time of day is not
        ("At 82 minutes, it never wears out its welcome.", {"pacing"}),
        ("The film overstays its welcome.", {"pacing"}),
        ("He arrives at 9 minutes past ten.", set()),
        # a dance routine is dance; a routine procedural, or a standup routine, is not
        ("Her dance routines are dazzling.", {"dance"}),
        ("I expected a routine procedural.", set()),
        # Humor.
        ("Nobody can crack funny jokes here.", {"humor"}),
        # Emotion.
        ("It only occasionally succeeds at being moving.", {"emotion"}),
        ("A deeply moving portrait.", {"emotion"}),
        # "moving" as motion or pace is not emotion.
        ("The family is moving to Boston.", set()),
        ("He fires at a moving target.", set()),
        ("It keeps things moving.", set()),
        ("He is a menace when he\u2019s moving.", set()),
        ("She is a blur while they are moving.", set()),
        ("She is moving as the widow.", {"emotion"}),
        # "a number of" is not a musical number.
        ("A number of scenes are set in Boston.", set()),
        # "plays out" is not acting; "plays the lead" is.
        ("The show plays out two plotlines.", {"story"}),
        ("She plays the mother with wit.", {"acting", "humor"}),
        # "comic book" is not humor.
        ("He reads comic strips.", set()),
        # A capitalised cue inside a name is part of the name, not an aspect.
        ("He dropped out of the Berklee College of Music.", set()),
    ],
)
def test_matcher_find_aspects(matcher, text, aspects):
    """Cue terms and patterns find the aspects a reader would tag."""
    assert set(matcher.find(text)) == aspects


def test_matcher_find_ignores_film_title(matcher):
    """The film's own title is not an aspect cue (a show called "Soundtrack" is not about its score)."""
    assert matcher.find("Soundtrack is fun.", ignore=frozenset({"soundtrack"})) == {}
    assert set(matcher.find("The soundtrack is fun.")) == {"music"}


def test_find_people_from_parentheses():
    """"Character (Actor)" gives actor names (full and surname) and character names."""
    people = find_people(["Sam Hudson (Paul James) meets Eleanor \u201cNellie\u201d O'Brien (Callie Hernandez)."])
    assert {"Paul James", "James", "Callie Hernandez", "Hernandez"} <= people.actors
    assert {"Sam", "Hudson", "Nellie"} <= people.characters


@pytest.mark.parametrize(("text", "actors", "characters"), [
    ("Ben Ashworth plays Tom, a retired detective.", {"Ben Ashworth", "Ashworth"}, {"Tom"}),
    ("Kate Morrow, who plays the diner's owner, is dry.", {"Kate Morrow", "Morrow"}, set()),
    ("Meryl Streep stars as a prime minister.", {"Meryl Streep", "Streep"}, set()),
    ("Tom, played by Ben Ashworth, is sad.", {"Ben Ashworth", "Ashworth"}, {"Tom"}),
    ("The lead is Forrest, played by Tom Hanks.", {"Tom Hanks", "Hanks"}, {"Forrest"}),  # not "Hanks."
    ("The film, starring Ben Ashworth, Sara Lee and Jane Doe, is long.",
     {"Ben Ashworth", "Ashworth", "Sara Lee", "Lee", "Jane Doe", "Doe"}, set()),
    ("Meryl Streep as Margaret Thatcher is a marvel.", {"Meryl Streep", "Streep"}, {"Margaret", "Thatcher"}),
    ("In \u0130stanbul, Ben Ashworth Plays Tom.", {"Ben Ashworth", "Ashworth"}, {"Tom"}),  # lower() lengthens \u0130
    # not a part: a director "plays with" expectations, a show "plays it safe"; one name word is not enough
    ("Steven Spielberg plays with our expectations.", set(), set()),
    ("The Netflix Series plays it safe.", set(), set()),
    ("Spielberg plays Tom.", set(), set()),
    ("Jenna Dewan shows up as a dancer.", set(), set()),
])
def test_find_people_from_casting_words(text, actors, characters):
    """A full name next to a casting word ("plays", "stars as", "played by", "starring", "as") is an actor."""
    people = find_people([text])
    assert people.actors == actors
    assert people.characters == characters


def test_named_actor_is_an_acting_cue_without_parentheses(matcher):
    """"Ashworth is terrific" is about the acting once "Ben Ashworth plays Tom" has named him."""
    text = "Ben Ashworth plays Tom. Ashworth is terrific."
    people = find_people([text])
    clauses = [c for s in split_sentences(text) for c in split_clauses(s)]
    assert tag_clauses(clauses, matcher, people=people)[1] == {"acting": ["Ashworth"]}


def test_tag_clauses_people_are_acting_cues(matcher):
    """An actor's surname later in the text is a cue for acting."""
    text = "Sam (Paul James) is sad. James is superb."
    people = find_people([text])
    clauses = [c for s in split_sentences(text) for c in split_clauses(s)]
    tags = tag_clauses(clauses, matcher, people=people)
    assert "acting" in tags[1] and tags[1]["acting"] == ["James"]


def test_tag_clauses_carry_within_sentence(matcher):
    """A clause with no cue carries the aspects of the clause before it ("catchy, though overused")."""
    text = "The songs are catchy, though overused."
    clauses = split_clauses(Sentence("r", 0, 0, len(text), text))
    tags = tag_clauses(clauses, matcher)
    assert len(clauses) == 2
    assert tags[1] == {"music": [CARRIED]}


def test_tag_clauses_carry_pronoun_to_next_sentence(matcher):
    """A sentence opening with a pronoun carries the previous sentence's aspects, within a paragraph only."""
    text = "The choreography is bold. It is also exhausting.\n\nIt rains."
    paragraphs: list[int] = []
    clauses = [c for s in split_sentences(text, paragraphs=paragraphs) for c in split_clauses(s)]
    tags = tag_clauses(clauses, matcher, paragraphs=paragraphs)
    assert tags[1] == {"dance": [CARRIED]}
    assert tags[2] == {}


def _fixture_sentences() -> list[str]:
    lines = (DATA / "aspect_sentences.tsv").read_text(encoding="utf-8").splitlines()
    return [line.split("\t")[0] for line in lines if line and not line.startswith("#")]


# Sentences that carry aspects (pronoun openings, no cue) next to ones that give them, so chains of carrying occur.
_CARRY_TEXT = st.lists(st.sampled_from(_fixture_sentences()[:40] + [
    "It is dazzling.", "It drags, but it is fun.", "They are superb.", "This is the best part.", "\n\n",
    "The songs are catchy, though overused.", "Sam (Paul James) sings.", "James is superb.", "It rains."]),
    max_size=12).map(" ".join)


@settings(max_examples=150, deadline=None, derandomize=True)
@given(text=_CARRY_TEXT, mask=st.lists(st.booleans(), min_size=30, max_size=30))
@example(text="The songs are catchy.\n\nIt is dazzling. It drags.", mask=[True] * 30)  # no carry across paragraphs
@example(text="The songs are catchy. Sam sings. It is dazzling. It drags.", mask=[False, False, False, True] * 8)
def test_tag_wanted_sentences_same_as_tag_clauses(text, mask, matcher):
    """Tagging only the wanted sentences (and those they carry aspects from) gives tag_clauses' tags for them,
    and leaves the other sentences unsplit unless a wanted one refers back to them."""
    paragraphs: list[int] = []
    sentences = split_sentences(text, paragraphs=paragraphs)
    people = find_people([text])
    clauses = [c for s in sentences for c in split_clauses(s)]
    everything = tag_clauses(clauses, matcher, people=people, paragraphs=paragraphs)
    wanted = mask[:len(sentences)] + [False] * (len(sentences) - len(mask))
    split: list[int] = []

    def sentence_clauses(index):
        split.append(index)
        return split_clauses(sentences[index])

    tagged = tag_wanted_sentences(sentence_clauses, wanted, matcher, people=people, paragraphs=paragraphs)
    assert sorted(tagged) == [i for i, w in enumerate(wanted) if w]
    for index, tags in tagged.items():
        assert tags == [t for c, t in zip(clauses, everything, strict=True) if c.sentence == index]
    for index in set(split) - set(tagged):  # split only because the next sentence carries from it
        assert index + 1 in split
