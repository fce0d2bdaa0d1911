#!/usr/bin/env python3
"""Writes python-holidays-YYYY-YYYY.txt: the UK bank holidays as the Python `holidays` package gives them.

A list built independently of threshold's own rules, to test them against (Tests/ThresholdKitTests/Calendar/
BankHolidayTests.swift). Run once, in a throwaway virtual environment; the tests read only the file
it writes, so they never need Python or pip:

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install holidays
    /tmp/venv/bin/python Tests/Fixtures/calendar/generate-holidays.py

Each line: calendar, the date the holiday is taken (weekend dates, which are never working days, are left
out: a holiday falling at a weekend is taken on its substitute day), and the package's name for it.

The years start at 1995, the first one-off change threshold knows (VE Day), so that every one-off change and
the start of St Andrew's Day in Scotland are compared. The package's dates are written as it gives them:
the one known difference (it starts St Andrew's Day in 2006; the St Andrew's Day Bank Holiday (Scotland)
Act 2007 made it a bank holiday from 2007) is stated in the test that reads the file.
"""
import datetime
import os

import holidays

FIRST, LAST = 1995, 2040
CALENDARS = [("england-and-wales", "ENG"), ("scotland", "SCT"), ("northern-ireland", "NIR")]

here = os.path.dirname(os.path.abspath(__file__))
path = os.path.join(here, f"python-holidays-{FIRST}-{LAST}.txt")
with open(path, "w", encoding="utf-8") as out:
    out.write(f"# UK bank holidays {FIRST}-{LAST}, from the Python `holidays` package {holidays.__version__}\n")
    out.write("# (holidays.UnitedKingdom(subdiv=...)), written by generate-holidays.py. Weekend dates left out.\n")
    for name, subdiv in CALENDARS:
        table = holidays.UnitedKingdom(subdiv=subdiv, years=range(FIRST, LAST + 1))
        for date, title in sorted(table.items()):
            if date.weekday() >= 5:
                continue
            out.write(f"{name} {date.isoformat()} {title}\n")
print(path)
