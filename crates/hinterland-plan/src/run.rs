//! The solve driver: lexicographic or weighted objective, statuses, elastic explanation.

use std::time::Instant;

use hinterland_lp::{Basis, BasisStatus, Solution, SolveOptions, Solver, SolverError, Status, residuals};
use hinterland_model::{ObjectiveMethod, Scenario};

use crate::explain;
use crate::formulation::objective::{self, Goal};
use crate::formulation::{self, Formulation};
use crate::keys::{Commitment, RowKey};
use crate::plan::Plan;

/// How to plan.
#[derive(Clone, Debug, Default)]
pub struct PlanOptions {
    pub solve: SolveOptions,
}

/// One solver call.
#[derive(Clone, Debug)]
pub struct StepReport {
    /// `service`, `cost`, `weighted` or `elastic`.
    pub goal: &'static str,
    pub status: Status,
    pub objective: f64,
    pub iterations: u64,
    pub seconds: f64,
    pub solver: String,
}

/// A hard commitment that cannot be kept, and by how much it is missed.
#[derive(Clone, Debug, PartialEq)]
pub struct MissedCommitment {
    pub commitment: Commitment,
    /// Committed amount (person-days or tonnes).
    pub committed: f64,
    /// The most that can be reached while missing the other commitments as little as possible.
    pub reachable: f64,
}

/// What planning produced.
#[derive(Clone, Debug)]
pub enum Outcome {
    /// Proven optimal plan.
    Planned(Box<Plan>),
    /// Hard commitments (`min_share`) cannot all be kept; the elastic re-solve says which.
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

/// LP residual tolerance, relative to `1 + |bound|`.
pub const LP_TOLERANCE: f64 = 1e-6;

fn step<S: Solver>(
    solver: &S,
    f: &Formulation,
    goal: &'static str,
    options: &SolveOptions,
    steps: &mut Vec<StepReport>,
) -> Result<Solution, SolverError> {
    let started = Instant::now();
    let sol = solver.solve(&f.lp, options)?;
    steps.push(StepReport {
        goal,
        status: sol.status,
        objective: sol.objective,
        iterations: sol.iterations,
        seconds: started.elapsed().as_secs_f64(),
        solver: sol.solver.clone(),
    });
    Ok(sol)
}

fn check_residuals(f: &Formulation, x: &[f64]) -> Result<f64, PlanError> {
    let r = residuals(&f.lp, x, LP_TOLERANCE);
    if r.ok() {
        Ok(r.max_relative)
    } else {
        Err(PlanError::Residual { count: r.violations.len(), max: r.max_relative })
    }
}

/// Builds and solves the scenario's LP.
pub fn plan<S: Solver>(s: &Scenario, solver: &S, options: &PlanOptions) -> Result<PlanRun, PlanError> {
    if !s.needs.is_empty() && !s.ration.limits.iter().any(|l| l.bounds.min > 0.0) {
        return Err(PlanError::RationWithoutFloor);
    }
    let started = Instant::now();
    let mut f = formulation::build(s);
    let build_seconds = started.elapsed().as_secs_f64();
    let mut steps = Vec::new();

    match s.objective.method {
        ObjectiveMethod::Weighted => {
            objective::set(
                &mut f,
                Goal::Weighted { value_usd_per_person_day: s.objective.value_usd_per_person_day },
            );
            let sol = step(solver, &f, "weighted", &options.solve, &mut steps)?;
            finish_single(s, solver, options, f, sol, steps, build_seconds)
        }
        ObjectiveMethod::Lexicographic => {
            objective::set(&mut f, Goal::Service);
            let first = step(solver, &f, "service", &options.solve, &mut steps)?;
            if first.status != Status::Optimal {
                return finish_single(s, solver, options, f, first, steps, build_seconds);
            }
            check_residuals(&f, &first.x)?;
            let service_duals = first.row_dual.clone();
            let service_opt = first.objective;
            let floor = service_opt - s.objective.service_tolerance * service_opt.abs();
            objective::add_service_floor(&mut f.lp, &f.service, floor);
            objective::set(&mut f, Goal::Cost);
            let mut opts = options.solve.clone();
            opts.warm_start = first.basis.map(|b| extend_basis(b, f.lp.nrows()));
            let second = step(solver, &f, "cost", &opts, &mut steps)?;
            if second.status != Status::Optimal {
                return Ok(PlanRun {
                    outcome: Outcome::Stopped { status: second.status },
                    steps,
                    formulation: f,
                    max_residual: f64::NAN,
                    build_seconds,
                });
            }
            let max_residual = check_residuals(&f, &second.x)?;
            let mut plan = Plan::decode(s, &f, &second.x);
            plan.shadow_prices =
                explain::shadow_prices(&f, &second, Some(&service_duals), Some(&second.row_dual));
            let floor_row = f.lp.nrows() - 1;
            // d(min cost)/d(floor): the marginal cost of one more weighted person-day.
            plan.marginal_cost_usd_per_weighted_person_day = Some(second.row_dual[floor_row]);
            Ok(PlanRun {
                outcome: Outcome::Planned(Box::new(plan)),
                steps,
                formulation: f,
                max_residual,
                build_seconds,
            })
        }
    }
}

fn extend_basis(mut b: Basis, nrows: usize) -> Basis {
    b.rows.resize(nrows, BasisStatus::Basic);
    b
}

fn finish_single<S: Solver>(
    s: &Scenario,
    solver: &S,
    options: &PlanOptions,
    f: Formulation,
    sol: Solution,
    mut steps: Vec<StepReport>,
    build_seconds: f64,
) -> Result<PlanRun, PlanError> {
    let outcome = match sol.status {
        Status::Optimal => {
            let max_residual = check_residuals(&f, &sol.x)?;
            let mut plan = Plan::decode(s, &f, &sol.x);
            // Weighted: duals are in objective units (USD); convert to service by the value.
            let value = s.objective.value_usd_per_person_day;
            let service: Vec<f64> = sol.row_dual.iter().map(|d| d / value).collect();
            plan.shadow_prices = explain::shadow_prices(&f, &sol, Some(&service), None);
            return Ok(PlanRun {
                outcome: Outcome::Planned(Box::new(plan)),
                steps,
                formulation: f,
                max_residual,
                build_seconds,
            });
        }
        Status::Infeasible | Status::InfeasibleOrUnbounded => {
            let (missed, limits) = explain_infeasible(s, solver, options, &mut steps)?;
            if missed.is_empty() && sol.status == Status::InfeasibleOrUnbounded {
                Outcome::Unbounded
            } else {
                Outcome::Infeasible { missed, limits }
            }
        }
        Status::Unbounded => Outcome::Unbounded,
        Status::Stopped(_) => Outcome::Stopped { status: sol.status },
    };
    Ok(PlanRun { outcome, steps, formulation: f, max_residual: f64::NAN, build_seconds })
}

/// Re-solves with every hard commitment made elastic and the total relative miss minimised,
/// and reports which commitments are missed and what limits bind.
fn explain_infeasible<S: Solver>(
    s: &Scenario,
    solver: &S,
    options: &PlanOptions,
    steps: &mut Vec<StepReport>,
) -> Result<(Vec<MissedCommitment>, Vec<explain::Limit>), PlanError> {
    let f = formulation::build_elastic(s);
    let sol = step(solver, &f, "elastic", &options.solve, steps)?;
    if sol.status != Status::Optimal {
        return Ok((Vec::new(), Vec::new()));
    }
    check_residuals(&f, &sol.x)?;
    let mut missed = Vec::new();
    for &(commitment, gap_col, committed) in &f.index.gaps {
        let gap = sol.x[gap_col.index()];
        if gap > 1e-6 * (1.0 + committed) {
            missed.push(MissedCommitment { commitment, committed, reachable: committed - gap });
        }
    }
    let limits = explain::binding_limits(&f, &sol.row_dual, &sol.row_activity)
        .into_iter()
        .filter(|l| !matches!(l.row, RowKey::CommitmentFloor { .. }))
        .collect();
    Ok((missed, limits))
}
