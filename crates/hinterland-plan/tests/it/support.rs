//! Reading fixtures and planning them with Clp.

use std::path::{Path, PathBuf};

use hinterland_coin::Clp;
use hinterland_io::{ScenarioSource, read_scenario};
use hinterland_model::Scenario;
use hinterland_plan::{Outcome, Plan, PlanOptions, PlanRun, Tolerances, plan, verify};

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Reads a scenario folder; panics with the rendered diagnostics if it is invalid.
pub fn read_dir(path: &Path) -> Scenario {
    let source =
        ScenarioSource::from_dir(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    read_source(&source)
}

pub fn read_source(source: &ScenarioSource) -> Scenario {
    let (scenario, diags) = read_scenario(source);
    match scenario {
        Some(s) => s,
        None => panic!("invalid scenario:\n{}", hinterland_io::render_diagnostics(&diags, source, false)),
    }
}

/// Reads an inline scenario: `files` are (name, text) pairs.
pub fn read_inline(files: &[(&str, &str)]) -> Scenario {
    read_source(&ScenarioSource::from_files("<test>", files.iter().map(|(n, t)| (*n, *t))))
}

/// Plans `s` with Clp and returns the run.
pub fn run(s: &Scenario) -> PlanRun {
    plan(s, &Clp, &PlanOptions::default()).expect("planning succeeds")
}

/// Plans `s`, asserts an optimal plan that passes the independent verifier, returns it.
pub fn solve_verified(s: &Scenario) -> (PlanRun, Plan) {
    solve_verified_with(s, &PlanOptions::default())
}

/// [`solve_verified`] with `options`.
pub fn solve_verified_with(s: &Scenario, options: &PlanOptions) -> (PlanRun, Plan) {
    let run = plan(s, &Clp, options).expect("planning succeeds");
    let plan = match &run.outcome {
        Outcome::Planned(p) => (**p).clone(),
        other => panic!("expected a plan, got {other:?}"),
    };
    let report = verify(s, &plan, Tolerances::default());
    assert!(report.ok(), "verifier found violations: {:#?}", report.violations);
    (run, plan)
}

/// The tolerance of a figure a later step may give up a hair of: every priority level is kept
/// to `LEVEL_SLACK` (1e-7, relative) below its optimum, and the levels after it (cost) use
/// that hair when it pays. A figure derived from kept levels (a ration: food over people
/// reached; a cost) moves by up to a few hairs.
pub const KEPT: f64 = 5e-7;

#[track_caller]
pub fn assert_close(actual: f64, expected: f64, rel: f64) {
    let err = (actual - expected).abs() / expected.abs().max(1.0);
    assert!(err <= rel, "expected {expected}, got {actual} (relative error {err:e} > {rel:e})");
}

/// The files of a scenario without food: no nutrients, ration or people in need.
pub const NO_FOOD: [(&str, &str); 4] = [
    ("nutrients.csv", "id,name,unit\n"),
    ("nutrient_content.csv", "commodity,nutrient,amount_per_100g\n"),
    ("ration.csv", "kind,item,min_per_person_day,max_per_person_day\n"),
    ("needs.csv", "district,period,people,phase\n"),
];

/// A fixture's `scenario.toml`: `periods` periods of `step` from `start`.
pub fn toml(step: &str, start: &str, periods: u32) -> String {
    format!(
        "format_version = 1\nname = \"fixture\"\ncurrency = \"USD\"\n\n[calendar]\nstart = \"{start}\"\nstep = \"{step}\"\nperiods = {periods}\n"
    )
}

/// The verifier's checks that fail, each named once, in order.
pub fn failing(s: &Scenario, plan: &Plan) -> Vec<&'static str> {
    let mut checks: Vec<_> =
        verify(s, plan, Tolerances::default()).violations.iter().map(|v| v.check).collect();
    checks.sort_unstable();
    checks.dedup();
    checks
}

/// Asserts that the verifier's `check` fails on `plan`.
pub fn assert_fails(s: &Scenario, plan: &Plan, check: &str) {
    let checks = failing(s, plan);
    assert!(checks.contains(&check), "expected a `{check}` violation, got {checks:?}");
}
