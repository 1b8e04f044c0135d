"""Saved web pages as articles (corpus.webpage): the hand-written pages in tests/pages/,
in the shapes sites use: JSON-LD (2021-06-22-jsonld.html), OpenGraph and
article:published_time (opengraph.htm), a bare page with no metadata (bare.html),
a page in windows-1252 (windows-1252.html) and one with no article (no-article.html).
Places, people and outlets in them are made up; no real site's markup is copied."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from corpus.loader import load_corpus, load_path
from corpus.published import PAGE, describe

pytest.importorskip("trafilatura")

PAGES = Path(__file__).with_name("pages")


@pytest.fixture(scope="module")
def pages():
    articles, warnings = load_corpus(PAGES)
    return {a.id: a for a in articles}, warnings


def test_json_ld_gives_title_author_site_and_date_and_the_furniture_is_dropped(pages):
    a = pages[0]["2021-06-22-jsonld.html"]
    assert a.title == "Convoy turned back near Qamishli"
    assert a.author == "Dana Whitfield"
    assert (a.outlet, a.outlet_from) == ("The Northern Ledger", PAGE)
    assert (a.published.iso, a.published.precision, a.published_from) == ("2021-06-22", "day", PAGE)
    assert a.text.startswith("Convoy turned back near Qamishli\n\nA patrol of armoured vehicles")
    for furniture in ("Most read", "Ten recipes", "All rights reserved", "newsletter", "Subscribe now", "Home"):
        assert furniture not in a.text
    assert [p.kind for p in a.paragraphs] == ["headline", "body", "body", "body"]
    assert describe(a.published_from) == "from the page's tags"


def test_opengraph_and_article_published_time(pages):
    a = pages[0]["opengraph.htm"]
    assert (a.title, a.author, a.outlet) == ("Jets pass close over eastern base", "Sam Okafor", "Harbour Evening Post")
    assert (a.published.iso, a.published_from) == ("2023-03-23", PAGE)
    assert a.url == "https://harbour-post.example/world/2023/03/jets-pass-close"
    assert "an invention" in a.text
    for furniture in ("cookies", "First!", "Nobody believes", "Privacy policy", "Weather"):
        assert furniture not in a.text


def test_a_bare_page_is_its_text_undated_and_an_offset_holds(pages):
    a = pages[0]["bare.html"]
    assert a.title == "Aid trucks reach camp"
    assert a.published.date is None and a.outlet is None
    assert "More stories" not in a.text
    start = a.text.index("forty trucks")
    assert a.text[start : start + len("forty trucks")] == "forty trucks"
    assert load_path(PAGES / "bare.html", PAGES).text == a.text  # extraction is the same every time: offsets stay valid


def test_a_page_in_another_encoding_is_read_by_its_charset(pages):
    a = pages[0]["windows-1252.html"]
    assert a.title == "Café talks resume"
    assert "open – both sides" in a.text


def test_a_page_without_article_text_is_skipped_with_one_warning(pages):
    _, warnings = pages
    assert [(w.path, w.reason) for w in warnings] == [("no-article.html", "a web page with no article text")]


def test_a_sidecar_wins_over_the_page_tags(tmp_path):
    shutil.copy(PAGES / "opengraph.htm", tmp_path / "story.htm")
    (tmp_path / "story.meta.yaml").write_text("outlet: Wire Service\npublished: 2023-03-22\n", encoding="utf-8")
    a = load_path(tmp_path / "story.htm", tmp_path)
    assert (a.outlet, a.outlet_from, a.published.iso, a.published_from) == ("Wire Service", "sidecar", "2023-03-22", "sidecar")
    assert a.author == "Sam Okafor"


@pytest.mark.parametrize("data", [b"", b"   \n", b"<html>\x00\x01\x02</html>", b"\xff\xfe<<<>>>" * 10, b"<html><body><p>short</p></body></html>"])
def test_broken_pages_are_skipped_with_a_reason(tmp_path, data):
    (tmp_path / "bad.html").write_bytes(data)
    (tmp_path / "good.txt").write_text("Headline\n\nThe hotline was used on Tuesday, officials said.\n", encoding="utf-8")
    articles, warnings = load_corpus(tmp_path)
    assert [a.id for a in articles] == ["good.txt"]
    assert [w.path for w in warnings] == ["bad.html"] and warnings[0].reason


def test_the_index_finds_pages_and_their_metadata():
    from index import CorpusIndex

    with tempfile.TemporaryDirectory() as tmp:
        ix = CorpusIndex(PAGES, Path(tmp) / "ix")
        report = ix.update()
        assert report.indexed == 4 and [w.path for w in report.warnings] == ["no-article.html"]
        hits = ix.search("armoured vehicles").hits
        assert [(h.article, h.outlet, h.published) for h in hits] == [("2021-06-22-jsonld.html", "The Northern Ledger", "2021-06-22")]
        assert ix.search('outlet:"Harbour Evening Post"').hits[0].article == "opengraph.htm"
        ix.close()


def test_the_date_comes_from_the_page_tags_never_from_its_prose():
    from corpus.webpage import read_page

    body = "<p>" + "The patrol went along the road and back again. " * 5 + "</p>"

    def page(head: str, article: str) -> bytes:
        return f"<html><head><title>Road patrol</title>{head}</head><body><article><h1>Road patrol</h1>{article}{body}</article></body></html>".encode()

    assert read_page(page("", '<time datetime="2019-04-02T10:00">2 April</time>')).published.iso == "2019-04-02"
    assert read_page(page('<meta name="date" content="2017-01-03">', "")).published.iso == "2017-01-03"
    assert read_page(page("", "<p>Published on 5 March 2018, a week after talks on 26 February 2018.</p>")).published.date is None
