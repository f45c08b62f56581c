//! `HighsModel`, the safe owner of one `Highs` instance (feature `highs`), and the C API
//! calls it makes.
//!
//! No C++ exception may unwind into Rust (it aborts the process). HiGHS's C API catches
//! nothing itself (see `cpp/highs_guard.cpp`), so every call that can throw (those that
//! allocate: creation, loading, changes, option setters, info getters, runs, reading the
//! solution) is linked to its guard (`link_name = "hl_guard_..."`), which catches the
//! exception, records it for the thread and returns HiGHS's error status; [`take_failure`]
//! turns the record into a [`SolverError`] after the call. Plain getters of numbers and
//! `Highs_destroy` (destructors are `noexcept`) come from `highs-sys` directly.

use std::ffi::{CString, c_char, c_int, c_void};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::ptr::NonNull;

use highs_sys as sys;
use hinterland_lp::{IterationKind, ProgressHook, SolverError, SolverProgress};

use crate::ffi::take_failure;
use crate::load::{BoundChanges, Changes, CoinArrays};
use crate::throttle::Throttled;
// Callback kinds (`kHighsCallback*`).
const CALLBACK_SIMPLEX_INTERRUPT: c_int = 1;
const CALLBACK_IPM_INTERRUPT: c_int = 2;

// `cpp/highs_iterate.cpp`: HiGHS's `putIterate` and `getIterate` on the `Highs*` that
// `Highs_create` returned; HiGHS's status (-1 error, 0 ok, 1 warning); never unwind.
unsafe extern "C" {
    fn hl_highs_put_iterate(highs: *mut c_void) -> c_int;
    fn hl_highs_get_iterate(highs: *mut c_void) -> c_int;
}

// `cpp/highs_guard.cpp`: the C API functions that can throw, each inside `try`; after an
// exception they return HiGHS's error status (null for `Highs_create`) and `take_failure`
// gives the error. Signatures as in `highs_c_api.h` (HiGHS 1.16).
#[allow(clippy::too_many_arguments)]
mod guarded {
    use std::ffi::{c_char, c_void};

    use highs_sys::{HighsCCallbackType, HighsInt};

    unsafe extern "C" {
        #[link_name = "hl_guard_Highs_create"]
        pub fn Highs_create() -> *mut c_void;
        #[link_name = "hl_guard_Highs_passLp"]
        pub fn Highs_passLp(
            highs: *mut c_void,
            num_col: HighsInt,
            num_row: HighsInt,
            num_nz: HighsInt,
            a_format: HighsInt,
            sense: HighsInt,
            offset: f64,
            col_cost: *const f64,
            col_lower: *const f64,
            col_upper: *const f64,
            row_lower: *const f64,
            row_upper: *const f64,
            a_start: *const HighsInt,
            a_index: *const HighsInt,
            a_value: *const f64,
        ) -> HighsInt;
        #[link_name = "hl_guard_Highs_changeColsBoundsBySet"]
        pub fn Highs_changeColsBoundsBySet(
            highs: *mut c_void,
            num: HighsInt,
            set: *const HighsInt,
            lower: *const f64,
            upper: *const f64,
        ) -> HighsInt;
        #[link_name = "hl_guard_Highs_changeRowsBoundsBySet"]
        pub fn Highs_changeRowsBoundsBySet(
            highs: *mut c_void,
            num: HighsInt,
            set: *const HighsInt,
            lower: *const f64,
            upper: *const f64,
        ) -> HighsInt;
        #[link_name = "hl_guard_Highs_changeColsCostBySet"]
        pub fn Highs_changeColsCostBySet(
            highs: *mut c_void,
            num: HighsInt,
            set: *const HighsInt,
            cost: *const f64,
        ) -> HighsInt;
        #[link_name = "hl_guard_Highs_setBasis"]
        pub fn Highs_setBasis(highs: *mut c_void, cols: *const HighsInt, rows: *const HighsInt) -> HighsInt;
        #[link_name = "hl_guard_Highs_run"]
        pub fn Highs_run(highs: *mut c_void) -> HighsInt;
        #[link_name = "hl_guard_Highs_clearSolver"]
        pub fn Highs_clearSolver(highs: *mut c_void) -> HighsInt;
        #[link_name = "hl_guard_Highs_getSolution"]
        pub fn Highs_getSolution(
            highs: *const c_void,
            col_value: *mut f64,
            col_dual: *mut f64,
            row_value: *mut f64,
            row_dual: *mut f64,
        ) -> HighsInt;
        #[link_name = "hl_guard_Highs_getBasis"]
        pub fn Highs_getBasis(highs: *const c_void, cols: *mut HighsInt, rows: *mut HighsInt) -> HighsInt;
        #[link_name = "hl_guard_Highs_setBoolOptionValue"]
        pub fn Highs_setBoolOptionValue(
            highs: *mut c_void,
            option: *const c_char,
            value: HighsInt,
        ) -> HighsInt;
        #[link_name = "hl_guard_Highs_setIntOptionValue"]
        pub fn Highs_setIntOptionValue(
            highs: *mut c_void,
            option: *const c_char,
            value: HighsInt,
        ) -> HighsInt;
        #[link_name = "hl_guard_Highs_setDoubleOptionValue"]
        pub fn Highs_setDoubleOptionValue(highs: *mut c_void, option: *const c_char, value: f64) -> HighsInt;
        #[link_name = "hl_guard_Highs_setStringOptionValue"]
        pub fn Highs_setStringOptionValue(
            highs: *mut c_void,
            option: *const c_char,
            value: *const c_char,
        ) -> HighsInt;
        #[link_name = "hl_guard_Highs_getIntInfoValue"]
        pub fn Highs_getIntInfoValue(
            highs: *const c_void,
            info: *const c_char,
            value: *mut HighsInt,
        ) -> HighsInt;
        #[link_name = "hl_guard_Highs_setCallback"]
        pub fn Highs_setCallback(
            highs: *mut c_void,
            callback: HighsCCallbackType,
            data: *mut c_void,
        ) -> HighsInt;
        #[link_name = "hl_guard_Highs_startCallback"]
        pub fn Highs_startCallback(highs: *mut c_void, kind: HighsInt) -> HighsInt;
        #[link_name = "hl_guard_Highs_stopCallback"]
        pub fn Highs_stopCallback(highs: *mut c_void, kind: HighsInt) -> HighsInt;
    }
}

// The guards declare `HighsInt` as C's `int`: highs-sys builds HiGHS without `HIGHSINT64`.
const _: () = assert!(size_of::<sys::HighsInt>() == size_of::<c_int>());

/// Owns one `Highs` instance; `Drop` destroys it. Methods are safe: lengths are checked
/// before a pointer crosses the boundary and everything read back is copied out.
pub(crate) struct HighsModel {
    ptr: NonNull<c_void>,
    /// Whether HiGHS holds an iterate from [`put_iterate`](Self::put_iterate) that
    /// [`get_iterate`](Self::get_iterate) may go back to.
    marked: bool,
    /// The state the progress callback reports through, from `Box::into_raw`; freed after the
    /// instance, which holds a pointer to it.
    progress: Option<NonNull<Throttled>>,
}

impl Drop for HighsModel {
    fn drop(&mut self) {
        // SAFETY: `ptr` came from `Highs_create`, is owned by `self` alone and destroyed once.
        unsafe { sys::Highs_destroy(self.ptr.as_ptr()) }
        if let Some(state) = self.progress.take() {
            // SAFETY: from `Box::into_raw` in `set_progress`, freed once; the instance that
            // pointed to it is gone.
            drop(unsafe { Box::from_raw(state.as_ptr()) });
        }
    }
}

/// HiGHS calls this from inside `Highs_run` at its interrupt checks (each interior-point
/// iteration; regularly during simplex).
unsafe extern "C" fn on_callback(
    kind: c_int,
    _message: *const c_char,
    data_out: *const sys::HighsCallbackDataOut,
    _data_in: *mut sys::HighsCallbackDataIn,
    user: *mut c_void,
) {
    if user.is_null() || data_out.is_null() {
        return;
    }
    // SAFETY: `user` is the `Throttled` hook that `set_progress` installed with this function;
    // it lives until the instance is destroyed, and HiGHS calls back only from inside a run
    // on this thread, while nothing else touches the state (its fields are `Cell`s).
    // `data_out` is HiGHS's own, valid for the duration of the call.
    let (state, out) = unsafe { (&*user.cast::<Throttled>(), &*data_out) };
    let (kind, count) = match kind {
        CALLBACK_IPM_INTERRUPT => (IterationKind::InteriorPoint, out.ipm_iteration_count),
        CALLBACK_SIMPLEX_INTERRUPT => (IterationKind::Simplex, out.simplex_iteration_count),
        _ => return,
    };
    let iterations = u64::try_from(count).unwrap_or(0);
    // HiGHS does not say whether its simplex is still in its feasibility phase.
    let progress = SolverProgress { label: "", iterations, infeasible: false, kind };
    // Unwinding into C++ is undefined behaviour: a panicking hook loses its report instead.
    let _ = catch_unwind(AssertUnwindSafe(|| state.report(&progress)));
}

fn c_name(name: &str) -> CString {
    CString::new(name).expect("option and info names are literals without NUL")
}

impl HighsModel {
    pub(crate) fn new() -> Result<Self, SolverError> {
        // SAFETY: no arguments; returns a fresh instance, or null (also after an exception).
        let raw = unsafe { guarded::Highs_create() };
        take_failure("HiGHS")?;
        let model = NonNull::new(raw)
            .map(|ptr| HighsModel { ptr, marked: false, progress: None })
            .ok_or_else(|| SolverError::Failed("`Highs_create` returned null".into()))?;
        Ok(model)
    }

    fn raw(&self) -> *mut c_void {
        self.ptr.as_ptr()
    }

    /// After a guarded call: its exception, if any, else whether `code` is an error.
    fn check(code: sys::HighsInt, what: &str) -> Result<(), SolverError> {
        take_failure("HiGHS")?;
        // kHighsStatusError is -1; 0 is ok and 1 a warning.
        if code < 0 { Err(SolverError::Failed(format!("HiGHS refused {what}"))) } else { Ok(()) }
    }

    pub(crate) fn set_bool(&mut self, option: &str, value: bool) -> Result<(), SolverError> {
        let name = c_name(option);
        // SAFETY: valid instance; `name` is NUL-terminated and outlives the call.
        let code =
            unsafe { guarded::Highs_setBoolOptionValue(self.raw(), name.as_ptr(), c_int::from(value)) };
        Self::check(code, &format!("option `{option}`"))
    }

    pub(crate) fn set_int(&mut self, option: &str, value: sys::HighsInt) -> Result<(), SolverError> {
        let name = c_name(option);
        // SAFETY: as `set_bool`.
        let code = unsafe { guarded::Highs_setIntOptionValue(self.raw(), name.as_ptr(), value) };
        Self::check(code, &format!("option `{option}`"))
    }

    pub(crate) fn set_double(&mut self, option: &str, value: f64) -> Result<(), SolverError> {
        let name = c_name(option);
        // SAFETY: as `set_bool`.
        let code = unsafe { guarded::Highs_setDoubleOptionValue(self.raw(), name.as_ptr(), value) };
        Self::check(code, &format!("option `{option}`"))
    }

    pub(crate) fn set_string(&mut self, option: &str, value: &str) -> Result<(), SolverError> {
        let (name, value_c) = (c_name(option), c_name(value));
        // SAFETY: as `set_bool`; both strings outlive the call.
        let code =
            unsafe { guarded::Highs_setStringOptionValue(self.raw(), name.as_ptr(), value_c.as_ptr()) };
        Self::check(code, &format!("option `{option}` = `{value}`"))
    }

    /// An info value; `None` if HiGHS has none (not computed), an error after an exception.
    pub(crate) fn int_info(&self, info: &str) -> Result<Option<sys::HighsInt>, SolverError> {
        let name = c_name(info);
        let mut value: sys::HighsInt = 0;
        // SAFETY: valid instance; `name` outlives the call; `value` is a valid out-pointer.
        let code = unsafe { guarded::Highs_getIntInfoValue(self.raw(), name.as_ptr(), &raw mut value) };
        take_failure("HiGHS")?;
        Ok((code >= 0).then_some(value))
    }

    /// Calls `hook` at HiGHS's interrupt checks, at most every [`ProgressHook::INTERVAL`];
    /// `None` stops calling the one set before, if any.
    pub(crate) fn set_progress(&mut self, hook: Option<ProgressHook>) -> Result<(), SolverError> {
        let Some(hook) = hook else {
            if self.progress.is_some() {
                for kind in [CALLBACK_SIMPLEX_INTERRUPT, CALLBACK_IPM_INTERRUPT] {
                    // SAFETY: valid instance; a plain int. The state stays allocated (HiGHS
                    // keeps the pointer) until replaced or dropped.
                    Self::check(
                        unsafe { guarded::Highs_stopCallback(self.raw(), kind) },
                        "the progress callback",
                    )?;
                }
            }
            return Ok(());
        };
        let state = Box::new(Throttled::new(hook));
        let state = NonNull::from(Box::leak(state));
        // SAFETY: valid instance; `state` stays allocated until `Drop`, after the instance
        // (and with it HiGHS's copy of the pointer) is destroyed.
        let code =
            unsafe { guarded::Highs_setCallback(self.raw(), Some(on_callback), state.as_ptr().cast()) };
        if let Some(old) = self.progress.replace(state) {
            // SAFETY: from `Box::into_raw` (via `leak`), freed once; the callback now points
            // to the new state.
            drop(unsafe { Box::from_raw(old.as_ptr()) });
        }
        Self::check(code, "the progress callback")?;
        for kind in [CALLBACK_SIMPLEX_INTERRUPT, CALLBACK_IPM_INTERRUPT] {
            // SAFETY: valid instance; a plain int.
            Self::check(unsafe { guarded::Highs_startCallback(self.raw(), kind) }, "the progress callback")?;
        }
        Ok(())
    }

    pub(crate) fn load(&mut self, a: &CoinArrays) -> Result<(), SolverError> {
        if !a.is_consistent() {
            return Err(SolverError::Failed("inconsistent LP arrays".into()));
        }
        let nnz = a.index.len() as sys::HighsInt;
        // SAFETY: `is_consistent` guarantees `start` has ncols + 1 rising entries ending at
        // `index.len() == value.len()` (HiGHS reads the first ncols), every index is below
        // nrows, the column arrays have ncols entries and the row arrays nrows. HiGHS copies
        // everything before returning. Always a minimisation: costs are already negated for
        // a maximisation (see `load`).
        let code = unsafe {
            guarded::Highs_passLp(
                self.raw(),
                a.ncols,
                a.nrows,
                nnz,
                sys::MATRIX_FORMAT_COLUMN_WISE,
                sys::OBJECTIVE_SENSE_MINIMIZE,
                0.0,
                a.obj.as_ptr(),
                a.col_lo.as_ptr(),
                a.col_hi.as_ptr(),
                a.row_lo.as_ptr(),
                a.row_hi.as_ptr(),
                a.start.as_ptr(),
                a.index.as_ptr(),
                a.value.as_ptr(),
            )
        };
        Self::check(code, "the LP")
    }

    /// Hands over the bounds and costs that changed since the LP was passed (or last changed).
    pub(crate) fn apply(&mut self, changes: &Changes) -> Result<(), SolverError> {
        let (n, m) = (self.num_cols(), self.num_rows());
        let Changes { cols, costs, rows } = changes;
        self.change_bounds(guarded::Highs_changeColsBoundsBySet, cols, n, "the changed column bounds")?;
        self.change_bounds(guarded::Highs_changeRowsBoundsBySet, rows, m, "the changed row bounds")?;
        if costs.index.is_empty() {
            return Ok(());
        }
        if !fits(&costs.index, n) || costs.cost.len() != costs.index.len() {
            return Err(SolverError::Failed("inconsistent LP changes".into()));
        }
        // SAFETY: valid instance; `index` and `cost` have the same length (checked above),
        // every index below the column count; HiGHS copies them.
        let code = unsafe {
            guarded::Highs_changeColsCostBySet(
                self.raw(),
                costs.index.len() as sys::HighsInt,
                costs.index.as_ptr(),
                costs.cost.as_ptr(),
            )
        };
        Self::check(code, "the changed costs")
    }

    /// Hands `set` to `change`, HiGHS's column or row `change*BoundsBySet`, whose indices
    /// must be below `len`.
    fn change_bounds(
        &mut self,
        change: unsafe extern "C" fn(
            *mut c_void,
            sys::HighsInt,
            *const sys::HighsInt,
            *const f64,
            *const f64,
        ) -> sys::HighsInt,
        set: &BoundChanges,
        len: usize,
        what: &str,
    ) -> Result<(), SolverError> {
        if set.index.is_empty() {
            return Ok(());
        }
        let k = set.index.len();
        if !fits(&set.index, len) || set.lo.len() != k || set.hi.len() != k {
            return Err(SolverError::Failed("inconsistent LP changes".into()));
        }
        // SAFETY: valid instance; `index`, `lo` and `hi` have `k` entries each (checked
        // above), every index below `len`, the count `change` takes them against; HiGHS
        // copies them.
        let code = unsafe {
            change(self.raw(), k as sys::HighsInt, set.index.as_ptr(), set.lo.as_ptr(), set.hi.as_ptr())
        };
        Self::check(code, what)
    }

    /// Seconds of HiGHS's run clock, which adds up over the runs of one instance.
    pub(crate) fn run_time(&self) -> f64 {
        // SAFETY: valid instance; a getter.
        unsafe { sys::Highs_getRunTime(self.raw()) }
    }

    pub(crate) fn num_cols(&self) -> usize {
        // SAFETY: valid instance; a getter.
        usize::try_from(unsafe { sys::Highs_getNumCol(self.raw()) }).unwrap_or(0)
    }

    pub(crate) fn num_rows(&self) -> usize {
        // SAFETY: valid instance; a getter.
        usize::try_from(unsafe { sys::Highs_getNumRow(self.raw()) }).unwrap_or(0)
    }

    /// Installs a basis (columns then rows); false if HiGHS finds it inconsistent, in which
    /// case the solve starts cold.
    pub(crate) fn set_basis(
        &mut self,
        cols: &[sys::HighsInt],
        rows: &[sys::HighsInt],
    ) -> Result<bool, SolverError> {
        if cols.len() != self.num_cols() || rows.len() != self.num_rows() {
            return Ok(false);
        }
        // SAFETY: valid instance; the arrays have exactly num_col and num_row entries.
        let code = unsafe { guarded::Highs_setBasis(self.raw(), cols.as_ptr(), rows.as_ptr()) };
        take_failure("HiGHS").map(|()| code >= 0)
    }

    /// Runs the solver; its outcome is in [`model_status`](Self::model_status). Running out
    /// of memory is an error, whether HiGHS caught the exception itself (model status
    /// "memory limit") or its guard did.
    pub(crate) fn run(&mut self) -> Result<(), SolverError> {
        // SAFETY: valid instance with a model passed; HiGHS owns its memory.
        unsafe { guarded::Highs_run(self.raw()) };
        take_failure("HiGHS")?;
        if self.model_status() == sys::MODEL_STATUS_REACHED_MEMORY_LIMIT {
            return Err(SolverError::Failed(
                "HiGHS ran out of memory; the LP is too large for this machine's memory (or its limit)"
                    .into(),
            ));
        }
        Ok(())
    }

    /// Remembers where the last simplex run stopped: its basis, the factorisation and any
    /// dual steepest-edge weights (HiGHS's `putIterate`). False if there is nothing to
    /// remember (no simplex run since the LP was loaded or the solver cleared).
    pub(crate) fn put_iterate(&mut self) -> bool {
        // SAFETY: valid instance, which `Highs_create` made as a `Highs`; the shim catches
        // every exception.
        self.marked = unsafe { hl_highs_put_iterate(self.raw()) >= 0 };
        self.marked
    }

    /// Goes back to what [`put_iterate`](Self::put_iterate) remembered, so that the next run
    /// starts there (HiGHS's `getIterate`); bounds and costs stay as they are now. False if
    /// nothing is remembered, or it was made stale by [`clear_solver`](Self::clear_solver)
    /// (which HiGHS does not check: its memory is only of the matrix and scaling it had).
    pub(crate) fn get_iterate(&mut self) -> bool {
        // SAFETY: as `put_iterate`; only an iterate of this instance's current matrix and
        // scaling (nothing but `clear_solver` changes them on a loaded instance).
        self.marked && unsafe { hl_highs_get_iterate(self.raw()) >= 0 }
    }

    /// Forgets the solution and basis of the last run, so the next one starts cold.
    pub(crate) fn clear_solver(&mut self) -> Result<(), SolverError> {
        self.marked = false;
        // SAFETY: valid instance; keeps the model, drops HiGHS's solver state.
        unsafe { guarded::Highs_clearSolver(self.raw()) };
        take_failure("HiGHS")
    }

    pub(crate) fn model_status(&self) -> sys::HighsInt {
        // SAFETY: valid instance; a getter.
        unsafe { sys::Highs_getModelStatus(self.raw()) }
    }

    pub(crate) fn objective_value(&self) -> f64 {
        // SAFETY: valid instance; a getter.
        unsafe { sys::Highs_getObjectiveValue(self.raw()) }
    }

    /// Column values, column duals, row values, row duals.
    #[allow(clippy::type_complexity)]
    pub(crate) fn solution(&self) -> Result<(Vec<f64>, Vec<f64>, Vec<f64>, Vec<f64>), SolverError> {
        let (ncols, nrows) = (self.num_cols(), self.num_rows());
        let mut col_value = vec![0.0; ncols];
        let mut col_dual = vec![0.0; ncols];
        let mut row_value = vec![0.0; nrows];
        let mut row_dual = vec![0.0; nrows];
        // SAFETY: valid instance; each array has the instance's column or row count.
        unsafe {
            guarded::Highs_getSolution(
                self.raw(),
                col_value.as_mut_ptr(),
                col_dual.as_mut_ptr(),
                row_value.as_mut_ptr(),
                row_dual.as_mut_ptr(),
            );
        }
        take_failure("HiGHS").map(|()| (col_value, col_dual, row_value, row_dual))
    }

    /// The basis, if HiGHS holds a valid one.
    #[allow(clippy::type_complexity)]
    pub(crate) fn basis(&self) -> Result<Option<(Vec<sys::HighsInt>, Vec<sys::HighsInt>)>, SolverError> {
        if self.int_info("basis_validity")? != Some(1) {
            return Ok(None);
        }
        let (mut cols, mut rows) = (vec![0; self.num_cols()], vec![0; self.num_rows()]);
        // SAFETY: valid instance; the arrays have the instance's column and row counts.
        let code = unsafe { guarded::Highs_getBasis(self.raw(), cols.as_mut_ptr(), rows.as_mut_ptr()) };
        take_failure("HiGHS")?;
        Ok((code >= 0).then_some((cols, rows)))
    }

    pub(crate) fn iterations(&self) -> Result<u64, SolverError> {
        let mut total = 0;
        for name in ["simplex_iteration_count", "ipm_iteration_count", "crossover_iteration_count"] {
            total += self.int_info(name)?.map_or(0, |n| u64::try_from(n).unwrap_or(0));
        }
        Ok(total)
    }
}

/// Whether every index in `index` is a position below `len`.
fn fits(index: &[i32], len: usize) -> bool {
    index.iter().all(|&k| usize::try_from(k).is_ok_and(|k| k < len))
}
