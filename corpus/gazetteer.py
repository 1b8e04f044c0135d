"""The gazetteer: places, actors and people with their spelling variants.

The table is read in layers, each extending or overriding the one before:

1. the shipped table (part of the package: not for editing, an upgrade
   replaces it): the GeoNames places of Syria and its border regions
   (``geo/places.tsv``, built by ``python3 -m corpus.geo.build``) under the
   hand-made ``gazetteer.yaml`` beside this file, which names the military
   sites and features GeoNames lacks and overrides its spellings;
2. the user's ``gazetteer.yaml`` in their config folder
   (``$XDG_CONFIG_HOME/deconflict-tui`` on Linux), for every corpus;
3. a ``gazetteer.yaml`` in the corpus folder, beside ``incidents.yaml``, for
   that corpus only.

An entry of a later layer with the name of an earlier one adds its aliases and
replaces its coordinates (and its country, ``within``, feature and population,
where it gives them); ``hide: true`` removes it. A place's ``within`` names the
place it lies in (Rukban within Homs, Homs within Syria), so that a report of
one can be known to be inside the other. A user's file that cannot
be read is left out with one warning naming the file and the line, and the
table is what the other layers give. Nothing is read at import time.

Search uses the variant groups so that spellings meet (At-Tanf and Al Tanf,
Hasakeh and Hasakah, Sergei and Sergey Lavrov); analysis finds the places and
actors an article names with the table's `matcher` (`corpus.matcher`).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import platformdirs
import yaml

from . import matcher, safe_yaml
from .geo import table

SHIPPED_PATH = Path(__file__).resolve().parent / "gazetteer.yaml"
FILE_NAME = "gazetteer.yaml"
APP_NAME = "deconflict-tui"
SECTIONS = (("places", "place"), ("actors", "actor"), ("people", "person"))
KINDS = tuple(kind for _, kind in SECTIONS)


@dataclass(frozen=True)
class Entry:
    name: str
    kind: str  # "place", "actor" or "person"
    aliases: tuple[str, ...] = ()
    lat: float | None = None
    lon: float | None = None
    # Places only, each optional:
    country: str = ""  # ISO 3166 alpha-2 ("SY")
    within: str = ""  # the name of the place it lies in: its governorate or province, else its country
    feature: str = ""  # what kind of place: "governorate", "populated place", "base", "river", "country"…
    population: int = 0

    @property
    def spellings(self) -> tuple[str, ...]:
        """The name and every alias, each once, longest first."""
        seen: dict[str, str] = {}
        for s in (self.name, *self.aliases):
            seen.setdefault(s.casefold(), s)
        return tuple(sorted(seen.values(), key=len, reverse=True))


# eq=False: a gazetteer is hashed by identity. Tables derived from one are cached
# per gazetteer, and hashing every entry on each look-up would cost more than the look-up.
@dataclass(frozen=True, eq=False)
class Gazetteer:
    entries: tuple[Entry, ...]

    def of_kind(self, kind: str) -> tuple[Entry, ...]:
        return _of_kind(self, kind)

    def variant_groups(self, kinds: tuple[str, ...] = ("place", "person")) -> list[tuple[str, ...]]:
        """Groups of spellings that name the same thing, for alias-aware search.

        Actors are left out by default: "Washington" is not a spelling of "US"
        for someone searching the text.
        """
        return [e.spellings for e in self.entries if e.kind in kinds and len(e.spellings) > 1]

    def matcher(self, kind: str) -> matcher.Matcher:
        """What finds the spellings of `kind` in a text (built once per gazetteer and kind)."""
        return _matcher(self, kind)

    def pattern(self, kind: str) -> re.Pattern[str]:
        """The spellings of `kind` as one regex alternation: what `matcher` replaced, kept
        as the benchmarks' baseline (tests/bench/gazetteer_bench.py)."""
        return _pattern(self, kind)

    def place(self, name: str) -> Entry | None:
        """The place of that name (any case), if the table has it."""
        return _places(self).get(name.casefold())

    def wider(self, name: str) -> tuple[str, ...]:
        """The places `name` lies in, nearest first: "Rukban" → ("Homs", "Syria")."""
        chain: list[str] = []
        seen = {name.casefold()}
        entry = self.place(name)
        while entry is not None and entry.within and entry.within.casefold() not in seen:
            seen.add(entry.within.casefold())
            outer = self.place(entry.within)
            chain.append(outer.name if outer is not None else entry.within)
            entry = outer
        return tuple(chain)

    def contains(self, outer: str, inner: str) -> bool:
        """Whether the place `inner` lies in the place `outer` (not the same place)."""
        return outer.casefold() in {n.casefold() for n in self.wider(inner)}

    def most_specific(self, names: Iterable[str]) -> str | None:
        """The first of the places `names` that is not a country and holds none of the others."""
        names = list(dict.fromkeys(names))
        for name in names:
            entry = self.place(name)
            if entry is not None and entry.feature == "country":
                continue
            if not any(other != name and self.contains(name, other) for other in names):
                return name
        return None

    @functools.cached_property
    def digest(self) -> str:
        """A hash of the whole table: what the index's documents were derived with."""
        rows = [[e.kind, e.name, list(e.aliases), e.lat, e.lon, e.country, e.within, e.feature, e.population] for e in self.entries]
        return hashlib.sha1(json.dumps(rows, ensure_ascii=False).encode("utf-8")).hexdigest()


@functools.lru_cache(maxsize=32)
def _of_kind(gazetteer: Gazetteer, kind: str) -> tuple[Entry, ...]:
    return tuple(e for e in gazetteer.entries if e.kind == kind)


@functools.lru_cache(maxsize=32)
def _pattern(gazetteer: Gazetteer, kind: str) -> re.Pattern[str]:
    spellings = sorted({s for e in gazetteer.of_kind(kind) for s in e.spellings}, key=len, reverse=True)
    if not spellings:
        return re.compile(r"(?!)")  # matches nothing
    alternatives = "|".join(re.escape(s) for s in spellings)
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


@functools.lru_cache(maxsize=32)
def _matcher(gazetteer: Gazetteer, kind: str) -> matcher.Matcher:
    return matcher.build(gazetteer.of_kind(kind), kind)


@functools.lru_cache(maxsize=32)
def _places(gazetteer: Gazetteer) -> dict[str, Entry]:
    return {e.name.casefold(): e for e in gazetteer.of_kind("place")}


EMPTY = Gazetteer(())


# -- reading a file ------------------------------------------------------------


def parse(data: object, node: yaml.Node | None = None, path: Path | str = FILE_NAME) -> tuple[list[tuple[Entry, bool]], list[str]]:
    """The entries of one file's data (each with whether it says ``hide: true``), and
    a warning, with its line, for each entry that is not one."""
    if data is None:
        return [], []
    if not isinstance(data, dict):
        return [], [f"{path}, line {safe_yaml.line_of(node) or 1}: expected a mapping with places, actors and people; left out"]
    entries: list[tuple[Entry, bool]] = []
    warnings: list[str] = []
    for section, kind in SECTIONS:
        items = data.get(section)
        section_node = safe_yaml.value_node(node, section)
        if items is None:
            continue
        if not isinstance(items, list):
            warnings.append(f"{path}, line {safe_yaml.line_of(section_node)}: '{section}' should be a list; left out")
            continue
        for n, item in enumerate(items):
            item_node = section_node.value[n] if isinstance(section_node, yaml.SequenceNode) else None
            entry, problem = _entry(item, kind)
            if problem:
                line = safe_yaml.line_of(item_node)
                warnings.append(f"{path}, line {line}: {problem}; entry left out" if line else f"{path}: {problem}; entry left out")
                continue
            entries.append(entry)
    return entries, warnings


def _entry(item: object, kind: str) -> tuple[tuple[Entry, bool] | None, str | None]:
    if not isinstance(item, dict):
        return None, "an entry should be a mapping with a 'name'"
    name = item.get("name")
    if not isinstance(name, str) or not name.strip():
        return None, "an entry has no 'name'"
    raw_aliases = item.get("aliases") or ()
    if isinstance(raw_aliases, str):
        raw_aliases = [raw_aliases]
    if not isinstance(raw_aliases, list | tuple):
        return None, f"the aliases of {name!r} should be a list"
    aliases = tuple(str(a).strip() for a in raw_aliases if a is not None and str(a).strip())
    coords = []
    for key in ("lat", "lon"):
        value = item.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
            return None, f"{key} of {name!r} is not a number: {value!r}"
        coords.append(None if value is None else float(value))
    lat, lon = coords
    if (lat is not None and not -90 <= lat <= 90) or (lon is not None and not -180 <= lon <= 180):
        return None, f"the coordinates of {name!r} are out of range"
    words = {}
    for k in ("country", "within", "feature"):
        value = item.get(k)
        if value is not None and not isinstance(value, str):
            return None, f"{k} of {name!r} should be a name: {value!r}"
        words[k] = (value or "").strip()
    population = item.get("population") or 0
    if isinstance(population, bool) or not isinstance(population, int) or population < 0:
        return None, f"population of {name!r} is not a whole number: {population!r}"
    return (Entry(name.strip(), kind, aliases, lat, lon, population=population, **words), bool(item.get("hide"))), None


def merge(base: Gazetteer, layer: list[tuple[Entry, bool]]) -> Gazetteer:
    """`base` extended by a later layer: same kind and name adds aliases and replaces
    coordinates and whatever else the later entry says (country, within, feature,
    population); ``hide`` removes; a new name is added."""
    entries: dict[tuple[str, str], Entry] = {(e.kind, e.name.casefold()): e for e in base.entries}
    for entry, hide in layer:
        key = (entry.kind, entry.name.casefold())
        if hide:
            entries.pop(key, None)
            continue
        old = entries.get(key)
        if old is not None:
            aliases = tuple(dict.fromkeys(old.aliases + entry.aliases))
            lat, lon = (entry.lat, entry.lon) if entry.lat is not None and entry.lon is not None else (old.lat, old.lon)
            entry = Entry(
                old.name, old.kind, aliases, lat, lon,
                entry.country or old.country, entry.within or old.within, entry.feature or old.feature, entry.population or old.population,
            )
        entries[key] = entry
    return Gazetteer(tuple(entries.values()))


# -- the layers -------------------------------------------------------------------


@dataclass(frozen=True)
class Layer:
    path: Path
    role: str  # what the file is for, in the user's words

    @property
    def exists(self) -> bool:
        return self.path.is_file()


def user_path() -> Path:
    """The user's own gazetteer, for every corpus (honours XDG_CONFIG_HOME on Linux)."""
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / FILE_NAME


def layers(corpus_dir: str | Path | None = None) -> tuple[Layer, ...]:
    """The files the table is read from, in order: shipped, the user's, the corpus's."""
    found = [Layer(SHIPPED_PATH, "shipped with deconflict-tui (not for editing)"), Layer(user_path(), "yours, for every corpus")]
    if corpus_dir is not None:
        found.append(Layer(Path(corpus_dir).resolve() / FILE_NAME, "yours, for this corpus"))
    return tuple(found)


@dataclass(frozen=True)
class Loaded:
    """The table the layers give, the layers, and what was wrong with any of them."""

    gazetteer: Gazetteer
    layers: tuple[Layer, ...]
    warnings: tuple[str, ...] = ()


_CACHE: dict[tuple, Loaded] = {}
_CACHE_LOCK = threading.Lock()


def load_for(corpus_dir: str | Path | None = None) -> Loaded:
    """The gazetteer for a corpus folder (or for no folder: shipped and the user's).

    Read again only when one of its files changed (by size and modification time).
    """
    found = layers(corpus_dir)
    key = tuple((str(layer.path), *_identity(layer.path)) for layer in found)
    with _CACHE_LOCK:
        cached = _CACHE.get(key)
    if cached is not None:
        return cached
    gazetteer = shipped()
    warnings: list[str] = []
    for layer in found[1:]:
        if not layer.exists:
            continue
        try:
            node, data = safe_yaml.read_file(layer.path)
        except safe_yaml.FileProblem as exc:
            warnings.append(f"{exc}; the gazetteer is used without this file")
            continue
        entries, problems = parse(data, node, layer.path)
        warnings.extend(problems)
        gazetteer = merge(gazetteer, entries)
    loaded = Loaded(gazetteer, found, tuple(warnings))
    with _CACHE_LOCK:
        if len(_CACHE) > 16:
            _CACHE.clear()
        _CACHE[key] = loaded
    return loaded


def _identity(path: Path) -> tuple[int, int]:
    try:
        st = os.stat(path)
    except OSError:
        return (-1, -1)
    return (st.st_size, st.st_mtime_ns)


@functools.lru_cache(maxsize=1)
def shipped() -> Gazetteer:
    """The table shipped with the package (read on first use): the GeoNames table of
    Syria and its borders (`corpus.geo.table`), under the hand-made ``gazetteer.yaml``."""
    with open(SHIPPED_PATH, encoding="utf-8") as f:
        data = yaml.safe_load(f)
    entries, problems = parse(data, None, SHIPPED_PATH)
    if problems:  # the package's own file: a broken one is a bug, not a user's edit
        raise ValueError("; ".join(problems))
    return merge(merge(EMPTY, table_entries()), entries)


def table_entries() -> list[tuple[Entry, bool]]:
    """The rows of the GeoNames table as places (none hidden)."""
    return [(Entry(r.name, "place", r.variants, r.lat, r.lon, r.country, r.within, r.feature, r.population), False) for r in table.read()]


def default() -> Gazetteer:
    """The table for no corpus in particular: shipped, extended by the user's own file."""
    return load_for(None).gazetteer
