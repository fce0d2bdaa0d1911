"""England and Wales bank holidays and due times, computed here, independently of threshold.

The rule (GOV.UK, "UK bank holidays"; docs/language.md 2.3): New Year's Day, Good Friday, Easter
Monday (Gregorian Easter), the early May bank holiday (first Monday in May), the spring bank holiday
(last Monday in May), the summer bank holiday (last Monday in August), Christmas Day and Boxing Day.
A holiday on a Saturday or Sunday is taken on the next weekday that is not already a holiday. The
one-off changes by Royal Proclamation are those GOV.UK announced (listed below, from the
announcements, not from threshold's source).
"""

import datetime as dt
from functools import lru_cache


def easter(year):
    """Gregorian Easter Sunday (the anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month = (h + l - 7 * m + 114) // 31
    day = (h + l - 7 * m + 114) % 31 + 1
    return dt.date(year, month, day)


def first_monday(year, month):
    d = dt.date(year, month, 1)
    return d + dt.timedelta(days=(0 - d.weekday()) % 7)


def last_monday(year, month):
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    d = nxt - dt.timedelta(days=1)
    return d - dt.timedelta(days=d.weekday())


# One-off changes (GOV.UK announcements and the London Gazette):
#   1995 early May moved from 1 May to 8 May (50th anniversary of VE Day)
#   1999 31 December added (millennium)
#   2002 spring moved from 27 May to 4 June; 3 June added (Golden Jubilee)
#   2011 29 April added (royal wedding)
#   2012 spring moved from 28 May to 4 June; 5 June added (Diamond Jubilee)
#   2020 early May moved from 4 May to Friday 8 May (75th anniversary of VE Day)
#   2022 spring moved from 30 May to Thursday 2 June; 3 June added (Platinum Jubilee);
#        19 September added (State Funeral of Queen Elizabeth II)
#   2023 8 May added (coronation of King Charles III)
MOVED = {
    (1995, "early_may"): dt.date(1995, 5, 8),
    (2002, "spring"): dt.date(2002, 6, 4),
    (2012, "spring"): dt.date(2012, 6, 4),
    (2020, "early_may"): dt.date(2020, 5, 8),
    (2022, "spring"): dt.date(2022, 6, 2),
}
ADDED = {
    1999: [dt.date(1999, 12, 31)],
    2002: [dt.date(2002, 6, 3)],
    2011: [dt.date(2011, 4, 29)],
    2012: [dt.date(2012, 6, 5)],
    2022: [dt.date(2022, 6, 3), dt.date(2022, 9, 19)],
    2023: [dt.date(2023, 5, 8)],
}


@lru_cache(maxsize=None)
def holidays(year):
    e = easter(year)
    fixed = [dt.date(year, 1, 1), dt.date(year, 12, 25), dt.date(year, 12, 26)]
    movable = [
        e - dt.timedelta(days=2),
        e + dt.timedelta(days=1),
        MOVED.get((year, "early_may"), first_monday(year, 5)),
        MOVED.get((year, "spring"), last_monday(year, 5)),
        last_monday(year, 8),
    ] + ADDED.get(year, [])
    days = set(d for d in movable)
    days |= set(d for d in fixed if d.weekday() < 5)
    for d in fixed:  # in date order: Christmas before Boxing Day
        if d.weekday() >= 5:
            s = d
            while s.weekday() >= 5 or s in days:
                s += dt.timedelta(days=1)
            days.add(s)
    return frozenset(days)


def is_working_day(d):
    return d.weekday() < 5 and d not in holidays(d.year)


def next_working_day(d):
    d += dt.timedelta(days=1)
    while not is_working_day(d):
        d += dt.timedelta(days=1)
    return d


def due(start, within):
    """The due time (a datetime) for a start datetime and a timescale (n, unit), as
    docs/language.md 2.3 says: hours and days are elapsed time; working days are the same time of day
    on the Nth following working day, or, when the start is not a working day, 09:00 on the Nth working
    day after the next working day (which counts as day 0)."""
    n, unit = within
    if unit == "hours":
        return start + dt.timedelta(hours=n)
    if unit == "days":
        return start + dt.timedelta(days=n)
    d = start.date()
    if is_working_day(d):
        t = start.time()
    else:
        d = next_working_day(d)
        t = dt.time(9, 0)
    for _ in range(n):
        d = next_working_day(d)
    return dt.datetime.combine(d, t)
