"""The help screen: every key, from the table of commands, as the user's keymap binds them."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ..commands import SCOPES, bindings, in_scope, keys_of, shown_keys


def key_table(keymap: dict[str, str] | None = None) -> Table:
    table = Table(box=None, show_header=False, padding=(0, 2), expand=True)
    table.add_column("key", style="bold", no_wrap=True, width=18)
    table.add_column("what it does", ratio=1)
    table.add_column("id", style="dim", no_wrap=True)
    for scope, title in SCOPES.items():
        commands = [c for c in in_scope(scope) if c.keys]
        if not commands:
            continue
        table.add_row(Text(title.capitalize(), style="bold underline"), "", "")
        for c in commands:
            table.add_row(shown_keys(keys_of(c, keymap)), c.help, "" if c.built_in else c.id)
        table.add_row("", "", "")
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS = bindings("help")

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body") as body:
            body.border_title = "Keys"
            body.border_subtitle = "ids for keymap.yaml at the right"
            yield Static(key_table(getattr(self.app, "keymap", None)), id="help-table")

    def action_dismiss(self) -> None:
        self.dismiss()
