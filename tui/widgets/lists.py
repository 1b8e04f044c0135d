"""The lists of the app (results, incidents, sources, bookmarks): option lists that also move with j and k."""

from __future__ import annotations

from textual.widgets import OptionList

from ..commands import bindings


class VimList(OptionList):
    """An `OptionList` with the keys of the "lists" commands (j, k) beside the arrows."""

    BINDINGS = bindings("lists")
