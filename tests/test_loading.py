"""Loading a corpus folder: which files, their ids, their text and offsets."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from corpus.loader import SAMPLES_DIR, load_corpus, load_path, parse_article


def write(path, text: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, str):
        text = text.encode("utf-8")
    path.write_bytes(text)


ARTICLE = "Headline\n\nMOSCOW — Russian jets flew near the base, officials said.\n"


def test_the_bundled_samples_load_without_warnings(samples):
    assert sorted(samples) == ["000", "001", "002", "003", "004"]
    assert {a.outlet for a in samples.values()} == {"Military Times", "The Moscow Times", "Reuters", "Newsweek", "News24"}
    for article in samples.values():
        assert article.text == (SAMPLES_DIR / article.id).read_text(encoding="utf-8").replace("\r\n", "\n")
        assert article.paragraphs


def test_txt_and_md_recursively_with_relative_slash_ids(tmp_path):
    write(tmp_path / "a.txt", ARTICLE)
    write(tmp_path / "notes.md", "# Notes\n\nThe ceasefire held in Idlib.\n")
    write(tmp_path / "2016" / "july" / "b.TXT", ARTICLE)
    write(tmp_path / "c.pdf", ARTICLE)
    write(tmp_path / "c.meta.yaml", "title: x\n")
    articles, warnings = load_corpus(tmp_path)
    assert warnings == []
    assert sorted(a.id for a in articles) == ["2016/july/b.TXT", "a.txt", "notes.md"]
    assert all("\\" not in a.id and not os.path.isabs(a.id) for a in articles)


def test_hidden_files_and_folders_are_skipped(tmp_path):
    write(tmp_path / "a.txt", ARTICLE)
    write(tmp_path / ".draft.txt", ARTICLE)
    write(tmp_path / ".git" / "b.txt", ARTICLE)
    write(tmp_path / "sub" / ".cache" / "c.txt", ARTICLE)
    articles, warnings = load_corpus(tmp_path)
    assert [a.id for a in articles] == ["a.txt"]
    assert warnings == []


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_newlines_are_normalised_and_offsets_index_the_normalised_text(tmp_path, newline):
    write(tmp_path / "a.txt", ARTICLE.replace("\n", newline))
    [article], _ = load_corpus(tmp_path)
    assert "\r" not in article.text
    assert article.text == ARTICLE
    assert [article.paragraph_text(p) for p in article.paragraphs] == [
        "Headline",
        "MOSCOW — Russian jets flew near the base, officials said.",
    ]


def test_a_byte_order_mark_is_not_text(tmp_path):
    write(tmp_path / "a.txt", b"\xef\xbb\xbf" + ARTICLE.encode())
    [article], _ = load_corpus(tmp_path)
    assert article.text == ARTICLE
    assert article.title == "Headline"


def test_front_matter_is_not_part_of_the_text(tmp_path):
    write(tmp_path / "a.txt", "---\ntitle: Given title\n---\n" + ARTICLE)
    [article], _ = load_corpus(tmp_path)
    assert article.text == ARTICLE
    assert article.title == "Given title"
    assert article.paragraph_text(article.paragraphs[0]) == "Headline"


def test_paragraph_offsets_cover_every_word(samples):
    for article in samples.values():
        covered = set()
        last_end = 0
        for p in article.paragraphs:
            assert last_end <= p.start < p.end <= len(article.text)
            chunk = article.paragraph_text(p)
            assert chunk == chunk.strip() and chunk
            covered.update(range(p.start, p.end))
            last_end = p.end
        outside = "".join(c for i, c in enumerate(article.text) if i not in covered)
        assert outside.strip() == ""


def test_paragraph_at(samples):
    article = samples["003"]
    offset = article.text.index("M-4 highway")
    paragraph = article.paragraph_at(offset)
    assert "military police patrol" in article.paragraph_text(paragraph)
    assert article.paragraph_at(len(article.text)) is None


def test_load_path_ids_relative_to_a_root(tmp_path):
    write(tmp_path / "x" / "y" / "a.txt", ARTICLE)
    assert load_path(tmp_path / "x" / "y" / "a.txt", tmp_path).id == "x/y/a.txt"
    assert load_path(tmp_path / "x" / "y" / "a.txt").id == "a.txt"


def test_parse_article_sha_tracks_content():
    a = parse_article("a.txt", ARTICLE)
    b = parse_article("a.txt", ARTICLE.replace("near", "over"))
    assert a.sha1 and a.sha1 != b.sha1
    assert parse_article("a.txt", ARTICLE.replace("\n", "\r\n")).sha1 == a.sha1


def test_an_articles_text_alone_is_the_text_a_whole_load_gives(tmp_path):
    """`load_text` (a report's passage, cut without analysing the article) gives the very
    text `load_file` does, whatever the file holds: front matter, CRLF or CR newlines, a
    byte order mark, a sidecar, an empty front matter, a saved web page."""
    from corpus.loader import ArticleError, article_files, load_file, load_text

    pages = Path(__file__).parent / "pages"
    write(tmp_path / "front.txt", "---\ntitle: Given title\npublished: 2020-08-26\n---\n" + ARTICLE)
    write(tmp_path / "empty-front.md", "---\n---\n" + ARTICLE)
    write(tmp_path / "crlf.txt", ("---\ntitle: T\n---\n" + ARTICLE).replace("\n", "\r\n"))
    write(tmp_path / "cr.txt", ARTICLE.replace("\n", "\r"))
    write(tmp_path / "bom.txt", b"\xef\xbb\xbf" + ARTICLE.encode())
    write(tmp_path / "side.txt", ARTICLE)
    write(tmp_path / "side.meta.yaml", "outlet: Reuters\npublished: 2018-02-08\n")
    write(tmp_path / "dashes.txt", "--- not front matter\n" + ARTICLE)
    for page in pages.glob("*.htm*"):
        write(tmp_path / page.name, page.read_bytes())
    for sample in SAMPLES_DIR.glob("*.txt"):
        write(tmp_path / "samples" / sample.name, sample.read_bytes())
    files, problems = article_files(tmp_path)
    assert problems == []
    assert len(files) >= 13
    for file in files:
        try:
            whole = load_file(file)
        except ArticleError:  # a page with no article text: no text either
            with pytest.raises(ArticleError):
                load_text(file)
            continue
        assert load_text(file) == whole.text, file.id
        assert not whole.text.startswith("---\n"), file.id
