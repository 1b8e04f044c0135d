"""The curated ``incidents.yaml`` beside a corpus: the analyst's corrections win over extraction.

An entry adds an incident, corrects the extracted one it points at (same ``id``,
or an evidence passage that overlaps), or hides it (``hide: true``). Passages are
given as quoted text, so the file survives edits of the articles around them. A
file or an entry that cannot be used is reported with the file and the line;
the extracted incidents are kept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from .. import safe_yaml
from ..article import Article, Published, find_passages
from ..dates import parse_date
from ..gazetteer import Gazetteer, default
from .extract import extract_incidents
from .incident import TYPES, Incident, Report
from .merge import merge_incidents
from .triggers import SIDE_OF_ACTOR

CURATED_NAME = "incidents.yaml"


@dataclass(frozen=True)
class CuratedEntry:
    """One entry of a curated file, its passages resolved against the articles."""

    id: str
    fields: dict = field(default_factory=dict)
    reports: tuple[Report, ...] = ()
    hide: bool = False


class CuratedError(ValueError):
    """A curated incidents file that cannot be used, with the file and the reason."""


def load_curated(path: Path | str, articles: Iterable[Article], text: str | None = None) -> tuple[list[CuratedEntry], list[str]]:
    """The entries of a curated file (or of `text`, named `path` in warnings), passages
    resolved; a warning, naming the file and the line, for each entry that could not be
    used. CuratedError if the file cannot be."""
    try:
        node, data = safe_yaml.read_file(path) if text is None else safe_yaml.load(text)
    except safe_yaml.FileProblem as exc:
        raise CuratedError(str(exc)) from None
    except yaml.YAMLError as exc:
        raise CuratedError(str(safe_yaml.FileProblem(path, *safe_yaml.describe(exc)))) from None
    if data is None:
        return [], []
    items = data.get("incidents") if isinstance(data, dict) else data
    items_node = safe_yaml.value_node(node, "incidents") if isinstance(data, dict) else node
    if not isinstance(items, list):
        raise CuratedError(f"{path}, line {safe_yaml.line_of(items_node or node) or 1}: expected a list under 'incidents'")
    by_id = {a.id: a for a in articles}
    entries, warnings = [], []
    for n, item in enumerate(items, 1):
        item_node = items_node.value[n - 1] if isinstance(items_node, yaml.SequenceNode) else None
        where = f"{path}, line {safe_yaml.line_of(item_node)}" if item_node is not None else f"{path}, entry {n}"
        if not isinstance(item, dict):
            warnings.append(f"{where}: an entry should be a mapping; left out")
            continue
        reports = []
        for r in item.get("reports") or ():
            report, problem = _resolve_report(r, by_id)
            if report:
                reports.append(report)
            else:
                warnings.append(f"{where} ({item.get('id') or n}): {problem}")
        fields = {}
        for key in ("place", "type", "summary"):
            if key in item:
                fields[key] = None if item[key] is None else str(item[key])
        if "actors" in item:
            fields["actors"] = tuple(str(a) for a in item["actors"] or ())
        if "date" in item:
            try:
                date = parse_date(item["date"])
            except ValueError as exc:
                warnings.append(f"{where} ({item.get('id') or n}): {exc}; left out")
                continue
            if item.get("precision"):
                date = Published(date.date, str(item["precision"]))
            fields["date"] = date
        if fields.get("type") and fields["type"] not in TYPES:
            warnings.append(f"{where} ({item.get('id') or n}): unknown type {fields['type']!r}; left out")
            continue
        entries.append(CuratedEntry(str(item.get("id") or f"curated-{n}"), fields, tuple(reports), bool(item.get("hide"))))
    return entries, warnings


def _resolve_report(raw: object, by_id: dict[str, Article]) -> tuple[Report | None, str]:
    if not isinstance(raw, dict) or not raw.get("article"):
        return None, "a report needs 'article' and 'text'"
    article = by_id.get(str(raw["article"]))
    if article is None:
        return None, f"article {raw['article']!r} is not in the corpus"
    text = raw.get("text")
    if not text:
        return Report(article.id, 0, len(article.text), article.outlet), ""
    found = find_passages(article.text, str(text))
    if not found:
        return None, f"passage not found in {article.id}: {str(text)[:40]!r}"
    start, end = found[0]
    return Report(article.id, start, end, article.outlet), ""


def _overlaps(a: Report, b: Report) -> bool:
    return a.article_id == b.article_id and a.start < b.end and b.start < a.end


def apply_curated(incidents: Iterable[Incident], entries: Iterable[CuratedEntry], gazetteer: Gazetteer | None = None) -> list[Incident]:
    """Extracted incidents with the curated entries applied: added, corrected or hidden."""
    remaining = list(incidents)
    result: list[Incident] = []
    for entry in entries:
        matched = [i for i in remaining if i.id == entry.id or any(_overlaps(r, c) for r in i.reports for c in entry.reports)]
        remaining = [i for i in remaining if i not in matched]
        if entry.hide:
            continue
        base = matched[0] if matched else None
        f = entry.fields
        date = f.get("date", base.date if base else Published())
        # The curated passages, dated as curated, then what extraction found elsewhere.
        own = tuple(replace(r, date=date) for r in entry.reports)
        found = tuple(r for i in matched for r in i.reports if not any(_overlaps(r, c) for c in own))
        reports = tuple(dict.fromkeys(own + found))
        if not reports:
            continue
        actors = f.get("actors", base.actors if base else ())
        result.append(
            Incident(
                id=entry.id,
                date=date,
                place=f.get("place", base.place if base else None),
                actors=actors,
                type=f.get("type") or (base.type if base else "accusation"),
                summary=f.get("summary") or (base.summary if base else ""),
                reports=reports,
                curated=True,
                date_from="curated" if "date" in f else (base.date_from if base else None),
                sides=base.sides if base and "actors" not in f else tuple(dict.fromkeys(SIDE_OF_ACTOR.get(a, a) for a in actors)),
                acted_by=base.acted_by if base and "actors" not in f else (),
                acted_on=base.acted_on if base and "actors" not in f else (),
            )
        )
    return merge_incidents(result + remaining, gazetteer)


def corpus_incidents(root: Path | str, articles: Iterable[Article], gazetteer: Gazetteer | None = None) -> tuple[list[Incident], list[str]]:
    """Every incident of the corpus at `root` (extracted, merged, curated, sorted by date),
    and what is wrong with its curated file; see `finish_incidents`."""
    by_id = {a.id: a for a in articles}
    gaz = gazetteer or default()
    return finish_incidents(root, (i for a in by_id.values() for i in extract_incidents(a, gaz)), by_id.get, gaz)


def finish_incidents(
    root: Path | str, extracted: Iterable[Incident], article: Callable[[str], Article | None], gazetteer: Gazetteer | None = None
) -> tuple[list[Incident], list[str]]:
    """The incidents of the corpus at `root` from those extracted from its articles:
    merged, curated, sorted by date; and a warning, naming the file and line, for what
    of the curated file could not be used. A curated file that cannot be read at all
    leaves the extracted incidents as they are. `article(id)` loads an article the
    curated file names; `gazetteer` tells which places lie in which."""
    merged = merge_incidents(extracted, gazetteer)
    path = Path(root) / CURATED_NAME
    if not path.is_file():
        return merged, []
    try:
        node, data = safe_yaml.read_file(path)
    except safe_yaml.FileProblem as exc:
        return merged, [f"{exc}; the extracted incidents are shown without it"]
    named = [a for a in map(article, _curated_article_ids(data)) if a is not None]
    try:
        entries, warnings = load_curated(path, named)
    except CuratedError as exc:
        return merged, [f"{exc}; the extracted incidents are shown without it"]
    return apply_curated(merged, entries, gazetteer), warnings


def _curated_article_ids(data: object) -> list[str]:
    items = data.get("incidents") if isinstance(data, dict) else data
    ids = {
        str(r["article"])
        for item in (items if isinstance(items, list) else ())
        if isinstance(item, dict)
        for r in item.get("reports") or ()
        if isinstance(r, dict) and r.get("article")
    }
    return sorted(ids)
