"""The command line: its output and exit status.

Most checks call `tui.cli.main` in this process (the same code a user runs, without
the start-up cost); those about what a user sees of a process, one-line errors
and no tracebacks, run the installed command.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys

import pytest

SUMMARY = re.compile(
    r"^(\d+) articles indexed: (\d+) added, (\d+) updated, (\d+) removed, (\d+) skipped in \d+\.\d\ds$", re.M
)


def command() -> list[str]:
    script = shutil.which("deconflict-tui")
    return [script] if script else [sys.executable, "-m", "tui.cli"]


def run(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    # os.environ carries the private XDG folders set by conftest.
    return subprocess.run(
        [*command(), *args], capture_output=True, text=True, timeout=timeout, env=os.environ.copy(), stdin=subprocess.DEVNULL
    )


class Result:
    def __init__(self, returncode: int, stdout: str, stderr: str):
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


@pytest.fixture
def cli(capsys):
    """Run `deconflict-tui ARGS` in this process."""
    from tui.cli import main

    def call(*args: str) -> Result:
        try:
            code = main(list(args))
        except SystemExit as exc:
            code = exc.code
        out, err = capsys.readouterr()
        return Result(code, out, err)

    return call


@pytest.fixture
def search_ids(cli):
    def call(*args: str) -> list[str]:
        proc = cli("search", *args, "--json")
        assert proc.returncode == 0, proc.stderr
        return [hit["article"][:3] for hit in json.loads(proc.stdout)]

    return call


def test_the_console_script_is_installed():
    assert shutil.which("deconflict-tui"), "pip install -e '.[test]' installs the deconflict-tui command"


def test_done_means_as_a_process():
    proc = run("search", "Al Tanf", "--json")
    assert proc.returncode == 0, proc.stderr
    assert sorted(hit["article"][:3] for hit in json.loads(proc.stdout)) == ["000", "001"]


def test_done_means_on_the_bundled_samples(search_ids):
    assert sorted(search_ids("Al Tanf")) == ["000", "001"]
    assert search_ids('"military police"') == ["003"]
    assert sorted(search_ids("deconflict")) == ["000", "002", "003"]
    assert sorted(search_ids("Lavrov")) == ["001", "002", "004"]
    assert sorted(search_ids("US")) == ["000", "001", "002", "003", "004"]
    assert search_ids("M-4") == ["003"]


def test_json_shape_and_offsets(cli):
    proc = cli("search", "Lavrov", "--json", "--limit", "2", "--sort", "date")
    hits = json.loads(proc.stdout)
    assert [h["published"] for h in hits] == ["2016-09-16", "2016-07-22"]
    from corpus.loader import SAMPLES_DIR

    for hit in hits:
        assert set(hit) == {"article", "title", "outlet", "published", "score", "snippet", "hits"}
        text = (SAMPLES_DIR / hit["article"]).read_text(encoding="utf-8")
        assert hit["hits"] and all(text[s:e] == "Lavrov" for s, e in hit["hits"])


def test_a_table_when_not_json(cli):
    proc = cli("search", '"military police"')
    assert proc.returncode == 0
    assert "Russia Turns Back U.S. Military Convoy" in proc.stdout
    assert "Newsweek" in proc.stdout and "2021-05" in proc.stdout
    assert "1 matching article" in proc.stdout


def summary(proc) -> tuple[int, ...]:
    assert proc.returncode == 0, proc.stderr
    m = SUMMARY.search(proc.stdout)
    assert m, proc.stdout
    return tuple(int(g) for g in m.groups())


def test_the_users_own_folder(tmp_path, cli, search_ids):
    corpus = tmp_path / "my articles"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Talks in Geneva\n\nThe envoys met in Geneva on Monday to discuss the hotline.\n")
    (corpus / "b.txt").write_text("Strike near Idlib\n\nJets struck a depot near Idlib, monitors said.\n")
    (corpus / "c.txt").write_text("Hotline test\n\nThe deconfliction hotline was tested twice.\n")
    assert summary(cli("index", "--corpus", str(corpus))) == (3, 3, 0, 0, 0)
    assert search_ids("hotline", "--corpus", str(corpus)) in (["a.t", "c.t"], ["c.t", "a.t"])
    assert summary(cli("index", "--corpus", str(corpus))) == (3, 0, 0, 0, 0)
    (corpus / "b.txt").write_text("Strike near Idlib\n\nJets struck a fuel depot near Idlib, monitors said.\n")
    assert summary(cli("index", "--corpus", str(corpus))) == (3, 0, 1, 0, 0)
    (corpus / "c.txt").unlink()
    assert summary(cli("index", "--corpus", str(corpus))) == (2, 0, 0, 1, 0)
    assert search_ids("deconfliction", "--corpus", str(corpus)) == []
    assert summary(cli("index", "--corpus", str(corpus), "--rebuild")) == (2, 2, 0, 0, 0)


def test_bad_files_are_warnings_not_failures(tmp_path, cli):
    (tmp_path / "good.txt").write_text("Talks\n\nThe envoys met in Geneva.\n")
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "latin.txt").write_bytes("Caf\xe9 talks\n\nThe envoys met.\n".encode("latin-1"))
    proc = cli("index", "--corpus", str(tmp_path))
    assert summary(proc) == (1, 1, 0, 0, 2)
    warnings = proc.stderr.strip().splitlines()
    assert sorted(warnings) == [
        "warning: skipped empty.txt: empty",
        "warning: skipped latin.txt: not UTF-8 (byte 0xe9 at offset 3)",
    ]


def test_index_output_off_a_terminal_is_plain_lines(cli):
    proc = cli("index")
    assert summary(proc) == (5, 5, 0, 0, 0)
    assert "\r" not in proc.stdout + proc.stderr and "\x1b" not in proc.stdout + proc.stderr
    # One line per phase: the search index's summary, then the reading analysis's.
    assert proc.stdout.count("\n") == 2
    assert re.fullmatch(r"reading analysis: 5 articles analysed, 5 of 5 done; \d+\.\d\ds in all", proc.stdout.splitlines()[1])
    again = cli("index")
    assert again.stdout.splitlines()[1].startswith("reading analysis: 0 articles analysed, 5 of 5 done;")


@pytest.mark.parametrize("cmd", [[], ["index"], ["search"], ["analyze"], ["incidents"], ["bookmarks"]])
def test_help_on_every_command(cli, cmd):
    proc = cli(*cmd, "--help")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("usage: deconflict-tui")


def test_version(cli):
    proc = cli("--version")
    assert proc.returncode == 0
    assert re.fullmatch(r"deconflict-tui \d+\.\d+\.\d+\S*\n", proc.stdout)


def test_no_hits_is_success(cli):
    proc = cli("search", "zzyzx", "--json")
    assert proc.returncode == 0
    assert json.loads(proc.stdout) == []


def test_a_suggestion_when_nothing_matches(cli):
    proc = cli("search", "Gerasimv")
    assert proc.returncode == 0
    assert "did you mean: Gerasimov" in proc.stderr


def test_a_repaired_query_says_so(cli):
    proc = cli("search", '"military police', "--json")
    assert proc.returncode == 0
    assert json.loads(proc.stdout)
    assert "note: removed an unbalanced quote mark" in proc.stderr


@pytest.mark.parametrize(
    "args",
    [["search"], ["search", "x", "--limit", "0"], ["search", "x", "--sort", "oldest"], ["frobnicate"], ["index", "--bogus"]],
)
def test_usage_errors_exit_2(cli, args):
    proc = cli(*args)
    assert proc.returncode == 2
    assert "usage:" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize("cmd, where", [(["index"], "missing"), (["search", "x"], "a file"), (["incidents"], "missing")])
def test_a_bad_corpus_folder_is_one_line_and_exit_1(tmp_path, cmd, where):
    path = tmp_path / "nowhere"
    if where == "a file":
        path.write_text("not a folder")
    proc = run(*cmd, "--corpus", str(path))
    assert proc.returncode == 1
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and "Traceback" not in proc.stderr


def test_an_unwritable_cache_falls_back_with_a_warning(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker / "cache"))  # cannot be created
    proc = run("search", "Lavrov", "--json")
    assert proc.returncode == 0
    assert len(json.loads(proc.stdout)) == 3
    assert "warning: cannot write the index cache" in proc.stderr


def test_corpus_before_the_command(tmp_path, cli):
    (tmp_path / "a.txt").write_text("Talks in Geneva\n\nThe envoys met in Geneva.\n")
    proc = cli("--corpus", str(tmp_path), "search", "Geneva", "--json")
    assert [h["article"] for h in json.loads(proc.stdout)] == ["a.txt"]
