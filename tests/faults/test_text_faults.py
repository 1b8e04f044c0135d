"""Issue 6, text (the data side; the reader's rendering is tested with the app): any
text — markup look-alikes, ANSI escapes, control characters, a 20,000-character
line, right-to-left Arabic, combining characters, emoji — loads, splits and is
analysed with exact character offsets, and its words are found where they are."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from corpus.loader import ArticleError, load_corpus, parse_article
from index import CorpusIndex
from index.analyzers import news_analyzer

SETTINGS = settings(
    max_examples=80, deadline=dt.timedelta(seconds=10), suppress_health_check=[HealthCheck.too_slow], derandomize=True
)

ODD = [
    "[bold]", "[/]", "[link=x]", "[@click=app.quit]", "[/bold]", "\x1b[31m", "\x1b[0m", "\x1b]8;;http://x\x1b\\",
    "\x00", "\x07", "\x08", "\t", "\x0b", "\x0c", "\x7f", "\u200b", "\u200f", "\u202e", "\ufeff", "\u2028", "\x85",
    "سوريا", "الرقة", "سُورِيَا", "e\u0301", "H\u0323", "a\u0308\u0304", "🚁", "👩‍👩‍👧", "🇸🇾", "ﬁ", "２０１６",
    "U.S.", "M-4", "At-Tanf", "Lavrov's", "—", "…", "“", "”", "\n", "\n\n", "\r\n", "\r", " ", "---", "x" * 300,
]
TEXT = st.lists(
    st.one_of(st.sampled_from(ODD), st.text(st.characters(exclude_categories=["Cs"]), max_size=30)), max_size=40
).map("".join)


def normalised(raw: str) -> str:
    return raw.replace("\r\n", "\n").replace("\r", "\n")


def check_paragraphs(article) -> None:
    text = article.text
    last = 0
    covered = [False] * len(text)
    for p in article.paragraphs:
        assert last <= p.start < p.end <= len(text)
        chunk = text[p.start : p.end]
        assert chunk.strip() == chunk != ""
        for i in range(p.start, p.end):
            covered[i] = True
        last = p.end
    assert all(covered[i] or c.isspace() for i, c in enumerate(text)), "a visible character outside every paragraph"


@SETTINGS
@given(raw=TEXT)
@example(raw="[bold]" * 7 + "\n0")  # a "hard-wrapped" first paragraph once made a two-line title
def test_paragraph_offsets_are_exact_for_any_text(raw):
    try:
        article = parse_article("a.txt", raw)
    except ArticleError as exc:  # only whitespace, or a front-matter block that is not YAML
        assert not normalised(raw).strip() or raw.startswith("---") or "empty" in str(exc)
        return
    assert normalised(raw).endswith(article.text)  # the text after any front matter, unchanged
    check_paragraphs(article)
    assert len(article.content_text()) == len(article.text)
    assert article.title and "\n" not in article.title


@SETTINGS
@given(raw=TEXT)
def test_token_offsets_are_exact_for_any_text(raw):
    analyzer = news_analyzer()
    last_end = 0
    for t in analyzer(raw, positions=True, chars=True):
        original = raw[t.startchar : t.endchar]
        assert last_end <= t.startchar < t.endchar <= len(raw)
        assert original and not any(c.isspace() for c in original)
        # The word alone analyses to the same term: a hit span is the word it says.
        assert [x.text for x in analyzer(original)] == [t.text]
        last_end = t.endchar


LONG_LINE = " ".join(f"word{i}" for i in range(2100)) + " endword "
LONG_LINE += "z" * (20_000 - len(LONG_LINE))
HOSTILE = (
    "Markup [bold]Lavrov[/] and [@click=app.quit]quit[/] and [link=x]Kerry[/link]\n\n"
    "ANSI \x1b[31mGerasimov\x1b[0m escapes and a bell\x07 and a NUL-free control \x0b char.\n\n"
    "Arabic: قالت وزارة الدفاع الروسية إن سوريا سُورِيَا تلقت الإشعار\n\n"
    "Combining: Hasake\u0301h and H\u0323asakah near the cafe\u0301.\n\n"
    "Emoji: 🚁 drones 👩‍👩‍👧 over 🇸🇾 Syria.\n\n"
    f"{LONG_LINE}\n\n"
    "The end of the article about deconfliction.\n"
)


@pytest.fixture
def hostile_index(tmp_path):
    (tmp_path / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    ix = CorpusIndex(tmp_path)
    report = ix.update()
    assert report.warnings == [] and report.indexed == 1
    yield ix
    ix.close()


def test_a_hostile_article_loads_exactly(tmp_path):
    assert len(LONG_LINE) == 20_000
    (tmp_path / "hostile.txt").write_text(HOSTILE.replace("\n", "\r\n"), encoding="utf-8")
    [article], warnings = load_corpus(tmp_path)
    assert warnings == []
    assert article.text == HOSTILE
    check_paragraphs(article)
    assert article.content_text() == HOSTILE  # nothing in it is site furniture


@pytest.mark.parametrize(
    "query, expected",
    [
        ("Lavrov", ["Lavrov"]),  # inside [bold]...[/]
        ("quit", ["quit"]),  # after [@click=app.quit]: the look-alike's own "app.quit" is one token
        ("bold", ["bold"]),
        ("Kerry", ["Kerry"]),
        ("31mGerasimov", ["31mGerasimov"]),  # what the text literally says after ESC[
        ("bell", ["bell"]),
        ("سوريا", ["سوريا", "سُورِيَا"]),
        ("Hasakeh", ["Hasake\u0301h", "H\u0323asakah"]),  # two spellings of one place
        ("Hasakah", ["Hasake\u0301h", "H\u0323asakah"]),
        ("café", ["cafe\u0301"]),
        ("drones", ["drones"]),
        ("word1500", ["word1500"]),
        ("endword", ["endword"]),
        ("deconfliction", ["deconfliction"]),
    ],
)
def test_words_in_a_hostile_article_are_found_where_they_are(hostile_index, query, expected):
    results = hostile_index.search(query)
    assert [h.article for h in results.hits] == ["hostile.txt"]
    text = hostile_index.load_article("hostile.txt").text
    assert [text[s:e] for s, e in results.hits[0].hits] == expected
    hit = results.hits[0]
    assert [hit.snippet[s:e] for s, e in hit.snippet_spans] == expected[: len(hit.snippet_spans)]
    assert hit.snippet_spans


@pytest.fixture(scope="module")
def scratch_index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("scratch-corpus")
    ix = CorpusIndex(folder, index_dir=tmp_path_factory.mktemp("scratch-index") / "ix")
    yield folder, ix
    ix.close()


@settings(max_examples=25, deadline=dt.timedelta(seconds=10), derandomize=True, suppress_health_check=list(HealthCheck))
@given(before=TEXT, after=TEXT)
def test_hits_and_snippets_point_at_the_word_in_any_text(scratch_index, before, after):
    """Index `before zqxword after` and search zqxword: every hit span and snippet span says it."""
    assume("\x00" not in before + after)  # a NUL makes it a binary file, rightly skipped
    folder, ix = scratch_index
    (folder / "a.txt").write_text(f"Headline\n\n{before} zqxword {after}", encoding="utf-8", newline="")
    ix.update()
    results = ix.search("zqxword")
    [hit] = results.hits
    text = ix.load_article("a.txt").text
    assert hit.hits and all(text[s:e].lower() == "zqxword" for s, e in hit.hits)
    assert hit.snippet_spans and all(hit.snippet[s:e].lower() == "zqxword" for s, e in hit.snippet_spans)
