"""Dates in news text, resolved against the article's publication date.

"June 16", "on Thursday", "last month", "in early November", "this fall",
"Sept. 15, 2016", "over the weekend", "two days ago", "a week ago": each becomes a
`Published` (a date and its precision). A weekday can only be resolved to a day
when the publication day is known; with a month-precise publication it keeps the
publication's month. What is only roughly placed keeps its span, never a guessed
day: "last week", "over the weekend", "two weeks ago" are a week (held by its Monday),
"earlier this month" a month.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .article import Published

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
SEASONS = {"spring": 4, "summer": 7, "fall": 10, "autumn": 10, "winter": 1}
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
PRECISION_RANK = {"day": 0, "week": 0.5, "month": 1, "year": 2, "unknown": 3}

_MONTH = r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
DATE_PATTERN = re.compile(
    rf"""
      \b{_MONTH}\ (?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\ (?P<year>(?:19|20)\d\d))?
    | \b(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\ (?:of\ )?{_MONTH.replace("month", "month2")}(?:,?\ (?P<year2>(?:19|20)\d\d))?
    | \b(?:in\ )?(?:(?P<part>early|mid|late|the\ end\ of|the\ beginning\ of)[-\ ])?{_MONTH.replace("month", "month3")}(?:,?\ (?P<year3>(?:19|20)\d\d))?\b
    | \b(?:on\ )?(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b
    | \b(?P<rel>last|this|next|earlier\ this|later\ this|past)\ (?P<unit>week|month|year|spring|summer|fall|autumn|winter)\b
    | \b(?P<named>yesterday|today|tonight|(?:earlier|later)\ (?:on\ )?today)\b
    | \b(?i:in|since|during|of)\ (?P<year4>(?:19|20)\d\d)\b
    | \b(?i:over|in|during)\ the\ (?i:past|last)\ (?P<past_day>day|24\ hours)\b
    | \b(?i:over|during|at)\ the\ (?P<weekend>weekend)\b | \b(?i:last)\ (?P<lastweekend>weekend)\b
    | \b(?P<ago_n>(?i:a|an|one|two|three|four|five|six|seven)|\d{1,2})\ (?P<ago_unit>days?|weeks?|months?|years?)\ ago\b
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    date: Published


def parse_date(value: object) -> Published:
    """A date written in a data file: a date, ``2016-06-16``, ``2016-06`` or ``2016``."""
    if isinstance(value, dt.datetime):
        return Published(value.date(), "day")
    if isinstance(value, dt.date):
        return Published(value, "day")
    if value is None:
        return Published()
    s = str(value).strip()
    for fmt, precision in (("%Y-%m-%d", "day"), ("%Y-%m", "month"), ("%Y", "year")):
        try:
            return Published(dt.datetime.strptime(s, fmt).date(), precision)
        except ValueError:
            continue
    raise ValueError(f"not a date: {value!r} (use YYYY-MM-DD, YYYY-MM or YYYY)")


def find_dates(text: str, published: Published, start: int = 0, end: int | None = None) -> list[DateMention]:
    """The dates written in `text[start:end]`, each resolved against `published`."""
    end = len(text) if end is None else end
    found = []
    for m in DATE_PATTERN.finditer(text, start, end):
        date = resolve(m, published)
        if date.date is not None:
            found.append(DateMention(m.start(), m.end(), date))
    return found


def _nearest_year(month: int, day: int, ref: dt.date) -> int:
    """The year that puts month/day closest before (or just after) `ref`: news reports the past."""
    year = ref.year
    if (month, day) > (ref.month, ref.day) and month - ref.month > 1:
        year -= 1
    return year


def resolve(m: re.Match[str], published: Published) -> Published:
    ref = published.date
    g = m.groupdict()
    month_name = g["month"] or g["month2"] or g["month3"]
    if month_name:
        month = MONTHS[month_name.lower().rstrip(".")]
        day = g["day"] or g["day2"]
        year = g["year"] or g["year2"] or g["year3"]
        if day:
            if not year and ref is None:
                return Published()
            y = int(year) if year else _nearest_year(month, int(day), ref)
            try:
                return Published(dt.date(y, month, int(day)), "day")
            except ValueError:
                return Published()
        if not year and ref is None:
            return Published()
        y = int(year) if year else _nearest_year(month, 1, ref)
        return Published(dt.date(y, month, 1), "month")
    if g["year4"]:
        return Published(dt.date(int(g["year4"]), 1, 1), "year")
    if ref is None:
        return Published()
    if g["past_day"]:
        if published.precision != "day":
            return Published(ref.replace(day=1), "month") if published.precision == "month" else Published()
        return Published(ref - dt.timedelta(days=1), "day")
    if g["weekend"] or g["lastweekend"]:
        if published.precision != "day":
            return Published(ref.replace(day=1), "month") if published.precision == "month" else Published()
        saturday = ref - dt.timedelta(days=(ref.weekday() - 5) % 7)  # the last weekend begun by the publication
        return _week(saturday)
    if g["ago_unit"]:
        n = _NUMBERS.get(g["ago_n"].lower()) or int(g["ago_n"])
        unit = g["ago_unit"].rstrip("s")
        if unit == "year":
            return Published(dt.date(ref.year - n, 1, 1), "year")
        if published.precision != "day":
            return Published(ref.replace(day=1), "month") if published.precision == "month" and unit != "month" else Published()
        if unit == "day":
            return Published(ref - dt.timedelta(days=n), "day")
        if unit == "week":
            return _week(ref - dt.timedelta(days=7 * n))
        month = ref.month - n
        year = ref.year + (month - 1) // 12
        return Published(dt.date(year, (month - 1) % 12 + 1, 1), "month")
    if g["weekday"]:
        if published.precision != "day":
            return Published(ref.replace(day=1), "month") if published.precision == "month" else Published()
        back = (ref.weekday() - WEEKDAYS.index(g["weekday"].lower())) % 7
        return Published(ref - dt.timedelta(days=back), "day")
    if g["named"]:
        if published.precision != "day":
            return Published(ref, published.precision)
        delta = 1 if g["named"] == "yesterday" else 0
        return Published(ref - dt.timedelta(days=delta), "day")
    rel, unit = g["rel"], g["unit"]
    if unit == "week":
        if published.precision != "day":
            return Published(ref, published.precision) if published.precision == "month" else Published()
        days = {"last": 7, "past": 7, "next": -7}.get(rel, 0)
        return _week(ref - dt.timedelta(days=days))
    if unit == "month":
        if published.precision == "year":
            return Published()
        if rel in ("last", "past"):
            first = ref.replace(day=1) - dt.timedelta(days=1)
            return Published(first.replace(day=1), "month")
        return Published(ref.replace(day=1), "month")
    if unit == "year":
        y = ref.year - (1 if rel in ("last", "past") else 0)
        return Published(dt.date(y, 1, 1), "year")
    # A season: its middle month, in the publication's year (last year's if it has not come yet).
    month = SEASONS[unit]
    y = ref.year - (1 if rel in ("last", "past") or month > ref.month + 2 else 0)
    return Published(dt.date(y, month, 1), "month")


def _week(day: dt.date) -> Published:
    """The week (Monday to Sunday) that holds `day`."""
    return Published(day - dt.timedelta(days=day.weekday()), "week")


def span(date: Published) -> tuple[dt.date, dt.date] | None:
    """The first and last day a date can be, by its precision; None if undated."""
    if date.date is None or date.precision == "unknown":
        return None
    d = date.date
    if date.precision == "day":
        return d, d
    if date.precision == "week":
        return d, d + dt.timedelta(days=6)
    if date.precision == "month":
        following = (d.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return d.replace(day=1), following - dt.timedelta(days=1)
    return dt.date(d.year, 1, 1), dt.date(d.year, 12, 31)


def compatible(a: Published, b: Published) -> bool:
    """Whether two dates can be the same day, each within its own precision."""
    if a.date is None or b.date is None:
        return True
    if "week" in (a.precision, b.precision):  # a week may straddle two months: compare the days they span
        sa, sb = span(a), span(b)
        return sa is None or sb is None or (sa[0] <= sb[1] and sb[0] <= sa[1])
    coarse = max(a.precision, b.precision, key=lambda p: PRECISION_RANK.get(p, 3))
    if coarse == "day":
        return a.date == b.date
    if coarse == "month":
        return (a.date.year, a.date.month) == (b.date.year, b.date.month)
    if coarse == "year":
        return a.date.year == b.date.year
    return True
