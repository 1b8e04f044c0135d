"""Reports of the same event, from one article or several, joined into one incident.

Two reports are one event when they are of the same type, their dates can be the
same day within their precision (a day or two apart for reports dated to the
day: outlets disagree, as on Wednesday against Thursday), their places can be
the same (equal, one inside the other by the gazetteer, or one unnamed or as
wide as a country) and their sides
overlap. Reports with no date of their own never meet on type and place alone.
Wire copies (the same passage in articles of several outlets) are one event
whatever their dates say; so are reports in articles that corpus.copies groups
as copies of one story whose passages share nearly all their words (a copy
edited lightly, or a curated report beside the copy's extracted one:
`join_copies`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import replace

from ..article import Published
from ..dates import PRECISION_RANK, compatible, span
from ..gazetteer import Gazetteer
from .incident import Incident, Report

DAY_SLACK = 2  # days between two day-precise reports of one event
_WIDE = {"Syria", "Iraq", "Jordan", "Lebanon", "Turkey", "Russia", "United States", "Middle East"}


def _dated(inc: Incident) -> bool:
    """Dated by its own text (not only by when it was published)."""
    return inc.date.date is not None and inc.date.precision != "unknown" and inc.date_from != "publication date"


def _near(a: Published, b: Published) -> bool:
    if a.precision == "day" and b.precision == "day":
        return abs((a.date - b.date).days) <= DAY_SLACK
    return compatible(a, b)


PUBLISHED_AFTER = 3  # days: a same-day report dated by its publication reports an event of the days before


def _meet(pa: str | None, pb: str | None, gaz: Gazetteer | None) -> bool:
    """Two named places that can be one event's: the same, or one inside the other."""
    return bool(pa and pb) and (pa == pb or (gaz is not None and (gaz.contains(pa, pb) or gaz.contains(pb, pa))))


def _copies(a: Incident, b: Incident) -> bool:
    """Whether a report of one is a passage reprinted in another article of the other."""
    keys = {r.copy_key for r in b.reports if r.copy_key}
    return any(r.copy_key in keys for r in a.reports if r.copy_key)


def _same_event(a: Incident, b: Incident, gaz: Gazetteer | None = None) -> bool:
    if a.type != b.type or (a.curated and b.curated):
        return False
    if set(a.article_ids) & set(b.article_ids) and not (a.curated or b.curated):
        return False  # one article told them apart: two events
    if _copies(a, b):
        return True
    pa, pb = a.place if a.place not in _WIDE else None, b.place if b.place not in _WIDE else None
    if pa and pb and not _meet(pa, pb, gaz):
        return False
    if len(a.sides) > 1 and len(b.sides) > 1 and not set(a.sides) & set(b.sides):
        return False
    dated_a, dated_b = _dated(a) or a.curated, _dated(b) or b.curated
    if dated_a and dated_b:
        if "year" in (a.date.precision, b.date.precision):
            return _meet(pa, pb, gaz) and compatible(a.date, b.date)  # a year alone meets only at the same place
        return _near(a.date, b.date)
    # Dated only by when it was published: never on type and place alone. It joins an event
    # the text dates in the few days before its publication, or, named at the same place,
    # another such report published within a day of it.
    published = [i for i in (a, b) if i.date_from == "publication date" and i.date.precision == "day"]
    if len(published) == 1:
        report, event = (a, b) if published[0] is a else (b, a)
        if (event is a and dated_a) or (event is b and dated_b):
            days = span(event.date)  # the event's first and last possible day
            return days is not None and days[0] <= report.date.date and report.date.date - dt.timedelta(days=PUBLISHED_AFTER) <= days[1]
    if len(published) == 2 and _meet(pa, pb, gaz):
        return abs((a.date.date - b.date.date).days) <= 1
    return False


def join(a: Incident, b: Incident, gaz: Gazetteer | None = None) -> Incident:
    """`a` with `b`'s reports; curated fields win, else the more precise date and the narrower place."""
    if b.curated and not a.curated:
        a, b = b, a
    reports = tuple(dict.fromkeys(a.reports + b.reports))
    if a.curated:
        return replace(a, reports=reports)
    date, date_from = min(((a.date, a.date_from), (b.date, b.date_from)), key=lambda d: (PRECISION_RANK.get(d[0].precision, 3), d[1] == "publication date"))
    place = a.place if (a.place and a.place not in _WIDE) or not b.place else b.place
    if gaz is not None and a.place and b.place and gaz.contains(a.place, b.place):
        place = b.place  # Rukban, not Homs
    return replace(
        a,
        date=date,
        date_from=date_from,
        place=place,
        actors=tuple(dict.fromkeys(a.actors + b.actors)),
        sides=tuple(dict.fromkeys(a.sides + b.sides)),
        acted_by=a.acted_by or b.acted_by,
        acted_on=a.acted_on or b.acted_on,
        reports=reports,
    )


def _distance(a: Incident, b: Incident) -> int:
    return abs((a.date.date - b.date.date).days) if a.date.date and b.date.date else 10**6


def merge_incidents(incidents: Iterable[Incident], gazetteer: Gazetteer | None = None) -> list[Incident]:
    """One incident per event: reports of the same event joined, sorted by date; the
    gazetteer, where given, tells which places lie inside which.

    An incident is compared only with those of its type within a month of it (and
    with those dated only to its year), so a corpus of thousands of articles merges
    in well under a second.
    """
    merged: list[Incident] = []
    by_month: dict[tuple, list[int]] = {}  # (type, year, month) -> incidents dated to a day or a month
    by_year: dict[tuple, list[int]] = {}  # (type, year) -> every incident of that year
    year_only: dict[tuple, list[int]] = {}  # (type, year) -> incidents dated to the year alone
    by_copy: dict[str, list[int]] = {}  # a passage's copy key -> the incidents reporting it
    for inc in sorted(incidents, key=lambda i: (not i.curated, PRECISION_RANK.get(i.date.precision, 3), i.sort_key)):
        candidates: set[int] = set()
        day = inc.date.date
        if day is not None and inc.date.precision == "year":
            candidates = set(by_year.get((inc.type, day.year), ()))
        elif day is not None:
            first = day.replace(day=1)
            previous = (first - dt.timedelta(days=1)).replace(day=1)
            following = (first + dt.timedelta(days=32)).replace(day=1)
            candidates = {k for d in (previous, first, following) for k in by_month.get((inc.type, d.year, d.month), ())}
            candidates |= set(year_only.get((inc.type, day.year), ()))
        candidates |= {k for r in inc.reports if r.copy_key for k in by_copy.get(r.copy_key, ())}
        matches = [k for k in sorted(candidates) if _same_event(merged[k], inc, gazetteer)]
        if matches:
            k = min(matches, key=lambda k: _distance(merged[k], inc))  # the nearest in time
            merged[k] = join(merged[k], inc, gazetteer)
            for r in inc.reports:
                if r.copy_key:
                    by_copy.setdefault(r.copy_key, []).append(k)
            continue
        merged.append(inc)
        k = len(merged) - 1
        for r in inc.reports:
            if r.copy_key:
                by_copy.setdefault(r.copy_key, []).append(k)
        if day is not None:
            by_year.setdefault((inc.type, day.year), []).append(k)
            if inc.date.precision == "year":
                year_only.setdefault((inc.type, day.year), []).append(k)
            elif inc.date.precision != "unknown":
                by_month.setdefault((inc.type, day.year, day.month), []).append(k)
    return sorted(merged, key=lambda i: i.sort_key)


COPY_WORDS = 0.8  # the share of their words two passages of copies share to report one event


def _words(text: str | None) -> set[str]:
    return set(re.findall(r"\w+", text.lower())) if text else set()


def join_copies(
    incidents: list[Incident], group_of: dict[str, tuple[str, ...]], passage: Callable[[Report], str | None], gazetteer: Gazetteer | None = None
) -> list[Incident]:
    """Incidents of one type reported in two articles of one group of copies by passages
    sharing at least COPY_WORDS of their words, joined (the curated one wins). Only
    incidents with a grouped article are looked at; `passage(report)` gives a report's text."""
    by_group: dict[tuple[str, ...], list[int]] = {}
    for k, inc in enumerate(incidents):
        for group in {group_of[a] for a in inc.article_ids if a in group_of}:
            by_group.setdefault(group, []).append(k)
    parent = list(range(len(incidents)))

    def find(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    words: dict[Report, set[str]] = {}

    def of(r: Report) -> set[str]:
        if r not in words:
            words[r] = _words(passage(r))
        return words[r]

    for group, members in by_group.items():
        for x, y in ((x, y) for n, x in enumerate(members) for y in members[n + 1 :]):
            a, b = incidents[x], incidents[y]
            if a.type != b.type or (a.curated and b.curated) or find(x) == find(y) or set(a.article_ids) & set(b.article_ids):
                continue
            pairs = ((ra, rb) for ra in a.reports if ra.article_id in group for rb in b.reports if rb.article_id in group)
            if any(len(of(ra) & of(rb)) >= COPY_WORDS * max(len(of(ra)), len(of(rb)), 1) for ra, rb in pairs):
                parent[find(y)] = find(x)
    if all(parent[k] == k for k in range(len(parent))):
        return incidents
    joined: dict[int, Incident] = {}
    for k, inc in enumerate(incidents):
        root = find(k)
        joined[root] = join(joined[root], inc, gazetteer) if root in joined else inc
    return sorted(joined.values(), key=lambda i: i.sort_key)
