#!/usr/bin/env python3
"""Derive scenarios/mali-2024-weekly from scenarios/mali-2024: the same scenario on a weekly
calendar (26 weeks from Monday 4 March 2024 to 1 September 2024, the lean season and the months
before it), to prove that weekly calendars work end to end with lead times and transit in days.

Stdlib only. Run from the repository root:

    python3 scripts/mali/weekly.py            # rewrite the weekly folder
    python3 scripts/mali/weekly.py --check    # fail if a committed file differs

Conversions (each a rule, no new figure):
- a period is a week, labelled by its first day; a week belongs to the month of its first day;
- month labels and ranges become the weeks of those months; rows wholly outside the 26 weeks
  are dropped, ranges are clipped;
- quantities per period (lane and market capacities, storage cost) are scaled by 7 / 30.44
  (days in a week over the mean month); demand tonnes by 7 / the days of the week's month
  (one row per month, so each month's weeks add up to about the monthly tonnes); a loss per
  period l becomes 1 - (1 - l)^(7 / 30.44);
- lead times in months become weeks: 3 months -> 13 weeks;
- lanes take the transit days of scripts/mali/build_scenario.py (A7), as the monthly
  default does;
- people in need are people per period and stay as they are; funds and donations stay.
- the monthly scenario's `[[variant]]` tables are left out (their periods are months).
"""

import calendar
import csv
import datetime as dt
import io
import os
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
SRC = os.path.join(ROOT, "scenarios", "mali-2024")
OUT = os.path.join(ROOT, "scenarios", "mali-2024-weekly")
START = dt.date(2024, 3, 4)
WEEKS = 26
WEEK_PER_MONTH = 7 / (365.25 / 12)
LEAD_WEEKS = {0: 0, 3: 13}

WEEK_STARTS = [START + dt.timedelta(days=7 * i) for i in range(WEEKS)]


def label(d):
    return d.isoformat()


def weeks_of(month_label):
    y, m = map(int, month_label.split("-"))
    return [d for d in WEEK_STARTS if (d.year, d.month) == (y, m)]


def convert_periods(cell):
    """A month label, a month range or `*` -> a weekly label/range, or None if outside."""
    if cell == "*":
        return "*"
    a, _, b = cell.partition("..")
    b = b or a
    ya, ma = map(int, a.split("-"))
    yb, mb = map(int, b.split("-"))
    inside = [d for d in WEEK_STARTS if (ya, ma) <= (d.year, d.month) <= (yb, mb)]
    if not inside:
        return None
    if inside[0] == inside[-1]:
        return label(inside[0])
    return label(inside[0]) + ".." + label(inside[-1])


def read(name):
    with open(os.path.join(SRC, name), encoding="utf-8") as f:
        text = f.read()
    lines = [l for l in text.splitlines() if not l.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines) + "\n")))


def write_table(files, name, rows, header):
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=header, lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow({k: r.get(k, "") for k in header})
    files[name] = buf.getvalue()


def num(x):
    return ("%.6g" % x) if isinstance(x, float) else str(x)


def per_week(cell):
    return cell if cell in ("", "inf") else num(float(cell) * WEEK_PER_MONTH)


def header_of(name):
    with open(os.path.join(SRC, name), encoding="utf-8") as f:
        for line in f:
            if not line.startswith("#"):
                return line.strip().split(",")
    return []


def build():
    files = {}
    # scenario.toml: weekly calendar, no variants
    with open(os.path.join(SRC, "scenario.toml"), encoding="utf-8") as f:
        toml = f.read()
    toml = toml.split("# What-if variants")[0].rstrip() + "\n"
    toml = toml.replace('name = "Mali 2024 lean season"', 'name = "Mali 2024 lean season, weekly"')
    toml = toml.replace('start = "2024-03-01"\nstep = "month"\nperiods = 12',
                        'start = "%s"\nstep = "week"\nperiods = %d' % (START.isoformat(), WEEKS))
    assert 'step = "week"' in toml
    files["scenario.toml"] = toml
    # unchanged tables
    for name in ["commodities.csv", "corridors.csv", "nutrients.csv", "nutrient_content.csv", "ration.csv",
                 "funds.csv", "stocks.csv", "pipeline.csv"]:
        with open(os.path.join(SRC, name), encoding="utf-8") as f:
            files[name] = f.read()
    # nodes: storage cost and loss per week
    rows = read("nodes.csv")
    for r in rows:
        r["storage_cost_usd_per_t_period"] = per_week(r["storage_cost_usd_per_t_period"])
        loss = float(r["storage_loss_per_period"] or 0)
        r["storage_loss_per_period"] = num(1 - (1 - loss) ** WEEK_PER_MONTH) if loss else r["storage_loss_per_period"]
    write_table(files, "nodes.csv", rows, header_of("nodes.csv"))
    # lanes: capacity per week; the transit days (A7), as in the monthly default
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import build_scenario

    build_scenario.LANES.clear()
    build_scenario.build_lanes()
    days = {l["id"]: round(build_scenario.lane_days(l)[0], 1) for l in build_scenario.LANES}
    rows = read("lanes.csv")
    for r in rows:
        r["capacity_t_per_period"] = per_week(r["capacity_t_per_period"])
        r["transit_days"] = num(days[r["id"]])
    write_table(files, "lanes.csv", rows, header_of("lanes.csv"))
    # lane availability: months to weeks
    out = []
    for r in read("lane_availability.csv"):
        p = convert_periods(r["periods"])
        if p is not None:
            r["periods"] = p
            out.append(r)
    write_table(files, "lane_availability.csv", out, header_of("lane_availability.csv"))
    # needs: people per period, months to weeks
    out = []
    for r in read("needs.csv"):
        p = convert_periods(r["period"])
        if p is not None:
            r["period"] = p
            out.append(r)
    write_table(files, "needs.csv", out, header_of("needs.csv"))
    # demand: one row per month, tonnes x 7 / days of the month
    out = []
    for r in read("demand.csv"):
        a, _, b = r["period"].partition("..")
        b = b or a
        ya, ma = map(int, a.split("-"))
        yb, mb = map(int, b.split("-"))
        y, m = ya, ma
        while (y, m) <= (yb, mb):
            p = convert_periods("%04d-%02d" % (y, m))
            if p is not None:
                days = calendar.monthrange(y, m)[1]
                q = dict(r)
                q["period"] = p
                q["quantity_t"] = num(float(r["quantity_t"]) * 7 / days)
                out.append(q)
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    write_table(files, "demand.csv", out, header_of("demand.csv"))
    # supply: the week of arrival
    out = []
    for r in read("supply.csv"):
        r["available_from"] = convert_periods(r["available_from"]).split("..")[0]
        out.append(r)
    write_table(files, "supply.csv", out, header_of("supply.csv"))
    # markets: capacity per week, lead in weeks
    out = []
    for r in read("markets.csv"):
        p = convert_periods(r["period"])
        if p is None:
            continue
        r["period"] = p
        r["capacity_t"] = per_week(r["capacity_t"])
        r["lead_periods"] = str(LEAD_WEEKS[int(r["lead_periods"] or 0)])
        out.append(r)
    write_table(files, "markets.csv", out, header_of("markets.csv"))
    files["README.md"] = README
    return files


README = """# Mali 2024 lean season, weekly

The Mali 2024 scenario (`../mali-2024`) on a weekly calendar: 26 weeks from Monday 4 March to
1 September 2024. Generated by `scripts/mali/weekly.py` from the monthly scenario; do not edit
by hand. Every figure, source and assumption is the monthly scenario's (see its README,
SOURCES.md and ASSUMPTIONS.md); the conversion rules are in the script's docstring: capacities
and storage costs per period scaled from a month to a week, demand split over the weeks of
its month, lead times of 3 months as 13 weeks, and the cited transit times in days (A7),
which the monthly default keeps at 0 (a 5.5-day Dakar-Bamako trip spans one or two weeks).

    hinterland plan scenarios/mali-2024-weekly
"""


def main():
    files = build()
    check = "--check" in sys.argv
    bad = 0
    os.makedirs(OUT, exist_ok=True)
    for name, text in files.items():
        path = os.path.join(OUT, name)
        if check:
            with open(path, encoding="utf-8") as f:
                if f.read() != text:
                    print("differs:", name)
                    bad += 1
        else:
            with open(path, "w", encoding="utf-8", newline="\n") as f:
                f.write(text)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
