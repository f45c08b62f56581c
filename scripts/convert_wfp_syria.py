#!/usr/bin/env python3
"""Convert the WFP Syria food-aid case into a hinterland scenario folder.

Input: the six CSVs of Gurobi modeling-examples `food_program/data/` (Apache-2.0), as kept in
`scripts/wfp_syria_food_supply/` (see its SOURCE.md).
Output: a scenario folder in the format of docs/scenario-format.md (version 1).

Usage:
    python3 scripts/convert_wfp_syria.py [INPUT_DIR] [OUTPUT_DIR]

Defaults (relative to the repository root): scripts/wfp_syria_food_supply and
scenarios/wfp-syria. Python 3.11, standard library only. The output is deterministic.

The mapping (see the generated README.md for the full explanation):
- one daily period, so person-days = people; camp Demand -> needs.csv (phase 3);
- quantities in the original are 100-g units per person per day and prices / transport
  costs are per 100-g unit; one tonne = 1e4 such units, so every price and lane cost is
  multiplied by 1e4 and the purchase cap of 1e7 units becomes 1,000 t. The plan's cost in
  USD then equals the original objective exactly;
- one node per city (the original balances flow per city), lanes = distinct directed city
  pairs of edge_costs.csv with the tCost of the pair's last row;
- markets: every supplier city x every food, local Mean price if listed, else the
  international price;
- ration: each nutrient between the requirement and twice the requirement.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import re
import sys
from decimal import Decimal
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INPUT = REPO_ROOT / "scripts" / "wfp_syria_food_supply"
DEFAULT_OUTPUT = REPO_ROOT / "scenarios" / "wfp-syria"

SRC = "Gurobi modeling-examples food_program/data"

# sha256 of the input files as recorded in SOURCE.md; a mismatch only warns.
EXPECTED_SHA256 = {
    "edge_costs.csv": "a649922fcd2ee06f945441e59d2e882455680ceb5f94f2e13d56932a6254a2f0",
    "food_costs.csv": "c2f47490c80c4544af802bcfdf6790cb5df4e667760ab7cb326a50dcd54666ad",
    "food_internationalprice.csv": "7e60613bc923e22ade90b9a69e3a7aa06f64b07e606bd5173069532faeab14be",
    "food_nutrition.csv": "1a8ec3923e634d47d3102787f2c8b8c4365cfe0d1a80d1511822cd6ddde7f696",
    "node_types.csv": "47badaacef0f23f1e0dcd4693230b451119461b7b4996c5bf210a88c6b6f2d71",
    "nutrient_requirements.csv": "37f9a784c90cab2c9fffb5a82b85949f0d06cb6c8b94acf8a2b9609e567d0b2c",
}

# 100-g units in a tonne: price per unit x 1e4 = price per tonne.
UNITS_PER_T = Decimal(10000)
# Purchase cap per (food, supplier) in the original model, in 100-g units.
PURCHASE_CAP_UNITS = Decimal(10_000_000)

PERIOD = "2021-10-01"  # any date: one daily period, so person-days = people
PHASE = 3

COUNTRY_CODES = {
    "Syrian Arab Republic": "SY",
    "Jordan": "JO",
    "Lebanon": "LB",
    "Turkey": "TR",
}

# Rough city-centre coordinates (lat, lon), for maps only; the source data has none and the
# model never reads them.
APPROX_COORDS = {
    "Aleppo": ("36.20", "37.16"),
    "Amman": ("31.95", "35.93"),
    "Ar Raqqa": ("35.95", "39.01"),
    "As_Suweida": ("32.71", "36.57"),
    "Beirut": ("33.89", "35.50"),
    "Damascus": ("33.51", "36.29"),
    "Daraa": ("32.62", "36.10"),
    "Dayr_Az_Zor": ("35.34", "40.14"),
    "Gaziantep": ("37.07", "37.38"),
    "Hama": ("35.13", "36.75"),
    "Hassakeh": ("36.50", "40.75"),
    "Homs": ("34.73", "36.72"),
    "Idleb": ("35.93", "36.63"),
    "Jubb_al_Jarrah": ("34.95", "37.30"),
    "Qamishli": ("37.05", "41.22"),
}

# Nutrient columns of food_nutrition.csv / nutrient_requirements.csv -> (id, name, unit).
NUTRIENTS = {
    "Energy(kcal)": ("energy_kcal", "Energy", "kcal"),
    "Protein(g)": ("protein_g", "Protein", "g"),
    "Fat(g)": ("fat_g", "Fat", "g"),
    "Calcium(mg)": ("calcium_mg", "Calcium", "mg"),
    "Iron(mg)": ("iron_mg", "Iron", "mg"),
    "VitaminA(ug)": ("vitamin_a_ug", "Vitamin A", "ug"),
    "ThiamineB1(mg)": ("thiamine_b1_mg", "Thiamine (B1)", "mg"),
    "RiboflavinB2(mg)": ("riboflavin_b2_mg", "Riboflavin (B2)", "mg"),
    "NicacinB3(mg)": ("niacin_b3_mg", "Niacin (B3)", "mg"),  # column is misspelt in the source
    "Folate(ug)": ("folate_ug", "Folate", "ug"),
    "VitaminC(mg)": ("vitamin_c_mg", "Vitamin C", "mg"),
}


def fmt(d: Decimal) -> str:
    """Plain decimal notation without exponent or trailing zeros (exact)."""
    s = format(d.normalize(), "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return "0" if s in ("", "-0") else s


def snake(name: str) -> str:
    """ASCII lower-case snake_case id from a source name."""
    s = re.sub(r"[^0-9a-zA-Z]+", "_", name).strip("_").lower()
    if not s:
        raise ValueError(f"cannot make an id from {name!r}")
    return s


def read_csv(path: Path) -> list[dict[str, str]]:
    # utf-8-sig tolerates a BOM; newline="" lets csv handle the CRLF file and the files
    # without a trailing newline.
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    header = [h.strip() for h in rows[0]]
    out = []
    for r in rows[1:]:
        if not any(c.strip() for c in r):
            continue
        out.append({h: c.strip() for h, c in zip(header, r) if h})
    return out


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def check_hashes(indir: Path) -> None:
    for name, want in EXPECTED_SHA256.items():
        got = hashlib.sha256((indir / name).read_bytes()).hexdigest()
        if got != want:
            print(f"warning: {name} sha256 {got} differs from SOURCE.md ({want})", file=sys.stderr)


def city_of(node_name: str) -> tuple[str, str]:
    """'Aleppo S' -> ('Aleppo', 'S'); 'Ar Raqqa TS' -> ('Ar Raqqa', 'TS')."""
    city, _, suffix = node_name.rpartition(" ")
    if suffix not in ("S", "D", "TS") or not city:
        raise ValueError(f"unexpected node name {node_name!r}")
    return city, suffix


def convert(indir: Path, outdir: Path) -> None:
    check_hashes(indir)

    # ---- cities (nodes) -------------------------------------------------------------
    node_rows = read_csv(indir / "node_types.csv")
    cities: dict[str, dict] = {}  # insertion order = first appearance in node_types.csv
    for r in node_rows:
        city, suffix = city_of(r["Name"])
        c = cities.setdefault(
            city, {"roles": [], "demand": Decimal(0), "country": r["Country"], "types": []}
        )
        if c["country"] != r["Country"]:
            raise ValueError(f"{city}: conflicting countries")
        c["roles"].append(suffix)
        c["types"].append(f"{r['Name']} ({r['Type']})")
        if suffix == "D":
            c["demand"] += Decimal(r["Demand"])
        elif Decimal(r["Demand"]) != 0:
            raise ValueError(f"{r['Name']}: demand on a non-camp node")

    city_ids = {city: snake(city) for city in cities}
    if len(set(city_ids.values())) != len(city_ids):
        raise ValueError("city ids collide")
    suppliers = [c for c in cities if "S" in cities[c]["roles"]]
    camps = [c for c in cities if "D" in cities[c]["roles"]]

    def kind(city: str) -> str:
        roles = cities[city]["roles"]
        if "D" in roles:
            return "district"
        if "S" in roles:
            return "market"
        return "hub"

    nodes_out = []
    for city, c in cities.items():
        if city in APPROX_COORDS:
            lat, lon = APPROX_COORDS[city]
            note = "approximate coordinates (rough city centre, for maps only; not in the source data)"
        else:
            lat, lon = "0", "0"
            note = "no coordinates in the source data; 0,0 is a placeholder"
        roles = {"S": "supplier", "D": "camp", "TS": "transit"}
        nodes_out.append([
            city_ids[city], city, kind(city), lat, lon, COUNTRY_CODES[c["country"]],
            f"node_types.csv: {'; '.join(c['types'])}",
            "roles: " + ", ".join(roles[r] for r in c["roles"]) + "; " + note,
        ])

    # ---- lanes ----------------------------------------------------------------------
    edge_rows = read_csv(indir / "edge_costs.csv")
    pairs: dict[tuple[str, str], dict] = {}
    self_links = []
    for i, r in enumerate(edge_rows, start=2):  # line numbers in the file (header = 1)
        a, b = r["A"], r["B"]
        for x in (a, b):
            if x not in cities:
                raise ValueError(f"edge_costs.csv line {i}: unknown city {x!r}")
        p = pairs.setdefault((a, b), {"lines": [], "tcosts": [], "distances": []})
        p["lines"].append(i)
        p["tcosts"].append(Decimal(r["tCost"]))
        p["distances"].append(Decimal(r["distance"]))
    lanes_out = []
    for (a, b), p in pairs.items():
        # Self-links (Daraa, Dayr_Az_Zor, Hassakeh -> itself, tCost 0) join a city's supplier
        # and camp rows in the source. The original model balances flow per city, so such an
        # arc is a zero-cost loop that changes nothing; in hinterland the supplier and the
        # camp are one node already, and the validator rejects lanes from a node to itself.
        # They are therefore omitted.
        if a == b:
            self_links.append(a)
            if any(t != 0 for t in p["tcosts"]):
                raise ValueError(f"self-link {a} with non-zero cost")
            continue
        # The original model keys arcs by city pair, so the last row of a pair wins.
        tcost = p["tcosts"][-1]
        dist_km = p["distances"][-1] / 1000  # distances are in metres
        lines = ("line " if len(p["lines"]) == 1 else "lines ") + ", ".join(
            str(n) for n in p["lines"]
        )
        note = ""
        if len(set(p["tcosts"])) > 1:
            by_cost: dict[Decimal, list[str]] = {}
            for n, t in zip(p["lines"], p["tcosts"]):
                by_cost.setdefault(t, []).append(str(n))
            note = (
                "rows disagree on tCost ("
                + "; ".join(f"{fmt(t)} on lines {', '.join(ns)}" for t, ns in by_cost.items())
                + "); the last row's value is used, as in the original model"
            )
        if len(set(p["distances"])) > 1:
            note = (note + "; " if note else "") + "rows disagree on distance; last row used"
        lanes_out.append([
            f"{city_ids[a]}__{city_ids[b]}", city_ids[a], city_ids[b], "road", fmt(dist_km),
            fmt(tcost * UNITS_PER_T), "0", "inf",
            f"edge_costs.csv {lines}: tCost {fmt(tcost)} per 100-g unit x 1e4; "
            "distance m / 1000",
            note,
        ])

    # ---- commodities and nutrients --------------------------------------------------
    nut_rows = read_csv(indir / "food_nutrition.csv")
    foods = [r["Food"] for r in nut_rows]
    food_ids = {f: snake(f) for f in foods}
    if len(set(food_ids.values())) != len(foods):
        raise ValueError("food ids collide")
    nut_cols = [h for h in nut_rows[0] if h != "Food"]
    if set(nut_cols) != set(NUTRIENTS):
        raise ValueError(f"unexpected nutrient columns {nut_cols}")

    commodities_out = [
        [food_ids[f], f, "food", "", "food_nutrition.csv"] for f in foods
    ]
    nutrients_out = [
        [NUTRIENTS[h][0], NUTRIENTS[h][1], NUTRIENTS[h][2],
         f"food_nutrition.csv column {h}"]
        for h in nut_cols
    ]
    content_out = []
    for r in nut_rows:
        for h in nut_cols:
            content_out.append([food_ids[r["Food"]], NUTRIENTS[h][0], fmt(Decimal(r[h]))])

    req_rows = read_csv(indir / "nutrient_requirements.csv")
    if len(req_rows) != 1:
        raise ValueError("expected one requirement row")
    req = req_rows[0]
    ration_out = []
    for h in nut_cols:
        v = Decimal(req[h])
        ration_out.append([
            "nutrient", NUTRIENTS[h][0], fmt(v), fmt(2 * v),
            f"nutrient_requirements.csv '{req['Type']}' {h}; max = 2 x requirement as in the "
            "original model",
        ])

    # ---- needs ----------------------------------------------------------------------
    needs_out = [
        [city_ids[c], PERIOD, fmt(cities[c]["demand"]), str(PHASE),
         f"node_types.csv '{c} D' Demand",
         "phase 3 is a placeholder: the source has one class of beneficiary"]
        for c in camps
    ]

    # ---- markets --------------------------------------------------------------------
    intl = {r["Food"]: Decimal(r["InternationalPrice"]) for r in read_csv(indir / "food_internationalprice.csv")}
    local = {}
    for r in read_csv(indir / "food_costs.csv"):
        key = (r["supplier"], r["food"])
        if key in local:
            raise ValueError(f"food_costs.csv: duplicate {key}")
        if r["supplier"] not in suppliers or r["food"] not in food_ids:
            raise ValueError(f"food_costs.csv: unknown {key}")
        local[key] = Decimal(r["Mean"])
    if set(intl) != set(foods):
        raise ValueError("international prices do not cover the foods exactly")
    cap_t = PURCHASE_CAP_UNITS / UNITS_PER_T
    markets_out = []
    n_local = 0
    for s in suppliers:
        for f in foods:
            if (s, f) in local:
                price, src = local[(s, f)], "food_costs.csv Mean (1/2017-10/2021)"
                n_local += 1
            else:
                price, src = intl[f], "food_internationalprice.csv"
            markets_out.append([
                city_ids[s], food_ids[f], "*", fmt(price * UNITS_PER_T), fmt(cap_t), "any",
                f"{src}: {fmt(price)} per 100-g unit x 1e4; cap 1e7 units = 1000 t",
            ])

    funds_out = [[
        "wfp", "WFP (unconstrained)", "1000000000000", "*", "false", "assumption",
        "assumption: the source model has no budget; a huge amount (1e12 USD, far above the "
        "~4e8 optimum) lets every purchase be paid without binding",
    ]]

    # ---- write ----------------------------------------------------------------------
    outdir.mkdir(parents=True, exist_ok=True)
    write_csv(outdir / "nodes.csv",
              ["id", "name", "kind", "lat", "lon", "country", "source", "note"], nodes_out)
    write_csv(outdir / "lanes.csv",
              ["id", "from", "to", "mode", "distance_km", "cost_usd_per_t", "transit_periods",
               "capacity_t_per_period", "source", "note"], lanes_out)
    write_csv(outdir / "commodities.csv", ["id", "name", "group", "ration_group", "source"],
              commodities_out)
    write_csv(outdir / "nutrients.csv", ["id", "name", "unit", "source"], nutrients_out)
    write_csv(outdir / "nutrient_content.csv", ["commodity", "nutrient", "amount_per_100g"],
              content_out)
    write_csv(outdir / "ration.csv",
              ["kind", "item", "min_per_person_day", "max_per_person_day", "source"], ration_out)
    write_csv(outdir / "needs.csv", ["district", "period", "people", "phase", "source", "note"],
              needs_out)
    write_csv(outdir / "markets.csv",
              ["node", "commodity", "period", "price_usd_per_t", "capacity_t", "channel", "source"],
              markets_out)
    write_csv(outdir / "funds.csv",
              ["id", "name", "amount_usd", "channels", "pays_logistics", "source", "note"],
              funds_out)
    (outdir / "scenario.toml").write_text(SCENARIO_TOML, encoding="utf-8")

    total_people = sum(cities[c]["demand"] for c in camps)
    stats = {
        "n_nodes": len(nodes_out),
        "n_districts": len(camps),
        "n_suppliers": len(suppliers),
        "n_market_nodes": sum(1 for c in cities if kind(c) == "market"),
        "n_hubs": sum(1 for c in cities if kind(c) == "hub"),
        "both": ", ".join(c for c in camps if c in suppliers),
        "n_lanes": len(lanes_out),
        "n_pairs": len(pairs),
        "n_edge_rows": len(edge_rows),
        "self_links": ", ".join(self_links),
        "n_foods": len(foods),
        "n_markets": len(markets_out),
        "n_local": n_local,
        "people": f"{int(total_people):,}",
    }
    (outdir / "README.md").write_text(README.format(**stats), encoding="utf-8")


SCENARIO_TOML = f"""\
format_version = 1
name = "WFP Syria food aid (Gurobi food_program validation case)"
description = \"\"\"\\
Validation case: nutritious ration + purchase + road transport for 7 camps in Syria \\
(67,000 people), 24 foods, 11 supplier cities. Converted by scripts/convert_wfp_syria.py from \\
the data of Gurobi modeling-examples food_program (Apache-2.0), based on WFP data and on \\
Peters et al., "The Nutritious Supply Chain: Optimizing Humanitarian Food Assistance", \\
INFORMS Journal on Optimization 3(2), 2021. One daily period; prices and transport costs per \\
100-g unit of the original are scaled by 1e4 to per tonne, so the plan's cost equals the \\
original objective: expected optimum 400,812,394.0 (procurement 354,457,744.8 + transport \\
46,354,649.2). See README.md.\"\"\"
currency = "USD"

[calendar]
start = "{PERIOD}"
step = "day"
periods = 1

[objective]
method = "lexicographic"
phase_weights = [0.25, 0.5, 1.0, 2.0, 4.0]
service_tolerance = 0.0

[solver]
backend = "clp"
"""

README = """\
# WFP Syria food aid (validation case)

Generated by `scripts/convert_wfp_syria.py` from `scripts/wfp_syria_food_supply/`
(the six CSVs of Gurobi modeling-examples `food_program/data/`, Apache-2.0; see its
`SOURCE.md`). Do not edit by hand: rerun the script.

The case (based on WFP data; Peters et al., "The Nutritious Supply Chain: Optimizing
Humanitarian Food Assistance", INFORMS J. on Optimization 3(2), 2021) chooses a daily ration
for {n_districts} camps in Syria ({people} people) that meets 11 nutrient requirements, buys
the {n_foods} foods at {n_suppliers} supplier cities and trucks them over a road network, at least cost.

## Expected result

Everyone can be served, so step 1 of the lexicographic objective serves all {people}
person-days and step 2 is exactly the original min-cost LP:

| | USD |
|---|---|
| **total cost** | **400,812,394.0** |
| purchases (procurement) | 354,457,744.8 |
| transport | 46,354,649.2 |
| handling, storage | 0 |

Tonnes bought per food (original 100-g units / 1e4): wheat 17.508055, oil 5.377813,
corn-soya blend 4.69, milk 3.500590, dried skim milk 0.991347, maize meal 0.371333;
nothing else (32.44 t in all). Supplier cities used: Aleppo, Amman, Beirut, Daraa, Dayr_Az_Zor, Gaziantep,
Hassakeh, Homs. Per-camp rations and per-supplier purchases may tie between optimal plans;
compare total cost, the split and the per-food totals (relative tolerance 1e-6).

Checked before the planner existed with an independent HiGHS 1.16 model built from these
files (served fixed at full need; 1,248 columns, 437 rows): Optimal, total 400,812,394.0027,
purchases 354,457,744.7604, transport 46,354,649.2424. With the lexicographic steps
(`service_tolerance = 0`) step 1 serves 67,000 person-days and step 2 finds the least cost
among the plans that serve them all.

## Mapping

| original | here |
|---|---|
| one average day | `step = "day"`, `periods = 1`, so person-days = people |
| camp `X D`, Demand | node `x` of kind `district`; `needs.csv` people = Demand, phase 3 |
| supplier `X S` | markets at node `x` (kind `market` unless the city is also a camp) |
| transit `X TS` | the city's node (kind `hub` only if the city were nothing else) |
| city (flow balance is per city) | one node per city: {n_nodes} nodes; {both} are both supplier and camp (`district` with markets) |
| ration r[f,c] (100-g units/person/day) x Demand | food consumed at the district, tonnes = units / 1e4 |
| nutrition req <= sum nut x r <= 2 req | `ration.csv`, kind `nutrient`, min = requirement, max = 2 x requirement |
| purchase p[f,s] <= 1e7 units | `markets.csv` capacity_t = 1000 (1e7 x 100 g) |
| price per unit (food_costs Mean, else international price) | price_usd_per_t = price x 1e4 |
| arc (A,B), tCost per unit | lane `a__b`, cost_usd_per_t = tCost x 1e4, capacity `inf`, transit 0, road |
| distance (metres) | distance_km = distance / 1000 (reports only) |
| no budget | `funds.csv`: one fund `wfp`, 1e12 USD, any channel, pays_logistics false |

With 1 t = 1e4 units of 100 g, the cost of a plan in USD equals the original objective exactly
(price/t x t = price/unit x units), and the nutrient rows are the original ones multiplied by
the number of people.

Details:

- `edge_costs.csv` has {n_edge_rows} rows (one per node-type pair) over {n_pairs} distinct
  directed city pairs. The original keys arcs by city pair, so a pair's cost is the tCost of its
  last row; only Hama -> Jubb_al_Jarrah differs (147.6 from `Hama S`, 148 from `Hama TS`), so
  148 x 1e4 is used.
- The zero-cost self-links ({self_links}) join a city's supplier and camp rows. They are
  meaningless when the city is one node (the validator rejects lanes from a node to itself) and
  are omitted: {n_lanes} lanes.
- Markets: {n_markets} rows (every supplier city x every food); {n_local} use the local mean
  price of `food_costs.csv` (Jan 2017 - Oct 2021), the rest the international price.
  All use channel `any`; the single fund may buy through every channel.
- Prices look like USD per tonne in the source but the original model applies them per 100-g
  unit; we keep that (hence prices of millions of USD per tonne) so that the optimum matches.
- The source data are kept as they are, including apparent errors: "Soya-fortified sorghum
  grits" has 360 g protein per 100 g; milk and dried skim milk share most values; the vitamin C
  requirement is 28 mg.
- Coordinates are not in the source; `nodes.csv` has rough city-centre coordinates for maps,
  marked approximate. They are never used by the model.
- Phase 3 for every camp is a placeholder: the source has one class of beneficiary, and with
  every need fully served the phase weight does not matter.
"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("input", nargs="?", type=Path, default=DEFAULT_INPUT,
                    help="folder with the six source CSVs (default: %(default)s)")
    ap.add_argument("output", nargs="?", type=Path, default=DEFAULT_OUTPUT,
                    help="scenario folder to write (default: %(default)s)")
    args = ap.parse_args(argv)
    convert(args.input, args.output)
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
