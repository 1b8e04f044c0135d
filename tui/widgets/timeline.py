"""The timeline: incidents per month (per week when they span a few months) as stacked
bars, one colour per type, with a cursor on one month.

Moving the cursor posts `Timeline.Moved` with the incidents of that bin (the screen lists
them); Enter posts `Timeline.Chosen`. Drawn with block characters into a `rich.text.Text`;
the colours are the theme's (component classes per type), so a light theme keeps them
legible. Bins wider than the screen scroll with the cursor.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rich.text import Text
from textual.message import Message
from textual.widget import Widget

from ..commands import bindings

TYPES = ("strike", "ground_confrontation", "air_encounter", "proposal", "talks", "agreement", "humanitarian_access", "accusation")
SHORT = {
    "strike": "strike", "ground_confrontation": "ground", "air_encounter": "air", "proposal": "proposal",
    "talks": "talks", "agreement": "agreement", "humanitarian_access": "aid", "accusation": "charge",
}  # fmt: skip
WEEKS_UNDER = 6  # months: a shorter span is drawn per week


@dataclass(frozen=True)
class Bin:
    """One column of the chart: the days from `first` to `last` and their incidents."""

    first: dt.date
    last: dt.date
    label: str
    incidents: tuple = ()

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for i in self.incidents:
            out[i.type] = out.get(i.type, 0) + 1
        return out


def _month_start(d: dt.date) -> dt.date:
    return d.replace(day=1)


def _next_month(d: dt.date) -> dt.date:
    return (d.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def make_bins(incidents) -> tuple[list[Bin], str]:
    """The bins of the dated incidents, from the first to the last (empty ones too), and
    their unit ("month" or "week"). An incident dated only to its year has no bin."""
    dated = [i for i in incidents if i.date.date is not None and i.date.precision in ("day", "week", "month")]
    if not dated:
        return [], "month"
    first, last = min(i.date.date for i in dated), max(i.date.date for i in dated)
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    bins: list[Bin] = []
    if months <= WEEKS_UNDER and all(i.date.precision != "month" for i in dated):
        start = first - dt.timedelta(days=first.weekday())
        while start <= last:
            end = start + dt.timedelta(days=6)
            bins.append(Bin(start, end, f"w/c {start.isoformat()}", tuple(i for i in dated if start <= i.date.date <= end)))
            start = end + dt.timedelta(days=1)
        return bins, "week"
    start = _month_start(first)
    while start <= last:
        end = _next_month(start) - dt.timedelta(days=1)
        # a week that starts in the month counts in it
        inside = tuple(i for i in dated if start <= i.date.date <= end)
        bins.append(Bin(start, end, start.strftime("%Y-%m"), inside))
        start = _next_month(start)
    return bins, "month"


def stack(counts: dict[str, int], cells: int, scale: float) -> list[str]:
    """The type of each cell of a column, bottom up: `scale` cells an incident, at least
    one cell for a type that has any, by largest remainder."""
    total = sum(counts.values())
    if not total:
        return []
    height = max(1, min(cells, round(total * scale)))
    shares = [(t, counts[t] * height / total) for t in TYPES if counts.get(t)]
    whole = {t: max(1, int(share)) for t, share in shares}
    while sum(whole.values()) > height and any(v > 1 for v in whole.values()):
        biggest = max(whole, key=whole.get)
        whole[biggest] -= 1
    left = height - sum(whole.values())
    for t, share in sorted(shares, key=lambda ts: ts[1] - int(ts[1]), reverse=True)[: max(0, left)]:
        whole[t] += 1
    return [t for t in TYPES for _ in range(whole.get(t, 0))][:cells]


class Timeline(Widget, can_focus=True):
    BINDINGS = bindings("timeline")
    COMPONENT_CLASSES = {f"timeline--{t}" for t in TYPES} | {"timeline--axis", "timeline--cursor"}
    DEFAULT_CSS = "Timeline { height: 14; }"

    @dataclass
    class Moved(Message):
        """The cursor is on `bin`."""

        bin: Bin

    @dataclass
    class Chosen(Message):
        """Enter on `bin`: open its incidents."""

        bin: Bin

    def __init__(self, incidents=(), **kwargs) -> None:
        super().__init__(**kwargs)
        self.bins, self.unit = make_bins(incidents)
        self.cursor = max(range(len(self.bins)), key=lambda n: (len(self.bins[n].incidents), -n)) if self.bins else 0
        self._first_shown = 0  # the first bin drawn

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _: self.refresh())
        if self.bins:
            self.post_message(self.Moved(self.bins[self.cursor]))

    @property
    def current(self) -> Bin | None:
        return self.bins[self.cursor] if self.bins else None

    def _move_to(self, n: int) -> None:
        if not self.bins:
            return
        n = max(0, min(len(self.bins) - 1, n))
        if n != self.cursor:
            self.cursor = n
            self.refresh()
            self.post_message(self.Moved(self.bins[n]))

    def action_move(self, step: int) -> None:
        self._move_to(self.cursor + step)

    def action_busy(self, step: int) -> None:
        """To the next (or previous) bin with incidents."""
        n = self.cursor + step
        while 0 <= n < len(self.bins) and not self.bins[n].incidents:
            n += step
        if 0 <= n < len(self.bins):
            self._move_to(n)

    def action_edge(self, end: int) -> None:
        self._move_to(0 if end == 0 else len(self.bins) - 1)

    def action_choose(self) -> None:
        if self.bins:
            self.post_message(self.Chosen(self.bins[self.cursor]))

    def _column_width(self, width: int) -> int:
        return max(1, min(4, width // max(1, len(self.bins))))

    def render(self) -> Text:
        width, height = self.size.width, self.size.height
        out = Text(no_wrap=True, overflow="crop", end="")
        if not self.bins:
            out.append("No dated incidents to draw.", style="dim")
            return out
        style = lambda name: self.get_component_rich_style(name, partial=True)  # noqa: E731
        cw = self._column_width(width)
        visible = max(1, width // cw)
        if self.cursor < self._first_shown:
            self._first_shown = self.cursor
        elif self.cursor >= self._first_shown + visible:
            self._first_shown = self.cursor - visible + 1
        shown = self.bins[self._first_shown : self._first_shown + visible]
        cells = max(1, height - 4)  # rows for bars; then the cursor, the axis, the legend, the caption
        peak = max(len(b.incidents) for b in self.bins) or 1
        scale = cells / peak
        columns = [stack(b.counts(), cells, scale) for b in shown]
        bar = "█" * max(1, cw - 1) + (" " if cw > 1 else "")
        for row in range(cells - 1, -1, -1):
            for k, column in enumerate(columns):
                if row < len(column):
                    cell_style = style(f"timeline--{column[row]}")
                    out.append(bar, style=cell_style)
                else:
                    out.append(" " * cw)
            out.append("\n")
        cursor_at = self.cursor - self._first_shown
        out.append(" " * (cursor_at * cw) + "▲" + " " * (width - cursor_at * cw - 1) + "\n", style=style("timeline--cursor"))
        out.append_text(self._axis(shown, cw, width, style("timeline--axis")))
        out.append("\n")
        for t in TYPES:
            out.append("■ ", style=style(f"timeline--{t}"))
            out.append(f"{SHORT[t]}  ", style=style("timeline--axis"))
        out.append("\n")
        b = self.bins[self.cursor]
        counts = b.counts()
        what = ", ".join(f"{SHORT[t]} {counts[t]}" for t in TYPES if counts.get(t))
        out.append(f"{b.label}: {len(b.incidents)} incident{'s' if len(b.incidents) != 1 else ''}", style="bold")
        out.append(f"  {what}" if what else "", style=style("timeline--axis"))
        return out

    def _axis(self, shown: list[Bin], cw: int, width: int, style) -> Text:
        """Years under their Januaries (months under their first weeks, for weeks); the
        first bin's too, when the next label is not right beside it."""
        line = [" "] * width
        labels = []
        for k, b in enumerate(shown):
            if self.unit == "month" and b.first.month == 1:
                labels.append((k * cw, str(b.first.year)))
            elif self.unit == "week" and b.first.day <= 7:
                labels.append((k * cw, b.first.strftime("%b")))
        first = str(shown[0].first.year) if self.unit == "month" else shown[0].first.strftime("%b")
        if shown and (not labels or labels[0][0] >= len(first) + 2):
            labels.insert(0, (0, first))
        free = 0
        for at, label in labels:
            if at >= free and at + len(label) <= width:
                line[at : at + len(label)] = label
                free = at + len(label) + 1
        return Text("".join(line), style=style)
