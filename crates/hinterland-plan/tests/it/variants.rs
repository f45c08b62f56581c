//! Property tests of what-if variants on random small scenarios: taking something away
//! never serves more, adding capacity never costs more for the same coverage (utilitarian
//! plans: an impartial plan may serve more in total when a costly district drops out, so
//! there the property is that the lowest coverage of the most severe phase never rises).

use hinterland_model::{Edit, Fairness, LaneSelector, PeriodRange, Scenario, Target, Variant, apply};
use hinterland_plan::Outcome;
use proptest::prelude::*;

use crate::properties::{params, scenario};
use crate::support::run;

fn variant(edit: Edit) -> Variant {
    Variant { name: "v".into(), description: String::new(), edits: vec![edit] }
}

/// (weighted food service, weighted non-food tonnes, cost) of the plan; every random
/// scenario without commitments plans.
fn service_and_cost(s: &Scenario) -> (f64, f64, f64) {
    match run(s).outcome {
        Outcome::Planned(p) => (p.weighted_service(s), p.nonfood_service(s), p.costs.total()),
        other => panic!("no plan: {other:?}"),
    }
}

/// The random scenario, planned utilitarian.
fn utilitarian(p: &crate::properties::Params) -> Scenario {
    let mut s = scenario(p);
    s.allocation.fairness = Fairness::Utilitarian;
    s
}

/// Whether `(food, non-food)` `b` is lexicographically at most `a`, to a relative 1e-6.
fn at_most(b: (f64, f64), a: (f64, f64)) -> bool {
    let close = |x: f64, y: f64| (x - y).abs() <= 1e-6 * (1.0 + y.abs());
    if close(b.0, a.0) { b.1 <= a.1 + 1e-6 * (1.0 + a.1.abs()) } else { b.0 < a.0 }
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
        let s = utilitarian(&p);
        prop_assume!(!s.lanes.is_empty());
        let (lanes, periods) = lane_and_period(&s, pick);
        let closed = apply(&s, &variant(Edit::LaneFactor { lanes, periods, factor })).expect("the lane exists");
        let ((a, an, _), (b, bn, _)) = (service_and_cost(&s), service_and_cost(&closed));
        prop_assert!(at_most((b, bn), (a, an)), "service rose from {a} (+{an} t) to {b} (+{bn} t)");
    }

    #[test]
    fn cutting_a_budget_never_serves_more(p in params(), factor in 0.0..1.0f64) {
        let s = utilitarian(&p);
        let cut = apply(&s, &variant(Edit::ScaleFund { fund: Target::All, factor })).expect("funds exist");
        let ((a, an, _), (b, bn, _)) = (service_and_cost(&s), service_and_cost(&cut));
        prop_assert!(at_most((b, bn), (a, an)), "service rose from {a} (+{an} t) to {b} (+{bn} t)");
    }

    #[test]
    fn closing_a_lane_never_raises_the_lowest_coverage(
        p in params(), pick in (0usize..64, 0usize..8), factor in 0.0..1.0f64,
    ) {
        let s = scenario(&p);
        prop_assume!(!s.lanes.is_empty() && s.allocation.fairness == Fairness::Impartial);
        let (lanes, periods) = lane_and_period(&s, pick);
        let closed = apply(&s, &variant(Edit::LaneFactor { lanes, periods, factor })).expect("the lane exists");
        let lowest = |s: &Scenario| {
            let r = run(s);
            match r.outcome {
                Outcome::Planned(p) => p.spread(s).first().map_or(0.0, |x| x.min_coverage),
                other => {
                    let steps: Vec<_> = r.steps.iter().map(|x| (x.goal.as_str(), x.status)).collect();
                    panic!("no plan: {other:?} after {steps:?}")
                }
            }
        };
        let (a, b) = (lowest(&s), lowest(&closed));
        prop_assert!(b <= a + 1e-6, "the lowest coverage rose from {a} to {b}");
    }

    #[test]
    fn adding_capacity_never_costs_more_for_equal_coverage(
        p in params(), pick in (0usize..64, 0usize..8), factor in 1.0..4.0f64,
    ) {
        let s = utilitarian(&p);
        prop_assume!(!s.lanes.is_empty());
        let (lanes, periods) = lane_and_period(&s, pick);
        let more = apply(&s, &variant(Edit::LaneFactor { lanes, periods, factor })).expect("the lane exists");
        let ((sa, na, ca), (sb, nb, cb)) = (service_and_cost(&s), service_and_cost(&more));
        prop_assert!(at_most((sa, na), (sb, nb)), "service fell from {sa} (+{na} t) to {sb} (+{nb} t)");
        let close = |x: f64, y: f64| (x - y).abs() <= 1e-6 * (1.0 + y.abs());
        if close(sb, sa) && close(nb, na) {
            prop_assert!(cb <= ca + 1e-6 * (1.0 + ca), "cost rose from {ca} to {cb} at equal coverage");
        }
    }
}
