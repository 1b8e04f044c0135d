"""The reader: one article, its quotes, speakers, sources and search hits lit up.

The text is shown passage by passage (paragraphs). A cursor moves over the
passages; `n`/`N` jump between quotes. Opening an article reuses passage widgets
mounted beforehand and hides those it does not need (mounting and removing
widgets are the costly part of showing one). Every span comes from the
corpus layer (`corpus.analysis`) or from the search hit: the reader computes none itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import reactive
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..commands import bindings
from ..highlight import safe, styled
from .lists import VimList

if TYPE_CHECKING:
    from corpus.article import Article

POOL = 32  # passages mounted before any article opens: more than nine in ten articles have fewer paragraphs


@dataclass(frozen=True)
class Passage:
    """What `b` bookmarks: a span of the article, and who said it if it is a quote."""

    start: int
    end: int
    speaker: str | None = None


class PassageView(Static):
    """One paragraph of the article."""

    ALLOW_SELECT = True

    def __init__(self, index: int, **kwargs) -> None:
        super().__init__(**kwargs)
        self.index = index


class ArticleView(VerticalScroll):
    """The scrolling text of the article, with the passage cursor."""

    BINDINGS = bindings("reader")

    def watch_has_focus(self, has_focus: bool) -> None:
        # Textual restyles a widget that gains or loses the focus with everything inside
        # it: here every passage of the pool (0.5-1 ms each on a 2-core machine). No style
        # of a passage depends on the reader's focus: restyle the reader alone.
        self.app.stylesheet.update_nodes([self], animate=True)

    def action_move(self, step: int) -> None:
        self.parent_reader.move_cursor(step)

    def action_quote(self, step: int) -> None:
        self.parent_reader.jump_quote(step)

    def action_toggle_boilerplate(self) -> None:
        self.parent_reader.toggle_boilerplate()

    def action_toggle_sources(self) -> None:
        self.parent_reader.toggle_sources()

    def action_edge(self, where: int) -> None:
        reader = self.parent_reader
        visible = reader.visible_indices()
        if visible:
            reader.set_cursor(visible[where])

    @property
    def parent_reader(self) -> "Reader":
        return self.query_ancestor(Reader)


class SourcesList(VimList):
    """Who is quoted and which outlets and offices are cited, with counts."""

    BINDINGS = bindings("sources")


class Reader(Vertical):
    """Header, text and sources of the open article."""

    COMPONENT_CLASSES = {
        "reader--quote",
        "reader--fragment",
        "reader--speaker",
        "reader--source",
        "reader--hit",
        "reader--mark",
        "reader--current",
    }

    show_boilerplate: reactive[bool] = reactive(False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.article: Article | None = None
        self.analysis = None
        self.hits: tuple[tuple[int, int], ...] = ()
        self.mark: tuple[int, int] | None = None
        self.cursor: int = 0
        self.quote_index: int | None = None
        self._quotes: list = []
        self._sources: list = []
        # One per paragraph of the article, in order, then the rest hidden: `fill_pool` mounts
        # POOL of them once the app is up, and a longer article adds its own. Mounting
        # passages as an article opens, or removing them, made the screen lay out and draw
        # again after the frame that showed the article (15-30 ms before a key pressed
        # meanwhile was read).
        self._pool: list[PassageView] = []
        self._shown = 0  # how many of the pool show a paragraph

    def compose(self) -> ComposeResult:
        yield Static(Text("Open an article from the search results or the incident list.", style="dim"), id="reader-header")
        with Horizontal(id="reader-body"):
            yield ArticleView(id="reader")
            yield SourcesList(id="sources")

    def on_mount(self) -> None:
        self.border_title = "Reader"
        self.query_one(SourcesList).border_title = "Sources"
        # Passages hold styles read from the theme: paint them again when it changes.
        self.app.theme_changed_signal.subscribe(self, lambda _: self.call_after_refresh(self._repaint))

    def fill_pool(self) -> None:
        """Mount hidden passages up to POOL, for the articles to come (after the first frame)."""
        fresh = [PassageView(i, classes="passage") for i in range(len(self._pool), POOL)]
        for widget in fresh:
            widget.display = False
        self._pool.extend(fresh)
        if fresh:
            self.query_one(ArticleView).mount_all(fresh)

    def _repaint(self) -> None:
        if self.article is not None:
            self._rerender(range(len(self.article.paragraphs)))

    # -- showing an article ---------------------------------------------

    def show(self, article: Article, analysis, hits=(), mark=None) -> None:
        self.article = article
        self.analysis = analysis
        self.hits = tuple(hits)
        self.mark = mark
        self._quotes = [q for q in (getattr(analysis, "quotes", None) or ()) if q.kind == "quote"]
        self._sources = list(getattr(analysis, "sources", None) or ())
        self.quote_index = None
        self.border_title = "Reader"
        self.border_subtitle = f"{len(self._quotes)} quotes · {len(self._sources)} sources"
        self._render_header()
        self._render_passages()
        self._render_sources()
        target = mark[0] if mark else (hits[0][0] if hits else None)
        visible = self.visible_indices()
        first = visible[0] if visible else 0
        if target is not None:
            paragraph = article.paragraph_at(target)
            first = paragraph.index if paragraph is not None else first
        self.set_cursor(first, scroll_top=True)

    @property
    def passages(self) -> list[PassageView]:
        """The article's paragraphs as shown, in order."""
        return self._pool[: len(self.article.paragraphs)] if self.article is not None else []

    def _render_header(self) -> None:
        from corpus.published import describe  # loaded with the article: the app imports the corpus layer late

        article = self.article
        header = Text(end="")
        header.append(safe(article.title), style="bold")
        outlet, date, source = article.outlet or "unknown outlet", str(article.published), describe(article.published_from)
        meta = [outlet, f"{date} ({source})" if source else date, *filter(None, [article.dateline])]
        note = len(header) + len(f"\n{outlet} · {date} ")  # where "(from the text)" starts: it is in italics
        header.append("\n" + safe(" · ".join(meta)), style="dim")
        if source:
            header.stylize("italic", note, note + len(source) + 2)
        header.append("\n" + safe(article.id), style="dim italic")
        self.query_one("#reader-header", Static).update(header)

    def _layers(self) -> list[tuple[list[tuple[int, int]], Style]]:
        style = lambda name: self.get_component_rich_style(name, partial=True)  # noqa: E731
        quotes = [(q.start, q.end) for q in self._quotes]
        fragments = [(q.start, q.end) for q in getattr(self.analysis, "quotes", None) or () if q.kind != "quote"]
        speakers = [tuple(q.speaker_span) for q in getattr(self.analysis, "quotes", None) or () if q.speaker_span]
        sources = [tuple(m) for s in self._sources for m in s.mentions]
        layers = [
            (sources, style("reader--source")),
            (fragments, style("reader--fragment")),
            (quotes, style("reader--quote")),
            (speakers, style("reader--speaker")),
            (list(self.hits), style("reader--hit")),
        ]
        if self.mark:
            layers.append(([self.mark], style("reader--mark")))
        if self.quote_index is not None:
            q = self._quotes[self.quote_index]
            layers.append(([(q.start, q.end)], style("reader--current")))
        return layers

    def _render_passages(self) -> None:
        view = self.query_one(ArticleView)
        article = self.article
        layers = self._layers()
        self.screen.clear_selection()  # it would point into the text being replaced
        pool, fresh = self._pool, []
        for p in article.paragraphs:
            content = styled(article.text, p.start, p.end, layers)
            if p.index < len(pool):
                widget = pool[p.index]
                widget.set_classes(f"passage -{p.kind}")
                # Shown as the CSS says, not by an inline `display`, which would also
                # show a folded boilerplate passage.
                widget.styles.clear_rule("display")
            else:
                widget = PassageView(p.index, classes=f"passage -{p.kind}")
                fresh.append(widget)
            widget.update(content)
        for widget in pool[len(article.paragraphs) : self._shown]:
            widget.display = False
            widget.update("")
        self._shown = len(article.paragraphs)
        pool.extend(fresh)
        if fresh:
            view.mount_all(fresh)
        view.set_class(not self.show_boilerplate, "-fold-boilerplate")
        view.scroll_home(animate=False)

    def _rerender(self, indices) -> None:
        layers = self._layers()
        article = self.article
        views = self.passages
        for i in indices:
            if 0 <= i < len(views):
                p = article.paragraphs[i]
                views[i].update(styled(article.text, p.start, p.end, layers))

    def _render_sources(self) -> None:
        sources = self.query_one(SourcesList)
        sources.clear_options()
        options = []
        for i, source in enumerate(self._sources):
            prompt = Text(safe(source.name), end="")
            prompt.append(f"\n{source.kind} · {len(source.mentions)}×", style="dim")
            options.append(Option(prompt, id=f"source-{i}"))
        sources.add_options(options)

    # -- the cursor -----------------------------------------------------

    def visible_indices(self) -> list[int]:
        if self.article is None:
            return []
        return [p.index for p in self.article.paragraphs if self.show_boilerplate or p.is_content]

    def set_cursor(self, index: int, scroll_top: bool = False) -> None:
        views = self.passages
        if not views:
            return
        index = max(0, min(index, len(views) - 1))
        if self.cursor < len(views):
            views[self.cursor].remove_class("-cursor")
        self.cursor = index
        views[index].add_class("-cursor")
        # The current quote follows the cursor out of its paragraph.
        if self.quote_index is not None and not self._in_cursor(self._quotes[self.quote_index].start):
            old = self.quote_index
            self.quote_index = None
            self._rerender([self.article.paragraph_at(self._quotes[old].start).index])
        view = self.query_one(ArticleView)
        view.scroll_to_widget(views[index], animate=False, top=scroll_top)

    def _in_cursor(self, offset: int) -> bool:
        p = self.article.paragraphs[self.cursor]
        return p.start <= offset < p.end

    def move_cursor(self, step: int) -> None:
        visible = self.visible_indices()
        if not visible:
            return
        later = [i for i in visible if (i > self.cursor if step > 0 else i < self.cursor)]
        if later:
            self.set_cursor(later[0] if step > 0 else later[-1])

    def jump_quote(self, step: int) -> None:
        if not self._quotes:
            self.notify("No quotes in this article.", severity="warning", timeout=2)
            return
        if self.quote_index is None:
            # From the cursor: the first quote at or after it (or before it, going back).
            start = self.article.paragraphs[self.cursor].start
            order = range(len(self._quotes)) if step > 0 else range(len(self._quotes) - 1, -1, -1)
            candidates = [i for i in order if (self._quotes[i].start >= start if step > 0 else self._quotes[i].start < start)]
            new = candidates[0] if candidates else (0 if step > 0 else len(self._quotes) - 1)
        else:
            new = (self.quote_index + step) % len(self._quotes)
        old = self.quote_index
        self.quote_index = new
        quote = self._quotes[new]
        paragraph = self.article.paragraph_at(quote.start)
        touched = {paragraph.index}
        if old is not None:
            touched.add(self.article.paragraph_at(self._quotes[old].start).index)
        if not paragraph.is_content and not self.show_boilerplate:
            self.show_boilerplate = True
        self._rerender(touched)
        self.set_cursor(paragraph.index)

    def current_passage(self) -> Passage | None:
        """The quote under the cursor if there is one, else the paragraph."""
        if self.article is None:
            return None
        p = self.article.paragraphs[self.cursor]
        if self.quote_index is not None and self._in_cursor(self._quotes[self.quote_index].start):
            q = self._quotes[self.quote_index]
            return Passage(q.start, q.end, q.speaker)
        in_paragraph = [q for q in self._quotes if p.start <= q.start < p.end]
        if len(in_paragraph) == 1 and (in_paragraph[0].end - in_paragraph[0].start) > 0.6 * (p.end - p.start):
            q = in_paragraph[0]
            return Passage(q.start, q.end, q.speaker)
        return Passage(p.start, p.end)

    def selected_passage(self) -> Passage | None:
        """The text selected with the mouse, as a span of the article."""
        if self.article is None:
            return None
        selected = self.screen.get_selected_text()
        if not selected or not selected.strip():
            return None
        text = selected.strip()
        p = self.article.paragraphs[self.cursor]
        found = self.article.text.find(text, p.start)
        if found < 0:
            found = self.article.text.find(text)
        if found < 0:
            return None
        return Passage(found, found + len(text))

    # -- toggles and the sources panel ----------------------------------

    def toggle_boilerplate(self) -> None:
        self.show_boilerplate = not self.show_boilerplate
        self.notify("Boilerplate shown." if self.show_boilerplate else "Boilerplate folded.", timeout=2)

    def watch_show_boilerplate(self, show: bool) -> None:
        self.query_one(ArticleView).set_class(not show, "-fold-boilerplate")
        if self.article is not None and not show and not self.article.paragraphs[self.cursor].is_content:
            self.move_cursor(1)

    def toggle_sources(self) -> None:
        sources = self.query_one(SourcesList)
        sources.display = not sources.display

    @on(OptionList.OptionSelected, "#sources")
    def _jump_to_source(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        source = self._sources[event.option_index]
        if not source.mentions:
            return
        start, end = source.mentions[0]
        paragraph = self.article.paragraph_at(start)
        old_mark = self.mark
        self.mark = (start, end)
        touched = {paragraph.index}
        if old_mark:
            touched.add(self.article.paragraph_at(old_mark[0]).index)
        self._rerender(touched)
        self.set_cursor(paragraph.index)
        self.query_one(ArticleView).focus()
