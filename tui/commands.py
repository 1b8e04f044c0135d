"""Every command of the app, once: its id, keys, what it does and where it works.

The table is ``commands.table`` beside this file (one row a command; its header
says what each column is). It gives the bindings of every screen and widget
(each with its `id`, so a keymap file can rebind it), the command palette's
entries, the help screen and the README's key table (``python3 -m
tui.commands`` prints it; tests/test_commands.py checks the README against it).
To add a key, add a row and the action it names; nothing else lists keys.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

TABLE = Path(__file__).with_name("commands.table")

# Where a command works, in the order the help lists them.
SCOPES = {
    "app": "everywhere",
    "main": "main screen",
    "search-input": "search input",
    "lists": "lists",
    "results": "results",
    "copies": "copies of a result",
    "incidents": "incidents",
    "filters": "filters",
    "sources": "sources panel",
    "reader": "reader",
    "bookmarks": "bookmarks screen",
    "incident": "incident page",
    "timeline": "timeline",
    "map": "map",
    "chart": "timeline and map screens",
    "help": "help",
    "edit": "note and tags editor",
}


@dataclass(frozen=True)
class Command:
    id: str  # the binding id: what a keymap file names to rebind it
    keys: str  # Textual key names, comma-separated
    action: str  # the action it runs, on the screen or widget of its scope
    description: str  # short, for the footer
    help: str  # one line, for the help screen, the palette and the README
    scope: str  # one of SCOPES
    show: bool = True  # in the footer
    palette: str | None = None  # its title in the command palette, if it is offered there
    palette_action: str | None = None  # what the palette runs on the main screen (default: `action`)
    built_in: bool = False  # Textual's own key: listed in the help, bound by Textual


def read_table(text: str) -> tuple[Command, ...]:
    """The commands of a table in the shape of ``commands.table``."""
    commands = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = [cell.strip() for cell in line.split(" | ")]
        if len(cells) != 7:
            raise ValueError(f"{TABLE.name}, line {number}: expected 7 columns, found {len(cells)}")
        command_id, keys, action, scope, flag_text, footer, help_text = cells
        flags = dict(f.partition("=")[::2] for f in flag_text.split(",") if f and f != "-")
        if scope not in SCOPES or set(flags) - {"hidden", "built-in", "palette", "palette-action"}:
            raise ValueError(f"{TABLE.name}, line {number}: unknown scope or flag")
        commands.append(
            Command(
                command_id, "" if keys == "-" else keys, action, footer, help_text, scope, show="hidden" not in flags,
                palette=flags.get("palette"), palette_action=flags.get("palette-action"), built_in="built-in" in flags,
            )  # fmt: skip
        )
    return tuple(commands)


COMMANDS: tuple[Command, ...] = read_table(TABLE.read_text(encoding="utf-8"))
BY_ID = {c.id: c for c in COMMANDS}
assert len(BY_ID) == len(COMMANDS), "two commands share an id"


def bindings(scope: str) -> list:
    """The Textual bindings of `scope` (its commands' ids kept, so a keymap can rebind them)."""
    from textual.binding import Binding

    return [
        Binding(c.keys, c.action, c.description, show=c.show, id=c.id, tooltip=c.help)
        for c in COMMANDS
        if c.scope == scope and c.keys and not c.built_in
    ]


def in_scope(scope: str) -> list[Command]:
    return [c for c in COMMANDS if c.scope == scope]


KEY_NAMES = {"slash": "/", "question_mark": "?", "escape": "Esc", "enter": "Enter", "tab": "Tab", "shift+tab": "Shift+Tab", "ctrl+p": "Ctrl+P", "down": "↓", "up": "↑", "home": "Home", "end": "End"}


def shown_keys(keys: str) -> str:
    """Key names as a person reads them: "slash" is /, "escape,B" is Esc / B."""
    return " / ".join(KEY_NAMES.get(k.strip(), k.strip()) for k in keys.split(",") if k.strip())


def keys_of(command: Command, keymap: dict[str, str] | None = None) -> str:
    """The command's keys now: from the user's keymap if it rebinds it."""
    return (keymap or {}).get(command.id) or command.keys


def markdown_table() -> str:
    """The README's key table (default keys; a keymap may change them)."""
    rows = ["| key | where | what it does | id |", "|---|---|---|---|"]
    for scope in SCOPES:
        for c in in_scope(scope):
            if c.keys:
                keys = " ".join(f"`{k}`" for k in shown_keys(c.keys).split(" / "))
                rows.append(f"| {keys} | {SCOPES[scope]} | {c.help} | `{c.id}` |")
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    sys.stdout.write(markdown_table())
