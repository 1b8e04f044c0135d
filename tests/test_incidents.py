import datetime as dt
import textwrap

import pytest

from corpus import SAMPLES_DIR, Published, load_corpus, parse_article
from corpus.dates import compatible, find_dates, parse_date
from corpus.incidents import (
    TYPES,
    Incident,
    Report,
    corpus_incidents,
    extract_incidents,
    merge_incidents,
)


@pytest.fixture(scope="module")
def samples():
    articles, warnings = load_corpus(SAMPLES_DIR)
    assert not warnings
    return articles


def test_curated_sample_file_resolves_every_passage(samples):
    assert corpus_incidents(SAMPLES_DIR, samples)[1] == []


def test_corpus_incidents_sorted_with_valid_evidence(samples):
    incidents = corpus_incidents(SAMPLES_DIR, samples)[0]
    by_id = {a.id: a for a in samples}
    assert len(incidents) >= 15
    keys = [i.date.sort_key for i in incidents]
    assert keys == sorted(keys)
    for inc in incidents:
        assert inc.type in TYPES
        assert inc.reports
        assert len(inc.title) <= 61
        for r in inc.reports:
            assert 0 <= r.start < r.end <= len(by_id[r.article_id].text)


def test_every_sample_article_reports_an_incident(samples):
    incidents = corpus_incidents(SAMPLES_DIR, samples)[0]
    reported = {r.article_id for i in incidents for r in i.reports}
    assert reported == {a.id for a in samples}


def test_convoy_incident_is_curated_and_marks_the_passage(samples):
    incidents = corpus_incidents(SAMPLES_DIR, samples)[0]
    convoy = next(i for i in incidents if i.type == "ground_confrontation")
    assert convoy.curated and convoy.place == "M-4 highway"
    assert convoy.date == Published(dt.date(2021, 5, 1), "month")
    article = next(a for a in samples if a.id == convoy.reports[0].article_id)
    assert "turned back a U.S. convoy" in article.text[convoy.reports[0].start : convoy.reports[0].end]


def _article(text, published=Published(dt.date(2016, 7, 22), "day"), article_id="a.txt"):
    a = parse_article(article_id, textwrap.dedent(text).strip() + "\n")
    from dataclasses import replace

    return replace(a, published=published)


def test_extraction_dates_places_and_types():
    a = _article(
        """
        Headline about Syria

        Russian aircraft bombed the garrison at At-Tanf on June 16, U.S. officials said.

        Russian military police stopped a U.S. convoy on the M-4 highway on Thursday.
        """
    )
    incidents = extract_incidents(a)
    strike = next(i for i in incidents if i.type == "strike")
    assert strike.date == Published(dt.date(2016, 6, 16), "day")
    assert strike.place == "Al Tanf"
    assert "Russia" in strike.actors
    convoy = next(i for i in incidents if i.type == "ground_confrontation")
    assert convoy.date == Published(dt.date(2016, 7, 21), "day")
    assert convoy.place == "M-4 highway"


def test_merge_joins_reports_of_the_same_event():
    day = Published(dt.date(2016, 6, 16), "day")
    month = Published(dt.date(2016, 6, 1), "month")
    a = Incident("a#1", day, "Al Tanf", ("Russia",), "strike", "s", (Report("a", 0, 5),))
    b = Incident("b#1", month, None, ("Russia", "United States"), "strike", "s", (Report("b", 0, 5),))
    c = Incident("c#1", Published(dt.date(2016, 7, 1), "month"), None, ("Russia",), "strike", "s", (Report("c", 0, 5),))
    merged = merge_incidents([a, b, c])
    assert len(merged) == 2
    first = merged[0]
    assert first.date == day and first.place == "Al Tanf" and {r.article_id for r in first.reports} == {"a", "b"}


def test_curated_add_correct_hide(tmp_path):
    text = "---\npublished: 2016-07-22\n---\nTitle\n\nRussian aircraft bombed the garrison at At-Tanf on June 16.\n\nRussia proposed talks with the United States on Monday.\n"
    (tmp_path / "x.txt").write_text(text)
    articles, _ = load_corpus(tmp_path)
    extracted = corpus_incidents(tmp_path, articles)[0]
    assert {i.type for i in extracted} >= {"strike", "proposal"}
    proposal_id = next(i.id for i in extracted if i.type == "proposal")
    (tmp_path / "incidents.yaml").write_text(
        textwrap.dedent(
            f"""
            incidents:
              - id: tanf
                type: air_encounter
                summary: corrected
                reports:
                  - article: x.txt
                    text: bombed the garrison at At-Tanf
              - id: {proposal_id}
                hide: true
              - id: added
                date: 2016-06
                type: talks
                summary: added by hand
                reports:
                  - article: x.txt
                    text: Title
            """
        )
    )
    incidents = corpus_incidents(tmp_path, articles)[0]
    assert [i.id for i in incidents if i.type == "proposal"] == []
    tanf = next(i for i in incidents if i.id == "tanf")
    assert tanf.type == "air_encounter" and tanf.summary == "corrected" and tanf.place == "Al Tanf"
    assert tanf.date == Published(dt.date(2016, 6, 16), "day")
    assert next(i for i in incidents if i.id == "added").date == Published(dt.date(2016, 6, 1), "month")


def test_broken_curated_file_falls_back_to_extraction_and_says_where(tmp_path):
    (tmp_path / "x.txt").write_text("Title\n\nRussian aircraft bombed the garrison at At-Tanf on June 16.\n")
    (tmp_path / "incidents.yaml").write_text("# mine\nincidents:\n  - id: a\n    summary: [unclosed\n")
    articles, _ = load_corpus(tmp_path)
    incidents, warnings = corpus_incidents(tmp_path, articles)
    assert [i.type for i in incidents] == ["strike"]
    assert len(warnings) == 1 and warnings[0].startswith(f"{tmp_path / 'incidents.yaml'}, line ")
    assert "not valid YAML" in warnings[0] and "shown without it" in warnings[0]
    assert (tmp_path / "incidents.yaml").read_text() == "# mine\nincidents:\n  - id: a\n    summary: [unclosed\n"


def test_a_curated_entry_that_cannot_be_used_is_named_by_its_line(tmp_path):
    (tmp_path / "x.txt").write_text("Title\n\nRussian aircraft bombed the garrison at At-Tanf on June 16.\n")
    (tmp_path / "incidents.yaml").write_text(
        "incidents:\n  - id: good\n    type: strike\n    reports: [{article: x.txt, text: bombed the garrison}]\n"
        "  - id: bad\n    type: parade\n    reports: [{article: x.txt, text: Title}]\n"
        "  - id: lost\n    reports: [{article: x.txt, text: not in the article}]\n"
    )
    articles, _ = load_corpus(tmp_path)
    incidents, warnings = corpus_incidents(tmp_path, articles)
    assert [i.id for i in incidents] == ["good"]
    path = tmp_path / "incidents.yaml"
    assert warnings == [
        f"{path}, line 5 (bad): unknown type 'parade'; left out",
        f"{path}, line 8 (lost): passage not found in x.txt: 'not in the article'",
    ]


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("on June 16", Published(dt.date(2016, 6, 16), "day")),
        ("last month", Published(dt.date(2016, 6, 1), "month")),
        ("on Wednesday", Published(dt.date(2016, 7, 20), "day")),
        ("in early November", Published(dt.date(2015, 11, 1), "month")),
        ("in September last year", Published(dt.date(2015, 9, 1), "month")),
        ("Sept. 15, 2015", Published(dt.date(2015, 9, 15), "day")),
        ("this fall", Published(dt.date(2015, 10, 1), "month")),
        # 2016-07-22 is a Friday: a week is held by its Monday
        ("last week", Published(dt.date(2016, 7, 11), "week")),
        ("earlier this week", Published(dt.date(2016, 7, 18), "week")),
        ("over the weekend", Published(dt.date(2016, 7, 11), "week")),
        ("two weeks ago", Published(dt.date(2016, 7, 4), "week")),
    ],
)
def test_dates_resolve_against_publication(phrase, expected):
    found = find_dates(phrase, Published(dt.date(2016, 7, 22), "day"))
    assert found and found[0].date == expected


def test_a_week_that_straddles_two_months_meets_a_day_of_either():
    week = find_dates("this week", Published(dt.date(2020, 4, 1), "day"))[0].date  # a Wednesday
    assert week == Published(dt.date(2020, 3, 30), "week")
    assert compatible(week, Published(dt.date(2020, 3, 31), "day")) and compatible(week, Published(dt.date(2020, 4, 2), "day"))
    assert compatible(week, Published(dt.date(2020, 3, 1), "month")) and compatible(week, Published(dt.date(2020, 4, 1), "month"))
    assert not compatible(week, Published(dt.date(2020, 4, 6), "day"))
    assert not compatible(week, Published(dt.date(2020, 3, 23), "week"))


def test_weekday_with_month_precise_publication_keeps_the_month():
    found = find_dates("on Thursday", Published(dt.date(2021, 5, 1), "month"))
    assert found[0].date == Published(dt.date(2021, 5, 1), "month")


def test_parse_date_and_compatible():
    assert parse_date("2016-06") == Published(dt.date(2016, 6, 1), "month")
    assert parse_date(dt.date(2016, 6, 16)).precision == "day"
    assert compatible(parse_date("2016-06"), parse_date("2016-06-16"))
    assert not compatible(parse_date("2016-06-15"), parse_date("2016-06-16"))
    with pytest.raises(ValueError):
        parse_date("June")


def test_merging_thousands_of_incidents_compares_each_with_few_others(monkeypatch):
    """An incident is compared only with those of its type near it in time: the comparisons
    grow with the count, not with its square (what the time of a merge follows)."""
    import random

    from corpus.incidents import merge

    compared = []
    real = merge._same_event
    monkeypatch.setattr(merge, "_same_event", lambda a, b, gaz=None: compared.append(1) or real(a, b, gaz))

    random.seed(1)
    incidents = []
    for i in range(6000):
        day = dt.date(2015, 1, 1) + dt.timedelta(days=random.randrange(3000))
        incidents.append(
            Incident(f"a{i}#1", Published(day, "day"), random.choice([None, "Al Tanf", "Aleppo"]), ("Russia",), random.choice(TYPES), "s", (Report(f"a{i}", 0, 5),))
        )
    merged = merge_incidents(incidents)
    assert sum(len(i.reports) for i in merged) == 6000
    assert len(compared) < 6000 * 20  # all pairs would be 18 million


@pytest.mark.parametrize(
    ("kind", "sentence", "date", "place"),
    [
        ("air_encounter", "Two Russian Su-35 jets flew dangerously close to a U.S. MQ-9 Reaper drone over al-Tanf on Sunday, releasing flares, the Pentagon said.", "2019-11-17", "Al Tanf"),
        ("air_encounter", "A Russian fighter made an unsafe intercept of a U.S. Navy P-8 over the Mediterranean on June 5.", "2019-06-05", "Mediterranean"),
        ("strike", "U.S. aircraft struck pro-regime forces advancing on an SDF headquarters near Deir ez-Zor on Feb. 7.", "2019-02-07", "Deir ez-Zor"),
        ("strike", "Russian warplanes hit a base used by U.S.-backed rebels near Al Tanf last week.", "week of 2019-11-11", "Al Tanf"),
        ("ground_confrontation", "A Russian armored vehicle rammed a U.S. MRAP in northeast Syria on Aug. 25, injuring four American soldiers.", "2019-08-25", "Syria"),
        ("ground_confrontation", "Russian military police blocked a U.S. patrol near Qamishli on Tuesday.", "2019-11-19", "Qamishli"),
        ("proposal", "Moscow offered to set up a joint monitoring center with Washington in Amman.", "2019-11-20", "Amman"),
        ("talks", "The chairman of the Joint Chiefs spoke by phone with Gen. Valery Gerasimov on Monday about deconfliction in Syria.", "2019-11-18", None),
        ("agreement", "Russia suspended the memorandum on air safety in Syria on Oct. 24, 2015.", "2015-10-24", "Syria"),
        ("humanitarian_access", "A United Nations convoy delivered aid to the Rukban camp on Nov. 3 after deconfliction with the coalition.", "2019-11-03", "Rukban"),
        ("accusation", "The Russian Defense Ministry accused the U.S.-led coalition of violating the deconfliction protocol near Hasakah.", "2019-11-20", "Hasakah"),
    ],
)
def test_taxonomy_sentences(kind, sentence, date, place):
    a = parse_article("x.txt", "---\npublished: 2019-11-20\n---\nHeadline\n\n" + sentence + "\n")
    incidents = extract_incidents(a)
    assert [(i.type, str(i.date), i.place) for i in incidents if i.type == kind] == [(kind, date, place)]


# --- incidents kept by the index ------------------------------------------------------


def _index(folder):
    from index import CorpusIndex

    ix = CorpusIndex(folder)
    ix.update()
    return ix


def test_the_index_keeps_the_same_incidents_as_reading_every_article(samples_copy):
    from corpus.loader import load_corpus

    ix = _index(samples_copy)
    assert ix.incidents()[0] == corpus_incidents(samples_copy, load_corpus(samples_copy)[0])[0]
    ix.close()


def test_kept_incidents_follow_edits_and_deletions(samples_copy):
    ix = _index(samples_copy)
    before = ix.incidents()[0]
    convoy = next(i for i in before if i.type == "ground_confrontation")
    article = samples_copy / convoy.reports[0].article_id
    article.unlink()
    ix.update()
    assert all(r.article_id != article.name for i in ix.incidents()[0] for r in i.reports)
    (samples_copy / "new.txt").write_text(
        "Convoy turned back\n\nOn Tuesday, Russian military police blocked a U.S. convoy near Hasakah, the Pentagon said.\n",
        encoding="utf-8",
    )
    report = ix.update()
    assert (report.added, report.updated, report.removed) == (1, 0, 0)
    assert any(r.article_id == "new.txt" for i in ix.incidents()[0] for r in i.reports)
    ix.close()


def test_an_index_without_its_incidents_analyses_them_again(samples_copy):
    from index import CorpusIndex
    from index.analysis_cache import FILE

    ix = _index(samples_copy)
    expected = ix.incidents()[0]
    ix.close()
    for path in ix.index_dir.glob(FILE + "*"):  # the analyses, their log too
        path.write_bytes(b"not a database" * 100)
    ix = CorpusIndex(samples_copy, ix.index_dir)
    report = ix.update()
    # The reading analysis is done again; the search index stays as it was.
    assert not report.rebuilt and report.reading_done == report.reading_total == 5
    assert ix.incidents()[0] == expected
    ix.close()


def test_an_edited_gazetteer_or_corpus_code_rebuilds_the_index(samples_copy, monkeypatch):
    import index.fingerprint

    ix = _index(samples_copy)
    monkeypatch.setattr(index.fingerprint, "code_fingerprint", lambda: "edited")
    assert ix.update().rebuilt
    assert not ix.update().rebuilt
    ix.close()


def test_wire_copies_are_one_event_and_undated_reports_never_meet_on_type_and_place_alone(tmp_path):
    wire = "Russian military police blocked a U.S. patrol on the M-4 highway near Tell Tamr, forcing it to turn back, the ministry said."
    (tmp_path / "a.txt").write_text(f"---\noutlet: Outlet A\n---\nPatrol blocked\n\n{wire}\n")
    reprinted = wire.replace(", ", " , ").replace("the ministry", "the  ministry")  # a copy's spacing and punctuation differ
    (tmp_path / "b.txt").write_text(f"---\noutlet: Outlet B\n---\nRussians turn back US patrol\n\n{reprinted}\n")
    (tmp_path / "c.txt").write_text(
        "---\noutlet: Outlet C\n---\nAnother stand-off\n\nRussian troops blocked a U.S. convoy on the M-4 highway near Tell Tamr and sent it back.\n"
    )
    articles, _ = load_corpus(tmp_path)
    incidents = [i for i in corpus_incidents(tmp_path, articles)[0] if i.type == "ground_confrontation"]
    by_articles = sorted(sorted(i.article_ids) for i in incidents)
    assert by_articles == [["a.txt", "b.txt"], ["c.txt"]]  # undated all three: only the copy meets
    copied = next(i for i in incidents if len(i.article_ids) == 2)
    assert copied.outlets == ("Outlet A", "Outlet B") or copied.outlets == ("Outlet B", "Outlet A")


@pytest.mark.parametrize(
    "sentence, parts",
    [
        (
            "Kerry said Russian Foreign Minister Sergey Lavrov had proposed the consultation in a phone call on Tuesday.",
            {"proposal": "Kerry said Russian Foreign Minister Sergey Lavrov had proposed the consultation", "talks": "in a phone call on Tuesday."},
        ),
        (
            "The phone call comes following media reports that four US soldiers were wounded during an altercation with Russian troops.",
            {"talks": "The phone call comes following media reports that four US soldiers were wounded", "ground_confrontation": "during an altercation with Russian troops."},
        ),
        (
            "Russia proposed talks and a phone call was held.",
            {"proposal": "Russia proposed talks and a phone call was held.", "talks": "Russia proposed talks and a phone call was held."},
        ),
    ],
)
def test_two_events_of_one_sentence_each_report_their_own_part(sentence, parts):
    """Parted by a comma or dash, else at the preposition that opens the second event's
    phrase, else each reports the whole sentence: never an empty or one-letter passage."""
    a = _article(f"Headline about Syria\n\n{sentence}\n")
    found = {i.type: i for i in extract_incidents(a)}
    for kind, part in parts.items():
        (report,) = found[kind].reports
        assert a.text[report.start : report.end] == part


def test_only_a_physical_event_carries_casualties_in_its_summary():
    a = _article("Headline about Syria\n\nThe phone call comes following media reports that four US soldiers were wounded during an altercation with Russian troops.\n")
    found = {i.type: i for i in extract_incidents(a)}
    assert "wounded" in found["ground_confrontation"].summary
    assert "wounded" not in found["talks"].summary and "soldiers" not in found["talks"].summary
