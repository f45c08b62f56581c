//! Building an LP column by column and row by row, with a key for each.

use crate::CscMatrix;

/// Direction of the objective.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sense {
    Minimize,
    Maximize,
}

/// A column handle returned by [`LpBuilder::add_col`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Col(pub u32);

/// A row handle returned by [`LpBuilder::add_row`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Row(pub u32);

impl Col {
    #[inline]
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl Row {
    #[inline]
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A linear program in boxed form, with a key for every column and row.
///
/// `min/max  cost·x + objective_offset  s.t.  row_lo ≤ A x ≤ row_hi,  col_lo ≤ x ≤ col_hi`.
/// Infinite bounds are `f64::INFINITY` / `f64::NEG_INFINITY`.
#[derive(Clone, Debug)]
pub struct Lp<C, R> {
    pub sense: Sense,
    pub objective_offset: f64,
    pub col_cost: Vec<f64>,
    pub col_lo: Vec<f64>,
    pub col_hi: Vec<f64>,
    /// Columns that must take integer values (the LP relaxation ignores this).
    pub col_integer: Vec<bool>,
    pub row_lo: Vec<f64>,
    pub row_hi: Vec<f64>,
    pub matrix: CscMatrix,
    pub col_keys: Vec<C>,
    pub row_keys: Vec<R>,
}

impl<C, R> Lp<C, R> {
    pub fn ncols(&self) -> usize {
        self.col_cost.len()
    }

    pub fn nrows(&self) -> usize {
        self.row_lo.len()
    }

    pub fn is_mip(&self) -> bool {
        self.col_integer.iter().any(|&i| i)
    }

    /// Objective value of `x`, offset included.
    pub fn objective_of(&self, x: &[f64]) -> f64 {
        self.objective_offset + self.col_cost.iter().zip(x).map(|(c, x)| c * x).sum::<f64>()
    }

    /// Appends a row `lo ≤ Σ coef·x ≤ hi` to an assembled LP; `coefs` must be sorted by column
    /// without duplicates. Costs one pass over the matrix.
    pub fn append_row(&mut self, key: R, lo: f64, hi: f64, coefs: &[(Col, f64)]) -> Row {
        debug_assert!(coefs.windows(2).all(|w| w[0].0 < w[1].0), "coefficients sorted by column");
        let row = Row(u32::try_from(self.row_lo.len()).expect("fewer than 2^32 rows"));
        let m = &mut self.matrix;
        let nnz = m.value.len() + coefs.len();
        let mut start = Vec::with_capacity(m.ncols + 1);
        let mut index = Vec::with_capacity(nnz);
        let mut value = Vec::with_capacity(nnz);
        start.push(0);
        let mut next = coefs.iter().peekable();
        for j in 0..m.ncols {
            index.extend_from_slice(&m.index[m.start[j]..m.start[j + 1]]);
            value.extend_from_slice(&m.value[m.start[j]..m.start[j + 1]]);
            if let Some(&&(c, v)) = next.peek()
                && c.index() == j
            {
                if v != 0.0 {
                    index.push(row.0);
                    value.push(v);
                }
                next.next();
            }
            start.push(index.len());
        }
        m.start = start;
        m.index = index;
        m.value = value;
        m.nrows += 1;
        self.row_lo.push(lo);
        self.row_hi.push(hi);
        self.row_keys.push(key);
        row
    }

    /// Columns in the order they were added, with their handles.
    pub fn cols(&self) -> impl ExactSizeIterator<Item = Col> + use<C, R> {
        (0..self.ncols() as u32).map(Col)
    }

    pub fn rows(&self) -> impl ExactSizeIterator<Item = Row> + use<C, R> {
        (0..self.nrows() as u32).map(Row)
    }
}

/// Collects columns, rows and coefficient triplets, then assembles an [`Lp`].
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn append_row_matches_building_it_in() {
        let mut with = LpBuilder::<u8, u8>::new(Sense::Minimize);
        let mut later = LpBuilder::<u8, u8>::new(Sense::Minimize);
        for b in [&mut with, &mut later] {
            let x = b.add_col(0, 1.0, 0.0, 1.0);
            let y = b.add_col(1, 1.0, 0.0, 1.0);
            let z = b.add_col(2, 1.0, 0.0, 1.0);
            let r = b.add_row(0, 1.0, 2.0);
            b.add_coef(r, x, 1.0);
            b.add_coef(r, z, 2.0);
            let _ = y;
        }
        let r1 = with.add_row(1, 0.0, 5.0);
        with.add_coef(r1, Col(1), 3.0);
        with.add_coef(r1, Col(2), 4.0);
        let with = with.build();
        let mut later = later.build();
        later.append_row(1, 0.0, 5.0, &[(Col(1), 3.0), (Col(2), 4.0)]);
        assert_eq!(with.matrix, later.matrix);
        assert_eq!(with.row_hi, later.row_hi);
    }
}

#[derive(Clone, Debug)]
pub struct LpBuilder<C, R> {
    lp: Lp<C, R>,
    trip_row: Vec<u32>,
    trip_col: Vec<u32>,
    trip_val: Vec<f64>,
}

impl<C, R> LpBuilder<C, R> {
    pub fn new(sense: Sense) -> Self {
        LpBuilder {
            lp: Lp {
                sense,
                objective_offset: 0.0,
                col_cost: Vec::new(),
                col_lo: Vec::new(),
                col_hi: Vec::new(),
                col_integer: Vec::new(),
                row_lo: Vec::new(),
                row_hi: Vec::new(),
                matrix: CscMatrix::default(),
                col_keys: Vec::new(),
                row_keys: Vec::new(),
            },
            trip_row: Vec::new(),
            trip_col: Vec::new(),
            trip_val: Vec::new(),
        }
    }

    /// Reserves room for about `cols` columns, `rows` rows and `nnz` coefficients.
    pub fn reserve(&mut self, cols: usize, rows: usize, nnz: usize) {
        self.lp.col_cost.reserve(cols);
        self.lp.col_lo.reserve(cols);
        self.lp.col_hi.reserve(cols);
        self.lp.col_integer.reserve(cols);
        self.lp.col_keys.reserve(cols);
        self.lp.row_lo.reserve(rows);
        self.lp.row_hi.reserve(rows);
        self.lp.row_keys.reserve(rows);
        self.trip_row.reserve(nnz);
        self.trip_col.reserve(nnz);
        self.trip_val.reserve(nnz);
    }

    pub fn add_col(&mut self, key: C, cost: f64, lo: f64, hi: f64) -> Col {
        let col = Col(u32::try_from(self.lp.col_cost.len()).expect("fewer than 2^32 columns"));
        self.lp.col_cost.push(cost);
        self.lp.col_lo.push(lo);
        self.lp.col_hi.push(hi);
        self.lp.col_integer.push(false);
        self.lp.col_keys.push(key);
        col
    }

    pub fn set_integer(&mut self, col: Col) {
        self.lp.col_integer[col.index()] = true;
    }

    pub fn add_row(&mut self, key: R, lo: f64, hi: f64) -> Row {
        let row = Row(u32::try_from(self.lp.row_lo.len()).expect("fewer than 2^32 rows"));
        self.lp.row_lo.push(lo);
        self.lp.row_hi.push(hi);
        self.lp.row_keys.push(key);
        row
    }

    /// Adds `value` to the coefficient of `col` in `row`.
    #[inline]
    pub fn add_coef(&mut self, row: Row, col: Col, value: f64) {
        self.trip_row.push(row.0);
        self.trip_col.push(col.0);
        self.trip_val.push(value);
    }

    pub fn add_cost(&mut self, col: Col, cost: f64) {
        self.lp.col_cost[col.index()] += cost;
    }

    pub fn set_row_bounds(&mut self, row: Row, lo: f64, hi: f64) {
        self.lp.row_lo[row.index()] = lo;
        self.lp.row_hi[row.index()] = hi;
    }

    pub fn set_objective_offset(&mut self, offset: f64) {
        self.lp.objective_offset = offset;
    }

    pub fn ncols(&self) -> usize {
        self.lp.col_cost.len()
    }

    pub fn nrows(&self) -> usize {
        self.lp.row_lo.len()
    }

    /// The LP, with every vector trimmed to its length: the builder's growth can leave up to
    /// half of a vector's capacity unused, and the LP lives through the whole solve.
    pub fn build(self) -> Lp<C, R> {
        let LpBuilder { mut lp, trip_row, trip_col, trip_val } = self;
        lp.matrix =
            CscMatrix::from_triplets(lp.row_lo.len(), lp.col_cost.len(), &trip_row, &trip_col, &trip_val);
        drop((trip_row, trip_col, trip_val));
        lp.col_cost.shrink_to_fit();
        lp.col_lo.shrink_to_fit();
        lp.col_hi.shrink_to_fit();
        lp.col_integer.shrink_to_fit();
        lp.col_keys.shrink_to_fit();
        lp.row_lo.shrink_to_fit();
        lp.row_hi.shrink_to_fit();
        lp.row_keys.shrink_to_fit();
        lp
    }
}
