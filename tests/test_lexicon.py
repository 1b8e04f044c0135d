"""The lexicon: every word list of the reading rules once, and the lists agree with each other."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from corpus.reading import lexicon as L

READING = Path(__file__).resolve().parents[1] / "corpus" / "reading"

# Lists that must never share a word: a word in both would mean two opposite things.
DISJOINT = [
    ("FEMALE_NAMES", "MALE_NAMES"),
    ("FEMALE_TITLES", "MALE_TITLES"),
    ("SUBORDINATORS", "DETERMINERS"),
    ("NOT_SUBJECTS", "DETERMINERS"),
    ("NOT_NAMES", "FEMALE_NAMES"),
    ("NOT_NAMES", "MALE_NAMES"),
    ("ORGANISATION_WORDS", "FEMALE_NAMES"),
    ("ORGANISATION_WORDS", "MALE_NAMES"),
    ("ORGANISATION_WORDS", "ROLE_NOUNS"),
    ("REPORTED_SPEECH_VERBS", "BELIEF_VERBS"),
]
# Lists that are a part of another (compared in lower case).
SUBSETS = [
    ("TITLE_ABBREVIATIONS", "ABBREVIATIONS"),
    ("NAME_ABBREVIATIONS", "ABBREVIATIONS"),
    ("PHRASE_ABBREVIATIONS", "ABBREVIATIONS"),
    ("INVERTED_OPENERS", "SPEECH_VERBS"),
    ("NEVER_NOUNS", "SPEECH_VERBS"),
    ("INVERTING_VERBS", "SPEECH_VERBS"),
    ("ADDRESSEE_VERBS", "SPEECH_VERBS"),
    ("SPEAKS_AFTER_NAME", "SPEECH_VERBS"),
    ("SPOKE_BEFORE_NAME", "SPEECH_VERBS"),
    ("REPORTED_SPEECH_VERBS", "SPEECH_VERBS"),
    ("NOT_REPORTING_VERBS", "SPEECH_VERB_BASES"),
]


def words(name: str) -> set[str]:
    value = getattr(L, name)
    return {w.lower() for w in (value.keys() if isinstance(value, dict) else value)}


@pytest.mark.parametrize(("a", "b"), DISJOINT)
def test_lists_meant_to_exclude_each_other_do(a, b):
    assert words(a) & words(b) == set()


@pytest.mark.parametrize(("part", "whole"), SUBSETS)
def test_a_narrower_list_holds_only_words_of_the_wider(part, whole):
    assert words(part) - words(whole) == set()


def test_no_list_names_a_word_twice():
    for name in dir(L):
        value = getattr(L, name)
        if name.isupper() and isinstance(value, tuple):
            assert len(value) == len(set(value)), f"{name} lists a word twice"


def test_verb_forms():
    assert {"says", "said", "saying"} <= L.SPEECH_VERBS
    assert L.verb_forms("reply") == {"reply", "replies", "replied", "replying"}
    assert L.verb_forms("admit") == {"admit", "admits", "admitted", "admitting"}
    assert L.verb_forms("quip") == {"quip", "quips", "quipped", "quipping"}
    assert L.verb_forms("agree") == {"agree", "agrees", "agreed", "agreeing"}
    assert L.verb_forms("threaten") == {"threaten", "threatens", "threatened", "threatening"}
    assert {"labeled", "labelled"} <= L.verb_forms("label")
    assert L.singular("spokeswomen") == "spokeswoman" and L.singular("witnesses") == "witness" and L.singular("aides") == "aide"


def test_word_lists_live_in_the_lexicon_only():
    """No other stage defines a list of words of its own (a set, tuple or list of six or more)."""
    found = []
    for path in sorted(READING.glob("*.py")):
        if path.name == "lexicon.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Set | ast.Tuple | ast.List) and sum(isinstance(e, ast.Constant) and isinstance(e.value, str) and e.value.isalpha() for e in node.elts) >= 6:
                found.append(f"{path.name}:{node.lineno}")
    assert found == []
