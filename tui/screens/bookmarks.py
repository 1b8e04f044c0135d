"""The bookmarks screen: the list, jump to a passage, edit note and tags, delete with undo, export.

Every bookmark is shown, including those whose passage can no longer be found
in its article (orphaned): they are kept, never dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Header, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from corpus.bookmarks import Bookmark, BookmarksError, BookmarkStore, export_markdown, locate
from corpus.files import replace_file

from ..commands import bindings
from ..highlight import safe
from ..messages import Notice, OpenArticle
from ..widgets.footer import Footer
from ..widgets.lists import VimList


@dataclass
class BookmarksLoaded(Message):
    """The bookmarks read, each with where its passage is now; or why the file could not be read."""

    bookmarks: list
    locations: dict
    error: str | None = None


class EditScreen(ModalScreen[str | None]):
    """One line of text to edit: Enter keeps it, Escape cancels."""

    BINDINGS = bindings("edit")

    def __init__(self, label: str, value: str) -> None:
        super().__init__()
        self.label, self.value = label, value

    def compose(self) -> ComposeResult:
        with Vertical(id="edit-box"):
            yield Label(self.label, markup=False)
            yield Input(self.value, id="edit-input")

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class BookmarkList(VimList):
    pass


class BookmarksScreen(Screen[None]):
    BINDINGS = bindings("bookmarks")

    def __init__(self, store: BookmarkStore, index, export: bool = False) -> None:
        super().__init__()
        self.store = store
        self.index = index
        self.bookmarks: list[Bookmark] = []
        self.locations: dict[str, object] = {}
        self.deleted: list[Bookmark] = []
        self._export_on_load = export

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="bookmarks-status")
        yield BookmarkList(id="bookmark-list")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(BookmarkList).border_title = f"Bookmarks · {self.app.shown_path(self.store.path)}"
        self.query_one(BookmarkList).focus()
        self.reload()

    @work(thread=True, exclusive=True, group="bookmarks-load")
    def reload(self) -> None:
        try:
            bookmarks = self.store.load()
        except BookmarksError as exc:
            self.post_message(BookmarksLoaded([], {}, str(exc)))
            return
        locations = {}
        articles = {}
        for b in bookmarks:
            if b.article not in articles:
                try:
                    articles[b.article] = self.index.load_article(b.article)
                except Exception:
                    articles[b.article] = None
            locations[b.id] = locate(b, articles[b.article])
        self.post_message(BookmarksLoaded(bookmarks, locations))

    @on(Notice)
    def _notice(self, notice: Notice) -> None:
        self.app.notify(notice.message, title=notice.title, severity=notice.severity, timeout=notice.timeout)

    @on(BookmarksLoaded)
    def _show(self, event: BookmarksLoaded) -> None:
        if event.error:
            self.query_one("#bookmarks-status", Static).update(Text(event.error, style="bold"))
            return
        bookmarks, locations = event.bookmarks, event.locations
        self.bookmarks, self.locations = bookmarks, locations
        listing = self.query_one(BookmarkList)
        highlighted = listing.highlighted
        listing.clear_options()
        listing.add_options([Option(self._prompt(b), id=f"bm-{i}") for i, b in enumerate(bookmarks)])
        if bookmarks:
            listing.highlighted = min(highlighted or 0, len(bookmarks) - 1)
        orphaned = sum(1 for loc in locations.values() if loc.status == "orphaned")
        status = f"{len(bookmarks)} bookmarks"
        if orphaned:
            status += f", {orphaned} orphaned (their passage is no longer in the article; kept)"
        self.query_one("#bookmarks-status", Static).update(Text(status, style="dim"))
        if self._export_on_load:
            self._export_on_load = False
            self.action_export()

    def _prompt(self, b: Bookmark) -> Text:
        loc = self.locations.get(b.id)
        text = Text(safe(b.text if len(b.text) <= 300 else b.text[:297] + "…"), end="")
        meta = f"\n{b.published} · {b.outlet or 'unknown outlet'} · {b.title} ({b.article})"
        if b.extra.get("author"):  # the archive's bookmarks are everyone's
            meta += f" · by {b.extra['author']}"
        text.append(safe(meta), style="dim")
        if b.note:
            text.append("\nnote: ", style="bold")
            text.append(safe(b.note))
        if b.tags:
            text.append("\ntags: " + safe(", ".join(b.tags)), style="italic")
        if loc is not None and loc.status == "orphaned":
            text.append("\norphaned: the passage is no longer in the article", style="bold reverse")
        return text

    def _current(self) -> Bookmark | None:
        index = self.query_one(BookmarkList).highlighted
        return self.bookmarks[index] if index is not None and index < len(self.bookmarks) else None

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_jump()

    def action_jump(self) -> None:
        b = self._current()
        if b is None:
            return
        loc = self.locations.get(b.id)
        if loc is None or loc.status == "orphaned":
            self.notify("That passage can no longer be found in its article.", severity="warning")
            return
        self.dismiss()
        self.app.post_message(OpenArticle(b.article, mark=(loc.start, loc.end)))

    def action_edit_note(self) -> None:
        b = self._current()
        if b is not None:
            self.app.push_screen(EditScreen(f"Note for “{b.text[:60]}”", b.note), lambda v: self._save(b, note=v))

    def action_edit_tags(self) -> None:
        b = self._current()
        if b is not None:
            self.app.push_screen(
                EditScreen("Tags, separated by commas", ", ".join(b.tags)),
                lambda v: self._save(b, tags=None if v is None else [t.strip() for t in v.split(",") if t.strip()]),
            )

    def _save(self, b: Bookmark, note: str | None = None, tags: list[str] | None = None) -> None:
        if note is None and tags is None:
            return
        self.write(lambda: self.store.update(b.id, note=note, tags=tags), "Saved.")

    def action_delete(self) -> None:
        b = self._current()
        if b is None:
            return

        def delete():
            removed = self.store.remove(b.id)
            self.deleted.append(b)
            return removed

        self.write(delete, "Deleted. Press u to undo.")

    def action_undo(self) -> None:
        if not self.deleted:
            self.notify("Nothing to undo.", timeout=2)
            return
        b = self.deleted.pop()
        self.write(lambda: self.store.add(b), "Restored.")

    @work(thread=True, group="bookmarks-write")
    def write(self, change, done: str) -> None:
        try:
            change()
        except BookmarksError as exc:
            self.post_message(Notice(str(exc), "Not saved", "error", 10))
            return
        self.post_message(Notice(done, timeout=3))
        self.reload()

    def action_export(self) -> None:
        self.export_markdown()

    @work(thread=True, group="bookmarks-write")
    def export_markdown(self) -> None:
        target = getattr(self.store, "export_path", None) or Path(self.store.path).with_suffix(".md")
        try:
            replace_file(target, export_markdown(self.store.load()).encode("utf-8"))
        except (BookmarksError, OSError) as exc:
            self.post_message(Notice(f"Export failed: {exc}", severity="error"))
            return
        self.post_message(Notice(f"Exported to {self.app.shown_path(target)}", "Export", timeout=6))

    def action_close(self) -> None:
        self.dismiss()
