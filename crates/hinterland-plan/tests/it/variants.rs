//! Property tests of what-if variants on random small scenarios: taking something away
//! never serves more, adding capacity never costs more for the same coverage.

use hinterland_model::{Edit, LaneSelector, PeriodRange, Scenario, Target, Variant, apply};
use hinterland_plan::Outcome;
use proptest::prelude::*;

use crate::properties::{params, scenario};
use crate::support::run;

fn variant(edit: Edit) -> Variant {
    Variant { name: "v".into(), description: String::new(), edits: vec![edit] }
}

/// (weighted service, cost) of the plan; every random scenario without commitments plans.
fn service_and_cost(s: &Scenario) -> (f64, f64) {
    match run(s).outcome {
        Outcome::Planned(p) => (p.weighted_service(s), p.costs.total()),
        other => panic!("no plan: {other:?}"),
    }
}

fn lane_and_period(s: &Scenario, pick: (usize, usize)) -> (LaneSelector, Option<PeriodRange>) {
    let lane = s.lanes[pick.0 % s.lanes.len()].code.clone();
    let label = s.calendar.label(hinterland_model::Period((pick.1 % s.calendar.len()) as u32)).to_owned();
    (LaneSelector::Lane(lane), Some(PeriodRange { from: label.clone(), to: label }))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn closing_a_lane_never_serves_more(p in params(), pick in (0usize..64, 0usize..8), factor in 0.0..1.0f64) {
        let s = scenario(&p);
        prop_assume!(!s.lanes.is_empty());
        let (lanes, periods) = lane_and_period(&s, pick);
        let closed = apply(&s, &variant(Edit::LaneFactor { lanes, periods, factor })).expect("the lane exists");
        let ((a, _), (b, _)) = (service_and_cost(&s), service_and_cost(&closed));
        prop_assert!(b <= a + 1e-6 * (1.0 + a), "service rose from {a} to {b}");
    }

    #[test]
    fn cutting_a_budget_never_serves_more(p in params(), factor in 0.0..1.0f64) {
        let s = scenario(&p);
        let cut = apply(&s, &variant(Edit::ScaleFund { fund: Target::All, factor })).expect("funds exist");
        let ((a, _), (b, _)) = (service_and_cost(&s), service_and_cost(&cut));
        prop_assert!(b <= a + 1e-6 * (1.0 + a), "service rose from {a} to {b}");
    }

    #[test]
    fn adding_capacity_never_costs_more_for_equal_coverage(
        p in params(), pick in (0usize..64, 0usize..8), factor in 1.0..4.0f64,
    ) {
        let s = scenario(&p);
        prop_assume!(!s.lanes.is_empty());
        let (lanes, periods) = lane_and_period(&s, pick);
        let more = apply(&s, &variant(Edit::LaneFactor { lanes, periods, factor })).expect("the lane exists");
        let ((sa, ca), (sb, cb)) = (service_and_cost(&s), service_and_cost(&more));
        prop_assert!(sb >= sa - 1e-6 * (1.0 + sa), "service fell from {sa} to {sb}");
        if (sb - sa).abs() <= 1e-6 * (1.0 + sa) {
            prop_assert!(cb <= ca + 1e-6 * (1.0 + ca), "cost rose from {ca} to {cb} at equal coverage");
        }
    }
}
