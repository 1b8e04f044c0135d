"""Filters with counts: the counts agree with the articles themselves, filters narrow the
results as they say, and the CLI takes them as options."""

import json
from collections import Counter

import pytest

from corpus.analysis import analyze
from index import FACETS, Filter, parse_filter


def _all(ix, text="", filters=()):
    return ix.search(text, limit=1000, filters=filters, facets=True)


def _counts(results, facet):
    return {v.value: v.count for v in results.facets[facet]}


def test_counts_are_those_of_the_articles(samples_index, samples):
    results = _all(samples_index)
    assert results.total == 5
    assert _counts(results, "outlet") == Counter(a.outlet for a in samples.values())
    assert _counts(results, "month") == Counter(a.published.date.strftime("%Y-%m") for a in samples.values())
    assert _counts(results, "year") == Counter(str(a.published.date.year) for a in samples.values())
    types = Counter(t for a in samples.values() for t in {i.type for i in analyze(a).incidents})
    assert _counts(results, "type") == types


def test_counts_follow_the_query(samples_index, samples):
    results = _all(samples_index, "convoy")
    hit_outlets = Counter(samples[h.article[:3]].outlet for h in results.hits)
    assert _counts(results, "outlet") == hit_outlets
    assert sum(_counts(results, "outlet").values()) == results.total < 5


def test_a_filter_keeps_what_has_its_value_and_not_drops_it(samples_index, samples):
    outlet = samples["003"].outlet
    kept = _all(samples_index, "", (Filter("outlet", outlet),))
    assert [h.article[:3] for h in kept.hits] == ["003"]
    dropped = _all(samples_index, "", (Filter("outlet", outlet, exclude=True),))
    assert sorted(h.article[:3] for h in dropped.hits) == ["000", "001", "002", "004"]
    # a facet's own filter leaves its other values in view, with their counts
    assert _counts(kept, "outlet") == _counts(_all(samples_index), "outlet")
    assert next(v for v in kept.facets["outlet"] if v.value == outlet).active


def test_values_of_one_facet_are_any_and_facets_are_all(samples_index, samples):
    a, b = samples["000"].outlet, samples["001"].outlet
    either = _all(samples_index, "", (Filter("outlet", a), Filter("outlet", b)))
    assert sorted(h.article[:3] for h in either.hits) == ["000", "001"]
    year = str(samples["000"].published.date.year)
    both = _all(samples_index, "", (Filter("outlet", a), Filter("outlet", b), Filter("year", year)))
    assert [h.article[:3] for h in both.hits] == [k for k in ("000", "001") if str(samples[k].published.date.year) == year]
    # the other facets count what the filters keep
    assert _counts(both, "month") == Counter(samples[h.article[:3]].published.date.strftime("%Y-%m") for h in both.hits)


def test_filters_and_a_query_together(samples_index):
    alone = _all(samples_index, "Lavrov")
    place = max(alone.facets["place"], key=lambda v: (v.count, v.value))
    narrowed = _all(samples_index, "Lavrov", (Filter("place", place.value),))
    assert narrowed.total == place.count
    assert {h.article for h in narrowed.hits} <= {h.article for h in alone.hits}


@pytest.mark.parametrize("text", ["outlet", "=Reuters", "colour=red", "place="])
def test_a_bad_filter_is_named(text):
    with pytest.raises(ValueError, match="FACET=VALUE"):
        parse_filter(text)


def test_filter_text_forms():
    assert parse_filter("outlet=Reuters") == Filter("outlet", "Reuters")
    assert parse_filter("!place=Al Tanf") == Filter("place", "Al Tanf", True)
    assert parse_filter("-type=strike") == Filter("type", "strike", True)
    assert set(FACETS) >= {"outlet", "year", "month", "place", "side", "type", "person"}


def test_the_cli_takes_filters_and_prints_counts(capsys, samples):
    from tui.cli import main

    assert main(["search", "Lavrov", "--outlet", "Reuters", "--since", "2015-01", "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert [h["outlet"] for h in hits] == ["Reuters"]
    assert main(["search", "Lavrov", "--since", "2016-01", "--json"]) == 0
    assert all(h["published"] >= "2016-01" for h in json.loads(capsys.readouterr().out))
    assert main(["search", "", "--not", "outlet=Newsweek", "--facets", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total"] == 4 and all(h["outlet"] != "Newsweek" for h in data["hits"])
    newsweek = next(v for v in data["facets"]["outlet"] if v["value"] == "Newsweek")
    assert newsweek == {"value": "Newsweek", "count": 1, "filter": "not"}
    assert main(["search", "deconflict", "--facets"]) == 0
    out = capsys.readouterr().out
    assert "Outlet: " in out and "Incident type: " in out


def test_a_bad_filter_option_is_one_line_and_exit_1(capsys):
    from tui.cli import main

    assert main(["search", "Lavrov", "--not", "colour=red"]) == 1
    assert "FACET=VALUE" in capsys.readouterr().err
    assert main(["search", "Lavrov", "--since", "last week"]) == 1
    assert "YYYY" in capsys.readouterr().err
