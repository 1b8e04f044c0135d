"""The timeline screen: the chart of incidents per month above the list of the month under
its cursor. The incidents are those the main list shows (its filters apply)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.widgets import Header

from ..widgets.footer import Footer
from ..widgets.incident_list import IncidentList
from ..widgets.timeline import Timeline
from .chart import ChartScreen


class TimelineScreen(ChartScreen):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Timeline(self.incidents, id="timeline")
        yield IncidentList(id="timeline-incidents", classes="pane")
        yield Footer()

    @property
    def chart(self) -> Timeline:
        return self.query_one(Timeline)

    @property
    def chart_title(self) -> str:
        return f"Incidents per {self.chart.unit}"

    @on(Timeline.Moved)
    def _moved(self, event: Timeline.Moved) -> None:
        self.list_only(f"Incidents · {event.bin.label}", event.bin.incidents)

    @on(Timeline.Chosen)
    def _chosen(self, event: Timeline.Chosen) -> None:
        self.go_to_list()
