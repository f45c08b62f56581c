//! Warm starts across plans: the optimal basis of every step of one plan
//! ([`StepBases`], kept when [`PlanOptions::keep_bases`](super::PlanOptions::keep_bases)
//! asks), handed to the plan of an edited copy of the scenario
//! ([`PlanOptions::warm_from`](super::PlanOptions::warm_from)) so that each of its steps
//! starts where the same step of the earlier plan ended.
//!
//! A basis is carried over by the LP's keys, not by position: a column or row the earlier LP
//! also had takes its status there; a new column starts at its bound (at zero, its lower
//! bound for every column of these LPs), a new row basic (its slack free to move). The
//! `n`-th step of a goal starts from the earlier plan's `n`-th step of that goal; a step the
//! earlier plan did not make starts as without this. An edit that changes bounds (a capacity,
//! a budget, a closure) leaves each earlier optimum dual feasible, so the service and cost
//! steps go back to optimality by dual simplex, usually in tens of iterations where a cold
//! start takes thousands; the max–min and non-food steps keep primal simplex, which was
//! faster from these starts on the Mali scenario (halving a road's capacity: non-food 229
//! iterations by primal against 1,275 by dual; docs/performance.md, "`hinterland serve`").
//!
//! A best-effort plan (hard commitments that cannot all be kept) is planned cold after its
//! first step: its levels sit on kept misses, where the max–min levels moved by up to 1e-4
//! with the start on the Mali scenario.
//!
//! Any basis is a valid start: a poor one costs iterations, never an answer (a warm step
//! that does not end in a trustworthy optimum is solved again cold, as every later step is).
//! Where several plans are equally good at every level, a warm-started plan may end at
//! another of them than a cold one: its levels are the same, its choice among equals can
//! differ. The plan is still a function of its inputs: the same scenario warm-started from
//! the same bases gives the same plan.

use std::collections::HashMap;
use std::sync::Arc;

use hinterland_lp::{Algorithm, Basis, BasisStatus, Lp, Solution, SolveOptions, Status};

use super::StepGoal;
use crate::keys::{ColKey, RowKey};

/// The optimal basis of each step of a plan, with the keys of the LPs they belong to.
#[derive(Clone, Debug, Default)]
pub struct StepBases {
    /// The column and row keys of each LP the steps were solved on (a best-effort plan
    /// solves its first step on another LP than the rest). Rows are only ever appended to
    /// an LP between steps, so a step's basis covers a prefix of its LP's rows here.
    lps: Vec<(Vec<ColKey>, Vec<RowKey>)>,
    /// Each step in order: its goal, its LP (an index into `lps`) and its optimal basis.
    steps: Vec<(StepGoal, usize, Basis)>,
}

impl StepBases {
    /// How many steps kept a basis.
    pub fn len(&self) -> usize {
        self.steps.len()
    }

    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// The goals of the steps, in order.
    pub fn goals(&self) -> impl Iterator<Item = StepGoal> + '_ {
        self.steps.iter().map(|s| s.0)
    }

    /// The `n`-th step of `goal` (from 0), if there was one.
    fn step(&self, goal: StepGoal, n: usize) -> Option<&(StepGoal, usize, Basis)> {
        self.steps.iter().filter(|s| s.0 == goal).nth(n)
    }

    fn keep(&mut self, goal: StepGoal, lp: &Lp<ColKey, RowKey>, basis: Basis) {
        let same = self.lps.last().is_some_and(|(cols, _)| *cols == lp.col_keys);
        if !same {
            self.lps.push((lp.col_keys.clone(), lp.row_keys.clone()));
        } else if let Some((_, rows)) = self.lps.last_mut()
            && rows.len() < lp.row_keys.len()
        {
            rows.clone_from(&lp.row_keys);
        }
        self.steps.push((goal, self.lps.len() - 1, basis));
    }
}

/// Where each column and row key of an LP is.
type Positions = (HashMap<ColKey, usize>, HashMap<RowKey, usize>);

/// A run's warm starts: where they come from, which were handed out, and the bases kept.
#[derive(Default)]
pub(super) struct Warm {
    from: Option<Arc<StepBases>>,
    /// Per LP of `from`, its keys' positions (built when first needed).
    positions: HashMap<usize, Positions>,
    /// Per goal, how many of its steps have asked for a start.
    asked: HashMap<StepGoal, usize>,
    kept: Option<StepBases>,
}

impl Warm {
    pub(super) fn new(from: Option<Arc<StepBases>>, keep: bool) -> Warm {
        Warm { from, kept: keep.then(StepBases::default), ..Warm::default() }
    }

    /// No more starts from the earlier plan in this run.
    pub(super) fn stop(&mut self) {
        self.from = None;
    }

    /// `options` for this run's next step of `goal` on `lp` started from the earlier plan's
    /// same step (see [`Warm::start`]), with the algorithm for such a start where the caller
    /// (`requested`) left the choice; `None` without such a step.
    pub(super) fn options(
        &mut self,
        goal: StepGoal,
        lp: &Lp<ColKey, RowKey>,
        options: &SolveOptions,
        requested: Algorithm,
    ) -> Option<SolveOptions> {
        let basis = self.start(goal, lp)?;
        let algorithm = algorithm(goal, requested, options.algorithm);
        Some(SolveOptions { algorithm, warm_start: Some(basis), ..options.clone() })
    }

    /// The start for this run's next step of `goal` on `lp`: the earlier plan's basis of the
    /// same step, carried over by keys; `None` without one.
    fn start(&mut self, goal: StepGoal, lp: &Lp<ColKey, RowKey>) -> Option<Basis> {
        let from = self.from.as_ref()?;
        let n = self.asked.entry(goal).or_insert(0);
        let (_, which, basis) = from.step(goal, *n)?;
        *n += 1;
        let (cols, rows) = self.positions.entry(*which).or_insert_with(|| {
            let (c, r) = &from.lps[*which];
            // The first of equal keys wins (keys are unique in the formulation's LPs).
            let mut cols = HashMap::with_capacity(c.len());
            for (i, k) in c.iter().enumerate() {
                cols.entry(*k).or_insert(i);
            }
            let mut rows = HashMap::with_capacity(r.len());
            for (i, k) in r.iter().enumerate() {
                rows.entry(*k).or_insert(i);
            }
            (cols, rows)
        });
        let col = |j: usize, k: &ColKey| {
            cols.get(k).and_then(|&i| basis.cols.get(i).copied()).unwrap_or_else(|| at_bound(lp, j))
        };
        let row =
            |k: &RowKey| rows.get(k).and_then(|&i| basis.rows.get(i).copied()).unwrap_or(BasisStatus::Basic);
        Some(Basis {
            cols: lp.col_keys.iter().enumerate().map(|(j, k)| col(j, k)).collect(),
            rows: lp.row_keys.iter().map(row).collect(),
        })
    }

    /// Records the basis of `sol`, a step of `goal` solved on `lp`, if bases are kept and it
    /// is optimal.
    pub(super) fn keep(&mut self, goal: StepGoal, lp: &Lp<ColKey, RowKey>, sol: &Solution) {
        if let (Some(kept), Status::Optimal, Some(basis)) = (&mut self.kept, sol.status, &sol.basis) {
            kept.keep(goal, lp, basis.clone());
        }
    }

    pub(super) fn into_kept(self) -> Option<StepBases> {
        self.kept
    }
}

/// A new column's status: at a finite bound (the lower one first), else free.
fn at_bound(lp: &Lp<ColKey, RowKey>, j: usize) -> BasisStatus {
    if lp.col_lo[j].is_finite() {
        BasisStatus::AtLower
    } else if lp.col_hi[j].is_finite() {
        BasisStatus::AtUpper
    } else {
        BasisStatus::Free
    }
}

/// The algorithm of a step started from an earlier plan's basis, where the caller left the
/// choice: dual simplex for the service and cost steps (the earlier optimum is still dual
/// feasible after an edit of bounds), the plan's own choice (`planned`) for the others.
fn algorithm(goal: StepGoal, requested: Algorithm, planned: Algorithm) -> Algorithm {
    match (requested, goal) {
        (Algorithm::Automatic, StepGoal::Service | StepGoal::Cost | StepGoal::Weighted) => {
            Algorithm::DualSimplex
        }
        (Algorithm::Barrier, _) => Algorithm::PrimalSimplex,
        _ => planned,
    }
}

#[cfg(test)]
mod tests {
    use hinterland_lp::{LpBuilder, Sense};
    use hinterland_model::FundId;

    use super::*;

    fn pay(i: u32) -> ColKey {
        ColKey::PayLogistics { fund: FundId(i) }
    }

    fn lp(cols: &[(ColKey, f64, f64)], rows: &[RowKey]) -> Lp<ColKey, RowKey> {
        let mut b = LpBuilder::new(Sense::Minimize);
        for &(k, lo, hi) in cols {
            b.add_col(k, 0.0, lo, hi);
        }
        for &k in rows {
            b.add_row(k, 0.0, 1.0);
        }
        b.build()
    }

    /// A basis goes over by keys: statuses follow their column or row wherever it moved;
    /// a new column starts at a finite bound (lower first, else upper, else free) and a new
    /// row basic; the `n`-th step of a goal starts from the earlier `n`-th one.
    #[test]
    fn a_basis_goes_over_by_keys() {
        use BasisStatus::*;
        let floor = RowKey::ServiceFloor;
        let budget = RowKey::Budget { fund: FundId(0) };
        let before = lp(&[(pay(0), 0.0, 1.0), (pay(1), 0.0, 1.0), (pay(2), 0.0, 1.0)], &[budget]);
        let mut kept = StepBases::default();
        kept.keep(
            StepGoal::Service,
            &before,
            Basis { cols: vec![Basic, AtUpper, AtLower], rows: vec![AtLower] },
        );
        kept.keep(
            StepGoal::Fair,
            &before,
            Basis { cols: vec![AtLower, Basic, AtUpper], rows: vec![AtUpper] },
        );
        kept.keep(StepGoal::Fair, &before, Basis { cols: vec![AtUpper, AtLower, Basic], rows: vec![Basic] });
        assert_eq!(kept.goals().collect::<Vec<_>>(), [StepGoal::Service, StepGoal::Fair, StepGoal::Fair]);
        // Columns reordered, one gone, three new with different finite bounds; a row added.
        let inf = f64::INFINITY;
        let after = lp(
            &[
                (pay(2), 0.0, 1.0),
                (pay(0), 0.0, 1.0),
                (pay(7), 0.0, inf),
                (pay(8), -inf, 3.0),
                (pay(9), -inf, inf),
            ],
            &[floor, budget],
        );
        let mut warm = Warm::new(Some(Arc::new(kept)), false);
        let start = |w: &mut Warm, goal| w.start(goal, &after).expect("a start");
        let b = start(&mut warm, StepGoal::Service);
        assert_eq!(b.cols, [AtLower, Basic, AtLower, AtUpper, Free]);
        assert_eq!(b.rows, [Basic, AtLower]);
        assert_eq!(start(&mut warm, StepGoal::Fair).cols[..2], [AtUpper, AtLower]);
        let second = start(&mut warm, StepGoal::Fair);
        assert_eq!((&second.cols[..2], &second.rows[..]), (&[Basic, AtUpper][..], &[Basic, Basic][..]));
        // No third fair step, no cost step before: no start.
        assert!(warm.start(StepGoal::Fair, &after).is_none());
        assert!(warm.start(StepGoal::Cost, &after).is_none());
    }

    /// Rows appended between steps of one LP (the floors) extend its keys; another LP's
    /// steps get their own keys.
    #[test]
    fn steps_on_a_grown_lp_share_its_keys_and_another_lp_gets_its_own() {
        use BasisStatus::*;
        let budget = RowKey::Budget { fund: FundId(0) };
        let small = lp(&[(pay(0), 0.0, 1.0)], &[budget]);
        let grown = lp(&[(pay(0), 0.0, 1.0)], &[budget, RowKey::ServiceFloor]);
        let other = lp(&[(pay(5), 0.0, 1.0)], &[budget]);
        let mut kept = StepBases::default();
        kept.keep(StepGoal::Service, &small, Basis { cols: vec![Basic], rows: vec![AtLower] });
        kept.keep(StepGoal::Cost, &grown, Basis { cols: vec![Basic], rows: vec![AtLower, Basic] });
        kept.keep(StepGoal::Elastic, &other, Basis { cols: vec![Basic], rows: vec![AtLower] });
        assert_eq!(kept.lps.len(), 2);
        assert_eq!(kept.lps[0].1, [budget, RowKey::ServiceFloor]);
        assert_eq!(kept.steps.iter().map(|s| s.1).collect::<Vec<_>>(), [0, 0, 1]);
    }

    #[test]
    fn service_and_cost_go_back_by_dual_simplex_unless_the_caller_chose() {
        let primal = Algorithm::PrimalSimplex;
        assert_eq!(algorithm(StepGoal::Service, Algorithm::Automatic, primal), Algorithm::DualSimplex);
        assert_eq!(algorithm(StepGoal::Cost, Algorithm::Automatic, primal), Algorithm::DualSimplex);
        assert_eq!(algorithm(StepGoal::Fair, Algorithm::Automatic, primal), primal);
        assert_eq!(algorithm(StepGoal::Service, primal, primal), primal);
        assert_eq!(algorithm(StepGoal::Service, Algorithm::Barrier, Algorithm::Barrier), primal);
    }
}
