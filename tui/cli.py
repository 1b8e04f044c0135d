"""The `deconflict-tui` command: the app, and the verbs that script the same data.

Textual is imported only when the app opens, so `search`, `index` and `--help`
start fast. Exit status: 0 on success (no hits is success), 2 on a usage
error, 1 on any other failure, with a one-line message on stderr. SIGTERM and
SIGHUP (`kill`, a closed ssh session, `timeout`) stop a verb as Ctrl-C does,
with a one-line message and status 128 + the signal (143, 129): an index build
stopped so is left consistent, and the next run finishes it.
"""

from __future__ import annotations

import argparse
import json
import re
import signal
import sys
from pathlib import Path

from corpus.loader import SAMPLES_DIR

from . import __version__


class CliError(Exception):
    """A failure the user can act on: reported in one line, exit status 1."""


class Stopped(BaseException):
    """SIGTERM or SIGHUP arrived: unwind (closing writers, stopping readers), then exit.

    A BaseException, as KeyboardInterrupt is, so that no `except Exception` on the
    way retries the work it interrupts."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _stop(signum, frame) -> None:
    raise Stopped(signum)


STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


def corpus_dir(args) -> Path:
    path = Path(args.corpus) if getattr(args, "corpus", None) else SAMPLES_DIR
    if not path.is_dir():
        raise CliError(f"corpus folder not found: {path}")
    return path


def _add_corpus(p: argparse.ArgumentParser, top: bool = False) -> None:
    # A subcommand's default must not overwrite a --corpus given before the
    # subcommand (argparse copies sub-parser defaults over the namespace).
    p.add_argument("--corpus", metavar="DIR", default=None if top else argparse.SUPPRESS,
                   help="folder of articles (default: the bundled sample corpus)")


def _add_database(p: argparse.ArgumentParser, top: bool = False) -> None:
    p.add_argument(
        "--database", metavar="URL", default=None if top else argparse.SUPPRESS,
        help="a team's shared archive on PostgreSQL (postgresql://…; default: $DECONFLICT_DATABASE, "
        "else 'database:' in config.yaml in your config folder, else the Whoosh index of --corpus)",
    )
    p.add_argument("--user", metavar="NAME", default=None if top else argparse.SUPPRESS, help="who writes to the archive (default: your OS user)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="deconflict-tui",
        description="Search, read and bookmark news coverage of military deconfliction.",
    )
    parser.add_argument("--version", action="version", version=f"deconflict-tui {__version__}")
    _add_corpus(parser, top=True)
    _add_database(parser, top=True)
    parser.add_argument("--bookmarks", metavar="FILE", help="bookmarks YAML file (default: in your data folder)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser(
        "index", help="build or update the search index",
        description="Build or update the search index of a corpus folder; with --database, load the folder into the shared archive as one collection.",
    )
    _add_corpus(p)
    _add_database(p)
    p.add_argument("--rebuild", action="store_true", help="rebuild the index from scratch")
    p.add_argument("--collection", metavar="NAME", help="the collection's name in the archive (default: the folder's name)")

    p = sub.add_parser("search", help="search the articles", description="Search the articles (Whoosh query language).")
    p.add_argument("query", help='e.g. \'"military police"\', deconflict*, Lavrov AND published:[2016 TO 2018]')
    _add_corpus(p)
    _add_database(p)
    p.add_argument("--limit", type=_positive, default=20, metavar="N", help="at most N results (default 20)")
    p.add_argument("--sort", choices=("relevance", "date"), default="relevance")
    p.add_argument("--json", action="store_true", help="print a JSON list (with --facets, an object of hits and facets)")
    filters = p.add_argument_group("filters", "narrow the results; each may be given more than once (values of one facet: any of them)")
    for facet, what in (("outlet", "outlet"), ("year", "year of publication"), ("month", "month of publication, YYYY-MM"),
                        ("place", "place named"), ("side", "side or actor"), ("type", "incident type"), ("person", "quoted person")):  # fmt: skip
        filters.add_argument(f"--{facet}", action="append", default=[], metavar="VALUE", help=f"only articles with this {what}")
    filters.add_argument("--not", dest="exclude", action="append", default=[], metavar="FACET=VALUE", help="leave out articles with this value")
    filters.add_argument("--since", metavar="DATE", help="published on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD)")
    filters.add_argument("--until", metavar="DATE", help="published on or before DATE")
    p.add_argument("--facets", action="store_true", help="print each facet's values with their counts under the query and filters")

    p = sub.add_parser("analyze", help="quotes, sources, places and incidents of article files", description="Analyse article files: quotes, speakers, sources, places, incidents.")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--corpus", metavar="DIR", default=argparse.SUPPRESS, help="the corpus whose gazetteer to use (default: each file's folder)")
    p.add_argument("--json", action="store_true", help="print a JSON list")

    p = sub.add_parser("incidents", help="the incidents the corpus reports", description="The merged, dated list of incidents the corpus reports.")
    _add_corpus(p)
    _add_database(p)
    p.add_argument("--json", action="store_true", help="print a JSON list (the same as --format json)")
    p.add_argument("--format", choices=("csv", "geojson", "json"), help="csv: ACLED's event-data columns; geojson: a point per placed incident; json: every report and claim")
    p.add_argument("--edit", metavar="FILE", help="with --database: store FILE as the new version of the collection's curated incidents")
    p.add_argument("--history", action="store_true", help="with --database: list the stored versions of the curated incidents, with who and when")
    p.add_argument("--collection", metavar="NAME", help="the collection --edit and --history are about (default: the corpus folder's name)")

    p = sub.add_parser(
        "gazetteer",
        help="where the gazetteer of places, actors and people is read from",
        description="The gazetteer is the shipped table, extended by your own gazetteer.yaml in your config folder "
        "(for every corpus) and by one in the corpus folder (for that corpus).",
    )
    _add_corpus(p)
    p.add_argument("--path", action="store_true", help="print only the paths of the files read, in order")

    from . import cli_bookmarks

    cli_bookmarks.add_parser(sub)
    return parser


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return n


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command is None:
            return run_app(args)
        for signum in STOP_SIGNALS:
            signal.signal(signum, _stop)
        if args.command == "index":
            return cmd_index(args)
        if args.command == "search":
            return cmd_search(args)
        if args.command == "analyze":
            return cmd_analyze(args)
        if args.command == "incidents":
            return cmd_incidents(args)
        if args.command == "gazetteer":
            return cmd_gazetteer(args)
        if args.command == "bookmarks":
            from . import cli_bookmarks

            return cli_bookmarks.run(args)
    except CliError as exc:
        print(f"deconflict-tui: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Stopped as stopped:
        readers = sys.modules.get("index.readers")
        if readers is not None:
            readers.stop_readers()
        name = signal.Signals(stopped.signum).name
        done = " (the index is left consistent: the next run finishes it)" if args.command in ("index", "search", "incidents") else ""
        print(f"deconflict-tui: stopped by {name}{done}", file=sys.stderr)
        return 128 + stopped.signum
    except BrokenPipeError:
        return 0
    except Exception as exc:
        return told(exc)
    return 2


def database(args) -> str | None:
    """The archive's connection string, if one is set (--database, the environment, the config file)."""
    from index.backend import database_setting

    return database_setting(getattr(args, "database", None))[0]


def backend(args, collection: str | None = None):
    """The Whoosh index of --corpus, or the shared archive."""
    from index.backend import open_backend

    return open_backend(corpus_dir(args), database=database(args), user=getattr(args, "user", None), collection=collection)


def open_index(args, quiet: bool = False):
    from index.readers import spare_readers

    ix = backend(args)
    if ix.name == "postgresql":  # the archive is searched as it is: folders are loaded by `index`
        if not ix.open_existing():
            raise CliError(ix.down or f"the archive at {ix.shown} holds no articles yet: load a folder with deconflict-tui index --corpus DIR --database …")
        from index.builder import UpdateReport

        return ix, UpdateReport(indexed=len(ix))
    report = ix.update(rebuild=getattr(args, "rebuild", False), progress=None if quiet else _progress_printer(), readers=spare_readers())
    _clear_progress()
    if ix.fallback_warning:
        print(f"warning: {ix.fallback_warning}", file=sys.stderr)
    _print_warnings(report)
    return ix, report


def _print_warnings(report) -> None:
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for problem in report.problems:
        print(f"warning: {problem}", file=sys.stderr)


def _progress_printer(label: str = "indexing"):
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int, what: str = "") -> None:
        width = 30
        filled = int(width * done / max(total, 1))
        sys.stderr.write(f"\r{label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        sys.stderr.flush()

    return show


def _clear_progress() -> None:
    if sys.stderr.isatty():
        sys.stderr.write("\r\x1b[K")
        sys.stderr.flush()


def _lines_every(step: int, label: str):
    """Progress as plain lines, one per `step` articles (not a terminal)."""

    def show(done: int, total: int, what: str = "") -> None:
        if done % step == 0 and done:
            print(f"{label} {done}/{total}", file=sys.stderr)

    return show


def cmd_index(args) -> int:
    """Both phases: the search index (its summary printed when every article is searchable),
    then the reading analysis (its own progress and line)."""
    progress = _progress_printer() or _lines_every(1000, "indexed")
    analysing = _progress_printer("reading analysis") or _lines_every(1000, "analysed")

    from index.builder import Busy
    from index.readers import spare_readers

    def searchable(report) -> None:
        _clear_progress()
        print(report.summary() + where, flush=True)  # every article can be searched from now

    ix = backend(args, collection=args.collection)
    where = f" into the collection {ix.collection!r} of the archive at {ix.shown}" if ix.name == "postgresql" else ""
    # The Whoosh index has two phases; the shared archive loads in one.
    phases = dict(searchable=searchable, analysing=analysing) if ix.name == "whoosh" else {}
    try:
        report = ix.update(rebuild=args.rebuild, progress=progress, readers=spare_readers(), **phases)
    except Busy as busy:
        raise CliError(busy.warning) from None
    _clear_progress()
    if ix.fallback_warning:
        print(f"warning: {ix.fallback_warning}", file=sys.stderr)
    _print_warnings(report)
    if phases:
        print(f"{report.reading_summary()}; {report.seconds:.2f}s in all")
    else:
        print(report.summary() + where)
    return 0


def search_filters(args) -> tuple:
    """The filters of the search command's options."""
    from index import FACETS, Filter, parse_filter

    found = [Filter(facet, value) for facet in FACETS for value in getattr(args, facet, None) or ()]
    try:
        found += [parse_filter("!" + text.lstrip("!-")) for text in args.exclude]
    except ValueError as exc:
        raise CliError(str(exc)) from None
    return tuple(found)


def search_text(args) -> str:
    """The query with --since / --until as the date range the query language has."""
    if not (args.since or args.until):
        return args.query
    for date in filter(None, (args.since, args.until)):
        if not re.fullmatch(r"\d{4}(?:-\d{2}(?:-\d{2})?)?", date):
            raise CliError(f"a date is YYYY, YYYY-MM or YYYY-MM-DD: {date!r}")
    scope = "date:[" + " ".join(filter(None, (args.since, "TO", args.until))) + "]"
    return f"({args.query}) {scope}" if args.query.strip() else scope


def cmd_search(args) -> int:
    filters, text = search_filters(args), search_text(args)
    ix, _ = open_index(args, quiet=args.json)
    results = ix.search(text, limit=args.limit, sort=args.sort, filters=filters, facets=args.facets)
    if getattr(ix, "down", None):
        raise CliError(ix.down)
    if args.json:
        hits = [hit.to_json() for hit in results.hits]
        out = {"total": results.total, "hits": hits, "facets": facets_json(results.facets)} if args.facets else hits
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        _print_results(results)
        if args.facets:
            _print_facets(results.facets)
    for note in results.query.notes:
        print(f"note: {note}", file=sys.stderr)
    if results.suggestion:
        print(f"did you mean: {results.suggestion}", file=sys.stderr)
    return 0


def facets_json(facets: dict) -> dict:
    return {facet: [{"value": v.value, "count": v.count, **({"filter": "not" if v.excluded else "on"} if v.active else {})} for v in values]
            for facet, values in facets.items()}  # fmt: skip


def _print_facets(facets: dict) -> None:
    from index import FACET_LABELS

    for facet, values in facets.items():
        if not values:
            continue
        shown = [f"{'NOT ' if v.excluded else ''}{v.value} ({v.count}){' *' if v.active and not v.excluded else ''}" for v in values[:12]]
        more = f", … {len(values) - 12} more" if len(values) > 12 else ""
        print(f"{FACET_LABELS[facet]}: {', '.join(shown)}{more}")


def _print_results(results) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(highlight=False)
    if not results.hits:
        console.print(Text(f"No articles match {results.query.text!r}."))
        return
    table = Table(show_header=True, header_style="bold", expand=True, show_lines=True)
    table.add_column("#", justify="right", width=3)
    table.add_column("date", width=10, no_wrap=True)
    table.add_column("article", ratio=1)
    for n, hit in enumerate(results.hits, 1):
        cell = Text()
        cell.append(hit.title, style="bold")
        cell.append(f"  {hit.outlet or 'unknown outlet'} · {hit.article}\n", style="dim")
        snippet = Text(hit.snippet)
        for start, end in hit.snippet_spans:
            snippet.stylize("reverse", start, end)
        cell.append_text(snippet)
        if hit.copies:
            from index.hit import copies_line

            cell.append(f"\n{copies_line(hit.copies)} ({', '.join(c.article for c in hit.copies)})", style="italic")
        table.add_row(str(n), hit.published, cell)
    console.print(table)
    grouped = sum(len(hit.copies) for hit in results.hits)
    note = f" ({grouped} of them shown as copies of another)" if grouped else ""
    console.print(Text(f"{results.total} matching article{'s' if results.total != 1 else ''}{note}", style="dim"))


def cmd_analyze(args) -> int:
    from corpus import gazetteer
    from corpus.analysis import analyze, to_json
    from corpus.loader import ArticleError, load_path

    out = []
    failed = False
    told: set[str] = set()
    for path in args.paths:
        try:
            article = load_path(path)
        except (OSError, ArticleError) as exc:
            print(f"warning: skipped {path}: {exc.strerror if isinstance(exc, OSError) else exc}", file=sys.stderr)
            failed = True
            continue
        # The gazetteer of the corpus the file is in: --corpus, else the file's folder.
        loaded = gazetteer.load_for(getattr(args, "corpus", None) or Path(path).parent)
        for problem in loaded.warnings:
            if problem not in told:
                told.add(problem)
                print(f"warning: {problem}", file=sys.stderr)
        out.append(to_json(article, analyze(article, loaded.gazetteer)))
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        for item in out:
            _print_analysis(item)
    return 1 if failed and not out else 0


def _print_analysis(item: dict) -> None:
    print(f"{item['article']}: {item['title']} ({item.get('outlet') or 'unknown outlet'}, {item.get('published')})")
    for q in item["quotes"]:
        who = q.get("speaker") or "unattributed"
        print(f"  [{q['kind']}] {who}: \u201c{q['text']}\u201d")
    for s in item["sources"]:
        print(f"  source ({s['kind']}): {s['name']} x{len(s['mentions'])}")
    for i in item["incidents"]:
        print(f"  incident {i['date']} {i['type']} at {i.get('place') or '?'}: {i['summary']}")


def cmd_incidents(args) -> int:
    if args.edit or args.history:
        return cmd_curated(args)
    fmt = args.format or ("json" if args.json else None)
    ix, _ = open_index(args, quiet=fmt is not None)  # the index keeps each article's incidents; it warns of bad files
    incidents, problems = ix.incidents()
    if getattr(ix, "down", None):
        raise CliError(ix.down)
    for problem in problems:
        print(f"warning: {problem}", file=sys.stderr)
    if fmt is None:
        for i in incidents:
            print(f"{i.date!s:10}  {i.type:20}  {i.place or '?':16}  {len(i.outlets)} outlet(s)  {i.summary}")
        return 0
    from corpus.incidents import export

    if fmt == "json":
        sys.stdout.write(export.incidents_json(incidents, ix.reading()))
    elif fmt == "csv":
        sys.stdout.write(export.incidents_csv(incidents, ix.gazetteer))
    else:
        text, unplaced = export.incidents_geojson(incidents, ix.gazetteer)
        sys.stdout.write(text)
        if unplaced:
            print(f"note: {unplaced} of {len(incidents)} incidents name no place the gazetteer has coordinates for: left out", file=sys.stderr)
    return 0


def cmd_curated(args) -> int:
    """`incidents --edit FILE` and `--history`: the archive's versions of a collection's curated incidents."""
    ix = backend(args, collection=args.collection)
    if ix.name != "postgresql":
        raise CliError("--edit and --history are for the shared archive: give --database (the Whoosh index reads incidents.yaml in the corpus folder)")
    if args.edit:
        try:
            content = Path(args.edit).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CliError(f"cannot read {args.edit}: {getattr(exc, 'strerror', None) or exc}") from None
        from corpus import safe_yaml

        try:
            safe_yaml.load(content)
        except Exception as exc:  # never stored broken: the others would see no curation at all
            raise CliError(f"{args.edit} is not YAML this app reads: {str(exc).splitlines()[0]}") from None
        edit = ix.store_curated(content)
        print(f"stored version {edit.id} of the curated incidents of {edit.collection}, by {edit.author} at {edit.at}")
        return 0
    for edit in ix.curated_history(args.collection):
        print(f"{edit.id:>5}  {edit.at}  {edit.collection:20}  {edit.author:12}  {len(edit.content.splitlines())} lines")
    return 0


def cmd_gazetteer(args) -> int:
    from corpus import gazetteer

    loaded = gazetteer.load_for(corpus_dir(args))
    if args.path:
        for layer in loaded.layers:
            print(layer.path)
        return 0
    for layer in loaded.layers:
        state = "" if layer.exists else "  (not there: create it to add or change entries)"
        print(f"{layer.path}\n    {layer.role}{state}")
    counts = {kind: len(loaded.gazetteer.of_kind(kind)) for kind in gazetteer.KINDS}
    print(f"{counts['place']} places, {counts['actor']} actors, {counts['person']} people")
    for problem in loaded.warnings:
        print(f"warning: {problem}", file=sys.stderr)
    return 1 if loaded.warnings else 0


def run_app(args) -> int:
    from .app import DeconflictApp

    app = DeconflictApp(
        corpus_dir=corpus_dir(args), bookmarks_path=Path(args.bookmarks) if args.bookmarks else None, database=database(args), user=args.user
    )
    app.run()
    return app.return_code or 0


def told(exc: Exception) -> int:
    """A setting or archive problem told in one line (exit code 1); anything else raised again."""
    from index.backend import is_setting_problem

    if not is_setting_problem(exc):
        raise exc
    print(f"deconflict-tui: {exc}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
