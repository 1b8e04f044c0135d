"""What each side claimed, and the one-line summaries written from an event: the rules on
small articles, then `incidents --json` on the bundled samples as a user reads it."""

import datetime as dt
import json
import textwrap
from dataclasses import replace

import pytest

from corpus import SAMPLES_DIR, Published, parse_article
from corpus.analysis import analyze
from corpus.incidents import extract_incidents
from corpus.incidents.claims import NO_SIDE, claims, quote_sides
from corpus.incidents.summary import casualties, write_summary


def _article(text: str, article_id: str = "a.txt"):
    a = parse_article(article_id, textwrap.dedent(text).strip() + "\n")
    return replace(a, published=Published(dt.date(2020, 8, 27), "day"), outlet="Wire")


def test_a_speaker_takes_the_side_the_article_titles_them_with():
    a = _article(
        """
        Collision in Syria

        NSC spokesman John Ullyot said the Russian vehicle breached the protocols.

        "Unsafe and unprofessional actions like this are a breach," Ullyot said.

        Lt. Gen. Alexus Grynkewich, combined forces air component commander for U.S. Central Command, spoke later.

        "They fly overhead of our units," said Grynkewich, as Russian jets circled.

        "The American side provoked it," said Russian Defense Ministry spokesman Igor Konashenkov.
        """
    )
    analysis = analyze(a)
    sides = quote_sides(a, analysis)
    by_speaker = {q.speaker: sides.get(q.start) for q in analysis.quotes}
    assert by_speaker["John Ullyot"] == "United States"  # "NSC" names a US body
    assert by_speaker["Alexus Grynkewich"] == "United States"  # by the appositive, not by "Russian jets" after the quote
    assert by_speaker["Igor Konashenkov"] == "Russia"


def test_the_official_is_the_official_named_before():
    a = _article(
        """
        Strike in the south

        Russia bombed fighters in southern Syria, according to a US official, who said it raises "serious concern."

        "Russian aircraft have not been active in this area," the official said.
        """
    )
    analysis = analyze(a)
    sides = quote_sides(a, analysis)
    assert [sides.get(q.start) for q in analysis.quotes if q.kind == "quote"][-1] == "United States"


def test_claims_put_each_sides_words_apart():
    a = _article(
        """
        Russian and US troops collide in northeast Syria

        A Russian vehicle rammed a U.S. patrol near Hasakah on Tuesday, and four U.S. troops were injured.

        "Unsafe and unprofessional actions like this are a breach," said NSC spokesman John Ullyot.

        "The American servicemen tried to block our patrol," the Russian Defense Ministry said in a statement.
        """
    )
    analysis = analyze(a)
    confrontation = next(i for i in extract_incidents(a) if i.type == "ground_confrontation")
    said = claims(confrontation, lambda article_id: (a, analysis))
    assert [c.speaker for c in said["United States"]] == ["John Ullyot"]
    assert [c.text for c in said["Russia"]] == ["The American servicemen tried to block our patrol,"]
    assert NO_SIDE not in said
    assert confrontation.summary == "Russian forces confront US forces near Hasakah; four U.S. troops injured"


@pytest.mark.parametrize(
    "sentence, harm",
    [
        ("Four U.S. troops were injured in the collision.", "Four U.S. troops injured"),
        ("The strikes killed dozens of fighters, officials said.", "dozens of fighters killed"),
        ("Two people were killed and 11 soldiers wounded.", "Two people killed"),
        ("No one was hurt.", None),
        ("The troops were injured.", None),  # no number: nothing to report
    ],
)
def test_casualties_are_read_as_number_who_harm(sentence, harm):
    assert casualties(sentence) == harm


def test_a_summary_says_who_did_what_to_whom_where():
    assert write_summary("strike", ("Russia",), ("United States",), ("Russia", "United States"), "Al Tanf") == "Russian strike on US forces near Al Tanf"
    assert write_summary("talks", (), (), ("United States", "Russia"), None) == "US–Russian talks"
    assert write_summary("air_encounter", ("Russia",), (), ("Russia",), "Syria", wide=True) == "Russian air encounter in Syria"
    assert write_summary("accusation", ("Russia",), ("United States",), (), None) == "Russia accuses the US"
    assert write_summary("strike", (), (), (), None) == "Strike"


def test_incidents_json_gives_each_report_its_outlet_date_and_quotes(capsys):
    from tui.cli import main

    assert main(["incidents", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data
    texts = {p.name: p.read_text(encoding="utf-8") for p in SAMPLES_DIR.glob("*.txt")}
    with_quotes = 0
    for incident in data:
        assert {"sides", "acted_by", "acted_on", "date_from", "outlets", "claims", "curated"} <= set(incident)
        assert set(incident["acted_by"]) <= set(incident["sides"]) | set(incident["actors"])
        assert incident["outlets"] == len({r["outlet"] or r["article"] for r in incident["reports"]})
        for r in incident["reports"]:
            assert {"article", "outlet", "published", "published_from", "date", "evidence", "quotes"} <= set(r)
            assert r["outlet"], "every sample names its outlet"
            text = texts[r["article"]]
            start, end = r["evidence"]
            assert 0 <= start < end <= len(text)
            for q in r["quotes"]:
                assert text[q["start"] : q["end"]] == q["text"]
            with_quotes += bool(r["quotes"])
        spoken = {q["text"] for r in incident["reports"] for q in r["quotes"]}
        for found in incident["claims"].values():
            assert all(c["text"] in spoken for c in found)  # a claim is a quote of one of its reports
    assert with_quotes >= 3
