"""Incidents: the deconfliction events articles report, extracted, merged and curated.

`extract_incidents` reads one article sentence by sentence: a sentence that
describes an event of the taxonomy (a trigger phrase) and names a party to it
becomes an incident, dated against the publication date, placed and with its
actors from the gazetteer. Sentences of one article about the same event are
one incident; `merge_incidents` joins the reports of several articles.

A curated ``incidents.yaml`` beside the corpus wins over extraction: an entry
adds an incident, corrects the extracted one it points at (same ``id``, or an
evidence passage that overlaps), or hides it (``hide: true``). Passages are
given as quoted text, so the file survives edits of the articles around them.
`corpus_incidents` is the entry point for a list of loaded articles;
`finish_incidents` does the same from incidents extracted earlier (the index
keeps each article's, as `incident_to_dict` writes them), loading only the
articles the curated file names.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from . import safe_yaml
from .article import Article, Published
from .dates import PRECISION_RANK, compatible, find_dates, parse_date
from .gazetteer import Gazetteer, default
from .places import mentions_in
from .sentences import sentence_spans

TYPES = (
    "strike", "ground_confrontation", "air_encounter", "proposal",
    "talks", "agreement", "humanitarian_access", "accusation",
)  # fmt: skip
CURATED_NAME = "incidents.yaml"

# Trigger phrases, in the order a sentence is tested: the first type that matches wins.
_TRIGGERS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE))
    for kind, pattern in (
        ("agreement", r"\b(?:reached|signed|struck|brokered|extend(?:ed|ing)?|suspend(?:ed|s)?|renew(?:ed)?|"
         r"went into (?:force|effect)|took effect|agreed)\b.{0,80}\b(?:agreement|memorandum|cease-?fire|truce|deal|accord)\b|"
         r"\b(?:agreement|memorandum|cease-?fire|truce|deal|accord)s?\b.{0,60}\b(?:reached|signed|extend(?:ed)?|suspended|"
         r"went into (?:force|effect)|took effect)\b|\bagreed to\b"),
        ("ground_confrontation", r"\b(?:convoy|patrol|vehicles?|troops?)\b.{0,80}\b(?:blocked|stopped|turned back|rammed|"
         r"forced (?:back|to turn)|stand-?off|confront\w*|collid\w+)\b|\b(?:blocked|stopped|turned back|rammed)\b.{0,40}\b(?:convoy|patrol|vehicles?)\b"),
        ("air_encounter", r"\b(?:unsafe|unprofessional|intercept(?:ed|ion|s)?|flares|near[- ]miss|close call|buzz(?:ed)?|"
         r"dangerous(?:ly)? (?:close|maneuver\w*|manoeuvre\w*))\b"),
        ("strike", r"\b(?:bomb(?:ed|ing|s)?|air ?strikes?|airstrikes?|struck|shell(?:ed|ing)|bombard(?:ed|ment)|(?:was|were) attacked|"
         r"(?:attacked|hit|targeted|pounded|raided) (?:the|a|an|several|positions|targets)\b|(?:missile|artillery|drone) (?:strike|attack)s?)"),
        ("proposal", r"\b(?:propos(?:ed|al|es|ing)|floated the idea|suggested (?:removing|establishing|joint|that)|"
         r"offered to|called for (?:talks|joint))\b"),
        ("talks", r"\b(?:(?:tele)?phone calls?|telephone|talks (?:were |was )?held|met with|meeting|spoke (?:by phone|with)|"
         r"negotiations|talked)\b"),
        ("accusation", r"\b(?:accus(?:ed|es|ing)|blam(?:ed|es|ing)|alleg(?:e|ed|es|ing|ation|ations))\b"),
        ("humanitarian_access", r"\b(?:humanitarian (?:aid|access|convoys?|deliver\w+|corridors?)|aid (?:deliver\w+|convoys?|shipments?|supplies)|"
         r"deliver(?:y|ed|ing|s)? (?:of )?(?:humanitarian )?(?:aid|food|supplies)|(?:UN|U\.N\.|United Nations|relief) convoys?)\b"),
    )
)
# Words that make a charge only in the reporter's own voice: inside a quote they are rhetoric.
_WEAK_ACCUSATION = re.compile(r"\b(?:denied|denies|violat(?:ed|ion|ions|ing)|illegal(?:ly)?|harass\w*)\b", re.I)
_COUNTRIES = {"Syria", "Iraq", "Jordan"}
_TYPE_LABELS = {
    "strike": "Strike", "ground_confrontation": "Ground confrontation", "air_encounter": "Air encounter",
    "proposal": "Proposal", "talks": "Talks", "agreement": "Agreement",
    "humanitarian_access": "Humanitarian access", "accusation": "Accusation",
}  # fmt: skip


@dataclass(frozen=True)
class Report:
    """An evidence passage: `article.text[start:end]` of the article with id `article_id`."""

    article_id: str
    start: int
    end: int


@dataclass(frozen=True)
class Incident:
    id: str
    date: Published
    place: str | None
    actors: tuple[str, ...]
    type: str
    summary: str
    reports: tuple[Report, ...]
    curated: bool = False

    @property
    def title(self) -> str:
        """A short title for a list row: the summary, cut at a word near 60 characters."""
        s = self.summary.strip() or _TYPE_LABELS.get(self.type, self.type)
        if len(s) <= 60:
            return s
        return s[:60].rsplit(" ", 1)[0].rstrip(",;:") + "…"

    @property
    def article_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(r.article_id for r in self.reports))

    @property
    def sort_key(self) -> tuple[str, str]:
        return (self.date.sort_key or "9999", self.id)


@dataclass(frozen=True)
class CuratedEntry:
    """One entry of a curated file, its passages resolved against the articles."""

    id: str
    fields: dict = field(default_factory=dict)
    reports: tuple[Report, ...] = ()
    hide: bool = False


class CuratedError(ValueError):
    """A curated incidents file that cannot be used, with the file and the reason."""


# Extraction


def extract_incidents(article: Article, gazetteer: Gazetteer | None = None) -> list[Incident]:
    """The incidents one article reports, one per event (its sentences merged)."""
    from .speakers import masked_quotes

    gaz = gazetteer or default()
    text = article.text
    masked = masked_quotes(article)[1]  # quotes blanked out
    found: list[Incident] = []
    for p in article.content_paragraphs:
        if p.kind != "body":
            continue
        for s, e in sentence_spans(text, p.start, p.end):
            kinds = _classify(text[s:e], masked[s:e])
            if not kinds:
                continue
            actors = tuple(dict.fromkeys(n for n, _, _ in mentions_in(text, s, e, gaz, "actor")))
            places = [n for n, _, _ in mentions_in(text, s, e, gaz, "place")]
            if not actors and not places:
                continue
            dates = find_dates(text, article.published, s, e)
            date = _best_date(dates) if dates else article.published
            place = next((n for n in places if n not in _COUNTRIES), None)
            for kind in kinds:
                found.append(
                    Incident(
                        id=f"{_stem(article.id)}#{len(found) + 1}",
                        date=date,
                        place=place,
                        actors=actors,
                        type=kind,
                        summary=_summary(text[s:e]),
                        reports=(Report(article.id, s, e),),
                    )
                )
    return _merge_within(found)


def _classify(sentence: str, outside_quotes: str) -> list[str]:
    """The incident types a sentence reports: every trigger that matches, at most two."""
    kinds = [kind for kind, pattern in _TRIGGERS if pattern.search(sentence)]
    if not kinds and _WEAK_ACCUSATION.search(outside_quotes):
        kinds = ["accusation"]
    if "accusation" in kinds and "humanitarian_access" in kinds:
        kinds.remove("humanitarian_access")  # blamed for failing to secure aid: the charge is the event
    return kinds[:2]


def _merge_within(incidents: list[Incident]) -> list[Incident]:
    """One article's sentences about one event: same type, compatible date and place."""
    merged: list[Incident] = []
    for inc in incidents:
        for k, other in enumerate(merged):
            if other.type == inc.type and compatible(other.date, inc.date) and (not other.place or not inc.place or other.place == inc.place):
                merged[k] = _join(other, inc)
                break
        else:
            merged.append(inc)
    return merged


def _best_date(dates) -> Published:
    return min((d.date for d in dates), key=lambda d: PRECISION_RANK.get(d.precision, 3))


def _summary(sentence: str, limit: int = 160) -> str:
    s = " ".join(sentence.split())
    return s if len(s) <= limit else s[:limit].rsplit(" ", 1)[0] + "…"


def _stem(article_id: str) -> str:
    return re.sub(r"\.(?:txt|md)$", "", article_id)


# Merging


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


def _join(a: Incident, b: Incident) -> Incident:
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
                merged[k] = _join(merged[k], inc)
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


# Curated overrides


def load_curated(path: Path, articles: Iterable[Article]) -> tuple[list[CuratedEntry], list[str]]:
    """The entries of a curated file, passages resolved; a warning, naming the file and
    the line, for each entry that could not be used. CuratedError if the file cannot be."""
    try:
        node, data = safe_yaml.read_file(path)
    except safe_yaml.FileProblem as exc:
        raise CuratedError(str(exc)) from None
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
        return Report(article.id, 0, len(article.text)), ""
    start = _find_passage(article.text, str(text))
    if start is None:
        return None, f"passage not found in {article.id}: {str(text)[:40]!r}"
    start, end = start
    return Report(article.id, start, end), ""


def _find_passage(text: str, passage: str) -> tuple[int, int] | None:
    i = text.find(passage)
    if i >= 0:
        return i, i + len(passage)
    # Tolerate re-wrapped whitespace in the YAML.
    words = passage.split()
    if not words:
        return None
    m = re.search(r"\s+".join(re.escape(w) for w in words), text)
    return (m.start(), m.end()) if m else None


def _overlaps(a: Report, b: Report) -> bool:
    return a.article_id == b.article_id and a.start < b.end and b.start < a.end


def apply_curated(incidents: Iterable[Incident], entries: Iterable[CuratedEntry]) -> list[Incident]:
    """Extracted incidents with the curated entries applied: added, corrected or hidden."""
    remaining = list(incidents)
    result: list[Incident] = []
    for entry in entries:
        matched = [i for i in remaining if i.id == entry.id or any(_overlaps(r, c) for r in i.reports for c in entry.reports)]
        remaining = [i for i in remaining if i not in matched]
        if entry.hide:
            continue
        base = matched[0] if matched else None
        reports = tuple(dict.fromkeys(entry.reports + tuple(r for i in matched for r in i.reports)))
        if not reports:
            continue
        f = entry.fields
        result.append(
            Incident(
                id=entry.id,
                date=f.get("date", base.date if base else Published()),
                place=f.get("place", base.place if base else None),
                actors=f.get("actors", base.actors if base else ()),
                type=f.get("type") or (base.type if base else "accusation"),
                summary=f.get("summary") or (base.summary if base else ""),
                reports=reports,
                curated=True,
            )
        )
    return merge_incidents(result + remaining)


def corpus_incidents(root: Path | str, articles: Iterable[Article], gazetteer: Gazetteer | None = None) -> tuple[list[Incident], list[str]]:
    """Every incident of the corpus at `root` (extracted, merged, curated, sorted by date),
    and what is wrong with its curated file; see `finish_incidents`."""
    by_id = {a.id: a for a in articles}
    return finish_incidents(root, (i for a in by_id.values() for i in extract_incidents(a, gazetteer)), by_id.get)


def finish_incidents(root: Path | str, extracted: Iterable[Incident], article: Callable[[str], Article | None]) -> tuple[list[Incident], list[str]]:
    """The incidents of the corpus at `root` from those extracted from its articles:
    merged, curated, sorted by date; and a warning, naming the file and line, for what
    of the curated file could not be used. A curated file that cannot be read at all
    leaves the extracted incidents as they are. `article(id)` loads an article the
    curated file names."""
    merged = merge_incidents(extracted)
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
    return apply_curated(merged, entries), warnings


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


def incident_to_dict(i: Incident) -> dict:
    """An incident as plain JSON-able data; `incident_from_dict` reads it back."""
    return {
        "id": i.id,
        "date": i.date.date.isoformat() if i.date.date else None,
        "precision": i.date.precision,
        "place": i.place,
        "actors": list(i.actors),
        "type": i.type,
        "summary": i.summary,
        "reports": [[r.article_id, r.start, r.end] for r in i.reports],
        "curated": i.curated,
    }


def incident_from_dict(d: dict) -> Incident:
    date = dt.date.fromisoformat(d["date"]) if d.get("date") else None
    return Incident(
        id=d["id"],
        date=Published(date, d.get("precision") or "unknown"),
        place=d.get("place"),
        actors=tuple(d.get("actors") or ()),
        type=d["type"],
        summary=d.get("summary") or "",
        reports=tuple(Report(a, s, e) for a, s, e in d.get("reports") or ()),
        curated=bool(d.get("curated")),
    )
