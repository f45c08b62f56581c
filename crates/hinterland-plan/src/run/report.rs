//! What a planning run takes and tells: its options ([`PlanOptions`]), each solver step
//! ([`StepReport`], the re-solves of the confirmations in [`ResolveReport`]), the
//! [`Outcome`], the whole [`PlanRun`], and the failures that are not outcomes ([`PlanError`]).
//!
//! The steps' goals, the confirmation series and where a re-solve started are enums; their
//! `as_str` names are the stable strings of plan.json and `plan --timings`.

use std::sync::Arc;

use hinterland_lp::{SolveOptions, SolverError, Status};

use super::bases::StepBases;

use crate::explain;
use crate::formulation::Formulation;
pub use crate::plan::MissedCommitment;
use crate::plan::Plan;

/// How to plan.
#[derive(Clone, Debug)]
pub struct PlanOptions {
    pub solve: SolveOptions,
    /// How many of the largest shadow prices to confirm by re-solving with the limit raised
    /// (warm-started; 0 = report duals as they are). Duals of degenerate LPs can promise
    /// gains that do not exist; confirmation measures them.
    pub confirm_limits: usize,
    /// Threads planning may use: with 2 or more, the two series of confirmation re-solves
    /// (service gained, cost saved) run side by side, each on its own solver model, the
    /// service series on its own copy of the LP. Answers are the same with any count; more
    /// than one costs that memory (at a million columns about a gigabyte with HiGHS).
    pub threads: usize,
    /// Start each step from the same step of an earlier plan (its [`PlanRun::bases`]),
    /// typically of the scenario before an edit: see [`super::bases`]. The levels are the
    /// same as from a cold start; among plans equally good at every level the choice can
    /// differ.
    pub warm_from: Option<Arc<StepBases>>,
    /// Keep each step's optimal basis in [`PlanRun::bases`], to warm-start later plans.
    pub keep_bases: bool,
    /// Leave the shadow-price confirmations (and the `marginal` step) for
    /// [`PlanRun::confirm`]: the plan, its levels and its figures are final when `plan`
    /// returns; only the measured shadow prices (and the marginal cost) come later. For a
    /// caller that shows the figures first, as `hinterland serve` does.
    pub defer_confirmations: bool,
}

impl PlanOptions {
    pub const DEFAULT_CONFIRM_LIMITS: usize = 12;
}

impl Default for PlanOptions {
    fn default() -> Self {
        PlanOptions {
            solve: SolveOptions::default(),
            confirm_limits: Self::DEFAULT_CONFIRM_LIMITS,
            threads: 1,
            warm_from: None,
            keep_bases: false,
            defer_confirmations: false,
        }
    }
}

/// What a step of a planning run is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StepGoal {
    /// Lexicographic step 1: the most phase-weighted service.
    Service,
    /// Lexicographic step 2: the least cost that keeps step 1's service.
    Cost,
    /// Impartial allocation: one max–min step, raising the lowest coverage of a phase.
    Fair,
    /// Bounded spread: which need rows the plan can reach at all.
    Reach,
    /// Bounded spread: the most food with every reachable need row of a phase in one band.
    Band,
    /// The most weighted non-food tonnes, before or after food.
    Nonfood,
    /// The one solve of the weighted objective.
    Weighted,
    /// The re-solve with the hard commitments made elastic, to explain an infeasible LP.
    Elastic,
    /// Around the plan: the cost of the last weighted person-days, measured by a re-solve.
    Marginal,
    /// Around the plan: the shadow-price confirmations, every re-solve together.
    Confirm,
}

impl StepGoal {
    /// The stable name of plan.json's and `--timings`' `goal`, also the progress label.
    pub fn as_str(self) -> &'static str {
        match self {
            StepGoal::Service => "service",
            StepGoal::Cost => "cost",
            StepGoal::Fair => "fair",
            StepGoal::Reach => "reach",
            StepGoal::Band => "band",
            StepGoal::Nonfood => "nonfood",
            StepGoal::Weighted => "weighted",
            StepGoal::Elastic => "elastic",
            StepGoal::Marginal => "marginal",
            StepGoal::Confirm => "confirm",
        }
    }

    /// Whether a step with this goal solves for the plan (`service`, `cost`, `weighted`,
    /// `elastic`) rather than measuring around it (`marginal`, `confirm`).
    pub fn solves_the_plan(self) -> bool {
        !matches!(self, StepGoal::Marginal | StepGoal::Confirm)
    }
}

/// One step of a planning run: one solver call, or for [`StepGoal::Confirm`] all the
/// re-solves of the shadow-price confirmations.
#[derive(Clone, Debug)]
pub struct StepReport {
    pub goal: StepGoal,
    /// What the solver proved; `None` for `confirm`, which is no one solver call: each of
    /// its re-solves has its own status (in [`resolves`](Self::resolves)), and each limit's
    /// measurement is in its shadow price.
    pub status: Option<Status>,
    /// The solver's objective; for `confirm` the number of limits it re-solved for.
    pub objective: f64,
    /// Simplex iterations; for `confirm` the sum over its re-solves.
    pub iterations: u64,
    pub seconds: f64,
    /// Which solver, e.g. `clp 1.17`; empty for `confirm`.
    pub solver: String,
    /// For `confirm`: each re-solve, in the order of each series (service first).
    pub resolves: Vec<ResolveReport>,
}

impl StepReport {
    /// Whether this step solved for the plan rather than measured around it.
    pub fn solves_the_plan(&self) -> bool {
        self.goal.solves_the_plan()
    }
}

/// A series of confirmation re-solves: one objective measured for each raised limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Series {
    /// Lexicographic: the weighted service gained by a raise (on step 1's LP).
    Service,
    /// Lexicographic: the cost a raise saves (on step 2's LP).
    Cost,
    /// Weighted objective: service gained and cost saved, from one re-solve.
    Weighted,
}

impl Series {
    /// The stable name of `--timings`' `series`.
    pub fn as_str(self) -> &'static str {
        match self {
            Series::Service => "service",
            Series::Cost => "cost",
            Series::Weighted => "weighted",
        }
    }
}

/// Where a confirmation re-solve started (see the confirmations' `Remeasure`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Start {
    /// Back to the base optimum the resolver marked, factorised.
    Mark,
    /// Where the previous re-solve stopped (optimal, on a resolver that keeps its
    /// factorisation).
    Last,
    /// Where the previous re-solve stopped, with an iteration limit, before going back to
    /// the mark.
    Probe,
    /// From the base optimum's basis, factorised afresh.
    Base,
}

impl Start {
    /// The stable name of `--timings`' `start`: `mark`, `last`, `probe` or `basis`.
    pub fn as_str(self) -> &'static str {
        match self {
            Start::Mark => "mark",
            Start::Last => "last",
            Start::Probe => "probe",
            Start::Base => "basis",
        }
    }
}

/// One re-solve of the shadow-price confirmations, for `--timings`: where the time goes
/// in the `confirm` step (at a million columns one raise can take most of it).
#[derive(Clone, Debug)]
pub struct ResolveReport {
    pub series: Series,
    /// The LP row whose limit was raised; `None` for the series' solve of its base LP
    /// (no limit raised), which it makes to mark the base optimum.
    pub row: Option<usize>,
    pub start: Start,
    pub status: Status,
    pub iterations: u64,
    pub seconds: f64,
}

/// What planning produced.
#[derive(Clone, Debug)]
pub enum Outcome {
    /// Proven optimal plan: the best plan there is, or, when hard commitments cannot all be
    /// kept, the best plan that misses them as little as possible (`Plan::missed`).
    Planned(Box<Plan>),
    /// Hard commitments (`min_share`) cannot all be kept and no best-effort plan was found
    /// (its re-solve ended without an optimum); the elastic re-solve says which.
    Infeasible { missed: Vec<MissedCommitment>, limits: Vec<explain::Limit> },
    /// The solver proved the LP unbounded: a scenario error (e.g. a free profit loop).
    Unbounded,
    /// The solver stopped without proof.
    Stopped { status: Status },
}

/// A planning run: the outcome, each solver step, and the LP that was solved.
#[derive(Debug)]
pub struct PlanRun {
    pub outcome: Outcome,
    pub steps: Vec<StepReport>,
    pub formulation: Formulation,
    /// Largest LP residual of the final point relative to `1 + |bound|`.
    pub max_residual: f64,
    pub build_seconds: f64,
    /// Each step's optimal basis, when [`PlanOptions::keep_bases`] asked for them.
    pub bases: Option<StepBases>,
    /// The confirmations [`PlanOptions::defer_confirmations`] left for [`PlanRun::confirm`].
    pub(crate) pending: Option<super::Pending>,
}

#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    #[error(transparent)]
    Solver(#[from] SolverError),
    #[error(
        "the solver reported an optimal point that violates {count} LP constraints (largest relative violation {max:e})"
    )]
    Residual { count: usize, max: f64 },
    #[error(
        "the ration sets no positive floor: people could be `served` without food; add a nutrient floor to ration.csv"
    )]
    RationWithoutFloor,
}

#[cfg(test)]
mod tests {
    use super::{Series, Start, StepGoal};

    /// plan.json and `--timings` carry these names: changing one breaks their readers.
    #[test]
    fn names_are_the_documented_strings() {
        let goals = [
            StepGoal::Service,
            StepGoal::Cost,
            StepGoal::Weighted,
            StepGoal::Elastic,
            StepGoal::Marginal,
            StepGoal::Confirm,
        ];
        let names = goals.map(StepGoal::as_str);
        assert_eq!(names, ["service", "cost", "weighted", "elastic", "marginal", "confirm"]);
        let solving: Vec<&str> = goals.iter().filter(|g| g.solves_the_plan()).map(|g| g.as_str()).collect();
        assert_eq!(solving, ["service", "cost", "weighted", "elastic"]);
        assert_eq!(
            [Series::Service, Series::Cost, Series::Weighted].map(Series::as_str),
            ["service", "cost", "weighted"]
        );
        assert_eq!(
            [Start::Mark, Start::Last, Start::Probe, Start::Base].map(Start::as_str),
            ["mark", "last", "probe", "basis"]
        );
    }
}
