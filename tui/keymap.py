"""The user's keymap: ``keymap.yaml`` in their config folder rebinds commands by id.

    # $XDG_CONFIG_HOME/deconflict-tui/keymap.yaml
    bookmark: m            # b becomes m
    next-quote: n,right    # more than one key: comma-separated Textual key names

The ids are those of `tui.commands` (the help screen and the README list them).
A file that does not parse, or an id that is no command, is reported with the
file and the line, and the default keys stay.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs

from .commands import BY_ID

FILE_NAME = "keymap.yaml"


def keymap_path() -> Path:
    return Path(platformdirs.user_config_dir("deconflict-tui", appauthor=False)) / FILE_NAME


def load_keymap(path: Path | None = None) -> tuple[dict[str, str], list[str]]:
    """(binding id -> keys, problems) from the user's keymap file; ({}, []) when there is none."""
    from corpus import safe_yaml  # YAML is imported only when there is a keymap to read

    path = path or keymap_path()
    if not path.is_file():
        return {}, []
    try:
        node, data = safe_yaml.read_file(path)
    except safe_yaml.FileProblem as exc:
        return {}, [f"{exc}; the default keys are used"]
    if data is None:
        return {}, []
    if not isinstance(data, dict):
        return {}, [f"{path}, line {safe_yaml.line_of(node)}: expected a mapping of command ids to keys; the default keys are used"]
    keymap, problems = {}, []
    for key_node, value_node in node.value:
        name, keys = key_node.value, data.get(key_node.value)
        line = safe_yaml.line_of(key_node)
        command = BY_ID.get(str(name))
        if command is None or command.built_in:
            problems.append(f"{path}, line {line}: no command {name!r} to rebind (the help lists the ids)")
        elif not isinstance(keys, str) or not keys.strip():
            problems.append(f"{path}, line {safe_yaml.line_of(value_node)}: the keys of {name!r} should be text, as 'm' or 'n,right'")
        else:
            keymap[command.id] = ",".join(k.strip() for k in keys.split(",") if k.strip())
    return keymap, problems
