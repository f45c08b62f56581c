//! A generated scenario reads without diagnostics, plans with Clp to a verified plan that has
//! a shortfall and binding limits, and its LP has exactly the size the generator announced.

use hinterland_coin::Clp;
use hinterland_generate::{Options, Step, generate, write_folder};
use hinterland_io::{ScenarioSource, read_scenario, render_diagnostics};
use hinterland_plan::keys::RowKey;
use hinterland_plan::{Outcome, PlanOptions, Tolerances, plan, verify};

fn read(options: &Options) -> (hinterland_model::Scenario, hinterland_generate::Size) {
    let g = generate(options).expect("valid options");
    let source =
        ScenarioSource::from_files("<generated>", g.files.iter().map(|(n, t)| (n.as_str(), t.as_str())));
    let (scenario, diags) = read_scenario(&source);
    assert!(diags.is_empty(), "{}", render_diagnostics(&diags, &source, false));
    (scenario.expect("no errors"), g.size)
}

fn plans_verified(options: &Options) {
    let (s, size) = read(options);
    // Benchmarks compare LP stacks on the utilitarian sequence of LPs (see `render.rs`).
    assert_eq!(s.allocation.fairness, hinterland_model::Fairness::Utilitarian);
    let run = plan(&s, &Clp, &PlanOptions { confirm_limits: 0, ..PlanOptions::default() }).expect("plans");
    // The planned LP, the service floor of the cost step included, as `plan` reports it.
    assert_eq!(run.formulation.lp.ncols(), size.columns);
    assert_eq!(run.formulation.lp.nrows(), size.rows);
    let Outcome::Planned(p) = &run.outcome else { panic!("expected a plan, got {:?}", run.outcome) };
    let report = verify(&s, p, Tolerances::default());
    assert!(report.ok(), "{:#?}", report.violations);
    // Not trivial: some people are not served, and money and capacity limits bind.
    let served = p.person_days_served();
    let in_need: f64 = s.need_ids().map(|k| s.need_person_days(k)).sum();
    assert!(served < 0.99 * in_need, "served {served} of {in_need}");
    assert!(served > 0.3 * in_need, "served {served} of {in_need}");
    let binding = |f: fn(&RowKey) -> bool| p.shadow_prices.iter().any(|sp| f(&sp.row));
    assert!(binding(|r| matches!(r, RowKey::LaneCapacity { .. })), "{:#?}", p.shadow_prices);
    assert!(binding(|r| matches!(r, RowKey::Budget { .. })), "{:#?}", p.shadow_prices);
}

#[test]
fn monthly_scenario_plans_and_verifies() {
    plans_verified(&Options { districts: 12, ..Options::default() });
}

#[test]
fn weekly_scenario_with_logistics_fund_plans_and_verifies() {
    plans_verified(&Options {
        districts: 6,
        periods: 30,
        commodities: 5,
        ports: 2,
        step: Step::Week,
        seed: 7,
        logistics_fund: true,
        ..Options::default()
    });
}

#[test]
fn planning_reports_each_step_and_the_search_for_a_feasible_point() {
    use std::sync::{Arc, Mutex};

    use hinterland_lp::{ProgressHook, SolverProgress};

    // The phase-5 pockets' hard commitments make "nothing moves" infeasible, so the primal
    // simplex of the service step starts by looking for a feasible point.
    let (s, _) = read(&Options { districts: 40, ..Options::default() });
    let seen: Arc<Mutex<Vec<SolverProgress>>> = Arc::default();
    let sink = Arc::clone(&seen);
    let mut options = PlanOptions { confirm_limits: 0, ..PlanOptions::default() };
    options.solve.progress = Some(ProgressHook::new(move |p| sink.lock().unwrap().push(*p)));
    let run = plan(&s, &Clp, &options).expect("plans");
    assert!(matches!(run.outcome, Outcome::Planned(_)));
    let seen = seen.lock().unwrap();
    let service: Vec<_> = seen.iter().filter(|p| p.label == "service").collect();
    assert!(service.first().is_some_and(|p| p.infeasible), "{seen:?}");
    let service_iterations =
        run.steps.iter().find(|s| s.goal == hinterland_plan::StepGoal::Service).unwrap().iterations;
    assert!(service.iter().all(|p| p.iterations <= service_iterations), "{seen:?}");
    // Generated scenarios are utilitarian with weighted non-food after food: the steps are
    // service, nonfood and cost, each from the basis before it; a report, if any, is labelled.
    let goals: Vec<_> = run.steps.iter().map(|s| s.goal.as_str()).collect();
    assert_eq!(goals, ["service", "nonfood", "cost"]);
    assert!(seen.iter().all(|p| goals.contains(&p.label)), "{seen:?}");
}

#[test]
fn same_seed_same_files_other_seed_other_files() {
    let o = Options { districts: 5, ..Options::default() };
    assert_eq!(generate(&o).unwrap().files, generate(&o).unwrap().files);
    let other = generate(&Options { seed: 2, ..o.clone() }).unwrap().files;
    assert_ne!(generate(&o).unwrap().files, other);
}

#[test]
fn target_columns_lands_near_the_target() {
    for target in [10_000, 100_000] {
        let o = Options::default().for_target_columns(target).unwrap();
        let got = generate(&o).unwrap().size.columns as f64;
        assert!((got / target as f64 - 1.0).abs() < 0.05, "{target}: {got}");
    }
}

#[test]
fn folder_is_written_whole_and_replaced_only_with_force() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("country");
    let g = generate(&Options { districts: 3, ..Options::default() }).unwrap();
    write_folder(&dir, &g.files, false).unwrap();
    assert!(dir.join("scenario.toml").is_file());
    assert!(write_folder(&dir, &g.files, false).is_err());
    write_folder(&dir, &g.files, true).unwrap();
    let other = tmp.path().join("not-a-scenario");
    std::fs::create_dir(&other).unwrap();
    assert!(write_folder(&other, &g.files, true).is_err());
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().filter_map(Result::ok).collect();
    assert_eq!(leftovers.len(), 2, "no temporary folders left behind");
}
