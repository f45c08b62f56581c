//! Warm starts: solve, add a row that cuts off the optimum, and restart from the old basis.

use hinterland_coin::{Clp, read_mps};
use hinterland_lp::{Algorithm, Basis, BasisStatus, CscMatrix, Lp, SolveOptions, Solver, SolverError};

use crate::{assert_clean, assert_rel, netlib_dir};

/// `lp` with one more row `lo ≤ Σ coef·x ≤ hi`.
fn with_row(lp: &Lp<String, String>, coefs: &[(usize, f64)], lo: f64, hi: f64) -> Lp<String, String> {
    let mut rows = Vec::new();
    let mut cols = Vec::new();
    let mut vals = Vec::new();
    for j in 0..lp.ncols() {
        for (r, v) in lp.matrix.column(j) {
            rows.push(r as u32);
            cols.push(j as u32);
            vals.push(v);
        }
    }
    let new = lp.nrows() as u32;
    for &(j, v) in coefs {
        rows.push(new);
        cols.push(j as u32);
        vals.push(v);
    }
    let mut out = lp.clone();
    out.row_lo.push(lo);
    out.row_hi.push(hi);
    out.row_keys.push("cut".into());
    out.matrix = CscMatrix::from_triplets(lp.nrows() + 1, lp.ncols(), &rows, &cols, &vals);
    out
}

#[test]
fn warm_start_after_adding_a_row() {
    for name in ["AFIRO", "SC50A", "ADLITTLE", "SHARE2B"] {
        let lp = read_mps(netlib_dir().join(format!("{name}.SIF"))).unwrap();
        let first = Clp.solve(&lp, &SolveOptions::default()).unwrap();
        assert_clean(&lp, &first);

        // Cut off the optimum: the largest positive column may keep only 90% of its value.
        let (j, xj) =
            first.x.iter().copied().enumerate().max_by(|a, b| a.1.total_cmp(&b.1)).expect("columns");
        assert!(xj > 0.0, "{name}");
        let cut = with_row(&lp, &[(j, 1.0)], f64::NEG_INFINITY, 0.9 * xj);

        let cold = Clp.solve(&cut, &SolveOptions::default()).unwrap();
        assert_clean(&cut, &cold);

        // The old basis is documented to extend with basic rows; make that explicit here too.
        let mut basis: Basis = first.basis.clone().expect("clp returns a basis");
        basis.rows.push(BasisStatus::Basic);
        for algorithm in [Algorithm::Automatic, Algorithm::DualSimplex, Algorithm::PrimalSimplex] {
            let opts = SolveOptions { algorithm, warm_start: Some(basis.clone()), ..SolveOptions::default() };
            let warm = Clp.solve(&cut, &opts).unwrap();
            assert_clean(&cut, &warm);
            assert_rel(warm.objective, cold.objective, 1e-8, &format!("{name} {algorithm:?}"));
            println!(
                "{name}: cold {} iterations, warm {algorithm:?} {} iterations",
                cold.iterations, warm.iterations
            );
            // The old optimum is cut off, so the solver must pivot at least once, and the count
            // covers every Clp call of the solve, not just the last.
            assert!(warm.iterations > 0, "{name} {algorithm:?}");
            if algorithm != Algorithm::PrimalSimplex {
                assert!(warm.iterations <= cold.iterations, "{name} {algorithm:?}");
            }
        }

        // A basis one row short is extended with a basic row by the solver itself.
        let short = SolveOptions { warm_start: first.basis.clone(), ..SolveOptions::default() };
        let warm = Clp.solve(&cut, &short).unwrap();
        assert_rel(warm.objective, cold.objective, 1e-8, name);
    }
}

#[test]
fn warm_start_from_the_optimal_basis_needs_no_iterations() {
    let lp = read_mps(netlib_dir().join("ADLITTLE.SIF")).unwrap();
    let first = Clp.solve(&lp, &SolveOptions::default()).unwrap();
    let opts = SolveOptions { warm_start: first.basis.clone(), ..SolveOptions::default() };
    let again = Clp.solve(&lp, &opts).unwrap();
    assert_clean(&lp, &again);
    assert_rel(again.objective, first.objective, 1e-9, "ADLITTLE");
    assert_eq!(again.iterations, 0);
}

#[test]
fn basis_of_the_wrong_size_is_an_error() {
    let lp = read_mps(netlib_dir().join("AFIRO.SIF")).unwrap();
    let basis = Basis { cols: vec![BasisStatus::Basic; 3], rows: vec![] };
    let opts = SolveOptions { warm_start: Some(basis), ..SolveOptions::default() };
    let err = Clp.solve(&lp, &opts).unwrap_err();
    assert!(matches!(err, SolverError::Unsupported { .. }), "{err}");
}

#[test]
fn clp_solves_in_parallel_threads() {
    // Clp models are independent (no lock): concurrent solves must agree.
    let lp = std::sync::Arc::new(read_mps(netlib_dir().join("SHARE2B.SIF")).unwrap());
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let lp = std::sync::Arc::clone(&lp);
            std::thread::spawn(move || Clp.solve(&*lp, &SolveOptions::default()).unwrap())
        })
        .collect();
    for h in handles {
        let sol = h.join().unwrap();
        assert_clean(&lp, &sol);
        assert_rel(sol.objective, -415.732_240_74, 1e-6, "SHARE2B in a thread");
    }
}
