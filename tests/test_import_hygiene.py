"""The core knows no screen: corpus/ and index/ never import Textual (harlequin's pattern)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def core_modules() -> list[str]:
    names = []
    for package in ("corpus", "index"):
        names.append(package)
        names += [f"{package}.{m.name}" for m in pkgutil.iter_modules([str(ROOT / package)])]
    return names


def test_core_modules_do_not_import_textual():
    modules = core_modules()
    assert "corpus.loader" in modules and "index.corpus_index" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(','.join(bad))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "", f"imported by corpus/index: {proc.stdout.strip()}"


def test_search_help_does_not_import_textual():
    code = (
        "import sys\n"
        "from tui.cli import build_parser\n"
        "build_parser()\n"
        "print('textual' in sys.modules)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.stdout.strip() == "False", proc.stderr


def test_the_whoosh_path_never_imports_the_postgresql_driver(tmp_path):
    code = (
        "import sys\n"
        "from index.backend import open_backend\n"
        "from corpus.loader import SAMPLES_DIR\n"
        f"ix = open_backend(SAMPLES_DIR, None, {str(tmp_path / 'ix')!r})\n"
        "ix.update()\n"
        "ix.search('convoy'); ix.search('convoy', facets=True)\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in ('psycopg', 'psycopg_binary', 'index'))))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    loaded = proc.stdout.strip().split(",")
    assert "index.corpus_index" in loaded
    assert not [m for m in loaded if m.startswith(("psycopg", "index.postgres"))]
