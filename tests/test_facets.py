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


def test_a_table_of_many_articles_counts_few_held_and_many_held_values_alike():
    """Values held by few articles are kept as their numbers, by many as a bitmask: the
    counts, filters and added reading facets must not tell the two apart."""
    import itertools
    import random

    from index.facets import FacetTable, held_by, reading_values, sparse_limit

    size = 3000
    rng = random.Random(7)
    holders = {
        "outlet": {"Wide": set(rng.sample(range(size), 1800)), "Narrow": set(rng.sample(range(size), 3)), "None": set()},
        "place": {f"P{k}": set(rng.sample(range(size), k)) for k in (1, 2, sparse_limit(size), sparse_limit(size) + 1, 900)},
        "month": {"2018-02": set(range(0, 1000)), "2018-03": {1000, 1001}, "2017-05": set(range(2000, 3000))},
    }
    table = FacetTable(size, {f: {v: held_by(sorted(d), size) for v, d in vals.items()} for f, vals in holders.items()} | {"type": {}, "person": {}, "side": {}})
    assert {type(table.masks["place"][v]).__name__ for v in table.masks["place"]} == {"array", "int"}
    numbers = {f"a{n}": n for n in range(size)}
    readings = {f"a{n}": reading_values({"person": ["Lavrov"] if n % 2 else ["Pompeo"], "type": ["strike"] if n < 5 else []}) for n in range(size)}
    table = table.with_readings(numbers, readings)
    holders["person"] = {"Lavrov": {n for n in range(size) if n % 2}, "Pompeo": {n for n in range(size) if not n % 2}}
    holders["type"] = {"strike": set(range(5))}
    holders["year"] = {"2018": set(range(0, 1002)), "2017": set(range(2000, 3000))}
    for matched, filters in itertools.product(
        (set(rng.sample(range(size), 1200)), set(range(size))),
        ((), (Filter("outlet", "Narrow"),), (Filter("place", "P900", exclude=True),), (Filter("year", "2018"), Filter("person", "Lavrov"))),
    ):
        def keeps(n, but=None):
            for f in filters:
                if f.facet != but and (n in holders[f.facet].get(f.value, set())) == f.exclude:
                    return False
            return True
        counts = table.counts(sum(1 << n for n in matched), filters, limit=100)
        for facet, vals in holders.items():
            within = {n for n in matched if keeps(n, but=facet if any(f.facet == facet for f in filters) else None)}
            expected = {v: len(d & within) for v, d in vals.items() if d & within or any(f.facet == facet and f.value == v for f in filters)}
            assert {fv.value: fv.count for fv in counts[facet]} == expected, (facet, filters)
        allowed = table.allowed(filters)
        assert {n for n in range(size) if allowed >> n & 1} == {n for n in range(size) if keeps(n)}
