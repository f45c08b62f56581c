//! Impartial allocation: lexicographic max–min of coverage, phase by phase (progressive
//! filling).
//!
//! Phases are taken most severe first. Within a phase every need row with people in need is
//! *free*; each step solves `max level[p]` subject to `V[k] ≥ coverage · pd(k)` for the free
//! rows (`fair[k]`, see [`crate::formulation::fairness`]) and the floors already fixed
//! (`coverage_floor`). At the optimum `z`, a free row whose `fair[k]` has a non-zero dual is
//! *saturated*: complementary slackness holds for every optimal point, so no plan gives it
//! more than `z` while all free rows keep `z`. Those rows are fixed at `z` (their
//! `coverage_floor` raised, their `fair` row switched off) and the next step raises the rest,
//! from at least `z`. Every step fixes at least one row (the duals of `max level` add up to
//! one over the free rows), so a phase takes at most as many steps as it has need rows; in
//! practice far fewer, because rows blocked by one limit are fixed together. A coverage of 1
//! (everyone fed in full) fixes every free row.
//!
//! The result is the lexicographic max–min vector of coverage: no need row's coverage can be
//! raised without lowering that of a row of the same phase with less, or of a more severe
//! phase. All edits are to bounds and costs, so each step is a warm re-solve.

use hinterland_lp::{Basis, Lp, Row, Sense, Solution, SolverError, Status};

use crate::explain;
use crate::formulation::Formulation;
use crate::keys::{ColKey, RowKey};

/// A dual share (a need row's part of one unit of the level) below this is no dual: the row
/// is not saturated.
const SATURATED_SHARE: f64 = 1e-8;

/// Coverage below this is taken as none.
const NO_COVERAGE: f64 = 1e-6;

/// Coverage floors sit this much (relative) below the level reached, so that numerical noise
/// in one step never makes the next one infeasible.
const FLOOR_SLACK: f64 = 1e-7;

/// What the max–min steps found.
#[derive(Clone, Debug)]
pub struct Filled {
    /// Per need row: the coverage it was fixed at (`None` for rows without people in need).
    pub levels: Vec<Option<f64>>,
    /// Per need row: the limits (actionable rows with a non-zero dual) of the step that fixed
    /// it: what stopped its coverage from rising further.
    pub held_by: Vec<Vec<RowKey>>,
    /// The last step's optimum, a warm start for the levels after food (`None` when nobody
    /// is in need).
    pub last: Option<Solution>,
}

/// Runs the max–min steps on `f` (built with impartial rows) from `start` (an optimum of the
/// same LP, e.g. the utilitarian food step's), with `solve(lp, warm start)` making each
/// solve (and its retries: `solve` may loosen the LP's level rows). Leaves every need row's
/// `coverage_floor` at its level and every `fair` row and level column inactive.
/// `Err(solution)` when a step does not end optimal.
pub fn raise<F>(
    f: &mut Formulation,
    start: Option<Basis>,
    mut solve: F,
) -> Result<Result<Filled, Solution>, SolverError>
where
    F: FnMut(&mut Lp<ColKey, RowKey>, Option<Basis>) -> Result<Solution, SolverError>,
{
    let needs = f.index.served.len();
    let mut levels = vec![None; needs];
    let mut held_by = vec![Vec::new(); needs];
    let mut basis = start;
    let mut last = None;
    for phase in f.index.fair.clone() {
        let (lv, scale) = (phase.level.index(), phase.scale);
        let mut free = phase.rows;
        for &(_, _, row, _) in &free {
            f.lp.row_lo[row.index()] = 0.0;
        }
        (f.lp.col_lo[lv], f.lp.col_hi[lv]) = (0.0, scale);
        f.lp.sense = Sense::Maximize;
        f.lp.col_cost.iter_mut().for_each(|c| *c = 0.0);
        f.lp.col_cost[lv] = 1.0;
        while !free.is_empty() {
            let sol: Solution = solve(&mut f.lp, basis.take())?;
            if sol.status != Status::Optimal {
                return Ok(Err(sol));
            }
            let z = sol.x[lv].clamp(0.0, scale);
            // A millionth of the need is no coverage: rounding, not food (the plan would
            // otherwise carry person-days whose food rounds away to nothing).
            let coverage = if z < NO_COVERAGE * scale { 0.0 } else { z / scale };
            let full = coverage >= 1.0 - 1e-9;
            // A row's share of the unit the level's duals add up to.
            let share = |pd: f64, row: Row| sol.row_dual[row.index()].abs() * pd / scale;
            let mut fixed: Vec<_> = free
                .iter()
                .copied()
                .filter(|&(_, pd, row, _)| full || share(pd, row) > SATURATED_SHARE)
                .collect();
            if fixed.is_empty() {
                // Numerically no dual stands out: fix the rows that sit at the level.
                fixed = free
                    .iter()
                    .copied()
                    .filter(|&(_, _, row, _)| sol.row_activity[row.index()] <= 1e-9 * scale)
                    .collect();
                if fixed.is_empty() {
                    fixed.clone_from(&free);
                }
            }
            let limits: Vec<RowKey> = explain::binding_limits(f, &sol.row_dual, &sol.row_activity)
                .into_iter()
                .take(3)
                .map(|l| l.row)
                .collect();
            for &(k, pd, row, floor) in &fixed {
                levels[k.index()] = Some(coverage);
                held_by[k.index()].clone_from(&limits);
                f.lp.row_lo[row.index()] = f64::NEG_INFINITY;
                f.lp.row_lo[floor.index()] = coverage * (1.0 - FLOOR_SLACK) * pd;
            }
            free.retain(|r| !fixed.contains(r));
            basis.clone_from(&sol.basis);
            last = Some(sol);
        }
        // The level column is done with: fixed at 0, as in the last optimum, which stays
        // feasible (the phase's fair rows are all off).
        (f.lp.col_lo[lv], f.lp.col_hi[lv]) = (0.0, 0.0);
        f.lp.col_cost[lv] = 0.0;
        if let Some(last) = &mut last {
            last.x[lv] = 0.0;
        }
    }
    Ok(Ok(Filled { levels, held_by, last }))
}
