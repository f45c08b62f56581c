//! HiGHS (optional, feature `highs`): the [`Highs`] solver, built on `HighsModel`
//! (`highs_model.rs`), the safe owner of one `Highs` instance. HiGHS brings an interior-point method (IPX, with crossover to a
//! vertex and a basis) that converges on the large generated LPs where Clp's barrier does
//! not, and a dual and primal simplex of its own.

use highs_sys as sys;
use hinterland_lp::{
    Algorithm, Basis, BasisStatus, Lp, Resolver, Solution, SolveOptions, Solver, SolverError, Status,
    StopReason,
};

use crate::certify::{TOLERANCE, optimality_violation};
use crate::highs_model::HighsModel;
use crate::load::{CoinArrays, Loaded, check_basis_size, refuse_mip, sense_sign};

// HiGHS's basis statuses (`kHighsBasisStatus*`).
const LOWER: sys::HighsInt = 0;
const BASIC: sys::HighsInt = 1;
const UPPER: sys::HighsInt = 2;
const ZERO: sys::HighsInt = 3;
const NONBASIC: sys::HighsInt = 4;

// `kSimplexEdgeWeightStrategyDevex`, a value of the option `simplex_dual_edge_weight_strategy`.
const DEVEX: sys::HighsInt = 1;

/// `highs 1.16.0`, from the linked library.
fn highs_version() -> String {
    // SAFETY: static getters without arguments.
    let (major, minor, patch) =
        unsafe { (sys::Highs_versionMajor(), sys::Highs_versionMinor(), sys::Highs_versionPatch()) };
    format!("highs {major}.{minor}.{patch}")
}

fn status_from_highs(s: sys::HighsInt) -> BasisStatus {
    match s {
        BASIC => BasisStatus::Basic,
        LOWER => BasisStatus::AtLower,
        UPPER => BasisStatus::AtUpper,
        // ZERO (free at zero), NONBASIC and anything unexpected.
        _ => BasisStatus::Free,
    }
}

/// The HiGHS status for `s` on a variable with bounds `lo..=hi`, repaired so that a basis
/// taken from a related LP never sits a variable at an infinite bound.
fn status_to_highs(s: BasisStatus, lo: f64, hi: f64) -> sys::HighsInt {
    let at_upper = match s {
        BasisStatus::Basic => return BASIC,
        BasisStatus::Free => return if lo.is_finite() || hi.is_finite() { NONBASIC } else { ZERO },
        BasisStatus::AtUpper => true,
        BasisStatus::AtLower | BasisStatus::Fixed => false,
    };
    match (at_upper, lo.is_finite(), hi.is_finite()) {
        (true, _, true) | (false, false, true) => UPPER,
        (false, true, _) | (true, true, false) => LOWER,
        (_, false, false) => ZERO,
    }
}

/// Maps HiGHS's model status to a [`Status`], never calling anything optimal that HiGHS did
/// not prove.
fn map_highs_status(status: sys::HighsInt) -> Status {
    match status {
        sys::MODEL_STATUS_OPTIMAL => Status::Optimal,
        sys::MODEL_STATUS_INFEASIBLE => Status::Infeasible,
        sys::MODEL_STATUS_UNBOUNDED => Status::Unbounded,
        sys::MODEL_STATUS_UNBOUNDED_OR_INFEASIBLE => Status::InfeasibleOrUnbounded,
        sys::MODEL_STATUS_REACHED_TIME_LIMIT => Status::Stopped(StopReason::TimeLimit),
        sys::MODEL_STATUS_REACHED_ITERATION_LIMIT => Status::Stopped(StopReason::IterationLimit),
        sys::MODEL_STATUS_REACHED_INTERRUPT | sys::MODEL_STATUS_HIGHS_INTERRUPT => {
            Status::Stopped(StopReason::Interrupted)
        }
        sys::MODEL_STATUS_SOLVE_ERROR
        | sys::MODEL_STATUS_PRESOLVE_ERROR
        | sys::MODEL_STATUS_POSTSOLVE_ERROR => Status::Stopped(StopReason::NumericalTrouble),
        _ => Status::Stopped(StopReason::Unknown),
    }
}

/// HiGHS, the LP solver from the University of Edinburgh, built from source by the
/// `highs-sys` crate (needs CMake and libclang at build time). Duals, reduced costs and a
/// basis come back with every solve; [`SolveOptions::warm_start`] is honoured by its simplex.
///
/// [`Algorithm::Barrier`] runs its interior-point method (IPX) with crossover, the method of
/// choice for LPs with a million columns; [`Algorithm::Automatic`] is HiGHS's own choice.
/// Every claimed optimum is certified independently, as with [`Clp`](crate::Clp).
#[derive(Clone, Copy, Debug, Default)]
pub struct Highs;

impl Solver for Highs {
    type Resolver = HighsResolver;

    fn name(&self) -> &'static str {
        "highs"
    }

    fn solve<C, R>(&self, lp: &Lp<C, R>, options: &SolveOptions) -> Result<Solution, SolverError> {
        refuse_mip(lp, "the HiGHS backend")?;
        let arrays = CoinArrays::from_lp(lp)?;
        let mut model = HighsModel::new()?;
        // Before the LP: HiGHS reports what it makes of the bounds as it takes them.
        model.set_bool("output_flag", options.verbose)?;
        model.load(&arrays)?;
        // HiGHS keeps its own copy: free ours before the solve, the peak of a run's memory.
        drop(arrays);
        run(&mut model, lp, options, Cold::Retry)
    }

    fn resolver(&self) -> HighsResolver {
        HighsResolver { model: None }
    }
}

/// The [`Resolver`] of [`Highs`]: one `Highs` instance, to which each later LP with the same
/// matrix is handed as the bounds and costs that changed. HiGHS then keeps its scaling, its
/// copies of the matrix and, when no basis is given, its basis and factorisation.
/// [`mark`](Resolver::mark) and [`back`](Resolver::back) remember and return to a basis with
/// its factorisation (HiGHS's `putIterate` and `getIterate`). Its dual simplex prices with
/// Devex rather than HiGHS's default, dual steepest edge: a series of re-solves from a mark
/// would otherwise compute exact weights (one BTRAN per row) at each, and Devex iterations
/// cost less on the generated LPs: at 100k columns the confirmations took 8.5 s with Devex
/// against 14.4 s with steepest edge, and 7.0 s going back to a mark (docs/performance.md).
/// A re-solve that HiGHS stops with status "unknown" goes on from a fresh factorisation of
/// its final basis, never from nothing: a cold start would cost more than a warm re-solve's
/// answer is worth (hours at a million columns), so it is returned as stopped instead.
pub struct HighsResolver {
    model: Option<(HighsModel, Loaded)>,
}

impl Resolver for HighsResolver {
    fn solve<C, R>(&mut self, lp: &Lp<C, R>, options: &SolveOptions) -> Result<Solution, SolverError> {
        refuse_mip(lp, "the HiGHS backend")?;
        let model = match &mut self.model {
            Some((model, loaded)) if loaded.same_matrix(lp) => {
                let changes = loaded.update(lp)?;
                if let Err(e) = model.apply(&changes) {
                    // HiGHS's copy may now differ from ours: load afresh next time.
                    self.model = None;
                    return Err(e);
                }
                model
            }
            slot => {
                *slot = None;
                let arrays = CoinArrays::from_lp(lp)?;
                let mut model = HighsModel::new()?;
                model.set_bool("output_flag", options.verbose)?;
                // Devex pricing for the dual simplex (HiGHS reads it when it takes the LP):
                // steepest edge, HiGHS's default, computes exact weights, one BTRAN per row,
                // whenever a dual run starts without them from a basis that is not nearly
                // optimal, which is every re-solve after going back to a mark (see `mark`).
                model.set_int("simplex_dual_edge_weight_strategy", DEVEX)?;
                model.load(&arrays)?;
                &mut slot.insert((model, Loaded::new(lp, &arrays))).0
            }
        };
        run(model, lp, options, Cold::GiveUp)
    }

    fn keeps_factorisation(&self) -> bool {
        true
    }

    fn mark(&mut self) -> bool {
        self.model.as_mut().is_some_and(|(model, _)| model.put_iterate())
    }

    /// Goes back at once, before the next solve hands over its changes: HiGHS then fits
    /// the statuses of the variables whose bounds change to the marked basis.
    fn back(&mut self) -> bool {
        self.model.as_mut().is_some_and(|(model, _)| model.get_iterate())
    }
}

/// What [`run`] does when its simplex stops with status "unknown" even after going on from
/// a fresh factorisation of its final basis.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cold {
    /// Start again from nothing with the dual simplex.
    Retry,
    /// Return the stopped solve.
    GiveUp,
}

/// Solves the LP loaded in `model` (which is `lp`) with `options`, from `options.warm_start`
/// when given and otherwise from whatever basis `model` holds (none when freshly loaded).
/// `cold` says what to do when a simplex run still stops with status "unknown" after the
/// rescue from its final basis: start again from nothing, or give up (a resolver's warm
/// re-solve, where starting cold would cost more than the answer is worth: hours at a
/// million columns).
fn run<C, R>(
    model: &mut HighsModel,
    lp: &Lp<C, R>,
    options: &SolveOptions,
    cold: Cold,
) -> Result<Solution, SolverError> {
    model.set_bool("output_flag", options.verbose)?;
    model.set_progress(options.progress.clone())?;
    // HiGHS's clock adds up over an instance's runs: the limit counts from now.
    let limit = match options.time_limit_s {
        Some(t) => model.run_time() + if t.is_nan() { 0.0 } else { t.max(0.0) },
        None => f64::INFINITY,
    };
    model.set_double("time_limit", limit)?;
    // HiGHS counts each run's iterations from zero; the option stays set on the instance.
    let most = options
        .iteration_limit
        .map_or(sys::HighsInt::MAX, |n| sys::HighsInt::try_from(n).unwrap_or(sys::HighsInt::MAX));
    model.set_int("simplex_iteration_limit", most)?;
    match options.algorithm {
        Algorithm::Automatic => model.set_string("solver", "choose")?,
        Algorithm::Barrier => model.set_string("solver", "ipm")?,
        Algorithm::DualSimplex => {
            model.set_string("solver", "simplex")?;
            model.set_int("simplex_strategy", 1)?;
        }
        Algorithm::PrimalSimplex => {
            model.set_string("solver", "simplex")?;
            model.set_int("simplex_strategy", 4)?;
        }
    }
    if let (Some(basis), false) = (&options.warm_start, options.algorithm == Algorithm::Barrier) {
        check_basis_size(lp, basis)?;
        let (cols, rows) = warm_statuses(lp, basis);
        // An inconsistent basis (wrong number of basic variables) starts cold instead.
        model.set_basis(&cols, &rows)?;
    }
    model.run()?;
    let mut sol = extract(lp, model)?;
    if sol.status == Status::Stopped(StopReason::Unknown) && options.algorithm != Algorithm::Barrier {
        // HiGHS 1.16's simplex can stop short with model status "unknown": its primal
        // simplex with a dual infeasibility left (a five-column LP in the tests), its dual
        // simplex after a long warm re-solve (a confirmation of the 1M generated country:
        // 10,903 Devex iterations, then its own refinement, 7 more). First factorise the
        // final basis afresh and run the primal simplex from there, as for an uncertified
        // optimum below.
        if let Some(basis) = model.basis()? {
            sol = primal_afresh(model, lp, Some(basis), &sol)?;
        }
        if sol.status == Status::Stopped(StopReason::Unknown) && cold == Cold::Retry {
            // Its dual simplex from that basis does no better on the five-column LP: start
            // again cold with the dual simplex.
            model.clear_solver()?;
            model.set_string("solver", "simplex")?;
            model.set_int("simplex_strategy", 1)?;
            model.run()?;
            sol = extract_after(lp, model, &sol)?;
        }
    }
    if sol.status == Status::Optimal && !certified(lp, &sol) {
        // Not proven by the point and duals. HiGHS's values after a simplex run carry the
        // rounding of its basis updates: on the 100k generated LP a warm dual simplex
        // left 5e-5 t on a ration row with a zero bound and a dual on a row 1e-5 t off its
        // bound. Factorising its final basis afresh recomputes them; a primal simplex pass
        // from that basis then settles whatever is still not optimal (usually nothing: no
        // iterations).
        let basis = model.basis()?;
        sol = primal_afresh(model, lp, basis, &sol)?;
        if sol.status == Status::Optimal && !certified(lp, &sol) {
            sol.status = Status::Stopped(StopReason::NumericalTrouble);
        }
    }
    Ok(sol)
}

/// Runs the primal simplex on `model` after a run that ended as `before`, from `basis` (its
/// final basis) factorised afresh. Handing HiGHS a basis (`Highs_setBasis`) drops its
/// factorisation, values and edge weights but not what a resolver marked (`putIterate`), so
/// the series can still go back to its base optimum afterwards; `Highs_clearSolver` would
/// drop the mark too. Without a basis it goes on from the solver state as it is. The answer
/// counts `before`'s iterations.
fn primal_afresh<C, R>(
    model: &mut HighsModel,
    lp: &Lp<C, R>,
    basis: Option<(Vec<sys::HighsInt>, Vec<sys::HighsInt>)>,
    before: &Solution,
) -> Result<Solution, SolverError> {
    if let Some((cols, rows)) = basis {
        model.set_basis(&cols, &rows)?;
    }
    model.set_string("solver", "simplex")?;
    model.set_int("simplex_strategy", 4)?;
    model.run()?;
    extract_after(lp, model, before)
}

fn warm_statuses<C, R>(lp: &Lp<C, R>, basis: &Basis) -> (Vec<sys::HighsInt>, Vec<sys::HighsInt>) {
    let cols = (0..lp.ncols()).map(|j| status_to_highs(basis.cols[j], lp.col_lo[j], lp.col_hi[j])).collect();
    let rows = (0..lp.nrows())
        .map(|i| {
            let s = basis.rows.get(i).copied().unwrap_or(BasisStatus::Basic);
            status_to_highs(s, lp.row_lo[i], lp.row_hi[i])
        })
        .collect();
    (cols, rows)
}

fn certified<C, R>(lp: &Lp<C, R>, sol: &Solution) -> bool {
    optimality_violation(lp, &sol.x, &sol.row_dual) <= TOLERANCE
}

/// [`extract`] after another run on the same instance: HiGHS counts each run's iterations
/// from zero, the solve's report counts them all.
fn extract_after<C, R>(
    lp: &Lp<C, R>,
    model: &HighsModel,
    before: &Solution,
) -> Result<Solution, SolverError> {
    let mut sol = extract(lp, model)?;
    sol.iterations += before.iterations;
    Ok(sol)
}

fn extract<C, R>(lp: &Lp<C, R>, model: &HighsModel) -> Result<Solution, SolverError> {
    let (n, m) = (lp.ncols(), lp.nrows());
    if model.num_cols() != n || model.num_rows() != m {
        return Err(SolverError::Failed(format!(
            "HiGHS reports {} columns and {} rows, the LP has {n} and {m}",
            model.num_cols(),
            model.num_rows()
        )));
    }
    let mut status = map_highs_status(model.model_status());
    let (x, col_dual, row_activity, row_price) = model.solution()?;
    // An LP without rows or columns: HiGHS says "empty" and the zero point decides.
    if model.model_status() == sys::MODEL_STATUS_MODEL_EMPTY {
        status = Status::Optimal;
    }
    let sign = sense_sign(lp.sense);
    // HiGHS minimised `sign * cost`; its duals are derivatives of that minimum (`d = c - Aᵀy`,
    // as in Clp), so multiply by `sign` to get derivatives of the LP's own objective.
    let row_dual = row_price.iter().map(|v| sign * v).collect();
    let col_reduced = col_dual.iter().map(|v| sign * v).collect();
    let basis = model.basis()?.map(|(cols, rows)| Basis {
        cols: cols.into_iter().map(status_from_highs).collect(),
        rows: rows.into_iter().map(status_from_highs).collect(),
    });
    Ok(Solution {
        status,
        objective: sign * model.objective_value() + lp.objective_offset,
        x,
        row_activity,
        row_dual,
        col_reduced,
        basis,
        iterations: model.iterations()?,
        solver: highs_version(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_mapping_never_invents_optimality() {
        for code in 0..=19 {
            let s = map_highs_status(code);
            assert_eq!(s == Status::Optimal, code == sys::MODEL_STATUS_OPTIMAL, "code {code}");
        }
    }

    #[test]
    fn basis_statuses_are_repaired_for_infinite_bounds() {
        let inf = f64::INFINITY;
        assert_eq!(status_to_highs(BasisStatus::AtLower, -inf, 5.0), UPPER);
        assert_eq!(status_to_highs(BasisStatus::AtUpper, 0.0, inf), LOWER);
        assert_eq!(status_to_highs(BasisStatus::AtUpper, -inf, inf), ZERO);
        assert_eq!(status_to_highs(BasisStatus::Free, 0.0, inf), NONBASIC);
        assert_eq!(status_to_highs(BasisStatus::Fixed, 2.0, 2.0), LOWER);
        assert_eq!(status_to_highs(BasisStatus::Basic, -inf, inf), BASIC);
        for s in [BASIC, LOWER, UPPER] {
            assert_eq!(status_to_highs(status_from_highs(s), 0.0, 1.0), s);
        }
    }

    /// The rescue and the certificate fallback factorise the final basis afresh without
    /// dropping what a resolver marked: at 10k generated columns, where the cost series
    /// went through the fallback at its 13th raise, the confirmations took 178 iterations
    /// with the mark kept against 204 without (docs/performance.md).
    #[test]
    fn factorising_afresh_keeps_the_mark() {
        // max x + y  s.t.  x + 2y ≤ 4,  3x + y ≤ 6,  x, y ≥ 0: optimum at (1.6, 1.2).
        let mut b = hinterland_lp::LpBuilder::new(hinterland_lp::Sense::Maximize);
        let x = b.add_col(0, 1.0, 0.0, f64::INFINITY);
        let y = b.add_col(1, 1.0, 0.0, f64::INFINITY);
        for (i, (a, c, hi)) in [(1.0, 2.0, 4.0), (3.0, 1.0, 6.0)].into_iter().enumerate() {
            let r = b.add_row(i, f64::NEG_INFINITY, hi);
            b.add_coef(r, x, a);
            b.add_coef(r, y, c);
        }
        let lp = b.build();
        let mut model = HighsModel::new().unwrap();
        model.set_bool("output_flag", false).unwrap();
        model.load(&CoinArrays::from_lp(&lp).unwrap()).unwrap();
        model.run().unwrap();
        let sol = extract(&lp, &model).unwrap();
        assert_eq!(sol.status, Status::Optimal);
        assert!(sol.iterations > 0);
        assert!(model.put_iterate(), "an optimum to mark");
        let basis = model.basis().unwrap();
        assert!(basis.is_some());
        let again = primal_afresh(&mut model, &lp, basis, &sol).unwrap();
        assert_eq!(again.status, Status::Optimal);
        assert_eq!(again.iterations, sol.iterations, "nothing left to do from the optimal basis");
        assert!(model.get_iterate(), "the mark is kept");
        model.run().unwrap();
        let back = extract(&lp, &model).unwrap();
        assert_eq!((back.status, back.iterations), (Status::Optimal, 0));
        assert!((back.objective - 2.8).abs() < 1e-9, "{}", back.objective);
    }

    #[test]
    fn version_names_highs() {
        let v = highs_version();
        assert!(v.starts_with("highs 1."), "{v}");
    }
}
