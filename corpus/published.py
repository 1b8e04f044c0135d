"""When and where an article was published, with where each answer came from.

The date, in order of trust: front matter or a sidecar; a saved web page's own
tags (corpus.webpage); a date line near the top
or the foot of the text ("Published 2023-07-06T14:02Z", "Mon 2nd March 2020 |
11:15 PM", "Xinhua, March 3, 2016"); a dateline that gives only day and month
("MOSCOW, 5 Dec —"), its year taken from the url, the file name or an embedded
post, else from the weekday its lede names and the years the text names
(`year_by_weekday`); a date in the url's path (/2018/02/08/, -20180208-); one in the file name;
last, the date of a social-media post the article embeds, which the article can
only follow. Dates in the body's sentences ("on Tuesday", "in June 2016") are
never the publication date, and a year is never guessed.

The outlet: metadata; a known site in the url's host (www.nbcnews.com -> NBC
News); the text's dateline agency ("(Reuters) —", "/TASS/"), masthead
("REUTERS" on its own line, "By X | Reuters") or the outlet naming itself
("told Military Times"); else the url's host as it is.

`infer_publication` returns a `Publication`; the rest are the pure readings it
is made of. Date expressions are read by the regular expressions here, not by
python-dateutil or dateparser: on date lines both were less accurate (day-first
dates read month-first, headlines and match scores dated) and slower to import
and to run (tests/bench/date_parsers.py measures the three).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from .article import Paragraph, Published
from .dates import MONTHS


class _Lazy:
    """A regular expression compiled on first use. Every verb of the CLI imports the corpus
    layer and many never read an article: compiled at import, these took 9 ms, a fifth of the layer's import."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._source = (pattern, flags)

    def __getattr__(self, name: str):
        compiled = re.compile(*self._source)
        # From now on the methods are found on the instance, without this detour.
        self.__dict__.update({n: getattr(compiled, n) for n in ("search", "match", "finditer", "sub", "pattern")})
        return getattr(compiled, name)


# Where a value came from: Article.published_from / outlet_from hold one of these; a
# date from the text may carry a note: "text (embedded post)", "text (year from the url)".
FRONT_MATTER, SIDECAR, TEXT, URL, FILE_NAME = "front matter", "sidecar", "text", "url", "file name"
PAGE = "page"  # a saved web page's own tags: article:published_time, JSON-LD datePublished, og:site_name
EMBEDDED_POST = "text (embedded post)"
WEEKDAY_YEAR = "text (year from the weekday)"  # a dateline's day and month, its year from its lede's weekday
_YEAR_FROM = "text (year from the "

TOP_PARAGRAPHS = 12  # how far down a date line or masthead is looked for
BOTTOM_PARAGRAPHS = 5
MAX_DATE_LINE = 120  # characters: a date line is a line, not a paragraph of prose
_PROSE = _Lazy(r"[.!?…][\"'”’)]*\s*$")  # a paragraph of 100 characters or more ending so is prose


@dataclass(frozen=True)
class Publication:
    """What `infer_publication` found: the date and the outlet, each with its source."""

    published: Published = Published()
    published_from: str | None = None
    outlet: str | None = None
    outlet_from: str | None = None


def describe(published_from: str | None) -> str | None:
    """How the reader says where an inferred date came from; None for metadata and undated."""
    if published_from in (None, FRONT_MATTER, SIDECAR):
        return None
    if published_from == PAGE:
        return "from the page's tags"
    if published_from == EMBEDDED_POST:
        return "from an embedded post"
    if published_from == WEEKDAY_YEAR:
        return "from the dateline, its year from the weekday"
    if published_from.startswith(_YEAR_FROM):
        return "from the text and " + published_from[len(_YEAR_FROM) : -1]
    return "from the " + published_from


# --- date expressions ------------------------------------------------------------

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?![a-z])\.?"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\d])"
_YEAR = r"(?:19|20)\d\d(?!\d)"
_WEEKDAY = (
    r"\b(?:mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:r|rs|rsday)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)(?![a-z])\.?"
)
# A full date: each alternative names its groups y<N>, m<N>, d<N> (see _ymd).
DATE = _Lazy(
    rf"""
      (?<![\w/.-])(?P<y1>{_YEAR})(?P<sep>[-/.])(?P<m1>0?[1-9]|1[0-2])(?P=sep)(?P<d1>0?[1-9]|[12]\d|3[01])(?![\d/.])
    | \b(?P<m2>{_MONTH})(?:\s*|-)(?P<d2>{_DAY})(?:,\s*|\s+|-)(?P<y2>{_YEAR})
    | \b(?P<d3>{_DAY})(?:\s+of\s+|\s+|-)(?P<m3>{_MONTH}),?(?:\s+|-)(?P<y3>{_YEAR})
    | (?<![\w.])(?P<d4>0?[1-9]|[12]\d|3[01])\.(?P<m4>0?[1-9]|1[0-2])\.(?P<y4>{_YEAR})
    | (?<![\w/])(?P<sa>\d{{1,2}})/(?P<sb>\d{{1,2}})/(?P<y5>{_YEAR})
    """,
    re.I | re.X,
)
_MONTH_YEAR = _Lazy(rf"\b(?P<m6>{_MONTH}),?\s+(?P<y6>{_YEAR})", re.I)
DAY_MONTH = _Lazy(rf"\b(?P<m7>{_MONTH})\s*(?P<d7>{_DAY})|\b(?P<d8>{_DAY})\s+(?P<m8>{_MONTH})", re.I)


@dataclass(frozen=True)
class _Found:
    """A date read from the text: year may be missing (a dateline's "5 Dec")."""

    year: int | None
    month: int
    day: int | None
    rank: int  # lower is stronger evidence within the text
    start: int = 0  # offset in the text, for order


def _month(value: str) -> int | None:
    if value.isdigit():
        return int(value)
    return MONTHS.get(value.lower().rstrip("."))


def _ymd(m: re.Match[str]) -> tuple[int | None, int | None, int | None]:
    """Year, month and day from a match of DATE, _MONTH_YEAR or DAY_MONTH."""
    y = mo = d = None
    groups = m.groupdict()
    for name, value in groups.items():
        if value is None:
            continue
        if name[0] == "y":
            y = int(value)
        elif name[0] == "m":
            mo = _month(value)
        elif name[0] == "d":
            d = int(value.rstrip("stndrhSTNDRH"))  # "27th"
    if groups.get("sa"):
        a, b = int(groups["sa"]), int(groups["sb"])
        # Day-first or month-first: only a date that one reading alone allows.
        if a > 12 >= b:
            mo, d = b, a
        elif b > 12 >= a:
            mo, d = a, b
        elif a == b:
            mo, d = a, a
    return y, mo, d


def _valid(y: int | None, mo: int | None, d: int | None) -> bool:
    if mo is None or not 1 <= mo <= 12:
        return False
    try:
        dt.date(y or 2000, mo, d or 1)  # 2000: a leap year, so 29 February stands without one
    except ValueError:
        return False
    return True


def _published(y: int, mo: int, d: int | None) -> Published:
    return Published(dt.date(y, mo, d or 1), "day" if d else "month")


# --- date lines ------------------------------------------------------------------

# What a date line holds besides its date: times, zones, weekdays, separators.
_CLOCK = _Lazy(
    rf"""
      T?\d{{1,2}}[:.h]\d\d(?:[:.]\d\d)?(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?(?:\s*[ap]\.?\s?m\b\.?)?
    | \b\d{{1,2}}\s*[ap]\.?m\b\.?
    | \b(?:GMT|UTC|BST|CET|CEST|EET|EEST|MSK|EST|EDT|CST|CDT|MST|MDT|PST|PDT|AST|IST|KSA|AEST|ET|PT)\b
    | [+-]\d\d:\d\d\b
    | {_WEEKDAY},?
    """,
    re.I | re.X,
)
_SEPARATORS = "|·•/,;:–—-()[]"
_LABEL = _Lazy(
    r"""\b(?:
        (?:this\s+(?:article|story|report)\s+was\s+)?(?:first\s+|originally\s+)?
        (?:published|posted|released|issued|printed|filed|created)(?:\s+(?:on|at|in))?
      | publish(?:ed)?\s+(?:date|on|at) | date\s+(?:published|posted) | dated? | on
      | (?:last\s+)?(?:updated?|modified)(?:\s+(?:on|at))?
    )\s*[:.]?\s*$""",
    re.I | re.X,
)
_LABEL_WORDS = _Lazy(r"\b(?:first|originally|last|published|posted|publish|updated?|modified|date|dated|on|at)\b", re.I)
_NAME_WORDS = {"by", "and", "of", "the", "de", "al", "el", "van", "von", "da", "for", "in"}
_SENTENCE_END = _Lazy(r"[.!?]['\"’”]?\s*$")


def _label_kind(label: str) -> int:
    """Rank of what a label says of the date after it: 0 published, 1 no label, 3 updated."""
    label = label.lower()
    if not label.strip(" :."):
        return 1
    if "updat" in label or "modif" in label:
        return 3
    return 0 if label.strip(" :.") != "on" else 1


def _is_name_prefix(core: str) -> bool:
    """Whether `core` (what precedes a date, its label cut off) is a name and a
    separator ("Xinhua, ", "By Jane Doe | Reuters | ") or a byline ("Posted by Jane Doe on")."""
    stripped = core.rstrip()
    if not stripped:
        return True
    byline = re.match(r"(?:posted|published|written|filed)\s+by\s+(.+)", stripped, re.I)
    if byline:
        stripped = byline.group(1) + ","
    if stripped[-1] not in ",|·•–—-/":
        return False
    words = re.findall(r"[^\s|·•,;/–—-]+", stripped)
    # A name's words are capitalised; "Photo:" or "Venue:" is a label of something else.
    return 0 < len(words) <= 6 and all((w[0].isupper() or w.lower() in _NAME_WORDS) and not w.endswith(":") for w in words)


def read_date_line(line: str) -> Published | None:
    """The publication date a line states when the line is a date line; None for
    anything else: a sentence, a caption, a headline that mentions a date."""
    found = _date_line(line, 0)
    if not found:
        return None
    return _published(found.year, found.month, found.day)


def _date_line(line: str, offset: int) -> _Found | None:
    if len(line) > MAX_DATE_LINE or "(@" in line:
        return None
    dates = [m for m in DATE.finditer(line) if _valid(*_ymd(m))]
    month_only = None
    if not dates:
        month_only = _MONTH_YEAR.search(line)
        if not month_only:
            return None
        dates = [month_only]
    best: _Found | None = None
    previous = 0
    for i, m in enumerate(dates):
        core = _CLOCK.sub(" ", line[previous : m.start()])
        label = _LABEL.search(core.rstrip(" " + _SEPARATORS))
        rest = core[: label.start()] if label else core
        if i == 0 and not _is_name_prefix(rest):
            return None
        kind = _label_kind(label.group() if label else "")
        if month_only and kind != 0:
            return None  # "June 2016" alone is a heading or a mention: only a label makes it a date line
        y, mo, d = _ymd(m)
        found = _Found(y, mo, d, kind, offset + m.start())
        if best is None or found.rank < best.rank:
            best = found
        previous = m.end()
    tail = DAY_MONTH.sub(" ", _CLOCK.sub(" ", line[previous:]))
    tail = _LABEL_WORDS.sub(" ", tail)
    words = [w for w in re.split(r"[\s" + re.escape(_SEPARATORS) + r"]+", tail) if w]
    # A date followed by a few words ("Adjust font size:", "by admin") is still a
    # date line; followed by a sentence it is prose.
    if len(words) > 3 or (words and _SENTENCE_END.search(line)):
        return None
    return best


# A dateline with a date: "WASHINGTON, August 27. /TASS/.", "MOSCOW, 5 Dec —",
# "BEIRUT, Lebanon, March 3 (Reuters) -", "KARACHI (News Agency / Wire - 12th May, 2021)".
_PLACE = r"(?:[A-Z][A-Z.'’ -]{1,30}?|[A-Z][a-z]+(?:\s[A-Z][a-z]+){0,2})"  # \s: the pattern is verbose
_DATED_DATELINE = _Lazy(
    rf"""{_PLACE}(?:,\s*[A-Z][A-Za-z.]+(?:\s[A-Z][A-Za-z.]+)?)?,\s+
        (?P<date>(?:(?i:{_MONTH})\s*{_DAY}|{_DAY}\s+(?i:{_MONTH}))(?:,?\s+{_YEAR})?)\.?\s*
        (?:/(?P<slash>[A-Z][A-Za-z]{{1,20}})/\.?|\((?P<agency>[^()\n\d]{{2,40}})\)\s*(?:[—–-]|--)|[—–]|--|\s-\s|:)
    | {_PLACE}\s*\((?P<agency2>[^()\n\d]{{2,40}}?)\s*[-–—,]\s*(?P<date2>[^()\n]{{4,30}})\)
    """,
    re.X,
)


def _dateline_date(text: str, p: Paragraph) -> tuple[_Found | None, str | None]:
    """The date and agency of a dateline opening paragraph `p`, if it has one with a date."""
    m = _DATED_DATELINE.match(text, p.start, p.end)
    if not m:
        return None, None
    agency = m.group("slash") or m.group("agency") or m.group("agency2")
    raw = m.group("date") or m.group("date2")
    full = DATE.search(raw)
    if full and _valid(*_ymd(full)):
        y, mo, d = _ymd(full)
        return _Found(y, mo, d, 1, m.start()), agency
    partial = DAY_MONTH.search(raw)
    if partial and _valid(None, *_ymd(partial)[1:]):
        _, mo, d = _ymd(partial)
        return _Found(None, mo, d, 2, m.start()), agency
    return None, agency


# "— Jane Reporter (@janereports) May 2, 2021", "A post shared by X (@x) on Jan 3, 2020".
_POST = _Lazy(
    r"(?:(?:^|\s)(?:—|–|--|-)\s?[^\n()—–]{1,60}?\(@\w{1,15}\)|\bpost shared by [^\n()]{1,60}\(@[\w.]{1,30}\))\s+(?:on\s+)?"
)


def embedded_post_date(text: str) -> Published:
    """The date of the latest social-media post embedded in `text`; the article is no older."""
    if "(@" not in text:
        return Published()
    latest = None
    for m in _POST.finditer(text):
        d = DATE.match(text, m.end())
        if d and _valid(*_ymd(d)):
            y, mo, day = _ymd(d)
            date = dt.date(y, mo, day or 1)
            latest = max(latest, date) if latest else date
    return Published(latest, "day") if latest else Published()


# --- urls and file names -----------------------------------------------------------

_PATH_DAY = _Lazy(
    r"""(?<!\d)(?P<y1>(?:19|20)\d\d)[-/_.](?P<m1>0?[1-9]|1[0-2])[-/_.](?P<d1>0?[1-9]|[12]\d|3[01])(?!\d)
      | (?<!\d)(?P<y2>(?:19|20)\d\d)[-/_.]?(?P<m2>0[1-9]|1[0-2])(?P<d2>0[1-9]|[12]\d|3[01])(?!\d)
      | (?:^|/)(?P<y3>(?:19|20)\d\d)(?P<m3>0[1-9]|1[0-2])(?P<d3>0[1-9]|[12]\d|3[01])\d{6,}(?!\d)
      | \bid[A-Z]{4}[A-Z0-9]{7}(?P<y4>(?:19|20)\d\d)(?P<m4>0[1-9]|1[0-2])(?P<d4>0[1-9]|[12]\d|3[01])(?![\w])""",
    re.X,
)
_PATH_MONTH = _Lazy(
    rf"(?<!\d)(?P<y1>(?:19|20)\d\d)[-/_.](?P<m1>0?[1-9]|1[0-2])(?=/|$)|(?:^|/)(?P<y2>(?:19|20)\d\d)/(?P<m2>{_MONTH})(?=/|$)",
    re.I,
)
_PATH_YEAR = _Lazy(r"(?:^|/)(?P<y1>(?:19|20)\d\d)(?=/)")


def date_in_path(path: str | None) -> Published:
    """The date a url's path or a file's relative path holds: /2018/02/08/, /2015/0916/,
    -20180208-, 2018-02-08_slug.txt, an id that starts with the day (/202008261080286455-)
    or ends with it (Reuters' -idUSKCN1FS2A420180208) (a day); /2016/jun/, /2015-09/ (a
    month); /2018/ (a year)."""
    if not path:
        return Published()
    for pattern, precision in ((_PATH_DAY, "day"), (_PATH_MONTH, "month"), (_PATH_YEAR, "year")):
        for m in pattern.finditer(path):
            y, mo, d = _ymd(m)
            if precision == "year":
                return Published(dt.date(y, 1, 1), "year")
            if _valid(y, mo, d):
                return Published(dt.date(y, mo, d or 1), precision)
    return Published()


def _inner_url(url: str) -> str:
    """The address a proxy, archive or redirect url carries in it, else `url` itself."""
    url = unquote(url.strip())
    inner = [m.start() for m in re.finditer(r"https?://", url)]
    return url[inner[-1] :] if len(inner) > 1 else url


def date_in_url(url: str | None) -> Published:
    if not url:
        return Published()
    parts = urlsplit(_inner_url(url))
    return date_in_path(parts.path)


# Sites whose host names them; a host not here is shown as it is.
SITES = {
    "reuters.com": "Reuters", "apnews.com": "AP", "afp.com": "AFP", "bloomberg.com": "Bloomberg",
    "nbcnews.com": "NBC News", "cnn.com": "CNN", "cbsnews.com": "CBS News", "abcnews.go.com": "ABC News",
    "foxnews.com": "Fox News", "npr.org": "NPR", "nytimes.com": "The New York Times",
    "washingtonpost.com": "The Washington Post", "wsj.com": "The Wall Street Journal",
    "usatoday.com": "USA Today", "latimes.com": "Los Angeles Times", "politico.com": "Politico",
    "politico.eu": "Politico", "thehill.com": "The Hill", "axios.com": "Axios", "newsweek.com": "Newsweek",
    "time.com": "Time", "theatlantic.com": "The Atlantic", "thedailybeast.com": "The Daily Beast",
    "csmonitor.com": "The Christian Science Monitor", "militarytimes.com": "Military Times",
    "defensenews.com": "Defense News", "armytimes.com": "Army Times", "airforcetimes.com": "Air Force Times",
    "stripes.com": "Stars and Stripes", "defense.gov": "U.S. Department of Defense",
    "bbc.co.uk": "BBC News", "bbc.com": "BBC News", "theguardian.com": "The Guardian",
    "telegraph.co.uk": "The Telegraph", "independent.co.uk": "The Independent", "thetimes.co.uk": "The Times",
    "dailymail.co.uk": "Daily Mail", "ft.com": "Financial Times", "economist.com": "The Economist",
    "sky.com": "Sky News", "france24.com": "France 24", "dw.com": "DW", "euronews.com": "Euronews",
    "aljazeera.com": "Al Jazeera", "aljazeera.net": "Al Jazeera", "alarabiya.net": "Al Arabiya",
    "arabnews.com": "Arab News", "thenationalnews.com": "The National", "timesofisrael.com": "The Times of Israel",
    "haaretz.com": "Haaretz", "jpost.com": "The Jerusalem Post", "middleeasteye.net": "Middle East Eye",
    "aa.com.tr": "Anadolu Agency", "dailysabah.com": "Daily Sabah", "trtworld.com": "TRT World",
    "presstv.ir": "Press TV", "presstv.com": "Press TV", "tass.com": "TASS", "tass.ru": "TASS",
    "ria.ru": "RIA Novosti", "sputniknews.com": "Sputnik", "rt.com": "RT", "interfax.com": "Interfax",
    "themoscowtimes.com": "The Moscow Times", "kyivindependent.com": "The Kyiv Independent",
    "xinhuanet.com": "Xinhua", "news.cn": "Xinhua", "chinadaily.com.cn": "China Daily",
    "globaltimes.cn": "Global Times", "scmp.com": "South China Morning Post", "thehindu.com": "The Hindu",
    "hindustantimes.com": "Hindustan Times", "news24.com": "News24", "abc.net.au": "ABC News (Australia)",
    "cbc.ca": "CBC News", "globalnews.ca": "Global News", "yahoo.com": "Yahoo News",
    "upi.com": "UPI", "voanews.com": "Voice of America", "rferl.org": "Radio Free Europe/Radio Liberty",
    "antiwar.com": "Antiwar.com", "zerohedge.com": "ZeroHedge",
}  # fmt: skip
# Wire services and outlets a masthead or credit line names, as the line spells them.
_MASTHEADS = {name.casefold(): name for name in SITES.values()} | {
    "associated press": "AP", "the associated press": "AP", "agence france-presse": "AFP",
    "agence france presse": "AFP", "ap": "AP", "xinhua news agency": "Xinhua", "sputnik": "Sputnik",
    "ria novosti": "RIA Novosti", "anadolu": "Anadolu Agency", "dpa": "dpa", "efe": "EFE", "ansa": "ANSA",
    "kyodo": "Kyodo", "kyodo news": "Kyodo", "yonhap": "Yonhap", "pti": "PTI", "ians": "IANS",
    "sana": "SANA", "irna": "IRNA", "interfax": "Interfax", "tass": "TASS",
}  # fmt: skip
# A masthead opens a top line ("REUTERS", "AFP | June 3, 2019"), credits one ("by Reuters"),
# or follows a byline ("By Jane Doe | Reuters"); a name is looked up, not matched by a
# pattern of every name, which would cost the import more than the rest of this module.
_MASTHEAD_LINE = _Lazy(r"(?:by\s+)?(?P<o>[^,|·•–—()\n]+?)\s*(?:$|[,|·•–—]|\s-\s)", re.I)
_BYLINE_CREDIT = _Lazy(r"by\s[^|\n]{2,60}?\s*[|,]\s*(?P<o>[^|,\n]+?)\s*(?:$|[|,])", re.I)
# A wire's credit opening a paragraph: "(Reuters) - ", "(CNN)Two US jets".
_WIRE_OPENING = _Lazy(r"\((?P<o>[A-Za-z][^()\n]{1,40})\)(?:\s*(?:[—–-]|--)|(?=[A-Z]))")


def known_outlet(name: str | None) -> str | None:
    """The outlet `name` spells ("REUTERS", "the Associated Press"), if it is a known one."""
    return _MASTHEADS.get(" ".join(name.split()).casefold()) if name else None


def host_of(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(_inner_url(url)).hostname or ""
    host = re.sub(r"^(?:www\d?|m|amp|mobile|edition|uk|us|in)\.(?=[^.]+\.)", "", host.lower())
    return host or None


def site_name(host: str | None) -> str | None:
    """The outlet a known host is: "nbcnews.com" and "uk.reuters.com" are NBC News and Reuters."""
    while host:
        if host in SITES:
            return SITES[host]
        host = host.partition(".")[2] if host.count(".") > 1 else None
    return None


# --- outlet in the text --------------------------------------------------------------

# "WASHINGTON (Reuters) —", "BEIRUT, Lebanon (AP) —", "DAMASCUS —"
_DATELINE = _Lazy(
    r"(?P<place>[A-Z][A-Z .,'’-]{1,40}?|[A-Z][a-z]+(?: [A-Z][a-z]+){0,2})"
    r"(?:,? [A-Z][A-Za-z.]+)?\s*(?:\((?P<agency>[A-Za-z .&-]{2,30})\))?\s*(?:[—–]|--)\s*"
)
_OUTLET_WORDS = r"(?:Times|Post|Journal|News|Tribune|Herald|Telegraph|Guardian|Week|Monitor|Wire|Review|Daily)"
# None of these crosses a line: each is searched for in the whole text at once.
_OUTLET_PATTERNS = [
    # Masthead pitches: "Support The Moscow Times!", "Subscribe to News24".
    _Lazy(r"\b(?:Support|Subscribe to|A Message from|journalists of)[ \t]+(?P<o>The [A-Z]\w+(?: [A-Z]\w+){0,3}|[A-Z]\w*\d+)"),
    # The outlet speaking of itself: "told Military Times", "Newsweek has contacted".
    _Lazy(r"\btold (?P<o>(?:[A-Z]\w+ ){0,2}" + _OUTLET_WORDS + r"|Newsweek|Reuters)\b"),
    _Lazy(r"(?P<o>\b[A-Z]\w+(?: [A-Z]\w+){0,2}) (?:has|had) (?:contacted|reached out to)\b"),
]
# "Reuters could not independently verify the footage.": the words before it name an outlet
# when they are a known one or end with an outlet's word ("NBC News"), not a person ("Kerry").
_UNVERIFIED = _Lazy(r" (?:could not|cannot|was (?:not |un)able to|has not been able to) (?:immediately |independently )?(?:verify|confirm)\b")


def find_dateline(text: str, paragraphs: list[Paragraph] | tuple[Paragraph, ...]) -> tuple[str | None, str | None]:
    """The dateline's place and agency ("WASHINGTON (Reuters) —" -> Washington, Reuters)."""
    for p in [p for p in paragraphs if p.kind == "body"][:3]:
        m = _DATELINE.match(text, p.start, p.end)
        if m:
            return re.sub(r"\s+", " ", m.group("place")).strip(" ,").title(), m.group("agency")
    return None, None


def _masthead(text: str, top: list[Paragraph]) -> str | None:
    for p in top:
        found = [_WIRE_OPENING.match(text, p.start, p.end)]
        if p.end - p.start <= MAX_DATE_LINE:
            line = text[p.start : p.end].strip()
            found += [_MASTHEAD_LINE.match(line), _BYLINE_CREDIT.match(line)]
        for m in found:
            name = known_outlet(m.group("o")) if m else None
            if name:
                return name
    return None


def _self_reference(text: str) -> str | None:
    # The words each pattern needs: a quick test before a slow search.
    for pattern, needs in zip(_OUTLET_PATTERNS, ((), ("told ",), ("contacted", "reached out"))):
        m = pattern.search(text) if not needs or any(w in text for w in needs) else None
        if m:
            return m.group("o").strip()
    for m in _UNVERIFIED.finditer(text):
        words = text[max(0, m.start() - 60) : m.start()].rpartition("\n")[2].split()[-4:]
        for i in range(len(words)):  # "Officials at Reuters" -> Reuters
            name = " ".join(words[i:])
            if name[:1].isupper() and (known_outlet(name) or re.search(_OUTLET_WORDS + r"$", name)):
                return known_outlet(name) or name
    return None


# --- putting it together --------------------------------------------------------------

_URL_LINE = _Lazy(
    r"^(?:(?:source|url|link|original(?:ly published at)?|canonical|web)\s*:\s*)?(?P<url>https?://\S+)$", re.I
)
_SOCIAL = _Lazy(r"(?:^|\.)(?:twitter\.com|x\.com|t\.co|facebook\.com|instagram\.com|youtube\.com|youtu\.be|t\.me|tiktok\.com)$")


def _regions(text: str, paragraphs) -> tuple[list[Paragraph], list[Paragraph]]:
    """The paragraphs above the article's prose (up to its second paragraph of prose)
    and at its foot: where sites print dates and mastheads."""
    top, prose = [], 0
    for p in paragraphs[:TOP_PARAGRAPHS]:
        top.append(p)
        if p.end - p.start >= 100 and _PROSE.search(text, p.start, p.end):
            prose += 1
            if prose == 2:
                break
    bottom = list(paragraphs[len(top) :][-BOTTOM_PARAGRAPHS:])
    return top, bottom


def url_in_text(text: str, lines: list[Paragraph]) -> str | None:
    """A url standing alone on one of `lines` ("Source: https://…"), not a social post's."""
    if "://" not in text:
        return None
    for p in lines:
        m = _URL_LINE.match(text[p.start : p.end].strip())
        if m and not _SOCIAL.search(host_of(m.group("url")) or ""):
            return m.group("url")
    return None


def text_date(text: str, top: list[Paragraph], bottom: list[Paragraph]) -> tuple[_Found | None, _Found | None, str | None]:
    """The best full date that the date lines of `top` or `bottom` or a dateline give,
    else a dateline's day and month; and the agency a dated dateline names."""
    found = [f for f in (_date_line(text[p.start : p.end], p.start) for p in top) if f]
    partial, agency = None, None
    for p in [p for p in top if p.kind == "body" and p.end - p.start > MAX_DATE_LINE // 2][:3]:
        date, agency = _dateline_date(text, p)
        if date:
            if date.year:
                found.append(date)
            else:
                partial = date
            break
    if not found:
        # At the foot, a date line without a label may be a related story's: only a single one counts.
        foot = [f for f in (_date_line(text[p.start : p.end], p.start) for p in bottom) if f]
        labelled = [f for f in foot if f.rank == 0]
        if labelled or len({(f.year, f.month, f.day) for f in foot}) == 1:
            found = labelled or foot[:1]
    best = min(found, key=lambda f: (f.rank, f.start)) if found else None
    return best, partial, agency


def _year_for(month: int, day: int, ref: Published) -> int | None:
    """The year that puts day and month nearest the reference date."""
    if ref.date is None:
        return None
    if ref.precision == "year":
        return ref.date.year if _valid(ref.date.year, month, day) else None
    centre = ref.date if ref.precision == "day" else ref.date.replace(day=15)
    years = [y for y in (centre.year - 1, centre.year, centre.year + 1) if _valid(y, month, day)]
    return min(years, key=lambda y: abs((dt.date(y, month, day) - centre).days), default=None)


_WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_FULL_WEEKDAY = _Lazy(r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b", re.I)
_ANY_YEAR = _Lazy(r"(?<![\d/.-])(?:19|20)\d\d(?![\d/-])")
YEAR_WINDOW = 2  # a dated article is at most this many years younger than the latest year it names


def year_by_weekday(text: str, start: int, month: int, day: int, today: dt.date | None = None) -> int | None:
    """The year of a dateline that gives only day and month ("MOSCOW, 5 Dec — ... said
    Wednesday"), from two pieces of evidence in the text: the one weekday its lede names
    (the dateline's day or the day before: "said on Tuesday" in Wednesday's report), and
    the latest year the text names, which the article is no older than. Only a year that
    alone fits, no more than YEAR_WINDOW years after that one and not after `today`;
    otherwise None, and the article stays undated rather than guessed. `start` is
    the dateline's offset in `text`."""
    lede = text[start : start + 600].partition("\n")[0]
    weekdays = {_WEEKDAY_NAMES.index(m.group().lower()) for m in _FULL_WEEKDAY.finditer(lede)}
    if len(weekdays) != 1:
        return None
    today = today or dt.date.today()
    named = [int(m.group()) for m in _ANY_YEAR.finditer(text)]
    named = [y for y in named if y <= today.year]
    if not named:
        return None
    (weekday,) = weekdays
    fits = []
    for year in range(max(named), max(named) + YEAR_WINDOW + 1):
        if not _valid(year, month, day):
            continue
        date = dt.date(year, month, day)
        if date <= today and weekday in (date.weekday(), (date - dt.timedelta(days=1)).weekday()):
            fits.append(year)
    return fits[0] if len(fits) == 1 else None


def _date(full: _Found | None, partial: _Found | None, refs, text: str = "") -> tuple[Published, str | None]:
    if full:
        return _published(full.year, full.month, full.day), TEXT
    for source, ref in refs:
        if ref.date is None:
            continue
        year = _year_for(partial.month, partial.day, ref) if partial else None
        if year:
            return _published(year, partial.month, partial.day), f"{_YEAR_FROM}{source})"
        return ref, EMBEDDED_POST if source == "embedded post" else source
    year = year_by_weekday(text, partial.start, partial.month, partial.day) if partial and partial.day else None
    if year:
        return _published(year, partial.month, partial.day), WEEKDAY_YEAR
    return Published(), None


def infer_publication(
    text: str,
    paragraphs: list[Paragraph] | tuple[Paragraph, ...],
    *,
    published: Published = Published(),
    published_from: str | None = None,
    outlet: str | None = None,
    outlet_from: str | None = None,
    url: str | None = None,
    name: str | None = None,
) -> Publication:
    """The publication date and outlet of an article and where each came from.

    `published`/`outlet` and their `*_from` are what metadata gave ("front matter"
    or "sidecar"); they win when set. `url` is metadata's url, `name` the file's
    path relative to the corpus folder."""
    if published.date is not None and outlet:
        return Publication(published, published_from, outlet, outlet_from)
    top, bottom = _regions(text, paragraphs)
    full, partial, agency = text_date(text, top, bottom)
    link = url or url_in_text(text, top + bottom)
    if published.date is None:
        refs = ((URL, date_in_url(link)), (FILE_NAME, date_in_path(name)), ("embedded post", embedded_post_date(text)))
        published, published_from = _date(full, partial, refs, text)
    if outlet:
        return Publication(published, published_from, outlet, outlet_from)
    host = host_of(link)
    known = site_name(host)
    if known:
        return Publication(published, published_from, known, URL)
    in_text = find_dateline(text, paragraphs)[1] or agency or _masthead(text, top) or _self_reference(text)
    if in_text:
        return Publication(published, published_from, in_text.strip(), TEXT)
    return Publication(published, published_from, host, URL if host else None)
