//! An independent check of a primal point against an LP.

use crate::{Col, Lp, Row};

/// What is violated.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ViolationKind {
    ColBelowLower(Col),
    ColAboveUpper(Col),
    ColNotInteger(Col),
    RowBelowLower(Row),
    RowAboveUpper(Row),
    NotFinite(Col),
}

/// One violation, by `amount` (absolute), with the scale it was judged against.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Violation {
    pub kind: ViolationKind,
    pub amount: f64,
    pub tolerance: f64,
}

/// The outcome of [`residuals`].
#[derive(Clone, Debug, Default)]
pub struct Residuals {
    pub violations: Vec<Violation>,
    /// Largest violation relative to `1 + |bound|`.
    pub max_relative: f64,
    /// Objective recomputed from `x`.
    pub objective: f64,
}

impl Residuals {
    pub fn ok(&self) -> bool {
        self.violations.is_empty()
    }
}

/// Checks `x` against every bound and row of `lp`, recomputing `A x` from the matrix.
///
/// A bound `b` is violated when it is missed by more than `tol * (1 + |b|)`.
pub fn residuals<C, R>(lp: &Lp<C, R>, x: &[f64], tol: f64) -> Residuals {
    let mut out = Residuals { objective: lp.objective_of(x), ..Residuals::default() };
    let mut push = |kind, amount: f64, bound: f64| {
        let scale = 1.0 + bound.abs();
        out.max_relative = out.max_relative.max(amount / scale);
        if amount > tol * scale {
            out.violations.push(Violation { kind, amount, tolerance: tol * scale });
        }
    };
    for j in 0..lp.ncols() {
        let col = Col(j as u32);
        let v = x[j];
        if !v.is_finite() {
            push(ViolationKind::NotFinite(col), f64::INFINITY, 0.0);
            continue;
        }
        if v < lp.col_lo[j] {
            push(ViolationKind::ColBelowLower(col), lp.col_lo[j] - v, lp.col_lo[j]);
        }
        if v > lp.col_hi[j] {
            push(ViolationKind::ColAboveUpper(col), v - lp.col_hi[j], lp.col_hi[j]);
        }
        if lp.col_integer[j] && (v - v.round()).abs() > tol {
            push(ViolationKind::ColNotInteger(col), (v - v.round()).abs(), 0.0);
        }
    }
    let activity = lp.matrix.mul_vec(x);
    for (i, a) in activity.into_iter().enumerate() {
        let row = Row(i as u32);
        if a < lp.row_lo[i] {
            push(ViolationKind::RowBelowLower(row), lp.row_lo[i] - a, lp.row_lo[i]);
        }
        if a > lp.row_hi[i] {
            push(ViolationKind::RowAboveUpper(row), a - lp.row_hi[i], lp.row_hi[i]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{LpBuilder, Sense};

    #[test]
    fn finds_row_and_bound_violations() {
        let mut b = LpBuilder::<&str, &str>::new(Sense::Minimize);
        let x = b.add_col("x", 1.0, 0.0, 2.0);
        let y = b.add_col("y", 2.0, 0.0, f64::INFINITY);
        let r = b.add_row("x+y>=3", 3.0, f64::INFINITY);
        b.add_coef(r, x, 1.0);
        b.add_coef(r, y, 1.0);
        let lp = b.build();
        assert!(residuals(&lp, &[2.0, 1.0], 1e-9).ok());
        let bad = residuals(&lp, &[2.5, 0.0], 1e-9);
        assert_eq!(bad.violations.len(), 2);
        assert_eq!(bad.violations[0].kind, ViolationKind::ColAboveUpper(Col(0)));
        assert_eq!(bad.violations[1].kind, ViolationKind::RowBelowLower(Row(0)));
        assert_eq!(bad.objective, 2.5);
    }
}
