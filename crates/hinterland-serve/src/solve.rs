//! Solving on the server: a bounded [`Pool`] (one permit per solver, handed to plans before
//! background work, a bounded queue, each solve on a blocking thread that holds its permit
//! until the LP returns), [`Jobs`] that can be polled, streamed and cancelled, and the [`Plans`] kept for
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
use tokio::sync::watch;

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

/// The solvers: at most `solvers` at once, at most `queue` plans waiting. Work comes in two
/// kinds: a plan someone waits for (`run`), and work in the background (`background`: a
/// plan's shadow-price confirmations, which its report waits for). A free solver goes to
/// the longest-waiting plan first, so new figures never queue behind explanations, and with
/// two solvers or more one is always kept for plans: background work runs on the others.
/// While both wait, every [`Gate::BACKGROUND_EVERY`]-th solver handed out goes to the
/// background, so a busy server still finishes its reports.
pub struct Pool {
    gate: Arc<Gate>,
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

/// The solvers' permits, handed out by priority.
struct Gate {
    state: std::sync::Mutex<GateState>,
}

struct GateState {
    free: usize,
    /// Permits held by background work, and how many it may hold.
    background_held: usize,
    background_most: usize,
    plans: VecDeque<tokio::sync::oneshot::Sender<Permit>>,
    background: VecDeque<tokio::sync::oneshot::Sender<Permit>>,
    /// Permits handed to plans in a row while background work waited.
    plans_in_a_row: usize,
}

impl GateState {
    /// The next waiter to hand a freed permit to, and whether it is background work
    /// (counted as holding one already); `None` when nobody may have it.
    fn next(&mut self) -> Option<(tokio::sync::oneshot::Sender<Permit>, Priority)> {
        let background_may = !self.background.is_empty() && self.background_held < self.background_most;
        let turn =
            background_may && (self.plans.is_empty() || self.plans_in_a_row + 1 >= Gate::BACKGROUND_EVERY);
        if turn {
            self.plans_in_a_row = 0;
            self.background_held += 1;
            return self.background.pop_front().map(|tx| (tx, Priority::Background));
        }
        let plan = self.plans.pop_front()?;
        if background_may {
            self.plans_in_a_row += 1;
        }
        Some((plan, Priority::Plan))
    }
}

/// One solver, held until dropped; then it goes to the next in line.
struct Permit {
    gate: Option<Arc<Gate>>,
    priority: Priority,
}

impl Drop for Permit {
    fn drop(&mut self) {
        if let Some(gate) = self.gate.take() {
            Gate::release(&gate, self.priority);
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Priority {
    Plan,
    Background,
}

impl Gate {
    /// While background work waits, every this many permits one goes to it.
    const BACKGROUND_EVERY: usize = 4;

    fn new(solvers: usize) -> Arc<Gate> {
        Arc::new(Gate {
            state: std::sync::Mutex::new(GateState {
                free: solvers,
                background_held: 0,
                background_most: solvers.saturating_sub(1).max(1),
                plans: VecDeque::new(),
                background: VecDeque::new(),
                plans_in_a_row: 0,
            }),
        })
    }

    /// A permit, once one is free for `priority`. Dropping the future while it waits leaves
    /// the line; a permit handed to a waiter that has just left goes on to the next. `None`
    /// only if the gate went away with the waiter still in line.
    async fn acquire(gate: &Arc<Gate>, priority: Priority) -> Option<Permit> {
        let rx = {
            let mut st = lock(&gate.state);
            let now = match priority {
                Priority::Plan => st.free > 0,
                Priority::Background => {
                    st.free > 0 && st.plans.is_empty() && st.background_held < st.background_most
                }
            };
            if now {
                st.free -= 1;
                if priority == Priority::Background {
                    st.background_held += 1;
                }
                return Some(Permit { gate: Some(Arc::clone(gate)), priority });
            }
            let (tx, rx) = tokio::sync::oneshot::channel();
            match priority {
                Priority::Plan => st.plans.push_back(tx),
                Priority::Background => st.background.push_back(tx),
            }
            rx
        };
        rx.await.ok()
    }

    /// Gives back a permit held at `priority`: hands it to the next waiter that may have it
    /// (see [`GateState::next`]), or frees it.
    fn release(gate: &Arc<Gate>, priority: Priority) {
        let mut returned = Some(priority);
        loop {
            let (tx, to) = {
                let mut st = lock(&gate.state);
                if returned.take() == Some(Priority::Background) {
                    st.background_held -= 1;
                }
                let Some(next) = st.next() else {
                    st.free += 1;
                    return;
                };
                next
            };
            match tx.send(Permit { gate: Some(Arc::clone(gate)), priority: to }) {
                Ok(()) => return,
                // That waiter left the line: the permit is still ours (defused, or its drop
                // would release it a second time), and so is the background's count of it;
                // on to the next.
                Err(mut permit) => {
                    permit.gate = None;
                    returned = Some(to);
                }
            }
        }
    }
}

impl Pool {
    pub fn new(solvers: usize, queue: usize) -> Pool {
        Pool { gate: Gate::new(solvers), counters: Arc::default(), solvers, queue }
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
                permit = Gate::acquire(&self.gate, Priority::Plan) => permit.ok_or(PoolError::Cancelled)?,
                _ = cancel.wait_for(|c| *c) => return Err(PoolError::Cancelled),
            }
        };
        self.spawn(permit, work).await
    }

    /// Runs `work` on a blocking thread once a solver is free and no plan is waiting for one
    /// (but see [`Pool`] for the background's turn). Not counted as waiting: it is no
    /// request.
    pub async fn background<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, PoolError> {
        let permit = Gate::acquire(&self.gate, Priority::Background).await.ok_or(PoolError::Cancelled)?;
        self.spawn(permit, work).await
    }

    async fn spawn<T: Send + 'static>(
        &self,
        permit: Permit,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, PoolError> {
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

    /// Runs a plan's confirmations left for later (blocking; see [`Outputs::confirm`]).
    pub fn confirm(&self) {
        if let Content::Plan(outputs) = &self.content {
            outputs.confirm();
        }
    }

    /// Lets a plan's files be made without its confirmations.
    pub fn give_up_confirming(&self) {
        if let Content::Plan(outputs) = &self.content {
            outputs.give_up_confirming();
        }
    }

    /// Waits until its files can be made (a plan's confirmations have run).
    pub async fn ready(&self) {
        if let Content::Plan(outputs) = &self.content {
            outputs.ready().await;
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

#[cfg(test)]
mod tests {
    use std::sync::Mutex;
    use std::time::Duration;

    use super::*;

    /// Takes `gate`'s permits in the order `wants` asks for them (each entry queued while one
    /// permit is held by the test) and records who got one, in order.
    async fn order(wants: &[(&'static str, Priority)], leaves: Option<&'static str>) -> Vec<&'static str> {
        let gate = Gate::new(1);
        let held = Gate::acquire(&gate, Priority::Plan).await.expect("a free permit");
        let got = Arc::new(Mutex::new(Vec::new()));
        let mut waiting = Vec::new();
        for &(name, priority) in wants {
            let (gate, got) = (Arc::clone(&gate), Arc::clone(&got));
            waiting.push((
                name,
                tokio::spawn(async move {
                    let permit = Gate::acquire(&gate, priority).await.expect("a permit");
                    got.lock().expect("not poisoned").push(name);
                    drop(permit);
                }),
            ));
            // Queued in this order.
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        for (name, task) in &waiting {
            if Some(*name) == leaves {
                task.abort();
            }
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
        drop(held);
        for (_, task) in waiting {
            let _ = task.await;
        }
        // Every permit came back.
        assert_eq!(lock(&gate.state).free, 1);
        got.lock().expect("not poisoned").clone()
    }

    #[tokio::test]
    async fn plans_go_first_and_the_background_gets_every_fourth_turn() {
        use Priority::{Background as B, Plan as P};
        let wants = [("b1", B), ("p1", P), ("p2", P), ("b2", B), ("p3", P), ("p4", P), ("p5", P), ("p6", P)];
        // Plans first; after three plans handed out while the background waited, its turn.
        assert_eq!(order(&wants, None).await, ["p1", "p2", "p3", "b1", "p4", "p5", "p6", "b2"]);
        assert_eq!(order(&[("b1", B), ("b2", B)], None).await, ["b1", "b2"]);
    }

    /// A waiter that gives up (a client that went away) leaves the line, and the permit it
    /// would have had goes on: nobody waits forever, no permit is lost.
    #[tokio::test]
    async fn a_waiter_that_leaves_passes_its_turn_on() {
        use Priority::{Background as B, Plan as P};
        assert_eq!(order(&[("p1", P), ("p2", P), ("b1", B)], Some("p1")).await, ["p2", "b1"]);
    }

    /// With two solvers, background work holds at most one: a plan that comes finds the
    /// other free, and the second background task waits for the first.
    #[tokio::test]
    async fn one_solver_is_kept_for_plans() {
        let gate = Gate::new(2);
        let first = Gate::acquire(&gate, Priority::Background).await.expect("a permit");
        let mut second = Box::pin(Gate::acquire(&gate, Priority::Background));
        let short = Duration::from_millis(20);
        assert!(
            tokio::time::timeout(short, &mut second).await.is_err(),
            "background holds one solver at most"
        );
        let plan = Gate::acquire(&gate, Priority::Plan).await.expect("the kept solver");
        drop(plan);
        assert!(tokio::time::timeout(short, &mut second).await.is_err());
        drop(first);
        let second = second.await.expect("the first's permit");
        let counts = || {
            let st = lock(&gate.state);
            (st.free, st.background_held)
        };
        assert_eq!(counts(), (1, 1));
        drop(second);
        assert_eq!(counts(), (2, 0));
    }

    /// Never more solves at once than solvers.
    #[tokio::test]
    async fn the_pool_never_runs_more_than_its_solvers() {
        let pool = Arc::new(Pool::new(2, 64));
        let (now, most) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let mut tasks = Vec::new();
        for i in 0..12 {
            let (pool, now, most) = (Arc::clone(&pool), Arc::clone(&now), Arc::clone(&most));
            tasks.push(tokio::spawn(async move {
                let work = move || {
                    let n = now.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(n, Ordering::SeqCst);
                    std::thread::sleep(Duration::from_millis(3));
                    now.fetch_sub(1, Ordering::SeqCst);
                };
                if i % 3 == 0 {
                    pool.background(work).await
                } else {
                    let (_tx, mut rx) = watch::channel(false);
                    pool.run(&mut rx, work).await
                }
            }));
        }
        for t in tasks {
            t.await.expect("no panic").expect("ran");
        }
        assert_eq!(most.load(Ordering::SeqCst), 2);
        assert_eq!(pool.status().finished, 12);
    }
}
