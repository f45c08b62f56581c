//! Cbc: a safe owner of one `Cbc_Model`, and the [`Cbc`] solver built on it.

use std::ffi::{CStr, CString};
use std::ptr::NonNull;
use std::sync::{Mutex, PoisonError};

use hinterland_lp::{Lp, Reload, Solution, SolveOptions, Solver, SolverError, Status, StopReason};

use crate::clp::{clp_version, solve_lp};
use crate::ffi;
use crate::load::CoinArrays;

/// Cbc 2.10's driver (`CbcMain0`/`CbcMain1`, behind `Cbc_newModel` and `Cbc_solve`) keeps
/// state in globals, so only one Cbc model may exist at a time in the process. Every
/// [`CbcModel`] holds this lock from creation to drop. Clp models do not need it.
static CBC_LOCK: Mutex<()> = Mutex::new(());

/// Owns one `Cbc_Model`; `Drop` deletes it. Creating one takes the process-wide Cbc lock
/// (held until drop), because Cbc's driver is not reentrant.
pub(crate) struct CbcModel {
    ptr: NonNull<ffi::CbcModel>,
    // Dropped after `ptr` is deleted (fields drop in declaration order after `Drop::drop`).
    _guard: std::sync::MutexGuard<'static, ()>,
}

impl Drop for CbcModel {
    fn drop(&mut self) {
        // SAFETY: `ptr` came from `Cbc_newModel`, is owned by `self` alone and is deleted
        // once, while the lock is still held.
        unsafe { ffi::Cbc_deleteModel(self.ptr.as_ptr()) }
    }
}

impl CbcModel {
    pub(crate) fn new() -> Result<Self, SolverError> {
        // A panic while the lock was held cannot leave Cbc's globals half-written by us (it
        // happens on the Rust side), so a poisoned lock is still usable.
        let guard = CBC_LOCK.lock().unwrap_or_else(PoisonError::into_inner);
        // SAFETY: no arguments; returns a fresh model or null. The lock is held.
        let raw = unsafe { ffi::Cbc_newModel() };
        ffi::take_failure("Cbc")?;
        NonNull::new(raw)
            .map(|ptr| CbcModel { ptr, _guard: guard })
            .ok_or_else(|| SolverError::Failed("`Cbc_newModel` returned null".into()))
    }

    fn raw(&self) -> *mut ffi::CbcModel {
        self.ptr.as_ptr()
    }

    pub(crate) fn load(&mut self, a: &CoinArrays) -> Result<(), SolverError> {
        if !a.is_consistent() {
            return Err(SolverError::Failed("inconsistent COIN arrays".into()));
        }
        // SAFETY: as for `Clp_loadProblem`: `is_consistent` guarantees every array length
        // and index bound Cbc relies on; Cbc copies the data before returning.
        unsafe {
            ffi::Cbc_loadProblem(
                self.raw(),
                a.ncols,
                a.nrows,
                a.start.as_ptr(),
                a.index.as_ptr(),
                a.value.as_ptr(),
                a.col_lo.as_ptr(),
                a.col_hi.as_ptr(),
                a.obj.as_ptr(),
                a.row_lo.as_ptr(),
                a.row_hi.as_ptr(),
            );
        }
        ffi::take_failure("Cbc")
    }

    pub(crate) fn num_cols(&self) -> usize {
        // SAFETY: valid model; a getter.
        let n = unsafe { ffi::Cbc_getNumCols(self.raw()) };
        usize::try_from(n).unwrap_or(0)
    }

    pub(crate) fn set_integer(&mut self, col: usize) -> Result<(), SolverError> {
        let c = i32::try_from(col)
            .ok()
            .filter(|&c| (c as usize) < self.num_cols())
            .ok_or_else(|| SolverError::Failed(format!("no column `{col}` to make integer")))?;
        // SAFETY: `c` is a column of the model, checked above.
        unsafe { ffi::Cbc_setInteger(self.raw(), c) }
        ffi::take_failure("Cbc")
    }

    pub(crate) fn set_obj_sense(&mut self, sense: f64) {
        // SAFETY: valid model; a plain double.
        unsafe { ffi::Cbc_setObjSense(self.raw(), sense) }
    }

    pub(crate) fn set_log_level(&mut self, level: i32) {
        // SAFETY: valid model; a plain int.
        unsafe { ffi::Cbc_setLogLevel(self.raw(), level) }
    }

    pub(crate) fn set_maximum_seconds(&mut self, seconds: f64) {
        // SAFETY: valid model; a plain double.
        unsafe { ffi::Cbc_setMaximumSeconds(self.raw(), seconds) }
    }

    /// Sets a Cbc command-line parameter (`-name value`).
    pub(crate) fn set_parameter(&mut self, name: &str, value: &str) -> Result<(), SolverError> {
        let nul =
            |s: &str| CString::new(s).map_err(|_| SolverError::Failed(format!("parameter `{s}` has a NUL")));
        let (name, value) = (nul(name)?, nul(value)?);
        // SAFETY: both strings are NUL-terminated and outlive the call; Cbc copies them.
        unsafe { ffi::Cbc_setParameter(self.raw(), name.as_ptr(), value.as_ptr()) }
        ffi::take_failure("Cbc")
    }

    /// Runs branch and cut; Cbc's return code, or an error when Cbc threw (ran out of
    /// memory).
    pub(crate) fn solve(&mut self) -> Result<i32, SolverError> {
        // SAFETY: valid model with a loaded problem; the Cbc lock is held by `self`.
        let code = unsafe { ffi::Cbc_solve(self.raw()) };
        ffi::take_failure("Cbc").map(|()| code)
    }

    fn flag(&self, f: unsafe extern "C" fn(*mut ffi::CbcModel) -> i32) -> bool {
        // SAFETY: `f` is one of Cbc's `int Cbc_isX(Cbc_Model *)` getters; the model is valid.
        unsafe { f(self.raw()) != 0 }
    }

    pub(crate) fn outcome(&self) -> CbcOutcome {
        // SAFETY: valid model; plain getters.
        let (status, secondary) =
            unsafe { (ffi::Cbc_status(self.raw()), ffi::Cbc_secondaryStatus(self.raw())) };
        CbcOutcome {
            status,
            secondary,
            proven_optimal: self.flag(ffi::Cbc_isProvenOptimal),
            proven_infeasible: self.flag(ffi::Cbc_isProvenInfeasible),
            continuous_unbounded: self.flag(ffi::Cbc_isContinuousUnbounded),
            seconds_limit: self.flag(ffi::Cbc_isSecondsLimitReached),
            node_limit: self.flag(ffi::Cbc_isNodeLimitReached),
            abandoned: self.flag(ffi::Cbc_isAbandoned),
            has_solution: self.best_solution().is_some(),
        }
    }

    pub(crate) fn iterations(&self) -> u64 {
        // SAFETY: valid model; a getter.
        let n = unsafe { ffi::Cbc_getIterationCount(self.raw()) };
        u64::try_from(n).unwrap_or(0)
    }

    /// The best integer-feasible solution, if Cbc found one.
    pub(crate) fn best_solution(&self) -> Option<&[f64]> {
        let n = self.num_cols();
        // SAFETY: `bestSolution` is null or has `numberColumns` entries owned by the model;
        // the slice borrows `self`.
        unsafe {
            let p = ffi::Cbc_bestSolution(self.raw());
            (!p.is_null()).then(|| std::slice::from_raw_parts(p.cast_const(), n))
        }
    }

    /// The solver's current column values (whatever Cbc stopped with).
    pub(crate) fn col_solution(&self) -> Option<&[f64]> {
        let n = self.num_cols();
        // SAFETY: null or `numberColumns` entries owned by the model; the slice borrows `self`.
        unsafe {
            let p = ffi::Cbc_getColSolution(self.raw());
            (!p.is_null()).then(|| std::slice::from_raw_parts(p, n))
        }
    }
}

/// Everything Cbc says about how a solve ended.
// The flags mirror Cbc's independent `Cbc_isX` getters; `map_cbc_status` turns them into one
// state.
#[allow(clippy::struct_excessive_bools)]
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct CbcOutcome {
    pub status: i32,
    pub secondary: i32,
    pub proven_optimal: bool,
    pub proven_infeasible: bool,
    pub continuous_unbounded: bool,
    pub seconds_limit: bool,
    pub node_limit: bool,
    pub abandoned: bool,
    pub has_solution: bool,
}

/// Maps Cbc's outcome to a [`Status`], never calling anything optimal that Cbc did not prove.
pub(crate) fn map_cbc_status(o: CbcOutcome) -> Status {
    if o.continuous_unbounded {
        // An unbounded relaxation makes the MIP unbounded only if it has a feasible point.
        return if o.has_solution { Status::Unbounded } else { Status::InfeasibleOrUnbounded };
    }
    if o.proven_optimal && o.has_solution {
        return Status::Optimal;
    }
    if o.proven_infeasible {
        return Status::Infeasible;
    }
    if o.seconds_limit {
        return Status::Stopped(StopReason::TimeLimit);
    }
    if o.abandoned {
        return Status::Stopped(StopReason::NumericalTrouble);
    }
    match (o.status, o.secondary) {
        (1, 4) => Status::Stopped(StopReason::TimeLimit),
        (1, 3 | 8) => Status::Stopped(StopReason::IterationLimit),
        (1, _) if o.node_limit => Status::Stopped(StopReason::IterationLimit),
        (2, _) => Status::Stopped(StopReason::NumericalTrouble),
        (5, _) | (_, 5) => Status::Stopped(StopReason::Interrupted),
        _ => Status::Stopped(StopReason::Unknown),
    }
}

/// `cbc 2.10`, from the linked library.
pub(crate) fn cbc_version() -> String {
    // SAFETY: returns a pointer to a static NUL-terminated string (or null).
    let p = unsafe { ffi::Cbc_getVersion() };
    if p.is_null() {
        return "cbc".into();
    }
    // SAFETY: non-null, static and NUL-terminated (`CBC_VERSION`).
    let full = unsafe { CStr::from_ptr(p) }.to_string_lossy();
    let short: Vec<&str> = full.split('.').take(2).collect();
    format!("cbc {}", short.join("."))
}

/// COIN-OR Cbc, branch and cut for MIPs.
///
/// An LP without integer columns is handed to Clp (the LP solver inside Cbc anyway), so it
/// gets duals, reduced costs and a basis, and the solution says `clp`. For a MIP, Cbc gives no
/// meaningful duals: `row_dual` and `col_reduced` are empty and `basis` is `None`;
/// `row_activity` is recomputed from `x`. [`SolveOptions::warm_start`] and
/// [`SolveOptions::algorithm`] are ignored for MIPs.
#[derive(Clone, Copy, Debug, Default)]
pub struct Cbc;

impl Solver for Cbc {
    type Resolver = Reload<Cbc>;

    fn name(&self) -> &'static str {
        "cbc"
    }

    fn resolver(&self) -> Reload<Cbc> {
        Reload::new(Cbc)
    }

    fn solve<C, R>(&self, lp: &Lp<C, R>, options: &SolveOptions) -> Result<Solution, SolverError> {
        if !lp.is_mip() {
            return solve_lp(lp, options, &clp_version());
        }
        solve_mip(lp, options)
    }
}

fn solve_mip<C, R>(lp: &Lp<C, R>, options: &SolveOptions) -> Result<Solution, SolverError> {
    let arrays = CoinArrays::from_lp(lp)?;
    let mut model = CbcModel::new()?;
    model.load(&arrays)?;
    for (j, _) in lp.col_integer.iter().enumerate().filter(|(_, i)| **i) {
        model.set_integer(j)?;
    }
    // Always minimise: the costs were negated for a maximisation.
    model.set_obj_sense(1.0);
    let level = i32::from(options.verbose);
    model.set_log_level(level);
    // `Cbc_solve` runs Cbc's command-line driver, which takes its own log levels.
    model.set_parameter("log", &level.to_string())?;
    model.set_parameter("slog", &level.to_string())?;
    if let Some(t) = options.time_limit_s {
        let t = if t.is_nan() { 0.0 } else { t.max(0.0) };
        if t.is_finite() {
            model.set_maximum_seconds(t);
            model.set_parameter("sec", &format!("{t}"))?;
        }
    }
    model.solve()?;
    let outcome = model.outcome();
    let status = map_cbc_status(outcome);
    if model.num_cols() != lp.ncols() {
        return Err(SolverError::Failed(format!(
            "Cbc reports {} columns, the LP has {}",
            model.num_cols(),
            lp.ncols()
        )));
    }
    let x: Vec<f64> = match model.best_solution().or_else(|| model.col_solution()) {
        Some(x) => x.to_vec(),
        None => vec![0.0; lp.ncols()],
    };
    let iterations = model.iterations();
    drop(model);
    Ok(Solution {
        status,
        // Recomputed from `x` in the LP's own sense: Cbc's value is that of the negated
        // objective for a maximisation, without the offset.
        objective: lp.objective_of(&x),
        row_activity: lp.matrix.mul_vec(&x),
        x,
        row_dual: Vec::new(),
        col_reduced: Vec::new(),
        basis: None,
        iterations,
        solver: cbc_version(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cbc_status_mapping_never_invents_optimality() {
        let base = CbcOutcome::default();
        let opt = CbcOutcome { proven_optimal: true, has_solution: true, ..base };
        assert_eq!(map_cbc_status(opt), Status::Optimal);
        let no_sol = CbcOutcome { proven_optimal: true, ..base };
        assert_ne!(map_cbc_status(no_sol), Status::Optimal);
        let inf = CbcOutcome { proven_infeasible: true, ..base };
        assert_eq!(map_cbc_status(inf), Status::Infeasible);
        let unb = CbcOutcome { continuous_unbounded: true, ..base };
        assert_eq!(map_cbc_status(unb), Status::InfeasibleOrUnbounded);
        let time = CbcOutcome { status: 1, secondary: 4, seconds_limit: true, ..base };
        assert_eq!(map_cbc_status(time), Status::Stopped(StopReason::TimeLimit));
        let nodes = CbcOutcome { status: 1, secondary: 3, ..base };
        assert_eq!(map_cbc_status(nodes), Status::Stopped(StopReason::IterationLimit));
        let user = CbcOutcome { status: 5, ..base };
        assert_eq!(map_cbc_status(user), Status::Stopped(StopReason::Interrupted));
        let bad = CbcOutcome { status: 2, abandoned: true, ..base };
        assert_eq!(map_cbc_status(bad), Status::Stopped(StopReason::NumericalTrouble));
        assert_eq!(map_cbc_status(base), Status::Stopped(StopReason::Unknown));
    }
}
