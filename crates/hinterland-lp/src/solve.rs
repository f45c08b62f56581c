//! The solver interface: options in, outcome out.

use std::fmt;
use std::sync::Arc;

use crate::Lp;

/// Which simplex (or other) algorithm a solver should use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Algorithm {
    /// The solver's own choice.
    #[default]
    Automatic,
    DualSimplex,
    PrimalSimplex,
    Barrier,
}

impl Algorithm {
    pub const ALL: [Algorithm; 4] =
        [Algorithm::Automatic, Algorithm::DualSimplex, Algorithm::PrimalSimplex, Algorithm::Barrier];

    /// The stable name, as `--algorithm` takes it: `auto`, `dual`, `primal` or `barrier`.
    pub fn as_str(self) -> &'static str {
        match self {
            Algorithm::Automatic => "auto",
            Algorithm::DualSimplex => "dual",
            Algorithm::PrimalSimplex => "primal",
            Algorithm::Barrier => "barrier",
        }
    }

    /// The algorithm named `name` (as [`as_str`](Self::as_str) names it).
    pub fn from_name(name: &str) -> Option<Algorithm> {
        Algorithm::ALL.into_iter().find(|a| a.as_str() == name)
    }
}

/// Status of one column or row in a simplex basis.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BasisStatus {
    Basic,
    AtLower,
    AtUpper,
    /// Free and nonbasic (at zero), or superbasic.
    Free,
    Fixed,
}

/// A simplex basis, used to warm-start a related LP.
#[derive(Clone, Debug, PartialEq)]
pub struct Basis {
    pub cols: Vec<BasisStatus>,
    pub rows: Vec<BasisStatus>,
}

/// How to solve.
#[derive(Clone, Debug, Default)]
pub struct SolveOptions {
    pub algorithm: Algorithm,
    /// Wall-clock limit in seconds.
    pub time_limit_s: Option<f64>,
    /// Stop a simplex run after this many iterations, with status
    /// `Stopped(IterationLimit)`. Unlike a time limit it stops at the same point on every
    /// machine. Interior-point runs and branch and bound ignore it.
    pub iteration_limit: Option<u64>,
    /// Start from this basis when the solver can. Its lengths must match the LP; rows
    /// beyond the basis's length are taken as basic.
    pub warm_start: Option<Basis>,
    /// Let the solver print its log to stderr.
    pub verbose: bool,
    /// Told how the solve is going while it runs (large LPs take minutes to hours).
    pub progress: Option<ProgressHook>,
}

/// How a running solve is going, as a [`ProgressHook`] is told.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SolverProgress {
    /// What is being solved, as named by [`ProgressHook::labelled`] (empty if unnamed).
    pub label: &'static str,
    /// Simplex iterations of this solve so far.
    pub iterations: u64,
    /// Whether the current point still violates constraints (the solver is looking for a
    /// feasible point rather than improving one).
    pub infeasible: bool,
    /// What `iterations` counts.
    pub kind: IterationKind,
}

/// The kind of iteration a [`SolverProgress`] counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum IterationKind {
    /// Simplex pivots (primal or dual).
    #[default]
    Simplex,
    /// Interior-point (barrier) iterations.
    InteriorPoint,
}

/// A callback a solver calls while it works. Solvers call it on their first iteration and
/// then at most every [`ProgressHook::INTERVAL`]; it must be quick and must not panic (a
/// panic is caught and ignored). A hook may also carry a stop flag ([`with_stop`]): a solver
/// that supports it (Clp) checks it after every iteration and, once it is set, stops with
/// `Stopped(Interrupted)`.
///
/// [`with_stop`]: ProgressHook::with_stop
#[derive(Clone)]
pub struct ProgressHook {
    label: &'static str,
    report: Arc<dyn Fn(&SolverProgress) + Send + Sync>,
    stop: Option<Arc<std::sync::atomic::AtomicBool>>,
}

impl ProgressHook {
    /// How often a solver calls the hook, at most.
    pub const INTERVAL: std::time::Duration = std::time::Duration::from_millis(250);

    pub fn new(report: impl Fn(&SolverProgress) + Send + Sync + 'static) -> Self {
        ProgressHook { label: "", report: Arc::new(report), stop: None }
    }

    /// The same callback, with `label` in every report.
    #[must_use]
    pub fn labelled(&self, label: &'static str) -> Self {
        ProgressHook { label, report: Arc::clone(&self.report), stop: self.stop.clone() }
    }

    /// The same hook, asking the solver to stop once `stop` is set (a cancelled job).
    #[must_use]
    pub fn with_stop(self, stop: Arc<std::sync::atomic::AtomicBool>) -> Self {
        ProgressHook { stop: Some(stop), ..self }
    }

    /// A hook that reports nothing but keeps this one's stop flag: for a solve running beside
    /// the one whose progress is shown, which must still stop when the run is cancelled.
    #[must_use]
    pub fn silent(&self) -> Self {
        ProgressHook { label: self.label, report: Arc::new(|_| {}), stop: self.stop.clone() }
    }

    /// Whether the solver is asked to stop.
    pub fn stopped(&self) -> bool {
        self.stop.as_ref().is_some_and(|s| s.load(std::sync::atomic::Ordering::Relaxed))
    }

    /// Calls the callback (the report's label is replaced by the hook's).
    pub fn report(&self, progress: &SolverProgress) {
        (self.report)(&SolverProgress { label: self.label, ..*progress });
    }
}

impl fmt::Debug for ProgressHook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProgressHook").field("label", &self.label).finish_non_exhaustive()
    }
}

/// Why a solver stopped before proving an outcome.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StopReason {
    TimeLimit,
    IterationLimit,
    NumericalTrouble,
    Interrupted,
    /// The solver stopped without saying why.
    Unknown,
}

/// What the solver proved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// An optimal solution, proven by the solver.
    Optimal,
    /// No point satisfies the constraints.
    Infeasible,
    /// The objective can improve without limit.
    Unbounded,
    /// The solver proved neither, e.g. infeasible-or-unbounded from presolve.
    InfeasibleOrUnbounded,
    /// Stopped early; any values are not proven optimal.
    Stopped(StopReason),
}

impl StopReason {
    /// A stable name for outputs that programs read: `time_limit`, `iteration_limit`,
    /// `numerical_trouble`, `interrupted` or `unknown`.
    pub fn as_str(self) -> &'static str {
        match self {
            StopReason::TimeLimit => "time_limit",
            StopReason::IterationLimit => "iteration_limit",
            StopReason::NumericalTrouble => "numerical_trouble",
            StopReason::Interrupted => "interrupted",
            StopReason::Unknown => "unknown",
        }
    }
}

impl fmt::Display for StopReason {
    /// In words: `time limit`, `numerical trouble`, ...
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            StopReason::TimeLimit => "time limit",
            StopReason::IterationLimit => "iteration limit",
            StopReason::NumericalTrouble => "numerical trouble",
            StopReason::Interrupted => "interrupted",
            StopReason::Unknown => "reason unknown",
        })
    }
}

impl Status {
    pub fn is_optimal(self) -> bool {
        self == Status::Optimal
    }

    /// A stable name for outputs that programs read (plan.json, `plan --timings`):
    /// `optimal`, `infeasible`, `unbounded`, `infeasible_or_unbounded`, or `stopped_` and
    /// the [`StopReason`]'s name (`stopped_time_limit`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Optimal => "optimal",
            Status::Infeasible => "infeasible",
            Status::Unbounded => "unbounded",
            Status::InfeasibleOrUnbounded => "infeasible_or_unbounded",
            Status::Stopped(StopReason::TimeLimit) => "stopped_time_limit",
            Status::Stopped(StopReason::IterationLimit) => "stopped_iteration_limit",
            Status::Stopped(StopReason::NumericalTrouble) => "stopped_numerical_trouble",
            Status::Stopped(StopReason::Interrupted) => "stopped_interrupted",
            Status::Stopped(StopReason::Unknown) => "stopped_unknown",
        }
    }
}

impl fmt::Display for Status {
    /// In words, for messages: `optimal`, `infeasible or unbounded`, `stopped (time limit)`, ...
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Status::Optimal => f.write_str("optimal"),
            Status::Infeasible => f.write_str("infeasible"),
            Status::Unbounded => f.write_str("unbounded"),
            Status::InfeasibleOrUnbounded => f.write_str("infeasible or unbounded"),
            Status::Stopped(reason) => write!(f, "stopped ({reason})"),
        }
    }
}

/// The solver's answer.
///
/// Sign convention for duals, whatever the sense: `row_dual[i]` is the rate of change of the
/// optimal objective per unit increase of row `i`'s active bound, and `col_reduced[j]` the
/// rate of change per unit increase of column `j`'s active bound. So for a maximisation, a
/// binding `≤` capacity row has `row_dual ≥ 0`.
#[derive(Clone, Debug)]
pub struct Solution {
    pub status: Status,
    /// Objective value in the LP's own sense, offset included. Meaningful when optimal.
    pub objective: f64,
    pub x: Vec<f64>,
    pub row_activity: Vec<f64>,
    pub row_dual: Vec<f64>,
    pub col_reduced: Vec<f64>,
    pub basis: Option<Basis>,
    pub iterations: u64,
    /// Which solver produced this, e.g. `clp 1.17`.
    pub solver: String,
}

/// A failure of the solver itself (not an outcome of the model).
#[derive(Debug, thiserror::Error)]
pub enum SolverError {
    #[error("the LP has {what} that the solver cannot take: {detail}")]
    Unsupported { what: &'static str, detail: String },
    #[error("the solver failed: {0}")]
    Failed(String),
}

/// A solver backend. Implementations must never report [`Status::Optimal`] unless the
/// solver proved optimality.
pub trait Solver {
    /// What [`resolver`](Solver::resolver) gives.
    type Resolver: Resolver;

    fn name(&self) -> &'static str;
    fn solve<C, R>(&self, lp: &Lp<C, R>, options: &SolveOptions) -> Result<Solution, SolverError>;

    /// A [`Resolver`] for a series of related LPs (nothing is loaded until its first solve).
    fn resolver(&self) -> Self::Resolver;
}

/// Solves a series of LPs that differ only in bounds and costs (the confirmation re-solves
/// of shadow prices, say) on one solver model: the LP is loaded once, each later solve hands
/// over only the bounds and costs that changed, and the solver keeps what it can between
/// solves (its scaling, its copy of the matrix, its factorisation). Each solve starts from
/// the previous solve's final basis, or from [`SolveOptions::warm_start`] when that is given.
/// An LP with another shape or matrix is loaded afresh, and then starts cold unless a basis
/// is given. Answers are those of [`Solver::solve`] with the same starting basis, certificate
/// included.
pub trait Resolver {
    fn solve<C, R>(&mut self, lp: &Lp<C, R>, options: &SolveOptions) -> Result<Solution, SolverError>;

    /// Whether the solver keeps its factorisation (and pricing weights) from one solve to
    /// the next, so that a solve without a basis goes on where the last one stopped with
    /// nothing to factorise afresh. Without it every solve factorises its starting basis,
    /// and a given basis nearer the answer is the better start.
    fn keeps_factorisation(&self) -> bool {
        false
    }

    /// Remembers where the last solve stopped — its basis with, on a solver that keeps
    /// them, its factorisation and pricing weights — for [`back`](Resolver::back). False if
    /// the solver cannot (the default) or has nothing to remember.
    fn mark(&mut self) -> bool {
        false
    }

    /// Makes the next solve, if given no basis, start from what [`mark`](Resolver::mark)
    /// remembered instead of where the last solve stopped: a series of changes to one LP can
    /// each start one change away from it rather than two. False if nothing is remembered
    /// (never marked, or lost since: a reload, a restart); the next solve then starts as it
    /// would have.
    fn back(&mut self) -> bool {
        false
    }
}

/// The [`Resolver`] of a solver that loads every LP afresh: [`Solver::solve`] each time, from
/// the previous solve's final basis (when the LP has the previous one's shape).
#[derive(Clone, Debug)]
pub struct Reload<S> {
    solver: S,
    last: Option<Basis>,
}

impl<S: Solver> Reload<S> {
    pub fn new(solver: S) -> Self {
        Reload { solver, last: None }
    }
}

impl<S: Solver> Resolver for Reload<S> {
    fn solve<C, R>(&mut self, lp: &Lp<C, R>, options: &SolveOptions) -> Result<Solution, SolverError> {
        let sol = match (&options.warm_start, self.last.take()) {
            (None, Some(basis)) if basis.cols.len() == lp.ncols() && basis.rows.len() == lp.nrows() => {
                self.solver.solve(lp, &SolveOptions { warm_start: Some(basis), ..options.clone() })
            }
            _ => self.solver.solve(lp, options),
        }?;
        self.last.clone_from(&sol.basis);
        Ok(sol)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

    use super::{Algorithm, IterationKind, ProgressHook, SolverProgress, Status, StopReason};

    /// A silent hook says nothing, and stops when the hook it came from is asked to.
    #[test]
    fn a_silent_hook_keeps_the_stop_flag() {
        let calls = Arc::new(AtomicUsize::new(0));
        let counted = Arc::clone(&calls);
        let stop = Arc::new(AtomicBool::new(false));
        let hook = ProgressHook::new(move |_| {
            counted.fetch_add(1, Ordering::Relaxed);
        })
        .with_stop(Arc::clone(&stop));
        let quiet = hook.silent();
        let progress =
            SolverProgress { label: "", iterations: 1, infeasible: false, kind: IterationKind::Simplex };
        quiet.report(&progress);
        assert_eq!(calls.load(Ordering::Relaxed), 0);
        hook.report(&progress);
        assert_eq!(calls.load(Ordering::Relaxed), 1);
        assert!(!quiet.stopped());
        stop.store(true, Ordering::Relaxed);
        assert!(quiet.stopped());
    }

    #[test]
    fn algorithms_are_found_by_their_names() {
        assert_eq!(Algorithm::ALL.map(Algorithm::as_str), ["auto", "dual", "primal", "barrier"]);
        for a in Algorithm::ALL {
            assert_eq!(Algorithm::from_name(a.as_str()), Some(a));
        }
        assert_eq!(Algorithm::from_name("simplex"), None);
        assert_eq!(Algorithm::from_name("Barrier"), None);
    }

    /// Programs read these names in plan.json and `--timings`: each status has its own, and
    /// they do not follow the Rust spelling of the variants.
    #[test]
    fn statuses_have_distinct_stable_names() {
        let reasons = [
            StopReason::TimeLimit,
            StopReason::IterationLimit,
            StopReason::NumericalTrouble,
            StopReason::Interrupted,
            StopReason::Unknown,
        ];
        let mut all =
            vec![Status::Optimal, Status::Infeasible, Status::Unbounded, Status::InfeasibleOrUnbounded];
        all.extend(reasons.map(Status::Stopped));
        let names: Vec<&str> = all.iter().map(|s| s.as_str()).collect();
        assert_eq!(names[0], "optimal");
        assert_eq!(names[3], "infeasible_or_unbounded");
        assert_eq!(names[4], "stopped_time_limit");
        for (i, name) in names.iter().enumerate() {
            assert!(name.chars().all(|c| c.is_ascii_lowercase() || c == '_'), "{name}");
            assert!(!names[..i].contains(name), "{name} twice");
        }
        assert_eq!(Status::Stopped(StopReason::NumericalTrouble).to_string(), "stopped (numerical trouble)");
        assert_eq!(Status::InfeasibleOrUnbounded.to_string(), "infeasible or unbounded");
    }
}
