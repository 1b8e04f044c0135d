"""Issue 12: a build stopped by a signal leaves no process behind and a consistent index.

`deconflict-tui index` on a few hundred articles starts reading processes
(multiprocessing's resource tracker with them). The test freezes the whole build
with SIGSTOP once they are running, so that the signal lands mid-build on any
machine, sends SIGTERM, SIGHUP or SIGKILL to the command, lets it go on, and
checks that every process of the build is gone, the exit status and message,
and that the next run finishes the index. The app's build child is checked the
same way, its parent killed outright.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from processes import alive, descendants_of
from waiting import until

ROOT = Path(__file__).resolve().parents[2]
N = 600  # past PARALLEL_MIN: read by spawned processes

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads processes from /proc")


def command() -> list[str]:
    script = shutil.which("deconflict-tui")
    return [script] if script else [sys.executable, "-m", "tui.cli"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("many")
    for i in range(N):
        (root / f"a{i:04d}.txt").write_text(
            f"Convoy report {i}\n\nA U.S. convoy was turned back near Hasakah on day {i}, officials said. "
            + "Russian military police blocked the road again, the Pentagon said. " * 8,
            encoding="utf-8",
        )
    return root


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def _readers(pid: int) -> list[int]:
    return [p for p in descendants_of(pid) if "multiprocessing" in _cmdline(p) and "resource_tracker" not in _cmdline(p)]


def freeze_mid_build(pid: int) -> list[int]:
    """Wait for the build's reading processes, then stop the build and all its processes."""
    until(lambda: _readers(pid), "the build started its reading processes")
    family = [pid, *descendants_of(pid)]
    for p in family:
        os.kill(p, signal.SIGSTOP)
    family = [pid, *descendants_of(pid)]  # any started meanwhile
    for p in family:
        os.kill(p, signal.SIGSTOP)
    return family


@pytest.fixture
def leftovers():
    """Processes to kill after the test, should it fail and leave them running."""
    family: list[int] = []
    yield family
    for p in family:
        try:
            os.kill(p, signal.SIGKILL)
        except ProcessLookupError:
            pass


def resume(family: list[int]) -> None:
    for p in family:
        try:
            os.kill(p, signal.SIGCONT)
        except ProcessLookupError:
            pass


@pytest.mark.parametrize(("signum", "status"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129), (signal.SIGKILL, -9)])
def test_a_stopped_index_build_leaves_nothing_running_and_the_next_run_finishes(corpus, tmp_path, signum, status, leftovers):
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    # Files, not pipes: a reading process left behind holding a pipe would keep a test
    # waiting for its end; here it fails the test instead.
    with open(tmp_path / "out", "w") as out_file, open(tmp_path / "err", "w") as err_file:
        build = subprocess.Popen(
            [*command(), "index", "--corpus", str(corpus)], env=env, stdout=out_file, stderr=err_file,
            start_new_session=True,  # as from a shell: a group of its own
        )  # fmt: skip
    family = freeze_mid_build(build.pid)
    leftovers += family
    assert any("multiprocessing" in _cmdline(p) for p in family[1:])
    os.kill(build.pid, signum)
    resume(family)
    build.wait(timeout=600)
    out, err = (tmp_path / "out").read_text(), (tmp_path / "err").read_text()
    assert build.returncode == status, err
    if signum != signal.SIGKILL:
        name = signal.Signals(signum).name
        assert err.strip().splitlines()[-1] == f"deconflict-tui: stopped by {name} (the index is left consistent: the next run finishes it)", err
        assert "Traceback" not in err and "articles indexed" not in out
    until(lambda: not any(alive(p) for p in family), "every process of the build ended", deadline=30)
    finish = subprocess.run([*command(), "index", "--corpus", str(corpus)], env=env, capture_output=True, text=True, timeout=600)
    assert finish.returncode == 0, finish.stderr
    assert finish.stdout.startswith(f"{N} articles indexed")
    search = subprocess.run([*command(), "search", "Hasakah", "--corpus", str(corpus), "--json", "--limit", str(N)], env=env, capture_output=True, text=True, timeout=600)
    assert search.returncode == 0 and search.stdout.count('"article"') == N


PARENT = """
import sys
from index import CorpusIndex
from index.worker import update_in_child

ix = CorpusIndex(sys.argv[1], index_dir=sys.argv[2])
update_in_child(ix, started=lambda child: print(child.pid, flush=True))
"""


def test_the_apps_build_child_and_its_readers_end_when_the_app_is_killed(corpus, tmp_path, leftovers):
    parent = subprocess.Popen([sys.executable, "-c", PARENT, str(corpus), str(tmp_path / "ix")], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    child = int(parent.stdout.readline())
    family = freeze_mid_build(child)  # the child runs in a session of its own
    leftovers += family
    os.kill(parent.pid, signal.SIGSTOP)
    parent.kill()  # SIGKILL: nothing of the parent runs any more
    parent.wait(timeout=600)
    parent.stdout.close()
    resume(family)
    until(lambda: not any(alive(p) for p in family), "the child and its readers ended with their parent", deadline=30)
