"""The gazetteer: the shipped table (GeoNames under the hand-made file) and the user's own.

Issue 12: the user's file, beside the corpus or in the config folder, extends or
overrides the shipped table; a broken one is left out with one warning naming the
file and line, everything else keeps working on the rest, and nothing of it is
read at import time. The GeoNames table (corpus/geo/): its places are found in
text, each knows the place it lies in, spellings meet in search, and the false
friends stay out.
"""

from __future__ import annotations

import collections
import os
import subprocess
import sys
from pathlib import Path

import pytest

from corpus import gazetteer
from corpus.geo import build as geo_build
from corpus.geo import table as geo_table
from corpus.incidents import extract_incidents
from corpus.loader import parse_article
from corpus.matcher import fold, key
from index import CorpusIndex
from index.query import expand_aliases

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def corpus(tmp_path) -> Path:
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "a.txt").write_text("Talks at the base\n\nThe envoys met at Al Tanf and later at Qaryatayn.\n", encoding="utf-8")
    return root


def user_file() -> Path:
    path = gazetteer.user_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def test_the_user_file_lives_in_the_config_folder():
    assert gazetteer.user_path() == Path(os.environ["XDG_CONFIG_HOME"]) / "deconflict-tui" / "gazetteer.yaml"


def test_layers_extend_override_and_hide(corpus):
    user_file().write_text(
        "places:\n  - name: Al Tanf\n    aliases: [Tanf garrison]\n  - name: Qaryatayn\n    aliases: [Al-Qaryatayn]\n    lat: 34.23\n    lon: 37.24\n",
        encoding="utf-8",
    )
    (corpus / "gazetteer.yaml").write_text(
        "places:\n  - name: Qaryatayn\n    lat: 34.2\n    lon: 37.2\n  - name: Aleppo\n    hide: true\n", encoding="utf-8"
    )
    loaded = gazetteer.load_for(corpus)
    assert loaded.warnings == ()
    places = {e.name: e for e in loaded.gazetteer.of_kind("place")}
    assert {"At-Tanf", "Tanf garrison"} <= set(places["Al Tanf"].aliases)  # shipped aliases kept, the user's added
    assert (places["Qaryatayn"].lat, places["Qaryatayn"].lon) == (34.2, 37.2)  # the corpus's coordinates win
    assert places["Qaryatayn"].aliases == ("Al-Qaryatayn",)
    assert "Aleppo" not in places and "Aleppo" in {e.name for e in gazetteer.shipped().of_kind("place")}
    # Without the corpus, only the user's file extends the shipped table.
    assert "Aleppo" in {e.name for e in gazetteer.load_for(None).gazetteer.of_kind("place")}


def test_search_and_reading_use_the_users_spellings(corpus):
    (corpus / "gazetteer.yaml").write_text("places:\n  - name: Qaryatayn\n    aliases: [Al-Qaryatayn, Qaryatain]\n", encoding="utf-8")
    ix = CorpusIndex(corpus)
    ix.update()
    assert [h.article for h in ix.search("Qaryatain").hits] == ["a.txt"]
    article = ix.load_article("a.txt")
    assert "Qaryatayn" in {p.name for p in ix.analyze(article).places}
    ix.close()


def test_an_edited_gazetteer_rebuilds_the_index(corpus):
    ix = CorpusIndex(corpus)
    assert ix.update().rebuilt
    assert not ix.update().rebuilt
    (corpus / "gazetteer.yaml").write_text("places:\n  - name: Qaryatayn\n", encoding="utf-8")
    assert ix.update().rebuilt  # places are stored per article: they are read again
    assert [h.article for h in ix.search("places:Qaryatayn").hits] == ["a.txt"]
    ix.close()


BROKEN = "places:\n  - name: Qaryatayn\n    aliases: [Al-Qaryatayn\n  - name: Other\n"


@pytest.mark.parametrize("where", ["config", "corpus"])
def test_a_broken_user_file_is_named_with_its_line_and_the_shipped_table_still_works(corpus, where):
    path = user_file() if where == "config" else corpus / "gazetteer.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    ix = CorpusIndex(corpus)
    report = ix.update()
    assert (report.indexed, report.skipped) == (1, 0)
    [problem] = report.problems
    assert problem.startswith(f"{path}, line 4: not valid YAML") and "used without this file" in problem
    assert [h.article for h in ix.search("At-Tanf").hits] == ["a.txt"]  # shipped spellings still meet
    ix.close()
    assert path.read_text(encoding="utf-8") == BROKEN  # never touched


def test_a_bad_entry_is_left_out_and_the_rest_of_the_file_used(corpus):
    (corpus / "gazetteer.yaml").write_text(
        "places:\n  - name: Qaryatayn\n  - aliases: [nameless]\n  - name: Far\n    lat: north\n", encoding="utf-8"
    )
    loaded = gazetteer.load_for(corpus)
    path = corpus / "gazetteer.yaml"
    assert loaded.warnings == (
        f"{path}, line 3: an entry has no 'name'; entry left out",
        f"{path}, line 4: lat of 'Far' is not a number: 'north'; entry left out",
    )
    assert "Qaryatayn" in {e.name for e in loaded.gazetteer.of_kind("place")}


def cli(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tui.cli", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_the_cli_says_where_the_gazetteer_is_read_from_and_warns_once_of_a_broken_one(corpus):
    env = os.environ.copy()
    done = cli("gazetteer", "--path", "--corpus", str(corpus), env=env)
    assert done.returncode == 0
    assert done.stdout.splitlines() == [str(gazetteer.SHIPPED_PATH), str(gazetteer.user_path()), str(corpus.resolve() / "gazetteer.yaml")]
    (corpus / "gazetteer.yaml").write_text(BROKEN, encoding="utf-8")
    done = cli("search", "At-Tanf", "--corpus", str(corpus), "--json", env=env)
    assert done.returncode == 0 and '"a.txt"' in done.stdout
    assert "Traceback" not in done.stderr
    assert done.stderr.count("gazetteer.yaml, line 4: not valid YAML") == 1
    summary = cli("gazetteer", "--corpus", str(corpus), env=env)
    assert summary.returncode == 1 and "line 4" in summary.stderr and "yours, for this corpus" in summary.stdout


def test_nothing_reads_the_gazetteer_at_import(tmp_path):
    """Importing every module of the three packages opens no gazetteer file, nor the GeoNames
    table (an audit hook sees every open)."""
    code = (
        "import sys, pkgutil, importlib\n"
        "opened = []\n"
        "sys.addaudithook(lambda event, args: opened.append(str(args[0])) if event == 'open' else None)\n"
        "for package in ('corpus', 'index', 'tui'):\n"
        "    importlib.import_module(package)\n"
        "    for m in pkgutil.walk_packages(importlib.import_module(package).__path__, package + '.'):\n"
        "        importlib.import_module(m.name)\n"
        "print([p for p in opened if p.endswith(('gazetteer.yaml', 'places.tsv'))])\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


# -- the GeoNames table and the hand-made layer ----------------------------------------------

def places_in(text: str) -> list[str]:
    return [name for name, _, _ in gazetteer.shipped().matcher("place").find(text)]


@pytest.mark.parametrize(
    "sentence, place",
    [
        ("The patrol was stopped near Dayrick on Tuesday.", "Dayrick"),
        ("A convoy was turned back near Derik.", "Dayrick"),
        ("Officials in al-Malikiyah said the road was closed.", "Dayrick"),
        ("Russian police set up a post at Tell Tamr.", "Tal Tamr"),
        ("Fighting near Tall Tamr went on for days.", "Tal Tamr"),
        ("The strikes near Khasham killed dozens.", "Khasham"),
        ("Militias moved toward Abu Kamal overnight.", "Abu Kamal"),
        ("The crossing at Al-Bukamal reopened.", "Abu Kamal"),
        ("US forces flew from Shaddadi.", "Al-Shaddadi"),
        ("A Syrian jet was shot down near Ja'Din.", "Ja'Din"),
        ("A Syrian jet was shot down near Ja’din.", "Ja'Din"),
        ("Aircraft stayed west of the Euphrates.", "Euphrates"),
        ("They crossed the Euphrates deconfliction line twice.", "Euphrates deconfliction line"),
        ("Shelling hit Al-Mayadin and Hajin.", "Al Mayadin"),
        ("Patrols left Qamişlo at dawn.", "Qamishli"),
        ("Jets flew over the 55-km deconfliction zone.", "Al Tanf deconfliction zone"),
        ("The aircraft landed at Deir ez-Zor airport.", "Deir ez-Zor airport"),
        ("A drone hit Tower 22 in Jordan.", "Tower 22"),
        ("A Russian jet clipped a drone over the Black Sea.", "Black Sea"),
    ],
)
def test_places_the_old_table_missed_are_found(sentence, place):
    assert place in places_in(sentence)


def test_the_longest_spelling_wins_and_whole_words_only():
    assert places_in("They met at Deir ez-Zor airport, then in Deir ez-Zor.") == ["Deir ez-Zor airport", "Deir ez-Zor"]
    assert places_in("The Hasakah-based group and Homsville") == []  # a hyphenated compound, a longer word
    assert places_in("Troops at Al-Tanf, At Tanf and al Tanf") == ["Al Tanf"] * 3


def test_each_place_knows_the_place_it_lies_in():
    table = gazetteer.shipped()
    assert table.wider("Rukban") == ("Homs", "Syria")
    assert table.wider("Al Tanf") == ("Homs", "Syria")
    assert table.wider("Khasham") == ("Deir ez-Zor", "Syria")
    assert table.wider("Dayrick") == ("Hasakah", "Syria")
    assert table.wider("Al Mayadin") == ("Deir ez-Zor", "Syria")  # a place of the GeoNames table only
    assert table.contains("Homs", "Rukban") and table.contains("Syria", "Rukban")
    assert not table.contains("Rukban", "Homs") and not table.contains("Hasakah", "Rukban") and not table.contains("Homs", "Homs")
    assert table.most_specific(["Syria", "Homs", "Rukban"]) == "Rukban"
    assert table.most_specific(["Syria"]) is None  # a country is never an incident's place
    rukban = table.place("rukban")
    assert (rukban.country, rukban.feature) == ("SY", "camp")


def test_an_incident_is_placed_at_the_most_specific_place_it_names():
    text = "---\npublished: 2019-11-20\n---\nHeadline\n\nRussian troops blocked a U.S. convoy in Homs province near Rukban on Nov. 18.\n"
    [incident] = [i for i in extract_incidents(parse_article("x.txt", text)) if i.type == "ground_confrontation"]
    assert incident.place == "Rukban"
    two = ("---\npublished: 2019-11-20\n---\nHeadline\n\nRussian troops blocked a U.S. convoy in Homs on Nov. 18.\n\n"
           "The Russian troops blocked the convoy near Rukban on Nov. 18, officials said.\n")
    [incident] = [i for i in extract_incidents(parse_article("x.txt", two)) if i.type == "ground_confrontation"]
    assert incident.place == "Rukban" and len(incident.reports) == 2  # one event, at the narrower place


def test_spellings_meet_in_search_and_common_words_do_not_expand():
    table = gazetteer.shipped()
    for typed, expected in (("Tanf", {'"Al Tanf"', '"At-Tanf"'}), ("Hasakeh", {"Hasakah", '"Al-Hasakah"'}), ("Derik", {"Dayrick", '"Al-Malikiyah"'})):
        text, notes = expand_aliases(typed, table)
        assert expected <= set(text.strip("()").split(" OR ")) and notes, typed
    for word in ("tell", "salt", "main", "duma", "as", "al", "tal", "bab", "Alley"):
        assert expand_aliases(word, table) == (word, []), word


def test_false_friends_stay_out():
    assert places_in("Tell me why. As salt prices rose, the bab was closed; aleppo in lowercase.") == []
    assert places_in("The Duma voted. Vasco da Gama sailed.") == []
    assert places_in("He said us and is, but US forces and IS fighters") == []
    actors = [n for n, _, _ in gazetteer.shipped().matcher("actor").find("IS fighters met us, and US forces")]
    assert actors == ["Islamic State", "United States"]


def test_uk_news_names_few_syrian_places():
    """The BBC folder is UK news of 2004-05: a populated place of the GeoNames table found there is
    almost always a false friend (a name or a word), so there must be next to none."""
    here = [ROOT.parent / "shared" / "corpora" / "bbc-news-2225", Path("/work/shared/corpora/bbc-news-2225")]
    folder = next((f for f in here if f.is_dir()), None)
    if folder is None:
        pytest.skip("the BBC folder is not here (it lives in ../shared)")
    table = gazetteer.shipped()
    towns = collections.Counter()
    for path in folder.glob("*.txt"):
        for name, _, _ in table.matcher("place").find(path.read_text(encoding="utf-8", errors="replace")):
            if table.place(name).feature == "populated place":
                towns[name] += 1
    assert sum(towns.values()) <= 3, towns


def test_the_table_is_small_credited_and_consistent():
    text = geo_table.TABLE_PATH.read_text(encoding="utf-8")
    assert geo_table.TABLE_PATH.stat().st_size < 2_000_000
    assert "CC BY 4.0" in text.split("\n\t")[0] and "GeoNames" in text.splitlines()[2]
    rows = geo_table.read()
    names = {r.name.casefold() for r in rows} | {e.name.casefold() for e in gazetteer.shipped().of_kind("place")}
    assert all(r.within.casefold() in names or r.within == "Turkey" for r in rows)
    keys = [key(s) for r in rows for s in (r.name, *r.variants)]
    assert len(keys) == len(set(keys))  # a spelling names one place
    assert {r.country for r in rows} == {"SY", "IQ", "JO", "LB", "TR"} and sum(r.country == "SY" for r in rows) > 250


def test_folding_keeps_the_length():
    for text in ("Qamişlo", "Ja’din", "İncirlik", "Ḩamāh", "Al-Tanf", "Ørsted"):
        assert len(fold(text)) == len(text)
    assert fold("Ḩamāh Al-Tanf Ja’din") == "hamah al tanf ja'din"


def test_a_user_file_extends_the_table_and_a_bad_field_is_reported(corpus):
    (corpus / "gazetteer.yaml").write_text(
        "places:\n  - name: Al Mayadin\n    aliases: [Mayadeen city]\n    feature: city\n"
        "  - name: Tanf pocket\n    within: Al Tanf\n  - name: Somewhere\n    within: [Homs]\n  - name: Abu Kamal\n    hide: true\n",
        encoding="utf-8",
    )
    loaded = gazetteer.load_for(corpus)
    assert loaded.warnings == (f"{corpus / 'gazetteer.yaml'}, line 7: within of 'Somewhere' should be a name: ['Homs']; entry left out",)
    table = loaded.gazetteer
    mayadin = table.place("Al Mayadin")
    assert "Mayadeen city" in mayadin.aliases and mayadin.feature == "city" and mayadin.within == "Deir ez-Zor"  # kept from the table
    assert table.wider("Tanf pocket") == ("Al Tanf", "Homs", "Syria")
    assert table.place("Abu Kamal") is None
    assert "Al Mayadin" in [n for n, _, _ in table.matcher("place").find("Shelling near Mayadeen city")]


def test_the_builder_keeps_only_safe_spellings():
    """The builder's rules on made-up data (the real sources are not needed)."""
    city = geo_build.City
    cities = [
        city(1, "Ḩims", 34.7, 36.7, "SY", "SY.11", 700_000, ("Homs", "hms", "QHS", "Emesa", "Hims")),
        city(2, "Tall Bayda", 35.0, 37.0, "SY", "SY.11", 600, ("Tell", "Tall Bayda", "As Salt", "Alpha")),
        city(3, "Al Karamah", 35.1, 37.1, "SY", "SY.11", 900, ("Karamah",)),
        city(4, "Al Karamah", 36.0, 38.0, "SY", "SY.11", 300, ()),
        city(5, "Nearby", 33.5, 38.6, "SY", "SY.11", 800, ("At Tanf",)),
    ]
    divisions = [geo_build.Division("SY.11", 9, "Homs", "province", ("Ḩimş", "Homs Governorate"))]
    hand = geo_build.Hand({key("Al Tanf"): ("Al Tanf", 33.5, 38.65), key("At Tanf"): ("Al Tanf", 33.5, 38.65)}, frozenset({key("Alpha")}))
    words = {"tell": 5.5, "salt": 4.6, "as": 7.0, "emesa": 1.0}
    rows = geo_build.build(cities, divisions, hand, lambda w: words.get(w, 1.0), {})
    by_name = {r.name: r for r in rows}
    homs = by_name["Homs"]  # the city that names its governorate is one row with it
    assert (homs.feature, homs.within, homs.population, homs.lat) == ("province", "Syria", 700_000, 34.7)
    assert "hms" not in homs.variants and "QHS" not in homs.variants and "Emesa" not in homs.variants  # machine, code, another language
    bayda = by_name["Tall Bayda"]
    assert bayda.within == "Homs" and {"Tell Bayda", "Tal Bayda", "Tel Bayda"} <= set(bayda.variants)
    assert not {"Tell", "As Salt", "Alpha"} & set(bayda.variants)  # English words, an actor's spelling
    assert [r.geonameid for r in rows if r.name == "Al Karamah"] == [3]  # two of one name: the more populous
    assert "Al Tanf" in by_name and by_name["Al Tanf"].geonameid == 5  # named after the hand-made place it is
