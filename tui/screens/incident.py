"""The incident page: one event, every report of it side by side with what each side claimed.

The reports (outlet, date, the evidence passage with its quotes and speakers lit
as in the reader) are listed on the left; Enter opens one in the reader at its
passage. On the right, the quotes of the reports grouped by the side of who
said them: Moscow's account beside the Pentagon's. The reporting articles are
read and analysed in a worker (the analyses are kept by the index).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from ..commands import bindings
from ..highlight import safe, styled
from ..messages import OpenArticle
from ..widgets.footer import Footer
from ..widgets.incident_list import shown_date, shown_sides
from ..widgets.lists import VimList


@dataclass
class IncidentRead(Message):
    """The reporting articles read: article id -> (Article, Analysis); and the claims by side."""

    readings: dict
    claims: dict


class ReportList(VimList):
    """The reports of the incident, each with its passage."""

    COMPONENT_CLASSES = {"reports--meta", "reports--quote", "reports--speaker"}


class IncidentScreen(Screen[None]):
    BINDINGS = bindings("incident")

    def __init__(self, incident, index) -> None:
        super().__init__()
        self.incident = incident
        self.index = index
        self.readings: dict = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(self._header(), id="incident-header")
        with Horizontal(id="incident-body"):
            yield ReportList(id="reports")
            with VerticalScroll(id="claims"):
                yield Static(Text("Reading the reports…", style="dim"), id="claims-text")
        yield Footer()

    def on_mount(self) -> None:
        reports = self.query_one(ReportList)
        n, outlets = len(self.incident.reports), len(self.incident.outlets)
        reports.border_title = f"Reports · {n} from {outlets} outlet{'s' if outlets != 1 else ''}"
        self.query_one("#claims").border_title = "What each side claimed"
        self._list_reports()
        reports.focus()
        self.read_reports()

    def _header(self) -> Text:
        i = self.incident
        from corpus.incidents import TYPE_LABELS

        header = Text(end="")
        header.append(TYPE_LABELS.get(i.type, i.type), style="bold")
        precision = "" if i.date.precision in ("unknown", "day") else f" ({i.date.precision})"
        where = f" · {safe(i.place)}" if i.place else ""
        header.append(f" · {shown_date(i)}{precision}{where}")
        if i.date_from == "publication date":
            header.append("  dated by publication: the reports give no date of their own", style="dim italic")
        sides = shown_sides(i)
        if sides:
            header.append(f"\n{safe(sides)}", style="bold")
        header.append("\n" + safe(i.title))
        return header

    @work(thread=True, exclusive=True, group="incident")
    def read_reports(self) -> None:
        from corpus.incidents.claims import claims

        readings: dict = {}
        for article_id in self.incident.article_ids:
            article = self.index.article_or_none(article_id)  # the file may have gone since it was indexed
            if article is not None:
                readings[article_id] = (article, self.index.analyze(article))
        self.post_message(IncidentRead(readings, claims(self.incident, readings.get)))

    @on(IncidentRead)
    def _read(self, event: IncidentRead) -> None:
        self.readings = event.readings
        self._list_reports()
        self._show_claims(event.claims)

    def _list_reports(self) -> None:
        listing = self.query_one(ReportList)
        style = lambda name: listing.get_component_rich_style(name, partial=True)  # noqa: E731
        highlighted = listing.highlighted
        listing.clear_options()
        options = []
        for n, report in enumerate(self.incident.reports):
            read = self.readings.get(report.article_id)
            prompt = Text(end="")
            prompt.append(safe(report.outlet or "unknown outlet"), style="bold")
            title = read[0].title if read else report.article_id
            prompt.append(f" · {report.date}  {safe(title)}", style=style("reports--meta"))
            if read is not None:
                article, analysis = read
                quotes = [(q.start, q.end) for q in analysis.quotes if q.kind == "quote"]
                speakers = [tuple(q.speaker_span) for q in analysis.quotes if q.speaker_span]
                passage = styled(article.text, report.start, report.end, [(quotes, style("reports--quote")), (speakers, style("reports--speaker"))])
                prompt.append("\n")
                prompt.append_text(passage)
            options.append(Option(prompt, id=f"report-{n}"))
        listing.add_options(options)
        if options:
            listing.highlighted = min(highlighted or 0, len(options) - 1)

    def _show_claims(self, by_side: dict) -> None:
        text = Text(end="")
        if not by_side:
            text.append("The reports quote no one on it.", style="dim")
        for side, found in by_side.items():
            text.append(f"{safe(side)}\n", style="bold underline")
            for claim in found:
                who = claim.speaker or "unattributed"
                text.append(f"{safe(who)}", style="bold")
                text.append(f" ({safe(claim.outlet or claim.article_id)}): ", style="dim")
                text.append(f"“{safe(claim.text)}”\n")
            text.append("\n")
        self.query_one("#claims-text", Static).update(text)

    @on(OptionList.OptionSelected, "#reports")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open_report()

    def action_open_report(self) -> None:
        index = self.query_one(ReportList).highlighted
        if index is None:
            return
        report = self.incident.reports[index]
        self.dismiss()
        self.app.post_message(OpenArticle(report.article_id, mark=(report.start, report.end)))

    def action_close(self) -> None:
        self.dismiss()
