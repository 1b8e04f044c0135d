"""End to end: the installed `deconflict-tui` in a real terminal under tmux.

`/`, `convoy`, Enter, Enter opens the Newsweek convoy article; `j`, `b` writes a
bookmark whose text stands in the article at start/end; `?` shows the help;
`q` ends the process with status 0.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
import uuid
from pathlib import Path

import pytest
import yaml

from corpus import SAMPLES_DIR
from corpus.loader import load_path

pytestmark = [
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (.ci/run installs it)"),
    pytest.mark.skipif(shutil.which("deconflict-tui") is None, reason="deconflict-tui is not installed on PATH"),
]


DEADLINE = 120.0  # seconds; only there to end a hung test, never what a test waits for


class Terminal:
    def __init__(self, tmp_path: Path, command: str) -> None:
        self.server = f"deconflict-e2e-{uuid.uuid4().hex[:8]}"
        env = (
            f"env -u COLUMNS -u LINES TERM=tmux-256color COLORTERM=truecolor ESCDELAY=25 "
            f"XDG_CACHE_HOME={tmp_path / 'cache'} XDG_DATA_HOME={tmp_path / 'data'} HOME={tmp_path}"
        )
        # The shell writes the app's exit status to a file: tmux 3.3 does not always record
        # a dead pane's status (seen for `sleep 1` in 3 of 4 runs).
        self.status_file = tmp_path / f"status-{self.server}"
        shell = f"{env} {command}; echo $? > '{self.status_file}.tmp' && mv '{self.status_file}.tmp' '{self.status_file}'"
        self.tmux(
            "-f", "/dev/null", "new-session", "-d", "-s", "app", "-x", "120", "-y", "40", shell,
            ";", "set", "-s", "escape-time", "0", ";", "set", "-g", "remain-on-exit", "on",
        )  # fmt: skip

    def tmux(self, *args: str) -> str:
        return subprocess.run(["tmux", "-L", self.server, *args], check=True, capture_output=True, text=True).stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "app")

    def wait_for(self, text: str, timeout: float = DEADLINE) -> str:
        """The screen, once `text` is on it."""
        return self._wait(lambda screen: text in screen, f"{text!r} never appeared on screen", timeout)

    def wait_gone(self, text: str, timeout: float = DEADLINE) -> str:
        """The screen, once `text` is no longer on it."""
        return self._wait(lambda screen: text not in screen, f"{text!r} never left the screen", timeout)

    def wait_footer(self, text: str, timeout: float = DEADLINE) -> str:
        """The screen, once the footer (the last line) shows `text`: the focus is where it should be."""
        return self._wait(lambda screen: text in screen.rstrip("\n").rsplit("\n", 1)[-1], f"the footer never showed {text!r}", timeout)

    def wait_change(self, before: str, timeout: float = DEADLINE) -> str:
        """The screen, once it differs from `before`."""
        return self._wait(lambda screen: screen != before, "the screen never changed", timeout)

    def _wait(self, done, failure: str, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if done(screen):
                return screen
            time.sleep(0.05)
        raise AssertionError(f"{failure}:\n{self.screen()}")

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "app", *keys)

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", "app", "-l", text)

    def exit_status(self, timeout: float = DEADLINE) -> int | None:
        """The app's exit status once it has ended (128 + the signal if a signal ended it);
        None if it never ends."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.status_file.exists():
                return int(self.status_file.read_text())
            time.sleep(0.05)
        return None

    def kill(self) -> None:
        subprocess.run(["tmux", "-L", self.server, "kill-server"], capture_output=True)


@pytest.fixture
def terminal(tmp_path):
    made = []

    def start(command: str) -> Terminal:
        t = Terminal(tmp_path, command)
        made.append(t)
        return t

    yield start
    for t in made:
        t.kill()


def test_search_open_bookmark_help_quit_in_tmux(terminal, tmp_path):
    bookmarks = tmp_path / "my bookmarks.yaml"
    term = terminal(f"deconflict-tui --bookmarks '{bookmarks}'")
    term.wait_for("5 articles, newest first")
    term.keys("/")
    term.wait_footer("Results")  # the search input has the focus
    term.type("convoy")
    term.wait_for("2 articles")
    term.keys("Enter")
    term.wait_footer("Open")  # the results have it
    term.keys("Enter")
    screen = term.wait_for("Newsweek · 2021-05")
    assert "Russia Turns Back U.S. Military Convoy" in screen
    term.wait_footer("Next quote")  # the reader has it
    term.keys("j")
    term.wait_change(screen)  # the cursor moved
    term.keys("b")
    term.wait_for("Bookmarked")
    data = yaml.safe_load(bookmarks.read_text(encoding="utf-8"))
    [entry] = data["bookmarks"]
    article = load_path(SAMPLES_DIR / entry["article"], SAMPLES_DIR)
    assert entry["article"] == "003_3a060862144c74ba.txt"
    assert article.text[entry["start"] : entry["end"]] == entry["text"]
    term.keys("?")
    # the help's border title can be drawn a frame before its table: wait on what is read
    screen = term.wait_for("Bookmark the passage")
    assert "Keys" in screen
    term.keys("Escape")
    term.wait_gone("Bookmark the passage")  # the help is closed: q now quits, not closes it
    term.keys("q")
    assert term.exit_status() == 0


def test_open_an_incident_then_one_of_its_reports_in_tmux(terminal):
    term = terminal("deconflict-tui")
    term.wait_for("5 articles, newest first")
    term.wait_footer("Open")  # the results have the focus
    # The incidents are listed ("Russia, United States · 1 outlet"): an Enter before opens nothing.
    term._wait(lambda screen: re.search(r"· \d+ outlets?\b", screen), "the incidents were never listed", DEADLINE)
    term.keys("Tab")
    term.wait_footer("Type")  # the incident list has it: its footer offers the type filter
    term.keys("Enter")
    screen = term.wait_for("What each side claimed")
    assert "Reports · " in screen
    term.wait_gone("Reading the reports")
    term.keys("Enter")  # the first report, in the reader at its passage
    term.wait_gone("What each side claimed")
    term.wait_footer("Next quote")
    term.keys("q")
    assert term.exit_status() == 0


def test_filter_by_an_outlet_in_tmux(terminal):
    term = terminal("deconflict-tui")
    term.wait_for("5 articles, newest first")
    term.keys("f")
    term.wait_footer("Keep")  # the filters pane has the focus
    screen = term.wait_for("Outlet")
    outlets = [o for o in ("Military Times", "News24", "Newsweek", "Reuters", "The Moscow Times") if o in screen]
    assert len(outlets) == 5, screen
    term.keys("Enter")  # keeps the first outlet, the one under the cursor
    screen = term.wait_for("filtered: outlet=")
    kept = screen.split("filtered: outlet=", 1)[1].split("(C clears)")[0].strip()
    assert kept in outlets
    screen = term.wait_for("1 article, newest first")
    results = screen.split("1 article, newest first", 1)[1].split("Incidents", 1)[0]
    assert f"· {kept}" in results and not any(f"· {o}" in results for o in outlets if o != kept)
    term.keys("C")
    term.wait_for("5 articles, newest first")
    term.wait_gone("filtered: outlet=")
    term.keys("q")
    assert term.exit_status() == 0
