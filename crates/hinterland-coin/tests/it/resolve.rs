//! Resolvers (`Solver::resolver`): a series of LPs with one matrix and edited bounds and costs,
//! solved on one kept model, must give what a fresh solve from the same basis gives; a kept
//! basis must be used; an LP with another matrix must be loaded afresh.

use hinterland_coin::{Cbc, Clp, read_mps};
use hinterland_lp::{Algorithm, Lp, Resolver, Sense, SolveOptions, Solver, SolverError, Status};

use crate::{assert_clean, assert_rel, netlib_dir};

/// The edits of the confirmations and more: raise a row's upper bound, lower a row's lower
/// bound, tighten a column, change costs, flip the sense; each applied to the base LP.
fn edits(lp: &Lp<String, String>) -> Vec<(String, Lp<String, String>)> {
    let mut out = Vec::new();
    let finite_hi: Vec<usize> = (0..lp.nrows()).filter(|&i| lp.row_hi[i].is_finite()).take(4).collect();
    for &i in &finite_hi {
        let mut e = lp.clone();
        e.row_hi[i] += 0.1 * (1.0 + e.row_hi[i].abs());
        out.push((format!("row {i} raised"), e));
    }
    if let Some(i) = (0..lp.nrows()).find(|&i| lp.row_lo[i].is_finite() && lp.row_lo[i] < lp.row_hi[i]) {
        let mut e = lp.clone();
        e.row_lo[i] -= 1.0;
        out.push((format!("row {i} lowered"), e));
    }
    let mut e = lp.clone();
    for (j, c) in e.col_cost.iter_mut().enumerate().filter(|(j, _)| j % 3 == 0) {
        *c *= 1.0 + 0.01 * (j % 7) as f64;
    }
    out.push(("costs changed".into(), e));
    if let Some(j) = (0..lp.ncols()).find(|&j| lp.col_hi[j].is_infinite() && lp.col_lo[j] == 0.0) {
        let mut e = lp.clone();
        e.col_hi[j] = 1.0;
        out.push((format!("column {j} capped"), e));
    }
    let mut e = lp.clone();
    e.sense = match e.sense {
        Sense::Minimize => Sense::Maximize,
        Sense::Maximize => Sense::Minimize,
    };
    e.col_cost.iter_mut().for_each(|c| *c = -*c);
    out.push(("sense flipped, costs negated".into(), e));
    out
}

/// Every edit, solved by one resolver from the base optimum's basis, against a fresh solve
/// with the same options; then the base LP again with no basis given (the kept one is used).
fn resolver_agrees_with_fresh_solves<S: Solver>(solver: &S) {
    for name in ["AFIRO", "SC50A", "ADLITTLE", "SHARE2B"] {
        let lp = read_mps(netlib_dir().join(format!("{name}.SIF"))).unwrap();
        let base = solver.solve(&lp, &SolveOptions::default()).unwrap();
        assert_clean(&lp, &base);
        let warm = SolveOptions {
            algorithm: Algorithm::DualSimplex,
            warm_start: base.basis.clone(),
            ..SolveOptions::default()
        };
        let mut resolver = solver.resolver();
        for (what, edited) in edits(&lp) {
            let what = format!("{} {name}, {what}", solver.name());
            let fresh = solver.solve(&edited, &warm).unwrap();
            let kept = resolver.solve(&edited, &warm).unwrap();
            assert_eq!(kept.status, fresh.status, "{what}");
            if fresh.status == Status::Optimal {
                assert_clean(&edited, &kept);
                assert_rel(kept.objective, fresh.objective, 1e-9, &what);
            }
        }
        // The base LP again, no basis given: the resolver starts from the basis of its last
        // solve. Solving it a second time starts at its optimum and pivots no more.
        let again = resolver.solve(&lp, &SolveOptions::default()).unwrap();
        assert_clean(&lp, &again);
        assert_rel(again.objective, base.objective, 1e-9, name);
        let third = resolver.solve(&lp, &SolveOptions::default()).unwrap();
        assert_rel(third.objective, base.objective, 1e-9, name);
        assert_eq!(third.iterations, 0, "{} {name}: the kept basis is optimal", solver.name());
    }
}

/// An LP with another matrix is loaded afresh: same answer as a fresh cold solve.
fn resolver_reloads_another_matrix<S: Solver>(solver: &S) {
    let adlittle = read_mps(netlib_dir().join("ADLITTLE.SIF")).unwrap();
    let mut scaled = adlittle.clone();
    scaled.matrix.value[0] *= 1.5;
    let afiro = read_mps(netlib_dir().join("AFIRO.SIF")).unwrap();
    let mut resolver = solver.resolver();
    for (what, lp) in [("ADLITTLE", &adlittle), ("one coefficient changed", &scaled), ("AFIRO", &afiro)] {
        let fresh = solver.solve(lp, &SolveOptions::default()).unwrap();
        let kept = resolver.solve(lp, &SolveOptions::default()).unwrap();
        assert_clean(lp, &kept);
        assert_rel(kept.objective, fresh.objective, 1e-9, &format!("{} {what}", solver.name()));
    }
    let fresh_adlittle = solver.solve(&adlittle, &SolveOptions::default()).unwrap();
    let scaled_opt = solver.solve(&scaled, &SolveOptions::default()).unwrap();
    assert!(
        (fresh_adlittle.objective - scaled_opt.objective).abs() > 1e-6 * fresh_adlittle.objective.abs(),
        "the changed coefficient must change the optimum, or this test proves nothing"
    );
}

/// A NaN bound is an error, and the resolver goes on working afterwards.
fn resolver_survives_bad_input<S: Solver>(solver: &S) {
    let lp = read_mps(netlib_dir().join("SC50A.SIF")).unwrap();
    let mut resolver = solver.resolver();
    let first = resolver.solve(&lp, &SolveOptions::default()).unwrap();
    let mut bad = lp.clone();
    bad.row_hi[3] = f64::NAN;
    let err = resolver.solve(&bad, &SolveOptions::default()).unwrap_err();
    assert!(matches!(err, SolverError::Unsupported { .. }), "{err}");
    let after = resolver.solve(&lp, &SolveOptions::default()).unwrap();
    assert_clean(&lp, &after);
    assert_rel(after.objective, first.objective, 1e-9, "after a refused LP");
}

#[test]
fn clp_resolver_agrees_with_fresh_solves() {
    resolver_agrees_with_fresh_solves(&Clp);
    resolver_reloads_another_matrix(&Clp);
    resolver_survives_bad_input(&Clp);
}

#[test]
fn reload_resolver_agrees_with_fresh_solves() {
    // Cbc's resolver loads each LP afresh and passes the last basis on.
    resolver_agrees_with_fresh_solves(&Cbc);
    resolver_reloads_another_matrix(&Cbc);
    resolver_survives_bad_input(&Cbc);
}

#[cfg(feature = "highs")]
#[test]
fn highs_resolver_agrees_with_fresh_solves() {
    use hinterland_coin::Highs;
    resolver_agrees_with_fresh_solves(&Highs);
    resolver_reloads_another_matrix(&Highs);
    resolver_survives_bad_input(&Highs);
}

#[cfg(feature = "highs")]
#[test]
fn highs_resolver_runs_the_barrier_after_a_simplex_solve() {
    use hinterland_coin::Highs;
    let lp = read_mps(netlib_dir().join("ADLITTLE.SIF")).unwrap();
    let mut resolver = Highs.resolver();
    let simplex = resolver.solve(&lp, &SolveOptions::default()).unwrap();
    let barrier = SolveOptions { algorithm: Algorithm::Barrier, ..SolveOptions::default() };
    let ipm = resolver.solve(&lp, &barrier).unwrap();
    assert_clean(&lp, &ipm);
    assert_rel(ipm.objective, simplex.objective, 1e-9, "barrier after simplex");
    // HiGHS runs IPX when asked, whatever basis it keeps: from the kept optimal basis its
    // simplex would pivot 0 times.
    assert!(ipm.iterations > 0, "the barrier ran ({} iterations)", ipm.iterations);
}

/// Going back to a marked optimum: every edit re-solved from the mark agrees with a fresh
/// solve, and after each the base LP from the mark needs no pivots, while from where the edit
/// stopped (the same edit solved again, without going back) it needs some for some edit: so
/// going back, not luck, is what is measured. The mark is HiGHS's basis and factorisation,
/// not every detail of its state: the same edit from the mark can pivot a little differently
/// another time (14 and 11 iterations on ADLITTLE), so pivot counts are not compared.
#[cfg(feature = "highs")]
#[test]
fn highs_resolver_goes_back_to_the_mark() {
    use hinterland_coin::Highs;
    let dual = SolveOptions { algorithm: Algorithm::DualSimplex, ..SolveOptions::default() };
    for name in ["AFIRO", "SC50A", "ADLITTLE", "SHARE2B"] {
        let lp = read_mps(netlib_dir().join(format!("{name}.SIF"))).unwrap();
        let mut resolver = Highs.resolver();
        assert!(!resolver.back(), "{name}: nothing to go back to before a solve");
        let base = resolver.solve(&lp, &dual).unwrap();
        assert_clean(&lp, &base);
        assert!(resolver.mark(), "{name}: a simplex optimum can be marked");
        let mut unmarked_pivots = 0;
        for (what, edited) in edits(&lp) {
            let what = format!("{name}, {what}");
            assert!(resolver.back(), "{what}: the mark is kept");
            let kept = resolver.solve(&edited, &dual).unwrap();
            let fresh =
                Highs.solve(&edited, &SolveOptions { warm_start: base.basis.clone(), ..dual.clone() });
            let fresh = fresh.unwrap();
            assert_eq!(kept.status, fresh.status, "{what}");
            if fresh.status == Status::Optimal {
                assert_clean(&edited, &kept);
                assert_rel(kept.objective, fresh.objective, 1e-9, &what);
            }
            assert!(resolver.back());
            let from_mark = resolver.solve(&lp, &dual).unwrap();
            assert_rel(from_mark.objective, base.objective, 1e-9, &what);
            assert_eq!(from_mark.iterations, 0, "{what}: the marked basis is the base optimum");
            resolver.solve(&edited, &dual).unwrap();
            let from_last = resolver.solve(&lp, &dual).unwrap();
            assert_rel(from_last.objective, base.objective, 1e-9, &what);
            unmarked_pivots += from_last.iterations;
        }
        assert!(unmarked_pivots > 0, "{name}: some edit must take the basis away from the base optimum");
        // Another matrix is loaded afresh, and the mark goes with the old one.
        let mut other = lp.clone();
        other.matrix.value[0] *= 1.5;
        resolver.solve(&other, &dual).unwrap();
        assert!(!resolver.back(), "{name}: no mark after a reload");
    }
}

/// Clp's resolver factorises at every start, and has no mark to go back to.
#[test]
fn clp_resolver_cannot_mark() {
    let lp = read_mps(netlib_dir().join("AFIRO.SIF")).unwrap();
    let mut resolver = Clp.resolver();
    resolver.solve(&lp, &SolveOptions::default()).unwrap();
    assert!(!resolver.mark());
    assert!(!resolver.back());
}
