import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus import SAMPLES_DIR, load_corpus, parse_article
from corpus.quotes import find_quotes


def _article(text):
    return parse_article("t.txt", "Headline\n\n" + textwrap.dedent(text).strip() + "\n")


def _quotes(text):
    return [(q.text, q.kind, q.speaker) for q in find_quotes(_article(text))]


def test_curly_and_straight_marks_mixed():
    assert _quotes("“Let’s take Al Tanf, for example,\" he said. The rest.") == [
        ("Let’s take Al Tanf, for example,", "quote", None)
    ]


def test_apostrophes_are_never_marks():
    text = "Russia’s forces and the U.S.-backed Kurds’ units don't move, Smith's aide said. It's the '90s."
    assert _quotes(text) == []


def test_closing_mark_after_punctuation_keeps_the_punctuation():
    [(text, kind, _)] = _quotes('Ryan said "no, not at all."')
    assert text == "no, not at all." and kind == "quote"


def test_mid_sentence_quote_and_ellipsis():
    [(text, _, _)] = _quotes('Karpov described it as "another case of … violation of the protocols."')
    assert text == "another case of … violation of the protocols."


def test_scare_quoted_terms_are_fragments():
    assert [k for _, k, _ in _quotes("factions designated as “terrorist.” and “prior notice” of it.")] == ["fragment", "fragment"]


def test_nested_single_quotes_stay_inside():
    [(text, _, _)] = _quotes("“He called it ‘a deal’ and left,” she said.")
    assert text == "He called it ‘a deal’ and left,"


def test_archive_double_apostrophes():
    [(text, _, _)] = _quotes("The minister said, ''We will not leave the base.'' Then he left.")
    assert text == "We will not leave the base."


def test_multi_paragraph_quote_parts():
    quotes = find_quotes(
        _article(
            """
            Jane Smith, the envoy, said: “We will talk to them.

            “We will not give up the base, and nobody should think otherwise.”
            """
        )
    )
    assert [q.text for q in quotes] == ["We will talk to them.", "We will not give up the base, and nobody should think otherwise."]
    assert quotes[1].continues and not quotes[0].continues
    assert {q.speaker for q in quotes} == {"Jane Smith"}


def test_single_quote_articles():
    [(text, kind, _)] = _quotes("The envoy said: ‘We will not leave the base at all.’ He left.")
    assert text == "We will not leave the base at all." and kind == "quote"


@pytest.fixture(scope="module")
def samples():
    return load_corpus(SAMPLES_DIR)[0]


def test_sample_offsets_hold(samples):
    for a in samples:
        for q in find_quotes(a):
            assert a.text[q.start : q.end] == q.text
            if q.speaker_span:
                s, e = q.speaker_span
                assert 0 <= s < e <= len(a.text)


def test_quotes_skip_boilerplate(samples):
    moscow = next(a for a in samples if a.id.startswith("001"))
    boiler = moscow.boilerplate_spans
    for q in find_quotes(moscow):
        assert not any(s <= q.start < e for s, e in boiler)


_pieces = st.lists(
    st.sampled_from(["said", " ", "\n\n", "“", "”", '"', "'", "’", "‘", "''", "he", "Smith", ",", ".", "word", "U.S.", "…"]),
    max_size=40,
)


@settings(max_examples=200, deadline=None)
@given(_pieces)
def test_offsets_hold_for_any_text(pieces):
    text = "".join(pieces)
    if not text.strip():
        return
    a = parse_article("t.txt", "Headline\n\n" + text)
    for q in find_quotes(a):
        assert a.text[q.start : q.end] == q.text
        assert q.kind in ("quote", "fragment")
        assert q.start <= q.end
