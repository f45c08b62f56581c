//! Clp: a safe owner of one `Clp_Simplex`, and the [`Clp`] solver built on it.

use std::cell::Cell;
use std::ffi::{CStr, c_char, c_int, c_void};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::ptr::NonNull;
use std::time::Instant;

use hinterland_lp::{
    Algorithm, Basis, BasisStatus, IterationKind, Lp, ProgressHook, Resolver, Solution, SolveOptions, Solver,
    SolverError, SolverProgress, Status, StopReason,
};

use crate::certify::{TOLERANCE, optimality_violation};
use crate::ffi;
use crate::load::{CoinArrays, Loaded, check_basis_size, refuse_mip, sense_sign};
use crate::throttle::Throttled;

/// Owns one `Clp_Simplex`; `Drop` deletes it. Every method is safe: lengths are checked before
/// a pointer crosses the boundary, and slices handed out borrow `self`, so they cannot outlive
/// the model or survive a call that may reallocate Clp's arrays (those take `&mut self`).
pub(crate) struct ClpModel {
    ptr: NonNull<ffi::ClpSimplex>,
    /// Simplex iterations of every [`run`](Self::run) so far: Clp counts only its last call,
    /// and a solve may take several (the unscaled clean-up, the certificate's re-run).
    iterations: u64,
    /// The state Clp's progress handler reports through (see [`set_progress`](Self::set_progress)),
    /// from `Box::into_raw`; freed after the model, which holds a pointer to it.
    progress: Option<NonNull<ProgressState>>,
}

impl Drop for ClpModel {
    fn drop(&mut self) {
        // SAFETY: `ptr` came from `Clp_newModel`, is owned by `self` alone and is deleted once.
        unsafe { ffi::Clp_deleteModel(self.ptr.as_ptr()) }
        if let Some(state) = self.progress.take() {
            // SAFETY: from `Box::into_raw` in `set_progress`, freed once; the model that
            // pointed to it is gone.
            drop(unsafe { Box::from_raw(state.as_ptr()) });
        }
    }
}

/// What the progress handler needs while Clp runs.
struct ProgressState {
    hook: Throttled,
    /// Iterations of the model's earlier runs: Clp's counter restarts with each run.
    base: Cell<u64>,
}

impl ProgressState {
    fn tick(&self, iterations: c_int, infeasible: bool) {
        let iterations = self.base.get() + u64::try_from(iterations).unwrap_or(0);
        self.hook.report(&SolverProgress { label: "", iterations, infeasible, kind: IterationKind::Simplex });
    }
}

/// Clp's progress handler calls this after each simplex iteration; non-zero stops the run
/// (the hook's stop flag is set).
unsafe extern "C" fn on_iteration(user: *mut c_void, iterations: c_int, primal_infeasible: c_int) -> c_int {
    // SAFETY: `user` is the `ProgressState` that `set_progress` installed with this function.
    // It lives until the model is deleted, and Clp calls back only from inside a run on this
    // thread, while nothing else touches the state (its fields are `Cell`s).
    let state = unsafe { &*user.cast::<ProgressState>() };
    // Unwinding into C++ is undefined behaviour: a panicking hook loses its report instead.
    let _ = catch_unwind(AssertUnwindSafe(|| state.tick(iterations, primal_infeasible != 0)));
    c_int::from(state.hook.stopped())
}

impl ClpModel {
    pub(crate) fn new() -> Result<Self, SolverError> {
        // SAFETY: no arguments; returns a fresh model (C++ `new`) or null.
        let raw = unsafe { ffi::Clp_newModel() };
        ffi::take_failure("Clp")?;
        NonNull::new(raw)
            .map(|ptr| ClpModel { ptr, iterations: 0, progress: None })
            .ok_or_else(|| SolverError::Failed("`Clp_newModel` returned null".into()))
    }

    fn raw(&self) -> *mut ffi::ClpSimplex {
        self.ptr.as_ptr()
    }

    pub(crate) fn set_log_level(&mut self, level: i32) {
        // SAFETY: valid model; the level is a plain int.
        unsafe { ffi::Clp_setLogLevel(self.raw(), level) }
    }

    /// Time limit in CPU seconds, counted from this call.
    pub(crate) fn set_maximum_seconds(&mut self, seconds: f64) {
        // SAFETY: valid model; a plain double.
        unsafe { ffi::Clp_setMaximumSeconds(self.raw(), seconds) }
    }

    /// Iteration limit of each run.
    pub(crate) fn set_maximum_iterations(&mut self, iterations: i32) {
        // SAFETY: valid model; a plain int.
        unsafe { ffi::Clp_setMaximumIterations(self.raw(), iterations) }
    }

    /// Calls `hook` on the first simplex iteration of the model's runs and then at most every
    /// [`ProgressHook::INTERVAL`], with the iterations of all runs so far. Replaces an earlier
    /// hook.
    pub(crate) fn set_progress(&mut self, hook: ProgressHook) {
        let state = Box::new(ProgressState { hook: Throttled::new(hook), base: Cell::new(self.iterations) });
        let state = NonNull::from(Box::leak(state));
        // SAFETY: valid model; `state` stays allocated until `Drop`, after the model (and with
        // it Clp's copy of the handler) is deleted, or below once the new handler replaced
        // the one pointing to it.
        unsafe { ffi::hl_clp_set_progress(self.raw(), Some(on_iteration), state.as_ptr().cast()) };
        if let Some(old) = self.progress.replace(state) {
            // SAFETY: from `Box::into_raw` (via `leak`), freed once; no handler points to it.
            drop(unsafe { Box::from_raw(old.as_ptr()) });
        }
    }

    /// Stops calling the hook set by [`set_progress`](Self::set_progress), if any.
    pub(crate) fn clear_progress(&mut self) {
        if let Some(old) = self.progress.take() {
            // SAFETY: valid model; a null handler removes Clp's copy of the old one.
            unsafe { ffi::hl_clp_set_progress(self.raw(), None, std::ptr::null_mut()) };
            // SAFETY: from `Box::into_raw` (via `leak`), freed once; no handler points to it.
            drop(unsafe { Box::from_raw(old.as_ptr()) });
        }
    }

    /// Replaces the bounds and costs with `loaded`'s (the matrix stays).
    pub(crate) fn change_bounds_and_costs(&mut self, loaded: &Loaded) -> Result<(), SolverError> {
        let (n, m) = (self.num_cols(), self.num_rows());
        if [loaded.col_lo.len(), loaded.col_hi.len(), loaded.obj.len()] != [n; 3]
            || [loaded.row_lo.len(), loaded.row_hi.len()] != [m; 2]
        {
            return Err(SolverError::Failed("bounds and costs of another size than Clp's model".into()));
        }
        let p = self.raw();
        // SAFETY: valid model; each array has exactly the model's column (or row) count,
        // checked above, and Clp copies it.
        unsafe {
            ffi::Clp_chgColumnLower(p, loaded.col_lo.as_ptr());
            ffi::Clp_chgColumnUpper(p, loaded.col_hi.as_ptr());
            ffi::Clp_chgObjCoefficients(p, loaded.obj.as_ptr());
            ffi::Clp_chgRowLower(p, loaded.row_lo.as_ptr());
            ffi::Clp_chgRowUpper(p, loaded.row_hi.as_ptr());
        }
        ffi::take_failure("Clp")
    }

    pub(crate) fn set_obj_sense(&mut self, sense: f64) {
        // SAFETY: valid model; a plain double.
        unsafe { ffi::Clp_setObjSense(self.raw(), sense) }
    }

    pub(crate) fn obj_sense(&self) -> f64 {
        // SAFETY: valid model; a getter.
        unsafe { ffi::Clp_getObjSense(self.raw()) }
    }

    pub(crate) fn set_scaling(&mut self, mode: i32) {
        // SAFETY: valid model; a plain int.
        unsafe { ffi::Clp_scaling(self.raw(), mode) }
    }

    pub(crate) fn load(&mut self, a: &CoinArrays) -> Result<(), SolverError> {
        if !a.is_consistent() {
            return Err(SolverError::Failed("inconsistent COIN arrays".into()));
        }
        // SAFETY: `is_consistent` guarantees `start` has ncols + 1 rising entries ending at
        // `index.len() == value.len()`, every index is below nrows, the column arrays have
        // ncols entries and the row arrays nrows. Clp copies everything before returning.
        unsafe {
            ffi::Clp_loadProblem(
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
        ffi::take_failure("Clp")
    }

    /// Reads an MPS file (keeping names); returns Clp's code: 0 success, -1 unreadable,
    /// positive the number of errors; an error when Clp threw (ran out of memory).
    pub(crate) fn read_mps(&mut self, path: &CStr) -> Result<i32, SolverError> {
        // SAFETY: valid model; `path` is NUL-terminated and outlives the call.
        let code = unsafe { ffi::Clp_readMps(self.raw(), path.as_ptr(), 1, 0) };
        ffi::take_failure("Clp").map(|()| code)
    }

    pub(crate) fn num_rows(&self) -> usize {
        // SAFETY: valid model; a getter. Clp never reports a negative count.
        let n = unsafe { ffi::Clp_getNumRows(self.raw()) };
        usize::try_from(n).unwrap_or(0)
    }

    pub(crate) fn num_cols(&self) -> usize {
        // SAFETY: valid model; a getter.
        let n = unsafe { ffi::Clp_getNumCols(self.raw()) };
        usize::try_from(n).unwrap_or(0)
    }

    /// Views `len` values at `p` as a slice borrowed from `self`; null gives `None`.
    ///
    /// # Safety
    /// A non-null `p` must point to at least `len` initialised values owned by this model and
    /// left untouched until `self` is next borrowed mutably.
    // `self` is there only to tie the slice's lifetime to the model.
    #[allow(clippy::unused_self)]
    unsafe fn view<T>(&self, p: *const T, len: usize) -> Option<&[T]> {
        if p.is_null() {
            None
        } else if len == 0 {
            Some(&[])
        } else {
            // SAFETY: forwarded to the caller, see above.
            Some(unsafe { std::slice::from_raw_parts(p, len) })
        }
    }

    pub(crate) fn col_lower(&self) -> Option<&[f64]> {
        // SAFETY: Clp's column lower bounds have `numberColumns` entries.
        unsafe { self.view(ffi::Clp_getColLower(self.raw()), self.num_cols()) }
    }

    pub(crate) fn col_upper(&self) -> Option<&[f64]> {
        // SAFETY: as `col_lower`.
        unsafe { self.view(ffi::Clp_getColUpper(self.raw()), self.num_cols()) }
    }

    pub(crate) fn obj_coefficients(&self) -> Option<&[f64]> {
        // SAFETY: the objective has `numberColumns` entries.
        unsafe { self.view(ffi::Clp_getObjCoefficients(self.raw()), self.num_cols()) }
    }

    pub(crate) fn row_lower(&self) -> Option<&[f64]> {
        // SAFETY: row bounds have `numberRows` entries.
        unsafe { self.view(ffi::Clp_getRowLower(self.raw()), self.num_rows()) }
    }

    pub(crate) fn row_upper(&self) -> Option<&[f64]> {
        // SAFETY: as `row_lower`.
        unsafe { self.view(ffi::Clp_getRowUpper(self.raw()), self.num_rows()) }
    }

    /// Integer flags of the columns, if the model has any (from an MPS `MARKER` section).
    pub(crate) fn integer_information(&self) -> Option<Vec<bool>> {
        // SAFETY: `integerInformation` is null or has `numberColumns` chars.
        let flags =
            unsafe { self.view(ffi::Clp_integerInformation(self.raw()).cast_const(), self.num_cols()) }?;
        Some(flags.iter().map(|&c| c != 0).collect())
    }

    pub(crate) fn objective_offset(&self) -> f64 {
        // SAFETY: valid model; a getter.
        unsafe { ffi::Clp_objectiveOffset(self.raw()) }
    }

    /// The constraint matrix as `(row, col, value)` triplets. Clp's column-major matrix may
    /// have gaps between columns, so each column is read through its start and length.
    pub(crate) fn matrix_triplets(&self) -> Result<Triplets, SolverError> {
        let n = self.num_cols();
        let m = self.num_rows();
        let fail = |what: &str| SolverError::Failed(format!("Clp's matrix {what}"));
        // SAFETY: starts and lengths have `numberColumns` entries each (starts one more, but
        // we only need `n`).
        let (starts, lens) = unsafe {
            (
                self.view(ffi::Clp_getVectorStarts(self.raw()), n),
                self.view(ffi::Clp_getVectorLengths(self.raw()), n),
            )
        };
        let (Some(starts), Some(lens)) = (starts, lens) else {
            if n == 0 {
                return Ok((Vec::new(), Vec::new(), Vec::new()));
            }
            return Err(fail("has no column starts"));
        };
        let mut end = 0usize;
        for (&s, &l) in starts.iter().zip(lens) {
            let (s, l) = (
                usize::try_from(s).map_err(|_| fail("has a negative start"))?,
                usize::try_from(l).map_err(|_| fail("has a negative length"))?,
            );
            end = end.max(s + l);
        }
        // SAFETY: every column's entries lie in `start..start + length`, so the element and
        // index arrays hold at least `end` values.
        let (index, value) = unsafe {
            (
                self.view(ffi::Clp_getIndices(self.raw()), end),
                self.view(ffi::Clp_getElements(self.raw()), end),
            )
        };
        let (index, value) = match (index, value) {
            (Some(i), Some(v)) => (i, v),
            _ if end == 0 => (&[][..], &[][..]),
            _ => return Err(fail("has no elements")),
        };
        let mut rows = Vec::with_capacity(end);
        let mut cols = Vec::with_capacity(end);
        let mut vals = Vec::with_capacity(end);
        for j in 0..n {
            let s = starts[j] as usize;
            for k in s..s + lens[j] as usize {
                let r = usize::try_from(index[k]).map_err(|_| fail("has a negative row index"))?;
                if r >= m {
                    return Err(fail("has a row index beyond the rows"));
                }
                rows.push(r as u32);
                cols.push(j as u32);
                vals.push(value[k]);
            }
        }
        Ok((rows, cols, vals))
    }

    fn name(&self, row: bool, i: usize) -> String {
        // SAFETY: valid model; a getter.
        let len = unsafe { ffi::Clp_lengthNames(self.raw()) };
        // Clp writes the name with `strcpy` into a buffer of at least `lengthNames + 1` bytes;
        // a generated default name (`R0000012`) can be longer when no names were kept, hence
        // the margin.
        let cap = usize::try_from(len).unwrap_or(0).max(64) + 1;
        let mut buf = vec![0 as c_char; cap];
        let Ok(i) = i32::try_from(i) else {
            return String::new();
        };
        // SAFETY: `i` is below the row (or column) count by the callers' loops, and `buf` is
        // large enough for any name Clp stores (`lengthNames` is their maximum length).
        unsafe {
            if row {
                ffi::Clp_rowName(self.raw(), i, buf.as_mut_ptr());
            } else {
                ffi::Clp_columnName(self.raw(), i, buf.as_mut_ptr());
            }
        }
        // Guard against a missing terminator rather than read past the buffer.
        buf[cap - 1] = 0;
        // SAFETY: `buf` is NUL-terminated (last byte forced to 0) and lives for this call.
        let name = unsafe { CStr::from_ptr(buf.as_ptr()) };
        name.to_string_lossy().into_owned()
    }

    pub(crate) fn row_name(&self, i: usize) -> String {
        self.name(true, i)
    }

    pub(crate) fn col_name(&self, j: usize) -> String {
        self.name(false, j)
    }

    /// Copies in a basis: one status byte per column, then one per row.
    pub(crate) fn copyin_status(&mut self, status: &[u8]) -> Result<(), SolverError> {
        let want = self.num_cols() + self.num_rows();
        if status.len() != want {
            return Err(SolverError::Failed(format!(
                "status array has {} entries, the model needs {want}",
                status.len()
            )));
        }
        // SAFETY: Clp copies exactly `numberColumns + numberRows` bytes, checked above.
        unsafe { ffi::Clp_copyinStatus(self.raw(), status.as_ptr()) }
        ffi::take_failure("Clp")
    }

    /// Runs a solve; Clp's return code, or an error when Clp threw (ran out of memory).
    pub(crate) fn run(&mut self, how: Run) -> Result<i32, SolverError> {
        if let Some(state) = self.progress {
            // SAFETY: allocated until `Drop`; Clp is not running, so nothing else reads it.
            unsafe { state.as_ref() }.base.set(self.iterations);
        }
        let code = self.run_once(how);
        ffi::take_failure("Clp")?;
        self.iterations += self.last_iterations();
        Ok(code)
    }

    fn run_once(&mut self, how: Run) -> i32 {
        let p = self.raw();
        // SAFETY: valid model with a loaded problem; the solve routines own their memory.
        unsafe {
            match how {
                Run::Initial => ffi::Clp_initialSolve(p),
                Run::InitialDual => ffi::Clp_initialDualSolve(p),
                Run::InitialPrimal => ffi::Clp_initialPrimalSolve(p),
                Run::Barrier => ffi::Clp_initialBarrierSolve(p),
                Run::Dual => ffi::Clp_dual(p, 0),
                Run::Primal => ffi::Clp_primal(p, 0),
            }
        }
    }

    pub(crate) fn status(&self) -> i32 {
        // SAFETY: valid model; a getter.
        unsafe { ffi::Clp_status(self.raw()) }
    }

    pub(crate) fn secondary_status(&self) -> i32 {
        // SAFETY: valid model; a getter.
        unsafe { ffi::Clp_secondaryStatus(self.raw()) }
    }

    pub(crate) fn is_proven_optimal(&self) -> bool {
        // SAFETY: valid model; a getter.
        unsafe { ffi::Clp_isProvenOptimal(self.raw()) != 0 }
    }

    /// Simplex iterations of every run so far.
    pub(crate) fn iterations(&self) -> u64 {
        self.iterations
    }

    fn last_iterations(&self) -> u64 {
        // SAFETY: valid model; a getter.
        let n = unsafe { ffi::Clp_numberIterations(self.raw()) };
        u64::try_from(n).unwrap_or(0)
    }

    pub(crate) fn objective_value(&self) -> f64 {
        // SAFETY: valid model; a getter.
        unsafe { ffi::Clp_objectiveValue(self.raw()) }
    }

    pub(crate) fn col_solution(&self) -> Option<&[f64]> {
        // SAFETY: the primal column solution has `numberColumns` entries.
        unsafe { self.view(ffi::Clp_getColSolution(self.raw()), self.num_cols()) }
    }

    pub(crate) fn row_activity(&self) -> Option<&[f64]> {
        // SAFETY: the row activities have `numberRows` entries.
        unsafe { self.view(ffi::Clp_getRowActivity(self.raw()), self.num_rows()) }
    }

    pub(crate) fn row_price(&self) -> Option<&[f64]> {
        // SAFETY: the row duals have `numberRows` entries.
        unsafe { self.view(ffi::Clp_getRowPrice(self.raw()), self.num_rows()) }
    }

    pub(crate) fn reduced_cost(&self) -> Option<&[f64]> {
        // SAFETY: the reduced costs have `numberColumns` entries.
        unsafe { self.view(ffi::Clp_getReducedCost(self.raw()), self.num_cols()) }
    }

    /// Basis status bytes, columns then rows; `None` before any solve.
    pub(crate) fn status_array(&self) -> Option<&[u8]> {
        let len = self.num_cols() + self.num_rows();
        // SAFETY: the status array is null or has `numberColumns + numberRows` bytes.
        let status = unsafe { ffi::Clp_statusArray(self.raw()).cast_const() };
        // A failure gives a null array: no basis to keep.
        ffi::take_failure("Clp").ok()?;
        // SAFETY: as above.
        unsafe { self.view(status, len) }
    }
}

/// A sparse matrix as `(rows, cols, values)`, for [`CscMatrix::from_triplets`](hinterland_lp::CscMatrix::from_triplets).
pub(crate) type Triplets = (Vec<u32>, Vec<u32>, Vec<f64>);

/// Which Clp entry point to call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Run {
    /// `initialSolve`: presolve, then Clp's choice of simplex.
    Initial,
    InitialDual,
    InitialPrimal,
    /// Barrier with crossover, so a basis and vertex come back.
    Barrier,
    /// Dual simplex from the current status array (warm start), no presolve.
    Dual,
    /// Primal simplex from the current status array (warm start), no presolve.
    Primal,
}

/// `clp 1.17`, from the linked library.
pub(crate) fn clp_version() -> String {
    // SAFETY: static getters without arguments.
    let (major, minor) = unsafe { (ffi::Clp_VersionMajor(), ffi::Clp_VersionMinor()) };
    format!("clp {major}.{minor}")
}

// Clp's status codes for one variable (ClpSimplex::Status).
const CLP_FREE: u8 = 0;
const CLP_BASIC: u8 = 1;
const CLP_AT_UPPER: u8 = 2;
const CLP_AT_LOWER: u8 = 3;
const CLP_SUPERBASIC: u8 = 4;
const CLP_FIXED: u8 = 5;

fn basis_status_from_clp(byte: u8) -> BasisStatus {
    // The low three bits are the status; higher bits are Clp's internal flags.
    match byte & 7 {
        CLP_BASIC => BasisStatus::Basic,
        CLP_AT_UPPER => BasisStatus::AtUpper,
        CLP_AT_LOWER => BasisStatus::AtLower,
        CLP_FIXED => BasisStatus::Fixed,
        // CLP_FREE, CLP_SUPERBASIC and anything unexpected: nonbasic between its bounds.
        _ => BasisStatus::Free,
    }
}

/// The Clp status byte for `s` on a variable with bounds `lo..=hi`, repaired so that a basis
/// taken from a related LP never asks Clp to sit a variable at an infinite bound.
fn basis_status_to_clp(s: BasisStatus, lo: f64, hi: f64) -> u8 {
    let free_or_super = || if lo.is_finite() || hi.is_finite() { CLP_SUPERBASIC } else { CLP_FREE };
    let at_upper = match s {
        BasisStatus::Basic => return CLP_BASIC,
        BasisStatus::Fixed if lo == hi => return CLP_FIXED,
        BasisStatus::Free => return free_or_super(),
        BasisStatus::AtUpper => true,
        BasisStatus::AtLower | BasisStatus::Fixed => false,
    };
    // Keep the requested side if that bound is finite, else take the other finite one.
    match (at_upper, lo.is_finite(), hi.is_finite()) {
        (true, _, true) | (false, false, true) => CLP_AT_UPPER,
        (false, true, _) | (true, true, false) => CLP_AT_LOWER,
        (_, false, false) => free_or_super(),
    }
}

/// Status bytes (columns, then rows) for a warm start of `lp` from `basis`. Rows beyond the
/// basis's length are basic; a column count that differs from the LP's is an error.
fn warm_status<C, R>(lp: &Lp<C, R>, basis: &Basis) -> Result<Vec<u8>, SolverError> {
    check_basis_size(lp, basis)?;
    let mut out = Vec::with_capacity(lp.ncols() + lp.nrows());
    for (j, &s) in basis.cols.iter().enumerate() {
        out.push(basis_status_to_clp(s, lp.col_lo[j], lp.col_hi[j]));
    }
    for i in 0..lp.nrows() {
        let s = basis.rows.get(i).copied().unwrap_or(BasisStatus::Basic);
        out.push(basis_status_to_clp(s, lp.row_lo[i], lp.row_hi[i]));
    }
    Ok(out)
}

/// Maps Clp's outcome to a [`Status`], never calling anything optimal that Clp did not prove.
///
/// `time_limit_hit` says whether a time limit was set and has passed.
pub(crate) fn map_clp_status(
    status: i32,
    secondary: i32,
    proven_optimal: bool,
    time_limit_hit: bool,
) -> Status {
    match status {
        // 2..=4: "scaled problem optimal, unscaled has primal and/or dual infeasibilities".
        0 if proven_optimal && !(2..=4).contains(&secondary) => Status::Optimal,
        // Status 4: stopped on errors.
        0 | 4 => Status::Stopped(StopReason::NumericalTrouble),
        // Secondary 1 with status 1: "dual limit reached" (we set none) or "probably
        // infeasible but could not prove it".
        1 if secondary == 1 => Status::Stopped(StopReason::NumericalTrouble),
        1 => Status::Infeasible,
        // Primal simplex proved dual infeasibility; the LP was feasible when Clp says so.
        2 => Status::Unbounded,
        3 if secondary == 9 || time_limit_hit => Status::Stopped(StopReason::TimeLimit),
        3 => Status::Stopped(StopReason::IterationLimit),
        5 => Status::Stopped(StopReason::Interrupted),
        _ => Status::Stopped(StopReason::Unknown),
    }
}

/// COIN-OR Clp, the simplex LP solver: duals, reduced costs and a basis come back with every
/// solve, and [`SolveOptions::warm_start`] is honoured (dual simplex from the given basis).
///
/// LPs with integer columns are refused with [`SolverError::Unsupported`]; use
/// [`Cbc`](crate::Cbc).
#[derive(Clone, Copy, Debug, Default)]
pub struct Clp;

impl Solver for Clp {
    type Resolver = ClpResolver;

    fn name(&self) -> &'static str {
        "clp"
    }

    fn solve<C, R>(&self, lp: &Lp<C, R>, options: &SolveOptions) -> Result<Solution, SolverError> {
        refuse_mip(lp, "Clp")?;
        solve_lp(lp, options, &clp_version())
    }

    fn resolver(&self) -> ClpResolver {
        ClpResolver { model: None }
    }
}

/// The [`Resolver`] of [`Clp`]: one Clp model, whose bounds and costs are replaced for each
/// later LP with the same matrix, and whose final basis (Clp's status array) is where the
/// next solve starts when no basis is given.
pub struct ClpResolver {
    model: Option<(ClpModel, Loaded)>,
}

impl Resolver for ClpResolver {
    fn solve<C, R>(&mut self, lp: &Lp<C, R>, options: &SolveOptions) -> Result<Solution, SolverError> {
        refuse_mip(lp, "Clp")?;
        let (model, kept) = match &mut self.model {
            Some((model, loaded)) if loaded.same_matrix(lp) => {
                if !loaded.update(lp)?.is_empty() {
                    model.change_bounds_and_costs(loaded)?;
                }
                let kept = model.status_array().is_some();
                (model, kept)
            }
            slot => {
                *slot = None;
                let arrays = CoinArrays::from_lp(lp)?;
                let mut model = ClpModel::new()?;
                model.load(&arrays)?;
                let (model, _) = slot.insert((model, Loaded::new(lp, &arrays)));
                (model, false)
            }
        };
        run_lp(model, lp, options, kept, &clp_version())
    }
}

/// Solves the LP (integrality ignored) with Clp and reports it under the name `solver`.
pub(crate) fn solve_lp<C, R>(
    lp: &Lp<C, R>,
    options: &SolveOptions,
    solver: &str,
) -> Result<Solution, SolverError> {
    let arrays = CoinArrays::from_lp(lp)?;
    let mut model = ClpModel::new()?;
    model.load(&arrays)?;
    // Clp keeps its own copy: free ours before the solve, the peak of a run's memory.
    drop(arrays);
    run_lp(&mut model, lp, options, false, solver)
}

/// Solves the LP loaded in `model` (which is `lp`): from `options.warm_start` when given,
/// else from the model's own status array when `kept` (a resolver's previous solve), else
/// cold.
fn run_lp<C, R>(
    model: &mut ClpModel,
    lp: &Lp<C, R>,
    options: &SolveOptions,
    kept: bool,
    solver: &str,
) -> Result<Solution, SolverError> {
    let warm = options.warm_start.as_ref().map(|b| warm_status(lp, b)).transpose()?;
    model.set_log_level(i32::from(options.verbose));
    match &options.progress {
        Some(hook) => model.set_progress(hook.clone()),
        None => model.clear_progress(),
    }
    // Installing the handler copies it (C++ `new`).
    ffi::take_failure("Clp")?;
    // Always minimise: the costs were negated for a maximisation (see `load`).
    model.set_obj_sense(1.0);
    debug_assert_eq!(model.obj_sense(), 1.0);
    // Clp's default; a previous solve's clean-up may have switched scaling off.
    model.set_scaling(3);

    let started = Instant::now();
    // The model counts the iterations of all its runs, a resolver's earlier solves included.
    let earlier = model.iterations();
    let limit = options.time_limit_s.map(|t| if t.is_nan() { 0.0 } else { t.max(0.0) });
    // A negative limit is none (and undoes a previous solve's).
    model.set_maximum_seconds(limit.filter(|t| t.is_finite()).unwrap_or(-1.0));
    // Clp counts each run's iterations from zero.
    model.set_maximum_iterations(
        options.iteration_limit.map_or(i32::MAX, |n| i32::try_from(n).unwrap_or(i32::MAX)),
    );
    let from_basis = warm.is_some() || kept;
    let run = match (options.algorithm, from_basis) {
        (Algorithm::Barrier, _) => Run::Barrier,
        (Algorithm::PrimalSimplex, true) => Run::Primal,
        (Algorithm::DualSimplex | Algorithm::Automatic, true) => Run::Dual,
        (Algorithm::PrimalSimplex, false) => Run::InitialPrimal,
        (Algorithm::DualSimplex, false) => Run::InitialDual,
        (Algorithm::Automatic, false) => Run::Initial,
    };
    if let (Some(status), true) = (&warm, run != Run::Barrier) {
        model.copyin_status(status)?;
    }
    model.run(run)?;
    if model.status() == 0 && (2..=4).contains(&model.secondary_status()) {
        // Optimal when scaled, slightly infeasible unscaled: clean up without scaling, as
        // Clp's own driver does, before judging.
        model.set_scaling(0);
        model.run(Run::Primal)?;
    }
    let judge = |model: &ClpModel| {
        let time_limit_hit = limit.is_some_and(|t| started.elapsed().as_secs_f64() >= t);
        let status = map_clp_status(
            model.status(),
            model.secondary_status(),
            model.is_proven_optimal(),
            time_limit_hit,
        );
        let mut sol = extract(lp, model, status, solver)?;
        sol.iterations -= earlier;
        Ok(sol)
    };
    let mut sol = judge(model)?;
    if sol.status == Status::Optimal && !certified(lp, &sol) {
        // Clp said optimal but the point and duals do not prove it (seen with the barrier on
        // unbounded LPs). One primal simplex pass from Clp's final basis settles it.
        model.run(Run::Primal)?;
        sol = judge(model)?;
        if sol.status == Status::Optimal && !certified(lp, &sol) {
            sol.status = Status::Stopped(StopReason::NumericalTrouble);
        }
    }
    Ok(sol)
}

fn certified<C, R>(lp: &Lp<C, R>, sol: &Solution) -> bool {
    optimality_violation(lp, &sol.x, &sol.row_dual) <= TOLERANCE
}

fn extract<C, R>(
    lp: &Lp<C, R>,
    model: &ClpModel,
    status: Status,
    solver: &str,
) -> Result<Solution, SolverError> {
    let (n, m) = (lp.ncols(), lp.nrows());
    if model.num_cols() != n || model.num_rows() != m {
        return Err(SolverError::Failed(format!(
            "Clp reports {} columns and {} rows, the LP has {n} and {m}",
            model.num_cols(),
            model.num_rows()
        )));
    }
    let sign = sense_sign(lp.sense);
    let copy = |v: Option<&[f64]>, len: usize, scale: f64| match v {
        Some(v) => v.iter().map(|x| scale * x).collect(),
        None => vec![0.0; len],
    };
    let x: Vec<f64> = copy(model.col_solution(), n, 1.0);
    let row_activity = copy(model.row_activity(), m, 1.0);
    // Clp minimised `sign * cost`; its row prices and reduced costs are derivatives of that
    // minimum, so multiply by `sign` to get derivatives of the LP's own objective.
    let row_dual = copy(model.row_price(), m, sign);
    let col_reduced = copy(model.reduced_cost(), n, sign);
    let basis = model.status_array().map(|s| Basis {
        cols: s[..n].iter().map(|&b| basis_status_from_clp(b)).collect(),
        rows: s[n..].iter().map(|&b| basis_status_from_clp(b)).collect(),
    });
    Ok(Solution {
        status,
        objective: sign * model.objective_value() + lp.objective_offset,
        x,
        row_activity,
        row_dual,
        col_reduced,
        basis,
        iterations: model.iterations(),
        solver: solver.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_mapping_never_invents_optimality() {
        assert_eq!(map_clp_status(0, 0, true, false), Status::Optimal);
        assert_eq!(map_clp_status(0, 0, false, false), Status::Stopped(StopReason::NumericalTrouble));
        assert_eq!(map_clp_status(0, 3, true, false), Status::Stopped(StopReason::NumericalTrouble));
        assert_eq!(map_clp_status(1, 0, false, false), Status::Infeasible);
        assert_eq!(map_clp_status(1, 11, false, false), Status::Infeasible);
        assert_eq!(map_clp_status(2, 0, false, false), Status::Unbounded);
        assert_eq!(map_clp_status(3, 9, false, false), Status::Stopped(StopReason::TimeLimit));
        assert_eq!(map_clp_status(3, 0, false, true), Status::Stopped(StopReason::TimeLimit));
        assert_eq!(map_clp_status(3, 0, false, false), Status::Stopped(StopReason::IterationLimit));
        assert_eq!(map_clp_status(4, 0, false, false), Status::Stopped(StopReason::NumericalTrouble));
        assert_eq!(map_clp_status(5, 0, false, false), Status::Stopped(StopReason::Interrupted));
        assert_eq!(map_clp_status(-1, 0, false, false), Status::Stopped(StopReason::Unknown));
    }

    #[test]
    fn basis_statuses_are_repaired_for_infinite_bounds() {
        let inf = f64::INFINITY;
        assert_eq!(basis_status_to_clp(BasisStatus::AtLower, 0.0, inf), CLP_AT_LOWER);
        assert_eq!(basis_status_to_clp(BasisStatus::AtLower, -inf, 4.0), CLP_AT_UPPER);
        assert_eq!(basis_status_to_clp(BasisStatus::AtUpper, 1.0, inf), CLP_AT_LOWER);
        assert_eq!(basis_status_to_clp(BasisStatus::AtUpper, -inf, inf), CLP_FREE);
        assert_eq!(basis_status_to_clp(BasisStatus::Fixed, 2.0, 2.0), CLP_FIXED);
        assert_eq!(basis_status_to_clp(BasisStatus::Fixed, 2.0, 3.0), CLP_AT_LOWER);
        assert_eq!(basis_status_to_clp(BasisStatus::Free, 0.0, 1.0), CLP_SUPERBASIC);
        assert_eq!(basis_status_to_clp(BasisStatus::Basic, -inf, inf), CLP_BASIC);
        for b in [CLP_FREE, CLP_BASIC, CLP_AT_UPPER, CLP_AT_LOWER, CLP_SUPERBASIC, CLP_FIXED] {
            let s = basis_status_from_clp(b | 0x40);
            assert_eq!(s, basis_status_from_clp(b));
        }
    }
}
