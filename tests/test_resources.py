"""Tests for analysis/resources.py: the taxonomy file is validated on load."""

from __future__ import annotations

import pytest

from analysis.errors import InputError
from analysis.resources import default_taxonomy, load_taxonomy


def test_default_taxonomy_has_required_aspects():
    """The shipped taxonomy has at least the eight aspects the product promises, each labelled and described."""
    taxonomy = default_taxonomy()
    assert {"acting", "story", "direction", "music", "dance", "pacing", "humor", "emotion"} <= set(taxonomy.ids)
    assert all(a.label and a.description for a in taxonomy.aspects)
    assert taxonomy.version


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('version = "1"\n[aspects.music]\ncues = ["song"]\n[aspects.dance]\ncues = ["Song"]\n',
         "cue 'Song' is already listed under aspect 'music'"),
        ('version = "1"\n[aspects.music]\ncues = ["song", "song"]\n', "cue 'song' is listed twice"),
        ('version = "1"\n[aspects.music]\ncues = ["song"]\ncolour = "red"\n', "unknown keys ['colour']"),
        ('version = "1"\n[aspects.music]\npatterns = ["(unclosed"]\n', "does not compile"),
        # Patterns are combined per clause, so a group number would point at another aspect's group.
        ('version = "1"\n[aspects.music]\ncues = ["song"]\n[aspects.dance]\npatterns = [\'\\b(so)+ \\1\\b\']\n',
         "refers back to a group"),
        ('version = "1"\n[aspects.music]\npatterns = [\'(?P<a>x)(?P=a)\']\n', "refers back to a group"),
        ('[aspects.music]\ncues = ["song"]\n', "missing top-level 'version'"),
        ('version = "1"\n[aspects.Music]\ncues = ["song"]\n', "snake_case"),
        ('version = "1"\n[aspects.music]\ncues = []\n', "could never be detected"),
        ('version = 1 = 2', "not valid TOML"),
    ],
)
def test_load_taxonomy_rejects_bad_data(tmp_path, body, message):
    """Each kind of bad taxonomy is rejected with the file named and what is wrong."""
    path = tmp_path / "aspects.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(InputError, match=message.replace("[", r"\[").replace("]", r"\]").replace("(", r"\(")) as err:
        load_taxonomy(path)
    assert str(path) in str(err.value)


def test_taxonomy_get_unknown_lists_valid():
    """An unknown aspect id lists the valid ones."""
    with pytest.raises(InputError, match=r"unknown aspect 'musik' \(available: acting, story"):
        default_taxonomy().get("musik")
