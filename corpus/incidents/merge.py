"""Reports of the same event, from one article or several, joined into one incident."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from ..dates import PRECISION_RANK, compatible
from .incident import Incident


def _same_event(a: Incident, b: Incident) -> bool:
    if a.type != b.type or (a.curated and b.curated):
        return False
    if not compatible(a.date, b.date):
        return False
    if PRECISION_RANK.get(a.date.precision, 3) > 1 and PRECISION_RANK.get(b.date.precision, 3) > 1:
        return False  # two undated reports are too weak to call one event
    if a.place and b.place and a.place != b.place:
        return False
    return not (a.actors and b.actors) or bool(set(a.actors) & set(b.actors))


def join(a: Incident, b: Incident) -> Incident:
    """`a` with `b`'s reports; curated fields win, else the more precise date and the known place."""
    if b.curated and not a.curated:
        a, b = b, a
    reports = tuple(dict.fromkeys(a.reports + b.reports))
    if a.curated:
        return replace(a, reports=reports)
    date = min((a.date, b.date), key=lambda d: PRECISION_RANK.get(d.precision, 3))
    return replace(
        a,
        date=date,
        place=a.place or b.place,
        actors=tuple(dict.fromkeys(a.actors + b.actors)),
        reports=reports,
    )


def _bucket(inc: Incident) -> tuple | None:
    """Where an incident can only meet its own month: (type, year, month), or None when vaguer."""
    if inc.date.date is None or PRECISION_RANK.get(inc.date.precision, 3) > 1:
        return None
    return (inc.type, inc.date.date.year, inc.date.date.month)


def merge_incidents(incidents: Iterable[Incident]) -> list[Incident]:
    """One incident per event: reports of the same event (type, date, place, actors) joined.

    Incidents dated to a day or month are only compared within their month, so a
    corpus of thousands of articles merges in well under a second.
    """
    merged: list[Incident] = []
    by_month: dict[tuple, list[int]] = {}
    vague: dict[str, list[int]] = {}  # by type: incidents dated to a year or not at all
    by_type: dict[str, list[int]] = {}
    for inc in sorted(incidents, key=lambda i: (not i.curated, i.sort_key)):
        key = _bucket(inc)
        if key is None:
            candidates = by_type.get(inc.type, [])
        else:
            candidates = sorted(by_month.get(key, []) + vague.get(inc.type, []))
        for k in candidates:
            if _same_event(merged[k], inc):
                was = _bucket(merged[k])
                merged[k] = join(merged[k], inc)
                now = _bucket(merged[k])
                if was is None and now is not None:
                    vague[inc.type].remove(k)
                    by_month.setdefault(now, []).append(k)
                break
        else:
            k = len(merged)
            merged.append(inc)
            by_type.setdefault(inc.type, []).append(k)
            (by_month.setdefault(key, []) if key else vague.setdefault(inc.type, [])).append(k)
    return sorted(merged, key=lambda i: i.sort_key)
