"""The incident pane: one row per incident, by date, with its type, place, sides and outlets.

`t` shows one type at a time (and all again after the last), `r` turns the
order around; Enter posts `IncidentList.OpenIncident` for the incident page.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ..commands import bindings
from ..highlight import safe
from .lists import VimList

TYPES = ("strike", "ground_confrontation", "air_encounter", "proposal", "talks", "agreement", "humanitarian_access", "accusation")
LABELS = {
    "strike": "strike", "ground_confrontation": "ground", "air_encounter": "air", "proposal": "proposal",
    "talks": "talks", "agreement": "agreement", "humanitarian_access": "aid", "accusation": "charge",
}  # fmt: skip


def shown_date(incident) -> str:
    """The date as precise as it is known, marked when it is only the publication's."""
    date = incident.date
    text = f"w/c {date.date.isoformat()}" if date.precision == "week" else str(date)  # the week commencing that Monday
    return f"{text} (pub.)" if incident.date_from == "publication date" else text


def shown_sides(incident) -> str:
    if incident.acted_by and incident.acted_on:
        return f"{', '.join(incident.acted_by)} → {', '.join(incident.acted_on)}"
    return ", ".join(incident.sides[:3])


class IncidentList(VimList):
    BINDINGS = bindings("incidents")
    COMPONENT_CLASSES = {"incidents--meta", "incidents--type"}

    @dataclass
    class OpenIncident(Message):
        """Open the incident page of `incident`."""

        incident: object

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.incidents: list = []  # every incident, by date
        self.shown: list = []  # those listed: of the type chosen, in the order chosen
        self.type: str | None = None  # the one type shown, or None for all
        self.newest_first = False
        self.keep = None  # a test the filters make of each incident, or None
        self.heading = "Incidents"  # the border's title
        self.listed = False  # whether `show` has been given the incidents yet

    def on_mount(self) -> None:
        self.border_title = "Incidents"
        # Prompts hold styles read from the theme: build them again when it changes.
        self.app.theme_changed_signal.subscribe(self, lambda _: self.call_after_refresh(self._list))

    def show(self, incidents: list) -> None:
        self.incidents = list(incidents)
        self.listed = True
        self._list()

    def action_select(self) -> None:
        """Enter: open the highlighted incident, or say why there is none to open."""
        if self.shown:
            super().action_select()
        elif not self.listed:
            self.notify("The incidents are still being listed: press Enter again once they show.", title="Incidents")
        elif self.incidents:
            self.notify("No incident to open: none is listed with these filters or of this type.", title="Incidents")
        else:
            self.notify("No incident to open: the articles report none.", title="Incidents")

    @property
    def kept(self) -> list:
        """The incidents the filters keep, every type, by date."""
        return [i for i in self.incidents if self.keep is None or self.keep(i)]

    def narrow(self, keep) -> None:
        """List only the incidents `keep(incident)` is true of (None: all of them)."""
        self.keep = keep
        self.highlighted = None
        self._list()

    def action_next_type(self) -> None:
        present = [t for t in TYPES if any(i.type == t for i in self.incidents)]
        order = [None, *present]
        self.type = order[(order.index(self.type) + 1) % len(order)] if self.type in order else None
        self.highlighted = None
        self._list()

    def action_reverse(self) -> None:
        self.newest_first = not self.newest_first
        self._list()

    def _list(self) -> None:
        chosen = [i for i in self.incidents if (self.type is None or i.type == self.type) and (self.keep is None or self.keep(i))]
        self.shown = list(reversed(chosen)) if self.newest_first else chosen
        highlighted = self.highlighted
        self.clear_options()
        meta = self.get_component_rich_style("incidents--meta", partial=True)
        kind = self.get_component_rich_style("incidents--type", partial=True)
        options = []
        for n, incident in enumerate(self.shown):
            prompt = Text(end="")
            prompt.append(f"{shown_date(incident):<14} ", style=meta)
            prompt.append(f"{LABELS.get(incident.type, incident.type):<10}", style=kind)
            prompt.append(safe(incident.place or "—"), style="bold")
            outlets, copies = len(incident.outlets), len(incident.copies)
            counted = f"{outlets} outlet{'s' if outlets != 1 else ''}" + (f" (+{copies} cop{'y' if copies == 1 else 'ies'})" if copies else "")
            prompt.append(f"\n{safe(shown_sides(incident))} · {counted}", style=meta)
            prompt.append(f"\n{safe(incident.title)}")
            options.append(Option(prompt, id=f"incident-{n}"))
        self.add_options(options)
        order = "newest first" if self.newest_first else "oldest first"
        self.border_title = f"{self.heading} · {LABELS[self.type]}" if self.type else self.heading
        if self.keep is not None and self.heading == "Incidents":
            self.border_title += " · filtered"
        self.border_subtitle = f"{len(self.shown)} · {order}"
        if options:
            self.highlighted = min(highlighted or 0, len(options) - 1)

    @on(OptionList.OptionSelected)
    def _open(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.OpenIncident(self.shown[event.option_index]))
