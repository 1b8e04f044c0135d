"""The table of commands is the one list of keys: bindings, palette, help and README come from it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tui.commands import BY_ID, COMMANDS, SCOPES, markdown_table
from tui.keymap import load_keymap

README = Path(__file__).resolve().parents[1] / "README.md"


def test_the_readme_key_table_is_the_generated_one():
    text = README.read_text(encoding="utf-8")
    found = re.search(r"<!-- keys:[^>]*-->\n(.*?)<!-- /keys -->", text, re.S)
    assert found, "the README has no generated key table"
    assert found.group(1) == markdown_table(), "run python3 -m tui.commands and paste its table into the README"


def test_every_command_has_an_id_a_scope_and_help():
    assert len(BY_ID) == len(COMMANDS)
    for command in COMMANDS:
        assert re.fullmatch(r"[a-z]+(?:-[a-z]+)*", command.id), command.id
        assert command.scope in SCOPES and command.help and command.description


def test_every_binding_of_the_app_comes_from_the_table():
    """No widget or screen writes a Binding of its own: each one's id is a command's."""
    from textual.binding import Binding

    import tui.app
    import tui.screens.bookmarks
    import tui.screens.copies
    import tui.screens.help
    import tui.screens.incident
    import tui.widgets.incident_list
    import tui.widgets.lists
    import tui.widgets.reader
    import tui.screens.chart
    import tui.widgets.filter_pane
    import tui.widgets.map_view
    import tui.widgets.search_pane
    import tui.widgets.timeline
    from tui.screens.main import MainScreen

    classes = [
        tui.app.DeconflictApp, MainScreen, tui.screens.help.HelpScreen, tui.screens.bookmarks.BookmarksScreen,
        tui.screens.bookmarks.EditScreen, tui.widgets.search_pane.SearchInput, tui.widgets.search_pane.ResultsList,
        tui.widgets.reader.ArticleView, tui.widgets.reader.SourcesList, tui.widgets.incident_list.IncidentList,
        tui.widgets.lists.VimList, tui.screens.incident.IncidentScreen, tui.screens.incident.ReportList,
        tui.screens.copies.CopyList,
        tui.widgets.filter_pane.FilterPane, tui.widgets.timeline.Timeline, tui.widgets.map_view.MapView,
        tui.screens.chart.ChartScreen,
    ]  # fmt: skip
    seen = set()
    for cls in classes:
        for binding in cls.__dict__.get("BINDINGS", []):
            assert isinstance(binding, Binding) and binding.id in BY_ID, (cls.__name__, binding)
            command = BY_ID[binding.id]
            assert (binding.key, binding.action, binding.tooltip) == (command.keys, command.action, command.help)
            seen.add(binding.id)
    assert seen == {c.id for c in COMMANDS if c.keys and not c.built_in}


def test_a_keymap_file_rebinds_by_id_and_says_what_it_cannot(tmp_path):
    path = tmp_path / "keymap.yaml"
    path.write_text("bookmark: m\nnext-quote: n, right\nno-such-thing: x\nquit: 3\npalette: ctrl+k\n", encoding="utf-8")
    keymap, problems = load_keymap(path)
    assert keymap == {"bookmark": "m", "next-quote": "n,right"}
    assert problems == [
        f"{path}, line 3: no command 'no-such-thing' to rebind (the help lists the ids)",
        f"{path}, line 4: the keys of 'quit' should be text, as 'm' or 'n,right'",
        f"{path}, line 5: no command 'palette' to rebind (the help lists the ids)",
    ]


@pytest.mark.parametrize("text", ["bookmark: [m\n", "- m\n"])
def test_a_broken_keymap_keeps_the_default_keys_and_names_the_line(tmp_path, text):
    path = tmp_path / "keymap.yaml"
    path.write_text(text, encoding="utf-8")
    keymap, [problem] = load_keymap(path)
    assert keymap == {} and problem.startswith(f"{path}, line ") and "default keys are used" in problem
