"""Metadata: what front matter and sidecars say wins; otherwise what the text says."""

from __future__ import annotations

import datetime as dt

import pytest

from corpus.loader import SAMPLES_DIR, decode, load_corpus, parse_article
from corpus.metadata import parse_published


def infer_only(seed: str):
    path = next(SAMPLES_DIR.glob(f"{seed}_*.txt"))
    return parse_article(path.name, decode(path.read_bytes()))  # no sidecar


@pytest.mark.parametrize(
    "seed, outlet, dateline, title",
    [
        ("000", "Military Times", None, None),  # "told Military Times"
        ("001", "The Moscow Times", None, "Russia Bombed Base Used By U.S. in Syria — Reports"),  # masthead
        ("002", "Reuters", "Washington", "Kerry Says Russia Proposed U.S.-Russia Military Talks on Syria"),
        ("003", "Newsweek", None, "Russia Turns Back U.S. Military Convoy in Syria Confrontation"),
        ("004", "News24", "Washington", "US to Russia: Syria military cooperation not guaranteed"),
    ],
)
def test_inferred_from_the_seed_text(seed, outlet, dateline, title):
    article = infer_only(seed)
    assert article.outlet == outlet
    assert article.dateline == dateline
    if title:
        assert article.title == title
    assert article.published.precision == "unknown"
    assert str(article.published) == "undated"


def test_title_without_a_headline_is_the_first_real_line_shortened():
    article = infer_only("000")
    assert article.title.startswith("Russian officials have reportedly floated")
    assert len(article.title) <= 160 and article.title.endswith("…")


@pytest.mark.parametrize(
    "text, outlet, dateline",
    [
        ("Talks stall\n\nWASHINGTON (Reuters) — Talks stalled on Friday, officials said.", "Reuters", "Washington"),
        ("Talks stall\n\nBEIRUT, Lebanon (AP) — Talks stalled on Friday.", "AP", "Beirut"),
        ("Talks stall\n\nDAMASCUS — Talks stalled on Friday.", None, "Damascus"),
        ("Talks stall\n\nA spokesman told The Washington Post that talks had stalled.", "The Washington Post", None),
        ("Talks stall\n\nTalks stalled.\n\nSupport The Kyiv Independent!", "The Kyiv Independent", None),
        ("Talks stall\n\nTalks stalled on Friday, officials said.", None, None),
    ],
)
def test_inference_on_other_outlets(text, outlet, dateline):
    article = parse_article("a.txt", text)
    assert article.outlet == outlet
    assert article.dateline == dateline
    assert article.title == "Talks stall"


def test_sidecars_give_the_samples_their_dates_and_precision(samples):
    assert {k: (str(a.published), a.published.precision) for k, a in samples.items()} == {
        "000": ("2018-11", "month"),
        "001": ("2016-07-22", "day"),
        "002": ("2015-09-16", "day"),
        "003": ("2021-05", "month"),
        "004": ("2016-09-16", "day"),
    }
    # The Military Times file has no headline: the sidecar's title wins.
    assert samples["000"].title == "Russia wants to jointly run Al Tanf corridor, coalition says no"


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


TEXT = "Headline from text\n\nWASHINGTON (Reuters) — The talks stalled, officials said.\n"


def test_sidecar_wins_over_inference(tmp_path):
    write(tmp_path / "a.txt", TEXT)
    write(
        tmp_path / "a.meta.yaml",
        "title: Sidecar title\noutlet: Sidecar Outlet\npublished: 2016\nurl: https://example.org/a\n"
        "tags: [syria, deconfliction]\ndateline: Geneva\n",
    )
    [a], warnings = load_corpus(tmp_path)
    assert warnings == []
    assert (a.title, a.outlet, a.dateline, a.url) == ("Sidecar title", "Sidecar Outlet", "Geneva", "https://example.org/a")
    assert (str(a.published), a.published.precision) == ("2016", "year")
    assert a.tags == ("syria", "deconfliction")


def test_front_matter_wins_over_sidecar_and_inference(tmp_path):
    write(tmp_path / "a.md", "---\ntitle: Front title\npublished: 2017-03-05\n---\n" + TEXT)
    write(tmp_path / "a.meta.yaml", "title: Sidecar title\noutlet: Sidecar Outlet\npublished: 2016\n")
    [a], _ = load_corpus(tmp_path)
    assert a.title == "Front title"
    assert a.outlet == "Sidecar Outlet"  # not in the front matter: the sidecar's
    assert (a.published.date, a.published.precision) == (dt.date(2017, 3, 5), "day")
    assert a.text == TEXT


def test_what_metadata_leaves_out_is_inferred(tmp_path):
    write(tmp_path / "a.txt", "---\ntags: syria, talks\n---\n" + TEXT)
    [a], _ = load_corpus(tmp_path)
    assert (a.title, a.outlet, a.dateline, a.tags) == ("Headline from text", "Reuters", "Washington", ("syria", "talks"))


LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 10) + "]\n" for i in range(8)
)  # a billion laughs: 10^9 values once its aliases are expanded


@pytest.mark.parametrize(
    "front, reason",
    [
        ("---\ntitle: [unclosed\n---\n", "bad front matter"),
        ("---\n!!python/object/apply:os.system ['echo pwned']\n---\n", "bad front matter"),
        ("---\n- a list\n---\n", "bad front matter"),
        ("---\n" + LAUGHS + "---\n", "bad front matter"),
    ],
)
def test_bad_front_matter_is_one_warning_and_never_executed(tmp_path, front, reason, capfd):
    write(tmp_path / "a.txt", front + TEXT)
    write(tmp_path / "b.txt", TEXT)
    articles, warnings = load_corpus(tmp_path)
    assert [a.id for a in articles] == ["b.txt"]
    assert len(warnings) == 1 and warnings[0].path == "a.txt" and reason in warnings[0].reason
    assert "pwned" not in capfd.readouterr().out




@pytest.mark.parametrize(
    "sidecar",
    [
        "title: [unclosed\n",
        "- just\n- a list\n",
        "!!python/name:os.system\n",
        LAUGHS,
        "outlet: Reuters\noutlet: AP\n",  # which one? refused, not guessed
    ],
)
def test_a_bad_sidecar_is_one_warning(tmp_path, sidecar):
    write(tmp_path / "a.txt", TEXT)
    write(tmp_path / "a.meta.yaml", sidecar)
    articles, warnings = load_corpus(tmp_path)
    assert articles == []
    assert len(warnings) == 1 and "sidecar" in warnings[0].reason


@pytest.mark.parametrize(
    "value, shown, precision",
    [
        ("2018-11", "2018-11", "month"),
        ("2016-07-22", "2016-07-22", "day"),
        ("2016-07-22T10:00:00Z", "2016-07-22", "day"),
        (dt.date(2015, 9, 16), "2015-09-16", "day"),
        (2021, "2021", "year"),
        ("July 22, 2016", "2016-07-22", "day"),
        ("22 July 2016", "2016-07-22", "day"),
        ({"date": "2018-11", "evidence": "briefing"}, "2018-11", "month"),
        ("sometime", "undated", "unknown"),
        (None, "undated", "unknown"),
    ],
)
def test_published_precision(value, shown, precision):
    published = parse_published(value)
    assert (str(published), published.precision) == (shown, precision)
