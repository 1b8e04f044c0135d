"""The map screen: the places of the incidents on a map of Syria and its borders, beside
the list of the incidents at the marker selected. The incidents are those the main list
shows (its filters apply)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Header

from ..widgets.footer import Footer
from ..widgets.incident_list import IncidentList
from ..widgets.map_view import MapView
from .chart import ChartScreen


class MapScreen(ChartScreen):
    def compose(self) -> ComposeResult:
        from corpus.geo.outline import load_outline

        yield Header()
        with Horizontal(id="map-body"):
            yield MapView(self.incidents, self.index.gazetteer, load_outline(), id="map", classes="pane")
            yield IncidentList(id="map-incidents", classes="pane")
        yield Footer()

    @property
    def chart(self) -> MapView:
        return self.query_one(MapView)

    chart_title = "Incidents by place"

    @on(MapView.Moved)
    def _moved(self, event: MapView.Moved) -> None:
        if event.marker is None:
            self.list_only("Incidents · none on the map", ())
        else:
            self.list_only(f"Incidents · {event.marker.label}", event.marker.incidents)

    @on(MapView.Chosen)
    def _chosen(self, event: MapView.Chosen) -> None:
        self.go_to_list()
