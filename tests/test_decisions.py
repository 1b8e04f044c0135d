"""The reading rules decide as tests/decisions/ says: a rule's effect on every quote is a diff.

A change to the rules that changes a decision fails here until the decisions are
written again (python3 tests/bench/decisions.py) and checked in with the change.
"""

import difflib
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "bench"))

from decisions import OUT, SETS, decisions  # noqa: E402


@pytest.mark.parametrize("name", sorted(SETS))
def test_the_decisions_are_the_checked_in_ones(name):
    folder, with_text = SETS[name]
    if not folder.is_dir():
        pytest.skip(f"{folder} is not here (the development set lives in ../shared)")
    expected = (OUT / f"{name}.txt").read_text(encoding="utf-8")
    now = decisions(folder, with_text)
    diff = "".join(difflib.unified_diff(expected.splitlines(True), now.splitlines(True), f"tests/decisions/{name}.txt", "now", n=1))
    assert now == expected, f"the rules decide differently; if that is meant, run python3 tests/bench/decisions.py and commit:\n{diff}"


def test_every_decision_names_its_rule():
    text = (OUT / "samples.txt").read_text(encoding="utf-8")
    attributed = [line for line in text.splitlines() if line.startswith("quote ") and "-> (none)" not in line]
    assert attributed and all("[-]" not in line for line in attributed)
