//! The lexicographic cost step on the optimal face (`service_tolerance = 0`, the default)
//! against the service-floor row it replaces, and the duals it lifts back to the planned LP.

use hinterland_coin::{Clp, OPTIMALITY_TOLERANCE, optimality_violation};
use hinterland_lp::{Solution, SolveOptions, Solver, Status};
use hinterland_model::Scenario;
use hinterland_plan::formulation::objective::{self, Goal};
use hinterland_plan::{Plan, PlanOptions, face, formulation};
use proptest::prelude::*;

use crate::properties::{params, scenario};
use crate::support::{read_dir, repo_root, solve_verified_with};

/// A random scenario that plans its cost step on the face: utilitarian, with non-food before
/// food (impartial steps or a non-food level after food leave the face for floor rows).
fn on_the_face(p: &crate::properties::Params) -> Scenario {
    let mut s = scenario(p);
    s.allocation.fairness = hinterland_model::Fairness::Utilitarian;
    s.allocation.nonfood = hinterland_model::NonfoodPriority::BeforeFood;
    s
}

/// The verified plan of `s`, confirming `confirm_limits` shadow prices.
fn planned(s: &Scenario, confirm_limits: usize) -> Plan {
    solve_verified_with(s, &PlanOptions { confirm_limits, ..PlanOptions::default() }).1
}

fn solve(lp: &hinterland_lp::Lp<hinterland_plan::ColKey, hinterland_plan::RowKey>) -> Solution {
    let sol = Clp.solve(lp, &SolveOptions::default()).expect("Clp runs");
    assert_eq!(sol.status, Status::Optimal);
    sol
}

/// Runs the two lexicographic steps by hand, the second on the face, lifts its duals to the
/// planned LP (service floor at the optimum) and returns their certificate's worst violation,
/// `λ`, and the number of fixed columns and rows.
fn lifted_certificate(s: &Scenario) -> (f64, f64, (usize, usize)) {
    let mut f = formulation::build(s);
    objective::set(&mut f, Goal::Service);
    let first = solve(&f.lp);
    let face = face::restrict(&mut f.lp, &first).expect("Clp's answer carries duals");
    objective::add_service_floor(&mut f.lp, &f.service, f64::NEG_INFINITY);
    objective::set(&mut f, Goal::Cost);
    let mut second = solve(&f.lp);
    face::put_back(&mut f.lp, &face);
    let floor_row = f.lp.nrows() - 1;
    f.lp.row_lo[floor_row] = first.objective;
    let lambda = face::lift(&face, &mut second, &first.row_dual, &first.col_reduced);
    (optimality_violation(&f.lp, &second.x, &second.row_dual), lambda, face.fixed())
}

#[test]
fn the_lifted_duals_certify_mali_s_planned_lp() {
    let s = read_dir(&repo_root().join("scenarios/mali-2024"));
    let (violation, lambda, (cols, rows)) = lifted_certificate(&s);
    assert!(violation <= OPTIMALITY_TOLERANCE, "violation {violation:e}");
    assert!(lambda > 0.0, "Mali's last person-days cost money; λ = {lambda}");
    // The face is a real restriction (1,083 columns and 245 rows when written).
    assert!(cols > 500 && rows > 100, "fixed {cols} columns and {rows} rows");
}

#[test]
fn the_face_step_keeps_mali_s_optimal_service_at_the_floor_step_s_cost() {
    let exact = read_dir(&repo_root().join("scenarios/mali-2024"));
    assert_eq!(exact.objective.service_tolerance, 0.0, "the shipped scenario plans on the face");
    let mut floor = exact.clone();
    floor.objective.service_tolerance = 1e-12;
    let (a, b) = (planned(&exact, 0), planned(&floor, 0));
    let (sa, sb) = (a.weighted_service(&exact), b.weighted_service(&floor));
    assert!((sa - sb).abs() <= 1e-9 * sa, "service {sa} vs {sb}");
    let (ca, cb) = (a.costs.total(), b.costs.total());
    assert!((ca - cb).abs() <= 1e-8 * ca, "cost {ca} vs {cb}");
}

#[test]
fn the_face_needs_duals() {
    let s = read_dir(&repo_root().join("scenarios/mali-2024"));
    let mut f = formulation::build(&s);
    objective::set(&mut f, Goal::Service);
    let mut sol = solve(&f.lp);
    // A MIP solver's answer: a point without duals.
    sol.row_dual.clear();
    sol.col_reduced.clear();
    let before = (f.lp.col_lo.clone(), f.lp.col_hi.clone(), f.lp.row_lo.clone(), f.lp.row_hi.clone());
    assert!(face::restrict(&mut f.lp, &sol).is_none());
    assert_eq!(before, (f.lp.col_lo, f.lp.col_hi, f.lp.row_lo, f.lp.row_hi));
}

/// Issue 24: on this scenario a step after the first ended infeasible although the scenario
/// is feasible. Every setting plans it, verified: the default (impartial, non-food after
/// food), utilitarian on the face, and utilitarian with non-food after food.
#[test]
fn issue_24_the_face_case_plans() {
    let p = crate::properties::issue_24_face_case();
    let impartial = scenario(&p);
    let face = on_the_face(&p);
    let mut after = face.clone();
    after.allocation.nonfood = hinterland_model::NonfoodPriority::AfterFood;
    for s in [impartial, face, after] {
        for confirm in [0, 12] {
            let plan = planned(&s, confirm);
            assert!(plan.weighted_service(&s) > 0.0, "people are fed");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// The face step and the floor row (with a tolerance far below the verifier's) find the
    /// same service and the same cost.
    #[test]
    fn the_face_step_finds_the_floor_step_s_optimum(p in params()) {
        let exact = on_the_face(&p);
        prop_assert_eq!(exact.objective.service_tolerance, 0.0);
        let mut floor = exact.clone();
        floor.objective.service_tolerance = 1e-12;
        let (a, b) = (planned(&exact, 0), planned(&floor, 0));
        let (sa, sb) = (a.weighted_service(&exact), b.weighted_service(&floor));
        prop_assert!((sa - sb).abs() <= 1e-6 * (1.0 + sa), "service {} vs {}", sa, sb);
        let (ca, cb) = (a.costs.total(), b.costs.total());
        prop_assert!((ca - cb).abs() <= 1e-6 * (1.0 + ca), "cost {} vs {}", ca, cb);
    }

    /// The lifted duals prove the face step's point optimal for the planned LP itself.
    #[test]
    fn the_lifted_duals_certify_the_planned_lp(p in params()) {
        let (violation, lambda, _) = lifted_certificate(&scenario(&p));
        prop_assert!(violation <= OPTIMALITY_TOLERANCE, "violation {:e}", violation);
        prop_assert!(lambda >= 0.0);
    }

    /// Cost is convex in the service kept, so the measured cost of the last person-days is
    /// at most the floor's dual (a subgradient at the optimum).
    #[test]
    fn the_measured_marginal_cost_is_at_most_the_floor_s_dual(p in params()) {
        let s = on_the_face(&p);
        let with = planned(&s, 1);
        let measured = with.marginal_cost_usd_per_weighted_person_day.expect("measured");
        let dual = planned(&s, 0).marginal_cost_usd_per_weighted_person_day.expect("a dual");
        // Measured over a millionth of the service (at least 1): allow solver noise on cost.
        let delta = (1e-6 * with.weighted_service(&s)).max(1.0);
        let noise = 1e-7 * (1.0 + with.costs.total()) / delta;
        prop_assert!(measured <= dual + noise, "measured {} > dual {}", measured, dual);
    }
}

/// `max x₁ + x₂` s.t. `x₁ + x₂ ≤ 1`, `0 ≤ x ≤ 1`, then `min x₁ + 2x₂` keeping service 1: the
/// face fixes the row at 1 and the cost step takes `x₁ = 1`. Any floor dual `λ` in `[1, 2]`
/// proves it optimal with the service row (`d = (1 − λ, 2 − λ)`: `x₁` at its upper bound
/// needs `d₁ ≤ 0`, `x₂` at its lower `d₂ ≥ 0`); `lift` must pick one of them.
#[test]
fn lift_on_a_hand_solved_lp() {
    use hinterland_lp::{LpBuilder, Sense};
    let mut b = LpBuilder::<u8, u8>::new(Sense::Maximize);
    let x1 = b.add_col(0, 1.0, 0.0, 1.0);
    let x2 = b.add_col(1, 1.0, 0.0, 1.0);
    let r = b.add_row(0, f64::NEG_INFINITY, 1.0);
    b.add_coef(r, x1, 1.0);
    b.add_coef(r, x2, 1.0);
    let mut lp = b.build();
    let first = Clp.solve(&lp, &SolveOptions::default()).expect("Clp runs");
    assert_eq!(first.status, Status::Optimal);
    let face = face::restrict(&mut lp, &first).expect("duals");
    assert_eq!(face.fixed(), (0, 1));
    assert_eq!((lp.row_lo[0], lp.row_hi[0]), (1.0, 1.0));
    // The cost step with the (free) service row appended, as `plan` does.
    lp.append_row(1, f64::NEG_INFINITY, f64::INFINITY, &[(x1, 1.0), (x2, 1.0)]);
    lp.sense = Sense::Minimize;
    lp.col_cost = vec![1.0, 2.0];
    let mut second = Clp.solve(&lp, &SolveOptions::default()).expect("Clp runs");
    assert_eq!(second.status, Status::Optimal);
    assert!((second.x[0] - 1.0).abs() < 1e-9 && second.x[1].abs() < 1e-9, "x = {:?}", second.x);
    face::put_back(&mut lp, &face);
    assert_eq!((lp.row_lo[0], lp.row_hi[0]), (f64::NEG_INFINITY, 1.0));
    lp.row_lo[1] = first.objective;
    let lambda = face::lift(&face, &mut second, &first.row_dual, &first.col_reduced);
    assert!((1.0 - 1e-9..=2.0 + 1e-9).contains(&lambda), "λ = {lambda}");
    assert!(optimality_violation(&lp, &second.x, &second.row_dual) <= OPTIMALITY_TOLERANCE);
}
