"""Issue 6, index: killed builds, damaged or missing caches, an unwritable cache and
two processes on one corpus never leave a broken index behind."""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import index.builder as store
from corpus.files import FileLock
from index import CorpusIndex

ROOT = Path(__file__).resolve().parents[2]
N_ARTICLES = 120


_WORDS = "patrol convoy road border line hotline officers talks river town airfield jets drone radio corridor ministry".split()


def make_corpus(root: Path, n: int = N_ARTICLES, start: int = 0) -> Path:
    """`n` articles, each its own text (not copies of one another: corpus.copies would group them)."""
    root.mkdir(parents=True, exist_ok=True)
    for i in range(start, start + n):
        rng = random.Random(i)
        (root / f"a{i:04d}.txt").write_text(
            f"Report {i}\n\nJets flew near the base at Tanf{i}, officials said, and the hotline was used. "
            + "The deconfliction line between the militaries was tested again. "
            + " ".join(" ".join(rng.choice(_WORDS) for _ in range(8)) + "." for _ in range(20)),
            encoding="utf-8",
        )
    return root


def counts(report):
    return (report.indexed, report.added, report.updated, report.removed, report.skipped)


def healthy(ix: CorpusIndex, n: int) -> None:
    """The index holds exactly the corpus and answers for any article in it."""
    assert len(ix) == n
    assert len(ix.search("deconfliction", limit=1000).hits) == n
    assert [h.article for h in ix.search(f"Tanf{n - 1}").hits] == [f"a{n - 1:04d}.txt"]


# -- killed mid-build -------------------------------------------------------

BUILDER = textwrap.dedent(
    """
    import sys, time
    from index import CorpusIndex

    def stall(done, total, what):
        if done >= 50:  # well into the build, writer open, documents buffered
            print("stalled", flush=True)
            time.sleep(120)

    CorpusIndex(sys.argv[1], index_dir=sys.argv[2]).update(progress=stall)
    """
)


def kill_mid_update(corpus: Path, index_dir: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", BUILDER, str(corpus), str(index_dir)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout.readline().strip() == "stalled"
    finally:
        proc.kill()  # SIGKILL: no clean-up runs
        proc.wait(timeout=30)
        proc.stdout.close()


def test_a_build_killed_midway_is_rebuilt(tmp_path):
    corpus = make_corpus(tmp_path / "corpus")
    index_dir = tmp_path / "cache" / "ix"
    kill_mid_update(corpus, index_dir)
    assert index_dir.exists()  # the killed build left its files behind
    ix = CorpusIndex(corpus, index_dir=index_dir)
    report = ix.update()
    assert report.rebuilt and counts(report) == (N_ARTICLES, N_ARTICLES, 0, 0, 0)
    healthy(ix, N_ARTICLES)
    ix.close()


def test_an_update_killed_midway_is_completed(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", n=20)
    index_dir = tmp_path / "cache" / "ix"
    CorpusIndex(corpus, index_dir=index_dir).update()
    make_corpus(corpus, n=N_ARTICLES - 20, start=20)
    kill_mid_update(corpus, index_dir)
    ix = CorpusIndex(corpus, index_dir=index_dir)
    report = ix.update()
    assert report.indexed == N_ARTICLES and report.warnings == []
    healthy(ix, N_ARTICLES)
    assert counts(ix.update())[1:] == (0, 0, 0, 0)
    ix.close()


# -- damaged or missing cache -------------------------------------------------


@pytest.fixture
def built(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", n=30)
    ix = CorpusIndex(corpus)
    ix.update()
    yield ix
    ix.close()


def test_a_deleted_cache_folder_is_rebuilt_under_a_running_index(built):
    shutil.rmtree(built.index_dir)
    report = built.update()
    assert report.rebuilt and counts(report) == (30, 30, 0, 0, 0)
    healthy(built, 30)
    assert (built.index_dir / "manifest.json").is_file()


def test_a_deleted_cache_folder_is_rebuilt_next_start(built):
    shutil.rmtree(built.index_dir.parent)
    ix = CorpusIndex(built.corpus_dir)
    assert not ix.open_existing()
    assert ix.update().rebuilt
    healthy(ix, 30)
    ix.close()


def _segment_files(d: Path) -> list[Path]:
    return [p for p in d.iterdir() if not p.name.endswith((".toc", ".json")) and "LOCK" not in p.name]


def _garbage_everything(d: Path) -> None:
    for p in d.iterdir():
        p.write_bytes(os.urandom(max(p.stat().st_size, 64)))


def _garbage_segments(d: Path) -> None:
    for p in _segment_files(d):
        p.write_bytes(os.urandom(max(p.stat().st_size, 64)))


def _truncate_segments(d: Path) -> None:
    for p in _segment_files(d):
        p.write_bytes(b"")


def _delete_segments(d: Path) -> None:
    for p in _segment_files(d):
        p.unlink()


def _delete_toc(d: Path) -> None:
    for p in d.glob("*.toc"):
        p.unlink()


def _manifest_garbage(d: Path) -> None:
    (d / "manifest.json").write_text("{not json")


def _manifest_a_list(d: Path) -> None:
    (d / "manifest.json").write_text("[1, 2, 3]")


def _manifest_lies(d: Path) -> None:
    data = json.loads((d / "manifest.json").read_text())
    data["files"]["ghost.txt"] = [1, 1, "0" * 40, 0]
    (d / "manifest.json").write_text(json.dumps(data))


@pytest.mark.parametrize(
    "damage",
    [
        _garbage_everything,
        _garbage_segments,
        _truncate_segments,
        _delete_segments,
        _delete_toc,
        _manifest_garbage,
        _manifest_a_list,
        _manifest_lies,
    ],
)
def test_a_damaged_cache_is_rebuilt(built, damage):
    built.close()
    damage(built.index_dir)
    ix = CorpusIndex(built.corpus_dir)
    report = ix.update()
    assert report.rebuilt, damage.__name__
    assert counts(report) == (30, 30, 0, 0, 0)
    healthy(ix, 30)
    ix.close()


def test_an_unwritable_cache_falls_back_to_a_temporary_index(tmp_path, monkeypatch):
    corpus = make_corpus(tmp_path / "corpus", n=5)
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker / "cache"))  # cannot be made, even by root
    ix = CorpusIndex(corpus)
    report = ix.update()
    assert ix.fallback_warning and "cannot write the index cache" in ix.fallback_warning
    assert counts(report) == (5, 5, 0, 0, 0)
    healthy(ix, 5)
    fallback = ix.index_dir
    assert fallback.is_dir() and not str(fallback).startswith(str(blocker))
    assert counts(ix.update()) == (5, 0, 0, 0, 0)  # and it keeps using it
    assert ix.analyse().done == 5  # the update analysed them, beside the folder
    beside = sorted(p.name for p in fallback.parent.glob(fallback.name + "*"))
    assert beside == [fallback.name, fallback.name + ".reading.lock"]
    ix.close()
    # A temporary index does not outlive its use, nor leave its lock in the temp folder.
    assert list(fallback.parent.glob(fallback.name + "*")) == []


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes through permission bits")
def test_a_read_only_cache_folder_falls_back(tmp_path, monkeypatch):
    corpus = make_corpus(tmp_path / "corpus", n=5)
    cache = tmp_path / "cache"
    cache.mkdir()
    cache.chmod(0o555)
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    try:
        ix = CorpusIndex(corpus)
        ix.update()
        assert ix.fallback_warning
        healthy(ix, 5)
        ix.close()
    finally:
        cache.chmod(0o755)


# -- two at once ----------------------------------------------------------------

RACER = textwrap.dedent(
    """
    import sys
    from index import CorpusIndex

    corpus, index_dir, mode = sys.argv[1:4]
    ix = CorpusIndex(corpus, index_dir=index_dir)
    for round in range(3):
        report = ix.update(rebuild=(mode == "rebuild"))
        hits = ix.search("deconfliction", limit=1000).hits
        assert len(hits) == report.indexed, (len(hits), report.indexed)
    print("ok", report.indexed, ix.fallback_warning, flush=True)
    """
)


def test_two_processes_on_one_corpus_do_not_corrupt_it(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", n=80)
    index_dir = tmp_path / "cache" / "ix"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", RACER, str(corpus), str(index_dir), mode],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for mode in ("update", "rebuild", "update")
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert out.startswith("ok 80 None"), out
    ix = CorpusIndex(corpus, index_dir=index_dir)
    assert counts(ix.update()) == (80, 0, 0, 0, 0)
    healthy(ix, 80)
    ix.close()


def test_an_update_waiting_too_long_searches_the_index_as_it_was(tmp_path, monkeypatch):
    corpus = make_corpus(tmp_path / "corpus", n=5)
    ix = CorpusIndex(corpus)
    ix.update()
    make_corpus(corpus, n=1, start=5)
    monkeypatch.setattr(store, "LOCK_SECONDS", 0.2)
    with FileLock(ix._builder.lock_path()) as lock:  # another process's update
        assert lock.acquire(0)
        other = CorpusIndex(corpus)
        report = other.update()
    assert "another deconflict-tui is updating" in other.fallback_warning
    assert report.indexed == 5
    healthy(other, 5)
    other.close()
    ix.close()


def test_a_whoosh_write_lock_held_elsewhere_is_waited_for_then_read(tmp_path, monkeypatch):
    corpus = make_corpus(tmp_path / "corpus", n=5)
    ix = CorpusIndex(corpus)
    ix.update()
    make_corpus(corpus, n=1, start=5)
    monkeypatch.setattr(store, "LOCK_SECONDS", 0.2)
    from whoosh import index as whoosh_index

    writer = whoosh_index.open_dir(str(ix.index_dir)).writer()  # a program that ignores our lock
    try:
        other = CorpusIndex(corpus)
        report = other.update()
    finally:
        writer.cancel()
    assert "locked" in other.fallback_warning
    assert report.indexed == 5
    assert counts(other.update()) == (6, 1, 0, 0, 0)  # once free, the update goes through
    other.close()
    ix.close()


def test_a_failing_progress_callback_stops_the_update_without_harm(tmp_path):
    """An app that quits mid-index: its callback raises; the error is the caller's,
    nothing is rebuilt, and the next update completes."""
    corpus = make_corpus(tmp_path / "corpus", n=20)
    ix = CorpusIndex(corpus)
    ix.update()
    make_corpus(corpus, n=60, start=20)
    calls = []

    def quit_midway(done, total, what):
        calls.append(done)
        if done >= 50:
            raise RuntimeError("the app has quit")

    with pytest.raises(RuntimeError, match="the app has quit"):
        ix.update(progress=quit_midway)
    assert calls == [1, 50]  # no second, rebuilding attempt
    report = CorpusIndex(corpus).update()
    assert not report.rebuilt and counts(report) == (80, 60, 0, 0, 0)


def test_a_cache_folder_deleted_during_an_update_is_rebuilt(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", n=60)
    ix = CorpusIndex(corpus)
    deleted = []

    def delete_midway(done, total, what):
        if done == 50 and not deleted:
            shutil.rmtree(ix.index_dir)
            deleted.append(done)

    report = ix.update(progress=delete_midway)
    assert deleted and report.rebuilt and counts(report) == (60, 60, 0, 0, 0)
    healthy(ix, 60)
    assert counts(CorpusIndex(corpus).update()) == (60, 0, 0, 0, 0)
    ix.close()


def test_with_no_index_to_read_an_update_waits_its_turn(tmp_path, monkeypatch):
    """The first build of a big corpus can outlast LOCK_SECONDS: a second process with
    nothing to read keeps waiting rather than building beside it."""
    corpus = make_corpus(tmp_path / "corpus", n=5)
    monkeypatch.setattr(store, "LOCK_SECONDS", 0.01)
    first = CorpusIndex(corpus)
    lock = FileLock(first._builder.lock_path())
    assert lock.acquire(0)  # the first process, still building
    second = CorpusIndex(corpus)
    looked = []
    open_existing = second.open_existing

    def look(*args, **kwargs):
        # Each time the wait times out the second looks for an index to search; there is none.
        found = open_existing(*args, **kwargs)
        looked.append(found)
        if len(looked) == 3:
            lock.release()  # ... the first finishes after several timeouts
        return found

    monkeypatch.setattr(second, "open_existing", look)
    report = second.update()
    assert looked == [False, False, False]
    assert second.fallback_warning is None
    assert counts(report) == (5, 5, 0, 0, 0)
    second.close()
