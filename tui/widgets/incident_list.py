"""The incident pane: one row per incident, by date."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ..commands import bindings
from ..highlight import safe
from ..messages import OpenArticle
from .lists import VimList


class IncidentList(VimList):
    BINDINGS = bindings("incidents")
    COMPONENT_CLASSES = {"incidents--meta"}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.incidents: list = []

    def on_mount(self) -> None:
        self.border_title = "Incidents"
        # Prompts hold styles read from the theme: build them again when it changes.
        self.app.theme_changed_signal.subscribe(self, lambda _: self.call_after_refresh(self.show, self.incidents))

    def show(self, incidents: list) -> None:
        self.incidents = list(incidents)
        highlighted = self.highlighted
        self.clear_options()
        meta = self.get_component_rich_style("incidents--meta", partial=True)
        options = []
        for i, incident in enumerate(self.incidents):
            prompt = Text(end="")
            prompt.append(f"{incident.date!s:<10} ", style=meta)
            prompt.append(safe(incident.place or "—"), style="bold")
            n = len({r.article_id for r in incident.reports})
            prompt.append(f"  {n} article{'s' if n != 1 else ''}", style=meta)
            prompt.append(f"\n{safe(incident.title)}")
            options.append(Option(prompt, id=f"incident-{i}"))
        self.add_options(options)
        self.border_subtitle = f"{len(self.incidents)}"
        if options:
            self.highlighted = min(highlighted or 0, len(options) - 1)

    @on(OptionList.OptionSelected)
    def _open(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        incident = self.incidents[event.option_index]
        report = incident.reports[0]
        self.post_message(OpenArticle(report.article_id, mark=(report.start, report.end)))
