//! An independent optimality check of what Clp calls optimal.
//!
//! Clp's own status is not enough: its barrier (with crossover) reports "optimal" on an
//! unbounded LP, at a point near `1e20` whose reduced costs have the wrong sign. So before a
//! [`Status::Optimal`](hinterland_lp::Status) leaves this crate, the primal point and the row
//! duals are checked against the LP itself: `x` must satisfy every bound and row (recomputing
//! `A x`), and the reduced costs *recomputed here* from the costs, the matrix and the row
//! duals (`d = c - Aᵀy`, minimisation form) must have the signs that optimality requires,
//! as must the row duals: anything strictly inside its bounds has a zero dual, anything above
//! its lower bound a non-positive one, anything below its upper bound a non-negative one.
//! Those conditions (primal feasibility, dual feasibility, complementary slackness) prove
//! optimality up to the tolerances.

use hinterland_lp::{Lp, residuals};

use crate::load::sense_sign;

/// Relative tolerance for both the primal and the dual conditions.
pub const TOLERANCE: f64 = 1e-6;

/// Largest relative violation of the optimality conditions by `x` with row duals `row_dual`
/// (in the crate's sign convention, i.e. derivatives of the LP's own objective). Zero means
/// a proof of optimality; [`TOLERANCE`] is the threshold used.
pub fn optimality_violation<C, R>(lp: &Lp<C, R>, x: &[f64], row_dual: &[f64]) -> f64 {
    if x.len() != lp.ncols() || row_dual.len() != lp.nrows() {
        return f64::INFINITY;
    }
    let primal = residuals(lp, x, TOLERANCE);
    let mut worst = primal.max_relative;
    if x.iter().chain(row_dual).any(|v| !v.is_finite()) {
        return f64::INFINITY;
    }
    let s = sense_sign(lp.sense);
    // Minimisation form: costs s·c, duals y = s·row_dual, reduced costs d = s·c - Aᵀy.
    let y: Vec<f64> = row_dual.iter().map(|v| s * v).collect();
    let activity = lp.matrix.mul_vec(x);
    let cmax = lp.col_cost.iter().fold(0.0f64, |m, c| m.max(c.abs()));

    // How far a value sits above its lower and below its upper bound, relatively.
    // An infinite bound is infinitely far away.
    let slack = |v: f64, lo: f64, hi: f64| {
        let above = if lo.is_finite() { (v - lo) / (1.0 + lo.abs()) } else { f64::INFINITY };
        let below = if hi.is_finite() { (hi - v) / (1.0 + hi.abs()) } else { f64::INFINITY };
        (above, below)
    };
    // A dual `d` of something that may move down (off its lower bound) must be ≤ 0, of
    // something that may move up (off its upper bound) ≥ 0.
    let mut judge = |d: f64, above_lo: f64, below_hi: f64, scale: f64| {
        if above_lo > TOLERANCE {
            worst = worst.max(d / scale);
        }
        if below_hi > TOLERANCE {
            worst = worst.max(-d / scale);
        }
    };
    for (j, &xj) in x.iter().enumerate() {
        let mut d = s * lp.col_cost[j];
        let mut scale = 1.0 + lp.col_cost[j].abs();
        for (i, a) in lp.matrix.column(j) {
            d -= a * y[i];
            scale += (a * y[i]).abs();
        }
        let (above, below) = slack(xj, lp.col_lo[j], lp.col_hi[j]);
        judge(d, above, below, scale);
    }
    for i in 0..lp.nrows() {
        let (above, below) = slack(activity[i], lp.row_lo[i], lp.row_hi[i]);
        judge(y[i], above, below, 1.0 + cmax);
    }
    worst
}

#[cfg(test)]
mod tests {
    use super::*;
    use hinterland_lp::{LpBuilder, Sense};

    /// `max x + y  s.t.  x - y ≤ 1,  x, y ≥ 0` is unbounded: no dual makes both reduced
    /// costs right, whatever point is offered.
    #[test]
    fn unbounded_lp_has_no_certificate() {
        let inf = f64::INFINITY;
        let mut b = LpBuilder::<u8, u8>::new(Sense::Maximize);
        let x = b.add_col(0, 1.0, 0.0, inf);
        let y = b.add_col(1, 1.0, 0.0, inf);
        let r = b.add_row(0, -inf, 1.0);
        b.add_coef(r, x, 1.0);
        b.add_coef(r, y, -1.0);
        let lp = b.build();
        // What Clp's barrier returned, "optimal".
        let big = 8.333_378_903_415_333e19;
        assert!(optimality_violation(&lp, &[big, big], &[1.0]) > 0.5);
        assert!(optimality_violation(&lp, &[1.0, 0.0], &[1.0]) > 0.5);
    }

    /// `max 3x + 2y  s.t.  x + y ≤ 4,  0 ≤ x ≤ 3,  y ≥ 0`: x = 3, y = 1 with row dual 2 is
    /// optimal (reduced cost of x is 3 - 2 = 1 ≥ 0 at its upper bound, y basic).
    #[test]
    fn optimal_pair_is_certified_and_wrong_dual_is_not() {
        let inf = f64::INFINITY;
        let mut b = LpBuilder::<u8, u8>::new(Sense::Maximize);
        let x = b.add_col(0, 3.0, 0.0, 3.0);
        let y = b.add_col(1, 2.0, 0.0, inf);
        let r = b.add_row(0, -inf, 4.0);
        b.add_coef(r, x, 1.0);
        b.add_coef(r, y, 1.0);
        let lp = b.build();
        assert_eq!(optimality_violation(&lp, &[3.0, 1.0], &[2.0]), 0.0);
        assert!(optimality_violation(&lp, &[3.0, 1.0], &[-2.0]) > 0.1);
        assert!(optimality_violation(&lp, &[2.0, 2.0], &[3.0]) > 0.1);
        assert!(optimality_violation(&lp, &[3.0, 2.0], &[2.0]) > 0.1);
    }
}
