//! How far apart an LP's numbers are, checked before a solve.
//!
//! Simplex and interior-point codes work in double precision with absolute tolerances near
//! 1e-9: a matrix whose coefficients span more than about twelve orders of magnitude, or a
//! cost or bound near the solvers' "infinity" (Clp and HiGHS treat 1e20 and beyond as
//! infinite), gives answers that are wrong or unproven. Solvers print a warning about it;
//! here it is data, so the caller can refuse the LP with a message in its own terms (each
//! extreme carries the row and column it is in).

use crate::Lp;

/// Where a number is in the LP.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    Matrix { row: usize, col: usize },
    Cost { col: usize },
    ColBound { col: usize },
    RowBound { row: usize },
}

/// A number and where it is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Extreme {
    pub value: f64,
    pub at: Place,
}

/// Why an LP's numbers are unfit for a solver.
#[derive(Clone, Copy, Debug, PartialEq, thiserror::Error)]
pub enum ScaleProblem {
    #[error("a number of the LP is `{}`", .0.value)]
    NotFinite(Extreme),
    #[error("a number of the LP is `{:e}`, at or beyond {LARGEST:e}, where solvers treat numbers as infinite or lose all precision", .0.value)]
    TooLarge(Extreme),
    #[error("the LP's coefficients span from `{:e}` to `{:e}`, more than {SPREAD:e} apart", .min.value, .max.value)]
    Spread { min: Extreme, max: Extreme },
}

/// Costs, finite bounds and coefficients must stay below this in magnitude.
pub const LARGEST: f64 = 1e15;
/// The largest ratio between the largest and smallest non-zero matrix coefficient.
pub const SPREAD: f64 = 1e12;

/// The problems of `lp`'s numbers: the first number that is not finite (NaN anywhere, or an
/// infinite cost or coefficient), else the first one at or beyond [`LARGEST`], else a
/// matrix whose coefficients span more than [`SPREAD`]. Infinite bounds mean "no bound"
/// and are fine.
pub fn check_scale<C, R>(lp: &Lp<C, R>) -> Option<ScaleProblem> {
    let mut too_large = None;
    let mut see = |value: f64, at: Place, bound: bool| -> Option<ScaleProblem> {
        let extreme = Extreme { value, at };
        if value.is_nan() || (value.is_infinite() && !bound) {
            return Some(ScaleProblem::NotFinite(extreme));
        }
        if value.is_finite() && value.abs() >= LARGEST && too_large.is_none() {
            too_large = Some(ScaleProblem::TooLarge(extreme));
        }
        None
    };
    for (col, &c) in lp.col_cost.iter().enumerate() {
        if let Some(p) = see(c, Place::Cost { col }, false) {
            return Some(p);
        }
    }
    for (col, (&lo, &hi)) in lp.col_lo.iter().zip(&lp.col_hi).enumerate() {
        for v in [lo, hi] {
            if let Some(p) = see(v, Place::ColBound { col }, true) {
                return Some(p);
            }
        }
    }
    for (row, (&lo, &hi)) in lp.row_lo.iter().zip(&lp.row_hi).enumerate() {
        for v in [lo, hi] {
            if let Some(p) = see(v, Place::RowBound { row }, true) {
                return Some(p);
            }
        }
    }
    let m = &lp.matrix;
    let (mut min, mut max): (Option<Extreme>, Option<Extreme>) = (None, None);
    for col in 0..m.ncols {
        for k in m.start[col]..m.start[col + 1] {
            let (row, value) = (m.index[k] as usize, m.value[k]);
            let at = Place::Matrix { row, col };
            if let Some(p) = see(value, at, false) {
                return Some(p);
            }
            let a = value.abs();
            if a > 0.0 && min.is_none_or(|e| a < e.value.abs()) {
                min = Some(Extreme { value, at });
            }
            if max.is_none_or(|e| a > e.value.abs()) {
                max = Some(Extreme { value, at });
            }
        }
    }
    if too_large.is_some() {
        return too_large;
    }
    match (min, max) {
        (Some(min), Some(max)) if max.value.abs() > SPREAD * min.value.abs() => {
            Some(ScaleProblem::Spread { min, max })
        }
        _ => None,
    }
}

/// The problem of an objective vector (a cost per column) that [`check_scale`] would find
/// if it were the LP's costs: a number that is not finite or at least [`LARGEST`].
pub fn check_costs(costs: &[f64]) -> Option<ScaleProblem> {
    let mut too_large = None;
    for (col, &value) in costs.iter().enumerate() {
        let extreme = Extreme { value, at: Place::Cost { col } };
        if !value.is_finite() {
            return Some(ScaleProblem::NotFinite(extreme));
        }
        if value.abs() >= LARGEST && too_large.is_none() {
            too_large = Some(ScaleProblem::TooLarge(extreme));
        }
    }
    too_large
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{LpBuilder, Sense};

    fn lp(coef: f64, cost: f64, upper: f64) -> Lp<u32, u32> {
        let mut b = LpBuilder::new(Sense::Minimize);
        let x = b.add_col(0, cost, 0.0, upper);
        let y = b.add_col(1, 1.0, 0.0, f64::INFINITY);
        let r = b.add_row(0, 1.0, f64::INFINITY);
        b.add_coef(r, x, coef);
        b.add_coef(r, y, 1.0);
        b.build()
    }

    #[test]
    fn each_problem_is_found_where_it_is() {
        assert_eq!(check_scale(&lp(2.0, 3.0, 10.0)), None);
        assert_eq!(check_scale(&lp(2.0, 3.0, f64::INFINITY)), None, "an infinite bound is no bound");
        let nan = check_scale(&lp(2.0, 3.0, f64::NAN));
        assert!(matches!(nan, Some(ScaleProblem::NotFinite(Extreme { at: Place::ColBound { col: 0 }, .. }))));
        let cost = check_scale(&lp(2.0, 1e20, 10.0));
        assert!(matches!(cost, Some(ScaleProblem::TooLarge(Extreme { at: Place::Cost { col: 0 }, .. }))));
        let spread = check_scale(&lp(1e-13, 3.0, 10.0));
        let Some(ScaleProblem::Spread { min, max }) = spread else { panic!("{spread:?}") };
        assert_eq!((min.value, min.at), (1e-13, Place::Matrix { row: 0, col: 0 }));
        assert_eq!((max.value, max.at), (1.0, Place::Matrix { row: 0, col: 1 }));
        assert_eq!(check_costs(&[1.0, 2.0]), None);
        assert!(matches!(
            check_costs(&[1.0, 1e16]),
            Some(ScaleProblem::TooLarge(Extreme { at: Place::Cost { col: 1 }, .. }))
        ));
        assert!(matches!(check_costs(&[f64::INFINITY]), Some(ScaleProblem::NotFinite(_))));
    }
}
