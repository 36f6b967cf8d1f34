"""Calendar values: the publication date, the days a TimeML value covers, and shared date arithmetic."""

from __future__ import annotations

import calendar
import re
from dataclasses import replace
from datetime import date

from ...io.ingest import PUBLISHED_YEARS
from ...records import Article, DateMention
from ...settings import current

_CALENDAR_VALUE = re.compile(r"\d{4}(?:-|T|$)")
_DECADE_VALUE = re.compile(r"\d{2,3}")
_DAY_VALUE = re.compile(r"(\d{4})-(\d\d)-(\d\d)(?:T.*)?")
_MONTH_VALUE = re.compile(r"(\d{4})-(\d\d)")
_ISO_EVENT_VALUE = re.compile(r"\d{4}(?:-\d\d(?:-\d\d)?)?")
_WEEK_VALUE = re.compile(r"(\d{4})-W(\d\d)(-WE)?")
_YEAR_PART_VALUE = re.compile(r"(\d{4})-(?:Q\d|H\d|SP|SU|FA|WI)")  # quarter, half year, season


def parse_iso(value: str | None) -> date | None:
    """The day an ISO value starts with ("2024-02-08", "2024-02-08T10:00"), or None."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def published_date(published: Article | str | date | None) -> date | None:
    """An article's publication date (or an ISO string's), or None where it is missing, malformed
    or outside the years ingest accepts (:data:`~eventwire.io.ingest.PUBLISHED_YEARS`): far from them,
    date arithmetic leaves the calendar."""
    if isinstance(published, Article):
        published = published.published
    day = published if isinstance(published, date) else parse_iso(published)
    return day if day is not None and PUBLISHED_YEARS[0] <= day.year <= PUBLISHED_YEARS[1] else None


def day_range(value: str | None) -> tuple[date, date] | None:
    """The first and last day a TimeML date value covers: a day ("2024-02-08", also with a time),
    a month ("2024-02"), a year ("2024") or a decade ("199"); None for any other value or a day
    the calendar lacks ("2024-02-30")."""
    value = value or ""
    try:
        if m := _DAY_VALUE.fullmatch(value):
            day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            return day, day
        if m := _MONTH_VALUE.fullmatch(value):
            y, mo = int(m.group(1)), int(m.group(2))
            return date(y, mo, 1), date(y, mo, calendar.monthrange(y, mo)[1])
        if len(value) == 4 and value.isdigit():
            return date(int(value), 1, 1), date(int(value), 12, 31)
        if len(value) == 3 and value.isdigit():
            return date(int(value) * 10, 1, 1), date(int(value) * 10 + 9, 12, 31)
    except ValueError:
        return None
    return None


def is_calendar_value(value: str, precision: str | None) -> bool:
    """True for a date value with a 4-digit year (a decade: 3 digits, a century: 2), the only ones
    TimeML has; an arithmetic result like "12017" or "1-W52" is none."""
    if precision == "decade":
        return _DECADE_VALUE.fullmatch(value) is not None
    return _CALENDAR_VALUE.match(value) is not None


def month_shift(y: int, m: int, k: int) -> tuple[int, int]:
    """Year and month ``k`` months after ``y``-``m``."""
    idx = y * 12 + (m - 1) + k
    return idx // 12, idx % 12 + 1


def quarter_shift(y: int, q: int, k: int) -> str:
    """The TimeML value of the quarter ``k`` quarters after ``y``-Q``q``."""
    idx = y * 4 + q - 1 + k
    return f"{idx // 4}-Q{idx % 4 + 1}"


def iso_week(d: date) -> str:
    """The TimeML week value of ``d`` ("2024-W05")."""
    iso = d.isocalendar()
    return f"{iso[0]}-W{iso[1]:02d}"


def quarter_of(d: date) -> tuple[int, int]:
    """Year and quarter of ``d``."""
    return d.year, (d.month - 1) // 3 + 1


def event_value(d: DateMention) -> DateMention:
    """The mention with a value an ``event_date`` can hold (ISO day, month or year), or with
    ``value=None`` where it has none: a week becomes its ``[dates] week_weekday`` (a weekend its
    ``weekend_weekday``), a quarter, half year or season its year, a decade its first year."""
    d = _event_value_raw(d)
    return d if d.value and _ISO_EVENT_VALUE.fullmatch(d.value) else replace(d, value=None)


def _event_value_raw(d: DateMention) -> DateMention:
    value = d.value or ""
    if m := _WEEK_VALUE.fullmatch(value):
        day = int(current().dates.weekend_weekday if m.group(3) else current().dates.week_weekday)
        try:
            return replace(d, value=date.fromisocalendar(int(m.group(1)), int(m.group(2)), day).isoformat())
        except ValueError:  # no such week
            return replace(d, value=None)
    if m := _YEAR_PART_VALUE.fullmatch(value):
        return replace(d, value=m.group(1))
    if "T" in value:
        return replace(d, value=value.split("T")[0])
    if re.fullmatch(r"\d{3}", value):
        return replace(d, value=value + "0")
    if re.fullmatch(r"\d{2}", value) and d.precision == "decade":  # a century ("this century": 20)
        return replace(d, value=value + "00")
    return d
