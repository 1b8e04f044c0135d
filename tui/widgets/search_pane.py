"""The search pane: a query input over a list of results, searched as you type.

Every change of the input is posted up at once as `SearchPane.Search`; the app
runs one search at a time and keeps only the latest query waiting (no fixed
debounce delay, no pile-up of stale searches). A result that stands for a group
of copies says so ("+4 copies: Newsday, Yahoo, …"); `c` opens the group.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ..commands import bindings
from ..highlight import safe
from ..messages import OpenArticle
from .lists import VimList

if TYPE_CHECKING:
    from index import SearchHit, SearchResults

# Options listed at first: a 40-row screen shows three or four results.
PAGE = 10


class SearchInput(Input):
    BINDINGS = bindings("search-input")

    def action_leave(self) -> None:
        self.screen.query_one(ResultsList).focus()


class ResultsList(VimList):
    """Search results: title, outlet, date and a snippet with the hits marked.

    `hits` holds every result fetched; options are added a page at a time, as
    the cursor or the scroll position nears the end of those already listed.
    Past the last one fetched, while the query matches more (`total`), it posts
    `MoreWanted` and the app fetches the next hits (`extend`).
    """

    class MoreWanted(Message):
        """The cursor nears the end of the hits fetched; the query has more."""

        def __init__(self, offset: int, generation: int) -> None:
            super().__init__()
            self.offset = offset
            self.generation = generation

    BINDINGS = bindings("results")
    COMPONENT_CLASSES = {"results--hit", "results--meta", "results--title"}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.hits: tuple[SearchHit, ...] = ()
        self.total = 0  # how many the query matches: more than `hits` when not all are fetched
        self.generation = 0  # one per list shown: hits fetched for an older one are dropped
        self._asked = False  # MoreWanted posted, its hits not back yet
        self._styles: tuple = ()

    def on_mount(self) -> None:
        # Prompts hold styles read from the theme: build them again when it changes.
        self.app.theme_changed_signal.subscribe(self, lambda _: self.call_after_refresh(self.show, self.hits, self.total))

    def show(self, hits: tuple[SearchHit, ...], total: int | None = None) -> None:
        self.hits = hits
        self.total = len(hits) if total is None else max(total, len(hits))
        self.generation += 1
        self._asked = False
        highlighted = self.highlighted
        self._styles = tuple(self.get_component_rich_style(name, partial=True) for name in ("results--title", "results--meta", "results--hit"))
        self.clear_options()
        self._add_page(max(PAGE, (highlighted or 0) + 1))
        if hits:
            self.highlighted = 0 if highlighted is None else min(highlighted, len(hits) - 1)

    def _add_page(self, size: int = PAGE) -> None:
        """Add options for the next `size` hits: wrapping a result to measure it is the costly part."""
        shown = self.option_count
        if shown < len(self.hits):
            self.add_options([Option(self._prompt(hit, *self._styles), id=hit.article) for hit in self.hits[shown : shown + size]])

    def extend(self, hits: tuple[SearchHit, ...], generation: int) -> None:
        """Hits fetched after those listed (for list `generation`)."""
        if generation != self.generation:
            return
        self._asked = False
        known = {h.article for h in self.hits} | {c.article for h in self.hits for c in h.copies}
        fresh = tuple(h for h in hits if h.article not in known)
        if not fresh:  # the index changed under the query: nothing more to give
            self.total = len(self.hits)
            return
        self.hits += fresh
        if self.highlighted is not None and self.highlighted >= self.option_count - 3:
            self._add_page()

    def _near_the_end(self) -> None:
        if self.option_count < len(self.hits):
            self._add_page()
        elif len(self.hits) < self.total and not self._asked:
            self._asked = True
            self.post_message(self.MoreWanted(len(self.hits), self.generation))

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        if highlighted is not None and highlighted >= self.option_count - 3:
            self._near_the_end()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if new_value > old_value and new_value >= self.max_scroll_y - self.scrollable_content_region.height:
            self._near_the_end()

    def action_copies(self) -> None:
        hit = self.hits[self.highlighted] if self.highlighted is not None and self.highlighted < len(self.hits) else None
        if hit is None or not hit.copies:
            self.app.notify("This result has no copies in the corpus.", timeout=3)
            return
        from ..screens.copies import CopiesScreen

        self.app.push_screen(CopiesScreen(hit))

    def action_last(self) -> None:
        self._add_page(len(self.hits))
        super().action_last()

    @staticmethod
    def _prompt(hit: SearchHit, title_style, meta_style, hit_style) -> Text:
        from corpus.published import describe  # the index, hence the corpus layer, is loaded by now

        prompt = Text(end="")  # a Text's own style would be the whole row's: each part is styled apart
        prompt.append(safe(hit.title), style=title_style)
        source = describe(hit.published_from)
        date = f"{hit.published} ({source})" if source else hit.published
        note = len(prompt) + len(f"\n{hit.published} ")  # where "(from the url)" starts: it is in italics
        prompt.append(f"\n{date} · {safe(hit.outlet or 'unknown outlet')}", style=meta_style)
        if source:
            prompt.stylize("italic", note, note + len(source) + 2)
        if hit.copies:
            from index.hit import copies_line

            prompt.append(f" · {safe(copies_line(hit.copies))} (c)", style="bold")
        snippet = Text(safe(hit.snippet))
        for start, end in hit.snippet_spans:
            snippet.stylize(hit_style, start, end)
        prompt.append("\n")
        prompt.append_text(snippet)
        return prompt

    @on(OptionList.OptionSelected)
    def _open(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        hit = self.hits[event.option_index]
        self.post_message(OpenArticle(hit.article, hit.hits))


class SearchPane(Vertical):
    """Input, status line and results; posts `Search` on every change of the query."""

    class Search(Message):
        def __init__(self, query: str) -> None:
            super().__init__()
            self.query = query

    def compose(self) -> ComposeResult:
        yield SearchInput(placeholder="Search: words, \"phrases\", prefix*, field:value…", id="search-input")
        yield Static("", id="search-status")
        yield ResultsList(id="results")

    def on_mount(self) -> None:
        self.border_title = "Search"

    @on(Input.Changed, "#search-input")
    def _changed(self, event: Input.Changed) -> None:
        self.post_message(self.Search(event.value))

    @on(Input.Submitted, "#search-input")
    def _submitted(self, event: Input.Submitted) -> None:
        self.post_message(self.Search(event.value))
        self.query_one(ResultsList).focus()

    def show_results(self, results: SearchResults) -> None:
        self.query_one(ResultsList).show(results.hits, results.total)
        self._show_status(results)

    def show_more(self, results: SearchResults, generation: int) -> None:
        """The next hits of the query listed (`results` holds only those)."""
        self.query_one(ResultsList).extend(results.hits, generation)

    def _show_status(self, results: SearchResults) -> None:
        status = Text()
        if results.query.is_empty:
            status.append(f"{results.total} article{'s' if results.total != 1 else ''}, newest first", style="dim")
        else:
            n = results.total
            status.append(f"{n} article{'s' if n != 1 else ''}")
        if results.suggestion:
            status.append("  did you mean: ", style="dim")
            status.append(safe(results.suggestion), style="bold")
        for note in results.query.notes:
            status.append(f"\n{safe(note)}", style="italic dim")
        if results.timed_out:
            status.append("\nsearch stopped after 2 s: results are partial", style="italic")
        if results.filters:
            status.append("\nfiltered: ", style="dim")
            status.append(safe(", ".join(str(f) for f in results.filters)), style="bold")
            status.append("  (C clears)", style="dim")
        self.query_one("#search-status", Static).update(status)

    def show_status(self, message: str) -> None:
        self.query_one("#search-status", Static).update(Text(message, style="dim"))
