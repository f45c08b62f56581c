//! One plan, as `hinterland plan` makes it: build, the scale check, the levels on Clp (or
//! Cbc), the independent verification, and the outputs rendered by `hinterland-report`.
//! Planning runs on a blocking thread of the [`super::Pool`]; the outputs are rendered when
//! first asked for ([`Outputs`]), so a re-plan answers with its figures as soon as the plan is
//! verified.

use std::sync::{Arc, OnceLock};

use hinterland_coin::{Cbc, Clp};
use hinterland_lp::{ProgressHook, Solver};
use hinterland_model::{Backend, Scenario};
use hinterland_plan::{
    Outcome, PlanError, PlanOptions, PlanRun, StepBases, Tolerances, VerifyReport, verify,
};
use hinterland_report::compare::{Column, Comparison, Solved, figures, limit_text, missed_text};
use hinterland_report::html::{self, Document};
use hinterland_report::{Report, csv_tables, geojson, json, summary, xlsx};
use serde::Serialize;
use tokio::sync::watch;

use crate::store::Reference;
use crate::upload::zip_files;

/// What to plan.
pub struct PlanInput {
    /// The scenario with the variants and edits applied.
    pub scenario: Scenario,
    /// Where the scenario came from, for the report.
    pub origin: String,
    pub documents: Vec<(String, String)>,
    /// Wall-clock limit of each LP solve, in seconds.
    pub time_limit_s: f64,
    /// The workspace's scenario as opened: an edited scenario is planned from its plan's
    /// bases.
    pub reference: Option<Arc<Reference>>,
}

/// A figure of a plan, as the API sends it: `section` and `key` label it for people,
/// `field` names a headline figure for programs (`person_days_served`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    pub section: &'static str,
    pub key: String,
    pub field: Option<&'static str>,
    pub value: f64,
}

/// A plan's figures and outputs.
pub struct PlanOutput {
    pub figures: Vec<Figure>,
    pub missed_commitments: bool,
    pub outputs: Outputs,
}

/// The files of a plan, by name, in this order.
pub const FILES: [&str; 6] =
    ["report.html", "plan.json", "plan.xlsx", "plan.geojson", "tables.zip", "summary.txt"];

/// A verified plan and what it was made from; each file is rendered once, when first asked
/// for, after its shadow-price confirmations ([`Outputs::confirm`], run in the pool's
/// background once the plan's figures are out).
pub struct Outputs {
    scenario: Scenario,
    origin: String,
    documents: Vec<(String, String)>,
    run: std::sync::Mutex<PlanRun>,
    verify: VerifyReport,
    rendered: [OnceLock<Result<Vec<u8>, String>>; FILES.len()],
    /// Turns true when the confirmations have run (or will not): the files can be made.
    confirmed: watch::Sender<bool>,
}

impl Outputs {
    /// The file `name` of [`FILES`]; `None` for another name. Call it after
    /// [`Outputs::ready`].
    pub fn file(&self, name: &str) -> Option<Result<Vec<u8>, String>> {
        let i = FILES.iter().position(|f| *f == name)?;
        Some(self.rendered[i].get_or_init(|| self.render(name)).clone())
    }

    /// Runs the plan's shadow-price confirmations left for later (blocking: on a solver of
    /// the pool), then lets the files be made. A confirmation that fails leaves its limits
    /// unmeasured, as a re-solve that does not end optimal does.
    pub fn confirm(&self) {
        {
            let mut run = crate::store::lock(&self.run);
            let _ = match self.scenario.solver.backend {
                Backend::Cbc => run.confirm(&Cbc, 1),
                Backend::Clp | Backend::Highs => run.confirm(&Clp, 1),
            };
        }
        self.confirmed.send_replace(true);
    }

    /// Lets the files be made without confirmations (they could not be run).
    pub fn give_up_confirming(&self) {
        self.confirmed.send_replace(true);
    }

    /// Waits until the files can be made.
    pub async fn ready(&self) {
        let mut rx = self.confirmed.subscribe();
        let _ = rx.wait_for(|done| *done).await;
    }

    fn render(&self, name: &str) -> Result<Vec<u8>, String> {
        let run = crate::store::lock(&self.run);
        let Outcome::Planned(plan) = &run.outcome else {
            return Err("the run has no plan".to_owned());
        };
        let r = Report {
            scenario: &self.scenario,
            origin: &self.origin,
            run: &run,
            plan,
            verify: &self.verify,
            ledger: None,
        };
        Ok(match name {
            "report.html" => {
                let docs: Vec<Document<'_>> =
                    self.documents.iter().map(|(n, t)| Document { name: n, markdown: t }).collect();
                html::render(&r, &docs).into_bytes()
            }
            "plan.json" => json::render(&r).into_bytes(),
            "plan.xlsx" => xlsx::render(&r).map_err(|e| e.to_string())?,
            "plan.geojson" => geojson::render(&r).into_bytes(),
            "tables.zip" => {
                let tables: Vec<(String, Vec<u8>)> = csv_tables::render(&r)
                    .into_iter()
                    .map(|t| (t.file.to_owned(), t.text.into_bytes()))
                    .collect();
                zip_files(&tables).map_err(|e| e.to_string())?
            }
            _ => summary::render(&r, usize::MAX).into_bytes(),
        })
    }
}

/// Why there is no plan.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PlanFailure {
    #[error("{0}")]
    Numbers(String),
    #[error("{0}")]
    Plan(String),
    #[error("no plan keeps every hard commitment (`min_share`), and no best-effort plan was found")]
    Infeasible { missed: Vec<String>, limits: Vec<String> },
    #[error("the LP is unbounded: some quantity can grow without limit")]
    Unbounded,
    #[error("the solver stopped before proving a plan optimal (`{0}`)")]
    Stopped(String),
    #[error("the solver's plan fails independent verification ({0} violation(s)); it is not reported")]
    Verification(usize),
    #[error("cancelled")]
    Cancelled,
}

impl PlanFailure {
    /// Whether the scenario is to blame (the user can change it), not the server.
    pub fn is_user_error(&self) -> bool {
        matches!(
            self,
            PlanFailure::Numbers(_)
                | PlanFailure::Infeasible { .. }
                | PlanFailure::Unbounded
                | PlanFailure::Stopped(_)
        )
    }

    pub fn help(&self) -> Option<String> {
        match self {
            PlanFailure::Numbers(_) => {
                Some("check the input figures behind them (units, extra digits)".into())
            }
            PlanFailure::Infeasible { missed, limits } => Some(format!(
                "missed: {}; in the way: {}; lower `min_share` or add capacity or money",
                missed.join("; "),
                limits.join("; ")
            )),
            PlanFailure::Unbounded => {
                Some("check for lanes or markets with `inf` capacity and negative costs".into())
            }
            PlanFailure::Stopped(_) => Some("simplify the scenario, or ask for a longer time limit".into()),
            _ => None,
        }
    }
}

fn options(s: &Scenario, time_limit_s: f64, confirm: usize, progress: Option<ProgressHook>) -> PlanOptions {
    let mut o = PlanOptions { confirm_limits: confirm, threads: 1, ..PlanOptions::default() };
    o.solve.time_limit_s = Some(s.solver.time_limit_s.map_or(time_limit_s, |t| t.min(time_limit_s)));
    o.solve.progress = progress;
    o
}

fn solve_with<S: Solver + Sync>(
    s: &Scenario,
    f: hinterland_plan::Formulation,
    build_seconds: f64,
    solver: &S,
    o: &PlanOptions,
) -> Result<PlanRun, PlanError> {
    hinterland_plan::plan_built(s, f, build_seconds, solver, o)
}

/// Builds and solves `s` on its backend (the server has Clp and Cbc; validation refuses
/// others).
fn solve(s: &Scenario, o: &PlanOptions) -> Result<Result<PlanRun, PlanError>, PlanFailure> {
    let started = std::time::Instant::now();
    let f = hinterland_plan::build(s);
    if let Some(why) = hinterland_plan::numbers::problem(s, &f) {
        return Err(PlanFailure::Numbers(why));
    }
    let build = started.elapsed().as_secs_f64();
    Ok(match s.solver.backend {
        Backend::Cbc => solve_with(s, f, build, &Cbc, o),
        Backend::Clp | Backend::Highs => solve_with(s, f, build, &Clp, o),
    })
}

fn cancelled(cancel: &watch::Receiver<bool>) -> Result<(), PlanFailure> {
    if *cancel.borrow() { Err(PlanFailure::Cancelled) } else { Ok(()) }
}

/// The bases of the plan of the scenario as opened (`reference`, its scenario `opened`),
/// made the first time they are needed and kept.
fn reference_bases(reference: &Reference, opened: &Scenario, time_limit_s: f64) -> Option<Arc<StepBases>> {
    let bases = reference.bases.get_or_init(|| {
        // No progress hook: a cancelled job must not leave a half-made reference behind.
        let mut o = options(opened, time_limit_s, 0, None);
        o.keep_bases = true;
        solve(opened, &o).ok()?.ok()?.take_bases().map(Arc::new)
    });
    bases.clone()
}

/// The options to plan `s` with in a workspace whose scenario as opened is `reference`
/// (Clp plans only: Cbc keeps no bases). An edited copy starts from the bases of the plan
/// of the scenario as opened ([`reference_bases`]). The scenario as opened itself is planned
/// cold, as `hinterland plan` plans it, and keeps its bases for the re-plans if they are not
/// kept yet: then the reference to give them to ([`keep_reference`]) comes back too (its
/// steps are those `reference_bases` would make: confirmations come after them).
fn workspace_options<'r>(
    s: &Scenario,
    reference: Option<&'r Reference>,
    time_limit_s: f64,
    confirm: usize,
    progress: Option<ProgressHook>,
) -> (PlanOptions, Option<&'r Reference>) {
    let mut o = options(s, time_limit_s, confirm, progress);
    let clp = |s: &Scenario| s.solver.backend != Backend::Cbc;
    let opened =
        reference.and_then(|r| Some((r, r.scenario.as_ref()?))).filter(|(_, opened)| clp(opened) && clp(s));
    let mut keep = None;
    match opened {
        Some((r, opened)) if s == opened => keep = r.bases.get().is_none().then_some(r),
        Some((r, opened)) => o.warm_from = reference_bases(r, opened, time_limit_s),
        None => {}
    }
    o.keep_bases = keep.is_some();
    (o, keep)
}

/// Gives `reference` the bases of `run`, its scenario's plan (see [`workspace_options`]).
fn keep_reference(reference: Option<&Reference>, run: &mut PlanRun) {
    if let Some(r) = reference
        && let Some(bases) = run.take_bases()
    {
        let _ = r.bases.set(Some(Arc::new(bases)));
    }
}

/// Plans, verifies and renders, checking `cancel` between the stages.
pub fn plan_blocking(
    input: &PlanInput,
    progress: Option<ProgressHook>,
    cancel: &watch::Receiver<bool>,
) -> Result<PlanOutput, PlanFailure> {
    let s = &input.scenario;
    cancelled(cancel)?;
    let reference = input.reference.as_deref();
    let confirm = PlanOptions::DEFAULT_CONFIRM_LIMITS;
    let (mut o, keep) = workspace_options(s, reference, input.time_limit_s, confirm, progress);
    // The figures first; the shadow prices' confirmations after (`Outputs::confirm`).
    o.defer_confirmations = true;
    cancelled(cancel)?;
    let mut run = solve(s, &o)?.map_err(|e| PlanFailure::Plan(e.to_string()))?;
    cancelled(cancel)?;
    keep_reference(keep, &mut run);
    let plan = match &run.outcome {
        Outcome::Planned(plan) => plan,
        Outcome::Infeasible { missed, limits } => {
            return Err(PlanFailure::Infeasible {
                missed: missed.iter().map(|m| missed_text(s, m)).collect(),
                limits: limits.iter().take(8).map(|l| limit_text(s, l)).collect(),
            });
        }
        Outcome::Unbounded => return Err(PlanFailure::Unbounded),
        Outcome::Stopped { status } => return Err(PlanFailure::Stopped(status.to_string())),
    };
    let report = verify(s, plan, Tolerances::default());
    if !report.ok() {
        return Err(PlanFailure::Verification(report.violations.len()));
    }
    cancelled(cancel)?;
    let figures = wire(s, plan);
    let missed_commitments = !plan.missed.is_empty();
    let pending = run.confirmations_pending();
    let outputs = Outputs {
        scenario: input.scenario.clone(),
        origin: input.origin.clone(),
        documents: input.documents.clone(),
        run: std::sync::Mutex::new(run),
        verify: report,
        rendered: Default::default(),
        confirmed: watch::Sender::new(!pending),
    };
    Ok(PlanOutput { figures, missed_commitments, outputs })
}

/// The plan's figures for the API.
pub fn wire(s: &Scenario, plan: &hinterland_plan::Plan) -> Vec<Figure> {
    figures(s, plan)
        .into_iter()
        .map(|f| Figure {
            section: f.key.section().label(),
            key: f.key.label().into_owned(),
            field: match f.key {
                hinterland_report::compare::FigureKey::Headline(h) => Some(h.field()),
                _ => None,
            },
            value: f.value,
        })
        .collect()
}

/// One column of a comparison: `(name, description, scenario)` solved without limit
/// confirmation (comparisons need no shadow prices), as `hinterland compare` does, but from
/// the plan of the workspace's scenario as opened (`reference`) as a re-plan is.
pub fn compare_blocking(
    name: String,
    description: String,
    s: &Scenario,
    time_limit_s: f64,
    cancel: &watch::Receiver<bool>,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    reference: Option<&Reference>,
) -> Column {
    let started = std::time::Instant::now();
    let hook = ProgressHook::new(|_| {}).with_stop(stop);
    let solved = match cancelled(cancel).and_then(|()| {
        let (o, keep) = workspace_options(s, reference, time_limit_s, 0, Some(hook));
        let mut result = solve(s, &o)?;
        if let Ok(run) = &mut result {
            keep_reference(keep, run);
        }
        Ok(result)
    }) {
        Ok(result) => Solved::from_run(s, result, started.elapsed().as_secs_f64()),
        Err(e) => Solved::failed(e.to_string()),
    };
    Column { name, description, solved }
}

/// The comparison's page and JSON.
pub fn comparison_files(c: &Comparison) -> Vec<(String, Vec<u8>)> {
    vec![
        ("compare.html".to_owned(), html::compare::render(c).into_bytes()),
        ("compare.json".to_owned(), hinterland_report::compare::render_json(c).into_bytes()),
    ]
}
