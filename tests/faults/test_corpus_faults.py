"""Issue 6, corpus: one folder holding every kind of bad file. Loading and indexing
finish, each bad file gets exactly one warning with its reason, the good files are
searchable."""

from __future__ import annotations

import builtins
import collections
import os

import pytest

import corpus.loader as loader
from corpus.loader import load_corpus
from index import CorpusIndex

GOOD = "Talks in Geneva\n\nThe envoys met in Geneva on Monday to test the deconfliction hotline.\n"
ODD_NAME = "my article – Ḥasakah ü 2016.txt"

# file name -> what its one warning must say
BAD = {
    "latin1.txt": "not UTF-8",
    "binary.txt": "binary",
    "empty.txt": "empty",
    "blank.txt": "empty",
    "huge.txt": "larger than 5 MB",
    "unreadable.txt": "permission denied",
    "loop.txt": "too many levels of symbolic links",
    "bad-front.txt": "bad front matter",
    "bad-sidecar.txt": "sidecar bad-sidecar.meta.yaml",
}


def permission_bits_stop_reads(path) -> bool:
    try:
        with open(path, "rb"):
            return False
    except PermissionError:
        return True


@pytest.fixture
def bad_corpus(tmp_path, monkeypatch):
    root = tmp_path / "corpus"
    (root / "sub").mkdir(parents=True)
    (root / "good.txt").write_text(GOOD, encoding="utf-8")
    (root / "sub" / "good2.md").write_text("Strike near Idlib\n\nJets struck a depot near Idlib.\n", encoding="utf-8")
    (root / ODD_NAME).write_text("Convoy turned back\n\nA patrol turned back the convoy near Qamishli.\n", encoding="utf-8")
    (root / "latin1.txt").write_bytes("Caf\xe9 talks\n\nThe envoys met in a caf\xe9.\n".encode("latin-1"))
    (root / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (root / "empty.txt").write_bytes(b"")
    (root / "bad-front.txt").write_text("---\ntitle: [unclosed\n---\n" + GOOD, encoding="utf-8")
    (root / "bad-sidecar.txt").write_text(GOOD, encoding="utf-8")
    (root / "bad-sidecar.meta.yaml").write_text("!!python/object/apply:os.system ['echo hi']\n", encoding="utf-8")
    (root / "sub" / "good2.meta.yaml").write_text("tags: 5\npublished: [1, 2]\ntitle: {a: b}\n", encoding="utf-8")
    (root / "blank.txt").write_bytes(b" \n\t\r\n  \n")
    with open(root / "huge.txt", "wb") as f:  # 50 MB, sparse: made instantly
        f.truncate(50 * 1024 * 1024)
    unreadable = root / "unreadable.txt"
    unreadable.write_text(GOOD.replace("Geneva", "Vienna"), encoding="utf-8")
    unreadable.chmod(0)
    if not permission_bits_stop_reads(unreadable):
        # Running as root: permission bits do not stop reads, so simulate the refusal
        # where the loader opens files.
        def refusing_open(file, *args, **kwargs):
            if os.fspath(file).endswith("unreadable.txt"):
                raise PermissionError(13, "Permission denied", os.fspath(file))
            return builtins.open(file, *args, **kwargs)

        monkeypatch.setattr(loader, "open", refusing_open, raising=False)
    os.symlink("loop.txt", root / "loop.txt")  # a link to itself
    os.symlink("..", root / "sub" / "up")  # a folder loop: sub/up/sub/up/...
    yield root
    unreadable.chmod(0o644)


def check_warnings(warnings) -> None:
    by_file = collections.Counter(w.path for w in warnings)
    assert by_file == collections.Counter(list(BAD)), [str(w) for w in warnings]
    for w in warnings:
        assert BAD[w.path] in w.reason, str(w)
        assert str(w).startswith(f"skipped {w.path}: ")


def test_loading_a_folder_of_bad_files(bad_corpus):
    articles, warnings = load_corpus(bad_corpus)
    assert sorted(a.id for a in articles) == sorted(["good.txt", "sub/good2.md", ODD_NAME])
    check_warnings(warnings)


def test_indexing_a_folder_of_bad_files(bad_corpus):
    ix = CorpusIndex(bad_corpus)
    report = ix.update()
    check_warnings(report.warnings)
    assert (report.indexed, report.added, report.skipped) == (3, 3, len(BAD))
    assert [h.article for h in ix.search("Geneva").hits] == ["good.txt"]
    assert [h.article for h in ix.search("Idlib").hits] == ["sub/good2.md"]
    hit = ix.search("Qamishli").hits[0]
    assert hit.article == ODD_NAME
    text = ix.load_article(hit.article).text
    assert [text[s:e] for s, e in hit.hits] == ["Qamishli"]
    assert ix.search("Vienna").hits == ()
    # The same warnings again next time, and nothing re-indexed.
    again = ix.update()
    check_warnings(again.warnings)
    assert (again.added, again.updated, again.removed) == (0, 0, 0)
    ix.close()


def test_a_file_that_turns_bad_is_removed_with_one_warning(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    ix = CorpusIndex(tmp_path)
    ix.update()
    (tmp_path / "a.txt").write_bytes(b"\x00\x01binary now")
    report = ix.update()
    assert [str(w) for w in report.warnings] == ["skipped a.txt: binary (contains NUL bytes)"]
    assert (report.removed, report.indexed) == (1, 0)
    assert ix.search("Geneva").hits == ()
    ix.close()


def test_a_file_that_changes_while_indexing(tmp_path):
    """Rewritten after the folder was listed and before it was read: the index ends
    up with what the file says now, and the next update agrees."""
    for n in range(5):
        (tmp_path / f"a{n}.txt").write_text(GOOD.replace("Geneva", f"Geneva{n}"), encoding="utf-8")
    changing = tmp_path / "z.txt"
    changing.write_text("Old words\n\nThe envoys met in Oslo.\n", encoding="utf-8")

    def rewrite_once(done, total, what):
        if done == 1:
            changing.write_text("New words\n\nThe envoys met in Helsinki after a longer trip.\n", encoding="utf-8")

    ix = CorpusIndex(tmp_path)
    report = ix.update(progress=rewrite_once)
    assert (report.indexed, report.added, report.warnings) == (6, 6, [])
    assert [h.article for h in ix.search("Helsinki").hits] == ["z.txt"]
    assert ix.search("Oslo").hits == ()
    again = ix.update()
    assert again.warnings == [] and again.indexed == 6
    assert [h.article for h in ix.search("Helsinki").hits] == ["z.txt"]
    assert ix.search("Oslo").hits == ()
    ix.close()


def test_a_file_that_vanishes_while_indexing(tmp_path):
    for n in range(3):
        (tmp_path / f"a{n}.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "z.txt").write_text(GOOD, encoding="utf-8")

    def delete_once(done, total, what):
        if done == 1:
            (tmp_path / "z.txt").unlink()

    ix = CorpusIndex(tmp_path)
    report = ix.update(progress=delete_once)
    assert [w.path for w in report.warnings] == ["z.txt"]
    assert "no such file" in report.warnings[0].reason
    assert report.indexed == 3
    assert ix.update().warnings == []
    ix.close()


def test_a_file_name_that_is_not_utf8(tmp_path):
    """Old archives carry Latin-1 file names: one warning (printable), no traceback."""
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    try:
        with open(os.fsencode(tmp_path) + b"/caf\xe9.txt", "wb") as f:
            f.write(GOOD.replace("Geneva", "Vienna").encode())
    except OSError as exc:  # file systems that insist on UTF-8 names (macOS)
        pytest.skip(f"cannot make a non-UTF-8 file name here: {exc}")
    ix = CorpusIndex(tmp_path)
    report = ix.update()
    assert [str(w) for w in report.warnings] == ["skipped caf\ufffd.txt: file name is not UTF-8: rename the file"]
    assert [h.article for h in ix.search("Geneva").hits] == ["good.txt"]
    articles, warnings = load_corpus(tmp_path)
    assert [a.id for a in articles] == ["good.txt"] and len(warnings) == 1
    ix.close()
