//! Re-planning from an earlier plan's bases (`PlanOptions::warm_from`, see
//! `hinterland_plan::run::bases`): every level the same as a cold plan's, verified, in far
//! fewer simplex iterations, and the same plan each time.

use std::sync::Arc;

use hinterland_coin::Clp;
use hinterland_model::{Period, Scenario};
use hinterland_plan::{Plan, PlanOptions, PlanRun, StepBases, plan};

use crate::support::{KEPT, assert_close, read_dir, repo_root, solve_verified_with};

fn mali() -> Scenario {
    read_dir(&repo_root().join("scenarios/mali-2024"))
}

/// `s`'s plan, without confirmations, and its bases kept.
fn base_bases(s: &Scenario) -> Arc<StepBases> {
    let (run, _) = solve_verified_with(
        s,
        &PlanOptions { confirm_limits: 0, keep_bases: true, ..PlanOptions::default() },
    );
    let kept = run.bases.expect("bases kept when asked");
    // One basis per step that solved for the plan (all optimal here).
    assert_eq!(kept.len(), run.steps.iter().filter(|st| st.solves_the_plan()).count());
    Arc::new(kept)
}

fn warm(bases: &Arc<StepBases>) -> PlanOptions {
    PlanOptions { confirm_limits: 0, warm_from: Some(Arc::clone(bases)), ..PlanOptions::default() }
}

fn cold() -> PlanOptions {
    PlanOptions { confirm_limits: 0, ..PlanOptions::default() }
}

/// Simplex iterations of the steps that solved for the plan.
fn iterations(run: &PlanRun) -> u64 {
    run.steps.iter().filter(|st| st.solves_the_plan()).map(|st| st.iterations).sum()
}

/// The lexicographic levels: each must be the same, to `tol` (relative; the coverage floors
/// absolute), from any start, even where the plans differ among equals.
#[track_caller]
fn assert_same_levels(s: &Scenario, a: &Plan, b: &Plan, tol: f64) {
    assert_close(a.weighted_service(s), b.weighted_service(s), tol);
    assert_close(a.nonfood_service(s), b.nonfood_service(s), tol);
    assert_close(a.costs.total(), b.costs.total(), tol);
    assert_eq!(a.coverage_floors.len(), b.coverage_floors.len());
    for (x, y) in a.coverage_floors.iter().zip(&b.coverage_floors) {
        assert!((x - y).abs() <= tol, "coverage floor {x} against {y}");
    }
}

/// Halving the Dakar–Kidira road's capacity (the page's first example) and re-planning from
/// the base plan's bases reaches every level of a cold plan of the edited scenario, in
/// under half its simplex iterations (Clp's counts are the same on every run).
#[test]
fn a_replan_from_the_base_plan_keeps_every_level_in_fewer_iterations() {
    let base = mali();
    let bases = base_bases(&base);
    let mut edited = base.clone();
    let lane = edited.lanes.iter_mut().find(|l| l.code == "dakar_kidira").expect("Mali's Dakar road");
    lane.capacity_t_per_period *= 0.5;
    let (cold_run, cold_plan) = solve_verified_with(&edited, &cold());
    let (warm_run, warm_plan) = solve_verified_with(&edited, &warm(&bases));
    assert_same_levels(&edited, &warm_plan, &cold_plan, KEPT);
    let (w, c) = (iterations(&warm_run), iterations(&cold_run));
    assert!(2 * w < c, "warm {w} iterations, cold {c}");
    // The edit matters: the base's own plan costs something else.
    let (_, base_plan) = solve_verified_with(&base, &cold());
    assert!((base_plan.costs.total() - cold_plan.costs.total()).abs() > 1.0);
    // The same steps were made, each from a start.
    let goals = |r: &PlanRun| r.steps.iter().map(|st| st.goal).collect::<Vec<_>>();
    assert_eq!(goals(&warm_run), goals(&cold_run));
}

/// Bases go over by keys: from the whole season's plan to a re-plan from August (a third
/// of the columns gone, the rest at other positions) every level is still the cold plan's.
#[test]
fn a_warm_start_from_a_plan_of_another_horizon_keeps_every_level() {
    let base = mali();
    let bases = base_bases(&base);
    let later = base.from_period(Period(2)).expect("Mali has a third month");
    let (_, cold_plan) = solve_verified_with(&later, &cold());
    let (_, warm_plan) = solve_verified_with(&later, &warm(&bases));
    assert_same_levels(&later, &warm_plan, &cold_plan, KEPT);
}

/// Every need row a hard commitment: no plan keeps them all. The first step fails from the
/// base's start as from a cold one, and the best effort is then planned cold (its levels sit
/// on kept misses, where a warm start moved the max–min levels by 1e-4): the same plan as
/// without the base's bases.
#[test]
fn a_best_effort_is_planned_as_without_an_earlier_plan() {
    let base = mali();
    let bases = base_bases(&base);
    let mut all = base.clone();
    for n in &mut all.needs {
        n.min_share = 1.0;
    }
    let (_, cold_plan) = solve_verified_with(&all, &cold());
    assert!(!cold_plan.missed.is_empty(), "no plan serves everyone in full");
    let (_, warm_plan) = solve_verified_with(&all, &warm(&bases));
    assert_eq!(warm_plan, cold_plan);
}

/// The same scenario from the same bases is the same plan, confirmations and all.
#[test]
fn the_same_warm_start_gives_the_same_plan() {
    let base = mali();
    let bases = base_bases(&base);
    let mut edited = base.clone();
    for f in &mut edited.funds {
        f.amount_usd *= 0.7;
    }
    let options = PlanOptions { warm_from: Some(bases), ..PlanOptions::default() };
    let one = plan(&edited, &Clp, &options).expect("plans");
    let two = plan(&edited, &Clp, &options).expect("plans");
    let (hinterland_plan::Outcome::Planned(p), hinterland_plan::Outcome::Planned(q)) =
        (&one.outcome, &two.outcome)
    else {
        panic!("both plan");
    };
    assert_eq!(p, q);
    assert!(p.shadow_prices.iter().filter(|sp| sp.measured.is_some_and(|m| m.complete())).count() >= 6);
}
