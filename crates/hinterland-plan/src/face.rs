//! The lexicographic cost step on the face of service-optimal plans.
//!
//! Step 2 minimises cost over the plans that keep step 1's optimal service `S*`. The direct
//! way adds the dense row `service · x ≥ S*` and re-solves; at national scale that LP is
//! slow for every algorithm (a barrier sees a feasible set only `service_tolerance` thick,
//! a warm simplex crawls through its degenerate vertices).
//!
//! The face of service-optimal plans can be written without that row. Complementary
//! slackness holds between *every* optimal primal point and *any* optimal dual point, so
//! with step 1's duals `(y₁, d₁)`: a column with `d₁ⱼ ≠ 0` sits at the same bound in every
//! service-optimal plan, and a row with `y₁ᵢ ≠ 0` is tight at the same bound. Fixing those
//! columns and rows there gives exactly the optimal face (any feasible point of the
//! restricted LP satisfies complementary slackness with `(y₁, d₁)`, so it is optimal for
//! step 1). Minimising cost on it needs no service row, and presolve removes the fixed part.
//!
//! The duals of the planned LP (the original rows plus `service · x ≥ S*`) follow from the
//! restricted LP's `(y', d')`: with `λ ≥ 0` the service row's dual, `y = y' − λ·y₁` and
//! `d = d' − λ·d₁` satisfy `d = c − Aᵀy − λ·service` (as `d₁ = service − Aᵀy₁`), agree with
//! `(y', d')` where `d₁` and `y₁` vanish, and have the signs optimality needs on the fixed
//! columns and rows once `λ` is at least every ratio `d'ⱼ/d₁ⱼ` and `y'ᵢ/y₁ᵢ` there. The
//! smallest such `λ` is taken. It is a valid dual of the service floor, but on a degenerate
//! LP not necessarily the smallest one, so it can overstate what the last person-days cost;
//! `run::plan` measures that by a re-solve when it confirms shadow prices.
//!
//! A dual below [`ZERO`] (relative to the largest service coefficient) is taken as zero:
//! treating a nonzero dual as zero only leaves a column free, which is always safe; fixing
//! on noise could cut off cheaper plans, which the tolerance makes negligible.

use hinterland_lp::{Basis, BasisStatus, Lp, Solution};

/// Relative size under which a step-1 dual counts as zero.
pub const ZERO: f64 = 1e-7;

/// One fixed column or row: its index, original bounds, and step-1 dual.
#[derive(Clone, Copy, Debug)]
struct Fixed {
    index: usize,
    lo: f64,
    hi: f64,
    dual: f64,
}

/// The bounds changed to restrict an LP to step 1's optimal face, to put back afterwards.
#[derive(Debug)]
pub struct Face {
    cols: Vec<Fixed>,
    rows: Vec<Fixed>,
}

impl Face {
    /// How many columns and rows were fixed.
    pub fn fixed(&self) -> (usize, usize) {
        (self.cols.len(), self.rows.len())
    }
}

/// Restricts `lp` to the face of optimal solutions of `step1`, an optimal solution of the same
/// LP with the service objective. `None` (and `lp` untouched) when `step1` carries no duals
/// (e.g. a MIP solver's answer).
pub fn restrict<C, R>(lp: &mut Lp<C, R>, step1: &Solution) -> Option<Face> {
    let (n, m) = (lp.ncols(), lp.nrows());
    if step1.x.len() != n
        || step1.col_reduced.len() != n
        || step1.row_dual.len() != m
        || step1.row_activity.len() != m
    {
        return None;
    }
    let cmax = lp.col_cost.iter().fold(0.0f64, |acc, c| acc.max(c.abs()));
    let zero = ZERO * (1.0 + cmax);
    let fix = |value: f64, dual: f64, lo: &mut f64, hi: &mut f64, index: usize| -> Option<Fixed> {
        if dual.abs() <= zero || *lo == *hi {
            return None;
        }
        // The bound the optimum sits at (the nearer one: the point is within tolerances).
        let at = if (value - *lo).abs() <= (*hi - value).abs() { *lo } else { *hi };
        if !at.is_finite() {
            return None;
        }
        let fixed = Fixed { index, lo: *lo, hi: *hi, dual };
        (*lo, *hi) = (at, at);
        Some(fixed)
    };
    let mut cols = Vec::new();
    for j in 0..n {
        let (lo, hi) = (&mut lp.col_lo[j], &mut lp.col_hi[j]);
        cols.extend(fix(step1.x[j], step1.col_reduced[j], lo, hi, j));
    }
    let mut rows = Vec::new();
    for i in 0..m {
        let (lo, hi) = (&mut lp.row_lo[i], &mut lp.row_hi[i]);
        rows.extend(fix(step1.row_activity[i], step1.row_dual[i], lo, hi, i));
    }
    Some(Face { cols, rows })
}

/// Puts `lp`'s bounds back.
pub fn put_back<C, R>(lp: &mut Lp<C, R>, face: &Face) {
    for f in &face.cols {
        (lp.col_lo[f.index], lp.col_hi[f.index]) = (f.lo, f.hi);
    }
    for f in &face.rows {
        (lp.row_lo[f.index], lp.row_hi[f.index]) = (f.lo, f.hi);
    }
}

/// Turns `sol`, an optimal solution of the restricted LP with the cost objective and the
/// service floor as its last row (free while solving), into one of the planned LP (bounds
/// put back, floor at `S*`): duals as in the module doc, the basis made to name the restored
/// bounds. `service_row_dual` and `service_col_reduced` are step 1's duals. Returns `λ`, the
/// service floor's dual (NaN, and `sol` untouched, if `sol` carries no duals).
pub fn lift(face: &Face, sol: &mut Solution, service_row_dual: &[f64], service_col_reduced: &[f64]) -> f64 {
    let floor_row = service_row_dual.len();
    if sol.col_reduced.len() != service_col_reduced.len() || sol.row_dual.len() != floor_row + 1 {
        return f64::NAN;
    }
    // λ ≥ d'/d₁ on every fixed entry whose step-1 dual has the sign of the bound it sits at
    // (the others are within the solver's tolerances of zero and give no condition).
    let ratio = |f: &Fixed, value: f64, restricted_dual: f64| {
        let consistent = if at_lower(f, value) { f.dual < 0.0 } else { f.dual > 0.0 };
        if consistent { restricted_dual / f.dual } else { 0.0 }
    };
    let mut lambda = 0.0f64;
    for f in &face.cols {
        lambda = lambda.max(ratio(f, sol.x[f.index], sol.col_reduced[f.index]));
    }
    for f in &face.rows {
        lambda = lambda.max(ratio(f, sol.row_activity[f.index], sol.row_dual[f.index]));
    }
    for (d, d1) in sol.col_reduced.iter_mut().zip(service_col_reduced) {
        *d -= lambda * d1;
    }
    for (y, y1) in sol.row_dual[..floor_row].iter_mut().zip(service_row_dual) {
        *y -= lambda * y1;
    }
    sol.row_dual[floor_row] = lambda;
    if let Some(basis) = &mut sol.basis {
        rename_bounds(basis, face, &sol.x, &sol.row_activity);
    }
    lambda
}

/// Whether `value` sits at `f`'s original lower bound rather than its upper one.
fn at_lower(f: &Fixed, value: f64) -> bool {
    (value - f.lo).abs() <= (f.hi - value).abs()
}

/// A nonbasic fixed entry of the restricted basis sits at one of its restored bounds; name it.
fn rename_bounds(basis: &mut Basis, face: &Face, x: &[f64], activity: &[f64]) {
    let name = |status: &mut BasisStatus, f: &Fixed, value: f64| {
        if *status != BasisStatus::Basic {
            *status = if at_lower(f, value) { BasisStatus::AtLower } else { BasisStatus::AtUpper };
        }
    };
    for f in &face.cols {
        name(&mut basis.cols[f.index], f, x[f.index]);
    }
    for f in &face.rows {
        name(&mut basis.rows[f.index], f, activity[f.index]);
    }
}
