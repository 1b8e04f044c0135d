"""The corpus layer's scores on the hand-made gold of the five samples must not regress.

Thresholds are the figures measured when they were set (tests/bench/eval_analysis.py
prints the full table), less a small margin for harmless changes.
"""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "bench"))

from eval_analysis import evaluate, incident_pr  # noqa: E402


@pytest.fixture(scope="module")
def scores():
    return evaluate()


def test_quote_spans(scores):
    assert scores.prf("all_exact")[2] >= 0.97
    assert scores.prf("speech_overlap")[2] >= 0.95


def test_quote_kinds_and_speakers(scores):
    assert scores.ratio("kind") >= 0.96
    assert scores.ratio("speaker") >= 0.96


def test_sources(scores):
    assert scores.ratio("sources") >= 0.92
    assert scores.ratio("source_kind") >= 0.90


def test_incidents(scores):
    assert incident_pr(scores, "curated")[:2] == (1.0, 1.0)
    p, r, _ = incident_pr(scores, "extracted")
    assert p >= 0.8 and r >= 0.85

