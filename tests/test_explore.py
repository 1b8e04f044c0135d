"""Exploring a corpus in the app: the filters pane, the timeline and the map, key by key,
on the bundled samples (and on the Syria development set where it is here)."""

from __future__ import annotations

from pathlib import Path

import pytest
from waiting import settle, until_async

from corpus.geo.outline import load_outline
from tui.screens.incident import IncidentScreen
from tui.screens.map import MapScreen
from tui.screens.timeline import TimelineScreen
from tui.widgets.filter_pane import FilterPane
from tui.widgets.incident_list import IncidentList
from tui.widgets.map_view import MapView, Projection, make_markers, nearest
from tui.widgets.search_pane import ResultsList
from tui.widgets.timeline import Timeline, make_bins, stack

SYRIA_DEV = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "syria-dev" / "texts"


async def _open(pilot, key: str):
    """The screen the key opens from the main screen, once it has settled."""
    await settle(pilot)
    await pilot.press(key)
    await settle(pilot)
    return pilot.app.screen


def _status(app) -> str:
    return str(app.screen.query_one("#search-status").render())


async def _filters(pilot):
    pane = (await _open(pilot, "f")).query_one(FilterPane)
    await until_async(pilot, lambda: pane.option_count, "the filters pane lists its counts")
    return pane


async def test_f_shows_the_filters_with_counts_and_f_again_hides_them(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await _filters(pilot)
        assert pane.display and pane.has_focus
        outlets = {v.value: v.count for v in pane.facets["outlet"]}
        assert sum(outlets.values()) == 5 and len(outlets) == 5
        await pilot.press("escape")  # nothing bound: the pane keeps the focus
        app.screen.query_one(ResultsList).focus()
        await pilot.press("f")  # shown but elsewhere: f goes to it
        assert pane.has_focus
        await pilot.press("f")
        assert not pane.display


async def test_enter_keeps_a_value_x_leaves_it_out_and_c_clears(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await _filters(pilot)
        assert pane.value[0] == "outlet"
        outlet = pane.value[1]
        await pilot.press("enter")
        await settle(pilot)
        results = app.screen.query_one(ResultsList)
        assert [h.outlet for h in results.hits] == [outlet]
        assert f"outlet={outlet}" in _status(app)
        incidents = app.screen.query_one(IncidentList)
        assert incidents.shown and all(any(r.outlet == outlet for r in i.reports) for i in incidents.shown)
        await pilot.press("enter")  # again: off
        await settle(pilot)
        assert len(results.hits) == 5 and "filtered" not in _status(app)
        await pilot.press("x")
        await settle(pilot)
        assert len(results.hits) == 4 and outlet not in [h.outlet for h in results.hits]
        assert f"NOT outlet={outlet}" in _status(app)
        await pilot.press("C")
        await settle(pilot)
        assert len(results.hits) == 5 and app.screen.filters == ()
        assert len(incidents.shown) == len(incidents.incidents)


async def test_counts_follow_the_query_as_you_type(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await _filters(pilot)
        await pilot.press("slash", *"convoy")
        await settle(pilot)
        results = app.screen.query_one(ResultsList)
        counted = {v.value: v.count for v in pane.facets["outlet"]}
        assert sum(counted.values()) == results.total == len(results.hits) < 5
        assert set(counted) == {h.outlet for h in results.hits}


async def test_an_incident_type_filter_narrows_the_incident_list(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await _filters(pilot)
        while pane.value is None or pane.value[0] != "type":
            await pilot.press("j")
        kind = pane.value[1]
        await pilot.press("enter")
        await settle(pilot)
        incidents = app.screen.query_one(IncidentList)
        assert incidents.shown and all(i.type == kind for i in incidents.shown)
        assert "filtered" in incidents.border_title


async def test_the_timeline_moves_by_month_and_lists_the_months_incidents(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        assert isinstance(await _open(pilot, "T"), TimelineScreen)
        timeline = app.screen.query_one(Timeline)
        listing = app.screen.query_one(IncidentList)
        assert timeline.has_focus and timeline.unit == "month"
        dated = [i for i in listing.incidents if i.date.date is not None and i.date.precision != "year"]
        assert sum(len(b.incidents) for b in timeline.bins) == len(dated)
        start = timeline.cursor
        assert len(timeline.bins[start].incidents) == max(len(b.incidents) for b in timeline.bins)  # it opens on the busiest
        assert {id(i) for i in listing.shown} == {id(i) for i in timeline.current.incidents}
        await pilot.press("l")
        assert timeline.cursor == min(start + 1, len(timeline.bins) - 1)
        await pilot.press("h", "h")
        assert timeline.cursor == max(0, start - 1)
        await pilot.press("g")
        assert timeline.cursor == 0
        await pilot.press("G")
        assert timeline.cursor == len(timeline.bins) - 1
        last = timeline.cursor
        await pilot.press("N")  # the busy month before the last (the last has incidents: the bins end there)
        busy = timeline.cursor
        assert busy < last and timeline.bins[busy].incidents and all(not b.incidents for b in timeline.bins[busy + 1 : last])
        await pilot.press("g", "n")
        assert timeline.bins[timeline.cursor].incidents and all(not b.incidents for b in timeline.bins[1 : timeline.cursor])
        await settle(pilot)
        assert {id(i) for i in listing.shown} == {id(i) for i in timeline.current.incidents}
        assert timeline.current.label in listing.border_title
        await pilot.press("enter")
        assert listing.has_focus
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, IncidentScreen)
        await pilot.press("escape")
        await pilot.press("escape")  # from the list back to the chart
        assert isinstance(app.screen, TimelineScreen) and timeline.has_focus
        await pilot.press("escape")
        assert not isinstance(app.screen, TimelineScreen)


async def test_the_map_marks_each_place_and_moves_between_markers(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        assert isinstance(await _open(pilot, "M"), MapScreen)
        view = app.screen.query_one(MapView)
        listing = app.screen.query_one(IncidentList)
        await until_async(pilot, lambda: view.markers, "the map placed its markers")
        assert view.has_focus and view.selected is view.markers[0]
        placed = {p for m in view.markers for p in m.places}
        with_place = {i.place for i in listing.incidents if i.place}
        assert placed | set(view.off) == with_place
        assert {id(i) for i in listing.shown} == {id(i) for i in view.selected.incidents}
        for key, (dx, dy) in (("l", (1, 0)), ("h", (-1, 0)), ("j", (0, 1)), ("k", (0, -1))):
            before = view.selected
            await pilot.press(key)
            expected = nearest(view.markers, before, dx, dy) or before
            assert view.selected is expected, key
        await pilot.press("n")
        await pilot.press("N")
        first = view.selected
        await pilot.press("enter")
        assert listing.has_focus and {id(i) for i in listing.shown} == {id(i) for i in first.incidents}
        await pilot.press("escape")
        assert view.has_focus
        await pilot.press("escape")
        assert not isinstance(app.screen, MapScreen)


def test_bins_are_weeks_for_a_short_span_and_months_otherwise(samples_index):
    incidents, _ = samples_index.incidents()
    bins, unit = make_bins(incidents)
    assert unit == "month" and bins[0].first.day == 1
    months = [b.first for b in bins]
    assert months == sorted(months) and len(set(months)) == len(months)
    short = [i for i in incidents if i.date.precision == "day"][:2]
    if short and abs((short[-1].date.date - short[0].date.date).days) < 100:
        assert make_bins(short)[1] == "week"


def test_a_column_stacks_every_type_it_has():
    column = stack({"strike": 1, "talks": 5}, cells=10, scale=1.0)
    assert column.count("strike") == 1 and column.count("talks") == 5
    tall = stack({"strike": 1, "talks": 50}, cells=6, scale=0.1)
    assert "strike" in tall and len(tall) <= 6


def test_markers_lie_where_their_coordinates_say(samples_index):
    gaz = samples_index.gazetteer
    incidents, _ = samples_index.incidents()
    outline = load_outline()
    projection = Projection(outline.box, 80, 30)
    markers, off = make_markers(incidents, gaz, projection, 80, 30)
    west_east = {}
    for m in markers:
        entry = gaz.place(m.places[0])
        west_east[m.places[0]] = (entry.lon, m.column)
    by_lon = sorted(west_east.values())
    assert [c for _, c in by_lon] == sorted(c for _, c in by_lon)  # further east, further right
    assert all(gaz.place(p) is None or gaz.place(p).lat is None or p in off for p in off)


@pytest.mark.skipif(not SYRIA_DEV.is_dir(), reason="the Syria development set lives in ../shared")
async def test_the_map_of_a_real_folder_places_al_tanf_near_the_border(make_app):
    app = make_app(SYRIA_DEV)
    async with app.run_test(size=(120, 40)) as pilot:
        view = (await _open(pilot, "M")).query_one(MapView)
        await until_async(pilot, lambda: view.markers, "the map placed its markers")
        tanf = next(m for m in view.markers if "Al Tanf" in m.places)
        syria = next(c for c in load_outline().countries if c.code == "SYR")
        south = max(view.projection.dot(x, y)[1] for ring in syria.rings for x, y in ring) // 4
        assert tanf.row < south  # inside Syria, above its southern border
