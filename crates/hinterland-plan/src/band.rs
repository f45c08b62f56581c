//! Bounded spread: food maximised with every reachable need row of a phase inside one band of
//! coverage `max_gap` wide (the rows and the maths: [`crate::formulation::fairness`]).
//!
//! Two solves after the utilitarian food step: the *reach step* finds which need rows the
//! plan can reach at all (each gets a sliver of its need while all others get theirs), then
//! the *band step* switches the band on for those rows and maximises food again. When the band
//! cannot hold (hard commitments that force one row far above another the plan can barely
//! reach), the band is dropped and the plan says so: the commitments are the scenario's, the
//! band only a preference.

use hinterland_lp::{Basis, Lp, Sense, Solution, SolverError, Status};
use hinterland_model::NeedId;

use crate::formulation::Formulation;
use crate::formulation::fairness::REACH_SHARE;
use crate::formulation::objective::{self, Goal};
use crate::keys::{ColKey, RowKey};
use crate::run::StepGoal;

/// What the bounded spread found.
#[derive(Clone, Debug)]
pub struct Banded {
    /// The need rows (with people in need) that not even a sliver of food can reach, most
    /// severe phase first: outside the band.
    pub unreachable: Vec<NeedId>,
    /// Whether the band holds in the plan (false: dropped, the hard commitments need more
    /// spread than `max_gap`).
    pub held: bool,
    /// The band step's optimum (or, with the band dropped, `None`: the utilitarian food
    /// step's optimum stands).
    pub last: Option<Solution>,
}

/// Runs the reach and band steps on `f` (built with bounded spread) from `start` (an optimum
/// of the same LP, the utilitarian food step's), with `solve(lp, warm start, goal)` making
/// each solve (retries included), `gap` the scenario's `max_gap`. Leaves the band rows of reachable rows on (or all off when
/// the band does not hold) and every reach column fixed at 0. `Err(solution)` when the reach
/// step does not end optimal.
pub fn bound<F>(
    f: &mut Formulation,
    gap: f64,
    start: Option<Basis>,
    mut solve: F,
) -> Result<Result<Banded, Solution>, SolverError>
where
    F: FnMut(&mut Lp<ColKey, RowKey>, Option<Basis>, StepGoal) -> Result<Solution, SolverError>,
{
    // The reach step: every need row counts once, when it gets a sliver of its need.
    f.lp.sense = Sense::Maximize;
    f.lp.col_cost.iter_mut().for_each(|c| *c = 0.0);
    for phase in &f.index.band {
        for r in &phase.rows {
            let sliver = REACH_SHARE * r.pd;
            f.lp.col_hi[r.reach.index()] = sliver;
            f.lp.col_cost[r.reach.index()] = 1.0 / sliver;
        }
    }
    let reach = solve(&mut f.lp, start.clone(), StepGoal::Reach)?;
    if reach.status != Status::Optimal {
        return Ok(Err(reach));
    }
    let mut unreachable = Vec::new();
    let lp = &mut f.lp;
    for phase in &f.index.band {
        let (lv, scale) = (phase.level.index(), phase.scale);
        (lp.col_lo[lv], lp.col_hi[lv]) = (0.0, scale);
        for r in &phase.rows {
            let reached = reach.x[r.reach.index()] >= 0.5 * REACH_SHARE * r.pd;
            (lp.col_hi[r.reach.index()], lp.col_cost[r.reach.index()]) = (0.0, 0.0);
            if reached {
                lp.row_lo[r.bottom.index()] = 0.0;
                lp.row_hi[r.top.index()] = gap * r.pd;
            } else {
                unreachable.push(r.need);
            }
        }
    }
    objective::set(f, Goal::Service);
    // From the food step's optimum: it meets every row but the band's.
    let banded = solve(&mut f.lp, start, StepGoal::Band)?;
    match banded.status {
        Status::Optimal => return Ok(Ok(Banded { unreachable, held: true, last: Some(banded) })),
        Status::Infeasible | Status::InfeasibleOrUnbounded => {}
        _ => return Ok(Err(banded)),
    }
    // The band cannot hold with the hard commitments: off again, the food step's optimum
    // stands.
    for phase in &f.index.band {
        (f.lp.col_lo[phase.level.index()], f.lp.col_hi[phase.level.index()]) = (0.0, 0.0);
        for r in &phase.rows {
            f.lp.row_lo[r.bottom.index()] = f64::NEG_INFINITY;
            f.lp.row_hi[r.top.index()] = f64::INFINITY;
        }
    }
    Ok(Ok(Banded { unreachable, held: false, last: None }))
}
