//! Re-planning the Mali scenario from the Mali example ledger. The ledger's figures are
//! hand-computed in status.rs and position.rs; the scenario's from scenarios/mali-2024.

use hinterland_ledger::replan::{Note, ReplanError, replan};
use hinterland_model::{Period, Scenario};

use crate::rules::date;
use crate::{Harness, append, mali, mali_dir};

pub fn mali_scenario() -> Scenario {
    let source = hinterland_io::ScenarioSource::from_dir(mali_dir()).expect("the Mali scenario reads");
    let v = hinterland_io::validate(&source, &[hinterland_model::Backend::Clp]);
    v.scenario.expect("the Mali scenario is valid")
}

fn stock(s: &Scenario, node: &str, commodity: &str) -> f64 {
    s.opening
        .iter()
        .filter(|o| s.node(o.node).code == node && s.commodity(o.commodity).code == commodity)
        .map(|o| o.quantity_t)
        .sum()
}

fn people(s: &Scenario, district: &str, period: &str) -> f64 {
    s.needs
        .iter()
        .filter(|n| s.node(n.district).code == district && s.calendar.label(n.period) == period)
        .map(|n| n.people)
        .sum()
}

pub fn mali_replan_end_of_july(h: &dyn Harness) {
    let Some((_store, all)) = mali(h) else { return };
    let base = mali_scenario();
    let r = replan(&base, &all, date(2024, 7, 31)).expect("the example re-plans");
    let s = &r.scenario;
    // The day after 31 July is in August: March to July (5 periods) are past.
    assert_eq!(r.replanned.first_period, "2024-08");
    assert_eq!(r.replanned.dropped_periods, 5);
    assert_eq!(s.calendar.len(), 12 - 5);
    assert_eq!(s.calendar.label(Period(0)), "2024-08");
    assert!(
        s.needs.iter().all(|n| s.calendar.label(n.period) == "2024-08"),
        "June to August need; only August is left"
    );
    assert_eq!(people(s, "kayes", "2024-08"), 104_681.0, "nobody is served in August yet");
    // Opening stock = the ledger's position (position.rs): 7 rows, e.g. 11,110 t of wheat at
    // the Bamako warehouse (7,960 + 8,950 arrived − 1,400 − 1,000 − 2,000 − 1,400 handed out).
    assert_eq!(s.opening.len(), 7);
    assert_eq!(stock(s, "wh_bamako", "wheat"), 11_110.0);
    assert_eq!(stock(s, "dakar", "wheat"), 1_000.0);
    assert_eq!(stock(s, "wh_mopti", "wheat"), 1_500.0);
    // Pipeline: w-003 (2,000 t left, overdue) and w-004 (due 10 August), both in August = period 0.
    let pipe: Vec<(&str, f64, u32)> =
        s.pipeline.iter().map(|p| (p.code.as_str(), p.quantity_t, p.arrival.0)).collect();
    assert_eq!(pipe, [("w-003", 2000.0, 0), ("w-004", 2000.0, 0)]);
    // un_food: 2,000,000 − (508,000 + 346,500 + 228,750 + 330,000 = 1,413,250) = 586,750 left.
    let un = s.funds.iter().find(|f| f.code == "un_food").expect("un_food");
    assert_eq!(un.amount_usd, 586_750.0);
    let row = r.replanned.funds.iter().find(|f| f.fund == "un_food").expect("a row");
    assert_eq!((row.budget_usd, row.spent_usd, row.left_usd), (2_000_000.0, 1_413_250.0, 586_750.0));
    let inputs = s.funds.iter().find(|f| f.code == "inputs").expect("inputs");
    assert_eq!(inputs.amount_usd, 18_300_000.0, "nothing was bought from it");
    // The 25,000 t wheat donation was handed over in full (10,000 + 15,000): not available again.
    assert!(s.supplies.iter().all(|d| d.code != "wheat_donation"));
    assert_eq!(r.replanned.donations.len(), 1);
    assert_eq!(r.replanned.donations[0].handed_over_t, 25_000.0);
    assert_eq!(r.replanned.donations[0].left_t, 0.0);
    // Market offers ordered before August cannot be ordered any more.
    assert!(s.markets.len() < base.markets.len());
    assert!(r.replanned.notes.is_empty(), "{:?}", r.replanned.notes);
}

pub fn mali_replan_mid_july(h: &dyn Harness) {
    let Some((_store, all)) = mali(h) else { return };
    let base = mali_scenario();
    let r = replan(&base, &all, date(2024, 7, 15)).expect("the example re-plans");
    let s = &r.scenario;
    // The day after 15 July is in July: July is the first period, 15 of its days past.
    assert_eq!(r.replanned.first_period, "2024-07");
    assert_eq!(r.replanned.notes, [Note::MidPeriod { period: "2024-07".to_owned(), days_past: 15 }]);
    // Served in July by 15 July: Kayes 100,000 (d-kay-07, on the 15th) of 104,681 → 4,681 left;
    // Ségou 139,000 (d-seg-07, on the 10th) of 139,662 → 662 left. Mopti's and Bandiagara's
    // distributions are on the 20th and Tombouctou's on the 18th: not yet.
    assert!((people(s, "kayes", "2024-07") - 4_681.0).abs() < 1e-6);
    assert!((people(s, "segou", "2024-07") - 662.0).abs() < 1e-6);
    assert_eq!(people(s, "mopti", "2024-07"), 53_217.0);
    assert_eq!(people(s, "tombouctou", "2024-07"), 130_679.0);
    let served: Vec<(&str, f64, f64)> =
        r.replanned.served.iter().map(|x| (x.district.as_str(), x.people, x.in_need_after.round())).collect();
    assert_eq!(served, [("kayes", 100_000.0, 4_681.0), ("segou", 139_000.0, 662.0)]);
    // Stock at the end of 15 July: Dakar 25,000 − 8,000 − 9,000 − 5,000 = 3,000 (w-004 leaves
    // on the 20th); Mopti 3,000 arrived on the 15th, nothing handed out there yet.
    assert_eq!(stock(s, "dakar", "wheat"), 3_000.0);
    assert_eq!(stock(s, "wh_mopti", "wheat"), 3_000.0);
    assert_eq!(stock(s, "wh_bamako", "rice"), 800.0);
    // w-003 is overdue: it arrives in the first period.
    let pipe: Vec<(&str, f64, u32)> =
        s.pipeline.iter().map(|p| (p.code.as_str(), p.quantity_t, p.arrival.0)).collect();
    assert_eq!(pipe, [("w-003", 2000.0, 0)]);
}

pub fn replan_refuses_what_it_cannot_use(h: &dyn Harness) {
    let Some((store, all)) = mali(h) else { return };
    let base = mali_scenario();
    // The day after 28 February 2025 is after the horizon (March 2024 to February 2025); the
    // day before it starts is the earliest as-of date.
    assert!(matches!(replan(&base, &all, date(2025, 2, 28)), Err(ReplanError::OutsideHorizon { .. })));
    assert!(matches!(replan(&base, &all, date(2024, 2, 28)), Err(ReplanError::OutsideHorizon { .. })));
    let from_start = replan(&base, &all, date(2024, 2, 29)).expect("the day before the start");
    assert_eq!(from_start.replanned.first_period, "2024-03");
    assert!(from_start.scenario.opening.is_empty(), "nothing was recorded by then");

    // A scenario without the ledger's fund: every entry naming it is located.
    let mut other = base.clone();
    other.funds.retain(|f| f.code != "un_food");
    let Err(ReplanError::Unknown(unknown)) = replan(&other, &all, date(2024, 7, 31)) else {
        panic!("the unknown fund is refused")
    };
    // un_food_2024 (pledge), cash-1 (its arrival) and four purchases name `un_food`.
    assert_eq!(unknown.len(), 6, "{unknown:?}");
    assert!(unknown.iter().all(|(_, p)| p.what.to_string() == "`un_food` is not a fund of the scenario"));

    // A distribution of more than Mopti holds breaks `negative_stock` on 2 July.
    let mut ledger = store.ledger();
    append(
        &mut ledger,
        &format!(
            "{}distribution,d-bad,2024-07-02,wheat,99999,,wh_mopti,mopti,,,,,,,,,,,invented,\n",
            crate::HEADER
        ),
    )
    .expect("the entry records: verify is separate");
    let all = ledger.entries().expect("entries");
    let Err(ReplanError::Violations(v)) = replan(&base, &all, date(2024, 7, 31)) else {
        panic!("a broken ledger is refused")
    };
    assert!(v.iter().all(|x| x.code() == "negative_stock"), "{v:?}");
    // Before the bad entry the position holds; the later violation is only noted.
    let early = replan(&base, &all, date(2024, 6, 30)).expect("the ledger holds up to June");
    assert!(early.replanned.notes.iter().any(|n| matches!(n, Note::LaterViolations { .. })));
}

/// An empty ledger as of the day before the horizon starts changes nothing but the name: the
/// Mali scenario has no opening stock or pipeline of its own to replace.
#[test]
fn an_empty_ledger_from_the_start_changes_nothing() {
    let base = mali_scenario();
    assert!(base.opening.is_empty() && base.pipeline.is_empty());
    let r = replan(&base, &[], date(2024, 2, 29)).expect("re-plans");
    let s = &r.scenario;
    assert_eq!(s.calendar, base.calendar);
    assert_eq!(s.needs, base.needs);
    assert_eq!(s.demands, base.demands);
    assert_eq!(s.supplies, base.supplies);
    assert_eq!(s.markets, base.markets);
    assert_eq!(s.funds, base.funds);
    assert_eq!(s.lane_factor, base.lane_factor);
    assert_eq!(s.lane_reasons, base.lane_reasons);
    assert!(s.opening.is_empty() && s.pipeline.is_empty());
    assert!(r.replanned.notes.is_empty() && r.replanned.served.is_empty());
    assert_eq!(r.replanned.dropped_periods, 0);
}
