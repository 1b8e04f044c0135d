"""The border of the pane that holds the focus, in the theme's primary colour.

Drawn with an inline style on that pane alone. The CSS way, `.pane:focus-within`,
makes Textual restyle every widget inside the pane that gains the focus and inside
the one that loses it, on each focus change: when Enter opened an article, the
reader's passages and the search pane's widgets (13 ms for 17 widgets, before the
article's first frame), more for a longer article. A border's colour changes no
size: only the two panes are painted again.

A screen that draws its focus so also declares `focused = focus_without_repaint()`:
Textual's own `Screen.focused` repaints the whole screen on each change, which on
Enter → article was a full frame of every widget on top of the two panes' own. The
widgets gaining and losing the focus repaint themselves (`Widget._on_focus`,
`_on_blur`), as do the panes whose border changes.
"""

from __future__ import annotations

from textual.color import Color
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget

EDGES = ("border_top", "border_right", "border_bottom", "border_left")


def focus_without_repaint() -> Reactive:
    """`Screen.focused` as it is, less the repaint of the whole screen when it changes."""
    return Reactive(None, repaint=False)


def highlight_focused_pane(screen: Screen) -> None:
    """From now on, draw the border of the `.pane` of `screen` holding its focus in `$primary`."""
    lit: list[Widget] = []  # the pane drawn so, if any

    def pane_of(widget: Widget | None) -> Widget | None:
        return next((w for w in widget.ancestors_with_self if w.has_class("pane")), None) if widget else None

    def paint(focused: Widget | None) -> None:
        pane = pane_of(focused)
        if lit and lit[0] is not pane:
            old = lit.pop()
            for edge in EDGES:
                old.styles.clear_rule(edge)  # back to its CSS border
            old.refresh()
        if pane is not None:
            pane.styles.border = ("round", Color.parse(screen.app.theme_variables["primary"]))
            lit[:] = [pane]

    screen.watch(screen, "focused", paint)  # and now, for the widget focused already
    screen.app.theme_changed_signal.subscribe(screen, lambda _: screen.call_after_refresh(lambda: paint(screen.focused)))
