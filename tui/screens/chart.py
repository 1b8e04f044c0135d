"""What the timeline and map screens share: a chart above or beside the list of the
incidents it selects. Enter on the chart goes to the list, Enter there opens an
incident's page, Esc goes back to the chart, then to the main screen."""

from __future__ import annotations

from textual import on
from textual.screen import Screen

from ..commands import bindings
from ..widgets.incident_list import IncidentList
from ..widgets.panes import focus_without_repaint, highlight_focused_pane


class ChartScreen(Screen[None]):
    BINDINGS = bindings("chart")
    focused = focus_without_repaint()

    def __init__(self, incidents, index) -> None:
        super().__init__()
        self.incidents = list(incidents)
        self.index = index

    @property
    def chart(self):
        """The chart widget (the timeline, the map)."""
        raise NotImplementedError

    chart_title = ""  # the chart's border title

    def on_mount(self) -> None:
        self.chart.border_title = self.chart_title
        highlight_focused_pane(self)
        self.query_one(IncidentList).show(self.incidents)
        self.chart.focus()

    def list_only(self, heading: str, incidents) -> None:
        """List just `incidents`, under `heading`."""
        chosen = set(map(id, incidents))
        listing = self.query_one(IncidentList)
        listing.heading = heading
        listing.narrow(lambda i: id(i) in chosen)

    def go_to_list(self) -> None:
        listing = self.query_one(IncidentList)
        if listing.option_count:
            listing.focus()

    @on(IncidentList.OpenIncident)
    def _open(self, event: IncidentList.OpenIncident) -> None:
        event.stop()
        from .incident import IncidentScreen

        self.app.push_screen(IncidentScreen(event.incident, self.index))

    def action_close(self) -> None:
        """Back to the chart from its list; from the chart, back to the main screen."""
        if self.query_one(IncidentList).has_focus:
            self.chart.focus()
        else:
            self.dismiss()
