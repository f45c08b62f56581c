//! Hand-written declarations for the parts of `Clp_C_Interface.h` (Clp 1.17) and
//! `Cbc_C_Interface.h` (Cbc 2.10) this crate calls. No bindgen: each signature was checked
//! against the headers shipped in `clp-src` and `cbc-src`. `CoinBigIndex` is `int` in these
//! builds. Nothing here is public; the safe wrappers live in `clp` and `cbc`.

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

/// `hl_clp_progress_fn` in `cpp/progress.cpp`: told each simplex iteration; must not unwind.
pub type ProgressFn = unsafe extern "C" fn(user: *mut c_void, iterations: c_int, primal_infeasible: c_int);

// Ours, compiled by `build.rs` from `cpp/progress.cpp` (not part of Clp's C API).
unsafe extern "C" {
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

    pub fn Clp_newModel() -> *mut ClpSimplex;
    pub fn Clp_deleteModel(model: *mut ClpSimplex);

    #[allow(clippy::too_many_arguments)]
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
    pub fn Clp_chgRowLower(model: *mut ClpSimplex, row_lower: *const c_double);
    pub fn Clp_chgRowUpper(model: *mut ClpSimplex, row_upper: *const c_double);
    pub fn Clp_chgColumnLower(model: *mut ClpSimplex, column_lower: *const c_double);
    pub fn Clp_chgColumnUpper(model: *mut ClpSimplex, column_upper: *const c_double);
    pub fn Clp_chgObjCoefficients(model: *mut ClpSimplex, obj: *const c_double);
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

    pub fn Clp_initialSolve(model: *mut ClpSimplex) -> c_int;
    pub fn Clp_initialDualSolve(model: *mut ClpSimplex) -> c_int;
    pub fn Clp_initialPrimalSolve(model: *mut ClpSimplex) -> c_int;
    pub fn Clp_initialBarrierSolve(model: *mut ClpSimplex) -> c_int;
    pub fn Clp_dual(model: *mut ClpSimplex, if_values_pass: c_int) -> c_int;
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
    pub fn Clp_statusArray(model: *mut ClpSimplex) -> *mut c_uchar;
    pub fn Clp_copyinStatus(model: *mut ClpSimplex, status: *const c_uchar);

    pub fn Cbc_getVersion() -> *const c_char;
    pub fn Cbc_newModel() -> *mut CbcModel;
    pub fn Cbc_deleteModel(model: *mut CbcModel);
    #[allow(clippy::too_many_arguments)]
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
    pub fn Cbc_setInteger(model: *mut CbcModel, column: c_int);
    pub fn Cbc_setObjSense(model: *mut CbcModel, sense: c_double);
    pub fn Cbc_setParameter(model: *mut CbcModel, name: *const c_char, value: *const c_char);
    pub fn Cbc_setLogLevel(model: *mut CbcModel, level: c_int);
    pub fn Cbc_setMaximumSeconds(model: *mut CbcModel, seconds: c_double);
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
