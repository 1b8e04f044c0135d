"""Publication date and outlet where no sidecar gives them: date lines, datelines,
urls, file names, embedded posts, mastheads; and never a date from a body sentence.

Every line here is invented, in the shapes news sites use.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from corpus.article import Published
from corpus.loader import load_corpus, parse_article
from corpus.published import (
    date_in_path,
    date_in_url,
    describe,
    embedded_post_date,
    host_of,
    read_date_line,
    site_name,
    year_by_weekday,
)

# A date line, as a site prints it above or below the article, and the date it states.
DATE_LINES = [
    ("June 18, 2017 6:14 PM - Updated: June 19, 2017 9:02 AM", "2017-06-18"),
    ("Last Update: Thursday, 8 February 2018 KSA 03:45", "2018-02-08"),
    ("Published 2023-07-06T14:02Z", "2023-07-06"),
    ("Publish Date : 3 May 2019 - 09:15", "2019-05-03"),
    ("Tuesday 4 October 2022 - 08:05", "2022-10-04"),
    ("Mon 2nd March 2020 | 11:15 PM", "2020-03-02"),
    ("9 January, 2024", "2024-01-09"),
    ("Xinhua, March 3, 2016 Adjust font size:", "2016-03-03"),
    ("Wed January 09, 2019", "2019-01-09"),
    ("Posted on April 5, 2019 by admin", "2019-04-05"),
    ("Updated 11:20 AM ET, Thu December 14, 2017", "2017-12-14"),
    ("By Jane Doe | Reuters | Mar 5, 2019", "2019-03-05"),
    ("First published on Tue 12 Jun 2018 10.04 BST", "2018-06-12"),
    ("12.06.2018 14:05", "2018-06-12"),
    ("2018-06-12 14:05:00", "2018-06-12"),
    ("Date: 06/25/2019", "2019-06-25"),
    ("25/06/2019", "2019-06-25"),
    ("Published: June 2016", "2016-06"),
    ("October 21, 2015 at 9:12 am", "2015-10-21"),
    ("Feb. 8, 2018 / 4:32 PM / Updated 2 hours ago", "2018-02-08"),
    ("Updated: 5 May 2021 | Published: 4 May 2021", "2021-05-04"),
    ("This article was first published on 14 November 2019", "2019-11-14"),
    ("SEPTEMBER 30, 2021", "2021-09-30"),
    ("Published: 14:02 GMT, 6 July 2023 | Updated: 15:10 GMT, 6 July 2023", "2023-07-06"),
    ("Updated August 26, 2020 at 3:45 p.m. ET", "2020-08-26"),
    ("Sat 27 Jun 2020 12.00 BST Last modified on Sat 27 Jun 2020 12.05 BST", "2020-06-27"),
    ("Posted by Jane Doe on August 27, 2020", "2020-08-27"),
    ("Jane Doe, Staff Writer | August 27, 2020", "2020-08-27"),
    ("Last updated on: 27 August 2020", "2020-08-27"),
    ("Published August 27, 2020 • 3 min read", "2020-08-27"),
    ("2020/08/26 10:35", "2020-08-26"),
    ("26-Aug-2020", "2020-08-26"),
]

# Lines with a date that are not date lines: sentences, captions, headlines, mentions.
NOT_DATE_LINES = [
    "The talks were held on Tuesday.",
    "In June 2016, Russian jets struck a base near the border.",
    "In this Monday August 3, 2015 file photo, the two ministers meet in Doha.",
    "Photo taken on June 5, 2017 shows the checkpoint.",
    "The agreement, signed on October 20, 2015, set out rules for pilots.",
    "On March 4, 2019, the convoy was turned back near the river.",
    "Tsunami appeal: 26 December 2004",
    "Smith targets 2006 comeback",
    "June 2016",
    "Updated: June 2016",
    "08/02/2018",
    "Kyle Smith is a reporter who joined the paper in 2014.",
    "The minister said on 5 May 2021 that the line would stay open.",
    "— Jane Reporter (@janereports) May 2, 2021",
    "Photo: AP, August 27, 2020",
    "Venue: Grand Hall, June 3, 2019",
    "Russia says talks stalled | June 3, 2019",
]


def as_published(expected: str) -> Published:
    parts = [int(x) for x in expected.split("-")]
    return Published(dt.date(*parts, *([1] * (3 - len(parts)))), "day" if len(parts) == 3 else "month")


@pytest.mark.parametrize("line, expected", DATE_LINES)
def test_a_date_line_gives_its_date(line, expected):
    assert read_date_line(line) == as_published(expected)


@pytest.mark.parametrize("line", NOT_DATE_LINES)
def test_a_date_in_a_sentence_or_a_heading_is_not_a_date_line(line):
    assert read_date_line(line) is None


def article(text: str, name: str = "article.txt", sidecar: dict | None = None):
    return parse_article(name, text, sidecar)


BODY = (
    "Russian and American officers spoke on the hotline on Tuesday, the ministry said, after two patrols met "
    "on the highway in June 2016 and again last week near the river crossing.\n\n"
    "“We keep the line open every day,” a spokesman said. The talks were held on March 4, 2019, he added, "
    "and the next round is expected in the spring.\n"
)


def test_a_date_line_under_the_headline_dates_the_article():
    a = article("Talks on the hotline resume\n\nSun November 10, 2019\n\n" + BODY)
    assert (str(a.published), a.published_from) == ("2019-11-10", "text")


def test_a_date_line_above_site_clutter_and_the_headline():
    a = article("Home | World | Middle East\n\nPublished 2021-03-07T08:15Z\n\nTalks on the hotline resume\n\n" + BODY)
    assert (str(a.published), a.published_from) == ("2021-03-07", "text")


def test_a_labelled_date_line_at_the_foot():
    a = article("Talks on the hotline resume\n\n" + BODY + "\nThis article was first published on 14 November 2019\n")
    assert (str(a.published), a.published_from) == ("2019-11-14", "text")


def test_unlabelled_dates_at_the_foot_that_disagree_are_related_stories():
    foot = "\nMore on this\n\nPatrols meet again\n\nJune 3, 2019\n\nBase reopens\n\nMay 1, 2019\n"
    a = article("Talks on the hotline resume\n\n" + BODY + foot)
    assert (str(a.published), a.published_from) == ("undated", None)


def test_dates_in_the_body_never_date_the_article():
    a = article("Talks on the hotline resume\n\n" + BODY)
    assert (str(a.published), a.published_from) == ("undated", None)


@pytest.mark.parametrize(
    "opening, expected, outlet",
    [
        ("WASHINGTON, March 27, 2019. /TASS/. The ministry said", "2019-03-27", "TASS"),
        ("BEIRUT, Lebanon, March 3, 2019 (Reuters) - Officials said", "2019-03-03", "Reuters"),
        ("KARACHI (Karachi Wire / Ankara Agency - 12th May, 2021) Officials said", "2021-05-12", "Karachi Wire / Ankara Agency"),
        ("New York, NY, August 27, 2020 /PRNewswire/ -- The company said", "2020-08-27", "PRNewswire"),
    ],
)
def test_a_dateline_with_a_full_date(opening, expected, outlet):
    a = article("Talks resume\n\n" + opening + " on Tuesday that the hotline had been used twice in a week.\n\n" + BODY)
    assert (str(a.published), a.published_from, a.outlet, a.outlet_from) == (expected, "text", outlet, "text")


DAY_MONTH_ONLY = "Talks resume\n\nMOSCOW, 5 Dec — The ministry said on Wednesday that the hotline had been used twice.\n\n" + BODY
# The same, its body naming no year: nothing in the text gives the dateline's year.
YEARLESS_BODY = BODY.replace(" in June 2016", "").replace("March 4, 2019", "March 4")
YEARLESS = DAY_MONTH_ONLY.replace(BODY, YEARLESS_BODY)


def test_a_dateline_without_a_year_stays_undated_alone():
    a = article(YEARLESS)
    assert (str(a.published), a.published_from) == ("undated", None)


# Each case adds a sentence naming years to a body that names none. 5 December fell on
# a Monday in 2016, Tuesday 2017, Wednesday 2018, Thursday 2019, Saturday 2020, Sunday 2021.
@pytest.mark.parametrize(
    "years, expected",
    [
        # 2016-2018: only 2018 puts it on the Wednesday the lede names (or the day after).
        ("The two sides last met in 2016.", "2018-12-05"),
        # 2018-2020: 2018 (a Wednesday) and 2019 (the Thursday after one) both fit: undated.
        ("They met in 2016 and again in March 2018.", "undated"),
        # 2020-2022: none fits.
        ("The deal dates from 2020.", "undated"),
        # No year named: nothing ties the year down.
        ("", "undated"),
    ],
)
def test_a_dateline_without_a_year_takes_it_from_its_weekday_and_the_years_named(years, expected):
    a = article(YEARLESS.replace(YEARLESS_BODY, years + "\n\n" + YEARLESS_BODY))
    assert (str(a.published), a.published_from if a.published.date else None) == (
        expected, "text (year from the weekday)" if a.published.date else None
    )


def test_the_weekday_of_a_dateline_may_be_the_day_before():
    # 27 August 2020 was a Thursday: "on Wednesday" is the day before, as wire copy reports it.
    text = "Breach\n\nWASHINGTON, August 27. /TASS/. Russia breached the protocols, a statement received on Wednesday said.\n\nIt broke the December 2019 deal.\n\n" + YEARLESS_BODY
    a = article(text)
    assert (str(a.published), a.published_from, a.outlet) == ("2020-08-27", "text (year from the weekday)", "TASS")


def test_a_year_by_weekday_is_never_after_today():
    text = "MOSCOW, 5 Dec — The ministry said on Wednesday it had met.\n\nThey met in 2016."
    assert year_by_weekday(text, 0, 12, 5, today=dt.date(2018, 12, 6)) == 2018
    assert year_by_weekday(text, 0, 12, 5, today=dt.date(2018, 12, 4)) is None


def test_two_weekdays_in_the_lede_date_nothing():
    a = article(YEARLESS.replace("on Wednesday", "on Wednesday, after Monday's call,").replace(YEARLESS_BODY, "It was agreed in 2017.\n\n" + YEARLESS_BODY))
    assert str(a.published) == "undated"


@pytest.mark.parametrize(
    "name, url, expected, source",
    [
        ("a.txt", "https://example.org/world/2018/12/05/talks", "2018-12-05", "text (year from the url)"),
        ("a.txt", "https://example.org/news/2018/talks", "2018-12-05", "text (year from the url)"),
        ("2018-12-06_talks.txt", None, "2018-12-05", "text (year from the file name)"),
        # Published on 2 January, the dateline of 31 December is last year's.
        ("news_20190102.txt", None, "2018-12-31", "text (year from the file name)"),
    ],
)
def test_a_dateline_without_a_year_takes_it_from_the_url_or_the_file_name(name, url, expected, source):
    text = DAY_MONTH_ONLY.replace("5 Dec", "31 Dec") if expected.endswith("12-31") else DAY_MONTH_ONLY
    a = article(text, name, {"url": url} if url else None)
    assert (str(a.published), a.published_from) == (expected, source)


URL = date_in_url
NAME = date_in_path


@pytest.mark.parametrize(
    "read, where, expected",
    [
        (URL, "https://www.example.com/USA/2015/0916/Talks-on-Syria", "2015-09-16"),
        (URL, "https://example.com/news/2018/02/08/strikes-in-syria/", "2018-02-08"),
        (URL, "https://example.com/world/strikes-in-syria-20180208-story.html", "2018-02-08"),
        (URL, "http://en.example.cn/2015-09/17/content_123456.htm", "2015-09-17"),
        (URL, "https://example.com/us/202008261080286455-general-holds-talks/", "2020-08-26"),
        (URL, "https://uk.example.com/article/mideast-talks-idUKKCN0AB1CD20151010", "2015-10-10"),
        (URL, "http://example.org/archives/news/2016/jun/1033.html", "2016-06"),
        (URL, "https://proxy.example/view?url=https%3A%2F%2Fwww.example.com%2F2022%2F06%2F16%2Fpolitics%2Fwarning", "2022-06-16"),
        (URL, "https://example.com/world/1194205", "undated"),
        (URL, "https://example.com/article/13083842", "undated"),
        (URL, "https://example.com/news/article68541633.ece", "undated"),
        (NAME, "2018-02-08.txt", "2018-02-08"),
        (NAME, "20180208.txt", "2018-02-08"),
        (NAME, "07_wire_2018-02-08_strikes-in-syria.txt", "2018-02-08"),
        (NAME, "2018/02/08/strikes.txt", "2018-02-08"),
        (NAME, "2016/july/b.txt", "2016-07"),
        (NAME, "article_001.txt", "undated"),
        (NAME, "12345678.txt", "undated"),
    ],
)
def test_the_date_in_a_url_or_a_file_name(read, where, expected):
    assert str(read(where)) == expected


def test_the_order_of_trust():
    text = "Talks resume\n\nPublished 2019-03-07\n\n" + BODY
    sidecar = {"published": "2019-03-01", "url": "https://example.com/2019/03/05/talks"}
    assert article(text, "2019-03-04_talks.txt", sidecar).published_from == "sidecar"
    assert article("---\npublished: 2019-02-28\n---\n" + text, "a.txt", sidecar).published_from == "front matter"
    a = article(text, "2019-03-04_talks.txt", {"url": sidecar["url"]})
    assert (str(a.published), a.published_from) == ("2019-03-07", "text")
    a = article("Talks resume\n\n" + BODY, "2019-03-04_talks.txt", {"url": sidecar["url"]})
    assert (str(a.published), a.published_from) == ("2019-03-05", "url")
    a = article("Talks resume\n\n" + BODY, "2019-03-04_talks.txt")
    assert (str(a.published), a.published_from) == ("2019-03-04", "file name")


def test_a_url_standing_alone_in_the_text_counts_as_the_url():
    a = article("Source: https://www.example.com/2019/03/05/talks\n\nTalks resume\n\n" + BODY)
    assert (str(a.published), a.published_from) == ("2019-03-05", "url")
    linked = article("Talks resume\n\n" + BODY.replace("he added", "he added (https://example.com/2011/01/01/old)"))
    assert linked.published_from is None  # a link inside a sentence is to another page


POST = "Video of the stand-off was shared online.\n\nTroops block a convoy pic.twitter.com/abcdef\n\n— Jane Reporter (@janereports) May 2, 2021\n"


def test_an_embedded_post_is_weak_evidence_used_only_alone():
    a = article("Talks resume\n\n" + BODY + POST)
    assert (str(a.published), a.published_from) == ("2021-05-02", "text (embedded post)")
    a = article("Talks resume\n\n" + BODY + POST, "2021-05-04_talks.txt")
    assert (str(a.published), a.published_from) == ("2021-05-04", "file name")


def test_the_latest_embedded_post_bounds_the_article():
    text = "— A (@a) May 2, 2021\n\nSome text here.\n\nA post shared by B Name (@b.name) on Jun 3, 2021 at 4:05pm PDT\n"
    assert embedded_post_date(text) == Published(dt.date(2021, 6, 3), "day")
    assert embedded_post_date("No posts, only (parentheses) and @handles.") == Published()


@pytest.mark.parametrize(
    "url, host, name",
    [
        ("https://www.nbcnews.com/politics/some-story-n123", "nbcnews.com", "NBC News"),
        ("http://uk.reuters.com/article/some-story", "reuters.com", "Reuters"),
        ("https://digital.thehill.com/policy/defense/1234-story", "digital.thehill.com", "The Hill"),
        ("https://local-station.example/news/2023/07/17/story", "local-station.example", None),
    ],
)
def test_site_names_from_the_host(url, host, name):
    assert host_of(url) == host
    assert site_name(host) == name


@pytest.mark.parametrize(
    "text, outlet, source",
    [
        ("REUTERS\n\nTalks resume\n\n" + BODY, "Reuters", "text"),
        ("Talks resume\n\nBy Jane Doe | Associated Press\n\n" + BODY, "AP", "text"),
        ("Talks resume\n\nby Reuters\n\n" + BODY, "Reuters", "text"),
        ("Talks resume\n\n(AFP) - " + BODY, "AFP", "text"),
        ("Talks resume\n\nWASHINGTON (Reuters) — " + BODY, "Reuters", "text"),
        ("Talks resume\n\n" + BODY + "\nReuters could not independently verify the footage.\n", "Reuters", "text"),
        ("Talks resume\n\n" + BODY + "\nKerry could not immediately confirm the report.\n", None, None),
    ],
)
def test_the_outlet_from_mastheads_and_credits(text, outlet, source):
    a = article(text)
    assert (a.outlet, a.outlet_from) == (outlet, source)


def test_the_outlet_from_the_url_host():
    known = article("Talks resume\n\n(AFP) - " + BODY, "a.txt", {"url": "https://www.nbcnews.com/world/story-n1"})
    assert (known.outlet, known.outlet_from) == ("NBC News", "url")
    # An unknown host names the site less well than the text's credit does.
    credit = article("Talks resume\n\n(AFP) - " + BODY, "a.txt", {"url": "https://local.example/story"})
    assert (credit.outlet, credit.outlet_from) == ("AFP", "text")
    host = article("Talks resume\n\n" + BODY, "a.txt", {"url": "https://www.local.example/story"})
    assert (host.outlet, host.outlet_from) == ("local.example", "url")
    given = article("Talks resume\n\n" + BODY, "a.txt", {"outlet": "The Paper", "url": "https://www.nbcnews.com/x"})
    assert (given.outlet, given.outlet_from) == ("The Paper", "sidecar")


def test_where_the_values_came_from_for_the_samples(samples):
    assert {a.published_from for a in samples.values()} == {"sidecar"}
    assert {a.outlet_from for a in samples.values()} == {"sidecar"}


def test_a_folder_of_articles_loads_with_inferred_dates(tmp_path):
    (tmp_path / "2019-03-04_talks.txt").write_text("Talks resume\n\n" + BODY, encoding="utf-8")
    (tmp_path / "b.txt").write_text("Talks resume\n\nPublished 2019-03-07\n\n" + BODY, encoding="utf-8")
    articles, warnings = load_corpus(tmp_path)
    assert warnings == []
    assert [(a.id, str(a.published), a.published_from) for a in articles] == [
        ("2019-03-04_talks.txt", "2019-03-04", "file name"),
        ("b.txt", "2019-03-07", "text"),
    ]


@pytest.mark.parametrize(
    "source, shown",
    [
        ("sidecar", None),
        ("front matter", None),
        (None, None),
        ("text", "from the text"),
        ("url", "from the url"),
        ("file name", "from the file name"),
        ("text (embedded post)", "from an embedded post"),
        ("text (year from the url)", "from the text and url"),
        ("text (year from the weekday)", "from the dateline, its year from the weekday"),
    ],
)
def test_describe(source, shown):
    assert describe(source) == shown



def test_analyze_json_says_where_date_and_outlet_came_from(tmp_path, capsys):
    from tui.cli import main

    (tmp_path / "2019-03-04_talks.txt").write_text("Talks resume\n\n(AFP) - " + BODY, encoding="utf-8")
    (tmp_path / "given.txt").write_text("Talks resume\n\n" + BODY, encoding="utf-8")
    (tmp_path / "given.meta.yaml").write_text("outlet: The Paper\npublished: 2019-03-01\n", encoding="utf-8")
    assert main(["analyze", str(tmp_path / "2019-03-04_talks.txt"), str(tmp_path / "given.txt"), "--json"]) == 0
    records = {r["article"]: r for r in json.loads(capsys.readouterr().out)}
    keys = ("published", "published_from", "outlet", "outlet_from")
    assert [records["2019-03-04_talks.txt"][k] for k in keys] == ["2019-03-04", "file name", "AFP", "text"]
    assert [records["given.txt"][k] for k in keys] == ["2019-03-01", "sidecar", "The Paper", "sidecar"]
