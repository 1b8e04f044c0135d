"""Bookmarks and incidents written out for other tools, each read back by a real parser:
csv and json from the standard library, BibTeX by bibtexparser, GeoJSON checked for
[longitude, latitude] in range."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from corpus import gazetteer
from corpus.bookmarks import Bookmark, BookmarkStore, export, make_bookmark
from corpus.incidents.export import ACLED_COLUMNS, coordinates, incidents_csv, incidents_geojson, incidents_json
from corpus.loader import SAMPLES_DIR, load_path
from index import CorpusIndex

HOSTILE = 'He said "50% & {more} }{" _x_ ~ ^ \\ $5 #1 [bold]red[/]\nsecond line'


@pytest.fixture(scope="module")
def marks() -> list[Bookmark]:
    a = load_path(SAMPLES_DIR / "003_3a060862144c74ba.txt", SAMPLES_DIR)
    b = load_path(SAMPLES_DIR / "000_d77898aa2ffd351f.txt", SAMPLES_DIR)
    start = a.text.index("military police")
    return [
        make_bookmark(a, start, start + len("military police"), note="who stopped it", tags=["convoy", "m-4"], created="2026-01-02T03:04:05Z"),
        make_bookmark(a, 10, 40, note=HOSTILE, speaker="Alexander Karpov", created="2026-01-02T03:04:06Z"),
        make_bookmark(b, 0, 25, note="=HYPERLINK(\"http://x\")", created="2026-01-02T03:04:07Z"),
    ]


def test_csl_json_has_one_item_per_article_with_its_passages(marks):
    items = json.loads(export(marks, "csljson"))
    assert [i["archive_location"] for i in items] == ["003_3a060862144c74ba.txt", "000_d77898aa2ffd351f.txt"]
    first = items[0]
    assert first["type"] == "article-newspaper"
    assert (first["title"], first["container-title"], first["issued"]) == (marks[0].title, "Newsweek", {"date-parts": [[2021, 5]]})
    assert "“military police”" in first["note"] and "who stopped it" in first["note"] and HOSTILE in first["note"]
    assert len({i["id"] for i in items}) == 2


def test_bibtex_is_read_back_by_a_bibtex_parser_with_the_passages_intact(marks):
    bibtexparser = pytest.importorskip("bibtexparser")
    from bibtexparser.middlewares import LatexDecodingMiddleware

    library = bibtexparser.parse_string(export(marks, "bibtex"), append_middleware=[LatexDecodingMiddleware()])
    assert not library.failed_blocks
    assert [e.entry_type for e in library.entries] == ["article", "article"]
    first = library.entries[0].fields_dict
    assert first["journal"].value == "Newsweek" and first["year"].value == "2021"
    # pylatexenc decodes \textasciicircum (LaTeX's ^) to the modifier letter ˆ.
    note = " ".join(first["note"].value.replace("\u02c6", "^").split())
    assert "“military police”" in note
    assert " ".join(HOSTILE.split()) in note  # every special character came back as written
    assert len({e.key for e in library.entries}) == 2


def test_csv_has_one_row_per_bookmark_and_no_formulas(marks):
    rows = list(csv.DictReader(io.StringIO(export(marks, "csv"), newline="")))
    assert [r["id"] for r in rows] == [m.id for m in marks]
    assert rows[0]["text"] == "military police" and rows[0]["tags"] == "convoy; m-4"
    assert rows[1]["note"] == HOSTILE and rows[1]["speaker"] == "Alexander Karpov"
    assert rows[2]["note"] == "'=HYPERLINK(\"http://x\")"  # a spreadsheet shows it, never runs it
    assert (int(rows[0]["start"]), int(rows[0]["end"])) == (marks[0].start, marks[0].end)


def test_markdown_and_yaml_still_export(marks, tmp_path):
    assert "military police" in export(marks, "md")
    path = tmp_path / "again.yaml"
    path.write_text(export(marks, "yaml"), encoding="utf-8")
    assert [b.id for b in BookmarkStore(path).load()] == [m.id for m in marks]


@pytest.fixture(scope="module")
def sample_incidents(tmp_path_factory):
    ix = CorpusIndex(SAMPLES_DIR, tmp_path_factory.mktemp("ix"))
    ix.update()
    incidents, _ = ix.incidents()
    yield ix, incidents
    ix.close()


def test_incidents_csv_has_acled_columns_and_gazetteer_coordinates(sample_incidents):
    ix, incidents = sample_incidents
    rows = list(csv.DictReader(io.StringIO(incidents_csv(incidents, ix.gazetteer), newline="")))
    assert tuple(rows[0])[: len(ACLED_COLUMNS)] == ACLED_COLUMNS
    assert len(rows) == len(incidents)
    tanf = next(r for r in rows if r["location"] == "Al Tanf")
    entry = ix.gazetteer.place("Al Tanf")
    assert (float(tanf["latitude"]), float(tanf["longitude"])) == (entry.lat, entry.lon)
    assert tanf["event_type"] and tanf["actor1"] and tanf["source"]
    for r in rows:
        assert r["event_date"] == "" or len(r["event_date"]) == 10


def test_geojson_points_are_longitude_then_latitude_and_in_range(sample_incidents):
    ix, incidents = sample_incidents
    text, unplaced = incidents_geojson(incidents, ix.gazetteer)
    data = json.loads(text)
    assert data["type"] == "FeatureCollection"
    assert len(data["features"]) + unplaced == len(incidents) and data["features"]
    for feature in data["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert feature["geometry"]["type"] == "Point"
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        place = ix.gazetteer.place(feature["properties"]["location"])
        want = coordinates(place.name, ix.gazetteer)
        assert (lat, lon) == want[:2]
        # Syria and its borders: longitude 35-43 E, latitude 32-38 N. Swapped, a point lands in the sea off Africa.
        assert 30 <= lon <= 50 and 28 <= lat <= 40


def test_coordinates_fall_back_to_the_wider_place():
    gaz = gazetteer.default()
    lat, lon, precision, country = coordinates("Rukban", gaz)
    assert precision == 1 and country
    own = gaz.place("Rukban")
    if own.lat is not None:
        assert (lat, lon) == (own.lat, own.lon)
    assert coordinates(None, gaz) is None and coordinates("Nowhere-at-all", gaz) is None


def test_incidents_json_matches_the_cli_json(sample_incidents):
    ix, incidents = sample_incidents
    data = json.loads(incidents_json(incidents, ix.reading()))
    assert [d["id"] for d in data] == [i.id for i in incidents]
    assert all("reports" in d and "claims" in d for d in data)


def run_cli(*args, home: Path):
    env = {"HOME": str(home), "XDG_CACHE_HOME": str(home / "cache"), "XDG_DATA_HOME": str(home / "data"), "XDG_CONFIG_HOME": str(home / "config"), "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, "-m", "tui.cli", *args], capture_output=True, text=True, env=env, cwd=Path(__file__).resolve().parents[1], timeout=120)


def test_the_cli_exports_incidents_in_every_format_and_json_stays(tmp_path):
    csv_out = run_cli("incidents", "--format", "csv", home=tmp_path)
    assert csv_out.returncode == 0, csv_out.stderr
    assert list(csv.reader(io.StringIO(csv_out.stdout)))[0][:10] == list(ACLED_COLUMNS)
    geo = run_cli("incidents", "--format", "geojson", home=tmp_path)
    assert json.loads(geo.stdout)["type"] == "FeatureCollection" and "left out" in geo.stderr
    assert json.loads(run_cli("incidents", "--format", "json", home=tmp_path).stdout) == json.loads(run_cli("incidents", "--json", home=tmp_path).stdout)


def test_the_cli_exports_bookmarks_in_every_format(tmp_path, marks):
    store = BookmarkStore(tmp_path / "b.yaml")
    for m in marks:
        store.add(m)
    for fmt, check in (
        ("csljson", lambda out: len(json.loads(out)) == 2),
        ("csv", lambda out: len(list(csv.DictReader(io.StringIO(out)))) == 3),
        ("bibtex", lambda out: out.count("@article{") == 2),
        ("md", lambda out: "military police" in out),
        ("yaml", lambda out: "military police" in out),
    ):
        done = run_cli("bookmarks", "export", "--format", fmt, "--bookmarks", str(store.path), home=tmp_path)
        assert done.returncode == 0 and check(done.stdout), (fmt, done.stderr)
    bad = run_cli("bookmarks", "export", "--format", "docx", "--bookmarks", str(store.path), home=tmp_path)
    assert bad.returncode == 2 and "invalid choice" in bad.stderr
