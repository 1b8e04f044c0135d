"""Bookmarks: the entry, the file, finding passages again, export, and the `bookmarks` CLI verbs."""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import re
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from corpus.bookmarks import (
    Bookmark,
    BookmarksFileError,
    BookmarkStore,
    Location,
    UnknownBookmarkError,
    default_bookmarks_path,
    export_markdown,
    export_yaml,
    locate,
    make_bookmark,
    parse_text,
)
from corpus.article import Article
from corpus.loader import SAMPLES_DIR, load_path
from tui.cli_bookmarks import add_parser, run

GERASIMOV = "Let’s take Al Tanf, for example"
ARTICLE_ID = "000_d77898aa2ffd351f.txt"
CREATED = "2026-11-21T12:00:00Z"


@pytest.fixture
def article():
    return load_path(SAMPLES_DIR / ARTICLE_ID, SAMPLES_DIR)


@pytest.fixture
def store(tmp_path):
    return BookmarkStore(tmp_path / "bookmarks.yaml")


def mark(article, passage=GERASIMOV, **kwargs):
    start = article.text.index(passage)
    return make_bookmark(article, start, start + len(passage), created=CREATED, **kwargs)


# --- the entry ----------------------------------------------------------------


def test_make_bookmark_fills_passage_context_and_metadata(article):
    bookmark = mark(article, note="Gerasimov on Tanf", tags=["tanf"], speaker="Gen. Valery Gerasimov")
    assert article.text[bookmark.start : bookmark.end] == bookmark.text == GERASIMOV
    assert article.text[: bookmark.start].endswith(bookmark.prefix) and len(bookmark.prefix) == 32
    assert article.text[bookmark.end :].startswith(bookmark.suffix) and len(bookmark.suffix) == 32
    assert (bookmark.article, bookmark.outlet, bookmark.published) == (ARTICLE_ID, "Military Times", "2018-11")
    assert bookmark.title == article.title and bookmark.created == CREATED
    assert len(bookmark.id) == 8 and int(bookmark.id, 16) >= 0
    assert mark(article).id == bookmark.id  # derived from article, span and time: stable


def test_make_bookmark_context_is_clipped_at_the_article_edges(article):
    bookmark = make_bookmark(article, 0, 10)
    assert bookmark.prefix == "" and bookmark.created.endswith("Z")
    end = len(article.text)
    assert make_bookmark(article, end - 5, end).suffix == ""
    with pytest.raises(ValueError):
        make_bookmark(article, 10, 10)
    with pytest.raises(ValueError):
        make_bookmark(article, 0, end + 1)


def test_default_path_is_in_the_xdg_data_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    assert default_bookmarks_path() == tmp_path / "xdg-data" / "deconflict-tui" / "bookmarks.yaml"
    assert BookmarkStore().path == default_bookmarks_path()


# --- the file -------------------------------------------------------------------


def test_missing_file_is_empty_and_first_add_creates_it_in_documented_shape(store, article):
    assert store.load() == []
    bookmark = store.add(mark(article, tags=["tanf"]))
    data = yaml.safe_load(store.path.read_text(encoding="utf-8"))
    assert data["version"] == 1
    assert list(data["bookmarks"][0]) == [
        "id", "article", "title", "outlet", "published", "text", "prefix", "suffix",
        "start", "end", "note", "tags", "created",
    ]
    assert store.load() == [bookmark]
    assert "\nbookmarks:\n- id: " in store.path.read_text(encoding="utf-8")  # block style, readable
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600


def test_default_store_creates_its_folder(tmp_path, monkeypatch, article):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    store = BookmarkStore()
    store.add(mark(article))
    assert default_bookmarks_path().exists()


def test_existing_permissions_are_kept_and_symlinks_written_through(tmp_path, article):
    real = tmp_path / "dotfiles" / "bookmarks.yaml"
    real.parent.mkdir()
    real.write_text("version: 1\nbookmarks: []\n", encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "bookmarks.yaml"
    link.symlink_to(real)
    BookmarkStore(link).add(mark(article))
    assert link.is_symlink() and len(BookmarkStore(real).load()) == 1
    assert stat.S_IMODE(real.stat().st_mode) == 0o640


def test_add_remove_update(store, article):
    first = store.add(mark(article))
    second = store.add(mark(article, "Gen. Valery Gerasimov"))
    assert [b.id for b in store.load()] == [first.id, second.id]
    updated = store.update(first.id, note="key quote", tags=["tanf", "gerasimov"])
    assert (updated.note, updated.tags) == ("key quote", ("tanf", "gerasimov"))
    assert store.update(first.id, note="only the note").tags == ("tanf", "gerasimov")
    assert store.remove(second.id) == second
    assert [b.id for b in store.load()] == [first.id]
    with pytest.raises(UnknownBookmarkError, match=second.id):
        store.remove(second.id)
    with pytest.raises(UnknownBookmarkError):
        store.update("00000000", note="x")


def test_adding_a_taken_id_gets_a_new_one(store, article):
    first = store.add(mark(article))
    again = store.add(mark(article))  # same passage, same second
    assert again.id != first.id and len(again.id) == 8
    assert [b.id for b in store.load()] == [first.id, again.id]


def test_unknown_keys_and_unreadable_entries_round_trip(store, article):
    bookmark = mark(article)
    store.path.write_text(
        yaml.safe_dump(
            {
                "version": 1,
                "owner": "analyst A",
                "bookmarks": [
                    {**bookmark.to_dict(), "colour": "red", "seen": [1, 2]},
                    "a stray line someone typed",
                    {"id": "half", "article": "x.txt", "note": "no text yet"},
                ],
                "settings": {"sort": "date"},
            },
            sort_keys=False,
        ),
        encoding="utf-8",
    )
    contents = store.read()
    assert contents.bookmarks[0].extra == {"colour": "red", "seen": [1, 2]}
    assert [s.index for s in contents.skipped] == [1, 2]
    assert "missing 'text'" in str(contents.skipped[1]) and contents.skipped[1].line
    store.add(mark(article, "Gen. Valery Gerasimov"))
    store.update(bookmark.id, note="edited")
    data = yaml.safe_load(store.path.read_text(encoding="utf-8"))
    assert list(data) == ["version", "owner", "bookmarks", "settings"]
    assert data["owner"] == "analyst A" and data["settings"] == {"sort": "date"}
    entries = data["bookmarks"]
    assert entries[0]["colour"] == "red" and entries[0]["seen"] == [1, 2] and entries[0]["note"] == "edited"
    assert entries[1] == "a stray line someone typed"
    assert entries[2] == {"id": "half", "article": "x.txt", "note": "no text yet"}
    assert len(entries) == 4


def test_anchors_and_aliases_in_a_hand_edited_file_survive_a_write(store, article):
    bookmark = mark(article)
    entry = "".join(f"    {line}\n" for line in yaml.safe_dump(bookmark.to_dict(), sort_keys=False).splitlines())
    store.path.write_text(
        "version: 1\nsources: &wire [AP, Reuters]\nbookmarks:\n  - seen_in: *wire\n" + entry, encoding="utf-8"
    )
    store.update(bookmark.id, note="checked")
    data = yaml.safe_load(store.path.read_text(encoding="utf-8"))
    assert data["sources"] == data["bookmarks"][0]["seen_in"] == ["AP", "Reuters"]
    assert store.load()[0].extra == {"seen_in": ["AP", "Reuters"]} and store.load()[0].note == "checked"


def test_unreadable_entry_sharing_an_id_is_never_touched(store, article):
    bookmark = mark(article)
    store.path.write_text(
        yaml.safe_dump({"version": 1, "bookmarks": [bookmark.to_dict(), {"id": bookmark.id, "note": "mine"}]}),
        encoding="utf-8",
    )
    store.update(bookmark.id, note="changed")
    store.remove(bookmark.id)
    assert yaml.safe_load(store.path.read_text(encoding="utf-8"))["bookmarks"] == [{"id": bookmark.id, "note": "mine"}]


def test_an_editor_edit_between_two_writes_survives(store, article):
    first = store.add(mark(article))
    text = store.path.read_text(encoding="utf-8")
    # The analyst edits the note by hand and adds a key while the app runs.
    store.path.write_text(re.sub(r"( *)note: ''", r"\1note: typed in vim\n\1reviewed: true", text), encoding="utf-8")
    second = store.add(mark(article, "Gen. Valery Gerasimov"))
    by_id = {b.id: b for b in store.load()}
    assert by_id[first.id].note == "typed in vim" and by_id[first.id].extra == {"reviewed": True}
    assert second.id in by_id
    # ... and the app's own update of the tags leaves the hand-typed note alone.
    store.update(first.id, tags=["tanf"])
    assert store.load()[0].note == "typed in vim"


def test_hand_typed_scalars_are_read_as_text(store):
    store.path.write_text(
        "version: 1\nbookmarks:\n  - id: 12345678\n    article: a.txt\n    text: x\n    start: 0\n    end: 1\n"
        "    published: 2016-07-22\n    created: 2026-11-21T12:00:00Z\n    tags: solo\n    note:\n",
        encoding="utf-8",
    )
    (bookmark,) = store.load()
    assert (bookmark.id, bookmark.published, bookmark.created) == ("12345678", "2016-07-22", "2026-11-21T12:00:00Z")
    assert bookmark.tags == ("solo",) and bookmark.note == ""
    store.update("12345678", note="ok")  # ids typed as numbers still match


TRICKY = 'He said: "Let\'s go" # not a comment\n[bracket] {brace} - dash: colon\n\n  indented — ü ✓ سوريا 🚀\ttab\nend '


@pytest.mark.parametrize(
    "text", [TRICKY, "a\x85b", "\u2028", "x\n\u2029y", "line\n", " lead\nx", "x\n\n\n", "yes", "2016-07-22", "null", "'single'", "a\rb", "~", "- item", "\x1b[31mred"]
)
def test_passage_text_round_trips_exactly(store, text):
    bookmark = Bookmark(id="abcd1234", article="a.txt", text=text, start=0, end=len(text), note=text, tags=(text,))
    store.add(bookmark)
    assert store.load() == [bookmark]
    assert yaml.safe_load(export_yaml([bookmark]))["bookmarks"][0]["text"] == text


def test_multiline_passages_are_written_as_literal_blocks(store):
    store.add(Bookmark(id="abcd1234", article="a.txt", text="first paragraph\n\nsecond", start=0, end=24))
    assert "  text: |-\n    first paragraph\n\n    second\n" in store.path.read_text(encoding="utf-8")


@settings(max_examples=150, deadline=None)
@given(st.text(min_size=1))
def test_any_text_round_trips(text):
    bookmark = Bookmark(id="abcd1234", article="a.txt", text=text, start=0, end=len(text), note=text, extra={"k": text})
    assert parse_text(export_yaml([bookmark])).bookmarks == (bookmark,)


# --- finding the passage again ------------------------------------------------------


def test_locate_exact(article):
    bookmark = mark(article)
    assert locate(bookmark, article) == Location(bookmark.start, bookmark.end, "exact")


def test_locate_moved_after_text_was_inserted_before(article):
    bookmark = mark(article)
    edited = dataclasses.replace(article, text="Editor's note: updated.\n\n" + article.text)
    location = locate(bookmark, edited)
    assert location.status == "moved" and location.start == bookmark.start + 25
    assert edited.text[location.start : location.end] == GERASIMOV


def test_locate_moved_uses_the_context_to_choose_among_occurrences():
    text = "alpha said no. beta said no. gamma said no."
    original = Article(id="a.txt", text=text, title="t")
    start = text.index("beta said no") + 5
    bookmark = make_bookmark(original, start, start + 7)  # the second "said no"
    edited = dataclasses.replace(original, text="Intro. " + text.replace("alpha", "alphabet"))
    location = locate(bookmark, edited)
    assert location.status == "moved"
    assert edited.text[location.start - 5 : location.end] == "beta said no"


def test_locate_fuzzy_after_the_passage_itself_was_edited(article):
    bookmark = mark(article)
    edited = dataclasses.replace(article, text=article.text.replace("Let’s take Al Tanf", "Let us take Al-Tanf"))
    location = locate(bookmark, edited)
    assert location.status == "fuzzy"
    assert edited.text[location.start : location.end] == "Let us take Al-Tanf, for example"


def test_locate_orphaned_when_article_missing_or_rewritten(article, tmp_path):
    bookmark = mark(article)
    assert locate(bookmark, None).status == "orphaned"
    other = load_path(SAMPLES_DIR / "002_ecb2d4459bfc059e.txt", SAMPLES_DIR)
    assert locate(bookmark, dataclasses.replace(article, text=other.text)) == Location(None, None, "orphaned")


VOCABULARY = sorted({w for p in SAMPLES_DIR.glob("*.txt") for w in p.read_text(encoding="utf-8").split()})


@st.composite
def passages(draw):
    """An article of distinct words from the samples, and a span of whole words at least 40 characters long."""
    text = " ".join(draw(st.lists(st.sampled_from(VOCABULARY), min_size=30, max_size=200, unique=True)))
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == " "]
    i = draw(st.integers(0, len(starts) - 1))
    j = draw(st.integers(i + 1, len(starts)))
    start, end = starts[i], (starts[j] - 1 if j < len(starts) else len(text))
    assume(end - start >= 40)
    return Article(id="a.txt", text=text, title="t"), start, end


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(passages(), st.text(min_size=1, max_size=50), st.booleans())
def test_text_added_around_the_passage_never_loses_it(case, added, before):
    article, start, end = case
    bookmark = make_bookmark(article, start, end)
    text = added + article.text if before else article.text + added
    location = locate(bookmark, dataclasses.replace(article, text=text))
    assert location.status in ("exact", "moved") and text[location.start : location.end] == bookmark.text


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(passages(), st.data())
def test_a_word_rewritten_in_the_passage_is_found_fuzzily_with_its_edges(case, data):
    article, start, end = case
    bookmark = make_bookmark(article, start, end)
    words = bookmark.text.split(" ")
    k = data.draw(st.integers(0, len(words) - 1))
    new_word = data.draw(st.sampled_from(VOCABULARY).filter(lambda w: w != words[k]))
    edited = " ".join(words[:k] + [new_word] + words[k + 1 :])
    text = article.text[:start] + edited + article.text[end:]
    # "backed" rewritten "U.S.-backed" leaves the passage's text whole in the edit: found as it was, not fuzzily.
    assume(bookmark.text not in text)
    location = locate(bookmark, dataclasses.replace(article, text=text))
    assert location.status == "fuzzy"
    # Exact edges, except that a rewritten first or last word may be left out.
    assert 0 <= location.start - start <= (len(new_word) + 1 if k == 0 else 0)
    assert 0 <= start + len(edited) - location.end <= (len(new_word) + 1 if k == len(words) - 1 else 0)


# --- export -------------------------------------------------------------------------


def test_export_markdown_cites_passage_speaker_outlet_date_article_note_tags(article):
    bookmark = mark(article, note="a *key* quote", tags=["tanf", "us_bases"], speaker="Gen. Valery Gerasimov")
    plain = mark(article, "Gen. Valery Gerasimov")
    md = export_markdown([bookmark, plain])
    assert "> Let’s take Al Tanf, for example" in md
    assert "— Gen. Valery Gerasimov, in *Military Times*, 2018-11, “Russia wants to jointly run Al Tanf corridor, coalition says no”" in md
    assert f"`{ARTICLE_ID}`" in md
    assert r"**Note:** a \*key\* quote" in md and r"**Tags:** tanf, us\_bases" in md
    assert md.count("\n> ") == 2


def test_export_markdown_quotes_every_line_and_escapes_markup():
    text = "# not a heading\n\n1. not a list\n[link](x)"
    md = export_markdown([Bookmark(id="abcd1234", article="a.txt", text=text, start=0, end=len(text))])
    assert "> \\# not a heading\n>\n> 1\\. not a list\n> \\[link\\](x)" in md


def test_export_yaml_is_a_bookmarks_file(article):
    bookmarks = [mark(article, tags=["a"]), mark(article, "Gen. Valery Gerasimov")]
    assert list(parse_text(export_yaml(bookmarks)).bookmarks) == bookmarks


# --- the command line -------------------------------------------------------------------


def cli(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="deconflict-tui")
    parser.add_argument("--bookmarks")  # as the app's own option, before the command
    add_parser(parser.add_subparsers(dest="command"))
    return run(parser.parse_args(argv))


def test_cli_add_list_export_remove(tmp_path, capsys, article):
    file = str(tmp_path / "my.yaml")
    assert cli("bookmarks", "add", "--bookmarks", file, "--article", ARTICLE_ID, "--text", GERASIMOV,
               "--note", "n1", "--tag", "tanf", "--tag", "quote") == 0
    new_id = capsys.readouterr().out.strip()
    (bookmark,) = BookmarkStore(file).load()
    assert bookmark.id == new_id and article.text[bookmark.start : bookmark.end] == GERASIMOV
    assert (bookmark.note, bookmark.tags, bookmark.prefix) == ("n1", ("tanf", "quote"), mark(article).prefix)

    assert cli("bookmarks", "list", "--bookmarks", file) == 0
    out = capsys.readouterr().out
    assert new_id in out and "exact" in out and ARTICLE_ID in out

    assert cli("bookmarks", "list", "--bookmarks", file, "--json") == 0
    (entry,) = json.loads(capsys.readouterr().out)
    assert entry["id"] == new_id and entry["text"] == GERASIMOV and entry["status"] == "exact"

    assert cli("bookmarks", "export", "--bookmarks", file) == 0
    assert "> Let’s take Al Tanf" in capsys.readouterr().out
    assert cli("bookmarks", "export", "--bookmarks", file, "--format", "yaml") == 0
    assert parse_text(capsys.readouterr().out).bookmarks == (bookmark,)

    assert cli("bookmarks", "remove", "--bookmarks", file, new_id) == 0
    assert BookmarkStore(file).load() == []


def test_cli_bookmarks_option_before_the_command_counts(tmp_path, capsys):
    file = str(tmp_path / "first.yaml")
    assert cli("--bookmarks", file, "bookmarks", "add", "--article", ARTICLE_ID, "--text", GERASIMOV) == 0
    assert len(BookmarkStore(file).load()) == 1


def test_cli_add_matches_across_line_breaks_and_uses_corpus_option(tmp_path, capsys):
    corpus = tmp_path / "corpus" / "sub"
    corpus.mkdir(parents=True)
    (corpus / "a.txt").write_text("Headline here\n\nThe convoy was\nhit near Aleppo.\n", encoding="utf-8")
    file = str(tmp_path / "b.yaml")
    assert cli("bookmarks", "add", "--bookmarks", file, "--corpus", str(tmp_path / "corpus"),
               "--article", "sub/a.txt", "--text", "convoy was hit") == 0
    (bookmark,) = BookmarkStore(file).load()
    assert (bookmark.article, bookmark.text) == ("sub/a.txt", "convoy was\nhit")


@pytest.mark.parametrize(
    "argv, message",
    [
        (["add", "--article", "nope.txt", "--text", "x"], "no article 'nope.txt'"),
        (["add", "--article", "../loader.py", "--text", "import"], "no article"),
        (["add", "--article", ARTICLE_ID, "--text", "not in this article at all"], "not in"),
        (["remove", "deadbeef"], "no bookmark with id 'deadbeef'"),
        (["list", "--corpus", "/nonexistent/corpus"], "no corpus folder /nonexistent/corpus"),
    ],
)
def test_cli_failures_exit_1_with_one_line(tmp_path, capsys, argv, message):
    file = tmp_path / "b.yaml"
    assert cli("bookmarks", *argv, "--bookmarks", str(file)) == 1
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
    assert not file.exists()


def test_cli_list_reports_skipped_entries_on_stderr(tmp_path, capsys):
    file = tmp_path / "b.yaml"
    file.write_text("version: 1\nbookmarks:\n  - just text\n", encoding="utf-8")
    assert cli("bookmarks", "list", "--bookmarks", str(file)) == 0
    assert "line 3" in capsys.readouterr().err


def test_cli_unwritable_folder_exits_1(tmp_path, capsys):
    if os.geteuid() == 0:
        pytest.skip("root can write anywhere")
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        assert cli("bookmarks", "add", "--bookmarks", str(folder / "b.yaml"), "--article", ARTICLE_ID, "--text", GERASIMOV) == 1
        assert "cannot write" in capsys.readouterr().err
    finally:
        folder.chmod(0o700)


def test_corrupt_file_error_names_file_and_line(tmp_path):
    file = tmp_path / "b.yaml"
    file.write_text("version: 1\nbookmarks:\n  - id: a\n    note: [unclosed\n", encoding="utf-8")
    with pytest.raises(BookmarksFileError) as info:
        BookmarkStore(file).load()
    assert str(file) in str(info.value) and info.value.line is not None and f"line {info.value.line}" in str(info.value)


def test_the_documented_example_is_a_valid_file():
    import corpus.bookmarks

    doc = corpus.bookmarks.__doc__
    example = doc[doc.index("    version: 1") : doc.index("\n\n", doc.index("speaker:"))]
    (bookmark,) = parse_text(textwrap.dedent(example)).bookmarks
    assert bookmark.text == GERASIMOV and bookmark.prefix.endswith("forces.\n\n“") and bookmark.tags == ("tanf",)


def test_bookmarks_and_its_cli_import_no_textual():
    code = "import sys, corpus.bookmarks, tui.cli_bookmarks; print(sorted(m for m in ('textual', 'whoosh') if m in sys.modules))"
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root).stdout
    assert out.strip() == "[]"
