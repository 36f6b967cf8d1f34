"""Resolution of expressions counted from the publication date: "last week", "three days ago",
"the third quarter", "the year-earlier period", "for five years"."""

from __future__ import annotations

import re
from datetime import date, timedelta

from ...records import DateMention
from ...settings import current
from .context import FUTURE_REF, PAST_REF, Ctx, Resolved, number
from .days import iso_week, month_shift, quarter_of, quarter_shift
from .grammar import vocabulary

SATURDAY = 6  # ISO weekday
_NO_ORDINAL = (
    2  # "the last half", "the latter half" (and, as the code had it, "the last quarter"): the second
)
# duration values by the unit's ISO 8601 designator (``units`` in temporal.yaml); others: P<n><code>
_DURATION_FORMATS = {"DE": "P{qty}0Y", "CE": "P{qty}00Y", "W2": "P{qty}W"}


def _weekend(dct: date, sign: int, direction: int) -> Resolved:
    """ "this weekend", "last weekend": before a weekday publication, "this weekend" is last week's
    unless the clause points forward."""
    base = dct + timedelta(days=7 * sign)
    if sign == 0 and dct.isoweekday() < SATURDAY:
        base = dct - timedelta(days=7) if direction <= 0 else dct
    return (iso_week(base) + "-WE", "week", "date", True)


def relative_unit(m: re.Match[str], ctx: Ctx, last: DateMention | None) -> Resolved | None:
    """ "last week", "this month", "the next quarter", "the past decade"."""
    v = vocabulary()
    code, precision = v["units"][m.group("unit").lower()]
    sign = v["relative_signs"].get(m.group("rel").lower(), 0)
    dct = ctx.dct
    if dct is None:
        return (None, precision, "date", True)
    if code == "Y":
        return (str(dct.year + sign), "year", "date", True)
    if code == "M":
        y, mo = month_shift(dct.year, dct.month, sign)
        return (f"{y}-{mo:02d}", "month", "date", True)
    if code == "W":
        return (iso_week(dct + timedelta(days=7 * sign)), "week", "date", True)
    if code == "WE":
        return _weekend(dct, sign, ctx.direction)
    if code == "Q":
        return (quarter_shift(*quarter_of(dct), sign), "quarter", "date", True)
    if code == "DE":
        return (str(dct.year // 10 + sign), "decade", "date", True)
    return (str(dct.year // 100 + sign), "decade", "date", True)  # a century


def shift(dct: date, unit: str, n: int, last_quarter: str | None) -> Resolved:
    """The date ``n`` ``unit``s from ``dct``; a year from a quarter just mentioned is that quarter's."""
    code, precision = vocabulary()["units"][unit]
    if code == "D":
        return ((dct + timedelta(days=n)).isoformat(), "day", "date", True)
    if code in ("W", "WE", "W2"):
        return (iso_week(dct + timedelta(days=7 * n * (2 if code == "W2" else 1))), "week", "date", True)
    if precision == "day":  # hours, minutes, seconds: the day itself
        return (dct.isoformat(), "day", "date", True)
    if code == "M":
        y, m = month_shift(dct.year, dct.month, n)
        return (f"{y}-{m:02d}", "month", "date", True)
    if code == "Q":
        return (quarter_shift(*quarter_of(dct), n), "quarter", "date", True)
    if code == "Y":
        if last_quarter and abs(n) == 1:
            y, q = last_quarter.split("-Q")
            return (f"{int(y) + n}-Q{q}", "quarter", "date", True)
        return (str(dct.year + n), "year", "date", True)
    if code == "DE":
        return (str(dct.year + 10 * n)[:3], "decade", "date", True)
    return (str(dct.year + 100 * n)[:2], "decade", "date", True)  # a century


def ago(m: re.Match[str], ctx: Ctx, last: DateMention | None) -> Resolved | None:
    """ "three weeks ago", "two days later"; "a few years ago" is a vague reference."""
    v, g = vocabulary(), m.groupdict()
    n = number(g.get("num")) if g.get("num") else None
    unit = g["unit"].lower()
    future = g["dir"].lower() in v["future_directions"]
    if n is None:
        return (FUTURE_REF if future else PAST_REF, None, "reference", True)
    if ctx.dct is None:
        return (None, v["units"][unit][1], "date", True)
    return shift(ctx.dct, unit, int(n) * (1 if future else -1), ctx.last_quarter)


def year_ago(m: re.Match[str], ctx: Ctx, last: DateMention | None) -> Resolved | None:
    """ "a year earlier", "the month-ago figure"."""
    if ctx.dct is None:
        return (None, "year", "date", True)
    return shift(ctx.dct, m.group("yadj").lower(), -1, ctx.last_quarter)


def quarter(m: re.Match[str], ctx: Ctx, last: DateMention | None) -> Resolved | None:
    """ "the third quarter", "next year's first quarter", "the second half of 2019"."""
    v, g, dct = vocabulary(), m.groupdict(), ctx.dct
    n = v["ordinals"][g["ord"].lower()] if g.get("ord") else _NO_ORDINAL
    if g.get("half"):
        if n > 2:
            return None
        year = int(g["year"]) if g.get("year") else (dct.year if dct else None)
        return (f"{year}-H{n}" if year else None, "quarter", "date", not g.get("year"))
    if n > 4:
        return None
    if g.get("year"):
        return (f"{g['year']}-Q{n}", "quarter", "date", False)
    if dct is None:
        return (None, "quarter", "date", True)
    year, q = quarter_of(dct)
    this = (g.get("this") or "").lower()
    sign = v["relative_signs"].get(this, 0)
    if sign:
        year += sign
    elif not this and n - q > int(current().dates.quarters_ahead) and ctx.direction <= 0:
        year -= 1
    return (f"{year}-Q{n}", "quarter", "date", True)


def period(m: re.Match[str], ctx: Ctx, last: DateMention | None) -> Resolved | None:
    """ "the latest quarter", "the year-earlier period", "the quarter", "the weekend"."""
    g = m.groupdict()
    if ctx.dct is None:
        return (None, "quarter", "date", True)
    year, q = quarter_of(ctx.dct)
    if g.get("we"):
        return _weekend(ctx.dct, 0, ctx.direction)
    if g.get("q2"):
        if ctx.last_quarter:
            return (ctx.last_quarter, "quarter", "date", True)
        return (quarter_shift(year, q, -1), "quarter", "date", True)
    mode = vocabulary()["period_relatives"].get(g["which"].lower(), "")
    if mode == "current":
        return (f"{year}-Q{q}", "quarter", "date", True)
    if mode in ("year-back", "same") and ctx.last_quarter:
        y, qq = ctx.last_quarter.split("-Q")
        return (f"{int(y) - 1}-Q{qq}", "quarter", "date", True)
    return (quarter_shift(year, q, -5 if mode == "year-back" else -1), "quarter", "date", True)


def duration(m: re.Match[str], ctx: Ctx, last: DateMention | None) -> Resolved | None:
    """ "five years" (P5Y), "for months" (PXM), "two and a half hours" (PT2.5H); "the past few
    years" is a vague reference."""
    v, g = vocabulary(), m.groupdict()
    code, precision = v["units"][g["unit"].lower()]
    n = number(g.get("num")) if g.get("num") else None
    vague, dmod = (g.get("vague") or "").lower(), (g.get("dmod") or "").lower()
    signs = [s for s in (v["reference_quantities"].get(vague), v["reference_modifiers"].get(dmod)) if s]
    if n is None and signs:
        return (FUTURE_REF if max(signs) > 0 else PAST_REF, None, "reference", True)
    if n is None:
        qty = "X"
    else:
        qty = f"{n + 0.5:g}" if g.get("andahalf") else f"{n:g}"
    if code in ("H", "M", "S") and precision == "day":
        return (f"PT{qty}{code}", None, "duration", False)
    if qty == "X" and code in ("DE", "CE"):
        return (f"PX{code}", None, "duration", False)
    return (_DURATION_FORMATS.get(code, "P{qty}{code}").format(qty=qty, code=code), None, "duration", False)
