"""Issue 6, bookmarks: kill a writer mid-write, race two writers, feed bad files, lose an article.

Writers run as separate processes (bookmark_writer.py beside this file) that
report each stage of a write they reach; a harness kills one at a chosen stage,
or holds one at a chosen stage while a rival writes, so every case is hit every
time, whatever the machine's speed. Each harness is also run against a
deliberately broken writer, to show it would catch the fault.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from corpus.bookmarks import BookmarksError, BookmarksFileError, BookmarkStore, locate, make_bookmark, parse_text
from corpus.loader import load_path
from tui.cli_bookmarks import add_parser, run

WRITER = Path(__file__).with_name("bookmark_writer.py")
SENTINEL = "zz_last_key: the file ends here\n"
ATOMIC_STAGES = ("temp-opened", "half-written", "temp-fsynced", "renamed", "dir-fsynced")
COMMITTED = {"renamed", "dir-fsynced"}  # a kill from here on leaves the new file


def start_writer(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(WRITER), *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)


def wait_for(process: subprocess.Popen, line: str) -> None:
    """Read the writer's reports until `line` (the writer waits there, or has gone on past a "locking")."""
    for got in process.stdout:
        if got.rstrip("\n") == line:
            return
    raise AssertionError(f"the writer ended (status {process.wait()}) before reporting {line!r}")


def stop(process: subprocess.Popen, timeout: float | None = None) -> int:
    """Wait for the writer (killing it if it has not ended within `timeout`), close its pipes, its exit code."""
    try:
        return process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        return process.wait()
    finally:
        process.stdin.close()
        process.stdout.close()


def problems_after_kill(path: Path, expected: int) -> list[str]:
    """What is wrong with the file a killed writer left, which should hold bookmarks 0..expected-1."""
    text = path.read_text(encoding="utf-8")
    try:
        notes = [b.note for b in parse_text(text, path).bookmarks]
    except BookmarksFileError as exc:
        return [f"does not parse: {exc}"]
    if not text.endswith(SENTINEL):
        return [f"truncated after {len(text)} characters"]
    if notes != [str(n) for n in range(expected)]:
        return [f"holds {notes}, expected bookmarks 0 to {expected - 1}"]
    return []


def kill_at(path: Path, stage: str, write_number: int, *extra: str) -> list[str]:
    """Start a writer on `path`, kill it at `stage` of its `write_number`-th write; what is wrong after."""
    before = len(parse_text(path.read_text(encoding="utf-8"), path).bookmarks)
    writer = start_writer(str(path), "stop", stage, str(write_number), *extra)
    wait_for(writer, f"at {stage}")
    writer.send_signal(signal.SIGKILL)
    stop(writer)
    done = write_number if stage in COMMITTED else write_number - 1
    return problems_after_kill(path, before + done)


@pytest.fixture
def fresh_file(tmp_path) -> Path:
    path = tmp_path / "bookmarks.yaml"
    path.write_text(f"version: 1\nbookmarks: []\n{SENTINEL}", encoding="utf-8")
    return path


@pytest.mark.parametrize("stage", ATOMIC_STAGES)
def test_a_writer_killed_at_any_stage_leaves_the_old_or_the_new_file(fresh_file, stage):
    # Two rounds: a first write killed, then a kill on the second write of a new writer.
    assert kill_at(fresh_file, stage, 1) == []
    assert kill_at(fresh_file, stage, 2) == []
    leftovers = list(fresh_file.parent.glob(f".{fresh_file.name}.*.tmp"))
    assert bool(leftovers) == (stage not in COMMITTED), "a kill inside a write leaves its temp file, and only then"
    # The next write clears the temp files killed writers left.
    BookmarkStore(fresh_file).update("000000", note="after the kills")
    assert sorted(p.name for p in fresh_file.parent.iterdir()) == ["bookmarks.yaml", "bookmarks.yaml.lock"]


@pytest.mark.parametrize("stage", ["truncated", "half-written"])
def test_the_kill_harness_catches_a_non_atomic_writer(fresh_file, stage):
    assert kill_at(fresh_file, stage, 2, "naive"), "a plain overwrite killed mid-write was not caught: the kill test proves nothing"


def interleave(path: Path, *extra: str) -> list[str]:
    """Writer a reads the file and holds; writer b comes to its lock; then a goes on.
    The tags of the bookmarks the file ends with."""
    first = start_writer(str(path), "hold", "a", *extra)
    wait_for(first, "read")
    second = start_writer(str(path), "hold", "b", *extra)
    wait_for(second, "locking")  # b is at the lock a holds (or, without one, past it)
    if extra == ("nolock",):
        wait_for(second, "read")  # unlocked, b reads what a read...
        second.stdin.write("go\n")
        second.stdin.flush()
        assert stop(second, timeout=600) == 0  # ...and writes before a does
    first.stdin.write("go\n")
    first.stdin.flush()
    assert stop(first, timeout=600) == 0
    if extra != ("nolock",):
        wait_for(second, "read")  # b got the lock once a let it go, and read a's bookmark
        second.stdin.write("go\n")
        second.stdin.flush()
        assert stop(second, timeout=600) == 0
    return sorted(t for b in BookmarkStore(path).load() for t in b.tags)


def test_a_writer_that_waits_for_the_lock_sees_the_other_writers_bookmark(fresh_file):
    assert interleave(fresh_file) == ["a", "b"]


def test_the_lock_harness_catches_writers_without_the_lock(fresh_file):
    assert interleave(fresh_file, "nolock") == ["a"], "unlocked writers lost nothing: the lock test proves nothing"


def race(path: Path, count: int) -> tuple[list, list[int]]:
    """Two writers, released together, each adding `count` bookmarks; what the file holds, their exit codes."""
    writers = [start_writer(str(path), "race", tag, str(count)) for tag in ("a", "b")]
    for writer in writers:
        wait_for(writer, "ready")
    for writer in writers:
        writer.stdin.write("go\n")
        writer.stdin.flush()
    codes = [stop(writer, timeout=600) for writer in writers]
    return BookmarkStore(path).load(), codes


def test_two_processes_adding_50_each_lose_nothing(tmp_path):
    bookmarks, codes = race(tmp_path / "bookmarks.yaml", 50)
    assert codes == [0, 0]
    assert sorted(b.id for b in bookmarks) == sorted(f"{t}{n:06d}" for t in "ab" for n in range(50))


# --- files that must never be written ----------------------------------------------------

BAD_FILES = {
    "bad yaml": ("version: 1\nbookmarks:\n  - id: a\n    note: [unclosed\n  - id: b\n", 5),
    "tab indent": ("version: 1\nbookmarks:\n\t- id: a\n", 3),
    "not a mapping": ("- id: a\n- id: b\n", 1),
    "no version": ("bookmarks: []\n", 1),
    "future version": ("version: 2\nbookmarks: []\n", 1),
    "bookmarks not a list": ("version: 1\nbookmarks:\n  id: a\n", 3),
    "duplicate key": ("version: 1\nbookmarks:\n  - id: a\n    note: one\n    note: two\n", 5),
    "python object": ("version: 1\nbookmarks:\n  - !!python/object:os._wrap_close {}\n", 3),
    "os.system": ("version: 1\nbookmarks:\n  - id: x\n    note: !!python/object/apply:os.system ['touch {marker}']\n", 4),
    "subprocess": ("version: 1\n\nbookmarks: !!python/object/apply:subprocess.check_output [['touch', '{marker}']]\n", 3),
    "not utf-8": ("version: 1\nbookmarks: []\nnote: caf\udce9\n", 3),
    "deep nesting": ("version: 1\nbookmarks: []\nx: " + "[" * 100_000 + "]" * 100_000 + "\n", 3),
    "alias loop": ("version: 1\nbookmarks:\n  - &entry\n    id: a\n    self: *entry\n", 3),
    "billion laughs": (
        "version: 1\nbookmarks: []\nl0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        + "".join(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]\n" for i in range(1, 10)),
        8,
    ),
}


def cli(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="deconflict-tui")
    add_parser(parser.add_subparsers(dest="command"))
    return run(parser.parse_args(argv))


@pytest.mark.parametrize("name", BAD_FILES)
def test_a_bad_file_is_never_overwritten_nor_run_and_the_error_names_file_and_line(tmp_path, capsys, name):
    marker = tmp_path / "executed"
    content, line = BAD_FILES[name]
    path = tmp_path / "bookmarks.yaml"
    path.write_bytes(content.replace("{marker}", str(marker)).encode("utf-8", "surrogateescape"))
    before = path.read_bytes()
    store = BookmarkStore(path)
    article = load_path(Path(__file__).parents[2] / "corpus" / "samples" / "000_d77898aa2ffd351f.txt")

    with pytest.raises(BookmarksFileError) as info:
        store.load()
    assert (info.value.path, info.value.line) == (path, line)
    assert f"{path}, line {line}:" in str(info.value)
    for write in (
        lambda: store.add(make_bookmark(article, 0, 10)),
        lambda: store.remove("a"),
        lambda: store.update("a", note="x"),
    ):
        with pytest.raises(BookmarksFileError):
            write()
    for verb in (["list"], ["list", "--json"], ["export"], ["remove", "a"],
                 ["add", "--article", "000_d77898aa2ffd351f.txt", "--text", "Al Tanf"]):
        assert cli("bookmarks", *verb, "--bookmarks", str(path)) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and f"{path}, line {line}:" in err and "Traceback" not in err

    assert path.read_bytes() == before
    assert not marker.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bookmarks.yaml", "bookmarks.yaml.lock"]


def test_the_real_command_line_refuses_a_hostile_file_with_one_line_and_status_1(tmp_path):
    marker = tmp_path / "executed"
    path = tmp_path / "bookmarks.yaml"
    path.write_text(BAD_FILES["os.system"][0].replace("{marker}", str(marker)), encoding="utf-8")
    before = path.read_bytes()
    for verb in (["list", "--json"], ["add", "--article", "000_d77898aa2ffd351f.txt", "--text", "not in the article"]):
        done = subprocess.run(
            [sys.executable, "-m", "tui.cli", "bookmarks", *verb, "--bookmarks", str(path)],
            capture_output=True, text=True, cwd=Path(__file__).parents[2], timeout=60,
        )
        assert done.returncode == 1 and done.stdout == ""
        assert done.stderr.count("\n") == 1 and f"{path}, line 4:" in done.stderr and "Traceback" not in done.stderr
    assert path.read_bytes() == before and not marker.exists()


def test_a_bad_file_fixed_in_the_editor_can_be_written_again(tmp_path):
    path = tmp_path / "bookmarks.yaml"
    path.write_text("version: 1\nbookmarks: [\n", encoding="utf-8")
    store = BookmarkStore(path)
    article = load_path(Path(__file__).parents[2] / "corpus" / "samples" / "000_d77898aa2ffd351f.txt")
    with pytest.raises(BookmarksFileError):
        store.add(make_bookmark(article, 0, 10))
    path.write_text("version: 1\nbookmarks: []\n", encoding="utf-8")
    assert store.add(make_bookmark(article, 0, 10)) in store.load()


def test_a_fifo_or_a_folder_in_place_of_the_file_is_refused_not_waited_on(tmp_path, capsys):
    fifo, folder = tmp_path / "fifo.yaml", tmp_path / "folder.yaml"
    os.mkfifo(fifo)
    folder.mkdir()
    for path in (fifo, folder):
        assert cli("bookmarks", "add", "--bookmarks", str(path), "--article", "000_d77898aa2ffd351f.txt", "--text", "Al Tanf") == 1
        assert f"{path}: not a regular file" in capsys.readouterr().err


def test_a_held_lock_times_out_with_a_message_instead_of_hanging(tmp_path):
    import fcntl

    path = tmp_path / "bookmarks.yaml"
    with open(tmp_path / "bookmarks.yaml.lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        article = load_path(Path(__file__).parents[2] / "corpus" / "samples" / "000_d77898aa2ffd351f.txt")
        with pytest.raises(BookmarksError, match="locked by another process"):
            BookmarkStore(path, lock_timeout=0.2).add(make_bookmark(article, 0, 10))
    assert not path.exists()


# --- articles that go away --------------------------------------------------------------------


def test_a_bookmark_whose_article_vanished_is_kept_and_reported_orphaned(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "convoy.txt").write_text("Aid convoy hit\n\nThe convoy was struck near Aleppo on Monday.\n", encoding="utf-8")
    (corpus / "other.txt").write_text("Other story\n\nNothing to see here at all.\n", encoding="utf-8")
    file = tmp_path / "bookmarks.yaml"
    base = ["--bookmarks", str(file), "--corpus", str(corpus)]
    assert cli("bookmarks", "add", *base, "--article", "convoy.txt", "--text", "struck near Aleppo") == 0
    orphan_id = capsys.readouterr().out.strip()

    (corpus / "convoy.txt").unlink()
    assert cli("bookmarks", "add", *base, "--article", "other.txt", "--text", "Nothing to see") == 0
    capsys.readouterr()
    assert [b.id for b in BookmarkStore(file).load()][0] == orphan_id  # still there after another write

    assert cli("bookmarks", "list", *base, "--json") == 0
    status = {e["id"]: e["status"] for e in yaml.safe_load(capsys.readouterr().out)}
    assert status[orphan_id] == "orphaned" and list(status.values()).count("exact") == 1
    assert cli("bookmarks", "list", *base) == 0
    assert f"{orphan_id}  orphaned" in capsys.readouterr().out


def test_a_bookmark_whose_article_changed_beyond_recognition_is_orphaned_not_dropped(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    article_path = corpus / "convoy.txt"
    article_path.write_text("Aid convoy hit\n\nThe convoy was struck near Aleppo on Monday.\n", encoding="utf-8")
    store = BookmarkStore(tmp_path / "bookmarks.yaml")
    article = load_path(article_path, corpus)
    start = article.text.index("struck")
    bookmark = store.add(make_bookmark(article, start, start + 18))
    article_path.write_text("Weather\n\nSunny spells with a light breeze from the west.\n", encoding="utf-8")
    rewritten = load_path(article_path, corpus)
    assert locate(bookmark, rewritten).status == "orphaned"
    assert store.load() == [bookmark]
    assert os.path.getsize(store.path) > 0
