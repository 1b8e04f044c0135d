"""SVG snapshots of the main screens (pytest-textual-snapshot).

Update them after an intended change with `pytest tests/test_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

import pytest

from corpus import SAMPLES_DIR
from tui.app import DeconflictApp
from tui.messages import OpenArticle
from tui.widgets.reader import SourcesList
from waiting import settle

@pytest.fixture
def app(tmp_path, monkeypatch):
    # The bookmarks screen shows the file's path, under the home folder as ~: the same in every run.
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return DeconflictApp(SAMPLES_DIR, bookmarks_path=tmp_path / "bookmarks.yaml", index_dir=tmp_path / "index")


async def _settle(pilot) -> None:
    await settle(pilot)
    pilot.app.clear_notifications()
    await pilot.pause()


def _driver(*keys: str, theme: str | None = None):
    async def run_before(pilot) -> None:
        if theme:
            pilot.app.theme = theme
        await _settle(pilot)
        for key in keys:
            await pilot.press(key)
            if key in ("enter", "b", "B", "f", "T", "M"):
                await _settle(pilot)
        await _settle(pilot)
        # Freeze the input's blinking cursor.
        for widget in pilot.app.query("Input"):
            widget.cursor_blink = False

    return run_before


def test_main_screen_120x40(snap_compare, app):
    assert snap_compare(app, terminal_size=(120, 40), run_before=_driver())


def test_main_screen_80x24(snap_compare, app):
    assert snap_compare(app, terminal_size=(80, 24), run_before=_driver())


def test_reader_with_quotes_and_hits(snap_compare, app):
    keys = ["slash", *"deconfliction", "enter", "enter", "n"]
    assert snap_compare(app, terminal_size=(120, 40), run_before=_driver(*keys))


def test_reader_in_a_light_theme(snap_compare, app):
    keys = ["slash", *"deconfliction", "enter", "enter", "n"]
    assert snap_compare(app, terminal_size=(120, 40), run_before=_driver(*keys, theme="textual-light"))


def test_help_screen(snap_compare, app):
    assert snap_compare(app, terminal_size=(120, 40), run_before=_driver("question_mark"))


def test_bookmarks_screen(snap_compare, app):
    keys = ["slash", *"convoy", "enter", "enter", "j", "b", "B"]
    assert snap_compare(app, terminal_size=(120, 40), run_before=_driver(*keys))


def test_incident_page(snap_compare, app):
    # The third incident of the samples by date, with several reports; its claims are read in a worker.
    assert snap_compare(app, terminal_size=(120, 40), run_before=_driver("tab", "j", "j", "enter"))


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_timeline(snap_compare, app, size):
    assert snap_compare(app, terminal_size=size, run_before=_driver("T"))


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_map(snap_compare, app, size):
    assert snap_compare(app, terminal_size=size, run_before=_driver("M"))


def test_map_in_a_light_theme(snap_compare, app):
    assert snap_compare(app, terminal_size=(120, 40), run_before=_driver("M", theme="textual-light"))


def test_filters_pane(snap_compare, app):
    assert snap_compare(app, terminal_size=(120, 40), run_before=_driver("f", "j", "enter"))


@pytest.mark.parametrize("article", sorted(p.name for p in SAMPLES_DIR.glob("*.txt")))
def test_reader_with_its_sources_panel(snap_compare, app, article):
    """Each sample's sources panel, tall enough to list them all: who is cited, and nothing else."""

    async def run_before(pilot) -> None:
        await _settle(pilot)
        pilot.app.post_message(OpenArticle(article))
        await _settle(pilot)
        pilot.app.query_one(SourcesList).focus()
        await _settle(pilot)

    assert snap_compare(app, terminal_size=(120, 56), run_before=run_before)

