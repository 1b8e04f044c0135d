"""Incidents: the deconfliction events articles report, extracted, merged and curated.

- `incident` — the `Incident` and its `Report`s (passages), as data and as JSON, and
  which of its reports are copies of another (`with_copies`);
- `extract` — one article's incidents, sentence by sentence;
- `merge` — reports of the same event, within an article and across articles, joined;
- `curated` — the analyst's ``incidents.yaml`` beside the corpus, which wins over
  extraction; `corpus_incidents` and `finish_incidents` give a corpus's list;
- `export` — the list as CSV in ACLED's columns, GeoJSON and JSON.
"""

from .curated import CURATED_NAME, CuratedEntry, CuratedError, apply_curated, corpus_incidents, finish_incidents, load_curated
from .extract import extract_incidents
from .incident import TYPE_LABELS, TYPES, Incident, Report, incident_from_dict, incident_to_dict, with_copies
from .merge import join_copies, merge_incidents

__all__ = [
    "CURATED_NAME", "TYPES", "TYPE_LABELS", "CuratedEntry", "CuratedError", "Incident", "Report", "apply_curated",
    "corpus_incidents", "extract_incidents", "finish_incidents", "incident_from_dict", "incident_to_dict",
    "join_copies", "load_curated", "merge_incidents", "with_copies",
]  # fmt: skip
