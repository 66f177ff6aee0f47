"""Triggers: the words every match of a regular expression must contain, so most texts skip the expression.

Python's ``re`` tries a case-insensitive alternation of many patterns at every position of the text (the taxonomy's
aspect patterns cost ~50 us a clause, most of aspect tagging), yet each pattern names words that a match cannot do
without: ``\\b(?:\\w+ly|well)\\s+shot\\b`` needs the word "shot", ``\\bcomic(?:s)?\\b`` a word starting "comic".
:func:`triggers` reads those words from the parsed pattern, and :meth:`Triggers.may_match` answers "could the
pattern match here?" with a few substring tests. The answer is never a false "no", so calling the pattern only when
it says "yes" finds exactly the same matches.

The tests run on the text lower-cased with each run of non-word characters replaced by one space and a space at
each end (" it s shot well "), so a word boundary in the pattern (``\\b``, ``\\s+``, "-") is a space in the
requirement (" shot "). Exactness: a case-insensitive match of an ASCII literal consumes text equal to it up to
ASCII case, which is only guaranteed for ASCII text (``re`` also matches "K" (Kelvin) to "k"), so non-ASCII text
answers "yes", as does a pattern with an alternative whose requirements cannot be read. Text whose only non-ASCII
characters are typographic punctuation (curly quotes, dashes, an ellipsis, a no-break space: :func:`ascii_view`)
is tested as its ASCII view, for a pattern none of whose requirements holds one of those characters: they are
non-word characters, as their stand-ins are, and fold to no ASCII letter, so the view has the same words and
boundaries.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .speedups import native

try:  # private modules (Python >= 3.11; opcodes checked by tests/test_triggers.py): without them, no prefilter
    from re import _constants as sre
    from re import _parser
except ImportError:  # pragma: no cover - a Python that moved them: every pattern "may match", results unchanged
    sre = _parser = None

__all__ = ["TYPOGRAPHIC_MARKS", "Triggers", "ascii_view", "met", "normalise", "triggers"]

if sre is not None:
    _REPEATS = {sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT)}
    _ASSERTS = {sre.ASSERT, sre.ASSERT_NOT}  # consume nothing: literals on both sides stay adjacent
    # Positions where the next character (if any) is not a word character, or the previous one is not.
    _BOUNDARIES = {sre.AT_BOUNDARY, sre.AT_UNI_BOUNDARY, sre.AT_BEGINNING, sre.AT_BEGINNING_LINE,
                   sre.AT_BEGINNING_STRING, sre.AT_END, sre.AT_END_LINE, sre.AT_END_STRING}
    _NON_WORD_CATEGORIES = {sre.CATEGORY_SPACE, sre.CATEGORY_UNI_SPACE, sre.CATEGORY_NOT_WORD,
                            sre.CATEGORY_UNI_NOT_WORD, sre.CATEGORY_LINEBREAK, sre.CATEGORY_UNI_LINEBREAK}
else:  # pragma: no cover
    _REPEATS = _ASSERTS = _BOUNDARIES = _NON_WORD_CATEGORIES = frozenset()

# ASCII byte -> itself lower-cased if it is a word character, else a space (bytes.translate: ~30x faster than a
# regular-expression substitution).
_ASCII_WORDS = bytes(code if code < 128 and (chr(code).isalnum() or code == 95) else 32 for code in range(256)).lower()

# A requirement: at least one of these strings is in the normalised text. An alternative of the pattern needs all
# of its requirements; the pattern needs one of its alternatives.
Requirement = tuple[str, ...]


# Typographic punctuation -> an ASCII stand-in of the same length that is, like it, not a word character and, for the
# aspect matcher's words (aspects._WORD, whose joiners are "'", "\u2019" and "-"), a joiner exactly when it is one:
# "\u2019" -> "'", but "\u2018" -> "`" and the dashes -> a space (not "-", which joins "song-and-dance").
_STAND_INS = {"\u2019": "'", "\u2018": "`", "\u201c": '"', "\u201d": '"', "\u2014": " ", "\u2013": " ",
              "\u2026": ".", "\u00a0": " "}
TYPOGRAPHIC_MARKS = frozenset(_STAND_INS)  # what ascii_view replaces


def ascii_view(text: str) -> str | None:
    """``text`` with its typographic punctuation replaced by ASCII stand-ins, offset for offset (see above); None
    when other non-ASCII characters remain. ASCII text is returned as it is."""
    if text.isascii():
        return text
    for mark, stand_in in _STAND_INS.items():  # str.replace: ~30x faster than str.translate on non-ASCII text
        if mark in text:
            text = text.replace(mark, stand_in)
    return text if text.isascii() else None


def normalise(text: str) -> str:
    """The ASCII text the requirements are tested on: lower case, each run of non-word characters one space, a
    space at each end."""
    if native is not None:
        found = native.normalise(text)
        if found is not None:  # ASCII text (other text raises below, as the callers expect)
            return found
    return f" {' '.join(text.encode('ascii').translate(_ASCII_WORDS).decode('ascii').split())} "


def _is_word(character: str) -> bool:
    return character.isalnum() or character == "_"


@functools.cache
def _matches_ascii(code: int) -> bool:
    """Whether the character can match an ASCII character case-insensitively ("K" (Kelvin) matches "k").

    A literal that cannot ("\u00a9") stays a requirement: ASCII text cannot contain it, and other text is never
    filtered."""
    literal = re.compile(re.escape(chr(code)), re.IGNORECASE)
    return any(literal.fullmatch(chr(ascii_code)) for ascii_code in range(128))


def _non_word_step(op: object, argument: object) -> bool:
    """Whether the item consumes at least one character, and only non-word characters (``\\s+``, ``[\\s-]+``)."""
    if op in _REPEATS:
        low, _, body = argument
        return low >= 1 and len(body) == 1 and _non_word_step(*body[0])
    if op is sre.LITERAL:
        return argument < 128 and not _is_word(chr(argument))
    if op is sre.IN:
        return all((kind is sre.LITERAL and value < 128 and not _is_word(chr(value)))
                   or (kind is sre.CATEGORY and value in _NON_WORD_CATEGORIES) for kind, value in argument)
    return False


def _boundary_follows(items: Sequence, index: int, default: bool) -> bool:
    """Whether a word boundary (or a non-word character) surely follows ``items[index]``."""
    for op, argument in items[index + 1:]:
        if op in _ASSERTS:
            continue
        if op is sre.AT:
            if argument in _BOUNDARIES:
                return True
            continue
        return _non_word_step(op, argument)
    return default


def _requirements(items: Sequence, before: bool = False, after: bool = False) -> list[Requirement]:
    """What every match of the parsed sequence ``items`` contains, as a conjunction (possibly empty).

    ``before``/``after``: a word boundary surely precedes/follows the sequence.
    """
    found: list[Requirement] = []
    run: list[str] = []
    state = {"boundary": before}  # a word boundary or a non-word character at the current position

    def add(text: str) -> None:
        if text == " ":
            if not run or run[-1] != " ":  # one space for a run of non-word characters
                run.append(" ")
        else:
            if not run and state["boundary"]:
                run.append(" ")
            run.append(text)

    def close_run() -> None:
        if run and "".join(run).strip():
            found.append(("".join(run),))
        run.clear()

    def walk(items: Sequence, after: bool) -> None:
        for index, (op, argument) in enumerate(items):
            if op in _ASSERTS:
                continue
            if op is sre.AT:
                if argument in _BOUNDARIES:
                    if run and run[-1] != " ":
                        run.append(" ")
                    state["boundary"] = True
                continue
            if op is sre.SUBPATTERN:  # (group, add_flags, del_flags, items): a group is matched in place
                walk(argument[-1], _boundary_follows(items, index, after))
                continue
            if op is getattr(sre, "ATOMIC_GROUP", None):
                walk(argument, _boundary_follows(items, index, after))
                continue
            if _non_word_step(op, argument):
                add(" ")
                state["boundary"] = True
                continue
            if op is sre.LITERAL and (argument < 128 or not _matches_ascii(argument)):
                add(chr(argument).lower())  # a word character (non-word ASCII is a _non_word_step)
                state["boundary"] = False
                continue
            close_run()
            if op is sre.BRANCH:
                either = _one_of(argument[1], state["boundary"], _boundary_follows(items, index, after))
                if either:
                    found.append(either)
            elif op in _REPEATS and argument[0] >= 1:  # (min, max, items): the body occurs at least once
                found.extend(_requirements(argument[2], state["boundary"], False))
            state["boundary"] = False
        if after and run and run[-1] != " ":
            run.append(" ")

    walk(items, after)
    close_run()
    return found


def _selectivity(requirement: Requirement) -> tuple[int, int]:
    """Longer, fewer strings first: " comic" rules out more texts than "s", "ed" or "ing"."""
    return (min(len(string.strip()) for string in requirement), -len(requirement))


def _one_of(alternatives: Sequence[Sequence], before: bool, after: bool) -> Requirement | None:
    """One requirement met by every alternative (each one's most selective), or None if one has none."""
    strings: set[str] = set()
    for alternative in alternatives:
        needed = _requirements(alternative, before, after)
        if not needed:
            return None
        strings.update(max(needed, key=_selectivity))
    return tuple(sorted(strings))


def _alternatives(items: Sequence) -> list[Sequence]:
    """The top-level alternatives (``(?P<acting>...)|(?P<story>...)``), each kept whole so that all of its
    requirements are checked."""
    # The parser moves a prefix that all alternatives share out of the branch (``\b``): the split keeps it.
    consuming = [index for index, (op, _) in enumerate(items) if op is not sre.AT and op not in _ASSERTS]
    if len(consuming) == 1:
        index = consuming[0]
        op, argument = items[index]
        prefix, suffix = list(items[:index]), list(items[index + 1:])
        if op is sre.BRANCH:
            return [part for alternative in argument[1]
                    for part in _alternatives(prefix + list(alternative) + suffix)]
        if op is sre.SUBPATTERN:
            return _alternatives(prefix + list(argument[-1]) + suffix)
    return [items]


@dataclass(frozen=True, slots=True)
class Triggers:
    """For each top-level alternative of a pattern, what its matches must contain (most selective first);
    ``None`` when some alternative has no requirement that can be read (the pattern may match anything).

    :param pieces: a word of each string of each alternative's first requirement: a text whose lower case holds
        none of them cannot match, found without normalising the text.
    """

    alternatives: tuple[tuple[Requirement, ...], ...] | None
    pieces: tuple[str, ...] = ()
    # No requirement holds a character that ascii_view replaces ("can\u2019t"), so the ASCII view of a text may be
    # tested instead (a requirement holding another non-ASCII character, "\u00a9", is unmet by both: a text with a
    # view holds no such character).
    view_safe: bool = field(init=False)

    def __post_init__(self) -> None:
        strings = [string for requirements in self.alternatives or () for requirement in requirements
                   for string in requirement]
        object.__setattr__(self, "view_safe", self.alternatives is not None
                           and not any(TYPOGRAPHIC_MARKS.intersection(string) for string in strings))

    def may_match(self, text: str, *, normalised: str | None = None) -> bool:
        """False only when the pattern cannot match ``text`` (or any part of it); True otherwise.

        ``normalised``: :func:`normalise` of ``text``, when the caller has it already (ASCII text only).
        """
        if self.alternatives is None:
            return True
        if not text.isascii():
            view = ascii_view(text) if self.view_safe else None
            if view is None:
                return True
            text, normalised = view, None
        if normalised is None:
            lowered = text.lower()
            for piece in self.pieces:
                if piece in lowered:
                    break
            else:
                return False
            normalised = normalise(text)
        return (native.met if native is not None else met)(self.alternatives, normalised)


def met(alternatives: tuple[tuple[Requirement, ...], ...], normalised: str) -> bool:
    """Whether some alternative has each of its requirements met (one of its strings in ``normalised``)."""
    for requirements in alternatives:
        for requirement in requirements:
            for string in requirement:
                if string in normalised:
                    break
            else:
                break  # this requirement is not met: the alternative cannot match
        else:
            return True
    return False


def triggers(pattern: re.Pattern[str]) -> Triggers:
    """Read the requirements of ``pattern`` (compiled with any flags; tested case-insensitively here)."""
    if _parser is None:  # pragma: no cover
        return Triggers(None)
    alternatives = []
    try:
        for alternative in _alternatives(list(_parser.parse(pattern.pattern, pattern.flags))):
            requirements = _requirements(alternative)
            if not requirements:
                return Triggers(None)
            alternatives.append(tuple(sorted(set(requirements), key=_selectivity, reverse=True)))
    except (AttributeError, IndexError, KeyError, TypeError, ValueError):  # a parser whose items changed shape
        return Triggers(None)  # the safe answer: the pattern is always searched
    # The word characters of a normalised string stand in a row in the lower-cased text too: its longest word.
    pieces = {max(string.split(), key=len) for requirements in alternatives for string in requirements[0]}
    return Triggers(tuple(alternatives), tuple(sorted(pieces, key=len, reverse=True)))
