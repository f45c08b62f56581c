//! Issue 25: what the outputs say about partial rations, impartial allocation and donated
//! food, on variants of Mali whose answers can be told in advance.

use hinterland_report::goods::{self, FoodCost, ValueSource};
use hinterland_report::{csv_tables, json, people, summary};

use crate::support::{self, assert_close, mali};

/// Mali with the one road into Nara (`bamako_nara`, 10,000 t a period, derated to 0.8 in
/// June and 0.6 in July and August for the rains) cut to 100 t a period: 80 t reach Nara in
/// June, 60 t in July and in August. Nara (17,507 people, no `min_share`, so the plan stays
/// feasible) needs about 100 t a month at the coverage the rest of phase 3 gets. In June the
/// plan makes up the gap with denser food (oil, CSB), at a cost that lowers every phase-3
/// row to Nara's level; with 60 t it cannot: Nara's July and August rows are fixed below the
/// rest of phase 3, held by the capacity of that lane in their month.
fn nara_cut() -> support::Planned {
    let mut source = support::source("mali-2024");
    let lanes = source.file("lanes.csv").expect("Mali has lanes.csv").to_owned();
    let edited = lanes.replace(
        "bamako_nara,bamako,nara,road,379,22.57,0.6,10000,",
        "bamako_nara,bamako,nara,road,379,22.57,0.6,100,",
    );
    assert_ne!(edited, lanes, "the Bamako–Nara lane is in Mali's lanes.csv");
    source.set_file("lanes.csv", edited);
    support::plan_source(&source)
}

#[test]
fn issue_25_rows_below_their_phase_best_are_listed_with_what_held_them() {
    let p = nara_cut();
    let r = p.report();
    let s = r.scenario;
    let needs = people::need_rows(s, r.plan);
    let below: Vec<_> = needs.iter().filter(|n| n.below_best).collect();
    let at = |n: &people::NeedRow| format!("{} {}", n.district, s.calendar.label(n.period));
    assert_eq!(below.iter().map(|n| at(n)).collect::<Vec<_>>(), ["nara 2024-07", "nara 2024-08"]);
    let best = r.plan.spread(s).into_iter().find(|p| p.phase == 3).expect("phase 3").max_coverage;
    for n in &below {
        assert!(n.coverage < best - 0.05, "{}: {} against {best}", at(n), n.coverage);
        let held: Vec<String> = n.held_by.iter().map(|k| k.describe(s)).collect();
        let lane = format!(
            "capacity of lane bamako_nara (Bamako logistics hub → Nara, road) in {}",
            s.calendar.label(n.period)
        );
        assert!(held.contains(&lane), "{} held by {held:?}", at(n));
    }
    // Rows at the best of their phase list nothing.
    assert!(needs.iter().filter(|n| !n.below_best).all(|n| n.held_by.is_empty()));

    let text = summary::render(&r, 12);
    assert!(text.contains("  below the best coverage of their phase, and what held them there:\n"), "{text}");
    let lines: Vec<&str> = text.lines().filter(|l| l.starts_with("    Nara, ")).collect();
    assert_eq!(lines.len(), 2, "one line for July, one for August:\n{text}");
    for (l, month) in lines.iter().zip(["2024-07", "2024-08"]) {
        assert!(l.starts_with(&format!("    Nara, {month}, phase 3: ")), "{l}");
        assert!(
            l.contains(&format!(
                "capacity of lane bamako_nara (Bamako logistics hub → Nara, road) in {month}"
            )),
            "{l}"
        );
    }

    let doc: serde_json::Value = serde_json::from_str(&json::render(&r)).expect("plan.json parses");
    let rows: Vec<&serde_json::Value> =
        doc["needs"].as_array().expect("needs").iter().filter(|n| n["below_phase_best"] == true).collect();
    assert_eq!(rows.len(), 2);
    for (row, month) in rows.iter().zip(["2024-07", "2024-08"]) {
        assert_eq!(
            (&row["district"], &row["period"]),
            (&serde_json::json!("nara"), &serde_json::json!(month))
        );
        let key = format!("lane_capacity[lane=bamako_nara,period={month}]");
        assert!(
            row["held_by"].as_array().expect("held_by").iter().any(|h| h["row"] == key.as_str()),
            "{row}"
        );
    }
    let served = csv_tables::render(&r).into_iter().find(|t| t.file == "served.csv").expect("served.csv");
    let held: Vec<&str> = served.text.lines().filter(|l| l.contains(",true,")).collect();
    assert_eq!(held.len(), 2, "{}", served.text);
    assert!(
        held.iter().all(|l| l.starts_with("nara,2024-0") && l.contains("capacity of lane bamako_nara")),
        "{held:?}"
    );

    let page = hinterland_report::html::render(&r, &[]);
    assert!(page.contains("<h3>Below the best coverage of their phase, and what held them there</h3>"));
}

/// In Mali every phase-3 row reaches the same coverage: nobody is listed as held, and the
/// summary says so.
#[test]
fn issue_25_mali_lists_nobody_below_the_best_of_their_phase() {
    let r = mali().report();
    assert!(people::need_rows(r.scenario, r.plan).iter().all(|n| !n.below_best));
    assert!(summary::render(&r, 12).contains("  every need row has the best coverage of its phase\n"));
}

/// Donated food is valued at `value_usd_per_t` where supply.csv gives it, else at the mean
/// price of the commodity's market offers. Mali offers wheat at Dakar, Abidjan and Lomé,
/// each in the 12 order periods 2024-03..2025-02 (issue 27: orders from March with a 3-month
/// lead), all at US$ 261/t: 36 offers, mean 261.
#[test]
fn issue_25_donated_food_is_valued_at_the_stated_or_the_mean_market_price() {
    let r = mali().report();
    let s = r.scenario;
    let v = goods::donation_values(s);
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].usd_per_t, Some(261.0));
    assert_eq!(v[0].source, ValueSource::MarketMean { offers: 36 });
    let fc = FoodCost::of(s, r.plan);
    // The plan uses all 25,000 t of the donated wheat: 25,000 × 261 = 6,525,000.
    assert_close(fc.donated_t, 25_000.0, 1e-9);
    assert_close(fc.donated_value_usd, 6_525_000.0, 1e-9);
    let (zero, valued) = fc.per_person_day_reached().expect("people are reached");
    assert_close(valued - zero, 6_525_000.0 / r.plan.person_days_served(), 1e-9);

    // Lomé's wheat at US$ 294: (24 × 261 + 12 × 294) / 36 = 9,792 / 36 = 272.
    let mut source = support::source("mali-2024");
    let markets = source.file("markets.csv").expect("markets.csv").to_owned();
    let edited = markets.replace("lome,wheat,*,261,", "lome,wheat,*,294,");
    assert_ne!(edited, markets);
    source.set_file("markets.csv", edited);
    let (scenario, _) = hinterland_io::read_scenario(&source);
    let v = goods::donation_values(&scenario.expect("valid"));
    assert_eq!(v[0].usd_per_t, Some(272.0));

    // A value in supply.csv wins: US$ 300/t.
    let mut source = support::source("mali-2024");
    let supply = source.file("supply.csv").expect("supply.csv").to_owned();
    let edited: String = supply
        .lines()
        .map(|l| match l {
            l if l.starts_with("id,") => format!("{l},value_usd_per_t\n"),
            l if l.starts_with("wheat_donation,") => format!("{l},300\n"),
            l => format!("{l}\n"),
        })
        .collect();
    source.set_file("supply.csv", edited);
    let (scenario, diagnostics) = hinterland_io::read_scenario(&source);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let scenario = scenario.expect("valid");
    assert_eq!(scenario.supplies[0].value_usd_per_t, Some(300.0));
    let v = goods::donation_values(&scenario);
    assert_eq!((v[0].usd_per_t, v[0].source), (Some(300.0), ValueSource::Given));
    // The value is for reports: it never changes the plan (the LP does not read it).
    let f = hinterland_plan::build(&scenario);
    let base = hinterland_plan::build(mali().report().scenario);
    assert_eq!(f.lp.col_cost, base.lp.col_cost);
}
