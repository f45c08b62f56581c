//! Planning: synchronous plans, jobs (poll, server-sent events, cancel), plans and their
//! files, comparisons of the base and its variants.

use std::convert::Infallible;
use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::Stream;
use hinterland_lp::ProgressHook;
use hinterland_model::{Scenario, Variant, apply};
use hinterland_report::compare::Comparison;
use serde::{Deserialize, Serialize};

use super::scenarios::{check_edit, workspace};
use super::{JsonBody, file_response};
use crate::diag::locate;
use crate::solve::{
    CancelOnDrop, Content, Figure, Job, JobStatus, Kept, PlanFailure, PlanInput, PoolError, compare_blocking,
    comparison_files, plan_blocking,
};
use crate::store::{Reference, lock, valid_id};
use crate::{ApiError, AppState};

/// What to plan: the variants and edits to apply to the base, in this order. Absent: those
/// switched on in the page (`PUT .../variants/{name}`, `POST .../edits`).
#[derive(Deserialize, Default, Clone)]
pub struct PlanRequest {
    variants: Option<Vec<String>>,
    edits: Option<Vec<String>>,
}

/// A scenario ready to plan, and what it was made of.
struct Prepared {
    scenario_id: String,
    revision: u64,
    origin: String,
    documents: Vec<(String, String)>,
    base: Scenario,
    variants: Vec<Variant>,
    edits: Vec<String>,
    edit_variant: Option<Variant>,
    reference: Arc<Reference>,
}

fn prepare(state: &AppState, id: &str, req: &PlanRequest) -> Result<Prepared, ApiError> {
    let w = workspace(state, id)?;
    let w = lock(&w);
    let Some(base) = w.checked.scenario.clone() else {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_scenario",
            "the scenario has errors; nothing was planned",
        )
        .with_help("fix the problems listed, then plan again")
        .with_diagnostics(locate(&w.checked.diagnostics, &w.source)));
    };
    let names: Vec<String> = req.variants.clone().unwrap_or_else(|| w.enabled.iter().cloned().collect());
    let mut variants = Vec::new();
    for name in &names {
        let v = w.checked.variants.iter().find(|v| v.name == *name).ok_or_else(|| {
            ApiError::not_found("variant", name).with_help("variants are declared in scenario.toml")
        })?;
        variants.push(v.clone());
    }
    let edits = req.edits.clone().unwrap_or_else(|| w.edits.clone());
    let mut checked = Vec::new();
    for text in &edits {
        checked.push(check_edit(&base, text.trim())?);
    }
    let edit_variant = (!checked.is_empty()).then(|| Variant {
        name: "edits".into(),
        description: edits.join("; "),
        edits: checked,
    });
    Ok(Prepared {
        scenario_id: w.id.clone(),
        revision: w.revision,
        origin: w.source.origin().to_owned(),
        documents: hinterland_io::DOCUMENTS
            .iter()
            .filter_map(|name| w.source.documents().find(|(n, _)| n == name))
            .map(|(n, t)| (n.to_owned(), t.to_owned()))
            .collect(),
        base,
        variants,
        edits,
        edit_variant,
        reference: Arc::clone(&w.reference),
    })
}

impl Prepared {
    /// The base with every variant and the edits applied, in order.
    fn scenario(&self) -> Result<Scenario, ApiError> {
        let mut s = self.base.clone();
        for v in self.variants.iter().chain(&self.edit_variant) {
            s = apply(&s, v)
                .map_err(|e| ApiError::bad_request("bad_edit", format!("variant `{}`: {e}", v.name)))?;
        }
        if !self.variants.is_empty() || self.edit_variant.is_some() {
            let parts: Vec<&str> = self
                .variants
                .iter()
                .map(|v| v.name.as_str())
                .chain(self.edit_variant.as_ref().map(|_| "edits"))
                .collect();
            s.name = format!("{} ({})", s.name, parts.join(", "));
        }
        Ok(s)
    }

    /// Lane × period × commodity combinations: the size that decides sync or job.
    fn size(&self) -> usize {
        self.base.lanes.len() * self.base.calendar.len() * self.base.commodities.len().max(1)
    }
}

fn failure_error(f: &PlanFailure) -> ApiError {
    let status =
        if f.is_user_error() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::INTERNAL_SERVER_ERROR };
    let code = match f {
        PlanFailure::Infeasible { .. } => "infeasible",
        PlanFailure::Unbounded => "unbounded",
        PlanFailure::Stopped(_) => "stopped",
        PlanFailure::Numbers(_) => "bad_numbers",
        PlanFailure::Cancelled => "cancelled",
        _ => "plan_failed",
    };
    let e = ApiError::new(status, code, f.to_string());
    match f.help() {
        Some(h) => e.with_help(h),
        None => e,
    }
}

/// Starts planning `p` as a job in the pool.
fn start_job(state: &Arc<AppState>, p: Prepared) -> Result<Arc<Job>, ApiError> {
    let scenario = p.scenario()?;
    let job = state.jobs.create(&p.scenario_id);
    let input = PlanInput {
        scenario,
        origin: p.origin.clone(),
        documents: p.documents.clone(),
        time_limit_s: state.limits.solve_seconds,
        reference: Some(Arc::clone(&p.reference)),
    };
    let state = Arc::clone(state);
    let j = Arc::clone(&job);
    tokio::spawn(async move {
        let mut cancel = j.cancel_receiver();
        let inner_cancel = j.cancel_receiver();
        let hook_job = Arc::clone(&j);
        let hook = ProgressHook::new(move |pr| {
            hook_job.update(|s| {
                s.step = Some(pr.label.to_owned());
                s.iterations = pr.iterations;
            });
        })
        .with_stop(j.stop_flag());
        let run_job = Arc::clone(&j);
        let result = state
            .pool
            .run(&mut cancel, move || {
                run_job.update(|s| s.status = JobStatus::Running);
                plan_blocking(&input, Some(hook), &inner_cancel)
            })
            .await;
        match result {
            Ok(Ok(out)) if !*cancel.borrow() => {
                let kept = state.plans.insert(Kept {
                    id: state.plans.new_id("plan"),
                    scenario: p.scenario_id,
                    revision: p.revision,
                    variants: p.variants.iter().map(|v| v.name.clone()).collect(),
                    edits: p.edits,
                    figures: out.figures,
                    missed_commitments: out.missed_commitments,
                    content: Content::Plan(Box::new(out.outputs)),
                });
                j.update(|s| {
                    s.status = JobStatus::Done;
                    s.step = None;
                    s.plan = Some(kept.id.clone());
                });
                // The figures are out; the shadow prices' confirmations, which the files
                // wait for, run when no plan waits for a solver.
                let k = Arc::clone(&kept);
                if state.pool.background(move || k.confirm()).await.is_err() {
                    kept.give_up_confirming();
                }
            }
            Ok(Ok(_) | Err(PlanFailure::Cancelled)) | Err(PoolError::Cancelled) => j.cancel(),
            Ok(Err(f)) => j.update(|s| {
                s.status = JobStatus::Failed;
                s.error = Some(failure_error(&f));
            }),
            Err(e) => j.update(|s| {
                s.status = JobStatus::Failed;
                s.error = Some(ApiError::from(e));
            }),
        }
    });
    Ok(job)
}

#[derive(Serialize)]
struct PlanView<'a> {
    id: &'a str,
    scenario: &'a str,
    revision: u64,
    variants: &'a [String],
    edits: &'a [String],
    missed_commitments: bool,
    figures: &'a [Figure],
    /// The plan's files, each at `/api/v1/plans/{id}/{file}`.
    files: Vec<&'a str>,
}

fn plan_view(k: &Kept) -> Response {
    Json(PlanView {
        id: &k.id,
        scenario: &k.scenario,
        revision: k.revision,
        variants: &k.variants,
        edits: &k.edits,
        missed_commitments: k.missed_commitments,
        figures: &k.figures,
        files: k.names(),
    })
    .into_response()
}

fn accepted(job: &Job) -> Response {
    let location = format!("/api/v1/jobs/{}", job.id);
    (StatusCode::ACCEPTED, [(header::LOCATION, location)], Json(job.state())).into_response()
}

/// `POST .../plan`: plans and answers with the plan; a large scenario becomes a job (202).
/// A client that goes away cancels its plan.
pub async fn plan(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    JsonBody(req): JsonBody<PlanRequest>,
) -> Result<Response, ApiError> {
    let p = prepare(&state, &id, &req)?;
    let large = p.size() > state.limits.sync_size;
    let job = start_job(&state, p)?;
    if large {
        return Ok(accepted(&job));
    }
    let mut guard = CancelOnDrop(Some(Arc::clone(&job)));
    let done = job.finished().await;
    guard.disarm();
    match (done.status, &done.plan, done.error) {
        (JobStatus::Done, Some(plan), _) => {
            let kept =
                state.plans.get(plan).ok_or_else(|| ApiError::internal("the plan was dropped already"))?;
            Ok(plan_view(&kept))
        }
        (_, _, Some(e)) => Err(e),
        _ => Err(PoolError::Cancelled.into()),
    }
}

/// `POST .../jobs`: starts a plan and answers at once (202) with the job.
pub async fn start(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    JsonBody(req): JsonBody<PlanRequest>,
) -> Result<Response, ApiError> {
    let p = prepare(&state, &id, &req)?;
    let job = start_job(&state, p)?;
    Ok(accepted(&job))
}

fn find_job(state: &AppState, id: &str) -> Result<Arc<Job>, ApiError> {
    if !valid_id(id) {
        return Err(ApiError::bad_request("invalid_id", format!("`{id}` is not a job id")));
    }
    state.jobs.get(id).ok_or_else(|| ApiError::not_found("job", id))
}

pub async fn job(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> Result<Response, ApiError> {
    Ok(Json(find_job(&state, &id)?.state()).into_response())
}

pub async fn cancel(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let job = find_job(&state, &id)?;
    job.cancel();
    Ok(Json(job.state()).into_response())
}

/// `GET /api/v1/jobs/{id}/events`: the job's state as `job` events, the current one first,
/// then each change, until it has finished.
pub async fn events(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    let rx = find_job(&state, &id)?.subscribe();
    let stream = futures_util::stream::unfold((rx, true, false), |(mut rx, first, over)| async move {
        if over || (!first && rx.changed().await.is_err()) {
            return None;
        }
        let s = rx.borrow_and_update().clone();
        let finished = s.status.finished();
        let event =
            Event::default().event("job").json_data(&s).unwrap_or_else(|_| Event::default().event("job"));
        Some((Ok(event), (rx, false, finished)))
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::default()))
}

fn kept(state: &AppState, id: &str) -> Result<Arc<Kept>, ApiError> {
    if !valid_id(id) {
        return Err(ApiError::bad_request("invalid_id", format!("`{id}` is not a plan id")));
    }
    state.plans.get(id).ok_or_else(|| {
        ApiError::not_found("plan", id)
            .with_help(format!("the server keeps the last {} plans", state.limits.kept_plans))
    })
}

pub async fn show(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> Result<Response, ApiError> {
    let k = kept(&state, &id)?;
    Ok(plan_view(&k))
}

pub async fn file(
    State(state): State<Arc<AppState>>,
    Path((id, file)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let k = kept(&state, &id)?;
    k.ready().await;
    let name = file.clone();
    // Rendering a report takes a fraction of a second: off the async threads.
    let rendered = tokio::task::spawn_blocking(move || k.file(&name).map(|r| (r, k.names().join(", "))))
        .await
        .map_err(|_| ApiError::internal("rendering failed unexpectedly"))?;
    match rendered {
        Some((Ok(bytes), _)) => Ok(file_response(&file, bytes)),
        Some((Err(e), _)) => Err(ApiError::internal(format!("cannot render `{file}`: {e}"))),
        None => {
            let names = kept(&state, &id)?.names().join(", ");
            Err(ApiError::not_found("file", &file).with_help(format!("this plan has {names}")))
        }
    }
}

#[derive(Serialize)]
struct Compared {
    id: String,
    comparison: serde_json::Value,
    files: Vec<String>,
}

/// Sets its flag when dropped: interrupts the solves of a comparison whose client went away.
struct StopOnDrop(Arc<std::sync::atomic::AtomicBool>);

impl Drop for StopOnDrop {
    fn drop(&mut self) {
        self.0.store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

/// `POST .../compare`: the base, each variant asked for (else those switched on, else all
/// declared) and the edits as one more column, each solved in the pool, side by side.
pub async fn compare(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    JsonBody(req): JsonBody<PlanRequest>,
) -> Result<Response, ApiError> {
    let mut p = prepare(&state, &id, &req)?;
    if p.variants.is_empty() && req.variants.is_none() {
        let w = workspace(&state, &id)?;
        p.variants.clone_from(&lock(&w).checked.variants);
    }
    let mut scenarios = vec![("base".to_owned(), String::new(), p.base.clone())];
    for v in p.variants.iter().chain(&p.edit_variant) {
        let s = apply(&p.base, v)
            .map_err(|e| ApiError::bad_request("bad_edit", format!("variant `{}`: {e}", v.name)))?;
        scenarios.push((v.name.clone(), v.description.clone(), s));
    }
    let (cancel_tx, _) = tokio::sync::watch::channel(false);
    // The client going away drops this future, and with it the sender (the solves waiting
    // for a solver see the channel closed and stop) and the guard (the running solvers are
    // interrupted).
    let stop = StopOnDrop(Arc::default());
    let runs = scenarios.into_iter().map(|(name, description, s)| {
        let mut cancel = cancel_tx.subscribe();
        let inner = cancel_tx.subscribe();
        let seconds = state.limits.solve_seconds;
        let pool = &state.pool;
        let flag = Arc::clone(&stop.0);
        let reference = Arc::clone(&p.reference);
        async move {
            pool.run(&mut cancel, move || {
                compare_blocking(name, description, &s, seconds, &inner, flag, Some(&reference))
            })
            .await
        }
    });
    let mut columns = Vec::new();
    for r in futures_util::future::join_all(runs).await {
        columns.push(r?);
    }
    let title = p.base.name.clone();
    let comparison = Comparison { title, origin: p.origin.clone(), columns };
    let files = comparison_files(&comparison);
    let json = files.iter().find(|(n, _)| n == "compare.json").map(|(_, b)| b.clone()).unwrap_or_default();
    let value: serde_json::Value = serde_json::from_slice(&json).unwrap_or(serde_json::Value::Null);
    let k = state.plans.insert(Kept {
        id: state.plans.new_id("compare"),
        scenario: p.scenario_id,
        revision: p.revision,
        variants: p.variants.iter().map(|v| v.name.clone()).collect(),
        edits: p.edits,
        figures: Vec::new(),
        missed_commitments: false,
        content: Content::Files(files),
    });
    let names = k.names().into_iter().map(str::to_owned).collect();
    Ok(Json(Compared { id: k.id.clone(), comparison: value, files: names }).into_response())
}
