"""The filters pane: each facet's values with their counts under the query and the other
filters, as Datashare shows them; Enter keeps only a value's articles, x leaves them out.

The screen hands it the counts of each search (`show`); a change of filters goes up
as `FilterPane.Changed`, and the screen searches again and narrows the incidents.
Months are listed for the years a filter is on; the rest of the facets show their
commonest values and every value a filter is on.
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

SHOWN = 8  # values of a facet listed (besides those a filter is on)
ORDER = ("outlet", "year", "month", "place", "side", "type", "person")
TYPE_NAMES = {"ground_confrontation": "ground confrontation", "air_encounter": "air encounter", "humanitarian_access": "humanitarian access"}


class FilterPane(VimList):
    BINDINGS = bindings("filters")
    COMPONENT_CLASSES = {"filters--heading", "filters--count", "filters--on", "filters--not"}

    @dataclass
    class Changed(Message):
        """The filters are now `filters` (a tuple of index.Filter)."""

        filters: tuple

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.filters: tuple = ()
        self.facets: dict = {}
        self._values: list[tuple[str, str] | None] = []  # (facet, value) of each option; None for a heading

    def on_resize(self) -> None:
        self._list()

    def on_mount(self) -> None:
        self.border_title = "Filters"
        self.app.theme_changed_signal.subscribe(self, lambda _: self.call_after_refresh(self._list))

    def show(self, facets: dict | None, filters: tuple) -> None:
        """The counts of the latest search, and the filters it ran with."""
        if facets is not None:
            self.facets = facets
        self.filters = tuple(filters)
        self._list()

    def _list(self) -> None:
        from index import FACET_LABELS

        style = lambda name: self.get_component_rich_style(name, partial=True)  # noqa: E731
        kept = self._values[self.highlighted] if self.highlighted is not None and self.highlighted < len(self._values) else None
        years = {f.value for f in self.filters if f.facet == "year" and not f.exclude}
        self._values = []
        options = []
        width = max(12, (self.scrollable_content_region.width or 30) - 9)  # the name, then the count in 5 on the right
        for facet in ORDER:
            values = list(self.facets.get(facet, ()))
            if facet == "month":
                values = [v for v in values if v.value[:4] in years or v.active]
                values.reverse()  # newest first
            elif facet == "year":
                values.reverse()
            if not values:
                continue
            shown = [v for v in values if v.active] + [v for v in values if not v.active][: max(0, SHOWN - sum(v.active for v in values))]
            if facet != "month":
                shown.sort(key=values.index)
            options.append(Option(Text(FACET_LABELS[facet], style=style("filters--heading")), disabled=True))
            self._values.append(None)
            for v in shown:
                prompt = Text(end="")
                mark, mark_style = ("✗ ", style("filters--not")) if v.excluded else ("✓ ", style("filters--on")) if v.active else ("  ", None)
                prompt.append(mark, style=mark_style)
                name = safe(TYPE_NAMES.get(v.value, v.value.replace("_", " ")) if facet == "type" else v.value)
                name = name if len(name) <= width else name[: width - 1] + "…"
                prompt.append(f"{name:<{width}}")
                prompt.append(f"{v.count:>5}", style=style("filters--count"))
                options.append(Option(prompt))
                self._values.append((facet, v.value))
        self.clear_options()
        self.add_options(options)
        self.border_subtitle = f"{len(self.filters)} on · Enter keeps · x leaves out" if self.filters else "Enter keeps · x leaves out"
        if kept is not None and kept in self._values:
            self.highlighted = self._values.index(kept)
        elif self._values:
            self.highlighted = next((n for n, v in enumerate(self._values) if v is not None), None)

    @property
    def value(self) -> tuple[str, str] | None:
        """(facet, value) under the cursor."""
        n = self.highlighted
        return self._values[n] if n is not None and n < len(self._values) else None

    def _change(self, exclude: bool) -> None:
        from index import Filter

        if self.value is None:
            return
        facet, value = self.value
        current = next((f for f in self.filters if f.facet == facet and f.value == value), None)
        rest = tuple(f for f in self.filters if f is not current)
        wanted = None if current is not None and current.exclude == exclude else Filter(facet, value, exclude)
        self.filters = rest + ((wanted,) if wanted else ())
        self.post_message(self.Changed(self.filters))

    def action_keep(self) -> None:
        self._change(exclude=False)

    def action_leave_out(self) -> None:
        self._change(exclude=True)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_keep()
