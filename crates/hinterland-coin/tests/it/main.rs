//! Integration tests for `hinterland-coin`: hand-solved LPs and their duals, random LPs
//! (strong duality), netlib instances with published optima, statuses, warm starts, MPS
//! round trips and Cbc MIPs.

mod duals;
#[cfg(feature = "highs")]
mod highs;
mod memory;
mod mip;
mod netlib;
mod progress;
mod resolve;
mod roundtrip;
mod status;
mod warm;

use std::path::PathBuf;

use hinterland_lp::{Lp, Solution, Status, residuals};

/// `tests/data`: the netlib and Kennington instances, with their origin, licence and published
/// optima in its `SOURCE.md`.
pub fn netlib_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data")
}

/// Asserts that `sol` is optimal and its primal point passes the independent residual check.
pub fn assert_clean<C, R>(lp: &Lp<C, R>, sol: &Solution) {
    assert_eq!(sol.status, Status::Optimal, "solver `{}`", sol.solver);
    let res = residuals(lp, &sol.x, 1e-7);
    assert!(res.ok(), "residuals: {:?}", &res.violations[..res.violations.len().min(5)]);
    let rel = (res.objective - sol.objective).abs() / (1.0 + sol.objective.abs());
    assert!(rel < 1e-7, "objective {} but x gives {}", sol.objective, res.objective);
}

/// The bound a row or column sits at (the nearer one), or `None` if its dual is zero.
fn active_bound(value: f64, lo: f64, hi: f64, dual: f64) -> Option<f64> {
    if dual.abs() < 1e-9 {
        return None;
    }
    match (lo.is_finite(), hi.is_finite()) {
        (true, true) => Some(if (value - lo).abs() <= (value - hi).abs() { lo } else { hi }),
        (true, false) => Some(lo),
        (false, true) => Some(hi),
        (false, false) => Some(value),
    }
}

/// `objective - offset` recomputed from the duals: `Σ row_dual·active row bound +
/// Σ col_reduced·active column bound` (strong duality with the crate's sign convention).
pub fn dual_objective<C, R>(lp: &Lp<C, R>, sol: &Solution) -> f64 {
    let rows: f64 = (0..lp.nrows())
        .filter_map(|i| {
            active_bound(sol.row_activity[i], lp.row_lo[i], lp.row_hi[i], sol.row_dual[i])
                .map(|b| b * sol.row_dual[i])
        })
        .sum();
    let cols: f64 = (0..lp.ncols())
        .filter_map(|j| {
            active_bound(sol.x[j], lp.col_lo[j], lp.col_hi[j], sol.col_reduced[j])
                .map(|b| b * sol.col_reduced[j])
        })
        .sum();
    rows + cols
}

pub fn assert_rel(got: f64, want: f64, tol: f64, what: &str) {
    let rel = (got - want).abs() / want.abs().max(1.0);
    assert!(rel <= tol, "{what}: got {got}, want {want} (relative error {rel:e})");
}
