"""The deconflict-tui app: the corpus index, the bookmarks file and the keymap; its screens show them.

The main screen (`screens.main`) holds the panes and their work; the app holds
what every screen shares (attributes the screens read), the command palette's
entries and the help, both from the table of commands (`commands`).

With a `database`, the index is the team's shared archive (`index.postgres`) and
the bookmarks are its; the main screen watches that server (see `screens.main`).

Whoosh, the corpus layer and YAML are imported on first use, in workers, once
the first frame is up: importing them took longer than Textual itself.
"""

from __future__ import annotations

import gc
import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import App, SystemCommand

from .commands import COMMANDS, bindings
from .messages import OpenArticle
from .screens.help import HelpScreen
from .screens.main import MainScreen

if TYPE_CHECKING:
    from corpus.bookmarks import BookmarkStore
    from index import CorpusIndex


class DeconflictApp(App):
    CSS_PATH = "app.tcss"
    TITLE = "deconflict-tui"
    BINDINGS = bindings("app")

    def __init__(
        self,
        corpus_dir: Path,
        bookmarks_path: Path | None = None,
        index_dir: Path | None = None,
        keymap_path: Path | None = None,
        database: str | None = None,
        user: str | None = None,
    ) -> None:
        super().__init__()
        self.corpus_dir = Path(corpus_dir)
        self.database = database  # a shared archive's connection string: the archive, not the folder's index
        self.user = user
        self._index_dir = index_dir
        self._bookmarks_path = bookmarks_path
        self._keymap_path = keymap_path
        self._index: CorpusIndex | None = None
        self._store: BookmarkStore | None = None
        self._index_lock = threading.Lock()
        self._store_lock = threading.Lock()
        self._index_child = None  # the process building the index, while it runs
        self._heap_settled = False  # gc.freeze() done once start-up work ended
        self._imports_frozen = False  # gc.freeze() done when a long build began
        self.keymap: dict[str, str] = {}  # the user's: binding id -> keys
        self.bookmarks_writable = True
        self.ready = False  # the index can be searched
        self.sub_title = "archive" if database else self.corpus_dir.name

    def get_default_screen(self) -> MainScreen:
        self.main_screen = MainScreen()
        return self.main_screen

    @on(OpenArticle)
    def _open_article(self, event: OpenArticle) -> None:
        """An article asked for from another screen (a bookmark's passage, an incident's report):
        the main screen opens it, brought back to the top (the timeline or map may lie between)."""
        while len(self.screen_stack) > 1 and self.screen is not self.main_screen and not self.screen.is_modal:
            self.pop_screen()
        self.main_screen.load_article(event)

    @property
    def index(self) -> CorpusIndex:
        """The corpus index; whoosh is imported on first use (a worker's, normally)."""
        with self._index_lock:
            if self._index is None:
                from index.backend import open_backend

                self._index = open_backend(self.corpus_dir, self.database, self._index_dir, self.user)
            return self._index

    @property
    def store(self) -> BookmarkStore:
        with self._store_lock:
            if self._store is None:
                if self.database:
                    from index.postgres.bookmarks import ArchiveBookmarks

                    self._store = ArchiveBookmarks(self.index, self.index.user)
                else:
                    from corpus.bookmarks import BookmarkStore, default_bookmarks_path

                    self._store = BookmarkStore(self._bookmarks_path or default_bookmarks_path())
            return self._store

    def on_ready(self) -> None:
        # After the first frame: reading a keymap imports YAML, which took longer than Textual.
        self._apply_keymap()
        screen = self.screen
        if isinstance(screen, MainScreen):
            screen.start()

    def _apply_keymap(self) -> None:
        from .keymap import keymap_path, load_keymap

        path = self._keymap_path or keymap_path()
        if not path.is_file():
            return
        self.keymap, problems = load_keymap(path)
        if self.keymap:
            self.set_keymap(self.keymap)
        for problem in problems:
            self.notify(problem, title="Keymap", severity="warning", timeout=15)

    def child_started(self, child) -> None:
        """The process building the index (None once it has ended): killed if the app quits first."""
        self._index_child = child

    def on_unmount(self) -> None:
        if self._heap_settled or self._imports_frozen:
            gc.unfreeze()  # another app in this process (tests) may collect it again
        child = self._index_child
        if child is not None and child.poll() is None:
            from index.lifeline import kill_tree

            kill_tree(child)  # its half-made index is found and rebuilt next time

    def freeze_imports(self) -> None:
        """A long build has begun: set aside what is there already (Textual, Whoosh and
        the corpus layer, imported by now), without the collection `settle_heap` makes
        first (the build is running: this must cost nothing). Until start-up work ends,
        a full collection walked it all, a 30 ms stall in the middle of the progress."""
        if not self._heap_settled and not self._imports_frozen:
            self._imports_frozen = True
            gc.freeze()

    def settle_heap(self) -> None:
        """Start-up work is done: set aside what lives as long as the app.

        Python's full collections walk every object the app holds (Textual,
        Whoosh, the index's tables): ≈65 ms at 10,000 articles, about once per
        query typed and article opened, and one landing in an Enter doubled the
        time to show the article. Frozen objects are skipped by the collector;
        what is freed later still goes by reference counting. One collection
        first, so no garbage is kept for good.
        """
        if not self._heap_settled:
            self._heap_settled = True
            gc.collect()
            gc.freeze()

    def notify(self, message: str, *, markup: bool = False, **kwargs) -> None:
        """Messages here quote file names and article text: never read them as markup."""
        super().notify(message, markup=markup, **kwargs)

    @staticmethod
    def shown_path(path: Path | str) -> str:
        """A path as the user reads it: their home folder as ~."""
        home = os.path.expanduser("~")
        text = str(path)
        return "~" + text[len(home) :] if home not in ("", "/") and text.startswith(home + os.sep) else text

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    # -- exports (from the palette) ---------------------------------------------

    def action_export_bookmarks_as(self, fmt: str) -> None:
        self.export_bookmarks_as(fmt)

    @work(thread=True, group="export")
    def export_bookmarks_as(self, fmt: str) -> None:
        from corpus.bookmarks import BookmarksError

        from .exporting import write_bookmarks

        try:
            target, count = write_bookmarks(self.store, fmt)
        except (BookmarksError, OSError) as exc:
            self.call_from_thread(self.notify, f"Export failed: {exc}", severity="error", timeout=10)
            return
        self.call_from_thread(self.notify, f"{count} bookmarks written to {self.shown_path(target)}", title="Export", timeout=6)

    def action_export_incidents(self, fmt: str) -> None:
        if not self.ready:
            self.notify("The index is not ready yet: export the incidents once it is.", severity="warning", timeout=4)
            return
        self.export_incidents(fmt)

    @work(thread=True, group="export")
    def export_incidents(self, fmt: str) -> None:
        from .exporting import write_incidents

        try:
            target, count, unplaced = write_incidents(self.index, Path(self.store.path).parent, fmt)
        except OSError as exc:
            self.call_from_thread(self.notify, f"Export failed: {exc.strerror or exc}: {exc.filename or ''}", severity="error", timeout=10)
            return
        left_out = f"\n{unplaced} name no place with coordinates: left out" if unplaced else ""
        self.call_from_thread(self.notify, f"{count} incidents written to {self.shown_path(target)}{left_out}", title="Export", timeout=6)

    def get_system_commands(self, screen):
        yield from super().get_system_commands(screen)
        for command in COMMANDS:
            if command.palette is None:
                continue
            if command.scope == "app":
                yield SystemCommand(command.palette, command.help, lambda c=command: self.run_action(c.action))
            elif isinstance(screen, MainScreen):
                action = command.palette_action or command.action
                yield SystemCommand(command.palette, command.help, lambda a=action, s=screen: s.run_action(a))
