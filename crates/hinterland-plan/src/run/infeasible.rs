//! Why there is no plan: when the LP is infeasible, its hard commitments (`min_share`) are
//! made elastic and the total relative miss minimised; the commitments that re-solve still
//! misses, and the limits that bind it, are what stands in the way.

use hinterland_lp::{SolveOptions, Solver, Status};
use hinterland_model::Scenario;

use super::{
    MissedCommitment, Outcome, PlanError, PlanOptions, StepGoal, StepReport, check_residuals, timed,
};
use crate::explain;
use crate::formulation::{self, Formulation};
use crate::keys::RowKey;

/// The elastic LP at its optimum: the least total relative miss of the hard commitments.
pub(super) struct Elastic {
    pub f: Formulation,
    /// The least total relative miss.
    pub miss: f64,
    pub basis: Option<hinterland_lp::Basis>,
    pub missed: Vec<MissedCommitment>,
    pub limits: Vec<explain::Limit>,
}

/// Solves the elastic LP (the `elastic` step); `None` when it ends without an optimum.
pub(super) fn elastic<S: Solver>(
    s: &Scenario,
    solver: &S,
    options: &PlanOptions,
    steps: &mut Vec<StepReport>,
) -> Result<Option<Elastic>, PlanError> {
    let f = formulation::build_elastic(s);
    // The elastic LP has more columns than the one a warm-start basis was made for.
    let o = SolveOptions { warm_start: None, ..options.solve.clone() };
    let sol = timed(StepGoal::Elastic, o, steps, |o| solver.solve(&f.lp, o))?;
    if sol.status != Status::Optimal {
        return Ok(None);
    }
    check_residuals(&f, &sol.x)?;
    let (missed, limits) = read_misses(&f, &sol);
    Ok(Some(Elastic { miss: sol.objective, basis: sol.basis, f, missed, limits }))
}

/// The commitments the elastic optimum `sol` misses, and the limits that bind it.
fn read_misses(
    f: &Formulation,
    sol: &hinterland_lp::Solution,
) -> (Vec<MissedCommitment>, Vec<explain::Limit>) {
    let mut missed = Vec::new();
    for &(commitment, gap_col, committed) in &f.index.gaps {
        // The gap is the share of the commitment missed.
        let gap = committed * sol.x[gap_col.index()];
        if gap > 1e-6 * (1.0 + committed) {
            missed.push(MissedCommitment { commitment, committed, reachable: committed - gap });
        }
    }
    let limits = explain::binding_limits(f, &sol.row_dual, &sol.row_activity)
        .into_iter()
        .filter(|l| !matches!(l.row, RowKey::CommitmentFloor { .. }))
        .collect();
    (missed, limits)
}

/// Re-solves with every hard commitment made elastic and the total relative miss minimised
/// (the `elastic` step), and reports which commitments are missed and what limits bind.
/// Both are empty when that re-solve ends without an optimum.
pub(super) fn explain<S: Solver>(
    s: &Scenario,
    solver: &S,
    options: &PlanOptions,
    steps: &mut Vec<StepReport>,
) -> Result<(Vec<MissedCommitment>, Vec<explain::Limit>), PlanError> {
    Ok(elastic(s, solver, options, steps)?.map(|e| (e.missed, e.limits)).unwrap_or_default())
}

/// The outcome of a first step that ended `status` (infeasible, or infeasible or unbounded)
/// with no plan, given what the elastic re-solve says is `missed` and in the way: nothing
/// missed where the solver could not tell infeasible from unbounded means unbounded.
pub(super) fn no_plan(status: Status, missed: Vec<MissedCommitment>, limits: Vec<explain::Limit>) -> Outcome {
    if missed.is_empty() && status == Status::InfeasibleOrUnbounded {
        Outcome::Unbounded
    } else {
        Outcome::Infeasible { missed, limits }
    }
}
