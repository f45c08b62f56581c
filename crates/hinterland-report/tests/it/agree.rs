//! Issue 25: plan.json, the CSV tables and the maps say what the plan says: people reached,
//! the value of their rations and coverage add up to the plan's, per row and in total; food
//! and non-food are kept apart and add up to the whole.

use hinterland_report::goods::{self, Goods};
use hinterland_report::{Report, csv_tables, geojson, html, json, people};

use crate::support::{Planned, assert_close, mali, syria};

/// The rows of a CSV table as (header → cell) lookups.
fn csv_rows(r: &Report<'_>, file: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let t = csv_tables::render(r).into_iter().find(|t| t.file == file).unwrap_or_else(|| panic!("no {file}"));
    let mut rd = csv::Reader::from_reader(t.text.as_bytes());
    let header = rd.headers().expect("a header").iter().map(str::to_owned).collect();
    let rows = rd.records().map(|rec| rec.expect("a record").iter().map(str::to_owned).collect()).collect();
    (header, rows)
}

fn col(header: &[String], name: &str) -> usize {
    header.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column `{name}` in {header:?}"))
}

fn num(cell: &str) -> f64 {
    cell.parse().unwrap_or_else(|e| panic!("`{cell}`: {e}"))
}

fn check(p: &Planned) {
    let r = p.report();
    let (s, plan) = (r.scenario, r.plan);
    let reached: f64 = plan.served_person_days.iter().sum();
    let value: f64 = plan.value_person_days.iter().sum();
    let in_need: f64 = s.need_ids().map(|k| s.need_person_days(k)).sum();
    assert!(reached > 0.0 && value > 0.0, "the plan reaches people");

    // plan.json: totals, per need row (bit for bit), per period and per district.
    let doc: serde_json::Value = serde_json::from_str(&json::render(&r)).expect("plan.json parses");
    assert_eq!(doc["schema_version"], 3);
    let f = |v: &serde_json::Value| v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"));
    assert_close(f(&doc["service"]["person_days_reached"]), reached, 1e-12);
    assert_close(f(&doc["service"]["value_person_days"]), value, 1e-12);
    assert_close(f(&doc["service"]["coverage"]), value / in_need, 1e-12);
    let needs = doc["needs"].as_array().expect("needs");
    assert_eq!(needs.len(), s.needs.len());
    for (k, n) in s.need_ids().zip(needs) {
        assert_eq!(f(&n["person_days_reached"]).to_bits(), plan.served_person_days[k.index()].to_bits());
        assert_eq!(f(&n["value_person_days"]).to_bits(), plan.value_person_days[k.index()].to_bits());
        assert_eq!(f(&n["coverage"]).to_bits(), plan.coverage(s, k).to_bits());
        // The grams of each food, times the person-days reached, are the food eaten.
        let grams: f64 =
            n["grams_per_person_day"].as_array().expect("grams").iter().map(|g| f(&g["g"])).sum();
        let eaten: f64 = plan.consumption.iter().filter(|c| c.need == k).map(|c| c.tonnes).sum();
        assert_close(grams * plan.served_person_days[k.index()] / 1e6, eaten, 1e-9);
        // The ration per limit is the plan's.
        let rations = plan.rations(s);
        for (i, x) in n["ration"].as_array().expect("ration").iter().enumerate() {
            assert_eq!(f(&x["per_person_day"]).to_bits(), rations[k.index()][i].to_bits());
        }
    }
    let sum = |array: &str, field: &str| -> f64 {
        doc[array].as_array().unwrap_or_else(|| panic!("{array}")).iter().map(|x| f(&x[field])).sum()
    };
    for array in ["periods", "districts", "needs"] {
        assert_close(sum(array, "person_days_reached"), reached, 1e-12);
        assert_close(sum(array, "value_person_days"), value, 1e-12);
        assert_close(sum(array, "person_days_in_need"), in_need, 1e-12);
    }
    for d in doc["districts"].as_array().expect("districts") {
        assert_close(f(&d["coverage"]), f(&d["value_person_days"]) / f(&d["person_days_in_need"]), 1e-12);
    }
    let phases = doc["fairness"]["phases"].as_array().expect("phases");
    for (x, spread) in phases.iter().zip(plan.spread(s)) {
        assert_eq!(x["phase"], spread.phase);
        assert_eq!(f(&x["min_coverage"]).to_bits(), spread.min_coverage.to_bits());
        assert_eq!(f(&x["gini"]).to_bits(), spread.gini.to_bits());
    }
    assert_eq!(phases.len(), plan.spread(s).len());
    match plan.price_of_fairness {
        Some(pof) => assert_eq!(
            f(&doc["fairness"]["price_of_fairness"]["lost_weighted_person_days"]),
            (pof.utilitarian - pof.impartial).max(0.0)
        ),
        None => assert!(doc["fairness"]["price_of_fairness"].is_null()),
    }

    // Costs: food and non-food add up to the plan's, item by item.
    let [food, nonfood] = goods::costs(s, plan);
    let c = plan.costs;
    for (a, b, total) in [
        (food.purchase, nonfood.purchase, c.purchase),
        (food.transport, nonfood.transport, c.transport),
        (food.handling, nonfood.handling, c.handling),
        (food.storage, nonfood.storage, c.storage),
    ] {
        assert_close(a + b, total, 1e-12);
    }
    assert_close(
        f(&doc["costs_usd"]["food"]["total"]) + f(&doc["costs_usd"]["nonfood"]["total"]),
        c.total(),
        1e-12,
    );
    let (header, rows) = csv_rows(&r, "costs.csv");
    let total = rows.iter().find(|row| row[0] == "total").expect("a total row");
    assert_close(num(&total[col(&header, "food_usd")]), food.total(), 1e-15);
    assert_close(num(&total[col(&header, "total_usd")]), c.total(), 1e-15);

    // served.csv: the same rows and sums.
    let (header, rows) = csv_rows(&r, "served.csv");
    assert_eq!(rows.len(), s.needs.len());
    let [pd, v, cov, need] = ["person_days_reached", "value_person_days", "coverage", "person_days_in_need"]
        .map(|c| col(&header, c));
    assert_close(rows.iter().map(|row| num(&row[pd])).sum(), reached, 1e-12);
    assert_close(rows.iter().map(|row| num(&row[v])).sum(), value, 1e-12);
    for (k, row) in s.need_ids().zip(&rows) {
        assert_eq!(num(&row[cov]).to_bits(), plan.coverage(s, k).to_bits());
        assert_eq!(num(&row[need]).to_bits(), s.need_person_days(k).to_bits());
    }

    // deliveries.csv: grams per person reached per day of the row's own need row.
    let (header, rows) = csv_rows(&r, "deliveries.csv");
    assert_eq!(rows.len(), plan.consumption.len());
    for (row, c) in rows.iter().zip(&plan.consumption) {
        let g = num(&row[col(&header, "g_per_person_day")]);
        assert_close(g * plan.served_person_days[c.need.index()] / 1e6, c.tonnes, 1e-9);
        assert_eq!(row[col(&header, "phase")], s.need(c.need).phase.to_string());
    }

    // rations.csv: one row per need row reached and ration limit, amounts as the plan's.
    let (header, rows) = csv_rows(&r, "rations.csv");
    let reached_rows = s.need_ids().filter(|k| plan.served_person_days[k.index()] > 0.0).count();
    assert_eq!(rows.len(), reached_rows * s.ration.limits.len());
    let per = col(&header, "per_person_day");
    let share = col(&header, "share_of_floor");
    let rations = plan.rations(s);
    let mut it = rows.iter();
    for k in s.need_ids().filter(|k| plan.served_person_days[k.index()] > 0.0) {
        for (i, limit) in s.ration.limits.iter().enumerate() {
            let row = it.next().expect("a row");
            assert_eq!(num(&row[per]).to_bits(), rations[k.index()][i].to_bits());
            if limit.has_floor() {
                assert_close(num(&row[share]), rations[k.index()][i] / limit.bounds.min, 1e-15);
            } else {
                assert_eq!(row[share], "");
            }
        }
    }

    // nonfood.csv: one row per demand row.
    let (header, rows) = csv_rows(&r, "nonfood.csv");
    assert_eq!(rows.len(), s.demands.len());
    let delivered: f64 = rows.iter().map(|row| num(&row[col(&header, "delivered_t")])).sum();
    assert_close(delivered, plan.delivered_t.iter().sum(), 1e-12);

    // flows.csv: each flow says whether it is food.
    let (header, rows) = csv_rows(&r, "flows.csv");
    for (row, fl) in rows.iter().zip(&plan.flows) {
        assert_eq!(row[col(&header, "goods")], Goods::of(s, fl.commodity).as_str());
    }

    // The need rows of the report are the plan's.
    for n in people::need_rows(s, plan) {
        assert_eq!(n.value_person_days.to_bits(), plan.value_person_days[n.need.index()].to_bits());
    }
}

#[test]
fn issue_25_mali_json_and_csv_agree_with_the_plan() {
    check(mali());
}

#[test]
fn issue_25_syria_json_and_csv_agree_with_the_plan() {
    check(syria());
}

/// The `data-t` of each used lane of a map, by lane code.
fn drawn(page: &str, id: &str) -> Vec<(String, f64)> {
    let start = page.find(&format!("<svg id=\"{id}\"")).unwrap_or_else(|| panic!("no map `{id}`"));
    let end = start + page[start..].find("</svg>").expect("the map ends");
    page[start..end]
        .split("<path class=\"lane used\"")
        .skip(1)
        .map(|p| {
            let attr = |name: &str| {
                let at =
                    p.find(&format!(" {name}=\"")).unwrap_or_else(|| panic!("no {name}")) + name.len() + 3;
                p[at..at + p[at..].find('"').expect("closing quote")].to_owned()
            };
            (attr("data-lane"), num(&attr("data-t")))
        })
        .collect()
}

/// Issue 25: "where the food goes" draws food only: each lane's width and figure are its food
/// tonnes, and the fertilizer, urea and diesel Mali moves are on the non-food map alone.
#[test]
fn issue_25_the_food_map_draws_no_non_food_tonnes() {
    let r = mali().report();
    let (s, plan) = (r.scenario, r.plan);
    let tonnes = |g: Goods| -> f64 {
        plan.flows.iter().filter(|f| Goods::of(s, f.commodity) == g).map(|f| f.tonnes).sum()
    };
    // The test means something only if Mali moves both.
    assert!(tonnes(Goods::Food) > 1_000.0 && tonnes(Goods::Nonfood) > 1_000.0);
    let page = html::render(&r, &[]);
    let by_lane = goods::lane_tonnes(s, plan);
    let code = |c: &str| s.lanes.iter().position(|l| l.code == c).unwrap_or_else(|| panic!("lane {c}"));
    // A lane between two places at the same point (a warehouse and its town) has no length
    // on the map and is not drawn.
    let visible = |i: usize| {
        let (a, b) = (s.node(s.lanes[i].from), s.node(s.lanes[i].to));
        (a.lon, a.lat) != (b.lon, b.lat)
    };
    for (g, id) in [(Goods::Food, "map"), (Goods::Nonfood, "map-nonfood")] {
        let lanes = drawn(&page, id);
        for (lane, t) in &lanes {
            assert_eq!(t.to_bits(), by_lane[code(lane)][g.index()].to_bits(), "{id}: lane {lane}");
        }
        let total: f64 = lanes.iter().map(|(_, t)| t).sum();
        let expected: f64 = (0..s.lanes.len()).filter(|&i| visible(i)).map(|i| by_lane[i][g.index()]).sum();
        assert_close(total, expected, 1e-9);
        let used = (0..s.lanes.len()).filter(|&i| visible(i) && by_lane[i][g.index()] > 0.0).count();
        assert_eq!(lanes.len(), used, "{id}: every lane that moves {} is drawn, no other", g.label());
    }
    // plan.geojson: the same split per lane.
    let gj: serde_json::Value = serde_json::from_str(&geojson::render(&r)).expect("GeoJSON parses");
    let features = gj["features"].as_array().expect("features");
    for f in features.iter().filter(|f| f["properties"]["layer"] == "lane") {
        let i = code(f["properties"]["id"].as_str().expect("id"));
        let p = &f["properties"];
        assert_eq!(p["food_t"].as_f64(), Some(by_lane[i][0]));
        assert_eq!(p["nonfood_t"].as_f64(), Some(by_lane[i][1]));
    }
    let nonfood: Vec<_> = features.iter().filter(|f| f["properties"]["layer"] == "nonfood").collect();
    let delivered: f64 = nonfood.iter().map(|f| f["properties"]["delivered_t"].as_f64().expect("t")).sum();
    assert_close(delivered, plan.delivered_t.iter().sum(), 1e-12);
}

/// Issue 27: a donation's pledge and hand-over periods are in plan.json, so a reader sees how
/// long the pledge took to arrive (Mali's wheat: pledged in 2024-03 here, at Dakar in 2024-04).
#[test]
fn issue_27_a_donation_s_pledge_and_arrival_are_in_plan_json() {
    let mut source = crate::support::source("mali-2024");
    let supply = source.file("supply.csv").expect("Mali has supply.csv").to_owned();
    let edited: String = supply
        .lines()
        .map(|l| match l {
            l if l.starts_with("id,") => format!("{l},pledged_period\n"),
            l if l.starts_with("wheat_donation,") => format!("{l},2024-03\n"),
            l if l.starts_with('#') => format!("{l}\n"),
            l => format!("{l},\n"),
        })
        .collect();
    assert_ne!(edited, supply);
    source.set_file("supply.csv", edited);
    let planned = crate::support::plan_source(&source);
    let doc: serde_json::Value = serde_json::from_str(&json::render(&planned.report())).expect("parses");
    let wheat = doc["donations"]
        .as_array()
        .expect("donations")
        .iter()
        .find(|d| d["donation"] == "wheat_donation")
        .expect("the wheat donation");
    assert_eq!(wheat["pledged_period"], "2024-03");
    assert_eq!(wheat["available_period"], "2024-04");
    let plain: serde_json::Value =
        serde_json::from_str(&json::render(&crate::support::mali().report())).expect("parses");
    assert!(plain["donations"][0]["pledged_period"].is_null(), "no pledge period when supply.csv gives none");
}
