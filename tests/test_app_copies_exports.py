"""Pilot tests of the grouped results row, its copies screen and the palette's exports."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from textual.command import CommandPalette
from waiting import settle, until_async

from corpus import SAMPLES_DIR
from tui.app import DeconflictApp
from tui.screens.copies import CopiesScreen, CopyList
from tui.widgets.reader import Reader
from tui.widgets.search_pane import ResultsList

NEWSWEEK = "003_3a060862144c74ba.txt"


def copy_corpus(root: Path) -> Path:
    """The samples and two re-posts of the Newsweek story: another headline, the last paragraphs cut."""
    shutil.copytree(SAMPLES_DIR, root)
    paragraphs = (SAMPLES_DIR / NEWSWEEK).read_text(encoding="utf-8").split("\n\n")
    for name, outlet, trim in (("yahoo.txt", "Yahoo", 1), ("newsday.txt", "Newsday", 2)):
        (root / name).write_text("Russians send US convoy back\n\n" + "\n\n".join(paragraphs[1:-trim]) + "\n", encoding="utf-8")
        (root / name.replace(".txt", ".meta.yaml")).write_text(f"outlet: {outlet}\npublished: 2021-05-28\n", encoding="utf-8")
    return root


@pytest.fixture
def make_app(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))

    def make(corpus: Path = SAMPLES_DIR) -> DeconflictApp:
        return DeconflictApp(corpus, bookmarks_path=tmp_path / "data" / "bookmarks.yaml", index_dir=tmp_path / "index")

    return make


def row_text(results: ResultsList, n: int) -> str:
    return str(results.get_option_at_index(n).prompt)


async def test_copies_show_as_one_row_that_opens_to_its_members(make_app, tmp_path):
    app = make_app(copy_corpus(tmp_path / "corpus"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *'"military police"', "escape")
        await settle(pilot)
        results = app.query_one(ResultsList)
        assert results.option_count == 1
        hit = results.hits[0]
        members = {hit.article, *(c.article for c in hit.copies)}
        assert members == {NEWSWEEK, "yahoo.txt", "newsday.txt"}
        shown = row_text(results, 0)
        assert "+2 copies: " in shown
        assert all(c.outlet in shown for c in hit.copies)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, CopiesScreen)
        listing = app.screen.query_one(CopyList)
        assert listing.option_count == 3
        await pilot.press("j", "enter")
        await settle(pilot)
        assert not isinstance(app.screen, CopiesScreen)
        assert app.query_one(Reader).article.id == hit.copies[0].article
        # Escape closes the list without opening anything.
        app.query_one(ResultsList).focus()
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, CopiesScreen)
        assert app.query_one(Reader).article.id == hit.copies[0].article


async def test_c_on_a_result_without_copies_says_so(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.query_one(ResultsList).focus()
        await pilot.press("c")
        await settle(pilot)
        assert not isinstance(app.screen, CopiesScreen)
        assert any("no copies" in str(n.message) for n in app._notifications)


async def run_palette(pilot, words: str) -> None:
    app = pilot.app
    await pilot.press("ctrl+p")
    await until_async(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette is open")
    await pilot.press(*words)
    await until_async(pilot, lambda: app.screen.query_one("CommandList").option_count, "the palette lists a match")
    await pilot.press("enter")
    await settle(pilot)


async def test_the_palette_exports_bookmarks_and_incidents(make_app, tmp_path):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"convoy")
        await settle(pilot)
        await pilot.press("enter", "enter")
        await settle(pilot)
        await pilot.press("j", "b")
        await settle(pilot)
        data = tmp_path / "data"
        await run_palette(pilot, "CSL-JSON")
        items = json.loads((data / "bookmarks.csl.json").read_text(encoding="utf-8"))  # the worker wrote it: settle waited for it
        assert len(items) == 1 and items[0]["archive_location"] == NEWSWEEK
        await run_palette(pilot, "bookmarks as CSV")
        rows = list(csv.DictReader(io.StringIO((data / "bookmarks.csv").read_text(encoding="utf-8"), newline="")))
        assert len(rows) == 1 and rows[0]["article"] == NEWSWEEK
        await run_palette(pilot, "incidents as GeoJSON")
        geo = json.loads((data / "incidents-samples.geojson").read_text(encoding="utf-8"))
        assert geo["type"] == "FeatureCollection" and geo["features"]
        for feature in geo["features"]:
            lon, lat = feature["geometry"]["coordinates"]
            assert 30 <= lon <= 50 and 28 <= lat <= 40  # Syria and its neighbours, longitude first
        await run_palette(pilot, "incidents as CSV")
        rows = list(csv.DictReader(io.StringIO((data / "incidents-samples.csv").read_text(encoding="utf-8"), newline="")))
        assert rows and rows[0]["event_type"]
        assert not list(data.glob(".*tmp*"))  # written atomically: no temporary file left
