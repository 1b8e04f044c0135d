"""Issue 12: the user's own gazetteer, beside the corpus or in the config folder.

It extends or overrides the shipped table; a broken one is left out with one
warning naming the file and line, everything else keeps working on the rest, and
nothing of it is read at import time.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from corpus import gazetteer
from index import CorpusIndex

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def corpus(tmp_path) -> Path:
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "a.txt").write_text("Talks at the base\n\nThe envoys met at Al Tanf and later at Qaryatayn.\n", encoding="utf-8")
    return root


def user_file() -> Path:
    path = gazetteer.user_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def test_the_user_file_lives_in_the_config_folder():
    assert gazetteer.user_path() == Path(os.environ["XDG_CONFIG_HOME"]) / "deconflict-tui" / "gazetteer.yaml"


def test_layers_extend_override_and_hide(corpus):
    user_file().write_text(
        "places:\n  - name: Al Tanf\n    aliases: [Tanf garrison]\n  - name: Qaryatayn\n    aliases: [Al-Qaryatayn]\n    lat: 34.23\n    lon: 37.24\n",
        encoding="utf-8",
    )
    (corpus / "gazetteer.yaml").write_text(
        "places:\n  - name: Qaryatayn\n    lat: 34.2\n    lon: 37.2\n  - name: Aleppo\n    hide: true\n", encoding="utf-8"
    )
    loaded = gazetteer.load_for(corpus)
    assert loaded.warnings == ()
    places = {e.name: e for e in loaded.gazetteer.of_kind("place")}
    assert {"At-Tanf", "Tanf garrison"} <= set(places["Al Tanf"].aliases)  # shipped aliases kept, the user's added
    assert (places["Qaryatayn"].lat, places["Qaryatayn"].lon) == (34.2, 37.2)  # the corpus's coordinates win
    assert places["Qaryatayn"].aliases == ("Al-Qaryatayn",)
    assert "Aleppo" not in places and "Aleppo" in {e.name for e in gazetteer.shipped().of_kind("place")}
    # Without the corpus, only the user's file extends the shipped table.
    assert "Aleppo" in {e.name for e in gazetteer.load_for(None).gazetteer.of_kind("place")}


def test_search_and_reading_use_the_users_spellings(corpus):
    (corpus / "gazetteer.yaml").write_text("places:\n  - name: Qaryatayn\n    aliases: [Al-Qaryatayn, Qaryatain]\n", encoding="utf-8")
    ix = CorpusIndex(corpus)
    ix.update()
    assert [h.article for h in ix.search("Qaryatain").hits] == ["a.txt"]
    article = ix.load_article("a.txt")
    assert "Qaryatayn" in {p.name for p in ix.analyze(article).places}
    ix.close()


def test_an_edited_gazetteer_rebuilds_the_index(corpus):
    ix = CorpusIndex(corpus)
    assert ix.update().rebuilt
    assert not ix.update().rebuilt
    (corpus / "gazetteer.yaml").write_text("places:\n  - name: Qaryatayn\n", encoding="utf-8")
    assert ix.update().rebuilt  # places are stored per article: they are read again
    assert [h.article for h in ix.search("places:Qaryatayn").hits] == ["a.txt"]
    ix.close()


BROKEN = "places:\n  - name: Qaryatayn\n    aliases: [Al-Qaryatayn\n  - name: Other\n"


@pytest.mark.parametrize("where", ["config", "corpus"])
def test_a_broken_user_file_is_named_with_its_line_and_the_shipped_table_still_works(corpus, where):
    path = user_file() if where == "config" else corpus / "gazetteer.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    ix = CorpusIndex(corpus)
    report = ix.update()
    assert (report.indexed, report.skipped) == (1, 0)
    [problem] = report.problems
    assert problem.startswith(f"{path}, line 4: not valid YAML") and "used without this file" in problem
    assert [h.article for h in ix.search("At-Tanf").hits] == ["a.txt"]  # shipped spellings still meet
    ix.close()
    assert path.read_text(encoding="utf-8") == BROKEN  # never touched


def test_a_bad_entry_is_left_out_and_the_rest_of_the_file_used(corpus):
    (corpus / "gazetteer.yaml").write_text(
        "places:\n  - name: Qaryatayn\n  - aliases: [nameless]\n  - name: Far\n    lat: north\n", encoding="utf-8"
    )
    loaded = gazetteer.load_for(corpus)
    path = corpus / "gazetteer.yaml"
    assert loaded.warnings == (
        f"{path}, line 3: an entry has no 'name'; entry left out",
        f"{path}, line 4: lat of 'Far' is not a number: 'north'; entry left out",
    )
    assert "Qaryatayn" in {e.name for e in loaded.gazetteer.of_kind("place")}


def cli(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tui.cli", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_the_cli_says_where_the_gazetteer_is_read_from_and_warns_once_of_a_broken_one(corpus):
    env = os.environ.copy()
    done = cli("gazetteer", "--path", "--corpus", str(corpus), env=env)
    assert done.returncode == 0
    assert done.stdout.splitlines() == [str(gazetteer.SHIPPED_PATH), str(gazetteer.user_path()), str(corpus.resolve() / "gazetteer.yaml")]
    (corpus / "gazetteer.yaml").write_text(BROKEN, encoding="utf-8")
    done = cli("search", "At-Tanf", "--corpus", str(corpus), "--json", env=env)
    assert done.returncode == 0 and '"a.txt"' in done.stdout
    assert "Traceback" not in done.stderr
    assert done.stderr.count("gazetteer.yaml, line 4: not valid YAML") == 1
    summary = cli("gazetteer", "--corpus", str(corpus), env=env)
    assert summary.returncode == 1 and "line 4" in summary.stderr and "yours, for this corpus" in summary.stdout


def test_nothing_reads_the_gazetteer_at_import(tmp_path):
    """Importing every module of the three packages opens no gazetteer file (an audit hook sees every open)."""
    code = (
        "import sys, pkgutil, importlib\n"
        "opened = []\n"
        "sys.addaudithook(lambda event, args: opened.append(str(args[0])) if event == 'open' else None)\n"
        "for package in ('corpus', 'index', 'tui'):\n"
        "    importlib.import_module(package)\n"
        "    for m in pkgutil.walk_packages(importlib.import_module(package).__path__, package + '.'):\n"
        "        importlib.import_module(m.name)\n"
        "print([p for p in opened if p.endswith('gazetteer.yaml')])\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
