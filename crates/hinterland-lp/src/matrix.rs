//! Compressed sparse column matrix built from triplets.

/// A sparse matrix stored by columns: the entries of column `j` are
/// `index[start[j]..start[j+1]]` (row numbers, increasing) with `value[..]`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CscMatrix {
    pub nrows: usize,
    pub ncols: usize,
    pub start: Vec<usize>,
    pub index: Vec<u32>,
    pub value: Vec<f64>,
}

impl CscMatrix {
    /// Builds the matrix from `(row, col, value)` triplets by a counting sort on columns.
    /// Duplicate `(row, col)` entries are summed; exact zeros are dropped.
    pub fn from_triplets(nrows: usize, ncols: usize, rows: &[u32], cols: &[u32], vals: &[f64]) -> Self {
        assert!(rows.len() == cols.len() && cols.len() == vals.len(), "triplet arrays differ in length");
        let mut count = vec![0usize; ncols + 1];
        for &c in cols {
            count[c as usize + 1] += 1;
        }
        for j in 0..ncols {
            count[j + 1] += count[j];
        }
        let mut next = count.clone();
        let mut index = vec![0u32; vals.len()];
        let mut value = vec![0f64; vals.len()];
        for k in 0..vals.len() {
            let c = cols[k] as usize;
            let slot = next[c];
            next[c] += 1;
            index[slot] = rows[k];
            value[slot] = vals[k];
        }
        // Sort each column by row and merge duplicates.
        let mut start = Vec::with_capacity(ncols + 1);
        start.push(0);
        let mut out = 0usize;
        let mut scratch: Vec<(u32, f64)> = Vec::new();
        for j in 0..ncols {
            scratch.clear();
            scratch.extend((count[j]..count[j + 1]).map(|k| (index[k], value[k])));
            let sorted = scratch.windows(2).all(|w| w[0].0 < w[1].0);
            if !sorted {
                scratch.sort_by_key(|e| e.0);
            }
            let mut i = 0;
            while i < scratch.len() {
                let (r, mut v) = scratch[i];
                i += 1;
                while i < scratch.len() && scratch[i].0 == r {
                    v += scratch[i].1;
                    i += 1;
                }
                if v != 0.0 {
                    index[out] = r;
                    value[out] = v;
                    out += 1;
                }
            }
            start.push(out);
        }
        index.truncate(out);
        value.truncate(out);
        index.shrink_to_fit();
        value.shrink_to_fit();
        CscMatrix { nrows, ncols, start, index, value }
    }

    pub fn nnz(&self) -> usize {
        self.value.len()
    }

    /// Entries of column `j` as `(row, value)`.
    pub fn column(&self, j: usize) -> impl Iterator<Item = (usize, f64)> + '_ {
        let range = self.start[j]..self.start[j + 1];
        self.index[range.clone()].iter().zip(&self.value[range]).map(|(&r, &v)| (r as usize, v))
    }

    /// `A x`.
    pub fn mul_vec(&self, x: &[f64]) -> Vec<f64> {
        let mut y = vec![0.0; self.nrows];
        for (j, &xj) in x.iter().enumerate().take(self.ncols) {
            if xj != 0.0 {
                for (r, v) in self.column(j) {
                    y[r] += v * xj;
                }
            }
        }
        y
    }

    /// `Aᵀ y`.
    pub fn mul_transpose_vec(&self, y: &[f64]) -> Vec<f64> {
        (0..self.ncols).map(|j| self.column(j).map(|(r, v)| v * y[r]).sum()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn triplets_are_sorted_and_merged() {
        // [[1, 0], [2, 3]] with the (1,0) entry given in two parts and an explicit zero.
        let m =
            CscMatrix::from_triplets(2, 2, &[1, 0, 1, 1, 0], &[0, 0, 1, 0, 1], &[1.5, 1.0, 3.0, 0.5, 0.0]);
        assert_eq!(m.start, vec![0, 2, 3]);
        assert_eq!(m.index, vec![0, 1, 1]);
        assert_eq!(m.value, vec![1.0, 2.0, 3.0]);
        assert_eq!(m.mul_vec(&[1.0, 1.0]), vec![1.0, 5.0]);
        assert_eq!(m.mul_transpose_vec(&[1.0, 1.0]), vec![3.0, 3.0]);
    }
}
