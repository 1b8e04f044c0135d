"""safe_yaml: plain data only, limits with line numbers, exact round trips."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus import safe_yaml


def refusal(text: str, loader=None) -> yaml.MarkedYAMLError:
    with pytest.raises(yaml.MarkedYAMLError) as info:
        safe_yaml.load(text, loader)
    return info.value


# Every loader this PyYAML has: libyaml's (when built with it) and PyYAML's own.
loaders = pytest.mark.parametrize("loader", safe_yaml.LOADERS, ids=lambda c: c.__name__)


@loaders
def test_plain_data_and_its_nodes(loader):
    node, data = safe_yaml.load("a: 2016-07-22\nb: [x, 'y']\n", loader)
    assert data == {"a": __import__("datetime").date(2016, 7, 22), "b": ["x", "y"]}
    assert node.value[1][1].start_mark.line == 1
    assert safe_yaml.load("", loader) == (None, None) and safe_yaml.load("# only a comment\n", loader) == (None, None)


@pytest.mark.parametrize(
    "text, line, problem",
    [
        ("a: 1\nb: !!python/object/apply:os.system ['true']\n", 2, "could not determine a constructor"),
        ("a: 1\na: 2\n", 2, "duplicate key 'a'"),
        ("a:\n  b: 1\n  c: &c [*c]\n", 3, "an alias refers to a collection that contains it"),
        # libyaml stops this itself at 1,000 levels, PyYAML's composer here at 100: the same words either way.
        ("x: " + "[" * 5000 + "]" * 5000, 1, "nested more than 100 levels deep"),
        ("x: " + "[" * 150 + "]" * 150, 1, "nested more than 100 levels deep"),
        ("x:\n" + "".join("  " * i + "- \n" for i in range(1, 120)), 101, "nested more than 100 levels deep"),
        ("l0: &l0 [a, a, a, a, a, a, a, a, a, a]\n" + "".join(f"l{i}: &l{i} [{', '.join([f'*l{i-1}'] * 10)}]\n" for i in range(1, 8)), 6, "more than 1,000,000 values"),
    ],
)
@loaders
def test_refusals_say_why_and_where(text, line, problem, loader):
    error = refusal(text, loader)
    assert problem in error.problem and error.problem_mark.line + 1 == line


def test_libyaml_is_tried_first_where_it_is_built():
    assert safe_yaml.LOADERS[-1].__name__ == "_PyLoader"
    assert len(safe_yaml.LOADERS) == (2 if yaml.__with_libyaml__ else 1)


def test_shared_values_are_fine_and_written_back_as_anchors():
    _, data = safe_yaml.load("wire: &w [AP, Reuters]\nalso: *w\n")
    assert data["also"] is data["wire"]
    assert safe_yaml.load(safe_yaml.dump(data))[1] == data


@settings(max_examples=200, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(), lambda c: st.lists(c, max_size=4) | st.dictionaries(st.text(), c, max_size=4), max_leaves=20))
def test_any_plain_data_round_trips(data):
    assert safe_yaml.load(safe_yaml.dump({"d": data}))[1] == {"d": data}


def test_without_libyaml_the_same_limits_hold():
    code = """
import sys
sys.modules["yaml.cyaml"] = None  # as if PyYAML were built without libyaml
import yaml
from corpus import safe_yaml
assert safe_yaml.LOADERS == (safe_yaml._PyLoader,)
for text in ("x: " + "[" * 5000 + "]" * 5000, "a: &a [*a]", "a: 1\\na: 2", "a: !!python/object/apply:os.system ['true']"):
    try:
        safe_yaml.load(text)
    except yaml.MarkedYAMLError as error:
        print(error.problem_mark.line + 1, error.problem)
print(safe_yaml.load(safe_yaml.dump({"t": "x\\n\\u2028y"}))[1] == {"t": "x\\n\\u2028y"})
"""
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root).stdout
    lines = out.splitlines()
    assert [line.split(" ", 1)[1][:20] for line in lines[:4]] == [
        "nested more than 100", "an alias refers to a", "duplicate key 'a'", "could not determine "
    ]
    assert lines[4] == "True"
