//! The shadow-price confirmations: the largest shadow prices measured by re-solving the
//! planned LP with each limit raised, because duals of degenerate LPs can promise gains that
//! do not exist.
//!
//! [`Confirmations`] chooses the limits and records what was measured; [`lexicographic`]
//! and [`weighted`] run the re-solves of each objective method (the series themselves are
//! [`Remeasure`]s). A re-solve that does not end optimal leaves its limit unmeasured
//! (`Measured`'s `None`), never zero. With the lexicographic method the `marginal` step
//! measures the cost of the last weighted person-days on the way.

use std::time::Instant;

use hinterland_lp::{Algorithm, Basis, Lp, ProgressHook, Resolver as _, SolveOptions, Solver, Status};

use super::remeasure::Remeasure;
use super::{
    PlanError, PlanOptions, ResolveReport, Series, StepGoal, StepReport, dot, extend_basis, timed, warm,
};
use crate::formulation::Formulation;
use crate::formulation::objective::{self, Goal};
use crate::keys::{ColKey, RowKey};
use crate::plan::{Measured, Plan, ShadowPrice, effect};

/// What the lexicographic confirmations take from step 1.
#[derive(Debug)]
pub(crate) struct Step1 {
    /// Step 1's weighted service at its optimum.
    pub service: f64,
    /// Step 1's optimal basis (without the service floor row that step 2 added).
    pub basis: Option<Basis>,
}

/// Lexicographic: measures the `marginal` cost of the last weighted person-days and the
/// chosen limits' service gained (on step 1's LP) and cost saved (on step 2's), after step 2
/// found `second`. `f` is the planned LP with the service floor as its last row; the
/// re-solves edit it in place and put it back. Records into `plan` and `steps`.
pub(super) fn lexicographic<S: Solver + Sync>(
    solver: &S,
    options: &PlanOptions,
    f: &mut Formulation,
    plan: &mut Plan,
    second: hinterland_lp::Solution,
    step1: Step1,
    steps: &mut Vec<StepReport>,
) -> Result<(), PlanError> {
    // Step 1's problem is this LP with the cost objective swapped for service and the
    // service floor freed (basic in step 1's basis, extended), and with the rows that hold
    // the levels after it freed too: the impartial coverage floors, and a non-food level
    // floor added after food. (A non-food level planned before food stays: step 1 had it.)
    let floor_row =
        f.lp.row_keys
            .iter()
            .rposition(|k| *k == RowKey::ServiceFloor)
            .expect("the lexicographic plan keeps its food level by a service floor");
    let coverage: Vec<usize> = f.index.fair.iter().flat_map(|p| p.rows.iter().map(|r| r.3.index())).collect();
    let mut held: Vec<(usize, f64, f64)> = coverage.iter().map(|&r| (r, f.lp.row_lo[r], 0.0)).collect();
    held.extend((floor_row + 1..f.lp.nrows()).map(|r| (r, f.lp.row_lo[r], f64::NEG_INFINITY)));
    let held = &held[..];
    let base1 = step1.service;
    let base2 = dot(&f.cost, &second.x);
    let floor = f.lp.row_lo[floor_row];
    let o1 = confirm_options(&options.solve, step1.basis.map(|b| extend_basis(b, f.lp.nrows())));
    let chosen = Confirmations::choose(&plan.shadow_prices, options.confirm_limits);
    let Formulation { lp, service, cost, .. } = f;
    let (service, cost) = (&*service, &*cost);
    let raises = &chosen.raises[..];
    let coverage = &coverage[..];
    let as_step1 = |lp: &mut Lp<ColKey, RowKey>| {
        objective::set_on(lp, Goal::Service, service, cost);
        lp.row_lo[floor_row] = f64::NEG_INFINITY;
        for &(row, _, lo) in held {
            lp.row_lo[row] = lo;
        }
    };
    // The planned bounds of those rows, with the coverage floors scaled by `share`.
    let as_planned = |lp: &mut Lp<ColKey, RowKey>, share: f64| {
        for &(row, lo, _) in held {
            lp.row_lo[row] = lo;
        }
        for &row in coverage {
            lp.row_lo[row] *= share;
        }
    };
    let gained_on = |lp: &mut Lp<ColKey, RowKey>, o: SolveOptions| {
        Remeasure::new(solver, Series::Service, o).each(lp, raises, |x| dot(service, x) - base1)
    };
    // The service series on a copy of step 1's LP, for a second thread.
    let step1_lp = (options.threads > 1).then(|| {
        let mut lp1 = lp.clone();
        as_step1(&mut lp1);
        lp1
    });
    let (values, resolves, started) = std::thread::scope(|scope| -> Result<_, PlanError> {
        // With two threads the service series runs beside the marginal step and the cost
        // series, on its own solver model and its own copy of the LP; each series makes the
        // same re-solves in the same order either way, so the answers do not depend on the
        // thread count.
        let beside = step1_lp.map(|mut lp1| {
            // Silent: the progress line follows the main thread's solves, and two
            // interleaved iteration counts would read as one jumping about. It keeps the stop
            // flag, so a cancelled run (`hinterland serve`) stops this series too.
            let o1 = SolveOptions { progress: o1.progress.as_ref().map(ProgressHook::silent), ..o1.clone() };
            scope.spawn(move || gained_on(&mut lp1, o1))
        });
        // The floor's dual is one of many on this degenerate LP (the smallest the face step
        // can certify, see `face`); measure the cost of the last weighted person-days
        // instead by giving up a few (a millionth of the service).
        // Impartially, every need row gives up the same share.
        let delta = (1e-6 * floor.abs()).max(1.0);
        let share = if floor > 0.0 { 1.0 - delta / floor } else { 1.0 };
        lp.row_lo[floor_row] = floor - delta;
        as_planned(lp, share);
        let o = warm(&options.solve, second.basis.clone());
        // On the resolver of the cost series below, which then starts with this LP loaded
        // and, where the solver keeps it, this optimum factorised.
        let mut costs = solver.resolver();
        let marginal = timed(StepGoal::Marginal, o, steps, |o| costs.solve(lp, o))?;
        let measured = marginal.status == Status::Optimal;
        plan.marginal_cost_usd_per_weighted_person_day =
            measured.then(|| (base2 - dot(cost, &marginal.x)) / delta);
        plan.marginal_cost_measured = measured;
        // The savings are measured from that point too: with the floor exactly at the
        // optimum every cost re-solve pivots along the degenerate optimal face (4× slower at
        // 10k), and a millionth of the service is far inside the 0.1% by which each limit is
        // raised.
        let (o2, floor2, share, base2) = if measured {
            (confirm_options(&options.solve, marginal.basis), floor - delta, share, dot(cost, &marginal.x))
        } else {
            // From the planned point and the cost step's basis, like the marginal step:
            // after the face step that basis need not be dual feasible here.
            let o =
                SolveOptions { progress: confirm_hook(&options.solve), ..warm(&options.solve, second.basis) };
            (o, floor, 1.0, base2)
        };
        let costs = Remeasure::after(costs, Series::Cost, o2, measured);
        let started = Instant::now();
        lp.row_lo[floor_row] = floor2;
        as_planned(lp, share);
        let saved = costs.each(lp, raises, |x| base2 - dot(cost, x));
        let gained = match beside {
            Some(handle) => match handle.join() {
                Ok(gained) => gained,
                Err(panic) => std::panic::resume_unwind(panic),
            },
            // One series after the other on one thread, so that only one solver model is
            // alive at a time (at a million columns a HiGHS simplex model is a sizeable part
            // of the run's peak memory).
            None if saved.is_ok() => {
                as_step1(lp);
                let gained = gained_on(lp, o1);
                objective::set_on(lp, Goal::Cost, service, cost);
                gained
            }
            None => Ok((Vec::new(), Vec::new())),
        };
        lp.row_lo[floor_row] = floor;
        as_planned(lp, 1.0);
        let ((gained, mut resolves), (saved, r2)) = (gained?, saved?);
        resolves.extend(r2);
        Ok((gained.into_iter().zip(saved).collect(), resolves, started))
    })?;
    chosen.record(&mut plan.shadow_prices, values, resolves, started, steps);
    Ok(())
}

/// Weighted: measures the chosen limits' service gained and cost saved, both from one
/// re-solve of the weighted LP `f` (at its optimum `sol`) per limit, in place.
pub(super) fn weighted<S: Solver>(
    solver: &S,
    options: &PlanOptions,
    f: &mut Formulation,
    plan: &mut Plan,
    sol: &hinterland_lp::Solution,
    steps: &mut Vec<StepReport>,
) -> Result<(), PlanError> {
    let (base_s, base_c) = (dot(&f.service, &sol.x), dot(&f.cost, &sol.x));
    let o = confirm_options(&options.solve, sol.basis.clone());
    // The re-solves edit the planned LP in place and put it back: no copy.
    let Formulation { lp, service, cost, .. } = f;
    let chosen = Confirmations::choose(&plan.shadow_prices, options.confirm_limits);
    let started = Instant::now();
    let (pairs, resolves) = Remeasure::new(solver, Series::Weighted, o)
        .each(lp, &chosen.raises, |x| (dot(service, x) - base_s, base_c - dot(cost, x)))?;
    let values = pairs.into_iter().map(|p| (p.map(|p| p.0), p.map(|p| p.1))).collect();
    chosen.record(&mut plan.shadow_prices, values, resolves, started, steps);
    Ok(())
}

/// The options of a confirmation re-solve: `options` from `basis` with a limit raised. The
/// raise keeps the basis dual feasible (the old optimum's duals still price every column
/// right) but not primal feasible (the basic values move with the limit), so dual simplex
/// starts where primal simplex would need a feasibility phase: with HiGHS at 100k
/// generated columns, 120 s of primal re-solves became 15 s (see docs/performance.md).
/// Whatever algorithm the plan's own steps use: the re-solves are measurements, and this is
/// the method made for them. Without a basis they start cold like the plan's steps.
fn confirm_options(options: &SolveOptions, basis: Option<Basis>) -> SolveOptions {
    let mut o = warm(options, basis);
    if o.warm_start.is_some() {
        o.algorithm = Algorithm::DualSimplex;
    }
    o.progress = confirm_hook(options);
    o
}

/// The progress hook of the confirmation re-solves.
fn confirm_hook(options: &SolveOptions) -> Option<ProgressHook> {
    options.progress.as_ref().map(|h| h.labelled(StepGoal::Confirm.as_str()))
}

/// How far to raise a limit when measuring its value: 1 unit, or 0.1% of the limit if larger
/// (so the change stays well above solver tolerances).
fn confirm_delta(limit: f64) -> f64 {
    (1e-3 * limit.abs()).max(1.0)
}

/// The shadow prices to confirm by re-solving: the `k` largest by service, then the `k`
/// largest by saving not already chosen.
struct Confirmations {
    /// Indices into the shadow prices.
    chosen: Vec<usize>,
    /// For each, the LP row and how far to raise its limit.
    raises: Vec<(usize, f64)>,
}

impl Confirmations {
    fn choose(prices: &[ShadowPrice], k: usize) -> Self {
        let mut chosen: Vec<usize> = (0..prices.len()).take(k).collect();
        let mut by_usd: Vec<usize> = (0..prices.len()).collect();
        by_usd.sort_by(|&a, &b| {
            let v = |i: usize| prices[i].usd_saved_per_unit.unwrap_or(0.0).abs();
            v(b).total_cmp(&v(a)).then(a.cmp(&b))
        });
        for i in by_usd.into_iter().take(k) {
            if !chosen.contains(&i) {
                chosen.push(i);
            }
        }
        let raises = chosen.iter().map(|&i| (prices[i].row_index, confirm_delta(prices[i].limit))).collect();
        Confirmations { chosen, raises }
    }

    /// Records the measured `(service gained, USD saved)` of each raise (in the order of
    /// `raises`), reports the confirmations as one step begun at `started` made of the
    /// re-solves `resolves`, and re-sorts the prices by the measured values. Drops nothing.
    fn record(
        self,
        prices: &mut [ShadowPrice],
        values: Vec<(Option<f64>, Option<f64>)>,
        resolves: Vec<ResolveReport>,
        started: Instant,
        steps: &mut Vec<StepReport>,
    ) {
        for ((&i, &(_, delta)), (gained, saved)) in self.chosen.iter().zip(&self.raises).zip(values) {
            prices[i].measured = Some(Measured {
                delta,
                service_per_unit: gained.map(|v| v / delta),
                usd_saved_per_unit: saved.map(|v| v / delta),
            });
        }
        steps.push(StepReport {
            goal: StepGoal::Confirm,
            // Many re-solves, each with its own status in `resolves`.
            status: None,
            objective: self.chosen.len() as f64,
            iterations: resolves.iter().map(|r| r.iterations).sum(),
            seconds: started.elapsed().as_secs_f64(),
            solver: String::new(),
            resolves,
        });
        // Measured first, by measured service then saving, equal values in LP row order;
        // unmeasured after, in dual order. "Equal" is to 6 significant digits: a finite
        // difference over a re-solve carries the solver's tolerance (a 1e-6 change in an
        // objective of 1e9 is 1e-6 per unit), and its last digits should not decide the order.
        prices.sort_by(|a, b| {
            let key = |p: &ShadowPrice| match p.measured {
                Some(m) => {
                    let size = |v: Option<f64>| effect(v).map_or(0.0, |v| -significant(v.abs(), 6));
                    (0, size(m.service_per_unit), size(m.usd_saved_per_unit), p.row_index)
                }
                None => (1, 0.0, 0.0, 0),
            };
            let (a0, a1, a2, a3) = key(a);
            let (b0, b1, b2, b3) = key(b);
            a0.cmp(&b0).then(a1.total_cmp(&b1)).then(a2.total_cmp(&b2)).then(a3.cmp(&b3))
        });
    }
}

/// `v` rounded to `digits` significant digits.
fn significant(v: f64, digits: i32) -> f64 {
    if v == 0.0 || !v.is_finite() {
        return v;
    }
    let scale = 10f64.powi(digits - 1 - v.abs().log10().floor() as i32);
    let rounded = (v * scale).round() / scale;
    if rounded.is_finite() { rounded } else { v }
}

#[cfg(test)]
mod tests {
    use super::significant;

    #[test]
    fn significant_digits() {
        assert_eq!(significant(120.725_751_479_495_32, 9), 120.725_751);
        assert_eq!(significant(120.725_751_478_467_13, 9), significant(120.725_751_479_495_32, 9));
        assert_eq!(significant(-0.001_234_567_891_2, 3), -0.001_23);
        assert_eq!(significant(9.999_999_999_6e7, 9), 1e8);
        assert_eq!(significant(0.0, 9), 0.0);
        assert_eq!(significant(1e-310, 9), 1e-310);
        assert!(significant(f64::NAN, 9).is_nan());
    }
}
