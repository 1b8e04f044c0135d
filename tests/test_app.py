"""Pilot tests of the app: every key and every pane, as a user drives them."""

from __future__ import annotations

import dataclasses
import gc
import shutil
import threading
from pathlib import Path

import pytest
import yaml
from processes import alive, children_of
from rich.console import Console
from textual.command import CommandPalette
from textual.widgets import Input
from waiting import DEADLINE, settle, until, until_async

from corpus import SAMPLES_DIR
from corpus.loader import load_path
from tui.commands import COMMANDS, shown_keys
from tui.screens.main import RESULTS_LIMIT
from tui.messages import OpenArticle
from tui.screens.bookmarks import BookmarksScreen, EditScreen
from tui.screens.help import HelpScreen, key_table
from tui.screens.incident import IncidentScreen, ReportList
from tui.widgets.footer import Footer
from tui.widgets.incident_list import TYPES, IncidentList
from tui.widgets.reader import POOL, ArticleView, PassageView, Reader, SourcesList
from tui.widgets.search_pane import PAGE, ResultsList, SearchPane

NEWSWEEK = "003_3a060862144c74ba.txt"






async def open_convoy(pilot) -> Reader:
    await settle(pilot)
    await pilot.press("slash", *"convoy")
    await settle(pilot)
    await pilot.press("enter", "enter")
    await settle(pilot)
    return pilot.app.query_one(Reader)


async def test_startup_lists_every_article_newest_first(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        results = app.query_one(ResultsList)
        dates = [hit.published for hit in results.hits]
        assert len(results.hits) == 5
        assert dates == sorted(dates, reverse=True)
        assert "5 articles" in app.sub_title
        assert isinstance(app.focused, ResultsList)


async def test_search_as_you_type_then_enter_opens_article(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await open_convoy(pilot)
        assert reader.article is not None and reader.article.id == NEWSWEEK
        assert isinstance(app.focused, ArticleView)
        # The search hits are lit in the reader at offsets that hold the word.
        assert reader.hits and all(reader.article.text[s:e].lower().startswith("convoy") for s, e in reader.hits)


async def test_a_search_worker_never_looks_into_the_screen(make_app, monkeypatch):
    """The DOM belongs to the UI thread: a search worker that asked the screen which panes
    show crashed the app when it quit mid-search ("No nodes match 'FilterPane'")."""
    from textual.dom import DOMNode

    asked_off_thread = []
    query_one = DOMNode.query_one

    def on_the_ui_thread_only(self, *args, **kwargs):
        if threading.current_thread() is not threading.main_thread():
            asked_off_thread.append(args)
        return query_one(self, *args, **kwargs)

    monkeypatch.setattr(DOMNode, "query_one", on_the_ui_thread_only)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f")  # the filters pane: its facets are counted with each search
        await settle(pilot)
        await pilot.press("slash", *"convoy")
        await settle(pilot)
        assert app.screen.query_one(ResultsList).hits
        assert app.screen.query_one("FilterPane").option_count  # the counts came with the search
    assert asked_off_thread == []


async def test_search_shows_hit_count_and_marked_snippets(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"deconflict")
        await settle(pilot)
        results = app.query_one(ResultsList)
        assert len(results.hits) == 3
        status = str(app.query_one("#search-status").render())
        assert "3 articles" in status
        for hit in results.hits:
            assert hit.snippet_spans
            for s, e in hit.snippet_spans:
                assert hit.snippet[s:e].lower().startswith("deconflict")


async def test_no_hits_offers_did_you_mean(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"deconflcit")
        await settle(pilot)
        assert app.query_one(ResultsList).hits == ()
        assert "did you mean: deconflict" in str(app.query_one("#search-status").render())


async def test_malformed_query_shows_a_hint_not_an_error(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *'"military police')
        await settle(pilot)
        status = str(app.query_one("#search-status").render())
        assert "unbalanced quote" in status
        assert app.query_one(ResultsList).hits  # searched the words anyway


async def test_typing_while_a_search_runs_shows_only_the_last_querys_results(make_app):
    """One search at a time; keys typed meanwhile leave only the latest query waiting."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        real_search = app.index.search
        release = threading.Event()
        searched, shown = [], []

        def held_search(text, **kwargs):
            searched.append(text)
            if text == "c":
                release.wait(10)  # still running while the rest of the word is typed
            return real_search(text, **kwargs)

        main = app.main_screen
        show_results = main._show_results
        app.index.search = held_search
        main._show_results = lambda results: (shown.append(results), show_results(results))
        await pilot.press("slash", *"convoy")
        release.set()
        await settle(pilot)
        assert searched == ["c", "convoy"]
        # The superseded query's results were never shown.
        assert len(shown) == 1
        expected = [hit.article for hit in real_search("convoy", limit=RESULTS_LIMIT).hits]
        assert [hit.article for hit in app.query_one(ResultsList).hits] == expected
        # Enter on the same query does not search again.
        await pilot.press("enter")
        await settle(pilot)
        assert searched == ["c", "convoy"]


async def test_results_are_listed_a_page_at_a_time_as_the_cursor_goes_down(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        results = app.query_one(ResultsList)
        one = results.hits[0]
        hits = tuple(dataclasses.replace(one, article=f"{one.article}-{i}") for i in range(25))
        results.show(hits)
        await pilot.pause()
        assert results.option_count == PAGE and len(results.hits) == 25
        results.focus()
        for _ in range(PAGE - 1):
            await pilot.press("j")
        assert results.option_count == 2 * PAGE
        await pilot.press("end")
        assert results.option_count == 25 and results.highlighted == 24


async def test_escape_leaves_the_input_and_q_types_while_typing(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press("q")
        assert app.query_one("#search-input", Input).value == "q"
        assert app.is_running
        await pilot.press("escape")
        assert isinstance(app.focused, ResultsList)


async def test_tab_and_shift_tab_move_between_panes(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        seen = []
        for _ in range(5):
            await pilot.press("tab")
            seen.append(type(app.focused).__name__)
        assert {"IncidentList", "ArticleView", "SourcesList"} <= set(seen)
        before = app.focused
        await pilot.press("tab", "shift+tab")
        assert app.focused is before


async def test_j_k_move_in_results_and_reader(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        results = app.query_one(ResultsList)
        assert results.highlighted == 0
        await pilot.press("j", "j")
        assert results.highlighted == 2
        await pilot.press("k")
        assert results.highlighted == 1
        await pilot.press("down")
        assert results.highlighted == 2
        reader = await open_convoy(pilot)
        start = reader.cursor
        await pilot.press("j")
        assert reader.cursor > start
        assert reader.query(PassageView)[reader.cursor].has_class("-cursor")
        await pilot.press("k")
        assert reader.cursor == start


async def test_n_and_N_jump_between_quotes(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await open_convoy(pilot)
        quotes = reader._quotes
        assert len(quotes) >= 2
        await pilot.press("n")
        first = reader.quote_index
        assert first is not None
        paragraph = reader.article.paragraphs[reader.cursor]
        assert paragraph.start <= quotes[first].start < paragraph.end
        await pilot.press("n")
        assert reader.quote_index == (first + 1) % len(quotes)
        await pilot.press("N")
        assert reader.quote_index == first


async def test_passages_are_mounted_before_an_article_opens_and_a_longer_one_adds_its_own(make_app, tmp_path):
    """Passages mounted as an article opened made the screen lay out and draw once more
    after the frame that showed it: the reader mounts its pool once the app is up."""
    corpus = tmp_path / "mine"
    shutil.copytree(SAMPLES_DIR, corpus)
    long = "\n\n".join(f"Paragraph {i} of a long report on the convoy near Hasakah." for i in range(POOL + 8))
    (corpus / "long.txt").write_text(f"---\ntitle: A long report\npublished: 2020-08-26\n---\n{long}\n", encoding="utf-8")
    app = make_app(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        reader = app.query_one(Reader)
        pool = list(reader.query(PassageView))
        assert len(pool) == POOL and not any(v.display for v in pool)
        app.post_message(OpenArticle(NEWSWEEK))
        await settle(pilot)
        assert list(reader.query(PassageView)) == pool  # none mounted, none removed
        article = load_path(SAMPLES_DIR / NEWSWEEK, SAMPLES_DIR)
        assert [str(v.render()) for v in pool if v.display] == [article.text[p.start : p.end] for p in article.paragraphs]
        app.post_message(OpenArticle("long.txt"))
        await settle(pilot)
        views = list(reader.query(PassageView))
        assert views[:POOL] == pool and len(views) == len(reader.article.paragraphs) > POOL and all(v.display for v in views)
        assert str(views[-1].render()) == f"Paragraph {POOL + 7} of a long report on the convoy near Hasakah."
        app.post_message(OpenArticle(NEWSWEEK))
        await settle(pilot)
        assert len([v for v in reader.query(PassageView) if v.display]) == len(article.paragraphs)


async def test_the_focused_pane_alone_has_its_border_lit_and_no_passage_is_restyled(make_app, monkeypatch):
    """The pane holding the focus is drawn in the theme's primary colour. Moving the focus
    restyles the two panes, not every widget inside them: with CSS's `:focus-within`,
    Textual restyled each passage of the reader on each focus change."""
    from textual.color import Color
    from textual.css.stylesheet import Stylesheet

    app = make_app()
    restyled: list = []
    update_nodes = Stylesheet.update_nodes

    def counting(self, nodes, animate=False):
        nodes = list(nodes)
        restyled.extend(nodes)
        return update_nodes(self, nodes, animate)

    monkeypatch.setattr(Stylesheet, "update_nodes", counting)

    def lit() -> list[str]:
        primary = Color.parse(app.theme_variables["primary"])
        return [p.id for p in app.screen.query(".pane") if p.display and p.styles.border_top == ("round", primary)]

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert lit() == ["search-pane"]
        reader = await open_convoy(pilot)
        assert isinstance(app.focused, ArticleView) and lit() == ["reader-pane"]
        restyled.clear()
        await pilot.press("shift+tab")
        await settle(pilot)
        assert isinstance(app.focused, IncidentList) and lit() == ["incidents"]
        await pilot.press("tab")
        await settle(pilot)
        assert isinstance(app.focused, ArticleView) and lit() == ["reader-pane"]
        assert restyled and not any(isinstance(n, PassageView) for n in restyled)
        assert reader.query(PassageView)[reader.cursor].has_class("-cursor")
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"
        await settle(pilot)
        assert lit() == ["reader-pane"]  # in the new theme's primary


async def test_moving_the_focus_paints_the_two_panes_not_the_whole_screen(make_app, monkeypatch):
    """Opening an article, and Tab between panes, draw again the pane gaining the focus and
    the one losing it, not the whole screen: Textual's own `Screen.focused` repainted every
    widget on each focus change (a full frame of the screen before the reader's own)."""
    from textual._compositor import Compositor

    app = make_app()
    full: list[int] = []
    dirty: list = []  # the regions of each partial frame
    full_update, partial_update = Compositor.render_full_update, Compositor.render_partial_update

    def counting_full(self, *args, **kwargs):
        full.append(1)
        return full_update(self, *args, **kwargs)

    def recording_partial(self):
        dirty.append(set(self._dirty_regions))
        return partial_update(self)

    monkeypatch.setattr(Compositor, "render_full_update", counting_full)
    monkeypatch.setattr(Compositor, "render_partial_update", recording_partial)

    def painted(widget) -> bool:
        """Whether the frames since `dirty` was cleared drew both side edges of every row of the
        widget's region: where a pane's border is, whose colour tells the focus."""
        region = widget.region
        rows = {(y, x) for y in range(region.y, region.bottom) for x in (region.x, region.right - 1)}
        return all(any(r.contains(x, y) for frame in dirty for r in frame) for y, x in rows)

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        full.clear()
        dirty.clear()
        await open_convoy(pilot)
        assert isinstance(app.focused, ArticleView)
        assert not full
        search, reader = app.query_one("#search-pane"), app.query_one("#reader-pane")
        assert painted(search) and painted(reader)  # the border leaving one, lighting the other
        dirty.clear()
        await pilot.press("shift+tab")
        await settle(pilot)
        incidents = app.query_one(IncidentList)
        assert app.focused is incidents and not full
        assert painted(incidents) and painted(reader)
        header = app.screen.query_one("Header")
        assert not painted(header)  # nothing about it changed

async def test_a_second_article_with_fewer_passages_reuses_the_reader(make_app, tmp_path):
    """The passage widgets are reused: the second article shows exactly its own passages."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        reader = app.query_one(Reader)
        app.post_message(OpenArticle("004_3af222540078fc8a.txt"))
        await settle(pilot)
        assert len(reader.query(PassageView)) == 32
        await pilot.press("j", "j")
        app.post_message(OpenArticle(NEWSWEEK))
        await settle(pilot)
        article = load_path(SAMPLES_DIR / NEWSWEEK, SAMPLES_DIR)
        views = [v for v in reader.query(PassageView) if v.display]
        assert len(views) == len(article.paragraphs) == 15 and views == reader.passages
        # The longer article's other 17 are kept hidden and empty, for the next one.
        hidden = [v for v in reader.query(PassageView) if not v.display]
        assert len(hidden) == 17 and all(str(v.render()) == "" for v in hidden)
        assert reader.query_one(ArticleView).virtual_size.height < 200  # they take no room
        for view, paragraph in zip(views, article.paragraphs):
            assert str(view.render()) == article.text[paragraph.start : paragraph.end]
            assert view.has_class(f"-{paragraph.kind}")
        assert [v for v in views if v.has_class("-cursor")] == [views[reader.cursor]]
        await pilot.press("j", "b")
        await settle(pilot)
        [entry] = yaml.safe_load((tmp_path / "bookmarks.yaml").read_text(encoding="utf-8"))["bookmarks"]
        cursor = article.paragraphs[reader.cursor]
        assert entry["article"] == NEWSWEEK
        assert cursor.start <= entry["start"] and entry["end"] <= cursor.end
        assert len([v for v in views if v.has_class("-cursor")]) == 1


async def test_b_bookmarks_the_passage_under_the_cursor(make_app, tmp_path):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await open_convoy(pilot)
        await pilot.press("j", "b")
        await settle(pilot)
        data = yaml.safe_load((tmp_path / "bookmarks.yaml").read_text(encoding="utf-8"))
        [entry] = data["bookmarks"]
        article = load_path(SAMPLES_DIR / NEWSWEEK, SAMPLES_DIR)
        assert entry["article"] == NEWSWEEK
        assert article.text[entry["start"] : entry["end"]] == entry["text"]
        cursor = article.paragraphs[reader.cursor]
        assert cursor.start <= entry["start"] and entry["end"] <= cursor.end


async def test_b_on_a_quote_bookmarks_the_quote_with_its_speaker(make_app, tmp_path):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await open_convoy(pilot)
        await pilot.press("n")
        quote = reader._quotes[reader.quote_index]
        await pilot.press("b")
        await settle(pilot)
        [entry] = yaml.safe_load((tmp_path / "bookmarks.yaml").read_text(encoding="utf-8"))["bookmarks"]
        assert (entry["start"], entry["end"]) == (quote.start, quote.end)
        assert entry["text"] == quote.text


async def test_corrupt_bookmarks_file_is_never_overwritten(make_app, tmp_path):
    broken = tmp_path / "bookmarks.yaml"
    broken.write_text("version: 1\nbookmarks: [\n  - oops: {\n", encoding="utf-8")
    before = broken.read_bytes()
    app = make_app(bookmarks=broken)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_convoy(pilot)
        assert not app.bookmarks_writable
        await pilot.press("b")
        await settle(pilot)
        assert app.is_running
    assert broken.read_bytes() == before


async def test_B_opens_bookmarks_edit_delete_undo_export(make_app, tmp_path):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_convoy(pilot)
        await pilot.press("j", "b")
        await settle(pilot)
        await pilot.press("B")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BookmarksScreen)
        assert len(screen.bookmarks) == 1
        # e: edit the note
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, EditScreen)
        await pilot.press(*"key passage", "enter")
        await settle(pilot)
        # t: edit the tags
        await pilot.press("t")
        await pilot.pause()
        await pilot.press(*"convoy, m4", "enter")
        await settle(pilot)
        entry = yaml.safe_load((tmp_path / "bookmarks.yaml").read_text(encoding="utf-8"))["bookmarks"][0]
        assert entry["note"] == "key passage"
        assert entry["tags"] == ["convoy", "m4"]
        # x: export
        await pilot.press("x")
        await settle(pilot)
        exported = (tmp_path / "bookmarks.md").read_text(encoding="utf-8")
        assert entry["text"] in exported and "Newsweek" in exported
        # d: delete, u: undo
        await pilot.press("d")
        await settle(pilot)
        assert yaml.safe_load((tmp_path / "bookmarks.yaml").read_text(encoding="utf-8"))["bookmarks"] == []
        await pilot.press("u")
        await settle(pilot)
        assert len(yaml.safe_load((tmp_path / "bookmarks.yaml").read_text(encoding="utf-8"))["bookmarks"]) == 1
        # enter: jump to the passage in the reader
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, BookmarksScreen)
        reader = app.query_one(Reader)
        assert reader.mark == (entry["start"], entry["end"])


async def test_question_mark_shows_help_with_every_key(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        console = Console(width=400, record=True)
        console.print(key_table())
        rows = [" ".join(line.split()) for line in console.export_text().splitlines()]
        for command in COMMANDS:  # every command of the table, its keys and what it does
            if command.keys:
                assert any(row.startswith(shown_keys(command.keys) + " ") and command.help in row for row in rows), command.id
        for key in ("/", "Esc", "j / ↓", "n", "N", "b", "B", "?", "q", "Enter", "Tab", "Ctrl+P"):
            assert any(row.startswith(key + " ") for row in rows), key
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_q_quits(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_ctrl_p_offers_the_apps_commands(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        titles = [c.title for c in app.get_system_commands(app.screen_stack[-2])]  # the palette asks for the screen it opened over
        for title in ("Search", "Open bookmarks", "Toggle boilerplate", "Export bookmarks", "Help"):
            assert title in titles
        await pilot.press(*"toggle boil")
        await until_async(pilot, lambda: app.screen.query_one("CommandList").option_count, "the palette lists a match")
        await pilot.press("enter")
        await pilot.pause()
        assert app.query_one(Reader).show_boilerplate


async def test_enter_on_an_incident_opens_its_page_and_enter_there_opens_a_report(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        incidents = app.query_one(IncidentList)
        assert incidents.incidents, "the sample corpus reports incidents"
        dates = [i.date.sort_key for i in incidents.incidents if i.date.date]
        assert dates == sorted(dates)
        many = max(range(len(incidents.shown)), key=lambda n: len(incidents.shown[n].reports))
        incidents.focus()
        incidents.highlighted = many
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, IncidentScreen)
        page = app.screen
        incident = page.incident
        assert incident is incidents.shown[many]
        header = str(page.query_one("#incident-header").render())
        assert str(incident.date) in header and (incident.place or "") in header
        reports = page.query_one(ReportList)
        assert reports.option_count == len(incident.reports)
        first = str(reports.get_option_at_index(0).prompt)
        article = app.index.load_article(incident.reports[0].article_id)
        passage = " ".join(article.text[incident.reports[0].start : incident.reports[0].end].split())
        assert passage[:40] in " ".join(first.split())  # the evidence passage, as written
        claims = str(page.query_one("#claims-text").render())
        assert "Reading the reports" not in claims
        await pilot.press("j") if reports.option_count > 1 else None
        chosen = incident.reports[reports.highlighted]
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, IncidentScreen)
        reader = app.query_one(Reader)
        assert reader.article.id == chosen.article_id and reader.mark == (chosen.start, chosen.end)
        paragraph = reader.article.paragraphs[reader.cursor]
        assert paragraph.start <= chosen.start < paragraph.end


async def test_escape_leaves_the_incident_page(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.query_one(IncidentList).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, IncidentScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, IncidentScreen)


async def test_enter_on_an_empty_incident_list_says_why_nothing_opens(make_app, tmp_path):
    """Enter on the incident list before it is listed, or when nothing is listed, is not lost
    in silence: it says which, and opens nothing."""
    from textual.app import App

    class OneList(App):
        def compose(self):
            yield IncidentList()

    lone = OneList()
    async with lone.run_test() as pilot:
        lone.query_one(IncidentList).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert [n.message for n in lone._notifications] == ["The incidents are still being listed: press Enter again once they show."]

    empty = tmp_path / "no-incidents"
    empty.mkdir()
    (empty / "talks.txt").write_text("Weather\n\nIt rained in the city all day, and the market stayed shut.\n", encoding="utf-8")
    app = make_app(empty)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        incidents = app.query_one(IncidentList)
        assert incidents.listed and not incidents.shown
        incidents.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, IncidentScreen)
        assert "No incident to open: the articles report none." in [n.message for n in app._notifications]


async def test_t_shows_one_type_of_incident_at_a_time_and_r_turns_the_order(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        incidents = app.query_one(IncidentList)
        incidents.focus()
        everything = list(incidents.shown)
        types = [t for t in TYPES if any(i.type == t for i in everything)]
        for kind in types:
            await pilot.press("t")
            assert incidents.type == kind and incidents.shown and all(i.type == kind for i in incidents.shown)
            assert incidents.option_count == len(incidents.shown) == sum(i.type == kind for i in everything)
        await pilot.press("t")
        assert incidents.type is None and incidents.shown == everything
        await pilot.press("r")
        assert incidents.shown == list(reversed(everything)) and "newest first" in incidents.border_subtitle
        await pilot.press("r")
        assert incidents.shown == everything


async def test_sources_panel_jumps_to_first_mention(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await open_convoy(pilot)
        sources = app.query_one(SourcesList)
        assert reader._sources and sources.option_count == len(reader._sources)
        sources.focus()
        await pilot.press("j", "j", "enter")
        await pilot.pause()
        source = reader._sources[sources.highlighted]
        start = source.mentions[0][0]
        paragraph = reader.article.paragraphs[reader.cursor]
        assert paragraph.start <= start < paragraph.end
        assert reader.mark == tuple(source.mentions[0])


async def test_z_folds_and_shows_boilerplate(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"cluster munitions", "enter", "enter")
        await settle(pilot)
        reader = app.query_one(Reader)
        assert reader.article.outlet == "The Moscow Times"
        boiler = [w for w in reader.query(PassageView) if w.has_class("-boilerplate")]
        assert boiler and all(w.styles.display == "none" for w in boiler)
        await pilot.press("z")
        await pilot.pause()
        assert reader.show_boilerplate
        assert all(w.styles.display == "block" for w in boiler)


async def test_boilerplate_stays_folded_in_every_article_opened_after_the_first(make_app):
    """The passages are reused from one article to the next: one shown again must follow
    the fold (an inline `display` on it showed the second article's boilerplate)."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        reader = app.query_one(Reader)
        for article in ("004_3af222540078fc8a.txt", "002_ecb2d4459bfc059e.txt", "001_b26088225b34cbc0.txt"):
            app.post_message(OpenArticle(article))
            await settle(pilot)
            kinds = [p.kind for p in reader.article.paragraphs]
            shown = [v.display for v in reader.passages]
            assert "boilerplate" in kinds, article
            assert shown == [kind != "boilerplate" for kind in kinds], article
        await pilot.press("z")
        await settle(pilot)
        assert all(v.display for v in reader.passages)


async def test_narrow_terminal_keeps_every_pane_usable(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_convoy(pilot)
        assert app.screen.has_class("-narrow")
        for selector in ("#search-pane", "#incidents", "#reader-pane"):
            region = app.query_one(selector).region
            assert region.width >= 20 and region.height >= 5, selector
            assert region.right <= 80 and region.bottom <= 24


async def test_article_text_is_never_read_as_markup(make_app, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    nasty = (
        "Markup [bold]not bold[/] and [link=x]x[/link] [@click=app.quit]quit[/]\n\n"
        "Control \x1b[31mred\x1b[0m chars \x07 and emoji 🛰️ and Arabic التنف and e\u0301 combining.\n\n"
        + "long " * 4000
    )
    (corpus / "nasty.txt").write_text(nasty, encoding="utf-8")
    app = make_app(corpus=corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        reader = app.query_one(Reader)
        assert reader.article.id == "nasty.txt"
        first = str(reader.query(PassageView)[0].render())
        assert "[bold]not bold[/]" in first and "[@click=app.quit]quit[/]" in first
        await pilot.click(PassageView)
        assert app.is_running


async def test_an_inferred_date_says_where_it_came_from(make_app, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    body = "Talks resume on the hotline\n\nThe ministry said on Tuesday that both sides had used the line twice this week.\n"
    (corpus / "2019-03-04_talks.txt").write_text(body, encoding="utf-8")
    app = make_app(corpus=corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        [hit] = app.query_one(ResultsList).hits
        assert (hit.published, hit.published_from) == ("2019-03-04", "file name")
        await pilot.press("enter")
        await settle(pilot)
        header = app.query_one("#reader-header").render()
        assert "unknown outlet · 2019-03-04 (from the file name)" in str(header)
        italic = [header.plain[s.start : s.end] for s in header.spans if "italic" in str(s.style)]
        assert "(from the file name)" in italic


async def test_a_broken_article_is_skipped_with_a_warning(make_app, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLES_DIR, corpus)
    (corpus / "broken.txt").write_bytes(b"\xff\xfe\x00\x00binary")
    app = make_app(corpus=corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert len(app.query_one(ResultsList).hits) == 5
        messages = " ".join(n.message for n in app._notifications)
        assert "broken.txt" in messages


async def test_main_screen_keys_wait_while_another_screen_is_open(make_app, tmp_path):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_convoy(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        await pilot.press("slash", "b", "B")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        assert app.is_running
        assert not (tmp_path / "bookmarks.yaml").exists()


async def test_b_with_a_mouse_selection_bookmarks_the_selection(make_app, tmp_path):
    from textual.geometry import Offset
    from textual.selection import Selection

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await open_convoy(pilot)
        await pilot.press("j")
        view = reader.query(PassageView)[reader.cursor]
        app.screen.selections = {view: Selection(Offset(0, 0), Offset(20, 0))}
        await pilot.pause()
        selected = app.screen.get_selected_text()
        assert selected and len(selected.strip()) >= 10
        await pilot.press("b")
        await settle(pilot)
        [entry] = yaml.safe_load((tmp_path / "bookmarks.yaml").read_text(encoding="utf-8"))["bookmarks"]
        assert entry["text"] == selected.strip()
        assert reader.article.text[entry["start"] : entry["end"]] == entry["text"]


def _many_articles(folder: Path, count: int) -> Path:
    folder.mkdir()
    for n in range(count):
        (folder / f"a{n:04}.txt").write_text(
            f"Convoy report {n}\n\nA U.S. convoy was turned back near Hasakah on day {n}, officials said.\n", encoding="utf-8"
        )
    return folder


async def test_a_large_folder_is_built_by_a_child_with_progress_shown(make_app, tmp_path, monkeypatch):
    from index import worker

    children = []
    real_popen = worker.subprocess.Popen
    monkeypatch.setattr(worker.subprocess, "Popen", lambda *a, **k: children.append(real_popen(*a, **k)) or children[-1])
    app = make_app(_many_articles(tmp_path / "many", 400))
    statuses = []  # (the status line, whether the bar shows) each time the build's progress is shown
    show_status = SearchPane.show_status

    def record(pane, message: str) -> None:
        show_status(pane, message)
        if not app.ready:
            statuses.append((message, app.screen.query_one("#index-progress").display, gc.get_freeze_count()))

    monkeypatch.setattr(SearchPane, "show_status", record)
    async with app.run_test(size=(120, 40)) as pilot:
        await until_async(pilot, lambda: app.ready, "the index is ready")
        await settle(pilot)
        assert app.ready and len(app.index) == 400
        assert app.sub_title == "many · 400 articles"
        assert not app.query_one("#index-progress").display
        assert len(app.query_one(ResultsList).hits) > 0
    assert len(children) == 1 and children[0].returncode == 0  # built by one child, which finished
    progress = [(m, shown, frozen) for m, shown, frozen in statuses if m != "Opening the index…"]
    assert progress and all(("/400 articles" in m or "index of 400 articles" in m) and shown for m, shown, _ in progress)
    # Once the build shows progress, what the app imported is out of the full collections.
    assert all(frozen > 1000 for _, _, frozen in progress)
    assert gc.get_freeze_count() == 0  # and back in them once the app has quit


async def test_quitting_while_a_child_builds_kills_it_and_its_readers(make_app, tmp_path):
    app = make_app(_many_articles(tmp_path / "many", 3000))
    readers: list[int] = []
    async with app.run_test(size=(120, 40)) as pilot:

        def reading():
            child = app._index_child
            return child is not None and children_of(child.pid) and (child, children_of(child.pid))

        child, readers = await until_async(pilot, reading, "the build started its reading processes")
        assert child.poll() is None
        index_workers = [w for w in app.workers if w.group == "index"]
    child.wait(timeout=DEADLINE)  # killed as the app left, not left building
    assert child.returncode < 0
    until(lambda: not any(alive(pid) for pid in readers), "the readers went with it")
    for worker in index_workers:  # and the thread that read the child's messages ended
        until(lambda: worker.is_finished, "the worker reading the child's messages ended")


async def test_the_cursor_reaches_every_article_past_the_first_fetch(make_app, tmp_path):
    count = RESULTS_LIMIT * 2 + 7
    app = make_app(_many_articles(tmp_path / "many", count))
    async with app.run_test(size=(120, 40)) as pilot:
        await until_async(pilot, lambda: app.ready and app.query_one(ResultsList).hits, "the first results")
        await settle(pilot)
        results = app.query_one(ResultsList)
        assert len(results.hits) == RESULTS_LIMIT and results.total == count
        assert f"{count} articles, newest first" in str(app.query_one("#search-status").render())
        results.focus()
        for _ in range(count - 1):  # down to the last article, fetching as the cursor goes
            await pilot.press("j")
            if results.highlighted == results.option_count - 1:
                await settle(pilot)
        await settle(pilot)
        assert results.highlighted == count - 1, (results.option_count, len(results.hits), app.focused)
        assert len({hit.article for hit in results.hits}) == count  # every article, once each
        # A new query starts a new list: hits fetched for the old one are not added to it.
        await pilot.press("slash", *"Hasakah")
        await settle(pilot)
        assert len(results.hits) == RESULTS_LIMIT


async def test_footer_follows_focus_in_one_widget_and_a_click_on_a_key_presses_it(make_app):
    """The footer shows the focused pane's keys, drawn by one widget (Textual's
    mounted a widget a key on each focus change, and the screen laid out again)."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await open_convoy(pilot)
        footer = app.screen.query_one(Footer)
        shown = lambda: {description for _, description in footer.shown}  # noqa: E731
        assert {"Next quote", "Prev quote", "Boilerplate", "Sources"} <= shown()
        assert not footer.children
        line = str(footer.render())
        assert line.startswith(" ↓ Next passage  n Next quote ") and line.rstrip().endswith("^p palette")
        sources = reader.query_one(SourcesList)
        assert sources.display
        await pilot.click(Footer, offset=(line.index(" s Sources") + 1, 0))
        await settle(pilot)
        assert not sources.display  # the click pressed s
        await pilot.press("slash")
        await settle(pilot)
        assert "Next quote" not in shown() and "Results" in shown()
        assert "Next quote" not in str(footer.render())


async def test_a_start_on_an_unchanged_folder_makes_the_incident_list_once(make_app, monkeypatch):
    """The list made when the folder is searchable is every article's when the reading
    analysis had nothing left to do: it is not made again (0.3 s at 10,000 articles, in
    the app's process), unless an article was analysed meanwhile."""
    from index import CorpusIndex

    made = []
    incidents = CorpusIndex.incidents

    def counted(self):
        made.append(threading.current_thread().name)
        return incidents(self)

    monkeypatch.setattr(CorpusIndex, "incidents", counted)
    async with make_app().run_test(size=(120, 40)) as pilot:  # the first start builds the index
        await settle(pilot)
        assert pilot.app.query_one(IncidentList).incidents
    assert len(made) == 2  # when searchable, and when every article was analysed
    made.clear()
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.query_one(IncidentList).incidents
    assert len(made) == 1


async def test_start_up_sets_the_long_lived_heap_aside_and_quitting_returns_it(make_app):
    """Once start-up work ends, what lives as long as the app is frozen out of
    Python's full collections (they took ≈65 ms at 10,000 articles, in the
    middle of opening an article); the app leaves the process as it found it."""
    app = make_app()
    assert gc.get_freeze_count() == 0
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.query_one(IncidentList).incidents
        assert gc.get_freeze_count() > 1000
    assert gc.get_freeze_count() == 0


async def test_a_broken_gazetteer_or_curated_file_is_named_in_a_notification_and_the_app_works(make_app, tmp_path):
    corpus = tmp_path / "mine"
    shutil.copytree(SAMPLES_DIR, corpus)
    (corpus / "gazetteer.yaml").write_text("places:\n  - name: X\n    aliases: [unclosed\n  - name: Y\n", encoding="utf-8")
    curated = (corpus / "incidents.yaml").read_text(encoding="utf-8")
    (corpus / "incidents.yaml").write_text(curated + "  - id: [broken\n", encoding="utf-8")
    app = make_app(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        notes = {n.title: n.message for n in app._notifications}
        assert notes["Gazetteer"].startswith(f"{corpus.resolve() / 'gazetteer.yaml'}, line 4: not valid YAML")
        assert notes["Curated incidents"].startswith(f"{corpus / 'incidents.yaml'}, line ")
        assert "shown without it" in notes["Curated incidents"]
        assert app.query_one(IncidentList).incidents  # the extracted ones
        await pilot.press("slash", *"At-Tanf")
        await settle(pilot)
        assert app.query_one(ResultsList).hits  # the shipped spellings still meet


async def test_a_keymap_file_rebinds_a_key_and_the_help_shows_it(make_app, tmp_path, monkeypatch):
    (tmp_path / "config" / "deconflict-tui").mkdir(parents=True)
    (tmp_path / "config" / "deconflict-tui" / "keymap.yaml").write_text("bookmark: m\n", encoding="utf-8")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_convoy(pilot)
        await pilot.press("b")  # no longer bound
        await settle(pilot)
        assert not (tmp_path / "bookmarks.yaml").exists()
        await pilot.press("m")
        await settle(pilot)
        [entry] = yaml.safe_load((tmp_path / "bookmarks.yaml").read_text(encoding="utf-8"))["bookmarks"]
        assert entry["article"] == NEWSWEEK
        console = Console(width=400, record=True)
        console.print(key_table(app.keymap))
        assert any(" ".join(line.split()).startswith("m Bookmark the passage") for line in console.export_text().splitlines())


async def test_a_broken_keymap_is_named_in_a_notification_and_the_default_keys_work(make_app, tmp_path, monkeypatch):
    (tmp_path / "config" / "deconflict-tui").mkdir(parents=True)
    path = tmp_path / "config" / "deconflict-tui" / "keymap.yaml"
    path.write_text("bookmark: [m\n", encoding="utf-8")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        notes = {n.title: n.message for n in app._notifications}
        assert notes["Keymap"].startswith(f"{path}, line ") and "default keys are used" in notes["Keymap"]
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
