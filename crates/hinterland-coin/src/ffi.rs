//! Hand-written declarations for the parts of `Clp_C_Interface.h` (Clp 1.17) and
//! `Cbc_C_Interface.h` (Cbc 2.10) this crate calls. No bindgen: each signature was checked
//! against the headers shipped in `clp-src` and `cbc-src`. `CoinBigIndex` is `int` in these
//! builds. Nothing here is public; the safe wrappers live in `clp` and `cbc`.
//!
//! No C++ exception may unwind into Rust (it aborts the process). Every function that can
//! throw (those that allocate: model creation, loading, changes, solves) is linked to its
//! guard in `cpp/guard.cpp` (`link_name = "hl_guard_..."`), which catches the exception,
//! records it for the thread and returns a neutral value; [`take_failure`] turns the record
//! into an error after the call. Getters of existing arrays and plain setters do not throw.

use std::ffi::c_void;
use std::os::raw::{c_char, c_double, c_int, c_uchar};

/// Opaque `Clp_Simplex`.
#[repr(C)]
pub struct ClpSimplex {
    _private: [u8; 0],
}

/// Opaque `Cbc_Model`.
#[repr(C)]
pub struct CbcModel {
    _private: [u8; 0],
}

/// `hl_clp_progress_fn` in `cpp/progress.cpp`: told each simplex iteration; must not unwind;
/// returns non-zero to stop the run (status 5, interrupted).
pub type ProgressFn =
    unsafe extern "C" fn(user: *mut c_void, iterations: c_int, primal_infeasible: c_int) -> c_int;

// Ours, compiled by `build.rs` from `cpp/progress.cpp` and `cpp/guard.cpp` (not part of
// Clp's C API).
unsafe extern "C" {
    /// The failure recorded by guarded calls on this thread since the last take (0 none,
    /// 1 out of memory, 2 a C++ exception, 3 an unknown one), its message copied into
    /// `buffer` (NUL-terminated within `size` bytes); clears the record.
    fn hl_guard_take(buffer: *mut c_char, size: c_int) -> c_int;
    /// Records a `std::bad_alloc` (1), a `CoinError` (2) or an int (3) thrown and caught in
    /// C++, as a guarded call would: for the tests.
    #[cfg(test)]
    fn hl_guard_test_throw(which: c_int) -> c_int;
    /// Installs (`f` non-null) or removes (`f` null) an event handler that calls `f(user, ..)`
    /// after each simplex iteration; `user` must stay valid until removal or deletion.
    pub fn hl_clp_set_progress(model: *mut ClpSimplex, f: Option<ProgressFn>, user: *mut c_void);
}

// The `-src` crates only build and link the static libraries; naming them keeps them linked.
use cbc_src as _;
use clp_src as _;

unsafe extern "C" {
    pub fn Clp_VersionMajor() -> c_int;
    pub fn Clp_VersionMinor() -> c_int;

    #[link_name = "hl_guard_Clp_newModel"]
    pub fn Clp_newModel() -> *mut ClpSimplex;
    pub fn Clp_deleteModel(model: *mut ClpSimplex);

    #[allow(clippy::too_many_arguments)]
    #[link_name = "hl_guard_Clp_loadProblem"]
    pub fn Clp_loadProblem(
        model: *mut ClpSimplex,
        numcols: c_int,
        numrows: c_int,
        start: *const c_int,
        index: *const c_int,
        value: *const c_double,
        collb: *const c_double,
        colub: *const c_double,
        obj: *const c_double,
        rowlb: *const c_double,
        rowub: *const c_double,
    );
    #[link_name = "hl_guard_Clp_chgRowLower"]
    pub fn Clp_chgRowLower(model: *mut ClpSimplex, row_lower: *const c_double);
    #[link_name = "hl_guard_Clp_chgRowUpper"]
    pub fn Clp_chgRowUpper(model: *mut ClpSimplex, row_upper: *const c_double);
    #[link_name = "hl_guard_Clp_chgColumnLower"]
    pub fn Clp_chgColumnLower(model: *mut ClpSimplex, column_lower: *const c_double);
    #[link_name = "hl_guard_Clp_chgColumnUpper"]
    pub fn Clp_chgColumnUpper(model: *mut ClpSimplex, column_upper: *const c_double);
    #[link_name = "hl_guard_Clp_chgObjCoefficients"]
    pub fn Clp_chgObjCoefficients(model: *mut ClpSimplex, obj: *const c_double);
    #[link_name = "hl_guard_Clp_readMps"]
    pub fn Clp_readMps(
        model: *mut ClpSimplex,
        filename: *const c_char,
        keep_names: c_int,
        ignore_errors: c_int,
    ) -> c_int;

    pub fn Clp_setLogLevel(model: *mut ClpSimplex, value: c_int);
    pub fn Clp_setMaximumSeconds(model: *mut ClpSimplex, value: c_double);
    pub fn Clp_setMaximumIterations(model: *mut ClpSimplex, value: c_int);
    pub fn Clp_setObjSense(model: *mut ClpSimplex, objsen: c_double);
    pub fn Clp_getObjSense(model: *mut ClpSimplex) -> c_double;
    pub fn Clp_objectiveOffset(model: *mut ClpSimplex) -> c_double;
    pub fn Clp_scaling(model: *mut ClpSimplex, mode: c_int);

    pub fn Clp_getNumRows(model: *mut ClpSimplex) -> c_int;
    pub fn Clp_getNumCols(model: *mut ClpSimplex) -> c_int;
    pub fn Clp_getVectorStarts(model: *mut ClpSimplex) -> *const c_int;
    pub fn Clp_getVectorLengths(model: *mut ClpSimplex) -> *const c_int;
    pub fn Clp_getIndices(model: *mut ClpSimplex) -> *const c_int;
    pub fn Clp_getElements(model: *mut ClpSimplex) -> *const c_double;
    pub fn Clp_getColLower(model: *mut ClpSimplex) -> *const c_double;
    pub fn Clp_getColUpper(model: *mut ClpSimplex) -> *const c_double;
    pub fn Clp_getRowLower(model: *mut ClpSimplex) -> *const c_double;
    pub fn Clp_getRowUpper(model: *mut ClpSimplex) -> *const c_double;
    pub fn Clp_getObjCoefficients(model: *mut ClpSimplex) -> *const c_double;
    pub fn Clp_integerInformation(model: *mut ClpSimplex) -> *mut c_char;
    pub fn Clp_lengthNames(model: *mut ClpSimplex) -> c_int;
    pub fn Clp_rowName(model: *mut ClpSimplex, row: c_int, name: *mut c_char);
    pub fn Clp_columnName(model: *mut ClpSimplex, column: c_int, name: *mut c_char);

    #[link_name = "hl_guard_Clp_initialSolve"]
    pub fn Clp_initialSolve(model: *mut ClpSimplex) -> c_int;
    #[link_name = "hl_guard_Clp_initialDualSolve"]
    pub fn Clp_initialDualSolve(model: *mut ClpSimplex) -> c_int;
    #[link_name = "hl_guard_Clp_initialPrimalSolve"]
    pub fn Clp_initialPrimalSolve(model: *mut ClpSimplex) -> c_int;
    #[link_name = "hl_guard_Clp_initialBarrierSolve"]
    pub fn Clp_initialBarrierSolve(model: *mut ClpSimplex) -> c_int;
    #[link_name = "hl_guard_Clp_dual"]
    pub fn Clp_dual(model: *mut ClpSimplex, if_values_pass: c_int) -> c_int;
    #[link_name = "hl_guard_Clp_primal"]
    pub fn Clp_primal(model: *mut ClpSimplex, if_values_pass: c_int) -> c_int;

    pub fn Clp_status(model: *mut ClpSimplex) -> c_int;
    pub fn Clp_secondaryStatus(model: *mut ClpSimplex) -> c_int;
    pub fn Clp_isProvenOptimal(model: *mut ClpSimplex) -> c_int;
    pub fn Clp_numberIterations(model: *mut ClpSimplex) -> c_int;
    pub fn Clp_objectiveValue(model: *mut ClpSimplex) -> c_double;
    pub fn Clp_getColSolution(model: *mut ClpSimplex) -> *const c_double;
    pub fn Clp_getRowActivity(model: *mut ClpSimplex) -> *const c_double;
    pub fn Clp_getRowPrice(model: *mut ClpSimplex) -> *const c_double;
    pub fn Clp_getReducedCost(model: *mut ClpSimplex) -> *const c_double;
    #[link_name = "hl_guard_Clp_statusArray"]
    pub fn Clp_statusArray(model: *mut ClpSimplex) -> *mut c_uchar;
    #[link_name = "hl_guard_Clp_copyinStatus"]
    pub fn Clp_copyinStatus(model: *mut ClpSimplex, status: *const c_uchar);

    pub fn Cbc_getVersion() -> *const c_char;
    #[link_name = "hl_guard_Cbc_newModel"]
    pub fn Cbc_newModel() -> *mut CbcModel;
    pub fn Cbc_deleteModel(model: *mut CbcModel);
    #[allow(clippy::too_many_arguments)]
    #[link_name = "hl_guard_Cbc_loadProblem"]
    pub fn Cbc_loadProblem(
        model: *mut CbcModel,
        numcols: c_int,
        numrows: c_int,
        start: *const c_int,
        index: *const c_int,
        value: *const c_double,
        collb: *const c_double,
        colub: *const c_double,
        obj: *const c_double,
        rowlb: *const c_double,
        rowub: *const c_double,
    );
    #[link_name = "hl_guard_Cbc_setInteger"]
    pub fn Cbc_setInteger(model: *mut CbcModel, column: c_int);
    pub fn Cbc_setObjSense(model: *mut CbcModel, sense: c_double);
    #[link_name = "hl_guard_Cbc_setParameter"]
    pub fn Cbc_setParameter(model: *mut CbcModel, name: *const c_char, value: *const c_char);
    pub fn Cbc_setLogLevel(model: *mut CbcModel, level: c_int);
    pub fn Cbc_setMaximumSeconds(model: *mut CbcModel, seconds: c_double);
    #[link_name = "hl_guard_Cbc_solve"]
    pub fn Cbc_solve(model: *mut CbcModel) -> c_int;
    pub fn Cbc_getNumCols(model: *mut CbcModel) -> c_int;
    pub fn Cbc_status(model: *mut CbcModel) -> c_int;
    pub fn Cbc_secondaryStatus(model: *mut CbcModel) -> c_int;
    pub fn Cbc_isProvenOptimal(model: *mut CbcModel) -> c_int;
    pub fn Cbc_isProvenInfeasible(model: *mut CbcModel) -> c_int;
    pub fn Cbc_isContinuousUnbounded(model: *mut CbcModel) -> c_int;
    pub fn Cbc_isSecondsLimitReached(model: *mut CbcModel) -> c_int;
    pub fn Cbc_isNodeLimitReached(model: *mut CbcModel) -> c_int;
    pub fn Cbc_isAbandoned(model: *mut CbcModel) -> c_int;
    pub fn Cbc_getIterationCount(model: *mut CbcModel) -> c_int;
    pub fn Cbc_bestSolution(model: *mut CbcModel) -> *mut c_double;
    pub fn Cbc_getColSolution(model: *mut CbcModel) -> *const c_double;
}

/// A C++ exception caught by a guard since the last call on this thread, as an error.
pub fn take_failure(solver: &str) -> Result<(), hinterland_lp::SolverError> {
    let mut buffer = [0 as c_char; 256];
    // SAFETY: the buffer is writable for its whole length, which is passed.
    let code = unsafe { hl_guard_take(buffer.as_mut_ptr(), buffer.len() as c_int) };
    if code == 0 {
        return Ok(());
    }
    // SAFETY: `hl_guard_take` wrote a NUL-terminated string within the buffer.
    let what = unsafe { std::ffi::CStr::from_ptr(buffer.as_ptr()) }.to_string_lossy().into_owned();
    Err(hinterland_lp::SolverError::Failed(if code == 1 {
        format!("{solver} ran out of memory; the LP is too large for this machine's memory (or its limit)")
    } else {
        format!("{solver} failed with a C++ exception: {what}")
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Exceptions thrown in C++ come back as errors, once, on the thread that caused them.
    #[test]
    fn caught_exceptions_become_errors() {
        assert!(take_failure("Clp").is_ok());
        for (which, expected) in [
            (1, "Clp ran out of memory"),
            (2, "Clp failed with a C++ exception: a test error"),
            (3, "Clp failed with a C++ exception: an unknown C++ exception"),
        ] {
            // SAFETY: no arguments beyond an int; the function catches what it throws.
            assert_eq!(unsafe { hl_guard_test_throw(which) }, -1);
            let message = take_failure("Clp").expect_err("a failure was recorded").to_string();
            assert!(message.contains(expected), "{message}");
            assert!(take_failure("Clp").is_ok(), "taking clears the record");
        }
    }
}
