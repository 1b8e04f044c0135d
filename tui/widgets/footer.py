"""Textual's footer, recomposed only when the keys it would show change.

The stock footer recomposes (removes and mounts every key) on each bindings
update: every focus change, every widget mounted or removed. Opening an article
moved focus and mounted passages, and each recompose cost tens of milliseconds.

Each key the stock footer composes watches the footer's `compact` through
`data_bind`; Textual drops the watchers of removed keys only when `compact`
changes, so every recompose kept the old keys alive, with their styles and
caches (about 20 widgets per query typed and article opened). They are dropped
here after each recompose, and their rendered lines with them: a method cache
in Textual's StylesCache holds the last 1,024 widgets' caches, removed or not.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._shown: tuple | None = None

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        if not self.is_attached:
            return
        shown = tuple(
            (binding.key, binding.description, binding.action, enabled, tooltip)
            for _, binding, enabled, tooltip in self.screen.active_bindings.values()
            if binding.show or binding.action == "command_palette"
        )
        if shown != self._shown:
            self._shown = shown
            removed = list(self.children)
            await self.recompose()
            self._forget(removed)

    def _forget(self, removed: list) -> None:
        for key in removed:
            key._styles_cache.clear()
        watchers = getattr(self, "__watchers", {})  # where Textual's `watch` keeps them
        for pairs in watchers.values():
            pairs[:] = [(node, callback) for node, callback in pairs if not (node._closing or node._closed)]
