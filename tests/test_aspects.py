"""Tests for analysis/aspects.py: cue matching, people, carry-over."""

from __future__ import annotations

import pytest

from analysis.aspects import CARRIED, compile_matcher, find_people, tag_clauses
from analysis.model import Sentence
from analysis.resources import default_taxonomy
from analysis.segment import split_clauses, split_sentences


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
        # Humor.
        ("Nobody can crack funny jokes here.", {"humor"}),
        # Emotion.
        ("It only occasionally succeeds at being moving.", {"emotion"}),
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
