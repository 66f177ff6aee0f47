"""Aspects: which aspects of the film each clause talks about, and the words that said so.

Cue terms and patterns come from the taxonomy (``analysis/data/aspects.toml``), compiled once into one regular
expression with a named group per aspect. People count: "Character (Actor)" parentheses in the texts give actor
names (cues of the aspects marked ``people = true``, i.e. acting) and character names (``characters = true``,
i.e. story). A clause with no cue of its own carries the aspects of the clause before it in the same sentence
("The songs are catchy, though overused"), and a sentence that opens with a pronoun and has no cue carries the
aspects of the previous sentence in the same paragraph ("Her showpiece ... / It is dazzling"); carried aspects are
marked with the cue ``(carried)``.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence, Set
from dataclasses import dataclass, field

from .model import Clause
from .resources import Taxonomy
from .speedups import native
from .triggers import TYPOGRAPHIC_MARKS, Triggers, ascii_view, normalise, triggers

__all__ = ["AspectMatcher", "CARRIED", "People", "compile_matcher", "find_people", "tag_clauses",
           "tag_wanted_sentences"]

CARRIED = "(carried)"

# Bounded (names are short): unbounded, a long run of capitals made find_people quadratic (20k characters, 14 s).
_NAME = r"[A-Z][\w'\u2019.-]{0,40}[\w.]"
# An actor's name word has lower-case letters ("Hernandez", "O'Brien", "McAdams"), unlike "II" or "USA".
_PERSON_WORD = r"[A-Z](?:[a-z\u00df-\u00ff]|['\u2019.-][A-Z])[\w'\u2019.-]*"
# An actor's full name: two to four name words. A part (a character's name): one to three.
_FULL_NAME = rf"{_PERSON_WORD}(?:\s+{_PERSON_WORD}){{1,3}}"
_PART = rf"{_PERSON_WORD}(?:\s+{_PERSON_WORD}){{0,2}}"
# "Sam Hudson (Paul James)", "Eleanor “Nellie” O’Brien (Callie Hernandez)", "his mom (Madeleine Stowe)".
_CAST = re.compile(
    rf"(?:(?P<character>{_NAME}(?:\s+(?:[\u201c\"'][^\u201d\"'()]{{1,30}}[\u201d\"']\s+)?{_NAME}){{0,3}})\s+)?"
    rf"\((?P<actor>{_FULL_NAME})\)"
)
_CAST_START = re.compile(r"\([A-Z]")
# "Ben Ashworth plays Tom", "Meryl Streep stars as Margaret Thatcher", "Tom, played by Ben Ashworth", "starring Ben
# Ashworth", "Meryl Streep as Margaret Thatcher": a full name (two to four name words) next to a casting word. After
# "plays" or "portrays" comes the part, a name or an article ("plays a retired detective"), never "with", "it" or
# "out" ("Steven Spielberg plays with our expectations"); "as" alone needs a full name on both sides. "Starring" may
# name several ("starring A, B and C"). The casting words are found first, with str.find in the lower-cased text,
# and names are looked for beside them only: patterns that start with a name, or one alternation of the casting
# words, are tried at every position of a review (~0.2-0.3 ms a review, against ~0.06 ms).
_CASTING_WORDS = (
    *((word, "played_by") for word in ("played by ", "portrayed by ")),
    *((word, "plays") for word in ("plays ", "played ", "portrays ", "portrayed ")),
    *((f"{word} as ", "stars_as") for word in ("stars", "starred", "co-stars", "co-starred", "is cast", "was cast")),
    *((word, "starring") for word in ("starring ", "co-starring ")),
)
_AS_NAME = re.compile(r"as\s+(?=[A-Z])")
_ACTOR_BEFORE = re.compile(rf"(?P<actor>{_FULL_NAME}),?\s+(?:who\s+|also\s+)?$")
_ACTOR_JUST_BEFORE = re.compile(rf"(?P<actor>{_FULL_NAME})\s+$")
_PART_BEFORE = re.compile(rf"(?P<character>{_PART}),\s+$")
_PART_AFTER = re.compile(rf"(?P<character>{_PART})|(?:a|an|the|his|her|their)\s")
_NAME_AFTER = re.compile(_FULL_NAME)
_NAMES_AFTER = re.compile(rf"{_FULL_NAME}(?:(?:,\s+|,?\s+and\s+){_FULL_NAME}){{0,5}}")
_LOOK_BACK = 120  # characters before a casting word searched for the name


def _casting_words(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, kind) of each casting word of ``text`` that starts a word (see _CASTING_WORDS); none in a text
    without capitals, which can name nobody."""
    if text.islower():
        return
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters lower to two ("\u0130"): keep those, so offsets stay the same
        lowered = "".join(char if len(char.lower()) > 1 else char.lower() for char in text)
    for word, kind in _CASTING_WORDS:
        start = lowered.find(word)
        while start >= 0:
            if not start or not lowered[start - 1].isalnum():
                yield start, start + len(word), kind
            start = lowered.find(word, start + 1)
    for match in _AS_NAME.finditer(text):
        if not match.start() or not text[match.start() - 1].isalnum():
            yield match.start(), match.end(), "as"


def _cast_by_words(text: str) -> Iterator[tuple[str, str]]:
    """(actor names, character name or "") for each casting word with its names beside it (see _CASTING_WORDS)."""
    for start, end, kind in _casting_words(text):
        before = text[max(0, start - _LOOK_BACK):start]
        if kind in ("plays", "stars_as", "as"):
            actor = (_ACTOR_JUST_BEFORE if kind == "as" else _ACTOR_BEFORE).search(before)
            if actor is None:
                continue
            if kind == "stars_as":
                yield actor.group("actor"), ""
                continue
            if kind == "as":
                part = _NAME_AFTER.match(text, end)
                character = part.group() if part else None
            else:
                part = _PART_AFTER.match(text, end)
                character = (part.group("character") or "") if part else None
            if character is not None:
                yield actor.group("actor"), character
        elif kind == "played_by":
            actor = _NAME_AFTER.match(text, end)
            if actor is not None:
                part = _PART_BEFORE.search(before)
                yield actor.group(), part.group("character") if part else ""
        else:  # starring
            actors = _NAMES_AFTER.match(text, end)
            if actors is not None:
                yield actors.group(), ""


_PRONOUN_START = re.compile(
    r"^[\s\"'\u201c\u2018(]*(?:it|its|it's|it\u2019s|this|that|these|those|they|their|them|he|she|his|her|hers|"
    r"him)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W_]+(?:['\u2019-][^\W_]+)*")
_NOT_NAMES = {"The", "A", "An", "And", "Or", "But", "In", "On", "As", "With", "Of", "Season", "Episode", "Part"}


@dataclass(frozen=True, slots=True)
class People:
    """Names found in the texts: actors (cues of ``people`` aspects) and characters (cues of ``characters``)."""

    actors: frozenset[str] = frozenset()
    characters: frozenset[str] = frozenset()


def _opens_sentence(text: str, position: int) -> bool:
    """True when ``position`` starts the text or follows sentence-ending punctuation (capitals are expected)."""
    before = text[:position].rstrip(" \t\"'\u201c\u2018(")
    return not before or before.endswith((".", "!", "?", ":", ";", "\n", "\u2014"))


def _sentence_end_cut(name: str) -> str:
    """A name without the full stop of the sentence it ends ("played by Tom Hanks."), which name words may hold
    ("J.R.R."): kept after an initial ("Dennis Quaid Jr.")."""
    if name.endswith(".") and not re.search(r"(?:^|[\s.])[A-Z][a-z]?\.$", name):
        return name[:-1]
    return name


def _name_forms(full_name: str) -> set[str]:
    """A full name and its last word (critics write "Hernandez" after introducing "Callie Hernandez")."""
    words = [w for w in full_name.split() if w not in _NOT_NAMES]
    forms = {" ".join(words)} if words else set()
    if len(words) > 1:
        forms.add(words[-1])
    return {f for f in forms if len(f) > 2}


def find_people(texts: Iterable[str]) -> People:
    """Actor and character names anywhere in ``texts``: "Character (Actor)" parentheses, and a full name next to a
    casting word ("Ben Ashworth plays Tom", "starring Ben Ashworth", "Tom, played by Ben Ashworth")."""
    actors: set[str] = set()
    characters: set[str] = set()
    for text in texts:
        found: list[tuple[str, str]] = []
        if _CAST_START.search(text) is not None:  # every match has "(" and a capital: most texts have neither together
            found += ((match.group("actor"), match.group("character") or "") for match in _CAST.finditer(text))
        found += _cast_by_words(text)
        for names, character in found:
            for name in _NAME_AFTER.findall(names):  # "starring A, B and C": each of them
                actors |= _name_forms(_sentence_end_cut(name))
            for word in re.findall(_NAME, _sentence_end_cut(character)):
                if word not in _NOT_NAMES and len(word) > 2:
                    characters.add(word)
    characters -= actors  # an actor's surname that is also a character's name counts as the actor
    return People(frozenset(actors), frozenset(characters))


def _cue_regex(cue: str) -> str:
    wildcard = cue.endswith("*")
    words = cue.rstrip("*").split()
    body = r"[\s-]+".join(re.escape(w) for w in words) if len(words) > 1 else re.escape(words[0])
    if wildcard:
        return rf"\b{body}[\w'-]*"
    return rf"\b{body}\b" if body[-1].isalnum() or body.endswith("\\-") is False else rf"\b{body}"


def _alternation(parts: Sequence[str]) -> str:
    # Longest first so "musical numbers" wins over "musical" at the same position.
    return "|".join(sorted(parts, key=len, reverse=True))


@dataclass(frozen=True, slots=True)
class _Prefilter:
    """What a clause must contain for :meth:`AspectMatcher.find` to find anything; tested on
    :func:`analysis.triggers.normalise` of the clause (ASCII text without "_", so that its space-separated words
    include every _WORD token made of letters and digits, and a token's start follows a space)."""

    plain_words: frozenset[str]          # single-word cues of letters and digits
    other_words: tuple[str, ...]         # the rest that ASCII text can hold ("co-star"): looked for in the text
    other_marks: tuple[str, ...]         # the characters, not letters or digits, of those ("-")
    phrase_triggers: dict[str, tuple[Triggers, ...]]  # first word -> its phrases' triggers
    phrase_firsts: frozenset[str]        # the keys of phrase_triggers
    acted_on: frozenset[str]             # single-word cues and idioms' first words (lower case)
    stems: tuple[str, ...]               # wildcard stems, normalised with a leading space (" lip sync")
    groups: tuple[tuple[str, Triggers], ...]  # each named group of the pattern: its source and its triggers
    group_alternatives: tuple            # each group's Triggers.alternatives, for the C test (speedups)
    # Whether a clause whose only non-ASCII characters are typographic punctuation may be tested as its ASCII view
    # (triggers.ascii_view): no cue, stem or trigger holds one of those characters (_prefilter).
    view_safe: bool
    compiled: dict[tuple[int, ...], re.Pattern[str]] = field(default_factory=dict)  # see pattern_for

    def words_may_match(self, text: str, normalised: str) -> bool:
        """False only when the pass over the words would find no cue (single words, phrases, stems, parts)."""
        tokens = normalised.split()  # the parts of "song-and-dance" too
        if not self.plain_words.isdisjoint(tokens):
            return True
        if any(mark in text for mark in self.other_marks):
            lowered = text.lower()
            if any(word in lowered for word in self.other_words):
                return True
        for first in self.phrase_firsts.intersection(tokens):
            if any(t.may_match(text, normalised=normalised) for t in self.phrase_triggers[first]):
                return True
        return any(stem in normalised for stem in self.stems)

    def pattern_for(self, text: str, normalised: str) -> re.Pattern[str] | None:
        """The aspect pattern reduced to its groups whose trigger words the text holds; None when there are none.

        A group that cannot match anywhere in the text never wins a position of the alternation, so the reduced
        pattern finds exactly the same matches, and searching one or two groups costs a fraction of all of them.
        """
        if native is not None:  # the same test as may_match's, of every group in one call
            possible = native.met_indices(self.group_alternatives, normalised)
        else:
            possible = tuple(index for index, (_, found) in enumerate(self.groups)
                             if found.may_match(text, normalised=normalised))
        if not possible:
            return None
        if possible not in self.compiled:  # at most one per subset of the groups
            self.compiled[possible] = re.compile("|".join(self.groups[index][0] for index in possible),
                                                 re.IGNORECASE)
        return self.compiled[possible]


def _cue_tokens(text: str, acted_on: Set[str], stem_prefixes: tuple[str, ...]) -> list[tuple[int, str]]:
    """The (offset, token as written) of each _WORD token of ASCII ``text`` that :meth:`AspectMatcher.find` acts on:
    its lower case is in ``acted_on``, starts with one of ``stem_prefixes``, or it holds a hyphen."""
    if native is not None:
        return native.cue_tokens(text, acted_on, stem_prefixes)
    # Lower case keeps ASCII tokens in place: one findall picks the wanted tokens, and their offsets and original
    # case come from a second scan, made only when some token is wanted.
    wanted = [index for index, token in enumerate(_WORD.findall(text.lower()))
              if token in acted_on or "-" in token or token.startswith(stem_prefixes)]
    every = list(_WORD.finditer(text)) if wanted else []
    return [(every[index].start(), every[index].group(0)) for index in wanted]


@dataclass(frozen=True, slots=True, eq=False)  # compared and hashed by identity: one per taxonomy, cached
class AspectMatcher:
    """A compiled taxonomy: call :meth:`find` on a clause's text.

    Single-word cues (most of them) are found by one pass over the words and a dict lookup; multi-word cues,
    wildcards and patterns by one smaller regular expression. (One alternation of every cue cost ~0.7 ms a clause.)
    Most clauses mention no aspect: for ASCII text the pass runs on the words it acts on alone (picked by one C
    call with the speed-ups; without them a set lookup of the clause's words skips the pass or limits it to those),
    and the trigger words of each aspect's patterns (:mod:`analysis.triggers`) skip the expression (~50 us a
    clause) or reduce it to the aspects that may match, with the same result.
    """

    taxonomy: Taxonomy
    words: dict[str, str]
    stems: tuple[tuple[str, str], ...]
    stem_prefixes: tuple[str, ...]
    phrases: dict[str, list[tuple[re.Pattern[str], str]]]
    pattern: re.Pattern[str]
    groups: tuple[str, ...]
    prefilter: _Prefilter | None = None  # None: every clause takes the full search

    def find(
        self, text: str, people: re.Pattern[str] | None = None, *, ignore: frozenset[str] = frozenset()
    ) -> dict[str, list[str]]:
        """Map each aspect mentioned in ``text`` to the cue words (as written) that mention it.

        A capitalised cue inside the text is part of a name ("Berklee College of Music", "The Singing Detective")
        and is skipped, unless the text is shouting in capitals; cues equal to an ``ignore`` entry (lower-case; the
        film's own title, "Soundtrack") are skipped too.
        """
        found: dict[str, list[str]] = {}
        shouting = text.isupper()
        words = self.words

        def keep(word: str, start: int, aspect_id: str) -> None:
            if word.lower() in ignore:
                return
            if word[0].isupper() and not shouting and not _opens_sentence(text, start):
                return
            found.setdefault(aspect_id, []).append(word)

        phrases = self.phrases
        prefilter = self.prefilter
        # ASCII text without "_" (which _WORD does not count as a letter), or its ASCII view (curly quotes, dashes:
        # the same words at the same offsets), normalised once for both prefilters.
        view = None if prefilter is None or not (text.isascii() or prefilter.view_safe) else ascii_view(text)
        normalised = normalise(view) if view is not None and "_" not in view else None
        if normalised is None:
            tokens: Iterable[tuple[int, str]] = ((match.start(), match.group(0)) for match in _WORD.finditer(text))
        elif native is not None or prefilter.words_may_match(view, normalised):
            # Only the few tokens the loop below acts on (a cue, an idiom's first word, a wildcard stem, a
            # hyphenated word), so its lookups per word run on those alone. The C pass over the words costs less
            # than the test of whether it would find anything, so with C there is no such test. Each token is
            # read from the text itself ("it\u2019s", not the view's "it's"), so the loop sees what it would see
            # without the view.
            tokens = _cue_tokens(view, prefilter.acted_on, self.stem_prefixes)
            if view is not text:
                tokens = [(start, text[start:start + len(token)]) for start, token in tokens]
        else:
            tokens = ()
        for start, token in tokens:
            lowered = token.lower()
            for phrase, phrase_aspect in phrases.get(lowered, ()):  # "musical numbers", "plot hole"
                hit = phrase.match(text, start)
                if hit:
                    keep(hit.group(0), start, phrase_aspect)
            aspect_id = words.get(lowered)
            if aspect_id is not None:
                keep(token, start, aspect_id)
            elif lowered.startswith(self.stem_prefixes):  # "choreograph*"
                keep(token, start, next(a for stem, a in self.stems if lowered.startswith(stem)))
            elif "-" in token:  # "song-and-dance": its parts may be cues
                offset = start
                for part in token.split("-"):
                    part_aspect = words.get(part.lower())
                    if part_aspect is not None and part:
                        keep(part, offset, part_aspect)
                    offset += len(part) + 1
        pattern = self.pattern if normalised is None else prefilter.pattern_for(view, normalised)
        if pattern is not None:
            for match in pattern.finditer(text):
                keep(match.group(0), match.start(), match.lastgroup)
        if people is not None:
            for match in people.finditer(text):
                found.setdefault(match.lastgroup, []).append(match.group(0))
        return found

    @functools.lru_cache(maxsize=64)  # noqa: B019 - matchers are few and long-lived
    def people_pattern(self, people: People) -> re.Pattern[str] | None:
        """One pattern for the names in ``people``, grouped by the aspect they are cues of."""
        alternatives = []
        for aspect in self.taxonomy.aspects:
            names = set()
            if aspect.people:
                names |= people.actors
            if aspect.characters:
                names |= people.characters
            if names:
                body = _alternation([re.escape(n) for n in names])
                alternatives.append(rf"(?P<{aspect.id}>\b(?:{body})\b)")
        return re.compile("|".join(alternatives)) if alternatives else None


@functools.lru_cache(maxsize=16)
def compile_matcher(taxonomy: Taxonomy) -> AspectMatcher:
    """Compile the taxonomy: single-word cues into a dict, multi-word cues under their first word, wildcards and
    patterns into one case-insensitive pattern."""
    words: dict[str, str] = {}
    stems: list[tuple[str, str]] = []
    phrases: dict[str, list[tuple[re.Pattern[str], str]]] = {}
    groups = []
    for aspect in taxonomy.aspects:
        parts = [f"(?:{p})" for p in aspect.patterns]
        for cue in aspect.cues:
            first = cue.split()[0]
            if _WORD.fullmatch(cue) and not cue.endswith("*"):
                words[cue.lower()] = aspect.id
            elif cue.endswith("*") and _WORD.fullmatch(cue[:-1]):
                stems.append((cue[:-1].lower(), aspect.id))
            elif " " in cue and _WORD.fullmatch(first):
                phrases.setdefault(first.lower(), []).append((re.compile(_cue_regex(cue), re.IGNORECASE), aspect.id))
            else:
                parts.append(_cue_regex(cue))
        if parts:
            groups.append(rf"(?P<{aspect.id}>{_alternation(parts)})")
    pattern = re.compile("|".join(groups) or r"(?!x)x", re.IGNORECASE)
    return AspectMatcher(taxonomy, words, tuple(stems), tuple(stem for stem, _ in stems), phrases, pattern,
                         tuple(a.id for a in taxonomy.aspects), _prefilter(words, stems, phrases, groups))


def _prefilter(words: dict[str, str], stems: list[tuple[str, str]],
               phrases: dict[str, list[tuple[re.Pattern[str], str]]], groups: list[str]) -> _Prefilter | None:
    if not all(first.isascii() and first.isalnum() for first in phrases) or not all(s.isascii() for s, _ in stems):
        return None  # a first word that is not a plain ASCII word cannot be looked up among the tokens
    plain = frozenset(w for w in words if w.isascii() and w.isalnum())
    other = tuple(w for w in words if w not in plain and w.isascii())  # the text is ASCII: "cliché" cannot be in it
    group_triggers = tuple((group, triggers(re.compile(group, re.IGNORECASE))) for group in groups)
    phrase_triggers = {first: tuple(triggers(phrase) for phrase, _ in listed) for first, listed in phrases.items()}
    every_trigger = [found for _, found in group_triggers] + [t for listed in phrase_triggers.values() for t in listed]
    keys = [*words, *(stem for stem, _ in stems), *phrases]
    view_safe = (all(found.alternatives is None or found.view_safe for found in every_trigger)
                 and not any(TYPOGRAPHIC_MARKS.intersection(key) for key in keys))
    return _Prefilter(
        plain_words=plain,
        other_words=other,
        other_marks=tuple(sorted({c for word in other for c in word if not c.isalnum()})),
        phrase_triggers=phrase_triggers,
        phrase_firsts=frozenset(phrases),
        acted_on=frozenset(words) | frozenset(phrases),
        stems=tuple(normalise(stem).rstrip() for stem, _ in stems),
        groups=group_triggers,
        group_alternatives=tuple(found.alternatives for _, found in group_triggers),
        view_safe=view_safe,
    )


def _tag_sentence(
    clauses: Sequence[Clause],
    matcher: AspectMatcher,
    *,
    names: re.Pattern[str] | None = None,
    previous: Set[str] = frozenset(),
    ignore: frozenset[str] = frozenset(),
    first: dict[str, list[str]] | None = None,
) -> list[dict[str, list[str]]]:
    """The tags of one sentence's clauses (in order), as :func:`tag_clauses` gives them.

    ``names``: :meth:`AspectMatcher.people_pattern`; ``previous``: the aspects of the previous sentence when it is
    in the same paragraph (a first clause that opens with a pronoun and has no cue carries them); ``first``:
    ``matcher.find`` of the first clause when the caller has it already.
    """
    tags: list[dict[str, list[str]]] = []
    for clause in clauses:
        found = first if first is not None and clause.index == 0 else matcher.find(clause.text, names, ignore=ignore)
        if not found:
            if clause.index > 0 and tags and tags[-1]:
                found = {aspect_id: [CARRIED] for aspect_id in tags[-1]}
            elif clause.index == 0 and previous and _PRONOUN_START.match(clause.text):
                found = {aspect_id: [CARRIED] for aspect_id in previous}
        tags.append(dict(sorted(found.items(), key=lambda item: matcher.groups.index(item[0]))))
    return tags


def tag_clauses(
    clauses: Sequence[Clause],
    matcher: AspectMatcher,
    *,
    people: People = People(),
    paragraphs: Sequence[int] | None = None,
    ignore: frozenset[str] = frozenset(),
) -> list[dict[str, list[str]]]:
    """For each clause (in review order), the aspects it mentions and their cue words.

    Needs clauses in order with their ``sentence`` index; ``paragraphs[sentence]`` (if given) is the paragraph of
    each sentence; cue words in ``ignore`` (lower-case, e.g. the film's title) are not mentions. Returns one dict
    per clause, aspect id -> cue words, in taxonomy order.
    """
    names = matcher.people_pattern(people) if (people.actors or people.characters) else None
    tags: list[dict[str, list[str]]] = []
    previous: set[str] = set()
    previous_sentence = -1
    for sentence, group in itertools.groupby(clauses, key=lambda clause: clause.sentence):
        same_paragraph = (paragraphs is not None and previous_sentence >= 0
                          and paragraphs[sentence] == paragraphs[previous_sentence])
        sentence_tags = _tag_sentence(list(group), matcher, names=names, previous=previous if same_paragraph else set(),
                                     ignore=ignore)
        tags.extend(sentence_tags)
        previous, previous_sentence = set().union(*sentence_tags), sentence
    return tags


def tag_wanted_sentences(
    sentence_clauses: Callable[[int], Sequence[Clause]],
    wanted: Sequence[bool],
    matcher: AspectMatcher,
    *,
    people: People = People(),
    paragraphs: Sequence[int],
) -> dict[int, list[dict[str, list[str]]]]:
    """:func:`tag_clauses` over all sentences of a text, for the ``wanted`` ones only: sentence index -> its
    clauses' tags, the same as tag_clauses gives them.

    ``sentence_clauses(index)`` gives a sentence's clauses; it is called only for a wanted sentence and for a
    sentence whose aspects a wanted one carries (its first clause opens with a pronoun, has no cue and follows it in
    the same paragraph, found walking back from the end), so the batch path neither splits nor searches plot
    summary (~40% of the sentences of a review) except where an opinion refers back to it.
    """
    names = matcher.people_pattern(people) if (people.actors or people.characters) else None
    needed = list(wanted)
    first_found: dict[int, dict[str, list[str]]] = {}
    for index in range(len(needed) - 1, 0, -1):
        if needed[index] and not needed[index - 1] and paragraphs[index] == paragraphs[index - 1]:
            first = sentence_clauses(index)[0]
            if _PRONOUN_START.match(first.text):
                first_found[index] = matcher.find(first.text, names)
                needed[index - 1] = not first_found[index]
    tags: dict[int, list[dict[str, list[str]]]] = {}
    previous: set[str] = set()
    for index, need in enumerate(needed):
        if not need:
            continue  # the next sentence does not carry from this one (or is not needed either)
        same_paragraph = index > 0 and needed[index - 1] and paragraphs[index] == paragraphs[index - 1]
        sentence_tags = _tag_sentence(sentence_clauses(index), matcher, names=names,
                                     previous=previous if same_paragraph else set(), first=first_found.get(index))
        previous = set().union(*sentence_tags)
        if wanted[index]:
            tags[index] = sentence_tags
    return tags
