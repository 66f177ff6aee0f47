"""Sentences and clauses, each with character offsets into the raw review text.

Sentences: paragraphs and lines are hard boundaries (a headline, a caption, a list item ends where its line ends),
except a soft-wrapped line whose next line starts in lower case; inside a paragraph blingfire finds the sentences
(~150k sentences/s; keeps "L.A." and "Dec. 18" intact). Sentences longer than :data:`MAX_SENTENCE_CHARS` are cut
at whitespace so that a 1 MB line without punctuation still costs linear time.

Clauses: a sentence is split where the critic turns ("but", "though", "although", "while", "whereas", "however",
"yet", "except", "on the other hand"), so that "The dancing is great but the story drags" gives the dance and the
story their own scores. Choice, written down here because it changes scores: VADER applies its own "but" rule
(words after "but" x1.5, before x0.5) inside the string it is given; a clause never contains its sentence's "but"
split, so that rule does not fire across a clause boundary. Sentence scores are computed on the whole sentence,
where the rule does fire; clause scores (used for aspects) on the clause alone.
"""

from __future__ import annotations

import ctypes
import functools
import importlib.util
import platform
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from .clean import Removal, iter_lines
from .model import Clause, Sentence
from .triggers import triggers

__all__ = ["MAX_SENTENCE_CHARS", "clause_weights", "leading_turn", "split_clauses", "split_sentences", "turns"]

MAX_SENTENCE_CHARS = 1000

# No sentence-ending punctuation before the (optional) final one: "one sentence a line" files and headlines.
_ONE_SENTENCE = re.compile(r"[^.!?]*(?:[.!?][\"'\u201d\u2019)\]]*)?\Z")
_CLOSERS = "\"'\u201d\u2019)]"
# Lower-case text (the research datasets' tokenised reviews, chat-style posts): blingfire finds no sentence end
# without a capital after it ("it works .  the end"), so a block with no capital letter (but the pronoun "I") is
# split at . ! ? (runs of
# them: ". . .", "?!"; closing brackets and quotes stay with the sentence) before white space, except after an
# abbreviation or a single-letter initial ("mr . m", "j . r . r . tolkien"). Linear time: a match starts only at the
# first mark of a run, its repeats never backtrack (a run of 20,000 "!" took 23 s without both), and the word before
# the mark is read back from the text (a leading word pattern would make a 1 MB word quadratic).
_LOWER_CASE_END = re.compile(
    r"(?<![.!?])(?<![.!?][ \t])[ \t]?[.!?](?:[ \t]?[.!?])*+(?:[ \t]?[)\]]|[\"'\u201d\u2019])*+(?=\s)")
_PRONOUN_I = re.compile(r"(?<![\w'-])I(?=['\u2019]|(?![\w-]))")
_LAST_WORD = re.compile(r"[\w'-]{1,8}\Z")
_ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "messrs", "dr", "prof", "st", "jr", "sr", "vs", "etc", "gen", "col", "lt", "sgt", "capt",
    "mt", "ft", "inc", "ltd", "co", "corp", "bros", "vol", "approx", "jan", "feb", "aug", "sept", "oct", "nov",
    "dec",
})

# Two sentences glued without a space ("was great.The acting"), as text copied from web pages often has them: blingfire
# keeps them whole. A sentence ends at a word ending in two lower-case letters or two digits (not an abbreviation),
# its . ! ? run and closing brackets or curly quotes, when a capital and a lower-case letter follow at once. "U.S.",
# "A.R. Rahman", "example.com", "$3.5", "Mr.Smith" and "Mrs.Smith" stay whole, and so does a straight quote after the
# mark ('a show!"Wow'), which may open the next sentence or close this one. The mark comes first in the pattern, so
# the search skips to the next . ! ? (~8 ms a MB); a leading lookbehind tried every position (~60 ms).
_GLUED = re.compile(r"[.!?](?<=[a-z]{2}[.!?]|[0-9]{2}[.!?])[.!?]*+[\u201d\u2019)\]]*+(?=[A-Z][a-z])")

# Contrast markers. Each alternative is a word-bounded marker; context checks happen in split_clauses.
_MARKERS = re.compile(
    r"\b(?:on the other hand|even though|even if|although|though|whereas|while|however|but|yet|except|despite"
    r"|in spite of|for all(?= (?:its|his|her|their|the|that|this|of)\b))\b",
    re.IGNORECASE,
)
# Markers that open a subordinate clause which ends at the next comma ("while I've never been a fan of her acting,
# she is a dynamic presence"), when they start the sentence or follow a comma; such a clause concedes. "if" is
# found by _CONCESSIVE_IF only ("serviceable if rather overextended"), never by _MARKERS.
_SUBORDINATE = {"though", "although", "even though", "while", "whereas", "even if", "despite", "in spite of",
                "for all", "if"}
# Markers that turn the judgement: what follows outweighs what came before ("watchable but never pulsating").
_TURNS = {"but", "yet", "however", "on the other hand"}
# A sentence that opens by turning against the one before it ("But it doesn't last."; "And yet, it works."; "Even
# so, ..."; "That said, ..."; "Then again, ..."), or whose first phrase is
# followed by a parenthetical turn ("The result, however, is a mess."; "Its modesty, though, is its prime virtue.").
_LEADING_TURN = re.compile(r"[\W_]*(?:(?:but|yet|however|nevertheless|nonetheless|and yet)\b|still,"
                           r"|(?:even so|that said|then again|all the same|having said that)\s*,"
                           r"|[^,;:.!?]{1,60}?,\s*"
                           r"(?:however|though|nevertheless|nonetheless|on the other hand)\s*[,.;!?])",
                           re.IGNORECASE)
# Markers that only turn the sentence after a comma/semicolon or at its start ("Yet the numbers are few",
# "smart, yet cold"), not inside ("not yet", "while she sings" in mid-clause).
_NEEDS_BREAK = {"while", "yet", "however", "on the other hand", "despite", "in spite of", "for all"}
# A sentence that opens by conceding with "as": "Clever as it is, ...", "As interesting as the premise is, ...",
# "Exciting as La Scorta might be, ...".
_CONCESSIVE_AS = re.compile(r"[\W_]*(?:as\s+)?[^\W\d_]+(?:-[^\W\d_]+)?(?:,?\s+(?:and|or)\s+[^\W\d_]+)?\s+as\s+"
                            r"[^,.;:!?]{1,50}?\s+(?:is|was|are|were|may be|might be|can be|could be|seems|seem|gets|"
                            r"sounds|looks)(?:\s+at times)?,", re.IGNORECASE)
# A concessive "if" between two judgements: "A serviceable if rather overextended thriller", "Fascinating, if more
# than a little depressing", "an appropriate, if thoroughly cliched, morality tale": the words after "if" (to the
# next comma) concede. Not a condition: not after "as", "even", "only", "see", "wonder", ... and not before a
# subject ("if he weren't drawn"), a name ("if Eastwood had") or "not" ("nothing if not benign"); the word after
# "if" reads as an adverb or adjective ("-ly", "rather", "-ed", "-ous", "-ive", ...).
_CONCESSIVE_IF = re.compile(
    r"\b(?!(?:as|even|see|seeing|saw|wonder|wondering|wondered|ask|asks|asked|asking|only|what|know|knows|knew|tell"
    r"|tells|told|decide|decides|matter|doubt|sure|unsure|question|and|or|but|that|than|check|find|found|guess|care"
    r"|mind|remember|imagine|whether|not|nothing|way|clear|unclear|test|surprised|wonders)\b)[A-Za-z][\w'-]*,?"
    r"\s+(?P<concession>if)\s+(?!(?:it|its|the|they|you|he|she|we|this|that|there|only|ever|so|any|anything|one"
    r"|all|necessary|possible|needed|need|used|taken|given|done|made|seen|told|asked|pressed|forced|any|applied"
    r"|nothing|someone|anyone|everyone|pushed|compared|viewed|watched|judged)\b)"
    r"(?:[a-z][\w-]*ly|rather|somewhat|slightly|too|more|less|a bit|a little|often|occasionally|sometimes|also|now"
    r"|always|still|overly|overlong|long|slow|slight|thin|minor|dull|flat|odd|bland|brief|cold|dark|silly|messy"
    r"|obvious|[a-z][\w-]*(?:ed|ing|ous|ful|ive|able|ible|ic|al|ent|ant|ish|less|ary|ular|ar|ate|ty|py|ky|sy|ny|dy"
    r"|gy|ry|ly|en|ie))\b")
_BUT_KEEP_BEFORE = re.compile(r"\b(?:anything|nothing|all|cannot|can't|can\u2019t|everything)\s*$", re.IGNORECASE)
_NOT_ONLY = re.compile(r"\bnot only\b", re.IGNORECASE)
_MARKER_TRIGGERS = triggers(_MARKERS)  # four sentences in five have no marker: skip the search
_WORD = re.compile(r"\w+")


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    """(start, end) with surrounding white space removed; None when only white space is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _ends_sentence(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` ends with ``.``, ``!`` or ``?`` (closing quotes/brackets after it allowed).

    Looks at the tail only: a regular-expression search over the block cost quadratic time on a long run of
    soft-wrapped lines (a 1 MB file of lower-case lines without punctuation took ~55 s).
    """
    while end > start and text[end - 1] in _CLOSERS:
        end -= 1
    return end > start and text[end - 1] in ".!?"


def _paragraph_blocks(text: str, start: int, end: int) -> Iterable[tuple[int, int, int]]:
    """Yield ``(block_start, block_end, paragraph_index)``: lines joined unless a hard boundary separates them."""
    paragraph = 0
    block_start = block_end = -1
    for line_start, line_end in iter_lines(text, start, end):
        span = _trimmed(text, line_start, line_end)
        if span is None:
            if block_start >= 0:
                yield block_start, block_end, paragraph
                paragraph += 1
                block_start = -1
            continue
        # A new line ends the block unless it continues a soft-wrapped sentence: lower case after a line that
        # does not end a sentence ("one sentence a line" files in lower case end each line with ".").
        if block_start >= 0 and (not text[span[0]].islower() or _ends_sentence(text, block_start, block_end)):
            yield block_start, block_end, paragraph
            block_start = -1
        if block_start < 0:
            block_start = span[0]
        block_end = span[1]
    if block_start >= 0:
        yield block_start, block_end, paragraph


def _cut_long(text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    """Cut a span longer than MAX_SENTENCE_CHARS at white space (or hard, if there is none)."""
    while end - start > MAX_SENTENCE_CHARS:
        limit = start + MAX_SENTENCE_CHARS
        cut = max(text.rfind(" ", start + MAX_SENTENCE_CHARS // 2, limit), text.rfind("\n", start, limit))
        cut = cut if cut > start else limit
        piece = _trimmed(text, start, cut)
        if piece:
            yield piece
        start = cut
    piece = _trimmed(text, start, end)
    if piece:
        yield piece


@functools.cache
def _blingfire_library() -> ctypes.CDLL | None:
    """blingfire's C library, loaded from where its Python module loads it, without importing that module: it
    imports numpy, ~50 ms of every start of the CLI. None if a release keeps it elsewhere (then the module is used).
    """
    spec = importlib.util.find_spec("blingfire")
    if spec is None or spec.origin is None:
        return None
    name = {"Windows": "blingfiretokdll.dll", "Darwin": "libblingfiretokdll.dylib"}.get(platform.system(),
                                                                                        "libblingfiretokdll.so")
    path = Path(spec.origin).parent / name
    if not path.is_file():
        return None
    try:
        library = ctypes.CDLL(str(path))
    except OSError:  # not loadable here (another architecture): blingfire's module then raises its own error
        return None
    return library if hasattr(library, "TextToSentencesWithOffsets") else None


def _sentence_offsets(block: str) -> list[tuple[int, int]]:
    """``blingfire.text_to_sentences_and_offsets(block)[1]``: (start, end) of each sentence of ``block``.

    The same C call as that wrapper, and its mapping of UTF-8 byte offsets back to characters; for ASCII text, where
    bytes are characters, without the wrapper's Python loop over every byte (~50 us of the ~60 us a 180-character
    block took): a start stays, an inclusive end moves one on, and a last offset outside the text becomes its
    length, as long as the offsets never go back (any other outcome takes the wrapper's loop).
    """
    library = _blingfire_library()
    if library is None:
        import blingfire

        return blingfire.text_to_sentences_and_offsets(block)[1]
    data = block.encode("utf-8")
    output = ctypes.create_string_buffer(len(data) * 2)
    capacity = len(output)
    starts = (ctypes.c_int32 * capacity)()
    ends = (ctypes.c_int32 * capacity)()
    written = library.TextToSentencesWithOffsets(ctypes.c_char_p(data), ctypes.c_int(len(data)), ctypes.byref(output),
                                                 ctypes.byref(starts), ctypes.byref(ends), ctypes.c_int(capacity))
    if written == -1 or written > capacity:
        return []
    count = output.value.count(b"\n") + 1
    utf8 = [offset for pair in zip(starts[:count], ends[:count], strict=True) for offset in pair]
    if block.isascii() and len(utf8) == 2 * count:
        offsets = [offset + (index % 2) for index, offset in enumerate(utf8)]
        position = 0
        for index, offset in enumerate(offsets):
            if not position <= offset < len(data):
                if index != len(offsets) - 1:
                    break
                offsets[index] = len(block)
            position = offset
        else:
            return list(zip(offsets[::2], offsets[1::2], strict=True))
    # The wrapper's own mapping (blingfire.text_to_token_with_offsets), step for step.
    mapped: list[int] = []
    character = 0
    is_end = False
    for byte_offset, byte in enumerate(data):
        if byte & 0xC0 != 0x80:  # the first byte of a character
            while len(mapped) < len(utf8) and utf8[len(mapped)] + is_end == byte_offset:
                mapped.append(character)
                is_end = not is_end
            character += 1
    if len(mapped) < count * 2:
        mapped.append(len(block))
    if len(mapped) != count * 2:  # the wrapper asserts this (an empty block)
        raise AssertionError(f"{len(mapped)} != {count * 2}")
    return list(zip(mapped[::2], mapped[1::2], strict=True))


def _lower_case(block: str) -> bool:
    """No capital letter, or none but the pronoun "I" ("i loved it. the songs made me cry, I admit.")."""
    if block.islower():
        return True
    if not (block[0].islower() or block.startswith(("I ", "I'"))) or "I" not in block:
        return False
    return _PRONOUN_I.sub("i", block).islower()


def _word_before(block: str, position: int) -> str:
    """The word of up to 8 characters that ends at ``position`` (read back from the text, so a 1 MB word costs
    nothing); "" for a longer word or none."""
    before = _LAST_WORD.search(block, max(0, position - 9), position)
    return before.group(0) if before and not block[before.start() - 1:before.start()].isalnum() else ""


def _lower_case_offsets(block: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a block without capital letters (see ``_LOWER_CASE_END``)."""
    offsets: list[tuple[int, int]] = []
    start = 0
    for match in _LOWER_CASE_END.finditer(block):
        if match.group(0).strip(_CLOSERS + " \t") == ".":  # a single full stop: after an abbreviation or initial?
            word = _word_before(block, match.start())
            if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha() and word != "i"):
                continue
        _append_piece(block, offsets, start, match.end())
        start = match.end()
    if start < len(block):
        _append_piece(block, offsets, start, len(block))
    return offsets


def _unglued(block: str, offsets: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``offsets`` with each piece also cut after a glued sentence end (see ``_GLUED``)."""
    if not _GLUED.search(block):
        return offsets
    pieces = []
    for start, end in offsets:
        cut = start
        for match in _GLUED.finditer(block, start, end):
            if _word_before(block, match.start()).lower() in _ABBREVIATIONS:
                continue
            pieces.append((cut, match.end()))
            cut = match.end()
        pieces.append((cut, end))
    return pieces


def _append_piece(block: str, offsets: list[tuple[int, int]], start: int, end: int) -> None:
    """A piece with no letter or digit (a spaced closing quote: 'a star ? " ) .') joins the sentence before it."""
    if offsets and not _WORD.search(block, start, end):
        offsets[-1] = (offsets[-1][0], end)
    else:
        offsets.append((start, end))


def _kept_ranges(length: int, removals: list[Removal]) -> Iterable[tuple[int, int]]:
    position = 0
    for removal in sorted(removals, key=lambda r: r.start):
        if removal.start > position:
            yield position, removal.start
        position = max(position, removal.end)
    if position < length:
        yield position, length


def split_sentences(
    text: str, *, review_id: str = "", removals: list[Removal] | None = None, paragraphs: list[int] | None = None
) -> list[Sentence]:
    """Split ``text`` into sentences, skipping the ``removals`` ranges.

    If ``paragraphs`` is given, the paragraph index of each sentence is appended to it (used to carry aspects from
    one sentence to a pronoun in the next only within a paragraph).
    """
    sentences: list[Sentence] = []
    paragraph_offset = 0
    for kept_start, kept_end in _kept_ranges(len(text), removals or []):
        last_paragraph = -1
        for block_start, block_end, paragraph in _paragraph_blocks(text, kept_start, kept_end):
            last_paragraph = paragraph
            block = text[block_start:block_end]
            if len(block) <= MAX_SENTENCE_CHARS and _ONE_SENTENCE.match(block):
                offsets = [(0, len(block))]  # no sentence end inside the block: one sentence, no need for blingfire
            elif _lower_case(block):  # blingfire would find no sentence end
                offsets = _lower_case_offsets(block)
            else:
                offsets = _unglued(block, _sentence_offsets(block))
            for relative_start, relative_end in offsets:
                for span_start, span_end in _cut_long(text, block_start + relative_start, block_start + relative_end):
                    sentences.append(
                        Sentence(review_id, len(sentences), span_start, span_end, text[span_start:span_end])
                    )
                    if paragraphs is not None:
                        paragraphs.append(paragraph_offset + paragraph)
        paragraph_offset += last_paragraph + 1
    return sentences


def _split_points(text: str) -> list[tuple[int, str]]:
    """Offsets (relative to ``text``) where a new clause starts, with the marker that opens it."""
    points: list[tuple[int, str]] = []
    if " as " in text.lower():
        conceded = _CONCESSIVE_AS.match(text)
        if conceded:  # "Clever as it is, the film lacks charm.": the first clause concedes, as with "although"
            points += [(0, "although"), (conceded.end(), "")]
    if " if " in text:
        for conceded in _CONCESSIVE_IF.finditer(text):  # "serviceable if rather overextended": the "if" part concedes
            position = conceded.start("concession")
            points.append((position, "if"))
            comma = text.find(",", conceded.end())
            if comma > 0:
                points.append((comma + 1, ""))
    if not _MARKER_TRIGGERS.may_match(text):
        return sorted(set(points))
    for match in _MARKERS.finditer(text):
        marker = match.group(0).lower()
        position = match.start()
        before = text[:position].rstrip()
        after = text[match.end():match.end() + 12].lower()
        at_start = not before or before.endswith(("(", "\u2014", "\u2013", ":")) or before.lower() in {"and", "or"}
        after_break = before.endswith((",", ";")) or before.lower().endswith((", and", "; and"))
        if marker == "but":
            if _BUT_KEEP_BEFORE.search(before):
                continue  # "anything but good" is one judgement, not a turn
            if after.startswith(("also", " also")) and _NOT_ONLY.search(before):
                continue  # "not only lip-sync but also seriously dance": one claim, not a contrast
        elif marker in _NEEDS_BREAK and not (at_start or after_break):
            continue
        if marker in {"however", "on the other hand"} and after.lstrip().startswith(",") and before.endswith(","):
            continue  # parenthetical ", however," turns against the previous sentence, not inside this one
        if marker == "yet" and after.lstrip().startswith("to "):
            continue  # "has yet to deliver"
        if position > 0 or marker in _SUBORDINATE:  # at 0, a conceding marker opens the first clause
            points.append((position, marker))
        if marker in _SUBORDINATE and (at_start or after_break):
            comma = text.find(",", match.end())
            if comma > 0:
                points.append((comma + 1, ""))
    return sorted(set(points))


def leading_turn(text: str) -> bool:
    """Whether a sentence opens by turning against the sentence before it ("But it doesn't last.")."""
    return _LEADING_TURN.match(text) is not None


def clause_weights(contrasts: Sequence[str], conceded: float) -> list[float] | None:
    """How much each clause carries its sentence's judgement, from the contrast markers that open the clauses in
    order (``Clause.contrast``): ``conceded`` for a clause the sentence turns away from (every clause before a
    "but", "yet", "however", "on the other hand") and for a conceding clause ("although", "though", "while", ...),
    1 for the others; None when the sentence neither turns nor concedes."""
    weights = [1.0] * len(contrasts)
    found = False
    for index, marker in enumerate(contrasts):
        if marker in _SUBORDINATE:
            weights[index] = conceded
            found = True
        elif marker in _TURNS:
            weights[:index] = [min(weight, conceded) for weight in weights[:index]]
            found = found or index > 0
    return weights if found else None


def turns(contrasts: Iterable[str]) -> bool:
    """Whether a sentence whose clauses open with these contrast markers turns or concedes (see
    :func:`clause_weights`)."""
    contrasts = list(contrasts)
    return clause_weights(contrasts, 0.0) is not None


def split_clauses(sentence: Sentence) -> list[Clause]:
    """Split a sentence into clauses at contrast markers; offsets stay in the review text's coordinates.

    A piece with fewer than two words is merged into its neighbour, so a clause is never just "but".
    """
    text = sentence.text
    points = _split_points(text)
    if not points:
        return [Clause(sentence.review_id, sentence.index, 0, sentence.start, sentence.end, text)]
    first = ""
    if points[0][0] == 0:  # "Although the plot is thin, ...": the first clause concedes
        first = points.pop(0)[1]
        if not points:
            return [Clause(sentence.review_id, sentence.index, 0, sentence.start, sentence.end, text, first)]
    bounds: list[tuple[int, int, str]] = []
    starts = [0] + [p for p, _ in points]
    markers = [first] + [m for _, m in points]
    ends = [p for p, _ in points] + [len(text)]
    for start, end, marker in zip(starts, ends, markers, strict=True):
        if bounds and len(_WORD.findall(text[start:end])) < 2:
            previous_start, _, previous_marker = bounds[-1]
            bounds[-1] = (previous_start, end, previous_marker)
        elif not bounds or len(_WORD.findall(text[bounds[-1][0]:bounds[-1][1]])) >= 2:
            bounds.append((start, end, marker))
        else:
            previous_start, _, previous_marker = bounds[-1]
            bounds[-1] = (previous_start, end, previous_marker)
    clauses = []
    for start, end, marker in bounds:
        span = _trimmed(text, start, end)
        if span is None:
            continue
        clauses.append(
            Clause(
                sentence.review_id, sentence.index, len(clauses), sentence.start + span[0], sentence.start + span[1],
                text[span[0]:span[1]], marker,
            )
        )
    return clauses
