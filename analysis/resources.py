"""Load and validate the data files in ``analysis/data`` (and user-supplied replacements).

Bad data is rejected on load with the file and the place named, never silently patched: a cue listed twice,
a cue under two aspects, an unknown key, a pattern that does not compile.
"""

from __future__ import annotations

import functools
import importlib.resources
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

__all__ = ["Aspect", "Taxonomy", "data_path", "default_taxonomy", "load_taxonomy"]

_ASPECT_ID = re.compile(r"[a-z][a-z0-9_]*\Z")
# A backreference or a conditional on a group, not preceded by an escaping backslash.
_GROUP_REFERENCE = re.compile(r"(?<!\\)(?:\\\\)*(?:\\[1-9]|\(\?P=|\(\?\()")
_ASPECT_KEYS = {"label", "description", "cues", "patterns", "people", "characters"}


@dataclass(frozen=True, slots=True)
class Aspect:
    """One aspect of the taxonomy.

    :param id: short snake_case id used in every output column (``music``).
    :param label: human label (``Music``).
    :param description: one sentence shown in the dashboard.
    :param cues: plain terms; a trailing ``*`` matches any word ending.
    :param patterns: regular expressions for what plain terms cannot say.
    :param people: actor names found in the text count as cues.
    :param characters: character names found in the text count as cues.
    """

    id: str
    label: str
    description: str
    cues: tuple[str, ...]
    patterns: tuple[str, ...] = ()
    people: bool = False
    characters: bool = False


@dataclass(frozen=True, slots=True)
class Taxonomy:
    """The aspects in use, in display order, with the version of the file they came from."""

    version: str
    aspects: tuple[Aspect, ...]
    source: str = "analysis/data/aspects.toml"

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(aspect.id for aspect in self.aspects)

    def get(self, aspect_id: str) -> Aspect:
        """Return the aspect with this id, or raise InputError listing the valid ids."""
        for aspect in self.aspects:
            if aspect.id == aspect_id:
                return aspect
        raise InputError(f"unknown aspect {aspect_id!r} (available: {', '.join(self.ids)})")

    def select(self, aspect_ids: tuple[str, ...] | list[str]) -> Taxonomy:
        """A taxonomy restricted to ``aspect_ids`` (in taxonomy order); unknown ids raise InputError."""
        wanted = {self.get(aspect_id).id for aspect_id in aspect_ids}
        return Taxonomy(self.version, tuple(a for a in self.aspects if a.id in wanted), self.source)


def data_path(name: str) -> Path:
    """Path of a file shipped in ``analysis/data``."""
    return Path(str(importlib.resources.files("analysis") / "data" / name))


def _require(condition: bool, where: str, message: str) -> None:
    if not condition:
        raise InputError(f"{where}: {message}")


def _parse_taxonomy(raw: dict, where: str) -> Taxonomy:
    _require(isinstance(raw.get("version"), str) and raw["version"], where, "missing top-level 'version' string")
    aspects_raw = raw.get("aspects")
    _require(isinstance(aspects_raw, dict) and aspects_raw, where, "expected at least one [aspects.<id>] table")
    unknown_top = set(raw) - {"version", "aspects"}
    _require(not unknown_top, where, f"unknown top-level keys {sorted(unknown_top)} (allowed: version, aspects)")
    owner: dict[str, str] = {}
    aspects = []
    for aspect_id, body in aspects_raw.items():
        here = f"{where} [aspects.{aspect_id}]"
        _require(bool(_ASPECT_ID.match(aspect_id)), here, "aspect ids are lower-case snake_case (e.g. 'music')")
        _require(isinstance(body, dict), here, "expected a table")
        unknown = set(body) - _ASPECT_KEYS
        _require(not unknown, here, f"unknown keys {sorted(unknown)} (allowed: {', '.join(sorted(_ASPECT_KEYS))})")
        cues = body.get("cues", [])
        patterns = body.get("patterns", [])
        _require(isinstance(cues, list) and all(isinstance(c, str) and c.strip() for c in cues), here,
                 "'cues' must be a list of non-empty strings")
        _require(isinstance(patterns, list) and all(isinstance(p, str) and p for p in patterns), here,
                 "'patterns' must be a list of non-empty strings")
        _require(bool(cues or patterns or body.get("people") or body.get("characters")), here,
                 "has no cues, patterns, people or characters: it could never be detected")
        for cue in cues:
            key = cue.strip().lower()
            _require(key not in owner, here,
                     f"cue {cue!r} is listed twice" if owner.get(key) == aspect_id
                     else f"cue {cue!r} is already listed under aspect {owner.get(key)!r}")
            owner[key] = aspect_id
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as err:
                raise InputError(f"{here}: pattern {pattern!r} does not compile: {err}") from None
            # Patterns are joined into one expression per aspect, and per clause into only the aspects it can
            # match, so a group number means another group there ("cannot refer to an open group").
            _require(not _GROUP_REFERENCE.search(pattern), here,
                     f"pattern {pattern!r} refers back to a group (\\1, (?P=name), (?(1)...)); "
                     "patterns are combined, so group references are not supported")
        aspects.append(
            Aspect(
                id=aspect_id,
                label=str(body.get("label") or aspect_id.replace("_", " ").title()),
                description=str(body.get("description", "")),
                cues=tuple(c.strip() for c in cues),
                patterns=tuple(patterns),
                people=bool(body.get("people", False)),
                characters=bool(body.get("characters", False)),
            )
        )
    return Taxonomy(version=raw["version"], aspects=tuple(aspects), source=where)


def load_taxonomy(path: str | Path) -> Taxonomy:
    """Read and validate a taxonomy TOML file (see ``analysis/data/aspects.toml`` for the format)."""
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: taxonomy file not found") from None
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"{path}: cannot read taxonomy ({err})") from None
    except tomllib.TOMLDecodeError as err:
        raise InputError(f"{path}: not valid TOML ({err})") from None
    return _parse_taxonomy(raw, str(path))


@functools.cache
def default_taxonomy() -> Taxonomy:
    """The shipped taxonomy, loaded once."""
    path = data_path("aspects.toml")
    taxonomy = load_taxonomy(path)
    return Taxonomy(taxonomy.version, taxonomy.aspects, source="analysis/data/aspects.toml")
