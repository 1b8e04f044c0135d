"""The copies of a search result: the same story in other outlets, one row each.

Opened with `c` on a result that has copies ("+4 copies: Newsday, Yahoo, …");
Enter opens the chosen article in the reader, Escape goes back to the results.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..commands import bindings
from ..highlight import safe
from ..messages import OpenArticle
from ..widgets.lists import VimList


class CopyList(VimList):
    """The copies, the result first: Enter opens one, Escape (or c again) closes the list."""

    BINDINGS = bindings("copies")

    def action_close(self) -> None:
        self.screen.dismiss()


class CopiesScreen(ModalScreen[None]):
    """The result `hit` and its copies; Enter opens one."""

    def __init__(self, hit) -> None:
        super().__init__()
        self.hit = hit
        self.rows = [(hit.article, hit.title, hit.outlet, hit.published, hit.hits)] + [(c.article, c.title, c.outlet, c.published, ()) for c in hit.copies]

    def compose(self) -> ComposeResult:
        with Vertical(id="copies-box") as box:
            box.border_title = f"{len(self.rows)} copies of one story"
            yield Static(Text("The same text in each, give or take a headline, a paragraph or a sentence.", style="dim"), id="copies-status")
            yield CopyList(*[Option(self._prompt(*row[:4]), id=f"copy-{n}") for n, row in enumerate(self.rows)], id="copy-list")

    def on_mount(self) -> None:
        self.query_one(CopyList).focus()

    @staticmethod
    def _prompt(article: str, title: str, outlet: str | None, published: str) -> Text:
        text = Text(safe(title or article), style="bold", end="")
        text.append(f"\n{safe(published or 'undated')} · {safe(outlet or 'unknown outlet')} · {safe(article)}", style="dim")
        return text

    @on(OptionList.OptionSelected)
    def _open(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        article, *_, hits = self.rows[event.option_index]
        self.dismiss()
        self.app.post_message(OpenArticle(article, hits))
