"""The footer: the focused pane's keys, drawn as one line by one widget.

Textual's footer is a container of one widget a key, recomposed (every key removed
and mounted again) on each bindings update: each focus change, each widget mounted
or removed. Mounting them made the whole screen lay out and draw again after the
frame that showed an article: 30-70 ms between the reader being drawn and the app
being idle, that a key pressed meanwhile waited for. This footer is one widget of
a fixed size; a change of keys only paints its line again.

It looks like Textual's (the same theme variables), a click on a key presses it,
a disabled key is dim and rings the bell, and the command palette's key stands at
the right. Keys that do not fit are cut at the right, as Textual's are.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget


class Footer(Widget, can_focus=False):
    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"footer--key", "footer--description", "footer--separator"}
    DEFAULT_CSS = """
    Footer {
        dock: bottom;
        height: 1;
        width: 1fr;
        color: $footer-foreground;
        background: $footer-background;
        .footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .footer--separator {
            color: $foreground 20%;
        }
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._keys: tuple[tuple[str, str, str, bool], ...] = ()  # (key, display, description, enabled)
        self._palette: tuple[str, str, str, bool] | None = None
        self._regions: list[tuple[int, int, str, bool]] = []  # (start, end, key, enabled) as last drawn

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self.call_after_refresh(self._update_keys)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self.call_after_refresh(self._update_keys)

    def _update_keys(self) -> None:
        if not self.is_attached:
            return
        app, active = self.app, self.screen.active_bindings
        keys, seen = [], set()
        for _, binding, enabled, _ in active.values():
            if binding.show and binding.action not in seen:  # one key an action, as Textual's footer
                seen.add(binding.action)
                keys.append((binding.key, app.get_key_display(binding), binding.description, enabled))
        palette = None
        if app.ENABLE_COMMAND_PALETTE and app.COMMAND_PALETTE_BINDING in active:
            _, binding, enabled, _ = active[app.COMMAND_PALETTE_BINDING]
            palette = (binding.key, app.get_key_display(binding), binding.description, enabled)
        if (tuple(keys), palette) != (self._keys, self._palette):
            self._keys, self._palette = tuple(keys), palette
            self.refresh()

    @property
    def shown(self) -> list[tuple[str, str]]:
        """(key display, description) of each key drawn, left to right, the palette's last."""
        return [(display, description) for _, display, description, _ in self._keys] + (
            [self._palette[1:3]] if self._palette else []
        )

    def render(self) -> Text:
        width = self.size.width
        key_style = self.get_component_rich_style("footer--key", partial=True)
        description_style = self.get_component_rich_style("footer--description", partial=True)
        dim = Style(dim=True)
        right = Text(end="")
        if self._palette is not None:
            _, display, description, enabled = self._palette
            right.append("▏", self.get_component_rich_style("footer--separator"))  # its colour blended, as a border's
            right.append(display, key_style + (dim if not enabled else Style()))
            right.append(f" {description}", description_style + (dim if not enabled else Style()))
            right.append(" ")
        room = max(0, width - right.cell_len)
        line = Text(end="", no_wrap=True, overflow="crop")
        regions = []
        for key, display, description, enabled in self._keys:
            start = line.cell_len
            if start >= room:
                break
            extra = dim if not enabled else Style()
            line.append(f" {display} ", key_style + extra)
            if description:
                line.append(f"{description} ", description_style + extra)
            regions.append((start, min(line.cell_len, room), key, enabled))
        line.truncate(room, pad=True)
        if right:
            start = width - right.cell_len
            regions.append((start, width, self._palette[0], self._palette[3]))
            line.append_text(right)
        self._regions = regions
        return line

    def on_click(self, event: events.Click) -> None:
        for start, end, key, enabled in self._regions:
            if start <= event.x < end:
                event.stop()
                if enabled:
                    self.app.simulate_key(key)
                else:
                    self.app.bell()
                return
