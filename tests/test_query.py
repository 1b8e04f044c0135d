"""Query repair and alias expansion: malformed queries are read as meant, and say so."""

from __future__ import annotations

import pytest

from corpus import gazetteer
from index.query import expand_aliases, repair

FIELDS = {"id", "title", "body", "outlet", "published", "places", "people", "tags"}


@pytest.mark.parametrize(
    "typed, repaired, note",
    [
        ('"military police', "military police", "unbalanced quote"),
        ("AND Lavrov", "Lavrov", "operator"),
        ("Lavrov OR", "Lavrov", "operator"),
        ("Lavrov AND AND Kerry", "Lavrov AND Kerry", "operator"),
        ("(Lavrov", "(Lavrov)", "unbalanced parenthesis"),
        ("Lavrov)", "Lavrov", "unmatched parenthesis"),
        ("foo:bar", "foo bar", "no field named 'foo'"),
        ("outlet:", "", "nothing after it"),
        ("[Lavrov", "Lavrov", "stray brackets"),
        ("published:[2016 TO 2018", "published:[2016 TO 2018]", "unbalanced range"),
        ("Lavrov~5", "Lavrov~2", "at most 2 edits"),
        ("***", "", "nothing to search for"),
        ("x" * 1500, "x" * 1000, "cut to 1000"),
    ],
)
def test_repairs_say_what_they_changed(typed, repaired, note):
    text, notes = repair(typed, FIELDS)
    assert text == repaired
    assert any(note in n for n in notes), notes


@pytest.mark.parametrize(
    "typed, repaired",
    [
        ("published:[2016 TO 2018]", "published:[2016 TO 2018]"),
        ("Title:Kerry", "title:Kerry"),
        ("place:Aleppo", "places:Aleppo"),
        ("NOT Lavrov", "NOT Lavrov"),
        ("“Sergei Lavrov”", '"Sergei Lavrov"'),
        ('"a (b" c', '"a (b" c'),  # brackets inside quotes are words, not syntax
        ("deconflict* Lavrov~", "deconflict* Lavrov~"),
    ],
)
def test_well_formed_queries_are_left_alone(typed, repaired):
    text, notes = repair(typed, FIELDS)
    assert text == repaired
    assert notes == []


def test_control_characters_are_spaces():
    text, notes = repair("Lavrov\x00\x1b[31mKerry", FIELDS)
    assert text.split() == ["Lavrov", "31mKerry"]
    assert "\x00" not in text and "\x1b" not in text


@pytest.mark.parametrize(
    "typed, spellings",
    [
        ("At-Tanf", ['"Al Tanf"', '"At-Tanf"', "Tanf"]),
        ("at tanf", ['"Al Tanf"', '"At-Tanf"']),
        ("Hasakeh", ["Hasakah", "Hasakeh"]),
        ("Sergei Lavrov", ['"Sergey Lavrov"', '"Sergei Lavrov"']),
        ('"Sergei Lavrov"', ['"Sergey Lavrov"', '"Sergei Lavrov"']),
    ],
)
def test_aliases_expand_to_every_spelling(typed, spellings):
    text, notes = expand_aliases(typed, gazetteer.shipped())
    for spelling in spellings:
        assert spelling in text
    assert notes and "other spellings" in notes[0]


@pytest.mark.parametrize("typed", ["Tanfish", "title:Tanf*", "Tanf~", "Lavrov", "Kerry"])
def test_no_expansion_inside_other_words_or_operators(typed):
    assert expand_aliases(typed, gazetteer.shipped()) == (typed, [])
