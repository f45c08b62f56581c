//! Planning the shipped scenarios once per test binary.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use hinterland_coin::Clp;
use hinterland_io::{ScenarioSource, read_scenario};
use hinterland_model::Scenario;
use hinterland_plan::{Outcome, Plan, PlanOptions, PlanRun, Tolerances, VerifyReport, plan, verify};
use hinterland_report::Report;
use hinterland_report::html::Document;

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A scenario planned with Clp and verified, with its Markdown documents.
pub struct Planned {
    pub origin: String,
    pub scenario: Scenario,
    pub run: PlanRun,
    pub verify: VerifyReport,
    pub docs: Vec<(String, String)>,
}

impl Planned {
    pub fn plan(&self) -> &Plan {
        match &self.run.outcome {
            Outcome::Planned(p) => p,
            other => panic!("expected a plan, got {other:?}"),
        }
    }

    pub fn report(&self) -> Report<'_> {
        Report {
            scenario: &self.scenario,
            origin: &self.origin,
            run: &self.run,
            plan: self.plan(),
            verify: &self.verify,
            ledger: None,
        }
    }

    pub fn documents(&self) -> Vec<Document<'_>> {
        self.docs.iter().map(|(n, t)| Document { name: n, markdown: t }).collect()
    }
}

/// A shipped scenario's files, to edit before planning them with [`plan_source`].
pub fn source(name: &str) -> ScenarioSource {
    let dir = repo_root().join("scenarios").join(name);
    ScenarioSource::from_dir(&dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
}

fn load(name: &str) -> Planned {
    let mut p = plan_source(&source(name));
    let dir = repo_root().join("scenarios").join(name);
    p.docs = ["README.md", "SOURCES.md", "ASSUMPTIONS.md"]
        .iter()
        .filter_map(|f| std::fs::read_to_string(dir.join(f)).ok().map(|t| ((*f).to_owned(), t)))
        .collect();
    p.origin = format!("scenarios/{name}");
    p
}

/// Reads (warnings allowed), plans with Clp and verifies a scenario; no documents.
pub fn plan_source(source: &ScenarioSource) -> Planned {
    let (scenario, diags) = read_scenario(source);
    let scenario = scenario
        .unwrap_or_else(|| panic!("invalid:\n{}", hinterland_io::render_diagnostics(&diags, source, false)));
    let run = plan(&scenario, &Clp, &PlanOptions::default()).expect("planning succeeds");
    let verify = match &run.outcome {
        Outcome::Planned(p) => verify(&scenario, p, Tolerances::default()),
        other => panic!("expected a plan, got {other:?}"),
    };
    assert!(verify.ok(), "{:#?}", verify.violations);
    Planned { origin: source.origin().to_owned(), scenario, run, verify, docs: Vec::new() }
}

pub fn mali() -> &'static Planned {
    static P: OnceLock<Planned> = OnceLock::new();
    P.get_or_init(|| load("mali-2024"))
}

pub fn syria() -> &'static Planned {
    static P: OnceLock<Planned> = OnceLock::new();
    P.get_or_init(|| load("wfp-syria"))
}

/// A fresh folder under the target directory for files a test writes.
pub fn out_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create test output folder");
    dir
}

pub fn assert_close(actual: f64, expected: f64, rel: f64) {
    let err = (actual - expected).abs() / expected.abs().max(1.0);
    assert!(err <= rel, "expected {expected}, got {actual} (relative error {err:e} > {rel:e})");
}
