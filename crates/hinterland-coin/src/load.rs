//! Turning an [`Lp`] into the arrays COIN's `loadProblem` takes, after checking every length.
//!
//! COIN always minimises here: for [`Sense::Maximize`] the costs are negated on the way in and
//! the objective, duals and reduced costs are negated on the way out (see the crate docs).

use hinterland_lp::{Basis, Lp, Sense, SolverError};

/// COIN's "infinite" bound: Clp treats any magnitude at or above `1e27` as infinite and stores
/// it as `COIN_DBL_MAX`; `1e30` is the customary value to pass in.
pub(crate) const COIN_INF: f64 = 1e30;

/// Magnitudes at or beyond this are infinite when read back from COIN.
const COIN_INF_THRESHOLD: f64 = 1e27;

pub(crate) fn to_coin(v: f64) -> f64 {
    v.clamp(-COIN_INF, COIN_INF)
}

pub(crate) fn from_coin(v: f64) -> f64 {
    if v >= COIN_INF_THRESHOLD {
        f64::INFINITY
    } else if v <= -COIN_INF_THRESHOLD {
        f64::NEG_INFINITY
    } else {
        v
    }
}

/// `+1` for minimisation, `-1` for maximisation: multiply costs by it on the way into COIN
/// (which always minimises) and the objective and duals by it on the way out.
pub(crate) fn sense_sign(sense: Sense) -> f64 {
    match sense {
        Sense::Minimize => 1.0,
        Sense::Maximize => -1.0,
    }
}

/// What a resolver loaded into its solver: the shape, a fingerprint of the matrix, and the
/// bounds and costs as COIN takes them (see [`CoinArrays`]). The next LP is handed over as
/// the entries that differ, if it has the same shape and matrix.
pub(crate) struct Loaded {
    matrix: u64,
    pub col_lo: Vec<f64>,
    pub col_hi: Vec<f64>,
    pub obj: Vec<f64>,
    pub row_lo: Vec<f64>,
    pub row_hi: Vec<f64>,
}

/// The bounds that changed: positions and new (COIN) bounds.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct BoundChanges {
    pub index: Vec<i32>,
    pub lo: Vec<f64>,
    pub hi: Vec<f64>,
}

/// The costs that changed: positions and new (COIN, minimised) costs.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct CostChanges {
    pub index: Vec<i32>,
    pub cost: Vec<f64>,
}

/// What changed between two LPs with the same matrix.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Changes {
    pub cols: BoundChanges,
    pub costs: CostChanges,
    pub rows: BoundChanges,
}

impl BoundChanges {
    fn push(&mut self, k: usize, lo: f64, hi: f64) {
        self.index.push(k as i32);
        self.lo.push(lo);
        self.hi.push(hi);
    }
}

impl Changes {
    pub(crate) fn is_empty(&self) -> bool {
        self.cols.index.is_empty() && self.costs.index.is_empty() && self.rows.index.is_empty()
    }
}

impl Loaded {
    /// Records `a`, the arrays of `lp`, as loaded.
    pub(crate) fn new<C, R>(lp: &Lp<C, R>, a: &CoinArrays) -> Self {
        Loaded {
            matrix: matrix_fingerprint(lp),
            col_lo: a.col_lo.clone(),
            col_hi: a.col_hi.clone(),
            obj: a.obj.clone(),
            row_lo: a.row_lo.clone(),
            row_hi: a.row_hi.clone(),
        }
    }

    /// Whether `lp` has the loaded LP's shape and matrix (only bounds and costs may differ).
    pub(crate) fn same_matrix<C, R>(&self, lp: &Lp<C, R>) -> bool {
        let (n, m) = (self.obj.len(), self.row_lo.len());
        [lp.col_cost.len(), lp.col_lo.len(), lp.col_hi.len()] == [n; 3]
            && [lp.row_lo.len(), lp.row_hi.len()] == [m; 2]
            && self.matrix == matrix_fingerprint(lp)
    }

    /// Brings the recorded arrays up to `lp` (which has the same matrix) and returns what
    /// changed: column bounds, costs and row bounds. Errors on NaN, as [`CoinArrays::from_lp`].
    pub(crate) fn update<C, R>(&mut self, lp: &Lp<C, R>) -> Result<Changes, SolverError> {
        check_bounds_and_costs(lp)?;
        let sign = sense_sign(lp.sense);
        let mut changes = Changes::default();
        // Both counts fit COIN's `int`: checked when the LP was first loaded.
        for j in 0..self.obj.len() {
            let (lo, hi) = (to_coin(lp.col_lo[j]), to_coin(lp.col_hi[j]));
            if lo != self.col_lo[j] || hi != self.col_hi[j] {
                (self.col_lo[j], self.col_hi[j]) = (lo, hi);
                changes.cols.push(j, lo, hi);
            }
            let c = sign * lp.col_cost[j];
            if c != self.obj[j] {
                self.obj[j] = c;
                changes.costs.index.push(j as i32);
                changes.costs.cost.push(c);
            }
        }
        for i in 0..self.row_lo.len() {
            let (lo, hi) = (to_coin(lp.row_lo[i]), to_coin(lp.row_hi[i]));
            if lo != self.row_lo[i] || hi != self.row_hi[i] {
                (self.row_lo[i], self.row_hi[i]) = (lo, hi);
                changes.rows.push(i, lo, hi);
            }
        }
        Ok(changes)
    }
}

/// A fingerprint of `lp`'s matrix (column starts, row indices, values), so that a resolver
/// can tell an LP with the same matrix from another without keeping a copy of it. FNV-1a over
/// 64-bit words: fast next to a re-solve (a few milliseconds at a million columns), and a
/// different matrix that collides would have to be built to.
fn matrix_fingerprint<C, R>(lp: &Lp<C, R>) -> u64 {
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let m = &lp.matrix;
    let words = [m.nrows as u64, m.ncols as u64]
        .into_iter()
        .chain(m.start.iter().map(|&s| s as u64))
        .chain(m.index.iter().map(|&r| u64::from(r)))
        .chain(m.value.iter().map(|v| v.to_bits()));
    words.fold(0xcbf2_9ce4_8422_2325, |h, w| (h ^ w).wrapping_mul(PRIME))
}

/// An error for a NaN in `v`, named `name`.
fn nan(name: &'static str, v: &[f64]) -> Result<(), SolverError> {
    match v.iter().position(|x| x.is_nan()) {
        Some(k) => Err(bad("NaN numbers", format!("`{name}[{k}]` is NaN"))),
        None => Ok(()),
    }
}

/// No NaN among the bounds and costs, no infinite cost: what COIN and HiGHS cannot take.
fn check_bounds_and_costs<C, R>(lp: &Lp<C, R>) -> Result<(), SolverError> {
    nan("col_cost", &lp.col_cost)?;
    nan("col_lo", &lp.col_lo)?;
    nan("col_hi", &lp.col_hi)?;
    nan("row_lo", &lp.row_lo)?;
    nan("row_hi", &lp.row_hi)?;
    if let Some(k) = lp.col_cost.iter().position(|c| c.is_infinite()) {
        return Err(bad("infinite costs", format!("`col_cost[{k}]` is infinite")));
    }
    Ok(())
}

/// LP-only backends refuse integer columns, naming themselves in the advice to use Cbc.
pub(crate) fn refuse_mip<C, R>(lp: &Lp<C, R>, solver: &str) -> Result<(), SolverError> {
    if lp.is_mip() {
        let n = lp.col_integer.iter().filter(|&&i| i).count();
        return Err(SolverError::Unsupported {
            what: "integer columns",
            detail: format!("{n} integer columns; {solver} solves LPs only, use Cbc"),
        });
    }
    Ok(())
}

/// A warm-start basis must have the LP's columns and at most its rows (rows beyond it are
/// taken as basic); anything else is an error, for every backend.
pub(crate) fn check_basis_size<C, R>(lp: &Lp<C, R>, basis: &Basis) -> Result<(), SolverError> {
    if basis.cols.len() == lp.ncols() && basis.rows.len() <= lp.nrows() {
        return Ok(());
    }
    Err(bad(
        "a warm-start basis of the wrong size",
        format!(
            "basis has {} columns and {} rows, the LP {} columns and {} rows",
            basis.cols.len(),
            basis.rows.len(),
            lp.ncols(),
            lp.nrows()
        ),
    ))
}

/// An LP in COIN's column-major layout, with lengths checked once so that the FFI wrappers
/// can rely on them.
pub(crate) struct CoinArrays {
    pub ncols: i32,
    pub nrows: i32,
    /// `ncols + 1` entries, increasing, last equal to `index.len()`.
    pub start: Vec<i32>,
    /// Row numbers, each `< nrows`.
    pub index: Vec<i32>,
    pub value: Vec<f64>,
    pub col_lo: Vec<f64>,
    pub col_hi: Vec<f64>,
    /// Costs already multiplied by [`sense_sign`].
    pub obj: Vec<f64>,
    pub row_lo: Vec<f64>,
    pub row_hi: Vec<f64>,
}

fn bad(what: &'static str, detail: String) -> SolverError {
    SolverError::Unsupported { what, detail }
}

fn to_i32(n: usize, what: &'static str) -> Result<i32, SolverError> {
    i32::try_from(n).map_err(|_| bad("more entries than COIN can index", format!("{n} {what}")))
}

impl CoinArrays {
    /// Checks that `lp`'s arrays agree in length, that the matrix is well formed and that no
    /// number is NaN, then converts. Never panics on a malformed `Lp`.
    pub(crate) fn from_lp<C, R>(lp: &Lp<C, R>) -> Result<Self, SolverError> {
        let n = lp.col_cost.len();
        let m = lp.row_lo.len();
        let lens = [
            ("col_lo", lp.col_lo.len(), n),
            ("col_hi", lp.col_hi.len(), n),
            ("col_integer", lp.col_integer.len(), n),
            ("matrix.ncols", lp.matrix.ncols, n),
            ("matrix.start", lp.matrix.start.len(), n + 1),
            ("row_hi", lp.row_hi.len(), m),
            ("matrix.nrows", lp.matrix.nrows, m),
            ("matrix.value", lp.matrix.value.len(), lp.matrix.index.len()),
        ];
        for (name, got, want) in lens {
            if got != want {
                return Err(bad(
                    "inconsistent array lengths",
                    format!("`{name}` has {got} entries, expected {want}"),
                ));
            }
        }
        let nnz = lp.matrix.index.len();
        let s = &lp.matrix.start;
        if s[0] != 0 || s[n] != nnz || s.windows(2).any(|w| w[0] > w[1]) {
            return Err(bad("a malformed sparse matrix", format!("column starts must rise from 0 to {nnz}")));
        }
        if let Some(&r) = lp.matrix.index.iter().find(|&&r| r as usize >= m) {
            return Err(bad("a malformed sparse matrix", format!("row index `{r}` with {m} rows")));
        }
        check_bounds_and_costs(lp)?;
        nan("matrix.value", &lp.matrix.value)?;
        if let Some(k) = lp.matrix.value.iter().position(|c| c.is_infinite()) {
            return Err(bad("infinite coefficients", format!("`matrix.value[{k}]` is infinite")));
        }

        let ncols = to_i32(n, "columns")?;
        let nrows = to_i32(m, "rows")?;
        to_i32(nnz, "nonzeros")?;
        let sign = sense_sign(lp.sense);
        let conv = |v: &[f64]| v.iter().copied().map(to_coin).collect::<Vec<_>>();
        Ok(CoinArrays {
            ncols,
            nrows,
            // Both casts are checked above: every start is at most `nnz`, every row below `m`.
            start: s.iter().map(|&k| k as i32).collect(),
            index: lp.matrix.index.iter().map(|&r| r as i32).collect(),
            value: lp.matrix.value.clone(),
            col_lo: conv(&lp.col_lo),
            col_hi: conv(&lp.col_hi),
            obj: lp.col_cost.iter().map(|c| sign * c).collect(),
            row_lo: conv(&lp.row_lo),
            row_hi: conv(&lp.row_hi),
        })
    }

    /// Re-checks the invariants the FFI relies on (cheap next to a solve).
    pub(crate) fn is_consistent(&self) -> bool {
        let (n, m) = (self.ncols as usize, self.nrows as usize);
        self.ncols >= 0
            && self.nrows >= 0
            && self.start.len() == n + 1
            && self.start[0] == 0
            && self.start.windows(2).all(|w| w[0] <= w[1])
            && self.start[n] as usize == self.index.len()
            && self.value.len() == self.index.len()
            && self.index.iter().all(|&r| r >= 0 && (r as usize) < m)
            && self.col_lo.len() == n
            && self.col_hi.len() == n
            && self.obj.len() == n
            && self.row_lo.len() == m
            && self.row_hi.len() == m
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hinterland_lp::LpBuilder;

    #[test]
    fn infinities_round_trip_through_coin() {
        assert_eq!(to_coin(f64::INFINITY), COIN_INF);
        assert_eq!(to_coin(f64::NEG_INFINITY), -COIN_INF);
        assert_eq!(from_coin(f64::MAX), f64::INFINITY);
        assert_eq!(from_coin(-1e30), f64::NEG_INFINITY);
        assert_eq!(from_coin(3.5), 3.5);
    }

    #[test]
    fn the_fingerprint_sees_every_part_of_the_matrix() {
        let mut builder = LpBuilder::<u8, u8>::new(Sense::Minimize);
        let x = builder.add_col(0, 1.0, 0.0, 4.0);
        let y = builder.add_col(1, 1.0, 0.0, 4.0);
        let first = builder.add_row(0, 1.0, 3.0);
        let second = builder.add_row(1, 0.0, 2.0);
        builder.add_coef(first, x, 1.0);
        builder.add_coef(first, y, 2.0);
        builder.add_coef(second, y, 1.0);
        let lp = builder.build();
        let base = matrix_fingerprint(&lp);
        let mut value = lp.clone();
        value.matrix.value[1] = 2.5;
        let mut index = lp.clone();
        index.matrix.index[0] = 1;
        let mut start = lp.clone();
        start.matrix.start[1] = 2;
        let mut bounds = lp.clone();
        bounds.row_hi[0] = 9.0;
        bounds.col_cost[1] = -1.0;
        for (what, other) in [("a value", &value), ("a row index", &index), ("a column start", &start)] {
            assert_ne!(matrix_fingerprint(other), base, "{what}");
        }
        assert_eq!(matrix_fingerprint(&bounds), base, "bounds and costs are not the matrix");
        let loaded = Loaded::new(&lp, &CoinArrays::from_lp(&lp).unwrap());
        assert!(loaded.same_matrix(&bounds));
        assert!(!loaded.same_matrix(&value));
    }

    #[test]
    fn loaded_arrays_report_what_changed() {
        let mut b = LpBuilder::<u8, u8>::new(Sense::Maximize);
        let x = b.add_col(0, 2.0, 0.0, f64::INFINITY);
        let y = b.add_col(1, 1.0, 0.0, 5.0);
        let r = b.add_row(0, f64::NEG_INFINITY, 4.0);
        b.add_coef(r, x, 1.0);
        b.add_coef(r, y, 1.0);
        let lp = b.build();
        let mut loaded = Loaded::new(&lp, &CoinArrays::from_lp(&lp).unwrap());
        assert!(loaded.update(&lp).unwrap().is_empty());
        let mut edited = lp.clone();
        edited.row_hi[0] = f64::INFINITY;
        edited.col_cost[1] = 3.0;
        edited.col_lo[0] = 1.0;
        let changes = loaded.update(&edited).unwrap();
        assert_eq!(changes.rows, BoundChanges { index: vec![0], lo: vec![-COIN_INF], hi: vec![COIN_INF] });
        // Maximised: COIN minimises the negated cost.
        assert_eq!(changes.costs, CostChanges { index: vec![1], cost: vec![-3.0] });
        assert_eq!(changes.cols, BoundChanges { index: vec![0], lo: vec![1.0], hi: vec![COIN_INF] });
        assert!(loaded.update(&edited).unwrap().is_empty(), "recorded after the first update");
        let mut nan = edited.clone();
        nan.col_hi[1] = f64::NAN;
        assert!(loaded.update(&nan).is_err());
        assert!(loaded.update(&edited).unwrap().is_empty(), "a refused LP changes nothing");
    }

    #[test]
    fn malformed_lps_are_errors_not_ub() {
        let mut b = LpBuilder::<u8, u8>::new(Sense::Maximize);
        let x = b.add_col(0, 2.0, 0.0, f64::INFINITY);
        let r = b.add_row(0, f64::NEG_INFINITY, 1.0);
        b.add_coef(r, x, 1.0);
        let lp = b.build();
        let a = CoinArrays::from_lp(&lp).expect("well formed");
        assert!(a.is_consistent());
        assert_eq!(a.obj, vec![-2.0]);
        assert_eq!(a.row_lo, vec![-COIN_INF]);

        let mut short = lp.clone();
        short.col_hi.clear();
        assert!(matches!(CoinArrays::from_lp(&short), Err(SolverError::Unsupported { .. })));
        let mut bad_row = lp.clone();
        bad_row.matrix.index[0] = 7;
        assert!(CoinArrays::from_lp(&bad_row).is_err());
        let mut nan = lp;
        nan.row_hi[0] = f64::NAN;
        assert!(CoinArrays::from_lp(&nan).is_err());
    }
}
