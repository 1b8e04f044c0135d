"""The help screen: every key, generated from the bindings themselves."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

# Where each group of keys applies, and the classes whose BINDINGS hold them.
SECTIONS = (
    ("Everywhere", ("tui.app:DeconflictApp",)),
    ("Search input", ("tui.widgets.search_pane:SearchInput",)),
    ("Results and incident lists", ("tui.widgets.search_pane:ResultsList",)),
    ("Reader", ("tui.widgets.reader:ArticleView",)),
    ("Bookmarks screen", ("tui.screens.bookmarks:BookmarksScreen",)),
)
BUILT_IN = (
    ("Everywhere", "tab / shift+tab", "Next / previous pane"),
    ("Everywhere", "ctrl+p", "Command palette"),
    ("Search input", "enter", "Search now and go to the results"),
)


def _resolve(path: str):
    import importlib

    module, name = path.split(":")
    return getattr(importlib.import_module(module), name)


def _key_names(binding: Binding) -> str:
    names = {"slash": "/", "question_mark": "?", "escape": "esc"}
    return " / ".join(names.get(k.strip(), k.strip()) for k in binding.key.split(","))


def key_table() -> Table:
    table = Table(box=None, show_header=False, padding=(0, 2), expand=True)
    table.add_column("key", style="bold", no_wrap=True, width=18)
    table.add_column("what it does", ratio=1)
    for section, classes in SECTIONS:
        table.add_row(Text(section, style="bold underline"), "")
        seen = set()
        for path in classes:
            for binding in _resolve(path).BINDINGS:
                if not isinstance(binding, Binding) or binding.key in seen:
                    continue
                seen.add(binding.key)
                table.add_row(_key_names(binding), binding.tooltip or binding.description)
        for where, keys, what in BUILT_IN:
            if where == section:
                table.add_row(keys, what)
        table.add_row("", "")
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close", tooltip="Close the help"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body") as body:
            body.border_title = "Keys"
            yield Static(key_table(), id="help-table")

    def action_dismiss(self) -> None:
        self.dismiss()
