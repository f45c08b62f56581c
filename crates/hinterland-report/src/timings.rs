//! `plan --timings FILE`: where a run's time went, as one line of JSON for benchmarks.
//!
//! `{"schema_version": 1, "read", "validate", "build", "solve", "verify", "write", "total",
//! "peak_rss_kb", "columns", "rows", "nonzeros", "threads", "steps": [{"goal", "status",
//! "seconds", "iterations", "resolves"?}]}`: seconds per stage, each solver step (`goal` and
//! `status` by their stable names; `status` is `null` for `confirm`, which is many
//! re-solves), the LP's size and the threads allowed. `solve` includes every solver call
//! (service, cost, confirmation re-solves) and the residual checks between them. The
//! `confirm` step lists its re-solves (`resolves`): each series (`service`, `cost` or
//! `weighted`), the limit raised (`null` for the series' solve of its base LP), where the
//! solver started (`mark`, `last`, `probe` or `basis`), status, seconds and simplex
//! iterations.

use serde::Serialize;

use hinterland_model::Scenario;
use hinterland_plan::{PlanRun, StepReport};

/// Time spent in each stage, in seconds.
#[derive(Clone, Debug, Default)]
pub struct Timings {
    pub read: f64,
    pub validate: f64,
    pub build: f64,
    pub solve: f64,
    pub verify: f64,
    /// Writing the outputs (0 when nothing was written).
    pub write: f64,
    /// The whole run.
    pub total: f64,
}

#[derive(Serialize)]
struct TimingsJson {
    schema_version: u32,
    read: f64,
    validate: f64,
    build: f64,
    solve: f64,
    verify: f64,
    write: f64,
    total: f64,
    peak_rss_kb: Option<u64>,
    columns: usize,
    rows: usize,
    nonzeros: usize,
    threads: usize,
    steps: Vec<StepJson>,
}

#[derive(Serialize)]
struct StepJson {
    goal: &'static str,
    status: Option<&'static str>,
    seconds: f64,
    iterations: u64,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    resolves: Vec<ResolveJson>,
}

#[derive(Serialize)]
struct ResolveJson {
    series: &'static str,
    limit: Option<String>,
    start: &'static str,
    status: &'static str,
    seconds: f64,
    iterations: u64,
}

impl Timings {
    /// The timings of `run` (of scenario `s`) as a line of JSON; `threads` the threads
    /// planning was allowed, `peak_rss_kb` the process's peak memory where known.
    pub fn render_json(
        &self,
        s: &Scenario,
        run: &PlanRun,
        threads: usize,
        peak_rss_kb: Option<u64>,
    ) -> String {
        let lp = &run.formulation.lp;
        let step = |st: &StepReport| StepJson {
            goal: st.goal.as_str(),
            status: st.status.map(hinterland_lp::Status::as_str),
            seconds: st.seconds,
            iterations: st.iterations,
            resolves: st
                .resolves
                .iter()
                .map(|r| ResolveJson {
                    series: r.series.as_str(),
                    limit: r.row.map(|i| lp.row_keys[i].display(s).to_string()),
                    start: r.start.as_str(),
                    status: r.status.as_str(),
                    seconds: r.seconds,
                    iterations: r.iterations,
                })
                .collect(),
        };
        let doc = TimingsJson {
            schema_version: 1,
            read: self.read,
            validate: self.validate,
            build: self.build,
            solve: self.solve,
            verify: self.verify,
            write: self.write,
            total: self.total,
            peak_rss_kb,
            columns: lp.ncols(),
            rows: lp.nrows(),
            nonzeros: lp.matrix.nnz(),
            threads,
            steps: run.steps.iter().map(step).collect(),
        };
        let mut text = serde_json::to_string(&doc).expect("JSON values serialise");
        text.push('\n');
        text
    }
}
