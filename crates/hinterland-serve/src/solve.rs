//! Solving on the server: a bounded [`Pool`] (a semaphore with one permit per solver, a
//! bounded queue, each solve on a blocking thread that holds its permit until the LP
//! returns), [`Jobs`] that can be polled, streamed and cancelled, and the [`Plans`] kept for
//! download.
//!
//! Cancellation: a job waiting for a solver is dropped from the queue at once; a running
//! job's solver is interrupted after its current simplex iteration (the progress hook's stop
//! flag, checked by Clp's event handler), the plan stops at its next stage boundary, and the
//! result is thrown away. The permit is held until the blocking thread returns: the pool
//! never runs more solves than it has solvers, cancelled or not.

mod plan;

use std::collections::{BTreeMap, VecDeque};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};

use axum::http::StatusCode;
use serde::Serialize;
use tokio::sync::{Semaphore, watch};

use crate::ApiError;
use crate::store::lock;

pub use plan::{
    FILES, Figure, Outputs, PlanFailure, PlanInput, PlanOutput, compare_blocking, comparison_files,
    plan_blocking,
};

/// Why the pool did not run a piece of work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PoolError {
    #[error("{waiting} solves are waiting already; try again later")]
    Busy { waiting: usize },
    #[error("cancelled")]
    Cancelled,
    #[error("the solve failed unexpectedly")]
    Panicked,
}

impl From<PoolError> for ApiError {
    fn from(e: PoolError) -> ApiError {
        match e {
            PoolError::Busy { .. } => ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "busy", e.to_string()),
            PoolError::Cancelled => {
                ApiError::new(StatusCode::CONFLICT, "cancelled", "the solve was cancelled")
            }
            PoolError::Panicked => ApiError::internal(e.to_string()),
        }
    }
}

#[derive(Default)]
struct Counters {
    waiting: AtomicUsize,
    running: AtomicUsize,
    done: AtomicU64,
}

/// Decrements a counter when dropped.
struct Count<'a>(&'a AtomicUsize);

impl<'a> Count<'a> {
    fn up(c: &'a AtomicUsize) -> Count<'a> {
        c.fetch_add(1, Ordering::SeqCst);
        Count(c)
    }
}

impl Drop for Count<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The solvers: at most `solvers` at once, at most `queue` waiting.
pub struct Pool {
    permits: Arc<Semaphore>,
    counters: Arc<Counters>,
    solvers: usize,
    queue: usize,
}

/// What the pool is doing, for `/api/v1/status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PoolStatus {
    pub solvers: usize,
    pub running: usize,
    pub waiting: usize,
    pub finished: u64,
}

impl Pool {
    pub fn new(solvers: usize, queue: usize) -> Pool {
        Pool { permits: Arc::new(Semaphore::new(solvers)), counters: Arc::default(), solvers, queue }
    }

    pub fn status(&self) -> PoolStatus {
        PoolStatus {
            solvers: self.solvers,
            running: self.counters.running.load(Ordering::SeqCst),
            waiting: self.counters.waiting.load(Ordering::SeqCst),
            finished: self.counters.done.load(Ordering::SeqCst),
        }
    }

    /// Runs `work` on a blocking thread once a solver is free, unless `cancel` turns true
    /// first. Dropping the returned future while it waits leaves the queue; once started,
    /// the work runs to its end holding its permit.
    pub async fn run<T: Send + 'static>(
        &self,
        cancel: &mut watch::Receiver<bool>,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, PoolError> {
        let waiting = self.counters.waiting.load(Ordering::SeqCst);
        if waiting >= self.queue {
            return Err(PoolError::Busy { waiting });
        }
        let permit = {
            let _waiting = Count::up(&self.counters.waiting);
            tokio::select! {
                permit = Arc::clone(&self.permits).acquire_owned() => {
                    permit.map_err(|_| PoolError::Cancelled)?
                }
                _ = cancel.wait_for(|c| *c) => return Err(PoolError::Cancelled),
            }
        };
        let counters = Arc::clone(&self.counters);
        let task = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let _running = Count::up(&counters.running);
            let out = work();
            counters.done.fetch_add(1, Ordering::SeqCst);
            out
        });
        task.await.map_err(|_| PoolError::Panicked)
    }
}

/// Where a job is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum JobStatus {
    Queued,
    Running,
    Done,
    Failed,
    Cancelled,
}

impl JobStatus {
    pub fn finished(self) -> bool {
        matches!(self, JobStatus::Done | JobStatus::Failed | JobStatus::Cancelled)
    }
}

/// A job as `GET /api/v1/jobs/{id}` and its event stream show it.
#[derive(Debug, Clone, Serialize)]
pub struct JobState {
    pub id: String,
    pub scenario: String,
    pub status: JobStatus,
    /// The solve step running (`service`, `cost`, ...), while it runs.
    pub step: Option<String>,
    /// Simplex iterations of the running step.
    pub iterations: u64,
    /// The plan's id, when done.
    pub plan: Option<String>,
    pub error: Option<ApiError>,
}

/// A plan being made.
pub struct Job {
    pub id: String,
    state: watch::Sender<JobState>,
    cancel: watch::Sender<bool>,
    /// Set on cancel: the solver's progress hook stops the running LP.
    stop: Arc<AtomicBool>,
}

impl Job {
    pub fn state(&self) -> JobState {
        self.state.borrow().clone()
    }

    pub fn subscribe(&self) -> watch::Receiver<JobState> {
        self.state.subscribe()
    }

    pub fn cancel_receiver(&self) -> watch::Receiver<bool> {
        self.cancel.subscribe()
    }

    /// The flag that interrupts the job's solver.
    pub fn stop_flag(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.stop)
    }

    /// Asks the job to stop; a finished job stays as it is.
    pub fn cancel(&self) {
        self.stop.store(true, Ordering::Relaxed);
        self.cancel.send_replace(true);
        self.state.send_if_modified(|s| {
            if s.status.finished() {
                false
            } else {
                s.status = JobStatus::Cancelled;
                true
            }
        });
    }

    pub fn update(&self, f: impl FnOnce(&mut JobState)) {
        self.state.send_if_modified(|s| {
            if s.status == JobStatus::Cancelled {
                return false;
            }
            f(s);
            true
        });
    }

    /// Waits until the job has finished; its last state.
    pub async fn finished(&self) -> JobState {
        let mut rx = self.subscribe();
        let state = rx.wait_for(|s| s.status.finished()).await.map(|s| s.clone());
        state.unwrap_or_else(|_| self.state())
    }
}

/// Cancels a job when dropped, unless [`disarm`](CancelOnDrop::disarm)ed: a synchronous
/// plan whose client went away (the server drops the request's future).
pub struct CancelOnDrop(pub Option<Arc<Job>>);

impl CancelOnDrop {
    pub fn disarm(&mut self) {
        self.0 = None;
    }
}

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        if let Some(job) = &self.0 {
            job.cancel();
        }
    }
}

/// The jobs of this server, the most recent [`Jobs::KEPT`] of them.
#[derive(Default)]
pub struct Jobs {
    map: std::sync::Mutex<BTreeMap<u64, Arc<Job>>>,
    next: AtomicU64,
}

impl Jobs {
    /// Finished jobs beyond this many are forgotten, oldest first.
    pub const KEPT: usize = 256;

    pub fn create(&self, scenario: &str) -> Arc<Job> {
        let n = self.next.fetch_add(1, Ordering::SeqCst) + 1;
        let id = format!("job-{n}");
        let state = JobState {
            id: id.clone(),
            scenario: scenario.to_owned(),
            status: JobStatus::Queued,
            step: None,
            iterations: 0,
            plan: None,
            error: None,
        };
        let job = Arc::new(Job {
            id,
            state: watch::Sender::new(state),
            cancel: watch::Sender::new(false),
            stop: Arc::default(),
        });
        let mut map = lock(&self.map);
        map.insert(n, Arc::clone(&job));
        while map.len() > Self::KEPT {
            let oldest = map.iter().find(|(_, j)| j.state().status.finished()).map(|(k, _)| *k);
            match oldest {
                Some(k) => map.remove(&k),
                None => break,
            };
        }
        job
    }

    pub fn get(&self, id: &str) -> Option<Arc<Job>> {
        let n: u64 = id.strip_prefix("job-")?.parse().ok()?;
        lock(&self.map).get(&n).cloned()
    }
}

/// A plan or a comparison kept for download.
#[derive(Debug)]
pub struct Kept {
    pub id: String,
    pub scenario: String,
    pub revision: u64,
    /// The variants and edits it was made with.
    pub variants: Vec<String>,
    pub edits: Vec<String>,
    pub figures: Vec<Figure>,
    /// Whether it misses hard commitments no plan can keep (a best-effort plan).
    pub missed_commitments: bool,
    pub content: Content,
}

/// What a kept plan or comparison holds.
pub enum Content {
    /// A plan's outputs, rendered when first asked for.
    Plan(Box<Outputs>),
    /// A comparison's files.
    Files(Vec<(String, Vec<u8>)>),
}

impl Kept {
    /// The names of its files.
    pub fn names(&self) -> Vec<&str> {
        match &self.content {
            Content::Plan(_) => FILES.to_vec(),
            Content::Files(files) => files.iter().map(|(n, _)| n.as_str()).collect(),
        }
    }

    /// The file `name`, rendering it if needed (a plan's report takes a fraction of a
    /// second: call this off the async threads); `None` for a name it has not.
    pub fn file(&self, name: &str) -> Option<Result<Vec<u8>, String>> {
        match &self.content {
            Content::Plan(outputs) => outputs.file(name),
            Content::Files(files) => files.iter().find(|(n, _)| n == name).map(|(_, b)| Ok(b.clone())),
        }
    }
}

impl std::fmt::Debug for Content {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Content::Plan(_) => "Content::Plan",
            Content::Files(_) => "Content::Files",
        })
    }
}

/// The most recent plans and comparisons.
pub struct Plans {
    kept: std::sync::Mutex<VecDeque<Arc<Kept>>>,
    next: AtomicU64,
    keep: usize,
}

impl Plans {
    pub fn new(keep: usize) -> Plans {
        Plans { kept: std::sync::Mutex::default(), next: AtomicU64::new(0), keep: keep.max(1) }
    }

    /// A new id: `plan-N` or `compare-N`.
    pub fn new_id(&self, kind: &str) -> String {
        format!("{kind}-{}", self.next.fetch_add(1, Ordering::SeqCst) + 1)
    }

    pub fn insert(&self, kept: Kept) -> Arc<Kept> {
        let kept = Arc::new(kept);
        let mut all = lock(&self.kept);
        all.push_back(Arc::clone(&kept));
        while all.len() > self.keep {
            all.pop_front();
        }
        kept
    }

    pub fn get(&self, id: &str) -> Option<Arc<Kept>> {
        lock(&self.kept).iter().find(|k| k.id == id).cloned()
    }
}
